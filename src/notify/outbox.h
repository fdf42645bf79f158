/*
 * outbox.h - reminders that leave govhall: the outbox of e-mail and SMS
 * messages, the channels configured for them and the transports that
 * send one message.  The delivery pass that claims and records messages
 * is service/outbox_delivery.h.
 *
 * Messages are written to the outbox table in the same transaction as the
 * in-app notification they repeat (outbox_enqueue, called by the sweep),
 * so a reminder is queued exactly when its notification is created.  They
 * are delivered later by outbox_deliver (service/outbox_delivery.h: the
 * serve ticker after each sweep, or `govhall deliver DB` from cron), never
 * inside a transaction:
 * a short write transaction claims a few due messages for this worker for
 * OUTBOX_LEASE_S seconds, the messages are sent with the write lock free,
 * and a second short transaction records each result.  Several servers
 * may deliver from one database; a claim keeps any other worker off a
 * message while it is being sent.  Delivery is at least once: a worker
 * that dies after sending but before recording leaves a claim that
 * expires, and the message is sent again.
 *
 * Channels are configured by settings rows (docs/notify.md): smtp_url,
 * smtp_from, smtp_user, smtp_password for e-mail; sms_gateway_url and
 * sms_token for SMS; outbox_max_attempts and outbox_max_age_days.
 * Messages of a channel that is not configured stay pending and are only
 * counted; once it is configured, those older than outbox_max_age_days
 * are given up instead of sent.
 *
 * Thread-safety: outbox_send may run on several threads at once; the
 * loaders use the caller's store handle.  The helpers at the end are pure and
 * reentrant; they are public for tests/unit/test_outbox.c.
 */
#ifndef GH_OUTBOX_H
#define GH_OUTBOX_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define OUTBOX_MAX_ATTEMPTS_DEFAULT 6
#define OUTBOX_MAX_AGE_DAYS_DEFAULT 7
#define OUTBOX_LEASE_S 60        /* how long a claim keeps other workers off */
#define OUTBOX_SEND_TIMEOUT_S 10 /* the whole of one SMTP or HTTP exchange */
#define OUTBOX_BATCH 4           /* claimed at once: 4 x 10 s < the lease */
#define OUTBOX_MAX_PER_PASS 100  /* messages attempted by one pass */
#define OUTBOX_PASS_BUDGET_S 30  /* no new batch is claimed after this */
#define OUTBOX_BODY_MAX (64u << 10)

/*
 * Queues the reminder subject/text for user_id by every channel the user
 * has: e-mail when users.email is a plain address, SMS when users.phone is
 * a mainland mobile number.  Runs inside the caller's write transaction.
 * *queued (may be NULL) gets the number of messages queued; an unknown or
 * inactive user gets none.
 */
int outbox_enqueue(store *st, int64_t user_id, const char *subject,
    const char *text, int64_t now, size_t *queued);

#define OUTBOX_SETTING_MAX 512  /* bytes of a URL or token setting */
#define OUTBOX_ERROR_MAX 300    /* bytes of last_error kept per attempt */
#define OUTBOX_REPLY_MAX 512    /* bytes of a gateway's answer kept */

/* The channels the settings configure (email, sms: usable this pass). */
struct outbox_channels {
	char smtp_url[OUTBOX_SETTING_MAX], smtp_from[256], smtp_user[256];
	char smtp_password[256];
	char sms_url[OUTBOX_SETTING_MAX], sms_token[OUTBOX_SETTING_MAX];
	int max_attempts;
	int64_t max_age_s;      /* 0: messages never go stale */
	bool email, sms;
	bool sms_log;           /* serve --sms-log: SMS written to the log */
};

/* serve --sms-log (demos and tests, never production): from now on every
 * SMS is written to standard error as a line "SMS <phone>: <text>" and
 * counted as sent, whatever the gateway settings say. */
void outbox_set_sms_log(bool on);

/* Reads the channel settings; a channel whose settings are absent, cut or
 * malformed is off (with a log line).  Returns a store error. */
int outbox_channels_load(store *st, struct outbox_channels *ch);

/* What one attempt came to. */
enum outbox_send_result {
	OUTBOX_SEND_OK,
	OUTBOX_SEND_RETRY,  /* this message failed; try again later */
	OUTBOX_SEND_DOWN,   /* the channel failed: so will the rest of the pass */
	OUTBOX_SEND_BAD,    /* the message can never be sent */
};

/* The start of an HTTP service's answer, kept by outbox_keep_reply as
 * libcurl's write callback (CURLOPT_WRITEDATA: the struct); the rest is
 * dropped. */
struct outbox_reply {
	char text[OUTBOX_REPLY_MAX];
	size_t len;
};
size_t outbox_keep_reply(char *p, size_t size, size_t nmemb, void *arg);

/* Initialises libcurl once; false when it cannot be. */
bool outbox_transport_ready(void);
/* Sends m by its channel ("email" or "sms") within OUTBOX_SEND_TIMEOUT_S,
 * talking only to the hosts ch names; date is the e-mail's Date.  Fills
 * err (cap bytes) on failure.  Touches no store: call it with no
 * transaction open. */
enum outbox_send_result outbox_send(const struct outbox_channels *ch,
    const struct outbox_msg *m, int64_t date, char *err, size_t cap);

/* ---- pure helpers --------------------------------------------------------- */

/* Seconds to wait after the failures-th failed attempt (1, 2, ...):
 * 1 min, 5 min, 30 min, 2 h, 6 h, then 24 h. */
int64_t outbox_backoff_s(int failures);

/*
 * Encodes UTF-8 text as RFC 2047 encoded words (=?UTF-8?B?...?=) for a
 * header, each at most 68 characters and holding whole characters, joined
 * by CRLF SP (folding), so that "Subject: " and the first word fit in 78
 * columns.  Writes a NUL-terminated string to out; GH_EINVAL when text is
 * not UTF-8 or contains control characters, GH_ETOOBIG when out is too
 * small (out is then unspecified).
 */
int outbox_encode_header(const char *text, char *out, size_t cap);

/* Whether addr is a plain ASCII address local@domain that can go into a
 * header and an SMTP command unquoted (no spaces, controls or specials). */
bool outbox_email_valid(const char *addr);

/* Whether phone is a mainland mobile number (1[3-9] and 9 more digits,
 * optionally after +86 or 86); writes its 11 digits to out when so. */
bool outbox_mobile(const char *phone, char out[12]);

struct outbox_email {
	const char *from, *to;    /* addresses, outbox_email_valid */
	const char *subject;      /* UTF-8 */
	const char *body;         /* UTF-8, LF or CRLF line ends */
	int64_t date;             /* Unix seconds */
	int64_t id, created_at;   /* make the Message-ID, stable across retries */
};

/*
 * Formats an RFC 5322 message: Date, From, To, Subject (RFC 2047),
 * Message-ID, MIME-Version, Content-Type text/plain; charset=UTF-8 and the
 * body in base64 with CRLF line ends.  *out is NUL-terminated, owned by
 * the caller (free).  GH_EINVAL for a bad address or text that is not
 * UTF-8, GH_ETOOBIG for a body over OUTBOX_BODY_MAX.
 */
int outbox_format_email(const struct outbox_email *m, char **out,
    size_t *len);

#endif
