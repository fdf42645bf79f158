/*
 * org_codec.c - parses and checks the organisation file (org_codec.h).
 *
 * Owns nothing between calls.  Invariant: org_parse_json writes *out only
 * when the whole file is free of errors, and then every reference in it is
 * a valid index of an earlier record, every key unique, every rule of the
 * header met, so that a caller may insert the records in order without
 * checking again.  Sections are read in the order regions, departments,
 * halls, windows, staff, posts, each against the ones before it; a record
 * with an error is still kept (with -1 references) so that the later
 * sections report their own mistakes rather than echoes.
 * Thread-safety: no globals; reentrant.
 */
#include "export/org_codec.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/role.h"
#include "util/gh_err.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define NAME_MAX_BYTES 200     /* region, department, hall, window names */
#define PERSON_NAME_MAX 63     /* struct user_rec keeps 64 bytes */
#define USERNAME_MIN 3
#define USERNAME_MAX 32        /* as POST /staff accepts them */
#define PHONE_MAX 31

/* The parse of one section's record: where errors point. */
struct rec {
	struct item_errors *errs;
	const json_t *obj;
	const char *section;
	int index;   /* 0-based */
	bool bad;
};

static void fail(struct rec *r, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(struct rec *r, const char *key, const char *fmt, ...)
{
	char field[48], msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (key)
		snprintf(field, sizeof field, "%s[%d].%s", r->section, r->index,
		    key);
	else
		snprintf(field, sizeof field, "%s[%d]", r->section, r->index);
	item_errors_add(r->errs, r->index + 1, field, "%s", msg);
	r->bad = true;
}

/* At most QUOTE_MAX bytes of s, cut at a character boundary, into out:
 * user text quoted in a message stays valid UTF-8 (jansson hands over
 * valid UTF-8 only). */
#define QUOTE_MAX 40
static const char *quote(char out[QUOTE_MAX + 4], const char *s)
{
	size_t n = strlen(s);

	if (n <= QUOTE_MAX) {
		memcpy(out, s, n + 1);
		return out;
	}
	n = QUOTE_MAX;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(out, s, n);
	memcpy(out + n, "…", sizeof "…");
	return out;
}

/* Refuses keys outside allowed (a NULL-terminated list). */
static void check_keys(struct rec *r, const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)r->obj, key, v) {
		size_t i = 0;

		(void)v;
		while (allowed[i] && strcmp(allowed[i], key))
			i++;
		if (!allowed[i])
			fail(r, NULL, "未知字段“%s”", quote((char[QUOTE_MAX + 4]){0}, key));
	}
}

/* A string member: NULL (after an error when required) if absent, empty or
 * not a string; longer than max bytes is an error. */
static const char *get_str(struct rec *r, const char *key, bool required,
    size_t max, const char *label)
{
	const json_t *v = json_object_get(r->obj, key);
	const char *s;

	if (!v || json_is_null(v)) {
		if (required)
			fail(r, key, "缺少%s", label);
		return NULL;
	}
	if (!json_is_string(v)) {
		fail(r, key, "%s应为字符串", label);
		return NULL;
	}
	s = json_string_value(v);
	if (required && !*s) {
		fail(r, key, "%s不能为空", label);
		return NULL;
	}
	if (strlen(s) > max) {
		fail(r, key, "%s不得超过%zu字节", label, max);
		return NULL;
	}
	return s;
}

static char *dup_or_empty(const char *s)
{
	return xstrdup(s ? s : "");
}

/* ---- lookups over what has been read so far ---- */

static int find_region(const struct org_file *f, const char *code)
{
	for (size_t i = 0; code && i < f->n_regions; i++)
		if (!strcmp(f->regions[i].code, code))
			return (int)i;
	return -1;
}

int org_dept_index(const struct org_file *f, const char *key)
{
	for (size_t i = 0; key && i < f->n_depts; i++)
		if (!strcmp(f->depts[i].code, key) ||
		    !strcmp(f->depts[i].short_name, key))
			return (int)i;
	return -1;
}

