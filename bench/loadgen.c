/*
 * loadgen.c - a small HTTP/1.1 keep-alive load generator that drives case
 * transitions through govhall's API (bench/run.sh runs it).
 *
 *   loadgen setup --port P --clients N --out FILE
 *       Finds the demo centre's 市场监管局, a 承诺件 item of it whose review
 *       has a reviewer step and a chief step, the item's required
 *       materials, and that department's chief (首席代表, via GET
 *       /api/v1/staff as admin); then logs in N sets of three sessions
 *       (clerk, reviewer, chief) and writes all of it to FILE.  Logging in
 *       costs an argon2id hash each, so this is done once, before any
 *       measurement, and the sessions are reused by every "run".
 *
 *   loadgen run --port P --clients N --seconds S --setup FILE
 *       N threads, each with its own connection and its own three sessions
 *       (line i of FILE), repeat for S seconds the whole life of a case:
 *           create (clerk, POST /cases)          - counted as a create
 *           accept, start_review (clerk)         - one transition each
 *           approve per review step (reviewer or chief, as the step says)
 *           complete (clerk)                     - one transition
 *       Every 2xx answer to POST /cases/{id}/actions is one transition;
 *       anything else is an error and the case is abandoned.  Prints one
 *       key=value line with the counts, rates and the p50/p99 latency of
 *       the action requests (and of the creates), and the query code of
 *       one completed case for the progress benchmark.
 *
 * Only 127.0.0.1 is ever contacted.  Threads share nothing but the
 * read-only setup and a start barrier; each keeps its own samples, merged
 * after join.  Errors exit 1 with a message on stderr.
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CLIENTS 256
#define MAX_MATERIALS 32
#define RESP_CAP (4u << 20)      /* a larger answer is an error */
#define REQ_CAP (16u << 10)
#define MAX_SAMPLES (1u << 20)   /* per thread and kind */
#define TOKEN_LEN 64
#define PASSWORD "govhall-demo"

struct sessions {
	char clerk[TOKEN_LEN + 1];
	char reviewer[TOKEN_LEN + 1];
	char chief[TOKEN_LEN + 1];
};

struct setup {
	char item_code[32];
	char *create_body;                 /* JSON of POST /cases */
	struct sessions sess[MAX_CLIENTS];
	int n_sess;
};

struct conn {
	int fd;
	int port;
	char *buf;     /* the whole answer: head and body */
	size_t len;
	size_t cap;
	bool close_after;
};

struct samples {
	double *v;
	size_t n, cap;
};

struct worker {
	pthread_t tid;
	int idx;
	const struct setup *su;
	long long transitions, creates, errors, completed;
	struct samples act_ms, create_ms;
	char query_code[32];
	char err[256];
};

static int g_port;
/* Workers connect, wait at g_ready, and start after g_go; main sets
 * g_deadline between the two, so the barriers order it for every reader. */
static pthread_barrier_t g_ready, g_go;
static double g_deadline;

static void die(const char *msg)
{
	fprintf(stderr, "loadgen: %s\n", msg);
	exit(1);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n);

	if (!p)
		die("out of memory");
	return p;
}

static void sample_add(struct samples *s, double v)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 4096;
		double *p;

		if (cap > MAX_SAMPLES)
			return; /* enough for the quantiles */
		p = realloc(s->v, cap * sizeof *p);
		if (!p)
			die("out of memory");
		s->v = p;
		s->cap = cap;
	}
	s->v[s->n++] = v;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The q-quantile of s after sorting it; 0 when empty. */
static double quantile(struct samples *s, double q)
{
	size_t i;

	if (!s->n)
		return 0;
	qsort(s->v, s->n, sizeof *s->v, cmp_double);
	i = (size_t)(q * (double)(s->n - 1) + 0.5);
	return s->v[i < s->n ? i : s->n - 1];
}

/* ---- HTTP ---------------------------------------------------------------- */

static int conn_open(struct conn *c)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	int one = 1;

	a.sin_port = htons((unsigned short)c->port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	c->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (c->fd < 0)
		return -1;
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(c->fd, (struct sockaddr *)&a, sizeof a)) {
		close(c->fd);
		c->fd = -1;
		return -1;
	}
	c->close_after = false;
	return 0;
}

