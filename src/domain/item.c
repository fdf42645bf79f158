/*
 * item.c - the service item (事项) record: validation, copying, comparing,
 * the error list, and the names and labels of the item enums (item.h).
 *
 * Owns nothing beyond what each struct item and item_errors owns.
 * Invariants: every message and field appended to an item_errors list is
 * cut at a UTF-8 character boundary, so a list built from valid UTF-8 stays
 * valid UTF-8; a list never holds more than ITEM_ERRORS_MAX entries.
 * Validation quotes user text in a message only after checking that it is
 * valid UTF-8.
 * Thread-safety: pure functions over caller memory and constant tables;
 * reentrant.
 */
#include "domain/item.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/role.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* ---- error list ---- */

/* Cuts s (NUL-terminated, possibly truncated by snprintf) back to the
 * last complete UTF-8 sequence. */
static void clip_utf8(char *s)
{
	size_t n = strlen(s);
	size_t i = n;
	size_t need;
	unsigned char lead;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return;
	lead = (unsigned char)s[i - 1];
	if (lead < 0x80)
		return;
	need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if ((i - 1) + need > n)
		s[i - 1] = '\0';
}

void item_errors_add(struct item_errors *errs, int line, const char *field,
    const char *fmt, ...)
{
	struct item_error *e;
	va_list ap;
	int rc;

	if (!errs || errs->n >= ITEM_ERRORS_MAX)
		return;
	if (errs->n == errs->cap) {
		errs->cap = errs->cap ? errs->cap * 2 : 16;
		errs->v = xrealloc(errs->v, errs->cap * sizeof(*errs->v));
	}
	e = &errs->v[errs->n++];
	if (errs->n == ITEM_ERRORS_MAX) {
		e->line = 0;
		e->field[0] = '\0';
		snprintf(e->message, sizeof(e->message),
		    "错误过多,仅列出前%d条", ITEM_ERRORS_MAX - 1);
		return;
	}
	e->line = line;
	snprintf(e->field, sizeof(e->field), "%s", field ? field : "");
	clip_utf8(e->field);
	va_start(ap, fmt);
	rc = vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	if (rc < 0)
		e->message[0] = '\0';
	clip_utf8(e->message);
}

void item_errors_clear(struct item_errors *errs)
{
	if (!errs)
		return;
	free(errs->v);
	errs->v = NULL;
	errs->n = errs->cap = 0;
}

/* ---- enum names ---- */

struct enum_name {
	const char *name;
	const char *label;
};

static const struct enum_name type_names[IT_COUNT_] = {
	[IT_LICENSING] = {"licensing", "行政许可"},
	[IT_NON_LICENSING] = {"non_licensing", "非行政许可审批"},
	[IT_CONFIRMATION] = {"confirmation", "行政确认"},
	[IT_BENEFIT] = {"benefit", "行政给付"},
	[IT_PUBLIC_SERVICE] = {"public_service", "公共服务"},
	[IT_OTHER] = {"other", "其他"},
};

static const struct enum_name level_names[LV_COUNT_] = {
	[LV_CITY] = {"city", "市级"},
	[LV_COUNTY] = {"county", "县级"},
	[LV_TOWNSHIP] = {"township", "乡镇(街道)级"},
	[LV_VILLAGE] = {"village", "村(社区)级"},
};

static const struct enum_name form_names[MF_COUNT_] = {
	[MF_ORIGINAL] = {"original", "原件"},
	[MF_COPY] = {"copy", "复印件"},
	[MF_BOTH] = {"both", "原件及复印件"},
	[MF_ELECTRONIC] = {"electronic", "电子材料"},
};

/* Other spellings people type into spreadsheets. */
struct enum_alias {
	const char *text;
	int value;
};

static const struct enum_alias level_aliases[] = {
	{"市", LV_CITY}, {"县", LV_COUNTY}, {"县(区)", LV_COUNTY},
	{"乡镇", LV_TOWNSHIP}, {"乡镇(街道)", LV_TOWNSHIP},
	{"乡镇（街道）", LV_TOWNSHIP}, {"乡镇（街道）级", LV_TOWNSHIP},
	{"村", LV_VILLAGE}, {"村(社区)", LV_VILLAGE},
	{"村（社区）", LV_VILLAGE}, {"村（社区）级", LV_VILLAGE},
	{NULL, 0}
};

static const struct enum_alias form_aliases[] = {
	{"原件和复印件", MF_BOTH}, {"电子", MF_ELECTRONIC},
	{"电子件", MF_ELECTRONIC}, {NULL, 0}
};

