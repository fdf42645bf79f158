/*
 * throttle.h - the rule that slows password guessing down (等保 2.0 登录失败
 * 处理), without handing an outsider a way to lock the centre's staff out.
 *
 * Failed logins are counted under three keys, each with its own rule:
 *  - the pair (client address, account): one source guessing one account's
 *    password.  Few free failures, then a delay that doubles up to 15 min.
 *  - the client address: one source spraying many accounts.  More free
 *    failures and a cap of one minute: a whole office behind one NAT
 *    address shares the key, so a sprayer among them slows everyone there
 *    to one guess a minute but cannot shut them out for long.
 *  - the account, from anywhere: many sources on one account (a botnet).
 *    Many free failures and a short cap (30 s), so that the real user,
 *    typing from their own desk, waits half a minute at worst however hard
 *    the account is attacked: a hard lock would let anyone shut out the
 *    administrator or the supervisors with five requests.
 * An attempt is refused (429, retry_after) while any of its keys is
 * delayed.  The count of a key starts anew when its window (15 min) has
 * passed since its first failure, and a successful login clears the pair
 * and the account (not the address: one good password must not reset a
 * spraying address).
 *
 * Pure functions; no I/O.
 */
#ifndef GH_THROTTLE_H
#define GH_THROTTLE_H
#include <stdbool.h>
#include <stdint.h>

enum throttle_key { THROTTLE_PAIR = 0, THROTTLE_ADDR, THROTTLE_ACCOUNT,
	THROTTLE_KEYS_ };

struct throttle_rule {
	int64_t free_failures;  /* failures allowed before any delay */
	int64_t base_s;         /* the first delay */
	int64_t cap_s;          /* the longest delay */
};

extern const struct throttle_rule throttle_rules[THROTTLE_KEYS_];
#define THROTTLE_WINDOW_S (15 * 60)

/* The delay after the failures-th failure under rule r: 0 while failures
 * <= free_failures, then base_s, 2*base_s, 4*base_s, ... up to cap_s. */
int64_t throttle_delay_s(const struct throttle_rule *r, int64_t failures);

/* Whether the failures-th failure of a key is written to the audit: the
 * 1st, 10th, 100th, ... (each row carries the count), so that a flood of
 * failures leaves a handful of rows, not one each. */
bool throttle_audits(int64_t failures);

#endif
