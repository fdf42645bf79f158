/*
 * test_matter.c - the rules of joint matters (domain/matter): the critical
 * path of prerequisites (the joint case needs the longest branch plus its
 * prerequisites, not the sum), which sub-cases may start or never can,
 * when every one is decided, deemed consent, the one material list and
 * the one form, and the validation of a matter against its items.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/form.h"
#include "domain/item.h"
#include "domain/matter.h"
#include "util/gh_err.h"

/* A matter over items A..F (codes "A".."F") with the given edges
 * ("CA": C requires A). */
static struct matter make(size_t n, const char *const *edges, size_t ne)
{
	static char *codes[] = {"A", "B", "C", "D", "E", "F"};
	static struct matter_prereq pre[8];
	struct matter m = {0};

	m.code = "T-1";
	m.name = "测试主题";
	m.lead_dept_code = "D1";
	m.description = "";
	m.item_codes = codes;
	m.n_items = n;
	for (size_t k = 0; k < ne; k++) {
		static char a[8][2], b[8][2];

		a[k][0] = edges[k][0];
		b[k][0] = edges[k][1];
		pre[k] = (struct matter_prereq){a[k], b[k], "《某法》第一条"};
	}
	m.prereqs = pre;
	m.n_prereqs = ne;
	m.promised_limit_days = 30;
	m.legal_limit_days = 45;
	m.deemed_consent = true;
	return m;
}

static void test_critical_path_is_the_longest_branch(void **state)
{
	static const struct {
		size_t n;
		const char *edges[5];
		size_t ne;
		int limits[6];
		int want;
	} rows[] = {
		/* all in parallel: the longest item, not the sum (12, not 26) */
		{3, {0}, 0, {8, 12, 6}, 12},
		/* B after A: 8 + 12, C alongside */
		{3, {"BA"}, 1, {8, 12, 6}, 20},
		/* a chain A <- B <- C */
		{3, {"BA", "CB"}, 2, {8, 12, 6}, 26},
		/* the land-planning-permit chain and two in parallel (demo 0003) */
		{6, {"BA", "CB", "DC"}, 3, {11, 12, 12, 7, 9, 15}, 42},
		/* a join: D after B and C, the longer of them counts */
		{4, {"BA", "DB", "DC"}, 3, {2, 3, 9, 1}, 10},
		/* a cycle */
		{3, {"BA", "AB"}, 2, {1, 1, 1}, -1},
		/* a prerequisite on itself */
		{2, {"AA"}, 1, {1, 1}, -1},
		/* an instant item (0 days) */
		{3, {"BA", "CA"}, 2, {9, 0, 0}, 9},
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct matter m = make(rows[i].n, rows[i].edges, rows[i].ne);

		if (matter_critical_days(&m, rows[i].limits) != rows[i].want)
			fail_msg("row %zu: %d, want %d", i,
			    matter_critical_days(&m, rows[i].limits), rows[i].want);
	}
}

static void test_ready_blocked_and_decided(void **state)
{
	static const char *const edges[] = {"BA", "DB", "DC"};
	struct matter m = make(4, edges, 3);
	int s[4];

	(void)state;
	/* at acceptance: A and C start, B and D wait */
	memcpy(s, (int[]){MS_WAITING, MS_WAITING, MS_WAITING, MS_WAITING},
	    sizeof s);
	assert_true(matter_ready(&m, s, 0));
	assert_false(matter_ready(&m, s, 1));
	assert_true(matter_ready(&m, s, 2));
	assert_false(matter_ready(&m, s, 3));
	/* a running case is not ready again */
	memcpy(s, (int[]){MS_RUNNING, MS_WAITING, MS_RUNNING, MS_WAITING},
	    sizeof s);
	assert_false(matter_ready(&m, s, 0));
	assert_false(matter_ready(&m, s, 1));
	/* A approved: B may start, D still waits for B and C */
	s[0] = MS_APPROVED;
	assert_true(matter_ready(&m, s, 1));
	assert_false(matter_ready(&m, s, 3));
	s[1] = MS_APPROVED;
	assert_false(matter_ready(&m, s, 3));
	s[2] = MS_APPROVED;
	assert_true(matter_ready(&m, s, 3));
	assert_false(matter_all_decided(&m, s));
	/* C refused: D can never start; B is not blocked */
	s[2] = MS_REFUSED;
	s[1] = MS_WAITING;
	assert_true(matter_blocked(&m, s, 3));
	assert_false(matter_blocked(&m, s, 1));
	assert_false(matter_ready(&m, s, 3));
	/* decided: approved or refused, every one */
	memcpy(s, (int[]){MS_APPROVED, MS_REFUSED, MS_APPROVED, MS_REFUSED},
	    sizeof s);
	assert_true(matter_all_decided(&m, s));
	s[3] = MS_RUNNING;
	assert_false(matter_all_decided(&m, s));
}

