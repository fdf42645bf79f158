/*
 * complaint.c - the rules of 效能投诉 (see complaint.h): the transition
 * table, the name tables, the step clock.
 *
 * The table rows[] is the policy: one row per allowed (action,
 * from-state) with the roles that may take it, its target state and its
 * effect.  complaint_fsm_apply() adds the conditions that depend on the
 * complaint's history (findings before 报结, one extension, one 重办,
 * archiving only after the complainant answered, was visited or let
 * answer_days pass, a sanction only when substantiated, consent once).
 *
 * Constant tables only; reentrant.
 */
#include "domain/complaint.h"

#include <string.h>

#include "domain/clock.h"
#include "domain/day.h"
#include "domain/role.h"
#include "util/gh_err.h"

enum row_flag {
	F_REASON = 1u << 0,
	F_START_HANDLING = 1u << 1,
	F_HANDLED = 1u << 2,
	F_CLOSES = 1u << 3
};

#define STAY (-1)

struct row {
	int action;
	int from;
	int roles;
	int to; /* enum complaint_state, STAY for the same state */
	unsigned flags;
};

/* The desk (效能办) and the leaders are supervisors; the handling unit is
 * a department's chief or reviewer; the complainant acts as an
 * applicant. */
#define R_DESK ROLE_SUPERVISOR
#define R_UNIT (ROLE_CHIEF | ROLE_REVIEWER)
#define R_CMP ROLE_APPLICANT

static const struct row rows[] = {
	{CMA_ACCEPT, CMS_RECEIVED, R_DESK, CMS_ACCEPTED, 0},
	{CMA_REJECT, CMS_RECEIVED, R_DESK, CMS_REJECTED, F_REASON | F_CLOSES},
	{CMA_REGISTER, CMS_ACCEPTED, R_DESK, CMS_REGISTERED, 0},
	{CMA_SUBMIT, CMS_REGISTERED, R_DESK, CMS_SUBMITTED, 0},
	{CMA_ASSIGN, CMS_SUBMITTED, R_DESK, CMS_HANDLING, F_START_HANDLING},
	{CMA_HANDLE, CMS_HANDLING, R_UNIT, STAY, F_HANDLED},
	{CMA_EXTEND, CMS_HANDLING, R_UNIT, STAY, F_REASON},
	{CMA_REPORT, CMS_HANDLING, R_DESK, CMS_REPORTED, 0},
	{CMA_ACCEPT, CMS_REPORTED, R_CMP, STAY, 0},
	{CMA_REOPEN, CMS_REPORTED, R_CMP, CMS_HANDLING,
	    F_REASON | F_START_HANDLING},
	{CMA_VISIT, CMS_REPORTED, R_DESK, STAY, 0},
	{CMA_VISIT, CMS_ARCHIVED, R_DESK, STAY, 0},
	{CMA_ARCHIVE, CMS_REPORTED, R_DESK, CMS_ARCHIVED, F_CLOSES},
	{CMA_SANCTION, CMS_REPORTED, R_DESK, STAY, 0},
	{CMA_SANCTION, CMS_ARCHIVED, R_DESK, STAY, 0},
	{CMA_DISCLOSE, CMS_RECEIVED, R_CMP, STAY, 0},
	{CMA_DISCLOSE, CMS_ACCEPTED, R_CMP, STAY, 0},
	{CMA_DISCLOSE, CMS_REGISTERED, R_CMP, STAY, 0},
	{CMA_DISCLOSE, CMS_SUBMITTED, R_CMP, STAY, 0},
	{CMA_DISCLOSE, CMS_HANDLING, R_CMP, STAY, 0},
	{CMA_DISCLOSE, CMS_REPORTED, R_CMP, STAY, 0},
};
#define N_ROWS (sizeof rows / sizeof rows[0])

static const struct row *row_of(int action, int state)
{
	for (size_t i = 0; i < N_ROWS; i++)
		if (rows[i].action == action && rows[i].from == state)
			return &rows[i];
	return NULL;
}

bool complaint_fsm_allowed(int action, int state)
{
	return row_of(action, state) != NULL;
}

int complaint_fsm_roles(int action, int state)
{
	const struct row *r = row_of(action, state);

	return r ? r->roles : 0;
}

static int roles_any_state(int action)
{
	int roles = 0;

	for (size_t i = 0; i < N_ROWS; i++)
		if (rows[i].action == action)
			roles |= rows[i].roles;
	return roles;
}

