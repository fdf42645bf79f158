/*
 * audit_keys.h - the audit's keys and signed checkpoints, kept outside the
 * database.
 *
 * The key file (default <db>.keys, mode 0600, created by `govhall init` and
 * `govhall demo`) holds the 32-byte MAC key of the audit chain, the Ed25519
 * signing key of its checkpoints and the key epoch: the first audit id
 * written with the key (1 for a centre created keyed; the next id when an
 * older database gets its keys).  The checkpoint file (default
 * <db>.checkpoints) is append-only, one signed JSON line per checkpoint:
 *   {"count":N,"last_id":ID,"head_mac":"hex","at":UNIX,"signature":"hex"}
 * Pure functions here (MAC, message, line format) have unit tests in
 * tests/unit/test_audit_keys.c.  Not thread-safe except where noted.
 */
#ifndef GH_AUDIT_KEYS_H
#define GH_AUDIT_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUDIT_MAC_HEX 65        /* 32 bytes in hex, NUL */

struct audit_keys {
	unsigned char mac[32];
	unsigned char sign_sk[64];
	unsigned char sign_pk[32];
	int64_t first_keyed_id;
	char key_id[33];        /* hex of a hash of the MAC key: names it */
};

struct audit_checkpoint {
	int64_t count, last_id, at;
	char head_mac[AUDIT_MAC_HEX];
	char signature[129];    /* Ed25519 signature in hex */
};

/* The fields one record is chained by (the same as struct audit_rec). */
struct audit_fields {
	int64_t id, at, actor_id;
	int role;
	const char *actor_name, *action, *object_type, *object_id, *before,
	    *after, *addr;
};

/* Default paths beside the database: "<db>.keys", "<db>.checkpoints".  A
 * database named by a URI (postgresql://...) has no "beside": the caller
 * must then pass --audit-keys / GOVHALL_AUDIT_KEYS; returns GH_EINVAL. */
int audit_default_path(const char *db, const char *suffix, char *out,
    size_t cap);
/* Creates a new key file (O_EXCL, mode 0600); GH_ECONFLICT if it exists. */
int audit_keys_create(const char *path, int64_t first_keyed_id,
    struct audit_keys *out);
/* Loads a key file; GH_ENOTFOUND if absent, GH_EINVAL if malformed or
 * readable by group or others. */
int audit_keys_load(const char *path, struct audit_keys *out);

/* The keyed MAC of one record: BLAKE2b keyed over a domain tag, its id,
 * the previous MAC and every field (NUL-separated), as hex. */
void audit_mac(const struct audit_keys *k, const char *prev,
    const struct audit_fields *f, char out[AUDIT_MAC_HEX]);
/* Signs c (fills c->signature) / checks its signature with pk. */
void audit_checkpoint_sign(const struct audit_keys *k,
    struct audit_checkpoint *c);
bool audit_checkpoint_valid(const unsigned char pk[32],
    const struct audit_checkpoint *c);
/* One JSON line, without newline; parse returns GH_EINVAL on anything
 * that is not such a line. */
void audit_checkpoint_format(const struct audit_checkpoint *c, char *out,
    size_t cap);
int audit_checkpoint_parse(const char *line, struct audit_checkpoint *out);
/* Appends one line to the checkpoint file and fsyncs it. */
int audit_checkpoint_append_file(const char *path,
    const struct audit_checkpoint *c);

/* Process-wide keys for the store (set once before threads start; read
 * only afterwards).  NULL until set. */
void audit_keys_use(const struct audit_keys *k, const char *checkpoint_path);
const struct audit_keys *audit_keys_current(void);
const char *audit_checkpoint_path(void);

#endif
