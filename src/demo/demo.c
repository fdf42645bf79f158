/*
 * demo.c - builds the demo centre: the 灵川县-shaped organisation
 * (data/demo/org.json, through the organisation importer), the documented
 * demo accounts, the 471-item catalogue (data/demo/items.csv, through the
 * item importer), the holiday calendar, and a few hundred cases.
 *
 * What stays in C is what is generated rather than tabulated: the five
 * documented demo accounts (an administrator and a supervisor are never
 * imported, see org_codec.h), the 60 online applicants (demo_data.h's
 * generators) and the case plans below.  Each record is stamped with a
 * simulated time drawn from one deterministic random stream, in the order
 * the records are made, so that the same program makes the same centre.
 *
 * Cases are not written as finished rows: each one is driven through the
 * case engine (api/cases.c) action by action on simulated past days, so
 * that its timeline, steps, notices, suspensions, deadline and audit
 * records are exactly what the live system would have produced.  A case's
 * plan runs until it reaches today; cases submitted recently stay open,
 * some slow ones run past their deadline.
 *
 * Deterministic: the same today gives the same centre (query codes aside,
 * which are random by design).
 */
#include "demo/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "demo/demo_data.h"
#include "domain/case_fsm.h"
#include "domain/day.h"
#include "domain/form.h"
#include "domain/idcode.h"
#include "domain/matter.h"
#include "domain/role.h"
#include "export/item_codec.h"
#include "export/org_codec.h"
#include "service/catalogue.h"
#include "service/org_import.h"
#include "util/gh_err.h"
#include "util/log.h"
#include "util/xalloc.h"

#define DEMO_CASES 420
#define DEMO_APPLICANTS 60
#define DEMO_TZ_OFFSET_S (8 * 3600)

extern const char *const embedded_cn_calendar_2025_2026_csv;
extern const unsigned long embedded_cn_calendar_2025_2026_csv_len;
extern const char *const embedded_cn_calendar_2027_provisional_csv;
extern const unsigned long embedded_cn_calendar_2027_provisional_csv_len;

struct demo {
	store *st;
	int32_t today;
	uint64_t rng;
	char hash[128];
	struct org_file *org;      /* data/demo/org.json */
	struct org_ids ids;        /* the ids of its records */
	struct item *items;        /* data/demo/items.csv */
	size_t n_items;
	int64_t applicant_ids[DEMO_APPLICANTS + 1];
	struct user_rec applicants[DEMO_APPLICANTS + 1];
	int64_t demo_clerk_id, demo_reviewer_id;
	int64_t root_region, county_region;
	struct cal_ref *cal;
	size_t made[CS_COUNT_];
};

static uint32_t rnd(struct demo *d)
{
	/* xorshift64*: small, deterministic, good enough for demo data */
	d->rng ^= d->rng >> 12;
	d->rng ^= d->rng << 25;
	d->rng ^= d->rng >> 27;
	return (uint32_t)((d->rng * 2685821657736338717ULL) >> 32);
}

static int pick(struct demo *d, int n)
{
	return n > 0 ? (int)(rnd(d) % (uint32_t)n) : 0;
}

static int64_t at_time(int32_t day, struct demo *d)
{
	/* office hours 08:30-17:30 in the centre's zone (UTC+8) */
	return (int64_t)day * 86400 - DEMO_TZ_OFFSET_S + 8 * 3600 + 1800 +
	    pick(d, 9 * 3600);
}

/* A time on day after *last (a case's previous event), so that a case's
 * timeline is in order: 申报 first, each action after the one before,
 * also when two fall on one day (受理 at 08:34 after 申报 at 08:48 was
 * the fault).  Same draws as at_time, so the demo stays the same centre;
 * the time is folded into the rest of the office day after *last, or
 * set a minute after it when the day is over. */
static int64_t at_time_after(int32_t day, struct demo *d, int64_t *last)
{
	int64_t t = at_time(day, d);
	int64_t open = (int64_t)day * 86400 - DEMO_TZ_OFFSET_S + 8 * 3600 +
	    1800, close = open + 9 * 3600;

	if (t <= *last) {
		int64_t from = *last + 60;

		t = from < close ? from + (t - open) % (close - from) : from;
	}
	*last = t;
	return t;
}