static const char *enum_name_of(const struct enum_name *t, int count, int v)
{
	return v >= 1 && v < count ? t[v].name : NULL;
}

static const char *enum_label_of(const struct enum_name *t, int count, int v)
{
	return v >= 1 && v < count ? t[v].label : NULL;
}

static int enum_from(const struct enum_name *t, int count,
    const struct enum_alias *aliases, const char *s)
{
	if (!s)
		return -1;
	for (int v = 1; v < count; v++)
		if (strcmp(s, t[v].name) == 0 || strcmp(s, t[v].label) == 0)
			return v;
	for (const struct enum_alias *a = aliases; a && a->text; a++)
		if (strcmp(s, a->text) == 0)
			return a->value;
	return -1;
}

const char *item_type_name(int t)
{
	return enum_name_of(type_names, IT_COUNT_, t);
}

const char *item_type_label(int t)
{
	return enum_label_of(type_names, IT_COUNT_, t);
}

int item_type_from_name(const char *s)
{
	return enum_from(type_names, IT_COUNT_, NULL, s);
}

const char *item_level_name(int l)
{
	return enum_name_of(level_names, LV_COUNT_, l);
}

const char *item_level_label(int l)
{
	return enum_label_of(level_names, LV_COUNT_, l);
}

int item_level_from_name(const char *s)
{
	return enum_from(level_names, LV_COUNT_, level_aliases, s);
}

const char *material_form_name(int f)
{
	return enum_name_of(form_names, MF_COUNT_, f);
}

const char *material_form_label(int f)
{
	return enum_label_of(form_names, MF_COUNT_, f);
}

int material_form_from_name(const char *s)
{
	return enum_from(form_names, MF_COUNT_, form_aliases, s);
}

/* ---- validation ---- */

#define ITEM_CODE_MAX 24
#define ITEM_NAME_MAX_CHARS 200
#define ITEM_DEPT_CODE_MAX 64
#define ITEM_LIMIT_MAX_DAYS 365

/* One validation pass: counts every violation even past the list's cap. */
struct vctx {
	struct item_errors *errs;
	int line;
	int count;
};

