/*
 * test_pdf_doc.c - the PDF notices and receipts (src/export/pdf_doc.c):
 * every kind renders to a well-formed PDF in memory, a long list wraps to
 * more pages, and bad input is refused.  The text itself is read back
 * with pdftotext in tests/api/test_documents.py.
 */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/day.h"
#include "export/pdf_doc.h"
#include "util/gh_err.h"

static const struct pdf_field form[] = {
	{"经营场所", "南宁市青秀区民族大道100号"},
	{"经营范围", "食品销售(仅销售预包装食品)"},
};
static const struct pdf_material missing[] = {
	{"营业执照复印件", "加盖公章的复印件一份", NULL},
	{"法定代表人身份证明", NULL, "复印件不清晰"},
};

static struct pdf_doc sample(int kind)
{
	struct pdf_doc d = {
		.kind = kind,
		.centre_name = "某某市政务服务中心",
		.issuer_name = "市场监管局窗口",
		.number = "〔2026〕受字第000123号",
		.print_no = 1,
		.issued_day = day_from_ymd(2026, 11, 23),
		.applicant_name = "张三",
		.applicant_id_no = "450103********1234",
		.item_name = "食品经营许可",
		.item_code = "450323-SCJG-0001",
		.case_id = 42,
		.query_code = "K7P2M9QX",
		.submitted_day = day_from_ymd(2026, 11, 20),
		.accepted_day = day_from_ymd(2026, 11, 23),
		.deadline_day = day_from_ymd(2026, 12, 21),
		.decided_day = DAY_NONE,
		.limit_days = 20,
		.progress_url = "http://127.0.0.1:8080/progress/K7P2M9QX",
		.reason = "申请事项不属于本机关职权范围",
		.result_name = "食品经营许可证",
		.fields = form,
		.n_fields = 2,
		.materials = missing,
		.n_materials = 2,
		/* 告知承诺书 */
		.conditions = "符合《个体工商户条例》规定的条件",
		.verify_days = 20,
		.verify_due_day = DAY_NONE,
	};
	return d;
}

/* The number of page objects (cairo writes "/Type /Page" for each and
 * "/Type /Pages" for the tree). */
static int page_count(const unsigned char *p, size_t len)
{
	static const char key[] = "/Type /Page";
	int n = 0;

	for (size_t i = 0; i + sizeof key <= len; i++)
		if (!memcmp(p + i, key, sizeof key - 1) &&
		    p[i + sizeof key - 1] != 's')
			n++;
	return n;
}

static void assert_pdf(const unsigned char *p, size_t len)
{
	bool eof = false;

	assert_true(len > 1000);
	assert_memory_equal(p, "%PDF-", 5);
	/* the trailer ends the file (a newline may follow) */
	for (size_t i = len - 16; i + 5 <= len; i++)
		eof = eof || !memcmp(p + i, "%%EOF", 5);
	assert_true(eof);
}

/* With GH_PDF_DUMP=dir, each rendered document is also written there
 * (to look at the layout by hand). */
static void dump(const struct pdf_doc *d, const unsigned char *p, size_t len)
{
	const char *dir = getenv("GH_PDF_DUMP");
	char path[512];
	FILE *f;

	if (!dir)
		return;
	snprintf(path, sizeof path, "%s/%s%s%s.pdf", dir,
	    pdf_doc_kind_name(d->kind), d->reprint ? "-reprint" : "",
	    d->kind == PDF_DOC_DECISION && !d->approved ? "-denied" : "");
	if ((f = fopen(path, "wb"))) {
		fwrite(p, 1, len, f);
		fclose(f);
	}
}

/* pages 0: any number of pages. */
static void render_ok(const struct pdf_doc *d, int pages)
{
	unsigned char *p = NULL;
	size_t len = 0;

	assert_int_equal(pdf_doc_render(d, &p, &len), 0);
	assert_pdf(p, len);
	dump(d, p, len);
	if (pages)
		assert_int_equal(page_count(p, len), pages);
	else
		assert_true(page_count(p, len) >= 1);
	free(p);
}

static void test_pdf_doc_renders_every_kind(void **state)
{
	(void)state;
	for (int k = 0; k < PDF_DOC_KIND_COUNT_; k++) {
		struct pdf_doc d = sample(k);

		/* a receipt and an acceptance notice fit one page; the lists of
		 * the others may run on */
		int pages = k == PDF_DOC_RECEIPT || k == PDF_DOC_ACCEPTANCE;

		render_ok(&d, pages);
		d.reprint = true;
		d.print_no = 2;
		render_ok(&d, pages);
	}
}

