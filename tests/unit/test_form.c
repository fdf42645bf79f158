/*
 * test_form.c - unit tests of src/domain/form.c: definition checks with
 * their field paths, and the value check of every field type (canonical
 * value, display, Chinese reason).  Single-threaded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/day.h"
#include "domain/form.h"
#include "util/gh_err.h"

static char *choice_opts[] = {"个人经营", "家庭经营"};

static struct form_field field(const char *key, int type)
{
	struct form_field f;

	memset(&f, 0, sizeof f);
	f.key = (char *)key;
	f.label = (char *)"测试字段";
	f.type = type;
	return f;
}

/* Runs a value; want NULL = refused with a reason containing why_part. */
static void value_is(const struct form_field *f, struct form_input in,
    const char *want_value, const char *want_display, const char *why_part)
{
	char value[FORM_VALUE_CAP], display[FORM_VALUE_CAP], why[256] = "";
	int rc = form_check_value(f, &in, day_from_ymd(2026, 12, 2), value,
	    display, why, sizeof(why));

	if (!want_value) {
		if (rc != GH_EINVAL)
			fail_msg("%s: accepted \"%s\"", f->key, in.text ? in.text : "");
		if (!strstr(why, why_part))
			fail_msg("%s: reason \"%s\", want \"%s\"", f->key, why, why_part);
		return;
	}
	if (rc != 0)
		fail_msg("%s: refused: %s", f->key, why);
	assert_string_equal(value, want_value);
	assert_string_equal(display, want_display);
}

static struct form_input T(const char *s)
{
	struct form_input in = {FI_TEXT, s, 0, 0};
	return in;
}

static struct form_input I(int64_t i)
{
	struct form_input in = {FI_INT, NULL, i, 0};
	return in;
}

static struct form_input R(double r)
{
	struct form_input in = {FI_REAL, NULL, 0, r};
	return in;
}

static const struct form_input NONE = {FI_NONE, NULL, 0, 0};

static void test_form_text_and_address(void **state)
{
	struct form_field f = field("name", FT_TEXT);

	(void)state;
	value_is(&f, T("  张三餐饮店 "), "张三餐饮店", "张三餐饮店", NULL);
	value_is(&f, NONE, "", "", NULL);
	value_is(&f, T("   "), "", "", NULL);
	f.required = true;
	value_is(&f, NONE, NULL, NULL, "请填写测试字段");
	value_is(&f, T(" "), NULL, NULL, "请填写测试字段");
	value_is(&f, I(3), NULL, NULL, "应为文字");
	f.max_len = 3;
	value_is(&f, T("一二三"), "一二三", "一二三", NULL);
	value_is(&f, T("一二三四"), NULL, NULL, "不得超过 3 个字");
	value_is(&f, T("a\x01"), NULL, NULL, "控制字符");
	f = field("addr", FT_ADDRESS);
	value_is(&f, T("南宁市青秀区民族大道 1 号"), "南宁市青秀区民族大道 1 号",
	    "南宁市青秀区民族大道 1 号", NULL);
	value_is(&f, T("第一行\n第二行"), NULL, NULL, "控制字符");
}

static void test_form_number_with_unit_and_limits(void **state)
{
	struct form_field f = field("area_m2", FT_NUMBER);

	(void)state;
	f.unit = (char *)"平方米";
	value_is(&f, I(120), "120", "120 平方米", NULL);
	value_is(&f, R(35.5), "35.5", "35.5 平方米", NULL);
	value_is(&f, T("35.50"), "35.5", "35.5 平方米", NULL);
	value_is(&f, T("-2"), "-2", "-2 平方米", NULL);
	value_is(&f, T("12a"), NULL, NULL, "应为数字");
	value_is(&f, T("1.23456"), NULL, NULL, "应为数字");
	value_is(&f, R(1.23456), NULL, NULL, "4 位小数");
	f.has_min = true;
	f.min = 1;
	f.has_max = true;
	f.max = 500;
	value_is(&f, I(0), NULL, NULL, "不能小于 1");
	value_is(&f, I(501), NULL, NULL, "不能大于 500");
	value_is(&f, I(500), "500", "500 平方米", NULL);
}

static void test_form_money_in_fen(void **state)
{
	struct form_field f = field("capital", FT_MONEY);

	(void)state;
	value_is(&f, I(123456789), "123456789", "1,234,567.89 元", NULL);
	value_is(&f, I(5), "5", "0.05 元", NULL);
	value_is(&f, T("100000"), "100000", "1,000.00 元", NULL);
	value_is(&f, I(-1), NULL, NULL, "不能为负数");
	value_is(&f, R(12.5), NULL, NULL, "以分为单位的整数");
	value_is(&f, T("12.50"), NULL, NULL, "以分为单位的整数");
	f.has_max = true;
	f.max = 100;
	value_is(&f, I(101), NULL, NULL, "不能多于 100 分");
}

static void test_form_date_and_limits(void **state)
{
	struct form_field f = field("start", FT_DATE);

	(void)state;
	value_is(&f, T("2026-02-28"), "2026-02-28", "2026-02-28", NULL);
	value_is(&f, T("2026-02-29"), NULL, NULL, "有效日期");
	value_is(&f, T("2026/02/28"), NULL, NULL, "有效日期");
	value_is(&f, I(20260228), NULL, NULL, "应为文字");
	f.has_min = true;
	f.min = day_from_ymd(2026, 1, 1);
	value_is(&f, T("2025-12-31"), NULL, NULL, "不能早于 2026-01-01");
}

static void test_form_choice(void **state)
{
	struct form_field f = field("kind", FT_CHOICE);

	(void)state;
	f.options = choice_opts;
	f.n_options = 2;
	value_is(&f, T("家庭经营"), "家庭经营", "家庭经营", NULL);
	value_is(&f, T("公司"), NULL, NULL, "给定选项");
}