static int find_hall(const struct org_file *f, const char *name)
{
	for (size_t i = 0; name && i < f->n_halls; i++)
		if (!strcmp(f->halls[i].name, name))
			return (int)i;
	return -1;
}

int org_window_index(const struct org_file *f, const char *no)
{
	for (size_t i = 0; no && i < f->n_windows; i++)
		if (!strcmp(f->windows[i].no, no))
			return (int)i;
	return -1;
}

static int find_staff(const struct org_file *f, const char *username)
{
	for (size_t i = 0; username && i < f->n_staff; i++)
		if (!strcmp(f->staff[i].username, username))
			return (int)i;
	return -1;
}

int org_window_serves(const struct org_file *f, int w, int d)
{
	if (w < 0 || (size_t)w >= f->n_windows)
		return 0;
	for (size_t k = 0; k < f->windows[w].n_depts; k++)
		if (f->windows[w].depts[k] == d)
			return 1;
	return 0;
}

/* ---- enums ---- */

static const struct {
	const char *name, *label;
} window_types[] = {
	[OW_SOLE] = {"sole", "独立窗口"},
	[OW_GENERAL] = {"general", "综合窗口"},
	[OW_BANK] = {"bank", "银行窗口"},
	[OW_APPOINTMENT] = {"appointment", "预约窗口"},
};

int org_window_type_from_name(const char *s)
{
	for (int t = OW_SOLE; s && t <= OW_APPOINTMENT; t++)
		if (!strcmp(window_types[t].name, s) ||
		    !strcmp(window_types[t].label, s))
			return t;
	return -1;
}

const char *org_window_type_name(int type)
{
	return type >= OW_SOLE && type <= OW_APPOINTMENT ?
	    window_types[type].name : NULL;
}

/* ---- check characters ---- */

/* GB 32100: 18 characters of 0-9 and A-Z without I O S V Z, the last a
 * check character over the first 17. */
