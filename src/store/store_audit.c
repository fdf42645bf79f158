/*
 * store_audit.c - audit: the hash chain (keyed MACs from the key epoch on), its checkpoints and verification.
 * Every query is written once for both engines (store_impl.h).
 */
#include "store/store_impl.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/case_fsm.h"
#include "domain/day.h"
#include "store/audit_keys.h"
#include "util/gh_err.h"
#include "util/log.h"
#include "util/xalloc.h"

/* ---- audit --------------------------------------------------------------- */

static void audit_hash(const char *prev, const struct audit_rec *r,
    char out[65])
{
	crypto_generichash_state h;
	unsigned char md[32];
	char num[64];

	crypto_generichash_init(&h, NULL, 0, sizeof md);
#define FEED(str) do { const char *s_ = (str); \
	crypto_generichash_update(&h, (const unsigned char *)s_, strlen(s_) + 1); \
	} while (0)
	FEED(prev);
	snprintf(num, sizeof num, "%lld|%lld|%d", (long long)r->at,
	    (long long)r->actor_id, r->role);
	FEED(num);
	FEED(r->actor_name);
	FEED(r->action);
	FEED(r->object_type);
	FEED(r->object_id);
	FEED(r->before);
	FEED(r->after);
#undef FEED
	crypto_generichash_final(&h, md, sizeof md);
	sodium_bin2hex(out, 65, md, sizeof md);
}

