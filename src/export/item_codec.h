/*
 * item_codec.h - the catalogue's file formats: JSON and CSV, both ways.
 *
 * JSON: an item is an object whose keys are the field names of struct item;
 * "keywords" is an array of strings and "form" the object form_to_json
 * gives (issue 10);
 * enums travel as API names ("licensing", "county", "original", role
 * "reviewer") and the parser also accepts the Chinese labels; materials,
 * steps and fees are arrays of objects.  A file is an array of items or
 * {"items": [...]}.
 *
 * CSV (UTF-8, optional BOM, RFC 4180 quoting, header row required), one row
 * per item, columns named like the JSON keys.  Nested lists are cells:
 *   materials: entries split by ';', fields by '|':
 *              name|主件或辅件|原件/复印件/原件及复印件/电子材料|份数|表格|备注
 *   steps:     name|role|limit_days;...      e.g. 受理|clerk|1;审核|reviewer|3
 *   fees:      name|amount_yuan|basis;...   e.g. 工本费|10.00|桂价费〔2013〕1号
 * Booleans accept 是/否/true/false/1/0.
 * (Added by the codec's author:) a material takes 4 to 7 '|' fields; the
 * optional 7th is 是否必交 (是/否, default 是), so that struct
 * item_material's required survives a round trip.  Nested fields are
 * trimmed of surrounding whitespace; top-level text cells are kept as they
 * are.  Columns, in the order items_format_csv writes them:
 *   code,name,type,dept_code,level,basis,conditions,materials,steps,
 *   legal_limit_days,promised_limit_days,instant,fees,result_name,in_hall,
 *   online_depth,visits,complaint_channel,consult_phone,warn_days,retired,
 *   keywords,form,defer_allowed,withhold_result,pledge_allowed,high_risk
 * (Issue 11:) a material's optional 8th and 9th fields are 可容缺 and
 * 可承诺替代 (是/否, default 否); the last four columns are optional
 * booleans (default 否): 容缺受理, 容缺补齐前不出证, 告知承诺制, 高风险.
 * (Issue 10:) keywords: entries split by ';' like the other lists, e.g.
 *   开饭店;开餐馆;小吃店
 * form: the application form as one cell of compact JSON, the same object
 *   as the JSON format's "form" without type_label and empty help, e.g.
 *   {"sections":[{"title":"经营者信息","fields":[{"key":"operator_name",
 *   "label":"经营者名称","type":"text","required":true,"max_len":100}]}]}
 *   (empty: no form).  Both columns are optional in a file read.
 * required: code name type dept_code level legal_limit_days
 * promised_limit_days instant materials; an empty optional cell takes the
 * JSON default.  The writer puts Chinese labels for type, level, form,
 * 主件/辅件 and 是/否, role API names in steps.
 *
 * Parsers validate every record (item_validate) and report every error with
 * its line (CSV line, or JSON record number) and field; on any error they
 * return GH_EUNPROCESSABLE (GH_EJSON for JSON that does not parse) and
 * output nothing, so that a file with any error imports nothing.
 *
 * Where errors point: a CSV error names the physical line where its record
 * starts (the header is line 1); a JSON error names the 1-based position of
 * the item in the array, except a JSON syntax error, which names the
 * physical line of the text.  Errors about the whole file use line 0.  A
 * record whose cells do not parse (bad number, unknown enum name, wrong
 * JSON type, invalid UTF-8) is not passed to item_validate, so that one
 * mistake does not echo as others.
 *
 * Caps: a file over ITEMS_MAX_FILE_BYTES is refused with GH_ETOOBIG; more
 * than ITEMS_MAX_COUNT items is an error.
 *
 * Ownership: arrays returned are owned by the caller, freed by items_free.
 * Reentrant.
 */
#ifndef GH_ITEM_CODEC_H
#define GH_ITEM_CODEC_H
#include <jansson.h>
#include <stddef.h>

#include "domain/item.h"

#define ITEMS_MAX_FILE_BYTES (16u << 20)
#define ITEMS_MAX_COUNT 10000

/* A new JSON object for it (a new reference). */
json_t *item_to_json(const struct item *it);

/* {"sections": [{"title", "fields": [{"key", "label", "type",
 * "type_label", "required", "unit" (number), "options" (choice), "min",
 * "max" (integers; ISO dates for a date field), "max_len", "help"}]}]}
 * (a new reference); an item without a form gives {"sections": []}. */
json_t *form_to_json(const struct form *f);

/* Reads one item from obj.  Wrong types and unknown enum names are
 * appended to errs with the given line; on return *out is always safe to
 * item_clear.  Returns 0 or GH_EUNPROCESSABLE.  Does not run item_validate. */
int item_from_json(const json_t *obj, int line, struct item *out,
    struct item_errors *errs);

int items_parse_json(const char *buf, size_t len, struct item **out,
    size_t *n, struct item_errors *errs);
int items_parse_csv(const char *buf, size_t len, struct item **out,
    size_t *n, struct item_errors *errs);

/* Whole files, NUL-terminated, caller frees with free(). CSV starts with a
 * UTF-8 BOM so that spreadsheet programs read the Chinese right. */
char *items_format_csv(const struct item *items, size_t n, size_t *len);
char *items_format_json(const struct item *items, size_t n, size_t *len);

void items_free(struct item *items, size_t n);

#endif
