/*
 * complaints.c - 效能投诉 (complaints.h).  WIP: filing and the public view;
 * the actions, the complainant's view, rating, board, statistics and
 * sweep are still to write (issue 12).
 */
#include "service/complaints.h"

#include <sodium.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "domain/day.h"
#include "domain/role.h"
#include "service/audit.h"
#include "service/calendar_cache.h"
#include "util/gh_err.h"
#include "util/utf8.h"

static size_t chars(const char *s)
{
	return s ? utf8_count(s, strlen(s)) : 0;
}

/* "" for a name a table does not have (CMC_NONE's category, ...). */
static const char *nz(const char *s)
{
	return s ? s : "";
}

static bool blank(const char *s)
{
	return !s || !*s;
}

static int field_fail(struct svc_err *e, const char *field, const char *msg)
{
	return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field", field),
	    "%s", msg);
}

static void make_query_code(char out[16])
{
	static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
	unsigned char raw[12];

	randombytes_buf(raw, sizeof raw);
	out[0] = 'T';
	for (int i = 0; i < 12; i++)
		out[i + 1] = alphabet[raw[i] % 32];
	out[13] = '\0';
}

/* The checks of what a complaint is filed with, by who files it. */
static int check_input(const struct complaint_input *in, int role,
    int *channel, int *category, struct svc_err *e)
{
	size_t t = chars(in->title), c = chars(in->content);

	*channel = in->channel ? complaint_channel_from_name(in->channel) : CMH_WEB;
	if (*channel < 0)
		return field_fail(e, "channel", "投诉渠道不存在");
	if (role == ROLE_SUPERVISOR ? *channel == CMH_WEB :
	    *channel != CMH_WEB)
		return field_fail(e, "channel", role == ROLE_SUPERVISOR ?
		    "投诉台登记电话、信件、电子邮件、短信或现场投诉,网上投诉由投诉人自己提交" :
		    "网上只能提交网上投诉");
	*category = CMC_NONE;
	if (in->category && (*category = complaint_category_from_name(
	    in->category)) == CMC_NONE)
		return field_fail(e, "category", "投诉分类不存在");
	if (t < 2 || t > 60)
		return field_fail(e, "title", "投诉标题应为2到60个字");
	if (c < 10 || c > 4000)
		return field_fail(e, "content", "投诉内容应为10到4000个字");
	if (role == 0 && blank(in->contact_phone) && blank(in->contact_email))
		return field_fail(e, "contact_phone",
		    "匿名投诉须留下联系电话或电子邮箱,以便告知办理结果");
	if (role == ROLE_SUPERVISOR && blank(in->contact_name) &&
	    blank(in->contact_phone))
		return field_fail(e, "contact_name", "请登记投诉人姓名或联系电话");
	return 0;
}

int complaint_file_in(store *st, const calendar *cal,
    const struct svc_actor *who, const struct complaint_input *in,
    int64_t *id, json_t **out, struct svc_err *e)
{
	struct complaint_new n = {0};
	struct complaint_event_rec ev;
	int role = who ? who->role : 0, channel = CMH_WEB, category = CMC_NONE, err;
	char sid[24];

	(void)cal;
	if (role && role != ROLE_APPLICANT && role != ROLE_SUPERVISOR)
		return svc_fail(e, GH_EFORBIDDEN, NULL,
		    "投诉由投诉人提交或由投诉台(效能办)登记");
	if ((err = check_input(in, role, &channel, &category, e)))
		return err;
	n = (struct complaint_new){.channel = channel, .category = category,
		.source = in->source, .title = in->title, .content = in->content,
		.user_id = role == ROLE_APPLICANT ? who->id : 0,
		.contact_name = in->contact_name, .contact_phone = in->contact_phone,
		.contact_email = in->contact_email, .address = in->address,
		.disclose_identity = in->disclose_identity,
		.entered_by = role == ROLE_SUPERVISOR ? who->id : 0,
		.dept_id = in->dept_id, .case_id = in->case_id,
		.received_day = who->today, .now = who->now};
	for (int tries = 0;; tries++) {
		make_query_code(n.query_code);
		err = store_complaint_insert(st, &n, id);
		if (err != GH_ECONFLICT || tries == 5)
			break;
	}
	if (err == GH_ECONFLICT && (in->dept_id || in->case_id))
		/* a foreign key: the department or case is not there */
		return field_fail(e, in->dept_id ? "dept_id" : "case_id",
		    "所投诉的部门或办件不存在");
	if (err)
		return svc_fail(e, err, NULL, NULL);
	ev = (struct complaint_event_rec){.complaint_id = *id, .at = who->now,
		.day = who->today, .actor_id = role ? who->id : 0,
		.actor_name = role ? who->name : "投诉人", .role = role,
		.action = "receive", .from_state = -1, .to_state = CMS_RECEIVED,
		.note = complaint_channel_label(channel)};
	snprintf(sid, sizeof sid, "%lld", (long long)*id);
	if ((err = store_complaint_event_add(st, &ev)) ||
	    (err = audit_actor(st, who, "complaint.file", "complaint", sid, NULL,
	    json_pack("{s:s,s:s,s:s}", "channel", complaint_channel_name(channel),
	    "title", in->title, "source", in->source ? in->source : ""))))
		return svc_fail(e, err, NULL, NULL);
	*out = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)*id, "query_code",
	    n.query_code, "state", complaint_state_name(CMS_RECEIVED));
	return 0;
}

