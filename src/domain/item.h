/*
 * item.h - a service item (事项) of the catalogue: the "八公开" record.
 *
 * struct item is the one in-memory form of an item, shared by the
 * importers (CSV, JSON), the store and the HTTP layer.  item_validate checks
 * every rule that needs no database (a department code is checked against
 * the store by the caller).
 *
 * Ownership: every char * and array in a struct item is owned by it and
 * released by item_clear.  Pure: no I/O.  Reentrant.
 */
#ifndef GH_ITEM_H
#define GH_ITEM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/form.h"

enum item_type {
	IT_LICENSING = 1,     /* 行政许可 */
	IT_NON_LICENSING,     /* 非行政许可审批 */
	IT_CONFIRMATION,      /* 行政确认 */
	IT_BENEFIT,           /* 行政给付 */
	IT_PUBLIC_SERVICE,    /* 公共服务 */
	IT_OTHER,             /* 其他 */
	IT_COUNT_
};

enum item_level {
	LV_CITY = 1,     /* 市 */
	LV_COUNTY,       /* 县 */
	LV_TOWNSHIP,     /* 乡镇(街道) */
	LV_VILLAGE,      /* 村(社区) */
	LV_COUNT_
};

enum material_form {
	MF_ORIGINAL = 1, /* 原件 */
	MF_COPY,         /* 复印件 */
	MF_BOTH,         /* 原件及复印件 */
	MF_ELECTRONIC,   /* 电子材料 */
	MF_COUNT_
};

struct item_material {
	char *name;        /* unique within the item */
	bool main;         /* 主件 (true) or 辅件 (false); only 辅件 may be 容缺 */
	bool required;
	int form;          /* enum material_form */
	int copies;        /* 1..99 */
	char *template_name; /* blank form, "" if none */
	char *note;        /* filling notes, "" if none */
	/* Issue 11: a 辅件 the applicant may bring after acceptance on a signed
	 * commitment (容缺), in an item with defer_allowed; a proof a signed
	 * promise may replace (告知承诺), in an item with pledge_allowed. */
	bool deferrable;
	bool pledgeable;
};

struct item_step {
	char *name;      /* 受理, 审核, 批准, 办结 ... */
	int role;        /* enum role bit of who handles it */
	int limit_days;  /* step limit in working days, >= 0 */
};

struct item_fee {
	char *name;
	int64_t amount_fen; /* approved standard, integer fen (>= 0) */
	char *basis;        /* 收费依据 */
};

struct item {
	char *code;        /* 实施编码: 1..24 of [0-9A-Za-z._-] */
	char *name;
	int type;          /* enum item_type */
	char *dept_code;   /* implementing department */
	int level;         /* enum item_level */
	char *basis;       /* 设定依据 */
	char *conditions;  /* 受理条件 */
	struct item_material *materials;
	size_t n_materials;
	struct item_step *steps; /* review procedure after acceptance */
	size_t n_steps;
	int legal_limit_days;    /* 法定时限, working days */
	int promised_limit_days; /* 承诺时限, working days, <= legal */
	bool instant;            /* 即办件 (true) or 承诺件 (false) */
	struct item_fee *fees;   /* empty: 不收费 */
	size_t n_fees;
	char *result_name;       /* 证照/批文 */
	bool in_hall;            /* 进驻大厅 */
	int online_depth;        /* 网上办理深度 1..4 */
	int visits;              /* 到现场次数 0..5 */
	char *complaint_channel; /* 投诉渠道 */
	char *consult_phone;     /* 咨询电话 */
	int warn_days;           /* yellow threshold; -1 = centre default */
	bool retired;            /* 已停用 (kept for old cases) */
	struct form form;        /* 申请表; no sections = none (domain/form.h) */
	/* Accelerated approval (issue 11, DOMAIN.md section 7). */
	bool defer_allowed;      /* 容缺受理: deferrable 辅件 may come later */
	bool withhold_result;    /* ... and the result waits for them */
	bool pledge_allowed;     /* 告知承诺制: pledgeable proofs by promise */
	bool high_risk;          /* 高风险 (safety, environment, health,
	                          * finance): never 告知承诺 */
	char **keywords;         /* search words and synonyms: "开饭店" */
	size_t n_keywords;
};

