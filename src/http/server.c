/*
 * server.c - the libmicrohttpd adapter and the router.
 *
 * Owns the MHD daemon, one store connection per worker thread (registered
 * so that shutdown can close them all), and the per-connection request
 * context.  See http.h for the request contract.
 *
 * Limits (shared/STYLE.md, measured pitfalls): a thread pool of >= 2 epoll
 * threads, a 30 s connection timeout, at most 1024 connections, request
 * bodies capped at HTTP_BODY_MAX by this file (MHD imposes no cap).
 */
#include "http/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
};

/* Per-connection state between MHD's calls of the access handler. */
struct conn_ctx {
	char *body;
	size_t len, cap;
	bool too_big;
};

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

void http_reply_json(struct http_req *req, int status, json_t *body)
{
	char *text = json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(15));

	json_decref(body);
	set_body(req, status, "application/json; charset=utf-8", text,
	    strlen(text));
}

void http_reply_error(struct http_req *req, int err, json_t *extra,
    const char *fmt, ...)
{
	const struct gh_err_info *info = gh_err_info(err);
	char msg[512];
	json_t *e;

	if (fmt) {
		va_list ap;

		va_start(ap, fmt);
		vsnprintf(msg, sizeof msg, fmt, ap);
		va_end(ap);
	} else {
		snprintf(msg, sizeof msg, "%s", info->message);
	}
	e = json_pack("{s:s,s:s}", "code", info->code, "message", msg);
	if (extra) {
		json_object_update(e, extra);
		json_decref(extra);
	}
	http_reply_json(req, info->http_status, json_pack("{s:o}", "error", e));
}

void http_reply_text(struct http_req *req, int status, const char *type,
    const char *body, size_t len)
{
	set_body(req, status, type, xstrndup(body, len), len);
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
			const char *seg = q;

			while (*p && *p != '}')
				p++;
			if (*p)
				p++;
			while (*q && *q != '/')
				q++;
			if (q == seg || n == HTTP_MAX_PARAMS ||
			    (size_t)(end - b) <= (size_t)(q - seg))
				return false;
			memcpy(b, seg, (size_t)(q - seg));
			req->params[n++] = b;
			b += q - seg;
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
	return store_session_lookup(req->st, hash, req->now, &req->user,
	    req->csrf, sizeof req->csrf);
}

static bool is_write(const char *method)
{
	return strcmp(method, "GET") && strcmp(method, "HEAD") &&
	    strcmp(method, "OPTIONS");
}