int complaint_file(store *st, const calendar *cal,
    const struct svc_actor *who, const struct complaint_input *in,
    json_t **out, struct svc_err *e)
{
	int64_t id;
	int err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = complaint_file_in(st, cal, who, in, &id, out, e))) {
		store_rollback(st);
		return err;
	}
	if ((err = svc_check(e, store_commit(st)))) {
		json_decref(*out);
		*out = NULL;
		store_rollback(st);
	}
	return err;
}

/* The centre's calendar (its root region's). */
static int centre_calendar(store *st, struct cal_ref **ref)
{
	int64_t region = 0;
	int err = store_root_region(st, &region);

	if (err && err != GH_ENOTFOUND)
		return err;
	return calendar_load(st, region, ref);
}

static int32_t day_of(const json_t *row, const char *key)
{
	/* sql_row_json gives *_day columns as ISO dates */
	const char *v = json_string_value(json_object_get(row, key));
	int32_t d;

	return v && !day_parse_iso(v, &d) ? d : DAY_NONE;
}

/* The limits from the settings (their defaults while unset). */
static void limits_of(store *st, struct complaint_limits *lim)
{
	static const struct { const char *key; int dflt; size_t off; } keys[] = {
		{"complaint_accept_days", 5, offsetof(struct complaint_limits, accept_days)},
		{"complaint_register_days", 1, offsetof(struct complaint_limits, register_days)},
		{"complaint_submit_days", 1, offsetof(struct complaint_limits, submit_days)},
		{"complaint_assign_days", 2, offsetof(struct complaint_limits, assign_days)},
		{"complaint_handle_days", 15, offsetof(struct complaint_limits, handle_days)},
		{"complaint_extend_max_days", 7, offsetof(struct complaint_limits, extend_max_days)},
		{"complaint_report_days", 2, offsetof(struct complaint_limits, report_days)},
		{"complaint_archive_days", 10, offsetof(struct complaint_limits, archive_days)},
		{"warn_days", 1, offsetof(struct complaint_limits, warn_days)},
	};

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		int64_t v = keys[i].dflt;

		if (store_setting_int(st, keys[i].key, keys[i].dflt, &v))
			v = keys[i].dflt;
		*(int *)((char *)lim + keys[i].off) = (int)v;
	}
}

int complaint_get_public(store *st, int64_t id, json_t **out,
    struct svc_err *e)
{
	struct complaint_days d;
	struct complaint_limits lim;
	struct complaint_clock clk = {.due_day = DAY_NONE};
	struct cal_ref *ref = NULL;
	json_t *row;
	char due[11];
	int state, err = store_complaint_json(st, id, &row);

