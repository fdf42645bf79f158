/*
 * test_csv.c - the RFC 4180 reader and writer of src/util/csv.c: quoting,
 * line endings, physical line numbers, caps and round trips.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/csv.h"
#include "util/gh_err.h"

/* Reads one record of s and checks its fields (NULL-terminated list). */
static void expect_record(struct csv_reader *r, int line, ...)
{
	struct csv_record rec;
	va_list ap;
	size_t i = 0;
	const char *want;

	assert_int_equal(csv_read_record(r, &rec), 1);
	assert_int_equal(rec.line, line);
	va_start(ap, line);
	while ((want = va_arg(ap, const char *)) != NULL) {
		assert_true(i < rec.n);
		assert_string_equal(rec.fields[i], want);
		assert_int_equal(rec.lens[i], strlen(want));
		i++;
	}
	va_end(ap);
	assert_int_equal(rec.n, i);
}

static void expect_end(struct csv_reader *r)
{
	struct csv_record rec;

	assert_int_equal(csv_read_record(r, &rec), 0);
	assert_int_equal(csv_read_record(r, &rec), 0);
}

static void test_csv_reads_plain_records_with_lf(void **state)
{
	const char *s = "a,b,c\n1,2,3\n";
	struct csv_reader r;

	(void)state;
	csv_reader_init(&r, s, strlen(s), NULL);
	expect_record(&r, 1, "a", "b", "c", NULL);
	expect_record(&r, 2, "1", "2", "3", NULL);
	expect_end(&r);
	csv_reader_free(&r);
}

static void test_csv_reads_crlf_cr_and_missing_final_newline(void **state)
{
	const char *s = "a,b\r\nc,d\re,f";
	struct csv_reader r;

	(void)state;
	csv_reader_init(&r, s, strlen(s), NULL);
	expect_record(&r, 1, "a", "b", NULL);
	expect_record(&r, 2, "c", "d", NULL);
	expect_record(&r, 3, "e", "f", NULL);
	expect_end(&r);
	csv_reader_free(&r);
}

static void test_csv_quoted_fields_keep_commas_newlines_and_quotes(void **state)
{
	const char *s = "\"a,b\",\"say \"\"hi\"\"\",\"l1\r\nl2\",\"\"\n";
	struct csv_reader r;

	(void)state;
	csv_reader_init(&r, s, strlen(s), NULL);
	expect_record(&r, 1, "a,b", "say \"hi\"", "l1\r\nl2", "", NULL);
	expect_end(&r);
	csv_reader_free(&r);
}

static void test_csv_reports_physical_line_after_multiline_field(void **state)
{
	const char *s = "h1,h2\n\"x\ny\nz\",1\nnext,2\r\n\"a\r\nb\",3\nlast,4\n";
	struct csv_reader r;

	(void)state;
	csv_reader_init(&r, s, strlen(s), NULL);
	expect_record(&r, 1, "h1", "h2", NULL);
	expect_record(&r, 2, "x\ny\nz", "1", NULL);
	expect_record(&r, 5, "next", "2", NULL);
	expect_record(&r, 6, "a\r\nb", "3", NULL);
	expect_record(&r, 8, "last", "4", NULL);
	expect_end(&r);
	csv_reader_free(&r);
}

static void test_csv_skips_bom_and_empty_lines(void **state)
{
	const char *s = "\xEF\xBB\xBF" "a,b\n\n\r\nc,d\n\n";
	struct csv_reader r;

	(void)state;
	csv_reader_init(&r, s, strlen(s), NULL);
	expect_record(&r, 1, "a", "b", NULL);
	expect_record(&r, 4, "c", "d", NULL);
	expect_end(&r);
	csv_reader_free(&r);
}

