/*
 * pdf_doc.c - renders one notice or receipt of a case to PDF with cairo
 * and pango (see pdf_doc.h).
 *
 * Layout: A4 portrait, 20 mm margins.  A flow of paragraphs is laid out
 * by pango at the text width and drawn line by line, so that a long list
 * (materials, form values) continues on a new page instead of running off
 * the paper; every page repeats the small running head (centre, title,
 * number, 补打）.  The stamp is a text mark drawn as vectors (a red ring,
 * the centre's name along its top, a star, the issuer's name across),
 * never an image of a real seal.  The QR code of a receipt is drawn as
 * squares from libqrencode's module matrix.
 *
 * Owns nothing beyond one call; no global state (the font map is pango's
 * process default, which is thread-safe).
 */
#include "export/pdf_doc.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdarg.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/day.h"
#include "util/gh_err.h"
#include "util/xalloc.h"

#define PAGE_W 595.276   /* A4 in points */
#define PAGE_H 841.89
#define MARGIN 56.7      /* 20 mm */
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define BOTTOM (PAGE_H - MARGIN)

#define SANS "Noto Sans CJK SC"
#define SERIF "Noto Serif CJK SC"

static const struct {
	const char *name, *title, *prefix;
} kinds[PDF_DOC_KIND_COUNT_] = {
	[PDF_DOC_RECEIPT] = {"receipt", "办件回执", "收"},
	[PDF_DOC_ACCEPTANCE] = {"acceptance", "受理通知书", "受"},
	[PDF_DOC_MATERIALS_NOTICE] = {"materials_notice", "一次性告知书", "补"},
	[PDF_DOC_REFUSAL] = {"refusal", "不予受理通知书", "不受"},
	[PDF_DOC_DECISION] = {"decision", "准予行政许可决定书", "许"},
	[PDF_DOC_COMMITMENT] = {"commitment", "容缺受理承诺书", "容"},
	[PDF_DOC_PLEDGE] = {"pledge", "告知承诺书", "诺"},
};

const char *pdf_doc_kind_name(int kind)
{
	return kind >= 0 && kind < PDF_DOC_KIND_COUNT_ ? kinds[kind].name : NULL;
}

int pdf_doc_kind_parse(const char *name)
{
	for (int k = 0; name && k < PDF_DOC_KIND_COUNT_; k++)
		if (!strcmp(name, kinds[k].name))
			return k;
	return -1;
}

const char *pdf_doc_title(int kind, bool approved)
{
	if (kind == PDF_DOC_DECISION && !approved)
		return "不予行政许可决定书";
	return kind >= 0 && kind < PDF_DOC_KIND_COUNT_ ? kinds[kind].title : NULL;
}

const char *pdf_doc_number_prefix(int kind)
{
	return kind >= 0 && kind < PDF_DOC_KIND_COUNT_ ? kinds[kind].prefix :
	    NULL;
}

/* ---- growing byte buffer for cairo's stream ----------------------------- */

struct membuf {
	unsigned char *p;
	size_t len, cap;
};

static cairo_status_t write_mem(void *closure, const unsigned char *data,
    unsigned int n)
{
	struct membuf *b = closure;

	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 64 * 1024;

		while (cap < b->len + n)
			cap *= 2;
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	return CAIRO_STATUS_SUCCESS;
}

/* ---- text helpers ------------------------------------------------------- */

/* A growing string, for paragraphs built of parts. */
struct text {
	char *p;
	size_t len, cap;
};