/* Writes one record at the head of the chain. */
static int chain_write(store *st, const struct audit_rec *r)
{
	const struct audit_keys *k = audit_keys_current();
	db_stmt *s;
	char prev[65] = "genesis", hash[65];
	int64_t id = 1;
	int rc;

	s = sql_query(st, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", "");
	rc = db_step(s);
	if (rc == DB_ROW) {
		id = db_col_int64(s, 0) + 1;
		sql_text(s, 1, prev, sizeof prev);
	}
	db_reset(s);
	if (rc != DB_ROW && rc != DB_DONE)
		return sql_rc(rc);
	if (k && id >= k->first_keyed_id) {
		struct audit_fields f = {
			.id = id, .at = r->at, .actor_id = r->actor_id,
			.role = r->role, .actor_name = r->actor_name,
			.action = r->action, .object_type = r->object_type,
			.object_id = r->object_id, .before = r->before,
			.after = r->after, .addr = r->addr ? r->addr : "",
		};

		audit_mac(k, prev, &f, hash);
	} else {
		audit_hash(prev, r, hash);
	}
	return sql_run(st, "INSERT INTO audit(id, at, actor_id, actor_name, role,"
	    " action, object_type, object_id, before, after, prev_hash, hash,"
	    " addr) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
	    " ?13)", "iintItttttttt", id, r->at, r->actor_id, r->actor_name,
	    r->role, r->action, r->object_type, r->object_id, r->before,
	    r->after, prev, hash, r->addr ? r->addr : "");
}

/*
 * The records of a write transaction wait in the store handle and are
 * chained at commit, under the chain's lock (an advisory lock on
 * PostgreSQL; SQLite's single writer already holds it): the lock is then
 * held only for the last statements of the transaction, and a writer that
 * holds it never waits for a row another writer holds, so writers of
 * several servers keep one chain without deadlocks.
 */
struct audit_pending {
	struct audit_pending *next;
	struct audit_rec r;
};

static void pending_free(struct audit_pending *p)
{
	while (p) {
		struct audit_pending *next = p->next;

		free((char *)p->r.actor_name);
		free((char *)p->r.action);
		free((char *)p->r.object_type);
		free((char *)p->r.object_id);
		free((char *)p->r.before);
		free((char *)p->r.after);
		free((char *)p->r.addr);
		free(p);
		p = next;
	}
}

void audit_pending_drop(store *st)
{
	pending_free(st->audit);
	st->audit = NULL;
}

int audit_pending_flush(store *st)
{
	int err;

	if (!st->audit)
		return 0;
	err = db_xact_lock(st->db, LOCK_AUDIT_CHAIN);
	for (struct audit_pending *p = st->audit; p && !err; p = p->next)
		err = chain_write(st, &p->r);
	audit_pending_drop(st);
	return err;
}

int store_audit_append(store *st, const struct audit_rec *r)
{
	struct audit_pending *p = xcalloc(1, sizeof *p), **tail = &st->audit;
	int err;

#define DUP(f) (r->f ? xstrdup(r->f) : xstrdup(""))
	p->r = *r;
	p->r.actor_name = DUP(actor_name);
	p->r.action = DUP(action);
	p->r.object_type = DUP(object_type);
	p->r.object_id = DUP(object_id);
	p->r.before = r->before ? xstrdup(r->before) : xstrdup("null");
	p->r.after = r->after ? xstrdup(r->after) : xstrdup("null");
	p->r.addr = DUP(addr);
#undef DUP
	while (*tail)
		tail = &(*tail)->next;
	*tail = p;
	if (db_in_txn(st->db))
		return 0;
	/* outside a transaction: a transaction of its own, as before */
	if ((err = db_begin_write(st->db))) {
		audit_pending_drop(st);
		return err;
	}
	if ((err = audit_pending_flush(st)) || (err = db_commit(st->db)))
		db_rollback(st->db);
	return err;
}

int store_audit_verify(store *st, int64_t *count, int64_t *bad_id)
{
	db_stmt *s = sql_query(st, "SELECT id, at, actor_id, actor_name, role,"
	    " action, object_type, object_id, before, after, prev_hash, hash"
	    " FROM audit ORDER BY id", "");
	char prev[65] = "genesis", want[65];
	int64_t n = 0;
	int rc;

	while ((rc = db_step(s)) == DB_ROW) {
		struct audit_rec r = {
			.at = db_col_int64(s, 1),
			.actor_id = db_col_int64(s, 2),
			.actor_name = (const char *)db_col_text(s, 3),
			.role = db_col_int(s, 4),
			.action = (const char *)db_col_text(s, 5),
			.object_type = (const char *)db_col_text(s, 6),
			.object_id = (const char *)db_col_text(s, 7),
			.before = (const char *)db_col_text(s, 8),
			.after = (const char *)db_col_text(s, 9),
		};
		const char *stored_prev = (const char *)db_col_text(s, 10);
		const char *stored = (const char *)db_col_text(s, 11);

		audit_hash(prev, &r, want);
		if (strcmp(stored_prev, prev) || strcmp(stored, want)) {
			*bad_id = db_col_int64(s, 0);
			*count = n;
			db_reset(s);
			return GH_ECONFLICT;
		}
		snprintf(prev, sizeof prev, "%s", stored);
		n++;
	}
	db_reset(s);
	if (rc != DB_DONE)
		return sql_rc(rc);
	*count = n;
	*bad_id = 0;
	return 0;
}

/* Walks the whole chain: records before the key epoch by the unkeyed hash
 * they were written with, the others by the keyed MAC (which binds the id
 * and the previous MAC), then each checkpoint against the chain. */
int store_audit_verify_keyed(store *st, const struct audit_keys *k,
    const struct audit_checkpoint *cps, size_t n_cps,
    audit_report_fn report, void *ctx, int64_t *count, size_t *problems,
    int64_t *first_bad)
{
	db_stmt *s = sql_query(st, "SELECT id, at, actor_id, actor_name, role,"
	    " action, object_type, object_id, before, after, prev_hash, hash,"
	    " addr FROM audit ORDER BY id", "");
	char prev[65] = "genesis", want[65], msg[512];
	int64_t n = 0, last_id = 0;
	size_t bad = 0, valid_cps = 0;
	int rc;

	*first_bad = 0;
#define REPORT(...) do { snprintf(msg, sizeof msg, __VA_ARGS__); \
	report(ctx, msg); bad++; } while (0)
	while ((rc = db_step(s)) == DB_ROW) {
		struct audit_fields f = {
			.id = db_col_int64(s, 0),
			.at = db_col_int64(s, 1),
			.actor_id = db_col_int64(s, 2),
			.actor_name = (const char *)db_col_text(s, 3),
			.role = db_col_int(s, 4),
			.action = (const char *)db_col_text(s, 5),
			.object_type = (const char *)db_col_text(s, 6),
			.object_id = (const char *)db_col_text(s, 7),
			.before = (const char *)db_col_text(s, 8),
			.after = (const char *)db_col_text(s, 9),
			.addr = (const char *)db_col_text(s, 12),
		};
		const char *stored_prev = (const char *)db_col_text(s, 10);
		const char *stored = (const char *)db_col_text(s, 11);

		if (f.id != last_id + 1)
			REPORT("第%lld条审计记录之前缺少第%lld至%lld条: 记录被删除",
			    (long long)f.id, (long long)last_id + 1,
			    (long long)f.id - 1);
		if (f.id >= k->first_keyed_id) {
			audit_mac(k, prev, &f, want);
		} else {
			struct audit_rec r = {
				.at = f.at, .actor_id = f.actor_id,
				.actor_name = f.actor_name, .role = f.role,
				.action = f.action, .object_type = f.object_type,
				.object_id = f.object_id, .before = f.before,
				.after = f.after,
			};

			audit_hash(prev, &r, want);
		}
		if (strcmp(stored_prev, prev))
			REPORT("第%lld条审计记录的前一校验码不符: 记录被删除、调换或插入",
			    (long long)f.id);
		if (strcmp(stored, want))
			REPORT("第%lld条审计记录的校验码不符: 记录被伪造或改写",
			    (long long)f.id);
		if (bad && !*first_bad)
			*first_bad = f.id;
		snprintf(prev, sizeof prev, "%s", stored);
		last_id = f.id;
		n++;
	}
	db_reset(s);
	if (rc != DB_DONE)
		return sql_rc(rc);
	for (size_t i = 0; i < n_cps; i++) {
		const struct audit_checkpoint *c = &cps[i];
		char head[65] = "";
		int64_t upto;
		int err;

		if (!audit_checkpoint_valid(k->sign_pk, c)) {
			REPORT("第%zu个检查点(至第%lld条)的签名无效: 检查点被伪造或改动",
			    i + 1, (long long)c->last_id);
			continue;
		}
		valid_cps++;
		if (c->count > n || c->last_id > last_id) {
			REPORT("审计记录被截断: 已签名检查点记载%lld条(至第%lld条),"
			    " 数据库中只有%lld条(至第%lld条)", (long long)c->count,
			    (long long)c->last_id, (long long)n, (long long)last_id);
			continue;
		}
		if ((err = sql_int(st, &upto, "SELECT count(*) FROM audit WHERE"
		    " id <= ?1", "i", c->last_id)))
			return err;
		if (upto != c->count)
			REPORT("第%lld条之前的审计记录数(%lld)与已签名检查点(%lld)不符:"
			    " 记录被删除或插入", (long long)c->last_id,
			    (long long)upto, (long long)c->count);
		s = sql_query(st, "SELECT hash FROM audit WHERE id = ?1", "i",
		    c->last_id);
		if (db_step(s) == DB_ROW)
			sql_text(s, 0, head, sizeof head);
		db_reset(s);
		if (strcmp(head, c->head_mac))
			REPORT("第%lld条审计记录与已签名检查点不符: 记录被改写",
			    (long long)c->last_id);
	}
	if (n > 0 && valid_cps == 0)
		REPORT("没有有效的已签名检查点: 无法证明审计记录未被截断或重写");
#undef REPORT
	*count = n;
	*problems = bad;
	return 0;
}

