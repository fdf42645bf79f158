/*
 * catalogue.h - writes of the service-item catalogue (事项目录): create,
 * update, retire and restore one item, and import a whole file, each in
 * one transaction with its audit record ("item.create", "item.update",
 * "item.retire", "item.restore", "item.import").
 *
 * Thread-safety: none of its own; each caller brings its store.
 */
#ifndef GH_SERVICE_CATALOGUE_H
#define GH_SERVICE_CATALOGUE_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/item.h"
#include "service/service.h"
#include "store/store.h"

/* Writes checked item it: create refuses an existing code (409), update
 * an unknown one (404, naming path_code).  *out is the item as stored. */
int catalogue_item_put(store *st, const struct svc_actor *who,
    const struct item *it, bool create, const char *path_code, json_t **out,
    struct svc_err *e);
/* Retires or restores item code (old cases keep it); *out {code,
 * retired}. */
int catalogue_item_set_retired(store *st, const struct svc_actor *who,
    const char *code, bool retired, json_t **out, struct svc_err *e);

/* The writes of an import, in the caller's write transaction: checks that
 * every item's dept_code names a department (errors in errs, line = item
 * number, then GH_EUNPROCESSABLE and nothing written), then puts each item,
 * stamped at[i] (or now when at is NULL).  The demo centre loads its
 * catalogue file through items_parse_csv and this. */
int catalogue_items_apply(store *st, const struct item *items, size_t n,
    int64_t now, const int64_t *at, struct item_errors *errs, size_t *created,
    size_t *updated);

/* Imports a CSV or JSON file in one transaction; any error in any record
 * imports nothing (GH_EUNPROCESSABLE or GH_EJSON, the errors in errs).
 * Shared by the HTTP import and the CLI. */
int items_import(store *st, const char *buf, size_t len, bool csv,
    int64_t now, int64_t actor_id, const char *actor_name, int role,
    struct item_errors *errs, size_t *created, size_t *updated);

#endif
