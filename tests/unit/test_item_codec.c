/*
 * test_item_codec.c - the catalogue's CSV and JSON formats
 * (src/export/item_codec.c): the good fixtures, round trips over a table of
 * varied items, and every kind of bad file, each asserting the exact line
 * and field reported and that nothing is output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/day.h"
#include "domain/form.h"
#include "domain/item.h"
#include "domain/role.h"
#include "export/item_codec.h"
#include "util/gh_err.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#ifndef GH_SOURCE_DIR
#define GH_SOURCE_DIR "."
#endif

static char *read_fixture(const char *name, size_t *len)
{
	char path[512];
	FILE *f;
	char *buf;
	long size;

	snprintf(path, sizeof(path), "%s/tests/fixtures/%s", GH_SOURCE_DIR, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = xmalloc((size_t)size + 1);
	*len = fread(buf, 1, (size_t)size, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* ---- bad files: one error, exact line and field, nothing output ---- */

enum fmt { CSV, JSON };

/* Parses s expecting failure rc with exactly one error at line/field whose
 * message contains part; checks that *out and *n stay untouched. */
static void expect_one_error(enum fmt f, const char *s, int rc, int line,
    const char *field, const char *part)
{
	struct item sentinel;
	struct item *out = &sentinel;
	size_t n = 12345;
	struct item_errors errs = {0};
	int got;

	if (f == CSV)
		got = items_parse_csv(s, strlen(s), &out, &n, &errs);
	else
		got = items_parse_json(s, strlen(s), &out, &n, &errs);
	if (got != rc || errs.n != 1 || errs.v[0].line != line ||
	    strcmp(errs.v[0].field, field) != 0 ||
	    !strstr(errs.v[0].message, part)) {
		for (size_t i = 0; i < errs.n; i++)
			print_error("  line %d field \"%s\": %s\n",
			    errs.v[i].line, errs.v[i].field,
			    errs.v[i].message);
		fail_msg("rc %d (want %d), %zu errors; wanted line %d field "
		    "\"%s\" with \"%s\"", got, rc, errs.n, line, field, part);
	}
	assert_true(utf8_valid(errs.v[0].message, strlen(errs.v[0].message)));
	assert_ptr_equal(out, &sentinel);
	assert_int_equal(n, 12345);
	item_errors_clear(&errs);
}

#define HDR "code,name,type,dept_code,level,materials,steps," \
	"legal_limit_days,promised_limit_days,instant,fees\n"
#define ROW_A "A-1,事项一,行政许可,D001,县级,申请表|主件|原件|1," \
	"受理|clerk|1;审核|reviewer|3,20,10,否,工本费|10|依据\n"
#define ROW_B "B-2,事项二,公共服务,D002,市级,身份证|主件|原件|1,,1,1,是,\n"

static void test_codec_csv_minimal_file_parses(void **state)
{
	const char *s = HDR ROW_A ROW_B;
	struct item_errors errs = {0};
	struct item *items = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(items_parse_csv(s, strlen(s), &items, &n, &errs), 0);
	assert_int_equal(errs.n, 0);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].fees[0].amount_fen, 1000);
	assert_int_equal(items[0].steps[1].role, ROLE_REVIEWER);
	/* Defaults of absent optional columns. */
	assert_string_equal(items[1].basis, "");
	assert_false(items[1].in_hall);
	assert_int_equal(items[1].online_depth, 1);
	assert_int_equal(items[1].visits, 1);
	assert_int_equal(items[1].warn_days, -1);
	assert_false(items[1].retired);
	assert_int_equal(items[1].n_steps, 0);
	assert_int_equal(items[1].n_fees, 0);
	items_free(items, n);
}

static void test_codec_csv_bad_enum(void **state)
{
	(void)state;
	expect_one_error(CSV, HDR ROW_A
	    "B-2,事项二,行政处罚,D002,市级,身份证|主件|原件|1,,1,1,是,\n",
	    GH_EUNPROCESSABLE, 3, "type", "未知的事项类型“行政处罚”");
	expect_one_error(CSV, HDR
	    "B-2,事项二,公共服务,D002,省级,身份证|主件|原件|1,,1,1,是,\n",
	    GH_EUNPROCESSABLE, 2, "level", "未知的行使层级“省级”");
	expect_one_error(CSV, HDR
	    "B-2,事项二,公共服务,D002,市级,身份证|主件|扫描件|1,,1,1,是,\n",
	    GH_EUNPROCESSABLE, 2, "materials[0].form", "扫描件");
	expect_one_error(CSV, HDR
	    "B-2,事项二,公共服务,D002,市级,身份证|主要|原件|1,,1,1,是,\n",
	    GH_EUNPROCESSABLE, 2, "materials[0].main", "主件");
	expect_one_error(CSV, HDR
	    "B-2,事项二,公共服务,D002,市级,身份证|主件|原件|1,受理|boss|1,1,1,是,\n",
	    GH_EUNPROCESSABLE, 2, "steps[0].role", "未知的角色“boss”");
	expect_one_error(CSV, HDR
	    "B-2,事项二,公共服务,D002,市级,身份证|主件|原件|1,,1,1,也许,\n",
	    GH_EUNPROCESSABLE, 2, "instant", "应为“是”或“否”");
}

static void test_codec_csv_bad_number(void **state)
{
	(void)state;
	expect_one_error(CSV, HDR ROW_B ROW_A
	    "C-3,事项三,公共服务,D002,市级,身份证|主件|原件|1,,20天,1,是,\n",
	    GH_EUNPROCESSABLE, 4, "legal_limit_days", "应为整数,实际为“20天”");
	expect_one_error(CSV, HDR
	    "C-3,事项三,公共服务,D002,市级,身份证|主件|原件|1,,1,,是,\n",
	    GH_EUNPROCESSABLE, 2, "promised_limit_days", "不能为空");
	expect_one_error(CSV, HDR
	    "C-3,事项三,公共服务,D002,市级,身份证|主件|原件|1,,99999999999,1,是,\n",
	    GH_EUNPROCESSABLE, 2, "legal_limit_days", "应为整数");
	expect_one_error(CSV, HDR
	    "C-3,事项三,公共服务,D002,市级,身份证|主件|原件|两,,1,1,是,\n",
	    GH_EUNPROCESSABLE, 2, "materials[0].copies", "应为整数");
	expect_one_error(CSV, HDR
	    "C-3,事项三,公共服务,D002,市级,身份证|主件|原件|1,,1,1,是,费|10.555|据\n",
	    GH_EUNPROCESSABLE, 2, "fees[0].amount_fen", "最多两位小数");
	expect_one_error(CSV, HDR
	    "C-3,事项三,公共服务,D002,市级,身份证|主件|原件|1,,1,1,是,费|1e3|据\n",
	    GH_EUNPROCESSABLE, 2, "fees[0].amount_fen", "1e3");
}

