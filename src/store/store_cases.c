/*
 * store_cases.c - cases: the record, materials, notices, suspensions, steps and timeline.
 * Every query is written once for both engines (store_impl.h).
 */
#include "store/store_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/case_fsm.h"
#include "domain/day.h"
#include "domain/role.h"
#include "util/gh_err.h"
#include "util/log.h"
#include "util/xalloc.h"

/* ---- cases --------------------------------------------------------------- */

void case_read_row(db_stmt *s, struct case_rec *c)
{
	memset(c, 0, sizeof *c);
	c->id = db_col_int64(s, 0);
	sql_text(s, 1, c->query_code, sizeof c->query_code);
	c->item_id = db_col_int64(s, 2);
	sql_text(s, 3, c->item_code, sizeof c->item_code);
	c->dept_id = db_col_int64(s, 4);
	c->region_id = db_col_int64(s, 5);
	c->applicant_id = db_col_int64(s, 6);
	sql_text(s, 7, c->applicant_name, sizeof c->applicant_name);
	sql_text(s, 8, c->applicant_kind, sizeof c->applicant_kind);
	sql_text(s, 9, c->applicant_id_type, sizeof c->applicant_id_type);
	sql_text(s, 10, c->applicant_id_no, sizeof c->applicant_id_no);
	sql_text(s, 11, c->applicant_phone, sizeof c->applicant_phone);
	sql_text(s, 12, c->channel, sizeof c->channel);
	c->window_id = db_col_int64(s, 13);
	c->clerk_id = db_col_int64(s, 14);
	c->handler_id = db_col_int64(s, 15);
	c->state = db_col_int(s, 16);
	c->prev_state = db_col_int(s, 17);
	c->outcome = db_col_int(s, 18);
	c->decision = db_col_int(s, 19);
	c->step_index = db_col_int(s, 20);
	c->instant = db_col_int(s, 21);
	c->limit_days = db_col_int(s, 22);
	c->legal_limit_days = db_col_int(s, 23);
	c->warn_days = db_col_int(s, 24);
	c->submitted_at = db_col_int64(s, 25);
	c->submitted_day = sql_day(s, 26);
	c->received_day = sql_day(s, 27);
	c->accepted_day = sql_day(s, 28);
	c->deadline_day = sql_day(s, 29);
	c->finished_day = sql_day(s, 30);
	sql_text(s, 31, c->reason, sizeof c->reason);
	sql_text(s, 32, c->result_name, sizeof c->result_name);
	c->version = db_col_int64(s, 33);
	c->updated_at = db_col_int64(s, 34);
	sql_text(s, 35, c->item_name, sizeof c->item_name);
	sql_text(s, 36, c->dept_name, sizeof c->dept_name);
	c->used_days = db_col_int(s, 37);
	c->on_time = db_col_int(s, 38);
	c->priority = db_col_int(s, 39);
	sql_text(s, 40, c->priority_reason, sizeof c->priority_reason);
	c->joint_kind = db_col_int(s, 41);
	c->parent_id = db_col_int64(s, 42);
	c->matter_id = db_col_int64(s, 43);
	/* a joint case is known by its matter's name (主题事项) */
	if (!db_col_null(s, 44))
		sql_text(s, 44, c->item_name, sizeof c->item_name);
}

static int one_case(store *st, db_stmt *s, struct case_rec *out)
{
	int rc = db_step(s);

	(void)st;
	if (rc == DB_ROW)
		case_read_row(s, out);
	db_reset(s);
	if (rc == DB_DONE)
		return GH_ENOTFOUND;
	return sql_rc(rc);
}

/*
 * Writers of cases take turns on PostgreSQL.  Every case write moves the
 * open-case counters (watch_counts, kept by triggers), and cases of one
 * region, deadline day and threshold share their counter rows: concurrent
 * writers queue on those rows anyway, and taking them in different orders
 * deadlocked (1 s each, then a 503; measured by bench/engines.sh: 14
 * transitions/s at 16 clients).  The case lock is taken before the
 * statement that locks the case's row, so the order is always the same:
 * case lock, row, counters, and at commit the audit chain's lock.  SQLite's
 * single writer already takes turns.
 */
static int case_write_turn(store *st)
{
	int err;

	if (st->case_turn)
		return 0;
	if ((err = db_xact_lock(st->db, LOCK_CASE_WRITE)))
		return err;
	st->case_turn = db_engine(st->db) == DB_PG;
	return 0;
}