static void conn_init(struct conn *c, int port)
{
	memset(c, 0, sizeof *c);
	c->fd = -1;
	c->port = port;
	c->cap = 64u << 10;
	c->buf = xmalloc(c->cap + 1);
}

static void conn_close(struct conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

static void conn_free(struct conn *c)
{
	conn_close(c);
	free(c->buf);
	c->buf = NULL;
}

static int send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = send(fd, p, n, MSG_NOSIGNAL);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Value of header name in the head [buf, head_end), or NULL. */
static const char *header(const char *buf, const char *head_end,
    const char *name)
{
	size_t n = strlen(name);

	for (const char *p = strstr(buf, "\r\n"); p && p < head_end;
	    p = strstr(p + 2, "\r\n")) {
		if (!strncasecmp(p + 2, name, n) && p[2 + n] == ':') {
			p += 3 + n;
			while (*p == ' ')
				p++;
			return p;
		}
	}
	return NULL;
}

/*
 * Sends one request and reads its whole answer into c->buf.  On success
 * writes the status and the body (inside c->buf, NUL-terminated, valid
 * until the next request) and returns 0; -1 on a connection or protocol
 * error.  A request that finds its kept-alive connection closed before
 * sending is sent once more on a new one.
 */
static int http_do(struct conn *c, const char *method, const char *path,
    const char *token, const char *body, int *status, const char **out,
    size_t *out_len)
{
	char req[REQ_CAP], auth[TOKEN_LEN + 32] = "";
	size_t blen = body ? strlen(body) : 0, clen = 0, head = 0;
	int n, tries = 0;
	char *end;

	if (token)
		snprintf(auth, sizeof auth, "Authorization: Bearer %s\r\n", token);
	n = snprintf(req, sizeof req, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
	    "%sContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
	    method, path, c->port, auth, blen);
	if (n < 0 || (size_t)n + blen >= sizeof req)
		return -1;
	memcpy(req + n, body ? body : "", blen);
again:
	if (c->fd < 0 && conn_open(c))
		return -1;
	if (send_all(c->fd, req, (size_t)n + blen)) {
		conn_close(c);
		if (tries++ == 0)
			goto again;
		return -1;
	}
	c->len = 0;
	for (;;) {
		ssize_t k;

		if (c->len == c->cap) {
			char *p;

			if (c->cap >= RESP_CAP)
				return -1;
			p = realloc(c->buf, c->cap * 2 + 1);
			if (!p)
				die("out of memory");
			c->buf = p;
			c->cap *= 2;
		}
		k = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			conn_close(c);
			/* closed while idle: the request was not read */
			if (c->len == 0 && tries++ == 0)
				goto again;
			return -1;
		}
		c->len += (size_t)k;
		c->buf[c->len] = 0;
		if (!head) {
			char *e = strstr(c->buf, "\r\n\r\n");
			const char *v;

			if (!e)
				continue;
			head = (size_t)(e - c->buf) + 4;
			v = header(c->buf, e, "Content-Length");
			if (!v)
				return -1; /* govhall always sends a length */
			clen = strtoul(v, &end, 10);
			v = header(c->buf, e, "Connection");
			c->close_after = v && !strncasecmp(v, "close", 5);
		}
		if (c->len >= head + clen)
			break;
	}
	if (strncmp(c->buf, "HTTP/1.", 7))
		return -1;
	*status = (int)strtol(c->buf + 9, &end, 10);
	c->buf[head + clen] = 0;
	*out = c->buf + head;
	*out_len = clen;
	if (c->close_after)
		conn_close(c);
	return 0;
}

/* GET or POST expecting a 2xx JSON answer; NULL (and a message) if not. */
static json_t *call_json(struct conn *c, const char *method, const char *path,
    const char *token, const char *body)
{
	const char *resp;
	size_t len;
	int status;
	json_t *j;

	if (http_do(c, method, path, token, body, &status, &resp, &len)) {
		fprintf(stderr, "loadgen: %s %s: no answer from 127.0.0.1:%d\n",
		    method, path, c->port);
		return NULL;
	}
	if (status < 200 || status > 299) {
		fprintf(stderr, "loadgen: %s %s: %d %.300s\n", method, path, status,
		    resp);
		return NULL;
	}
	j = json_loadb(resp, len, 0, NULL);
	if (!j)
		fprintf(stderr, "loadgen: %s %s: answer is not JSON\n", method,
		    path);
	return j;
}

