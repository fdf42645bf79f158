/*
 * test_item.c - the service item record of src/domain/item.c: every
 * validation rule (table-driven, boundaries first), enum names and labels,
 * deep copy, equality and the error list.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/item.h"
#include "domain/role.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* A valid 承诺件 with two materials, two steps and one fee. */
static void make_item(struct item *it)
{
	memset(it, 0, sizeof(*it));
	it->code = xstrdup("11450100MB0001-01");
	it->name = xstrdup("食品经营许可");
	it->type = IT_LICENSING;
	it->dept_code = xstrdup("11450100MB1234567X");
	it->level = LV_CITY;
	it->basis = xstrdup("《食品安全法》第三十五条");
	it->conditions = xstrdup("有场所,有人员");
	it->n_materials = 2;
	it->materials = xcalloc(2, sizeof(*it->materials));
	it->materials[0] = (struct item_material){xstrdup("申请书"), true,
	    true, MF_ORIGINAL, 1, xstrdup("申请书.docx"), xstrdup("签字"), false, false};
	it->materials[1] = (struct item_material){xstrdup("营业执照"), false,
	    false, MF_COPY, 2, xstrdup(""), xstrdup(""), false, false};
	it->n_steps = 2;
	it->steps = xcalloc(2, sizeof(*it->steps));
	it->steps[0] = (struct item_step){xstrdup("受理"), ROLE_CLERK, 1};
	it->steps[1] = (struct item_step){xstrdup("审核"), ROLE_REVIEWER, 4};
	it->legal_limit_days = 20;
	it->promised_limit_days = 5;
	it->instant = false;
	it->n_fees = 1;
	it->fees = xcalloc(1, sizeof(*it->fees));
	it->fees[0] = (struct item_fee){xstrdup("工本费"), 1000,
	    xstrdup("桂价费〔2013〕1号")};
	it->result_name = xstrdup("食品经营许可证");
	it->in_hall = true;
	it->online_depth = 3;
	it->visits = 1;
	it->complaint_channel = xstrdup("12345");
	it->consult_phone = xstrdup("0771-1234567");
	it->warn_days = -1;
	it->retired = false;
}

static void replace(char **p, const char *s)
{
	free(*p);
	*p = xstrdup(s);
}

