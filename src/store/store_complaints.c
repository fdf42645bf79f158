/*
 * store_complaints.c - 效能投诉 (schema 0021): the complaints, their
 * events, return visits and ratings.  Every query is written once for
 * both engines (store_impl.h).  What may change and when is
 * domain/complaint.c's rule and service/complaints.c's transaction.
 */
#include "store/store_impl.h"

#include <string.h>

#include "util/gh_err.h"

int store_complaint_insert(store *st, const struct complaint_new *n,
    int64_t *id)
{
	int err = sql_run(st, "INSERT INTO complaints(query_code, channel, source,"
	    " title, content, user_id, contact_name, contact_phone, contact_email,"
	    " address, disclose_identity, entered_by, category, dept_id, case_id,"
	    " received_day, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)",
	    "tItttnttttInInnIi", n->query_code, n->channel, n->source ? n->source :
	    "", n->title, n->content, n->user_id, n->contact_name ?
	    n->contact_name : "", n->contact_phone ? n->contact_phone : "",
	    n->contact_email ? n->contact_email : "", n->address ? n->address : "",
	    (int)n->disclose_identity, n->entered_by, n->category, n->dept_id,
	    n->case_id, (int)n->received_day, n->now);

	if (err)
		return err;
	return sql_int(st, id, "SELECT id FROM complaints WHERE query_code = ?1",
	    "t", n->query_code);
}

int store_complaint_json(store *st, int64_t id, json_t **out)
{
	db_stmt *s = sql_query(st, "SELECT c.*, coalesce(d.name, '') AS"
	    " dept_name FROM complaints c LEFT JOIN departments d ON d.id ="
	    " c.dept_id WHERE c.id = ?1", "i", id);
	int rc = db_step(s);

	if (rc == DB_ROW)
		*out = sql_row_json(s);
	db_reset(s);
	if (rc == DB_DONE)
		return GH_ENOTFOUND;
	return sql_rc(rc);
}

int store_complaint_event_add(store *st, const struct complaint_event_rec *e)
{
	return sql_run(st, "INSERT INTO complaint_events(complaint_id, at, day,"
	    " actor_id, actor_name, role, action, from_state, to_state, note)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", "iiIntItIIt",
	    e->complaint_id, e->at, (int)e->day, e->actor_id, e->actor_name,
	    e->role, e->action, e->from_state, e->to_state, e->note ? e->note :
	    "");
}

int store_complaint_change(store *st, int64_t id, int64_t version,
    const struct complaint_change *c)
{
	int err = sql_run(st, "UPDATE complaints SET state = ?3, category = ?4,"
	    " reopen_count = ?5, extension_days = ?6, dept_id = ?7, window_id ="
	    " ?8, person_id = ?9, case_id = ?10, leader_id = ?11,"
	    " handling_dept_id = ?12, accepted_day = ?13, registered_day = ?14,"
	    " submitted_day = ?15, handling_day = ?16, handled_day = ?17,"
	    " reported_day = ?18, archived_day = ?19, extension_reason = ?20,"
	    " findings = ?21, measures = ?22, result = ?23, reject_reason = ?24,"
	    " valid = CASE WHEN ?25 < 0 THEN NULL ELSE ?25 END, substantiated ="
	    " CASE WHEN ?26 < 0 THEN NULL ELSE ?26 END, settled_on_time = CASE"
	    " WHEN ?27 < 0 THEN NULL ELSE ?27 END, disclose_identity = ?28,"
	    " result_answer = ?29, updated_at = ?30, version = version + 1"
	    " WHERE id = ?1 AND version = ?2",
	    "iiIIIInnnnnndddddddtttttIIIIIi", id, version, c->state,
	    c->category, c->reopen_count, c->extension_days, c->dept_id,
	    c->window_id, c->person_id, c->case_id, c->leader_id,
	    c->handling_dept_id, c->accepted_day, c->registered_day,
	    c->submitted_day, c->handling_day, c->handled_day, c->reported_day,
	    c->archived_day, c->extension_reason ? c->extension_reason : "",
	    c->findings ? c->findings : "", c->measures ? c->measures : "",
	    c->result ? c->result : "", c->reject_reason ? c->reject_reason : "",
	    c->valid, c->substantiated, c->settled_on_time,
	    (int)c->disclose_identity, (int)c->result_answer, c->now);

	if (!err && db_changes(st->db) == 0)
		return GH_ECONFLICT;
	return err;
}

int store_complaint_visit_add(store *st, int64_t complaint_id, int64_t by,
    int32_t day, int64_t now, bool reached, int satisfied,
    const char *answers, const char *comment)
{
	return sql_run(st, "INSERT INTO complaint_visits(complaint_id, visited_by,"
	    " day, at, reached, satisfied, answers, comment) VALUES (?1, ?2, ?3,"
	    " ?4, ?5, CASE WHEN ?6 < 0 THEN NULL ELSE ?6 END, ?7, ?8)", "iiIiIItt",
	    complaint_id, by, (int)day, now, (int)reached, satisfied,
	    answers ? answers : "{}", comment ? comment : "");
}

int store_complaint_events_json(store *st, int64_t id, json_t **out)
{
	return sql_rows_json(st, sql_query(st, "SELECT at, day, actor_name, role,"
	    " action, from_state, to_state, note FROM complaint_events WHERE"
	    " complaint_id = ?1 ORDER BY id", "i", id), out);
}

int store_complaint_visits_count(store *st, int64_t id, int64_t *n)
{
	return sql_int(st, n, "SELECT count(*) FROM complaint_visits WHERE"
	    " complaint_id = ?1", "i", id);
}
