/*
 * materials.c - material files, checks, the library and licences; see
 * materials.h.
 */
#include "service/materials.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/case_fsm.h"
#include "domain/day.h"
#include "domain/role.h"
#include "export/filetype.h"
#include "service/audit.h"
#include "service/case_view.h"
#include "service/joint.h"
#include "util/gh_err.h"
#include "util/xalloc.h"

static int fail_rollback(store *st, int err)
{
	store_rollback(st);
	return err;
}

static const struct item_material *item_material(const struct item *it,
    const char *name)
{
	for (size_t i = 0; i < it->n_materials; i++)
		if (!strcmp(it->materials[i].name, name))
			return &it->materials[i];
	return NULL;
}

static int event(store *st, const struct svc_actor *who, int64_t case_id,
    int state, const char *action, const char *note)
{
	struct case_event ev = {
		.case_id = case_id, .at = who->now, .day = who->today,
		.actor_id = who->id, .actor_name = who->name ? who->name : "系统",
		.role = who->role, .action = action, .from_state = state,
		.to_state = state, .note = note,
	};

	return store_case_event_add(st, &ev);
}

static bool is_staff(const struct svc_actor *who)
{
	return who->role & (ROLE_CLERK | ROLE_CHIEF | ROLE_REVIEWER);
}

/* Opens the write transaction and loads case id within who's scope, its
 * case writers' turn taken. */
static int begin_case(store *st, const struct svc_actor *who, int64_t id,
    struct case_rec *c, struct svc_err *e)
{
	int err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = svc_check(e, store_case_turn(st))) ||
	    (err = case_load(st, who, id, c, e)))
		return fail_rollback(st, err);
	return 0;
}

/* Whether material is owed by case_id under a 容缺 commitment (issue 11):
 * it may then arrive, and be checked, while the case runs. */
static int deferral_open(store *st, int64_t case_id, const char *material,
    bool *open, struct svc_err *e)
{
	struct case_deferral *d = NULL;
	size_t n = 0;
	int err;

	*open = false;
	if ((err = svc_check(e, store_case_deferrals(st, case_id, &d, &n))))
		return err;
	for (size_t i = 0; i < n && !*open; i++)
		*open = d[i].status == DEFERRAL_OPEN && material &&
		    !strcmp(d[i].material, material);
	free(d);
	return 0;
}

/* Whether materials of c may change now, and by whom: before acceptance,
 * while it waits for 补正, and a 容缺 material while it is owed. */
static int may_change(store *st, const struct svc_actor *who,
    const struct case_rec *c, const char *material, const char *what,
    struct svc_err *e)
{
	bool owed = false;
	int err;

	if (c->state != CS_SUBMITTED && c->state != CS_AWAITING_MATERIALS &&
	    !case_state_is_terminal(c->state) &&
	    (err = deferral_open(st, c->id, material, &owed, e)))
		return err;
	if (c->state != CS_SUBMITTED && c->state != CS_AWAITING_MATERIALS &&
	    !owed)
		return svc_fail(e, GH_ECONFLICT, json_pack("{s:s,s:s}", "state",
		    case_state_name(c->state), "state_label",
		    case_state_label(c->state)), "办件当前状态为“%s”,不能再%s",
		    case_state_label(c->state), what);
	/* 全程代办: the agent hands in papers for the applicant (its scope is
	 * the cases it carries, case_scope) */
	if (who->role != ROLE_APPLICANT && !(who->role & (ROLE_CLERK |
	    ROLE_CHIEF | ROLE_AGENT)))
		return svc_fail(e, GH_EFORBIDDEN, NULL, "%s不能%s",
		    role_label(who->role), what);
	/* 并联审批: the lead window keeps the one set of materials */
	if (c->joint_kind == JOINT_CASE && who->role != ROLE_APPLICANT &&
	    who->role != ROLE_AGENT && case_scope(st, who, c))
		return svc_fail(e, GH_EFORBIDDEN, NULL, "并联审批的材料由牵头部门"
		    "窗口收取和核验");
	if (c->joint_kind == JOINT_SUB)
		return svc_fail(e, GH_ECONFLICT, NULL, "并联审批子办件的材料在主办件"
		    "中(一套材料),请在主办件中%s", what);
	return 0;
}