/* The history's conditions on an allowed row: 0 or GH_ECONFLICT. */
static int history_allows(const struct complaint_ctx *c, int action)
{
	switch (action) {
	case CMA_REPORT:
		return c->handled ? 0 : GH_ECONFLICT;
	case CMA_HANDLE:
		return c->handled ? GH_ECONFLICT : 0;
	case CMA_EXTEND:
		return c->extended || c->handled ? GH_ECONFLICT : 0;
	case CMA_REOPEN:
		return c->reopen_count >= 1 || c->result_answered ?
		    GH_ECONFLICT : 0;
	case CMA_ACCEPT:
		return c->state == CMS_REPORTED && c->result_answered ?
		    GH_ECONFLICT : 0;
	case CMA_ARCHIVE:
		if (c->result_answered || c->visited)
			return 0;
		return c->answer_time_passed ? 0 : GH_ECONFLICT;
	case CMA_SANCTION:
		return c->substantiated ? 0 : GH_ECONFLICT;
	case CMA_DISCLOSE:
		return c->disclosed ? GH_ECONFLICT : 0;
	default:
		return 0;
	}
}

int complaint_fsm_apply(const struct complaint_ctx *ctx, int action,
    int role_mask, struct complaint_effect *out)
{
	const struct row *r;
	struct complaint_effect e = {0};
	int err;

	if (!ctx || !out || action < 0 || action >= CMA_COUNT_ ||
	    ctx->state < 0 || ctx->state >= CMS_COUNT_)
		return GH_EINVAL;
	if (!(role_mask & roles_any_state(action)))
		return GH_EFORBIDDEN;
	r = row_of(action, ctx->state);
	if (!r)
		return GH_ECONFLICT;
	if (!(role_mask & r->roles))
		return GH_EFORBIDDEN;
	if ((err = history_allows(ctx, action)))
		return err;
	e.to_state = r->to == STAY ? ctx->state : r->to;
	e.needs_reason = r->flags & F_REASON;
	e.start_handling = r->flags & F_START_HANDLING;
	e.sets_handled = r->flags & F_HANDLED;
	e.closes = r->flags & F_CLOSES;
	*out = e;
	return 0;
}

/* ---- names ---------------------------------------------------------------- */

static const char *const state_names[CMS_COUNT_] = {
	"received", "accepted", "rejected", "registered", "submitted",
	"handling", "reported", "archived"};
static const char *const state_labels[CMS_COUNT_] = {
	"已接待", "已受理", "不予受理", "已登记", "已呈批", "办理中", "已报结",
	"已归档"};
static const char *const action_names[CMA_COUNT_] = {
	"accept", "reject", "register", "submit", "assign", "handle", "extend",
	"report", "reopen", "visit", "archive", "disclose", "sanction"};
static const char *const action_labels[CMA_COUNT_] = {
	"受理", "不予受理", "登记", "呈批", "批办", "办理", "延期", "报结",
	"重办", "回访", "归档", "同意公开身份", "问责"};
static const char *const step_names[CMP_STEP_COUNT_] = {
	"none", "accept", "register", "submit", "assign", "handle", "report",
	"archive"};
static const char *const step_labels[CMP_STEP_COUNT_] = {
	"", "受理", "登记", "呈批", "批办", "办理", "报结", "归档"};
static const char *const category_names[CMC_COUNT_] = {
	"", "attitude", "efficiency", "fees", "discipline", "corruption",
	"other"};
static const char *const category_labels[CMC_COUNT_] = {
	"", "服务态度", "办事效率", "违规收费", "工作纪律", "廉政问题线索",
	"其他"};
static const char *const channel_names[CMH_COUNT_] = {
	"web", "phone", "letter", "email", "sms", "desk"};
static const char *const channel_labels[CMH_COUNT_] = {
	"网上投诉", "投诉电话", "投诉信箱", "电子邮件", "短信", "现场投诉"};
static const char *const rating_labels[5] = {
	"非常满意", "满意", "基本满意", "不满意", "非常不满意"};

