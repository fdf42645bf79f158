/*
 * board_build.c - fills a govhall demo database with synthetic cases for
 * the supervision board benchmark (bench/board.sh runs it once and caches
 * the result).
 *
 *   board_build DB TODAY_DAY N_TOTAL N_OPEN PICKS_SQL SCHEMA_0002_SQL
 *
 * DB is a fresh `govhall demo DB --today ...`; TODAY_DAY its --today as a
 * day number (days since 1970-01-01).  Adds synthetic cases until the
 * database holds N_TOTAL cases of which N_OPEN are open (accepted, not
 * finished), the demo's own cases included.  Steps:
 *
 *   1. saves the SQL of every index and trigger on cases, drops them;
 *   2. runs PICKS_SQL (bench/board_build.sql: items by popularity, the
 *      windows, clerks, reviewers and applicants of each department);
 *   3. inserts the cases with one prepared statement, 1 M per transaction;
 *   4. rebuilds watch_counts with the backfill statement of
 *      SCHEMA_0002_SQL (the migration's own text, from "-- Backfill" to its
 *      ";", run over a TEMP copy of the open cases), which is what the
 *      triggers would have left;
 *   5. re-creates the indexes and triggers from the saved SQL and checks
 *      that watch_counts agrees with the cases (total per dimension, and
 *      per department);
 *   6. sets aside, in a table bench_watch_history, the rows at n = 0 that
 *      the triggers would have left had the finished cases gone through
 *      them (one per dimension key, deadline day, region and threshold that
 *      only finished cases had, the holder taken as the accepting clerk):
 *      the triggers decrement watch_counts but never delete a row, so a
 *      database that lived through these cases holds them too.  board.sh
 *      measures the board with and without them.
 * Journal off and synchronous off: board.sh builds into a temporary file
 * and renames it only when this succeeds.  The database is left in WAL
 * mode, as govhall keeps it.
 *
 * Synthetic case k (1 .. n_syn) gets id max(id) + k, in submission order:
 * the finished ones over the last three years (86 % completed and issued,
 * 3 % denied, 5 % not accepted, 3 % withdrawn, 1 % forwarded, 2 % closed by
 * the correction timeout), 93 % of completions on time; the open ones take
 * four in five of the most recent ids, the last N_OPEN * 5 / 4.  An open
 * case is accepted (30 %), in review (55 %), decided (13 %) or suspended
 * (2 %, paused on the board); its deadline lies in today -90 .. +90 days:
 * 15 % overdue, 60 % within the next 20 days, 25 % from 21 to 90 days
 * ahead.  Its holder is the accepting clerk, or in review a chief or
 * reviewer of the department.  Each case's item is drawn by popularity and
 * sets its department, region, limits and warning threshold.  Every value
 * is a deterministic function of k, so a rebuild gives the same database.
 */
#define _POSIX_C_SOURCE 200809L

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_DEPT 1024
#define MAX_PICK 65536
#define MAX_PER_DEPT 64
#define MAX_APP 4096
#define MAX_SAVED 64
#define TXN_ROWS 1000000
#define MINSTD 2147483647LL

struct item {
	int64_t id, dept;
	int instant, limit_days, legal_days, warn;
	char result[128];
};

struct dept {
	int64_t region;
	int n_win, n_rev;
	int64_t win[MAX_PER_DEPT], clerk[MAX_PER_DEPT], rev[MAX_PER_DEPT];
};

struct app {
	int64_t id;
	char name[128], kind[16], id_no[40], phone[24];
};

static sqlite3 *db;
static struct item *items;
static int n_items;
static struct dept *depts;
static struct app *apps;
static int n_apps;

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨",
	"黄", "赵", "周", "吴", "徐", "孙", "莫", "蒋", "唐", "秦", "廖", "韦",
	"覃", "潘", "罗", "梁", "邓", "蒙"};
static const char *const given[] = {"建国", "秀英", "桂兰", "志强", "丽华",
	"海燕", "文军", "小红", "德明", "春梅", "永红", "国平", "晓东", "玉兰",
	"家豪", "子涵", "浩然", "雨欣", "俊杰", "美玲", "明", "静", "伟", "芳",
	"磊", "艳", "勇", "敏", "军", "霞"};
static const char *const firms[] = {"漓江", "桂山", "大圩", "三街", "灵川",
	"青狮", "潭下", "海洋", "兰田", "甘棠", "定江", "潮田"};