/* The item whose materials case c takes: a joint case's is its matter's
 * one material list (并联审批). */
static int load_item(store *st, const struct case_rec *c, struct item *it,
    struct svc_err *e)
{
	return svc_check(e, c->joint_kind == JOINT_CASE ?
	    joint_case_item(st, c, it) : store_item_get_by_id(st, c->item_id, it,
	    NULL));
}

/* ---- upload and download ---------------------------------------------------- */

int materials_upload(store *st, const struct svc_actor *who, int64_t case_id,
    const struct material_upload *u, json_t **out, struct svc_err *e)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	struct case_file_rec f = {0};
	struct item it = {0};
	struct case_rec c;
	enum filetype type;
	int64_t case_bytes, pages;
	char why[200], note[400], cid[24];
	int err;

	if (u->len > MATERIAL_FILE_MAX)
		return svc_fail(e, GH_ETOOBIG, json_pack("{s:s,s:I}", "field",
		    "file", "max_bytes", (json_int_t)MATERIAL_FILE_MAX),
		    "单个文件不能超过%uMB", MATERIAL_FILE_MAX >> 20);
	if ((err = filetype_sniff(u->data, u->len, &type, why, sizeof why)))
		return svc_fail(e, err == GH_EIO ? GH_ESTORE : err,
		    json_pack("{s:s}", "field", "file"), "%s", why);
	crypto_hash_sha256(digest, u->data, u->len);
	sodium_bin2hex(f.sha256, sizeof f.sha256, digest, sizeof digest);

	if ((err = begin_case(st, who, case_id, &c, e)))
		return err;
	if ((err = may_change(st, who, &c, u->material, "上传材料", e)) ||
	    (err = load_item(st, &c, &it, e)))
		goto fail;
	if (!item_material(&it, u->material)) {
		err = svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "material"), "材料“%s”不在事项“%s”的材料清单中", u->material,
		    it.name);
		goto fail;
	}
	if ((err = svc_check(e, store_case_files_usage(st, c.id, u->material,
	    &case_bytes, &pages))))
		goto fail;
	if (case_bytes + (int64_t)u->len > (int64_t)MATERIAL_CASE_MAX) {
		err = svc_fail(e, GH_ETOOBIG, json_pack("{s:s}", "field", "file"),
		    "本办件的材料文件合计不能超过%uMB", MATERIAL_CASE_MAX >> 20);
		goto fail;
	}
	if (pages >= MATERIAL_PAGES_MAX) {
		err = svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "file"), "每份材料最多上传%d个文件", MATERIAL_PAGES_MAX);
		goto fail;
	}
	f.case_id = c.id;
	snprintf(f.material, sizeof f.material, "%s", u->material);
	snprintf(f.name, sizeof f.name, "%s", u->filename && *u->filename ?
	    u->filename : "未命名");
	snprintf(f.type, sizeof f.type, "%s", filetype_mime(type));
	f.size = (int64_t)u->len;
	snprintf(f.source, sizeof f.source, "%s", is_staff(who) ? "window" :
	    c.state == CS_AWAITING_MATERIALS ? "supplement" : "hall");
	f.uploaded_by = who->id;
	f.uploaded_at = who->now;
	snprintf(note, sizeof note, "上传材料“%s”第%lld页(%s,%lld字节)",
	    u->material, (long long)pages + 1, filetype_label(type),
	    (long long)u->len);
	snprintf(cid, sizeof cid, "%lld", (long long)c.id);
	if ((err = svc_check(e, store_blob_put(st, f.sha256, f.type, u->data,
	    u->len, who->now))) ||
	    (err = svc_check(e, store_case_file_add(st, &f))) ||
	    (err = svc_check(e, store_case_material_add(st, c.id, u->material,
	    who->today))) ||
	    (err = svc_check(e, store_case_material_reset(st, c.id,
	    u->material))) ||
	    (err = svc_check(e, event(st, who, c.id, c.state, "material.upload",
	    note))) ||
	    (err = svc_check(e, audit_actor(st, who, "case.file_upload", "case",
	    cid, NULL, json_pack("{s:I,s:s,s:s,s:I,s:s}", "file_id",
	    (json_int_t)f.id, "material", f.material, "sha256", f.sha256, "size",
	    (json_int_t)f.size, "type", f.type)))) ||
	    (err = svc_check(e, store_commit(st))))
		goto fail;
	item_clear(&it);
	*out = json_pack("{s:I,s:s,s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)f.id,
	    "sha256", f.sha256, "size", (json_int_t)f.size, "type", f.type,
	    "material", f.material, "name", f.name, "source", f.source);
	return 0;
