/*
 * matter.c - the rules of joint matters; see matter.h.
 *
 * Owns nothing but what matter_union_* return; pure and reentrant.
 */
#include "domain/matter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/gh_err.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static const char *s_or(const char *s)
{
	return s ? s : "";
}

int matter_item_index(const struct matter *m, const char *code)
{
	for (size_t i = 0; code && i < m->n_items; i++)
		if (m->item_codes[i] && !strcmp(m->item_codes[i], code))
			return (int)i;
	return -1;
}

bool matter_requires(const struct matter *m, size_t a, size_t b)
{
	for (size_t k = 0; k < m->n_prereqs; k++)
		if (matter_item_index(m, m->prereqs[k].item_code) == (int)a &&
		    matter_item_index(m, m->prereqs[k].requires_code) == (int)b)
			return true;
	return false;
}

/* Depth-first finish times; state 0 new, 1 on the stack, 2 done. */
static int finish(const struct matter *m, const int *limits, size_t i,
    int *state, int *done)
{
	int start = 0;

	if (state[i] == 2)
		return done[i];
	if (state[i] == 1)
		return -1;
	state[i] = 1;
	for (size_t k = 0; k < m->n_prereqs; k++) {
		int a = matter_item_index(m, m->prereqs[k].item_code);
		int b = matter_item_index(m, m->prereqs[k].requires_code);
		int f;

		if (a != (int)i)
			continue;
		if (b < 0 || a == b)
			return -1;
		if ((f = finish(m, limits, (size_t)b, state, done)) < 0)
			return -1;
		if (f > start)
			start = f;
	}
	state[i] = 2;
	done[i] = start + (limits[i] > 0 ? limits[i] : 0);
	return done[i];
}

int matter_critical_days(const struct matter *m, const int *limits)
{
	int *state = xcalloc(m->n_items + 1, sizeof *state);
	int *done = xcalloc(m->n_items + 1, sizeof *done);
	int best = 0;

	for (size_t k = 0; k < m->n_prereqs; k++)
		if (matter_item_index(m, m->prereqs[k].item_code) < 0 ||
		    matter_item_index(m, m->prereqs[k].requires_code) < 0)
			best = -1;
	for (size_t i = 0; i < m->n_items && best >= 0; i++) {
		int f = finish(m, limits, i, state, done);

		if (f < 0)
			best = -1;
		else if (f > best)
			best = f;
	}
	free(state);
	free(done);
	return best;
}

bool matter_ready(const struct matter *m, const int *sub, size_t i)
{
	if (i >= m->n_items || sub[i] != MS_WAITING)
		return false;
	for (size_t j = 0; j < m->n_items; j++)
		if (matter_requires(m, i, j) && sub[j] != MS_APPROVED)
			return false;
	return true;
}

bool matter_blocked(const struct matter *m, const int *sub, size_t i)
{
	if (i >= m->n_items || sub[i] != MS_WAITING)
		return false;
	for (size_t j = 0; j < m->n_items; j++)
		if (matter_requires(m, i, j) && sub[j] == MS_REFUSED)
			return true;
	return false;
}

bool matter_all_decided(const struct matter *m, const int *sub)
{
	for (size_t i = 0; i < m->n_items; i++)
		if (sub[i] != MS_APPROVED && sub[i] != MS_REFUSED)
			return false;
	return m->n_items > 0;
}

bool matter_deemed_due(bool deemed_consent, bool lead_dept, int sub,
    int32_t due_day, int32_t today)
{
	return deemed_consent && !lead_dept && sub == MS_RUNNING &&
	    today > due_day;
}

/* ---- the one material list and the one form ----------------------------- */

void matter_union_materials(const struct item *const *items, size_t n,
    struct item_material **out, size_t *n_out)
{
	size_t cap = 0, cnt = 0;
	struct item_material *v = NULL;

	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; items[i] && k < items[i]->n_materials; k++) {
			const struct item_material *m = &items[i]->materials[k];
			struct item_material *u = NULL;

			for (size_t j = 0; j < cnt && !u; j++)
				if (!strcmp(v[j].name, s_or(m->name)))
					u = &v[j];
			if (u) {
				u->main = u->main || m->main;
				u->required = u->required || m->required;
				u->deferrable = u->deferrable && m->deferrable;
				u->pledgeable = u->pledgeable && m->pledgeable;
				if (m->copies > u->copies)
					u->copies = m->copies;
				continue;
			}
			if (cnt == cap) {
				cap = cap ? cap * 2 : 16;
				v = xrealloc(v, cap * sizeof *v);
			}
			u = &v[cnt++];
			*u = *m;
			u->name = xstrdup(s_or(m->name));
			u->template_name = xstrdup(s_or(m->template_name));
			u->note = xstrdup(s_or(m->note));
		}
	}
	*out = v;
	*n_out = cnt;
}