static void test_codec_csv_promised_over_legal(void **state)
{
	(void)state;
	expect_one_error(CSV, HDR
	    "B-2,事项二,公共服务,D002,市级,身份证|主件|原件|1,,1,1,是,\n"
	    "B-3,事项三,公共服务,D002,市级,身份证|主件|原件|1,,1,1,是,\n"
	    "B-4,事项四,公共服务,D002,市级,身份证|主件|原件|1,,1,1,是,\n"
	    "B-5,事项五,公共服务,D002,市级,身份证|主件|原件|1,,1,1,是,\n"
	    "B-6,事项六,公共服务,D002,市级,身份证|主件|原件|1,,1,1,是,\n"
	    "X-7,事项七,行政许可,D001,县级,申请表|主件|原件|1,"
	    "受理|clerk|1,20,25,否,\n",
	    GH_EUNPROCESSABLE, 7, "promised_limit_days",
	    "承诺时限(25个工作日)不得超过法定时限(20个工作日)");
}

static void test_codec_csv_missing_column(void **state)
{
	(void)state;
	expect_one_error(CSV,
	    "code,name,type,dept_code,level,materials,steps,"
	    "legal_limit_days,instant,fees\n"
	    "A-1,事项一,行政许可,D001,县级,申请表|主件|原件|1,,20,是,\n",
	    GH_EUNPROCESSABLE, 1, "promised_limit_days",
	    "缺少必填列“promised_limit_days”");
}

static void test_codec_csv_unknown_and_duplicate_column(void **state)
{
	(void)state;
	expect_one_error(CSV,
	    "code,name,type,dept_code,level,materials,备注,"
	    "legal_limit_days,promised_limit_days,instant\n"
	    "A-1,事项一,公共服务,D001,县级,申请表|主件|原件|1,x,1,1,是\n",
	    GH_EUNPROCESSABLE, 1, "备注", "未知的列“备注”");
	expect_one_error(CSV,
	    "code,name,type,dept_code,level,materials,name,"
	    "legal_limit_days,promised_limit_days,instant\n"
	    "A-1,事项一,公共服务,D001,县级,申请表|主件|原件|1,x,1,1,是\n",
	    GH_EUNPROCESSABLE, 1, "name", "重复");
}

static void test_codec_csv_duplicate_code(void **state)
{
	(void)state;
	expect_one_error(CSV, HDR ROW_A ROW_B
	    "A-1,事项三,公共服务,D002,市级,身份证|主件|原件|1,,1,1,是,\n",
	    GH_EUNPROCESSABLE, 4, "code", "事项编码“A-1”重复(与第2行相同)");
}

static void test_codec_csv_unterminated_quote(void **state)
{
	(void)state;
	expect_one_error(CSV, HDR ROW_A
	    "B-2,\"事项二,公共服务,D002,市级,身份证|主件|原件|1,,1,1,是,\n"
	    "C-3,x\n",
	    GH_EUNPROCESSABLE, 3, "", "引号未闭合");
}

static void test_codec_csv_invalid_utf8(void **state)
{
	(void)state;
	/* "事项" in GBK, as a spreadsheet saves it by default. */
	expect_one_error(CSV, HDR ROW_A
	    "B-2,\xCA\xC2\xCF\xEE,公共服务,D002,市级,身份证|主件|原件|1,,1,1,是,\n",
	    GH_EUNPROCESSABLE, 3, "name", "UTF-8");
}

static void test_codec_csv_empty_file(void **state)
{
	(void)state;
	expect_one_error(CSV, "", GH_EUNPROCESSABLE, 0, "", "文件中没有事项");
	expect_one_error(CSV, "\xEF\xBB\xBF\r\n\r\n", GH_EUNPROCESSABLE, 0, "",
	    "文件中没有事项");
	expect_one_error(CSV, HDR, GH_EUNPROCESSABLE, 0, "", "文件中没有事项");
	expect_one_error(CSV, HDR ",,,,,,,,,,\n\n", GH_EUNPROCESSABLE, 0, "",
	    "文件中没有事项");
}

static void test_codec_csv_commitment_item_without_steps(void **state)
{
	(void)state;
	expect_one_error(CSV, HDR
	    "A-1,事项一,行政许可,D001,县级,申请表|主件|原件|1,,20,10,否,\n",
	    GH_EUNPROCESSABLE, 2, "steps", "承诺件至少需要一个审查环节");
}

static void test_codec_csv_step_limits_over_promised(void **state)
{
	(void)state;
	expect_one_error(CSV, HDR
	    "A-1,事项一,行政许可,D001,县级,申请表|主件|原件|1,"
	    "受理|clerk|1;审核|reviewer|8;批准|chief|2,20,10,否,\n",
	    GH_EUNPROCESSABLE, 2, "steps",
	    "各环节时限之和(11个工作日)超过承诺时限(10个工作日)");
}

static void test_codec_csv_bad_material_copies(void **state)
{
	(void)state;
	expect_one_error(CSV, HDR
	    "A-1,事项一,公共服务,D001,县级,申请表|主件|原件|1;照片|辅件|原件|0,"
	    ",1,1,是,\n",
	    GH_EUNPROCESSABLE, 2, "materials[1].copies", "份数应在1至99之间");
	expect_one_error(CSV, HDR
	    "A-1,事项一,公共服务,D001,县级,申请表|主件|原件,,1,1,是,\n",
	    GH_EUNPROCESSABLE, 2, "materials[0]", "实际有3段");
}

static void test_codec_csv_negative_fee(void **state)
{
	(void)state;
	expect_one_error(CSV, HDR
	    "A-1,事项一,公共服务,D001,县级,申请表|主件|原件|1,,1,1,是,"
	    "工本费|10|依据;退费|-5|依据\n",
	    GH_EUNPROCESSABLE, 2, "fees[1].amount_fen", "不得为负数");
}