/* ---- setup --------------------------------------------------------------- */

static int login(struct conn *c, const char *user, char out[TOKEN_LEN + 1])
{
	char body[256];
	json_t *j;
	const char *tok;

	snprintf(body, sizeof body,
	    "{\"username\":\"%s\",\"password\":\"" PASSWORD "\"}", user);
	/* Many logins of one account at once from one address are slowed
	 * by govhall's throttling (429 with retry_after): wait and retry, as
	 * a client should, for at most 30 s. */
	for (int tries = 0; !(j = call_json(c, "POST", "/api/v1/session",
	    NULL, body)); tries++) {
		if (tries == 30)
			return -1;
		sleep(1);
	}
	tok = json_string_value(json_object_get(j, "token"));
	if (!tok || strlen(tok) != TOKEN_LEN) {
		json_decref(j);
		return -1;
	}
	memcpy(out, tok, TOKEN_LEN + 1);
	json_decref(j);
	return 0;
}

struct login_job {
	pthread_t tid;
	struct setup *su;
	const char *chief;
	int first, step, failed;
};

/* Logs in the sessions first, first + step, ... of su->sess. */
static void *login_thread(void *arg)
{
	struct login_job *job = arg;
	struct conn c;

	conn_init(&c, g_port);
	for (int i = job->first; i < job->su->n_sess && !job->failed;
	    i += job->step) {
		struct sessions *s = &job->su->sess[i];

		job->failed = login(&c, "clerk", s->clerk) ||
		    login(&c, "reviewer", s->reviewer) ||
		    login(&c, job->chief, s->chief);
	}
	conn_free(&c);
	return NULL;
}

static bool role_is(json_t *v, const char *name, int bit)
{
	return json_is_string(v) ? !strcmp(json_string_value(v), name) :
	    json_integer_value(v) == bit;
}

/* Counts the review steps by role among the steps of an item. */
static void count_steps(json_t *steps, int *reviewer, int *chief)
{
	size_t i;
	json_t *s;

	*reviewer = *chief = 0;
	json_array_foreach(steps, i, s) {
		const char *r = json_string_value(json_object_get(s, "role"));

		*reviewer += r && !strcmp(r, "reviewer");
		*chief += r && !strcmp(r, "chief");
	}
}

