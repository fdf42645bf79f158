/*
 * outbox_delivery.c - claiming outbox messages, sending them through the
 * transports of src/notify/outbox.c and recording the results; see
 * outbox_delivery.h (moved here from notify/outbox.c).
 *
 * Invariants: a message is sent only while this worker holds its claim and
 * with no transaction open; every claimed message is recorded (sent,
 * failed) or released before the pass ends, unless the store fails, in
 * which case its claim simply expires.
 */
#include "service/outbox_delivery.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "notify/outbox.h"
#include "util/gh_err.h"
#include "util/log.h"
#include "util/xalloc.h"

#define EXPIRE_PER_PASS 1000    /* stale messages given up per pass */
#define COUNT_MAX 100000        /* unconfigured messages counted per pass */

/* Seconds since an arbitrary start, immune to changes of the wall clock. */
static int64_t mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

/* This host's name, for the claims' worker ids. */
static void host_name(char *host, size_t cap)
{
	if (gethostname(host, cap))
		snprintf(host, cap, "?");
	host[cap - 1] = '\0';
}

/* What to record for one claimed message. */
struct outcome {
	enum outbox_send_result res;
	bool tried;
	char error[OUTBOX_ERROR_MAX];
};

static const char stale_error[] = "expired: not sent within"
    " outbox_max_age_days of being queued";

/* Gives up messages too old to be worth sending, such as those queued
 * while their channel was not configured: a reminder about a case weeks
 * ago would only confuse.  Bounded per pass; runs in the claim
 * transaction. */
static int expire_stale(store *st, const struct outbox_channels *ch, int64_t at,
    struct outbox_report *rep)
{
	int64_t n = 0;
	int err;

	if (!ch->max_age_s)
		return 0;
	err = store_outbox_expire(st, ch->email, ch->sms, at - ch->max_age_s, at,
	    stale_error, EXPIRE_PER_PASS, &n);
	if (!err && n) {
		rep->expired += (size_t)n;
		rep->failed += (size_t)n;
		log_warn("outbox: %lld messages older than %lld days given up",
		    (long long)n, (long long)(ch->max_age_s / 86400));
	}
	return err;
}

/* Records a batch's outcomes in one short write transaction.  A message
 * whose claim expired and was taken by another worker is left to that
 * worker: its result stands and this one is not counted. */
static int record_batch(store *st, const struct outbox_channels *ch,
    const char *worker, const struct outbox_msg *m, const struct outcome *o,
    size_t n, int64_t at, struct outbox_report *rep)
{
	int err;

	if ((err = store_begin(st)))
		return err;
	for (size_t i = 0; i < n && !err; i++) {
		size_t *count;
		bool give_up = false;

		if (!o[i].tried) {
			err = store_outbox_release(st, m[i].id, worker);
			count = &rep->deferred;
		} else if (o[i].res == OUTBOX_SEND_OK) {
			err = store_outbox_sent(st, m[i].id, worker, at);
			count = &rep->sent;
		} else {
			give_up = o[i].res == OUTBOX_SEND_BAD ||
			    m[i].attempts + 1 >= ch->max_attempts;
			err = store_outbox_failed(st, m[i].id, worker, o[i].error,
			    at + outbox_backoff_s(m[i].attempts + 1), give_up);
			count = give_up ? &rep->failed : &rep->retrying;
		}
		if (err == GH_ENOTFOUND) {
			err = 0;
			continue;
		}
		if (err)
			break;
		(*count)++;
		if (give_up)
			log_warn("outbox: message %lld (%s) failed for good: %s",
			    (long long)m[i].id, m[i].channel, o[i].error);
	}
	if (err) {
		store_rollback(st);
		return err;
	}
	return store_commit(st);
}