int store_case_turn(store *st)
{
	return case_write_turn(st);
}

int store_case_insert(store *st, struct case_rec *c)
{
	int err = case_write_turn(st);

	if (err)
		return err;
	err = sql_int(st, &c->id, "INSERT INTO cases(query_code, item_id, dept_id,"
	    " region_id, applicant_id, applicant_name, applicant_kind,"
	    " applicant_id_type, applicant_id_no, applicant_phone, channel,"
	    " window_id, clerk_id, handler_id, state, prev_state, outcome,"
	    " decision, step_index, instant, limit_days, legal_limit_days,"
	    " warn_days, submitted_at, submitted_day, received_day, accepted_day,"
	    " deadline_day, finished_day, reason, result_name, version, updated_at,"
	    " priority, priority_reason)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
	    " ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28,"
	    " ?29, ?30, ?31, 1, ?32, ?33, ?34) ON CONFLICT (query_code) DO NOTHING"
	    " RETURNING id",
	    "tiiinttttttnnnIIIIIIIIIidddddttiIt", c->query_code, c->item_id,
	    c->dept_id, c->region_id, c->applicant_id, c->applicant_name,
	    c->applicant_kind, c->applicant_id_type, c->applicant_id_no,
	    c->applicant_phone, c->channel, c->window_id, c->clerk_id,
	    c->handler_id, c->state, c->prev_state, c->outcome, c->decision,
	    c->step_index, (int)c->instant, c->limit_days, c->legal_limit_days,
	    c->warn_days, c->submitted_at, c->submitted_day, c->received_day,
	    c->accepted_day, c->deadline_day, c->finished_day, c->reason,
	    c->result_name, c->updated_at, c->priority, c->priority_reason);

	/* a query code taken already inserts nothing (and, unlike a failed
	 * statement, leaves a PostgreSQL transaction usable): the caller
	 * draws another */
	if (err == GH_ENOTFOUND)
		return GH_ECONFLICT;
	if (!err)
		c->version = 1;
	return err;
}

int store_case_get(store *st, int64_t id, struct case_rec *out)
{
	return one_case(st, sql_query(st, "SELECT " CASE_COLS " FROM cases c JOIN"
	    " items i ON i.id = c.item_id WHERE c.id = ?1", "i", id), out);
}

int store_case_by_query_code(store *st, const char *code,
    struct case_rec *out)
{
	return one_case(st, sql_query(st, "SELECT " CASE_COLS " FROM cases c JOIN"
	    " items i ON i.id = c.item_id WHERE c.query_code = ?1", "t", code),
	    out);
}

/* Assigning an indexed column rewrites its index entry even to the same
 * value (one more WAL page per index), so a case that is not finishing
 * leaves finished_day, and with it cases_finished, out of the statement:
 * an open case's finished_day is NULL and stays so until it finishes. */
#define CASE_UPDATE_SET "UPDATE cases SET window_id = ?2, clerk_id = ?3," \
	" handler_id = ?4, state = ?5, prev_state = ?6, outcome = ?7," \
	" decision = ?8, step_index = ?9, received_day = ?10," \
	" accepted_day = ?11, deadline_day = ?12, reason = ?14," \
	" result_name = ?15, updated_at = ?16, version = version + 1"
#define CASE_UPDATE_WHERE " WHERE id = ?1 AND version = ?17"

int store_case_update(store *st, struct case_rec *c)
{
	bool finishing = c->finished_day != DAY_NONE;
	/* the same arguments; without finishing, ?13, ?18 and ?19 go unused
	 * and the format stops at ?17 */
	int err = case_write_turn(st);

	if (err)
		return err;
	err = sql_run(st, finishing ? CASE_UPDATE_SET ", finished_day = ?13,"
	    " used_days = nullif(?18, -1), on_time = nullif(?19, -1)"
	    CASE_UPDATE_WHERE : CASE_UPDATE_SET CASE_UPDATE_WHERE,
	    finishing ? "innnIIIIIddddttiiII" : "innnIIIIIddddttii", c->id,
	    c->window_id, c->clerk_id, c->handler_id,
	    c->state, c->prev_state, c->outcome, c->decision, c->step_index,
	    c->received_day, c->accepted_day, c->deadline_day, c->finished_day,
	    c->reason, c->result_name, c->updated_at, c->version, c->used_days,
	    c->on_time);

	if (err)
		return err;
	if (db_changes(st->db) == 0)
		return GH_ECONFLICT;
	c->version++;
	return 0;
}

