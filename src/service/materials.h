/*
 * materials.h - the files of a case's materials, the clerk's check of each
 * material (收件核验), the applicant's library (一套材料) and issued
 * licences (电子证照): issue 10, parts 3 and 4.
 *
 * Files: PDF, JPEG or PNG, the type read from the bytes (export/
 * filetype.h), at most MATERIAL_FILE_MAX each, MATERIAL_PAGES_MAX per
 * material and MATERIAL_CASE_MAX per case; stored once by SHA-256 in the
 * database (schema 0010).  An applicant uploads to their own case while
 * it waits at the window (申报) or for 补正; staff who may handle the case
 * upload what they scan at the desk.  A file is served only to those who
 * may see its case, and each download is audited first.
 *
 * The check: 合格 or 不合格 with a reason, per received material, before
 * acceptance or during 补正; a new upload of a material starts its check
 * over.  Acceptance refuses while a required 主件 is missing or 不合格
 * (materials_accept_check); a 补正 request without a list asks for every
 * faulty material and every required one still missing
 * (materials_notice_list).
 *
 * Library: at acceptance every received material that was not found
 * faulty and has files goes into the applicant's library, valid until
 * the day the clerk noted (the document's own validity) or for the
 * setting library_valid_days (default 365) from acceptance.  A later case
 * of the same applicant reuses it (materials_reuse) while valid; the
 * clerk sees it was reused and from which case.  An approved, completed
 * case with a result (证照/批文) issues a licence into its holder's
 * library, valid for licence_valid_years (default 5); a licence may stand
 * for a material of a later case.
 *
 * Thread-safety: none of its own; each call brings its store.
 */
#ifndef GH_SERVICE_MATERIALS_H
#define GH_SERVICE_MATERIALS_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/item.h"
#include "service/service.h"
#include "store/store.h"

#define MATERIAL_FILE_MAX (10u << 20)
#define MATERIAL_CASE_MAX (60u << 20)
#define MATERIAL_PAGES_MAX 20

struct material_upload {
	const char *material;   /* the item's material name */
	const char *filename;   /* as the client named it (display only) */
	const void *data;
	size_t len;
};

/* Adds one file to a material of case id; *out {id, sha256, size, type,
 * material, name}.  415 for a type other than PDF/JPEG/PNG, 413 past a
 * size limit, 422 for a broken file or an unknown material. */
int materials_upload(store *st, const struct svc_actor *who, int64_t case_id,
    const struct material_upload *u, json_t **out, struct svc_err *e);

/* The bytes of file id for who (*data to free()), audited. */
int materials_download(store *st, const struct svc_actor *who,
    int64_t file_id, struct case_file_rec *rec, void **data, size_t *len,
    struct svc_err *e);

/* The case's files and materials with their checks, for who. */
int materials_of_case(store *st, const struct svc_actor *who,
    int64_t case_id, json_t **out, struct svc_err *e);

/* The clerk's check of a material: result "ok" or "faulty" (reason
 * required), valid_until the document's last valid day (DAY_NONE: not
 * noted). */
int materials_check(store *st, const struct svc_actor *who, int64_t case_id,
    const char *material, const char *result, const char *reason,
    int32_t valid_until, json_t **out, struct svc_err *e);

/* Uses library entry library_id, or licence licence_id, of the case's
 * applicant as material of case case_id (one of the two ids is 0). */
int materials_reuse(store *st, const struct svc_actor *who, int64_t case_id,
    const char *material, int64_t library_id, int64_t licence_id,
    json_t **out, struct svc_err *e);

/* who's library and licences (an applicant's own). */
int materials_library(store *st, const struct svc_actor *who, json_t **out,
    struct svc_err *e);
int materials_licences(store *st, const struct svc_actor *who, json_t **out,
    struct svc_err *e);

/* ---- the case engine's hooks, inside its transaction ----------------------- */

/* GH_ECONFLICT (with "missing" and "faulty" lists) while a required 主件
 * of it is missing or faulty in case case_id; the n_excused names of
 * excused (告知承诺: the proofs a signed promise stands for) need not be
 * in. */
int materials_accept_check(store *st, const struct item *it, int64_t case_id,
    const char *const *excused, size_t n_excused, struct svc_err *r);
/* The materials a 补正 request without a list asks for (faulty, and
 * required but missing), *names to free() (the strings live in it and
 * in *states, also to free()), and a note of the faults' reasons. */
int materials_notice_list(store *st, const struct item *it, int64_t case_id,
    const char ***names, size_t *n, struct material_state **states,
    char *note, size_t cap);
/* After acceptance: the case's good materials into the library. */
int materials_to_library(store *st, const struct case_rec *c,
    int32_t today, int64_t now);
/* After an approved completion: the licence of the result.  *number (64
 * bytes) gets its number, "" when none was issued. */
int materials_issue_licence(store *st, const struct case_rec *c,
    const struct item *it, int32_t today, int64_t now, char *number);

#endif
