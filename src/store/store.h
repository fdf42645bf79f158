/*
 * store.h - the only door to govhall's data.
 *
 * One interface over two engines: SQLite (the embedded default, a file
 * path) and PostgreSQL (a libpq URI or connection string: several stateless
 * servers on one database).  The modules behind it are split by aggregate
 * (store_cases.c, store_items.c, ...) and write every query once, over the
 * driver layer of db.h; nothing above this header knows SQL or which
 * engine runs.
 *
 * Contract:
 * - A store handle is one database connection.  It is used by one thread at
 *   a time; the HTTP server keeps one per worker thread.
 * - Every state change runs inside store_begin()/store_commit() together
 *   with its audit record (store_audit_append), so that either both are
 *   durable or neither is.  On SQLite store_begin takes the write lock at
 *   once (BEGIN IMMEDIATE); on PostgreSQL writers run at READ COMMITTED,
 *   serialised where it matters by row locks, the cases' version check and
 *   advisory locks (the audit chain, notice numbers, the sweep).
 *   store_commit returns only when the change is durable (synchronous=FULL
 *   or group commit on SQLite, synchronous_commit on PostgreSQL).
 * - Reads that feed HTTP answers return jansson values (a new reference
 *   owned by the caller) in the shapes docs/openapi.yaml documents; reads
 *   that feed domain logic fill C structs.
 * - Functions return 0 or a negative enum gh_err; GH_ENOTFOUND for an
 *   unknown id; GH_EUNAVAIL when the database cannot be reached (503);
 *   outputs are written only on success.
 */
#ifndef GH_STORE_H
#define GH_STORE_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/calendar.h"
#include "domain/clock.h"
#include "domain/green.h"
#include "domain/item.h"

typedef struct store store;

/* Opens (creating if absent) the database at path - a SQLite file, or a
 * PostgreSQL URI (postgresql://...) or "key=value" string - and brings its
 * schema up to date; GH_ESCHEMA when the database is newer than this
 * program, GH_EUNAVAIL when PostgreSQL cannot be reached. */
int store_open(const char *path, store **out);
void store_close(store *st);
/* target for logs: a PostgreSQL URI or connection string with its
 * password replaced by "***". */
void store_target_display(const char *target, char *out, size_t cap);
/* Whether target names a PostgreSQL database (else a SQLite file). */
bool store_target_is_pg(const char *target);
/* PostgreSQL: the statement timeout of every connection opened after it
 * (milliseconds, 0: none; default 30000).  Set before the first open. */
void store_set_statement_timeout(int ms);
int store_schema_version(store *st, int *out);
/* The newest schema version this program knows. */
int store_schema_latest(void);

/* Group commit for the process (call before the first store_open): see
 * db_sqlite.c.  Off by default: every COMMIT fsyncs (synchronous=FULL).
 * On: commits do not fsync themselves, but store_commit returns only once
 * an fsync shared by every commit waiting at that moment has covered it,
 * so an acknowledged write is as durable as with FULL. */
void store_set_group_commit(bool on);
/* The WAL bound in bytes (default 64 MiB): past it a committer runs a
 * TRUNCATE checkpoint.  Set before the first store_open. */
void store_set_wal_limit(int64_t bytes);
/* Exit status of a process that stopped because a write or fsync of the
 * WAL failed at commit (the durability of that commit is unknown). */
#define STORE_EXIT_DURABILITY 75

int store_begin(store *st);
int store_commit(store *st);
void store_rollback(store *st);
/* A read transaction: every read until store_rollback sees one snapshot
 * (and SQLite takes its shared lock once instead of once per statement). */
int store_read_begin(store *st);

/* --- settings --------------------------------------------------------- */
int store_setting_get(store *st, const char *key, char *out, size_t cap);
int store_setting_int(store *st, const char *key, int64_t dflt, int64_t *out);
int store_setting_set(store *st, const char *key, const char *value);

/* --- audit ------------------------------------------------------------ */
struct audit_rec {
	int64_t at;             /* Unix seconds */
	int64_t actor_id;       /* 0 for govhall itself */
	const char *actor_name;
	int role;
	const char *action;     /* "case.accept", "item.put", "session.create" */
	const char *object_type;/* "case", "item", "calendar", "user" */
	const char *object_id;
	const char *before;     /* JSON text, "null" if none */
	const char *after;
	const char *addr;       /* client IP address, NULL/"" for none */
};
/* Appends one record, chained to the previous one by a BLAKE2b hash. */
int store_audit_append(store *st, const struct audit_rec *rec);
/* Recomputes the chain; GH_ECONFLICT with *bad_id at the first record that
 * does not match.  *count gets the number of records checked. */
int store_audit_verify(store *st, int64_t *count, int64_t *bad_id);
/* The audit that survives tampering (issue 8): keys and checkpoints live
 * outside the database (store/audit_keys.h).  store_audit_append MACs
 * records from the key epoch on with the process keys (audit_keys_use). */
struct audit_keys;
struct audit_checkpoint;
typedef void (*audit_report_fn)(void *ctx, const char *message);
/* Checks every record (MAC, position, previous MAC) and every checkpoint
 * in cps (signature, count, head MAC); calls report with a Chinese
 * message naming the record for each problem; *problems gets their number,
 * *first_bad the first record found wrong (0: none). */
int store_audit_verify_keyed(store *st, const struct audit_keys *k,
    const struct audit_checkpoint *cps, size_t n_cps,
    audit_report_fn report, void *ctx, int64_t *count, size_t *problems,
    int64_t *first_bad);
/* verify-audit --deep: each case, anomaly and sanction whose stored state
 * the audit does not explain, one report each. */
int store_audit_verify_deep(store *st, audit_report_fn report, void *ctx,
    size_t *problems);
/* GH_EAUTH when the database was keyed with another key, or k is NULL
 * and the database has a key; records the key's id on first use. */
int store_audit_check_keys(store *st, const struct audit_keys *k);
/* Signs the chain's head into audit_checkpoints and the checkpoint file
 * when force, or when settings audit.checkpoint_records (100) records or
 * audit.checkpoint_seconds (300) seconds passed since the last one. */
int store_audit_checkpoint(store *st, int64_t now, bool force);
/* The checkpoints of the table, oldest first (*out to free()). */
int store_audit_checkpoints_load(store *st, struct audit_checkpoint **out,
    size_t *n);
int store_audit_checkpoints_json(store *st, json_t **out);
int store_audit_list_json(store *st, const char *object_type,
    const char *object_id, int page, int per_page, json_t **out);

/* --- organisation ----------------------------------------------------- */
struct region_rec { int64_t parent_id; const char *code, *name; int level; };
int store_region_insert(store *st, const struct region_rec *r, int64_t *id);
struct dept_rec { int64_t region_id; const char *code, *name, *short_name; };
int store_dept_insert(store *st, const struct dept_rec *d, int64_t *id);
int store_dept_by_code(store *st, const char *code, int64_t *id);
int store_dept_region(store *st, int64_t dept_id, int64_t *region_id);
/* The department's short name (简称) into buf. */
int store_dept_name(store *st, int64_t dept_id, char *buf, size_t size);
int store_hall_insert(store *st, int64_t region_id, const char *name,
    const char *address, const char *hours, int64_t *id);
int store_window_insert(store *st, int64_t hall_id, const char *no,
    const char *name, int type, int64_t *id);
int store_window_add_dept(store *st, int64_t window_id, int64_t dept_id);
int store_window_post_insert(store *st, int64_t window_id, const char *name,
    int64_t a_user_id, int64_t b_user_id);
/* Whether the window serves the department (so its clerks may take the
 * department's cases). */
int store_window_serves(store *st, int64_t window_id, int64_t dept_id,
    bool *out);

int store_regions_json(store *st, json_t **out);
int store_departments_json(store *st, json_t **out);
/* Windows with their departments and A/B posts. */
int store_windows_json(store *st, json_t **out);
int store_staff_json(store *st, int page, int per_page, json_t **out);