static void text_addf(struct text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void text_addf(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (t->len + (size_t)n + 1 > t->cap) {
		t->cap = (t->len + (size_t)n + 1) * 2;
		t->p = xrealloc(t->p, t->cap);
	}
	va_start(ap, fmt);
	vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

static const char *str_or(const char *s, const char *dflt)
{
	return s && *s ? s : dflt;
}

/* "2026年11月23日", or "—" for DAY_NONE. */
static void day_cn(int32_t day, char out[32])
{
	int y, m, d;

	if (day == DAY_NONE) {
		snprintf(out, 32, "—");
		return;
	}
	day_to_ymd(day, &y, &m, &d);
	snprintf(out, 32, "%d年%d月%d日", y, m, d);
}

/* The date of the foot in Chinese numerals: "二〇二六年十一月二十三日". */
static void day_cn_numerals(int32_t day, char *out, size_t cap)
{
	static const char *const dig[] = {"〇", "一", "二", "三", "四", "五",
	    "六", "七", "八", "九"};
	struct text t = {0};
	int y, m, d;

	day_to_ymd(day, &y, &m, &d);
	text_addf(&t, "%s%s%s%s年", dig[y / 1000 % 10], dig[y / 100 % 10],
	    dig[y / 10 % 10], dig[y % 10]);
	for (int i = 0; i < 2; i++) {
		int v = i ? d : m;

		text_addf(&t, "%s%s%s%s", v >= 20 ? dig[v / 10] : "",
		    v >= 10 ? "十" : "", v % 10 || v < 10 ? dig[v % 10] : "",
		    i ? "日" : "月");
	}
	snprintf(out, cap, "%s", t.p);
	free(t.p);
}

/* Escapes s for pango markup into t. */
static void text_add_escaped(struct text *t, const char *s)
{
	char *e = g_markup_escape_text(s ? s : "", -1);

	text_addf(t, "%s", e);
	g_free(e);
}

/* ---- the page flow ------------------------------------------------------ */

struct flow {
	cairo_t *cr;
	const struct pdf_doc *d;
	const char *title;
	double y;
	int page;
};

static PangoLayout *layout_new(cairo_t *cr, const char *font, double size,
    double width, PangoAlignment align)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_from_string(font);

	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_alignment(l, align);
	return l;
}

/* Draws markup at (x, y) without page logic; returns its height. */
static double draw_at(cairo_t *cr, double x, double y, const char *font,
    double size, double width, PangoAlignment align, const char *markup)
{
	PangoLayout *l = layout_new(cr, font, size, width, align);
	int w, h;

	pango_layout_set_markup(l, markup, -1);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
	pango_layout_get_size(l, &w, &h);
	g_object_unref(l);
	return (double)h / PANGO_SCALE;
}

/* The mark of a reprint: a red box with 补打 and the print's ordinal. */
static void draw_reprint_mark(struct flow *f, double y)
{
	char buf[96];

	cairo_save(f->cr);
	cairo_set_source_rgb(f->cr, 0.8, 0.0, 0.0);
	cairo_set_line_width(f->cr, 1.5);
	cairo_rectangle(f->cr, PAGE_W - MARGIN - 70, y, 70, 30);
	cairo_stroke(f->cr);
	draw_at(f->cr, PAGE_W - MARGIN - 70, y + 3, SANS " Bold", 18, 70,
	    PANGO_ALIGN_CENTER, "补打");
	snprintf(buf, sizeof buf, "第%d次打印", f->d->print_no);
	draw_at(f->cr, PAGE_W - MARGIN - 120, y + 34, SANS, 8, 120,
	    PANGO_ALIGN_RIGHT, buf);
	cairo_restore(f->cr);
}

/* A continuation page: the running head, then the flow goes on. */
static void flow_new_page(struct flow *f)
{
	struct text t = {0};

	cairo_show_page(f->cr);
	f->page++;
	text_add_escaped(&t, f->d->centre_name);
	text_addf(&t, "  ");
	text_add_escaped(&t, f->title);
	text_addf(&t, "  ");
	text_add_escaped(&t, f->d->number);
	text_addf(&t, "  （续第%d页）", f->page);
	cairo_set_source_rgb(f->cr, 0.3, 0.3, 0.3);
	draw_at(f->cr, MARGIN, MARGIN - 20, SANS, 8, TEXT_W, PANGO_ALIGN_LEFT,
	    t.p);
	cairo_set_source_rgb(f->cr, 0, 0, 0);
	free(t.p);
	if (f->d->reprint)
		draw_reprint_mark(f, MARGIN - 4);
	f->y = MARGIN + (f->d->reprint ? 50 : 10);
}

/* Lays markup out at the text width (indent from the left margin) and
 * draws it line by line, breaking to a new page where a line would not
 * fit; then leaves gap points below. */
static void flow_para(struct flow *f, const char *font, double size,
    double indent, PangoAlignment align, const char *markup, double gap)
{
	PangoLayout *l = layout_new(f->cr, font, size, TEXT_W - indent, align);
	PangoLayoutIter *it;
	double top = f->y;

	pango_layout_set_markup(l, markup, -1);
	pango_layout_set_spacing(l, (int)(size * 0.35 * PANGO_SCALE));
	it = pango_layout_get_iter(l);
	do {
		PangoRectangle r;
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		double base, ly, lh;

		pango_layout_iter_get_line_extents(it, NULL, &r);
		base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		ly = (double)r.y / PANGO_SCALE;
		lh = (double)r.height / PANGO_SCALE;
		if (top + ly + lh > BOTTOM) {
			flow_new_page(f);
			top = f->y - ly;
		}
		cairo_move_to(f->cr, MARGIN + indent + (double)r.x / PANGO_SCALE,
		    top + base);
		pango_cairo_show_layout_line(f->cr, line);
		f->y = top + ly + lh;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(l);
	f->y += gap;
}

static void flow_text(struct flow *f, const char *s, double gap)
{
	struct text t = {0};

	text_add_escaped(&t, s);
	flow_para(f, SERIF, 12, 0, PANGO_ALIGN_LEFT, t.p, gap);
	free(t.p);
}

/* "label:value" with the label bold. */
static void flow_pair(struct flow *f, const char *label, const char *value)
{
	struct text t = {0};

	text_addf(&t, "<b>");
	text_add_escaped(&t, label);
	text_addf(&t, "：</b>");
	text_add_escaped(&t, str_or(value, "—"));
	flow_para(f, SERIF, 11, 12, PANGO_ALIGN_LEFT, t.p, 1);
	free(t.p);
}

/* Makes room for h points (a block that must not break). */
static void flow_need(struct flow *f, double h)
{
	if (f->y + h > BOTTOM)
		flow_new_page(f);
}

/* ---- the parts of a document -------------------------------------------- */

static void draw_head(struct flow *f)
{
	const struct pdf_doc *d = f->d;
	struct text t = {0};

	/* the centre's name in red over a red rule, as a 红头 document */
	cairo_set_source_rgb(f->cr, 0.8, 0.0, 0.0);
	text_addf(&t, "<b>");
	text_add_escaped(&t, d->centre_name);
	text_addf(&t, "</b>");
	f->y = MARGIN + draw_at(f->cr, MARGIN, MARGIN, SERIF, 22, TEXT_W,
	    PANGO_ALIGN_CENTER, t.p) + 6;
	cairo_set_line_width(f->cr, 2);
	cairo_move_to(f->cr, MARGIN, f->y);
	cairo_line_to(f->cr, PAGE_W - MARGIN, f->y);
	cairo_stroke(f->cr);
	cairo_set_source_rgb(f->cr, 0, 0, 0);
	free(t.p);
	if (d->reprint)
		draw_reprint_mark(f, f->y + 8);
	f->y += 18;

	t = (struct text){0};
	text_addf(&t, "<b>");
	text_add_escaped(&t, f->title);
	text_addf(&t, "</b>");
	flow_para(f, SERIF, 20, 0, PANGO_ALIGN_CENTER, t.p, 6);
	free(t.p);
	t = (struct text){0};
	text_add_escaped(&t, d->number);
	flow_para(f, SERIF, 11, 0, PANGO_ALIGN_CENTER, t.p, 16);
	free(t.p);
}

static void draw_case_facts(struct flow *f)
{
	const struct pdf_doc *d = f->d;
	char buf[64], day[32];

	flow_pair(f, "申请人", d->applicant_name);
	if (d->applicant_id_no && *d->applicant_id_no)
		flow_pair(f, "证件号码", d->applicant_id_no);
	flow_pair(f, "申请事项", d->item_name);
	flow_pair(f, "事项编码", d->item_code);
	snprintf(buf, sizeof buf, "%lld", (long long)d->case_id);
	flow_pair(f, "办件编号", buf);
	flow_pair(f, "查询码", d->query_code);
	day_cn(d->submitted_day, day);
	flow_pair(f, "申请日期", day);
	if (d->accepted_day != DAY_NONE) {
		day_cn(d->accepted_day, day);
		flow_pair(f, "受理日期", day);
	}
	if (d->limit_days > 0 && d->kind != PDF_DOC_REFUSAL) {
		snprintf(buf, sizeof buf, "%d个工作日", d->limit_days);
		flow_pair(f, "承诺办理时限", buf);
	}
	if (d->deadline_day != DAY_NONE && d->kind != PDF_DOC_REFUSAL) {
		day_cn(d->deadline_day, day);
		flow_pair(f, "承诺办结日期", day);
	}
	if (d->decided_day != DAY_NONE && d->kind == PDF_DOC_DECISION) {
		day_cn(d->decided_day, day);
		flow_pair(f, "决定日期", day);
	}
	f->y += 8;
}

static void draw_fields(struct flow *f)
{
	const struct pdf_doc *d = f->d;

	if (!d->n_fields)
		return;
	flow_para(f, SANS " Bold", 12, 0, PANGO_ALIGN_LEFT, "申请表信息", 4);
	for (size_t i = 0; i < d->n_fields; i++)
		flow_pair(f, str_or(d->fields[i].label, "—"), d->fields[i].value);
	f->y += 8;
}

static void draw_materials(struct flow *f)
{
	const struct pdf_doc *d = f->d;

	if (!d->n_materials) {
		flow_text(f, "（告知时未列明具体材料，请向窗口咨询。）", 6);
		return;
	}
	/* a joint result lists each item's result and a refusal's reason */
	const char *why = d->joint ? "理由：" : "不符合要求的原因：";
	const char *what = d->joint ? "审批结果：" : d->kind ==
	    PDF_DOC_COMMITMENT ? "补交要求：" : d->kind == PDF_DOC_PLEDGE ?
	    "以承诺代替：" : "需要提交：";

	for (size_t i = 0; i < d->n_materials; i++) {
		const struct pdf_material *m = &d->materials[i];
		struct text t = {0};

		text_addf(&t, "%zu. <b>", i + 1);
		text_add_escaped(&t, str_or(m->name, "—"));
		text_addf(&t, "</b>");
		text_addf(&t, "\n    %s", what);
		text_add_escaped(&t, str_or(m->needed, "请按事项办事指南的要求"
		    "提交该材料"));
		if (m->reason && *m->reason) {
			text_addf(&t, "\n    %s", why);
			text_add_escaped(&t, m->reason);
		}
		flow_para(f, SERIF, 12, 12, PANGO_ALIGN_LEFT, t.p, 6);
		free(t.p);
	}
}

/* The applicant's remedies after a refusal or a denial (行政复议法,
 * 行政诉讼法 art. 46). */
static void draw_remedies(struct flow *f)
{
	flow_text(f, "如不服本决定，可以自收到本文书之日起六十日内依照《中华人民"
	    "共和国行政复议法》的规定申请行政复议，或者自收到本文书之日起六个月内"
	    "依照《中华人民共和国行政诉讼法》第四十六条的规定向人民法院提起行政"
	    "诉讼。", 8);
}

static void draw_reason(struct flow *f, const char *lead)
{
	struct text t = {0};

	text_addf(&t, "<b>%s</b>", lead);
	text_add_escaped(&t, str_or(f->d->reason, "（未载明理由）"));
	flow_para(f, SERIF, 12, 0, PANGO_ALIGN_LEFT, t.p, 8);
	free(t.p);
}

/* 告知承诺书: the conditions told, the proofs promised, the liability
 * for a false promise and the follow-up check, and the signature. */
static void draw_pledge(struct flow *f)
{
	const struct pdf_doc *d = f->d;
	struct text t = {0};
	char due[32];

	text_addf(&t, "<b>应当符合的条件：</b>");
	text_add_escaped(&t, str_or(d->conditions, "按本事项办事指南的规定"));
	flow_para(f, SERIF, 12, 0, PANGO_ALIGN_LEFT, t.p, 8);
	free(t.p);
	flow_para(f, SANS " Bold", 12, 0, PANGO_ALIGN_LEFT,
	    "以承诺代替的证明材料", 4);
	draw_materials(f);
	t = (struct text){0};
	if (d->verify_due_day != DAY_NONE) {
		day_cn(d->verify_due_day, due);
		text_addf(&t, "<b>事后核查：</b>审批部门将于%s前", due);
	} else {
		text_addf(&t, "<b>事后核查：</b>审批部门将在作出准予许可决定之日起"
		    "%d个工作日内", d->verify_days > 0 ? d->verify_days : 20);
	}
	text_addf(&t, "对承诺内容进行核查，申请人应当配合核查，并按要求提供"
	    "有关材料。");
	flow_para(f, SERIF, 12, 0, PANGO_ALIGN_LEFT, t.p, 8);
	free(t.p);
	flow_para(f, SERIF, 12, 0, PANGO_ALIGN_LEFT, "<b>承诺不实的法律责任："
	    "</b>经核查承诺内容与实际情况不符的，审批部门依法撤销许可，已发放"
	    "的证照同时作废；申请人记入失信记录，今后不再适用告知承诺制和容缺"
	    "受理；涉嫌违法的，依法追究法律责任。", 10);
	flow_text(f, "承诺人（签字或盖章）：____________________"
	    "    日期：______年____月____日", 10);
}

/* The QR code of url, size points wide with a 4-module quiet zone, its
 * top left at (x, y).  False when libqrencode fails. */
static bool draw_qr(cairo_t *cr, const char *url, double x, double y,
    double size)
{
	QRcode *q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	double mod;

	if (!q)
		return false;
	mod = size / (q->width + 8);
	cairo_save(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, size, size);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int r = 0; r < q->width; r++)
		for (int c = 0; c < q->width; c++)
			if (q->data[r * q->width + c] & 1)
				cairo_rectangle(cr, x + (c + 4) * mod,
				    y + (r + 4) * mod, mod, mod);
	cairo_fill(cr);
	cairo_restore(cr);
	QRcode_free(q);
	return true;
}

static bool draw_receipt(struct flow *f)
{
	const struct pdf_doc *d = f->d;
	struct text t = {0};
	double qr = 110;

	flow_text(f, "您的申请已收到。请妥善保管本回执，凭查询码或扫描下方二维码"
	    "查询办理进度。", 10);
	flow_need(f, 60 + qr + 40);
	text_addf(&t, "查询码 <b>");
	text_add_escaped(&t, d->query_code);
	text_addf(&t, "</b>");
	flow_para(f, SANS, 28, 0, PANGO_ALIGN_CENTER, t.p, 4);
	free(t.p);
	if (!draw_qr(f->cr, str_or(d->progress_url, "-"),
	    (PAGE_W - qr) / 2, f->y, qr))
		return false;
	f->y += qr + 4;
	t = (struct text){0};
	text_addf(&t, "扫码查询办理进度：");
	text_add_escaped(&t, d->progress_url);
	flow_para(f, SANS, 9, 0, PANGO_ALIGN_CENTER, t.p, 12);
	free(t.p);
	return true;
}

static void draw_body(struct flow *f)
{
	const struct pdf_doc *d = f->d;
	struct text t = {0};
	char sub[32], dl[32];

	day_cn(d->submitted_day, sub);
	day_cn(d->deadline_day, dl);
	text_add_escaped(&t, str_or(d->applicant_name, "申请人"));
	text_addf(&t, "：");
	flow_para(f, SERIF, 12, 0, PANGO_ALIGN_LEFT, t.p, 6);
	free(t.p);
	t = (struct text){0};
	text_addf(&t, "你（单位）于%s提出的“", sub);
	text_add_escaped(&t, d->item_name);
	text_addf(&t, "”申请");
	switch (d->kind) {
	case PDF_DOC_ACCEPTANCE:
		text_addf(&t, "，经审查，申请材料齐全、符合法定形式。根据《中华"
		    "人民共和国行政许可法》第三十二条第一款第（五）项的规定，决定予"
		    "以受理。");
		if (d->limit_days > 0)
			text_addf(&t, "本机关将自受理之日起%d个工作日内（%s前）"
			    "作出决定。", d->limit_days, dl);
		break;
	case PDF_DOC_MATERIALS_NOTICE:
		text_addf(&t, "，经审查，申请材料不齐全或者不符合法定形式。根据"
		    "《中华人民共和国行政许可法》第三十二条第一款第（四）项的规定，"
		    "现一次性告知你需要补正的全部内容如下：");
		break;
	case PDF_DOC_REFUSAL:
		text_addf(&t, "，经审查，根据《中华人民共和国行政许可法》第三十二"
		    "条第一款的规定，决定不予受理。");
		break;
	case PDF_DOC_COMMITMENT:
		text_addf(&t, "，主件材料齐全、符合法定形式，下列辅件暂缺。根据"
		    "容缺受理的规定，本申请人自愿作出如下承诺：在下列期限内补交所缺"
		    "材料，并对所补材料的真实性负责；逾期未补交或者所补材料不符合"
		    "要求的，同意终止办理，并记入失信记录；");
		if (d->limit_days > 0)
			text_addf(&t, "补交期限不超过本事项承诺办理期限（%s）。", dl);
		text_addf(&t, "如提供虚假材料，依法承担相应的法律责任。");
		break;
	case PDF_DOC_PLEDGE:
		text_addf(&t, "，本事项实行告知承诺制。审批部门已书面告知申请人"
		    "应当符合的条件、可以由承诺代替的证明材料以及承诺不实应当承担的"
		    "法律责任。本申请人自愿作出如下承诺：所填写的信息和提交的材料"
		    "真实、准确；已经知晓审批部门告知的全部内容；符合下列条件，"
		    "能够提交下列证明材料所证明的事项；愿意承担不实承诺的法律"
		    "责任。");
		break;
	case PDF_DOC_DECISION:
		if (d->joint)
			text_addf(&t, "，由牵头部门一窗受理，各部门依据同一份申请表和"
			    "同一套材料并联审查，现将各事项的审批结果一并告知如下：");
		else if (d->approved)
			text_addf(&t, "，经审查，符合法定条件、标准。根据《中华人民"
			    "共和国行政许可法》第三十八条第一款的规定，决定准予行政"
			    "许可。");
		else
			text_addf(&t, "，经审查，根据《中华人民共和国行政许可法》第"
			    "三十八条第二款的规定，决定不予行政许可。");
		break;
	default:
		break;
	}
	flow_para(f, SERIF, 12, 24, PANGO_ALIGN_LEFT, t.p, 10);
	free(t.p);
}

/* The stamp: a red ring (radius r) centred at (cx, cy) with the centre's
 * name along its upper arc, a star, and the issuer's name across. */
static void draw_stamp(cairo_t *cr, double cx, double cy, double r,
    const char *ring, const char *across)
{
	glong n = g_utf8_strlen(ring, -1);
	const char *p = ring;
	/* the arc the ring's text covers: about 0.32 rad a character, at
	 * most 5/8 of the ring */
	double span = fmin(M_PI * 1.25, 0.32 * (double)n);
	glong across_n = g_utf8_strlen(across, -1);
	PangoLayout *l;
	int w, h;

	cairo_save(cr);
	cairo_set_source_rgba(cr, 0.85, 0.05, 0.05, 0.75);
	cairo_set_line_width(cr, 2.5);
	cairo_new_path(cr);   /* no line from the last text's point */
	cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
	cairo_stroke(cr);
	for (glong i = 0; i < n; i++) {
		const char *next = g_utf8_next_char(p);
		char ch[8] = {0};
		double a = -M_PI / 2 - span / 2 + span * ((double)i + 0.5) / (double)n;

		l = layout_new(cr, SANS " Bold", 11, 0, PANGO_ALIGN_CENTER);
		memcpy(ch, p, (size_t)(next - p) < sizeof ch - 1 ?
		    (size_t)(next - p) : sizeof ch - 1);
		pango_layout_set_text(l, ch, -1);
		pango_layout_get_size(l, &w, &h);
		cairo_save(cr);
		cairo_translate(cr, cx + (r - 16) * cos(a), cy + (r - 16) * sin(a));
		cairo_rotate(cr, a + M_PI / 2);
		cairo_move_to(cr, -(double)w / PANGO_SCALE / 2,
		    -(double)h / PANGO_SCALE / 2);
		pango_cairo_show_layout(cr, l);
		cairo_restore(cr);
		g_object_unref(l);
		p = next;
	}
	draw_at(cr, cx - r, cy - 14, SANS, 20, 2 * r, PANGO_ALIGN_CENTER, "★");
	/* the issuer's name on one line, smaller when it is long */
	l = layout_new(cr, SANS, across_n <= 7 ? 9 :
	    fmax(5.5, 9.0 * 7 / (double)across_n), 0, PANGO_ALIGN_CENTER);
	pango_layout_set_text(l, across, -1);
	pango_layout_get_size(l, &w, &h);
	cairo_move_to(cr, cx - (double)w / PANGO_SCALE / 2, cy + 14);
	pango_cairo_show_layout(cr, l);
	g_object_unref(l);
	cairo_restore(cr);
}

static void draw_foot(struct flow *f)
{
	const struct pdf_doc *d = f->d;
	struct text t = {0};
	char date[96];
	double r = 52, top;

	flow_need(f, 2 * r + 30);
	top = f->y + 10;
	day_cn_numerals(d->issued_day, date, sizeof date);
	text_add_escaped(&t, str_or(d->issuer_name, d->centre_name));
	text_addf(&t, "\n");
	text_add_escaped(&t, d->centre_name);
	text_addf(&t, "\n%s", date);
	draw_at(f->cr, MARGIN, top + r - 20, SERIF, 12, TEXT_W - 20,
	    PANGO_ALIGN_RIGHT, t.p);
	free(t.p);
	/* the stamp over the issuer's name and the date, as at a window */
	draw_stamp(f->cr, PAGE_W - MARGIN - 80, top + r, r,
	    str_or(d->centre_name, "政务服务中心"),
	    str_or(d->issuer_name, "业务专用章"));
	f->y = top + 2 * r + 10;
	flow_para(f, SANS, 8, 0, PANGO_ALIGN_LEFT,
	    "（本文书由政务服务平台生成，印章为电子标识样式；真伪可凭查询码在"
	    "政务服务中心网站查询。）", 0);
}

int pdf_doc_render(const struct pdf_doc *d, unsigned char **out, size_t *len)
{
	struct membuf b = {0};
	cairo_surface_t *s;
	struct flow f = {0};
	bool ok = true;
	int err = 0;

	if (!d || !pdf_doc_kind_name(d->kind) || !d->number || !*d->number ||
	    d->issued_day == DAY_NONE)
		return GH_EINVAL;
	s = cairo_pdf_surface_create_for_stream(write_mem, &b, PAGE_W, PAGE_H);
	f.cr = cairo_create(s);
	f.d = d;
	f.title = d->joint && d->kind == PDF_DOC_DECISION ? PDF_DOC_JOINT_TITLE :
	    pdf_doc_title(d->kind, d->approved);
	f.page = 1;
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, f.title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "govhall");

	draw_head(&f);
	if (d->kind == PDF_DOC_RECEIPT) {
		draw_case_facts(&f);
		ok = draw_receipt(&f);
	} else {
		draw_body(&f);
		switch (d->kind) {
		case PDF_DOC_MATERIALS_NOTICE:
			draw_materials(&f);
			flow_text(&f, "请按上述要求一次性补正全部材料后重新提交。补正"
			    "期间不计入办理时限。", 10);
			break;
		case PDF_DOC_REFUSAL:
			draw_reason(&f, "不予受理的理由：");
			draw_remedies(&f);
			break;
		case PDF_DOC_COMMITMENT:
			draw_materials(&f);
			flow_text(&f, "材料补齐前，审批部门照常审查；本事项规定补齐前"
			    "暂不出具办理结果的，补齐后出具。", 10);
			flow_text(&f, "承诺人（签字或盖章）：____________________"
			    "    日期：______年____月____日", 10);
			break;
		case PDF_DOC_PLEDGE:
			draw_pledge(&f);
			break;
		case PDF_DOC_DECISION:
			if (d->joint) {
				draw_materials(&f);
				if (!d->approved)
					draw_remedies(&f);
				else
					flow_text(&f, "请凭查询码及有效身份证件到牵头部门窗口"
					    "统一领取各项审批结果。", 8);
			} else if (d->approved) {
				struct text t = {0};

				text_addf(&t, "许可结果：");
				text_add_escaped(&t, str_or(d->result_name,
				    "准予许可"));
				text_addf(&t, "。请凭查询码及有效身份证件领取许可"
				    "证件。");
				flow_para(&f, SERIF, 12, 0, PANGO_ALIGN_LEFT, t.p,
				    8);
				free(t.p);
			} else {
				draw_reason(&f, "不予许可的理由：");
				draw_remedies(&f);
			}
			break;
		default:
			break;
		}
		flow_para(&f, SANS " Bold", 12, 0, PANGO_ALIGN_LEFT, "办件信息",
		    4);
		draw_case_facts(&f);
	}
	draw_fields(&f);
	draw_foot(&f);

	cairo_destroy(f.cr);
	cairo_surface_finish(s);
	if (!ok || cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		err = GH_EIO;
	cairo_surface_destroy(s);
	if (err) {
		free(b.p);
		return err;
	}
	*out = b.p;
	*len = b.len;
	return 0;
}

void pdf_doc_warm(void)
{
	struct pdf_doc d = {
		.kind = PDF_DOC_RECEIPT, .centre_name = "政务服务中心",
		.number = "〔2026〕收字第000000号", .print_no = 1,
		.issued_day = day_from_ymd(2026, 1, 1), .query_code = "WARM",
		.submitted_day = DAY_NONE, .accepted_day = DAY_NONE,
		.deadline_day = DAY_NONE, .decided_day = DAY_NONE,
		.progress_url = "http://localhost/progress/WARM",
	};
	unsigned char *p = NULL;
	size_t len;

	if (!pdf_doc_render(&d, &p, &len))
		free(p);
}

void pdf_doc_shutdown(void)
{
	/* pango's default font map, cairo's caches and fontconfig's
	 * configuration live for the process; released at its end, a leak
	 * checker sees only what govhall itself leaked */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}

/* LeakSanitizer asks a sanitizer build for this function by name.  The
 * libraries under the renderer (fontconfig, cairo, pango and what they
 * stand on) keep caches that pdf_doc_shutdown cannot all release; they
 * belong to those libraries, not to govhall, whose own allocations stay
 * checked.  An ordinary build never calls it. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n"
	    "leak:libcairo.so\n"
	    "leak:libpango-1.0.so\n"
	    "leak:libpangocairo-1.0.so\n"
	    "leak:libpangoft2-1.0.so\n"
	    "leak:libharfbuzz.so\n"
	    "leak:libfreetype.so\n"
	    "leak:libglib-2.0.so\n"
	    "leak:libgobject-2.0.so\n";
}
