/*
 * anomalies.h - what the watch and the sweep share about anomalies: the
 * rule settings, the count of a case's review steps, and recording hits
 * once (store_anomaly_add keys them; a repeated hit adds nothing).
 * Everything runs in the caller's write transaction.
 */
#ifndef GH_SERVICE_ANOMALIES_H
#define GH_SERVICE_ANOMALIES_H
#include <stddef.h>
#include <stdint.h>

#include "domain/supervision.h"
#include "store/store.h"

/* The defaults overlaid with the stored switches and thresholds. */
int anomaly_load_config(store *st, struct anomaly_config *cfg);
/* The number of steps of case_id not handled by the window. */
int case_review_steps(store *st, int64_t case_id);
/* Records hits[0..n) of case c.  Rules about an action (event level) are
 * keyed by event_id and name actor_id; rules about the case name its
 * holder.  action is an enum case_action or -1 (the sweep).  *created
 * (may be NULL) counts the new records. */
int anomaly_record_hits(store *st, const struct case_rec *c,
    const struct anomaly_hit *hits, size_t n, int64_t event_id,
    int64_t actor_id, int action, int32_t today, int64_t now,
    size_t *created);

#endif