static void test_csv_empty_fields_and_trailing_comma(void **state)
{
	const char *s = ",a,,\n,\n";
	struct csv_reader r;

	(void)state;
	csv_reader_init(&r, s, strlen(s), NULL);
	expect_record(&r, 1, "", "a", "", "", NULL);
	expect_record(&r, 2, "", "", NULL);
	expect_end(&r);
	csv_reader_free(&r);
}

static void test_csv_quote_inside_plain_field_is_literal(void **state)
{
	const char *s = "ab\"c,d\n";
	struct csv_reader r;

	(void)state;
	csv_reader_init(&r, s, strlen(s), NULL);
	expect_record(&r, 1, "ab\"c", "d", NULL);
	expect_end(&r);
	csv_reader_free(&r);
}

static void test_csv_empty_input_has_no_records(void **state)
{
	struct csv_reader r;

	(void)state;
	csv_reader_init(&r, "", 0, NULL);
	expect_end(&r);
	csv_reader_free(&r);
	csv_reader_init(&r, "\xEF\xBB\xBF", 3, NULL);
	expect_end(&r);
	csv_reader_free(&r);
	csv_reader_init(&r, NULL, 0, NULL);
	expect_end(&r);
	csv_reader_free(&r);
}

static void test_csv_unterminated_quote_names_its_opening_line(void **state)
{
	const char *s = "a,b\nc,\"open\nstill open\nto the end\n";
	struct csv_reader r;
	struct csv_record rec;

	(void)state;
	csv_reader_init(&r, s, strlen(s), NULL);
	expect_record(&r, 1, "a", "b", NULL);
	assert_int_equal(csv_read_record(&r, &rec), GH_EINVAL);
	assert_int_equal(r.err_line, 2);
	assert_non_null(strstr(r.err_msg, "引号未闭合"));
	/* Sticky. */
	assert_int_equal(csv_read_record(&r, &rec), GH_EINVAL);
	csv_reader_free(&r);
}

static void test_csv_text_after_closing_quote_is_an_error(void **state)
{
	const char *s = "x\n\"ab\"c,d\n";
	struct csv_reader r;
	struct csv_record rec;

	(void)state;
	csv_reader_init(&r, s, strlen(s), NULL);
	expect_record(&r, 1, "x", NULL);
	assert_int_equal(csv_read_record(&r, &rec), GH_EINVAL);
	assert_int_equal(r.err_line, 2);
	csv_reader_free(&r);
}

static void test_csv_nul_byte_is_an_error(void **state)
{
	const char s[] = "a,b\0c\n";
	struct csv_reader r;
	struct csv_record rec;

	(void)state;
	csv_reader_init(&r, s, sizeof(s) - 1, NULL);
	assert_int_equal(csv_read_record(&r, &rec), GH_EINVAL);
	assert_int_equal(r.err_line, 1);
	csv_reader_free(&r);
}

static void test_csv_caps_fields_and_bytes(void **state)
{
	struct csv_limits lim = {3, 4, 10};
	struct csv_reader r;
	struct csv_record rec;

	(void)state;
	csv_reader_init(&r, "a,b,c,d\n", 8, &lim);
	assert_int_equal(csv_read_record(&r, &rec), GH_ETOOBIG);
	csv_reader_free(&r);

	csv_reader_init(&r, "abcd,\"efghi\"\n", 13, &lim);
	assert_int_equal(csv_read_record(&r, &rec), GH_ETOOBIG);
	csv_reader_free(&r);

	csv_reader_init(&r, "abcd,abcd,abc\n", 14, &lim);
	assert_int_equal(csv_read_record(&r, &rec), GH_ETOOBIG);
	csv_reader_free(&r);

	csv_reader_init(&r, "abcd,abcd,ab\n", 13, &lim);
	assert_int_equal(csv_read_record(&r, &rec), 1);
	assert_int_equal(rec.n, 3);
	csv_reader_free(&r);
}

