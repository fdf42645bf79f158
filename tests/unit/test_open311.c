/*
 * test_open311.c - unit tests of src/domain/open311.c and
 * src/export/open311_xml.c: the checks of a POSTed GeoReport request as a
 * table (each refusal names its argument), the open/closed status of every
 * complaint state, the date-times both ways at their boundaries, and the
 * XML written from JSON (element names, escaping, forbidden characters,
 * empty elements).
 * Single-threaded test binary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/open311.h"
#include "export/open311_xml.h"
#include "util/gh_err.h"

#define KV_MAX 12

struct row {
	const char *what;
	struct open311_kv kv[KV_MAX];
	const char *field;   /* NULL: accepted */
};

static void test_open311_post_table(void **state)
{
	static char long_desc[4 * 4002];
	static char max_desc[3 * 4000 + 1];
	static const struct row rows[] = {
		{"the least: service, description and a phone",
		    {{"service_code", "efficiency"}, {"description", "窗口办事拖延"},
		    {"phone", "13800138000"}}, NULL},
		{"an e-mail is a contact too, with names, lat/long and media",
		    {{"service_code", "fees"}, {"description", "多收了费用\n请核查"},
		    {"email", "li@example.cn"}, {"first_name", "李"},
		    {"last_name", "明"}, {"lat", "25.2345"}, {"long", "110.18"},
		    {"media_url", "https://example.cn/a.jpg"}}, NULL},
		{"attributes in their lists",
		    {{"service_code", "attitude"}, {"description", "态度差"},
		    {"phone", "0773-1234567"}, {"attribute[dept]", "3"},
		    {"attribute[disclose_identity]", "yes"},
		    {"attribute[title]", "窗口态度问题"}}, NULL},
		{"unknown plain arguments are ignored",
		    {{"service_code", "other"}, {"description", "建议"},
		    {"phone", "+8613800138000"}, {"x_client_field", "1"}}, NULL},
		{"empty optional arguments are absent",
		    {{"service_code", "other"}, {"description", "建议"},
		    {"phone", "13800138000"}, {"email", ""}, {"lat", ""},
		    {"long", ""}}, NULL},
		{"the extreme coordinates",
		    {{"service_code", "other"}, {"description", "x"},
		    {"phone", "13800138000"}, {"lat", "-90"}, {"long", "180.000"}},
		    NULL},
		{"no service_code", {{"description", "x"}, {"phone", "13800138000"}},
		    "service_code"},
		{"an unknown service", {{"service_code", "pothole"},
		    {"description", "x"}, {"phone", "13800138000"}}, "service_code"},
		{"no description", {{"service_code", "fees"},
		    {"phone", "13800138000"}}, "description"},
		{"a blank description", {{"service_code", "fees"},
		    {"description", " \n\t"}, {"phone", "13800138000"}},
		    "description"},
		{"no contact, only a name", {{"service_code", "fees"},
		    {"description", "x"}, {"first_name", "王"}}, "phone"},
		{"a bad e-mail", {{"service_code", "fees"}, {"description", "x"},
		    {"email", "a@b"}}, "email"},
		{"an e-mail with a space", {{"service_code", "fees"},
		    {"description", "x"}, {"email", "a b@c.cn"}}, "email"},
		{"a phone with letters", {{"service_code", "fees"},
		    {"description", "x"}, {"phone", "1380013800a"}}, "phone"},
		{"a phone too short", {{"service_code", "fees"},
		    {"description", "x"}, {"phone", "1234"}}, "phone"},
		{"lat without long", {{"service_code", "fees"},
		    {"description", "x"}, {"phone", "13800138000"},
		    {"lat", "25.1"}}, "long"},
		{"lat beyond 90", {{"service_code", "fees"}, {"description", "x"},
		    {"phone", "13800138000"}, {"lat", "90.0001"},
		    {"long", "110"}}, "lat"},
		{"long beyond 180", {{"service_code", "fees"}, {"description", "x"},
		    {"phone", "13800138000"}, {"lat", "25"}, {"long", "-180.5"}},
		    "long"},
		{"an exponent is not a degree", {{"service_code", "fees"},
		    {"description", "x"}, {"phone", "13800138000"}, {"lat", "1e1"},
		    {"long", "110"}}, "lat"},
		{"nan is not a degree", {{"service_code", "fees"},
		    {"description", "x"}, {"phone", "13800138000"}, {"lat", "nan"},
		    {"long", "110"}}, "lat"},
		{"a media_url that is not http", {{"service_code", "fees"},
		    {"description", "x"}, {"phone", "13800138000"},
		    {"media_url", "javascript:alert(1)"}}, "media_url"},
		{"an attribute no service defines", {{"service_code", "fees"},
		    {"description", "x"}, {"phone", "13800138000"},
		    {"attribute[colour]", "red"}}, "attribute[colour]"},
		{"a yes/no attribute with another value", {{"service_code", "fees"},
		    {"description", "x"}, {"phone", "13800138000"},
		    {"attribute[disclose_identity]", "maybe"}},
		    "attribute[disclose_identity]"},
		{"a department that is not a number", {{"service_code", "fees"},
		    {"description", "x"}, {"phone", "13800138000"},
		    {"attribute[dept]", "0x3"}}, "attribute[dept]"},
		{"a department of zero", {{"service_code", "fees"},
		    {"description", "x"}, {"phone", "13800138000"},
		    {"attribute[dept]", "0"}}, "attribute[dept]"},
		{"a control character in a name", {{"service_code", "fees"},
		    {"description", "x"}, {"phone", "13800138000"},
		    {"first_name", "王\x01"}}, "first_name"},
		{"a line break in a one-line argument", {{"service_code", "fees"},
		    {"description", "x"}, {"phone", "13800138000"},
		    {"address_string", "a\nb"}}, "address_string"},
		{"bytes that are not UTF-8", {{"service_code", "fees"},
		    {"description", "\xff\xfe"}, {"phone", "13800138000"}},
		    "description"},
		{"a title over 60 characters", {{"service_code", "fees"},
		    {"description", "x"}, {"phone", "13800138000"},
		    {"attribute[title]", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
		    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"}},
		    "attribute[title]"},
	};
	struct open311_post p;
	char why[200], field[64];

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		size_t n = 0;
		int rc;

		while (n < KV_MAX && rows[i].kv[n].name)
			n++;
		rc = open311_post_parse(rows[i].kv, n, &p, why, sizeof why, field,
		    sizeof field);
		if (!rows[i].field) {
			if (rc)
				fail_msg("%s: refused (%s: %s)", rows[i].what, field, why);
		} else {
			if (rc != GH_EINVAL)
				fail_msg("%s: accepted", rows[i].what);
			if (strcmp(field, rows[i].field))
				fail_msg("%s: field %s, want %s", rows[i].what, field,
				    rows[i].field);
			assert_true(why[0]);
		}
	}

	/* the description's cap counts characters, not bytes */
	for (int i = 0; i < 4000; i++)
		memcpy(max_desc + 3 * i, "诉", 3);
	max_desc[3 * 4000] = '\0';
	{
		struct open311_kv kv[] = {{"service_code", "fees"},
			{"description", max_desc}, {"phone", "13800138000"}};

		assert_int_equal(open311_post_parse(kv, 3, &p, why, sizeof why,
		    field, sizeof field), 0);
		assert_ptr_equal(p.description, max_desc);
	}
	memcpy(long_desc, max_desc, sizeof max_desc - 1);
	memcpy(long_desc + sizeof max_desc - 1, "a", 2);
	{
		struct open311_kv kv[] = {{"service_code", "fees"},
			{"description", long_desc}, {"phone", "13800138000"}};

		assert_int_equal(open311_post_parse(kv, 3, &p, why, sizeof why,
		    field, sizeof field), GH_EINVAL);
		assert_string_equal(field, "description");
	}
}

static void test_open311_post_sorts_arguments(void **state)
{
	struct open311_kv kv[] = {{"api_key", "k"}, {"service_code", "fees"},
		{"description", "多收费"}, {"phone", "13800138000"},
		{"attribute[dept]", "12"}, {"attribute[case_query_code]", "Q1"},
		{"long", "110.1"}, {"lat", "25.2"}, {"jurisdiction_id", "j"}};
	struct open311_post p;
	char why[200], field[64];
	size_t n;
	const struct open311_attr *a = open311_attrs(&n);

	(void)state;
	assert_int_equal(open311_post_parse(kv, sizeof kv / sizeof kv[0], &p, why,
	    sizeof why, field, sizeof field), 0);
	assert_string_equal(p.api_key, "k");
	assert_string_equal(p.jurisdiction_id, "j");
	assert_string_equal(p.lat, "25.2");
	assert_string_equal(p.lon, "110.1");
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(a[i].code, "dept"))
			assert_string_equal(p.attr[i], "12");
		else if (!strcmp(a[i].code, "case_query_code"))
			assert_string_equal(p.attr[i], "Q1");
		else
			assert_null(p.attr[i]);
	}
}

