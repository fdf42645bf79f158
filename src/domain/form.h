/*
 * form.h - an item's application form (申请表): sections of typed fields,
 * the check of a form definition and the check of one submitted value.
 *
 * Field types have fixed API names: text, number (with a unit), date
 * (YYYY-MM-DD), choice (a list of options), id_number (居民身份证号),
 * credit_code (统一社会信用代码), phone (mobile or landline), address, area
 * (a region code of the centre; the caller checks that it exists) and
 * money (integer fen).  Limits: min/max for number, money (fen) and date
 * (a day number inside, ISO at the edges); max_len (code points) for text
 * and address.
 *
 * Ownership: every char * and array in a struct form is owned by it and
 * released by form_clear.  Pure: no I/O, no clock (today is passed in).
 * Reentrant.
 */
#ifndef GH_FORM_H
#define GH_FORM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum form_type {
	FT_TEXT = 1,
	FT_NUMBER,
	FT_DATE,
	FT_CHOICE,
	FT_ID_NUMBER,
	FT_CREDIT_CODE,
	FT_PHONE,
	FT_ADDRESS,
	FT_AREA,
	FT_MONEY,
	FT_COUNT_
};

struct form_field {
	char *key;       /* [a-z][a-z0-9_]{0,31}, unique within the form */
	char *label;     /* 1..60 code points */
	int type;        /* enum form_type */
	bool required;
	char *unit;      /* number only ("人", "平方米"); "" if none */
	char **options;  /* choice only: 1..FORM_MAX_OPTIONS unique labels */
	size_t n_options;
	bool has_min, has_max;
	int64_t min, max; /* number: value; money: fen; date: day number */
	int max_len;     /* text and address: code points, 0 = the default */
	char *help;      /* 填写说明, "" if none */
};

struct form_section {
	char *title;     /* 1..60 code points */
	struct form_field *fields; /* at least one */
	size_t n_fields;
};

/* An item without a form has n_sections == 0. */
struct form {
	struct form_section *sections;
	size_t n_sections;
};

#define FORM_MAX_SECTIONS 20
#define FORM_MAX_FIELDS 100    /* over all sections */
#define FORM_MAX_OPTIONS 50
#define FORM_MAX_TEXT 2000     /* max_len cap, code points */
#define FORM_DEFAULT_TEXT 200  /* max_len when 0 */
#define FORM_VALUE_CAP 8192    /* bytes for a value or display with NUL */

const char *form_type_name(int t);  /* "id_number"; NULL out of range */
const char *form_type_label(int t); /* "身份证号" */
int form_type_from_name(const char *s); /* -1 when unknown */

/* Called once per violation: path like "form.sections[0].fields[2].key"
 * (prefix as given to form_validate) and a Chinese message. */
typedef void (*form_error_fn)(void *ctx, const char *path,
    const char *message);

/* Checks every rule of a definition and reports each violation through
 * fn (may be NULL to count); returns the number found. */
int form_validate(const struct form *f, const char *prefix, form_error_fn fn,
    void *ctx);

/* A submitted value as it came in JSON: absent (or null), a string, an
 * integer or a real number. */
enum form_input_kind { FI_NONE = 0, FI_TEXT, FI_INT, FI_REAL };
struct form_input {
	int kind;
	const char *text; /* FI_TEXT: NUL-terminated UTF-8 */
	int64_t i;        /* FI_INT */
	double r;         /* FI_REAL */
};

/* Checks one value against its field.  On success returns 0 and writes the
 * canonical value (text as stored; "" for an absent optional field) into
 * value and the text to show people (with unit, yuan, option) into display,
 * each FORM_VALUE_CAP bytes.  Otherwise GH_EINVAL and a Chinese reason that
 * names the field's label in why (wcap bytes).  Text is trimmed of
 * surrounding spaces first; an empty string counts as absent.  today is the
 * centre's day number (an ID number may not carry a future birth date). */
int form_check_value(const struct form_field *f, const struct form_input *in,
    int32_t today, char value[FORM_VALUE_CAP], char display[FORM_VALUE_CAP],
    char *why, size_t wcap);

/* The field with key, or NULL. */
const struct form_field *form_find(const struct form *f, const char *key);
size_t form_field_count(const struct form *f);

void form_clear(struct form *f);
/* Deep copy; *dst is overwritten as if uninitialised. */
void form_copy(struct form *dst, const struct form *src);
bool form_equal(const struct form *a, const struct form *b);

#endif