/* Organisation administration (src/api/org_admin.c).  The writers run in
 * the caller's transaction and check nothing but the schema's constraints:
 * the API validates first. */

/* One staff member as GET /staff lists them (role as its bit), plus email;
 * GH_ENOTFOUND for an unknown id or an applicant. */
int store_staff_get_json(store *st, int64_t id, json_t **out);
/* The window's number (窗口号) into buf; GH_ENOTFOUND for an unknown id. */
int store_window_no(store *st, int64_t window_id, char *buf, size_t size);

/* What an administrator sets on a staff account (0 ids for none). */
struct staff_rec {
	const char *name, *phone, *email;
	int role;                /* one enum role bit, never ROLE_APPLICANT */
	int64_t dept_id, window_id;
	const char *post;        /* "A", "B" or "" */
	bool active;
};
/* GH_ECONFLICT when the username is taken. */
int store_staff_insert(store *st, const char *username, const char *pw_hash,
    const struct staff_rec *s, int64_t now, int64_t *id);
/* Writes every field of s; GH_ENOTFOUND for an unknown id or an applicant. */
int store_staff_update(store *st, int64_t id, const struct staff_rec *s);
/* The A/B posts a user holds, at any window: [{"id", "window_id",
 * "window_no", "name", "side": "A"|"B"}], A posts first. */
int store_user_posts_json(store *st, int64_t user_id, json_t **out);

/* A window's A/B posts: {"window_id", "window_no", "window_name", "posts":
 * [{"id", "name", "a_user_id", "a_name", "b_user_id", "b_name"}],
 * "staff": [{"id", "username", "name", "role", "post"}]} where staff are
 * the active staff whose window it is (the people who may hold its posts,
 * role as its bit); GH_ENOTFOUND for an unknown window. */
int store_window_posts_json(store *st, int64_t window_id, json_t **out);
struct window_post {
	const char *name;
	int64_t a_user_id, b_user_id;   /* b 0 when the post has no backup */
};
/* Replaces the window's posts by posts[0..n) and sets users.post of every
 * user whose window it is to what the posts make them: "A" when they hold
 * an A post, else "B" when they back one up, else "". */
int store_window_posts_replace(store *st, int64_t window_id,
    const struct window_post *posts, size_t n);

/* --- users and sessions ----------------------------------------------- */
struct user_rec {
	int64_t id;
	char username[64];
	char name[64];
	int role;
	char kind[16];       /* applicants: person | company */
	char id_number[40];
	char phone[32];
	int64_t dept_id;     /* 0 when none */
	int64_t window_id;   /* 0 when none */
	char post[4];        /* "A", "B" or "" */
	char pw_hash[160];   /* crypto_pwhash_str output */
	bool active;
	bool real_name;      /* applicants: 实名 (schema 0009) */
	char legal_person[64]; /* company accounts: 法定代表人 */
};
int store_user_insert(store *st, const struct user_rec *u, int64_t now,
    int64_t *id);
int store_user_by_username(store *st, const char *username,
    struct user_rec *out);
int store_user_by_id(store *st, int64_t id, struct user_rec *out);
int store_user_set_hash(store *st, int64_t id, const char *pw_hash);

#define STORE_TOKEN_HASH_LEN 32
int store_session_insert(store *st, const unsigned char *token_hash,
    int64_t user_id, const char *csrf, int64_t now, int64_t expires_at);
/* Finds a live session (expires_at > now, used within idle_s); fills the
 * user, csrf (65 bytes) and *last_seen (when it was last marked used). */
int store_session_lookup(store *st, const unsigned char *token_hash,
    int64_t now, int64_t idle_s, struct user_rec *user, char *csrf,
    size_t csrf_cap, int64_t *last_seen);
/* Marks a session used at now (the idle timeout restarts). */
int store_session_touch(store *st, const unsigned char *token_hash,
    int64_t now);
int store_session_delete(store *st, const unsigned char *token_hash);
/* Ends every session of a user but keep (a token hash, NULL for none);
 * *n counts the sessions ended. */
int store_user_sessions_end(store *st, int64_t user_id,
    const unsigned char *keep, int64_t *n);

/* --- applicant accounts (schema 0009): logins, SMS codes, 经办人 -------- */
/* The account a login names: a username, else an applicant's ID number or
 * credit code, else a person applicant's mobile number. */
int store_user_by_login(store *st, const char *login, struct user_rec *out);
/* Whether an applicant account holds id_number, and whether a person
 * applicant account holds phone (either may be NULL: not asked). */
int store_applicant_taken(store *st, const char *id_number, const char *phone,
    bool *id_taken, bool *phone_taken);
int store_user_set_real_name(store *st, int64_t id, const char *by,
    int64_t now);
int store_user_set_phone(store *st, int64_t id, const char *phone);

#define STORE_SMS_HASH_LEN 32
struct sms_code_rec {
	int64_t id;
	unsigned char hash[STORE_SMS_HASH_LEN];
	int64_t created_at, expires_at;
	int attempts;
	bool used;
};
int store_sms_code_add(store *st, const char *phone, const char *purpose,
    const unsigned char *hash, const char *addr, int64_t now,
    int64_t expires_at);
/* Codes sent to phone since phone_since and from addr since addr_since;
 * *last_at: when the newest code for phone was sent (0: never). */
int store_sms_code_counts(store *st, const char *phone, int64_t phone_since,
    const char *addr, int64_t addr_since, int64_t *n_phone, int64_t *n_addr,
    int64_t *last_at);
/* The newest code of phone for purpose; GH_ENOTFOUND when none. */
int store_sms_code_latest(store *st, const char *phone, const char *purpose,
    struct sms_code_rec *out);
int store_sms_code_failed(store *st, int64_t id);
int store_sms_code_use(store *st, int64_t id, int64_t now);
/* Deletes codes that expired before cutoff (*n: how many). */
int store_sms_codes_purge(store *st, int64_t cutoff, int64_t *n);

/* 经办人: person accounts acting for a company account. */
int store_agent_add(store *st, int64_t company_id, int64_t user_id,
    int64_t granted_by, int64_t now);
/* GH_ENOTFOUND when user_id did not act for company_id. */
int store_agent_remove(store *st, int64_t company_id, int64_t user_id);
int store_agent_acts_for(store *st, int64_t user_id, int64_t company_id,
    bool *yes);
/* [{id, name, id_number, phone, granted_at}] of a company's agents
 * (unmasked: the caller masks). */
int store_agents_json(store *st, int64_t company_id, json_t **out);
/* [{id, name, credit_code, legal_person}] of the companies user_id acts
 * for. */
int store_agent_companies_json(store *st, int64_t user_id, json_t **out);
/* Records the person who filed case_id for a company. */
int store_case_set_agent(store *st, int64_t case_id, int64_t agent_id);
int store_case_agent(store *st, int64_t case_id, int64_t *agent_id);

/* Login throttling (schema 0008; the rule is src/domain/throttle.h), by
 * key.  *until is when the key's delay ends, 0 when it has none. */
int store_throttle_blocked(store *st, const char *key, int64_t now,
    int64_t *until);
/* Counts one failure under key, atomically: a new window opens when the
 * last began window_s ago or more.  *failures: the count after it. */
int store_throttle_count(store *st, const char *key, int64_t now,
    int64_t window_s, int64_t *failures);
/* Delays the key until until (never shortens a delay). */
int store_throttle_block(store *st, const char *key, int64_t until);
int store_throttle_clear(store *st, const char *key);
/* Clears the account's own key and every address's key for it. */
int store_throttle_clear_account(store *st, const char *username);
/* Deletes sessions past their expiry and failure records whose window and
 * lock are both over (older than stale_before); *n counts both. */
