/*
 * board_bench.c - the measuring side of bench/board.sh (the supervision
 * board over 1 M open / 10 M cases).
 *
 *   board_bench http --port P --token T --path PATH --requests N
 *                    [--warmup W] [--out FILE]
 *       W then N sequential GETs of PATH on one keep-alive connection to
 *       127.0.0.1:P with "Authorization: Bearer T"; every answer must be
 *       200.  Prints one key=value line: requests, p50_ms, p99_ms, mean_ms,
 *       min_ms, max_ms, bytes (of the last answer), which FILE receives.
 *
 *   board_bench count --db DB --today DAY --requests N [--warmup W]
 *                    [--index NAME] [--out FILE]
 *       The baseline: the same question answered by counting cases.  Turns
 *       today into the light cut-offs with each region's working-day
 *       calendar (calendar_days of the region or its nearest ancestor, else
 *       Monday to Friday; the rules of src/api/supervision.c: red when the
 *       deadline is before the latest working day up to today, yellow when
 *       at most warn_days working days remain, paused for states 3 and 7),
 *       then runs, W + N times, one aggregate over the open cases
 *           SELECT dept_id, count(*), sum(paused), sum(red), sum(yellow)
 *           FROM cases INDEXED BY NAME WHERE accepted_day IS NOT NULL AND
 *           finished_day IS NULL AND deadline_day IS NOT NULL GROUP BY dept_id
 *       (NAME: a partial index over the open cases; default cases_watch)
 *       with a 512 MiB page cache, so that after the warm-up every page is
 *       in memory.  Prints the timings, the query plan and the totals;
 *       writes {"<dept_id>": [green, yellow, red, paused], ...} to FILE.
 *
 *   board_bench watch --db DB --mask M --requests N [--warmup W]
 *       Times, in process, govhall's read of watch_counts for the board
 *       of the dimensions in mask M (3: department board, 9: clerk board):
 *       store_watch_rows's statement as it was (a test on the mask, so a
 *       scan of the whole table) and as it is (dim IN (...), one
 *       primary-key range per dimension).  Prints the rows in those
 *       dimensions, the rows returned and the p50 of each.
 *
 *   board_bench check --board BOARD_JSON --counts COUNTS_JSON
 *       Compares the board's answer (group=department) with the counts,
 *       department by department and in total; prints match=yes or the
 *       differences (and exits 1).
 *
 * Only 127.0.0.1 is contacted.
 */
#define _GNU_SOURCE   /* strcasestr */

#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define RESP_CAP (64u << 20)
#define MAX_REGIONS 256
#define WARN_MAX 30
#define CAL_SPAN 800   /* days either side of today the calendar covers */

static void die(const char *msg)
{
	fprintf(stderr, "board_bench: %s\n", msg);
	exit(1);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sorts v and prints p50, p99, mean, min, max. */
static void print_stats(double *v, int n)
{
	double sum = 0;

	qsort(v, (size_t)n, sizeof *v, cmp_double);
	for (int i = 0; i < n; i++)
		sum += v[i];
	printf("p50_ms=%.3f p99_ms=%.3f mean_ms=%.3f min_ms=%.3f max_ms=%.3f",
	    v[(n - 1) / 2], v[(int)((n - 1) * 0.99 + 0.5)], sum / n, v[0],
	    v[n - 1]);
}

static void write_file(const char *path, const char *buf, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(buf, 1, n, f) != n || fclose(f))
		die("cannot write the output file");
}

/* ---- http ------------------------------------------------------------------ */

struct conn {
	int fd, port;
	char *buf;
	size_t len, cap;
};

static void conn_open(struct conn *c)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	int one = 1;

	a.sin_port = htons((unsigned short)c->port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	c->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (c->fd < 0)
		die("socket");
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(c->fd, (struct sockaddr *)&a, sizeof a))
		die("cannot connect to govhall");
}