static int add_user(struct demo *d, const char *username, const char *name,
    int role, const char *kind, const char *id_number, const char *phone,
    int64_t dept_id, int64_t window_id, const char *post, int64_t *id)
{
	struct user_rec u = {0};

	snprintf(u.username, sizeof u.username, "%s", username);
	snprintf(u.name, sizeof u.name, "%s", name);
	u.role = role;
	snprintf(u.kind, sizeof u.kind, "%s", kind);
	snprintf(u.id_number, sizeof u.id_number, "%s", id_number);
	snprintf(u.phone, sizeof u.phone, "%s", phone);
	u.dept_id = dept_id;
	u.window_id = window_id;
	snprintf(u.post, sizeof u.post, "%s", post);
	snprintf(u.pw_hash, sizeof u.pw_hash, "%s", d->hash);
	u.active = true;
	/* the demo's applicants have been through real-name verification */
	u.real_name = role == ROLE_APPLICANT;
	return store_user_insert(d->st, &u, at_time(d->today - 400, d), id);
}

/* The organisation file through the importer, in the demo's transaction;
 * each staff account is stamped as add_user would. */
static int build_org(struct demo *d)
{
	struct item_errors errs = {0};
	struct org_apply_opts o = {.pw_hash = d->hash, .admin_pw_hash = d->hash};
	int64_t *at;
	int err;

	if ((err = demo_org(&d->org)))
		return err;
	at = xcalloc(d->org->n_staff + 1, sizeof *at);
	for (size_t i = 0; i < d->org->n_staff; i++)
		at[i] = at_time(d->today - 400, d);
	o.staff_created_at = at;
	err = org_apply(d->st, d->org, &o, &d->ids, &errs);
	for (size_t i = 0; i < errs.n; i++)
		log_error("demo org: %s: %s", errs.v[i].field, errs.v[i].message);
	item_errors_clear(&errs);
	free(at);
	for (size_t i = 0; i < d->org->n_regions && !err; i++) {
		if (d->org->regions[i].level == LV_CITY && !d->root_region)
			d->root_region = d->ids.regions[i];
		if (d->org->regions[i].level == LV_COUNTY && !d->county_region)
			d->county_region = d->ids.regions[i];
	}
	return err;
}

/* The catalogue file through the item importer's parser and writes, in
 * the demo's transaction; each item stamped from the random stream. */
static int build_catalogue(struct demo *d)
{
	struct item_errors errs = {0};
	size_t created, updated;
	int64_t *at;
	int err;

	if ((err = demo_items(&d->items, &d->n_items)))
		return err;
	at = xcalloc(d->n_items + 1, sizeof *at);
	for (size_t i = 0; i < d->n_items; i++)
		at[i] = at_time(d->today - 300, d);
	err = catalogue_items_apply(d->st, d->items, d->n_items, 0, at, &errs,
	    &created, &updated);
	for (size_t i = 0; i < errs.n; i++)
		log_error("demo items: %d %s: %s", errs.v[i].line, errs.v[i].field,
		    errs.v[i].message);
	item_errors_clear(&errs);
	free(at);
	return err;
}

/* The demo's joint matters (并联审批 主题事项, issue 11): the reforms the
 * reports describe, made of the catalogue's own items.  Each promises the
 * critical path of its items (the longest chain of prerequisites), never
 * their sum; prerequisites only where a law requires them. */
static const struct demo_matter {
	const char *code, *name, *lead, *description;
	const char *items[8];
	struct {
		const char *item, *requires, *basis;
	} pre[4];
	int legal;
} demo_matters[] = {
	{"450323-ZT-0001", "开餐馆“一件事”", "11450323074413692M",
	    "开办餐饮店所需的个体工商户登记、食品经营许可、消防安全检查和环评"
	    "登记表备案一次申报,一张申请表、一套材料,各部门同步审查",
	    {"450323-SCJG-0015", "450323-SCJG-0001", "450323-XFJY-0001",
	    "450323-STHJ-0003"},
	    {{"450323-SCJG-0001", "450323-SCJG-0015", "《食品经营许可和备案管理"
	    "办法》第十三条:申请食品经营许可,应当先行取得营业执照等合法主体"
	    "资格"}}, 45},
	{"450323-ZT-0002", "开办企业“一件事”", "11450323074413692M",
	    "企业设立登记、公章刻制备案和税务登记一次申报、一窗受理",
	    {"450323-SCJG-0018", "450323-GAJ-0008", "450323-SWJ-0002"},
	    {{"450323-GAJ-0008", "450323-SCJG-0018", "《印铸刻字业暂行管理规则》"
	    "第三条:刻制公章须持营业执照等证明"},
	    {"450323-SWJ-0002", "450323-SCJG-0018", "《税收征收管理法》第十五条:"
	    "自领取营业执照之日起三十日内申报办理税务登记"}}, 45},
	{"450323-ZT-0003", "工程建设项目施工许可阶段并联审批", "114503230749965418",
	    "建设项目用地、规划、施工许可、消防设计审查、环评审批并联办理:"
	    "牵头部门一窗受理,一套材料共享,只有法律规定的前置事项依次办理",
	    {"450323-ZRZY-0001", "450323-ZRZY-0002", "450323-ZRZY-0003",
	    "450323-ZJJ-0001", "450323-ZJJ-0013", "450323-STHJ-0002"},
	    {{"450323-ZRZY-0002", "450323-ZRZY-0001", "《城乡规划法》第三十八条:"
	    "取得建设项目用地预审与选址意见后方可申领建设用地规划许可证"},
	    {"450323-ZRZY-0003", "450323-ZRZY-0002", "《城乡规划法》第四十条:"
	    "建设工程规划许可以建设用地规划许可为前提"},
	    {"450323-ZJJ-0001", "450323-ZRZY-0003", "《建筑法》第八条:申请施工"
	    "许可应当已经取得建设工程规划许可证"}}, 45},
};

