/*
 * outbox.c - queueing reminders, and the transports that deliver them: e-mail
 * (SMTP through libcurl) and SMS (an HTTP gateway taking JSON).  The
 * contract is in outbox.h; the operator's side (settings, gateway
 * protocol) in docs/notify.md.  Claiming messages and recording what
 * became of them is service/outbox_delivery.c.
 *
 * Owns: one libcurl easy handle per message (no handle outlives a send).
 * Invariants: a send never touches the store (the caller holds no
 * transaction while it runs).
 * Thread-safety: libcurl is initialised once (pthread_once); everything
 * else works on the caller's store handle and its own stack.
 */
#include "notify/outbox.h"

#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/gh_err.h"
#include "util/log.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static atomic_bool sms_log_mode;

#define SUBJECT_MAX 1000        /* bytes of UTF-8 in one subject */
#define WORD_BYTES 42           /* UTF-8 bytes per encoded word: 56 base64 */
#define SETTING_MAX OUTBOX_SETTING_MAX

static const char email_footer[] =
    "\n\n——\n本邮件由政务服务中心电子效能监察系统(govhall)自动发送,请勿直接回复。"
    "请登录系统查看并办理。\n";

/* ---- pure helpers --------------------------------------------------------- */

int64_t outbox_backoff_s(int failures)
{
	static const int64_t steps[] = {60, 300, 1800, 7200, 21600, 86400};
	size_t n = sizeof steps / sizeof steps[0];

	if (failures < 1)
		return steps[0];
	return (size_t)failures > n ? steps[n - 1] : steps[failures - 1];
}

/* Standard base64 of in[0..n) to out, which holds 4 * ((n + 2) / 3) + 1. */
static size_t base64(const unsigned char *in, size_t n, char *out)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t o = 0;

	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;

		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[o++] = tab[(v >> 18) & 63];
		out[o++] = tab[(v >> 12) & 63];
		out[o++] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? tab[v & 63] : '=';
	}
	out[o] = '\0';
	return o;
}

int outbox_encode_header(const char *text, char *out, size_t cap)
{
	size_t len = strlen(text), o = 0, i = 0;

	if (!utf8_valid(text, len))
		return GH_EINVAL;
	for (size_t k = 0; k < len; k++)
		if ((unsigned char)text[k] < 0x20 || text[k] == 0x7f)
			return GH_EINVAL;
	if (cap < 1)
		return GH_ETOOBIG;
	out[0] = '\0';
	while (i < len) {
		char word[4 * (WORD_BYTES / 3 + 1) + 1];
		size_t start = i, j, wlen;

		/* as many whole characters as fit in WORD_BYTES bytes */
		while (i < len && (j = utf8_next(text, len, i, NULL)) &&
		    j - start <= WORD_BYTES)
			i = j;
		wlen = base64((const unsigned char *)text + start, i - start, word);
		/* "\r\n " before every word but the first, "=?UTF-8?B?" "?=" */
		if (o + (start ? 3 : 0) + 12 + wlen + 1 > cap)
			return GH_ETOOBIG;
		o += (size_t)snprintf(out + o, cap - o, "%s=?UTF-8?B?%s?=",
		    start ? "\r\n " : "", word);
	}
	return 0;
}

bool outbox_email_valid(const char *addr)
{
	size_t n = strlen(addr), at = 0, ats = 0;

	if (n < 3 || n > 254)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)addr[i];

		if (ch <= ' ' || ch >= 0x7f || strchr("<>()[]\\,;:\"", ch))
			return false;
		if (ch == '@') {
			ats++;
			at = i;
		}
	}
	return ats == 1 && at > 0 && at < n - 1 && addr[at + 1] != '.' &&
	    addr[n - 1] != '.';
}

bool outbox_mobile(const char *phone, char out[12])
{
	size_t n = strlen(phone);

	if (n == 14 && !strncmp(phone, "+86", 3))
		phone += 3;
	else if (n == 13 && !strncmp(phone, "86", 2))
		phone += 2;
	if (strlen(phone) != 11 || phone[0] != '1' || phone[1] < '3' ||
	    phone[1] > '9')
		return false;
	for (size_t i = 0; i < 11; i++)
		if (phone[i] < '0' || phone[i] > '9')
			return false;
	memcpy(out, phone, 11);
	out[11] = '\0';
	return true;
}

/* An appender over a buffer sized in advance: running past it is a
 * programming error. */
struct sbuf {
	char *p;
	size_t len, cap;
};

static void sb_printf(struct sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= b->cap - b->len) {
		log_error("outbox: message buffer too small");
		abort();
	}
	b->len += (size_t)n;
}

