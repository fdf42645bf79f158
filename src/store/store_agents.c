/*
 * store_agents.c - 全程代办 (schema 0019): the agents (代办员) assigned to
 * cases on the applicant's authorisation, the agents a case may be given,
 * and their statistics.  Every query is written once for both engines
 * (store_impl.h).  Who may assign and when is service/agents.c's rule;
 * this module only keeps the rows.  At most one assignment of a case is
 * active (ended_at IS NULL), which a unique partial index enforces.
 */
#include "store/store_impl.h"

#include <stdio.h>
#include <string.h>

#include "domain/role.h"
#include "util/gh_err.h"

int store_case_agent_current(store *st, int64_t case_id,
    struct case_agent_rec *out)
{
	db_stmt *s = sql_query(st, "SELECT a.id, a.case_id, a.agent_id, u.name,"
	    " a.authorisation, a.assigned_by, a.assigned_day FROM case_agents a"
	    " JOIN users u ON u.id = a.agent_id WHERE a.case_id = ?1 AND"
	    " a.ended_at IS NULL", "i", case_id);
	int rc = db_step(s);

	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		out->id = db_col_int64(s, 0);
		out->case_id = db_col_int64(s, 1);
		out->agent_id = db_col_int64(s, 2);
		sql_text(s, 3, out->agent_name, sizeof out->agent_name);
		sql_text(s, 4, out->authorisation, sizeof out->authorisation);
		out->assigned_by = db_col_int64(s, 5);
		out->assigned_day = sql_day(s, 6);
	}
	db_reset(s);
	if (rc == DB_DONE)
		return GH_ENOTFOUND;
	return sql_rc(rc);
}

int store_case_agent_add(store *st, int64_t case_id, int64_t agent_id,
    const char *authorisation, int64_t assigned_by, int32_t day, int64_t now)
{
	return sql_run(st, "INSERT INTO case_agents(case_id, agent_id,"
	    " authorisation, assigned_by, assigned_day, assigned_at) VALUES (?1,"
	    " ?2, ?3, ?4, ?5, ?6)", "iitiIi", case_id, agent_id, authorisation,
	    assigned_by, (int)day, now);
}

int store_case_agent_end(store *st, int64_t id, int64_t ended_by,
    int64_t now)
{
	int err = sql_run(st, "UPDATE case_agents SET ended_by = ?2, ended_at ="
	    " ?3 WHERE id = ?1 AND ended_at IS NULL", "iii", id, ended_by, now);

	if (!err && db_changes(st->db) == 0)
		return GH_ECONFLICT;
	return err;
}

int store_case_agents_json(store *st, int64_t case_id, json_t **out)
{
	return sql_rows_json(st, sql_query(st, "SELECT a.agent_id, u.name AS"
	    " agent_name, a.authorisation, a.assigned_by, coalesce(b.name, '')"
	    " AS assigned_by_name, a.assigned_day, a.assigned_at, a.ended_by,"
	    " coalesce(e.name, '') AS ended_by_name, a.ended_at FROM case_agents"
	    " a JOIN users u ON u.id = a.agent_id LEFT JOIN users b ON b.id ="
	    " a.assigned_by LEFT JOIN users e ON e.id = a.ended_by WHERE"
	    " a.case_id = ?1 ORDER BY a.id", "i", case_id), out);
}

int store_agent_staff_json(store *st, json_t **out)
{
	return sql_rows_json(st, sql_query(st, "SELECT u.id, u.name, (SELECT"
	    " count(*) FROM case_agents a JOIN cases c ON c.id = a.case_id"
	    " WHERE a.agent_id = u.id AND a.ended_at IS NULL AND c.state NOT IN"
	    " (2, 6, 8)) AS open_cases FROM users u WHERE u.role = ?1 AND"
	    " u.active = 1 ORDER BY open_cases, u.id", "I", (int)ROLE_AGENT),
	    out);
}

int store_agent_stats_json(store *st, int32_t from, int32_t to,
    int64_t dept_id, json_t **out)
{
	/* assigned: assignments made in the period; open: the agent's cases
	 * still running now; completed (on time): the cases the agent carried
	 * at any time that were completed in the period */
	return sql_rows_json(st, sql_query(st, "SELECT u.id AS agent_id, u.name"
	    " AS agent_name, u.active AS active_flag, (SELECT count(*) FROM"
	    " case_agents a JOIN cases c ON c.id = a.case_id WHERE a.agent_id ="
	    " u.id AND a.assigned_day BETWEEN ?1 AND ?2 AND (?3 = 0 OR c.dept_id"
	    " = ?3)) AS assigned, (SELECT count(*) FROM case_agents a JOIN cases"
	    " c ON c.id = a.case_id WHERE a.agent_id = u.id AND a.ended_at IS"
	    " NULL AND c.state NOT IN (2, 6, 8) AND (?3 = 0 OR c.dept_id = ?3))"
	    " AS open, (SELECT count(*) FROM cases c WHERE c.state = 6 AND"
	    " c.finished_day BETWEEN ?1 AND ?2 AND (?3 = 0 OR c.dept_id = ?3)"
	    " AND c.id IN (SELECT case_id FROM case_agents WHERE agent_id ="
	    " u.id)) AS completed, (SELECT count(*) FROM cases c WHERE c.state ="
	    " 6 AND c.on_time = 1 AND c.finished_day BETWEEN ?1 AND ?2 AND (?3 ="
	    " 0 OR c.dept_id = ?3) AND c.id IN (SELECT case_id FROM case_agents"
	    " WHERE agent_id = u.id)) AS completed_on_time FROM users u WHERE"
	    " u.role = ?4 ORDER BY u.id", "IIiI", (int)from, (int)to, dept_id,
	    (int)ROLE_AGENT), out);
}

int store_case_event_first_day(store *st, int64_t case_id,
    const char *action, int32_t *day)
{
	db_stmt *s = sql_query(st, "SELECT day FROM case_events WHERE case_id ="
	    " ?1 AND action = ?2 ORDER BY id LIMIT 1", "it", case_id, action);
	int rc = db_step(s);

	if (rc == DB_ROW)
		*day = sql_day(s, 0);
	db_reset(s);
	if (rc == DB_DONE)
		return GH_ENOTFOUND;
	return sql_rc(rc);
}