fail:
	item_clear(&it);
	return fail_rollback(st, err);
}

int materials_download(store *st, const struct svc_actor *who,
    int64_t file_id, struct case_file_rec *rec, void **data, size_t *len,
    struct svc_err *e)
{
	struct case_rec c;
	char cid[24];
	int err;

	/* a GET comes inside its read snapshot: end it, this read writes
	 * its audit record */
	store_rollback(st);
	if ((err = svc_check(e, store_begin(st))))
		return err;
	err = store_case_file_get(st, file_id, rec);
	if (err == GH_ENOTFOUND) {
		err = svc_fail(e, err, NULL, "文件%lld不存在", (long long)file_id);
		return fail_rollback(st, err);
	}
	if ((err = svc_check(e, err)))
		return fail_rollback(st, err);
	err = case_load(st, who, rec->case_id, &c, e);
	if (err == GH_ENOTFOUND) {
		/* another applicant's file: not even its existence */
		svc_err_clear(e);
		err = svc_fail(e, GH_ENOTFOUND, NULL, "文件%lld不存在",
		    (long long)file_id);
	}
	if (err)
		return fail_rollback(st, err);
	snprintf(cid, sizeof cid, "%lld", (long long)c.id);
	/* audited before a byte leaves */
	if ((err = svc_check(e, store_blob_get(st, rec->sha256, data, len))))
		return fail_rollback(st, err);
	if ((err = svc_check(e, audit_actor(st, who, "case.file_download",
	    "case", cid, NULL, json_pack("{s:I,s:s,s:s}", "file_id",
	    (json_int_t)rec->id, "material", rec->material, "addr", who->addr ?
	    who->addr : "")))) || (err = svc_check(e, store_commit(st)))) {
		free(*data);
		*data = NULL;
		return fail_rollback(st, err);
	}
	return 0;
}

static const char *check_name(int r)
{
	return r == MATERIAL_OK ? "ok" : r == MATERIAL_FAULTY ? "faulty" :
	    "unchecked";
}

static const char *check_label(int r)
{
	return r == MATERIAL_OK ? "合格" : r == MATERIAL_FAULTY ? "不合格" :
	    "未核验";
}

/* {materials: [...], files: [...]} of case c (the caller checked scope). */
static int materials_json(store *st, const struct case_rec *c, json_t **out,
    struct svc_err *e)
{
	struct material_state *ms = NULL;
	struct item it = {0};
	json_t *mats, *files;
	size_t n = 0;
	int err;

	if ((err = load_item(st, c, &it, e)))
		return err;
	if ((err = svc_check(e, store_case_material_states(st, c->id, &ms, &n))) ||
	    (err = svc_check(e, store_case_files_json(st, c->id, &files)))) {
		item_clear(&it);
		free(ms);
		return err;
	}
	mats = json_array();
	/* in the item's order, received or not */
	for (size_t i = 0; i < it.n_materials; i++) {
		const struct item_material *im = &it.materials[i];
		const struct material_state *m = NULL;
		json_t *o;

		for (size_t j = 0; j < n && !m; j++)
			if (!strcmp(ms[j].name, im->name))
				m = &ms[j];
		o = json_pack("{s:s,s:b,s:b,s:b,s:s,s:s,s:s,s:i}", "name", im->name,
		    "main", im->main, "required", im->required, "received", m != NULL,
		    "check", check_name(m ? m->check_result : 0), "check_label",
		    check_label(m ? m->check_result : 0), "reason", m ? m->reason :
		    "", "files", m ? m->n_files : 0);
		json_object_set_new(o, "valid_until", json_day(m ? m->valid_until :
		    DAY_NONE));
		json_object_set_new(o, "reused_from_case", m && m->reused_from ?
		    json_integer(m->reused_from) : json_null());
		json_object_set_new(o, "licence_id", m && m->licence_id ?
		    json_integer(m->licence_id) : json_null());
		json_array_append_new(mats, o);
	}
	item_clear(&it);
	free(ms);
	*out = json_pack("{s:o,s:o}", "materials", mats, "files", files);
	return 0;
}

