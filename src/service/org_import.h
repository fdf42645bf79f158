/*
 * org_import.h - creates a centre's organisation from an organisation file
 * (export/org_codec.h): regions, departments, halls, windows and the
 * departments they serve, staff accounts and A/B posts, in file order, in
 * one transaction with one audit record ("org.import").  `govhall
 * import-org` and the demo centre (src/demo/) both come through here.
 *
 * Thread-safety: none of its own; each caller brings its store.
 */
#ifndef GH_SERVICE_ORG_IMPORT_H
#define GH_SERVICE_ORG_IMPORT_H
#include <stddef.h>
#include <stdint.h>

#include "domain/item.h"
#include "export/org_codec.h"
#include "store/store.h"

/* How org_apply makes the accounts. */
struct org_apply_opts {
	int64_t now;
	/* The created_at of staff[i], or NULL for now for everyone. */
	const int64_t *staff_created_at;
	/* The password hashes of the accounts: admin_pw_hash for role admin,
	 * pw_hash for the others; ORG_NO_PASSWORD (matches no password)
	 * leaves an account to get its password from an administrator. */
	const char *pw_hash, *admin_pw_hash;
};
#define ORG_NO_PASSWORD "!"

/* The ids of the records created, parallel to the arrays of the file;
 * freed by org_ids_free. */
struct org_ids {
	int64_t *regions, *depts, *halls, *windows, *staff, *posts;
};
void org_ids_free(struct org_ids *ids);

/* Inserts every record of the checked file f in the caller's write
 * transaction.  A record that clashes with one already in the database
 * (a unique key) appends an error naming it and returns GH_ECONFLICT; the
 * caller rolls back.  ids may be NULL; on success it is filled. */
int org_apply(store *st, const struct org_file *f,
    const struct org_apply_opts *o, struct org_ids *ids,
    struct item_errors *errs);

/* What an import created. */
struct org_counts {
	size_t regions, depts, halls, windows, staff, posts;
	size_t admins;  /* of staff, those of role admin */
};

/* Parses buf (org_parse_json) and applies it in one transaction with its
 * audit record, into a database that has no organisation yet (else
 * GH_ECONFLICT: an organisation is created once, then edited through the
 * administration pages).  Any error imports nothing; the errors are in
 * errs. */
int org_import(store *st, const char *buf, size_t len,
    const struct org_apply_opts *o, int64_t actor_id, const char *actor_name,
    int role, struct item_errors *errs, struct org_counts *counts);

#endif