static void test_codec_csv_row_with_wrong_field_count(void **state)
{
	(void)state;
	expect_one_error(CSV, HDR
	    "A-1,事项一,公共服务,D001,县级,申请表|主件|原件|1,,1,1,是\n",
	    GH_EUNPROCESSABLE, 2, "", "与表头的11列不符");
}

static void test_codec_csv_reports_every_error_of_the_file(void **state)
{
	const char *s = HDR
	    "A-1,事项一,行政许可,D001,县级,申请表|主件|原件|1,受理|clerk|1,"
	    "20,25,否,\n"                                       /* line 2 */
	    "B-2,事项二,公共服务,D002,市级,身份证|主件|原件|1,,x,1,是,\n"  /* 3 */
	    ROW_A                                               /* 4: dup */
	    "C-3,事项三,公共服务,D002,市级,身份证|主件|原件|1,,1,1,是,"
	    "费|-1|据\n";                                        /* 5 */
	struct item sentinel;
	struct item *out = &sentinel;
	size_t n = 7;
	struct item_errors errs = {0};

	(void)state;
	assert_int_equal(items_parse_csv(s, strlen(s), &out, &n, &errs),
	    GH_EUNPROCESSABLE);
	assert_ptr_equal(out, &sentinel);
	assert_int_equal(n, 7);
	assert_int_equal(errs.n, 4);
	assert_int_equal(errs.v[0].line, 2);
	assert_string_equal(errs.v[0].field, "promised_limit_days");
	assert_int_equal(errs.v[1].line, 3);
	assert_string_equal(errs.v[1].field, "legal_limit_days");
	assert_int_equal(errs.v[2].line, 4);
	assert_string_equal(errs.v[2].field, "code");
	assert_int_equal(errs.v[3].line, 5);
	assert_string_equal(errs.v[3].field, "fees[0].amount_fen");
	item_errors_clear(&errs);
}

static void test_codec_csv_good_fixture(void **state)
{
	struct item_errors errs = {0};
	struct item *items = NULL;
	size_t n = 0, len = 0;
	char *buf = read_fixture("items_good.csv", &len);
	const struct item *a, *b, *c;

	(void)state;
	assert_int_equal(items_parse_csv(buf, len, &items, &n, &errs), 0);
	for (size_t i = 0; i < errs.n; i++)
		print_error("%d %s %s\n", errs.v[i].line, errs.v[i].field,
		    errs.v[i].message);
	assert_int_equal(errs.n, 0);
	assert_int_equal(n, 3);
	a = &items[0];
	b = &items[1];
	c = &items[2];
	assert_string_equal(a->code, "11450100MB0001-01");
	assert_int_equal(a->type, IT_LICENSING);
	assert_int_equal(a->level, LV_CITY);
	assert_string_equal(a->conditions, "1. 有与经营的食品品种、数量相适应的场所,"
	    "\r\n2. 有食品安全管理人员");
	assert_int_equal(a->n_materials, 3);
	assert_string_equal(a->materials[0].template_name, "申请书.docx");
	assert_string_equal(a->materials[0].note, "须法定代表人签字");
	assert_int_equal(a->materials[1].form, MF_COPY);
	assert_false(a->materials[2].main);
	assert_false(a->materials[2].required);
	assert_int_equal(a->materials[2].copies, 2);
	assert_int_equal(a->materials[2].form, MF_BOTH);
	assert_int_equal(a->n_steps, 3);
	assert_int_equal(a->steps[2].role, ROLE_CHIEF);
	assert_int_equal(a->n_fees, 0);
	assert_true(a->in_hall);
	assert_int_equal(a->online_depth, 4);
	assert_int_equal(a->warn_days, 1);
	assert_int_equal(b->level, LV_COUNTY);
	assert_true(b->instant);
	assert_int_equal(b->fees[0].amount_fen, 2000);
	assert_string_equal(b->fees[0].basis, "桂价费〔2013〕1号");
	assert_int_equal(b->warn_days, -1);
	assert_string_equal(c->name, "建设工程规划许可证核发(含\"一书两证\")");
	assert_int_equal(c->level, LV_TOWNSHIP);
	assert_string_equal(c->materials[0].name, "建设工程规划许可证申请表");
	assert_int_equal(c->materials[1].form, MF_ELECTRONIC);
	assert_int_equal(c->steps[1].role, ROLE_REVIEWER);
	assert_int_equal(c->fees[0].amount_fen, 1050);
	assert_int_equal(c->fees[1].amount_fen, 50);
	assert_int_equal(c->visits, 0);
	items_free(items, n);
	item_errors_clear(&errs);
	free(buf);
}

/* ---- JSON ---- */

static void test_codec_json_good_fixture(void **state)
{
	struct item_errors errs = {0};
	struct item *items = NULL;
	size_t n = 0, len = 0;
	char *buf = read_fixture("items_good.json", &len);

	(void)state;
	assert_int_equal(items_parse_json(buf, len, &items, &n, &errs), 0);
	for (size_t i = 0; i < errs.n; i++)
		print_error("%d %s %s\n", errs.v[i].line, errs.v[i].field,
		    errs.v[i].message);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].level, LV_COUNTY);
	assert_int_equal(items[0].materials[1].form, MF_COPY);
	assert_false(items[0].materials[1].required);
	assert_int_equal(items[0].steps[1].role, ROLE_CHIEF);
	assert_int_equal(items[0].fees[0].amount_fen, 1000);
	assert_int_equal(items[0].visits, 0);
	/* Defaults. */
	assert_int_equal(items[1].type, IT_PUBLIC_SERVICE);
	assert_int_equal(items[1].level, LV_TOWNSHIP);
	assert_true(items[1].materials[0].main);
	assert_true(items[1].materials[0].required);
	assert_int_equal(items[1].materials[0].copies, 1);
	assert_string_equal(items[1].basis, "");
	assert_false(items[1].in_hall);
	assert_int_equal(items[1].online_depth, 1);
	assert_int_equal(items[1].visits, 1);
	assert_int_equal(items[1].warn_days, -1);
	assert_int_equal(items[1].n_steps, 0);
	assert_int_equal(items[1].n_fees, 0);
	items_free(items, n);
	item_errors_clear(&errs);
	free(buf);
}

