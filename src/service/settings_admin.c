/*
 * settings_admin.c - reading and changing the centre's settings; see
 * settings_admin.h.
 */
#include "service/settings_admin.h"

#include <stdio.h>
#include <string.h>

#include "domain/setting_def.h"
#include "service/audit.h"
#include "util/gh_err.h"

#define VALUE_MAX 2048

static const char *type_name(int t)
{
	static const char *const names[] = {"text", "int", "bool", "choice",
		"url", "secret"};

	return t >= 0 && t <= SETTING_SECRET ? names[t] : "text";
}

int settings_list(store *st, json_t **out, struct svc_err *e)
{
	json_t *arr = json_array();
	char value[VALUE_MAX];

	for (size_t i = 0; i < setting_def_count; i++) {
		const struct setting_def *d = &setting_defs[i];
		int err = store_setting_get(st, d->key, value, sizeof value);
		bool set = !err;
		json_t *o;

		if (err && err != GH_ENOTFOUND) {
			json_decref(arr);
			return svc_fail(e, err, NULL, NULL);
		}
		o = json_pack("{s:s,s:s,s:s,s:s,s:b,s:s}", "key", d->key, "label",
		    d->label, "group", d->group, "type", type_name(d->type), "set",
		    set, "default", d->dflt);
		json_object_set_new(o, "value", d->type == SETTING_SECRET ||
		    !set ? json_null() : json_string(value));
		if (d->type == SETTING_INT || d->type == SETTING_TEXT) {
			json_object_set_new(o, "min", json_integer(d->min));
			json_object_set_new(o, "max", json_integer(d->max));
		}
		if (d->choices)
			json_object_set_new(o, "choices", json_string(d->choices));
		json_array_append_new(arr, o);
	}
	*out = arr;
	return 0;
}

/* A JSON value as the setting's text. */
static bool as_text(json_t *v, char *out, size_t cap)
{
	if (json_is_string(v))
		return (size_t)snprintf(out, cap, "%s", json_string_value(v)) < cap;
	if (json_is_integer(v))
		return (size_t)snprintf(out, cap, "%lld",
		    (long long)json_integer_value(v)) < cap;
	if (json_is_boolean(v))
		return (size_t)snprintf(out, cap, "%d", json_is_true(v)) < cap;
	return false;
}

int settings_update(store *st, const struct svc_actor *who, json_t *values,
    json_t **out, struct svc_err *e)
{
	char value[VALUE_MAX], old[VALUE_MAX], why[200], field[80];
	const char *key;
	json_t *v, *changes = json_object();
	int err = 0;

	if (!json_is_object(values) || !json_object_size(values)) {
		json_decref(changes);
		return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "settings"), "请提供要修改的设置项(settings对象)");
	}
	/* every value is checked before anything is written */
	json_object_foreach(values, key, v) {
		const struct setting_def *d = setting_find(key);

		snprintf(field, sizeof field, "settings.%.60s", key);
		if (!d) {
			err = svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
			    field), "设置项%.60s不存在或不能修改", key);
			goto out;
		}
		if (!as_text(v, value, sizeof value) ||
		    setting_check(d, value, why, sizeof why)) {
			err = svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
			    field), "%s", as_text(v, value, sizeof value) ? why :
			    "设置值应为文本、整数或布尔值");
			goto out;
		}
	}
	if ((err = svc_check(e, store_begin(st))))
		goto out;
	json_object_foreach(values, key, v) {
		const struct setting_def *d = setting_find(key);
		int g;

		as_text(v, value, sizeof value);
		g = store_setting_get(st, key, old, sizeof old);
		if (g && g != GH_ENOTFOUND) {
			err = svc_check(e, g);
			break;
		}
		if (d->type == SETTING_SECRET)
			json_object_set_new(changes, key, json_string("(已修改)"));
		else
			json_object_set_new(changes, key, json_pack("{s:s?,s:s}", "old",
			    g ? NULL : old, "new", value));
		if ((err = svc_check(e, store_setting_set(st, key, value))))
			break;
	}
	if (err || (err = svc_check(e, audit_actor(st, who, "settings.update",
	    "settings", "centre", NULL, json_incref(changes)))) ||
	    (err = svc_check(e, store_commit(st)))) {
		store_rollback(st);
		goto out;
	}
	err = settings_list(st, out, e);
out:
	json_decref(changes);
	return err;
}