int store_case_material_add(store *st, int64_t case_id, const char *name,
    int32_t day)
{
	return sql_run(st, "INSERT INTO case_materials(case_id, name, day) VALUES"
	    " (?1, ?2, ?3) ON CONFLICT(case_id, name) DO UPDATE SET"
	    " day = excluded.day", "itI", case_id, name, (int)day);
}

int store_case_notice_add(store *st, int64_t case_id, int32_t day,
    int64_t actor_id, const char *const *materials, size_t n,
    const char *note)
{
	json_t *arr = json_array();
	char *text;
	int err;

	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_string(materials[i]));
	text = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	err = sql_run(st, "INSERT INTO case_notices(case_id, day, actor_id,"
	    " materials, note) VALUES (?1, ?2, ?3, ?4, ?5)", "iIntt", case_id,
	    (int)day, actor_id, text, note ? note : "");
	free(text);
	return err;
}

int store_case_first_notice(store *st, int64_t case_id, char ***names,
    size_t *n)
{
	db_stmt *s = sql_query(st, "SELECT materials FROM case_notices"
	    " WHERE case_id = ?1 ORDER BY id LIMIT 1", "i", case_id);
	int rc = db_step(s);
	json_t *arr = NULL, *v;
	size_t i, bytes = 0, cnt;
	char **out, *p;

	if (rc == DB_ROW)
		arr = json_loads((const char *)db_col_text(s, 0), 0, NULL);
	db_reset(s);
	if (rc != DB_ROW && rc != DB_DONE)
		return sql_rc(rc);
	cnt = arr ? json_array_size(arr) : 0;
	json_array_foreach(arr, i, v)
		bytes += strlen(json_string_value(v)) + 1;
	/* one allocation: the pointer array followed by the strings */
	out = xmalloc((cnt + 1) * sizeof *out + bytes);
	p = (char *)(out + cnt + 1);
	json_array_foreach(arr, i, v) {
		size_t len = strlen(json_string_value(v)) + 1;

		memcpy(p, json_string_value(v), len);
		out[i] = p;
		p += len;
	}
	out[cnt] = NULL;
	json_decref(arr);
	*names = out;
	*n = cnt;
	return 0;
}

int store_case_notice_count(store *st, int64_t case_id, int *out)
{
	int64_t v;
	int err = sql_int(st, &v, "SELECT count(*) FROM case_notices WHERE"
	    " case_id = ?1", "i", case_id);

	if (!err)
		*out = (int)v;
	return err;
}

int store_case_suspension_open(store *st, int64_t case_id, int procedure,
    const char *reason, int32_t start_day, int64_t approver_id,
    int expected_days)
{
	return sql_run(st, "INSERT INTO case_suspensions(case_id, procedure, reason,"
	    " start_day, approver_id, expected_days) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6)", "iItInn", case_id, procedure, reason, (int)start_day,
	    approver_id, (int64_t)expected_days);
}

int store_case_suspension_close(store *st, int64_t case_id, int32_t end_day)
{
	int err = sql_run(st, "UPDATE case_suspensions SET end_day = ?2 WHERE"
	    " case_id = ?1 AND end_day IS NULL", "iI", case_id, (int)end_day);

	if (!err && db_changes(st->db) == 0)
		return GH_ECONFLICT;
	return err;
}

int store_case_suspension_count(store *st, int64_t case_id,
    int except_procedure, int *n)
{
	int64_t v;
	int err = sql_int(st, &v, "SELECT count(*) FROM case_suspensions WHERE"
	    " case_id = ?1 AND procedure <> ?2", "iI", case_id,
	    except_procedure);

	if (!err)
		*n = (int)v;
	return err;
}

int store_case_suspensions(store *st, int64_t case_id,
    struct clock_suspension **out, size_t *n)
{
	db_stmt *s = sql_query(st, "SELECT start_day, end_day FROM"
	    " case_suspensions WHERE case_id = ?1 ORDER BY id", "i", case_id);
	struct clock_suspension *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;

	while ((rc = db_step(s)) == DB_ROW) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 4;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[cnt].start_day = sql_day(s, 0);
		v[cnt].end_day = sql_day(s, 1);
		cnt++;
	}
	db_reset(s);
	if (rc != DB_DONE) {
		free(v);
		return sql_rc(rc);
	}
	*out = v;
	*n = cnt;
	return 0;
}