int outbox_format_email(const struct outbox_email *m, char **out,
    size_t *len)
{
	static const char *const wday[] = {"Sun", "Mon", "Tue", "Wed", "Thu",
		"Fri", "Sat"};
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	size_t slen = strlen(m->subject), blen = strlen(m->body), clen = 0;
	size_t enc_cap, b64len;
	char *enc, *canon, *b64;
	struct sbuf b;
	time_t t = (time_t)m->date;
	struct tm tm;
	int err;

	if (!outbox_email_valid(m->from) || !outbox_email_valid(m->to) ||
	    !utf8_valid(m->body, blen))
		return GH_EINVAL;
	if (slen > SUBJECT_MAX || blen > OUTBOX_BODY_MAX)
		return GH_ETOOBIG;
	if (!gmtime_r(&t, &tm))
		return GH_EINVAL;
	/* at least WORD_BYTES - 3 bytes per word of at most 71 characters */
	enc_cap = (slen / (WORD_BYTES - 3) + 2) * 71 + 1;
	enc = xmalloc(enc_cap);
	if ((err = outbox_encode_header(m->subject, enc, enc_cap))) {
		free(enc);
		return err;
	}
	/* CRLF line ends: a lone LF or CR becomes CRLF */
	canon = xmalloc(2 * blen + 1);
	for (size_t i = 0; i < blen; i++) {
		if (m->body[i] == '\r' || m->body[i] == '\n') {
			canon[clen++] = '\r';
			canon[clen++] = '\n';
			if (m->body[i] == '\r' && m->body[i + 1] == '\n')
				i++;
		} else {
			canon[clen++] = m->body[i];
		}
	}
	b64 = xmalloc(4 * ((clen + 2) / 3) + 1);
	b64len = base64((const unsigned char *)canon, clen, b64);
	free(canon);

	b.cap = 2048 + strlen(enc) + b64len + 2 * (b64len / 76 + 1) + 1;
	b.p = xmalloc(b.cap);
	b.len = 0;
	sb_printf(&b, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n",
	    wday[tm.tm_wday], tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
	sb_printf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\n", m->from, m->to,
	    enc);
	sb_printf(&b, "Message-ID: <govhall.outbox.%lld.%lld@%s>\r\n",
	    (long long)m->id, (long long)m->created_at, strchr(m->from, '@') + 1);
	sb_printf(&b, "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n"
	    "Auto-Submitted: auto-generated\r\n\r\n");
	for (size_t i = 0; i < b64len; i += 76)
		sb_printf(&b, "%.*s\r\n", (int)(b64len - i < 76 ? b64len - i : 76),
		    b64 + i);
	free(enc);
	free(b64);
	*out = b.p;
	*len = b.len;
	return 0;
}

/* ---- queueing ------------------------------------------------------------- */

int outbox_enqueue(store *st, int64_t user_id, const char *subject,
    const char *text, int64_t now, size_t *queued)
{
	char email[256], phone[32], mobile[12], *body = NULL;
	size_t n = 0, len;
	int64_t id;
	int err;

	err = store_user_contact(st, user_id, email, sizeof email, phone,
	    sizeof phone);
	if (err == GH_ENOTFOUND) {
		if (queued)
			*queued = 0;
		return 0;
	}
	if (err)
		return err;
	if (outbox_email_valid(email)) {
		len = strlen(text) + sizeof email_footer;
		body = xmalloc(len);
		snprintf(body, len, "%s%s", text, email_footer);
		if ((err = store_outbox_add(st, "email", email, subject, body, now,
		    &id)))
			goto out;
		n++;
	}
	if (outbox_mobile(phone, mobile)) {
		if ((err = store_outbox_add(st, "sms", mobile, subject, text, now,
		    &id)))
			goto out;
		n++;
	}
	if (queued)
		*queued = n;
out:
	free(body);
	return err;
}

/* ---- transports ----------------------------------------------------------- */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static bool curl_ready;

static void curl_init_once(void)
{
	curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
	if (!curl_ready)
		log_error("outbox: libcurl initialisation failed");
}

/* Reads one setting into out ("" when absent).  Clears *fits, with a log
 * line, when the value may not have fitted: a cut URL or password is worse
 * than none. */
static int read_setting(store *st, const char *key, char *out, size_t cap,
    bool *fits)
{
	int err = store_setting_get(st, key, out, cap);

	if (err == GH_ENOTFOUND) {
		out[0] = '\0';
		return 0;
	}
	if (err)
		return err;
	if (strlen(out) >= cap - 1) {
		log_error("outbox: setting %s is too long", key);
		*fits = false;
	}
	return 0;
}

static bool has_prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

