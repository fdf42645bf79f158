/*
 * pdf_doc.h - notices and receipts of a case as PDF (Simplified Chinese,
 * A4): 办件回执, 受理通知书, 一次性告知书, 不予受理通知书 and the 准予 / 不予
 * 行政许可决定书 (issue 10 section 5).
 *
 * The renderer knows nothing of the store or of HTTP: the caller fills a
 * struct pdf_doc with plain values (borrowed strings, day numbers) and
 * gets the whole document in memory.  Richer data (each material's check
 * and reason, the application form's values) is passed through the same
 * lists when the callers have it; empty lists are left out.
 *
 * Thread-safety: pdf_doc_render may run on several threads at once
 * (cairo and pango are thread-safe per surface; fontconfig locks itself).
 */
#ifndef GH_EXPORT_PDF_DOC_H
#define GH_EXPORT_PDF_DOC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum pdf_doc_kind {
	PDF_DOC_RECEIPT = 0,      /* 办件回执 */
	PDF_DOC_ACCEPTANCE,       /* 受理通知书 */
	PDF_DOC_MATERIALS_NOTICE, /* 一次性告知书 */
	PDF_DOC_REFUSAL,          /* 不予受理通知书 */
	PDF_DOC_DECISION,         /* 准予 / 不予行政许可决定书 */
	PDF_DOC_COMMITMENT,       /* 容缺受理承诺书 (issue 11) */
	PDF_DOC_PLEDGE,           /* 告知承诺书 (issue 11 section 3) */
	PDF_DOC_KIND_COUNT_
};

/* The API name of a kind ("receipt", "acceptance", "materials_notice",
 * "refusal", "decision", "commitment", "pledge"); NULL for an unknown
 * kind.  A commitment lists the deferred materials as materials[], each
 * needed line naming its form, copies and supplement day; a pledge (告知
 * 承诺书) names the conditions to be met (conditions), the proofs the
 * promise stands for as materials[], the liability for a false promise
 * and the follow-up check (verify_days after the decision, by
 * verify_due_day once scheduled). */
const char *pdf_doc_kind_name(int kind);
/* The kind named name, or -1. */
int pdf_doc_kind_parse(const char *name);
/* The Chinese title; approved picks the decision's (ignored otherwise). */
const char *pdf_doc_title(int kind, bool approved);
/* The title of a joint case's result notice (并联审批结果通知书). */
#define PDF_DOC_JOINT_TITLE "并联审批结果通知书"
/* The prefix of a kind's document number (受, 补, 不受, 许, ...): numbers
 * read "〔2026〕<prefix>字第000123号". */
const char *pdf_doc_number_prefix(int kind);

/* One label/value pair of the application form. */
struct pdf_field {
	const char *label, *value;
};
/* One material the applicant must supply or correct: needed says what is
 * wanted (may be NULL), reason why the one given failed (may be NULL). */
struct pdf_material {
	const char *name, *needed, *reason;
};

struct pdf_doc {
	int kind;                    /* enum pdf_doc_kind */
	const char *centre_name;     /* header and stamp */
	const char *issuer_name;     /* the department or window (stamp) */
	const char *number;          /* the document number, given */
	bool reprint;                /* 补打 */
	int print_no;                /* this print's ordinal (1 first) */
	int32_t issued_day;          /* the date printed at the foot */

	const char *applicant_name;
	const char *applicant_id_no; /* as it may be shown (masked) */
	const char *item_name, *item_code;
	int64_t case_id;
	const char *query_code;
	int32_t submitted_day;       /* DAY_NONE when unset, as the others */
	int32_t accepted_day, deadline_day, decided_day;
	int limit_days;              /* promised limit, working days (0: none) */

	const char *progress_url;    /* receipt: what the QR code encodes */
	const char *reason;          /* refusal / denial */
	bool approved;               /* decision: 准予 or 不予 */
	const char *result_name;     /* decision approved: the certificate */
	const char *conditions;      /* pledge: the item's 受理条件 */
	int verify_days;             /* pledge: 事后核查 working days */
	int32_t verify_due_day;      /* pledge: its day, DAY_NONE until the
	                              * decision scheduled it */

	const struct pdf_field *fields;
	size_t n_fields;
	const struct pdf_material *materials;
	size_t n_materials;
	/* 并联审批: a joint case's decision is its result notice, one line
	 * per item in materials[] (name: the item and department, needed:
	 * its result, reason: a refusal's reason); approved when all were */
	bool joint;
};

/* Renders d into *out (malloc'ed; *len bytes).  GH_EINVAL for an unknown
 * kind or a missing number; GH_EIO when cairo or libqrencode fails. */
int pdf_doc_render(const struct pdf_doc *d, unsigned char **out, size_t *len);

/* Renders a small document and drops it, so that fontconfig and pango
 * have loaded the CJK fonts before the first request needs them (the
 * first load takes a noticeable part of a second).  For start-up. */
void pdf_doc_warm(void);
/* Releases the font caches of pango, cairo and fontconfig at the end of
 * the process, once nothing renders any more (no thread may render
 * after it). */
void pdf_doc_shutdown(void);

#endif