/* Mutations of the valid item, each breaking exactly one rule. */
static void m_code_empty(struct item *it) { replace(&it->code, ""); }
static void m_code_long(struct item *it)
{
	replace(&it->code, "1234567890123456789012345");
}
static void m_code_charset(struct item *it) { replace(&it->code, "A 1"); }
static void m_code_chinese(struct item *it) { replace(&it->code, "编码"); }
static void m_name_empty(struct item *it) { replace(&it->name, ""); }
static void m_name_long(struct item *it)
{
	char buf[201 * 3 + 1] = "";

	for (int i = 0; i < 201; i++)
		memcpy(buf + i * 3, "事", 3);
	buf[201 * 3] = '\0';
	replace(&it->name, buf);
}
static void m_name_utf8(struct item *it) { replace(&it->name, "ab\xC3("); }
static void m_type_zero(struct item *it) { it->type = 0; }
static void m_type_high(struct item *it) { it->type = IT_COUNT_; }
static void m_dept_empty(struct item *it) { replace(&it->dept_code, ""); }
static void m_level(struct item *it) { it->level = LV_COUNT_; }
static void m_basis_utf8(struct item *it) { replace(&it->basis, "\xED\xA0\x80"); }
static void m_legal_high(struct item *it)
{
	it->legal_limit_days = 366;
	it->promised_limit_days = 5;
}
static void m_promised_over_legal(struct item *it)
{
	it->legal_limit_days = 4;
}
static void m_instant_limit(struct item *it)
{
	it->instant = true;
	it->promised_limit_days = 2;
}
static void m_no_steps(struct item *it)
{
	free(it->steps[0].name);
	free(it->steps[1].name);
	free(it->steps);
	it->steps = NULL;
	it->n_steps = 0;
}
static void m_step_sum(struct item *it) { it->steps[1].limit_days = 5; }
static void m_step_role(struct item *it) { it->steps[1].role = 3; }
static void m_step_applicant(struct item *it)
{
	it->steps[0].role = ROLE_APPLICANT;
}
static void m_step_neg(struct item *it) { it->steps[0].limit_days = -1; }
static void m_step_name(struct item *it) { replace(&it->steps[1].name, ""); }
static void m_step_pipe(struct item *it)
{
	replace(&it->steps[1].name, "审|核");
}
static void m_no_materials(struct item *it)
{
	for (size_t i = 0; i < it->n_materials; i++) {
		free(it->materials[i].name);
		free(it->materials[i].template_name);
		free(it->materials[i].note);
	}
	free(it->materials);
	it->materials = NULL;
	it->n_materials = 0;
}
static void m_mat_dup(struct item *it)
{
	replace(&it->materials[1].name, "申请书");
}
static void m_mat_empty(struct item *it)
{
	replace(&it->materials[0].name, "");
}
static void m_mat_copies0(struct item *it) { it->materials[1].copies = 0; }
static void m_mat_copies100(struct item *it)
{
	it->materials[1].copies = 100;
}
static void m_mat_form(struct item *it) { it->materials[0].form = 0; }
static void m_mat_semicolon(struct item *it)
{
	replace(&it->materials[0].name, "申请书;附件");
}
static void m_mat_note_pipe(struct item *it)
{
	replace(&it->materials[1].note, "a|b");
}
static void m_mat_template_space(struct item *it)
{
	replace(&it->materials[0].template_name, "表.docx ");
}
static void m_fee_neg(struct item *it) { it->fees[0].amount_fen = -1; }
static void m_fee_huge(struct item *it)
{
	it->fees[0].amount_fen = ITEM_MAX_FEE_FEN + 1;
}
static void m_fee_name(struct item *it) { replace(&it->fees[0].name, ""); }
static void m_fee_basis(struct item *it)
{
	replace(&it->fees[0].basis, "");
}
static void m_fee_basis_semicolon(struct item *it)
{
	replace(&it->fees[0].basis, "文件一;文件二");
}
static void m_depth0(struct item *it) { it->online_depth = 0; }
static void m_depth5(struct item *it) { it->online_depth = 5; }
static void m_visits(struct item *it) { it->visits = 6; }
static void m_visits_neg(struct item *it) { it->visits = -1; }
static void m_warn_low(struct item *it) { it->warn_days = -2; }
static void m_warn_high(struct item *it) { it->warn_days = 31; }
static void m_phone_utf8(struct item *it)
{
	replace(&it->consult_phone, "\xFF");
}

/* 容缺受理 and 告知承诺制 (issue 11). materials[1] is a 辅件. */
static void m_defer_main(struct item *it)
{
	it->defer_allowed = true;
	it->materials[0].deferrable = true;
	it->materials[1].deferrable = true;
}
static void m_defer_not_allowed(struct item *it)
{
	it->materials[1].deferrable = true;
}
static void m_defer_none(struct item *it) { it->defer_allowed = true; }
static void m_defer_instant(struct item *it)
{
	it->defer_allowed = true;
	it->materials[1].deferrable = true;
	it->instant = true;
	it->promised_limit_days = 1;
	it->steps[1].limit_days = 0;
	it->steps[0].limit_days = 0;
}
static void m_withhold_alone(struct item *it) { it->withhold_result = true; }
static void m_pledge_high_risk(struct item *it)
{
	it->pledge_allowed = true;
	it->materials[1].pledgeable = true;
	it->high_risk = true;
}
static void m_pledge_not_allowed(struct item *it)
{
	it->materials[0].pledgeable = true;
}
static void m_pledge_none(struct item *it) { it->pledge_allowed = true; }