int store_case_steps_init(store *st, int64_t case_id,
    const struct item_step *steps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int err = sql_run(st, "INSERT INTO case_steps(case_id, idx, name, role,"
		    " limit_days) VALUES (?1, ?2, ?3, ?4, ?5)", "iItII", case_id,
		    (int)i, steps[i].name, steps[i].role, steps[i].limit_days);

		if (err)
			return err;
	}
	return 0;
}

int store_case_step_start(store *st, int64_t case_id, int idx,
    int64_t handler_id, int32_t start_day, int32_t due_day)
{
	return sql_run(st, "UPDATE case_steps SET handler_id = ?3, start_day = ?4,"
	    " due_day = ?5 WHERE case_id = ?1 AND idx = ?2", "iInId", case_id,
	    idx, handler_id, (int)start_day, due_day);
}

int store_case_step_finish(store *st, int64_t case_id, int idx,
    int64_t handler_id, int32_t end_day, const char *opinion,
    const char *result)
{
	return sql_run(st, "UPDATE case_steps SET handler_id = ?3, end_day = ?4,"
	    " opinion = ?5, result = ?6 WHERE case_id = ?1 AND idx = ?2",
	    "iInItt", case_id, idx, handler_id, (int)end_day, opinion, result);
}

int store_case_open_step_due(store *st, int64_t case_id, int idx,
    int32_t *due_day)
{
	int64_t v;
	int err = sql_int(st, &v, "SELECT due_day FROM case_steps WHERE"
	    " case_id = ?1 AND idx = ?2 AND start_day IS NOT NULL AND"
	    " end_day IS NULL AND due_day IS NOT NULL", "iI", case_id, idx);

	if (!err)
		*due_day = (int32_t)v;
	return err;
}

int store_case_step_set_due(store *st, int64_t case_id, int idx,
    int32_t due_day)
{
	return sql_run(st, "UPDATE case_steps SET due_day = ?3 WHERE"
	    " case_id = ?1 AND idx = ?2", "iII", case_id, idx, (int)due_day);
}

int store_case_step_info(store *st, int64_t case_id, int idx, int *role,
    int *limit_days)
{
	db_stmt *s = sql_query(st, "SELECT role, limit_days FROM case_steps"
	    " WHERE case_id = ?1 AND idx = ?2", "iI", case_id, idx);
	int rc = db_step(s);

	if (rc == DB_ROW) {
		*role = db_col_int(s, 0);
		*limit_days = db_col_int(s, 1);
	}
	db_reset(s);
	if (rc == DB_DONE)
		return GH_ENOTFOUND;
	return sql_rc(rc);
}

int store_case_event_add(store *st, const struct case_event *ev)
{
	return sql_run(st, "INSERT INTO case_events(case_id, at, day, actor_id,"
	    " actor_name, role, action, from_state, to_state, note) VALUES"
	    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, nullif(?8, -1), nullif(?9, -1), ?10)",
	    "iiIntItIIt", ev->case_id, ev->at, (int)ev->day, ev->actor_id,
	    ev->actor_name, ev->role, ev->action, ev->from_state, ev->to_state,
	    ev->note ? ev->note : "");
}

