/*
 * settings_admin.h - the centre's settings over the API (the table of
 * domain/setting_def.h): read by administrators and supervisors, changed
 * by administrators only, each change audited with the old and new value
 * (a secret's value never: only that it changed).
 *
 * Thread-safety: none of its own.
 */
#ifndef GH_SERVICE_SETTINGS_ADMIN_H
#define GH_SERVICE_SETTINGS_ADMIN_H
#include <jansson.h>

#include "service/service.h"
#include "store/store.h"

/* [{key, label, group, type, value (secrets: null), set, default, min,
 * max, choices}] */
int settings_list(store *st, json_t **out, struct svc_err *e);
/* Writes every key of values (an object of strings, numbers or booleans)
 * in one transaction, or none: an unknown key or a bad value is 422
 * naming it. */
int settings_update(store *st, const struct svc_actor *who, json_t *values,
    json_t **out, struct svc_err *e);

#endif
