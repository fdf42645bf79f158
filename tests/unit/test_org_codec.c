/*
 * test_org_codec.c - unit tests of src/export/org_codec.c: a small valid
 * organisation parses with its references resolved; each kind of mistake
 * is refused with GH_EUNPROCESSABLE (GH_EJSON for bad JSON), no output,
 * and a Chinese message naming the record and the field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/role.h"
#include "export/org_codec.h"
#include "util/gh_err.h"
#include "util/utf8.h"

/* A valid file; the cases below replace one piece of it ("@X@" marks). */
#define REGIONS \
	"{\"code\":\"450300000000\",\"name\":\"桂林市\",\"level\":\"city\"}," \
	"{\"code\":\"450323000000\",\"name\":\"灵川县\",\"level\":\"县级\"," \
	"\"parent\":\"450300000000\"}"
#define DEPTS \
	"{\"code\":\"11450323074413692M\",\"name\":\"灵川县市场监督管理局\"," \
	"\"short_name\":\"市场监管局\",\"region\":\"450323000000\"}," \
	"{\"code\":\"11450323074588708H\",\"name\":\"国家税务总局灵川县税务局\"," \
	"\"short_name\":\"税务局\",\"region\":\"450323000000\"}"
#define HALLS \
	"{\"name\":\"中心\",\"region\":\"450323000000\",\"hours\":\"周一至周五\"}"
#define WINDOWS \
	"{\"no\":\"A01\",\"name\":\"市场监管局窗口\",\"type\":\"sole\"," \
	"\"departments\":[\"市场监管局\"]}," \
	"{\"no\":\"B01\",\"name\":\"综合窗口\",\"type\":\"综合窗口\"," \
	"\"departments\":[\"11450323074413692M\",\"税务局\"]}"
#define STAFF \
	"{\"username\":\"s001\",\"name\":\"张伟\",\"role\":\"chief\"," \
	"\"department\":\"市场监管局\",\"window\":\"B01\",\"post\":\"A\"}," \
	"{\"username\":\"s002\",\"name\":\"李娜\",\"role\":\"clerk\"," \
	"\"department\":\"税务局\",\"window\":\"B01\",\"post\":\"B\"," \
	"\"phone\":\"13900000000\"}," \
	"{\"username\":\"s003\",\"name\":\"王芳\",\"role\":\"reviewer\"," \
	"\"department\":\"市场监管局\"}," \
	"{\"username\":\"boss\",\"name\":\"赵管理\",\"role\":\"admin\"}"
#define POSTS \
	"{\"window\":\"B01\",\"name\":\"B01受理岗1\",\"a\":\"s001\",\"b\":\"s002\"}"

static char *file_with(const char *regions, const char *depts,
    const char *halls, const char *windows, const char *staff,
    const char *posts, const char *extra)
{
	char *s;
	size_t cap = 8192;

	s = malloc(cap);
	assert_non_null(s);
	snprintf(s, cap, "{\"regions\":[%s],\"departments\":[%s],\"halls\":[%s],"
	    "\"windows\":[%s],\"staff\":[%s],\"posts\":[%s]%s}", regions, depts,
	    halls, windows, staff, posts, extra);
	return s;
}

static void test_org_valid_file_resolves_references(void **state)
{
	char *s = file_with(REGIONS, DEPTS, HALLS, WINDOWS, STAFF, POSTS, "");
	struct item_errors errs = {0};
	struct org_file *f = NULL;

	(void)state;
	assert_int_equal(org_parse_json(s, strlen(s), &f, &errs), 0);
	assert_int_equal(errs.n, 0);
	assert_int_equal(f->n_regions, 2);
	assert_int_equal(f->regions[1].parent, 0);
	assert_int_equal(f->regions[1].level, LV_COUNTY);
	assert_int_equal(f->depts[1].region, 1);
	assert_int_equal(f->halls[0].region, 1);
	assert_string_equal(f->halls[0].address, "");
	assert_int_equal(f->windows[1].type, OW_GENERAL);
	assert_int_equal(f->windows[1].hall, 0);
	assert_int_equal(f->windows[1].n_depts, 2);
	assert_int_equal(f->windows[1].depts[1], 1);
	assert_int_equal(f->staff[0].role, ROLE_CHIEF);
	assert_int_equal(f->staff[0].window, 1);
	assert_string_equal(f->staff[1].post, "B");
	assert_int_equal(f->staff[2].window, -1);
	assert_int_equal(f->staff[3].role, ROLE_ADMIN);
	assert_int_equal(f->staff[3].dept, -1);
	assert_int_equal(f->posts[0].a_staff, 0);
	assert_int_equal(f->posts[0].b_staff, 1);
	assert_true(org_window_serves(f, 1, 1));
	assert_false(org_window_serves(f, 0, 1));
	assert_string_equal(org_window_type_name(OW_APPOINTMENT), "appointment");
	assert_int_equal(org_window_type_from_name("银行窗口"), OW_BANK);
	assert_int_equal(org_window_type_from_name("kiosk"), -1);
	org_file_free(f);
	org_file_free(NULL);
	free(s);
}