static void vadd(struct vctx *v, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void vadd(struct vctx *v, const char *field, const char *fmt, ...)
{
	char msg[sizeof(((struct item_error *)0)->message)];
	va_list ap;
	int rc;

	v->count++;
	if (!v->errs)
		return;
	va_start(ap, fmt);
	rc = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (rc < 0)
		msg[0] = '\0';
	item_errors_add(v->errs, v->line, field, "%s", msg);
}

static const char *str_or_empty(const char *s)
{
	return s ? s : "";
}

/* Number of code points of valid UTF-8 s. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* Checks that s is valid UTF-8; returns false (after reporting) if not. */
static bool check_utf8(struct vctx *v, const char *field, const char *s)
{
	s = str_or_empty(s);
	if (utf8_valid(s, strlen(s)))
		return true;
	vadd(v, field, "不是合法的UTF-8文本");
	return false;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == '\v' || c == '\f';
}

/* Text nested in one CSV cell: no separators, no outer whitespace (the
 * CSV parser trims it).  what names the field in Chinese. */
static void check_nested(struct vctx *v, const char *field, const char *what,
    const char *s)
{
	size_t n;

	s = str_or_empty(s);
	if (!check_utf8(v, field, s))
		return;
	if (strpbrk(s, "|;"))
		vadd(v, field, "%s不得包含“|”或“;”(CSV文件用作分隔符)", what);
	n = strlen(s);
	if (n > 0 && (is_space(s[0]) || is_space(s[n - 1])))
		vadd(v, field, "%s首尾不得有空白字符", what);
}

static bool code_char_ok(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z') || c == '.' || c == '_' || c == '-';
}

static void check_code(struct vctx *v, const char *code)
{
	size_t n;

	code = str_or_empty(code);
	n = strlen(code);
	if (n == 0) {
		vadd(v, "code", "事项编码不能为空");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (!code_char_ok(code[i])) {
			vadd(v, "code", "事项编码只能包含字母、数字、“.”、“_”和“-”");
			return;
		}
	}
	if (n > ITEM_CODE_MAX)
		vadd(v, "code", "事项编码不得超过%d个字符(实际%zu个)",
		    ITEM_CODE_MAX, n);
}

static void check_limit(struct vctx *v, const char *field, const char *what,
    int days)
{
	if (days < 0 || days > ITEM_LIMIT_MAX_DAYS)
		vadd(v, field, "%s应在0至%d个工作日之间(实际%d)", what,
		    ITEM_LIMIT_MAX_DAYS, days);
}

static void check_materials(struct vctx *v, const struct item *it)
{
	size_t n = it->n_materials;
	char f[48];

	if (n == 0 || !it->materials) {
		vadd(v, "materials", "至少需要一项申请材料");
		return;
	}
	if (n > ITEM_MAX_MATERIALS) {
		vadd(v, "materials", "申请材料不得超过%d项(实际%zu项)",
		    ITEM_MAX_MATERIALS, n);
		n = ITEM_MAX_MATERIALS;
	}
	for (size_t i = 0; i < n; i++) {
		const struct item_material *m = &it->materials[i];
		const char *name = str_or_empty(m->name);
		bool name_ok;

		snprintf(f, sizeof(f), "materials[%zu].name", i);
		name_ok = utf8_valid(name, strlen(name));
		check_nested(v, f, "材料名称", name);
		if (name_ok && name[0] == '\0')
			vadd(v, f, "第%zu项材料的名称不能为空", i + 1);
		if (name_ok && name[0] != '\0') {
			for (size_t j = 0; j < i; j++) {
				if (strcmp(name, str_or_empty(
				    it->materials[j].name)) == 0) {
					vadd(v, f, "材料名称“%s”重复", name);
					break;
				}
			}
		}
		snprintf(f, sizeof(f), "materials[%zu].form", i);
		if (m->form < 1 || m->form >= MF_COUNT_)
			vadd(v, f, "材料形式无效(%d)", m->form);
		snprintf(f, sizeof(f), "materials[%zu].copies", i);
		if (m->copies < 1 || m->copies > 99)
			vadd(v, f, "份数应在1至99之间(实际%d)", m->copies);
		snprintf(f, sizeof(f), "materials[%zu].template_name", i);
		check_nested(v, f, "空白表格名称", m->template_name);
		snprintf(f, sizeof(f), "materials[%zu].note", i);
		check_nested(v, f, "填写说明", m->note);
	}
}

static void check_steps(struct vctx *v, const struct item *it)
{
	size_t n = it->steps ? it->n_steps : 0;
	long long sum = 0;
	char f[48];

	if (!it->instant && n == 0)
		vadd(v, "steps", "承诺件至少需要一个审查环节");
	if (n > ITEM_MAX_STEPS) {
		vadd(v, "steps", "审查环节不得超过%d个(实际%zu个)",
		    ITEM_MAX_STEPS, n);
		n = ITEM_MAX_STEPS;
	}
	for (size_t i = 0; i < n; i++) {
		const struct item_step *s = &it->steps[i];
		int role = s->role;

		snprintf(f, sizeof(f), "steps[%zu].name", i);
		check_nested(v, f, "环节名称", s->name);
		if (str_or_empty(s->name)[0] == '\0')
			vadd(v, f, "第%zu个环节的名称不能为空", i + 1);
		snprintf(f, sizeof(f), "steps[%zu].role", i);
		if (!role_name(role) || role == ROLE_APPLICANT)
			vadd(v, f, "环节办理角色无效,应为工作人员角色");
		snprintf(f, sizeof(f), "steps[%zu].limit_days", i);
		if (s->limit_days < 0 || s->limit_days > ITEM_LIMIT_MAX_DAYS)
			vadd(v, f, "环节时限应在0至%d个工作日之间(实际%d)",
			    ITEM_LIMIT_MAX_DAYS, s->limit_days);
		else
			sum += s->limit_days;
	}
	if (!it->instant && sum > it->promised_limit_days)
		vadd(v, "steps", "各环节时限之和(%lld个工作日)超过承诺时限"
		    "(%d个工作日)", sum, it->promised_limit_days);
}

/* form_validate's callback: one violation into the item's list. */
static void form_error(void *ctx, const char *path, const char *message)
{
	vadd(ctx, path, "%s", message);
}

/* 容缺受理 and 告知承诺制 (DOMAIN.md section 7): which materials may come
 * later or be replaced by a promise, and in which items. */
static void check_accelerated(struct vctx *v, const struct item *it)
{
	size_t n = it->materials ? it->n_materials : 0, deferrable = 0,
	    pledgeable = 0;
	char f[48];

	for (size_t i = 0; i < n; i++) {
		const struct item_material *m = &it->materials[i];

		if (m->deferrable) {
			snprintf(f, sizeof(f), "materials[%zu].deferrable", i);
			deferrable++;
			if (m->main)
				vadd(v, f, "主件不得容缺,只有辅件可以容缺后补");
			else if (!it->defer_allowed)
				vadd(v, f, "事项未实行容缺受理(defer_allowed),材料不能"
				    "标为可容缺");
		}
		if (m->pledgeable) {
			snprintf(f, sizeof(f), "materials[%zu].pledgeable", i);
			pledgeable++;
			if (!it->pledge_allowed)
				vadd(v, f, "事项未实行告知承诺制(pledge_allowed),材料"
				    "不能标为可承诺替代");
		}
	}
	if (it->defer_allowed && it->instant)
		vadd(v, "defer_allowed", "即办件当场办结,不适用容缺受理");
	else if (it->defer_allowed && !deferrable)
		vadd(v, "defer_allowed", "实行容缺受理的事项须至少有一项可容缺的"
		    "辅件(deferrable)");
	if (it->withhold_result && !it->defer_allowed)
		vadd(v, "withhold_result", "只有实行容缺受理的事项才能设定"
		    "补齐前暂不出证");
	if (it->pledge_allowed && it->high_risk)
		vadd(v, "pledge_allowed", "高风险事项(涉及安全、环境、健康、"
		    "金融)不得实行告知承诺制");
	else if (it->pledge_allowed && !pledgeable)
		vadd(v, "pledge_allowed", "实行告知承诺制的事项须至少有一项可由"
		    "承诺替代的证明材料(pledgeable)");
}

static void check_keywords(struct vctx *v, const struct item *it)
{
	size_t n = it->keywords ? it->n_keywords : 0;
	char f[48];

	if (n > ITEM_MAX_KEYWORDS) {
		vadd(v, "keywords", "关键词不得超过%d个(实际%zu个)",
		    ITEM_MAX_KEYWORDS, n);
		n = ITEM_MAX_KEYWORDS;
	}
	for (size_t i = 0; i < n; i++) {
		const char *k = str_or_empty(it->keywords[i]);
		size_t len = strlen(k), cps = utf8_count(k, len);

		snprintf(f, sizeof(f), "keywords[%zu]", i);
		if (cps == (size_t)-1) {
			vadd(v, f, "关键词不是有效的UTF-8文本");
			continue;
		}
		if (cps == 0 || cps > ITEM_KEYWORD_MAX)
			vadd(v, f, "关键词应为1至%d个字", ITEM_KEYWORD_MAX);
		if (strpbrk(k, ",|;\n\r\t") || k[0] == ' ' ||
		    (len && k[len - 1] == ' '))
			vadd(v, f, "关键词“%s”不能包含逗号、|、;或首尾空格", k);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(k, str_or_empty(it->keywords[j]))) {
				vadd(v, f, "关键词“%s”重复", k);
				break;
			}
	}
}