static const struct {
	const char *what;
	void (*mutate)(struct item *it);
	const char *field;
	const char *message_part;
} bad_cases[] = {
	{"empty code", m_code_empty, "code", "不能为空"},
	{"25-char code", m_code_long, "code", "不得超过24个字符"},
	{"code with space", m_code_charset, "code", "只能包含"},
	{"code in Chinese", m_code_chinese, "code", "只能包含"},
	{"empty name", m_name_empty, "name", "不能为空"},
	{"201-char name", m_name_long, "name", "不得超过200个字符(实际201个)"},
	{"name not UTF-8", m_name_utf8, "name", "UTF-8"},
	{"type 0", m_type_zero, "type", "事项类型无效"},
	{"type past end", m_type_high, "type", "事项类型无效"},
	{"empty dept", m_dept_empty, "dept_code", "不能为空"},
	{"bad level", m_level, "level", "行使层级无效"},
	{"surrogate in basis", m_basis_utf8, "basis", "UTF-8"},
	{"legal 366", m_legal_high, "legal_limit_days", "0至365"},
	{"promised > legal", m_promised_over_legal, "promised_limit_days",
	    "承诺时限(5个工作日)不得超过法定时限(4个工作日)"},
	{"即办件 2 days", m_instant_limit, "promised_limit_days",
	    "即办件的承诺时限不得超过1个工作日"},
	{"承诺件 without steps", m_no_steps, "steps", "承诺件至少需要一个审查环节"},
	{"step sum > promised", m_step_sum, "steps",
	    "各环节时限之和(6个工作日)超过承诺时限(5个工作日)"},
	{"step role not a bit", m_step_role, "steps[1].role", "角色无效"},
	{"step role applicant", m_step_applicant, "steps[0].role", "角色无效"},
	{"step limit -1", m_step_neg, "steps[0].limit_days", "0至365"},
	{"step name empty", m_step_name, "steps[1].name", "不能为空"},
	{"step name with |", m_step_pipe, "steps[1].name", "不得包含“|”或“;”"},
	{"no materials", m_no_materials, "materials", "至少需要一项申请材料"},
	{"duplicate material", m_mat_dup, "materials[1].name",
	    "材料名称“申请书”重复"},
	{"empty material name", m_mat_empty, "materials[0].name", "不能为空"},
	{"copies 0", m_mat_copies0, "materials[1].copies", "1至99"},
	{"copies 100", m_mat_copies100, "materials[1].copies", "1至99"},
	{"form 0", m_mat_form, "materials[0].form", "材料形式无效"},
	{"material name with ;", m_mat_semicolon, "materials[0].name",
	    "不得包含“|”或“;”"},
	{"material note with |", m_mat_note_pipe, "materials[1].note",
	    "不得包含"},
	{"template trailing space", m_mat_template_space,
	    "materials[0].template_name", "首尾不得有空白"},
	{"negative fee", m_fee_neg, "fees[0].amount_fen", "不得为负数"},
	{"huge fee", m_fee_huge, "fees[0].amount_fen", "超过上限"},
	{"fee without name", m_fee_name, "fees[0].name", "不能为空"},
	{"fee without basis", m_fee_basis, "fees[0].basis", "收费依据不能为空"},
	{"fee basis with ;", m_fee_basis_semicolon, "fees[0].basis", "不得包含"},
	{"online depth 0", m_depth0, "online_depth", "1至4"},
	{"online depth 5", m_depth5, "online_depth", "1至4"},
	{"visits 6", m_visits, "visits", "0至5"},
	{"visits -1", m_visits_neg, "visits", "0至5"},
	{"warn -2", m_warn_low, "warn_days", "-1"},
	{"warn 31", m_warn_high, "warn_days", "30"},
	{"phone not UTF-8", m_phone_utf8, "consult_phone", "UTF-8"},
	{"deferrable 主件", m_defer_main, "materials[0].deferrable", "主件不得容缺"},
	{"deferrable without 容缺", m_defer_not_allowed,
	    "materials[1].deferrable", "未实行容缺受理"},
	{"容缺 without a deferrable", m_defer_none, "defer_allowed",
	    "至少有一项可容缺"},
	{"容缺 of a 即办件", m_defer_instant, "defer_allowed", "不适用容缺受理"},
	{"withhold without 容缺", m_withhold_alone, "withhold_result",
	    "只有实行容缺受理"},
	{"告知承诺 of a high-risk item", m_pledge_high_risk, "pledge_allowed",
	    "高风险事项"},
	{"pledgeable without 告知承诺", m_pledge_not_allowed,
	    "materials[0].pledgeable", "未实行告知承诺制"},
	{"告知承诺 without a pledgeable", m_pledge_none, "pledge_allowed",
	    "至少有一项可由承诺替代"},
};

