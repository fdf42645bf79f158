/*
 * documents.c - the notices and receipts of a case as PDF (see
 * documents.h): the rules of which kind applies when, the transaction of
 * each print, and the struct pdf_doc filled from the case as stored.
 *
 * The materials of a 一次性告知书 are the names the first notice asked
 * for (case_notices), each with what the item asks of it (form, copies,
 * notes) and, when the clerk's check found the one received faulty
 * (不合格), the reason.  The application form's values go into the same
 * struct pdf_doc (fields) once the case record holds them.
 */
#include "service/documents.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/case_fsm.h"
#include "domain/day.h"
#include "domain/form.h"
#include "domain/item.h"
#include "domain/mask.h"
#include "export/pdf_doc.h"
#include "service/audit.h"
#include "service/case_view.h"
#include "service/joint.h"
#include "util/gh_err.h"
#include "util/xalloc.h"

/* 0 when kind applies to c now; else why not, for the 409 answer. */
static const char *not_applicable(store *st, int kind,
    const struct case_rec *c, int *err)
{
	int notices = 0;

	*err = 0;
	switch (kind) {
	case PDF_DOC_RECEIPT:
		return NULL;
	case PDF_DOC_ACCEPTANCE:
		return c->accepted_day != DAY_NONE ? NULL :
		    "该办件尚未受理，不能出具受理通知书";
	case PDF_DOC_MATERIALS_NOTICE:
		if ((*err = store_case_notice_count(st, c->id, &notices)))
			return NULL;
		return notices > 0 ? NULL :
		    "该办件没有补正告知，不能出具一次性告知书";
	case PDF_DOC_REFUSAL:
		return c->outcome == CO_NOT_ACCEPTED ||
		    c->outcome == CO_CORRECTION_TIMEOUT ? NULL :
		    "该办件未被决定不予受理，不能出具不予受理通知书";
	case PDF_DOC_DECISION:
		return c->decision != CD_NONE ? NULL :
		    "该办件尚未作出许可决定，不能出具行政许可决定书";
	case PDF_DOC_COMMITMENT: {
		struct case_deferral *d = NULL;
		size_t n = 0;

		if ((*err = store_case_deferrals(st, c->id, &d, &n)))
			return NULL;
		free(d);
		return n ? NULL : "该办件不是容缺受理的办件，没有容缺受理承诺书";
	}
	case PDF_DOC_PLEDGE: {
		int n = 0;

		if ((*err = store_case_pledge_count(st, c->id, &n)))
			return NULL;
		return n ? NULL : "该办件不是告知承诺制办件，没有告知承诺书";
	}
	default:
		return "未知的文书种类";
	}
}

static int fail_rollback(store *st, int err)
{
	store_rollback(st);
	return err;
}

/* What the renderer needs beyond the case record, owned here. */
struct doc_data {
	struct case_rec c;
	struct case_doc_rec doc;
	char centre[128];
	char issuer[160];
	char id_masked[48];
	char url[512];
	char **names;             /* the first notice's materials */
	size_t n_names;
	struct item item;         /* the item's material list (form, copies) */
	bool have_item;
	struct material_state *states; /* the clerk's checks (不合格: why) */
	struct case_deferral *deferrals; /* 容缺: what the commitment names */
	size_t n_deferrals;
	struct case_pledge *pledges; /* 告知承诺: the proofs promised */
	size_t n_pledges;
	int verify_days;             /* ... checked so many working days */
	int32_t verify_due;          /* ... by then once decided */
	struct case_rec *subs;    /* 并联审批: the joint case's sub-cases */
	size_t n_subs;
	char (*sub_line)[2][512]; /* each one's title and result */
	size_t n_states;
	char (*needed)[384];      /* one line per name: what is needed */
	int32_t decided_day;
	json_t *form;             /* the application form's values */
	struct pdf_field *fields; /* as the document shows them */
	char (*masked)[64];       /* ID numbers and phones of the form */
	size_t n_fields;
};

static void doc_data_free(struct doc_data *dd)
{
	free(dd->names);
	free(dd->states);
	free(dd->deferrals);
	free(dd->pledges);
	free(dd->subs);
	free(dd->sub_line);
	free(dd->needed);
	free(dd->fields);
	free(dd->masked);
	json_decref(dd->form);
	if (dd->have_item)
		item_clear(&dd->item);
}