static int cmd_setup(int clients, const char *out_path)
{
	struct setup *su = calloc(1, sizeof *su);
	json_t *deps = NULL, *items = NULL, *item = NULL, *staff = NULL, *v;
	json_t *create = NULL, *mats;
	char path[256], admin[TOKEN_LEN + 1], chief[64] = "";
	long long dept = 0;
	struct conn c;
	struct login_job jobs[4];
	FILE *f;
	size_t i;
	int rc = 1, n_jobs = 4;

	if (!su)
		die("out of memory");
	conn_init(&c, g_port);
	if (!(deps = call_json(&c, "GET", "/api/v1/departments", NULL, NULL)))
		goto out;
	json_array_foreach(json_object_get(deps, "data"), i, v) {
		const char *s = json_string_value(json_object_get(v, "short_name"));

		if (s && !strcmp(s, "市场监管局"))
			dept = json_integer_value(json_object_get(v, "id"));
	}
	if (!dept) {
		fprintf(stderr, "loadgen: no department 市场监管局 (demo centre?)\n");
		goto out;
	}
	snprintf(path, sizeof path, "/api/v1/items?dept=%lld&instant=false",
	    dept);
	if (!(items = call_json(&c, "GET", path, NULL, NULL)))
		goto out;
	/* The first 承诺件 whose review has both a reviewer and a chief step,
	 * so that a case passes through three people as it does in the hall;
	 * failing that, the first 承诺件 at all. */
	json_array_foreach(json_object_get(items, "data"), i, v) {
		const char *code = json_string_value(json_object_get(v, "code"));
		int nr, nc;
		json_t *it;

		if (!code || json_is_true(json_object_get(v, "retired")))
			continue;
		snprintf(path, sizeof path, "/api/v1/items/%s", code);
		if (!(it = call_json(&c, "GET", path, NULL, NULL)))
			goto out;
		count_steps(json_object_get(it, "steps"), &nr, &nc);
		if (!item || (nr && nc)) {
			json_decref(item);
			item = it;
		} else {
			json_decref(it);
		}
		if (nr && nc)
			break;
	}
	if (!item) {
		fprintf(stderr, "loadgen: 市场监管局 has no 承诺件 item\n");
		goto out;
	}
	snprintf(su->item_code, sizeof su->item_code, "%s",
	    json_string_value(json_object_get(item, "code")));
	mats = json_array();
	json_array_foreach(json_object_get(item, "materials"), i, v)
		if (json_is_true(json_object_get(v, "required")) &&
		    json_array_size(mats) < MAX_MATERIALS)
			json_array_append(mats, json_object_get(v, "name"));
	create = json_pack("{s:s,s:o,s:{s:s,s:s,s:s},s:s}", "item_code",
	    su->item_code, "materials", mats, "applicant", "name", "张三",
	    "id_number", "450323199001011234", "phone", "13800000000", "note",
	    "bench");

	if (login(&c, "admin", admin) ||
	    !(staff = call_json(&c, "GET", "/api/v1/staff", admin, NULL)))
		goto out;
	json_array_foreach(json_object_get(staff, "data"), i, v) {
		const char *u = json_string_value(json_object_get(v, "username"));

		if (u && !chief[0] && role_is(json_object_get(v, "role"), "chief",
		    4) && json_integer_value(json_object_get(v, "dept_id")) == dept)
			snprintf(chief, sizeof chief, "%s", u);
	}
	if (!chief[0]) {
		fprintf(stderr, "loadgen: 市场监管局 has no chief (首席代表)\n");
		goto out;
	}

	su->n_sess = clients;
	for (int k = 0; k < n_jobs; k++) {
		jobs[k] = (struct login_job){.su = su, .chief = chief, .first = k,
		    .step = n_jobs};
		pthread_create(&jobs[k].tid, NULL, login_thread, &jobs[k]);
	}
	for (int k = 0; k < n_jobs; k++)
		pthread_join(jobs[k].tid, NULL);
	for (int k = 0; k < n_jobs; k++)
		if (jobs[k].failed)
			goto out;

	f = fopen(out_path, "w");
	if (!f) {
		fprintf(stderr, "loadgen: cannot write %s\n", out_path);
		goto out;
	}
	fprintf(f, "item %s\nchief %s\n", su->item_code, chief);
	json_dumpf(create, f, JSON_COMPACT | JSON_ENSURE_ASCII);
	fputc('\n', f);
	for (int k = 0; k < su->n_sess; k++)
		fprintf(f, "session %s %s %s\n", su->sess[k].clerk,
		    su->sess[k].reviewer, su->sess[k].chief);
	rc = fclose(f) ? 1 : 0;
	printf("setup item=%s chief=%s sessions=%d\n", su->item_code, chief,
	    su->n_sess * 3);
out:
	json_decref(deps);
	json_decref(items);
	json_decref(item);
	json_decref(staff);
	json_decref(create);
	conn_free(&c);
	free(su);
	return rc;
}

static int read_setup(const char *path, struct setup *su)
{
	FILE *f = fopen(path, "r");
	char line[REQ_CAP];

	if (!f)
		return -1;
	memset(su, 0, sizeof *su);
	while (fgets(line, sizeof line, f)) {
		struct sessions *s;

		line[strcspn(line, "\n")] = 0;
		if (!strncmp(line, "item ", 5)) {
			snprintf(su->item_code, sizeof su->item_code, "%.31s",
			    line + 5);
		} else if (line[0] == '{') {
			free(su->create_body);
			su->create_body = strdup(line);
		} else if (!strncmp(line, "session ", 8) &&
		    su->n_sess < MAX_CLIENTS) {
			s = &su->sess[su->n_sess];
			if (sscanf(line + 8, "%64s %64s %64s", s->clerk, s->reviewer,
			    s->chief) == 3)
				su->n_sess++;
		}
	}
	fclose(f);
	return su->create_body && su->n_sess ? 0 : -1;
}

