/*
 * server.c - the libmicrohttpd adapter and the router.
 *
 * Owns the MHD daemon, one store connection per worker thread (registered
 * so that shutdown can close them all), and the per-connection request
 * context, and serves the web UI (--static DIR, or the copy embedded in
 * the binary).  See http.h for the request contract.
 *
 * Limits (shared/STYLE.md, measured pitfalls): a thread pool of >= 2 epoll
 * threads, a 30 s connection timeout, at most 1024 connections, request
 * bodies capped at HTTP_BODY_MAX by this file (MHD imposes no cap).
 */
#include "http/http.h"
#include "http/request_check.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "domain/day.h"
#include "domain/role.h"
#include "util/gh_err.h"
#include "util/log.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define MAX_STORES 64

struct server {
	const struct server_config *cfg;
	pthread_t ticker;
	pthread_cond_t tick_cond;
	bool stopping;
	const struct http_route *routes;
	size_t n_routes;
	pthread_mutex_t lock;
	store *stores[MAX_STORES];
	size_t n_stores;
	/* open connections, for the request deadline (watch_lock) */
	pthread_mutex_t watch_lock;
	struct conn_watch *watched;
	pthread_t watchdog;
	bool watchdog_on, ticker_on;
	struct MHD_Daemon *d;
};

/* One open connection, for the watchdog: the socket and the instant by
 * which the request being received must be complete (0: none now). */
struct conn_ctx;
struct conn_watch {
	int fd;
	int64_t deadline_ms;
	struct conn_watch *prev, *next;
	/* The request begun on this connection (on_uri) and not yet completed.
	 * MHD calls the completion callback only for a request whose headers
	 * reached the access handler: a client that sends a request line and
	 * hangs up would leave it behind (found by the hour-long fuzz run,
	 * 8 KiB a connection), so the connection's end frees it. */
	struct conn_ctx *pending;
};

static void conn_ctx_free(struct conn_ctx *cc);

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void watch_set(struct server *srv, struct MHD_Connection *conn,
    int64_t deadline_ms)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn,
	    MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn_watch *w = ci ? ci->socket_context : NULL;

	if (!w)
		return;
	pthread_mutex_lock(&srv->watch_lock);
	w->deadline_ms = deadline_ms;
	pthread_mutex_unlock(&srv->watch_lock);
}

/* The deadline of a request that starts now: after an answer, the next
 * request may first idle for the idle timeout. */
static int64_t next_deadline(const struct server *srv, bool after_answer)
{
	return mono_ms() + (int64_t)srv->cfg->request_deadline_s * 1000 +
	    (after_answer ? (int64_t)srv->cfg->idle_timeout_s * 1000 : 0);
}

static void on_connection(void *cls, struct MHD_Connection *conn,
    void **socket_context, enum MHD_ConnectionNotificationCode toe)
{
	struct server *srv = cls;
	struct conn_watch *w = *socket_context;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn,
		    MHD_CONNECTION_INFO_CONNECTION_FD);

		w = xcalloc(1, sizeof *w);
		w->fd = ci ? ci->connect_fd : -1;
		w->deadline_ms = next_deadline(srv, false);
		pthread_mutex_lock(&srv->watch_lock);
		w->next = srv->watched;
		if (w->next)
			w->next->prev = w;
		srv->watched = w;
		pthread_mutex_unlock(&srv->watch_lock);
		*socket_context = w;
		return;
	}
	if (!w)
		return;
	if (w->pending) {
		conn_ctx_free(w->pending);
		w->pending = NULL;
	}
	/* MHD calls this before it closes the socket, so the watchdog never
	 * acts on a descriptor that was closed and reused. */
	pthread_mutex_lock(&srv->watch_lock);
	if (w->prev)
		w->prev->next = w->next;
	else
		srv->watched = w->next;
	if (w->next)
		w->next->prev = w->prev;
	pthread_mutex_unlock(&srv->watch_lock);
	free(w);
	*socket_context = NULL;
}

/* Shuts down every connection whose request is late: MHD then sees the
 * socket fail and closes it.  Runs until the server stops. */