/* The form's values as label/value pairs, personal numbers masked as on
 * the case page (the document leaves the desk). */
static int form_fields(store *st, struct doc_data *dd)
{
	size_t i;
	json_t *row;
	int err = store_case_form_json(st, dd->c.id, &dd->form);

	if (err)
		return err;
	dd->fields = xcalloc(json_array_size(dd->form) + 1, sizeof *dd->fields);
	dd->masked = xcalloc(json_array_size(dd->form) + 1, sizeof *dd->masked);
	json_array_foreach(dd->form, i, row) {
		const char *label = json_string_value(json_object_get(row, "label"));
		const char *shown = json_string_value(json_object_get(row,
		    "display"));
		int type = (int)json_integer_value(json_object_get(row, "type"));

		if (!shown || !*shown)
			shown = json_string_value(json_object_get(row, "value"));
		if (!label || !shown || !*shown)
			continue;
		if (type == FT_ID_NUMBER && !mask_id_number(shown, dd->masked[i],
		    sizeof dd->masked[i]))
			shown = dd->masked[i];
		else if (type == FT_PHONE && !mask_phone(shown, dd->masked[i],
		    sizeof dd->masked[i]))
			shown = dd->masked[i];
		dd->fields[dd->n_fields++] = (struct pdf_field){.label = label,
			.value = shown};
	}
	return 0;
}

static const char *form_name(int form)
{
	switch (form) {
	case MF_ORIGINAL: return "原件";
	case MF_COPY: return "复印件";
	case MF_BOTH: return "原件及复印件";
	case MF_ELECTRONIC: return "电子材料";
	default: return "材料";
	}
}

/* What the item asks of material name, and why the one received failed
 * its check (NULL when it did not or was not checked). */
static void material_detail(struct doc_data *dd, size_t i,
    const char **reason)
{
	const char *name = dd->names[i];

	dd->needed[i][0] = '\0';
	*reason = NULL;
	for (size_t k = 0; dd->have_item && k < dd->item.n_materials; k++) {
		const struct item_material *m = &dd->item.materials[k];

		if (strcmp(m->name, name))
			continue;
		snprintf(dd->needed[i], sizeof dd->needed[i], "%s%d份%s%s",
		    form_name(m->form), m->copies, m->note && *m->note ?
		    "；" : "", m->note ? m->note : "");
	}
	for (size_t k = 0; k < dd->n_states; k++)
		if (!strcmp(dd->states[k].name, name) &&
		    dd->states[k].check_result == MATERIAL_FAULTY &&
		    dd->states[k].reason[0])
			*reason = dd->states[k].reason;
}

static int gather(store *st, int kind, const char *progress_base,
    struct doc_data *dd)
{
	char base[384] = "";
	int err;

