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
 * msg_decided, msg_extended and msg_ready, with the placeholders {item} {code}
 * {deadline} {reason} {materials} {decision} {result} {days}; absent settings
 * take the defaults in applicant_notify.c.
 *
 * Thread-safety: none of its own.
 */
#ifndef GH_SERVICE_APPLICANT_NOTIFY_H
#define GH_SERVICE_APPLICANT_NOTIFY_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct applicant_event {
	int action;               /* enum case_action just applied */
	const char *reason;       /* refusal, denial */
	const char *materials;    /* 补正: the list, 、-separated */
	const char *result;       /* completion: licence name and number */
	int days;                 /* extension: working days approved */
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