static void serve_static(struct http_req *req);

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
		if (!path_known && !strcmp(req->method, "GET") &&
		    strncmp(req->path, "/api/", 5)) {
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

		if (!sent || strlen(sent) != strlen(req->csrf) ||
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

static bool open_file(struct http_req *req, const char *rel)
{
	char full[1024];
	struct stat sb;
	int fd;

	if (snprintf(full, sizeof full, "%s/%s", req->srv->cfg->static_dir,
	    rel) >= (int)sizeof full)
		return false;
	fd = open(full, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		close(fd);
		return false;
	}
	req->status = 200;
	req->resp_fd = fd;
	req->resp_fd_size = sb.st_size;
	req->resp_type = mime_type(full);
	return true;
}

static void serve_static(struct http_req *req)
{
	const char *rel = req->path + 1;

	if (!req->srv->cfg->static_dir || strstr(req->path, "..")) {
		http_reply_error(req, GH_ENOTFOUND, NULL, NULL);
		return;
	}
	if (!*rel)
		rel = "index.html";
	if (open_file(req, rel))
		return;
	/* The UI routes in the browser: unknown paths get the app shell. */
	if (!strchr(rel, '.') && open_file(req, "index.html"))
		return;
	http_reply_error(req, GH_ENOTFOUND, NULL, NULL);
}

/* ---- MHD glue ------------------------------------------------------------ */

static enum MHD_Result queue_answer(struct MHD_Connection *conn,
    struct http_req *req)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	if (req->resp_fd >= 0) {
		resp = MHD_create_response_from_fd((uint64_t)req->resp_fd_size,
		    req->resp_fd);
	} else {
		resp = MHD_create_response_from_buffer(req->resp_len,
		    req->resp_body, MHD_RESPMEM_MUST_FREE);
		req->resp_body = NULL;
	}
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", req->resp_type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	if (!strncmp(req->path, "/api/", 5))
		MHD_add_response_header(resp, "Cache-Control", "no-store");
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

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
    const char *url, const char *method, const char *version,
    const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct server *srv = cls;
	struct conn_ctx *cc = *con_cls;
	struct http_req req;
	enum MHD_Result ret;
	int err;

	(void)version;
	if (!cc) {
		const char *cl = MHD_lookup_connection_value(conn,
		    MHD_HEADER_KIND, "Content-Length");

		cc = xcalloc(1, sizeof *cc);
		if (cl && strtoull(cl, NULL, 10) > HTTP_BODY_MAX)
			cc->too_big = true;
		*con_cls = cc;
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;

		if (!cc->too_big && cc->len + n > HTTP_BODY_MAX)
			cc->too_big = true;
		if (!cc->too_big) {
			if (cc->len + n + 1 > cc->cap) {
				cc->cap = (cc->len + n + 1) * 2;
				if (cc->cap > HTTP_BODY_MAX + 1)
					cc->cap = HTTP_BODY_MAX + 1;
				cc->body = xrealloc(cc->body, cc->cap);
			}
			memcpy(cc->body + cc->len, upload_data, n);
			cc->len += n;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}

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
	req.now = (int64_t)time(NULL);
	req.today = server_today(srv);

	if (cc->too_big) {
		http_reply_error(&req, GH_ETOOBIG, NULL, NULL);
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
	}
	ret = queue_answer(conn, &req);
	free(req.resp_body);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn,
    void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct conn_ctx *cc = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (cc) {
		free(cc->body);
		free(cc);
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

int server_run(const struct server_config *cfg, const struct http_route *routes,
    size_t n_routes)
{
	struct server srv = {.cfg = cfg, .routes = routes, .n_routes = n_routes};
	struct sockaddr_in addr;
	struct MHD_Daemon *d;
	sigset_t stop_set;
	int sig;

	if (parse_listen(cfg->listen, &addr)) {
		log_error("bad --listen address: %s", cfg->listen);
		return GH_EINVAL;
	}
	pthread_mutex_init(&srv.lock, NULL);
	/* Block the stop signals before MHD starts its threads, so that they
	 * inherit the mask and only sigwait() below ever receives them. */
	sigemptyset(&stop_set);
	sigaddset(&stop_set, SIGINT);
	sigaddset(&stop_set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_set, NULL);
	signal(SIGPIPE, SIG_IGN);

	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ERROR_LOG, ntohs(addr.sin_port), NULL, NULL, on_request, &srv,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg->threads < 2 ? 2 : cfg->threads),
	    MHD_OPTION_CONNECTION_TIMEOUT, 30u,
	    MHD_OPTION_CONNECTION_LIMIT, 1024u,
	    MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv,
	    MHD_OPTION_END);
	if (!d) {
		log_error("cannot listen on %s: %s", cfg->listen, strerror(errno));
		pthread_mutex_destroy(&srv.lock);
		return GH_EIO;
	}
	pthread_cond_init(&srv.tick_cond, NULL);
	if (cfg->tick && cfg->tick_interval_s > 0 &&
	    pthread_create(&srv.ticker, NULL, ticker_main, &srv)) {
		log_error("cannot start the sweep thread");
		srv.ticker = 0;
	}
	log_info("govhall serving on http://%s (database %s)", cfg->listen,
	    cfg->db_path);
	/* readiness line on stdout for scripts and tests */
	printf("listening on %s\n", cfg->listen);
	fflush(stdout);
	sigwait(&stop_set, &sig);
	log_info("stopping on signal %d", sig);
	MHD_stop_daemon(d);
	if (cfg->tick && cfg->tick_interval_s > 0 && srv.ticker) {
		pthread_mutex_lock(&srv.lock);
		srv.stopping = true;
		pthread_cond_signal(&srv.tick_cond);
		pthread_mutex_unlock(&srv.lock);
		pthread_join(srv.ticker, NULL);
	}
	pthread_cond_destroy(&srv.tick_cond);
	for (size_t i = 0; i < srv.n_stores; i++)
		store_close(srv.stores[i]);
	pthread_mutex_destroy(&srv.lock);
	return 0;
}