#define JITEM(extra) JITEM_C("J-1", extra)
#define JITEM_C(code, extra) "{\"code\":\"" code "\",\"name\":\"事项\",\"type\":\"benefit\"," \
	"\"dept_code\":\"D1\",\"level\":\"city\",\"legal_limit_days\":1," \
	"\"promised_limit_days\":1,\"instant\":true,\"materials\":" \
	"[{\"name\":\"身份证\",\"form\":\"original\"}]" extra "}"

static void test_codec_json_minimal_item_in_a_bare_array(void **state)
{
	const char *s = "[" JITEM("") "]";
	struct item_errors errs = {0};
	struct item *items = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(items_parse_json(s, strlen(s), &items, &n, &errs), 0);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].type, IT_BENEFIT);
	items_free(items, n);
}

static void test_codec_json_malformed(void **state)
{
	(void)state;
	expect_one_error(JSON, "[\n" JITEM("") ",\n{\"code\": }\n]", GH_EJSON,
	    3, "", "JSON格式错误");
	expect_one_error(JSON, "", GH_EJSON, 1, "", "JSON格式错误");
	expect_one_error(JSON, "[" JITEM(",\"name\":\"x\"") "]", GH_EJSON, 1, "",
	    "JSON格式错误");
	expect_one_error(JSON, "[\"\xFF\"]", GH_EJSON, 1, "", "JSON格式错误");
}

static void test_codec_json_wrong_types(void **state)
{
	(void)state;
	expect_one_error(JSON, "[" JITEM(",\"visits\":\"2\"") "]",
	    GH_EUNPROCESSABLE, 1, "visits", "应为整数");
	expect_one_error(JSON, "[" JITEM("") "," JITEM_C("J-2", ",\"online_depth\":2.5")
	    "]", GH_EUNPROCESSABLE, 2, "online_depth", "应为整数");
	expect_one_error(JSON, "[" JITEM(",\"in_hall\":1") "]",
	    GH_EUNPROCESSABLE, 1, "in_hall", "应为布尔值");
	expect_one_error(JSON, "[" JITEM(",\"basis\":[]") "]",
	    GH_EUNPROCESSABLE, 1, "basis", "应为字符串");
	expect_one_error(JSON, "[" JITEM(",\"steps\":{}") "]",
	    GH_EUNPROCESSABLE, 1, "steps", "应为数组");
	expect_one_error(JSON, "[" JITEM(",\"fees\":[{\"name\":\"费\","
	    "\"amount_fen\":\"10\",\"basis\":\"据\"}]") "]",
	    GH_EUNPROCESSABLE, 1, "fees[0].amount_fen", "应为整数");
	expect_one_error(JSON, "[" JITEM(",\"steps\":[{\"name\":\"受理\","
	    "\"role\":\"clerk\",\"limit_days\":true}]") "]",
	    GH_EUNPROCESSABLE, 1, "steps[0].limit_days", "应为整数");
	expect_one_error(JSON, "[" JITEM(",\"warn_days\":9999999999") "]",
	    GH_EUNPROCESSABLE, 1, "warn_days", "超出范围");
	expect_one_error(JSON, "[" JITEM(",\"steps\":[3]") "]",
	    GH_EUNPROCESSABLE, 1, "steps[0]", "应为对象");
	expect_one_error(JSON, "[" JITEM("") ",7]", GH_EUNPROCESSABLE, 2, "",
	    "应为JSON对象");
	expect_one_error(JSON, "{\"items\":3}", GH_EUNPROCESSABLE, 0, "",
	    "应为事项数组");
	expect_one_error(JSON, "\"x\"", GH_EUNPROCESSABLE, 0, "", "应为事项数组");
}

static void test_codec_json_bad_enum_and_missing_key(void **state)
{
	(void)state;
	expect_one_error(JSON, "[{\"code\":\"J-1\",\"name\":\"事项\","
	    "\"type\":\"benefit\",\"dept_code\":\"D1\",\"level\":\"city\","
	    "\"legal_limit_days\":1,\"instant\":true,\"materials\":"
	    "[{\"name\":\"身份证\",\"form\":\"original\"}]}]",
	    GH_EUNPROCESSABLE, 1, "promised_limit_days", "缺少必填字段");
	expect_one_error(JSON, "[" JITEM("") "," JITEM("") "]",
	    GH_EUNPROCESSABLE, 2, "code", "与第1条相同");
	expect_one_error(JSON, "[{\"code\":\"J-3\",\"name\":\"事项\","
	    "\"type\":\"fine\",\"dept_code\":\"D1\",\"level\":\"city\","
	    "\"legal_limit_days\":1,\"promised_limit_days\":1,\"instant\":true,"
	    "\"materials\":[{\"name\":\"身份证\",\"form\":\"original\"}]}]",
	    GH_EUNPROCESSABLE, 1, "type", "未知的事项类型“fine”");
	expect_one_error(JSON, "[" JITEM(",\"steps\":[{\"name\":\"受理\","
	    "\"role\":\"applicant\",\"limit_days\":0}]") "]",
	    GH_EUNPROCESSABLE, 1, "steps[0].role", "角色无效");
	expect_one_error(JSON, "[{\"code\":\"J-3\",\"name\":\"事项\","
	    "\"type\":\"other\",\"dept_code\":\"D1\",\"level\":\"city\","
	    "\"legal_limit_days\":1,\"promised_limit_days\":1,\"instant\":true,"
	    "\"materials\":[{\"name\":\"身份证\"}]}]",
	    GH_EUNPROCESSABLE, 1, "materials[0].form", "缺少必填字段");
}

static void test_codec_json_unknown_keys_rejected_derived_ignored(void **state)
{
	const char *ok = "{\"items\":[" JITEM(",\"type_label\":\"x\","
	    "\"level_label\":\"y\",\"dept_name\":\"局\",\"dept_id\":3") "]}";
	struct item_errors errs = {0};
	struct item *items = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(items_parse_json(ok, strlen(ok), &items, &n, &errs), 0);
	items_free(items, n);
	expect_one_error(JSON, "[" JITEM(",\"colour\":\"red\"") "]",
	    GH_EUNPROCESSABLE, 1, "colour", "未知字段“colour”");
	expect_one_error(JSON, "[" JITEM(",\"fees\":[{\"name\":\"费\","
	    "\"amount_fen\":1,\"basis\":\"据\",\"tax\":0}]") "]",
	    GH_EUNPROCESSABLE, 1, "fees[0].tax", "未知字段");
}