	if (err == GH_ENOTFOUND)
		return svc_fail(e, err, NULL, "投诉%lld不存在", (long long)id);
	if (err)
		return svc_fail(e, err, NULL, NULL);
	state = (int)json_integer_value(json_object_get(row, "state"));
	d = (struct complaint_days){.received_day = day_of(row, "received_day"),
		.accepted_day = day_of(row, "accepted_day"),
		.registered_day = day_of(row, "registered_day"),
		.submitted_day = day_of(row, "submitted_day"),
		.handling_day = day_of(row, "handling_day"),
		.handled_day = day_of(row, "handled_day"),
		.reported_day = day_of(row, "reported_day"),
		.extension_days = (int)json_integer_value(json_object_get(row,
		    "extension_days"))};
	limits_of(st, &lim);
	if ((err = centre_calendar(st, &ref))) {
		json_decref(row);
		return svc_fail(e, err, NULL, "无法加载工作日历");
	}
	/* the clock's "today" is the last day the complaint changed when it
	 * is closed; the caller's today is not known here, so the step's due
	 * day (which does not depend on today) is what is given */
	if (complaint_clock_compute(cal_ref_get(ref), &lim, state, day_of(row,
	    "handled_day") != DAY_NONE, &d, d.received_day, &clk))
		clk.due_day = DAY_NONE;
	cal_ref_release(ref);
	if (clk.due_day != DAY_NONE)
		day_format_iso(clk.due_day, due);
	*out = json_pack("{s:I,s:s,s:s,s:s,s:s,s:O,s:O,s:O,s:O,s:O,s:s,s:o,s:O}",
	    "id", (json_int_t)id, "state", complaint_state_name(state),
	    "state_label", complaint_state_label(state), "category",
	    nz(complaint_category_name((int)json_integer_value(json_object_get(
	    row, "category")))), "channel", nz(complaint_channel_name((int)
	    json_integer_value(json_object_get(row, "channel")))), "dept_id",
	    json_object_get(row, "dept_id"), "dept_name", json_object_get(row,
	    "dept_name"), "title", json_object_get(row, "title"), "received_at",
	    json_object_get(row, "created_at"), "updated_at", json_object_get(row,
	    "updated_at"), "step", nz(complaint_step_name(clk.step)),
	    "step_due_day",
	    clk.due_day != DAY_NONE ? json_string(due) : json_null(), "result",
	    json_object_get(row, "result"));
	json_decref(row);
	return 0;
}

/* ---- the complaint as who sees it, and its actions ---------------------- */

static int64_t int_of(const json_t *row, const char *key)
{
	const json_t *v = json_object_get(row, key);

	return json_is_integer(v) ? json_integer_value(v) : 0;
}

static const char *str_of(const json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));

	return s ? s : "";
}

/* Whether who (or key) is the complainant of row. */
static bool is_complainant(const json_t *row, const struct svc_actor *who,
    const struct complaint_key *key)
{
	if (who && who->role == ROLE_APPLICANT && who->id &&
	    int_of(row, "user_id") == who->id)
		return true;
	return key && key->query_code && key->contact_phone &&
	    *key->contact_phone && !strcmp(key->query_code, str_of(row,
	    "query_code")) && sodium_memcmp(key->contact_phone, str_of(row,
	    "contact_phone"), strlen(key->contact_phone)) == 0 &&
	    strlen(key->contact_phone) == strlen(str_of(row, "contact_phone"));
}

/* Whether who works for the department complained about or the one
 * handling it. */
static bool is_unit(const json_t *row, const struct svc_actor *who)
{
	return who && (who->role & (ROLE_CHIEF | ROLE_REVIEWER)) && who->dept_id &&
	    (int_of(row, "dept_id") == who->dept_id ||
	    int_of(row, "handling_dept_id") == who->dept_id);
}

static json_t *day_json(const json_t *row, const char *key)
{
	int32_t d = day_of(row, key);
	char iso[11];

	if (d == DAY_NONE)
		return json_null();
	day_format_iso(d, iso);
	return json_string(iso);
}

/* The view of row: identity fields shown when identity is true. */
static int view_of(store *st, json_t *row, bool identity, json_t **out,
    struct svc_err *e)
{
	json_t *pub, *events;
	int64_t id = int_of(row, "id");
	int err;