static bool header_safe(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

int outbox_channels_load(store *st, struct outbox_channels *ch)
{
	bool fits = true;
	int64_t v;
	int err;

	memset(ch, 0, sizeof *ch);
	if ((err = read_setting(st, "smtp_url", ch->smtp_url, sizeof ch->smtp_url,
	    &fits)) || (err = read_setting(st, "smtp_from", ch->smtp_from,
	    sizeof ch->smtp_from, &fits)) || (err = read_setting(st, "smtp_user",
	    ch->smtp_user, sizeof ch->smtp_user, &fits)) ||
	    (err = read_setting(st, "smtp_password", ch->smtp_password,
	    sizeof ch->smtp_password, &fits)))
		return err;
	ch->email = fits && ch->smtp_url[0] && ch->smtp_from[0];
	if (ch->email && !(has_prefix(ch->smtp_url, "smtp://") ||
	    has_prefix(ch->smtp_url, "smtps://"))) {
		log_error("outbox: smtp_url must start with smtp:// or smtps://");
		ch->email = false;
	}
	if (ch->email && !outbox_email_valid(ch->smtp_from)) {
		log_error("outbox: smtp_from is not a plain e-mail address");
		ch->email = false;
	}
	fits = true;
	if ((err = read_setting(st, "sms_gateway_url", ch->sms_url,
	    sizeof ch->sms_url, &fits)) || (err = read_setting(st, "sms_token",
	    ch->sms_token, sizeof ch->sms_token, &fits)))
		return err;
	ch->sms = fits && ch->sms_url[0];
	if (ch->sms && !(has_prefix(ch->sms_url, "http://") ||
	    has_prefix(ch->sms_url, "https://"))) {
		log_error("outbox: sms_gateway_url must start with http:// or"
		    " https://");
		ch->sms = false;
	}
	if (ch->sms && !header_safe(ch->sms_token)) {
		log_error("outbox: sms_token contains control characters");
		ch->sms = false;
	}
	if (atomic_load(&sms_log_mode)) {
		/* serve --sms-log: every SMS goes to the log, none is sent */
		ch->sms = ch->sms_log = true;
	}
	if ((err = store_setting_int(st, "outbox_max_attempts",
	    OUTBOX_MAX_ATTEMPTS_DEFAULT, &v)))
		return err;
	ch->max_attempts = v < 1 ? 1 : v > 100 ? 100 : (int)v;
	if ((err = store_setting_int(st, "outbox_max_age_days",
	    OUTBOX_MAX_AGE_DAYS_DEFAULT, &v)))
		return err;
	ch->max_age_s = v <= 0 ? 0 : (v > 3650 ? 3650 : v) * 86400;
	return 0;
}

/* The options every exchange shares: bounded in time, no signals (the
 * ticker is a thread), no redirects, only the protocols named. */
static void curl_common(CURL *c, const char *url, const char *protocols,
    char *errbuf)
{
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, protocols);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)OUTBOX_SEND_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)OUTBOX_SEND_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	errbuf[0] = '\0';
}

/* Failures that say nothing about the message and everything about the
 * server, its address or our credentials. */
static bool channel_failure(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_LOGIN_DENIED:
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_GOT_NOTHING:
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
		return true;
	default:
		return false;
	}
}

static void curl_error(char *err, size_t cap, const char *channel,
    CURLcode rc, const char *errbuf)
{
	snprintf(err, cap, "%s: %s (%d)%s%s", channel, curl_easy_strerror(rc),
	    (int)rc, errbuf[0] ? ": " : "", errbuf);
}

struct upload {
	const char *p;
	size_t left;
};