static void test_codec_json_validation_errors_and_empty(void **state)
{
	(void)state;
	expect_one_error(JSON, "[" JITEM(",\"fees\":[{\"name\":\"费\","
	    "\"amount_fen\":-100,\"basis\":\"据\"}]") "]",
	    GH_EUNPROCESSABLE, 1, "fees[0].amount_fen", "不得为负数");
	expect_one_error(JSON, "[" JITEM(",\"promised_limit_days\":2") "]",
	    GH_EJSON, 1, "", "JSON格式错误"); /* duplicate key */
	expect_one_error(JSON, "[]", GH_EUNPROCESSABLE, 0, "", "文件中没有事项");
	expect_one_error(JSON, "{\"items\":[]}", GH_EUNPROCESSABLE, 0, "",
	    "文件中没有事项");
}

static void test_codec_json_amount_yuan_accepted_without_fen(void **state)
{
	const char *s = "[" JITEM(",\"fees\":[{\"name\":\"费\","
	    "\"amount_yuan\":\"12.3\",\"basis\":\"据\"}]") "]";
	struct item_errors errs = {0};
	struct item *items = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(items_parse_json(s, strlen(s), &items, &n, &errs), 0);
	assert_int_equal(items[0].fees[0].amount_fen, 1230);
	items_free(items, n);
}

static void test_codec_too_big_is_refused(void **state)
{
	struct item_errors errs = {0};
	struct item *out = NULL;
	size_t n = 0;
	size_t len = ITEMS_MAX_FILE_BYTES + 1;
	char *big = xcalloc(len, 1);

	(void)state;
	memset(big, ' ', len);
	assert_int_equal(items_parse_csv(big, len, &out, &n, &errs), GH_ETOOBIG);
	assert_int_equal(items_parse_json(big, len, &out, &n, &errs),
	    GH_ETOOBIG);
	assert_null(out);
	assert_int_equal(errs.n, 2);
	item_errors_clear(&errs);
	free(big);
}

/* ---- forms and keywords (issue 10) ---- */

#define JFORM ",\"keywords\":[\"开饭店\",\"开餐馆\"],\"form\":{\"sections\":[" \
	"{\"title\":\"经营信息\",\"fields\":[" \
	"{\"key\":\"kind\",\"label\":\"主体业态\",\"type\":\"choice\"," \
	"\"required\":true,\"options\":[\"食品销售经营者\",\"餐饮服务经营者\"]}," \
	"{\"key\":\"area_m2\",\"label\":\"经营面积\",\"type\":\"数值\"," \
	"\"unit\":\"平方米\",\"min\":1,\"help\":\"含后厨\"}," \
	"{\"key\":\"opened\",\"label\":\"开业日期\",\"type\":\"date\"," \
	"\"max\":\"2030-12-31\"}]}]}"

static void test_codec_form_and_keywords_round_trip(void **state)
{
	const char *s = "[" JITEM(JFORM) "]";
	struct item_errors errs = {0};
	struct item *items = NULL, *back = NULL;
	size_t n = 0, nb = 0, len = 0;
	const struct form_field *f;
	char *csv, *js;

	(void)state;
	assert_int_equal(items_parse_json(s, strlen(s), &items, &n, &errs), 0);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].n_keywords, 2);
	assert_string_equal(items[0].keywords[1], "开餐馆");
	assert_int_equal(items[0].form.n_sections, 1);
	f = form_find(&items[0].form, "area_m2");
	assert_non_null(f);
	assert_int_equal(f->type, FT_NUMBER);
	assert_true(f->has_min && !f->has_max && f->min == 1);
	f = form_find(&items[0].form, "opened");
	assert_true(f->has_max && f->max == day_from_ymd(2030, 12, 31));
	csv = items_format_csv(items, n, &len);
	assert_non_null(strstr(csv, ",开饭店;开餐馆,"));
	assert_int_equal(items_parse_csv(csv, len, &back, &nb, &errs), 0);
	assert_int_equal(nb, 1);
	assert_true(item_equal(&items[0], &back[0]));
	items_free(back, nb);
	js = items_format_json(items, n, &len);
	assert_int_equal(items_parse_json(js, len, &back, &nb, &errs), 0);
	assert_true(item_equal(&items[0], &back[0]));
	items_free(back, nb);
	free(js);
	free(csv);
	items_free(items, n);
	item_errors_clear(&errs);
}

static bool has_field(const struct item_errors *e, const char *field)
{
	for (size_t i = 0; i < e->n; i++)
		if (!strcmp(e->v[i].field, field))
			return true;
	return false;
}

static void test_codec_bad_forms_name_the_path(void **state)
{
	const char *s = "[" JITEM(",\"keywords\":[\"a;b\",\"\"],\"form\":{\"sections\":["
	    "{\"title\":\"\",\"fields\":[{\"key\":\"1x\",\"label\":\"A\","
	    "\"type\":\"text\",\"options\":[\"x\"]},{\"key\":\"b\",\"label\":"
	    "\"B\",\"type\":\"float\"},{\"key\":\"c\",\"label\":\"C\","
	    "\"type\":\"date\",\"min\":\"2030-02-30\",\"colour\":1}]}]}") "]";
	const char *csv = "code,name,type,dept_code,level,legal_limit_days,"
	    "promised_limit_days,instant,materials,form\n"
	    "C-1,事项,行政给付,D1,市级,1,1,是,身份证|主件|原件|1,{not json\n";
	struct item_errors errs = {0};
	struct item *items = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(items_parse_json(s, strlen(s), &items, &n, &errs),
	    GH_EUNPROCESSABLE);
	assert_null(items);
	assert_true(has_field(&errs, "form.sections[0].fields[1].type"));
	assert_true(has_field(&errs, "form.sections[0].fields[2].min"));
	assert_true(has_field(&errs, "form.sections[0].fields[2].colour"));
	item_errors_clear(&errs);
	/* Parses, then fails validation with the paths of item_validate. */
	s = "[" JITEM(",\"keywords\":[\"a;b\",\"\"],\"form\":{\"sections\":["
	    "{\"title\":\"\",\"fields\":[{\"key\":\"1x\",\"label\":\"A\","
	    "\"type\":\"text\",\"options\":[\"x\"]}]}]}") "]";
	assert_int_equal(items_parse_json(s, strlen(s), &items, &n, &errs),
	    GH_EUNPROCESSABLE);
	assert_true(has_field(&errs, "keywords[0]"));
	assert_true(has_field(&errs, "keywords[1]"));
	assert_true(has_field(&errs, "form.sections[0].title"));
	assert_true(has_field(&errs, "form.sections[0].fields[0].key"));
	assert_true(has_field(&errs, "form.sections[0].fields[0].options"));
	item_errors_clear(&errs);
	assert_int_equal(items_parse_csv(csv, strlen(csv), &items, &n, &errs),
	    GH_EUNPROCESSABLE);
	assert_true(has_field(&errs, "form"));
	item_errors_clear(&errs);
}

