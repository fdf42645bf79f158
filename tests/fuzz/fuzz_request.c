/*
 * fuzz_request.c - libFuzzer target for the whole request path: the raw
 * bytes of one HTTP request (method, target, headers, body) go through
 * libmicrohttpd, the target and header checks, the router, the session
 * lookup, the parameter helpers and the handlers of every route, over a
 * loopback socket to a real govhall server running in this process on a
 * demo centre in a temporary SQLite file.
 *
 * Besides "no crash, no leak, no undefined behaviour" in the server (it
 * runs in this process, under the same sanitizers), it checks on every
 * input: an answer, when one comes, starts with an HTTP status line and
 * is never a 500 (an internal error is a bug: bad input must be a 4xx);
 * an answer of govhall's own (application/json) parses as a JSON object
 * with an error object for every 4xx; and the server still answers a
 * health request afterwards (a wedged worker is a hang).
 *
 * Run in make test (sanitizer build) for 20 s from the corpus kept in
 * tests/fuzz/corpus-fuzz_request/; for the hour-long run see
 * docs/fuzzing.md.
 */
#define _GNU_SOURCE 1 /* strcasestr */
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "api/api.h"
#include "demo/demo.h"
#include "domain/day.h"
#include "http/http.h"
#include "store/store.h"
#include "util/log.h"

static struct server *srv;
static struct server_config cfg;
static char listen_at[32];
static int port;

/* The last inputs, written out when the server stops answering: a hang
 * that needs earlier inputs (state built up in the server) can then be
 * replayed in order (docs/fuzzing.md). */
#define RECENT 64
static struct {
	uint8_t *data;
	size_t size;
} recent[RECENT];
static unsigned recent_at;

static void remember(const uint8_t *data, size_t size)
{
	unsigned k = recent_at++ % RECENT;

	free(recent[k].data);
	recent[k].data = malloc(size ? size : 1);
	if (!recent[k].data) {
		recent[k].size = 0;
		return;
	}
	memcpy(recent[k].data, data, size);
	recent[k].size = size;
}

static void dump_recent(void)
{
	unsigned n = recent_at < RECENT ? recent_at : RECENT;

	for (unsigned i = 0; i < n; i++) {
		unsigned k = (recent_at - n + i) % RECENT;
		char name[64];
		FILE *f;

		snprintf(name, sizeof name, "hang-prev-%02u", i);
		f = fopen(name, "wb");
		if (!f)
			continue;
		fwrite(recent[k].data, 1, recent[k].size, f);
		fclose(f);
	}
	fprintf(stderr, "fuzz_request: the last %u inputs are in ./hang-prev-*"
	    " (oldest first)\n", n);
}

static void die(const char *what)
{
	fprintf(stderr, "fuzz_request: %s\n", what);
	abort();
}

static int connect_server(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a))
		die("cannot connect to the server");
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return fd;
}

/* Reads one answer into buf (cap) waiting at most wait_ms for its first
 * byte and 30 s for the rest.  Returns the bytes read (0: none came). */
static size_t read_answer(int fd, char *buf, size_t cap, int wait_ms,
    bool head)
{
	size_t len = 0, want = 0;
	int waited = 0;

	while (len + 1 < cap) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int t = len ? 30000 : wait_ms;
		ssize_t n;
		char *end;

		if (poll(&p, 1, t) <= 0) {
			if (len)
				die("an answer stopped half-way (hang)");
			break;
		}
		n = recv(fd, buf + len, cap - 1 - len, 0);
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		if (!want && (end = strstr(buf, "\r\n\r\n"))) {
			const char *cl = strcasestr(buf, "\r\nContent-Length:");

			want = (size_t)(end + 4 - buf) + (head ? 0 :
			    (cl && cl < end ? strtoull(cl + 17, NULL, 10) : 0));
		}
		if (want && len >= want)
			break;
		(void)waited;
	}
	buf[len] = '\0';
	return len;
}

