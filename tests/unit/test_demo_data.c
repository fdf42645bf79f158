/*
 * test_demo_data.c - the demo centre has the shape of seed 000 (灵川县) and
 * every record in it is valid: counts, unique codes and usernames, window
 * coverage, A/B posts, item validation, step roles held by real staff, and
 * the check characters of ID numbers and unified social credit codes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "demo/demo_data.h"
#include "domain/item.h"
#include "domain/role.h"

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

/* ---- shared fixture: the items, built once per test that needs them ---- */

struct items_fixture {
	struct item *items;
	size_t n;
};

static int items_setup(void **state)
{
	struct items_fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	demo_items(&f->items, &f->n);
	*state = f;
	return 0;
}

static int items_teardown(void **state)
{
	struct items_fixture *f = *state;

	for (size_t i = 0; i < f->n; i++)
		item_clear(&f->items[i]);
	free(f->items);
	free(f);
	return 0;
}

static int dept_of_code(const char *code)
{
	size_t nd;
	const struct demo_dept *d = demo_depts(&nd);

	for (size_t i = 0; i < nd; i++)
		if (strcmp(d[i].code, code) == 0)
			return (int)i;
	return -1;
}

static int dept_has_role(int dept, int role)
{
	size_t ns;
	const struct demo_staff *s = demo_staff(&ns);

	for (size_t i = 0; i < ns; i++)
		if (s[i].dept == dept && s[i].role == role)
			return 1;
	return 0;
}

static int window_serves(const struct demo_window *w, int dept)
{
	for (size_t k = 0; k < 8 && w->depts[k] >= 0; k++)
		if (w->depts[k] == dept)
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
	size_t n;
	const struct demo_region *r = demo_regions(&n);
	int per_level[LV_COUNT_] = {0};

	(void)state;
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
	assert_int_equal(per_level[LV_CITY], 1);
	assert_int_equal(per_level[LV_COUNTY], 1);
	assert_int_equal(per_level[LV_TOWNSHIP], 9);
	assert_int_equal(per_level[LV_VILLAGE], 74);
	assert_string_equal(r[1].name, "灵川县");
	assert_string_equal(r[1].code, "450323000000");
}

static void test_demo_depts_have_valid_credit_codes(void **state)
{
	size_t n, nr;
	const struct demo_dept *d = demo_depts(&n);

	(void)state;
	demo_regions(&nr);
	assert_int_equal(n, 46);
	for (size_t i = 0; i < n; i++) {
		assert_true(uscc_valid(d[i].code));
		assert_true(org_code_valid(d[i].code + 8));
		assert_memory_equal(d[i].code + 2, "450323", 6);
		assert_true(d[i].region >= 0 && (size_t)d[i].region < nr);
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
	size_t n, nd;
	const struct demo_window *w = demo_windows(&n);
	int per_type[5] = {0};
	static const char prefix[5] = {0, 'A', 'B', 'C', 'D'};
	int served[64] = {0};

	(void)state;
	demo_depts(&nd);
	assert_int_equal(n, 46);
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;

		assert_true(w[i].type >= DW_SOLE && w[i].type <= DW_APPOINTMENT);
		per_type[w[i].type]++;
		assert_int_equal(w[i].no[0], prefix[w[i].type]);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(w[i].no, w[j].no);
		for (; k < 8 && w[i].depts[k] >= 0; k++) {
			assert_true((size_t)w[i].depts[k] < nd);
			for (size_t j = 0; j < k; j++)
				assert_int_not_equal(w[i].depts[j], w[i].depts[k]);
			if (w[i].type == DW_SOLE || w[i].type == DW_GENERAL)
				served[w[i].depts[k]] = 1;
		}
		assert_true(k < 8); /* -1 terminated */
		if (w[i].type == DW_GENERAL)
			assert_in_range(k, 2, 6);
		else
			assert_int_equal(k, 1);
		assert_int_equal(demo_window_index(w[i].no), (int)i);
	}
	assert_int_equal(per_type[DW_SOLE], 14);
	assert_int_equal(per_type[DW_GENERAL], 20);
	assert_int_equal(per_type[DW_BANK], 1);
	assert_int_equal(per_type[DW_APPOINTMENT], 11);
	for (size_t d = 0; d < nd; d++)
		assert_true(served[d]);
	assert_int_equal(demo_window_index("Z99"), -1);
}

static void test_demo_staff_are_131_with_unique_usernames(void **state)
{
	size_t n, nd, nw;
	const struct demo_staff *s = demo_staff(&n);
	const struct demo_window *w = demo_windows(&nw);

	(void)state;
	demo_depts(&nd);
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
		assert_true(s[i].dept >= 0 && (size_t)s[i].dept < nd);
		if (s[i].window < 0) {
			assert_int_equal(s[i].role, ROLE_REVIEWER);
			assert_int_equal(s[i].post, 0);
		} else {
			assert_true((size_t)s[i].window < nw);
			assert_true(s[i].post == 'A' || s[i].post == 'B');
			assert_true(window_serves(&w[s[i].window], s[i].dept));
		}
		for (size_t j = 0; j < i; j++) {
			assert_string_not_equal(s[i].username, s[j].username);
			assert_string_not_equal(s[i].name, s[j].name);
		}
	}
}