static void *watchdog_main(void *arg)
{
	struct server *srv = arg;
	struct timespec nap = {0, 250 * 1000 * 1000};

	for (;;) {
		int64_t now = mono_ms();
		int cut = 0;

		pthread_mutex_lock(&srv->lock);
		if (srv->stopping) {
			pthread_mutex_unlock(&srv->lock);
			break;
		}
		pthread_mutex_unlock(&srv->lock);
		pthread_mutex_lock(&srv->watch_lock);
		for (struct conn_watch *w = srv->watched; w; w = w->next) {
			char c;

			if (!w->deadline_ms || w->fd < 0)
				continue;
			/* Past the deadline; or a request not yet complete (or
			 * an idle keep-alive) whose client has gone: nothing more
			 * can arrive on it.  MHD (edge-triggered epoll) does not
			 * notice an end of stream that came with the request's
			 * last bytes until the deadline, so an abandoned request
			 * would hold its place in the per-address limit. */
			if (now > w->deadline_ms ||
			    recv(w->fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 0) {
				shutdown(w->fd, SHUT_RDWR);
				w->deadline_ms = 0;
				cut++;
			}
		}
		pthread_mutex_unlock(&srv->watch_lock);
		if (cut)
			log_info("closed %d connection(s) past the request"
			    " deadline or abandoned by their client", cut);
		nanosleep(&nap, NULL);
	}
	return NULL;
}

/* Per-connection state between MHD's calls of the access handler. */
struct conn_ctx {
	char *body;
	size_t len, cap;
	size_t body_max;       /* HTTP_BODY_MAX, or HTTP_UPLOAD_MAX */
	bool upload_slot;      /* holds one of the HTTP_UPLOADS_MAX slots */
	bool uploads_full;     /* a big body with no slot free: 503 */
	bool too_big;
	bool started;          /* the headers have been checked */
	bool target_too_long;
	int bad;               /* GH_EINVAL when a check refused the request */
	char why[160];         /* its Chinese reason */
	char target[HTTP_TARGET_MAX + 1]; /* the raw target, as received */
	size_t target_len;
};

/* MHD's URI log callback: the first word on a new request, before MHD
 * decodes anything.  Its answer becomes *con_cls. */
/* Bodies over HTTP_BODY_MAX being held now (uploads). */
static atomic_int uploads_held;

static void conn_ctx_free(struct conn_ctx *cc)
{
	if (cc->upload_slot)
		atomic_fetch_sub(&uploads_held, 1);
	free(cc->body);
	free(cc);
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct conn_ctx *cc = xcalloc(1, sizeof *cc);
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn,
	    MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn_watch *w = ci ? ci->socket_context : NULL;
	size_t n = strlen(uri);

	(void)cls;
	if (w) {
		if (w->pending)         /* never completed: not MHD's any more */
			conn_ctx_free(w->pending);
		w->pending = cc;
	}
	if (n > HTTP_TARGET_MAX) {
		cc->target_too_long = true;
		n = 0;
	}
	memcpy(cc->target, uri, n);
	cc->target_len = n;
	return cc;
}

struct header_scan {
	struct conn_ctx *cc;
	int content_lengths;
	char content_length[32];
	bool has_host;
};

static enum MHD_Result scan_header(void *cls, enum MHD_ValueKind kind,
    const char *key, size_t key_size, const char *value, size_t value_size)
{
	struct header_scan *hs = cls;

	(void)kind;
	if (hs->cc->bad)
		return MHD_NO;
	if ((hs->cc->bad = http_check_header(key, key_size, value, value_size,
	    hs->cc->why, sizeof hs->cc->why)))
		return MHD_NO;
	if (!strcasecmp(key, "Host"))
		hs->has_host = true;
	if (!strcasecmp(key, "Content-Length")) {
		/* Two different lengths: which one frames the body is for a
		 * proxy and the server to disagree on (request smuggling). */
		if (hs->content_lengths++ && strcmp(hs->content_length, value)) {
			hs->cc->bad = GH_EINVAL;
			snprintf(hs->cc->why, sizeof hs->cc->why,
			    "请求含有相互矛盾的Content-Length");
			return MHD_NO;
		}
		snprintf(hs->content_length, sizeof hs->content_length, "%s",
		    value);
	}
	return MHD_YES;
}

/* Checks what arrived before the body: the raw target, every header, the
 * Host of HTTP/1.1.  Sets cc->bad and cc->why on refusal. */
static void check_request_head(struct MHD_Connection *conn,
    const char *version, struct conn_ctx *cc)
{
	struct header_scan hs = {.cc = cc};

	if (cc->target_too_long) {
		cc->bad = GH_EINVAL;
		snprintf(cc->why, sizeof cc->why, "请求地址过长");
		return;
	}
	if ((cc->bad = http_check_target(cc->target, cc->target_len, cc->why,
	    sizeof cc->why)))
		return;
	MHD_get_connection_values_n(conn, MHD_HEADER_KIND, scan_header, &hs);
	if (cc->bad)
		return;
	if (!hs.has_host && version && !strcmp(version, "HTTP/1.1")) {
		cc->bad = GH_EINVAL;
		snprintf(cc->why, sizeof cc->why, "HTTP/1.1请求缺少Host请求头");
	}
}

static _Thread_local store *tl_store;

static int thread_store(struct server *srv, store **out)
{
	int err;

	if (tl_store) {
		*out = tl_store;
		return 0;
	}
	if ((err = store_open(srv->cfg->db_path, &tl_store)))
		return err;
	pthread_mutex_lock(&srv->lock);
	if (srv->n_stores < MAX_STORES)
		srv->stores[srv->n_stores++] = tl_store;
	pthread_mutex_unlock(&srv->lock);
	*out = tl_store;
	return 0;
}

int32_t server_today(const struct server *srv)
{
	struct tm tm;
	time_t now;

	if (srv->cfg->fixed_today != DAY_NONE)
		return srv->cfg->fixed_today;
	now = time(NULL);
	localtime_r(&now, &tm);
	return day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* ---- answers ------------------------------------------------------------- */

static void set_body(struct http_req *req, int status, const char *type,
    char *body, size_t len)
{
	if (req->status) {
		/* A handler answering twice is a bug; keep the first answer. */
		log_error("second answer for %s %s ignored", req->method,
		    req->path);
		free(body);
		return;
	}
	req->status = status;
	req->resp_type = type;
	req->resp_body = body;
	req->resp_len = len;
}

/* The answer of last resort: constant, valid JSON that cannot fail. */
static const char fallback_body[] =
    "{\"error\":{\"code\":\"internal\",\"message\":\"服务器内部错误\"}}";

void http_reply_json(struct http_req *req, int status, json_t *body)
{
	char *text = body ? json_dumps(body, JSON_COMPACT |
	    JSON_REAL_PRECISION(15)) : NULL;

	json_decref(body);
	if (!text) {
		/* A handler built no body (jansson refuses invalid UTF-8 and
		 * answers NULL): answer a constant error, never crash. */
		log_error("%s %s: no JSON body to answer", req->method,
		    req->path);
		status = 500;
		text = xstrdup(fallback_body);
	}
	set_body(req, status, "application/json; charset=utf-8", text,
	    strlen(text));
}

void http_reply_error(struct http_req *req, int err, json_t *extra,
    const char *fmt, ...)
{
	const struct gh_err_info *info = gh_err_info(err);
	char raw[512], msg[768];
	json_t *e;

	if (fmt) {
		va_list ap;
		int n;

		va_start(ap, fmt);
		n = vsnprintf(raw, sizeof raw, fmt, ap);
		va_end(ap);
		if (n < 0)
			raw[0] = '\0';
	} else {
		snprintf(raw, sizeof raw, "%s", info->message);
	}
	/* The message may echo client text (a path, a parameter): make it
	 * valid UTF-8 without control characters, so that building the JSON
	 * cannot fail whatever the client sent. */
	utf8_scrub(raw, strlen(raw), msg, sizeof msg);
	e = json_pack("{s:s,s:s}", "code", info->code, "message", msg);
	if (e && extra)
		json_object_update(e, extra);
	json_decref(extra);
	http_reply_json(req, info->http_status,
	    e ? json_pack("{s:o}", "error", e) : NULL);
}

void http_reply_text(struct http_req *req, int status, const char *type,
    const char *body, size_t len)
{
	set_body(req, status, type, xstrndup(body, len), len);
}

void http_reply_bytes(struct http_req *req, int status, const char *type,
    void *data, size_t len)
{
	set_body(req, status, type, data, len);
}

void http_set_filename(struct http_req *req, const char *name,
    bool attachment)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t off = (size_t)snprintf(req->resp_disposition,
	    sizeof req->resp_disposition, "%s; filename*=UTF-8''",
	    attachment ? "attachment" : "inline");

	/* RFC 5987: attr-chars as themselves, every other byte %XX */
	for (const unsigned char *p = (const unsigned char *)name; *p &&
	    off + 4 < sizeof req->resp_disposition; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p)) {
			req->resp_disposition[off++] = (char)*p;
		} else {
			req->resp_disposition[off++] = '%';
			req->resp_disposition[off++] = hex[*p >> 4];
			req->resp_disposition[off++] = hex[*p & 15];
		}
	}
	req->resp_disposition[off] = '\0';
}