static const char *const trades[] = {"商贸有限公司", "建筑工程有限公司",
	"生态农业有限公司", "食品有限公司", "物流有限公司", "餐饮管理有限公司",
	"旅游开发有限公司", "科技有限公司", "机械制造有限公司", "文化传媒有限公司"};
#define LEN(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void die(const char *what)
{
	fprintf(stderr, "board_build: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
	exit(1);
}

static void exec(const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "board_build: %s\n  in: %.200s\n", err, sql);
		exit(1);
	}
}

static sqlite3_stmt *prep(const char *sql)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		die(sql);
	return s;
}

static int64_t one_int(const char *sql)
{
	sqlite3_stmt *s = prep(sql);
	int64_t v;

	if (sqlite3_step(s) != SQLITE_ROW)
		die(sql);
	v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "board_build: cannot read %s\n", path);
		exit(1);
	}
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		die("read");
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void copy(char *dst, size_t cap, const unsigned char *src)
{
	snprintf(dst, cap, "%s", src ? (const char *)src : "");
}

static void load_picks(void)
{
	sqlite3_stmt *s;

	items = calloc(MAX_PICK, sizeof *items);
	depts = calloc(MAX_DEPT, sizeof *depts);
	apps = calloc(MAX_APP, sizeof *apps);
	if (!items || !depts || !apps)
		die("out of memory");
	s = prep("SELECT item_id, dept_id, instant, limit_days, legal_days, warn,"
	    " result_name FROM p_item ORDER BY k");
	while (sqlite3_step(s) == SQLITE_ROW && n_items < MAX_PICK) {
		struct item *it = &items[n_items++];

		it->id = sqlite3_column_int64(s, 0);
		it->dept = sqlite3_column_int64(s, 1);
		it->instant = sqlite3_column_int(s, 2);
		it->limit_days = sqlite3_column_int(s, 3);
		it->legal_days = sqlite3_column_int(s, 4);
		it->warn = sqlite3_column_int(s, 5);
		copy(it->result, sizeof it->result, sqlite3_column_text(s, 6));
		if (it->dept <= 0 || it->dept >= MAX_DEPT)
			die("department id out of range");
	}
	sqlite3_finalize(s);
	s = prep("SELECT id, region_id FROM departments");
	while (sqlite3_step(s) == SQLITE_ROW) {
		int64_t d = sqlite3_column_int64(s, 0);

		if (d > 0 && d < MAX_DEPT)
			depts[d].region = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	s = prep("SELECT dept_id, window_id, clerk_id FROM p_win ORDER BY dept_id, j");
	while (sqlite3_step(s) == SQLITE_ROW) {
		int64_t d = sqlite3_column_int64(s, 0);

		if (d > 0 && d < MAX_DEPT && depts[d].n_win < MAX_PER_DEPT) {
			depts[d].win[depts[d].n_win] = sqlite3_column_int64(s, 1);
			depts[d].clerk[depts[d].n_win++] = sqlite3_column_int64(s, 2);
		}
	}
	sqlite3_finalize(s);
	s = prep("SELECT dept_id, user_id FROM p_rev ORDER BY dept_id, j");
	while (sqlite3_step(s) == SQLITE_ROW) {
		int64_t d = sqlite3_column_int64(s, 0);

		if (d > 0 && d < MAX_DEPT && depts[d].n_rev < MAX_PER_DEPT)
			depts[d].rev[depts[d].n_rev++] = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	s = prep("SELECT user_id, name, akind, id_no, phone FROM p_app ORDER BY j");
	while (sqlite3_step(s) == SQLITE_ROW && n_apps < MAX_APP) {
		struct app *a = &apps[n_apps++];

		a->id = sqlite3_column_int64(s, 0);
		copy(a->name, sizeof a->name, sqlite3_column_text(s, 1));
		copy(a->kind, sizeof a->kind, sqlite3_column_text(s, 2));
		copy(a->id_no, sizeof a->id_no, sqlite3_column_text(s, 3));
		copy(a->phone, sizeof a->phone, sqlite3_column_text(s, 4));
	}
	sqlite3_finalize(s);
	if (!n_items || !n_apps)
		die("no items or no applicants in the demo database");
	for (int i = 0; i < n_items; i++)
		if (!depts[items[i].dept].n_win)
			die("a department has no window");
}

static void bind_opt(sqlite3_stmt *s, int i, bool set, int64_t v)
{
	if (set)
		sqlite3_bind_int64(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

enum kind { K_ISSUED, K_DENIED, K_NOT_ACCEPTED, K_WITHDRAWN, K_FORWARDED,
	K_TIMEOUT, K_OPEN };

static void insert_cases(int64_t today, int64_t n_syn, int64_t n_open_syn,
    int64_t max_id)
{
	static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
	static const char *const reasons[] = {
		[K_DENIED] = "申请材料存在实质性问题且无法补正",
		[K_NOT_ACCEPTED] = "申请事项不属于本部门职权范围,已告知向有关行政机关申请",
		[K_WITHDRAWN] = "申请人主动撤回申请",
		[K_FORWARDED] = "属上级机关审批权限,依法转报桂林市审批部门",
		[K_TIMEOUT] = "补正超时驳回",
	};
	sqlite3_stmt *s = prep("INSERT INTO cases(id, query_code, item_id,"
	    " dept_id, region_id, applicant_id, applicant_name, applicant_kind,"
	    " applicant_id_type, applicant_id_no, applicant_phone, channel,"
	    " window_id, clerk_id, handler_id, state, prev_state, outcome,"
	    " decision, step_index, instant, limit_days, legal_limit_days,"
	    " warn_days, submitted_at, submitted_day, received_day, accepted_day,"
	    " deadline_day, finished_day, reason, result_name, version,"
	    " updated_at, used_days, on_time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	    " ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, 0, ?20,"
	    " ?21, ?22, ?23, ?24, ?25, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32,"
	    " ?33, ?34)");
	/* the open ones: four in five of the last w synthetic ids */
	int64_t w = (n_open_syn * 5 + 3) / 4, n_open = 0;
	double t0 = now_s();

	exec("BEGIN");
	for (int64_t k = 1; k <= n_syn; k++) {
		int64_t r1 = (k * 2654435761LL + 97) % MINSTD, r2 = r1 * 48271 % MINSTD,
		    r3 = r2 * 48271 % MINSTD, r4 = r3 * 48271 % MINSTD,
		    r5 = r4 * 48271 % MINSTD, r6 = r5 * 48271 % MINSTD;
		int64_t p = k - (n_syn - w) - 1;
		bool open = p >= 0 && p % 5 != 4 && p - p / 5 < n_open_syn;
		const struct item *it = &items[r1 % n_items];
		const struct dept *d = &depts[it->dept];
		int span = (it->limit_days * 7 + 4) / 5;   /* working -> calendar days */
		int pct3 = (int)(r3 % 100), wj = (int)((r3 / 3) % d->n_win);
		bool online = (r2 / 13) % 100 < 38, late = (r6 / 11) % 100 >= 93;
		bool company = !online && (r2 / 7) % 100 < 18;
		/* query code: k's 25 bits in the first 5 characters (unique, and
		 * in k's order so the UNIQUE index grows at its end), 35 hashed
		 * bits in the other 7 */
		int64_t code = k << 35 | ((k * 2654435761LL + 8191) &
		    ((1LL << 35) - 1));
		int64_t sub, acc = 0, dl = 0, fin = 0, handler = 0;
		bool has_acc, has_fin;
		int state, prev = 0, outcome = 0, decision = 0, kind;
		char qc[13], name[128], idno[40], phone[24];
		const char *akind, *idtype;

		if (open)
			kind = K_OPEN;
		else if (pct3 < 86)
			kind = K_ISSUED;
		else if (pct3 < 89)
			kind = K_DENIED;
		else if (pct3 < 94)
			kind = K_NOT_ACCEPTED;
		else if (pct3 < 97)
			kind = K_WITHDRAWN;
		else if (pct3 < 98)
			kind = K_FORWARDED;
		else
			kind = K_TIMEOUT;
		for (int b = 0; b < 12; b++)
			qc[b] = alphabet[(code >> (5 * (11 - b))) & 31];
		qc[12] = '\0';
		if (online) {
			const struct app *a = &apps[r2 % n_apps];

			snprintf(name, sizeof name, "%s", a->name);
			snprintf(idno, sizeof idno, "%s", a->id_no);
			snprintf(phone, sizeof phone, "%s", a->phone);
			akind = a->kind;
		} else if (company) {
			snprintf(name, sizeof name, "灵川县%s%s", firms[r5 % LEN(firms)],
			    trades[r6 % LEN(trades)]);
			snprintf(idno, sizeof idno, "91450323MA5%06lld%c",
			    (long long)(k % 1000000), "0123456789X"[r6 % 11]);
			akind = "company";
		} else {
			snprintf(name, sizeof name, "%s%s", surnames[r3 % LEN(surnames)],
			    given[r4 % LEN(given)]);
			snprintf(idno, sizeof idno, "450323%04d%02d%02d%03d%d",
			    (int)(1950 + r3 % 55), (int)(1 + r4 % 12), (int)(1 + r5 % 28),
			    (int)(r6 % 1000), (int)(r1 % 10));
			akind = "person";
		}
		if (!online)
			snprintf(phone, sizeof phone, "1%d%09d", (int)(3 + r1 % 6),
			    (int)(r2 % 1000000000));
		idtype = !strcmp(akind, "company") ? "credit_code" : "id_card";

		if (kind == K_OPEN) {
			int pct4 = (int)(r4 % 100), pct5 = (int)(r5 % 100);
			int64_t off = (r6 / 7);

			if (pct5 < 15)
				dl = today - 1 - off % 90;
			else if (pct5 < 75)
				dl = today + off % 21;
			else
				dl = today + 21 + off % 70;
			acc = min64(today, dl - span);
			sub = acc - (r3 % 3 == 0);
			state = pct4 < 30 ? 1 : pct4 < 85 ? 4 : pct4 < 98 ? 5 : 7;
			prev = state == 7 || state == 5 ? 4 : 0;
			decision = state == 5;
			handler = state == 4 && d->n_rev ? d->rev[(r4 / 5) % d->n_rev]
			    : d->clerk[wj];
			has_acc = true;
			has_fin = false;
			n_open++;
		} else {
			sub = today - 1100 + (k * 1060) / n_syn + r4 % 3;
			has_acc = kind != K_NOT_ACCEPTED && kind != K_TIMEOUT;
			has_fin = true;
			if (has_acc) {
				acc = sub + (r3 % 3 == 0);
				dl = acc + span;
				fin = min64(today - 1, late ? dl + 1 + r5 % 9
				    : acc + r5 % (span + 1));
			} else {
				fin = min64(today - 1, sub + (kind == K_TIMEOUT) * 60);
			}
			static const int st[] = {6, 6, 2, 8, 6, 2}, oc[] = {1, 2, 3,
				4, 6, 5};
			state = st[kind];
			outcome = oc[kind];
			decision = kind == K_ISSUED ? 1 : kind == K_DENIED ? 2 : 0;
			prev = kind == K_ISSUED || kind == K_DENIED ? 5 : 0;
		}
		sqlite3_bind_int64(s, 1, max_id + k);
		sqlite3_bind_text(s, 2, qc, 12, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, it->id);
		sqlite3_bind_int64(s, 4, it->dept);
		sqlite3_bind_int64(s, 5, d->region);
		bind_opt(s, 6, online, apps[r2 % n_apps].id);
		sqlite3_bind_text(s, 7, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 8, akind, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 9, idtype, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 10, idno, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 11, phone, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 12, online ? "online" : "window", -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 13, d->win[wj]);
		sqlite3_bind_int64(s, 14, d->clerk[wj]);
		bind_opt(s, 15, handler != 0, handler);
		sqlite3_bind_int(s, 16, state);
		sqlite3_bind_int(s, 17, prev);
		sqlite3_bind_int(s, 18, outcome);
		sqlite3_bind_int(s, 19, decision);
		sqlite3_bind_int(s, 20, it->instant);
		sqlite3_bind_int(s, 21, it->limit_days);
		sqlite3_bind_int(s, 22, it->legal_days);
		sqlite3_bind_int(s, 23, it->warn);
		/* 09:00-17:00 China time is 01:00-09:00 UTC */
		sqlite3_bind_int64(s, 24, (has_acc ? acc : sub) * 86400 + 3600 + r5 % 28800);
		sqlite3_bind_int64(s, 25, sub);
		bind_opt(s, 26, has_acc, acc);
		bind_opt(s, 27, has_acc, dl);
		bind_opt(s, 28, has_fin, fin);
		sqlite3_bind_text(s, 29, kind == K_OPEN || kind == K_ISSUED ? ""
		    : reasons[kind], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 30, kind == K_ISSUED ? it->result : "", -1,
		    SQLITE_STATIC);
		sqlite3_bind_int(s, 31, kind == K_OPEN ? 2 + (state != 1)
		    : 3 + (int)(r6 % 4));
		sqlite3_bind_int64(s, 32, (has_fin ? fin : has_acc ? acc : sub) * 86400
		    + 3600 + r6 % 28800);
		bind_opt(s, 33, kind == K_ISSUED || kind == K_DENIED ||
		    kind == K_FORWARDED, (fin - acc) * 5 / 7);
		bind_opt(s, 34, kind == K_ISSUED || kind == K_DENIED ||
		    kind == K_FORWARDED, fin <= dl);
		if (sqlite3_step(s) != SQLITE_DONE)
			die("insert");
		sqlite3_reset(s);
		if (k % TXN_ROWS == 0 || k == n_syn) {
			exec("COMMIT");
			fprintf(stderr, "board_build: %lld / %lld cases (%lld open), %.0f s\n",
			    (long long)k, (long long)n_syn, (long long)n_open,
			    now_s() - t0);
			if (k < n_syn)
				exec("BEGIN");
		}
	}
	sqlite3_finalize(s);
}

/* The migration's own backfill statement: from "-- Backfill" to the next
 * ';' in 0002_supervision.sql, reading "FROM open_cases" where it says
 * "FROM cases": a TEMP copy of the open cases, so that its five passes
 * read 1 M rows each instead of the whole table. */
static char *backfill_sql(const char *schema_path)
{
	char *text = read_file(schema_path), *a, *b, *out, *o;
	size_t n_from = 0;

	a = strstr(text, "-- Backfill");
	if (!a || !(a = strstr(a, "INSERT INTO watch_counts")) ||
	    !(b = strchr(a, ';')))
		die("no backfill statement in the 0002 schema");
	for (char *p = a; (p = strstr(p, "FROM cases")) && p < b; p++)
		n_from++;
	if (!n_from)
		die("the backfill statement does not read cases");
	o = out = malloc((size_t)(b - a) + 2 + n_from * 5);
	if (!out)
		die("out of memory");
	for (char *p = a; p <= b;) {
		if (!strncmp(p, "FROM cases", 10)) {
			o += sprintf(o, "FROM open_cases");
			p += 10;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	free(text);
	return out;
}

int main(int argc, char **argv)
{
	char *saved[MAX_SAVED], *picks, *backfill;
	int n_saved = 0;
	int64_t today, n_total, n_open, n_have, n_open_have, max_id;
	sqlite3_stmt *s;
	double t0 = now_s(), t1;

	if (argc != 7) {
		fprintf(stderr, "usage: board_build DB TODAY_DAY N_TOTAL N_OPEN"
		    " PICKS_SQL SCHEMA_0002_SQL\n");
		return 2;
	}
	today = atoll(argv[2]);
	n_total = atoll(argv[3]);
	n_open = atoll(argv[4]);
	picks = read_file(argv[5]);
	backfill = backfill_sql(argv[6]);
	if (sqlite3_open(argv[1], &db) != SQLITE_OK)
		die(argv[1]);
	exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
	    " PRAGMA temp_store=MEMORY; PRAGMA cache_size=-1048576;"
	    " PRAGMA foreign_keys=OFF");

	/* 1. indexes and triggers off */
	s = prep("SELECT sql, type, name FROM sqlite_master WHERE tbl_name = 'cases'"
	    " AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name");
	while (sqlite3_step(s) == SQLITE_ROW && n_saved < MAX_SAVED)
		saved[n_saved++] = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	exec("BEGIN");
	s = prep("SELECT 'DROP ' || type || ' ' || name FROM sqlite_master"
	    " WHERE tbl_name = 'cases' AND type IN ('index', 'trigger')"
	    " AND sql IS NOT NULL");
	{
		char *drops[MAX_SAVED];
		int n = 0;

		while (sqlite3_step(s) == SQLITE_ROW && n < MAX_SAVED)
			drops[n++] = strdup((const char *)sqlite3_column_text(s, 0));
		sqlite3_finalize(s);
		for (int i = 0; i < n; i++) {
			exec(drops[i]);
			free(drops[i]);
		}
	}

	/* 2. pick tables */
	exec(picks);
	exec("COMMIT");
	load_picks();
	n_have = one_int("SELECT count(*) FROM cases");
	n_open_have = one_int("SELECT count(*) FROM cases WHERE accepted_day IS NOT"
	    " NULL AND finished_day IS NULL");
	max_id = one_int("SELECT coalesce(max(id), 0) FROM cases");
	if (n_total <= n_have || n_open <= n_open_have || n_total >= 1 << 25 ||
	    n_open - n_open_have > (n_total - n_have) * 4 / 5)
		die("N_TOTAL / N_OPEN do not fit the demo's own cases");
	fprintf(stderr, "board_build: demo has %lld cases (%lld open); %d item"
	    " picks, %d applicants; adding %lld\n", (long long)n_have,
	    (long long)n_open_have, n_items, n_apps, (long long)(n_total - n_have));

	/* 3. the cases */
	insert_cases(today, n_total - n_have, n_open - n_open_have, max_id);
	t1 = now_s();

	/* 4. watch_counts as the triggers would have kept them */
	exec("BEGIN");
	exec("CREATE TEMP TABLE open_cases AS SELECT * FROM cases WHERE"
	    " accepted_day IS NOT NULL AND finished_day IS NULL");
	exec("DELETE FROM watch_counts");
	exec(backfill);
	exec("DROP TABLE open_cases");
	exec("COMMIT");
	fprintf(stderr, "board_build: watch_counts rebuilt, %.0f s\n", now_s() - t1);

	/* 5. indexes and triggers back, then the checks */
	exec("PRAGMA threads=2");
	for (int i = 0; i < n_saved; i++) {
		double ti = now_s();

		exec(saved[i]);
		fprintf(stderr, "board_build: %.60s ... %.0f s\n", strtok(saved[i], "\n"),
		    now_s() - ti);
		free(saved[i]);
	}
	if (one_int("SELECT count(*) FROM (SELECT dim, sum(n) AS n FROM watch_counts"
	    " GROUP BY dim) WHERE n <> (SELECT count(*) FROM cases WHERE"
	    " accepted_day IS NOT NULL AND finished_day IS NULL AND deadline_day"
	    " IS NOT NULL)") ||
	    one_int("SELECT count(*) FROM watch_counts") == 0 ||
	    one_int("SELECT count(*) FROM (SELECT dept_id, count(*) AS n FROM cases"
	    " WHERE accepted_day IS NOT NULL AND finished_day IS NULL GROUP BY"
	    " dept_id) c LEFT JOIN (SELECT key, sum(n) AS n FROM watch_counts"
	    " WHERE dim = 1 GROUP BY key) w ON w.key = c.dept_id WHERE"
	    " w.n IS NOT c.n"))
		die("watch_counts does not agree with the cases");
	/* 6. what three years of triggers would have left besides: a row at
	 * n = 0 for every (dimension key, deadline day, ...) that only
	 * finished cases had (the triggers decrement, never delete).  Kept
	 * aside in bench_watch_history; board.sh adds them for one phase. */
	t1 = now_s();
	exec("BEGIN");
	exec("CREATE TEMP TABLE fin AS SELECT region_id, deadline_day, warn_days,"
	    " dept_id, window_id, coalesce(handler_id, clerk_id) AS holder FROM cases"
	    " WHERE accepted_day IS NOT NULL AND finished_day IS NOT NULL AND"
	    " deadline_day IS NOT NULL");
	exec("DROP TABLE IF EXISTS bench_watch_history");
	exec("CREATE TABLE bench_watch_history AS SELECT * FROM ("
	    " SELECT 0 AS dim, 0 AS key, region_id, deadline_day, warn_days,"
	    "  0 AS paused FROM fin"
	    " UNION SELECT 1, dept_id, region_id, deadline_day, warn_days, 0 FROM fin"
	    " UNION SELECT 2, coalesce(window_id, 0), region_id, deadline_day,"
	    "  warn_days, 0 FROM fin"
	    " UNION SELECT 3, coalesce(holder, 0), region_id, deadline_day,"
	    "  warn_days, 0 FROM fin"
	    " UNION SELECT 4, region_id, region_id, deadline_day, warn_days, 0"
	    "  FROM fin) h WHERE NOT EXISTS (SELECT 1 FROM watch_counts w WHERE"
	    " w.dim = h.dim AND w.key = h.key AND w.region_id = h.region_id AND"
	    " w.deadline_day = h.deadline_day AND w.warn_days = h.warn_days AND"
	    " w.paused = h.paused)");
	exec("DROP TABLE fin");
	exec("COMMIT");
	fprintf(stderr, "board_build: %lld zero rows of history set aside, %.0f s\n",
	    (long long)one_int("SELECT count(*) FROM bench_watch_history"),
	    now_s() - t1);

	exec("PRAGMA journal_mode=WAL");
	if (sqlite3_close(db) != SQLITE_OK)
		die("close");
	fprintf(stderr, "board_build: done in %.0f s\n", now_s() - t0);
	free(picks);
	free(backfill);
	return 0;
}
