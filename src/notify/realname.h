/*
 * realname.h - identity verification (实名核验) of an applicant account:
 * does this name go with this ID number (or this company name with this
 * 统一社会信用代码)?  One interface, two verifiers, chosen by the settings:
 *
 *   realname_verifier = "local" (the default): a list of identities, the
 *       demo's own (data/demo/identities.csv, embedded) or the CSV file
 *       that realname_local_file names (name,id_number per line);
 *   realname_verifier = "http": POST {"name", "id_number"} as JSON to
 *       realname_url (http or https), with "Authorization: Bearer
 *       <realname_token>" when set; the service answers 200 with
 *       {"match": true|false}.  Anything else counts as unavailable.
 *
 * A verification never runs inside a transaction: it may wait on the
 * network for up to REALNAME_TIMEOUT_S.
 *
 * Thread-safety: reentrant; the HTTP verifier shares libcurl's global
 * set-up with the outbox.
 */
#ifndef GH_REALNAME_H
#define GH_REALNAME_H
#include <stddef.h>

#include "store/store.h"

#define REALNAME_TIMEOUT_S 5
#define REALNAME_SETTING_MAX 512

enum realname_result {
	REALNAME_MATCH,
	REALNAME_MISMATCH,    /* the verifier knows the ID with another name */
	REALNAME_UNKNOWN,     /* the verifier cannot confirm it */
	REALNAME_UNAVAILABLE, /* the verifier could not be asked */
};

struct realname_config {
	char verifier[16];                 /* "local" | "http" */
	char url[REALNAME_SETTING_MAX];
	char token[REALNAME_SETTING_MAX];
	char local_file[REALNAME_SETTING_MAX]; /* "" = the demo's list */
};

/* Reads the settings; an unknown verifier name is GH_EINVAL (logged). */
int realname_config_load(store *st, struct realname_config *cfg);

/* Asks the configured verifier whether name goes with id_number.
 * *by gets the verifier's name for the record ("local", "http"). */
enum realname_result realname_verify(const struct realname_config *cfg,
    const char *name, const char *id_number, const char **by);

/* Chinese text of a result, for messages. */
const char *realname_result_label(enum realname_result r);

#endif
