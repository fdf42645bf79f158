/*
 * audit.h - audit records of an actor, appended in the caller's write
 * transaction (the hash chain itself is the store's).
 *
 * before and after are stolen (NULL means JSON null); they are written as
 * compact JSON with sorted keys, so the record's text does not depend on
 * the order a caller built them in.
 */
#ifndef GH_SERVICE_AUDIT_H
#define GH_SERVICE_AUDIT_H
#include <jansson.h>
#include <stdint.h>

#include "service/service.h"
#include "store/store.h"

/* The record of who->id / who->name / who->role from who->addr at
 * who->now (an actor with id 0 and no name is govhall itself: 系统). */
int audit_actor(store *st, const struct svc_actor *who, const char *action,
    const char *object_type, const char *object_id, json_t *before,
    json_t *after);
/* The same without an address (CLI, demo, the sweep). */
int audit_as(store *st, int64_t now, int64_t actor_id, const char *actor_name,
    int role, const char *action, const char *object_type,
    const char *object_id, json_t *before, json_t *after);

#endif
