/*
 * outbox_delivery.h - one delivery pass of the outbox: claim a few due
 * messages in a short write transaction, send them with no transaction
 * open (src/notify/outbox.h's transports), record each result in a second
 * short transaction; repeat within the pass's bounds.
 *
 * Several servers may deliver from one database: a claim (a worker id and
 * a lease of OUTBOX_LEASE_S) keeps any other worker off a message while
 * it is being sent.  Delivery is at least once: a worker that dies after
 * sending but before recording leaves a claim that expires, and the
 * message is sent again.
 *
 * Thread-safety: outbox_deliver may run on several threads at once, each
 * with its own store handle.
 */
#ifndef GH_SERVICE_OUTBOX_DELIVERY_H
#define GH_SERVICE_OUTBOX_DELIVERY_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct outbox_report {
	size_t sent;         /* delivered */
	size_t retrying;     /* failed this pass, to be tried again later */
	size_t failed;       /* failed for good this pass (state 2), expired
	                      * ones included */
	size_t expired;      /* given up unsent: older than outbox_max_age_days */
	size_t deferred;     /* claimed but given back untried: the channel
	                      * went down or the pass ran out of time */
	size_t unconfigured; /* due, but their channel is not configured
	                      * (counted up to 100000) */
};

/*
 * One bounded delivery pass at Unix time now: at most OUTBOX_MAX_PER_PASS
 * messages, no new batch after OUTBOX_PASS_BUDGET_S seconds, each exchange
 * limited to OUTBOX_SEND_TIMEOUT_S.  A channel that cannot be reached is
 * left alone for the rest of the pass.  Talks only to the hosts the
 * settings name.  Must not be called inside a transaction.  Returns a
 * store error; failures to send are recorded, not returned.
 */
int outbox_deliver(store *st, int64_t now, struct outbox_report *rep);
/* Sends the one message id now, with no transaction open, if its channel
 * is configured and no other worker holds it (a code the user waits for,
 * not a reminder that can wait for the next pass); a message that fails is
 * retried by the passes like any other. */
int outbox_deliver_now(store *st, int64_t id, int64_t now);

#endif
