/*
 * org_codec.h - the organisation file: a centre's regions, departments,
 * halls, windows (with the departments each serves), staff and A/B posts
 * as one JSON document, parsed and checked as a whole (`govhall import-org
 * DB FILE`, service/org_import.h).  data/demo/org.json is one.  This
 * comment is the format's reference.
 *
 * Shape (every section an array, records in the order they are created;
 * a reference names a record of an earlier section, or for a region's
 * parent an earlier region, by its key):
 *   {"regions":     [{"code": "450323000000", "name": "灵川县",
 *                     "level": "county", "parent": "450300000000"}, ...],
 *    "departments": [{"code": "11450323074413692M",
 *                     "name": "灵川县市场监督管理局",
 *                     "short_name": "市场监管局", "region": "450323000000"}],
 *    "halls":       [{"name": "...", "region": "450323000000",
 *                     "address": "...", "hours": "..."}],
 *    "windows":     [{"no": "B01", "name": "综合窗口1号", "type": "general",
 *                     "hall": "...", "departments": ["市场监管局", ...]}],
 *    "staff":       [{"username": "s001", "name": "张伟", "role": "chief",
 *                     "department": "市场监管局", "window": "A01",
 *                     "post": "A", "phone": "13900000000"}],
 *    "posts":       [{"window": "A01", "name": "A01受理岗1", "a": "s001",
 *                     "b": "s002"}]}
 * Keys: a region by its 12-digit code; a department by its unified social
 * credit code or its short name (both unique); a hall by name; a window by
 * its number; a staff member by username.  level is city, county,
 * township or village (or 市级 县级 乡镇(街道)级 村(社区)级); exactly one
 * region, the root, has no parent, and a child's level is below its
 * parent's.  type is sole, general, bank or appointment (or 独立窗口
 * 综合窗口 银行窗口 预约窗口).  "hall" may be left out when there is one
 * hall.  role is clerk, chief, reviewer or admin (a supervisor account is
 * never imported: see docs/security.md); clerk, chief and reviewer need a
 * department; a window, if given, must serve that department; post is
 * "A", "B" or "" and needs a window.  A post's holder ("a") and backup
 * ("b", optional) are two staff members of that window.  address, hours,
 * phone, hall, window, post, b and parent are optional; every other key is
 * required, and unknown keys are errors (a typo must not pass silently).
 *
 * Errors: every problem is reported, each with its record number (1-based
 * within its section) as the line and a field path such as
 * "windows[3].departments[1]" (0-based indexes, as in the item codec),
 * with a Chinese message; a JSON syntax error names the physical line of
 * the text.  Any error: GH_EUNPROCESSABLE (GH_EJSON when the text is not
 * JSON, GH_ETOOBIG over ORG_MAX_FILE_BYTES) and no output.
 *
 * Ownership: org_parse_json's result is the caller's, freed by
 * org_file_free.  Pure: no I/O, no globals; reentrant.
 */
#ifndef GH_ORG_CODEC_H
#define GH_ORG_CODEC_H
#include <stddef.h>

#include "domain/item.h"

#define ORG_MAX_FILE_BYTES (4u << 20)
#define ORG_MAX_RECORDS 10000 /* per section */

enum org_window_type { OW_SOLE = 1, OW_GENERAL, OW_BANK, OW_APPOINTMENT };

/* References are resolved to indexes into the arrays of the same file;
 * -1 for none. */
struct org_region { char *code, *name; int level; int parent; };
struct org_dept { char *code, *name, *short_name; int region; };
struct org_hall { char *name, *address, *hours; int region; };
struct org_window {
	char *no, *name;
	int type;          /* enum org_window_type, the windows.type column */
	int hall;
	int *depts;        /* the departments it serves, in file order */
	size_t n_depts;
};
struct org_staff {
	char *username, *name, *phone;
	int role;          /* one enum role bit */
	int dept, window;
	char post[2];      /* "A", "B" or "" */
};
struct org_post { char *name; int window, a_staff, b_staff; };

struct org_file {
	struct org_region *regions;
	struct org_dept *depts;
	struct org_hall *halls;
	struct org_window *windows;
	struct org_staff *staff;
	struct org_post *posts;
	size_t n_regions, n_depts, n_halls, n_windows, n_staff, n_posts;
};

/* Parses and checks a whole organisation file (see above). */
int org_parse_json(const char *buf, size_t len, struct org_file **out,
    struct item_errors *errs);
void org_file_free(struct org_file *f);

/* Index of the department with that code or short name; -1 when none. */
int org_dept_index(const struct org_file *f, const char *code_or_short);
/* Index of the window numbered no; -1 when none. */
int org_window_index(const struct org_file *f, const char *no);
/* Whether window w serves department d (indexes). */
int org_window_serves(const struct org_file *f, int w, int d);

/* "general" -> OW_GENERAL (the labels 综合窗口 etc. too); -1 if unknown. */
int org_window_type_from_name(const char *s);
const char *org_window_type_name(int type);

#endif