int store_sessions_purge(store *st, int64_t now, int64_t stale_before,
    int64_t *n);

/* --- catalogue -------------------------------------------------------- */
/* Inserts or replaces the item with it->code (materials, steps and fees
 * replaced whole); the department must exist (GH_EUNPROCESSABLE if not).
 * *created tells which happened. */
int store_item_put(store *st, const struct item *it, int64_t now,
    bool *created);
/* Loads a whole item; *item_id and *dept_id may be NULL. */
int store_item_get(store *st, const char *code, struct item *out,
    int64_t *item_id, int64_t *dept_id);
int store_item_get_by_id(store *st, int64_t item_id, struct item *out,
    int64_t *dept_id);
int store_item_set_retired(store *st, const char *code, bool retired,
    int64_t now);

struct item_query {
	const char *q;        /* words of name, code or keywords, NULL for any;
	                       * name matches rank first (store_items.c) */
	int64_t dept_id;      /* 0 for any */
	int type;             /* 0 for any */
	int level;            /* 0 for any */
	int instant;          /* -1 any, 0 承诺件, 1 即办件 */
	int in_hall;          /* -1 any */
	bool include_retired;
	int page, per_page;
};
/* {"total": N, "data": [summary...]}: code, name, type, dept, limits,
 * instant, in_hall, online_depth, visits, has_fee. */
int store_items_list_json(store *st, const struct item_query *q,
    json_t **out);
int store_items_all(store *st, struct item **out, size_t *n);
int store_items_count(store *st, int64_t *total, int64_t *in_hall);
/* {"<dept_id>": [items, items moved into the hall]} over current items. */
int store_items_by_dept_json(store *st, json_t **out);

/* The application form values of a case (issue 10), in form order, written
 * in the transaction that creates the case (store_items.c). */
struct case_form_value {
	const char *key, *label, *value, *display;
	int type; /* enum form_type */
};
int store_case_form_put(store *st, int64_t case_id,
    const struct case_form_value *v, size_t n);
/* [{"key", "label", "type" (enum form_type), "value", "display"}...] in
 * form order ([] if none); values unmasked: the caller masks. */
int store_case_form_json(store *st, int64_t case_id, json_t **out);
/* Whether a region with code exists (form fields of type area). */
int store_region_code_exists(store *st, const char *code, bool *exists);

/* --- calendar --------------------------------------------------------- */
/* The effective entries for a region: its ancestors' entries overridden by
 * its own.  *out is an array owned by the caller, freed with
 * store_calendar_entries_free. */
int store_calendar_entries(store *st, int64_t region_id,
    struct cal_entry **out, size_t *n);
void store_calendar_entries_free(struct cal_entry *e, size_t n);
int store_calendar_put(store *st, int64_t region_id, int32_t day, int kind,
    const char *name);
int store_calendar_delete(store *st, int64_t region_id, int32_t day);
/* A counter bumped by every calendar change, so that every server notices
 * a change made by another and reloads. */
int store_calendar_version(store *st, int64_t *out);
int store_calendar_bump(store *st);
int store_root_region(store *st, int64_t *out);
int store_region_exists(store *st, int64_t region_id);

/* --- cases ------------------------------------------------------------ */
struct case_rec {
	int64_t id;
	char query_code[16];
	int64_t item_id;
	char item_code[32];
	char item_name[256];
	int64_t dept_id;
	char dept_name[128];
	int64_t region_id;
	int64_t applicant_id;     /* 0 when entered at a window for a walk-in */
	char applicant_name[96];
	char applicant_kind[16];  /* person | company */
	char applicant_id_type[16]; /* id_card | credit_code | passport */
	char applicant_id_no[40];
	char applicant_phone[32];
	char channel[8];          /* window | online */
	int64_t window_id, clerk_id, handler_id;
	int state, prev_state, outcome, decision, step_index;
	bool instant;
	int limit_days, legal_limit_days, warn_days;
	int64_t submitted_at;
	int32_t submitted_day, received_day;
	int32_t accepted_day, deadline_day, finished_day; /* DAY_NONE if unset */
	char reason[512];
	char result_name[128];
	int64_t version;
	int64_t updated_at;
	int used_days;            /* working days used, at finish; -1 before */
	int on_time;              /* 1 or 0 at finish; -1 before */
	/* 绿色通道 (schema 0017): enum case_priority and why, decided at
	 * submission (domain/green.h) and never changed */
	int priority;
	char priority_reason[GREEN_REASON_MAX];
	/* 并联审批 (schema 0018): JOINT_NONE, JOINT_CASE (the joint case of a
	 * matter, under its lead item) or JOINT_SUB (one item's sub-case,
	 * parent_id its joint case); matter_id for both. */
	int joint_kind;
	int64_t parent_id, matter_id;
};
enum { JOINT_NONE = 0, JOINT_CASE = 1, JOINT_SUB = 2 };
/* Case writers take turns (PostgreSQL: an advisory lock to the end of
 * the transaction; nothing on SQLite, whose writer is single): taken by
 * store_case_insert and store_case_update themselves, and by a write
 * transaction that will change a case, before it locks any other row
 * that case writers lock (steps, timers), so that the order is the same
 * in every transaction and they cannot deadlock. */
int store_case_turn(store *st);
/* Sets c->id; GH_ECONFLICT (changing nothing) when c->query_code is
 * taken. */
int store_case_insert(store *st, struct case_rec *c);
int store_case_get(store *st, int64_t id, struct case_rec *out);
int store_case_by_query_code(store *st, const char *code,
    struct case_rec *out);
/* Writes every mutable field; GH_ECONFLICT when c->version is not the
 * stored version (someone else changed it); bumps c->version. */
int store_case_update(store *st, struct case_rec *c);

int store_case_material_add(store *st, int64_t case_id, const char *name,
    int32_t day);
int store_case_notice_add(store *st, int64_t case_id, int32_t day,
    int64_t actor_id, const char *const *materials, size_t n,
    const char *note);
/* The materials named by the first notice; *names is one allocation (free
 * it with free()); *n == 0 when there was no notice yet. */
int store_case_first_notice(store *st, int64_t case_id, char ***names,
    size_t *n);
int store_case_notice_count(store *st, int64_t case_id, int *out);

/* approver_id: who approved the suspension (for 补正 waits the clerk who
 * asked); expected_days: its expected working days, 0 for none (NULL). */
int store_case_suspension_open(store *st, int64_t case_id, int procedure,
    const char *reason, int32_t start_day, int64_t approver_id,
    int expected_days);
int store_case_suspension_close(store *st, int64_t case_id, int32_t end_day);
/* How many suspensions the case had, those of except_procedure aside
 * (the anomaly rule on repeated suspensions leaves 补正 to its own rule). */
int store_case_suspension_count(store *st, int64_t case_id,
    int except_procedure, int *n);
/* All suspensions in start order; *out freed with free(). */
int store_case_suspensions(store *st, int64_t case_id,
    struct clock_suspension **out, size_t *n);

/* Extensions of the time limit (延长审批期限, 许可法 art. 42; schema 0015). */
struct case_extension {
	int64_t id;              /* 0: none pending */
	int days;
	char reason[512];
	int64_t requested_by;
	int32_t requested_day;
};
int store_case_extension_add(store *st, int64_t case_id, int days,
    const char *reason, int64_t actor_id, int32_t day, int64_t now);
/* The pending request (pending->id == 0 when none) and the working days
 * approved so far with the day of the last approval (DAY_NONE if none). */
int store_case_extension_state(store *st, int64_t case_id,
    struct case_extension *pending, int *approved_days,
    int32_t *approved_day);
/* Approves or refuses pending request id; GH_ECONFLICT when it is not
 * pending any more. */
int store_case_extension_decide(store *st, int64_t id, bool approve,
    int64_t actor_id, int32_t day, int64_t now, const char *note);

