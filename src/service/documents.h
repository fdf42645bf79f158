/*
 * documents.h - the notices and receipts of a case as PDF (issue 10
 * section 5): which kinds apply to a case, issuing a document (its number
 * allocated once) or reprinting it (补打), and the list of what was issued.
 *
 * Each print is one write transaction: the document row (first print) or
 * its print count, a case timeline event (document.issue or
 * document.reprint) and an audit record.  The PDF is rendered after the
 * commit from the case as stored (export/pdf_doc.h).
 *
 * Thread-safety: none of its own; each caller brings its store.
 */
#ifndef GH_SERVICE_DOCUMENTS_H
#define GH_SERVICE_DOCUMENTS_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "service/service.h"
#include "store/store.h"

/* Prints the document named kind ("receipt", "acceptance",
 * "materials_notice", "refusal", "decision") of case case_id for who:
 * GH_ENOTFOUND (404) for an unknown kind or a case who may not see as an
 * applicant, GH_EFORBIDDEN outside a staff member's scope, GH_ECONFLICT
 * (409, with a Chinese message) when the kind does not apply to the
 * case's state.  progress_base is the public site's base URL (no trailing
 * slash) for the receipt's QR code, used when the setting public_url is
 * empty.  On success *pdf (malloc'ed, *len bytes) is the document; the
 * caller must not have a transaction open. */
int documents_print(store *st, const struct svc_actor *who, int64_t case_id,
    const char *kind, const char *progress_base, unsigned char **pdf,
    size_t *len, struct svc_err *e);

/* {"data": [{kind, title, number, issued_at, issued_day, prints,
 * last_printed_at}], "available": [kinds that apply now]} of case case_id
 * as who may see it; in the caller's snapshot. */
int documents_list(store *st, const struct svc_actor *who, int64_t case_id,
    json_t **out, struct svc_err *e);

#endif