/* ---- item_to_json ---- */

static void test_codec_item_to_json_emits_labels_and_yuan(void **state)
{
	const char *s = "[" JITEM(",\"fees\":[{\"name\":\"费\","
	    "\"amount_fen\":1005,\"basis\":\"据\"}],\"steps\":[{\"name\":"
	    "\"受理\",\"role\":\"窗口人员\",\"limit_days\":0}]") "]";
	struct item_errors errs = {0};
	struct item *items = NULL;
	size_t n = 0;
	json_t *o, *m, *st, *fee;

	(void)state;
	assert_int_equal(items_parse_json(s, strlen(s), &items, &n, &errs), 0);
	o = item_to_json(&items[0]);
	assert_string_equal(json_string_value(json_object_get(o, "type")),
	    "benefit");
	assert_string_equal(json_string_value(json_object_get(o, "type_label")),
	    "行政给付");
	assert_string_equal(json_string_value(json_object_get(o, "level")),
	    "city");
	assert_string_equal(json_string_value(json_object_get(o,
	    "level_label")), "市级");
	m = json_array_get(json_object_get(o, "materials"), 0);
	assert_string_equal(json_string_value(json_object_get(m, "form_label")),
	    "原件");
	assert_true(json_is_true(json_object_get(m, "required")));
	st = json_array_get(json_object_get(o, "steps"), 0);
	assert_string_equal(json_string_value(json_object_get(st, "role")),
	    "clerk");
	assert_string_equal(json_string_value(json_object_get(st,
	    "role_label")), "窗口人员");
	fee = json_array_get(json_object_get(o, "fees"), 0);
	assert_int_equal(json_integer_value(json_object_get(fee, "amount_fen")),
	    1005);
	assert_string_equal(json_string_value(json_object_get(fee,
	    "amount_yuan")), "10.05");
	assert_int_equal(json_integer_value(json_object_get(o, "warn_days")), -1);
	assert_int_equal(json_object_size(o), 29); /* keywords, form, and the
						       * four flags of issue 11 */
	json_decref(o);
	items_free(items, n);
}

/* ---- round trips ---- */

static struct item_material mat(const char *name, bool main, bool required,
    int form, int copies, const char *tmpl, const char *note)
{
	return (struct item_material){xstrdup(name), main, required, form,
	    copies, xstrdup(tmpl), xstrdup(note), false, false};
}

/* A table of varied valid items. */
static size_t make_items(struct item **out)
{
	enum { N = 4 };
	struct item *v = xcalloc(N, sizeof(*v));
	struct item *it;

	it = &v[0]; /* everything filled, text that needs quoting */
	it->code = xstrdup("11450100MB0001-01");
	it->name = xstrdup("食品经营许可,\"新办\"");
	it->type = IT_LICENSING;
	it->dept_code = xstrdup("11450100MB1234567X");
	it->level = LV_CITY;
	it->basis = xstrdup("《食品安全法》第三十五条;第三十六条|附则");
	it->conditions = xstrdup("1. 场所,\r\n2. 人员\n3. \"制度\"  ");
	it->n_materials = 3;
	it->materials = xcalloc(3, sizeof(*it->materials));
	it->materials[0] = mat("申请书", true, true, MF_ORIGINAL, 1,
	    "申请书.docx", "黑色签字笔,\"正楷\"");
	it->materials[1] = mat("营业执照", true, true, MF_COPY, 2, "", "");
	it->materials[2] = mat("平面图", false, false, MF_BOTH, 99, "",
	    "多行\n说明");
	it->n_steps = 3;
	it->steps = xcalloc(3, sizeof(*it->steps));
	it->steps[0] = (struct item_step){xstrdup("受理"), ROLE_CLERK, 0};
	it->steps[1] = (struct item_step){xstrdup("审核, 现场"), ROLE_REVIEWER, 5};
	it->steps[2] = (struct item_step){xstrdup("批准"), ROLE_CHIEF, 3};
	it->legal_limit_days = 20;
	it->promised_limit_days = 8;
	it->n_fees = 2;
	it->fees = xcalloc(2, sizeof(*it->fees));
	it->fees[0] = (struct item_fee){xstrdup("工本费"), 1005,
	    xstrdup("桂价费〔2013〕1号")};
	it->fees[1] = (struct item_fee){xstrdup("检测费"), 0, xstrdup("免收")};
	it->result_name = xstrdup("食品经营许可证");
	it->in_hall = true;
	it->online_depth = 4;
	it->visits = 0;
	it->complaint_channel = xstrdup("12345, 或 市纪委");
	it->consult_phone = xstrdup(" 0771-1234567 ");
	it->warn_days = 30;
	it->retired = true;

	it = &v[1]; /* a minimal 即办件 */
	it->code = xstrdup("a.b_c-1");
	it->name = xstrdup("x");
	it->type = IT_OTHER;
	it->dept_code = xstrdup("D");
	it->level = LV_VILLAGE;
	it->basis = xstrdup("");
	it->conditions = xstrdup("");
	it->n_materials = 1;
	it->materials = xcalloc(1, sizeof(*it->materials));
	it->materials[0] = mat("身份证", false, true, MF_ELECTRONIC, 1, "表", "");
	it->legal_limit_days = 0;
	it->promised_limit_days = 0;
	it->instant = true;
	it->result_name = xstrdup("");
	it->online_depth = 1;
	it->visits = 5;
	it->complaint_channel = xstrdup("");
	it->consult_phone = xstrdup("");
	it->warn_days = -1;

	it = &v[2]; /* limits at their maximum, large fee */
	it->code = xstrdup("123456789012345678901234");
	it->name = xstrdup("\"");
	it->type = IT_CONFIRMATION;
	it->dept_code = xstrdup("部门,一");
	it->level = LV_TOWNSHIP;
	it->basis = xstrdup("\r\n");
	it->conditions = xstrdup(",");
	it->n_materials = 1;
	it->materials = xcalloc(1, sizeof(*it->materials));
	it->materials[0] = mat("材料 一", true, false, MF_COPY, 3, "", "");
	it->n_steps = 1;
	it->steps = xcalloc(1, sizeof(*it->steps));
	it->steps[0] = (struct item_step){xstrdup("办结"), ROLE_SYSTEM, 365};
	it->legal_limit_days = 365;
	it->promised_limit_days = 365;
	it->n_fees = 1;
	it->fees = xcalloc(1, sizeof(*it->fees));
	it->fees[0] = (struct item_fee){xstrdup("押金"), ITEM_MAX_FEE_FEN,
	    xstrdup("依据\n第二行")};
	it->result_name = xstrdup("批文");
	it->online_depth = 2;
	it->visits = 2;
	it->complaint_channel = xstrdup("");
	it->consult_phone = xstrdup("");
	it->warn_days = 0;

	it = &v[3]; /* NULL optional strings travel as "" */
	it->code = xstrdup("Z9");
	it->name = xstrdup("给付");
	it->type = IT_BENEFIT;
	it->dept_code = xstrdup("D9");
	it->level = LV_COUNTY;
	it->n_materials = 1;
	it->materials = xcalloc(1, sizeof(*it->materials));
	it->materials[0] = (struct item_material){xstrdup("证明"), true, true,
	    MF_ORIGINAL, 1, NULL, NULL, false, false};
	it->n_steps = 1;
	it->steps = xcalloc(1, sizeof(*it->steps));
	it->steps[0] = (struct item_step){xstrdup("审批"), ROLE_ADMIN, 1};
	it->legal_limit_days = 1;
	it->promised_limit_days = 1;
	it->online_depth = 3;
	it->visits = 1;
	it->warn_days = 1;
	*out = v;
	return N;
}