struct bad_case {
	const char *what;
	const char *regions, *depts, *halls, *windows, *staff, *posts, *extra;
	int line;
	const char *field, *message;
};

static const struct bad_case bad_cases[] = {
	{"region code", "{\"code\":\"4503\",\"name\":\"桂林市\",\"level\":\"city\"}",
	    "", "", "", "", "", "", 1, "regions[0].code", "12位数字"},
	{"two roots", REGIONS ",{\"code\":\"450400000000\",\"name\":\"梧州市\","
	    "\"level\":\"city\"}", DEPTS, HALLS, WINDOWS, STAFF, POSTS, "", 3,
	    "regions[2].parent", "只能有一个"},
	{"parent after child", "{\"code\":\"450323000000\",\"name\":\"灵川县\","
	    "\"level\":\"county\",\"parent\":\"450300000000\"},"
	    "{\"code\":\"450300000000\",\"name\":\"桂林市\",\"level\":\"city\"}",
	    "", "", "", "", "", "", 1, "regions[0].parent", "不在它之前"},
	{"level", "{\"code\":\"450300000000\",\"name\":\"桂林市\",\"level\":"
	    "\"province\"}", "", "", "", "", "", "", 1, "regions[0].level",
	    "不是city"},
	{"credit code", REGIONS, "{\"code\":\"11450323074413692A\",\"name\":\"局\","
	    "\"short_name\":\"局\",\"region\":\"450323000000\"}", "", "", "", "", "",
	    1, "departments[0].code", "校验位"},
	{"dept region", REGIONS, "{\"code\":\"11450323074413692M\",\"name\":\"局\","
	    "\"short_name\":\"局\",\"region\":\"450399000000\"}", "", "", "", "", "",
	    1, "departments[0].region", "不在regions中"},
	{"unknown key", REGIONS, DEPTS, "{\"name\":\"中心\",\"region\":"
	    "\"450323000000\",\"adress\":\"x\"}", "", "", "", "", 1, "halls[0]",
	    "未知字段“adress”"},
	{"window dept", REGIONS, DEPTS, HALLS, "{\"no\":\"A01\",\"name\":\"窗口\","
	    "\"type\":\"sole\",\"departments\":[\"公安局\"]}", "", "", "", 1,
	    "windows[0].departments[0]", "公安局不在departments中"},
	{"window dept twice", REGIONS, DEPTS, HALLS, "{\"no\":\"A01\",\"name\":"
	    "\"窗口\",\"type\":\"general\",\"departments\":[\"税务局\","
	    "\"11450323074588708H\"]}", "", "", "", 1, "windows[0].departments[1]",
	    "重复"},
	{"window type", REGIONS, DEPTS, HALLS, "{\"no\":\"A01\",\"name\":\"窗口\","
	    "\"type\":\"kiosk\",\"departments\":[\"税务局\"]}", "", "", "", 1,
	    "windows[0].type", "窗口类型"},
	{"window without hall", REGIONS, DEPTS, HALLS ",{\"name\":\"分中心\","
	    "\"region\":\"450300000000\"}", "{\"no\":\"A01\",\"name\":\"窗口\","
	    "\"type\":\"sole\",\"departments\":[\"税务局\"]}", "", "", "", 1,
	    "windows[0].hall", "须写明所在大厅"},
	{"username", REGIONS, DEPTS, HALLS, WINDOWS, "{\"username\":\"Zhang Wei\","
	    "\"name\":\"张伟\",\"role\":\"clerk\",\"department\":\"税务局\"}", "", "",
	    1, "staff[0].username", "小写字母"},
	{"duplicate username", REGIONS, DEPTS, HALLS, WINDOWS, STAFF
	    ",{\"username\":\"s003\",\"name\":\"王芳\",\"role\":\"reviewer\","
	    "\"department\":\"税务局\"}", POSTS, "", 5, "staff[4].username",
	    "账号s003重复"},
	{"supervisor", REGIONS, DEPTS, HALLS, WINDOWS, "{\"username\":\"jc01\","
	    "\"name\":\"赵监察\",\"role\":\"supervisor\"}", "", "", 1,
	    "staff[0].role", "效能监察账号不经导入创建"},
	{"window does not serve", REGIONS, DEPTS, HALLS, WINDOWS,
	    "{\"username\":\"s009\",\"name\":\"张伟\",\"role\":\"clerk\","
	    "\"department\":\"税务局\",\"window\":\"A01\",\"post\":\"A\"}", "", "",
	    1, "staff[0].window", "不受理所属单位的事项"},
	{"post without window", REGIONS, DEPTS, HALLS, WINDOWS,
	    "{\"username\":\"s009\",\"name\":\"张伟\",\"role\":\"clerk\","
	    "\"department\":\"税务局\",\"post\":\"A\"}", "", "", 1, "staff[0].post",
	    "须写明窗口"},
	{"clerk without dept", REGIONS, DEPTS, HALLS, WINDOWS,
	    "{\"username\":\"s009\",\"name\":\"张伟\",\"role\":\"clerk\"}", "", "",
	    1, "staff[0].department", "须写明所属单位"},
	{"post holder elsewhere", REGIONS, DEPTS, HALLS, WINDOWS, STAFF,
	    "{\"window\":\"A01\",\"name\":\"A01受理岗1\",\"a\":\"s001\"}", "", 1,
	    "posts[0].a", "不是窗口A01的人员"},
	{"post a equals b", REGIONS, DEPTS, HALLS, WINDOWS, STAFF,
	    "{\"window\":\"B01\",\"name\":\"B01受理岗1\",\"a\":\"s001\","
	    "\"b\":\"s001\"}", "", 1, "posts[0].b", "同一人"},
	{"unknown section", REGIONS, DEPTS, HALLS, WINDOWS, STAFF, POSTS,
	    ",\"counters\":[]", 0, "", "未知的部分“counters”"},
	{"wrong type", REGIONS, DEPTS, "{\"name\":1,\"region\":\"450323000000\"}",
	    "", "", "", "", 1, "halls[0].name", "应为字符串"},
};