static void check_answer(const char *buf, size_t len, bool head)
{
	int status;
	const char *body, *ctype;

	if (!len)
		return;
	if (strncmp(buf, "HTTP/1.", 7) || len < 12)
		die("the answer is not an HTTP status line");
	status = (int)strtol(buf + 9, NULL, 10);
	if (status < 100 || status > 599)
		die("the answer has no valid status");
	if (status == 500)
		die("bad input answered 500");
	body = strstr(buf, "\r\n\r\n");
	ctype = strcasestr(buf, "\r\nContent-Type: application/json");
	/* govhall's own JSON answers; the first answer's headers only (a
	 * pipelined second answer may follow, and an HTML page of the UI
	 * may be the first) */
	/* (an answer to HEAD has no body, by HTTP) */
	if (body && ctype && ctype < body && !head && status >= 400 &&
	    status < 500) {
		json_error_t jerr;
		json_t *v;

		body += 4;
		/* one answer: a pipelined second one may follow it */
		v = json_loadb(body, len - (size_t)(body - buf),
		    JSON_DISABLE_EOF_CHECK, &jerr);
		if (!v && len < 65536) {
			fprintf(stderr, "fuzz_request: the answer (%zu bytes): %.*s\n",
			    len, (int)(len < 600 ? len : 600), buf);
			die("a JSON error answer does not parse");
		}
		if (v && !json_is_object(json_object_get(v, "error")))
			die("a 4xx answer has no error object");
		json_decref(v);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char dir[] = "/tmp/govhall-fuzz-XXXXXX";
	char db[64];
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t alen = sizeof a;
	store *st;
	int fd;

	(void)argc;
	(void)argv;
	log_set_level(LOG_ERROR + 1);
	if (!mkdtemp(dir))
		die("mkdtemp");
	snprintf(db, sizeof db, "%s/gh.db", dir);
	if (store_open(db, &st) || demo_build(st, day_from_ymd(2026, 11, 23)))
		die("cannot build the demo centre");
	store_close(st);
	/* a free loopback port */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) ||
	    getsockname(fd, (struct sockaddr *)&a, &alen))
		die("no free port");
	port = ntohs(a.sin_port);
	close(fd);
	snprintf(listen_at, sizeof listen_at, "127.0.0.1:%d", port);
	cfg.db_path = strdup(db);
	cfg.listen = listen_at;
	cfg.threads = 2;
	cfg.fixed_today = day_from_ymd(2026, 11, 23);
	cfg.max_conns = 64;
	cfg.request_deadline_s = 5;
	cfg.idle_timeout_s = 5;
	if (server_start(&cfg, api_routes, api_route_count, &srv))
		die("cannot start the server");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[1 << 20];
	static const char health[] =
	    "GET /api/v1/health HTTP/1.1\r\nHost: fuzz\r\n\r\n";
	/* an answer to HEAD has headers only, by HTTP */
	bool head = size >= 5 && !memcmp(data, "HEAD ", 5);
	size_t len;
	int fd = connect_server();

	remember(data, size);
	if (size && send(fd, data, size, MSG_NOSIGNAL) < 0 && errno != EPIPE &&
	    errno != ECONNRESET)
		die("send");
	/* An incomplete request waits for bytes that never come: give the
	 * server 20 ms to answer, then hang up as a client would. */
	len = read_answer(fd, buf, sizeof buf, 20, head);
	check_answer(buf, len, head);
	close(fd);

	fd = connect_server();
	if (send(fd, health, sizeof health - 1, MSG_NOSIGNAL) < 0)
		die("send health");
	/* generous: a starved machine (CI beside it) must not look like a hang */
	len = read_answer(fd, buf, sizeof buf, 30000, false);
	close(fd);
	if (!len || strncmp(buf, "HTTP/1.1 200", 12)) {
		/* how long until it answers again tells a slow request from a
		 * wedged worker */
		struct timespec t0, t1;

		dump_recent();
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (int i = 0; i < 12; i++) {
			fd = connect_server();
			if (send(fd, health, sizeof health - 1,
			    MSG_NOSIGNAL) < 0)
				die("send health");
			len = read_answer(fd, buf, sizeof buf, 10000, false);
			close(fd);
			if (len && !strncmp(buf, "HTTP/1.1 200", 12))
				break;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		fprintf(stderr, "fuzz_request: %s after a further %ld s\n",
		    len ? "answered" : "still no answer",
		    (long)(t1.tv_sec - t0.tv_sec));
		die("the server no longer answers (hang or crash)");
	}
	return 0;
}
