/*
 * service.h - the service layer: the work that spans domain rules and
 * storage, between the HTTP handlers (src/api/) and the data (src/store/).
 *
 * A service function takes a store, the actor (who acts, from where,
 * when) and typed inputs; it opens and commits the write transaction
 * itself, with its timeline events and audit record in the order the
 * rules want, and returns 0 or a negative enum gh_err with a struct
 * svc_err that carries the Chinese message of the refusal (and the extra
 * fields of the JSON error).  What the API answers comes back as jansson
 * objects.  A service never sees a request: it includes neither
 * http/http.h nor api/api.h (scripts/check_layers.sh enforces it).
 *
 * The services, one header each (lowest first):
 *   service/calendar_cache.h      the process cache of working-day calendars
 *   service/audit.h               audit records of an actor
 *   service/case_clock.h          a case's working-day clock
 *   service/anomalies.h           recording anomaly hits, the rule settings
 *   service/watch.h               the live watch after every case action
 *                                 (anomaly rules, the 补正 timer)
 *   service/case_view.h           the data scope of a case and the case
 *                                 objects of the API (read side)
 *   service/case_engine.h         the case life cycle: the engine, and
 *                                 submit, act, reveal (one transaction each)
 *   service/calendar_change.h     changes of the calendar and the deadline
 *                                 moves of open cases; the calendar CSV
 *   service/sweep.h               the periodic sweep: timers, escalation,
 *                                 cards, 督办单, reminders
 *   service/supervision_records.h 督办单, 问责, anomaly review, rule
 *                                 switches, reminders read
 *   service/outbox_delivery.h     claiming and recording outbox messages
 *                                 (the transports stay in src/notify/)
 *   service/catalogue.h           writes and the import of the item
 *                                 catalogue
 *   service/auth.h                passwords, login throttling, sessions
 *   service/staff.h               staff accounts, A/B posts, passwords and
 *                                 the requests a second supervisor decides
 *   service/accounts.h            applicant accounts: registration, SMS
 *                                 codes, real name, reset, 经办人
 *   service/materials.h           material files, the clerk's check, the
 *                                 library and licences
 *   service/applicant_notify.h    messages and SMS to the applicant
 *   service/guide.h               the 办事指南's attachments, FAQ, windows
 *   service/green.h               the green channel (绿色通道): items with a
 *                                 shorter limit, key projects' applicants,
 *                                 a new case's priority
 *
 * Dependencies before this layer (an arrow: "calls into"):
 *
 *   api/cases.c    --watch_after_action-->            api/watch.c
 *   api/watch.c    --case_engine_act, case_clock-->   api/cases.c   (circle)
 *   api/cases.c    --clock_explain_json-->            api/calendar.c
 *   api/calendar.c --cases_deadlines_before,
 *                    cases_recompute_deadlines-->     api/cases.c   (circle)
 *   api/supervision.c --case_summary_json, case_clock--> api/cases.c
 *   api/{cases,watch,calendar,supervision,supervision_records}.c
 *                  --calendar_load, cal_ref_*, audit_as, json_day-->
 *                                                     api/common.c
 *   src/main.c, src/demo --case_engine_*, watch_sweep, calendar_apply,
 *                  calendar_load, audit_as-->         src/api/ (the CLI
 *                  reaching into the HTTP layer for business rules)
 *   notify/outbox.c  the claim and record transactions beside the
 *                    SMTP and SMS transports
 *
 * After (arrows point downward only; no file calls back up):
 *
 *   src/main.c, src/demo  -> service (still through api/api.h, until their
 *                            owners include the service headers), api
 *                            (the route table), http, store
 *   src/api (every file)  -> api/api.h (readers in common.c), http,
 *                            service, domain, store (plain reads)
 *   src/service:
 *     sweep               -> case_engine, watch (the timer's name),
 *                            case_clock, anomalies, calendar_cache, audit,
 *                            notify/outbox.h
 *     calendar_change     -> case_clock, calendar_cache, audit
 *     supervision_records -> calendar_cache, audit
 *     case_view           -> case_clock, calendar_cache
 *     case_engine         -> watch, case_clock, calendar_cache, audit,
 *                            accounts, materials, applicant_notify,
 *                            case_view, green
 *     watch               -> case_clock, anomalies
 *     outbox_delivery     -> notify/outbox.h (channels and transports)
 *     catalogue           -> audit, export/item_codec.h
 *     auth                -> audit, accounts (SMS login)
 *     staff               -> auth, audit
 *     accounts            -> auth, audit, outbox_delivery, notify/realname.h
 *     materials           -> case_view, audit, export/filetype.h
 *     applicant_notify    -> notify/outbox.h
 *     guide               -> audit, materials (limits), green,
 *                            export/filetype.h
 *     green               -> audit
 *     anomalies, case_clock, audit, calendar_cache -> store, domain
 *   src/notify            -> store, util
 *   src/store             -> domain, util
 *   src/domain            -> util
 *
 * Thread-safety: services keep no state of their own except the calendar
 * cache, which is locked; each caller brings its own store.
 */
#ifndef GH_SERVICE_H
#define GH_SERVICE_H
#include <jansson.h>
#include <stdint.h>

/* Who acts, from where and when: what a service entry point that opens
 * its own transaction needs to know about its caller (the handlers build
 * it with api_actor; the CLI and the sweep as govhall itself, id 0). */
struct svc_actor {
	int64_t id;          /* 0 for govhall itself */
	const char *name;
	int role;            /* one enum role bit; 0 for nobody logged in */
	int64_t dept_id, window_id;
	const char *addr;    /* the client address for the audit, or NULL */
	int64_t now;         /* Unix seconds */
	int32_t today;       /* the centre's date */
};

/* The case engine's actor: who, for the rules of a case (service/
 * case_engine.h's entry points take a struct svc_actor and derive this
 * from it; the engine level takes the date and time explicitly).  src/demo
 * initialises it by position, so it keeps exactly these five fields. */
struct case_actor {
	int64_t id;          /* 0 for govhall itself */
	const char *name;
	int role;            /* one enum role bit */
	int64_t dept_id, window_id;
};
struct case_actor case_actor_of(const struct svc_actor *who);

/* Why a service refused or failed: err is the negative gh_err, msg the
 * Chinese message the API answers (the error table's own message when
 * the service has nothing to add), extra the fields merged into the JSON
 * error (owned; may be NULL).  Zero-initialise; the caller releases extra
 * with svc_err_clear. */
struct svc_err {
	int err;
	char msg[300];       /* the size a case refusal always had, so a long
	                      * message is cut where it was */
	json_t *extra;
};

/* Fills e and returns err.  fmt NULL takes the error table's message;
 * extra is stolen. */
int svc_fail(struct svc_err *e, int err, json_t *extra, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* svc_fail(e, err, NULL, NULL) when err, else 0. */
int svc_check(struct svc_err *e, int err);
void svc_err_clear(struct svc_err *e);

/* ISO date or JSON null. */
json_t *json_day(int32_t day);

#endif
