/*
 * http.h - the HTTP layer: a libmicrohttpd server, a route table, request
 * limits, sessions and JSON in and out.  No SQL here: handlers reach data
 * through store.h.
 *
 * A request is read whole (body capped at HTTP_BODY_MAX, 413 beyond), then
 * routed by method and path; path parameters like {id} are captured.  The
 * route names the roles that may call it (0: public); the router
 * authenticates (session cookie + CSRF header for browsers, or a Bearer
 * token for programs) and refuses other roles with 403 before the handler
 * runs.  A handler answers exactly once with http_reply_json or
 * http_reply_error.
 *
 * Thread-safety: handlers run on the server's worker threads; each thread
 * has its own store connection (req->st).  Nothing process-local holds
 * state that a second server on the same database would need: sessions,
 * counters and the calendar version live in the database.
 */
#ifndef GH_HTTP_H
#define GH_HTTP_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define HTTP_BODY_MAX (1024 * 1024)
/* The body of a file upload (a route whose body_max says so, such as POST
 * /api/v1/cases/{id}/files): one file of up to 10 MiB with its multipart
 * framing; at most HTTP_UPLOADS_MAX bodies over HTTP_BODY_MAX are held at
 * once (503 beyond), so that memory stays bounded. */
#define HTTP_UPLOAD_MAX (11 * 1024 * 1024)
#define HTTP_UPLOADS_MAX 16
#define HTTP_MAX_PARAMS 4

struct server;

struct http_req {
	struct server *srv;
	void *conn;            /* struct MHD_Connection */
	const char *method;
	const char *path;      /* without the query string */
	const char *body;      /* NUL-terminated; body_len bytes */
	size_t body_len;
	const char *params[HTTP_MAX_PARAMS]; /* {name} captures, in order */
	int n_params;
	store *st;             /* this thread's connection */
	char client_addr[48];  /* the peer's IP address, text ("" unknown) */
	int64_t now;           /* Unix seconds */
	int32_t today;         /* the centre's date (or --today) */
	bool authed;
	struct user_rec user;  /* valid when authed */
	char csrf[65];
	char token_hash[STORE_TOKEN_HASH_LEN];
	bool touch_session;    /* mark the session used after the answer */
	/* the answer */
	int status;
	char *resp_body;
	size_t resp_len;
	const char *resp_type;
	char *set_cookie[2];
	int resp_fd;           /* >= 0: send this file instead */
	const unsigned char *resp_const; /* or these constant bytes (resp_len) */
	int64_t resp_fd_size;
	const char *resp_encoding; /* Content-Encoding of the file, or NULL */
	const char *resp_cache;    /* Cache-Control, or NULL for the default */
	char resp_etag[48];        /* ETag of a static file, or "" */
	bool resp_varies;          /* Vary: Accept-Encoding */
	bool resp_close;           /* Connection: close after this answer */
	char resp_disposition[400]; /* Content-Disposition, or "" */
};

typedef void (*http_handler)(struct http_req *req);

struct http_route {
	const char *method;    /* "GET", "POST", ... */
	const char *pattern;   /* "/api/v1/cases/{id}/actions" */
	int roles;             /* enum role bits; 0 = public, no login */
	http_handler handler;
	size_t body_max;       /* bytes its body may hold; 0: HTTP_BODY_MAX */
};

struct server_config {
	const char *db_path;
	const char *listen;    /* "127.0.0.1:8080" */
	const char *static_dir;/* built web UI, or NULL for the embedded one */
	int threads;           /* >= 2 */
	int32_t fixed_today;   /* DAY_NONE: the real date */
	bool secure_cookies;
	/* Connection limits against slow and greedy clients: at most
	 * max_conns at once, max_conns_per_ip from one address (0: none,
	 * for use behind a reverse proxy that limits per client), a request
	 * must arrive whole (headers and body) within request_deadline_s of
	 * its connection opening or of the previous answer's end (an
	 * absolute deadline, unlike the idle timeout that every byte
	 * restarts), idle_timeout_s of silence closes a connection. */
	int max_conns, max_conns_per_ip, request_deadline_s, idle_timeout_s;
	bool reuse_port;       /* share the port (SO_REUSEPORT): opt-in */
	/* Behind a reverse proxy that says so: the client address comes from
	 * the last X-Forwarded-For hop and X-Forwarded-Proto: https makes the
	 * session cookie Secure.  Never without a proxy: clients could lie. */
	bool trust_proxy;
	/* Called every tick_interval_s seconds on a thread of its own with
	 * its own store connection (periodic supervision); NULL for none. */
	void (*tick)(store *st, int32_t today, int64_t now);
	int tick_interval_s;
};

