/*
 * test_outbox.c - unit tests of the pure parts of src/notify/outbox.c: the
 * retry schedule, RFC 2047 subjects (whole characters per word, folding,
 * refusals), addresses, mobile numbers and the RFC 5322 message.  Delivery
 * itself is tested against a local SMTP sink and HTTP gateway in
 * tests/api/test_outbox.py.  Single-threaded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "notify/outbox.h"
#include "util/gh_err.h"
#include "util/utf8.h"

/* Decodes a folded run of =?UTF-8?B?...?= words back to text, checking
 * each word's shape and length on the way. */
static void decode_words(const char *enc, char *out, size_t cap)
{
	size_t o = 0;
	const char *p = enc;

	while (*p) {
		const char *end;
		size_t n, b64len;
		char b64[128];

		if (p != enc) {
			assert_memory_equal(p, "\r\n ", 3);
			p += 3;
		}
		assert_memory_equal(p, "=?UTF-8?B?", 10);
		end = strstr(p + 10, "?=");
		assert_non_null(end);
		assert_true(end + 2 - p <= 68);
		b64len = (size_t)(end - (p + 10));
		assert_true(b64len < sizeof b64);
		memcpy(b64, p + 10, b64len);
		b64[b64len] = '\0';
		assert_int_equal(sodium_base642bin((unsigned char *)out + o,
		    cap - o - 1, b64, b64len, NULL, &n, NULL,
		    sodium_base64_VARIANT_ORIGINAL), 0);
		/* every word holds whole characters */
		assert_true(utf8_valid(out + o, n));
		o += n;
		p = end + 2;
	}
	out[o] = '\0';
}

static void test_outbox_backoff_grows_then_caps_at_a_day(void **state)
{
	static const struct {
		int failures;
		int64_t want_s;
	} t[] = {
		{0, 60}, {1, 60}, {2, 300}, {3, 1800}, {4, 7200}, {5, 21600},
		{6, 86400}, {7, 86400}, {1000, 86400},
	};

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (outbox_backoff_s(t[i].failures) != t[i].want_s)
			fail_msg("failures %d: %lld, want %lld", t[i].failures,
			    (long long)outbox_backoff_s(t[i].failures),
			    (long long)t[i].want_s);
}

static void test_outbox_subject_round_trips_in_whole_characters(void **state)
{
	static const char *const subjects[] = {
		"",
		"A",
		"Reminder",
		"【办件预警】办件U22V6EQL789X 动物防疫条件合格证核发(新办)",
		/* 14 three-byte characters = 42 bytes: exactly one word */
		"一二三四五六七八九十一二三四",
		/* 15 = 45 bytes: two words */
		"一二三四五六七八九十一二三四五",
		/* four-byte characters straddle the 42-byte boundary */
		"a😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
		/* several words (parenthesised: one element, two lines) */
		("督办单:超期8个工作日 — 请立即办结,并书面回复超期原因和整改措施。"
		"督办单:超期8个工作日 — 请立即办结,并书面回复超期原因和整改措施。"),
	};

	(void)state;
	for (size_t i = 0; i < sizeof subjects / sizeof subjects[0]; i++) {
		char enc[2048], dec[1024];

		assert_int_equal(outbox_encode_header(subjects[i], enc, sizeof enc),
		    0);
		decode_words(enc, dec, sizeof dec);
		assert_string_equal(dec, subjects[i]);
	}
}

static void test_outbox_subject_folds_long_text(void **state)
{
	char enc[512];

	(void)state;
	assert_int_equal(outbox_encode_header("一二三四五六七八九十一二三四五",
	    enc, sizeof enc), 0);
	assert_string_equal(enc, "=?UTF-8?B?5LiA5LqM5LiJ5Zub5LqU5YWt5LiD5YWr5Lmd"
	    "5Y2B5LiA5LqM5LiJ5Zub?=\r\n =?UTF-8?B?5LqU?=");
	assert_int_equal(outbox_encode_header("", enc, sizeof enc), 0);
	assert_string_equal(enc, "");
}