int outbox_deliver(store *st, int64_t now, struct outbox_report *rep)
{
	struct outbox_msg *m = NULL;
	struct outcome *o = NULL;
	struct outbox_channels ch;
	char host[64], worker[128];
	int64_t start = mono_s(), waiting, at, until;
	size_t n = 0, attempted = 0;
	int err, batch = 0;

	memset(rep, 0, sizeof *rep);
	if ((err = outbox_channels_load(st, &ch)))
		return err;
	if ((err = store_outbox_count_due(st, !ch.email, !ch.sms, now, COUNT_MAX,
	    &waiting)))
		return err;
	rep->unconfigured = (size_t)waiting;
	if (!ch.email && !ch.sms)
		return 0;
	if (!outbox_transport_ready())
		return GH_EIO;
	host_name(host, sizeof host);

	while (attempted < OUTBOX_MAX_PER_PASS && (ch.email || ch.sms) &&
	    mono_s() - start < OUTBOX_PASS_BUDGET_S) {
		/* one id per batch, so a batch never picks up another's rows */
		snprintf(worker, sizeof worker, "%s:%ld:%08x:%d", host,
		    (long)getpid(), (unsigned)randombytes_random(), batch);
		at = now + (mono_s() - start);
		until = at + OUTBOX_LEASE_S;
		if ((err = store_begin(st)))
			return err;
		if ((!batch++ && (err = expire_stale(st, &ch, at, rep))) ||
		    (err = store_outbox_claim(st, worker, ch.email, ch.sms, at, until,
		    OUTBOX_BATCH, &m, &n)) || (err = store_commit(st))) {
			store_rollback(st);
			return err;
		}
		if (!n) {
			store_outbox_free(m, n);
			break;
		}
		o = xcalloc(n, sizeof *o);
		for (size_t i = 0; i < n; i++) {
			bool email = !strcmp(m[i].channel, "email");

			/* send only while the claim outlasts a whole exchange */
			if (!(email ? ch.email : ch.sms) || now + (mono_s() - start) +
			    OUTBOX_SEND_TIMEOUT_S + 5 >= until)
				continue;
			o[i].tried = true;
			if (ch.max_age_s && m[i].created_at < at - ch.max_age_s) {
				o[i].res = OUTBOX_SEND_BAD;
				snprintf(o[i].error, sizeof o[i].error, "%s", stale_error);
				rep->expired++;
				continue;
			}
			attempted++;
			o[i].res = outbox_send(&ch, &m[i], at, o[i].error,
			    sizeof o[i].error);
			if (o[i].res == OUTBOX_SEND_DOWN) {
				log_warn("outbox: %s channel unavailable, retried next"
				    " pass: %s", m[i].channel, o[i].error);
				if (email)
					ch.email = false;
				else
					ch.sms = false;
			}
		}
		err = record_batch(st, &ch, worker, m, o, n,
		    now + (mono_s() - start), rep);
		store_outbox_free(m, n);
		free(o);
		m = NULL;
		o = NULL;
		if (err)
			return err;
	}
	return 0;
}

int outbox_deliver_now(store *st, int64_t id, int64_t now)
{
	struct outbox_report rep;
	struct outbox_msg *m = NULL;
	struct outcome o = {0};
	struct outbox_channels ch;
	char host[64], worker[128];
	size_t n = 0;
	int err;

	memset(&rep, 0, sizeof rep);
	if ((err = outbox_channels_load(st, &ch)))
		return err;
	if (!ch.sms && !ch.email)
		return 0;
	if (!outbox_transport_ready())
		return GH_EIO;
	host_name(host, sizeof host);
	snprintf(worker, sizeof worker, "%s:%ld:%08x:now", host, (long)getpid(),
	    (unsigned)randombytes_random());
	if ((err = store_begin(st)))
		return err;
	if ((err = store_outbox_claim_id(st, worker, id, now,
	    now + OUTBOX_LEASE_S, &m, &n)) || (err = store_commit(st))) {
		store_rollback(st);
		return err;
	}
	if (n && (!strcmp(m[0].channel, "email") ? ch.email : ch.sms)) {
		o.tried = true;
		o.res = outbox_send(&ch, &m[0], now, o.error, sizeof o.error);
	}
	err = n ? record_batch(st, &ch, worker, m, &o, n, now, &rep) : 0;
	store_outbox_free(m, n);
	return err;
}