	if ((err = store_setting_get(st, "centre_name", dd->centre,
	    sizeof dd->centre)) && err != GH_ENOTFOUND)
		return err;
	if (!dd->centre[0])
		snprintf(dd->centre, sizeof dd->centre, "政务服务中心");
	if ((err = store_case_doc_issuer(st, &dd->c, dd->issuer,
	    sizeof dd->issuer)))
		return err;
	if (mask_id_number(dd->c.applicant_id_no, dd->id_masked,
	    sizeof dd->id_masked))
		dd->id_masked[0] = '\0';
	/* the configured public site wins over the request's Host */
	if ((err = store_setting_get(st, "public_url", base, sizeof base)) &&
	    err != GH_ENOTFOUND)
		return err;
	if (!base[0])
		snprintf(base, sizeof base, "%s", progress_base ?
		    progress_base : "");
	for (size_t n = strlen(base); n && base[n - 1] == '/'; n--)
		base[n - 1] = '\0';
	snprintf(dd->url, sizeof dd->url, "%s/progress/%s", base,
	    dd->c.query_code);
	if ((err = form_fields(st, dd)))
		return err;
	if (kind != PDF_DOC_MATERIALS_NOTICE && kind != PDF_DOC_DECISION &&
	    kind != PDF_DOC_COMMITMENT && kind != PDF_DOC_PLEDGE)
		return 0;
	/* the item: its materials' forms, its result's name */
	err = dd->c.joint_kind == JOINT_CASE ? joint_case_item(st, &dd->c,
	    &dd->item) : store_item_get_by_id(st, dd->c.item_id, &dd->item, NULL);
	if (err && err != GH_ENOTFOUND)
		return err;
	dd->have_item = !err;
	if (kind == PDF_DOC_DECISION && dd->c.joint_kind == JOINT_CASE) {
		int64_t *ids = NULL;

		/* one result notice lists every item's result (并联审批) */
		if ((err = store_joint_subcases(st, dd->c.id, &ids, &dd->n_subs)))
			return err;
		dd->subs = xcalloc(dd->n_subs + 1, sizeof *dd->subs);
		dd->sub_line = xcalloc(dd->n_subs + 1, sizeof *dd->sub_line);
		for (size_t i = 0; i < dd->n_subs && !err; i++) {
			const struct case_rec *b = &dd->subs[i];

			if ((err = store_case_get(st, ids[i], &dd->subs[i])))
				break;
			snprintf(dd->sub_line[i][0], sizeof dd->sub_line[i][0],
			    "%s（%s）", b->item_name, b->dept_name);
			snprintf(dd->sub_line[i][1], sizeof dd->sub_line[i][1], "%s%s",
			    b->outcome == CO_NOT_ACCEPTED ? "不予受理" :
			    b->decision == CD_APPROVE ? "准予许可" :
			    b->decision == CD_DENY ? "不予许可" : "尚未决定",
			    b->decision == CD_APPROVE && b->result_name[0] ?
			    "，发放" : "");
			if (b->decision == CD_APPROVE && b->result_name[0])
				snprintf(dd->sub_line[i][1] + strlen(dd->sub_line[i][1]),
				    sizeof dd->sub_line[i][1] - strlen(dd->sub_line[i][1]),
				    "%s", b->result_name);
		}
		free(ids);
		if (!err)
			err = store_case_decided_day(st, dd->c.id, &dd->decided_day);
		return err;
	}
	if (kind == PDF_DOC_DECISION) {
		/* the result is named on the case only once it is issued */
		if (!dd->c.result_name[0] && dd->have_item &&
		    dd->item.result_name)
			snprintf(dd->c.result_name, sizeof dd->c.result_name,
			    "%s", dd->item.result_name);
		return store_case_decided_day(st, dd->c.id, &dd->decided_day);
	}
	if (kind == PDF_DOC_PLEDGE) {
		struct case_verification v;
		int64_t days = 20;

		if ((err = store_setting_int(st, "pledge_verify_days", 20, &days)))
			return err;
		dd->verify_days = (int)days;
		dd->verify_due = DAY_NONE;
		err = store_case_verification_get(st, dd->c.id, &v);
		if (!err)
			dd->verify_due = v.due_day;
		else if (err != GH_ENOTFOUND) {
			return err;
		}
		if ((err = store_case_pledges(st, dd->c.id, &dd->pledges,
		    &dd->n_pledges)))
			return err;
		dd->names = xcalloc(dd->n_pledges + 1, sizeof *dd->names);
		for (size_t i = 0; i < dd->n_pledges; i++)
			dd->names[i] = dd->pledges[i].material;
		dd->n_names = dd->n_pledges;
		dd->needed = xmalloc((dd->n_names + 1) * sizeof *dd->needed);
		return 0;
	}
	if (kind == PDF_DOC_COMMITMENT) {
		if ((err = store_case_deferrals(st, dd->c.id, &dd->deferrals,
		    &dd->n_deferrals)))
			return err;
		dd->names = xcalloc(dd->n_deferrals + 1, sizeof *dd->names);
		for (size_t i = 0; i < dd->n_deferrals; i++)
			dd->names[i] = dd->deferrals[i].material;
		dd->n_names = dd->n_deferrals;
		dd->needed = xmalloc((dd->n_names + 1) * sizeof *dd->needed);
		return 0;
	}
	if ((err = store_case_first_notice(st, dd->c.id, &dd->names,
	    &dd->n_names)) ||
	    (err = store_case_material_states(st, dd->c.id, &dd->states,
	    &dd->n_states)))
		return err;
	dd->needed = xmalloc((dd->n_names + 1) * sizeof *dd->needed);
	return 0;
}