int materials_of_case(store *st, const struct svc_actor *who,
    int64_t case_id, json_t **out, struct svc_err *e)
{
	struct case_rec c;
	int err;

	if ((err = case_load(st, who, case_id, &c, e)))
		return err;
	return materials_json(st, &c, out, e);
}

int materials_check(store *st, const struct svc_actor *who, int64_t case_id,
    const char *material, const char *result, const char *reason,
    int32_t valid_until, json_t **out, struct svc_err *e)
{
	struct case_rec c;
	char cid[24], note[700];
	bool owed = false, supplied = false;
	int r, err;

	if (!strcmp(result, "ok"))
		r = MATERIAL_OK;
	else if (!strcmp(result, "faulty"))
		r = MATERIAL_FAULTY;
	else
		return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "result"), "核验结果应为ok(合格)或faulty(不合格)");
	if (r == MATERIAL_FAULTY && (!reason || !*reason))
		return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "reason"), "不合格须说明原因(reason),如“复印件不清晰”");
	if (valid_until != DAY_NONE && valid_until < who->today)
		return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "valid_until"), "材料已过有效期,应核验为不合格");
	if ((err = begin_case(st, who, case_id, &c, e)))
		return err;
	if (c.state != CS_SUBMITTED && c.state != CS_AWAITING_MATERIALS &&
	    !case_state_is_terminal(c.state) &&
	    (err = deferral_open(st, c.id, material, &owed, e)))
		return fail_rollback(st, err);
	if (c.state != CS_SUBMITTED && c.state != CS_AWAITING_MATERIALS &&
	    !owed) {
		err = svc_fail(e, GH_ECONFLICT, json_pack("{s:s}", "state",
		    case_state_name(c.state)), "办件当前状态为“%s”,收件核验应在"
		    "受理前进行", case_state_label(c.state));
		return fail_rollback(st, err);
	}
	if ((c.joint_kind == JOINT_CASE && case_scope(st, who, &c)) ||
	    c.joint_kind == JOINT_SUB) {
		err = svc_fail(e, c.joint_kind == JOINT_SUB ? GH_ECONFLICT :
		    GH_EFORBIDDEN, NULL, "并联审批的材料在主办件中,由牵头部门窗口"
		    "核验");
		return fail_rollback(st, err);
	}
	if (owed && !(who->role & (ROLE_CLERK | ROLE_CHIEF | ROLE_REVIEWER))) {
		err = svc_fail(e, GH_EFORBIDDEN, NULL, "%s不能核验材料",
		    role_label(who->role));
		return fail_rollback(st, err);
	}
	err = store_case_material_check(st, c.id, material, r, r ==
	    MATERIAL_FAULTY ? reason : (reason ? reason : ""), who->id, who->now,
	    valid_until);
	if (err == GH_ENOTFOUND) {
		err = svc_fail(e, GH_ECONFLICT, json_pack("{s:s}", "field",
		    "material"), "尚未收到材料“%s”,不能核验", material);
		return fail_rollback(st, err);
	}
	snprintf(cid, sizeof cid, "%lld", (long long)c.id);
	snprintf(note, sizeof note, "收件核验:“%s”%s%s%s", material,
	    check_label(r), r == MATERIAL_FAULTY ? "," : "",
	    r == MATERIAL_FAULTY ? reason : "");
	/* a 容缺 material found in order is no longer owed */
	if (!err && owed && r == MATERIAL_OK &&
	    !(err = store_case_deferral_supply(st, c.id, material, who->today,
	    &supplied)) && supplied)
		snprintf(note + strlen(note), sizeof note - strlen(note),
		    ";容缺材料已补齐");
	if ((err = svc_check(e, err)) ||
	    (err = svc_check(e, event(st, who, c.id, c.state, supplied ?
	    "deferral.supplied" : "material.check", note))) ||
	    (err = svc_check(e, audit_actor(st, who, "case.material_check",
	    "case", cid, NULL, json_pack("{s:s,s:s,s:s}", "material", material,
	    "result", result, "reason", reason ? reason : "")))) ||
	    (err = materials_json(st, &c, out, e)))
		return fail_rollback(st, err);
	if ((err = svc_check(e, store_commit(st)))) {
		json_decref(*out);
		*out = NULL;
		return fail_rollback(st, err);
	}
	return 0;
}

