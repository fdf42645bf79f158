/*
 * case_form.c - checks a case's application form (see case_form.h).
 *
 * The order of checks: the body's form must be an object; unknown keys
 * are refused first (a misspelt key would otherwise read as a missing
 * field); then each field in form order, so that the first refusal is the
 * first wrong field on the page.  An item without a form takes no form
 * (an empty object or none).
 */
#include "service/case_form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/form.h"
#include "util/gh_err.h"
#include "util/xalloc.h"

void case_form_values_clear(struct case_form_values *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++) {
		free((char *)v->v[i].value);
		free((char *)v->v[i].display);
	}
	free(v->v);
	memset(v, 0, sizeof *v);
}

static int refuse(struct svc_err *r, const char *key, const char *msg)
{
	char field[48];

	snprintf(field, sizeof field, "form.%s", key);
	return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field", field),
	    "%s", msg);
}

int case_form_check(store *st, const struct item *it, const json_t *form,
    int32_t today, struct case_form_values *out, struct svc_err *r)
{
	const struct form *f = &it->form;
	struct case_form_values vals = {0};
	const char *key;
	json_t *x;
	int err = 0;

	if (form && !json_is_object(form) && !json_is_null(form))
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "form"), "申请表应为对象({\"字段标识\": 值})");
	if (form && json_is_object(form)) {
		json_object_foreach((json_t *)form, key, x)
			if (!form_find(f, key)) {
				char msg[160];

				snprintf(msg, sizeof msg, "申请表中没有“%.60s”这一项", key);
				return refuse(r, key, msg);
			}
	}
	vals.n = 0;
	vals.v = xcalloc(form_field_count(f) + 1, sizeof *vals.v);
	for (size_t s = 0; s < f->n_sections; s++)
		for (size_t i = 0; i < f->sections[s].n_fields; i++) {
			const struct form_field *d = &f->sections[s].fields[i];
			json_t *v = form && json_is_object(form) ?
			    json_object_get(form, d->key) : NULL;
			struct form_input in = {FI_NONE, NULL, 0, 0};
			char *value = xmalloc(FORM_VALUE_CAP);
			char *display = xmalloc(FORM_VALUE_CAP);
			char why[300];

			if (json_is_string(v)) {
				in.kind = FI_TEXT;
				in.text = json_string_value(v);
				if (strlen(in.text) != json_string_length(v))
					in.text = "\x01"; /* an embedded NUL: refused */
			} else if (json_is_integer(v)) {
				in.kind = FI_INT;
				in.i = json_integer_value(v);
			} else if (json_is_real(v)) {
				in.kind = FI_REAL;
				in.r = json_real_value(v);
			} else if (v && !json_is_null(v)) {
				/* true, an array or an object: never a field value. */
				in.kind = FI_TEXT;
				in.text = "\x01";
			}
			if (in.kind == FI_TEXT && in.text[0] == '\x01' &&
			    in.text[1] == '\0') {
				snprintf(why, sizeof why, "%s的值类型不正确", d->label);
				err = GH_EINVAL;
			} else {
				err = form_check_value(d, &in, today, value, display, why,
				    sizeof why);
			}
			if (!err && d->type == FT_AREA && value[0]) {
				bool exists = false;

				if ((err = store_region_code_exists(st, value, &exists))) {
					free(value);
					free(display);
					case_form_values_clear(&vals);
					return svc_fail(r, err, NULL, NULL);
				}
				if (!exists) {
					snprintf(why, sizeof why, "%s“%s”不是本中心的行政区划",
					    d->label, value);
					err = GH_EINVAL;
				}
			}
			if (err) {
				free(value);
				free(display);
				case_form_values_clear(&vals);
				return refuse(r, d->key, why);
			}
			vals.v[vals.n].key = d->key;
			vals.v[vals.n].label = d->label;
			vals.v[vals.n].value = value;
			vals.v[vals.n].display = display;
			vals.v[vals.n].type = d->type;
			vals.n++;
		}
	*out = vals;
	return 0;
}