/* ---- the transition loop ------------------------------------------------- */

/*
 * One write request of the loop: sends it unless the deadline has passed,
 * records its latency in s, and returns the parsed 2xx answer (NULL on a
 * refusal, which counts as an error, or after the deadline).
 */
static json_t *write_req(struct worker *w, struct conn *c, const char *path,
    const char *token, const char *body, struct samples *s, bool *stop)
{
	const char *resp;
	size_t len;
	int status;
	double t0 = now_s(), t1;
	json_t *j;

	if (t0 >= g_deadline) {
		*stop = true;
		return NULL;
	}
	if (http_do(c, "POST", path, token, body, &status, &resp, &len)) {
		snprintf(w->err, sizeof w->err, "POST %s: connection failed", path);
		*stop = true;
		return NULL;
	}
	t1 = now_s();
	sample_add(s, (t1 - t0) * 1000.0);
	if (status < 200 || status > 299) {
		w->errors++;
		if (!w->err[0])
			snprintf(w->err, sizeof w->err, "POST %s: %d %.180s", path,
			    status, resp);
		return NULL;
	}
	j = json_loadb(resp, len, 0, NULL);
	if (!j)
		w->errors++;
	return j;
}

static const char *state_of(json_t *c)
{
	const char *s = json_string_value(json_object_get(c, "state"));

	return s ? s : "";
}

/* The role that must take the case's current review step. */
static const char *step_role(json_t *c)
{
	json_int_t i = json_integer_value(json_object_get(c, "step_index"));
	json_t *s = json_array_get(json_object_get(c, "steps"), (size_t)i);
	const char *r = json_string_value(json_object_get(s, "role"));

	return r ? r : "";
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	const struct sessions *s = &w->su->sess[w->idx];
	struct conn c;
	bool stop = false;
	char path[96];

	conn_init(&c, g_port);
	if (conn_open(&c))
		snprintf(w->err, sizeof w->err, "cannot connect");
	pthread_barrier_wait(&g_ready);
	pthread_barrier_wait(&g_go);
	while (!stop && c.fd >= 0) {
		json_t *cs, *next;
		long long id;
		const char *qc;

		cs = write_req(w, &c, "/api/v1/cases", s->clerk,
		    w->su->create_body, &w->create_ms, &stop);
		if (!cs)
			continue;
		w->creates++;
		id = (long long)json_integer_value(json_object_get(cs, "id"));
		snprintf(path, sizeof path, "/api/v1/cases/%lld/actions", id);
		json_decref(cs);
		cs = write_req(w, &c, path, s->clerk, "{\"action\":\"accept\"}",
		    &w->act_ms, &stop);
		if (!cs)
			continue;
		w->transitions++;
		json_decref(cs);
		cs = write_req(w, &c, path, s->clerk,
		    "{\"action\":\"start_review\"}", &w->act_ms, &stop);
		if (!cs)
			continue;
		w->transitions++;
		while (cs && !strcmp(state_of(cs), "under_review")) {
			const char *tok = !strcmp(step_role(cs), "reviewer") ?
			    s->reviewer : s->chief;

			next = write_req(w, &c, path, tok, "{\"action\":\"approve\"}",
			    &w->act_ms, &stop);
			json_decref(cs);
			cs = next;
			w->transitions += cs != NULL;
		}
		if (!cs)
			continue;
		if (strcmp(state_of(cs), "decided")) {
			w->errors++;
			snprintf(w->err, sizeof w->err, "approved case is %s",
			    state_of(cs));
			json_decref(cs);
			continue;
		}
		qc = json_string_value(json_object_get(cs, "query_code"));
		if (qc)
			snprintf(w->query_code, sizeof w->query_code, "%s", qc);
		json_decref(cs);
		cs = write_req(w, &c, path, s->clerk, "{\"action\":\"complete\"}",
		    &w->act_ms, &stop);
		if (cs) {
			w->transitions++;
			w->completed++;
			json_decref(cs);
		}
	}
	conn_free(&c);
	return NULL;
}

