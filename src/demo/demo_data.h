/*
 * demo_data.h - the static shape of the demo centre, modelled on 灵川县
 * (shared/seeds/000): its regions, 46 departments, 46 windows (14 独立,
 * 20 综合, 1 银行, 11 预约), 131 staff on A/B posts and 471 items of which
 * 393 are moved into the hall.  demo.c loads this into a store and adds
 * cases.  Everything is deterministic: the same program makes the same
 * centre.  Pure data and generators; no I/O; reentrant.
 */
#ifndef GH_DEMO_DATA_H
#define GH_DEMO_DATA_H
#include <stddef.h>
#include <stdint.h>

#include "domain/item.h"

struct demo_region {
	const char *code;  /* 12-digit administrative division code */
	const char *name;  /* 桂林市, 灵川县, 灵川镇, 甘棠江村 ... */
	int level;         /* enum item_level: LV_CITY .. LV_VILLAGE */
	int parent;        /* index into the region array, -1 for the root */
};

struct demo_dept {
	const char *code;  /* 18-char unified social credit code */
	const char *name;  /* 灵川县市场监督管理局 */
	const char *short_name; /* 市场监管局 */
	int region;        /* index into the region array (the county) */
};

enum demo_window_type { DW_SOLE = 1, DW_GENERAL, DW_BANK, DW_APPOINTMENT };

struct demo_window {
	const char *no;    /* "A01" */
	const char *name;  /* "市场监管局窗口", "综合窗口3号" */
	int type;          /* enum demo_window_type */
	int depts[8];      /* indexes into the dept array, -1 terminated */
};

struct demo_staff {
	const char *username; /* "s001" .. ; demo accounts are separate */
	const char *name;     /* a Chinese name */
	int role;             /* enum role bit: clerk, chief or reviewer */
	int dept;             /* index into the dept array */
	int window;           /* index into the window array, -1 none */
	char post;            /* 'A', 'B' or 0 (no window post) */
	const char *phone;
};

/* A window position: its A post holder and B post backup (staff indexes). */
struct demo_post {
	int window;
	int a_staff;
	int b_staff;
};

const struct demo_region *demo_regions(size_t *n);
const struct demo_dept *demo_depts(size_t *n);      /* 46 */
const struct demo_window *demo_windows(size_t *n);  /* 46 */
const struct demo_staff *demo_staff(size_t *n);     /* 131 */
const struct demo_post *demo_posts(size_t *n);

/* Index into demo_depts() of the department with that short name (市场监管局)
 * or full name (灵川县市场监督管理局); -1 when none. */
int demo_dept_index(const char *short_name);
/* Index into demo_windows() of the window numbered no ("B01"); -1 when none. */
int demo_window_index(const char *no);

/* The 471 items (393 with in_hall), each valid by item_validate, with
 * dept_code naming a demo dept.  Caller frees with items_free
 * (export/item_codec.h) or item_clear + free. */
void demo_items(struct item **out, size_t *n);

/* Deterministic fake applicant data from a seed: a Chinese person name, a
 * company name, an 18-digit ID number with a valid check digit, and a
 * mobile number.  Writes NUL-terminated strings of at most cap bytes. */
void demo_person_name(uint32_t seed, char *out, size_t cap);
void demo_company_name(uint32_t seed, char *out, size_t cap);
void demo_id_number(uint32_t seed, char *out, size_t cap);
void demo_phone(uint32_t seed, char *out, size_t cap);

#endif
