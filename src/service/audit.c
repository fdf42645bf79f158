/*
 * audit.c - audit records of an actor; see audit.h (moved here from
 * api/common.c so that the services below the handlers can write them).
 */
#include "service/audit.h"

#include <stdlib.h>

static int audit_from(store *st, int64_t now, int64_t actor_id,
    const char *actor_name, int role, const char *action,
    const char *object_type, const char *object_id, json_t *before,
    json_t *after, const char *addr)
{
	char *b = json_dumps(before ? before : json_null(),
	    JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	char *a = json_dumps(after ? after : json_null(),
	    JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	struct audit_rec rec = {
		.at = now, .actor_id = actor_id, .actor_name = actor_name,
		.role = role, .action = action, .object_type = object_type,
		.object_id = object_id, .before = b, .after = a, .addr = addr,
	};
	int err = store_audit_append(st, &rec);

	free(b);
	free(a);
	json_decref(before);
	json_decref(after);
	return err;
}

int audit_as(store *st, int64_t now, int64_t actor_id, const char *actor_name,
    int role, const char *action, const char *object_type,
    const char *object_id, json_t *before, json_t *after)
{
	return audit_from(st, now, actor_id, actor_name, role, action,
	    object_type, object_id, before, after, NULL);
}

int audit_actor(store *st, const struct svc_actor *who, const char *action,
    const char *object_type, const char *object_id, json_t *before,
    json_t *after)
{
	return audit_from(st, who->now, who->id, who->name ? who->name : "系统",
	    who->role, action, object_type, object_id, before, after, who->addr);
}