static void test_open311_services_and_status(void **state)
{
	static const struct {
		const char *state, *want;
	} rows[] = {
		{"received", "open"}, {"accepted", "open"}, {"registered", "open"},
		{"submitted", "open"}, {"handling", "open"}, {"rejected", "closed"},
		{"reported", "closed"}, {"archived", "closed"},
	};
	size_t n;
	const struct open311_service *s = open311_services(&n);

	(void)state;
	assert_int_equal(n, 6);
	for (size_t i = 0; i < n; i++) {
		assert_ptr_equal(open311_service_find(s[i].code), &s[i]);
		assert_true(s[i].name[0] && s[i].description[0]);
	}
	assert_null(open311_service_find("pothole"));
	assert_null(open311_service_find(NULL));
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		assert_string_equal(open311_status(rows[i].state), rows[i].want);
	assert_true(open311_status_valid("open"));
	assert_true(open311_status_valid("closed"));
	assert_false(open311_status_valid("Open"));
	assert_false(open311_status_valid(""));
}

static void test_open311_time_both_ways(void **state)
{
	static const struct {
		const char *text;
		long gmtoff;
		int64_t want;   /* INT64_MIN: refused */
	} rows[] = {
		{"1994-11-05T08:15:30-05:00", 0, 784041330},
		{"1994-11-05T13:15:30Z", 0, 784041330},
		{"1994-11-05T21:15:30+08:00", 0, 784041330},
		{"1994-11-05T21:15:30.250+08:00", 0, 784041330},
		{"1994-11-05T21:15:30", 28800, 784041330},
		{"1994-11-05T21:15", 28800, 784041300},
		{"2026-12-31", 28800, 1798646400},
		{"2026-12-31T24:00:00Z", 0, INT64_MIN},
		{"2026-02-30", 0, INT64_MIN},
		{"2026-12-31T10:00:00+0800", 0, INT64_MIN},
		{"2026-12-31T10:00:60Z", 0, INT64_MIN},
		{"2026-12-31T10:00:00.Z", 0, INT64_MIN},
		{"2026-12-31 10:00:00", 0, INT64_MIN},
		{"2026-12-31T10:00:00Zjunk", 0, INT64_MIN},
		{"26-12-31", 0, INT64_MIN},
		{"", 0, INT64_MIN},
	};
	char out[32];
	int64_t t;

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int rc = open311_time_parse(rows[i].text, rows[i].gmtoff, &t);

		if (rows[i].want == INT64_MIN) {
			if (rc != GH_EINVAL)
				fail_msg("%s accepted", rows[i].text);
		} else if (rc || t != rows[i].want) {
			fail_msg("%s: rc %d, %lld, want %lld", rows[i].text, rc,
			    (long long)t, (long long)rows[i].want);
		}
	}
	assert_int_equal(open311_time_parse(NULL, 0, &t), GH_EINVAL);
	open311_time_format(784041330, 0, out);
	assert_string_equal(out, "1994-11-05T13:15:30Z");
	open311_time_format(784041330, 28800, out);
	assert_string_equal(out, "1994-11-05T21:15:30+08:00");
	open311_time_format(784041330, -18000, out);
	assert_string_equal(out, "1994-11-05T08:15:30-05:00");
	/* the year's last second and the next year's first, in +08:00 */
	open311_time_format(1798732799, 28800, out);
	assert_string_equal(out, "2026-12-31T23:59:59+08:00");
	open311_time_format(1798732800, 28800, out);
	assert_string_equal(out, "2027-01-01T00:00:00+08:00");
	open311_time_format(1798732799, 19800, out);
	assert_string_equal(out, "2026-12-31T21:29:59+05:30");
	/* the round trip */
	assert_int_equal(open311_time_parse(out, 0, &t), 0);
	assert_int_equal(t, 1798732799);
}

