/*
 * test_demo_data.c - the demo centre's data files (data/demo/org.json and
 * data/demo/items.csv, embedded) have the shape of seed 000 (灵川县) and
 * every record in them is valid: counts, unique codes and usernames,
 * window coverage, A/B posts, item validation, step roles held by real
 * staff, the check characters of ID numbers and unified social credit
 * codes; the files load through the importers an administrator uses
 * (org_import, items_import) into a store with the ids the API tests know;
 * the catalogue file is exactly what export-items writes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "demo/demo_data.h"
#include "domain/item.h"
#include "domain/role.h"
#include "export/item_codec.h"
#include "export/org_codec.h"
#include "service/catalogue.h"
#include "service/org_import.h"
#include "store/store.h"
#include "util/gh_err.h"

extern const char *const embedded_demo_org_json;
extern const unsigned long embedded_demo_org_json_len;
extern const char *const embedded_demo_items_csv;
extern const unsigned long embedded_demo_items_csv_len;

/* ---- independent check-character implementations ---- */

static char gb11643_check(const char *d17)
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5,
		8, 4, 2};
	int sum = 0;

	for (int i = 0; i < 17; i++)
		sum += (d17[i] - '0') * w[i];
	return "10X98765432"[sum % 11];
}

static int base36(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return -1;
}

/* GB 11714 organisation code: 8 characters and a check character. */
static int org_code_valid(const char *s)
{
	static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0, c;

	for (int i = 0; i < 8; i++) {
		int v = base36(s[i]);

		if (v < 0)
			return 0;
		sum += v * w[i];
	}
	c = 11 - sum % 11;
	return s[8] == (c == 10 ? 'X' : c == 11 ? '0' : '0' + c);
}