/* A 告知承诺书 before the decision names the days of the check; once the
 * check is scheduled, its day. */
static void test_pdf_doc_pledge_with_and_without_due_day(void **state)
{
	struct pdf_doc d = sample(PDF_DOC_PLEDGE);

	(void)state;
	assert_string_equal(pdf_doc_kind_name(PDF_DOC_PLEDGE), "pledge");
	assert_string_equal(pdf_doc_title(PDF_DOC_PLEDGE, true), "告知承诺书");
	render_ok(&d, 0);
	d.verify_due_day = day_from_ymd(2026, 12, 21);
	d.conditions = NULL;
	d.n_materials = 0;
	render_ok(&d, 0);
}

static void test_pdf_doc_decision_denied_and_empty_lists(void **state)
{
	struct pdf_doc d = sample(PDF_DOC_DECISION);

	(void)state;
	d.approved = false;
	d.decided_day = day_from_ymd(2026, 12, 1);
	d.n_fields = 0;
	render_ok(&d, 1);
	d.approved = true;
	render_ok(&d, 1);
	d = sample(PDF_DOC_MATERIALS_NOTICE);
	d.n_materials = 0;
	d.n_fields = 0;
	render_ok(&d, 1);
}

static void test_pdf_doc_long_list_wraps_to_more_pages(void **state)
{
	struct pdf_material many[80];
	struct pdf_doc d = sample(PDF_DOC_MATERIALS_NOTICE);
	unsigned char *p = NULL;
	size_t len = 0;

	(void)state;
	for (size_t i = 0; i < 80; i++)
		many[i] = (struct pdf_material){"申请材料", "原件一份,复印件两份",
		    "材料内容与申请表不一致,需重新提交"};
	d.materials = many;
	d.n_materials = 80;
	assert_int_equal(pdf_doc_render(&d, &p, &len), 0);
	assert_pdf(p, len);
	assert_true(page_count(p, len) >= 3);
	free(p);
}

static void test_pdf_doc_markup_in_values_is_text(void **state)
{
	struct pdf_doc d = sample(PDF_DOC_REFUSAL);

	(void)state;
	d.applicant_name = "<b>李四 & 王五</b>";
	d.reason = "理由 <i>未闭合";
	render_ok(&d, 1);
}

static void test_pdf_doc_refuses_bad_input(void **state)
{
	struct pdf_doc d = sample(PDF_DOC_RECEIPT);
	unsigned char *p = (unsigned char *)"untouched";
	size_t len = 7;

	(void)state;
	d.kind = PDF_DOC_KIND_COUNT_;
	assert_int_equal(pdf_doc_render(&d, &p, &len), GH_EINVAL);
	d.kind = PDF_DOC_RECEIPT;
	d.number = "";
	assert_int_equal(pdf_doc_render(&d, &p, &len), GH_EINVAL);
	assert_int_equal(len, 7);
	assert_int_equal(pdf_doc_render(NULL, &p, &len), GH_EINVAL);
}

static void test_pdf_doc_warm_renders_quietly(void **state)
{
	(void)state;
	pdf_doc_warm();
	pdf_doc_warm();
}

static void test_pdf_doc_kind_names_round_trip(void **state)
{
	(void)state;
	for (int k = 0; k < PDF_DOC_KIND_COUNT_; k++)
		assert_int_equal(pdf_doc_kind_parse(pdf_doc_kind_name(k)), k);
	assert_int_equal(pdf_doc_kind_parse("licence"), -1);
	assert_int_equal(pdf_doc_kind_parse(NULL), -1);
	assert_null(pdf_doc_kind_name(-1));
	assert_string_equal(pdf_doc_title(PDF_DOC_DECISION, true),
	    "准予行政许可决定书");
	assert_string_equal(pdf_doc_title(PDF_DOC_DECISION, false),
	    "不予行政许可决定书");
	assert_string_equal(pdf_doc_title(PDF_DOC_MATERIALS_NOTICE, false),
	    "一次性告知书");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pdf_doc_renders_every_kind),
		cmocka_unit_test(test_pdf_doc_decision_denied_and_empty_lists),
		cmocka_unit_test(test_pdf_doc_pledge_with_and_without_due_day),
		cmocka_unit_test(test_pdf_doc_long_list_wraps_to_more_pages),
		cmocka_unit_test(test_pdf_doc_markup_in_values_is_text),
		cmocka_unit_test(test_pdf_doc_refuses_bad_input),
		cmocka_unit_test(test_pdf_doc_kind_names_round_trip),
		cmocka_unit_test(test_pdf_doc_warm_renders_quietly),
	};

	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	pdf_doc_shutdown();
	return rc;
}