/* The multipart parse: MHD's post processor over the buffered body. */
struct parts_ctx {
	struct http_part *parts;
	size_t max, n;
	bool bad;
};

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind,
    const char *key, const char *filename, const char *content_type,
    const char *transfer_encoding, const char *data, uint64_t off,
    size_t size)
{
	struct parts_ctx *pc = cls;
	struct http_part *p;

	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	if (!key || pc->bad)
		return MHD_NO;
	p = pc->n ? &pc->parts[pc->n - 1] : NULL;
	if (!p || strcmp(p->name, key) || (off == 0 && p->len)) {
		/* a new part: a repeated or one too many is refused */
		if (off != 0 || pc->n == pc->max || strlen(key) >= sizeof pc->parts->name ||
		    (filename && strlen(filename) >= sizeof pc->parts->filename)) {
			pc->bad = true;
			return MHD_NO;
		}
		for (size_t i = 0; i < pc->n; i++)
			if (!strcmp(pc->parts[i].name, key)) {
				pc->bad = true;
				return MHD_NO;
			}
		p = &pc->parts[pc->n++];
		memset(p, 0, sizeof *p);
		snprintf(p->name, sizeof p->name, "%s", key);
		snprintf(p->filename, sizeof p->filename, "%s", filename ?
		    filename : "");
	}
	if (size) {
		p->data = xrealloc(p->data, p->len + size + 1);
		memcpy(p->data + p->len, data, size);
		p->len += size;
		p->data[p->len] = '\0';
	}
	return MHD_YES;
}

/* The parse of a form body already known to be multipart/form-data or
 * application/x-www-form-urlencoded (MHD's post processor reads both). */
static int parse_form(struct http_req *req, struct http_part *parts,
    size_t max, size_t *n)
{
	struct parts_ctx pc = {.parts = parts, .max = max};
	struct MHD_PostProcessor *pp;
	enum MHD_Result ok;

	*n = 0;
	pp = MHD_create_post_processor(req->conn, 64 * 1024, on_part, &pc);
	if (!pp)
		return GH_EINVAL;    /* no boundary */
	ok = MHD_post_process(pp, req->body, req->body_len);
	if (MHD_destroy_post_processor(pp) != MHD_YES)
		ok = MHD_NO;
	for (size_t i = 0; i < pc.n && ok == MHD_YES && !pc.bad; i++)
		if (!utf8_valid(parts[i].name, strlen(parts[i].name)) ||
		    !utf8_valid(parts[i].filename, strlen(parts[i].filename)))
			pc.bad = true;
	if (ok != MHD_YES || pc.bad) {
		http_parts_free(parts, pc.n);
		return GH_EINVAL;
	}
	*n = pc.n;
	return 0;
}

int http_multipart(struct http_req *req, struct http_part *parts, size_t max,
    size_t *n)
{
	const char *ct = http_header(req, "Content-Type");

	*n = 0;
	if (!ct || strncasecmp(ct, "multipart/form-data", 19))
		return GH_EMEDIA;
	return parse_form(req, parts, max, n);
}

int http_form(struct http_req *req, struct http_part *parts, size_t max,
    size_t *n)
{
	const char *ct = http_header(req, "Content-Type");

	*n = 0;
	if (!ct || (strncasecmp(ct, "multipart/form-data", 19) &&
	    strncasecmp(ct, "application/x-www-form-urlencoded", 33)))
		return GH_EMEDIA;
	if (!req->body_len)
		return 0;
	return parse_form(req, parts, max, n);
}

void http_parts_free(struct http_part *parts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(parts[i].data);
		parts[i].data = NULL;
	}
}

void http_add_cookie(struct http_req *req, const char *cookie)
{
	for (int i = 0; i < 2; i++) {
		if (!req->set_cookie[i]) {
			req->set_cookie[i] = xstrdup(cookie);
			return;
		}
	}
}

const char *http_header(struct http_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_query(struct http_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND,
	    name);
}