static void check_fees(struct vctx *v, const struct item *it)
{
	size_t n = it->fees ? it->n_fees : 0;
	char f[48];

	if (n > ITEM_MAX_FEES) {
		vadd(v, "fees", "收费项目不得超过%d项(实际%zu项)",
		    ITEM_MAX_FEES, n);
		n = ITEM_MAX_FEES;
	}
	for (size_t i = 0; i < n; i++) {
		const struct item_fee *fee = &it->fees[i];

		snprintf(f, sizeof(f), "fees[%zu].name", i);
		check_nested(v, f, "收费项目名称", fee->name);
		if (str_or_empty(fee->name)[0] == '\0')
			vadd(v, f, "第%zu项收费的名称不能为空", i + 1);
		snprintf(f, sizeof(f), "fees[%zu].amount_fen", i);
		if (fee->amount_fen < 0)
			vadd(v, f, "收费金额不得为负数");
		else if (fee->amount_fen > ITEM_MAX_FEE_FEN)
			vadd(v, f, "收费金额超过上限");
		snprintf(f, sizeof(f), "fees[%zu].basis", i);
		check_nested(v, f, "收费依据", fee->basis);
		if (str_or_empty(fee->basis)[0] == '\0')
			vadd(v, f, "收费依据不能为空");
	}
}