static int index_of(const char *const *names, int n, const char *s, int from)
{
	if (!s || !*s)
		return -1;
	for (int i = from; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

#define NAME_AT(tab, n, i) ((i) >= 0 && (i) < (n) ? (tab)[i] : NULL)

const char *complaint_state_name(int s)
{
	return NAME_AT(state_names, CMS_COUNT_, s);
}
const char *complaint_state_label(int s)
{
	return NAME_AT(state_labels, CMS_COUNT_, s);
}
int complaint_state_from_name(const char *s)
{
	return index_of(state_names, CMS_COUNT_, s, 0);
}
const char *complaint_action_name(int a)
{
	return NAME_AT(action_names, CMA_COUNT_, a);
}
const char *complaint_action_label(int a)
{
	return NAME_AT(action_labels, CMA_COUNT_, a);
}
int complaint_action_from_name(const char *s)
{
	return index_of(action_names, CMA_COUNT_, s, 0);
}
const char *complaint_step_name(int s)
{
	return NAME_AT(step_names, CMP_STEP_COUNT_, s);
}
const char *complaint_step_label(int s)
{
	return NAME_AT(step_labels, CMP_STEP_COUNT_, s);
}
const char *complaint_category_name(int c)
{
	return c == CMC_NONE ? NULL : NAME_AT(category_names, CMC_COUNT_, c);
}
const char *complaint_category_label(int c)
{
	return c == CMC_NONE ? NULL : NAME_AT(category_labels, CMC_COUNT_, c);
}
int complaint_category_from_name(const char *s)
{
	int i = index_of(category_names, CMC_COUNT_, s, 1);

	return i < 0 ? CMC_NONE : i;
}
const char *complaint_channel_name(int c)
{
	return NAME_AT(channel_names, CMH_COUNT_, c);
}
const char *complaint_channel_label(int c)
{
	return NAME_AT(channel_labels, CMH_COUNT_, c);
}
int complaint_channel_from_name(const char *s)
{
	return index_of(channel_names, CMH_COUNT_, s, 0);
}
bool complaint_channel_staff_entered(int c)
{
	return c > CMH_WEB && c < CMH_COUNT_;
}
const char *complaint_rating_label(int level)
{
	return level >= 1 && level <= 5 ? rating_labels[level - 1] : NULL;
}

/* ---- the step clock --------------------------------------------------------- */

int complaint_step_of(int state, bool handled)
{
	switch (state) {
	case CMS_RECEIVED: return CMP_STEP_ACCEPT;
	case CMS_ACCEPTED: return CMP_STEP_REGISTER;
	case CMS_REGISTERED: return CMP_STEP_SUBMIT;
	case CMS_SUBMITTED: return CMP_STEP_ASSIGN;
	case CMS_HANDLING: return handled ? CMP_STEP_REPORT : CMP_STEP_HANDLE;
	case CMS_REPORTED: return CMP_STEP_ARCHIVE;
	default: return CMP_STEP_NONE;
	}
}

static int due_after(const calendar *cal, int32_t from, int days,
    int32_t *out)
{
	if (from == DAY_NONE || days < 0)
		return GH_EINVAL;
	return calendar_add_workdays(cal, from, days, out);
}

int complaint_clock_compute(const calendar *cal,
    const struct complaint_limits *lim, int state, bool handled,
    const struct complaint_days *d, int32_t today,
    struct complaint_clock *out)
{
	struct complaint_clock c = {.step = CMP_STEP_NONE, .due_day = DAY_NONE,
	    .handle_due_day = DAY_NONE, .light = LIGHT_NONE};
	int32_t from = DAY_NONE;
	int days = 0, err;

	if (!cal || !lim || !d || !out || state < 0 || state >= CMS_COUNT_)
		return GH_EINVAL;
	if (d->handling_day != DAY_NONE || d->accepted_day != DAY_NONE) {
		int32_t h = d->handling_day != DAY_NONE ? d->handling_day :
		    d->accepted_day;

		if ((err = due_after(cal, h, lim->handle_days + d->extension_days,
		    &c.handle_due_day)))
			return err;
	}
	c.step = complaint_step_of(state, handled);
	switch (c.step) {
	case CMP_STEP_ACCEPT:
		from = d->received_day, days = lim->accept_days;
		break;
	case CMP_STEP_REGISTER:
		from = d->accepted_day, days = lim->register_days;
		break;
	case CMP_STEP_SUBMIT:
		from = d->registered_day, days = lim->submit_days;
		break;
	case CMP_STEP_ASSIGN:
		from = d->submitted_day, days = lim->assign_days;
		break;
	case CMP_STEP_HANDLE:
		break;
	case CMP_STEP_REPORT:
		from = d->handled_day, days = lim->report_days;
		break;
	case CMP_STEP_ARCHIVE:
		from = d->reported_day, days = lim->archive_days;
		break;
	default:
		*out = c;
		return 0;
	}
	if (c.step == CMP_STEP_HANDLE) {
		if (c.handle_due_day == DAY_NONE)
			return GH_EINVAL;
		c.due_day = c.handle_due_day;
	} else if ((err = due_after(cal, from, days, &c.due_day))) {
		return err;
	}
	c.remaining_days = calendar_count_workdays(cal, today, c.due_day);
	if (c.remaining_days < 0)
		c.light = LIGHT_RED;
	else if (c.remaining_days <= lim->warn_days)
		c.light = LIGHT_YELLOW;
	else
		c.light = LIGHT_GREEN;
	*out = c;
	return 0;
}

bool complaint_answer_passed(const calendar *cal, int32_t reported_day,
    int answer_days, int32_t today)
{
	return cal && reported_day != DAY_NONE &&
	    calendar_count_workdays(cal, reported_day, today) >= answer_days;
}

bool complaint_extension_days_ok(const struct complaint_limits *lim, int days)
{
	return lim && days >= 1 && days <= lim->extend_max_days;
}

bool complaint_settled_on_time(int32_t reported_day, int32_t handle_due_day)
{
	return reported_day != DAY_NONE && handle_due_day != DAY_NONE &&
	    reported_day <= handle_due_day;
}