static int build_matters(struct demo *d)
{
	for (size_t k = 0; k < sizeof demo_matters / sizeof demo_matters[0];
	    k++) {
		const struct demo_matter *dm = &demo_matters[k];
		struct matter m = {0};
		struct item *items;
		const struct item **ptrs;
		struct item_errors errs = {0};
		int *limits, err = 0;
		bool created;

		m.code = xstrdup(dm->code);
		m.name = xstrdup(dm->name);
		m.lead_dept_code = xstrdup(dm->lead);
		m.description = xstrdup(dm->description);
		while (m.n_items < 8 && dm->items[m.n_items])
			m.n_items++;
		m.item_codes = xcalloc(m.n_items + 1, sizeof *m.item_codes);
		items = xcalloc(m.n_items + 1, sizeof *items);
		ptrs = xcalloc(m.n_items + 1, sizeof *ptrs);
		limits = xcalloc(m.n_items + 1, sizeof *limits);
		for (size_t i = 0; i < m.n_items; i++) {
			m.item_codes[i] = xstrdup(dm->items[i]);
			if (!store_item_get(d->st, dm->items[i], &items[i], NULL,
			    NULL)) {
				ptrs[i] = &items[i];
				limits[i] = items[i].promised_limit_days;
			}
		}
		while (m.n_prereqs < 4 && dm->pre[m.n_prereqs].item)
			m.n_prereqs++;
		m.prereqs = xcalloc(m.n_prereqs + 1, sizeof *m.prereqs);
		for (size_t i = 0; i < m.n_prereqs; i++) {
			m.prereqs[i].item_code = xstrdup(dm->pre[i].item);
			m.prereqs[i].requires_code = xstrdup(dm->pre[i].requires);
			m.prereqs[i].basis = xstrdup(dm->pre[i].basis);
		}
		m.legal_limit_days = dm->legal;
		m.promised_limit_days = matter_critical_days(&m, limits);
		if (m.promised_limit_days < 1)
			m.promised_limit_days = 1;
		m.deemed_consent = true;
		if (matter_validate(&m, ptrs, &errs)) {
			for (size_t i = 0; i < errs.n; i++)
				log_error("demo matter %s: %s: %s", dm->code,
				    errs.v[i].field, errs.v[i].message);
			err = GH_ESTORE;
		}
		if (!err)
			err = store_matter_put(d->st, &m, at_time(d->today - 200, d),
			    &created);
		for (size_t i = 0; i < m.n_items; i++)
			item_clear(&items[i]);
		free(items);
		free(ptrs);
		free(limits);
		item_errors_clear(&errs);
		matter_clear(&m);
		if (err)
			return err;
	}
	return 0;
}

