/*
 * complaints.h - 效能投诉 (efficiency complaints, issue 12 part 1): filing
 * by the public (logged in, or anonymous with a contact) and by the
 * complaint desk for the phone, letter box, e-mail, SMS and desk
 * channels; the workflow 接待 -> 受理 -> 登记 -> 呈批 -> 办理 -> 报结 -> 归档
 * of domain/complaint.h with its timeline and step limits; the
 * complainant's answer (accept or 重办 once), the return visit.  Still to
 * build: the sanction of a substantiated complaint, the complainant's
 * rating, the supervision board's lights, the sweep's 督办单 and the
 * statistics (issue 12).
 *
 * Each write is one transaction with its complaint event and audit
 * record; a refusal writes nothing.
 *
 * Who sees what: the complainant's identity (name, phone, e-mail, ID
 * number) is in the JSON only for supervisors (the complaint desk and
 * the leaders) and for the complainant; the department complained about
 * and the handling department see 已隐藏 unless the complainant agreed
 * (disclose_identity).  An administrator is not complaint staff and sees
 * nothing of complaints but the statistics.
 *
 * The public view (complaint_get_public) never
 * names the complainant or staff: it is what Open311 may publish.
 *
 * Thread-safety: none of its own; each caller brings its store.
 */
#ifndef GH_SERVICE_COMPLAINTS_H
#define GH_SERVICE_COMPLAINTS_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/calendar.h"
#include "domain/complaint.h"
#include "service/service.h"
#include "store/store.h"

/* What a complaint is filed with.  Strings are borrowed; NULL or "" for
 * absent ones. */
struct complaint_input {
	const char *channel;       /* complaint_channel_name; NULL: "web" */
	const char *title;         /* 2..60 characters */
	const char *content;       /* 10..4000 characters, kept as written */
	const char *contact_name;  /* required when filed by the desk */
	const char *contact_phone; /* anonymous: phone or e-mail required */
	const char *contact_email;
	const char *address;       /* where it happened, optional */
	int64_t dept_id;           /* the department complained about, 0 */
	int64_t case_id;           /* the case it concerns, 0 */
	bool disclose_identity;    /* consent to show the identity to the
	                            * department complained about */
	const char *source;        /* the client that filed it (e.g. an
	                            * Open311 client's name), NULL */
	const char *category;      /* complaint_category_name, NULL: left to
	                            * the desk's registration */
};

/* Files a complaint.  who NULL (or role 0): anonymous, channel web only,
 * a contact phone or e-mail required; an applicant: their own
 * complaint, channel web; a supervisor: any channel but web, entered at
 * the desk.  cal may be NULL (the centre's calendar is loaded).  *out is
 * {id, query_code, state}.  422 naming the field for bad input, 403 for
 * other staff. */
int complaint_file(store *st, const calendar *cal,
    const struct svc_actor *who, const struct complaint_input *in,
    json_t **out, struct svc_err *e);
/* The same inside the caller's write transaction (Open311 adds its own
 * row to it); *id is the new complaint's.  Rolls nothing back. */
int complaint_file_in(store *st, const calendar *cal,
    const struct svc_actor *who, const struct complaint_input *in,
    int64_t *id, json_t **out, struct svc_err *e);

/* How the complainant proves who they are without an account. */
struct complaint_key {
	const char *query_code;    /* from the filing */
	const char *contact_phone; /* the phone it was filed with */
};

/* The complaint as who sees it (key: the anonymous complainant's, or
 * NULL): 404 for a complaint who may not see.  The complainant and
 * supervisors see the identity, the timeline, the visits; the handling
 * and complained-about departments see it masked unless disclosed. */
int complaint_get(store *st, const struct svc_actor *who,
    const struct complaint_key *key, int64_t id, json_t **out,
    struct svc_err *e);

/* The non-identifying view: {id, state, state_label, category,
 * channel, dept_id, dept_name, title, received_at, updated_at,
 * step, step_due_day, result (reported or archived only)}.  404 unknown.
 */
int complaint_get_public(store *st, int64_t id, json_t **out,
    struct svc_err *e);

/* An action on a complaint: body is the request's JSON object (action
 * and its fields; see docs/openapi.yaml ComplaintAction), read here
 * field by field with 422 naming a bad one.  *out is the complaint as
 * who sees it.  409 for a wrong state, 403 for a wrong role or scope. */
int complaint_act(store *st, const struct svc_actor *who,
    const struct complaint_key *key, int64_t id, const json_t *body,
    json_t **out, struct svc_err *e);

/* Still to build (issue 12): the complainant's rating, the lists, the
 * board's lights, the statistics and the sweep's 督办单. */

#endif