/* ---- reuse ---------------------------------------------------------------- */

/* "“a” ... “b”" refusals of a reuse naming field. */
#define reuse_fail(e, err, field, fmt, a, b) \
	svc_fail(e, err, json_pack("{s:s}", "field", field), fmt, a, b)

int materials_reuse(store *st, const struct svc_actor *who, int64_t case_id,
    const char *material, int64_t library_id, int64_t licence_id,
    json_t **out, struct svc_err *e)
{
	struct library_rec lib;
	struct licence_rec lic;
	struct item it = {0};
	struct case_rec c;
	char cid[24], note[600], iso[11];
	int32_t until;
	int64_t from = 0;
	int err;

	if ((library_id != 0) == (licence_id != 0))
		return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "library_id"), "须指明复用的材料库条目(library_id)或电子证照"
		    "(licence_id)之一");
	if ((err = begin_case(st, who, case_id, &c, e)))
		return err;
	if ((err = may_change(st, who, &c, material, "复用材料", e)) ||
	    (err = load_item(st, &c, &it, e)))
		goto fail;
	if (!item_material(&it, material)) {
		err = reuse_fail(e, GH_EUNPROCESSABLE, "material", "材料“%s”不在事项"
		    "“%s”的材料清单中", material, it.name);
		goto fail;
	}
	if (library_id) {
		err = store_library_get(st, library_id, &lib);
		if (err == GH_ENOTFOUND || (!err && (lib.owner_id != c.applicant_id ||
		    !c.applicant_id))) {
			err = svc_fail(e, GH_ENOTFOUND, json_pack("{s:s}", "field",
			    "library_id"), "材料库中没有该材料");
			goto fail;
		}
		if ((err = svc_check(e, err)))
			goto fail;
		if (strcmp(lib.name, material)) {
			err = reuse_fail(e, GH_EUNPROCESSABLE, "library_id", "材料库中的"
			    "“%s”不能用作“%s”", lib.name, material);
			goto fail;
		}
		until = lib.valid_until;
		from = lib.from_case_id;
	} else {
		err = store_licence_get(st, licence_id, &lic);
		if (err == GH_ENOTFOUND || (!err && (lic.holder_id != c.applicant_id ||
		    !c.applicant_id))) {
			err = svc_fail(e, GH_ENOTFOUND, json_pack("{s:s}", "field",
			    "licence_id"), "没有该电子证照");
			goto fail;
		}
		if ((err = svc_check(e, err)))
			goto fail;
		/* 告知承诺: a licence obtained on a false promise was revoked
		 * (撤销许可) and stands for nothing */
		if (lic.revoked_day != DAY_NONE) {
			day_format_iso(lic.revoked_day, iso);
			err = svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s,s:s}",
			    "field", "licence_id", "revoked_day", iso), "电子证照%s已于%s"
			    "撤销,不能再作为材料使用", lic.number, iso);
			goto fail;
		}
		if (!strstr(material, lic.name) && !strstr(lic.name, material)) {
			err = reuse_fail(e, GH_EUNPROCESSABLE, "licence_id", "电子证照"
			    "“%s”不能用作“%s”", lic.name, material);
			goto fail;
		}
		until = lic.valid_to;
		from = lic.case_id;
	}
	if (until != DAY_NONE && until < who->today) {
		day_format_iso(until, iso);
		err = svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s,s:s}", "field",
		    library_id ? "library_id" : "licence_id", "valid_until", iso),
		    "“%s”已于%s过期,请重新上传", material, iso);
		goto fail;
	}
	snprintf(cid, sizeof cid, "%lld", (long long)c.id);
	snprintf(note, sizeof note, "复用%s“%s”(来自办件%lld)", library_id ?
	    "材料库中的" : "电子证照", material, (long long)from);
	if ((err = svc_check(e, store_case_material_add(st, c.id, material,
	    who->today))) ||
	    (err = svc_check(e, store_case_material_reset(st, c.id, material))) ||
	    (err = svc_check(e, store_case_material_reused(st, c.id, material,
	    from, licence_id, until))) ||
	    (library_id && (err = svc_check(e, store_library_files_to_case(st,
	    library_id, c.id, material, who->id, who->now)))) ||
	    (err = svc_check(e, event(st, who, c.id, c.state, "material.reuse",
	    note))) ||
	    (err = svc_check(e, audit_actor(st, who, "case.material_reuse", "case",
	    cid, NULL, json_pack("{s:s,s:I,s:I,s:I}", "material", material,
	    "library_id", (json_int_t)library_id, "licence_id",
	    (json_int_t)licence_id, "from_case", (json_int_t)from)))) ||
	    (err = materials_json(st, &c, out, e)))
		goto fail;
	if ((err = svc_check(e, store_commit(st)))) {
		json_decref(*out);
		*out = NULL;
		goto fail;
	}
	item_clear(&it);
	return 0;