static void test_deemed_consent(void **state)
{
	static const struct {
		bool on, lead;
		int sub;
		int32_t due, today;
		bool want;
	} rows[] = {
		{true, false, MS_RUNNING, 100, 101, true},   /* past the limit */
		{true, false, MS_RUNNING, 100, 100, false},  /* the last day */
		{true, false, MS_RUNNING, 100, 99, false},
		{false, false, MS_RUNNING, 100, 120, false}, /* not this matter */
		{true, true, MS_RUNNING, 100, 120, false},   /* never the lead */
		{true, false, MS_WAITING, 100, 120, false},  /* not started */
		{true, false, MS_APPROVED, 100, 120, false}, /* decided */
		{true, false, MS_REFUSED, 100, 120, false},
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (matter_deemed_due(rows[i].on, rows[i].lead, rows[i].sub,
		    rows[i].due, rows[i].today) != rows[i].want)
			fail_msg("row %zu", i);
}

/* Two items sharing 营业执照 and the applicant's name field. */
static void two_items(struct item *a, struct item *b)
{
	static struct item_material ma[] = {
		{.name = "申请书", .main = true, .required = true, .form = MF_ORIGINAL,
		    .copies = 1, .template_name = "", .note = ""},
		{.name = "营业执照", .main = false, .required = false,
		    .form = MF_COPY, .copies = 1, .template_name = "", .note = "",
		    .deferrable = true},
	};
	static struct item_material mb[] = {
		{.name = "营业执照", .main = true, .required = true, .form = MF_COPY,
		    .copies = 2, .template_name = "", .note = ""},
		{.name = "平面图", .main = true, .required = true, .form = MF_ORIGINAL,
		    .copies = 1, .template_name = "", .note = ""},
	};
	static struct form_field fa[] = {
		{.key = "name", .label = "名称", .type = FT_TEXT, .required = false,
		    .unit = "", .help = ""},
		{.key = "phone", .label = "电话", .type = FT_PHONE, .required = true,
		    .unit = "", .help = ""},
	};
	static struct form_field fb[] = {
		{.key = "name", .label = "单位名称", .type = FT_TEXT, .required = true,
		    .unit = "", .help = ""},
		{.key = "area", .label = "面积", .type = FT_NUMBER, .required = true,
		    .unit = "平方米", .help = ""},
	};
	static struct form_section sa[] = {{.title = "申请人", .fields = fa,
		.n_fields = 2}};
	static struct form_section sb[] = {{.title = "申请人", .fields = fb,
		.n_fields = 1}, {.title = "场所", .fields = fb + 1, .n_fields = 1}};

	memset(a, 0, sizeof *a);
	memset(b, 0, sizeof *b);
	a->name = "甲";
	b->name = "乙";
	a->materials = ma;
	a->n_materials = 2;
	b->materials = mb;
	b->n_materials = 2;
	a->form = (struct form){sa, 1};
	b->form = (struct form){sb, 2};
}

static void test_one_set_of_materials(void **state)
{
	struct item a, b;
	const struct item *v[2] = {&a, &b};
	struct item_material *u;
	size_t n;

	(void)state;
	two_items(&a, &b);
	matter_union_materials(v, 2, &u, &n);
	assert_int_equal(n, 3);
	assert_string_equal(u[0].name, "申请书");
	assert_string_equal(u[1].name, "营业执照");
	/* a 主件 and required where any item has it so, the most copies, and
	 * deferrable only where every item lets it defer */
	assert_true(u[1].main && u[1].required);
	assert_int_equal(u[1].copies, 2);
	assert_false(u[1].deferrable);
	assert_string_equal(u[2].name, "平面图");
	matter_materials_free(u, n);
}

static void test_one_form(void **state)
{
	struct item a, b;
	const struct item *v[2] = {&a, &b};
	struct form f;
	char why[200];

	(void)state;
	two_items(&a, &b);
	assert_int_equal(matter_union_form(v, 2, &f, why, sizeof why), 0);
	/* 申请人 once, with name (asked once, required) and phone; 场所 */
	assert_int_equal(f.n_sections, 2);
	assert_string_equal(f.sections[0].title, "申请人");
	assert_int_equal(f.sections[0].n_fields, 2);
	assert_string_equal(f.sections[0].fields[0].key, "name");
	assert_true(f.sections[0].fields[0].required);
	assert_string_equal(f.sections[0].fields[0].label, "名称");
	assert_string_equal(f.sections[1].fields[0].key, "area");
	assert_string_equal(f.sections[1].fields[0].unit, "平方米");
	form_clear(&f);
	/* one key, two types: no one form */
	b.form.sections[0].fields[0].type = FT_NUMBER;
	assert_int_equal(matter_union_form(v, 2, &f, why, sizeof why),
	    GH_EUNPROCESSABLE);
	assert_non_null(strstr(why, "name"));
	assert_int_equal(f.n_sections, 0);
	b.form.sections[0].fields[0].type = FT_TEXT;
}

static void test_validate(void **state)
{
	struct item a, b, c;
	const struct item *v[3] = {&a, &b, &c};
	static const char *const edges[] = {"BA"};
	struct item_errors errs = {0};
	struct matter m;

	(void)state;
	two_items(&a, &b);
	memset(&c, 0, sizeof c);
	c.name = "丙";
	a.code = "A", b.code = "B", c.code = "C";
	a.dept_code = "D1", b.dept_code = "D2", c.dept_code = "D2";
	a.promised_limit_days = 8, b.promised_limit_days = 12;
	c.promised_limit_days = 6;
	m = make(3, edges, 1);
	m.promised_limit_days = 20;
	assert_int_equal(matter_validate(&m, v, &errs), 0);
	/* shorter than the critical path 8 + 12 */
	m.promised_limit_days = 19;
	assert_int_equal(matter_validate(&m, v, &errs), 1);
	assert_string_equal(errs.v[0].field, "promised_limit_days");
	item_errors_clear(&errs);
	m.promised_limit_days = 20;
	/* the lead must own one of the items */
	m.lead_dept_code = "D9";
	assert_int_equal(matter_validate(&m, v, &errs), 1);
	assert_string_equal(errs.v[0].field, "lead_dept_code");
	item_errors_clear(&errs);
	m.lead_dept_code = "D1";
	/* one department only */
	a.dept_code = "D2";
	m.lead_dept_code = "D2";
	assert_true(matter_validate(&m, v, &errs) >= 1);
	item_errors_clear(&errs);
	a.dept_code = "D1";
	m.lead_dept_code = "D1";
	/* an unknown item, a retired one */
	v[2] = NULL;
	assert_int_equal(matter_validate(&m, v, &errs), 1);
	assert_string_equal(errs.v[0].field, "item_codes[2]");
	item_errors_clear(&errs);
	v[2] = &c;
	c.retired = true;
	assert_int_equal(matter_validate(&m, v, &errs), 1);
	item_errors_clear(&errs);
	c.retired = false;
	/* a prerequisite without its law, outside the matter, a cycle */
	m.prereqs[0].basis = "";
	assert_int_equal(matter_validate(&m, v, &errs), 1);
	assert_string_equal(errs.v[0].field, "prereqs[0].basis");
	item_errors_clear(&errs);
	m.prereqs[0].basis = "《某法》第一条";
	{
		static const char *const cyc[] = {"BA", "AB"};
		struct matter mc = make(3, cyc, 2);

		mc.promised_limit_days = 40;
		assert_int_equal(matter_validate(&mc, v, &errs), 1);
		assert_string_equal(errs.v[0].field, "prereqs");
		item_errors_clear(&errs);
	}
	/* the legal limit of joint handling */
	m.legal_limit_days = MATTER_LEGAL_MAX + 1;
	assert_true(matter_validate(&m, v, &errs) >= 1);
	assert_string_equal(errs.v[0].field, "legal_limit_days");
	item_errors_clear(&errs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_critical_path_is_the_longest_branch),
		cmocka_unit_test(test_ready_blocked_and_decided),
		cmocka_unit_test(test_deemed_consent),
		cmocka_unit_test(test_one_set_of_materials),
		cmocka_unit_test(test_one_form),
		cmocka_unit_test(test_validate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