const char *http_cookie(struct http_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

json_t *http_body_object(struct http_req *req)
{
	json_error_t jerr;
	json_t *v;

	if (!utf8_valid(req->body, req->body_len)) {
		http_reply_error(req, GH_EUTF8, NULL, NULL);
		return NULL;
	}
	v = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!v) {
		http_reply_error(req, GH_EJSON, json_pack("{s:i,s:i}", "line",
		    jerr.line, "column", jerr.column),
		    "请求内容不是合法的JSON(第%d行第%d列)", jerr.line, jerr.column);
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		http_reply_error(req, GH_EJSON, NULL, "请求内容应为JSON对象");
		return NULL;
	}
	return v;
}

/* ---- routing and authentication ----------------------------------------- */

/* Matches path against pattern, capturing {x} segments into req->params
 * (pointing into a copy kept in buf). */
static bool match(const char *pattern, const char *path, struct http_req *req,
    char *buf, size_t cap)
{
	const char *p = pattern, *q = path;
	char *b = buf, *end = buf + cap - 1;
	int n = 0;

	while (*p && *q) {
		if (*p == '{') {
			const char *seg = q, *suffix, *stop;
			size_t slen;

			while (*p && *p != '}')
				p++;
			if (*p)
				p++;
			/* a literal after the parameter in the same segment
			 * ("{kind}.pdf") must end the segment and is not
			 * captured */
			suffix = p;
			while (*p && *p != '/' && *p != '{')
				p++;
			slen = (size_t)(p - suffix);
			while (*q && *q != '/')
				q++;
			stop = q;
			if (slen) {
				if ((size_t)(q - seg) <= slen ||
				    memcmp(q - slen, suffix, slen))
					return false;
				stop = q - slen;
			}
			if (stop == seg || n == HTTP_MAX_PARAMS ||
			    (size_t)(end - b) <= (size_t)(stop - seg))
				return false;
			memcpy(b, seg, (size_t)(stop - seg));
			req->params[n++] = b;
			b += stop - seg;
			*b++ = '\0';
			continue;
		}
		if (*p++ != *q++)
			return false;
	}
	if (*p || *q)
		return false;
	req->n_params = n;
	return true;
}

static int authenticate(struct http_req *req, bool *via_cookie)
{
	const char *auth = http_header(req, "Authorization");
	const char *token = NULL;
	unsigned char hash[STORE_TOKEN_HASH_LEN];
	int64_t idle_min = 30, last_seen = 0;
	int err;

	*via_cookie = false;
	if (auth && !strncmp(auth, "Bearer ", 7))
		token = auth + 7;
	else if ((token = http_cookie(req, "gh_session")))
		*via_cookie = true;
	if (!token || !*token)
		return GH_EAUTH;
	crypto_generichash(hash, sizeof hash, (const unsigned char *)token,
	    strlen(token), NULL, 0);
	memcpy(req->token_hash, hash, sizeof hash);
	store_setting_int(req->st, "session_idle_minutes", 30, &idle_min);
	if (idle_min < 1)
		idle_min = 1;
	if ((err = store_session_lookup(req->st, hash, req->now, idle_min * 60,
	    &req->user, req->csrf, sizeof req->csrf, &last_seen)))
		return err;
	/* Marking each use would make every GET a write: once a minute. */
	req->touch_session = req->now - last_seen >= 60;
	return 0;
}

bool http_is_tls(struct http_req *req)
{
	const char *proto;

	if (req->srv->cfg->secure_cookies)
		return true;
	proto = req->srv->cfg->trust_proxy ?
	    http_header(req, "X-Forwarded-Proto") : NULL;
	return proto && !strcasecmp(proto, "https");
}

bool http_same_origin(struct http_req *req)
{
	const char *origin = http_header(req, "Origin");
	const char *host = http_header(req, "X-Forwarded-Host");
	const char *o;

	if (!origin)
		return true;   /* not a browser's cross-site request */
	if (!host || !req->srv->cfg->trust_proxy)
		host = http_header(req, "Host");
	if (!host)
		return false;
	if (!strncmp(origin, "https://", 8))
		o = origin + 8;
	else if (!strncmp(origin, "http://", 7))
		o = origin + 7;
	else
		return false;  /* "null", file:, other schemes */
	return !strcasecmp(o, host);
}

static bool is_write(const char *method)
{
	return strcmp(method, "GET") && strcmp(method, "HEAD") &&
	    strcmp(method, "OPTIONS");
}

static void serve_static(struct http_req *req);

/* The most the body of a request may hold: its route's own cap (a file
 * upload's), else HTTP_BODY_MAX.  Read before the body arrives, from the
 * route table (the route's match is repeated by dispatch). */
static size_t body_cap(const struct server *srv, const char *method,
    const char *url)
{
	struct http_req scratch;
	char buf[512];

	for (size_t i = 0; i < srv->n_routes; i++) {
		const struct http_route *r = &srv->routes[i];

		memset(&scratch, 0, sizeof scratch);
		if (r->body_max && !strcmp(r->method, method) &&
		    match(r->pattern, url, &scratch, buf, sizeof buf))
			return r->body_max;
	}
	return HTTP_BODY_MAX;
}