/* One validation failure: where (line or record number, field) and why. */
struct item_error {
	int line;          /* CSV line or JSON record number, 1-based; 0 n/a */
	char field[48];    /* "materials[2].copies", "promised_limit_days" */
	char message[200]; /* Chinese, "承诺时限不得超过法定时限" */
};

struct item_errors {
	struct item_error *v;
	size_t n, cap;
};

/* Caps (added by the codec's author).  A list keeps at most
 * ITEM_ERRORS_MAX entries, the last one saying that more were left out;
 * an item has at most ITEM_MAX_MATERIALS materials, ITEM_MAX_STEPS steps
 * and ITEM_MAX_FEES fees (item_validate enforces them, the parsers stop
 * reading there); a fee is at most ITEM_MAX_FEE_FEN (1 000 000 000 yuan). */
#define ITEM_ERRORS_MAX 1000
#define ITEM_MAX_MATERIALS 200
#define ITEM_MAX_STEPS 50
#define ITEM_MAX_FEES 50
#define ITEM_MAX_FEE_FEN INT64_C(100000000000)
/* Keywords (issue 10): at most ITEM_MAX_KEYWORDS, each 1..ITEM_KEYWORD_MAX
 * code points, unique, without ',' '|' ';' or surrounding spaces. */
#define ITEM_MAX_KEYWORDS 50
#define ITEM_KEYWORD_MAX 30

void item_errors_add(struct item_errors *errs, int line, const char *field,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void item_errors_clear(struct item_errors *errs);

/* Appends every rule violation of it to errs (line as given) and returns
 * the number found (errs may be NULL to just count).  Field paths index
 * arrays from 0 ("materials[0].copies").  Besides the rules below, the
 * text of materials (name, template_name, note), steps (name) and fees
 * (name, basis) may not contain '|' or ';' nor start or end with
 * whitespace, because the CSV format nests them in one cell.  Rules: code charset and length; name 1..200 chars;
 * type and level in range; limits 0..365 with promised <= legal; a 承诺件
 * has at least one review step and its step limits sum to no more than the
 * promised limit; a 即办件 has a promised limit of at most 1 day; at least
 * one material, names unique and non-empty, copies 1..99, form in range;
 * fees >= 0 with a name and a basis; online_depth 1..4; visits 0..5;
 * warn_days -1..30; text fields valid UTF-8; the form passes
 * form_validate (paths "form.sections[0]..."); keywords as above.
 * Accelerated approval: only a 辅件 may be deferrable and only in an item
 * with defer_allowed, which needs one and is not instant; withhold_result
 * needs defer_allowed; pledgeable materials only in an item with
 * pledge_allowed, which needs one and is not high_risk. */
int item_validate(const struct item *it, int line, struct item_errors *errs);

void item_clear(struct item *it);
/* Deep copy of src into *dst.  *dst is overwritten as if uninitialised:
 * item_clear it first if it owns anything. */
void item_copy(struct item *dst, const struct item *src);
/* Whether a and b hold the same values, field by field (NULL and "" are
 * the same text). */
bool item_equal(const struct item *a, const struct item *b);

/* Names of the enums, both the API name and the Chinese label;
 * from_name accepts either and returns -1 when unknown.  name and label
 * return NULL for a value out of range. */
const char *item_type_name(int t);   /* "licensing" */
const char *item_type_label(int t);  /* "行政许可" */
int item_type_from_name(const char *s);
const char *item_level_name(int l);  /* "county" */
const char *item_level_label(int l); /* "县级" */
int item_level_from_name(const char *s);
const char *material_form_name(int f);  /* "original" */
const char *material_form_label(int f); /* "原件" */
int material_form_from_name(const char *s);

#endif
