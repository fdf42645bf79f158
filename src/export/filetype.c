/*
 * filetype.c - libmagic and the structural checks behind filetype.h.
 */
#include "export/filetype.h"

#include <magic.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/gh_err.h"
#include "util/log.h"

static _Thread_local magic_t cookie;
static _Thread_local bool cookie_failed;
/* closes a worker thread's libmagic database when the thread ends */
static pthread_key_t cookie_key;
static pthread_once_t cookie_once = PTHREAD_ONCE_INIT;

static void cookie_close(void *c)
{
	magic_close(c);
}

static void cookie_key_make(void)
{
	pthread_key_create(&cookie_key, cookie_close);
}

const char *filetype_mime(enum filetype t)
{
	switch (t) {
	case FILETYPE_PDF: return "application/pdf";
	case FILETYPE_JPEG: return "image/jpeg";
	case FILETYPE_PNG: return "image/png";
	default: return NULL;
	}
}

enum filetype filetype_from_mime(const char *mime)
{
	for (int t = FILETYPE_PDF; t <= FILETYPE_PNG; t++)
		if (mime && !strcmp(mime, filetype_mime(t)))
			return t;
	return FILETYPE_UNKNOWN;
}

const char *filetype_label(enum filetype t)
{
	switch (t) {
	case FILETYPE_PDF: return "PDF";
	case FILETYPE_JPEG: return "JPEG";
	case FILETYPE_PNG: return "PNG";
	default: return "未知";
	}
}

/* Whether needle occurs in the last `tail` bytes of p. */
static bool in_tail(const unsigned char *p, size_t len, size_t tail,
    const char *needle)
{
	size_t n = strlen(needle), from = len > tail ? len - tail : 0;

	for (size_t i = from; i + n <= len; i++)
		if (!memcmp(p + i, needle, n))
			return true;
	return false;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int broken(char *why, size_t cap, const char *what)
{
	snprintf(why, cap, "%s", what);
	return GH_EUNPROCESSABLE;
}

int filetype_complete(enum filetype t, const unsigned char *p, size_t len,
    char *why, size_t cap)
{
	size_t off;

	switch (t) {
	case FILETYPE_PDF:
		if (len < 16 || memcmp(p, "%PDF-", 5))
			return broken(why, cap, "PDF文件头缺失,文件已损坏");
		if (!in_tail(p, len, 1024, "%%EOF") ||
		    !in_tail(p, len, 4096, "startxref"))
			return broken(why, cap, "PDF文件不完整(缺少文件尾),可能上传中断"
			    "或文件已损坏,请重新生成后上传");
		return 0;
	case FILETYPE_JPEG:
		if (len < 4 || p[0] != 0xFF || p[1] != 0xD8 || p[2] != 0xFF)
			return broken(why, cap, "JPEG文件头缺失,文件已损坏");
		for (off = len >= 2 ? len - 2 : 0; off + 2 <= len &&
		    off + 1024 >= len; off--) {
			if (p[off] == 0xFF && p[off + 1] == 0xD9)
				return 0;
			if (!off)
				break;
		}
		return broken(why, cap, "JPEG图片不完整(缺少结束标记),请重新拍摄"
		    "或扫描后上传");
	case FILETYPE_PNG:
		if (len < 8 + 25 || memcmp(p, "\x89PNG\r\n\x1a\n", 8) ||
		    memcmp(p + 12, "IHDR", 4))
			return broken(why, cap, "PNG文件头缺失,文件已损坏");
		/* chunks: length, type, data, CRC; to IEND, within the file */
		for (off = 8; off + 12 <= len;) {
			uint32_t n = be32(p + off);

			if (n > len - off - 12)
				break;
			if (!memcmp(p + off + 4, "IEND", 4))
				return 0;
			off += 12 + (size_t)n;
		}
		return broken(why, cap, "PNG图片不完整,请重新生成后上传");
	default:
		return broken(why, cap, "未知的文件类型");
	}
}

int filetype_sniff(const void *data, size_t len, enum filetype *type,
    char *why, size_t cap)
{
	const char *mime;
	enum filetype t = FILETYPE_UNKNOWN;

	if (!len) {
		snprintf(why, cap, "文件为空");
		return GH_EMEDIA;
	}
	if (!cookie && !cookie_failed) {
		cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR |
		    MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_TAR |
		    MAGIC_NO_CHECK_ELF);
		if (!cookie || magic_load(cookie, NULL)) {
			log_error("filetype: cannot load the libmagic database: %s",
			    cookie ? magic_error(cookie) : "magic_open failed");
			if (cookie)
				magic_close(cookie);
			cookie = NULL;
			cookie_failed = true;
		} else {
			pthread_once(&cookie_once, cookie_key_make);
			pthread_setspecific(cookie_key, cookie);
		}
	}
	if (!cookie) {
		snprintf(why, cap, "无法识别文件类型");
		return GH_EIO;
	}
	mime = magic_buffer(cookie, data, len);
	if (mime && !strcmp(mime, "application/pdf"))
		t = FILETYPE_PDF;
	else if (mime && !strcmp(mime, "image/jpeg"))
		t = FILETYPE_JPEG;
	else if (mime && !strcmp(mime, "image/png"))
		t = FILETYPE_PNG;
	if (t == FILETYPE_UNKNOWN) {
		snprintf(why, cap, "只能上传PDF、JPEG或PNG文件(该文件为%.60s)",
		    mime ? mime : "未知类型");
		return GH_EMEDIA;
	}
	if (filetype_complete(t, data, len, why, cap))
		return GH_EUNPROCESSABLE;
	*type = t;
	return 0;
}