/* One GET; the body (NUL-terminated) stays in c->buf from *body. */
static int get(struct conn *c, const char *req, size_t req_len,
    const char **body, size_t *body_len)
{
	size_t head = 0, clen = 0;

	if (c->fd < 0)
		conn_open(c);
	for (size_t off = 0; off < req_len;) {
		ssize_t k = send(c->fd, req + off, req_len - off, MSG_NOSIGNAL);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			die("send");
		off += (size_t)k;
	}
	c->len = 0;
	for (;;) {
		ssize_t k;

		if (c->len == c->cap) {
			if (c->cap >= RESP_CAP)
				die("answer too large");
			c->cap *= 2;
			if (!(c->buf = realloc(c->buf, c->cap + 1)))
				die("out of memory");
		}
		k = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			die("connection closed by govhall");
		c->len += (size_t)k;
		c->buf[c->len] = 0;
		if (!head) {
			char *e = strstr(c->buf, "\r\n\r\n"), *v;

			if (!e)
				continue;
			head = (size_t)(e - c->buf) + 4;
			*e = 0;
			v = strcasestr(c->buf, "\r\nContent-Length:");
			*e = '\r';
			if (!v)
				die("answer without Content-Length");
			clen = strtoul(v + 17, NULL, 10);
		}
		if (c->len >= head + clen)
			break;
	}
	c->buf[head + clen] = 0;
	*body = c->buf + head;
	*body_len = clen;
	if (strncmp(c->buf, "HTTP/1.", 7))
		die("not an HTTP answer");
	return atoi(c->buf + 9);
}

static int cmd_http(int port, const char *token, const char *path, int n,
    int warmup, const char *out)
{
	struct conn c = {.fd = -1, .port = port, .cap = 1u << 20};
	char req[4096];
	int len = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d"
	    "\r\nAuthorization: Bearer %s\r\n\r\n", path, port, token);
	double *v = calloc((size_t)n, sizeof *v);
	const char *body = NULL;
	size_t blen = 0;

	if (!(c.buf = malloc(c.cap + 1)) || !v)
		die("out of memory");
	if (len <= 0 || (size_t)len >= sizeof req)
		die("request too long");
	for (int i = 0; i < warmup + n; i++) {
		double t0 = now_ms();
		int status = get(&c, req, (size_t)len, &body, &blen);

		if (status != 200) {
			fprintf(stderr, "board_bench: GET %s: %d %.300s\n", path, status,
			    body);
			exit(1);
		}
		if (i >= warmup)
			v[i - warmup] = now_ms() - t0;
	}
	if (out)
		write_file(out, body, blen);
	printf("requests=%d ", n);
	print_stats(v, n);
	printf(" bytes=%zu\n", blen);
	close(c.fd);
	free(c.buf);
	free(v);
	return 0;
}

/* ---- the counting baseline -------------------------------------------------- */

static sqlite3 *db;

static void sql_die(const char *what)
{
	fprintf(stderr, "board_bench: %s: %s\n", what, sqlite3_errmsg(db));
	exit(1);
}

static sqlite3_stmt *prep(const char *sql)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		sql_die(sql);
	return s;
}

/* 1970-01-01 was a Thursday. */
static bool weekend(int day)
{
	int wd = ((day + 4) % 7 + 7) % 7;   /* 0 Sunday */

	return wd == 0 || wd == 6;
}

/* The light cut-offs of one region for today: red when deadline_day <
 * red_before, yellow when red_before <= deadline_day <= cut[warn_days]. */
struct cutoffs {
	int64_t region;
	int red_before;
	int cut[WARN_MAX + 1];
};

