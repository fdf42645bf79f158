/*
 * guide.c - the 办事指南's attachments, common questions and where to go;
 * see guide.h.
 */
#include "service/guide.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "domain/item.h"
#include "export/filetype.h"
#include "service/audit.h"
#include "service/green.h"
#include "service/materials.h"
#include "util/gh_err.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static int fail_rollback(store *st, int err)
{
	store_rollback(st);
	return err;
}

/* The item of code: its id and department, its promised limit (when
 * promised is not NULL), and whether it lists material (NULL: not
 * asked). */
static int item_of(store *st, const char *code, const char *material,
    int64_t *item_id, int64_t *dept_id, int *promised, struct svc_err *e)
{
	struct item it = {0};
	bool found = material == NULL;
	int err = store_item_get(st, code, &it, item_id, dept_id);

	if (err == GH_ENOTFOUND)
		return svc_fail(e, err, NULL, "事项%s不存在", code);
	if (err)
		return svc_fail(e, err, NULL, NULL);
	if (promised)
		*promised = it.promised_limit_days;
	for (size_t i = 0; i < it.n_materials && !found; i++)
		found = !strcmp(it.materials[i].name, material);
	if (!found)
		err = svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "material"), "材料“%s”不在事项“%s”的材料清单中", material,
		    it.name);
	item_clear(&it);
	return err;
}

int guide_get(store *st, const char *code, json_t **out, struct svc_err *e)
{
	int64_t item_id, dept_id;
	char hours[64] = "";
	json_t *green;
	int promised, err;

	if ((err = item_of(st, code, NULL, &item_id, &dept_id, &promised, e)) ||
	    (err = svc_check(e, store_item_guide_json(st, item_id, dept_id, out))))
		return err;
	if ((err = svc_check(e, green_item_guide_json(st, item_id, promised,
	    &green)))) {
		json_decref(*out);
		*out = NULL;
		return err;
	}
	store_setting_get(st, "office_hours", hours, sizeof hours);
	json_object_set_new(*out, "office_hours", json_string(hours));
	/* 绿色通道: the item's shorter promised limit, or null */
	json_object_set_new(*out, "green_channel", green);
	return 0;
}

int guide_attach(store *st, const struct svc_actor *who, const char *code,
    const char *material, const char *kind, const char *filename,
    const void *data, size_t len, json_t **out, struct svc_err *e)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	char sha[STORE_SHA256_HEX], why[200];
	int64_t item_id, dept_id, id;
	enum filetype type;
	int err;

	if (strcmp(kind, "blank") && strcmp(kind, "sample"))
		return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "kind"), "kind应为blank(空白表格)或sample(示例样表)");
	if (len > MATERIAL_FILE_MAX)
		return svc_fail(e, GH_ETOOBIG, json_pack("{s:s}", "field", "file"),
		    "单个文件不能超过%uMB", MATERIAL_FILE_MAX >> 20);
	if ((err = filetype_sniff(data, len, &type, why, sizeof why)))
		return svc_fail(e, err == GH_EIO ? GH_ESTORE : err,
		    json_pack("{s:s}", "field", "file"), "%s", why);
	crypto_hash_sha256(digest, data, len);
	sodium_bin2hex(sha, sizeof sha, digest, sizeof digest);
	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = item_of(st, code, material, &item_id, &dept_id, NULL, e)) ||
	    (err = svc_check(e, store_blob_put(st, sha, filetype_mime(type), data,
	    len, who->now))) ||
	    (err = svc_check(e, store_item_file_put(st, item_id, material, kind,
	    sha, filename, filetype_mime(type), (int64_t)len, who->id, who->now,
	    &id))) ||
	    (err = svc_check(e, audit_actor(st, who, "item.file_attach", "item",
	    code, NULL, json_pack("{s:s,s:s,s:s,s:I}", "material", material,
	    "kind", kind, "sha256", sha, "size", (json_int_t)len)))) ||
	    (err = svc_check(e, store_commit(st))))
		return fail_rollback(st, err);
	*out = json_pack("{s:I,s:s,s:s,s:s,s:s,s:I}", "id", (json_int_t)id,
	    "material", material, "kind", kind, "name", filename, "type",
	    filetype_mime(type), "size", (json_int_t)len);
	return 0;
}