static size_t read_upload(char *buf, size_t size, size_t nitems, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nitems < u->left ? size * nitems : u->left;

	memcpy(buf, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

static enum outbox_send_result send_email(const struct outbox_channels *ch,
    const struct outbox_msg *m, int64_t date, char *err, size_t cap)
{
	struct outbox_email e = {.from = ch->smtp_from, .to = m->recipient,
		.subject = m->subject, .body = m->body, .date = date, .id = m->id,
		.created_at = m->created_at};
	char errbuf[CURL_ERROR_SIZE], from[260], rcpt[260];
	struct curl_slist *to = NULL;
	enum outbox_send_result res;
	struct upload u;
	char *msg;
	size_t len;
	CURLcode rc;
	CURL *c;
	int ferr;

	if ((ferr = outbox_format_email(&e, &msg, &len))) {
		snprintf(err, cap, "email: %s", ferr == GH_ETOOBIG ?
		    "message too long" : "bad recipient address or text");
		return OUTBOX_SEND_BAD;
	}
	if (!(c = curl_easy_init())) {
		free(msg);
		snprintf(err, cap, "email: curl_easy_init failed");
		return OUTBOX_SEND_DOWN;
	}
	snprintf(from, sizeof from, "<%s>", ch->smtp_from);
	snprintf(rcpt, sizeof rcpt, "<%s>", m->recipient);
	to = curl_slist_append(NULL, rcpt);
	u.p = msg;
	u.left = len;
	curl_common(c, ch->smtp_url, "smtp,smtps", errbuf);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, to);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	if (ch->smtp_user[0]) {
		curl_easy_setopt(c, CURLOPT_USERNAME, ch->smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, ch->smtp_password);
		/* a password never crosses the network in clear text */
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	} else {
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	}
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK) {
		res = OUTBOX_SEND_OK;
	} else {
		curl_error(err, cap, "email", rc, errbuf);
		res = channel_failure(rc) ? OUTBOX_SEND_DOWN : OUTBOX_SEND_RETRY;
	}
	curl_easy_cleanup(c);
	curl_slist_free_all(to);
	free(msg);
	return res;
}

size_t outbox_keep_reply(char *p, size_t size, size_t nmemb, void *arg)
{
	struct outbox_reply *r = arg;
	size_t n = size * nmemb, room = sizeof r->text - 1 - r->len;

	memcpy(r->text + r->len, p, n < room ? n : room);
	r->len += n < room ? n : room;
	r->text[r->len] = '\0';
	return n;
}

static enum outbox_send_result send_sms(const struct outbox_channels *ch,
    const struct outbox_msg *m, char *err, size_t cap)
{
	char errbuf[CURL_ERROR_SIZE], auth[SETTING_MAX + 32];
	struct curl_slist *h = NULL;
	struct outbox_reply r = {.len = 0};
	enum outbox_send_result res;
	json_t *j;
	char *payload;
	long status = 0;
	CURLcode rc;
	CURL *c;

	j = json_pack("{s:s,s:s}", "to", m->recipient, "text", m->body);
	payload = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!payload) {
		snprintf(err, cap, "sms: text is not UTF-8");
		return OUTBOX_SEND_BAD;
	}
	if (!(c = curl_easy_init())) {
		free(payload);
		snprintf(err, cap, "sms: curl_easy_init failed");
		return OUTBOX_SEND_DOWN;
	}
	h = curl_slist_append(h, "Content-Type: application/json; charset=utf-8");
	h = curl_slist_append(h, "Expect:");
	if (ch->sms_token[0]) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s",
		    ch->sms_token);
		h = curl_slist_append(h, auth);
	}
	curl_common(c, ch->sms_url, "http,https", errbuf);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)strlen(payload));
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, outbox_keep_reply);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (rc != CURLE_OK) {
		curl_error(err, cap, "sms", rc, errbuf);
		res = channel_failure(rc) ? OUTBOX_SEND_DOWN : OUTBOX_SEND_RETRY;
	} else if (status >= 200 && status < 300) {
		res = OUTBOX_SEND_OK;
	} else {
		snprintf(err, cap, "sms: gateway answered HTTP %ld: %.200s", status,
		    r.text);
		/* a gateway that is failing or throttling fails every message */
		res = status >= 500 || status == 429 || status == 401 ||
		    status == 403 ? OUTBOX_SEND_DOWN : OUTBOX_SEND_RETRY;
	}
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	free(payload);
	return res;
}

void outbox_set_sms_log(bool on)
{
	atomic_store(&sms_log_mode, on);
}

/* serve --sms-log: the message as one line of the server's log, on
 * standard error like the log itself but without its prefix, so that a
 * demo or a test reads exactly "SMS <phone>: <text>". */
static enum outbox_send_result log_sms(const struct outbox_msg *m)
{
	char text[1024];
	size_t j = 0;

	for (size_t i = 0; m->body[i] && j + 1 < sizeof text; i++)
		text[j++] = m->body[i] == '\n' || m->body[i] == '\r' ? ' ' :
		    m->body[i];
	text[j] = '\0';
	fprintf(stderr, "SMS %s: %s\n", m->recipient, text);
	fflush(stderr);
	return OUTBOX_SEND_OK;
}

bool outbox_transport_ready(void)
{
	pthread_once(&curl_once, curl_init_once);
	return curl_ready;
}

enum outbox_send_result outbox_send(const struct outbox_channels *ch,
    const struct outbox_msg *m, int64_t date, char *err, size_t cap)
{
	if (!strcmp(m->channel, "email"))
		return send_email(ch, m, date, err, cap);
	if (ch->sms_log)
		return log_sms(m);
	return send_sms(ch, m, err, cap);
}