static int render(struct doc_data *dd, int kind, unsigned char **pdf,
    size_t *len)
{
	struct pdf_material *m = dd->n_names ?
	    xmalloc(dd->n_names * sizeof *m) : NULL;
	struct pdf_doc d = {
		.kind = kind,
		.centre_name = dd->centre,
		.issuer_name = dd->issuer,
		.number = dd->doc.number,
		.reprint = dd->doc.prints > 1,
		.print_no = dd->doc.prints,
		.issued_day = dd->doc.issued_day,
		.applicant_name = dd->c.applicant_name,
		.applicant_id_no = dd->id_masked,
		.item_name = dd->c.item_name,
		.item_code = dd->c.item_code,
		.case_id = dd->c.id,
		.query_code = dd->c.query_code,
		.submitted_day = dd->c.submitted_day,
		.accepted_day = dd->c.accepted_day,
		.deadline_day = dd->c.deadline_day,
		.decided_day = kind == PDF_DOC_DECISION ? dd->decided_day :
		    DAY_NONE,
		.limit_days = dd->c.limit_days,
		.progress_url = dd->url,
		.reason = dd->c.reason,
		.approved = dd->c.decision == CD_APPROVE,
		.result_name = dd->c.result_name,
		.conditions = dd->have_item ? dd->item.conditions : NULL,
		.verify_days = dd->verify_days,
		.verify_due_day = kind == PDF_DOC_PLEDGE ? dd->verify_due :
		    DAY_NONE,
		.materials = m,
		.n_materials = dd->n_names,
		.fields = dd->fields,
		.n_fields = dd->n_fields,
	};
	int err;

	if (dd->n_subs) {
		free(m);
		m = xcalloc(dd->n_subs, sizeof *m);
		for (size_t i = 0; i < dd->n_subs; i++)
			m[i] = (struct pdf_material){.name = dd->sub_line[i][0],
				.needed = dd->sub_line[i][1], .reason =
				dd->subs[i].decision == CD_APPROVE ? NULL :
				dd->subs[i].reason};
		d.materials = m;
		d.n_materials = dd->n_subs;
		d.joint = true;
	}
	for (size_t i = 0; i < dd->n_names && !dd->n_subs; i++) {
		const char *reason;

		material_detail(dd, i, &reason);
		if (kind == PDF_DOC_COMMITMENT && i < dd->n_deferrals) {
			char by[11];
			size_t off = strlen(dd->needed[i]);

			day_format_iso(dd->deferrals[i].supplement_by, by);
			snprintf(dd->needed[i] + off, sizeof dd->needed[i] - off,
			    "%s承诺于%s前补交", off ? "；" : "", by);
			reason = NULL;
		}
		if (kind == PDF_DOC_PLEDGE) {
			/* what the proof would have been, now promised */
			char was[300];

			snprintf(was, sizeof was, "%.299s", dd->needed[i]);
			snprintf(dd->needed[i], sizeof dd->needed[i], "申请人书面承诺"
			    "具备该证明材料所证明的事项%s%s%s", was[0] ? "（免交" : "",
			    was, was[0] ? "）" : "");
			reason = NULL;
		}
		m[i] = (struct pdf_material){.name = dd->names[i],
			.needed = dd->needed[i][0] ? dd->needed[i] : NULL,
			.reason = reason};
	}
	err = pdf_doc_render(&d, pdf, len);
	free(m);
	return err;
}