static void test_item_valid_item_has_no_errors(void **state)
{
	struct item_errors errs = {0};
	struct item it;

	(void)state;
	make_item(&it);
	assert_int_equal(item_validate(&it, 3, &errs), 0);
	assert_int_equal(errs.n, 0);
	item_clear(&it);
}

static void test_item_boundaries_that_are_valid(void **state)
{
	struct item_errors errs = {0};
	struct item it;
	char name[200 * 3 + 1];

	(void)state;
	make_item(&it);
	replace(&it.code, "123456789012345678901234");
	for (int i = 0; i < 200; i++)
		memcpy(name + i * 3, "事", 3);
	name[600] = '\0';
	replace(&it.name, name);
	it.legal_limit_days = 365;
	it.promised_limit_days = 365;
	it.steps[1].limit_days = 364; /* sum == promised */
	it.online_depth = 4;
	it.visits = 0;
	it.warn_days = 30;
	it.materials[1].copies = 99;
	it.fees[0].amount_fen = 0;
	/* 容缺 of the 辅件, 告知承诺 of either, withheld result */
	it.defer_allowed = it.withhold_result = it.pledge_allowed = true;
	it.materials[1].deferrable = true;
	it.materials[0].pledgeable = it.materials[1].pledgeable = true;
	assert_int_equal(item_validate(&it, 1, &errs), 0);
	it.defer_allowed = it.withhold_result = it.pledge_allowed = false;
	it.materials[1].deferrable = false;
	it.materials[0].pledgeable = it.materials[1].pledgeable = false;
	/* A 即办件 with no steps and a 1-day promise, 0-day legal excluded. */
	it.instant = true;
	it.legal_limit_days = 1;
	it.promised_limit_days = 1;
	m_no_steps(&it);
	it.warn_days = -1;
	it.visits = 5;
	it.online_depth = 1;
	assert_int_equal(item_validate(&it, 1, &errs), 0);
	assert_int_equal(errs.n, 0);
	item_clear(&it);
}

static void test_item_each_broken_rule_is_reported_once_with_field(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		struct item_errors errs = {0};
		struct item it;
		int n;

		make_item(&it);
		bad_cases[i].mutate(&it);
		n = item_validate(&it, 7, &errs);
		if (n != 1 || strcmp(errs.v[0].field, bad_cases[i].field) != 0 ||
		    !strstr(errs.v[0].message, bad_cases[i].message_part)) {
			for (size_t j = 0; j < errs.n; j++)
				print_error("%s: %s %s\n", bad_cases[i].what,
				    errs.v[j].field, errs.v[j].message);
			fail_msg("case \"%s\": %d errors", bad_cases[i].what, n);
		}
		assert_int_equal(errs.n, 1);
		assert_int_equal(errs.v[0].line, 7);
		assert_true(utf8_valid(errs.v[0].message,
		    strlen(errs.v[0].message)));
		item_clear(&it);
		item_errors_clear(&errs);
	}
}

static void test_item_reports_all_errors_not_just_the_first(void **state)
{
	struct item_errors errs = {0};
	struct item it;

	(void)state;
	make_item(&it);
	m_code_empty(&it);
	m_mat_copies0(&it);
	m_fee_neg(&it);
	m_warn_high(&it);
	assert_int_equal(item_validate(&it, 2, &errs), 4);
	assert_int_equal(errs.n, 4);
	assert_string_equal(errs.v[0].field, "code");
	assert_string_equal(errs.v[1].field, "materials[1].copies");
	assert_string_equal(errs.v[2].field, "fees[0].amount_fen");
	assert_string_equal(errs.v[3].field, "warn_days");
	/* NULL errs still counts. */
	assert_int_equal(item_validate(&it, 2, NULL), 4);
	item_clear(&it);
	item_errors_clear(&errs);
}