	if ((err = complaint_get_public(st, id, &pub, e)))
		return err;
	if ((err = store_complaint_events_json(st, id, &events))) {
		json_decref(pub);
		return svc_fail(e, err, NULL, NULL);
	}
	json_object_set_new(pub, "query_code", json_string(identity ?
	    str_of(row, "query_code") : ""));
	json_object_set(pub, "content", json_object_get(row, "content"));
	json_object_set(pub, "source", json_object_get(row, "source"));
	json_object_set(pub, "address", json_object_get(row, "address"));
	json_object_set_new(pub, "disclose_identity", json_boolean(int_of(row,
	    "disclose_identity")));
	json_object_set_new(pub, "identity_hidden", json_boolean(!identity));
	json_object_set_new(pub, "contact_name", json_string(identity ?
	    str_of(row, "contact_name") : "已隐藏"));
	json_object_set_new(pub, "contact_phone", json_string(identity ?
	    str_of(row, "contact_phone") : "已隐藏"));
	json_object_set_new(pub, "contact_email", json_string(identity ?
	    str_of(row, "contact_email") : "已隐藏"));
	json_object_set(pub, "handling_dept_id", json_object_get(row,
	    "handling_dept_id"));
	json_object_set(pub, "findings", json_object_get(row, "findings"));
	json_object_set(pub, "measures", json_object_get(row, "measures"));
	json_object_set(pub, "reject_reason", json_object_get(row,
	    "reject_reason"));
	json_object_set(pub, "extension_days", json_object_get(row,
	    "extension_days"));
	json_object_set(pub, "reopen_count", json_object_get(row,
	    "reopen_count"));
	json_object_set_new(pub, "received_day", day_json(row, "received_day"));
	json_object_set_new(pub, "reported_day", day_json(row, "reported_day"));
	json_object_set_new(pub, "timeline", events);
	*out = pub;
	return 0;
}

int complaint_get(store *st, const struct svc_actor *who,
    const struct complaint_key *key, int64_t id, json_t **out,
    struct svc_err *e)
{
	json_t *row;
	bool identity;
	int err = store_complaint_json(st, id, &row);

	if (err == GH_ENOTFOUND)
		return svc_fail(e, err, NULL, "投诉%lld不存在", (long long)id);
	if (err)
		return svc_fail(e, err, NULL, NULL);
	identity = (who && who->role == ROLE_SUPERVISOR) ||
	    is_complainant(row, who, key);
	if (!identity && !is_unit(row, who)) {
		json_decref(row);
		return svc_fail(e, GH_ENOTFOUND, NULL, "投诉%lld不存在",
		    (long long)id);
	}
	err = view_of(st, row, identity || int_of(row, "disclose_identity"),
	    out, e);
	json_decref(row);
	return err;
}

static int body_str(const json_t *body, const char *key, size_t max_chars,
    bool required, const char **out, struct svc_err *e)
{
	const json_t *v = json_object_get(body, key);
	char msg[120];

	*out = NULL;
	if (!v || json_is_null(v) || (json_is_string(v) &&
	    !json_string_length(v))) {
		if (!required)
			return 0;
		snprintf(msg, sizeof msg, "请填写%s", key);
		return field_fail(e, key, msg);
	}
	if (!json_is_string(v) || chars(json_string_value(v)) > max_chars) {
		snprintf(msg, sizeof msg, "%s应为不超过%zu个字的文字", key, max_chars);
		return field_fail(e, key, msg);
	}
	*out = json_string_value(v);
	return 0;
}

static int body_int(const json_t *body, const char *key, int64_t min,
    int64_t max, bool required, int64_t *out, struct svc_err *e)
{
	const json_t *v = json_object_get(body, key);
	char msg[120];

	*out = 0;
	if (!v || json_is_null(v)) {
		if (!required)
			return 0;
		snprintf(msg, sizeof msg, "请填写%s", key);
		return field_fail(e, key, msg);
	}
	if (!json_is_integer(v) || json_integer_value(v) < min ||
	    json_integer_value(v) > max) {
		snprintf(msg, sizeof msg, "%s应为%lld到%lld之间的整数", key,
		    (long long)min, (long long)max);
		return field_fail(e, key, msg);
	}
	*out = json_integer_value(v);
	return 0;
}