/* GB 32100 unified social credit code. */
static int uscc_valid(const char *s)
{
	static const char cs[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	int sum = 0, w = 1;

	if (strlen(s) != 18)
		return 0;
	for (int i = 0; i < 17; i++) {
		const char *p = strchr(cs, s[i]);

		if (!p || s[i] == '\0')
			return 0;
		sum += (int)(p - cs) * w;
		w = w * 3 % 31;
	}
	return s[17] == cs[(31 - sum % 31) % 31];
}

/* ---- shared fixture: the two files, parsed once per test ---- */

struct fixture {
	struct org_file *org;
	struct item *items;
	size_t n;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_int_equal(demo_org(&f->org), 0);
	assert_int_equal(demo_items(&f->items, &f->n), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	org_file_free(f->org);
	items_free(f->items, f->n);
	free(f);
	return 0;
}

static int dept_of_code(const struct org_file *o, const char *code)
{
	for (size_t i = 0; i < o->n_depts; i++)
		if (strcmp(o->depts[i].code, code) == 0)
			return (int)i;
	return -1;
}

static int dept_has_role(const struct org_file *o, int dept, int role)
{
	for (size_t i = 0; i < o->n_staff; i++)
		if (o->staff[i].dept == dept && o->staff[i].role == role)
			return 1;
	return 0;
}

static int has_reviewer_step(const struct item *it)
{
	for (size_t k = 0; k < it->n_steps; k++)
		if (it->steps[k].role == ROLE_REVIEWER)
			return 1;
	return 0;
}

/* ---- tests ---- */

static void test_demo_regions_are_a_county_tree(void **state)
{
	struct fixture *f = *state;
	const struct org_region *r = f->org->regions;
	size_t n = f->org->n_regions;
	int per_level[LV_COUNT_] = {0};

	for (size_t i = 0; i < n; i++) {
		assert_int_equal(strlen(r[i].code), 12);
		for (size_t k = 0; k < 12; k++)
			assert_true(r[i].code[k] >= '0' && r[i].code[k] <= '9');
		for (size_t j = 0; j < i; j++) {
			assert_string_not_equal(r[i].code, r[j].code);
			assert_string_not_equal(r[i].name, r[j].name);
		}
		assert_true(r[i].level >= LV_CITY && r[i].level <= LV_VILLAGE);
		per_level[r[i].level]++;
		if (r[i].parent < 0) {
			assert_int_equal(r[i].level, LV_CITY);
			continue;
		}
		assert_true((size_t)r[i].parent < i);
		assert_int_equal(r[r[i].parent].level + 1, r[i].level);
		if (r[i].level >= LV_TOWNSHIP)
			assert_memory_equal(r[i].code, "450323", 6);
		if (r[i].level == LV_VILLAGE)
			assert_memory_equal(r[i].code, r[r[i].parent].code, 9);
	}
	assert_int_equal(n, 85);
	assert_int_equal(per_level[LV_CITY], 1);
	assert_int_equal(per_level[LV_COUNTY], 1);
	assert_int_equal(per_level[LV_TOWNSHIP], 9);
	assert_int_equal(per_level[LV_VILLAGE], 74);
	assert_string_equal(r[1].name, "灵川县");
	assert_string_equal(r[1].code, "450323000000");
}

static void test_demo_depts_have_valid_credit_codes(void **state)
{
	struct fixture *f = *state;
	const struct org_dept *d = f->org->depts;
	size_t n = f->org->n_depts;

	assert_int_equal(n, 46);
	for (size_t i = 0; i < n; i++) {
		assert_true(uscc_valid(d[i].code));
		assert_true(org_code_valid(d[i].code + 8));
		assert_memory_equal(d[i].code + 2, "450323", 6);
		assert_int_equal(d[i].region, 1); /* the county */
		assert_true(strlen(d[i].name) > 0);
		assert_true(strlen(d[i].short_name) > 0);
		for (size_t j = 0; j < i; j++) {
			assert_string_not_equal(d[i].code, d[j].code);
			assert_string_not_equal(d[i].name, d[j].name);
			assert_string_not_equal(d[i].short_name, d[j].short_name);
		}
	}
	/* The checker itself rejects a wrong check character. */
	assert_false(uscc_valid("11450323074413692A"));
}

static void test_demo_windows_by_type_cover_every_dept(void **state)
{
	struct fixture *f = *state;
	const struct org_window *w = f->org->windows;
	size_t n = f->org->n_windows, nd = f->org->n_depts;
	int per_type[5] = {0};
	static const char prefix[5] = {0, 'A', 'B', 'C', 'D'};
	int served[64] = {0};

	assert_int_equal(n, 46);
	assert_int_equal(f->org->n_halls, 1);
	for (size_t i = 0; i < n; i++) {
		assert_true(w[i].type >= OW_SOLE && w[i].type <= OW_APPOINTMENT);
		assert_int_equal(w[i].hall, 0);
		per_type[w[i].type]++;
		assert_int_equal(w[i].no[0], prefix[w[i].type]);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(w[i].no, w[j].no);
		for (size_t k = 0; k < w[i].n_depts; k++) {
			assert_true((size_t)w[i].depts[k] < nd);
			for (size_t j = 0; j < k; j++)
				assert_int_not_equal(w[i].depts[j], w[i].depts[k]);
			if (w[i].type == OW_SOLE || w[i].type == OW_GENERAL)
				served[w[i].depts[k]] = 1;
		}
		if (w[i].type == OW_GENERAL)
			assert_in_range(w[i].n_depts, 2, 6);
		else
			assert_int_equal(w[i].n_depts, 1);
		assert_int_equal(org_window_index(f->org, w[i].no), (int)i);
	}
	assert_int_equal(per_type[OW_SOLE], 14);
	assert_int_equal(per_type[OW_GENERAL], 20);
	assert_int_equal(per_type[OW_BANK], 1);
	assert_int_equal(per_type[OW_APPOINTMENT], 11);
	for (size_t d = 0; d < nd; d++)
		assert_true(served[d]);
	assert_int_equal(org_window_index(f->org, "Z99"), -1);
}

static void test_demo_staff_are_131_with_unique_usernames(void **state)
{
	struct fixture *f = *state;
	const struct org_staff *s = f->org->staff;
	size_t n = f->org->n_staff;

	assert_int_equal(n, 131);
	for (size_t i = 0; i < n; i++) {
		char want[24];

		snprintf(want, sizeof(want), "s%03zu", i + 1);
		assert_string_equal(s[i].username, want);
		assert_true(strlen(s[i].name) >= 6); /* 2+ CJK characters */
		assert_int_equal(strlen(s[i].phone), 11);
		assert_int_equal(s[i].phone[0], '1');
		assert_true(s[i].role == ROLE_CLERK || s[i].role == ROLE_CHIEF ||
		    s[i].role == ROLE_REVIEWER);
		assert_true(s[i].dept >= 0 && (size_t)s[i].dept < f->org->n_depts);
		if (s[i].window < 0) {
			assert_int_equal(s[i].role, ROLE_REVIEWER);
			assert_string_equal(s[i].post, "");
		} else {
			assert_true(!strcmp(s[i].post, "A") || !strcmp(s[i].post, "B"));
			assert_true(org_window_serves(f->org, s[i].window, s[i].dept));
		}
		for (size_t j = 0; j < i; j++) {
			assert_string_not_equal(s[i].username, s[j].username);
			assert_string_not_equal(s[i].name, s[j].name);
		}
	}
}

static void test_demo_posts_pair_distinct_staff_of_the_window(void **state)
{
	struct fixture *f = *state;
	const struct org_post *p = f->org->posts;
	const struct org_staff *s = f->org->staff;
	size_t np = f->org->n_posts, ns = f->org->n_staff;
	int posts_of_window[64] = {0};
	int seen[256] = {0};

	assert_int_equal(np, 48);
	for (size_t i = 0; i < np; i++) {
		assert_true(p[i].a_staff >= 0 && p[i].b_staff >= 0);
		assert_int_not_equal(p[i].a_staff, p[i].b_staff);
		assert_int_equal(s[p[i].a_staff].window, p[i].window);
		assert_int_equal(s[p[i].b_staff].window, p[i].window);
		assert_string_equal(s[p[i].a_staff].post, "A");
		assert_string_equal(s[p[i].b_staff].post, "B");
		seen[p[i].a_staff]++;
		seen[p[i].b_staff]++;
		posts_of_window[p[i].window]++;
	}
	for (size_t w = 0; w < f->org->n_windows; w++)
		assert_true(posts_of_window[w] >= 1);
	/* Every window staff member holds exactly one post. */
	for (size_t i = 0; i < ns; i++)
		assert_int_equal(seen[i], s[i].window >= 0 ? 1 : 0);
}

/* Records the API tests and the README know, where they always were. */
static void test_demo_files_keep_the_known_rows_in_order(void **state)
{
	struct fixture *f = *state;
	const struct org_file *o = f->org;
	int scjg = org_dept_index(o, "市场监管局");

	assert_int_equal(scjg, 2);  /* department id 3 */
	assert_string_equal(o->depts[scjg].code, "11450323074413692M");
	assert_int_equal(org_dept_index(o, "11450323074413692M"), scjg);
	assert_string_equal(o->depts[0].short_name, "发改局");
	assert_string_equal(o->depts[45].short_name, "科技局");
	assert_string_equal(o->halls[0].name, "灵川县政务服务中心");
	assert_int_equal(o->halls[0].region, 1);
	assert_string_equal(o->windows[0].no, "A01");
	assert_string_equal(o->windows[14].no, "B01");
	assert_string_equal(o->windows[45].no, "D11");
	assert_string_equal(o->posts[0].name, "A01受理岗1");
	assert_string_equal(o->staff[130].username, "s131");
	assert_string_equal(f->items[0].code, "450323-FGJ-0001");
	assert_string_equal(f->items[f->n - 1].code, "450323-KJJ-0003");
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->items[i].code, "450323-SCJG-0001")) {
			assert_string_equal(f->items[i].name, "食品经营许可(新办)");
			assert_string_equal(f->items[i].dept_code,
			    o->depts[scjg].code);
			return;
		}
	fail_msg("450323-SCJG-0001 missing");
}