/* The documented demo accounts (README), all with DEMO_PASSWORD. */
static int build_accounts(struct demo *d)
{
	const struct org_file *org = d->org;
	int market = org_dept_index(org, "市场监管局");
	int64_t id;
	int w = -1, err;
	char idno[24], phone[16];

	/* the first 综合 window that serves the market regulator */
	for (size_t i = 0; i < org->n_windows && w < 0; i++)
		if (org->windows[i].type == OW_GENERAL &&
		    org_window_serves(org, (int)i, market))
			w = (int)i;
	if (market < 0 || w < 0) {
		log_error("demo data lacks the 市场监管局 or its 综合 window");
		return GH_ESTORE;
	}
	if ((err = add_user(d, "admin", "李管理", ROLE_ADMIN, "", "",
	    "0773-6812345", 0, 0, "", &id)) ||
	    (err = add_user(d, "supervisor", "赵监察", ROLE_SUPERVISOR, "", "",
	    "0773-6812346", 0, 0, "", &id)) ||
	    (err = add_user(d, "reviewer", "陈审批", ROLE_REVIEWER, "", "",
	    "13907731001", d->ids.depts[market], 0, "", &d->demo_reviewer_id)) ||
	    /* the reviewer's chief: signs the 批准 step of its 承诺件 */
	    (err = add_user(d, "chief", "林首席", ROLE_CHIEF, "", "",
	    "13907731003", d->ids.depts[market], 0, "", &id)) ||
	    (err = add_user(d, "clerk", "周窗口", ROLE_CLERK, "", "",
	    "13907731002", 0, d->ids.windows[w], "A", &d->demo_clerk_id)) ||
	    /* the centre's agent (代办员, 全程代办): no department or window */
	    (err = add_user(d, "agent", "黄代办", ROLE_AGENT, "", "",
	    "13907731004", 0, 0, "", &id)) ||
	    /* the head of 效能办: the leader complaints are submitted to
	     * (呈批), who assigns them */
	    (err = add_user(d, "leader", "孙主任", ROLE_SUPERVISOR, "", "",
	    "0773-6812347", 0, 0, "", &id)))
		return err;
	/* the clerk holds an A post at that window, backed by its first staff */
	for (size_t i = 0; i < org->n_staff; i++) {
		if (org->staff[i].window == w) {
			err = store_window_post_insert(d->st, d->ids.windows[w],
			    "综合受理岗(演示)", d->demo_clerk_id, d->ids.staff[i]);
			break;
		}
	}
	demo_id_number(7, idno, sizeof idno);
	demo_phone(7, phone, sizeof phone);
	if (err || (err = add_user(d, "applicant", "王小明", ROLE_APPLICANT,
	    "person", idno, phone, 0, 0, "", &d->applicant_ids[0])))
		return err;
	snprintf(d->applicants[0].name, sizeof d->applicants[0].name, "王小明");
	snprintf(d->applicants[0].id_number, sizeof d->applicants[0].id_number,
	    "%s", idno);
	snprintf(d->applicants[0].phone, sizeof d->applicants[0].phone, "%s",
	    phone);
	snprintf(d->applicants[0].kind, sizeof d->applicants[0].kind, "person");
	/* more online applicants, people and companies, for the cases */
	for (int i = 1; i <= DEMO_APPLICANTS && !err; i++) {
		struct user_rec *a = &d->applicants[i];
		char username[32];
		bool company = i % 4 == 0;

		if (company) {
			demo_company_name((uint32_t)i, a->name, sizeof a->name);
			demo_credit_code((uint32_t)i, a->id_number,
			    sizeof a->id_number);
		} else {
			demo_person_name((uint32_t)i * 7919u, a->name, sizeof a->name);
			demo_id_number((uint32_t)i * 7919u, a->id_number,
			    sizeof a->id_number);
		}
		demo_phone((uint32_t)i * 104729u, a->phone, sizeof a->phone);
		snprintf(a->kind, sizeof a->kind, company ? "company" : "person");
		snprintf(username, sizeof username, "user%03d", i);
		err = add_user(d, username, a->name, ROLE_APPLICANT, a->kind,
		    a->id_number, a->phone, 0, 0, "", &d->applicant_ids[i]);
	}

	return err;
}

static int load_calendar_text(struct demo *d, const char *text, size_t len)
{
	struct cal_entry *e;
	size_t n, moved;
	char why[256];
	int err = calendar_parse_csv(text, len, &e, &n, why, sizeof why);

	if (err) {
		log_error("demo calendar: %s", why);
		return err;
	}
	err = calendar_apply(d->st, d->root_region, e, n, NULL, 0,
	    at_time(d->today, d), d->today, 0, "系统", ROLE_SYSTEM, &moved);
	store_calendar_entries_free(e, n);
	return err;
}

/* ---- cases ---------------------------------------------------------------- */

/* A staff member who may act as role on a case of dept: a clerk at a
 * window serving it, or the dept's chief or reviewer. */
static bool find_actor(struct demo *d, int dept_idx, int role,
    struct case_actor *who, struct user_rec *u)
{
	size_t n = d->org->n_staff;
	const struct org_staff *s = d->org->staff;
	int start = pick(d, (int)n);

	for (size_t k = 0; k < n; k++) {
		size_t i = (start + k) % n;
		bool ok = false;

		if (s[i].role != role)
			continue;
		if (role == ROLE_CLERK && s[i].window >= 0)
			ok = org_window_serves(d->org, s[i].window, dept_idx);
		else
			ok = s[i].dept == dept_idx;
		if (!ok)
			continue;
		if (store_user_by_id(d->st, d->ids.staff[i], u))
			return false;
		who->id = u->id;
		who->name = u->name;
		who->role = u->role;
		who->dept_id = u->dept_id;
		who->window_id = u->window_id;
		return true;
	}
	return false;
}