/* 全程代办 (issue 11 section 4; schema 0019, store_agents.c): the agent
 * (代办员) carrying a case on the applicant's authorisation. */
#define CASE_AGENT_AUTH_MAX 500   /* characters of the authorisation */
struct case_agent_rec {
	int64_t id, case_id, agent_id;
	char agent_name[64];
	char authorisation[2048];
	int64_t assigned_by;
	int32_t assigned_day;
};
/* The case's active assignment; GH_ENOTFOUND when it has none. */
int store_case_agent_current(store *st, int64_t case_id,
    struct case_agent_rec *out);
int store_case_agent_add(store *st, int64_t case_id, int64_t agent_id,
    const char *authorisation, int64_t assigned_by, int32_t day, int64_t now);
/* Ends assignment id; GH_ECONFLICT when it had already ended. */
int store_case_agent_end(store *st, int64_t id, int64_t ended_by,
    int64_t now);
/* Every assignment of the case, oldest first: [{agent_id, agent_name,
 * authorisation, assigned_by, assigned_by_name, assigned_day, assigned_at,
 * ended_by, ended_by_name, ended_at}]. */
int store_case_agents_json(store *st, int64_t case_id, json_t **out);
/* The active agents, least loaded first: [{id, name, open_cases}]. */
int store_agent_staff_json(store *st, json_t **out);
/* Per agent (all, by id): [{agent_id, agent_name, active, assigned, open,
 * completed, completed_on_time}]; dept_id 0 for every department. */
int store_agent_stats_json(store *st, int32_t from, int32_t to,
    int64_t dept_id, json_t **out);
/* The day of the case's first event named action; GH_ENOTFOUND if none. */
int store_case_event_first_day(store *st, int64_t case_id,
    const char *action, int32_t *day);

/* 容缺受理 (issue 11; schema 0016): each material the applicant promised
 * to bring after acceptance.  status: DEFERRAL_OPEN, _SUPPLIED, _MISSED. */
enum { DEFERRAL_OPEN = 0, DEFERRAL_SUPPLIED = 1, DEFERRAL_MISSED = 2 };
struct case_deferral {
	int64_t id, case_id;
	char material[256];
	int form;                /* enum material_form, as committed */
	int32_t supplement_by;   /* the last day to bring it */
	int32_t committed_day;
	int status;
	int32_t supplied_day, reminded_day; /* DAY_NONE until then */
};
int store_case_deferral_add(store *st, int64_t case_id, const char *material,
    int form, int32_t supplement_by, int32_t day, int64_t actor_id);
/* A case's deferrals in commitment order; free(*out). */
int store_case_deferrals(store *st, int64_t case_id,
    struct case_deferral **out, size_t *n);
/* Marks material's open deferral of case_id supplied on day; *found tells
 * whether there was one. */
int store_case_deferral_supply(store *st, int64_t case_id,
    const char *material, int32_t day, bool *found);
/* Marks every open deferral of case_id missed. */
int store_case_deferrals_miss(store *st, int64_t case_id);
int store_case_deferral_reminded(store *st, int64_t id, int32_t day);
/* Open deferrals of unfinished cases not yet reminded (at most limit),
 * and the ids of unfinished cases with an open deferral whose day is
 * before today; free() both. */
int store_deferrals_unreminded(store *st, int limit,
    struct case_deferral **out, size_t *n);
int store_deferral_overdue_cases(store *st, int32_t today, int limit,
    int64_t **ids, size_t *n);

/* The centre's record of broken commitments (CREDIT_BROKEN_DEFERRAL, 容缺
 * 承诺未履行) and false promises (CREDIT_FALSE_PLEDGE, 虚假承诺), by ID
 * number or credit code; once per (case, kind). */
enum { CREDIT_BROKEN_DEFERRAL = 1, CREDIT_FALSE_PLEDGE = 2 };
int store_credit_record_add(store *st, const char *id_number,
    const char *name, int kind, int64_t case_id, int32_t day, int64_t now,
    const char *note);
int store_credit_record_count(store *st, const char *id_number, int *n);
/* Newest first: [{id, id_number, name, kind, case_id, query_code,
 * item_name, record_day, note}], id_number unmasked (the caller masks). */
int store_credit_records_json(store *st, int limit, int offset,
    json_t **out, int64_t *total);

/* 告知承诺制 (issue 11 section 3; schema 0019): the proofs a signed
 * promise stands for, and the follow-up check (事后核查) of the case. */
struct case_pledge {
	char material[256];
	int form;                /* enum material_form, as promised */
	int32_t pledged_day;
};
int store_case_pledge_add(store *st, int64_t case_id, const char *material,
    int form, int32_t day, int64_t actor_id);
/* A case's pledged proofs in the order promised; free(*out). */
int store_case_pledges(store *st, int64_t case_id, struct case_pledge **out,
    size_t *n);
int store_case_pledge_count(store *st, int64_t case_id, int *n);

/* status: enum pledge_verify_status (domain/pledge.h). */
struct case_verification {
	int64_t id, case_id, decided_by, checked_by; /* 0: none */
	int32_t decided_day, due_day;
	int32_t checked_day, flagged_day;  /* DAY_NONE until then */
	int status;
	char note[1024];
};
/* Schedules the check of case_id (one per case: GH_ECONFLICT when it
 * has one). */
int store_case_verification_add(store *st, int64_t case_id,
    int32_t decided_day, int64_t decided_by, int32_t due_day);
/* GH_ENOTFOUND when the case has none. */
int store_case_verification_get(store *st, int64_t case_id,
    struct case_verification *out);
/* Ends the pending check of case_id with status (true, false or
 * cancelled); *found tells whether one was pending.  checked_by 0 (and
 * day DAY_NONE) for a cancellation. */
int store_case_verification_close(store *st, int64_t case_id, int status,
    const char *note, int64_t checked_by, int32_t day, bool *found);
/* Pending checks past their due day (due_day < today) not yet flagged,
 * oldest due first, at most limit; free(*out). */
int store_verifications_overdue(store *st, int32_t today, int limit,
    struct case_verification **out, size_t *n);
int store_case_verification_flagged(store *st, int64_t id, int32_t day);
/* The pending checks for the staff's list: filter VERIFY_LIST_PENDING
 * (all), _DUE (due_day <= today) or _OVERDUE (due_day < today), of
 * dept_id (0: every department), due first: {"total", "data": [{case_id,
 * query_code, item_name, applicant_name, dept_id, dept_name, state,
 * outcome, decided_day, due_day, status, flagged_day, decided_by_name}]}
 * (state, outcome and status as stored numbers). */
enum { VERIFY_LIST_PENDING = 0, VERIFY_LIST_DUE, VERIFY_LIST_OVERDUE };
int store_verifications_json(store *st, int filter, int64_t dept_id,
    int32_t today, int limit, int offset, json_t **out);
/* Marks the licence issued for case_id revoked on day (once); number
 * (cap bytes) gets its number, "" when the case had none or it was
 * revoked already. */
int store_licence_revoke(store *st, int64_t case_id, int32_t day,
    const char *note, char *number, size_t cap);
/* ---- joint matters (并联审批, issue 11; schema 0018) ------------------- */
struct matter;
/* Inserts or replaces matter m (its items and prerequisites); the lead
 * department and the items must exist (GH_EUNPROCESSABLE otherwise). */
int store_matter_put(store *st, const struct matter *m, int64_t now,
    bool *created);
/* *out owned by the caller (matter_clear); GH_ENOTFOUND when unknown. */
int store_matter_get(store *st, const char *code, struct matter *out,
    int64_t *id, int64_t *lead_dept_id);
int store_matter_get_by_id(store *st, int64_t matter_id, struct matter *out,
    int64_t *lead_dept_id);
/* [{code, name, description, lead_dept_code, lead_dept_name,
 * promised_limit_days, legal_limit_days, deemed_consent, retired,
 * n_items, items_limit_days}] by code; retired ones only when asked. */