static void test_outbox_subject_refuses_bad_text_and_small_buffers(void **state)
{
	char enc[64];

	(void)state;
	assert_int_equal(outbox_encode_header("a\xff", enc, sizeof enc),
	    GH_EINVAL);
	assert_int_equal(outbox_encode_header("\xe4\xb8", enc, sizeof enc),
	    GH_EINVAL);
	assert_int_equal(outbox_encode_header("line\r\nBcc: x@y.cn", enc,
	    sizeof enc), GH_EINVAL);
	assert_int_equal(outbox_encode_header("tab\there", enc, sizeof enc),
	    GH_EINVAL);
	assert_int_equal(outbox_encode_header("督办", enc, 12), GH_ETOOBIG);
	assert_int_equal(outbox_encode_header("督办", enc, 20), GH_ETOOBIG);
	assert_int_equal(outbox_encode_header("督办", enc, 21), 0);
	assert_string_equal(enc, "=?UTF-8?B?552j5Yqe?=");
}

static void test_outbox_email_addresses(void **state)
{
	static const struct {
		const char *addr;
		bool ok;
	} t[] = {
		{"s071@example.gov.cn", true},
		{"a.b+tag@x.cn", true},
		{"a@b", true},
		{"", false},
		{"@x.cn", false},
		{"a@", false},
		{"a@@x.cn", false},
		{"a@x@y.cn", false},
		{"a b@x.cn", false},
		{"a@x.cn>", false},
		{"<a@x.cn", false},
		{"a@x.cn\r\nRCPT TO:<b@y.cn>", false},
		{"a@.x.cn", false},
		{"a@x.cn.", false},
		{"张三@x.cn", false},
		{"a,b@x.cn", false},
	};

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (outbox_email_valid(t[i].addr) != t[i].ok)
			fail_msg("\"%s\": %d, want %d", t[i].addr, !t[i].ok, t[i].ok);
}