static bool actor_by_id(struct demo *d, int64_t id, struct case_actor *who,
    struct user_rec *u)
{
	if (!id || store_user_by_id(d->st, id, u))
		return false;
	who->id = u->id;
	who->name = u->name;
	who->role = u->role;
	who->dept_id = u->dept_id;
	who->window_id = u->window_id;
	return true;
}

/* Plans of how a case goes; each step is an action after a delay in working
 * days.  The runner stops at today. */
enum plan { P_NORMAL, P_CORRECTION, P_REJECT, P_DENY, P_SUSPEND, P_WITHDRAW,
	P_SLOW, P_LATE_CORRECTION, P_FORWARD };

static enum plan choose_plan(struct demo *d)
{
	int r = pick(d, 100);

	if (r < 52) return P_NORMAL;
	if (r < 62) return P_CORRECTION;
	if (r < 67) return P_REJECT;
	if (r < 72) return P_DENY;
	if (r < 80) return P_SUSPEND;
	if (r < 84) return P_WITHDRAW;
	if (r < 95) return P_SLOW;
	if (r < 98) return P_LATE_CORRECTION;
	return P_FORWARD;
}

struct runner {
	struct demo *d;
	const calendar *cal;
	struct case_rec c;
	int32_t day;
	bool stopped;
	int dept_idx;
	int64_t last_at; /* the time of the case's latest event */
};

/* Advances the simulated day by delay working days; false when that passes
 * today (the case stays where it is). */
static bool wait_days(struct runner *r, int delay)
{
	int32_t next = r->day;

	if (r->stopped)
		return false;
	if (delay > 0 && calendar_add_workdays(r->cal, r->day, delay, &next))
		return !(r->stopped = true);
	if (next > r->d->today)
		return !(r->stopped = true);
	r->day = next;
	return true;
}

/* The suspension approver for an actor of department dept_idx: its chief,
 * else another of its reviewers; 0 when there is none.  Draws no random
 * number. */
static int64_t demo_approver(struct demo *d, int dept_idx, int64_t actor_id)
{
	const struct org_staff *s = d->org->staff;
	int64_t other = 0;

	for (size_t i = 0; i < d->org->n_staff; i++) {
		if (s[i].dept != dept_idx || d->ids.staff[i] == actor_id)
			continue;
		if (s[i].role == ROLE_CHIEF)
			return d->ids.staff[i];
		if (s[i].role == ROLE_REVIEWER && !other)
			other = d->ids.staff[i];
	}
	return other;
}

static bool act(struct runner *r, int delay, int action, int actor_role,
    const char *reason, const char *procedure, const char **materials,
    size_t n_materials)
{
	struct case_action_args a = {
		.action = action, .reason = reason, .procedure = procedure,
		.materials = materials, .n_materials = n_materials,
	};
	struct case_refusal ref = {0};
	struct case_actor who;
	struct user_rec u;
	bool have;

	if (!wait_days(r, delay))
		return false;
	if (actor_role == ROLE_APPLICANT) {
		if (!r->c.applicant_id)
			actor_role = ROLE_CLERK;   /* walk-in: the window takes it */
		else {
			have = store_user_by_id(r->d->st, r->c.applicant_id, &u) == 0;
			who = (struct case_actor){u.id, u.name, u.role, 0, 0};
			goto run;
		}
	}
	if (actor_role == ROLE_REVIEWER && r->c.handler_id)
		have = actor_by_id(r->d, r->c.handler_id, &who, &u);
	else if (actor_role == ROLE_CLERK && r->c.clerk_id)
		have = actor_by_id(r->d, r->c.clerk_id, &who, &u);
	else
		have = find_actor(r->d, r->dept_idx, actor_role, &who, &u);
	if (!have && actor_role == ROLE_REVIEWER)
		have = find_actor(r->d, r->dept_idx, ROLE_CHIEF, &who, &u);
run:
	if (!have) {
		r->stopped = true;
		return false;
	}
	if (action == CA_SUSPEND) {
		/* approved by another reviewer or the chief of the department;
		 * a fixed expected duration, so that the random draws stay as
		 * they were before suspensions had approvers */
		a.approver_id = demo_approver(r->d, r->dept_idx, who.id);
		a.expected_days = 10;
	}
	if (case_engine_act(r->d->st, r->cal, &who, &r->c, &a, r->day,
	    at_time_after(r->day, r->d, &r->last_at), &ref)) {
		log_debug("demo case %lld: %s refused: %s", (long long)r->c.id,
		    case_action_name(action), ref.msg);
		json_decref(ref.extra);
		r->stopped = true;
		return false;
	}
	return true;
}

static const char *const procedures[] = {"expert_review", "site_check",
	"testing", "hearing", "publicity", "appraisal"};