void matter_materials_free(struct item_material *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].template_name);
		free(v[i].note);
	}
	free(v);
}

static struct form_field *find_field(struct form *f, const char *key)
{
	for (size_t s = 0; s < f->n_sections; s++)
		for (size_t k = 0; k < f->sections[s].n_fields; k++)
			if (!strcmp(f->sections[s].fields[k].key, key))
				return &f->sections[s].fields[k];
	return NULL;
}

static struct form_section *section_of(struct form *f, const char *title)
{
	struct form_section *s;

	for (size_t i = 0; i < f->n_sections; i++)
		if (!strcmp(f->sections[i].title, title))
			return &f->sections[i];
	f->sections = xrealloc(f->sections, (f->n_sections + 1) *
	    sizeof *f->sections);
	s = &f->sections[f->n_sections++];
	memset(s, 0, sizeof *s);
	s->title = xstrdup(title);
	return s;
}

/* A deep copy of one field (form_copy copies whole forms only). */
static void copy_field(struct form_field *dst, const struct form_field *src)
{
	struct form one = {0}, copy = {0};
	struct form_section sec = {.title = (char *)"", .fields =
		(struct form_field *)src, .n_fields = 1};

	one.sections = &sec;
	one.n_sections = 1;
	form_copy(&copy, &one);
	*dst = copy.sections[0].fields[0];
	/* the copy's field now belongs to dst; drop the rest of the copy */
	free(copy.sections[0].title);
	free(copy.sections[0].fields);
	free(copy.sections);
}

int matter_union_form(const struct item *const *items, size_t n,
    struct form *out, char *why, size_t cap)
{
	size_t total = 0;

	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		const struct form *f = items[i] ? &items[i]->form : NULL;

		for (size_t s = 0; f && s < f->n_sections; s++) {
			const struct form_section *sec = &f->sections[s];

			for (size_t k = 0; k < sec->n_fields; k++) {
				const struct form_field *fd = &sec->fields[k];
				struct form_field *have = find_field(out, fd->key);
				struct form_section *to;

				if (have) {
					if (have->type != fd->type) {
						snprintf(why, cap, "申请表字段“%s”(%s)在事项“%s”中"
						    "类型不同,无法合并为一张申请表", fd->label,
						    fd->key, s_or(items[i]->name));
						form_clear(out);
						return GH_EUNPROCESSABLE;
					}
					have->required = have->required || fd->required;
					continue;
				}
				if (++total > FORM_MAX_FIELDS) {
					snprintf(why, cap, "合并后的申请表超过%d个字段",
					    FORM_MAX_FIELDS);
					form_clear(out);
					return GH_EUNPROCESSABLE;
				}
				to = section_of(out, sec->title);
				to->fields = xrealloc(to->fields, (to->n_fields + 1) *
				    sizeof *to->fields);
				copy_field(&to->fields[to->n_fields++], fd);
			}
		}
	}
	if (out->n_sections > FORM_MAX_SECTIONS) {
		snprintf(why, cap, "合并后的申请表超过%d个分组", FORM_MAX_SECTIONS);
		form_clear(out);
		return GH_EUNPROCESSABLE;
	}
	return 0;
}

/* ---- validation ------------------------------------------------------------ */

