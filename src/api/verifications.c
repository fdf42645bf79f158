/*
 * verifications.c - GET /verifications: the pending follow-up checks (事后
 * 核查) of 告知承诺 cases for the staff who must make them (issue 11
 * section 3).  Thin: reads the filter and the page, and asks the service
 * (service/pledges.h), which narrows the list to the caller's department.
 */
#include <string.h>

#include "api/api.h"
#include "service/pledges.h"
#include "util/gh_err.h"

void api_verifications_list(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	const char *status = http_query(req, "status");
	int page, per_page, filter = VERIFY_LIST_PENDING;
	int64_t dept;
	json_t *out;

	if (!api_page(req, &page, &per_page) ||
	    !api_query_int(req, "dept", 0, &dept))
		return;
	if (status && *status && strcmp(status, "pending")) {
		if (!strcmp(status, "due"))
			filter = VERIFY_LIST_DUE;
		else if (!strcmp(status, "overdue"))
			filter = VERIFY_LIST_OVERDUE;
		else {
			http_reply_error(req, GH_EINVAL, json_pack("{s:s}", "field",
			    "status"), "核查状态(status)应为pending、due或overdue");
			return;
		}
	}
	if (pledge_verifications_view(req->st, &who, filter, dept, page,
	    per_page, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, out);
	svc_err_clear(&e);
}