static const char *const reject_reasons[] = {
	"申请事项不属于本部门职权范围,已告知向有关行政机关申请",
	"申请人不具备法定申请资格",
	"申请材料存在实质性问题且无法补正",
};
static const char *const deny_reasons[] = {
	"经现场核查,经营场所不符合卫生条件要求,依法不予许可;如不服,可依法申请行政复议或提起行政诉讼",
	"申请人提交的技术方案未通过专家评审,依法不予许可;如不服,可依法申请行政复议或提起行政诉讼",
	"选址不符合国土空间规划要求,依法不予许可;如不服,可依法申请行政复议或提起行政诉讼",
};

/* The application form a demo applicant fills in (issue 10): every field
 * of it's form from the applicant's own data where it fits, else a fixed
 * plausible value.  Draws no random numbers, so that the demo's cases stay
 * the ones they were before items had forms.  A new reference. */
static json_t *demo_form(const struct item *it, const struct case_submission *sub)
{
	static const struct { const char *key, *value; } texts[] = {
		{"business_items", "预包装食品销售(含冷藏冷冻食品)、热食类食品制售"},
		{"business_scope", "日用百货、预包装食品零售"},
		{"project_name", "灵川县八里街综合楼工程"},
		{"contractor", "桂林市建安建筑工程有限公司"},
		{"trade_name", "好味道"},
		{"licence_no", "JY14503230000001"},
	};
	bool company = sub->kind && !strcmp(sub->kind, "company");
	json_t *o = json_object();
	char why[160];

	for (size_t si = 0; si < it->form.n_sections; si++)
		for (size_t i = 0; i < it->form.sections[si].n_fields; i++) {
			const struct form_field *f = &it->form.sections[si].fields[i];
			json_t *v = NULL;

			switch (f->type) {
			case FT_ID_NUMBER:
				v = json_string(!company && !idcode_check_person(
				    sub->id_number, why, sizeof why) ? sub->id_number :
				    "450323198501010014");
				break;
			case FT_CREDIT_CODE:
				v = json_string(company && !idcode_check_credit(
				    sub->id_number, why, sizeof why) ? sub->id_number :
				    "91450323MA5KXXXX0L");
				break;
			case FT_PHONE:
				v = json_string(sub->phone && !idcode_check_mobile(
				    sub->phone, why, sizeof why) ? sub->phone :
				    "0773-6812345");
				break;
			case FT_CHOICE:
				v = json_string(f->options[0]);
				break;
			case FT_NUMBER:
				v = json_integer(f->has_min && f->min > 20 ? f->min :
				    f->has_max && f->max < 20 ? f->max : 20);
				break;
			case FT_MONEY:
				v = json_integer(f->has_min && f->min > 5000000 ? f->min :
				    5000000);
				break;
			case FT_DATE:
				v = json_string("2026-01-05");
				break;
			case FT_ADDRESS:
				v = json_string("灵川县灵川镇八里街1号");
				break;
			case FT_TEXT:
				for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
					if (!strcmp(f->key, texts[k].key))
						v = json_string(texts[k].value);
				if (!v && f->required)
					v = json_string(sub->name);
				break;
			default:
				break; /* area and optional others: left empty */
			}
			if (v)
				json_object_set_new(o, f->key, v);
		}
	return o;
}