static void dispatch(struct http_req *req)
{
	const struct http_route *found = NULL;
	bool path_known = false, via_cookie;
	char buf[512];
	int err;

	for (size_t i = 0; i < req->srv->n_routes; i++) {
		const struct http_route *r = &req->srv->routes[i];

		if (!match(r->pattern, req->path, req, buf, sizeof buf))
			continue;
		path_known = true;
		if (!strcmp(r->method, req->method)) {
			found = r;
			break;
		}
	}
	if (!found) {
		if (!path_known && (!strcmp(req->method, "GET") ||
		    !strcmp(req->method, "HEAD")) &&
		    strncmp(req->path, "/api/", 5) &&
		    strncmp(req->path, "/open311/", 9)) {
			serve_static(req);
			return;
		}
		if (path_known)
			http_reply_error(req, GH_EMETHOD, NULL, NULL);
		else
			http_reply_error(req, GH_ENOTFOUND, NULL,
			    "接口不存在: %s", req->path);
		return;
	}
	/* the params of the matched route (match() rewrote them) */
	match(found->pattern, req->path, req, buf, sizeof buf);

	err = authenticate(req, &via_cookie);
	if (err && err != GH_EAUTH) {
		http_reply_error(req, err, NULL, NULL);
		return;
	}
	req->authed = err == 0;
	if (found->roles) {
		if (!req->authed) {
			http_reply_error(req, GH_EAUTH, NULL, NULL);
			return;
		}
		if (!(found->roles & req->user.role)) {
			http_reply_error(req, GH_EFORBIDDEN, NULL,
			    "%s无权访问此接口", role_label(req->user.role));
			return;
		}
	}
	/* Browsers authenticate by cookie, so a forged cross-site form could
	 * ride on it: every write by cookie must echo the session's CSRF
	 * token in a header a cross-site form cannot set. */
	if (req->authed && via_cookie && is_write(req->method)) {
		const char *sent = http_header(req, "X-CSRF-Token");

		if (!http_same_origin(req) || !sent || strlen(sent) != strlen(req->csrf) ||
		    sodium_memcmp(sent, req->csrf, strlen(req->csrf))) {
			http_reply_error(req, GH_ECSRF, NULL, NULL);
			return;
		}
	}
	found->handler(req);
	if (!req->status) {
		log_error("handler for %s %s gave no answer", req->method,
		    req->path);
		http_reply_error(req, GH_ESTORE, NULL, NULL);
	}
}

/* ---- static files (the built web UI) ------------------------------------- */