static void test_demo_items_counts_and_codes(void **state)
{
	struct fixture *f = *state;
	size_t in_hall = 0, instant = 0;

	assert_int_equal(f->n, 471);
	for (size_t i = 0; i < f->n; i++) {
		in_hall += f->items[i].in_hall;
		instant += f->items[i].instant;
		for (size_t j = 0; j < i; j++) {
			assert_string_not_equal(f->items[i].code,
			    f->items[j].code);
			assert_string_not_equal(f->items[i].name,
			    f->items[j].name);
		}
	}
	assert_int_equal(in_hall, 393);
	/* About 30% are 即办件. */
	assert_in_range(instant, 110, 170);
}

/* The catalogue file is byte for byte what export-items writes of it, so
 * an administrator's export/edit/import cycle meets the same format. */
static void test_demo_items_file_is_the_export_format(void **state)
{
	struct fixture *f = *state;
	size_t len;
	char *csv = items_format_csv(f->items, f->n, &len);

	assert_int_equal(len, embedded_demo_items_csv_len);
	assert_memory_equal(csv, embedded_demo_items_csv, len);
	free(csv);
}

static void test_demo_items_all_valid(void **state)
{
	struct fixture *f = *state;

	for (size_t i = 0; i < f->n; i++) {
		const struct item *it = &f->items[i];
		struct item_errors errs = {0};
		int bad = item_validate(it, (int)i + 1, &errs);

		if (bad)
			print_error("%s %s: %s %s\n", it->code, it->name,
			    errs.v[0].field, errs.v[0].message);
		item_errors_clear(&errs);
		assert_int_equal(bad, 0);
		assert_true(dept_of_code(f->org, it->dept_code) >= 0);
		assert_in_range(it->n_materials, 2, 8);
		assert_true(strchr(it->name, '|') == NULL);
		assert_true(strchr(it->name, ';') == NULL);
		assert_true(it->level == LV_COUNTY || it->level == LV_TOWNSHIP);
		assert_in_range(it->visits, 0, 2);
		assert_int_equal(it->warn_days, -1);
		assert_false(it->retired);
		if (it->instant) {
			assert_in_range(it->promised_limit_days, 0, 1);
		} else {
			int sum = 0;

			assert_true(it->n_steps >= 1);
			for (size_t k = 0; k < it->n_steps; k++)
				sum += it->steps[k].limit_days;
			assert_true(sum <= it->promised_limit_days);
			assert_true(it->promised_limit_days <=
			    it->legal_limit_days);
		}
		for (size_t k = 0; k < it->n_fees; k++)
			assert_true(it->fees[k].amount_fen > 0);
	}
}