static int cmd_run(int clients, double seconds, const char *setup_path)
{
	static struct setup su;
	struct worker *w;
	struct samples act = {0}, cre = {0};
	long long tr = 0, cr = 0, er = 0, done = 0;
	const char *qc = "", *err = NULL;
	double t0, t1;

	if (read_setup(setup_path, &su)) {
		fprintf(stderr, "loadgen: bad setup file %s\n", setup_path);
		return 1;
	}
	if (clients > su.n_sess) {
		fprintf(stderr, "loadgen: %d clients but %d sessions in %s\n",
		    clients, su.n_sess, setup_path);
		return 1;
	}
	w = calloc((size_t)clients, sizeof *w);
	if (!w)
		die("out of memory");
	pthread_barrier_init(&g_ready, NULL, (unsigned)clients + 1);
	pthread_barrier_init(&g_go, NULL, (unsigned)clients + 1);
	for (int i = 0; i < clients; i++) {
		w[i].idx = i;
		w[i].su = &su;
		pthread_create(&w[i].tid, NULL, worker_main, &w[i]);
	}
	pthread_barrier_wait(&g_ready);
	t0 = now_s();
	g_deadline = t0 + seconds;
	pthread_barrier_wait(&g_go);
	for (int i = 0; i < clients; i++)
		pthread_join(w[i].tid, NULL);
	t1 = now_s();
	for (int i = 0; i < clients; i++) {
		tr += w[i].transitions;
		cr += w[i].creates;
		er += w[i].errors;
		done += w[i].completed;
		if (w[i].query_code[0])
			qc = w[i].query_code;
		if (w[i].err[0] && !err)
			err = w[i].err;
		for (size_t k = 0; k < w[i].act_ms.n; k++)
			sample_add(&act, w[i].act_ms.v[k]);
		for (size_t k = 0; k < w[i].create_ms.n; k++)
			sample_add(&cre, w[i].create_ms.v[k]);
		free(w[i].act_ms.v);
		free(w[i].create_ms.v);
	}
	if (err)
		fprintf(stderr, "loadgen: first error: %s\n", err);
	printf("transitions clients=%d seconds=%.2f transitions=%lld tps=%.1f"
	    " creates=%lld completed=%lld writes_per_s=%.1f errors=%lld"
	    " p50_ms=%.2f p99_ms=%.2f create_p50_ms=%.2f create_p99_ms=%.2f"
	    " query_code=%s\n", clients, t1 - t0, tr, (double)tr / (t1 - t0),
	    cr, done, (double)(tr + cr) / (t1 - t0), er, quantile(&act, 0.50),
	    quantile(&act, 0.99), quantile(&cre, 0.50), quantile(&cre, 0.99),
	    qc[0] ? qc : "-");
	free(act.v);
	free(cre.v);
	free(w);
	free(su.create_body);
	return tr > 0 ? 0 : 1;
}

/* ---- main ---------------------------------------------------------------- */

static void usage(void)
{
	fprintf(stderr,
	    "usage: loadgen setup --port P --clients N --out FILE\n"
	    "       loadgen run --port P --clients N --seconds S --setup FILE\n");
	exit(2);
}

static long int_arg(const char *s, long lo, long hi)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*end || v < lo || v > hi)
		usage();
	return v;
}

int main(int argc, char **argv)
{
	const char *file = NULL;
	int clients = 1;
	double seconds = 10;
	char *end;

	if (argc < 2)
		usage();
	for (int i = 2; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--port"))
			g_port = (int)int_arg(argv[i + 1], 1, 65535);
		else if (!strcmp(argv[i], "--clients"))
			clients = (int)int_arg(argv[i + 1], 1, MAX_CLIENTS);
		else if (!strcmp(argv[i], "--seconds")) {
			seconds = strtod(argv[i + 1], &end);
			if (*end || seconds <= 0 || seconds > 600)
				usage();
		} else if (!strcmp(argv[i], "--out") ||
		    !strcmp(argv[i], "--setup"))
			file = argv[i + 1];
		else
			usage();
	}
	if (argc % 2 || !g_port || !file)
		usage();
	if (!strcmp(argv[1], "setup"))
		return cmd_setup(clients, file);
	if (!strcmp(argv[1], "run"))
		return cmd_run(clients, seconds, file);
	usage();
	return 2;
}