static int body_bool(const json_t *body, const char *key, bool required,
    int *out, struct svc_err *e)
{
	const json_t *v = json_object_get(body, key);
	char msg[120];

	*out = -1;
	if (!v || json_is_null(v)) {
		if (!required)
			return 0;
		snprintf(msg, sizeof msg, "请选择%s", key);
		return field_fail(e, key, msg);
	}
	if (!json_is_boolean(v)) {
		snprintf(msg, sizeof msg, "%s应为true或false", key);
		return field_fail(e, key, msg);
	}
	*out = json_is_true(v);
	return 0;
}

static void change_of(const json_t *row, struct complaint_change *c)
{
	const json_t *v;

	*c = (struct complaint_change){
		.state = (int)int_of(row, "state"),
		.category = (int)int_of(row, "category"),
		.reopen_count = (int)int_of(row, "reopen_count"),
		.extension_days = (int)int_of(row, "extension_days"),
		.dept_id = int_of(row, "dept_id"),
		.window_id = int_of(row, "window_id"),
		.person_id = int_of(row, "person_id"),
		.case_id = int_of(row, "case_id"),
		.leader_id = int_of(row, "leader_id"),
		.handling_dept_id = int_of(row, "handling_dept_id"),
		.accepted_day = day_of(row, "accepted_day"),
		.registered_day = day_of(row, "registered_day"),
		.submitted_day = day_of(row, "submitted_day"),
		.handling_day = day_of(row, "handling_day"),
		.handled_day = day_of(row, "handled_day"),
		.reported_day = day_of(row, "reported_day"),
		.archived_day = day_of(row, "archived_day"),
		.extension_reason = str_of(row, "extension_reason"),
		.findings = str_of(row, "findings"),
		.measures = str_of(row, "measures"),
		.result = str_of(row, "result"),
		.reject_reason = str_of(row, "reject_reason"),
		.disclose_identity = int_of(row, "disclose_identity") != 0,
		.result_answer = int_of(row, "result_answer") != 0,
	};
	v = json_object_get(row, "valid");
	c->valid = json_is_integer(v) ? (int)json_integer_value(v) : -1;
	v = json_object_get(row, "substantiated");
	c->substantiated = json_is_integer(v) ? (int)json_integer_value(v) : -1;
	v = json_object_get(row, "settled_on_time");
	c->settled_on_time = json_is_integer(v) ? (int)json_integer_value(v) : -1;
}