static void test_demo_item_step_roles_are_staffed(void **state)
{
	struct fixture *f = *state;

	for (size_t i = 0; i < f->n; i++) {
		const struct item *it = &f->items[i];
		int d = dept_of_code(f->org, it->dept_code);

		for (size_t k = 0; k < it->n_steps; k++) {
			int role = it->steps[k].role;

			/* 受理 is done by whichever clerk sits at a window
			 * serving the department. */
			if (role == ROLE_CLERK)
				continue;
			if (!dept_has_role(f->org, d, role))
				print_error("%s step %s: no %s in dept %d\n",
				    it->code, it->steps[k].name,
				    role_name(role), d);
			assert_true(dept_has_role(f->org, d, role));
		}
	}
}

static void test_demo_market_dept_suits_the_demo_accounts(void **state)
{
	struct fixture *f = *state;
	const struct org_file *o = f->org;
	int scjg = org_dept_index(o, "市场监管局");
	int general = org_window_index(o, "B01");
	int best = -1, best_count = 0, count = 0;
	int per_dept[64] = {0};

	assert_true(scjg >= 0);
	assert_string_equal(o->depts[scjg].name, "灵川县市场监督管理局");
	assert_int_equal(org_dept_index(o, "没有这个局"), -1);
	assert_int_equal(org_dept_index(o, NULL), -1);
	for (size_t i = 0; i < f->n; i++) {
		if (f->items[i].instant || !has_reviewer_step(&f->items[i]))
			continue;
		per_dept[dept_of_code(o, f->items[i].dept_code)]++;
	}
	for (size_t i = 0; i < o->n_depts; i++) {
		if (per_dept[i] > best_count) {
			best = (int)i;
			best_count = per_dept[i];
		}
	}
	count = per_dept[scjg];
	assert_int_equal(best, scjg);
	assert_true(count >= 25);
	assert_true(dept_has_role(o, scjg, ROLE_REVIEWER));
	assert_true(dept_has_role(o, scjg, ROLE_CHIEF));
	assert_true(general >= 0);
	assert_int_equal(o->windows[general].type, OW_GENERAL);
	assert_true(org_window_serves(o, general, scjg));
}

/* Both files through the importers of `govhall import-org` and `govhall
 * import-items` into an empty store: every record lands, with the ids
 * the API tests know; the organisation cannot be imported twice. */