int store_matters_json(store *st, bool retired, json_t **out);
int store_case_set_joint(store *st, int64_t case_id, int kind,
    int64_t parent_id, int64_t matter_id);
/* The sub-cases of a joint case in matter order; free(*ids). */
int store_joint_subcases(store *st, int64_t joint_id, int64_t **ids,
    size_t *n);
/* Whether a sub-case of the joint case belongs to dept_id or to a
 * department window_id serves. */
int store_joint_has_dept(store *st, int64_t joint_id, int64_t dept_id,
    int64_t window_id, bool *yes);
/* A co-department's request for materials, for the lead's combined
 * notice; materials_json is a JSON array of names. */
int store_joint_need_add(store *st, int64_t joint_id, int64_t sub_case_id,
    const char *materials_json, const char *note, int64_t actor_id,
    int32_t day);
int store_joint_needs_json(store *st, int64_t joint_id, bool open_only,
    json_t **out);
int store_joint_needs_sent(store *st, int64_t joint_id, int32_t day);
/* Sub-cases under review past their deadline (at most limit); free(). */
int store_joint_late_subs(store *st, int32_t today, int limit, int64_t **ids,
    size_t *n);
/* Per matter: joint cases finished in [from, to] with a clock, the
 * working days they used and the sum of the items' own limits. */
int store_joint_stats_json(store *st, int32_t from, int32_t to,
    json_t **out);

int store_case_steps_init(store *st, int64_t case_id,
    const struct item_step *steps, size_t n);
int store_case_step_start(store *st, int64_t case_id, int idx,
    int64_t handler_id, int32_t start_day, int32_t due_day);
int store_case_step_finish(store *st, int64_t case_id, int idx,
    int64_t handler_id, int32_t end_day, const char *opinion,
    const char *result);
/* The due day of step idx while it is open (started, not finished, with
 * a due day); GH_ENOTFOUND otherwise.  set_due moves it (a suspension's
 * days push the open step's due day as they push the case's deadline). */
int store_case_open_step_due(store *st, int64_t case_id, int idx,
    int32_t *due_day);
int store_case_step_set_due(store *st, int64_t case_id, int idx,
    int32_t due_day);
/* The role and limit of a case's step (for scoping and step deadlines). */
int store_case_step_info(store *st, int64_t case_id, int idx, int *role,
    int *limit_days);

struct case_event {
	int64_t case_id;
	int64_t at;
	int32_t day;
	int64_t actor_id;
	const char *actor_name;
	int role;
	const char *action;   /* case_action_name, or "deadline_moved", "apply" */
	int from_state, to_state; /* -1 when not a transition */
	const char *note;
};
int store_case_event_add(store *st, const struct case_event *ev);

/* The parts of a case page: materials, notices, suspensions, steps and the
 * timeline, as {"materials": [...], "notices": [...], ...}; with
 * timeline_only, {"timeline": [...]} alone. */
int store_case_parts_json(store *st, int64_t case_id, bool timeline_only,
    json_t **out);

struct case_query {
	int state;            /* -1 any */
	bool open_only;       /* not in a terminal state */
	int64_t dept_id;      /* 0 any */
	int64_t window_id;    /* 0 any */
	int64_t applicant_id; /* 0 any */
	int64_t handler_id;   /* 0 any */
	int64_t serves_window_id; /* 0 any: cases of the depts this window serves */
	int64_t agent_id;     /* 0 any: cases this agent (代办员) carries now */
	int page, per_page;
};
/* Fills *total and an array of case records (freed with free()). */
int store_cases_list(store *st, const struct case_query *q, int64_t *total,
    struct case_rec **out, size_t *n);
/* Ids of accepted, unfinished cases (for deadline recomputation). */
int store_cases_open_ids(store *st, int64_t **ids, size_t *n);
int store_cases_count(store *st, int64_t *out);
/* The active user of dept with role who holds the fewest open cases
 * (ties: lowest id); GH_ENOTFOUND when the department has none. */
int store_pick_handler(store *st, int64_t dept_id, int role,
    int64_t *user_id);
/* 0 when user_id is an active user of dept holding role or the chief's;
 * GH_ENOTFOUND otherwise. */
int store_handler_eligible(store *st, int64_t dept_id, int role,
    int64_t user_id);
/* Those users, least-loaded first as store_pick_handler orders them:
 * [{id, name, role, open_cases}] (role as its bit value). */
int store_handler_candidates_json(store *st, int64_t dept_id, int role,
    json_t **out);

/* --- material files, checks, library, licences (schema 0010) ---------- */
#define STORE_SHA256_HEX 65
/* Stores data once under its SHA-256 (a second put of the same bytes
 * does nothing). */
int store_blob_put(store *st, const char *sha256, const char *type,
    const void *data, size_t size, int64_t now);
/* A copy of the bytes (*data to free()). */
int store_blob_get(store *st, const char *sha256, void **data, size_t *size);

struct case_file_rec {
	int64_t id, case_id;
	char material[256];
	char sha256[STORE_SHA256_HEX];
	char name[256];
	char type[32];
	int64_t size;
	char source[16];        /* hall | window | supplement | library */
	int64_t uploaded_by, uploaded_at, library_id;
};
int store_case_file_add(store *st, struct case_file_rec *f);
int store_case_file_get(store *st, int64_t id, struct case_file_rec *out);
int store_case_file_remove(store *st, int64_t id, int64_t now);
/* Bytes of the case's files, and files of one of its materials. */
int store_case_files_usage(store *st, int64_t case_id, const char *material,
    int64_t *case_bytes, int64_t *material_files);
int store_case_files_json(store *st, int64_t case_id, json_t **out);

enum material_check { MATERIAL_UNCHECKED = 0, MATERIAL_OK = 1,
	MATERIAL_FAULTY = 2 };
/* GH_ENOTFOUND when the case has not received the material. */
int store_case_material_check(store *st, int64_t case_id, const char *name,
    int result, const char *reason, int64_t by, int64_t at,
    int32_t valid_until);
/* A material received again: its check starts over. */
int store_case_material_reset(store *st, int64_t case_id, const char *name);
int store_case_material_reused(store *st, int64_t case_id, const char *name,
    int64_t from_case_id, int64_t licence_id, int32_t valid_until);
struct material_state {
	char name[256];
	int check_result;       /* enum material_check */
	char reason[512];
	int32_t valid_until;    /* DAY_NONE: none */
	int64_t reused_from, licence_id;
	int n_files;
};
/* The materials the case received (*out to free()). */
int store_case_material_states(store *st, int64_t case_id,
    struct material_state **out, size_t *n);

struct library_rec {
	int64_t id, owner_id, from_case_id;
	char name[256];
	int32_t valid_until;    /* DAY_NONE: no end */
};
/* GH_ECONFLICT when the case's material is already in the library. */
int store_library_add(store *st, int64_t owner_id, const char *name,
    int64_t from_case_id, int32_t valid_until, int64_t now, int64_t *id);
int store_library_files_from_case(store *st, int64_t library_id,
    int64_t case_id, const char *material);
int store_library_get(store *st, int64_t id, struct library_rec *out);
int store_library_files_to_case(store *st, int64_t library_id,
    int64_t case_id, const char *material, int64_t by, int64_t now);
int store_library_json(store *st, int64_t owner_id, json_t **out);

struct licence_rec {
	int64_t id, case_id, holder_id, dept_id, issued_at;
	char holder_name[96], holder_id_no[40];
	char name[128], number[64];
	int32_t valid_from, valid_to;   /* valid_to DAY_NONE: no end */
	int32_t revoked_day;            /* DAY_NONE unless revoked (0019) */
};
/* Records l, numbering it prefix + a six-digit sequence of the licences
 * whose numbers start with prefix (l->number), unique across servers. */