static const char *mime_type(const char *path)
{
	static const struct { const char *ext, *type; } types[] = {
		{".html", "text/html; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},
		{".json", "application/json"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".ico", "image/x-icon"},
		{".woff2", "font/woff2"},
		{".yaml", "application/yaml; charset=utf-8"},
	};
	const char *dot = strrchr(path, '.');

	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

/* Whether the client accepts gzip (a plain token check: "gzip;q=0" is
 * treated as a refusal). */
static bool accepts_gzip(struct http_req *req)
{
	const char *ae = http_header(req, "Accept-Encoding");
	const char *g = ae ? strstr(ae, "gzip") : NULL;

	return g && strncmp(g + 4, ";q=0", 4) != 0;
}

/* Cache-Control of a UI file.  Hashed build assets (assets/NAME-HASH.ext)
 * never change under their name: cached for a year, immutable.  Everything
 * else (index.html, the icon) is revalidated on each use with its ETag. */
static const char *static_cache(const char *rel)
{
	return !strncmp(rel, "assets/", 7)
	    ? "public, max-age=31536000, immutable" : "no-cache";
}

/* Answers 304 when the browser's copy is current (If-None-Match equal to
 * req->resp_etag, set by the caller), and says whether it did. */
static bool not_modified(struct http_req *req)
{
	const char *inm = http_header(req, "If-None-Match");

	if (!inm || strcmp(inm, req->resp_etag))
		return false;
	req->status = 304;
	req->resp_body = xstrdup("");
	req->resp_len = 0;
	return true;
}

/* Answers the file rel under the static directory (--static DIR), or
 * returns false.  Its ETag is its size and modification time.  A
 * precompressed FILE.gz beside a file is sent to browsers that accept
 * gzip. */
static bool open_file(struct http_req *req, const char *rel)
{
	char full[1024], gz[1040];
	struct stat sb;
	int fd = -1;

	if (snprintf(full, sizeof full, "%s/%s", req->srv->cfg->static_dir,
	    rel) >= (int)sizeof full)
		return false;
	if (stat(full, &sb) || !S_ISREG(sb.st_mode))
		return false;
	req->resp_varies = true;
	req->resp_type = mime_type(full);
	req->resp_cache = static_cache(rel);
	snprintf(req->resp_etag, sizeof req->resp_etag, "\"%llx-%llx\"",
	    (unsigned long long)sb.st_size,
	    (unsigned long long)sb.st_mtime);
	if (not_modified(req))
		return true;
	snprintf(gz, sizeof gz, "%s.gz", full);
	if (accepts_gzip(req) &&
	    (fd = open(gz, O_RDONLY | O_CLOEXEC)) >= 0) {
		req->resp_encoding = "gzip";
	} else {
		fd = open(full, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return false;
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		close(fd);
		req->resp_encoding = NULL;
		return false;
	}
	req->status = 200;
	req->resp_fd = fd;
	req->resp_fd_size = sb.st_size;
	return true;
}

/* The embedded file at rel, or NULL.  rel is read as a file system would
 * read it under --static DIR: empty and "." segments ("a//b", "a/./b") are
 * skipped, and a path ending in "/" or "/." names a directory, never a
 * file.  (".." never reaches here: serve_static refuses it.) */
static const struct http_ui_file *ui_find(const char *rel)
{
	char clean[HTTP_PATH_MAX + 1];
	size_t n = 0, lo = 0, hi = http_ui_file_count, len = strlen(rel);

	if (!len || rel[len - 1] == '/' || !strcmp(rel, ".") ||
	    (len >= 2 && !strcmp(rel + len - 2, "/.")))
		return NULL;
	for (const char *p = rel; *p; ) {
		size_t seg = strcspn(p, "/");

		if (seg && !(seg == 1 && *p == '.')) {
			if (n + seg + 2 > sizeof clean)
				return NULL;
			if (n)
				clean[n++] = '/';
			memcpy(clean + n, p, seg);
			n += seg;
		}
		p += seg;
		if (*p)
			p++;
	}
	clean[n] = '\0';
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(http_ui_files[mid].path, clean);

		if (!c)
			return &http_ui_files[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Answers the embedded file rel exactly as open_file answers a file of
 * --static DIR (type, caching, gzip, 304), from the binary's own memory;
 * its ETag is a hash of its content.  Returns false when there is none. */
static bool send_embedded(struct http_req *req, const char *rel)
{
	const struct http_ui_file *f = ui_find(rel);

	if (!f)
		return false;
	req->resp_varies = true;
	req->resp_type = mime_type(f->path);
	req->resp_cache = static_cache(f->path);
	snprintf(req->resp_etag, sizeof req->resp_etag, "%s", f->etag);
	if (not_modified(req))
		return true;
	req->status = 200;
	if (f->gz && accepts_gzip(req)) {
		req->resp_encoding = "gzip";
		req->resp_const = f->gz;
		req->resp_len = f->gz_len;
	} else {
		req->resp_const = f->data;
		req->resp_len = f->len;
	}
	return true;
}

bool http_ui_embedded(size_t *n_files, size_t *bytes)
{
	size_t total = 0;

	for (size_t i = 0; i < http_ui_file_count; i++)
		total += http_ui_files[i].len;
	if (n_files)
		*n_files = http_ui_file_count;
	if (bytes)
		*bytes = total;
	return http_ui_file_count > 0;
}

/* What a browser gets at the UI's pages from a binary built without
 * web/dist (and no --static): a note saying so, not a bare 404. */
static const char ui_missing_page[] =
    "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
    "<title>govhall:网页界面未编入</title></head><body>\n"
    "<h1>本程序未编入网页界面</h1>\n"
    "<p>这个 govhall 程序编译时没有已构建的网页界面(web/dist),"
    "因此只提供接口 <code>/api/v1/</code>。</p>\n"
    "<p>请在源码目录运行 <code>make build</code>(先 npm ci、vite build,"
    "再编译 govhall,网页界面即编入程序),"
    "或以 <code>govhall serve --static 目录</code> 指定已构建的网页界面。</p>\n"
    "<p lang=\"en\">This govhall binary was built without the web UI:"
    " run <code>make build</code>, or serve one with"
    " <code>--static DIR</code>.</p>\n"
    "</body></html>\n";

/* Static files: --static DIR when given, else the embedded UI.  Paths with
 * ".." are refused (MHD has already decoded %2e%2e).  A path without a dot
 * that names no file is a route of the browser's router: it gets the app
 * shell, index.html. */
static void serve_static(struct http_req *req)
{
	bool (*send)(struct http_req *, const char *) =
	    req->srv->cfg->static_dir ? open_file : send_embedded;
	const char *rel = req->path + 1;

	if (strstr(req->path, "..")) {
		http_reply_error(req, GH_ENOTFOUND, NULL, NULL);
		return;
	}
	if (!req->srv->cfg->static_dir && !http_ui_file_count) {
		if (*rel && strchr(rel, '.'))
			http_reply_error(req, GH_ENOTFOUND, NULL, NULL);
		else
			http_reply_text(req, 404, "text/html; charset=utf-8",
			    ui_missing_page, sizeof ui_missing_page - 1);
		return;
	}
	if (!*rel)
		rel = "index.html";
	if (send(req, rel))
		return;
	if (!strchr(rel, '.') && send(req, "index.html"))
		return;
	http_reply_error(req, GH_ENOTFOUND, NULL, NULL);
}

/* ---- MHD glue ------------------------------------------------------------ */

/* Headers on every answer: no sniffing, no framing (clickjacking), only
 * this origin's scripts, no powerful browser features.  Element Plus sets
 * inline style attributes, hence 'unsafe-inline' for styles only. */
static void add_security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Content-Security-Policy",
	    "default-src 'self'; script-src 'self'; style-src 'self'"
	    " 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:;"
	    " connect-src 'self'; object-src 'none'; base-uri 'self';"
	    " form-action 'self'; frame-ancestors 'none'");
	MHD_add_response_header(resp, "Permissions-Policy",
	    "camera=(), microphone=(), geolocation=(), payment=(), usb=(),"
	    " interest-cohort=()");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy",
	    "same-origin");
}

static enum MHD_Result queue_answer(struct MHD_Connection *conn,
    struct http_req *req)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	if (req->resp_fd >= 0) {
		resp = MHD_create_response_from_fd((uint64_t)req->resp_fd_size,
		    req->resp_fd);
	} else if (req->resp_const) {
		/* the embedded UI: constant for the life of the process */
		resp = MHD_create_response_from_buffer(req->resp_len,
		    (void *)req->resp_const, MHD_RESPMEM_PERSISTENT);
	} else {
		resp = MHD_create_response_from_buffer(req->resp_len,
		    req->resp_body, MHD_RESPMEM_MUST_FREE);
		req->resp_body = NULL;
	}
	if (!resp)
		return MHD_NO;
	if (req->resp_type)
		MHD_add_response_header(resp, "Content-Type", req->resp_type);
	add_security_headers(resp);
	if (req->resp_encoding)
		MHD_add_response_header(resp, "Content-Encoding",
		    req->resp_encoding);
	if (req->resp_varies)
		MHD_add_response_header(resp, "Vary", "Accept-Encoding");
	if (req->resp_close)
		MHD_add_response_header(resp, "Connection", "close");
	if (req->resp_etag[0])
		MHD_add_response_header(resp, "ETag", req->resp_etag);
	if (req->resp_disposition[0])
		MHD_add_response_header(resp, "Content-Disposition",
		    req->resp_disposition);
	MHD_add_response_header(resp, "Cache-Control", req->resp_cache ?
	    req->resp_cache : "no-store");
	for (int i = 0; i < 2; i++) {
		if (req->set_cookie[i]) {
			MHD_add_response_header(resp, "Set-Cookie",
			    req->set_cookie[i]);
			free(req->set_cookie[i]);
		}
	}
	ret = MHD_queue_response(conn, (unsigned)req->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* The peer's address as text into buf ("" when MHD cannot tell). */
static void client_address(struct MHD_Connection *conn, char *buf, size_t cap)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	buf[0] = '\0';
	if (!sa)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
		    buf, (socklen_t)cap);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
		    &((const struct sockaddr_in6 *)sa)->sin6_addr, buf,
		    (socklen_t)cap);
}