static void test_codec_table_items_are_valid(void **state)
{
	struct item *v;
	size_t n = make_items(&v);
	struct item_errors errs = {0};

	(void)state;
	for (size_t i = 0; i < n; i++) {
		if (item_validate(&v[i], (int)i + 1, &errs) != 0)
			fail_msg("item %zu: %s %s", i, errs.v[0].field,
			    errs.v[0].message);
	}
	items_free(v, n);
}

static void round_trip(enum fmt f)
{
	struct item *v, *back = NULL;
	size_t n = make_items(&v), nb = 0, len = 0;
	struct item_errors errs = {0};
	char *text;
	int rc;

	text = f == CSV ? items_format_csv(v, n, &len) :
	    items_format_json(v, n, &len);
	assert_non_null(text);
	assert_int_equal(len, strlen(text));
	rc = f == CSV ? items_parse_csv(text, len, &back, &nb, &errs) :
	    items_parse_json(text, len, &back, &nb, &errs);
	for (size_t i = 0; i < errs.n; i++)
		print_error("%d %s %s\n", errs.v[i].line, errs.v[i].field,
		    errs.v[i].message);
	assert_int_equal(rc, 0);
	assert_int_equal(nb, n);
	for (size_t i = 0; i < n; i++)
		if (!item_equal(&v[i], &back[i]))
			fail_msg("item %zu differs after the round trip", i);
	/* And a second pass gives the very same text. */
	{
		size_t len2 = 0;
		char *again = f == CSV ? items_format_csv(back, nb, &len2) :
		    items_format_json(back, nb, &len2);

		assert_int_equal(len2, len);
		assert_memory_equal(again, text, len);
		free(again);
	}
	free(text);
	items_free(back, nb);
	items_free(v, n);
}

static void test_codec_csv_round_trip(void **state)
{
	(void)state;
	round_trip(CSV);
}

static void test_codec_json_round_trip(void **state)
{
	(void)state;
	round_trip(JSON);
}

static void test_codec_csv_output_shape(void **state)
{
	struct item *v;
	size_t n = make_items(&v), len = 0;
	char *text = items_format_csv(v, n, &len);
	static const char header[] = "\xEF\xBB\xBF"
	    "code,name,type,dept_code,level,basis,conditions,materials,steps,"
	    "legal_limit_days,promised_limit_days,instant,fees,result_name,"
	    "in_hall,online_depth,visits,complaint_channel,consult_phone,"
	    "warn_days,retired,keywords,form,defer_allowed,withhold_result,"
	    "pledge_allowed,high_risk\r\n";

	(void)state;
	assert_memory_equal(text, header, sizeof(header) - 1);
	assert_non_null(strstr(text,
	    ",\"受理|clerk|0;审核, 现场|reviewer|5;批准|chief|3\","));
	assert_non_null(strstr(text, ",行政许可,"));
	assert_non_null(strstr(text, "平面图|辅件|原件及复印件|99||多行\n说明|否"));
	assert_non_null(strstr(text, "工本费|10.05|桂价费〔2013〕1号;检测费|0.00|免收"));
	free(text);
	items_free(v, n);
}

static void test_codec_csv_material_required_field(void **state)
{
	const char *s = HDR
	    "A-1,事项一,公共服务,D001,县级,"
	    "\"甲|主件|原件|1;乙|辅件|复印件|2|||否;丙|辅件|原件|1|||是;"
	    "丁|主件|原件|1| 表 | 注 ;\",,1,1,TRUE,\n";
	struct item_errors errs = {0};
	struct item *items = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(items_parse_csv(s, strlen(s), &items, &n, &errs), 0);
	assert_int_equal(items[0].n_materials, 4);
	assert_true(items[0].materials[0].required);
	assert_false(items[0].materials[1].required);
	assert_true(items[0].materials[2].required);
	assert_string_equal(items[0].materials[3].template_name, "表");
	assert_string_equal(items[0].materials[3].note, "注");
	assert_true(items[0].instant);
	items_free(items, n);
}

/* Issue 11: a material's 8th and 9th fields (可容缺, 可承诺替代) and the
 * item's four optional flag columns; a bad flag names its field. */