static void test_csv_writer_quotes_only_when_needed(void **state)
{
	struct csv_writer w;
	size_t len = 0;
	char *out;

	(void)state;
	csv_writer_init(&w, 0);
	csv_write_field(&w, "plain", 5);
	csv_write_field(&w, "a,b", 3);
	csv_write_field(&w, "say \"hi\"", 8);
	csv_write_field(&w, "l1\nl2", 5);
	csv_write_field(&w, " pad", 4);
	csv_write_field(&w, "", 0);
	csv_write_field(&w, "中文", strlen("中文"));
	csv_end_record(&w);
	out = csv_writer_finish(&w, &len);
	assert_string_equal(out,
	    "plain,\"a,b\",\"say \"\"hi\"\"\",\"l1\nl2\",\" pad\",,中文\r\n");
	assert_int_equal(len, strlen(out));
	free(out);
	csv_writer_free(&w);
}

static void test_csv_writer_then_reader_round_trips(void **state)
{
	static const char *const cells[] = {
		"", ",", "\"", "\"\"", "a\r\nb", "\r", "\n", " x ", "末尾,",
		"|;", "\"quoted\" start", "ab\"c", NULL
	};
	struct csv_writer w;
	struct csv_reader r;
	struct csv_record rec;
	size_t len = 0, n = 0;
	char *out;

	(void)state;
	csv_writer_init(&w, 0);
	for (size_t i = 0; cells[i]; i++, n++)
		csv_write_field(&w, cells[i], strlen(cells[i]));
	csv_end_record(&w);
	csv_write_field(&w, "second", 6);
	csv_end_record(&w);
	out = csv_writer_finish(&w, &len);
	csv_reader_init(&r, out, len, NULL);
	assert_int_equal(csv_read_record(&r, &rec), 1);
	assert_int_equal(rec.n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(rec.fields[i], cells[i]);
	assert_int_equal(csv_read_record(&r, &rec), 1);
	assert_string_equal(rec.fields[0], "second");
	assert_int_equal(csv_read_record(&r, &rec), 0);
	csv_reader_free(&r);
	free(out);
}

static void test_csv_writer_cap_overflows_to_null(void **state)
{
	struct csv_writer w;
	size_t len = 99;
	char *out;

	(void)state;
	csv_writer_init(&w, 8);
	csv_write_field(&w, "12345", 5);
	csv_write_field(&w, "6789", 4);
	csv_end_record(&w);
	assert_true(w.overflow);
	assert_null(csv_writer_finish(&w, &len));
	assert_int_equal(len, 99);
	csv_writer_free(&w);

	/* An empty writer hands back an empty string, not NULL. */
	csv_writer_init(&w, 8);
	out = csv_writer_finish(&w, &len);
	assert_non_null(out);
	assert_string_equal(out, "");
	assert_int_equal(len, 0);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_reads_plain_records_with_lf),
		cmocka_unit_test(test_csv_reads_crlf_cr_and_missing_final_newline),
		cmocka_unit_test(test_csv_quoted_fields_keep_commas_newlines_and_quotes),
		cmocka_unit_test(test_csv_reports_physical_line_after_multiline_field),
		cmocka_unit_test(test_csv_skips_bom_and_empty_lines),
		cmocka_unit_test(test_csv_empty_fields_and_trailing_comma),
		cmocka_unit_test(test_csv_quote_inside_plain_field_is_literal),
		cmocka_unit_test(test_csv_empty_input_has_no_records),
		cmocka_unit_test(test_csv_unterminated_quote_names_its_opening_line),
		cmocka_unit_test(test_csv_text_after_closing_quote_is_an_error),
		cmocka_unit_test(test_csv_nul_byte_is_an_error),
		cmocka_unit_test(test_csv_caps_fields_and_bytes),
		cmocka_unit_test(test_csv_writer_quotes_only_when_needed),
		cmocka_unit_test(test_csv_writer_then_reader_round_trips),
		cmocka_unit_test(test_csv_writer_cap_overflows_to_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