static void test_form_codes_phone_area(void **state)
{
	struct form_field f = field("id", FT_ID_NUMBER);

	(void)state;
	value_is(&f, T("11010519491231002X"), "11010519491231002X",
	    "11010519491231002X", NULL);
	value_is(&f, T("110105194912310021"), NULL, NULL, "校验码");
	value_is(&f, T("110101202612031231"), NULL, NULL, "晚于今天");
	f = field("uscc", FT_CREDIT_CODE);
	value_is(&f, T("91350100M000100Y43"), "91350100M000100Y43",
	    "91350100M000100Y43", NULL);
	value_is(&f, T("91350100M000100Y44"), NULL, NULL, "校验码");
	f = field("tel", FT_PHONE);
	value_is(&f, T("13812345678"), "13812345678", "13812345678", NULL);
	value_is(&f, T("0771-5551234"), "0771-5551234", "0771-5551234", NULL);
	value_is(&f, T("010-12345678-123"), "010-12345678-123",
	    "010-12345678-123", NULL);
	value_is(&f, T("12812345678"), NULL, NULL, "手机号码");
	value_is(&f, T("0771-0551234"), NULL, NULL, "固定电话");
	value_is(&f, T("5551234"), NULL, NULL, "固定电话");
	f = field("region", FT_AREA);
	value_is(&f, T("450103"), "450103", "450103", NULL);
	value_is(&f, T("青秀区"), NULL, NULL, "行政区划代码");
}

struct collected {
	char paths[16][96];
	int n;
};

static void collect(void *ctx, const char *path, const char *msg)
{
	struct collected *c = ctx;

	(void)msg;
	if (c->n < 16)
		snprintf(c->paths[c->n++], sizeof(c->paths[0]), "%s", path);
}

static bool has_path(const struct collected *c, const char *p)
{
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->paths[i], p))
			return true;
	return false;
}

static void test_form_definition_errors_name_the_path(void **state)
{
	struct form_field good[3], bad[4];
	struct form_section secs[2];
	struct form f = {secs, 2};
	struct collected c = {.n = 0};

	(void)state;
	good[0] = field("name", FT_TEXT);
	good[1] = field("kind", FT_CHOICE);
	good[1].options = choice_opts;
	good[1].n_options = 2;
	good[2] = field("area_m2", FT_NUMBER);
	good[2].unit = (char *)"平方米";
	secs[0].title = (char *)"基本信息";
	secs[0].fields = good;
	secs[0].n_fields = 3;
	secs[1].title = (char *)"其他";
	secs[1].fields = good;
	secs[1].n_fields = 0;
	f.n_sections = 1;
	assert_int_equal(form_validate(&f, "form", collect, &c), 0);

	bad[0] = field("Name", FT_TEXT);             /* upper case */
	bad[1] = field("name", FT_CHOICE);           /* duplicate, no options */
	bad[2] = field("when", FT_DATE);
	bad[2].unit = (char *)"天";                  /* unit on a date */
	bad[2].has_min = bad[2].has_max = true;
	bad[2].min = 10;
	bad[2].max = 5;
	bad[3] = field("x", 99);
	secs[1].fields = bad;
	secs[1].n_fields = 4;
	secs[1].title = (char *)"";
	f.n_sections = 2;
	assert_true(form_validate(&f, "form", collect, &c) >= 6);
	assert_true(has_path(&c, "form.sections[1].title"));
	assert_true(has_path(&c, "form.sections[1].fields[0].key"));
	assert_true(has_path(&c, "form.sections[1].fields[1].key"));
	assert_true(has_path(&c, "form.sections[1].fields[1].options"));
	assert_true(has_path(&c, "form.sections[1].fields[2].unit"));
	assert_true(has_path(&c, "form.sections[1].fields[2].max"));
	assert_true(has_path(&c, "form.sections[1].fields[3].type"));
	/* An empty section is refused too. */
	secs[1].n_fields = 0;
	secs[1].title = (char *)"其他";
	c.n = 0;
	assert_int_equal(form_validate(&f, "form", collect, &c), 1);
	assert_true(has_path(&c, "form.sections[1].fields"));
}

static void test_form_copy_equal_find(void **state)
{
	struct form_field fields[2];
	struct form_section sec;
	struct form f = {&sec, 1}, g;

	(void)state;
	fields[0] = field("name", FT_TEXT);
	fields[1] = field("kind", FT_CHOICE);
	fields[1].options = choice_opts;
	fields[1].n_options = 2;
	sec.title = (char *)"基本信息";
	sec.fields = fields;
	sec.n_fields = 2;
	form_copy(&g, &f);
	assert_true(form_equal(&f, &g));
	assert_int_equal(form_field_count(&g), 2);
	assert_ptr_equal(form_find(&f, "kind"), &fields[1]);
	assert_null(form_find(&f, "nope"));
	g.sections[0].fields[1].required = true;
	assert_false(form_equal(&f, &g));
	form_clear(&g);
	assert_int_equal(g.n_sections, 0);
	assert_int_equal(form_type_from_name("credit_code"), FT_CREDIT_CODE);
	assert_int_equal(form_type_from_name("金额"), FT_MONEY);
	assert_int_equal(form_type_from_name("float"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form_text_and_address),
		cmocka_unit_test(test_form_number_with_unit_and_limits),
		cmocka_unit_test(test_form_money_in_fen),
		cmocka_unit_test(test_form_date_and_limits),
		cmocka_unit_test(test_form_choice),
		cmocka_unit_test(test_form_codes_phone_area),
		cmocka_unit_test(test_form_definition_errors_name_the_path),
		cmocka_unit_test(test_form_copy_equal_find),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