/* Runs one case's plan from its submission day. */
static int run_case(struct demo *d, const struct item *it, int dept_idx,
    int32_t submit_day)
{
	struct runner r = {.d = d, .cal = cal_ref_get(d->cal), .day = submit_day,
		.dept_idx = dept_idx};
	struct case_submission sub = {.item_code = it->code};
	struct case_refusal ref = {0};
	json_t *form;
	struct case_actor who;
	struct user_rec u;
	const char *all[32], *missing[4];
	size_t n_all = 0, n_missing = 0;
	enum plan plan = choose_plan(d);
	bool online = pick(d, 100) < 45;
	int steps = 0, err;

	for (size_t i = 0; i < it->n_materials && n_all < 32; i++) {
		/* correction plans leave one or two materials out at first */
		if ((plan == P_CORRECTION || plan == P_LATE_CORRECTION) &&
		    n_missing < 2 && i > 0 && pick(d, 2) == 0)
			missing[n_missing++] = it->materials[i].name;
		else
			all[n_all++] = it->materials[i].name;
	}
	if ((plan == P_CORRECTION || plan == P_LATE_CORRECTION) && !n_missing &&
	    n_all > 1)
		missing[n_missing++] = all[--n_all];
	sub.materials = all;
	sub.n_materials = n_all;
	if (online) {
		int a = pick(d, 10) == 0 ? 0 : 1 + pick(d, DEMO_APPLICANTS);

		if (store_user_by_id(d->st, d->applicant_ids[a], &u))
			return GH_ESTORE;
		who = (struct case_actor){u.id, u.name, u.role, 0, 0};
		sub.name = u.name;
		sub.id_number = u.id_number;
		sub.phone = u.phone;
		sub.kind = u.kind;
	} else {
		const struct user_rec *a = &d->applicants[1 + pick(d,
		    DEMO_APPLICANTS)];

		if (!find_actor(d, dept_idx, ROLE_CLERK, &who, &u))
			return 0; /* no window serves it: skip */
		sub.name = a->name;
		sub.id_number = a->id_number;
		sub.phone = a->phone;
		sub.kind = a->kind;
	}
	sub.form = form = demo_form(it, &sub);
	err = case_engine_submit(d->st, &who, &sub, submit_day,
	    at_time_after(submit_day, d, &r.last_at), &r.c, &ref);
	json_decref(form);
	json_decref(ref.extra);
	if (err)
		return err;

	/* a window request for materials before acceptance */
	if (plan == P_CORRECTION && n_missing) {
		if (act(&r, pick(d, 2), CA_REQUEST_MATERIALS, ROLE_CLERK, NULL, NULL,
		    missing, n_missing))
			act(&r, 1 + pick(d, 6), CA_SUPPLEMENT, ROLE_APPLICANT, NULL,
			    NULL, missing, n_missing);
	}
	if (plan == P_REJECT) {
		/* One draw per statement: the order in which a compiler
		 * evaluates arguments is unspecified, and the demo must be the
		 * same centre from gcc and clang (this is the order gcc took). */
		const char *why = reject_reasons[pick(d, 3)];

		act(&r, pick(d, 2), CA_REJECT, ROLE_CLERK, why, NULL, NULL, 0);
		goto done;
	}
	if (plan == P_WITHDRAW && pick(d, 2)) {
		act(&r, pick(d, 2), CA_WITHDRAW, ROLE_APPLICANT, "申请人主动撤回申请",
		    NULL, NULL, 0);
		goto done;
	}
	if (!act(&r, pick(d, 3) == 0 ? 1 : 0, CA_ACCEPT, ROLE_CLERK, NULL, NULL,
	    NULL, 0) || it->instant)
		goto done;
	if (plan == P_WITHDRAW) {
		act(&r, 1 + pick(d, 3), CA_WITHDRAW, ROLE_APPLICANT,
		    "申请人书面申请撤回", NULL, NULL, 0);
		goto done;
	}
	if (!act(&r, pick(d, 4), CA_START_REVIEW, ROLE_CLERK, NULL, NULL, NULL,
	    0))
		goto done;
	for (size_t i = 0; i < it->n_steps; i++)
		steps += it->steps[i].role != ROLE_CLERK;
	for (int s = 0; s < steps && !r.stopped; s++) {
		int limit = it->promised_limit_days / (steps ? steps : 1);
		int delay = 1 + pick(d, limit > 1 ? limit : 1);
		bool last = s == steps - 1;

		if (plan == P_SLOW)
			delay = limit + 2 + pick(d, 4);
		/* a department with nobody to approve a suspension but its one
		 * reviewer cannot suspend: its case goes on as planned */
		if (plan == P_SUSPEND && s == 0 && demo_approver(r.d, r.dept_idx,
		    r.c.handler_id)) {
			if (!act(&r, 1, CA_SUSPEND, ROLE_REVIEWER, "依法需要组织专家评审或"
			    "现场核查,所需时间不计入办理时限", procedures[pick(d, 6)],
			    NULL, 0) || !act(&r, 3 + pick(d, 8), CA_RESUME,
			    ROLE_REVIEWER, NULL, NULL, NULL, 0))
				break;
		}
		if (plan == P_LATE_CORRECTION && s == 0 && n_missing) {
			if (!act(&r, 1, CA_REQUEST_MATERIALS, ROLE_REVIEWER, NULL, NULL,
			    missing, n_missing) || !act(&r, 2 + pick(d, 5),
			    CA_SUPPLEMENT, ROLE_APPLICANT, NULL, NULL, missing,
			    n_missing))
				break;
		}
		if (last && plan == P_DENY) {
			act(&r, delay, CA_DENY, ROLE_REVIEWER, deny_reasons[pick(d, 3)],
			    NULL, NULL, 0);
		} else if (last && plan == P_FORWARD) {
			act(&r, delay, CA_FORWARD, ROLE_REVIEWER,
			    "属上级机关审批权限,依法转报桂林市审批部门", NULL, NULL, 0);
			goto done;
		} else {
			act(&r, delay, CA_APPROVE, ROLE_REVIEWER, NULL, NULL, NULL, 0);
		}
	}
	act(&r, pick(d, 2), CA_COMPLETE, ROLE_CLERK, NULL, NULL, NULL, 0);
done:
	d->made[r.c.state]++;
	return 0;
}