int documents_print(store *st, const struct svc_actor *who, int64_t case_id,
    const char *kind_name, const char *progress_base, unsigned char **pdf,
    size_t *len, struct svc_err *e)
{
	int kind = pdf_doc_kind_parse(kind_name);
	struct doc_data dd = {0};
	struct case_event ev = {0};
	const char *why, *action;
	bool first;
	char note[160], obj[24];
	json_t *after;
	int err;

	if (kind < 0)
		return svc_fail(e, GH_ENOTFOUND, NULL, "没有这种文书（可用：receipt、"
		    "acceptance、materials_notice、refusal、decision、commitment、"
		    "pledge）");
	/* a GET comes inside its read snapshot: end it, the print writes */
	store_rollback(st);
	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = case_load(st, who, case_id, &dd.c, e)))
		return fail_rollback(st, err);
	why = not_applicable(st, kind, &dd.c, &err);
	if (err)
		return fail_rollback(st, svc_fail(e, err, NULL, NULL));
	if (why)
		return fail_rollback(st, svc_fail(e, GH_ECONFLICT, json_pack(
		    "{s:s,s:s}", "kind", pdf_doc_kind_name(kind), "state",
		    case_state_name(dd.c.state)), "%s", why));

	dd.doc = (struct case_doc_rec){.case_id = dd.c.id,
		.issued_at = who->now, .issued_day = who->today,
		.actor_id = who->id};
	snprintf(dd.doc.kind, sizeof dd.doc.kind, "%s", pdf_doc_kind_name(kind));
	if ((err = store_case_doc_print(st, &dd.doc, pdf_doc_number_prefix(kind),
	    &first)))
		return fail_rollback(st, svc_fail(e, err, NULL, NULL));
	action = first ? "document.issue" : "document.reprint";

	snprintf(note, sizeof note, "%s%s %s", dd.doc.prints > 1 ? "补打" :
	    "出具", dd.c.joint_kind == JOINT_CASE && kind == PDF_DOC_DECISION ?
	    PDF_DOC_JOINT_TITLE : pdf_doc_title(kind, dd.c.decision == CD_APPROVE),
	    dd.doc.number);
	ev = (struct case_event){.case_id = dd.c.id, .at = who->now,
		.day = who->today, .actor_id = who->id,
		.actor_name = who->name ? who->name : "系统", .role = who->role,
		.action = action, .from_state = -1, .to_state = -1,
		.note = note};
	snprintf(obj, sizeof obj, "%lld", (long long)dd.c.id);
	after = json_pack("{s:s,s:s,s:i}", "kind", dd.doc.kind, "number",
	    dd.doc.number, "prints", dd.doc.prints);
	if ((err = store_case_event_add(st, &ev)) ||
	    (err = audit_actor(st, who, action, "case", obj, NULL, after)) ||
	    (err = gather(st, kind, progress_base, &dd))) {
		doc_data_free(&dd);
		return fail_rollback(st, svc_fail(e, err, NULL, NULL));
	}
	if ((err = svc_check(e, store_commit(st)))) {
		doc_data_free(&dd);
		return fail_rollback(st, err);
	}
	err = render(&dd, kind, pdf, len);
	doc_data_free(&dd);
	if (err)
		return svc_fail(e, GH_ESTORE, NULL, "文书生成失败，请稍后重试");
	return 0;
}

int documents_list(store *st, const struct svc_actor *who, int64_t case_id,
    json_t **out, struct svc_err *e)
{
	struct case_rec c;
	json_t *rows = NULL, *avail, *v;
	size_t i;
	int err;

	if ((err = case_load(st, who, case_id, &c, e)))
		return err;
	if ((err = store_case_docs_json(st, c.id, &rows)))
		return svc_fail(e, err, NULL, NULL);
	json_array_foreach(rows, i, v) {
		int k = pdf_doc_kind_parse(json_string_value(json_object_get(v,
		    "kind")));

		json_object_set_new(v, "title", json_string(c.joint_kind ==
		    JOINT_CASE && k == PDF_DOC_DECISION ? PDF_DOC_JOINT_TITLE :
		    pdf_doc_title(k, c.decision == CD_APPROVE)));
	}
	avail = json_array();
	for (int k = 0; k < PDF_DOC_KIND_COUNT_; k++) {
		if (!not_applicable(st, k, &c, &err) && !err)
			json_array_append_new(avail, json_string(
			    pdf_doc_kind_name(k)));
		if (err) {
			json_decref(avail);
			json_decref(rows);
			return svc_fail(e, err, NULL, NULL);
		}
	}
	*out = json_pack("{s:o,s:o}", "data", rows, "available", avail);
	return 0;
}
