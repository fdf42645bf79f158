/*
 * guide.c - the 办事指南 beside the catalogue record over HTTP: where to
 * go, the materials' blank forms and samples, the common questions.  Thin
 * handlers over service/guide.h.
 */
#include <string.h>

#include "api/api.h"
#include "service/guide.h"
#include "util/gh_err.h"
#include "util/utf8.h"

/* GET /items/{code}/guide */
void api_item_guide(struct http_req *req)
{
	struct svc_err e = {0};
	json_t *out;

	if (guide_get(req->st, req->params[0], &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, out);
	svc_err_clear(&e);
}

/* POST /items/{code}/files: multipart material, kind, file. */
void api_item_file_attach(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	const char *material = NULL, *kind = NULL, *name = "", *data = NULL;
	struct http_part parts[4];
	struct svc_err e = {0};
	size_t n = 0, len = 0;
	json_t *out;
	int err;

	if ((err = http_multipart(req, parts, 4, &n))) {
		http_reply_error(req, err, NULL, err == GH_EMEDIA ?
		    "上传附件须使用multipart/form-data,包含material、kind和file" :
		    "上传的表单格式有误");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(parts[i].name, "material") && parts[i].data)
			material = parts[i].data;
		else if (!strcmp(parts[i].name, "kind") && parts[i].data)
			kind = parts[i].data;
		else if (!strcmp(parts[i].name, "file")) {
			data = parts[i].data ? parts[i].data : "";
			len = parts[i].len;
			name = parts[i].filename[0] ? parts[i].filename : "附件";
		}
	}
	if (!material || strlen(material) > 255 ||
	    !utf8_valid(material, strlen(material)))
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "material"), "请指明材料名称(material)");
	else if (!kind)
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "kind"), "请指明附件种类(kind: blank或sample)");
	else if (!data)
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "file"), "请选择要上传的文件(file)");
	else if (guide_attach(req->st, &who, req->params[0], material, kind, name,
	    data, len, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 201, out);
	svc_err_clear(&e);
	http_parts_free(parts, n);
}

/* GET /items/{code}/files/{id}: public, like the guide itself. */
void api_item_file_get(struct http_req *req)
{
	struct svc_err e = {0};
	char name[256], type[32];
	void *data = NULL;
	size_t len = 0;
	int64_t id;

	if (!api_param_id(req, 1, &id))
		return;
	if (guide_file(req->st, req->params[0], id, &data, &len, name,
	    sizeof name, type, sizeof type, &e)) {
		api_reply_svc_err(req, &e);
		svc_err_clear(&e);
		return;
	}
	http_reply_bytes(req, 200, stored_mime(type), data, len);
	http_set_filename(req, name, true);
}

/* DELETE /items/{code}/files/{id} */
void api_item_file_detach(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	int64_t id;

	if (!api_param_id(req, 1, &id))
		return;
	if (guide_detach(req->st, &who, req->params[0], id, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, json_pack("{s:b}", "ok", 1));
	svc_err_clear(&e);
}

/* PUT /items/{code}/faq {faq: [{question, answer}]} */
void api_item_faq_put(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	json_t *body = http_body_object(req);

	if (!body)
		return;
	if (guide_faq_put(req->st, &who, req->params[0], json_object_get(body,
	    "faq"), &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, json_pack("{s:b}", "ok", 1));
	svc_err_clear(&e);
	json_decref(body);
}