static int build_cases(struct demo *d)
{
	const struct item *items = d->items;
	size_t n_items = d->n_items, n_depts = d->org->n_depts;
	const struct org_dept *depts = d->org->depts;
	size_t *in_hall, n_in_hall = 0;
	int32_t first;
	int err = 0, market = org_dept_index(d->org, "市场监管局");

	in_hall = xcalloc(n_items, sizeof *in_hall);
	for (size_t i = 0; i < n_items; i++)
		if (items[i].in_hall)
			in_hall[n_in_hall++] = i;
	/* cases over the last ~90 working days, more of them recent */
	if (calendar_add_workdays(cal_ref_get(d->cal), d->today, 0, &first) ||
	    n_in_hall == 0)
		goto out;
	for (int k = 0; k < DEMO_CASES && !err; k++) {
		const struct item *it;
		int dept_idx = -1, back = pick(d, 90);
		int32_t day = d->today;

		/* a third of the cases go to the demo reviewer's department */
		it = &items[in_hall[pick(d, (int)n_in_hall)]];
		if (k % 3 == 0 && market >= 0)
			for (int tries = 0; tries < 50; tries++) {
				const struct item *t = &items[in_hall[pick(d,
				    (int)n_in_hall)]];

				if (!strcmp(t->dept_code, depts[market].code)) {
					it = t;
					break;
				}
			}
		for (size_t j = 0; j < n_depts; j++)
			if (!strcmp(depts[j].code, it->dept_code))
				dept_idx = (int)j;
		if (back < 60)
			back = back / 3; /* two thirds within the last 20 working days */
		/* the back-th working day before today */
		for (int b = 0; b < back; day--)
			if (calendar_is_workday(cal_ref_get(d->cal), day - 1))
				b++;
		while (!calendar_is_workday(cal_ref_get(d->cal), day))
			day--;
		err = run_case(d, it, dept_idx, day);
	}
out:
	free(in_hall);
	return err;
}

int demo_build(store *st, int32_t today)
{
	struct demo d = {.st = st, .today = today, .rng = 0x9E3779B97F4A7C15ULL};
	int64_t root;
	int err;

	if (store_root_region(st, &root) != GH_ENOTFOUND)
		return GH_ECONFLICT;
	if ((err = password_hash(DEMO_PASSWORD, d.hash)))
		return err;
	if ((err = store_begin(st)))
		return err;
	if ((err = build_org(&d)) || (err = build_accounts(&d)) ||
	    (err = build_catalogue(&d)) ||
	    (err = build_matters(&d)))
		goto fail;
	if ((err = load_calendar_text(&d, embedded_cn_calendar_2025_2026_csv,
	    embedded_cn_calendar_2025_2026_csv_len)) ||
	    (err = load_calendar_text(&d, embedded_cn_calendar_2027_provisional_csv,
	    embedded_cn_calendar_2027_provisional_csv_len)))
		goto fail;
	if ((err = calendar_load(st, d.county_region, &d.cal)))
		goto fail;
	err = build_cases(&d);
	cal_ref_release(d.cal);
	if (err || (err = audit_as(st, at_time(today, &d), 0, "系统", ROLE_SYSTEM,
	    "centre.demo", "region", "root", NULL, NULL)) ||
	    (err = store_commit(st)))
		goto fail;
	/* one supervision pass, so the demo shows its warnings and cards */
	{
		struct sweep_report rep;

		if ((err = watch_sweep(st, today, at_time(today, &d), &rep)))
			goto out;
	}
	printf("已创建演示中心「灵川县政务服务中心」: %zu个单位, %zu个窗口, "
	    "%zu名窗口及审批人员, %zu个事项\n", d.org->n_depts, d.org->n_windows,
	    d.org->n_staff, d.n_items);
	printf("办件: ");
	for (int s = 0; s < CS_COUNT_; s++)
		printf("%s%s %zu", s ? ", " : "", case_state_label(s), d.made[s]);
	printf("\n演示账号(密码均为 %s):\n"
	    "  admin      中心管理员\n"
	    "  supervisor 效能监察\n"
	    "  reviewer   审批人员(灵川县市场监督管理局)\n"
	    "  chief      首席代表(灵川县市场监督管理局,批准)\n"
	    "  clerk      窗口人员(综合窗口A岗,受理市场监管局全部事项)\n"
	    "  applicant  办事人(王小明)\n", DEMO_PASSWORD);
	goto out;
fail:
	store_rollback(st);
out:
	org_ids_free(&d.ids);
	org_file_free(d.org);
	items_free(d.items, d.n_items);
	return err;
}
