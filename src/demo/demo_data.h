/*
 * demo_data.h - the data of the demo centre, modelled on 灵川县
 * (shared/seeds/000): the organisation (data/demo/org.json: its regions,
 * 46 departments, 46 windows - 14 独立, 20 综合, 1 银行, 11 预约 - and 131
 * staff on A/B posts) and the catalogue (data/demo/items.csv: 471 items,
 * 393 in the hall), both embedded in the program and read by the same
 * parsers as `govhall import-org` and `govhall import-items`; and
 * deterministic generators of fake applicants.  demo.c loads the files
 * into a store through the importers and adds the demo accounts and cases.
 * Everything is deterministic: the same program makes the same centre.
 * Reentrant; no I/O.
 */
#ifndef GH_DEMO_DATA_H
#define GH_DEMO_DATA_H
#include <stddef.h>
#include <stdint.h>

#include "domain/item.h"
#include "export/item_codec.h"
#include "export/org_codec.h"

/* The organisation file, parsed and checked (org_parse_json); the caller
 * frees it with org_file_free.  An error (logged) means a broken file. */
int demo_org(struct org_file **out);

/* The catalogue file, parsed and validated (items_parse_csv, as `govhall
 * import-items` does); the caller frees with items_free. */
int demo_items(struct item **out, size_t *n);

/* Deterministic fake applicant data from a seed: a Chinese person name, a
 * company name, an 18-digit ID number with a valid check digit, and a
 * mobile number.  Writes NUL-terminated strings of at most cap bytes. */
void demo_person_name(uint32_t seed, char *out, size_t cap);
void demo_company_name(uint32_t seed, char *out, size_t cap);
void demo_id_number(uint32_t seed, char *out, size_t cap);
/* A valid 统一社会信用代码 (GB 32100 check character) for company n. */
void demo_credit_code(uint32_t n, char *out, size_t cap);
void demo_phone(uint32_t seed, char *out, size_t cap);

#endif