int store_licence_add(store *st, struct licence_rec *l, const char *prefix);
int store_licence_get(store *st, int64_t id, struct licence_rec *out);
int store_licences_json(store *st, int64_t holder_id, json_t **out);

/* --- the 办事指南's attachments and questions (schema 0011) ------------ */
/* Attaches (or replaces) the blank form or filled sample (kind "blank" |
 * "sample") of an item's material; the bytes are a blob already put. */
int store_item_file_put(store *st, int64_t item_id, const char *material,
    const char *kind, const char *sha256, const char *name, const char *type,
    int64_t size, int64_t by, int64_t now, int64_t *id);
/* sha256 gets STORE_SHA256_HEX bytes. */
int store_item_file_get(store *st, int64_t item_id, int64_t id,
    char *sha256, char *name, size_t name_cap, char *type, size_t type_cap);
int store_item_file_delete(store *st, int64_t item_id, int64_t id);
int store_item_faq_replace(store *st, int64_t item_id,
    const char *const *questions, const char *const *answers, size_t n);
/* {files, faq, windows: the windows serving dept with their hall's
 * address and opening hours}. */
int store_item_guide_json(store *st, int64_t item_id, int64_t dept_id,
    json_t **out);

/* --- supervision (schema 0002) ----------------------------------------- */
enum watch_dim { WATCH_ALL = 0, WATCH_DEPT, WATCH_WINDOW, WATCH_HANDLER,
	WATCH_REGION, WATCH_DIM_COUNT_ };

/* One row of the open-case counters: n open accepted cases of this
 * dimension key, region, deadline day, warning threshold and paused flag.
 * Triggers on cases keep these in every writing transaction. */
struct watch_row {
	int dim;
	int64_t key;
	int64_t region_id;
	int32_t deadline_day;
	int warn_days;
	bool paused;
	int64_t n;
};
/* The non-empty rows of the dimensions in dims_mask (bit 1 << dim);
 * *out freed with free(). */
int store_watch_rows(store *st, unsigned dims_mask, struct watch_row **out,
    size_t *n);
/* {"<id>": "name", ...} for a dimension's keys (departments' short names,
 * window numbers and names, staff names, region names). */
int store_watch_names(store *st, int dim, json_t **out);

/* Open, accepted, not paused cases by light, most urgent first:
 * red: deadline_day < red_before; yellow: red_before <= deadline_day <=
 * cutoff[warn_days] where cutoffs_json is a JSON array indexed by
 * warn_days.  dept_id 0 for all. */
int store_watch_cases(store *st, int light, int32_t red_before,
    const char *cutoffs_json, int64_t dept_id, int page, int per_page,
    int64_t *total, struct case_rec **out, size_t *n);

/* store_stats_json only: group by the level of the case's region
 * (1 市, 2 县, 3 乡镇, 4 村). */
enum { STATS_LEVEL = WATCH_DIM_COUNT_ };
/* Statistics over [from, to] grouped by a watch dimension (WATCH_ALL for
 * one total row; WATCH_HANDLER groups by the accepting clerk, 首问负责人;
 * STATS_LEVEL by region level):
 * rows of {key, received, accepted, rejected, completed, on_time, late,
 * accepted_completed, withdrawn, online, used_days, promised_days,
 * legal_days, overdue_open}.  accepted_completed counts the cases accepted
 * in the period that were completed by its end (the completion rate's
 * cohort).
 * overdue_open counts open, unpaused cases whose deadline is before
 * red_before.  dept_id > 0 counts that department's cases only (0: all). */
int store_stats_json(store *st, int32_t from, int32_t to, int dim,
    int32_t red_before, int64_t dept_id, json_t **out);

/* The public daily progress of one day: per department the cases received
 * and completed that day and how many of those finished on time; and the
 * day's cases (newest first, at most limit; *cases_total counts them all)
 * with item, department, applicant name (unmasked: the caller masks) and
 * kind ("person" or "company"),
 * state, outcome and whether the case counts as received and as completed
 * that day. */
int store_daily_json(store *st, int32_t day, int limit, json_t **depts,
    json_t **cases, int64_t *cases_total);

/* Anomaly rule settings: fills enabled/threshold of the rules the
 * supervisors changed (by rule id "A01"); others keep their defaults. */
struct anomaly_config;
int store_anomaly_config(store *st, struct anomaly_config *cfg);
int store_anomaly_rule_set(store *st, const char *rule_id, bool enabled,
    int threshold, int64_t user_id, int64_t now);
/* Records an anomaly once per (rule, case, event); *created tells whether
 * it is new. */
struct anomaly_rec {
	const char *rule_id;
	int64_t case_id, event_id, dept_id, user_id;
	int32_t day;
	int64_t at;
	const char *explanation, *evidence;
};
int store_anomaly_add(store *st, const struct anomaly_rec *a, bool *created);
int store_case_last_event_id(store *st, int64_t case_id, int64_t *out);

/* Timers kept in the database (correction_timeout, ...). */
int store_timer_set(store *st, const char *kind, int64_t case_id,
    int32_t due_day);
int store_timer_done(store *st, const char *kind, int64_t case_id,
    int64_t now);
/* Case ids of due, undone timers of kind (at most limit); free(*ids). */
int store_timers_due(store *st, const char *kind, int32_t today, int limit,
    int64_t **ids, size_t *n);

/* Escalation records: a card once per (case, kind); a notification once
 * per (user, case, kind); *created tells whether it is new. */
int store_card_add(store *st, int64_t case_id, int kind, int64_t dept_id,
    int64_t user_id, int32_t day, int64_t at, const char *reason,
    bool *created);
int store_cards_json(store *st, int64_t dept_id, int32_t from, int32_t to,
    json_t **out);
int store_notification_add(store *st, int64_t user_id, int64_t case_id,
    const char *kind, const char *text, int64_t at, bool *created);
int store_notifications_json(store *st, int64_t user_id, bool unread_only,
    json_t **out);
int store_notification_read(store *st, int64_t user_id, int64_t id,
    int64_t at);

/* Claims the supervision sweep for the caller's write transaction: *got
 * false when another server sweeps right now (PostgreSQL; SQLite's single
 * writer never contends) or, with min_gap_s > 0, when a sweep began less
 * than min_gap_s seconds ago; else records now as the last sweep. */
int store_sweep_claim(store *st, int64_t now, int64_t min_gap_s, bool *got);

/* Open, accepted cases (paused ones too) with a deadline on or before
 * last_day, for the sweep; free(*ids). */
int store_cases_due_ids(store *st, int32_t last_day, int64_t **ids,
    size_t *n);

/* --- supervision records (schema 0003): 督办单, 问责, anomaly review ---- */

/* 督办单: a demand that a department act and reply by a date. */
enum notice_state { NOTICE_AWAITING = 0, NOTICE_REPLIED, NOTICE_CLOSED };

struct notice_rec {
	int64_t case_id;          /* 0: a notice to a department */
	int64_t dept_id;
	const char *rule_id;      /* "A01" for the sweep's; "" for a person's */
	const char *content;
	int64_t issued_by;        /* 0: govhall itself (系统) */
	int64_t issued_at;
	int32_t issued_day, reply_due_day;
};
/* Issues a notice numbered "督〔<year of issued_day>〕N号", N one more than
 * the highest number of that year (notices are numbered per year, and the
 * write lock of the caller's transaction keeps the numbers unique).  With
 * once_per_case it inserts only when the case has no notice yet, and sets
 * *id to 0 when it had one. */
int store_notice_add(store *st, const struct notice_rec *n,
    bool once_per_case, int64_t *id);
struct notice_info {
	int64_t id, case_id, dept_id;  /* case_id 0 when none */
	int state;                     /* enum notice_state */
	int32_t reply_due_day;
};
int store_notice_info(store *st, int64_t id, struct notice_info *out);
/* The API object of one notice: number, case, department, content, who
 * issued it ("系统" for govhall), reply, closing, state and the computed
 * overdue flag (awaiting reply and reply_due_day before today). */
