/*
 * demo.h - builds the demo centre (灵川县-shaped, see demo_data.h) in an
 * empty database: organisation, accounts, catalogue, calendar and a few
 * hundred cases in every state spread over the months before today.
 */
#ifndef GH_DEMO_H
#define GH_DEMO_H
#include <stdint.h>

#include "store/store.h"

/* Fails with GH_ECONFLICT when the database already holds a centre.
 * The calendar is the official 2025-2026 schedule (data/) plus the
 * statutory 2027 dates, marked provisional until the State Council notice. */
int demo_build(store *st, int32_t today);

/* The documented demo accounts and their password. */
#define DEMO_PASSWORD "govhall-demo"

#endif