int item_validate(const struct item *it, int line, struct item_errors *errs)
{
	struct vctx v = {errs, line, 0};
	const char *name = str_or_empty(it->name);
	const char *dept = str_or_empty(it->dept_code);

	if (check_utf8(&v, "code", it->code))
		check_code(&v, it->code);
	if (check_utf8(&v, "name", name)) {
		size_t chars = utf8_chars(name);

		if (chars == 0)
			vadd(&v, "name", "事项名称不能为空");
		else if (chars > ITEM_NAME_MAX_CHARS)
			vadd(&v, "name", "事项名称不得超过%d个字符(实际%zu个)",
			    ITEM_NAME_MAX_CHARS, chars);
	}
	if (it->type < 1 || it->type >= IT_COUNT_)
		vadd(&v, "type", "事项类型无效(%d)", it->type);
	if (check_utf8(&v, "dept_code", dept)) {
		if (dept[0] == '\0')
			vadd(&v, "dept_code", "实施部门编码不能为空");
		else if (strlen(dept) > ITEM_DEPT_CODE_MAX)
			vadd(&v, "dept_code", "实施部门编码不得超过%d个字节",
			    ITEM_DEPT_CODE_MAX);
	}
	if (it->level < 1 || it->level >= LV_COUNT_)
		vadd(&v, "level", "行使层级无效(%d)", it->level);
	check_utf8(&v, "basis", it->basis);
	check_utf8(&v, "conditions", it->conditions);
	check_materials(&v, it);
	check_limit(&v, "legal_limit_days", "法定时限", it->legal_limit_days);
	check_limit(&v, "promised_limit_days", "承诺时限",
	    it->promised_limit_days);
	if (it->promised_limit_days > it->legal_limit_days)
		vadd(&v, "promised_limit_days", "承诺时限(%d个工作日)不得超过"
		    "法定时限(%d个工作日)", it->promised_limit_days,
		    it->legal_limit_days);
	if (it->instant && it->promised_limit_days > 1)
		vadd(&v, "promised_limit_days", "即办件的承诺时限不得超过1个"
		    "工作日(实际%d)", it->promised_limit_days);
	check_steps(&v, it);
	check_fees(&v, it);
	check_utf8(&v, "result_name", it->result_name);
	if (it->online_depth < 1 || it->online_depth > 4)
		vadd(&v, "online_depth", "网上办理深度应在1至4之间(实际%d)",
		    it->online_depth);
	if (it->visits < 0 || it->visits > 5)
		vadd(&v, "visits", "到现场次数应在0至5之间(实际%d)", it->visits);
	check_utf8(&v, "complaint_channel", it->complaint_channel);
	check_utf8(&v, "consult_phone", it->consult_phone);
	if (it->warn_days < -1 || it->warn_days > 30)
		vadd(&v, "warn_days", "预警天数应在-1(使用中心默认值)至30之间"
		    "(实际%d)", it->warn_days);
	check_keywords(&v, it);
	check_accelerated(&v, it);
	form_validate(&it->form, "form", form_error, &v);
	return v.count;
}

/* ---- ownership ---- */