int store_case_parts_json(store *st, int64_t case_id, bool timeline_only,
    json_t **out)
{
	/* the timeline last: the public view reads it alone */
	static const struct {
		const char *key, *sql;
	} parts[] = {
		{"materials", "SELECT name, day AS received_day, check_result,"
		    " check_reason FROM case_materials WHERE case_id = ?1 ORDER BY"
		    " day, name"},
		{"notices", "SELECT n.id, n.day AS notice_day, n.materials,"
		    " n.note, u.name AS actor_name FROM case_notices n LEFT JOIN"
		    " users u ON u.id = n.actor_id WHERE n.case_id = ?1 ORDER BY"
		    " n.id"},
		{"suspensions", "SELECT procedure, reason, start_day, end_day,"
		    " s.expected_days, s.approver_id, u.name AS approver_name FROM case_suspensions s LEFT JOIN"
		    " users u ON u.id = s.approver_id WHERE s.case_id = ?1 ORDER"
		    " BY s.id"},
		{"extensions", "SELECT e.id, e.days, e.reason, e.requested_day,"
		    " r.name AS requested_by_name, CASE e.status WHEN 0 THEN"
		    " 'pending' WHEN 1 THEN 'approved' ELSE 'refused' END AS status,"
		    " e.decided_day, d.name AS decided_by_name, e.decision_note FROM"
		    " case_extensions e LEFT JOIN users r ON r.id = e.requested_by"
		    " LEFT JOIN users d ON d.id = e.decided_by WHERE e.case_id = ?1"
		    " ORDER BY e.id"},
		{"deferrals", "SELECT material, form, supplement_by AS"
		    " supplement_by_day, CASE status WHEN 0 THEN 'open' WHEN 1 THEN"
		    " 'supplied' ELSE 'missed' END AS status, committed_day,"
		    " supplied_day, reminded_day FROM case_deferrals WHERE"
		    " case_id = ?1 ORDER BY id"},
		{"pledges", "SELECT p.material, p.form, p.pledged_day,"
		    " u.name AS pledged_by_name FROM case_pledges p LEFT JOIN users u"
		    " ON u.id = p.pledged_by WHERE p.case_id = ?1 ORDER BY p.id"},
		{"verifications", "SELECT v.decided_day, d.name AS"
		    " decided_by_name, v.due_day, v.status, v.note, v.checked_day,"
		    " k.name AS checked_by_name, v.flagged_day FROM"
		    " case_verifications v LEFT JOIN users d ON d.id = v.decided_by"
		    " LEFT JOIN users k ON k.id = v.checked_by WHERE v.case_id = ?1"},
		{"steps", "SELECT s.idx, s.name, s.role, s.limit_days,"
		    " s.handler_id, u.name AS handler_name, s.start_day, s.due_day,"
		    " s.end_day, s.opinion, s.result FROM case_steps s LEFT JOIN"
		    " users u ON u.id = s.handler_id WHERE s.case_id = ?1 ORDER BY"
		    " s.idx"},
		{"timeline", "SELECT id, at, day AS event_day, actor_id,"
		    " actor_name, role, action, from_state, to_state, note FROM"
		    " case_events WHERE case_id = ?1 ORDER BY id"},
	};
	const size_t n = sizeof parts / sizeof parts[0];
	json_t *o = json_object(), *v;
	int err;

	for (size_t i = timeline_only ? n - 1 : 0; i < n; i++) {
		if ((err = sql_rows_json(st, sql_query(st, parts[i].sql, "i", case_id),
		    &v))) {
			json_decref(o);
			return err;
		}
		json_object_set_new(o, parts[i].key, v);
	}
	*out = o;
	return 0;
}

#define CASE_FILTER " FROM cases c JOIN items i ON i.id = c.item_id" \
	" WHERE (?1 < 0 OR c.state = ?1) AND (?2 = 0 OR c.state NOT IN" \
	" (2, 6, 8)) AND (?3 = 0 OR c.dept_id = ?3) AND (?4 = 0 OR" \
	" c.window_id = ?4) AND (?5 = 0 OR c.applicant_id = ?5 OR" \
	" c.applicant_id IN (SELECT company_id FROM company_agents WHERE" \
	" user_id = ?5)) AND (?6 = 0 OR" \
	" c.handler_id = ?6) AND (?7 = 0 OR c.dept_id IN (SELECT dept_id FROM" \
	" window_depts WHERE window_id = ?7)) AND (?8 = 0 OR c.id IN (SELECT" \
	" case_id FROM case_agents WHERE agent_id = ?8 AND ended_at IS NULL))"

int store_cases_list(store *st, const struct case_query *q, int64_t *total,
    struct case_rec **out, size_t *n)
{
	struct case_rec *v;
	size_t cnt = 0;
	int rc, err;

	err = sql_int(st, total, "SELECT count(*)" CASE_FILTER, "IIiiiiii",
	    q->state, (int)q->open_only, q->dept_id, q->window_id,
	    q->applicant_id, q->handler_id, q->serves_window_id, q->agent_id);
	if (err)
		return err;
	/* a worklist: open cases of the green channel first (key projects,
	 * then green items), then the newest; a finished case has no
	 * priority left to claim */
	db_stmt *s = sql_query(st, "SELECT " CASE_COLS CASE_FILTER
	    " ORDER BY CASE WHEN c.finished_day IS NULL THEN c.priority ELSE 0"
	    " END DESC, c.id DESC LIMIT ?9 OFFSET ?10", "IIiiiiiiII", q->state,
	    (int)q->open_only, q->dept_id, q->window_id, q->applicant_id,
	    q->handler_id, q->serves_window_id, q->agent_id, q->per_page,
	    sql_page_offset(q->page, q->per_page));
	v = xcalloc((size_t)(q->per_page > 0 ? q->per_page : 1), sizeof *v);
	while (cnt < (size_t)q->per_page && (rc = db_step(s)) == DB_ROW)
		case_read_row(s, &v[cnt++]);
	db_reset(s);
	*out = v;
	*n = cnt;
	return 0;
}