static void region_cutoffs(int64_t region, int today, struct cutoffs *c)
{
	/* the calendar rule of store_calendar_entries: the nearest region's
	 * entry for a day wins; 1 holiday, 2 working day */
	sqlite3_stmt *s = prep("WITH RECURSIVE up(id, depth) AS ("
	    " SELECT ?1, 0 UNION ALL SELECT r.parent_id, up.depth + 1 FROM regions r"
	    " JOIN up ON r.id = up.id WHERE r.parent_id IS NOT NULL)"
	    " SELECT c.day, c.kind FROM calendar_days c JOIN up"
	    " ON c.region_id = up.id WHERE up.depth = (SELECT min(u2.depth)"
	    " FROM up u2 JOIN calendar_days c2 ON c2.region_id = u2.id"
	    " WHERE c2.day = c.day) AND c.day BETWEEN ?2 AND ?3");
	static signed char work[2 * CAL_SPAN + 1];
	int d, k;

	for (d = 0; d <= 2 * CAL_SPAN; d++)
		work[d] = !weekend(today - CAL_SPAN + d);
	sqlite3_bind_int64(s, 1, region);
	sqlite3_bind_int(s, 2, today - CAL_SPAN);
	sqlite3_bind_int(s, 3, today + CAL_SPAN);
	while (sqlite3_step(s) == SQLITE_ROW)
		work[sqlite3_column_int(s, 0) - today + CAL_SPAN] =
		    sqlite3_column_int(s, 1) == 2;
	sqlite3_finalize(s);
	c->region = region;
	/* the latest working day up to today */
	for (d = CAL_SPAN; d > 0 && !work[d]; d--)
		;
	c->red_before = today - CAL_SPAN + d;
	/* at most k working days left: before the (k+1)-th working day after
	 * today */
	for (k = 0; k <= WARN_MAX; k++) {
		int seen = 0;

		for (d = CAL_SPAN + 1; d <= 2 * CAL_SPAN; d++)
			if (work[d] && ++seen == k + 1)
				break;
		if (d > 2 * CAL_SPAN)
			die("calendar span too short");
		c->cut[k] = today - CAL_SPAN + d - 1;
	}
}

static int cmd_count(const char *path, int today, int n, int warmup,
    const char *index, const char *out)
{
	static struct cutoffs cut[MAX_REGIONS];
	int n_cut = 0;
	size_t cap = 1u << 16, off = 0;
	char *sql = malloc(cap), plan[1024] = "";
	double *v = calloc((size_t)n, sizeof *v);
	sqlite3_stmt *s;
	json_t *res = NULL;
	int64_t tot[4] = {0}, rows = 0;

	if (!sql || !v)
		die("out of memory");
	if (strspn(index, "abcdefghijklmnopqrstuvwxyz_0123456789") != strlen(index))
		die("bad index name");
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		sql_die(path);
	if (sqlite3_exec(db, "PRAGMA cache_size=-524288; PRAGMA temp_store=MEMORY",
	    NULL, NULL, NULL) != SQLITE_OK)
		sql_die("pragma");
	/* every region a department (so a case) belongs to */
	s = prep("SELECT DISTINCT region_id FROM departments ORDER BY 1");
	while (sqlite3_step(s) == SQLITE_ROW && n_cut < MAX_REGIONS) {
		region_cutoffs(sqlite3_column_int64(s, 0), today, &cut[n_cut]);
		n_cut++;
	}
	sqlite3_finalize(s);

#define ADD(...) (off += (size_t)snprintf(sql + off, cap - off, __VA_ARGS__))
	ADD("SELECT dept_id, count(*), sum(state IN (3, 7)),"
	    " sum(state NOT IN (3, 7) AND deadline_day < CASE region_id");
	for (int r = 0; r < n_cut; r++)
		ADD(" WHEN %lld THEN %d", (long long)cut[r].region, cut[r].red_before);
	ADD(" END), sum(state NOT IN (3, 7) AND deadline_day >= CASE region_id");
	for (int r = 0; r < n_cut; r++)
		ADD(" WHEN %lld THEN %d", (long long)cut[r].region, cut[r].red_before);
	ADD(" END AND deadline_day <= CASE region_id");
	for (int r = 0; r < n_cut; r++) {
		ADD(" WHEN %lld THEN CASE warn_days", (long long)cut[r].region);
		for (int k = 0; k <= WARN_MAX; k++)
			ADD(" WHEN %d THEN %d", k, cut[r].cut[k]);
		ADD(" ELSE %d END", cut[r].cut[WARN_MAX]);
	}
	ADD(" END) FROM cases INDEXED BY %s WHERE accepted_day IS NOT NULL AND"
	    " finished_day IS NULL AND deadline_day IS NOT NULL GROUP BY dept_id",
	    index);
	if (off >= cap)
		die("query too long");

	{
		char *eqp = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);

		s = prep(eqp);
		while (sqlite3_step(s) == SQLITE_ROW) {
			size_t l = strlen(plan);

			snprintf(plan + l, sizeof plan - l, "%s%s", l ? "; " : "",
			    (const char *)sqlite3_column_text(s, 3));
		}
		sqlite3_finalize(s);
		sqlite3_free(eqp);
	}
	s = prep(sql);
	for (int i = 0; i < warmup + n; i++) {
		double t0 = now_ms();
		bool last = i == warmup + n - 1;

		if (last)
			res = json_object();
		rows = 0;
		while (sqlite3_step(s) == SQLITE_ROW) {
			rows++;
			if (last) {
				char key[24];
				int64_t all = sqlite3_column_int64(s, 1),
				    paused = sqlite3_column_int64(s, 2),
				    red = sqlite3_column_int64(s, 3),
				    yellow = sqlite3_column_int64(s, 4),
				    green = all - paused - red - yellow;

				snprintf(key, sizeof key, "%lld",
				    (long long)sqlite3_column_int64(s, 0));
				json_object_set_new(res, key, json_pack("[IIII]",
				    (json_int_t)green, (json_int_t)yellow, (json_int_t)red,
				    (json_int_t)paused));
				tot[0] += green;
				tot[1] += yellow;
				tot[2] += red;
				tot[3] += paused;
			}
		}
		if (sqlite3_reset(s) != SQLITE_OK)
			sql_die("count");
		if (i >= warmup)
			v[i - warmup] = now_ms() - t0;
	}
	sqlite3_finalize(s);

	if (out) {
		char *txt = json_dumps(res, JSON_SORT_KEYS | JSON_COMPACT);

		write_file(out, txt, strlen(txt));
		free(txt);
	}
	printf("requests=%d ", n);
	print_stats(v, n);
	printf(" groups=%lld green=%lld yellow=%lld red=%lld paused=%lld"
	    " red_before=%d", (long long)rows, (long long)tot[0], (long long)tot[1],
	    (long long)tot[2], (long long)tot[3], cut[0].red_before);
	printf(" plan=\"%s\"\n", plan);
	json_decref(res);
	sqlite3_close(db);
	free(sql);
	free(v);
	return 0;
}

