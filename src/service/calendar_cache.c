/*
 * calendar_cache.c - the process cache of working-day calendars; see
 * calendar_cache.h (moved here from api/common.c).
 */
#include "service/calendar_cache.h"

#include <pthread.h>
#include <stdlib.h>

#include "util/xalloc.h"

#define CAL_CACHE_MAX 32

struct cal_ref {
	int64_t region_id;
	int64_t version;
	calendar *cal;
	int refs;        /* the cache's own reference counts as one */
};

static pthread_mutex_t cal_lock = PTHREAD_MUTEX_INITIALIZER;
static struct cal_ref *cal_cache[CAL_CACHE_MAX];

const calendar *cal_ref_get(const struct cal_ref *ref)
{
	return ref->cal;
}

static void ref_drop_locked(struct cal_ref *ref)
{
	if (--ref->refs == 0) {
		calendar_free(ref->cal);
		free(ref);
	}
}

void cal_ref_release(struct cal_ref *ref)
{
	if (!ref)
		return;
	pthread_mutex_lock(&cal_lock);
	ref_drop_locked(ref);
	pthread_mutex_unlock(&cal_lock);
}

void calendar_cache_clear(void)
{
	pthread_mutex_lock(&cal_lock);
	for (int i = 0; i < CAL_CACHE_MAX; i++) {
		if (cal_cache[i]) {
			ref_drop_locked(cal_cache[i]);
			cal_cache[i] = NULL;
		}
	}
	pthread_mutex_unlock(&cal_lock);
}

int calendar_load(store *st, int64_t region_id, struct cal_ref **out)
{
	struct cal_entry *entries = NULL;
	struct cal_ref *ref = NULL;
	int64_t version;
	size_t n = 0;
	int err, slot = -1;

	if ((err = store_calendar_version(st, &version)))
		return err;
	pthread_mutex_lock(&cal_lock);
	for (int i = 0; i < CAL_CACHE_MAX; i++) {
		struct cal_ref *r = cal_cache[i];

		if (r && r->region_id == region_id) {
			if (r->version == version) {
				r->refs++;
				pthread_mutex_unlock(&cal_lock);
				*out = r;
				return 0;
			}
			cal_cache[i] = NULL;  /* stale: another change landed */
			ref_drop_locked(r);
		}
		if (!cal_cache[i] && slot < 0)
			slot = i;
	}
	pthread_mutex_unlock(&cal_lock);

	if ((err = store_calendar_entries(st, region_id, &entries, &n)))
		return err;
	ref = xcalloc(1, sizeof *ref);
	ref->region_id = region_id;
	ref->version = version;
	ref->refs = 1;
	err = calendar_new(entries, n, &ref->cal);
	store_calendar_entries_free(entries, n);
	if (err) {
		free(ref);
		return err;
	}
	pthread_mutex_lock(&cal_lock);
	if (slot < 0 || cal_cache[slot])
		for (slot = 0; slot < CAL_CACHE_MAX && cal_cache[slot]; slot++)
			;
	if (slot < CAL_CACHE_MAX) {
		cal_cache[slot] = ref;
		ref->refs++;
	}
	pthread_mutex_unlock(&cal_lock);
	*out = ref;
	return 0;
}