static void test_org_mistakes_are_named(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
		const struct bad_case *c = &bad_cases[i];
		char *s = file_with(c->regions, c->depts, c->halls, c->windows,
		    c->staff, c->posts, c->extra);
		struct item_errors errs = {0};
		struct org_file *f = NULL;
		bool found = false;

		assert_int_equal(org_parse_json(s, strlen(s), &f, &errs),
		    GH_EUNPROCESSABLE);
		assert_null(f);
		for (size_t k = 0; k < errs.n && !found; k++)
			found = errs.v[k].line == c->line &&
			    !strcmp(errs.v[k].field, c->field) &&
			    strstr(errs.v[k].message, c->message);
		if (!found) {
			print_error("case %s: wanted %d %s %s; got:\n", c->what,
			    c->line, c->field, c->message);
			for (size_t k = 0; k < errs.n; k++)
				print_error("  %d %s %s\n", errs.v[k].line,
				    errs.v[k].field, errs.v[k].message);
		}
		assert_true(found);
		item_errors_clear(&errs);
		free(s);
	}
}

static void test_org_bad_json_names_the_line(void **state)
{
	static const char text[] = "{\n\"regions\": [\n{\"code\": }\n]}";
	struct item_errors errs = {0};
	struct org_file *f = NULL;

	(void)state;
	assert_int_equal(org_parse_json(text, strlen(text), &f, &errs), GH_EJSON);
	assert_null(f);
	assert_int_equal(errs.n, 1);
	assert_int_equal(errs.v[0].line, 3);
	assert_non_null(strstr(errs.v[0].message, "JSON格式错误"));
	item_errors_clear(&errs);
	assert_int_equal(org_parse_json("[]", 2, &f, &errs), GH_EUNPROCESSABLE);
	assert_true(errs.n >= 1);
	item_errors_clear(&errs);
	assert_int_equal(org_parse_json(NULL, ORG_MAX_FILE_BYTES + 1, &f, &errs),
	    GH_ETOOBIG);
	item_errors_clear(&errs);
}

/* A long key quoted in a message is cut at a character, never inside one. */
static void test_org_quoted_text_stays_utf8(void **state)
{
	char *s = file_with(REGIONS, DEPTS, "{\"name\":\"中心\",\"region\":"
	    "\"450323000000\",\"一二三四五六七八九十一二三四五六七八九十\":1}",
	    "", "", "", "");
	struct item_errors errs = {0};
	struct org_file *f = NULL;

	(void)state;
	assert_int_equal(org_parse_json(s, strlen(s), &f, &errs),
	    GH_EUNPROCESSABLE);
	assert_int_equal(errs.n, 1);
	assert_true(utf8_valid(errs.v[0].message, strlen(errs.v[0].message)));
	assert_non_null(strstr(errs.v[0].message, "一二三四五六七八九十一二三…"));
	item_errors_clear(&errs);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_org_valid_file_resolves_references),
		cmocka_unit_test(test_org_mistakes_are_named),
		cmocka_unit_test(test_org_bad_json_names_the_line),
		cmocka_unit_test(test_org_quoted_text_stays_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