int store_notice_json(store *st, int64_t id, int32_t today, json_t **out);
/* {"total", "data"} of notices, newest first: state -1 for any,
 * overdue_only for the awaiting ones past their reply day, dept_id 0 for
 * all departments. */
int store_notices_json(store *st, int state, bool overdue_only,
    int64_t dept_id, int32_t today, int page, int per_page, json_t **out);
/* Record the department's reply; GH_ECONFLICT unless awaiting reply. */
int store_notice_reply(store *st, int64_t id, const char *reply,
    int64_t user_id, int64_t at, int32_t day);
/* Close a replied notice; GH_ECONFLICT unless replied. */
int store_notice_close(store *st, int64_t id, const char *note,
    int64_t user_id, int64_t at, int32_t day);

/* 效能问责: kind 1 效能告诫, 2 通报批评, 3 诫勉, 4 责任追究 (the names live in
 * src/api/supervision_records.c).  user_id and dept_id name the targets
 * (0 for none, at least one set); case_id and notice_id 0 for none. */
struct sanction_rec {
	int kind;
	int64_t user_id, dept_id, case_id, notice_id;
	const char *reason, *evidence;
	int64_t issued_by, issued_at;
	int32_t issued_day;
};
int store_sanction_add(store *st, const struct sanction_rec *s, int64_t *id);
int store_sanction_json(store *st, int64_t id, json_t **out);
/* {"total", "data"}, newest first; dept_id matches a sanction against the
 * department or against one of its staff; 0 for any. */
int store_sanctions_json(store *st, int64_t dept_id, int64_t user_id,
    int page, int per_page, json_t **out);

/* Anomalies with their review (who confirmed or dismissed them, why):
 * filtered by status (-1 any), rule id (NULL any) and department (0 any). */
int store_anomalies_page_json(store *st, int status, const char *rule_id,
    int64_t dept_id, int page, int per_page, json_t **out);
int store_anomaly_json(store *st, int64_t id, json_t **out);
/* Confirm (1) or dismiss (2) an open anomaly; GH_ENOTFOUND for an unknown
 * id, GH_ECONFLICT when it was already reviewed. */
int store_anomaly_review(store *st, int64_t id, int status, const char *note,
    int64_t user_id, int64_t at);

/* --- outbox (schema 0002): messages to deliver by e-mail or SMS --------- */

/* The channels of an active user: email and phone as stored ("" when
 * unset); GH_ENOTFOUND for an unknown or inactive user. */
int store_user_contact(store *st, int64_t user_id, char *email,
    size_t email_cap, char *phone, size_t phone_cap);
/* Queues one message (channel "email" or "sms"), due at once. */
int store_outbox_add(store *st, const char *channel, const char *recipient,
    const char *subject, const char *body, int64_t at, int64_t *id);

/* A claimed message; the strings are owned by the array (see
 * store_outbox_free). */
struct outbox_msg {
	int64_t id, created_at;
	char channel[8];
	char *recipient, *subject, *body;
	int attempts;           /* failed attempts before this one */
};
/*
 * Claims up to limit due messages (pending, next_attempt_at <= now, no
 * live claim) of the channels allowed, oldest due first: sets claimed_by =
 * worker and claimed_until = until, then returns them.  Run it in its own
 * write transaction, so that two workers never claim one message; worker
 * must be unique to the batch.  free with store_outbox_free(*out, *n).
 */
int store_outbox_claim(store *st, const char *worker, bool email, bool sms,
    int64_t now, int64_t until, int limit, struct outbox_msg **out,
    size_t *n);
/* Claims message id alone, if it is due and unclaimed (*n = 0 if not). */
int store_outbox_claim_id(store *st, const char *worker, int64_t id,
    int64_t now, int64_t until, struct outbox_msg **out, size_t *n);
void store_outbox_free(struct outbox_msg *m, size_t n);
/* The results of a claimed message; each changes nothing (and reports
 * GH_ENOTFOUND) when the message is no longer claimed by worker. */
int store_outbox_sent(store *st, int64_t id, const char *worker,
    int64_t at);
/* One more failed attempt: retried at next_at, or failed for good (state
 * 2) when give_up. */
int store_outbox_failed(store *st, int64_t id, const char *worker,
    const char *error, int64_t next_at, bool give_up);
/* Gives the claim back untouched (not attempted). */
int store_outbox_release(store *st, int64_t id, const char *worker);
/* Due pending messages of the channels named (for those not configured),
 * counted up to limit. */
int store_outbox_count_due(store *st, bool email, bool sms, int64_t now,
    int limit, int64_t *n);
/* Gives up (state 2, last_error = error) at most limit pending, unclaimed
 * messages of the channels named that were queued before cutoff and are
 * due before it; *n gets how many. */
int store_outbox_expire(store *st, bool email, bool sms, int64_t cutoff,
    int64_t now, const char *error, int limit, int64_t *n);

/* Separation of duties (schema 0007): a change to a supervisor's account
 * waiting for a second supervisor.  kind is "password" (change holds
 * {"pw_hash"}) or "change" (change holds the staff_rec fields as JSON).
 * The change never leaves the store in JSON answers. */
struct staff_request {
	int64_t id, target_id, requester_id, created_at, expires_at;
	const char *kind, *change, *summary;
	char kind_buf[16], state_buf[16];   /* filled by store_staff_request_get */
};
int store_staff_request_add(store *st, const struct staff_request *r,
    int64_t *id);
/* The latest 200 requests, newest first; state "expired" for a pending one
 * past expires_at. */
int store_staff_requests_json(store *st, int64_t now, json_t **out);
/* One request: *r (r->change is allocated, the caller frees it) and its
 * API form in *out; GH_ENOTFOUND for an unknown id. */
int store_staff_request_get(store *st, int64_t id, int64_t now,
    struct staff_request *r, json_t **out);
/* Marks a pending, unexpired request approved or rejected; GH_ECONFLICT
 * when it is no longer pending or has expired. */
int store_staff_request_decide(store *st, int64_t id, bool approved,
    int64_t decided_by, int64_t now);

/* --- copy (govhall copy) ----------------------------------------------- */
/* Told each table copied, then (table NULL) that the copy is committed
 * and the check begins. */
typedef void (*store_copy_fn)(void *ctx, const char *table, int64_t rows);
/* Copies every table of from (a SQLite file) into to, in one transaction
 * on to; progress is told per table.  GH_ECONFLICT, changing nothing, when
 * to holds a centre already (users, items, cases or audit records);
 * GH_EINVAL when from is not SQLite.  Then compares the copy with its
 * source: row counts of every table, the open-case counters, and every
 * (total/sample)th case field by field; one report per difference,
 * *problems their number. */
int store_copy(store *from, store *to, store_copy_fn progress, void *ctx,
    int sample, audit_report_fn report, size_t *problems);

/* --- notices and receipts issued as PDF (schema 0012) ------------------- */

/* One kind of document of a case (kind: pdf_doc_kind_name's names): its
 * number is fixed at the first print; prints counts every print. */
struct case_doc_rec {
	int64_t id, case_id;
	char kind[24];
	char number[64];
	int64_t issued_at;
	int32_t issued_day;
	int64_t actor_id;         /* 0: govhall itself */
	int prints;
	int64_t last_printed_at;
};
/* GH_ENOTFOUND when the kind was never issued for the case. */
int store_case_doc_get(store *st, int64_t case_id, const char *kind,
    struct case_doc_rec *out);
/* Records one print of the document d names (case_id, kind, actor_id,
 * and issued_at / issued_day: the print's time and day).  The first
 * print inserts it, numbered "〔<year of issued_day>〕<prefix>字第NNNNNN号"
 * with NNNNNN one more than those of that prefix and year, unique across
 * servers (*first = true); a later one counts one more print
 * (*first = false).  Either way *d becomes the stored record.  In the
 * caller's write transaction; prints are serialised by a lock held to
 * its end. */