static bool code_ok(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= 24 && strspn(s, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz._-") == n;
}

int matter_validate(const struct matter *m, const struct item *const *items,
    struct item_errors *errs)
{
	int bad = 0, *limits;
	size_t depts = 0, chars;
	bool lead = false;
	char f[48];

#define ERR(field, ...) do { \
		bad++; \
		item_errors_add(errs, 0, field, __VA_ARGS__); \
	} while (0)

	if (!code_ok(s_or(m->code)))
		ERR("code", "主题事项编码应为1至24位字母、数字、“.”“_”或“-”");
	chars = utf8_valid(s_or(m->name), strlen(s_or(m->name))) ?
	    utf8_count(s_or(m->name), strlen(s_or(m->name))) : 0;
	if (chars < 1 || chars > 200)
		ERR("name", "主题事项名称应为1至200个字符");
	if (!utf8_valid(s_or(m->description), strlen(s_or(m->description))))
		ERR("description", "说明不是合法的UTF-8编码");
	if (m->n_items < 2 || m->n_items > MATTER_MAX_ITEMS)
		ERR("item_codes", "主题事项应包含2至%d个事项(实际%zu个)",
		    MATTER_MAX_ITEMS, m->n_items);
	for (size_t i = 0; i < m->n_items; i++) {
		bool seen = false, same_dept = false;

		snprintf(f, sizeof f, "item_codes[%zu]", i);
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(s_or(m->item_codes[j]), s_or(m->item_codes[i]));
		if (seen) {
			ERR(f, "事项%s重复", s_or(m->item_codes[i]));
			continue;
		}
		if (!items[i]) {
			ERR(f, "事项%s不存在", s_or(m->item_codes[i]));
			continue;
		}
		if (items[i]->retired)
			ERR(f, "事项“%s”已停用", s_or(items[i]->name));
		for (size_t j = 0; j < i && !same_dept; j++)
			same_dept = items[j] && !strcmp(s_or(items[j]->dept_code),
			    s_or(items[i]->dept_code));
		if (!same_dept)
			depts++;
		if (!strcmp(s_or(items[i]->dept_code), s_or(m->lead_dept_code)))
			lead = true;
	}
	if (m->n_items >= 2 && depts < 2)
		ERR("item_codes", "并联审批应由两个以上部门的事项组成");
	if (!lead)
		ERR("lead_dept_code", "牵头部门须为本主题事项中某一事项的实施部门");
	for (size_t k = 0; k < m->n_prereqs; k++) {
		const struct matter_prereq *p = &m->prereqs[k];
		int a = matter_item_index(m, p->item_code);
		int b = matter_item_index(m, p->requires_code);

		snprintf(f, sizeof f, "prereqs[%zu]", k);
		if (a < 0 || b < 0)
			ERR(f, "前置关系的事项须在本主题事项中");
		else if (a == b)
			ERR(f, "事项不能以自身为前置");
		for (size_t j = 0; j < k; j++)
			if (!strcmp(s_or(m->prereqs[j].item_code), s_or(p->item_code)) &&
			    !strcmp(s_or(m->prereqs[j].requires_code),
			    s_or(p->requires_code)))
				ERR(f, "前置关系重复");
		snprintf(f, sizeof f, "prereqs[%zu].basis", k);
		if (!p->basis || !*p->basis)
			ERR(f, "前置关系须写明法律依据(只有法律法规要求时才能设定前置)");
	}
	if (m->legal_limit_days < 1 || m->legal_limit_days > MATTER_LEGAL_MAX)
		ERR("legal_limit_days", "并联审批的法定时限应为1至%d个工作日"
		    "(《行政许可法》第四十二条)", MATTER_LEGAL_MAX);
	if (m->promised_limit_days < 1 ||
	    m->promised_limit_days > m->legal_limit_days)
		ERR("promised_limit_days", "承诺时限应为1个工作日至法定时限");
	limits = xcalloc(m->n_items + 1, sizeof *limits);
	for (size_t i = 0; i < m->n_items; i++)
		limits[i] = items[i] ? items[i]->promised_limit_days : 0;
	if (!bad) {
		int crit = matter_critical_days(m, limits);

		if (crit < 0)
			ERR("prereqs", "前置关系形成循环");
		else if (crit > m->promised_limit_days)
			ERR("promised_limit_days", "承诺时限(%d个工作日)短于前置事项"
			    "与其后续事项的最长办理路径(%d个工作日)",
			    m->promised_limit_days, crit);
	}
	free(limits);
	if (!bad) {
		struct form u;
		char why[200];

		if (matter_union_form(items, m->n_items, &u, why, sizeof why))
			ERR("item_codes", "%s", why);
		else
			form_clear(&u);
	}
#undef ERR
	return bad;
}

void matter_clear(struct matter *m)
{
	free(m->code);
	free(m->name);
	free(m->lead_dept_code);
	free(m->description);
	for (size_t i = 0; i < m->n_items; i++)
		free(m->item_codes[i]);
	free(m->item_codes);
	for (size_t i = 0; i < m->n_prereqs; i++) {
		free(m->prereqs[i].item_code);
		free(m->prereqs[i].requires_code);
		free(m->prereqs[i].basis);
	}
	free(m->prereqs);
	memset(m, 0, sizeof *m);
}
