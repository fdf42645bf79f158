/*
 * files.c - a case's material files and checks, the applicant's library
 * and licences over HTTP.  Thin handlers over service/materials.h.
 */
#include <string.h>

#include "api/api.h"
#include "domain/day.h"
#include "service/materials.h"
#include "util/gh_err.h"
#include "util/utf8.h"

/* POST /cases/{id}/files: multipart/form-data with "material" (the
 * material's name) and "file". */
void api_case_file_upload(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct http_part parts[4];
	struct material_upload u = {0};
	struct svc_err e = {0};
	size_t n = 0;
	json_t *out;
	int64_t id;
	int err;

	if (!api_param_id(req, 0, &id))
		return;
	if ((err = http_multipart(req, parts, 4, &n))) {
		http_reply_error(req, err, NULL, err == GH_EMEDIA ?
		    "上传文件须使用multipart/form-data,包含material和file两项" :
		    "上传的表单格式有误");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(parts[i].name, "material") && parts[i].data)
			u.material = parts[i].data;
		else if (!strcmp(parts[i].name, "file")) {
			u.data = parts[i].data ? parts[i].data : "";
			u.len = parts[i].len;
			u.filename = parts[i].filename;
		}
	}
	if (!u.material || !*u.material || strlen(u.material) > 255 ||
	    !utf8_valid(u.material, strlen(u.material)))
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "material"), "请指明材料名称(material)");
	else if (!u.data)
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "file"), "请选择要上传的文件(file)");
	else if (materials_upload(req->st, &who, id, &u, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 201, out);
	svc_err_clear(&e);
	http_parts_free(parts, n);
}

/* GET /files/{id}: the file itself, to those who may see its case. */
void api_file_get(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct case_file_rec f;
	struct svc_err e = {0};
	void *data = NULL;
	size_t len = 0;
	int64_t id;

	if (!api_param_id(req, 0, &id))
		return;
	if (materials_download(req->st, &who, id, &f, &data, &len, &e)) {
		api_reply_svc_err(req, &e);
		svc_err_clear(&e);
		return;
	}
	/* the type as detected at upload */
	http_reply_bytes(req, 200, stored_mime(f.type), data, len);
	http_set_filename(req, f.name, false);
}

/* GET /cases/{id}/materials */
void api_case_materials(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	json_t *out;
	int64_t id;

	if (!api_param_id(req, 0, &id))
		return;
	if (materials_of_case(req->st, &who, id, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, out);
	svc_err_clear(&e);
}

/* POST /cases/{id}/materials/check {material, result, reason?,
 * valid_until?} */
void api_case_material_check(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	const char *material, *result, *reason, *until_s;
	int32_t until = DAY_NONE;
	struct svc_err e = {0};
	json_t *body, *out;
	int64_t id;

	if (!api_param_id(req, 0, &id) || !(body = http_body_object(req)))
		return;
	if (!api_str(req, body, "material", true, 255, &material) ||
	    !api_str(req, body, "result", true, 16, &result) ||
	    !api_str(req, body, "reason", false, 500, &reason) ||
	    !api_str(req, body, "valid_until", false, 10, &until_s))
		goto out;
	if (until_s && day_parse_iso(until_s, &until)) {
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "valid_until"), "有效期应为YYYY-MM-DD格式的日期");
		goto out;
	}
	if (materials_check(req->st, &who, id, material, result, reason, until,
	    &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, out);
out:
	svc_err_clear(&e);
	json_decref(body);
}

/* POST /cases/{id}/materials/reuse {material, library_id | licence_id} */
void api_case_material_reuse(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	int64_t id, library_id = 0, licence_id = 0;
	struct svc_err e = {0};
	const char *material;
	json_t *body, *out;

	if (!api_param_id(req, 0, &id) || !(body = http_body_object(req)))
		return;
	if (api_str(req, body, "material", true, 255, &material) &&
	    api_int(req, body, "library_id", false, 1, INT64_MAX, &library_id) &&
	    api_int(req, body, "licence_id", false, 1, INT64_MAX, &licence_id)) {
		if (materials_reuse(req->st, &who, id, material, library_id,
		    licence_id, &out, &e))
			api_reply_svc_err(req, &e);
		else
			http_reply_json(req, 200, out);
	}
	svc_err_clear(&e);
	json_decref(body);
}

/* GET /me/library */
void api_me_library(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	json_t *out;

	if (materials_library(req->st, &who, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, json_pack("{s:o}", "data", out));
	svc_err_clear(&e);
}

/* GET /me/licences */
void api_me_licences(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	json_t *out;

	if (materials_licences(req->st, &who, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, json_pack("{s:o}", "data", out));
	svc_err_clear(&e);
}