/* Behind a trusted proxy: the last hop of X-Forwarded-For (the address
 * the proxy itself saw), when it is an IP address. */
static void forwarded_address(struct MHD_Connection *conn, char *buf,
    size_t cap)
{
	const char *xff = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    "X-Forwarded-For");
	const char *last;
	char ip[64];
	unsigned char bin[16];
	size_t n;

	if (!xff)
		return;
	last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	while (*last == ' ')
		last++;
	n = strcspn(last, " ");
	if (!n || n >= sizeof ip)
		return;
	memcpy(ip, last, n);
	ip[n] = '\0';
	if ((inet_pton(AF_INET, ip, bin) == 1 || inet_pton(AF_INET6, ip,
	    bin) == 1) && n < cap)
		memcpy(buf, ip, n + 1);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
    const char *url, const char *method, const char *version,
    const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct server *srv = cls;
	struct conn_ctx *cc = *con_cls;
	struct http_req req;
	enum MHD_Result ret;
	int err;

	if (!cc) {
		/* on_uri makes it; this is only a fallback */
		cc = xcalloc(1, sizeof *cc);
		*con_cls = cc;
	}
	if (!cc->started) {
		const char *cl = MHD_lookup_connection_value(conn,
		    MHD_HEADER_KIND, "Content-Length");

		cc->started = true;
		cc->body_max = body_cap(srv, method, url);
		check_request_head(conn, version, cc);
		if (cl && strtoull(cl, NULL, 10) > cc->body_max)
			cc->too_big = true;
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;

		if (!cc->too_big && !cc->bad && cc->len + n > cc->body_max)
			cc->too_big = true;
		if (!cc->too_big && !cc->bad && !cc->upload_slot &&
		    cc->len + n > HTTP_BODY_MAX) {
			/* a big body: only so many at once */
			if (atomic_fetch_add(&uploads_held, 1) < HTTP_UPLOADS_MAX) {
				cc->upload_slot = true;
			} else {
				atomic_fetch_sub(&uploads_held, 1);
				cc->uploads_full = true;
				free(cc->body);
				cc->body = NULL;
				cc->len = cc->cap = 0;
			}
		}
		if (!cc->too_big && !cc->bad && !cc->uploads_full) {
			if (cc->len + n + 1 > cc->cap) {
				cc->cap = (cc->len + n + 1) * 2;
				if (cc->cap > cc->body_max + 1)
					cc->cap = cc->body_max + 1;
				cc->body = xrealloc(cc->body, cc->cap);
			}
			memcpy(cc->body + cc->len, upload_data, n);
			cc->len += n;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}

	watch_set(srv, conn, 0);   /* the request is in: no deadline now */
	memset(&req, 0, sizeof req);
	req.srv = srv;
	req.conn = conn;
	req.method = method;
	req.path = url;
	req.body = cc->body ? cc->body : "";
	if (cc->body)
		cc->body[cc->len] = '\0';
	req.body_len = cc->len;
	req.resp_fd = -1;
	client_address(conn, req.client_addr, sizeof req.client_addr);
	if (srv->cfg->trust_proxy)
		forwarded_address(conn, req.client_addr, sizeof req.client_addr);
	req.now = (int64_t)time(NULL);
	req.today = server_today(srv);

	if (cc->bad) {
		/* never echo the refused path or header */
		req.path = "(refused)";
		req.resp_close = true;  /* its framing cannot be trusted */
		http_reply_error(&req, cc->bad, NULL, "%s", cc->why);
	} else if (cc->too_big) {
		req.resp_close = true;
		if (cc->body_max > HTTP_BODY_MAX)
			http_reply_error(&req, GH_ETOOBIG, NULL, "上传的文件过大:单个文件"
			    "不能超过10MB");
		else
			http_reply_error(&req, GH_ETOOBIG, NULL, NULL);
	} else if (cc->uploads_full) {
		req.resp_close = true;
		http_reply_error(&req, GH_EBUSY, NULL, "同时上传的文件过多,请稍后"
		    "重试");
	} else if ((err = thread_store(srv, &req.st))) {
		http_reply_error(&req, err, NULL, NULL);
	} else {
		/* A GET reads one consistent snapshot; writers open their own
		 * write transaction with store_begin. */
		if (!strcmp(method, "GET"))
			store_read_begin(req.st);
		dispatch(&req);
		/* ends the snapshot, and a handler that failed midway must not
		 * leave a transaction open */
		store_rollback(req.st);
		if (req.touch_session && req.status < 500 &&
		    !store_begin(req.st)) {
			if (store_session_touch(req.st,
			    (unsigned char *)req.token_hash, req.now) ||
			    store_commit(req.st))
				store_rollback(req.st);
		}
	}
	ret = queue_answer(conn, &req);
	free(req.resp_body);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn,
    void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct conn_ctx *cc = *con_cls;

	(void)toe;
	/* the next request on this connection has its own deadline */
	watch_set(cls, conn, next_deadline(cls, true));
	if (cc) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn,
		    MHD_CONNECTION_INFO_SOCKET_CONTEXT);
		struct conn_watch *w = ci ? ci->socket_context : NULL;

		if (w && w->pending == cc)
			w->pending = NULL;
		conn_ctx_free(cc);
		*con_cls = NULL;
	}
}