fail:
	item_clear(&it);
	return fail_rollback(st, err);
}

int materials_library(store *st, const struct svc_actor *who, json_t **out,
    struct svc_err *e)
{
	return svc_check(e, store_library_json(st, who->id, out));
}

int materials_licences(store *st, const struct svc_actor *who, json_t **out,
    struct svc_err *e)
{
	return svc_check(e, store_licences_json(st, who->id, out));
}

/* ---- the engine's hooks ----------------------------------------------------- */

int materials_accept_check(store *st, const struct item *it, int64_t case_id,
    const char *const *excused, size_t n_excused, struct svc_err *r)
{
	struct material_state *ms = NULL;
	json_t *missing = json_array(), *faulty = json_array();
	char text[280] = "";
	size_t n = 0, off = 0;
	int err;

	if ((err = store_case_material_states(st, case_id, &ms, &n))) {
		json_decref(missing);
		json_decref(faulty);
		return svc_fail(r, err, NULL, NULL);
	}
	for (size_t i = 0; i < it->n_materials; i++) {
		const struct item_material *im = &it->materials[i];
		const struct material_state *m = NULL;

		bool promised = false;

		for (size_t j = 0; j < n_excused && !promised; j++)
			promised = excused[j] && !strcmp(excused[j], im->name);
		if (!im->main || !im->required || promised)
			continue;
		for (size_t j = 0; j < n && !m; j++)
			if (!strcmp(ms[j].name, im->name))
				m = &ms[j];
		if (!m) {
			json_array_append_new(missing, json_string(im->name));
			if (off < sizeof text)
				off += (size_t)snprintf(text + off, sizeof text - off,
				    "%s缺少主件“%s”", off ? ";" : "", im->name);
		} else if (m->check_result == MATERIAL_FAULTY) {
			json_array_append_new(faulty, json_pack("{s:s,s:s}", "name",
			    im->name, "reason", m->reason));
			if (off < sizeof text)
				off += (size_t)snprintf(text + off, sizeof text - off,
				    "%s主件“%s”不合格(%s)", off ? ";" : "", im->name,
				    m->reason);
		}
	}
	free(ms);
	if (!json_array_size(missing) && !json_array_size(faulty)) {
		json_decref(missing);
		json_decref(faulty);
		return 0;
	}
	return svc_fail(r, GH_ECONFLICT, json_pack("{s:o,s:o}", "missing",
	    missing, "faulty", faulty), "不能受理:%s。请一次性告知申请人补正",
	    text);
}

