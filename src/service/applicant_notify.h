/*
 * applicant_notify.h - telling the applicant (issue 10, part 6): when
 * their case is accepted, refused, asked for materials, decided, and
 * completed (ready to collect), an in-app message to their account (and
 * to the person who filed it for a company) and an SMS to the mobile
 * number the case holds, both written in the caller's transaction, so a
 * message exists exactly when its change does.  The SMS leaves through
 * the outbox (notify/outbox.h).
 *
 * The texts are settings, msg_accepted, msg_rejected, msg_materials,
 * msg_decided, msg_extended, msg_ready, and for 容缺受理 (issue 11)
 * msg_deferred, msg_deferral_due (the sweep's reminder before the day) and
 * msg_terminated, for 告知承诺制 msg_pledged and msg_revoked (撤销许可
 * after a false promise), with the placeholders {item} {code} {deadline} {reason}
 * {materials} {decision} {result} {days} {due}; absent settings take the
 * defaults in applicant_notify.c.
 *
 * Thread-safety: none of its own.
 */
#ifndef GH_SERVICE_APPLICANT_NOTIFY_H
#define GH_SERVICE_APPLICANT_NOTIFY_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* An event that is not an action: the sweep's reminder of a 容缺
 * material due soon. */
#define APPLICANT_DEFERRAL_DUE (-2)

struct applicant_event {
	int action;               /* enum case_action just applied, or
	                           * APPLICANT_DEFERRAL_DUE */
	const char *reason;       /* refusal, denial */
	const char *materials;    /* 补正: the list, 、-separated */
	const char *result;       /* completion: licence name and number */
	int days;                 /* extension: working days approved */
	const char *due;          /* 容缺: the supplement day, YYYY-MM-DD */
};

/* Messages for c (as it is after the action), when the action is one the
 * applicant hears of; 0 when it is not. */
int applicant_notify(store *st, const struct case_rec *c,
    const struct applicant_event *ev, int64_t now);

/* Fills template tpl's {name} placeholders from names/values (n pairs)
 * into out (cap bytes, always terminated); unknown names stay as they
 * are.  Pure; public for tests. */
void applicant_fill(const char *tpl, const char *const *names,
    const char *const *values, size_t n, char *out, size_t cap);

#endif
