/*
 * guide.h - what the 办事指南 offers beside the catalogue record (issue 10,
 * part 2), as the national platforms offer it: each material's blank form
 * and filled sample to download (空白表格, 示例样表: PDF, JPEG or PNG files
 * the administrator attaches, stored as blobs like the materials'), where
 * to go (the windows that serve the item's department, their hall's
 * address and opening hours) and the item's common questions.
 *
 * Thread-safety: none of its own; each call brings its store.
 */
#ifndef GH_SERVICE_GUIDE_H
#define GH_SERVICE_GUIDE_H
#include <jansson.h>
#include <stddef.h>

#include "service/service.h"
#include "store/store.h"

#define GUIDE_FAQ_MAX 30

/* {files, faq, windows, office_hours} of item code (public). */
int guide_get(store *st, const char *code, json_t **out, struct svc_err *e);
/* Attaches the blank form or sample (kind "blank" | "sample") of one of
 * the item's materials; *out {id, material, kind, name, type, size}. */
int guide_attach(store *st, const struct svc_actor *who, const char *code,
    const char *material, const char *kind, const char *filename,
    const void *data, size_t len, json_t **out, struct svc_err *e);
int guide_detach(store *st, const struct svc_actor *who, const char *code,
    int64_t file_id, struct svc_err *e);
/* Replaces the common questions with faq: [{question, answer}]. */
int guide_faq_put(store *st, const struct svc_actor *who, const char *code,
    json_t *faq, struct svc_err *e);
/* The bytes of an attachment (*data to free()), public. */
int guide_file(store *st, const char *code, int64_t file_id, void **data,
    size_t *len, char *name, size_t name_cap, char *type, size_t type_cap,
    struct svc_err *e);

#endif