/* Replays what the audit says about each case (the state in the 'after'
 * of its last case record), each anomaly (its last review) and each
 * sanction (its creation), and reports every row the audit does not
 * explain. */
/* The audit's after-image is JSON text: SQLite reads it with
 * json_extract, PostgreSQL as jsonb. */
static const struct db_sql deep_cases = {
	"SELECT c.id, c.state, (SELECT json_extract(a.after, '$.state')"
	" FROM audit a WHERE a.object_type = 'case' AND"
	" a.object_id = CAST(c.id AS TEXT) ORDER BY a.id DESC LIMIT 1)"
	" FROM cases c ORDER BY c.id",
	"SELECT c.id, c.state, (SELECT a.after::jsonb ->> 'state'"
	" FROM audit a WHERE a.object_type = 'case' AND"
	" a.object_id = CAST(c.id AS TEXT) ORDER BY a.id DESC LIMIT 1)"
	" FROM cases c ORDER BY c.id",
};
static const struct db_sql deep_anomalies = {
	"SELECT n.id, n.status, (SELECT json_extract(a.after, '$.status')"
	" FROM audit a WHERE a.object_type = 'anomaly' AND"
	" a.action = 'anomaly.review' AND a.object_id = CAST(n.id AS TEXT)"
	" ORDER BY a.id DESC LIMIT 1) FROM anomalies n ORDER BY n.id",
	"SELECT n.id, n.status, (SELECT a.after::jsonb ->> 'status'"
	" FROM audit a WHERE a.object_type = 'anomaly' AND"
	" a.action = 'anomaly.review' AND a.object_id = CAST(n.id AS TEXT)"
	" ORDER BY a.id DESC LIMIT 1) FROM anomalies n ORDER BY n.id",
};
static const struct db_sql deep_sanctions = {
	"SELECT s.id FROM sanctions s WHERE NOT EXISTS (SELECT 1"
	" FROM audit a WHERE a.object_type = 'sanction' AND a.action ="
	" 'sanction.create' AND a.object_id = CAST(s.id AS TEXT) AND"
	" json_extract(a.after, '$.reason') IS s.reason AND"
	" json_extract(a.after, '$.issued_at') IS s.issued_at AND"
	" json_extract(a.after, '$.user_id') IS s.target_user_id AND"
	" json_extract(a.after, '$.dept_id') IS s.target_dept_id)"
	" ORDER BY s.id",
	"SELECT s.id FROM sanctions s WHERE NOT EXISTS (SELECT 1"
	" FROM audit a WHERE a.object_type = 'sanction' AND a.action ="
	" 'sanction.create' AND a.object_id = CAST(s.id AS TEXT) AND"
	" (a.after::jsonb ->> 'reason') IS NOT DISTINCT FROM s.reason AND"
	" (a.after::jsonb ->> 'issued_at')::bigint IS NOT DISTINCT FROM"
	" s.issued_at AND (a.after::jsonb ->> 'user_id')::bigint IS NOT"
	" DISTINCT FROM s.target_user_id AND (a.after::jsonb ->>"
	" 'dept_id')::bigint IS NOT DISTINCT FROM s.target_dept_id)"
	" ORDER BY s.id",
};

