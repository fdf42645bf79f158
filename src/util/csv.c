/*
 * csv.c - RFC 4180 CSV reader and writer over memory buffers (see csv.h).
 *
 * Invariants: the reader's text buffer never grows past max_record_bytes
 * plus one NUL per field, and its field arrays past max_fields; pos only
 * moves forward; once a read fails, the failure is sticky.  The writer's
 * buffer never grows past its cap (when it has one).
 * Thread-safety: none inside an object; no globals.
 */
#include "util/csv.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/gh_err.h"
#include "util/xalloc.h"

void csv_reader_init(struct csv_reader *r, const char *buf, size_t len,
    const struct csv_limits *lim)
{
	memset(r, 0, sizeof(*r));
	r->buf = buf;
	r->len = buf ? len : 0;
	r->line = 1;
	if (lim) {
		r->lim = *lim;
	} else {
		r->lim.max_fields = CSV_DEFAULT_MAX_FIELDS;
		r->lim.max_field_bytes = CSV_DEFAULT_MAX_FIELD_BYTES;
		r->lim.max_record_bytes = CSV_DEFAULT_MAX_RECORD_BYTES;
	}
	if (r->len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		r->pos = 3;
}

void csv_reader_free(struct csv_reader *r)
{
	if (!r)
		return;
	free(r->text);
	free(r->offs);
	free(r->lens);
	free(r->fields);
	r->text = NULL;
	r->offs = r->lens = NULL;
	r->fields = NULL;
	r->text_cap = r->fields_cap = 0;
}

static int fail(struct csv_reader *r, int err, int line, const char *msg)
{
	r->err = err;
	r->err_line = line;
	r->err_msg = msg;
	return err;
}

static void next_line(struct csv_reader *r)
{
	if (r->line < INT_MAX)
		r->line++;
}

/* Appends one byte of the current field, which started at text offset
 * field_start; enforces the field and record caps. */
static int put(struct csv_reader *r, char c, size_t field_start)
{
	if (r->text_len - field_start >= r->lim.max_field_bytes)
		return fail(r, GH_ETOOBIG, r->line, "字段内容超过长度上限");
	if (r->text_len - r->n_fields >= r->lim.max_record_bytes)
		return fail(r, GH_ETOOBIG, r->line, "记录内容超过长度上限");
	if (r->text_len + 1 >= r->text_cap) {
		r->text_cap = r->text_cap ? r->text_cap * 2 : 256;
		r->text = xrealloc(r->text, r->text_cap);
	}
	r->text[r->text_len++] = c;
	return 0;
}

static int begin_field(struct csv_reader *r)
{
	if (r->n_fields >= r->lim.max_fields)
		return fail(r, GH_ETOOBIG, r->line, "字段数超过上限");
	if (r->n_fields == r->fields_cap) {
		r->fields_cap = r->fields_cap ? r->fields_cap * 2 : 16;
		r->offs = xrealloc(r->offs, r->fields_cap * sizeof(*r->offs));
		r->lens = xrealloc(r->lens, r->fields_cap * sizeof(*r->lens));
		r->fields = xrealloc(r->fields, r->fields_cap * sizeof(*r->fields));
	}
	r->offs[r->n_fields] = r->text_len;
	return 0;
}

static void end_field(struct csv_reader *r)
{
	size_t start = r->offs[r->n_fields];

	if (r->text_len + 1 > r->text_cap) {
		r->text_cap = r->text_cap ? r->text_cap * 2 : 256;
		r->text = xrealloc(r->text, r->text_cap);
	}
	r->lens[r->n_fields] = r->text_len - start;
	/* The NUL is not part of the field; it counts as one byte of the
	 * record's storage, which is why put() subtracts n_fields. */
	r->text[r->text_len++] = '\0';
	r->n_fields++;
}

/* Reads a quoted field; pos is at the opening quote. */
static int read_quoted(struct csv_reader *r, size_t start)
{
	int quote_line = r->line;
	int rc;

	r->pos++;
	for (;;) {
		char c;

		if (r->pos >= r->len)
			return fail(r, GH_EINVAL, quote_line, "引号未闭合");
		c = r->buf[r->pos];
		if (c == '"') {
			if (r->pos + 1 < r->len && r->buf[r->pos + 1] == '"') {
				if ((rc = put(r, '"', start)) < 0)
					return rc;
				r->pos += 2;
				continue;
			}
			r->pos++;
			break;
		}
		if (c == '\0')
			return fail(r, GH_EINVAL, r->line, "含有NUL字符");
		if (c == '\n' || (c == '\r' && !(r->pos + 1 < r->len &&
		    r->buf[r->pos + 1] == '\n')))
			next_line(r);
		if ((rc = put(r, c, start)) < 0)
			return rc;
		r->pos++;
	}
	if (r->pos < r->len) {
		char c = r->buf[r->pos];

		if (c != ',' && c != '\r' && c != '\n')
			return fail(r, GH_EINVAL, r->line, "引号闭合后出现多余字符");
	}
	return 0;
}

static int read_plain(struct csv_reader *r, size_t start)
{
	int rc;

	while (r->pos < r->len) {
		char c = r->buf[r->pos];

		if (c == ',' || c == '\r' || c == '\n')
			break;
		if (c == '\0')
			return fail(r, GH_EINVAL, r->line, "含有NUL字符");
		if ((rc = put(r, c, start)) < 0)
			return rc;
		r->pos++;
	}
	return 0;
}

int csv_read_record(struct csv_reader *r, struct csv_record *rec)
{
	int start_line;
	int rc;

	if (r->err)
		return r->err;
	/* Skip empty lines: spreadsheets leave them at the end of files. */
	while (r->pos < r->len) {
		char c = r->buf[r->pos];

		if (c == '\n') {
			r->pos++;
		} else if (c == '\r') {
			r->pos++;
			if (r->pos < r->len && r->buf[r->pos] == '\n')
				r->pos++;
		} else {
			break;
		}
		next_line(r);
	}
	if (r->pos >= r->len)
		return 0;
	start_line = r->line;
	r->text_len = 0;
	r->n_fields = 0;
	for (;;) {
		size_t start;
		char c;

		if ((rc = begin_field(r)) < 0)
			return rc;
		start = r->text_len;
		if (r->pos < r->len && r->buf[r->pos] == '"')
			rc = read_quoted(r, start);
		else
			rc = read_plain(r, start);
		if (rc < 0)
			return rc;
		end_field(r);
		if (r->pos >= r->len)
			break;
		c = r->buf[r->pos++];
		if (c == ',')
			continue;
		if (c == '\r' && r->pos < r->len && r->buf[r->pos] == '\n')
			r->pos++;
		next_line(r);
		break;
	}
	for (size_t i = 0; i < r->n_fields; i++)
		r->fields[i] = r->text + r->offs[i];
	rec->fields = r->fields;
	rec->lens = r->lens;
	rec->n = r->n_fields;
	rec->line = start_line;
	return 1;
}

void csv_writer_init(struct csv_writer *w, size_t max_bytes)
{
	memset(w, 0, sizeof(*w));
	w->max = max_bytes;
}

void csv_writer_free(struct csv_writer *w)
{
	if (!w)
		return;
	free(w->p);
	w->p = NULL;
	w->len = w->cap = 0;
}

void csv_write_raw(struct csv_writer *w, const char *s, size_t len)
{
	if (w->overflow || len == 0)
		return;
	if (len > SIZE_MAX / 2 - w->len - 1 ||
	    (w->max && w->len + len > w->max)) {
		w->overflow = true;
		return;
	}
	if (w->len + len + 1 > w->cap) {
		size_t cap = w->cap ? w->cap : 1024;

		while (cap < w->len + len + 1)
			cap *= 2;
		w->p = xrealloc(w->p, cap);
		w->cap = cap;
	}
	memcpy(w->p + w->len, s, len);
	w->len += len;
	w->p[w->len] = '\0';
}

bool csv_field_needs_quotes(const char *s, size_t len)
{
	if (len == 0)
		return false;
	if (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' ||
	    s[len - 1] == '\t')
		return true;
	for (size_t i = 0; i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return true;
	return false;
}

void csv_write_field(struct csv_writer *w, const char *s, size_t len)
{
	if (w->in_record)
		csv_write_raw(w, ",", 1);
	w->in_record = true;
	if (!csv_field_needs_quotes(s, len)) {
		csv_write_raw(w, s, len);
		return;
	}
	csv_write_raw(w, "\"", 1);
	for (size_t i = 0, run = 0; i <= len; i++) {
		if (i == len || s[i] == '"') {
			csv_write_raw(w, s + run, i - run);
			if (i < len)
				csv_write_raw(w, "\"\"", 2);
			run = i + 1;
		}
	}
	csv_write_raw(w, "\"", 1);
}

void csv_end_record(struct csv_writer *w)
{
	csv_write_raw(w, "\r\n", 2);
	w->in_record = false;
}

char *csv_writer_finish(struct csv_writer *w, size_t *len)
{
	char *out;

	if (w->overflow) {
		csv_writer_free(w);
		w->overflow = false;
		w->in_record = false;
		return NULL;
	}
	out = w->p ? w->p : xstrdup("");
	if (len)
		*len = w->len;
	w->p = NULL;
	w->len = w->cap = 0;
	w->in_record = false;
	return out;
}
