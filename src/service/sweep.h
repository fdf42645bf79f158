/*
 * sweep.h - the periodic pass of electronic supervision (a thread of
 * `govhall serve`, or `govhall sweep`): it fires due timers (补正超时驳回,
 * through the case engine), escalates late cases (预警 -> 黄牌 -> 红牌 ->
 * 督办单), records overdue and long-suspension anomalies, flags the 告知
 * 承诺 checks (事后核查) past their day (A13, once each), writes the
 * reminders (in-app notifications and outbox messages) and purges expired
 * sessions.  Everything it writes is idempotent (unique keys), so any
 * number of servers may sweep the same database; a sweep is one write
 * transaction.
 */
#ifndef GH_SERVICE_SWEEP_H
#define GH_SERVICE_SWEEP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct sweep_report {
	size_t scanned, expired, anomalies, cards, notifications,
	    notices_issued;
	size_t reminded, terminated; /* 容缺: reminders sent, cases ended */
	size_t pledge_overdue;       /* 告知承诺: checks found overdue (A13) */
	size_t deemed;    /* 并联审批: co-departments' silence taken as consent */
	int64_t purged;   /* expired sessions and stale login failures */
	bool skipped;     /* another server swept (or sweeps) already */
};

/* One pass on today at now, in its own transaction (rolled back on
 * failure).  *rep is cleared first.  Servers on one database take turns:
 * the pass is claimed first (store_sweep_claim), and skipped (rep->skipped)
 * while another server sweeps or, with min_gap_s > 0, when one began a
 * pass less than min_gap_s seconds ago. */
int watch_sweep_every(store *st, int32_t today, int64_t now,
    int64_t min_gap_s, struct sweep_report *rep);
/* watch_sweep_every without a gap (`govhall sweep`). */
int watch_sweep(store *st, int32_t today, int64_t now,
    struct sweep_report *rep);

#endif