int store_audit_verify_deep(store *st, audit_report_fn report, void *ctx,
    size_t *problems)
{
	static const char *const anomaly_status[] = {"open", "confirmed",
		"dismissed"};
	db_stmt *s;
	char msg[512];
	size_t bad = 0;
	int rc;

#define REPORT(...) do { snprintf(msg, sizeof msg, __VA_ARGS__); \
	report(ctx, msg); bad++; } while (0)
	s = sql_query_d(st, &deep_cases, "");
	while ((rc = db_step(s)) == DB_ROW) {
		const char *want = case_state_name(db_col_int(s, 1));
		const char *said = (const char *)db_col_text(s, 2);

		if (!said)
			REPORT("办件%lld没有审计记录: 办件被直接写入数据库",
			    (long long)db_col_int64(s, 0));
		else if (strcmp(said, want))
			REPORT("办件%lld的状态(%s)与审计记录(%s)不符: 办件被直接改动",
			    (long long)db_col_int64(s, 0), want, said);
	}
	db_reset(s);
	if (rc != DB_DONE)
		return sql_rc(rc);
	s = sql_query_d(st, &deep_anomalies, "");
	while ((rc = db_step(s)) == DB_ROW) {
		int status = db_col_int(s, 1);
		const char *said = (const char *)db_col_text(s, 2);
		const char *want = status >= 0 && status < 3 ?
		    anomaly_status[status] : "?";

		if (status == 0 ? said != NULL : !said || strcmp(said, want))
			REPORT("异常%lld的核查状态(%s)与审计记录(%s)不符:"
			    " 异常被直接改动", (long long)db_col_int64(s, 0),
			    want, said ? said : "未核查");
	}
	db_reset(s);
	if (rc != DB_DONE)
		return sql_rc(rc);
	s = sql_query_d(st, &deep_sanctions, "");
	while ((rc = db_step(s)) == DB_ROW)
		REPORT("处分%lld与审计记录不符或没有审计记录: 处分被直接写入或改动",
		    (long long)db_col_int64(s, 0));
	db_reset(s);
	if (rc != DB_DONE)
		return sql_rc(rc);
#undef REPORT
	*problems = bad;
	return 0;
}

int store_audit_check_keys(store *st, const struct audit_keys *k)
{
	char id[64] = "";
	int err = store_setting_get(st, "audit.key_id", id, sizeof id);

	if (err && err != GH_ENOTFOUND)
		return err;
	if (!k)
		return id[0] ? GH_EAUTH : 0;
	if (!id[0])
		return store_setting_set(st, "audit.key_id", k->key_id);
	return strcmp(id, k->key_id) ? GH_EAUTH : 0;
}