static void test_item_null_strings_count_as_empty(void **state)
{
	struct item_errors errs = {0};
	struct item it;

	(void)state;
	make_item(&it);
	free(it.basis);
	it.basis = NULL;
	free(it.result_name);
	it.result_name = NULL;
	free(it.materials[0].note);
	it.materials[0].note = NULL;
	assert_int_equal(item_validate(&it, 1, &errs), 0);
	free(it.code);
	it.code = NULL;
	assert_int_equal(item_validate(&it, 1, &errs), 1);
	assert_string_equal(errs.v[0].field, "code");
	item_clear(&it);
	item_errors_clear(&errs);
}

static void test_item_enum_names_and_labels(void **state)
{
	(void)state;
	assert_string_equal(item_type_name(IT_LICENSING), "licensing");
	assert_string_equal(item_type_label(IT_NON_LICENSING), "非行政许可审批");
	assert_string_equal(item_type_label(IT_CONFIRMATION), "行政确认");
	assert_string_equal(item_type_label(IT_BENEFIT), "行政给付");
	assert_string_equal(item_type_name(IT_PUBLIC_SERVICE), "public_service");
	assert_string_equal(item_type_label(IT_OTHER), "其他");
	assert_null(item_type_name(0));
	assert_null(item_type_label(IT_COUNT_));
	assert_string_equal(item_level_name(LV_COUNTY), "county");
	assert_string_equal(item_level_label(LV_TOWNSHIP), "乡镇(街道)级");
	assert_string_equal(item_level_label(LV_VILLAGE), "村(社区)级");
	assert_null(item_level_name(-1));
	assert_string_equal(material_form_name(MF_BOTH), "both");
	assert_string_equal(material_form_label(MF_ELECTRONIC), "电子材料");
	assert_null(material_form_label(MF_COUNT_));

	for (int t = 1; t < IT_COUNT_; t++) {
		assert_int_equal(item_type_from_name(item_type_name(t)), t);
		assert_int_equal(item_type_from_name(item_type_label(t)), t);
	}
	for (int l = 1; l < LV_COUNT_; l++) {
		assert_int_equal(item_level_from_name(item_level_name(l)), l);
		assert_int_equal(item_level_from_name(item_level_label(l)), l);
	}
	for (int f = 1; f < MF_COUNT_; f++) {
		assert_int_equal(material_form_from_name(material_form_name(f)), f);
		assert_int_equal(material_form_from_name(material_form_label(f)),
		    f);
	}
	assert_int_equal(item_level_from_name("市"), LV_CITY);
	assert_int_equal(item_level_from_name("县"), LV_COUNTY);
	assert_int_equal(item_level_from_name("乡镇"), LV_TOWNSHIP);
	assert_int_equal(item_level_from_name("村"), LV_VILLAGE);
	assert_int_equal(item_type_from_name("Licensing"), -1);
	assert_int_equal(item_type_from_name(""), -1);
	assert_int_equal(item_type_from_name(NULL), -1);
	assert_int_equal(item_level_from_name("省级"), -1);
	assert_int_equal(material_form_from_name("扫描件"), -1);
}

static void test_item_copy_is_deep_and_equal(void **state)
{
	struct item a, b;

	(void)state;
	make_item(&a);
	item_copy(&b, &a);
	assert_true(item_equal(&a, &b));
	assert_ptr_not_equal(a.code, b.code);
	assert_ptr_not_equal(a.materials, b.materials);
	assert_ptr_not_equal(a.materials[0].name, b.materials[0].name);
	assert_ptr_not_equal(a.steps[0].name, b.steps[0].name);
	assert_ptr_not_equal(a.fees[0].basis, b.fees[0].basis);
	item_clear(&a);
	/* b survives a's release (ASan would catch a shared pointer). */
	assert_string_equal(b.materials[1].name, "营业执照");
	assert_string_equal(b.fees[0].basis, "桂价费〔2013〕1号");
	item_clear(&b);
}