int guide_detach(store *st, const struct svc_actor *who, const char *code,
    int64_t file_id, struct svc_err *e)
{
	int64_t item_id, dept_id;
	char fid[24];
	int err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = item_of(st, code, NULL, &item_id, &dept_id, NULL, e)))
		return fail_rollback(st, err);
	err = store_item_file_delete(st, item_id, file_id);
	if (err == GH_ENOTFOUND)
		return fail_rollback(st, svc_fail(e, err, NULL, "附件%lld不存在",
		    (long long)file_id));
	snprintf(fid, sizeof fid, "%lld", (long long)file_id);
	if ((err = svc_check(e, err)) ||
	    (err = svc_check(e, audit_actor(st, who, "item.file_detach", "item",
	    code, NULL, json_pack("{s:s}", "file_id", fid)))) ||
	    (err = svc_check(e, store_commit(st))))
		return fail_rollback(st, err);
	return 0;
}

static int faq_text(const char *s, size_t max_chars)
{
	size_t n = strlen(s), c = utf8_count(s, n);

	return c >= 1 && c <= max_chars;
}

int guide_faq_put(store *st, const struct svc_actor *who, const char *code,
    json_t *faq, struct svc_err *e)
{
	const char **q = NULL, **a = NULL;
	int64_t item_id, dept_id;
	size_t n = json_array_size(faq), i;
	json_t *row;
	int err = 0;

	if (!json_is_array(faq) || n > GUIDE_FAQ_MAX)
		return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "faq"), "常见问题应为数组,最多%d条", GUIDE_FAQ_MAX);
	q = xcalloc(n + 1, sizeof *q);
	a = xcalloc(n + 1, sizeof *a);
	json_array_foreach(faq, i, row) {
		char field[40];

		q[i] = json_string_value(json_object_get(row, "question"));
		a[i] = json_string_value(json_object_get(row, "answer"));
		snprintf(field, sizeof field, "faq[%zu]", i);
		if (!q[i] || !a[i] || !faq_text(q[i], 200) || !faq_text(a[i], 2000)) {
			err = svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
			    field), "第%zu条常见问题须有问题(200字以内)和解答"
			    "(2000字以内)", i + 1);
			goto out;
		}
	}
	if ((err = svc_check(e, store_begin(st))))
		goto out;
	if ((err = item_of(st, code, NULL, &item_id, &dept_id, NULL, e)) ||
	    (err = svc_check(e, store_item_faq_replace(st, item_id, q, a, n))) ||
	    (err = svc_check(e, audit_actor(st, who, "item.faq", "item", code,
	    NULL, json_pack("{s:I}", "questions", (json_int_t)n)))) ||
	    (err = svc_check(e, store_commit(st))))
		store_rollback(st);
out:
	free(q);
	free(a);
	return err;
}

int guide_file(store *st, const char *code, int64_t file_id, void **data,
    size_t *len, char *name, size_t name_cap, char *type, size_t type_cap,
    struct svc_err *e)
{
	char sha[STORE_SHA256_HEX];
	int64_t item_id, dept_id;
	int err;

	if ((err = item_of(st, code, NULL, &item_id, &dept_id, NULL, e)))
		return err;
	err = store_item_file_get(st, item_id, file_id, sha, name, name_cap, type,
	    type_cap);
	if (err == GH_ENOTFOUND)
		return svc_fail(e, err, NULL, "附件%lld不存在", (long long)file_id);
	if ((err = svc_check(e, err)))
		return err;
	return svc_check(e, store_blob_get(st, sha, data, len));
}