/* The web UI embedded at build time from web/dist (scripts/embed_ui.c
 * writes the table; CMake regenerates it when a file there changes), served
 * when no static_dir is given.  Sorted by path in strcmp order; empty
 * (http_ui_file_count 0) when the build had no web/dist. */
struct http_ui_file {
	const char *path;          /* "index.html", "assets/index-HASH.js" */
	const unsigned char *data;
	size_t len;
	const unsigned char *gz;   /* the build's FILE.gz, or NULL */
	size_t gz_len;
	const char *etag;          /* quoted hash of data */
};
extern const struct http_ui_file http_ui_files[];
extern const size_t http_ui_file_count;

/* Whether the binary carries the web UI; *n_files and *bytes (either may
 * be NULL) get the number of embedded files and their total size. */
bool http_ui_embedded(size_t *n_files, size_t *bytes);

/* Starts serving cfg (which must outlive the server) on its own threads
 * and returns at once: *out is the running server.  0 or a negative
 * gh_err (GH_EIO when the address cannot be bound). */
int server_start(const struct server_config *cfg,
    const struct http_route *routes, size_t n_routes, struct server **out);
/* Stops a started server, waits for its threads and frees it; NULL does
 * nothing. */
void server_stop(struct server *srv);

/* Starts, then runs until SIGINT/SIGTERM.  Returns 0 or a negative gh_err. */
int server_run(const struct server_config *cfg, const struct http_route *routes,
    size_t n_routes);

/* The centre's date: the fixed --today, or today in the local time zone. */
int32_t server_today(const struct server *srv);

/* Answers.  http_reply_json steals the reference to body. */
void http_reply_json(struct http_req *req, int status, json_t *body);
/* {"error": {"code", "message"}}; message defaults to the table's when
 * fmt is NULL.  extra (stolen, may be NULL) is merged into "error". */
void http_reply_error(struct http_req *req, int err, json_t *extra,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void http_reply_text(struct http_req *req, int status, const char *type,
    const char *body, size_t len);
void http_add_cookie(struct http_req *req, const char *cookie);
/* Answers len bytes of data (taken: freed with the answer). */
void http_reply_bytes(struct http_req *req, int status, const char *type,
    void *data, size_t len);
/* Names the answer's file for the browser: Content-Disposition inline
 * (or attachment) with the UTF-8 name percent-encoded (RFC 6266). */
void http_set_filename(struct http_req *req, const char *name,
    bool attachment);

/* One part of a multipart/form-data body: its field name, the file name
 * the client gave ("" for a plain field) and its bytes (owned: free). */
struct http_part {
	char name[64];
	char filename[256];
	char *data;
	size_t len;
};
/* Parses the body as multipart/form-data into at most max parts (*n).
 * GH_EMEDIA when the body is not multipart/form-data, GH_EINVAL when it is
 * malformed, names a field twice or has more than max parts, or a name or
 * file name is not UTF-8.  Free with http_parts_free. */
int http_multipart(struct http_req *req, struct http_part *parts, size_t max,
    size_t *n);
/* The same for a form: multipart/form-data or application/x-www-form-
 * urlencoded (GH_EMEDIA for another body; an empty body has no parts). */
int http_form(struct http_req *req, struct http_part *parts, size_t max,
    size_t *n);
void http_parts_free(struct http_part *parts, size_t n);

/* Request accessors. */
const char *http_header(struct http_req *req, const char *name);
const char *http_query(struct http_req *req, const char *name);
const char *http_cookie(struct http_req *req, const char *name);

/* Whether this request reached the client over TLS (so cookies are
 * Secure): --secure-cookies, or a trusted proxy's X-Forwarded-Proto. */
bool http_is_tls(struct http_req *req);

/* Whether the request's Origin header, when it has one, names this server
 * (its Host); false for a cross-site request. */
bool http_same_origin(struct http_req *req);

/* Parses the body as a JSON object.  On failure answers 400 (malformed
 * JSON, invalid UTF-8, not an object) and returns NULL. */
json_t *http_body_object(struct http_req *req);

#endif