int store_cases_open_ids(store *st, int64_t **ids, size_t *n)
{
	return sql_ids(sql_query(st, "SELECT id FROM cases WHERE accepted_day IS"
	    " NOT NULL AND finished_day IS NULL ORDER BY id", ""), ids, n);
}

int store_cases_count(store *st, int64_t *out)
{
	return sql_int(st, out, "SELECT count(*) FROM cases", "");
}

int store_pick_handler(store *st, int64_t dept_id, int role,
    int64_t *user_id)
{
	return sql_int(st, user_id, "SELECT u.id FROM users u WHERE"
	    " u.dept_id = ?1 AND u.role = ?2 AND u.active = 1 ORDER BY"
	    " (SELECT count(*) FROM cases c WHERE c.handler_id = u.id AND"
	    " c.state NOT IN (2, 6, 8)), u.id LIMIT 1", "iI", dept_id, role);
}

int store_handler_eligible(store *st, int64_t dept_id, int role,
    int64_t user_id)
{
	int64_t n = 0;
	int err = sql_int(st, &n, "SELECT count(*) FROM users WHERE id = ?1 AND"
	    " dept_id = ?2 AND active = 1 AND role IN (?3, ?4)", "iiII", user_id,
	    dept_id, role, (int)ROLE_CHIEF);

	return err ? err : n ? 0 : GH_ENOTFOUND;
}

int store_handler_candidates_json(store *st, int64_t dept_id, int role,
    json_t **out)
{
	return sql_rows_json(st, sql_query(st, "SELECT u.id, u.name, u.role,"
	    " (SELECT count(*) FROM cases c WHERE c.handler_id = u.id AND"
	    " c.state NOT IN (2, 6, 8)) AS open_cases FROM users u WHERE"
	    " u.dept_id = ?1 AND u.active = 1 AND u.role IN (?2, ?3) ORDER BY"
	    " CASE WHEN u.role = ?2 THEN 0 ELSE 1 END, open_cases, u.id",
	    "iII", dept_id, role, (int)ROLE_CHIEF), out);
}

/* ---- extensions (延长审批期限, schema 0015) ------------------------------ */

int store_case_extension_add(store *st, int64_t case_id, int days,
    const char *reason, int64_t actor_id, int32_t day, int64_t now)
{
	return sql_run(st, "INSERT INTO case_extensions(case_id, days, reason,"
	    " requested_by, requested_day, requested_at) VALUES (?1, ?2, ?3, ?4,"
	    " ?5, ?6)", "iItiIi", case_id, days, reason, actor_id, (int)day, now);
}

int store_case_extension_state(store *st, int64_t case_id,
    struct case_extension *pending, int *approved_days,
    int32_t *approved_day)
{
	db_stmt *s = sql_query(st, "SELECT id, days, reason, requested_by,"
	    " requested_day, status, decided_day FROM case_extensions WHERE"
	    " case_id = ?1 AND status IN (0, 1) ORDER BY id", "i", case_id);
	int rc;

	memset(pending, 0, sizeof *pending);
	*approved_days = 0;
	*approved_day = DAY_NONE;
	while ((rc = db_step(s)) == DB_ROW) {
		if (db_col_int64(s, 5) == 1) {
			*approved_days += (int)db_col_int64(s, 1);
			*approved_day = sql_day(s, 6);
			continue;
		}
		pending->id = db_col_int64(s, 0);
		pending->days = (int)db_col_int64(s, 1);
		snprintf(pending->reason, sizeof pending->reason, "%s",
		    db_col_text(s, 2) ? db_col_text(s, 2) : "");
		pending->requested_by = db_col_int64(s, 3);
		pending->requested_day = sql_day(s, 4);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : sql_rc(rc);
}

int store_case_extension_decide(store *st, int64_t id, bool approve,
    int64_t actor_id, int32_t day, int64_t now, const char *note)
{
	int err = sql_run(st, "UPDATE case_extensions SET status = ?2,"
	    " decided_by = ?3, decided_day = ?4, decided_at = ?5,"
	    " decision_note = ?6 WHERE id = ?1 AND status = 0", "iIiIit", id,
	    approve ? 1 : 2, actor_id, (int)day, now, note ? note : "");

	if (!err && db_changes(st->db) == 0)
		return GH_ECONFLICT;
	return err;
}