int materials_notice_list(store *st, const struct item *it, int64_t case_id,
    const char ***names, size_t *n, struct material_state **states,
    char *note, size_t cap)
{
	const char **v;
	size_t cnt = 0, ns = 0, off = 0;
	int err;

	*states = NULL;
	if ((err = store_case_material_states(st, case_id, states, &ns)))
		return err;
	v = xcalloc(it->n_materials + 1, sizeof *v);
	note[0] = '\0';
	for (size_t i = 0; i < it->n_materials; i++) {
		const struct item_material *im = &it->materials[i];
		const struct material_state *m = NULL;

		for (size_t j = 0; j < ns && !m; j++)
			if (!strcmp((*states)[j].name, im->name))
				m = &(*states)[j];
		if (m && m->check_result == MATERIAL_FAULTY) {
			v[cnt++] = im->name;
			if (off < cap)
				off += (size_t)snprintf(note + off, cap - off, "%s%s:%s",
				    off ? ";" : "", im->name, m->reason);
		} else if (!m && im->required) {
			v[cnt++] = im->name;
			if (off < cap)
				off += (size_t)snprintf(note + off, cap - off, "%s%s:未提交",
				    off ? ";" : "", im->name);
		}
	}
	*names = v;
	*n = cnt;
	return 0;
}

int materials_to_library(store *st, const struct case_rec *c, int32_t today,
    int64_t now)
{
	struct material_state *ms = NULL;
	int64_t days, id;
	size_t n = 0;
	int err;

	if (!c->applicant_id)
		return 0;     /* a walk-in without an account has no library */
	if ((err = store_setting_int(st, "library_valid_days", 365, &days)) ||
	    (err = store_case_material_states(st, c->id, &ms, &n)))
		return err;
	for (size_t i = 0; i < n && !err; i++) {
		const struct material_state *m = &ms[i];
		int32_t until = m->valid_until != DAY_NONE ? m->valid_until :
		    today + (int32_t)(days > 0 ? days : 365);

		if (m->check_result == MATERIAL_FAULTY || !m->n_files ||
		    m->reused_from || m->licence_id)
			continue;
		err = store_library_add(st, c->applicant_id, m->name, c->id, until,
		    now, &id);
		if (err == GH_ECONFLICT) {
			err = 0;
			continue;
		}
		if (!err)
			err = store_library_files_from_case(st, id, c->id, m->name);
	}
	free(ms);
	return err;
}

int materials_issue_licence(store *st, const struct case_rec *c,
    const struct item *it, int32_t today, int64_t now, char *number)
{
	struct licence_rec l = {0};
	char prefix[32];
	int64_t years;
	int y, m, d, err;

	number[0] = '\0';
	if (!it->result_name || !*it->result_name || !c->applicant_id)
		return 0;
	if ((err = store_setting_int(st, "licence_valid_years", 5, &years)))
		return err;
	day_to_ymd(today, &y, &m, &d);
	l.case_id = c->id;
	l.holder_id = c->applicant_id;
	snprintf(l.holder_name, sizeof l.holder_name, "%s", c->applicant_name);
	snprintf(l.holder_id_no, sizeof l.holder_id_no, "%s", c->applicant_id_no);
	snprintf(l.name, sizeof l.name, "%s", it->result_name);
	l.dept_id = c->dept_id;
	l.valid_from = today;
	/* the same date years later, less a day (29 February: 28 February) */
	l.valid_to = years > 0 ? day_from_ymd(y + (int)years, m, m == 2 &&
	    d == 29 ? 28 : d) - 1 : DAY_NONE;
	l.issued_at = now;
	snprintf(prefix, sizeof prefix, "%s%04d%03lld", "ZZ", y,
	    (long long)(c->dept_id % 1000));
	if ((err = store_licence_add(st, &l, prefix)))
		return err;
	snprintf(number, 64, "%s", l.number);
	return 0;
}
