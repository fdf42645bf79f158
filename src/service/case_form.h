/*
 * case_form.h - the application form of a case (issue 10): checks what an
 * applicant filled in against the item's form and turns it into the values
 * a case keeps.
 *
 * Runs inside the caller's write transaction (it reads region codes for
 * area fields).  Reentrant; the values own their text.
 */
#ifndef GH_SERVICE_CASE_FORM_H
#define GH_SERVICE_CASE_FORM_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/item.h"
#include "service/service.h"
#include "store/store.h"

struct case_form_values {
	struct case_form_value *v; /* in form order, every field */
	size_t n;                  /* key and label point into the item */
};

/* Checks form (a JSON object {"<key>": value}, or NULL when the request
 * had none) against it->form: every field's value by its type, required
 * fields present, no unknown keys.  On success fills *out (free with
 * case_form_values_clear) and returns 0; otherwise a 422 in r whose extra
 * is {"field": "form.<key>"} and whose message names the field's label. */
int case_form_check(store *st, const struct item *it, const json_t *form,
    int32_t today, struct case_form_values *out, struct svc_err *r);
void case_form_values_clear(struct case_form_values *v);

#endif
