/*
 * csv.h - RFC 4180 CSV over memory buffers: a reader and a writer.
 *
 * Reader: walks a caller-owned buffer record by record.  Fields may be
 * quoted ("a,b", "line1\nline2", "say ""hi"""); records end with CRLF, LF
 * or a lone CR; a UTF-8 byte order mark at the very start is skipped;
 * completely empty lines are skipped.  Each record reports the physical
 * line (1-based) on which it starts, so that a quoted field spanning lines
 * does not shift the numbers of later records.  A quote inside an unquoted
 * field is taken literally (as spreadsheet programs do).  NUL bytes are
 * rejected, so every field is also a proper C string.
 *
 * Writer: builds one buffer, quoting a field only when it has to (comma,
 * quote, CR, LF, or leading/trailing space) and ending records with CRLF.
 *
 * Caps: the reader limits the fields of a record and the bytes of a field
 * and of a record (csv_limits); the writer has a byte cap fixed at
 * creation (0 = none, for output built from trusted in-memory data) and a
 * sticky overflow flag checked once at csv_writer_finish, as SQLite does
 * with out-of-memory.
 *
 * Ownership: the reader copies field text into its own storage, valid until
 * the next csv_read_record or csv_reader_free; it never writes to the input.
 * No I/O.  A reader or writer is used by one thread at a time; distinct
 * objects are independent (reentrant).
 */
#ifndef GH_CSV_H
#define GH_CSV_H
#include <stdbool.h>
#include <stddef.h>

struct csv_limits {
	size_t max_fields;       /* per record */
	size_t max_field_bytes;  /* after unquoting */
	size_t max_record_bytes; /* sum of the fields, after unquoting */
};

/* 256 fields, 1 MiB per field, 4 MiB per record. */
#define CSV_DEFAULT_MAX_FIELDS 256
#define CSV_DEFAULT_MAX_FIELD_BYTES (1u << 20)
#define CSV_DEFAULT_MAX_RECORD_BYTES (4u << 20)

struct csv_record {
	const char *const *fields; /* n NUL-terminated strings */
	const size_t *lens;        /* their lengths in bytes */
	size_t n;
	int line;                  /* physical line where the record starts */
};

struct csv_reader {
	const char *buf;
	size_t len, pos;
	int line;                 /* physical line of buf[pos], 1-based */
	struct csv_limits lim;
	char *text;               /* unquoted fields of the record, NUL after each */
	size_t text_len, text_cap;
	size_t *offs, *lens;      /* start and length of each field in text */
	const char **fields;
	size_t n_fields, fields_cap;
	int err;                  /* 0, or the sticky failure */
	int err_line;             /* after a failure: where */
	const char *err_msg;      /* after a failure: why, Chinese, static */
};

/* Prepares r to read buf[0..len) (not copied: it must outlive r).  lim may
 * be NULL for the defaults. */
void csv_reader_init(struct csv_reader *r, const char *buf, size_t len,
    const struct csv_limits *lim);
void csv_reader_free(struct csv_reader *r);

/* Reads the next record into *rec (pointers into r, valid until the next
 * call).  Returns 1 when a record was read, 0 at the end of the input,
 * GH_EINVAL on a syntax error (unterminated quote, text after a closing
 * quote, NUL byte) or GH_ETOOBIG when a cap is exceeded; on failure
 * r->err_line and r->err_msg say where and why, and every later call
 * returns the same error. */
int csv_read_record(struct csv_reader *r, struct csv_record *rec);

struct csv_writer {
	char *p;
	size_t len, cap, max;
	bool overflow;     /* sticky: a write would have passed max */
	bool in_record;    /* a field was written since the last record end */
};

/* max_bytes caps the whole output; 0 means no cap. */
void csv_writer_init(struct csv_writer *w, size_t max_bytes);
void csv_writer_free(struct csv_writer *w);
/* Appends bytes as they are (no quoting, no separator). */
void csv_write_raw(struct csv_writer *w, const char *s, size_t len);
/* Appends one field, preceded by a comma unless it starts the record. */
void csv_write_field(struct csv_writer *w, const char *s, size_t len);
/* Ends the record with CRLF. */
void csv_end_record(struct csv_writer *w);
/* Whether s must be quoted to survive a round trip through the reader. */
bool csv_field_needs_quotes(const char *s, size_t len);
/* Hands the NUL-terminated output to the caller (free() it) and stores its
 * length in *len when len is not NULL; returns NULL, freeing everything,
 * when the cap was exceeded.  w is left empty and may be freed or reused. */
char *csv_writer_finish(struct csv_writer *w, size_t *len);

#endif