static void test_demo_files_import_into_a_store(void **state)
{
	char dir[] = "/tmp/gh-demo-data-XXXXXX", path[64];
	struct org_apply_opts o = {.now = 1700000000, .pw_hash = ORG_NO_PASSWORD,
		.admin_pw_hash = ORG_NO_PASSWORD};
	struct item_errors errs = {0};
	struct org_counts n;
	struct user_rec u;
	size_t created, updated;
	int64_t id, total, in_hall;
	store *st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/c.db", dir);
	assert_int_equal(store_open(path, &st), 0);
	assert_int_equal(org_import(st, embedded_demo_org_json,
	    embedded_demo_org_json_len, &o, 0, "测试", ROLE_SYSTEM, &errs, &n), 0);
	assert_int_equal(errs.n, 0);
	assert_int_equal(n.regions, 85);
	assert_int_equal(n.depts, 46);
	assert_int_equal(n.halls, 1);
	assert_int_equal(n.windows, 46);
	assert_int_equal(n.staff, 131);
	assert_int_equal(n.posts, 48);
	assert_int_equal(items_import(st, embedded_demo_items_csv,
	    embedded_demo_items_csv_len, true, 1700000000, 0, "测试", ROLE_SYSTEM,
	    &errs, &created, &updated), 0);
	assert_int_equal(created, 471);
	assert_int_equal(updated, 0);
	assert_int_equal(store_items_count(st, &total, &in_hall), 0);
	assert_int_equal(total, 471);
	assert_int_equal(in_hall, 393);
	assert_int_equal(store_dept_by_code(st, "11450323074413692M", &id), 0);
	assert_int_equal(id, 3);
	assert_int_equal(store_user_by_username(st, "s131", &u), 0);
	assert_int_equal(u.id, 131);
	assert_string_equal(u.pw_hash, ORG_NO_PASSWORD);
	/* a second import is refused and writes nothing */
	assert_int_equal(org_import(st, embedded_demo_org_json,
	    embedded_demo_org_json_len, &o, 0, "测试", ROLE_SYSTEM, &errs, &n),
	    GH_ECONFLICT);
	assert_int_equal(errs.n, 1);
	assert_non_null(strstr(errs.v[0].message, "已有组织机构"));
	item_errors_clear(&errs);
	assert_int_equal(store_dept_by_code(st, "11450323074413692M", &id), 0);
	assert_int_equal(id, 3);
	store_close(st);
	for (size_t i = 0; i < 3; i++) {
		static const char *const suffix[] = {"", "-wal", "-shm"};

		snprintf(path, sizeof path, "%s/c.db%s", dir, suffix[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void test_demo_id_numbers_have_valid_check_digits(void **state)
{
	(void)state;
	for (uint32_t seed = 0; seed < 20000; seed++) {
		char id[32];
		int y, m, dd;
		static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31,
			30, 31, 30, 31};

		demo_id_number(seed, id, sizeof(id));
		assert_int_equal(strlen(id), 18);
		assert_memory_equal(id, "450323", 6);
		for (int i = 0; i < 17; i++)
			assert_true(id[i] >= '0' && id[i] <= '9');
		assert_int_equal(id[17], gb11643_check(id));
		y = (id[6] - '0') * 1000 + (id[7] - '0') * 100 +
		    (id[8] - '0') * 10 + (id[9] - '0');
		m = (id[10] - '0') * 10 + (id[11] - '0');
		dd = (id[12] - '0') * 10 + (id[13] - '0');
		assert_in_range(y, 1950, 2005);
		assert_in_range(m, 1, 12);
		assert_in_range(dd, 1, mdays[m - 1]);
		if (m == 2 && dd == 29)
			assert_true(y % 4 == 0);
	}
}

static void test_demo_generators_are_deterministic_and_bounded(void **state)
{
	char a[64], b[64], tiny[4];

	(void)state;
	for (uint32_t seed = 1; seed < 500; seed += 7) {
		demo_person_name(seed, a, sizeof(a));
		demo_person_name(seed, b, sizeof(b));
		assert_string_equal(a, b);
		assert_in_range(strlen(a), 6, 9); /* 2 or 3 characters */
		demo_company_name(seed, a, sizeof(a));
		demo_company_name(seed, b, sizeof(b));
		assert_string_equal(a, b);
		assert_memory_equal(a, "灵川县", strlen("灵川县"));
		assert_non_null(strstr(a, "公司"));
		demo_phone(seed, a, sizeof(a));
		assert_int_equal(strlen(a), 11);
		assert_int_equal(a[0], '1');
	}
	demo_person_name(1, a, sizeof(a));
	demo_person_name(2, b, sizeof(b));
	demo_id_number(3, tiny, sizeof(tiny));
	assert_int_equal(strlen(tiny), 3);
	memset(tiny, 'x', sizeof(tiny));
	demo_company_name(3, tiny, 0);
	assert_int_equal(tiny[0], 'x');
	demo_phone(3, tiny, 1);
	assert_int_equal(tiny[0], '\0');
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_demo_regions_are_a_county_tree),
		T(test_demo_depts_have_valid_credit_codes),
		T(test_demo_windows_by_type_cover_every_dept),
		T(test_demo_staff_are_131_with_unique_usernames),
		T(test_demo_posts_pair_distinct_staff_of_the_window),
		T(test_demo_files_keep_the_known_rows_in_order),
		T(test_demo_items_counts_and_codes),
		T(test_demo_items_file_is_the_export_format),
		T(test_demo_items_all_valid),
		T(test_demo_item_step_roles_are_staffed),
		T(test_demo_market_dept_suits_the_demo_accounts),
		cmocka_unit_test(test_demo_files_import_into_a_store),
		cmocka_unit_test(test_demo_id_numbers_have_valid_check_digits),
		cmocka_unit_test(
		    test_demo_generators_are_deterministic_and_bounded),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