int complaint_act(store *st, const struct svc_actor *who,
    const struct complaint_key *key, int64_t id, const json_t *body,
    json_t **out, struct svc_err *e)
{
	const char *name = json_string_value(json_object_get(body, "action"));
	int action = name ? complaint_action_from_name(name) : -1;
	struct complaint_ctx ctx = {0};
	struct complaint_effect eff;
	struct complaint_change c;
	struct complaint_event_rec ev;
	struct complaint_limits lim;
	struct complaint_clock clk;
	struct cal_ref *ref = NULL;
	const char *reason = NULL, *text = NULL;
	int64_t n1 = 0, n2 = 0, n3 = 0, n4 = 0;
	int role_mask, from, b1 = -1, b2 = -1, err;
	bool complainant;
	json_t *row = NULL;
	char sid[24], note[600] = "";

	if (action < 0)
		return field_fail(e, "action", "action不存在");
	if ((err = svc_check(e, store_begin(st))))
		return err;
	err = store_complaint_json(st, id, &row);
	if (err) {
		store_rollback(st);
		return svc_fail(e, err, NULL, err == GH_ENOTFOUND ? "投诉不存在" :
		    NULL);
	}
	complainant = is_complainant(row, who, key);
	role_mask = complainant ? ROLE_APPLICANT : who ? who->role : 0;
	if (!complainant && !(who && who->role == ROLE_SUPERVISOR) &&
	    !is_unit(row, who)) {
		err = svc_fail(e, GH_ENOTFOUND, NULL, "投诉不存在");
		goto fail;
	}
	if ((role_mask & (ROLE_CHIEF | ROLE_REVIEWER)) &&
	    int_of(row, "handling_dept_id") != who->dept_id)
		role_mask = 0;
	change_of(row, &c);
	from = c.state;
	if ((err = centre_calendar(st, &ref))) {
		err = svc_fail(e, err, NULL, "无法加载工作日历");
		goto fail;
	}
	limits_of(st, &lim);
	ctx = (struct complaint_ctx){.state = c.state,
		.handled = c.handled_day != DAY_NONE, .extended = c.extension_days > 0,
		.reopen_count = c.reopen_count, .result_answered = c.result_answer,
		.visited = false, .substantiated = c.substantiated == 1,
		.disclosed = c.disclose_identity,
		.answer_time_passed = c.reported_day != DAY_NONE &&
		    complaint_answer_passed(cal_ref_get(ref), c.reported_day, 5,
		    who->today)};
	{
		int64_t visits = 0;

		if (!store_complaint_visits_count(st, id, &visits))
			ctx.visited = visits > 0;
	}
	if ((err = complaint_fsm_apply(&ctx, action, role_mask, &eff))) {
		err = svc_fail(e, err, json_pack("{s:s}", "state",
		    complaint_state_name(c.state)), err == GH_EFORBIDDEN ?
		    "%s无权对此投诉%s" : "投诉%s时不能%s", err == GH_EFORBIDDEN ?
		    (complainant ? "投诉人" : "当前角色") : complaint_state_label(
		    c.state), complaint_action_label(action));
		goto fail;
	}
	switch (action) {
	case CMA_ACCEPT:
		if (from == CMS_RECEIVED) {
			c.accepted_day = who->today;
			c.handling_day = who->today;
			snprintf(note, sizeof note, "受理");
		} else {
			c.result_answer = true;
			snprintf(note, sizeof note, "投诉人认可办理结果");
		}
		break;
	case CMA_REJECT:
		if ((err = body_str(body, "reason", 500, true, &reason, e)))
			goto fail;
		c.reject_reason = reason;
		snprintf(note, sizeof note, "不予受理:%s", reason);
		break;
	case CMA_REGISTER: {
		const char *cat;

		if ((err = body_str(body, "category", 20, true, &cat, e)))
			goto fail;
		if ((c.category = complaint_category_from_name(cat)) == CMC_NONE) {
			err = field_fail(e, "category", "投诉分类不存在");
			goto fail;
		}
		if ((err = body_int(body, "dept_id", 1, INT64_MAX, false, &n1, e)) ||
		    (err = body_int(body, "window_id", 1, INT64_MAX, false, &n2, e)) ||
		    (err = body_int(body, "person_id", 1, INT64_MAX, false, &n3, e)) ||
		    (err = body_int(body, "case_id", 1, INT64_MAX, false, &n4, e)))
			goto fail;
		if (n1)
			c.dept_id = n1;
		c.window_id = n2 ? n2 : c.window_id;
		c.person_id = n3 ? n3 : c.person_id;
		c.case_id = n4 ? n4 : c.case_id;
		c.registered_day = who->today;
		snprintf(note, sizeof note, "登记:%s", complaint_category_label(
		    c.category));
		break;
	}
	case CMA_SUBMIT: {
		struct user_rec u;

		if ((err = body_int(body, "leader_id", 1, INT64_MAX, true, &n1, e)))
			goto fail;
		if (n1 == who->id || store_user_by_id(st, n1, &u) ||
		    u.role != ROLE_SUPERVISOR || !u.active) {
			err = field_fail(e, "leader_id",
			    "请选择另一位在岗的效能监察领导呈批");
			goto fail;
		}
		c.leader_id = n1;
		c.submitted_day = who->today;
		snprintf(note, sizeof note, "呈批%s", u.name);
		break;
	}
	case CMA_ASSIGN:
		if (c.leader_id != who->id) {
			err = svc_fail(e, GH_EFORBIDDEN, NULL,
			    "只有呈批的领导可以批办");
			goto fail;
		}
		if ((err = body_int(body, "handling_dept_id", 1, INT64_MAX, true, &n1,
		    e)))
			goto fail;
		c.handling_dept_id = n1;
		snprintf(note, sizeof note, "批办");
		break;
	case CMA_HANDLE:
		if ((err = body_str(body, "findings", 2000, true, &text, e)))
			goto fail;
		c.findings = text;
		c.handled_day = who->today;
		snprintf(note, sizeof note, "办理结果:%.400s", text);
		break;
	case CMA_EXTEND:
		if ((err = body_int(body, "days", 1, lim.extend_max_days, true, &n1,
		    e)) || (err = body_str(body, "reason", 500, true, &reason, e)))
			goto fail;
		c.extension_days = (int)n1;
		c.extension_reason = reason;
		snprintf(note, sizeof note, "延长%lld个工作日:%s", (long long)n1,
		    reason);
		break;
	case CMA_REPORT:
		if ((err = body_bool(body, "valid", true, &b1, e)) ||
		    (err = body_bool(body, "substantiated", true, &b2, e)) ||
		    (err = body_str(body, "result", 1000, true, &text, e)) ||
		    (err = body_str(body, "measures", 1000, false, &reason, e)))
			goto fail;
		c.valid = b1;
		c.substantiated = b2;
		c.result = text;
		c.measures = reason ? reason : "";
		c.reported_day = who->today;
		if (!complaint_clock_compute(cal_ref_get(ref), &lim, CMS_HANDLING,
		    true, &(struct complaint_days){.received_day = day_of(row,
		    "received_day"), .accepted_day = c.accepted_day,
		    .handling_day = c.handling_day, .handled_day = c.handled_day,
		    .extension_days = c.extension_days}, who->today, &clk))
			c.settled_on_time = complaint_settled_on_time(who->today,
			    clk.handle_due_day);
		snprintf(note, sizeof note, "报结:%s", text);
		break;
	case CMA_REOPEN:
		if ((err = body_str(body, "reason", 500, true, &reason, e)))
			goto fail;
		c.reopen_count++;
		c.handling_day = who->today;
		c.handled_day = DAY_NONE;
		c.reported_day = DAY_NONE;
		snprintf(note, sizeof note, "申请重办:%s", reason);
		break;
	case CMA_VISIT: {
		const char *comment;

		if ((err = body_bool(body, "reached", true, &b1, e)) ||
		    (err = body_bool(body, "satisfied", false, &b2, e)) ||
		    (err = body_str(body, "comment", 500, false, &comment, e)))
			goto fail;
		if ((err = store_complaint_visit_add(st, id, who->id, who->today,
		    who->now, b1 == 1, b2, "{}", comment))) {
			err = svc_fail(e, err, NULL, NULL);
			goto fail;
		}
		snprintf(note, sizeof note, "回访:%s%s", b1 == 1 ? "已联系" :
		    "未联系上", b2 < 0 ? "" : b2 ? ",满意" : ",不满意");
		break;
	}
	case CMA_ARCHIVE:
		c.archived_day = who->today;
		snprintf(note, sizeof note, "归档");
		break;
	case CMA_DISCLOSE:
		c.disclose_identity = true;
		snprintf(note, sizeof note, "投诉人同意向被投诉单位公开身份");
		break;
	default:
		err = svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "action"), "此操作请在监察记录中办理");
		goto fail;
	}
	if (eff.to_state >= 0)
		c.state = eff.to_state;
	c.now = who->now;
	if ((err = store_complaint_change(st, id, int_of(row, "version"), &c))) {
		err = err == GH_ECONFLICT ? svc_fail(e, err, NULL,
		    "投诉刚被他人处理,请刷新后重试") : svc_fail(e, err, NULL, NULL);
		goto fail;
	}
	ev = (struct complaint_event_rec){.complaint_id = id, .at = who->now,
		.day = who->today, .actor_id = complainant ? 0 : who->id,
		.actor_name = complainant ? "投诉人" : who->name, .role = role_mask,
		.action = complaint_action_name(action), .from_state = from,
		.to_state = c.state, .note = note};
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if ((err = store_complaint_event_add(st, &ev)) ||
	    (err = audit_actor(st, who, "complaint.act", "complaint", sid,
	    json_pack("{s:s}", "state", complaint_state_name(from)), json_pack(
	    "{s:s,s:s,s:s}", "action", complaint_action_name(action), "state",
	    complaint_state_name(c.state), "note", note))) ||
	    (err = store_commit(st))) {
		err = svc_fail(e, err, NULL, NULL);
		goto fail;
	}
	cal_ref_release(ref);
	json_decref(row);
	return complaint_get(st, who, key, id, out, e);
fail:
	cal_ref_release(ref);
	json_decref(row);
	store_rollback(st);
	return err;
}
