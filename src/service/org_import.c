/*
 * org_import.c - creates an organisation from a checked organisation file
 * (org_import.h).
 *
 * The insert order is the file's, section by section (regions, departments,
 * halls, windows each followed by the departments it serves, staff,
 * posts), so that ids follow the file: the demo centre's ids, which its
 * tests know, come from the order of data/demo/org.json.
 */
#include "service/org_import.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/role.h"
#include "service/audit.h"
#include "util/gh_err.h"
#include "util/xalloc.h"

void org_ids_free(struct org_ids *ids)
{
	if (!ids)
		return;
	free(ids->regions);
	free(ids->depts);
	free(ids->halls);
	free(ids->windows);
	free(ids->staff);
	free(ids->posts);
	memset(ids, 0, sizeof *ids);
}

/* Names the record an insert failed on: a clash for GH_ECONFLICT. */
static int blame(int err, struct item_errors *errs, const char *section,
    size_t i, const char *field, const char *what, const char *key)
{
	char path[48];

	snprintf(path, sizeof path, "%s[%zu].%s", section, i, field);
	if (err == GH_ECONFLICT)
		item_errors_add(errs, (int)i + 1, path, "%s%s已存在于数据库中",
		    what, key);
	else
		item_errors_add(errs, (int)i + 1, path, "写入%s%s失败: %s", what,
		    key, gh_err_info(err)->message);
	return err;
}

int org_apply(store *st, const struct org_file *f,
    const struct org_apply_opts *o, struct org_ids *out,
    struct item_errors *errs)
{
	struct org_ids ids = {
		.regions = xcalloc(f->n_regions + 1, sizeof(int64_t)),
		.depts = xcalloc(f->n_depts + 1, sizeof(int64_t)),
		.halls = xcalloc(f->n_halls + 1, sizeof(int64_t)),
		.windows = xcalloc(f->n_windows + 1, sizeof(int64_t)),
		.staff = xcalloc(f->n_staff + 1, sizeof(int64_t)),
		.posts = xcalloc(f->n_posts + 1, sizeof(int64_t)),
	};
	int err = 0;

	for (size_t i = 0; i < f->n_regions && !err; i++) {
		const struct org_region *g = &f->regions[i];
		struct region_rec r = {
			.parent_id = g->parent >= 0 ? ids.regions[g->parent] : 0,
			.code = g->code, .name = g->name, .level = g->level,
		};

		if ((err = store_region_insert(st, &r, &ids.regions[i])))
			blame(err, errs, "regions", i, "code", "地区", g->code);
	}
	for (size_t i = 0; i < f->n_depts && !err; i++) {
		const struct org_dept *d = &f->depts[i];
		struct dept_rec r = {
			.region_id = ids.regions[d->region], .code = d->code,
			.name = d->name, .short_name = d->short_name,
		};

		if ((err = store_dept_insert(st, &r, &ids.depts[i])))
			blame(err, errs, "departments", i, "code", "单位", d->code);
	}
	for (size_t i = 0; i < f->n_halls && !err; i++) {
		const struct org_hall *h = &f->halls[i];

		if ((err = store_hall_insert(st, ids.regions[h->region], h->name,
		    h->address, h->hours, &ids.halls[i])))
			blame(err, errs, "halls", i, "name", "大厅", h->name);
	}
	for (size_t i = 0; i < f->n_windows && !err; i++) {
		const struct org_window *w = &f->windows[i];

		if ((err = store_window_insert(st, ids.halls[w->hall], w->no,
		    w->name, w->type, &ids.windows[i]))) {
			blame(err, errs, "windows", i, "no", "窗口", w->no);
			break;
		}
		for (size_t k = 0; k < w->n_depts && !err; k++)
			if ((err = store_window_add_dept(st, ids.windows[i],
			    ids.depts[w->depts[k]])))
				blame(err, errs, "windows", i, "departments", "窗口单位",
				    f->depts[w->depts[k]].code);
	}
	for (size_t i = 0; i < f->n_staff && !err; i++) {
		const struct org_staff *s = &f->staff[i];
		struct user_rec u = {.role = s->role, .active = true};

		snprintf(u.username, sizeof u.username, "%s", s->username);
		snprintf(u.name, sizeof u.name, "%s", s->name);
		snprintf(u.phone, sizeof u.phone, "%s", s->phone);
		snprintf(u.post, sizeof u.post, "%s", s->post);
		snprintf(u.pw_hash, sizeof u.pw_hash, "%s", s->role == ROLE_ADMIN ?
		    o->admin_pw_hash : o->pw_hash);
		u.dept_id = s->dept >= 0 ? ids.depts[s->dept] : 0;
		u.window_id = s->window >= 0 ? ids.windows[s->window] : 0;
		if ((err = store_user_insert(st, &u, o->staff_created_at ?
		    o->staff_created_at[i] : o->now, &ids.staff[i])))
			blame(err, errs, "staff", i, "username", "账号", s->username);
	}
	for (size_t i = 0; i < f->n_posts && !err; i++) {
		const struct org_post *p = &f->posts[i];

		if ((err = store_window_post_insert(st, ids.windows[p->window],
		    p->name, ids.staff[p->a_staff], p->b_staff >= 0 ?
		    ids.staff[p->b_staff] : 0)))
			blame(err, errs, "posts", i, "name", "岗位", p->name);
	}
	if (err || !out)
		org_ids_free(&ids);
	else
		*out = ids;
	return err;
}

int org_import(store *st, const char *buf, size_t len,
    const struct org_apply_opts *o, int64_t actor_id, const char *actor_name,
    int role, struct item_errors *errs, struct org_counts *counts)
{
	struct org_file *f = NULL;
	int64_t root;
	int err;

	if ((err = org_parse_json(buf, len, &f, errs)))
		return err;
	if ((err = store_begin(st)))
		goto out;
	err = store_root_region(st, &root);
	if (err != GH_ENOTFOUND) {
		if (!err) {
			item_errors_add(errs, 0, "", "数据库中已有组织机构: 导入只用于"
			    "新建中心,已有中心请在管理页面中修改");
			err = GH_ECONFLICT;
		}
		goto rollback;
	}
	if ((err = org_apply(st, f, o, NULL, errs)))
		goto rollback;
	*counts = (struct org_counts){f->n_regions, f->n_depts, f->n_halls,
		f->n_windows, f->n_staff, f->n_posts, 0};
	for (size_t i = 0; i < f->n_staff; i++)
		counts->admins += f->staff[i].role == ROLE_ADMIN;
	err = audit_as(st, o->now, actor_id, actor_name, role, "org.import",
	    "region", "root", NULL, json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}",
	    "regions", (json_int_t)f->n_regions, "departments",
	    (json_int_t)f->n_depts, "halls", (json_int_t)f->n_halls, "windows",
	    (json_int_t)f->n_windows, "staff", (json_int_t)f->n_staff, "posts",
	    (json_int_t)f->n_posts));
	if (err || (err = store_commit(st)))
		goto rollback;
	goto out;
rollback:
	store_rollback(st);
out:
	org_file_free(f);
	return err;
}