static void test_open311_xml_writer(void **state)
{
	json_t *v = json_pack("[{s:s,s:s,s:b,s:n,s:I,s:f,s:[{s:s,s:[{s:s,s:s}]}]}]",
	    "service_code", "fees", "service_name", "收费 <&> \"'", "metadata", 1,
	    "account_id", "id", (json_int_t)42, "lat", 25.5, "attributes",
	    "code", "dept", "values", "key", "3", "name", "市场监管局");
	char *xml;
	size_t len;

	(void)state;
	open311_xml(v, "services", &xml, &len);
	assert_int_equal(strlen(xml), len);
	assert_string_equal(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<services><service><service_code>fees</service_code>"
	    "<service_name>收费 &lt;&amp;&gt; &quot;&apos;</service_name>"
	    "<metadata>true</metadata><account_id/><id>42</id><lat>25.5</lat>"
	    "<attributes><attribute><code>dept</code><values><value><key>3</key>"
	    "<name>市场监管局</name></value></values></attribute></attributes>"
	    "</service></services>\n");
	free(xml);
	json_decref(v);

	/* forbidden characters and bytes that are not UTF-8 become U+FFFD;
	 * tabs and line breaks stay */
	v = json_pack("[{s:o}]", "description", json_stringn_nocheck("a\x01"
	    "b\tc\n\xff", 7));
	open311_xml(v, "service_requests", &xml, &len);
	assert_non_null(strstr(xml, "<service_requests><request><description>"
	    "a\xEF\xBF\xBD" "b\tc\n\xEF\xBF\xBD</description></request>"));
	free(xml);
	json_decref(v);

	v = json_array();
	open311_xml(v, "errors", &xml, &len);
	assert_string_equal(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<errors/>\n");
	free(xml);
	json_decref(v);
	assert_string_equal(open311_xml_singular("errors"), "error");
	assert_string_equal(open311_xml_singular("formats"), "format");
	assert_string_equal(open311_xml_singular("whatever"), "item");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open311_post_table),
		cmocka_unit_test(test_open311_post_sorts_arguments),
		cmocka_unit_test(test_open311_services_and_status),
		cmocka_unit_test(test_open311_time_both_ways),
		cmocka_unit_test(test_open311_xml_writer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