static void test_codec_csv_accelerated_flags(void **state)
{
	const char *s = "code,name,type,dept_code,level,materials,steps,"
	    "legal_limit_days,promised_limit_days,instant,defer_allowed,"
	    "withhold_result,pledge_allowed,high_risk\n"
	    "A-1,事项一,公共服务,D001,县级,"
	    "\"甲|主件|原件|1||||否|是;乙|辅件|复印件|2|||是|是|否\","
	    "审核|reviewer|1,5,5,否,是,是,是,否\n";
	const char *bad = "code,name,type,dept_code,level,materials,steps,"
	    "legal_limit_days,promised_limit_days,instant\n"
	    "A-1,事项一,公共服务,D001,县级,甲|辅件|原件|1||||也许,"
	    "审核|reviewer|1,5,5,否\n";
	struct item_errors errs = {0};
	struct item *items = NULL;
	size_t n = 0, len = 0;
	char *out;

	(void)state;
	assert_int_equal(items_parse_csv(s, strlen(s), &items, &n, &errs), 0);
	assert_false(items[0].materials[0].deferrable);
	assert_true(items[0].materials[0].pledgeable);
	assert_true(items[0].materials[1].deferrable);
	assert_false(items[0].materials[1].pledgeable);
	assert_true(items[0].defer_allowed && items[0].withhold_result &&
	    items[0].pledge_allowed);
	assert_false(items[0].high_risk);
	/* written back as read */
	out = items_format_csv(items, n, &len);
	assert_non_null(strstr(out, "甲|主件|原件|1|||是|否|是;"
	    "乙|辅件|复印件|2|||是|是|否"));
	assert_non_null(strstr(out, ",是,是,是,否\r\n"));
	free(out);
	items_free(items, n);
	assert_int_equal(items_parse_csv(bad, strlen(bad), &items, &n, &errs),
	    GH_EUNPROCESSABLE);
	assert_int_equal(errs.n, 1);
	assert_string_equal(errs.v[0].field, "materials[0].deferrable");
	item_errors_clear(&errs);
}

static void test_codec_csv_money_formats(void **state)
{
	static const struct {
		const char *yuan;
		int64_t fen;
	} ok[] = {
		{"10", 1000}, {"10.5", 1050}, {"10.50", 1050}, {"0.01", 1},
		{" 7 ", 700}, {"+3", 300}, {"0", 0}, {"999999999999.99",
		INT64_C(99999999999999)},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		char s[512];
		struct item_errors errs = {0};
		struct item *items = NULL;
		size_t n = 0;

		snprintf(s, sizeof(s), HDR "A-1,事项一,公共服务,D001,县级,"
		    "申请表|主件|原件|1,,1,1,是,费|%s|据\n", ok[i].yuan);
		(void)items_parse_csv(s, strlen(s), &items, &n, &errs);
		if (ok[i].fen > ITEM_MAX_FEE_FEN) {
			assert_int_equal(errs.n, 1);
			assert_string_equal(errs.v[0].field,
			    "fees[0].amount_fen");
			assert_non_null(strstr(errs.v[0].message, "上限"));
		} else {
			assert_int_equal(errs.n, 0);
			assert_int_equal(items[0].fees[0].amount_fen, ok[i].fen);
		}
		items_free(items, n);
		item_errors_clear(&errs);
	}
	expect_one_error(CSV, HDR "A-1,事项一,公共服务,D001,县级,"
	    "申请表|主件|原件|1,,1,1,是,费|10.|据\n", GH_EUNPROCESSABLE, 2,
	    "fees[0].amount_fen", "10.");
	expect_one_error(CSV, HDR "A-1,事项一,公共服务,D001,县级,"
	    "申请表|主件|原件|1,,1,1,是,费|.5|据\n", GH_EUNPROCESSABLE, 2,
	    "fees[0].amount_fen", ".5");
	expect_one_error(CSV, HDR "A-1,事项一,公共服务,D001,县级,"
	    "申请表|主件|原件|1,,1,1,是,费|1234567890123|据\n",
	    GH_EUNPROCESSABLE, 2, "fees[0].amount_fen", "金额");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codec_csv_minimal_file_parses),
		cmocka_unit_test(test_codec_form_and_keywords_round_trip),
		cmocka_unit_test(test_codec_bad_forms_name_the_path),
		cmocka_unit_test(test_codec_csv_good_fixture),
		cmocka_unit_test(test_codec_csv_bad_enum),
		cmocka_unit_test(test_codec_csv_bad_number),
		cmocka_unit_test(test_codec_csv_promised_over_legal),
		cmocka_unit_test(test_codec_csv_missing_column),
		cmocka_unit_test(test_codec_csv_unknown_and_duplicate_column),
		cmocka_unit_test(test_codec_csv_duplicate_code),
		cmocka_unit_test(test_codec_csv_unterminated_quote),
		cmocka_unit_test(test_codec_csv_invalid_utf8),
		cmocka_unit_test(test_codec_csv_empty_file),
		cmocka_unit_test(test_codec_csv_commitment_item_without_steps),
		cmocka_unit_test(test_codec_csv_step_limits_over_promised),
		cmocka_unit_test(test_codec_csv_bad_material_copies),
		cmocka_unit_test(test_codec_csv_negative_fee),
		cmocka_unit_test(test_codec_csv_row_with_wrong_field_count),
		cmocka_unit_test(test_codec_csv_reports_every_error_of_the_file),
		cmocka_unit_test(test_codec_csv_material_required_field),
		cmocka_unit_test(test_codec_csv_accelerated_flags),
		cmocka_unit_test(test_codec_csv_money_formats),
		cmocka_unit_test(test_codec_json_good_fixture),
		cmocka_unit_test(test_codec_json_minimal_item_in_a_bare_array),
		cmocka_unit_test(test_codec_json_malformed),
		cmocka_unit_test(test_codec_json_wrong_types),
		cmocka_unit_test(test_codec_json_bad_enum_and_missing_key),
		cmocka_unit_test(test_codec_json_unknown_keys_rejected_derived_ignored),
		cmocka_unit_test(test_codec_json_validation_errors_and_empty),
		cmocka_unit_test(test_codec_json_amount_yuan_accepted_without_fen),
		cmocka_unit_test(test_codec_too_big_is_refused),
		cmocka_unit_test(test_codec_item_to_json_emits_labels_and_yuan),
		cmocka_unit_test(test_codec_table_items_are_valid),
		cmocka_unit_test(test_codec_csv_round_trip),
		cmocka_unit_test(test_codec_json_round_trip),
		cmocka_unit_test(test_codec_csv_output_shape),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