static void test_item_equal_notices_each_difference(void **state)
{
	struct item a, b;

	(void)state;
	make_item(&a);
	make_item(&b);
	assert_true(item_equal(&a, &b));
	b.materials[1].required = true;
	assert_false(item_equal(&a, &b));
	b.materials[1].required = false;
	b.fees[0].amount_fen++;
	assert_false(item_equal(&a, &b));
	b.fees[0].amount_fen--;
	b.steps[1].role = ROLE_CHIEF;
	assert_false(item_equal(&a, &b));
	b.steps[1].role = ROLE_REVIEWER;
	b.retired = true;
	assert_false(item_equal(&a, &b));
	b.retired = false;
	free(b.basis);
	b.basis = NULL;
	replace(&a.basis, "");
	assert_true(item_equal(&a, &b));
	item_clear(&a);
	item_clear(&b);
}

static void test_item_clear_zeroes_and_accepts_empty(void **state)
{
	struct item it;
	struct item zero;

	(void)state;
	memset(&zero, 0, sizeof(zero));
	make_item(&it);
	item_clear(&it);
	assert_memory_equal(&it, &zero, sizeof(it));
	item_clear(&it); /* twice is fine */
	item_clear(NULL);
}

static void test_item_errors_are_capped_with_a_final_note(void **state)
{
	struct item_errors errs = {0};

	(void)state;
	for (int i = 0; i < ITEM_ERRORS_MAX + 50; i++)
		item_errors_add(&errs, i + 1, "f", "错误%d", i);
	assert_int_equal(errs.n, ITEM_ERRORS_MAX);
	assert_int_equal(errs.v[ITEM_ERRORS_MAX - 2].line, ITEM_ERRORS_MAX - 1);
	assert_int_equal(errs.v[ITEM_ERRORS_MAX - 1].line, 0);
	assert_non_null(strstr(errs.v[ITEM_ERRORS_MAX - 1].message, "错误过多"));
	item_errors_clear(&errs);
	assert_null(errs.v);
	assert_int_equal(errs.n, 0);
	item_errors_add(NULL, 1, "f", "ignored");
}

static void test_item_errors_cut_long_text_at_a_character(void **state)
{
	struct item_errors errs = {0};
	char longtext[400 * 3 + 1];

	(void)state;
	for (int i = 0; i < 400; i++)
		memcpy(longtext + i * 3, "长", 3);
	longtext[1200] = '\0';
	item_errors_add(&errs, 1, longtext, "x%s", longtext);
	assert_true(utf8_valid(errs.v[0].field, strlen(errs.v[0].field)));
	assert_true(utf8_valid(errs.v[0].message, strlen(errs.v[0].message)));
	assert_true(strlen(errs.v[0].message) >= sizeof(errs.v[0].message) - 4);
	assert_true(strlen(errs.v[0].field) >= sizeof(errs.v[0].field) - 4);
	item_errors_clear(&errs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_item_valid_item_has_no_errors),
		cmocka_unit_test(test_item_boundaries_that_are_valid),
		cmocka_unit_test(test_item_each_broken_rule_is_reported_once_with_field),
		cmocka_unit_test(test_item_reports_all_errors_not_just_the_first),
		cmocka_unit_test(test_item_null_strings_count_as_empty),
		cmocka_unit_test(test_item_enum_names_and_labels),
		cmocka_unit_test(test_item_copy_is_deep_and_equal),
		cmocka_unit_test(test_item_equal_notices_each_difference),
		cmocka_unit_test(test_item_clear_zeroes_and_accepts_empty),
		cmocka_unit_test(test_item_errors_are_capped_with_a_final_note),
		cmocka_unit_test(test_item_errors_cut_long_text_at_a_character),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