void item_clear(struct item *it)
{
	if (!it)
		return;
	free(it->code);
	free(it->name);
	free(it->dept_code);
	free(it->basis);
	free(it->conditions);
	for (size_t i = 0; it->materials && i < it->n_materials; i++) {
		free(it->materials[i].name);
		free(it->materials[i].template_name);
		free(it->materials[i].note);
	}
	free(it->materials);
	for (size_t i = 0; it->steps && i < it->n_steps; i++)
		free(it->steps[i].name);
	free(it->steps);
	for (size_t i = 0; it->fees && i < it->n_fees; i++) {
		free(it->fees[i].name);
		free(it->fees[i].basis);
	}
	free(it->fees);
	free(it->result_name);
	free(it->complaint_channel);
	free(it->consult_phone);
	form_clear(&it->form);
	for (size_t i = 0; it->keywords && i < it->n_keywords; i++)
		free(it->keywords[i]);
	free(it->keywords);
	memset(it, 0, sizeof(*it));
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void item_copy(struct item *dst, const struct item *src)
{
	*dst = *src;
	dst->code = dup_or_null(src->code);
	dst->name = dup_or_null(src->name);
	dst->dept_code = dup_or_null(src->dept_code);
	dst->basis = dup_or_null(src->basis);
	dst->conditions = dup_or_null(src->conditions);
	dst->result_name = dup_or_null(src->result_name);
	dst->complaint_channel = dup_or_null(src->complaint_channel);
	dst->consult_phone = dup_or_null(src->consult_phone);
	dst->materials = NULL;
	dst->steps = NULL;
	dst->fees = NULL;
	if (src->materials && src->n_materials) {
		dst->materials = xcalloc(src->n_materials,
		    sizeof(*dst->materials));
		for (size_t i = 0; i < src->n_materials; i++) {
			const struct item_material *m = &src->materials[i];

			dst->materials[i] = *m;
			dst->materials[i].name = dup_or_null(m->name);
			dst->materials[i].template_name =
			    dup_or_null(m->template_name);
			dst->materials[i].note = dup_or_null(m->note);
		}
	} else {
		dst->n_materials = 0;
	}
	if (src->steps && src->n_steps) {
		dst->steps = xcalloc(src->n_steps, sizeof(*dst->steps));
		for (size_t i = 0; i < src->n_steps; i++) {
			dst->steps[i] = src->steps[i];
			dst->steps[i].name = dup_or_null(src->steps[i].name);
		}
	} else {
		dst->n_steps = 0;
	}
	if (src->fees && src->n_fees) {
		dst->fees = xcalloc(src->n_fees, sizeof(*dst->fees));
		for (size_t i = 0; i < src->n_fees; i++) {
			dst->fees[i] = src->fees[i];
			dst->fees[i].name = dup_or_null(src->fees[i].name);
			dst->fees[i].basis = dup_or_null(src->fees[i].basis);
		}
	} else {
		dst->n_fees = 0;
	}
	form_copy(&dst->form, &src->form);
	dst->keywords = NULL;
	if (src->keywords && src->n_keywords) {
		dst->keywords = xcalloc(src->n_keywords, sizeof(*dst->keywords));
		for (size_t i = 0; i < src->n_keywords; i++)
			dst->keywords[i] = dup_or_null(src->keywords[i]);
	} else {
		dst->n_keywords = 0;
	}
}

static bool str_eq(const char *a, const char *b)
{
	return strcmp(str_or_empty(a), str_or_empty(b)) == 0;
}

bool item_equal(const struct item *a, const struct item *b)
{
	size_t na = a->materials ? a->n_materials : 0;
	size_t nb = b->materials ? b->n_materials : 0;

	if (!str_eq(a->code, b->code) || !str_eq(a->name, b->name) ||
	    a->type != b->type || !str_eq(a->dept_code, b->dept_code) ||
	    a->level != b->level || !str_eq(a->basis, b->basis) ||
	    !str_eq(a->conditions, b->conditions) ||
	    a->legal_limit_days != b->legal_limit_days ||
	    a->promised_limit_days != b->promised_limit_days ||
	    a->instant != b->instant ||
	    !str_eq(a->result_name, b->result_name) ||
	    a->in_hall != b->in_hall || a->online_depth != b->online_depth ||
	    a->visits != b->visits ||
	    !str_eq(a->complaint_channel, b->complaint_channel) ||
	    !str_eq(a->consult_phone, b->consult_phone) ||
	    a->warn_days != b->warn_days || a->retired != b->retired ||
	    a->defer_allowed != b->defer_allowed ||
	    a->withhold_result != b->withhold_result ||
	    a->pledge_allowed != b->pledge_allowed ||
	    a->high_risk != b->high_risk)
		return false;
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		const struct item_material *x = &a->materials[i];
		const struct item_material *y = &b->materials[i];

		if (!str_eq(x->name, y->name) || x->main != y->main ||
		    x->required != y->required || x->form != y->form ||
		    x->copies != y->copies || x->deferrable != y->deferrable ||
		    x->pledgeable != y->pledgeable ||
		    !str_eq(x->template_name, y->template_name) ||
		    !str_eq(x->note, y->note))
			return false;
	}
	na = a->steps ? a->n_steps : 0;
	nb = b->steps ? b->n_steps : 0;
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!str_eq(a->steps[i].name, b->steps[i].name) ||
		    a->steps[i].role != b->steps[i].role ||
		    a->steps[i].limit_days != b->steps[i].limit_days)
			return false;
	na = a->fees ? a->n_fees : 0;
	nb = b->fees ? b->n_fees : 0;
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!str_eq(a->fees[i].name, b->fees[i].name) ||
		    a->fees[i].amount_fen != b->fees[i].amount_fen ||
		    !str_eq(a->fees[i].basis, b->fees[i].basis))
			return false;
	na = a->keywords ? a->n_keywords : 0;
	nb = b->keywords ? b->n_keywords : 0;
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!str_eq(a->keywords[i], b->keywords[i]))
			return false;
	return form_equal(&a->form, &b->form);
}