int store_audit_checkpoint(store *st, int64_t now, bool force)
{
	const struct audit_keys *k = audit_keys_current();
	const char *path = audit_checkpoint_path();
	struct audit_checkpoint c = {.at = now}, last = {0};
	int64_t every_n, every_s;
	db_stmt *s;
	int err, rc;

	if (!k)
		return 0;
	if ((err = store_setting_int(st, "audit.checkpoint_records", 100,
	    &every_n)) || (err = store_setting_int(st,
	    "audit.checkpoint_seconds", 300, &every_s)))
		return err;
	if ((err = store_begin(st)))
		return err;
	if ((err = db_xact_lock(st->db, LOCK_AUDIT_CHAIN))) {
		store_rollback(st);
		return err;
	}
	s = sql_query(st, "SELECT count, last_id, at FROM audit_checkpoints"
	    " ORDER BY id DESC LIMIT 1", "");
	if ((rc = db_step(s)) == DB_ROW) {
		last.count = db_col_int64(s, 0);
		last.last_id = db_col_int64(s, 1);
		last.at = db_col_int64(s, 2);
	}
	db_reset(s);
	s = sql_query(st, "SELECT (SELECT count(*) FROM audit), id, hash FROM audit"
	    " ORDER BY id DESC LIMIT 1", "");
	if ((rc = db_step(s)) == DB_ROW) {
		c.count = db_col_int64(s, 0);
		c.last_id = db_col_int64(s, 1);
		sql_text(s, 2, c.head_mac, sizeof c.head_mac);
	}
	db_reset(s);
	if (rc != DB_ROW || c.last_id == last.last_id || (!force &&
	    c.count - last.count < every_n && now - last.at < every_s)) {
		store_rollback(st);
		return rc == DB_ROW || rc == DB_DONE ? 0 :
		    sql_rc(rc);
	}
	audit_checkpoint_sign(k, &c);
	if ((err = sql_run(st, "INSERT INTO audit_checkpoints(count, last_id,"
	    " head_mac, at, signature) VALUES (?1, ?2, ?3, ?4, ?5)", "iitit",
	    c.count, c.last_id, c.head_mac, c.at, c.signature)) ||
	    (err = store_commit(st))) {
		store_rollback(st);
		return err;
	}
	/* After the commit: a line in the file always names a committed head. */
	if (path && (err = audit_checkpoint_append_file(path, &c)))
		log_error("cannot append the audit checkpoint to %s", path);
	return err;
}

int store_audit_checkpoints_load(store *st, struct audit_checkpoint **out,
    size_t *n)
{
	db_stmt *s = sql_query(st, "SELECT count, last_id, head_mac, at,"
	    " signature FROM audit_checkpoints ORDER BY id", "");
	struct audit_checkpoint *v = NULL;
	size_t len = 0;
	int rc;

	while ((rc = db_step(s)) == DB_ROW) {
		v = xrealloc(v, (len + 1) * sizeof *v);
		v[len] = (struct audit_checkpoint){
			.count = db_col_int64(s, 0),
			.last_id = db_col_int64(s, 1),
			.at = db_col_int64(s, 3),
		};
		sql_text(s, 2, v[len].head_mac, sizeof v[len].head_mac);
		sql_text(s, 4, v[len].signature, sizeof v[len].signature);
		len++;
	}
	db_reset(s);
	if (rc != DB_DONE) {
		free(v);
		return sql_rc(rc);
	}
	*out = v;
	*n = len;
	return 0;
}

int store_audit_checkpoints_json(store *st, json_t **out)
{
	return sql_rows_json(st, sql_query(st, "SELECT count, last_id, head_mac, at,"
	    " signature FROM audit_checkpoints ORDER BY id", ""), out);
}

int store_audit_list_json(store *st, const char *object_type,
    const char *object_id, int page, int per_page, json_t **out)
{
	int64_t total;
	int err = sql_int(st, &total, "SELECT count(*) FROM audit WHERE"
	    " (?1 IS NULL OR object_type = ?1) AND (?2 IS NULL OR object_id = ?2)",
	    "tt", object_type, object_id);

	if (err)
		return err;
	return sql_page_json(st, total, sql_query(st, "SELECT id, at, actor_id, actor_name, role, action, object_type,"
	    " object_id, before, after, hash, addr FROM audit WHERE (?1 IS NULL OR"
	    " object_type = ?1) AND (?2 IS NULL OR object_id = ?2)"
	    " ORDER BY id DESC LIMIT ?3 OFFSET ?4", "ttII", object_type,
	    object_id, per_page, sql_page_offset(page, per_page)), out);
}