static bool credit_code_valid(const char *s)
{
	static const char cs[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	int sum = 0, w = 1;

	if (strlen(s) != 18)
		return false;
	for (int i = 0; i < 17; i++) {
		const char *p = strchr(cs, s[i]);

		if (!p)
			return false;
		sum += (int)(p - cs) * w;
		w = w * 3 % 31;
	}
	return s[17] == cs[(31 - sum % 31) % 31];
}

static bool digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* ---- sections ---- */

/* The array of section key; NULL (after an error) when it is not one. */
static const json_t *section(const json_t *root, const char *key,
    bool required, struct item_errors *errs)
{
	const json_t *a = json_object_get(root, key);

	if (!a && !required)
		return NULL;
	if (!json_is_array(a)) {
		item_errors_add(errs, 0, key, "应为数组%s", a ? "" : "(缺少此项)");
		return NULL;
	}
	if (json_array_size(a) > ORG_MAX_RECORDS) {
		item_errors_add(errs, 0, key, "不得超过%d条(实际%zu条)",
		    ORG_MAX_RECORDS, json_array_size(a));
		return NULL;
	}
	return a;
}

/* Starts record i of array a; false (after an error) if not an object. */
static bool begin_rec(struct rec *r, const json_t *a, size_t i,
    const char *name, struct item_errors *errs, const char *const *keys)
{
	*r = (struct rec){.errs = errs, .obj = json_array_get(a, i),
		.section = name, .index = (int)i};
	if (!json_is_object(r->obj)) {
		fail(r, NULL, "应为对象");
		return false;
	}
	check_keys(r, keys);
	return true;
}

static void read_regions(const json_t *a, struct org_file *f,
    struct item_errors *errs)
{
	static const char *const keys[] = {"code", "name", "level", "parent",
		NULL};
	size_t roots = 0;

	f->regions = xcalloc(json_array_size(a) + 1, sizeof *f->regions);
	for (size_t i = 0; i < json_array_size(a); i++) {
		struct org_region *g = &f->regions[f->n_regions];
		struct rec r;
		const char *code, *name, *level, *parent;

		if (!begin_rec(&r, a, i, "regions", errs, keys)) {
			g->code = xstrdup("");
			g->name = xstrdup("");
			g->parent = -1;
			f->n_regions++;
			continue;
		}
		code = get_str(&r, "code", true, 12, "地区编码");
		name = get_str(&r, "name", true, NAME_MAX_BYTES, "地区名称");
		level = get_str(&r, "level", true, 32, "层级");
		parent = get_str(&r, "parent", false, 12, "上级地区");
		if (code && !digits(code, 12))
			fail(&r, "code", "地区编码应为12位数字(GB/T 10114)");
		else if (code && find_region(f, code) >= 0)
			fail(&r, "code", "地区编码%s重复", code);
		g->level = level ? item_level_from_name(level) : -1;
		if (level && g->level < 0)
			fail(&r, "level", "层级“%s”不是city、county、township或"
			    "village之一", quote((char[QUOTE_MAX + 4]){0}, level));
		g->parent = -1;
		if (parent && *parent) {
			g->parent = find_region(f, parent);
			if (g->parent < 0)
				fail(&r, "parent", "上级地区%s不在它之前的地区中", parent);
			else if (g->level > 0 && f->regions[g->parent].level > 0 &&
			    f->regions[g->parent].level >= g->level)
				fail(&r, "level", "层级应低于上级地区%s", parent);
		} else {
			roots++;
			if (roots > 1)
				fail(&r, "parent", "只能有一个没有上级的地区(根地区)");
		}
		g->code = dup_or_empty(code);
		g->name = dup_or_empty(name);
		f->n_regions++;
	}
	if (roots == 0 && !f->n_regions)
		item_errors_add(errs, 0, "regions", "至少需要一个地区(根地区)");
	else if (roots == 0)
		item_errors_add(errs, 0, "regions", "应有一个没有上级的地区(根地区)");
}

static void read_depts(const json_t *a, struct org_file *f,
    struct item_errors *errs)
{
	static const char *const keys[] = {"code", "name", "short_name",
		"region", NULL};

	f->depts = xcalloc(json_array_size(a) + 1, sizeof *f->depts);
	for (size_t i = 0; i < json_array_size(a); i++) {
		struct org_dept *d = &f->depts[f->n_depts];
		struct rec r;
		const char *code = NULL, *name = NULL, *short_name = NULL, *region;

		d->region = -1;
		if (begin_rec(&r, a, i, "departments", errs, keys)) {
			code = get_str(&r, "code", true, 18, "统一社会信用代码");
			name = get_str(&r, "name", true, NAME_MAX_BYTES, "单位名称");
			short_name = get_str(&r, "short_name", true, NAME_MAX_BYTES,
			    "单位简称");
			region = get_str(&r, "region", true, 12, "所属地区");
			if (code && !credit_code_valid(code))
				fail(&r, "code", "统一社会信用代码%s不是18位或校验位错误"
				    "(GB 32100)", code);
			else if (code && org_dept_index(f, code) >= 0)
				fail(&r, "code", "统一社会信用代码%s重复", code);
			for (size_t j = 0; name && j < f->n_depts; j++)
				if (!strcmp(f->depts[j].name, name))
					fail(&r, "name", "单位名称%s重复", name);
			if (short_name && org_dept_index(f, short_name) >= 0)
				fail(&r, "short_name", "单位简称%s重复", short_name);
			if (region && (d->region = find_region(f, region)) < 0)
				fail(&r, "region", "地区%s不在regions中", region);
		}
		d->code = dup_or_empty(code);
		d->name = dup_or_empty(name);
		d->short_name = dup_or_empty(short_name);
		f->n_depts++;
	}
}

static void read_halls(const json_t *a, struct org_file *f,
    struct item_errors *errs)
{
	static const char *const keys[] = {"name", "region", "address", "hours",
		NULL};

	f->halls = xcalloc(json_array_size(a) + 1, sizeof *f->halls);
	for (size_t i = 0; i < json_array_size(a); i++) {
		struct org_hall *h = &f->halls[f->n_halls];
		struct rec r;
		const char *name = NULL, *region, *address = NULL, *hours = NULL;

		h->region = -1;
		if (begin_rec(&r, a, i, "halls", errs, keys)) {
			name = get_str(&r, "name", true, NAME_MAX_BYTES, "大厅名称");
			region = get_str(&r, "region", true, 12, "所在地区");
			address = get_str(&r, "address", false, 400, "地址");
			hours = get_str(&r, "hours", false, 400, "办公时间");
			if (name && find_hall(f, name) >= 0)
				fail(&r, "name", "大厅名称%s重复", name);
			if (region && (h->region = find_region(f, region)) < 0)
				fail(&r, "region", "地区%s不在regions中", region);
			for (size_t j = 0; h->region >= 0 && j < f->n_halls; j++)
				if (f->halls[j].region == h->region)
					fail(&r, "region", "地区%s已有大厅(每个地区一个)",
					    region);
		}
		h->name = dup_or_empty(name);
		h->address = dup_or_empty(address);
		h->hours = dup_or_empty(hours);
		f->n_halls++;
	}
}

static void read_windows(const json_t *a, struct org_file *f,
    struct item_errors *errs)
{
	static const char *const keys[] = {"no", "name", "type", "hall",
		"departments", NULL};

	f->windows = xcalloc(json_array_size(a) + 1, sizeof *f->windows);
	for (size_t i = 0; i < json_array_size(a); i++) {
		struct org_window *w = &f->windows[f->n_windows];
		struct rec r;
		const char *no = NULL, *name = NULL, *type, *hall;
		const json_t *ds;

		w->hall = -1;
		w->type = -1;
		if (begin_rec(&r, a, i, "windows", errs, keys)) {
			no = get_str(&r, "no", true, 16, "窗口号");
			name = get_str(&r, "name", true, NAME_MAX_BYTES, "窗口名称");
			type = get_str(&r, "type", true, 32, "窗口类型");
			hall = get_str(&r, "hall", false, NAME_MAX_BYTES, "所在大厅");
			if (no && org_window_index(f, no) >= 0)
				fail(&r, "no", "窗口号%s重复", no);
			if (type && (w->type = org_window_type_from_name(type)) < 0)
				fail(&r, "type", "窗口类型“%s”不是sole、general、bank"
				    "或appointment之一", quote((char[QUOTE_MAX + 4]){0}, type));
			if (hall && *hall) {
				if ((w->hall = find_hall(f, hall)) < 0)
					fail(&r, "hall", "大厅%s不在halls中", hall);
			} else if (f->n_halls == 1) {
				w->hall = 0;
			} else {
				fail(&r, "hall", "有%zu个大厅时须写明所在大厅",
				    f->n_halls);
			}
			ds = json_object_get(r.obj, "departments");
			if (!json_is_array(ds) || !json_array_size(ds)) {
				fail(&r, "departments", "应为非空的单位数组(统一社会"
				    "信用代码或简称)");
				ds = NULL;
			}
			w->depts = xcalloc(json_array_size(ds) + 1, sizeof *w->depts);
			for (size_t k = 0; ds && k < json_array_size(ds); k++) {
				const char *key = json_string_value(json_array_get(ds, k));
				char field[40];
				int d = org_dept_index(f, key);

				snprintf(field, sizeof field, "departments[%zu]", k);
				if (!key) {
					fail(&r, field, "应为单位的统一社会信用代码或简称");
					continue;
				}
				if (d < 0) {
					fail(&r, field, "单位%s不在departments中",
					    quote((char[QUOTE_MAX + 4]){0}, key));
					continue;
				}
				for (size_t j = 0; j < w->n_depts && d >= 0; j++)
					if (w->depts[j] == d)
						d = -1;
				if (d < 0) {
					fail(&r, field, "单位%s重复",
					    quote((char[QUOTE_MAX + 4]){0}, key));
					continue;
				}
				w->depts[w->n_depts++] = d;
			}
		}
		w->no = dup_or_empty(no);
		w->name = dup_or_empty(name);
		f->n_windows++;
	}
}

static bool username_valid(const char *s)
{
	size_t n = strlen(s);

	return n >= USERNAME_MIN && n <= USERNAME_MAX &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

static void read_staff(const json_t *a, struct org_file *f,
    struct item_errors *errs)
{
	static const char *const keys[] = {"username", "name", "role",
		"department", "window", "post", "phone", NULL};

	f->staff = xcalloc(json_array_size(a) + 1, sizeof *f->staff);
	for (size_t i = 0; i < json_array_size(a); i++) {
		struct org_staff *s = &f->staff[f->n_staff];
		struct rec r;
		const char *username = NULL, *name = NULL, *role, *dept, *window;
		const char *post, *phone = NULL;

		s->dept = s->window = -1;
		if (begin_rec(&r, a, i, "staff", errs, keys)) {
			username = get_str(&r, "username", true, 64, "账号");
			name = get_str(&r, "name", true, PERSON_NAME_MAX, "姓名");
			role = get_str(&r, "role", true, 32, "角色");
			dept = get_str(&r, "department", false, NAME_MAX_BYTES,
			    "所属单位");
			window = get_str(&r, "window", false, 16, "窗口");
			post = get_str(&r, "post", false, 1, "岗位");
			phone = get_str(&r, "phone", false, PHONE_MAX, "电话");
			if (username && !username_valid(username))
				fail(&r, "username", "账号应为3到32位小写字母、数字或"
				    "“.”“_”“-”");
			else if (username && find_staff(f, username) >= 0)
				fail(&r, "username", "账号%s重复", username);
			s->role = role ? role_from_name(role) : 0;
			if (role && s->role != ROLE_CLERK && s->role != ROLE_CHIEF &&
			    s->role != ROLE_REVIEWER && s->role != ROLE_ADMIN)
				fail(&r, "role", "角色“%s”不是clerk、chief、reviewer"
				    "或admin之一(效能监察账号不经导入创建)", role);
			if (dept && *dept && (s->dept = org_dept_index(f, dept)) < 0)
				fail(&r, "department", "单位%s不在departments中",
				    quote((char[QUOTE_MAX + 4]){0}, dept));
			else if ((!dept || !*dept) && s->role && s->role != ROLE_ADMIN)
				fail(&r, "department", "窗口人员、首席代表和审批人员须"
				    "写明所属单位");
			if (window && *window) {
				if ((s->window = org_window_index(f, window)) < 0)
					fail(&r, "window", "窗口%s不在windows中", window);
				else if (s->dept >= 0 &&
				    !org_window_serves(f, s->window, s->dept))
					fail(&r, "window", "窗口%s不受理所属单位的事项",
					    window);
			}
			if (post && *post && strcmp(post, "A") && strcmp(post, "B"))
				fail(&r, "post", "岗位应为A、B或空");
			else if (post && *post && (!window || !*window))
				fail(&r, "post", "有A/B岗的人员须写明窗口");
			else if (post)
				snprintf(s->post, sizeof s->post, "%s", post);
		}
		s->username = dup_or_empty(username);
		s->name = dup_or_empty(name);
		s->phone = dup_or_empty(phone);
		f->n_staff++;
	}
}

static void read_posts(const json_t *a, struct org_file *f,
    struct item_errors *errs)
{
	static const char *const keys[] = {"window", "name", "a", "b", NULL};

	f->posts = xcalloc(json_array_size(a) + 1, sizeof *f->posts);
	for (size_t i = 0; i < json_array_size(a); i++) {
		struct org_post *p = &f->posts[f->n_posts];
		struct rec r;
		const char *window, *name = NULL, *ua, *ub;

		p->window = p->a_staff = p->b_staff = -1;
		if (begin_rec(&r, a, i, "posts", errs, keys)) {
			window = get_str(&r, "window", true, 16, "窗口");
			name = get_str(&r, "name", true, NAME_MAX_BYTES, "岗位名称");
			ua = get_str(&r, "a", true, 64, "A岗人员账号");
			ub = get_str(&r, "b", false, 64, "B岗人员账号");
			if (window && (p->window = org_window_index(f, window)) < 0)
				fail(&r, "window", "窗口%s不在windows中", window);
			if (ua && (p->a_staff = find_staff(f, ua)) < 0)
				fail(&r, "a", "账号%s不在staff中", ua);
			else if (ua && p->window >= 0 &&
			    f->staff[p->a_staff].window != p->window)
				fail(&r, "a", "%s不是窗口%s的人员", ua, window);
			if (ub && *ub) {
				if ((p->b_staff = find_staff(f, ub)) < 0)
					fail(&r, "b", "账号%s不在staff中", ub);
				else if (p->b_staff == p->a_staff)
					fail(&r, "b", "A岗与B岗不能是同一人");
				else if (p->window >= 0 &&
				    f->staff[p->b_staff].window != p->window)
					fail(&r, "b", "%s不是窗口%s的人员", ub, window);
			}
		}
		p->name = dup_or_empty(name);
		f->n_posts++;
	}
}

int org_parse_json(const char *buf, size_t len, struct org_file **out,
    struct item_errors *errs)
{
	static const char *const top[] = {"regions", "departments", "halls",
		"windows", "staff", "posts"};
	const json_t *a;
	struct org_file *f;
	json_error_t jerr;
	json_t *root;
	size_t before = errs->n;
	const char *key;
	json_t *v;

	if (len > ORG_MAX_FILE_BYTES) {
		item_errors_add(errs, 0, "", "文件超过%u字节上限",
		    ORG_MAX_FILE_BYTES);
		return GH_ETOOBIG;
	}
	root = json_loadb(buf ? buf : "", len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		/* jansson's messages are English and may quote the offending
		 * byte, invalid UTF-8 after a backslash: scrubbed; the
		 * position is what helps. */
		char text[sizeof jerr.text * 3];

		utf8_scrub(jerr.text, strlen(jerr.text), text, sizeof text);
		item_errors_add(errs, jerr.line > 0 ? jerr.line : 0, "",
		    "JSON格式错误(第%d行第%d列): %s", jerr.line, jerr.column, text);
		return GH_EJSON;
	}
	f = xcalloc(1, sizeof *f);
	json_object_foreach(root, key, v) {
		size_t i = 0;

		(void)v;
		while (i < sizeof top / sizeof *top && strcmp(top[i], key))
			i++;
		if (i == sizeof top / sizeof *top)
			item_errors_add(errs, 0, "", "未知的部分“%s”(应为regions、"
			    "departments、halls、windows、staff、posts)",
			    quote((char[QUOTE_MAX + 4]){0}, key));
	}
	if ((a = section(root, "regions", true, errs)))
		read_regions(a, f, errs);
	if ((a = section(root, "departments", true, errs)))
		read_depts(a, f, errs);
	if ((a = section(root, "halls", true, errs)))
		read_halls(a, f, errs);
	if ((a = section(root, "windows", false, errs)))
		read_windows(a, f, errs);
	if ((a = section(root, "staff", false, errs)))
		read_staff(a, f, errs);
	if ((a = section(root, "posts", false, errs)))
		read_posts(a, f, errs);
	json_decref(root);
	if (errs->n > before) {
		org_file_free(f);
		return GH_EUNPROCESSABLE;
	}
	*out = f;
	return 0;
}

void org_file_free(struct org_file *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n_regions; i++) {
		free(f->regions[i].code);
		free(f->regions[i].name);
	}
	for (size_t i = 0; i < f->n_depts; i++) {
		free(f->depts[i].code);
		free(f->depts[i].name);
		free(f->depts[i].short_name);
	}
	for (size_t i = 0; i < f->n_halls; i++) {
		free(f->halls[i].name);
		free(f->halls[i].address);
		free(f->halls[i].hours);
	}
	for (size_t i = 0; i < f->n_windows; i++) {
		free(f->windows[i].no);
		free(f->windows[i].name);
		free(f->windows[i].depts);
	}
	for (size_t i = 0; i < f->n_staff; i++) {
		free(f->staff[i].username);
		free(f->staff[i].name);
		free(f->staff[i].phone);
	}
	for (size_t i = 0; i < f->n_posts; i++)
		free(f->posts[i].name);
	free(f->regions);
	free(f->depts);
	free(f->halls);
	free(f->windows);
	free(f->staff);
	free(f->posts);
	free(f);
}
