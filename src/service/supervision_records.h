/*
 * supervision_records.h - the records of electronic efficiency supervision
 * (纠错与问责): supervision notices (督办单) and the departments' replies,
 * efficiency sanctions (效能告诫, 通报批评, 诫勉, 责任追究), the review of
 * anomalies, the switches and thresholds of the anomaly rules, and the
 * in-app reminders of staff being read.
 *
 * Every write is one transaction with its audit record, opened and
 * committed here; a refused write writes nothing.  The objects given back
 * are the ones the API answers.
 *
 * Scope: supervisors and administrators see every department; a chief
 * representative or reviewer sees the notices of their own department
 * only, and answers for it.
 *
 * Thread-safety: none of its own; each caller brings its store.
 */
#ifndef GH_SERVICE_SUPERVISION_RECORDS_H
#define GH_SERVICE_SUPERVISION_RECORDS_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/supervision.h"
#include "service/service.h"
#include "store/store.h"

/* ---- names --------------------------------------------------------------- */

/* The notice state's API name ("awaiting_reply", "replied", "closed"). */
const char *notice_state_name(int state);
/* The stored kind (1..4) of a sanction named by API name or Chinese
 * label; 0 for neither. */
int sanction_kind_from_name(const char *s);
/* Replaces a sanction row's stored kind by name and kind_label. */
void sanction_row_names(json_t *row);
/* 0 open, 1 confirmed, 2 dismissed; -1 for another name. */
int anomaly_status_from_name(const char *s);
/* Adds rule_name and the status by name to an anomaly row, and gives its
 * stored evidence back as JSON. */
void anomaly_row_names(json_t *row);

/* ---- 督办单 --------------------------------------------------------------- */

/* The department whose notices who sees: 0 (all) for supervisors and
 * administrators, their own for chiefs and reviewers; -1 for staff with
 * no department, who see none. */
int64_t notice_scope(const struct svc_actor *who);

struct notice_input {
	int64_t case_id;      /* 0: a notice about the department's work */
	int64_t dept_id;      /* 0: the case's department */
	const char *content;
	int64_t reply_days;   /* working days; 0: the notice_reply_days setting */
};
/* A supervisor's notice: 201's object, or 422 naming the field of an id
 * that points at nothing or disagrees with the case. */
int notice_create(store *st, const struct svc_actor *who,
    const struct notice_input *in, json_t **out, struct svc_err *e);
/* Notice id as who may see it (404 unknown, 403 another department's). */
int notice_get_view(store *st, const struct svc_actor *who, int64_t id,
    json_t **out, struct svc_err *e);
/* The department's reply, once, while the notice awaits one. */
int notice_reply(store *st, const struct svc_actor *who, int64_t id,
    const char *reply, json_t **out, struct svc_err *e);
/* A supervisor closes a replied notice; note may be NULL. */
int notice_close(store *st, const struct svc_actor *who, int64_t id,
    const char *note, json_t **out, struct svc_err *e);

/* ---- 效能问责 ------------------------------------------------------------- */

/* Records sanction s (kind, targets, reason and evidence filled by the
 * caller; issued_* are who's).  Its ids must point at something: 422
 * naming the field otherwise, and a target user must be staff. */
int sanction_create(store *st, const struct svc_actor *who,
    const struct sanction_rec *s, json_t **out, struct svc_err *e);

/* ---- anomalies and their rules ------------------------------------------ */

/* A supervisor's finding (status 1 confirmed or 2 dismissed) on open
 * anomaly id, with the reason. */
int anomaly_review(store *st, const struct svc_actor *who, int64_t id,
    int status, const char *note, json_t **out, struct svc_err *e);
/* Every rule with its switch and threshold beside the defaults, as
 * {total, data}. */
int anomaly_rules_view(store *st, json_t **out, struct svc_err *e);
/* Sets rule (an enum anomaly_rule index); takes effect on the next
 * action or sweep.  *out is the rule as anomaly_rules_view shows it. */
int anomaly_rule_put(store *st, const struct svc_actor *who, int rule,
    bool enabled, int threshold, json_t **out, struct svc_err *e);

/* ---- reminders ------------------------------------------------------------ */

/* Marks who's notification id read (404 for another user's). */
int notification_mark_read(store *st, const struct svc_actor *who,
    int64_t id, json_t **out, struct svc_err *e);

#endif