static void test_demo_posts_pair_distinct_staff_of_the_window(void **state)
{
	size_t np, ns, nw;
	const struct demo_post *p = demo_posts(&np);
	const struct demo_staff *s = demo_staff(&ns);
	int posts_of_window[64] = {0};
	int seen[256] = {0};

	(void)state;
	demo_windows(&nw);
	for (size_t i = 0; i < np; i++) {
		assert_true(p[i].window >= 0 && (size_t)p[i].window < nw);
		assert_true(p[i].a_staff >= 0 && (size_t)p[i].a_staff < ns);
		assert_true(p[i].b_staff >= 0 && (size_t)p[i].b_staff < ns);
		assert_int_not_equal(p[i].a_staff, p[i].b_staff);
		assert_int_equal(s[p[i].a_staff].window, p[i].window);
		assert_int_equal(s[p[i].b_staff].window, p[i].window);
		assert_int_equal(s[p[i].a_staff].post, 'A');
		assert_int_equal(s[p[i].b_staff].post, 'B');
		seen[p[i].a_staff]++;
		seen[p[i].b_staff]++;
		posts_of_window[p[i].window]++;
	}
	for (size_t w = 0; w < nw; w++)
		assert_true(posts_of_window[w] >= 1);
	/* Every window staff member holds exactly one post. */
	for (size_t i = 0; i < ns; i++)
		assert_int_equal(seen[i], s[i].window >= 0 ? 1 : 0);
}

static void test_demo_items_counts_and_codes(void **state)
{
	struct items_fixture *f = *state;
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

static void test_demo_items_all_valid(void **state)
{
	struct items_fixture *f = *state;

	for (size_t i = 0; i < f->n; i++) {
		const struct item *it = &f->items[i];
		struct item_errors errs = {0};
		int bad = item_validate(it, (int)i + 1, &errs);

		if (bad)
			print_error("%s %s: %s %s\n", it->code, it->name,
			    errs.v[0].field, errs.v[0].message);
		item_errors_clear(&errs);
		assert_int_equal(bad, 0);
		assert_true(dept_of_code(it->dept_code) >= 0);
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
	struct items_fixture *f = *state;

	for (size_t i = 0; i < f->n; i++) {
		const struct item *it = &f->items[i];
		int d = dept_of_code(it->dept_code);

		for (size_t k = 0; k < it->n_steps; k++) {
			int role = it->steps[k].role;

			/* 受理 is done by whichever clerk sits at a window
			 * serving the department. */
			if (role == ROLE_CLERK)
				continue;
			if (!dept_has_role(d, role))
				print_error("%s step %s: no %s in dept %d\n",
				    it->code, it->steps[k].name,
				    role_name(role), d);
			assert_true(dept_has_role(d, role));
		}
	}
}

static void test_demo_market_dept_suits_the_demo_accounts(void **state)
{
	struct items_fixture *f = *state;
	size_t nd, nw;
	const struct demo_dept *d = demo_depts(&nd);
	const struct demo_window *w = demo_windows(&nw);
	int scjg = demo_dept_index("市场监管局");
	int general = demo_window_index("B01");
	int best = -1, best_count = 0, count = 0;
	int per_dept[64] = {0};

	assert_true(scjg >= 0);
	assert_string_equal(d[scjg].name, "灵川县市场监督管理局");
	assert_int_equal(demo_dept_index("灵川县市场监督管理局"), scjg);
	assert_int_equal(demo_dept_index("没有这个局"), -1);
	assert_int_equal(demo_dept_index(NULL), -1);
	for (size_t i = 0; i < f->n; i++) {
		if (f->items[i].instant || !has_reviewer_step(&f->items[i]))
			continue;
		per_dept[dept_of_code(f->items[i].dept_code)]++;
	}
	for (size_t i = 0; i < nd; i++) {
		if (per_dept[i] > best_count) {
			best = (int)i;
			best_count = per_dept[i];
		}
	}
	count = per_dept[scjg];
	assert_int_equal(best, scjg);
	assert_true(count >= 25);
	assert_true(dept_has_role(scjg, ROLE_REVIEWER));
	assert_true(dept_has_role(scjg, ROLE_CHIEF));
	assert_true(general >= 0);
	assert_int_equal(w[general].type, DW_GENERAL);
	assert_true(window_serves(&w[general], scjg));
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
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_regions_are_a_county_tree),
		cmocka_unit_test(test_demo_depts_have_valid_credit_codes),
		cmocka_unit_test(test_demo_windows_by_type_cover_every_dept),
		cmocka_unit_test(test_demo_staff_are_131_with_unique_usernames),
		cmocka_unit_test(
		    test_demo_posts_pair_distinct_staff_of_the_window),
		cmocka_unit_test_setup_teardown(test_demo_items_counts_and_codes,
		    items_setup, items_teardown),
		cmocka_unit_test_setup_teardown(test_demo_items_all_valid,
		    items_setup, items_teardown),
		cmocka_unit_test_setup_teardown(
		    test_demo_item_step_roles_are_staffed, items_setup,
		    items_teardown),
		cmocka_unit_test_setup_teardown(
		    test_demo_market_dept_suits_the_demo_accounts, items_setup,
		    items_teardown),
		cmocka_unit_test(test_demo_id_numbers_have_valid_check_digits),
		cmocka_unit_test(
		    test_demo_generators_are_deterministic_and_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