/* ---- govhall's watch_counts read, in process --------------------------------- */

/* Times store_watch_rows's statement for the dimensions of mask, as it was
 * (a test on the mask: every row of watch_counts read) and as it is (dim IN
 * (...): one primary-key range per dimension). */
static int cmd_watch(const char *path, unsigned mask, int n, int warmup)
{
	static const char *const sql[2] = {
		"SELECT dim, key, region_id, deadline_day, warn_days, paused, n"
		" FROM watch_counts WHERE n > 0 AND ((?1 >> dim) & 1) = 1",
		"SELECT dim, key, region_id, deadline_day, warn_days, paused, n"
		" FROM watch_counts WHERE dim IN (?1, ?2, ?3, ?4, ?5) AND n > 0",
	};
	static const char *const name[2] = {"mask", "in"};
	double *v = calloc((size_t)n, sizeof *v);
	int64_t scanned = 0;

	if (!v)
		die("out of memory");
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		sql_die(path);
	{
		sqlite3_stmt *s = prep("SELECT count(*) FROM watch_counts WHERE"
		    " ((?1 >> dim) & 1) = 1");

		sqlite3_bind_int(s, 1, (int)mask);
		if (sqlite3_step(s) == SQLITE_ROW)
			scanned = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	printf("rows_in_dims=%lld", (long long)scanned);
	for (int q = 0; q < 2; q++) {
		sqlite3_stmt *s = prep(sql[q]);
		int64_t rows = 0;

		if (q == 0)
			sqlite3_bind_int(s, 1, (int)mask);
		else
			for (int d = 0; d < 5; d++)
				sqlite3_bind_int(s, d + 1, mask >> d & 1 ? d : -1);
		for (int i = 0; i < warmup + n; i++) {
			double t0 = now_ms();
			int64_t sum = 0;

			rows = 0;
			while (sqlite3_step(s) == SQLITE_ROW) {
				rows++;
				for (int c = 0; c < 7; c++)
					sum += sqlite3_column_int64(s, c);
			}
			if (sqlite3_reset(s) != SQLITE_OK)
				sql_die("watch_counts");
			if (i >= warmup)
				v[i - warmup] = now_ms() - t0;
			if (sum <= 0)
				die("watch_counts is empty");
		}
		sqlite3_finalize(s);
		qsort(v, (size_t)n, sizeof *v, cmp_double);
		printf(" %s_rows=%lld %s_p50_ms=%.3f", name[q], (long long)rows,
		    name[q], v[(n - 1) / 2]);
	}
	printf("\n");
	sqlite3_close(db);
	free(v);
	return 0;
}

/* ---- board vs counts --------------------------------------------------------- */

static int cmd_check(const char *board_path, const char *counts_path)
{
	static const char *const lights[] = {"green", "yellow", "red", "paused"};
	json_error_t e;
	json_t *board = json_load_file(board_path, 0, &e),
	    *counts = json_load_file(counts_path, 0, &e), *g, *arr;
	int64_t tot[4] = {0};
	size_t i, seen = 0;
	int bad = 0;

	if (!board || !counts)
		die("cannot read the board or the counts");
	json_array_foreach(json_object_get(board, "groups"), i, g) {
		char key[24];

		snprintf(key, sizeof key, "%lld", (long long)json_integer_value(
		    json_object_get(g, "id")));
		arr = json_object_get(counts, key);
		for (int b = 0; b < 4; b++) {
			json_int_t have = json_integer_value(json_object_get(g, lights[b])),
			    want = arr ? json_integer_value(json_array_get(arr, (size_t)b)) : 0;

			if (have != want && bad++ < 10)
				printf("department %s %s: board %lld, count %lld\n", key,
				    lights[b], (long long)have, (long long)want);
			tot[b] += want;
		}
		if (arr)
			seen++;
	}
	if (seen != json_object_size(counts) && bad++ < 10)
		printf("departments: board %zu, count %zu\n", seen,
		    json_object_size(counts));
	for (int b = 0; b < 4; b++)
		if (json_integer_value(json_object_get(board, lights[b])) != tot[b] &&
		    bad++ < 10)
			printf("total %s: board %lld, count %lld\n", lights[b],
			    (long long)json_integer_value(json_object_get(board, lights[b])),
			    (long long)tot[b]);
	printf("match=%s\n", bad ? "no" : "yes");
	json_decref(board);
	json_decref(counts);
	return bad ? 1 : 0;
}

/* ---- main ------------------------------------------------------------------------ */

static void usage(void)
{
	fprintf(stderr, "usage: board_bench http --port P --token T --path PATH"
	    " --requests N [--warmup W] [--out FILE]\n"
	    "       board_bench count --db DB --today DAY --requests N [--warmup W]"
	    " [--index NAME] [--out FILE]\n"
	    "       board_bench watch --db DB --mask M --requests N [--warmup W]\n"
	    "       board_bench check --board FILE --counts FILE\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *token = NULL, *path = NULL, *out = NULL, *dbp = NULL,
	    *index = "cases_watch", *board = NULL, *counts = NULL;
	int port = 0, n = 100, warmup = 10, today = 0, mask = 0;

	if (argc < 2)
		usage();
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!val)
			usage();
		if (!strcmp(a, "--port"))
			port = atoi(val);
		else if (!strcmp(a, "--token"))
			token = val;
		else if (!strcmp(a, "--path"))
			path = val;
		else if (!strcmp(a, "--requests"))
			n = atoi(val);
		else if (!strcmp(a, "--warmup"))
			warmup = atoi(val);
		else if (!strcmp(a, "--out"))
			out = val;
		else if (!strcmp(a, "--db"))
			dbp = val;
		else if (!strcmp(a, "--today"))
			today = atoi(val);
		else if (!strcmp(a, "--index"))
			index = val;
		else if (!strcmp(a, "--board"))
			board = val;
		else if (!strcmp(a, "--counts"))
			counts = val;
		else if (!strcmp(a, "--mask"))
			mask = atoi(val);
		else
			usage();
		i++;
	}
	if (n < 1 || warmup < 0)
		usage();
	if (!strcmp(argv[1], "http") && port > 0 && token && path)
		return cmd_http(port, token, path, n, warmup, out);
	if (!strcmp(argv[1], "count") && dbp && today > 0)
		return cmd_count(dbp, today, n, warmup, index, out);
	if (!strcmp(argv[1], "watch") && dbp && mask > 0)
		return cmd_watch(dbp, (unsigned)mask, n, warmup);
	if (!strcmp(argv[1], "check") && board && counts)
		return cmd_check(board, counts);
	usage();
	return 2;
}
