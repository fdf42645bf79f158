/*
 * throttle.c - see throttle.h.
 */
#include "domain/throttle.h"

const struct throttle_rule throttle_rules[THROTTLE_KEYS_] = {
	[THROTTLE_PAIR] = {.free_failures = 3, .base_s = 2, .cap_s = 900},
	[THROTTLE_ADDR] = {.free_failures = 30, .base_s = 2, .cap_s = 60},
	[THROTTLE_ACCOUNT] = {.free_failures = 10, .base_s = 1, .cap_s = 30},
};

int64_t throttle_delay_s(const struct throttle_rule *r, int64_t failures)
{
	int64_t d, over;

	if (failures <= r->free_failures)
		return 0;
	over = failures - r->free_failures - 1;
	d = r->base_s;
	while (over-- > 0 && d < r->cap_s)
		d *= 2;
	return d < r->cap_s ? d : r->cap_s;
}

bool throttle_audits(int64_t failures)
{
	if (failures < 1)
		return false;
	while (failures % 10 == 0)
		failures /= 10;
	return failures == 1;
}