/* Runs cfg->tick every tick_interval_s seconds until the server stops. */
static void *ticker_main(void *arg)
{
	struct server *srv = arg;
	store *st = NULL;
	struct timespec until;

	if (store_open(srv->cfg->db_path, &st)) {
		log_error("ticker: cannot open the database");
		return NULL;
	}
	pthread_mutex_lock(&srv->lock);
	while (!srv->stopping) {
		pthread_mutex_unlock(&srv->lock);
		srv->cfg->tick(st, server_today(srv), (int64_t)time(NULL));
		pthread_mutex_lock(&srv->lock);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += srv->cfg->tick_interval_s;
		while (!srv->stopping && pthread_cond_timedwait(&srv->tick_cond,
		    &srv->lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&srv->lock);
	store_close(st);
	return NULL;
}

static int parse_listen(const char *listen, struct sockaddr_in *addr)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	long port;
	char *end;

	if (!colon || (size_t)(colon - listen) >= sizeof host)
		return GH_EINVAL;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (*end || port < 1 || port > 65535)
		return GH_EINVAL;
	memset(addr, 0, sizeof *addr);
	addr->sin_family = AF_INET;
	addr->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, *host ? host : "0.0.0.0", &addr->sin_addr) != 1)
		return GH_EINVAL;
	return 0;
}

/* libmicrohttpd's own messages are about clients (malformed requests,
 * closed connections): debug level, so hostile traffic cannot flood the
 * log. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512], clean[768];

	(void)cls;
	vsnprintf(line, sizeof line, fmt, ap);
	utf8_scrub(line, strlen(line), clean, sizeof clean);
	log_debug("http: %s", clean);
}

int server_start(const struct server_config *cfg,
    const struct http_route *routes, size_t n_routes, struct server **out)
{
	struct server *srv;
	struct sockaddr_in addr;

	if (parse_listen(cfg->listen, &addr)) {
		log_error("bad --listen address: %s", cfg->listen);
		return GH_EINVAL;
	}
	srv = xcalloc(1, sizeof *srv);
	srv->cfg = cfg;
	srv->routes = routes;
	srv->n_routes = n_routes;
	pthread_mutex_init(&srv->lock, NULL);
	pthread_mutex_init(&srv->watch_lock, NULL);
	pthread_cond_init(&srv->tick_cond, NULL);
	signal(SIGPIPE, SIG_IGN);

	srv->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_EPOLL | MHD_USE_ERROR_LOG, ntohs(addr.sin_port), NULL, NULL,
	    on_request, srv,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, srv,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
	    MHD_OPTION_THREAD_POOL_SIZE,
	    (unsigned)(cfg->threads < 2 ? 2 : cfg->threads),
	    MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned)(cfg->idle_timeout_s > 0 ? cfg->idle_timeout_s : 30),
	    MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned)(cfg->max_conns > 0 ? cfg->max_conns : 1024),
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    (unsigned)cfg->max_conns_per_ip,
	    /* exclusive unless asked: a second server on the same port must
	     * fail, not take half the requests to another database */
	    MHD_OPTION_LISTENING_ADDRESS_REUSE,
	    cfg->reuse_port ? 1u : 0u,
	    MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,
	    MHD_OPTION_END);
	if (!srv->d) {
		int e = errno;

		log_error("cannot listen on %s: %s%s", cfg->listen,
		    strerror(e), e == EADDRINUSE ? " (another server"
		    " holds the port; --reuse-port shares it on purpose)" : "");
		fprintf(stderr, "govhall: 无法监听 %s: %s\n", cfg->listen,
		    e == EADDRINUSE ? "端口已被占用(另一服务正在使用)" :
		    strerror(e));
		pthread_cond_destroy(&srv->tick_cond);
		pthread_mutex_destroy(&srv->lock);
		pthread_mutex_destroy(&srv->watch_lock);
		free(srv);
		return GH_EIO;
	}
	if (cfg->static_dir)
		log_info("web UI: served from %s (--static)", cfg->static_dir);
	else if (http_ui_file_count)
		log_info("web UI: embedded in the binary (%zu files)",
		    http_ui_file_count);
	else
		log_warn("web UI: not embedded (built without web/dist) and no"
		    " --static DIR: the API works, the pages answer a note");
	if (cfg->request_deadline_s > 0) {
		srv->watchdog_on = !pthread_create(&srv->watchdog, NULL,
		    watchdog_main, srv);
		if (!srv->watchdog_on)
			log_error("cannot start the request deadline thread");
	}
	if (cfg->tick && cfg->tick_interval_s > 0) {
		srv->ticker_on = !pthread_create(&srv->ticker, NULL,
		    ticker_main, srv);
		if (!srv->ticker_on)
			log_error("cannot start the sweep thread");
	}
	*out = srv;
	return 0;
}

void server_stop(struct server *srv)
{
	if (!srv)
		return;
	pthread_mutex_lock(&srv->lock);
	srv->stopping = true;
	pthread_cond_signal(&srv->tick_cond);
	pthread_mutex_unlock(&srv->lock);
	if (srv->watchdog_on)
		pthread_join(srv->watchdog, NULL);
	MHD_stop_daemon(srv->d);
	if (srv->ticker_on)
		pthread_join(srv->ticker, NULL);
	pthread_cond_destroy(&srv->tick_cond);
	pthread_mutex_destroy(&srv->watch_lock);
	for (size_t i = 0; i < srv->n_stores; i++)
		store_close(srv->stores[i]);
	pthread_mutex_destroy(&srv->lock);
	free(srv);
}

int server_run(const struct server_config *cfg, const struct http_route *routes,
    size_t n_routes)
{
	struct server *srv;
	sigset_t stop_set;
	int sig, err;

	/* Block the stop signals before MHD starts its threads, so that they
	 * inherit the mask and only sigwait() below ever receives them. */
	sigemptyset(&stop_set);
	sigaddset(&stop_set, SIGINT);
	sigaddset(&stop_set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_set, NULL);
	if ((err = server_start(cfg, routes, n_routes, &srv)))
		return err;
	{
		char shown[512];

		store_target_display(cfg->db_path, shown, sizeof shown);
		log_info("govhall serving on http://%s (database %s)",
		    cfg->listen, shown);
	}
	/* readiness line on stdout for scripts and tests */
	printf("listening on %s\n", cfg->listen);
	fflush(stdout);
	sigwait(&stop_set, &sig);
	log_info("stopping on signal %d", sig);
	server_stop(srv);
	return 0;
}