int store_case_doc_print(store *st, struct case_doc_rec *d,
    const char *prefix, bool *first);
/* [{kind, number, issued_at, issued_day, prints, last_printed_at}] of a
 * case, in issue order. */
int store_case_docs_json(store *st, int64_t case_id, json_t **out);
/* Who issues a case's documents: its window's name, else its department's
 * full name ("" when neither is known). */
int store_case_doc_issuer(store *st, const struct case_rec *c, char *buf,
    size_t cap);
/* The day the case was decided (its last move into 决定), or DAY_NONE. */
int store_case_decided_day(store *st, int64_t case_id, int32_t *out);

/* ---- the green channel (绿色通道, schema 0017; store_green.c) ------------ */

/* An item's place in the channel. */
struct item_green_rec {
	int64_t item_id;
	int limit_days;
	char basis[GREEN_BASIS_MAX * 4 + 1];
	int64_t set_by;          /* 0: govhall itself */
	char set_by_name[96];
	int64_t set_at;
};
/* GH_ENOTFOUND when the item is not in the channel. */
int store_item_green_get(store *st, int64_t item_id,
    struct item_green_rec *out);
/* Puts the item in the channel or changes its limit and basis. */
int store_item_green_put(store *st, int64_t item_id, int limit_days,
    const char *basis, int64_t actor_id, int64_t now);
/* Takes it out; GH_ENOTFOUND when it was not in. */
int store_item_green_delete(store *st, int64_t item_id);
/* [{code, name, dept_name, promised_limit_days, limit_days, basis,
 * set_by_name, set_at, retired_flag}] of every item in the channel, by
 * department and code. */
int store_item_green_list_json(store *st, json_t **out);

/* An entry of the key projects' list. */
struct key_applicant {
	int64_t id;
	char id_number[40];
	char kind[16];           /* person | company */
	char name[GREEN_NAME_MAX * 4 + 1];
	char project[GREEN_PROJECT_MAX * 4 + 1];
	char basis[GREEN_BASIS_MAX * 4 + 1];
	int limit_ratio_pct;     /* 0: none */
	int32_t valid_until;     /* DAY_NONE: no end */
	bool active;
	int64_t added_by;
	char added_by_name[96];
	int64_t added_at, updated_at;
};
/* GH_ENOTFOUND for an unknown id or number. */
int store_key_applicant_get(store *st, int64_t id, struct key_applicant *out);
int store_key_applicant_by_number(store *st, const char *id_number,
    struct key_applicant *out);
/* Inserts k (its id, added_by and times are set from the arguments);
 * GH_ECONFLICT, writing nothing, when its number is listed already. */
int store_key_applicant_insert(store *st, struct key_applicant *k,
    int64_t actor_id, int64_t now);
/* Writes name, project, basis, share, last day and active of k->id. */
int store_key_applicant_update(store *st, const struct key_applicant *k,
    int64_t actor_id, int64_t now);
/* One page of the list, the active entries first, newest first within;
 * include_inactive false leaves the removed ones out.  *out to free(). */
int store_key_applicants_list(store *st, bool include_inactive, int page,
    int per_page, int64_t *total, struct key_applicant **out, size_t *n);

/* ---- Open311 GeoReport v2 (issue 12 section 3; schema 0022,
 * store_open311.c) ---------------------------------------------------- */
#define STORE_OPEN311_KEY_HASH_LEN 32
struct open311_client_rec {
	int64_t id;
	char name[256];
	int64_t revoked_at;      /* 0: active */
};
/* Sets *id; GH_ECONFLICT when the key's hash is taken (a 256-bit key
 * never collides: the caller draws again). */
int store_open311_client_add(store *st, const char *name, const char *contact,
    const unsigned char *key_hash, const char *key_prefix, int64_t by,
    int64_t now, int64_t *id);
/* The client of a key hash, revoked or not; GH_ENOTFOUND for none. */
int store_open311_client_by_hash(store *st, const unsigned char *key_hash,
    struct open311_client_rec *out);
int store_open311_client_get(store *st, int64_t id,
    struct open311_client_rec *out);
/* GH_ECONFLICT when it was revoked already. */
int store_open311_client_revoke(store *st, int64_t id, int64_t by,
    int64_t now);
int store_open311_client_touch(store *st, int64_t id, int64_t now);
/* [{id, name, contact, key_prefix, created_by_name, created_at,
 * revoked_by_name, revoked_at, last_used_at, requests}], newest first. */
int store_open311_clients_json(store *st, json_t **out);
/* What a request filed through Open311 adds to its complaint (strings
 * "" when absent). */
struct open311_request_rec {
	int64_t complaint_id, client_id;
	const char *service_code, *lat, *lon, *address_string, *address_id;
	const char *device_id, *account_id, *media_url, *attributes;
	int64_t requested_at;
};
int store_open311_request_add(store *st, const struct open311_request_rec *r);
/* Requests the client filed in the hour before now. */
int store_open311_requests_since(store *st, int64_t client_id, int64_t since,
    int64_t *n);
/* The published requests filed in [from, to] (Unix seconds), newest
 * first, at most max: [{complaint_id, client_id, service_code, lat, lon,
 * address_string, address_id, media_url, requested_at, state, content}]
 * (state: the complaint's stored state; content its text).  ids (n_ids
 * of them) narrows to those complaints and ignores the period. */
int store_open311_requests_json(store *st, int64_t from, int64_t to,
    const int64_t *ids, size_t n_ids, int max, json_t **out);

/* ---- 效能投诉 (issue 12 section 1; schema 0021, store_complaints.c) ---- */
struct complaint_new {
	char query_code[16];
	int channel, category;
	const char *source, *title, *content;
	int64_t user_id;         /* 0: anonymous or entered by the desk */
	const char *contact_name, *contact_phone, *contact_email, *address;
	bool disclose_identity;
	int64_t entered_by;      /* 0: filed by the public */
	int64_t dept_id, case_id;
	int32_t received_day;
	int64_t now;
};
/* Sets *id; GH_ECONFLICT when the query code is taken (draw another). */
int store_complaint_insert(store *st, const struct complaint_new *n,
    int64_t *id);
/* Every column of complaint id, with dept_name, as one JSON object;
 * GH_ENOTFOUND for none. */
int store_complaint_json(store *st, int64_t id, json_t **out);
struct complaint_event_rec {
	int64_t complaint_id, at, actor_id;
	int32_t day;
	const char *actor_name, *action, *note;
	int role, from_state, to_state;
};
int store_complaint_event_add(store *st, const struct complaint_event_rec *e);
/* The fields the workflow changes, written back whole, only while the
 * row's version is still version (GH_ECONFLICT otherwise, writing
 * nothing); the version then goes up by one.  Strings borrowed. */
struct complaint_change {
	int state, category, reopen_count, extension_days;
	int64_t dept_id, window_id, person_id, case_id, leader_id,
	    handling_dept_id;
	int32_t accepted_day, registered_day, submitted_day, handling_day,
	    handled_day, reported_day, archived_day;
	const char *extension_reason, *findings, *measures, *result,
	    *reject_reason;
	int valid, substantiated, settled_on_time; /* -1: NULL */
	bool disclose_identity, result_answer;
	int64_t now;
};
int store_complaint_change(store *st, int64_t id, int64_t version,
    const struct complaint_change *c);
int store_complaint_visit_add(store *st, int64_t complaint_id, int64_t by,
    int32_t day, int64_t now, bool reached, int satisfied,
    const char *answers, const char *comment);
int store_complaint_visits_count(store *st, int64_t id, int64_t *n);
/* [{at, day, actor_name, role, action, from_state, to_state, note}] */
int store_complaint_events_json(store *st, int64_t id, json_t **out);

#endif