static void test_outbox_mobile_numbers(void **state)
{
	static const struct {
		const char *phone, *want;   /* want NULL: not a mobile */
	} t[] = {
		{"13809059008", "13809059008"},
		{"19912345678", "19912345678"},
		{"+8613809059008", "13809059008"},
		{"8613809059008", "13809059008"},
		{"12809059008", NULL},       /* no 12x mobiles */
		{"1380905900", NULL},
		{"138090590080", NULL},
		{"0773-8123456", NULL},      /* a landline */
		{"07738123456", NULL},
		{"138 0905 9008", NULL},
		{"+861380905900x", NULL},
		{"", NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char out[12] = "untouched";
		bool ok = outbox_mobile(t[i].phone, out);

		if (ok != (t[i].want != NULL))
			fail_msg("\"%s\": %d", t[i].phone, ok);
		if (ok)
			assert_string_equal(out, t[i].want);
		else
			assert_string_equal(out, "untouched");
	}
}

/* The header called name (with ": "), up to but excluding its CRLF. */
static const char *header(const char *msg, const char *name, char *out,
    size_t cap)
{
	const char *p = strstr(msg, name), *end;

	if (!p)
		return NULL;
	end = strstr(p, "\r\n");
	assert_non_null(end);
	assert_true((size_t)(end - p) < cap);
	memcpy(out, p, (size_t)(end - p));
	out[end - p] = '\0';
	return out;
}

static void test_outbox_email_message_is_rfc5322(void **state)
{
	struct outbox_email e = {
		.from = "govhall@example.gov.cn", .to = "s071@example.gov.cn",
		.subject = "【办件超时】办件U22V6EQL789X 动物防疫条件合格证核发(新办)",
		.body = "超时亮红灯:办件已于2026-11-11到期。\n请立即办理\r\n",
		.date = 1795392000,   /* 2026-11-23 00:00:00 UTC, a Monday */
		.id = 42, .created_at = 1795400000,
	};
	char *msg, line[512], body[512], b64[1024];
	const char *sep;
	size_t len, n, k = 0;

	(void)state;
	assert_int_equal(outbox_format_email(&e, &msg, &len), 0);
	assert_int_equal(strlen(msg), len);
	assert_non_null(header(msg, "Date: ", line, sizeof line));
	assert_string_equal(line, "Date: Mon, 23 Nov 2026 00:00:00 +0000");
	assert_non_null(header(msg, "From: ", line, sizeof line));
	assert_string_equal(line, "From: govhall@example.gov.cn");
	assert_non_null(header(msg, "To: ", line, sizeof line));
	assert_string_equal(line, "To: s071@example.gov.cn");
	assert_non_null(header(msg, "Message-ID: ", line, sizeof line));
	assert_string_equal(line,
	    "Message-ID: <govhall.outbox.42.1795400000@example.gov.cn>");
	assert_non_null(header(msg, "Content-Type: ", line, sizeof line));
	assert_string_equal(line, "Content-Type: text/plain; charset=UTF-8");
	assert_non_null(header(msg, "Subject: ", line, sizeof line));
	assert_memory_equal(line, "Subject: =?UTF-8?B?", 19);
	assert_non_null(strstr(msg, "MIME-Version: 1.0\r\n"));
	assert_non_null(strstr(msg, "Content-Transfer-Encoding: base64\r\n"));
	/* no bare LF anywhere, and no line over 78 characters */
	for (size_t i = 0, col = 0; i < len; i++, col++) {
		if (msg[i] == '\n') {
			assert_true(i > 0 && msg[i - 1] == '\r');
			col = 0;
		}
		assert_true(col <= 79);
	}
	/* the body decodes to the text with CRLF line ends */
	sep = strstr(msg, "\r\n\r\n");
	assert_non_null(sep);
	for (const char *p = sep + 4; *p; p++)
		if (*p != '\r' && *p != '\n')
			b64[k++] = *p;
	b64[k] = '\0';
	assert_int_equal(sodium_base642bin((unsigned char *)body,
	    sizeof body - 1, b64, k, NULL, &n, NULL,
	    sodium_base64_VARIANT_ORIGINAL), 0);
	body[n] = '\0';
	assert_string_equal(body,
	    "超时亮红灯:办件已于2026-11-11到期。\r\n请立即办理\r\n");
	free(msg);
}

static void test_outbox_email_message_refuses_bad_input(void **state)
{
	struct outbox_email e = {
		.from = "govhall@example.gov.cn", .to = "s071@example.gov.cn",
		.subject = "提醒", .body = "正文", .date = 0, .id = 1,
	};
	char *msg = NULL, *big;
	size_t len;

	(void)state;
	e.to = "s071@example.gov.cn>\r\nBcc: <x@y.cn";
	assert_int_equal(outbox_format_email(&e, &msg, &len), GH_EINVAL);
	e.to = "s071@example.gov.cn";
	e.from = "";
	assert_int_equal(outbox_format_email(&e, &msg, &len), GH_EINVAL);
	e.from = "govhall@example.gov.cn";
	e.subject = "\xc0\xaf";
	assert_int_equal(outbox_format_email(&e, &msg, &len), GH_EINVAL);
	e.subject = "提醒";
	e.body = "\xed\xa0\x80";   /* a surrogate */
	assert_int_equal(outbox_format_email(&e, &msg, &len), GH_EINVAL);
	big = malloc(OUTBOX_BODY_MAX + 2);
	assert_non_null(big);
	memset(big, 'a', OUTBOX_BODY_MAX + 1);
	big[OUTBOX_BODY_MAX + 1] = '\0';
	e.body = big;
	assert_int_equal(outbox_format_email(&e, &msg, &len), GH_ETOOBIG);
	big[OUTBOX_BODY_MAX] = '\0';
	assert_int_equal(outbox_format_email(&e, &msg, &len), 0);
	assert_null(strstr(msg, "\r\n\r\n\r\n"));
	free(msg);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outbox_backoff_grows_then_caps_at_a_day),
		cmocka_unit_test(test_outbox_subject_round_trips_in_whole_characters),
		cmocka_unit_test(test_outbox_subject_folds_long_text),
		cmocka_unit_test(test_outbox_subject_refuses_bad_text_and_small_buffers),
		cmocka_unit_test(test_outbox_email_addresses),
		cmocka_unit_test(test_outbox_mobile_numbers),
		cmocka_unit_test(test_outbox_email_message_is_rfc5322),
		cmocka_unit_test(test_outbox_email_message_refuses_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
