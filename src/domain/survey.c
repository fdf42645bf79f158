/*
 * survey.c - the rules of 民主评议 questionnaires and their scores; see
 * survey.h.  Pure; reentrant.
 */
#include "domain/survey.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/utf8.h"

static const char *const kind_names[SURVEY_KINDS_] = {
	"deputy", "member", "company", "citizen",
};
static const char *const kind_labels[SURVEY_KINDS_] = {
	"人大代表", "政协委员", "企业", "群众",
};
static const char *const applies_names[] = { "all", "dept", "window" };

int survey_kind_from_name(const char *name)
{
	for (int k = 0; name && k < SURVEY_KINDS_; k++)
		if (!strcmp(name, kind_names[k]))
			return k;
	return -1;
}

const char *survey_kind_name(enum survey_kind k)
{
	return (unsigned)k < SURVEY_KINDS_ ? kind_names[k] : "";
}

const char *survey_kind_label(enum survey_kind k)
{
	return (unsigned)k < SURVEY_KINDS_ ? kind_labels[k] : "";
}

int survey_applies_from_name(const char *name)
{
	for (int a = 0; name && a < 3; a++)
		if (!strcmp(name, applies_names[a]))
			return a;
	return -1;
}

const char *survey_applies_name(enum survey_applies a)
{
	return (unsigned)a < 3 ? applies_names[a] : "";
}

/* ---- validation ---------------------------------------------------------- */

static int refuse(char *why, size_t why_cap, char *field, size_t field_cap,
    const char *path, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static int refuse(char *why, size_t why_cap, char *field, size_t field_cap,
    const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, why_cap, fmt, ap);
	va_end(ap);
	snprintf(field, field_cap, "%s", path);
	return -1;
}

/* Characters of s after ASCII spaces at both ends; (size_t)-1 for text
 * that is not UTF-8 or holds a control character. */
static size_t text_chars(const char *s)
{
	size_t b = 0, e;

	if (!s)
		return 0;
	e = strlen(s);
	for (size_t i = 0; i < e; i++)
		if ((unsigned char)s[i] < 0x20)
			return (size_t)-1;
	while (b < e && s[b] == ' ')
		b++;
	while (e > b && s[e - 1] == ' ')
		e--;
	return utf8_count(s + b, e - b);
}

static int check_text(const char *s, size_t min, size_t max, const char *what,
    const char *path, char *why, size_t why_cap, char *field,
    size_t field_cap)
{
	size_t n = text_chars(s);

	if (n == (size_t)-1)
		return refuse(why, why_cap, field, field_cap, path,
		    "%s含有无效字符", what);
	if (n < min)
		return refuse(why, why_cap, field, field_cap, path, min > 1 ?
		    "%s至少%zu个字" : "%s不能为空", what, min);
	if (n > max)
		return refuse(why, why_cap, field, field_cap, path,
		    "%s不能超过%zu个字", what, max);
	return 0;
}

static int check_question(const struct survey_question *q, size_t i,
    char *why, size_t why_cap, char *field, size_t field_cap)
{
	char path[64], what[64];

	snprintf(path, sizeof path, "questions[%zu].text", i);
	snprintf(what, sizeof what, "第%zu题的题目", i + 1);
	if (check_text(q->text, 1, SURVEY_TEXT_MAX, what, path, why, why_cap,
	    field, field_cap))
		return -1;
	snprintf(path, sizeof path, "questions[%zu].weight", i);
	if (q->weight < 1 || q->weight > 100)
		return refuse(why, why_cap, field, field_cap, path,
		    "第%zu题的权重应为1至100的整数", i + 1);
	snprintf(path, sizeof path, "questions[%zu].applies", i);
	if ((unsigned)q->applies > SURVEY_APPLIES_WINDOW)
		return refuse(why, why_cap, field, field_cap, path,
		    "第%zu题的评议对象应为all、dept或window", i + 1);
	snprintf(path, sizeof path, "questions[%zu].scale", i);
	if (q->range) {
		if (q->min < 0 || q->max > 100 || q->min >= q->max)
			return refuse(why, why_cap, field, field_cap, path,
			    "第%zu题的分值范围应满足0≤最低分<最高分≤100", i + 1);
		return 0;
	}
	if (q->n_choices < 2 || q->n_choices > SURVEY_CHOICES_MAX)
		return refuse(why, why_cap, field, field_cap, path,
		    "第%zu题应有2至%d个选项", i + 1, SURVEY_CHOICES_MAX);
	for (size_t c = 0; c < q->n_choices; c++) {
		const struct survey_choice *ch = &q->choices[c];

		snprintf(path, sizeof path, "questions[%zu].scale.choices[%zu]", i,
		    c);
		snprintf(what, sizeof what, "第%zu题第%zu个选项", i + 1, c + 1);
		if (check_text(ch->label, 1, SURVEY_LABEL_MAX, what, path, why,
		    why_cap, field, field_cap))
			return -1;
		if (ch->score < 0 || ch->score > 100)
			return refuse(why, why_cap, field, field_cap, path,
			    "%s的分值应为0至100的整数", what);
		for (size_t o = 0; o < c; o++)
			if (!strcmp(q->choices[o].label, ch->label))
				return refuse(why, why_cap, field, field_cap, path,
				    "第%zu题的选项“%s”重复", i + 1, ch->label);
	}
	return 0;
}

int survey_validate(const struct survey_def *d, char *why, size_t why_cap,
    char *field, size_t field_cap)
{
	int sum = 0;

	if (check_text(d->title, 2, SURVEY_TITLE_MAX, "问卷标题", "title", why,
	    why_cap, field, field_cap))
		return -1;
	if (d->description && check_text(d->description, 0, 500, "问卷说明",
	    "description", why, why_cap, field, field_cap))
		return -1;
	if (d->n_questions < 1 || d->n_questions > SURVEY_QUESTIONS_MAX)
		return refuse(why, why_cap, field, field_cap, "questions",
		    "问卷应有1至%d道题", SURVEY_QUESTIONS_MAX);
	for (size_t i = 0; i < d->n_questions; i++)
		if (check_question(&d->questions[i], i, why, why_cap, field,
		    field_cap))
			return -1;
	if (!d->kind_weighted)
		return 0;
	for (int k = 0; k < SURVEY_KINDS_; k++) {
		if (d->kind_weight[k] < 0 || d->kind_weight[k] > 100)
			return refuse(why, why_cap, field, field_cap, "kind_weights",
			    "%s的权重应为0至100的整数", kind_labels[k]);
		sum += d->kind_weight[k];
	}
	if (sum == 0)
		return refuse(why, why_cap, field, field_cap, "kind_weights",
		    "评议人类别的权重不能全为0");
	return 0;
}

bool survey_applies_to(const struct survey_question *q,
    enum survey_target_type t)
{
	return q->applies == SURVEY_APPLIES_ALL ||
	    (q->applies == SURVEY_APPLIES_DEPT && t == SURVEY_TARGET_DEPT) ||
	    (q->applies == SURVEY_APPLIES_WINDOW && t == SURVEY_TARGET_WINDOW);
}

size_t survey_questions_for(const struct survey_def *d,
    enum survey_target_type t)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n_questions; i++)
		n += survey_applies_to(&d->questions[i], t);
	return n;
}

/* ---- arithmetic ---------------------------------------------------------- */

int64_t survey_div_round(int64_t n, int64_t d)
{
	if (n >= 0)
		return (2 * n + d) / (2 * d);
	return -((-2 * n + d) / (2 * d));
}

const char *survey_cents_text(int64_t cents, char *buf, size_t cap)
{
	int64_t a = cents < 0 ? -cents : cents;

	snprintf(buf, cap, "%s%lld.%02lld", cents < 0 ? "-" : "",
	    (long long)(a / 100), (long long)(a % 100));
	return buf;
}

int survey_answer_cents(const struct survey_question *q, int64_t value,
    int64_t *cents)
{
	if (q->range) {
		if (value < q->min || value > q->max)
			return -1;
		*cents = survey_div_round(value * 10000, q->max);
		return 0;
	}
	if (value < 0 || (size_t)value >= q->n_choices)
		return -1;
	*cents = (int64_t)q->choices[value].score * 100;
	return 0;
}

int survey_period_parse(const char *s, int *year, int *quarter)
{
	if (!s || strlen(s) != 6 || s[4] != 'Q' || s[5] < '1' || s[5] > '4')
		return -1;
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	*year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	if (*year < 2000)
		return -1;
	*quarter = s[5] - '0';
	return 0;
}

/* ---- scoring ------------------------------------------------------------- */

/* Appends to buf (cap) what fmt says, silently cut at the end. */
static void append(char *buf, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t cap, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len + 1 >= cap)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + len, cap - len, fmt, ap);
	va_end(ap);
}

/* The part's means and score from its sums, with the formula text. */
static void part_finish(const struct survey_def *d, enum survey_target_type t,
    struct survey_part *p)
{
	int64_t num = 0, den = 0;
	char a[24], b[24];
	bool first = true;

	p->formula[0] = '\0';
	append(p->formula, sizeof p->formula, "得分 = Σ(题目均分×权重)/Σ权重 = (");
	for (size_t i = 0; i < d->n_questions; i++) {
		struct survey_q_score *q = &p->q[i];

		if (!survey_applies_to(&d->questions[i], t) || q->n == 0)
			continue;
		q->mean_cents = survey_div_round(q->sum_cents, q->n);
		num += q->mean_cents * d->questions[i].weight;
		den += d->questions[i].weight;
		append(p->formula, sizeof p->formula, "%s%s×%d", first ? "" : " + ",
		    survey_cents_text(q->mean_cents, a, sizeof a),
		    d->questions[i].weight);
		first = false;
	}
	p->scored = den > 0;
	if (!p->scored) {
		p->cents = 0;
		snprintf(p->formula, sizeof p->formula, "无评议答卷,不计分");
		return;
	}
	p->cents = survey_div_round(num, den);
	append(p->formula, sizeof p->formula, ")/%lld = %s", (long long)den,
	    survey_cents_text(p->cents, b, sizeof b));
}

/* The evaluators of a part: the answers to the first question that
 * applies to the target. */
static int64_t part_evaluators(const struct survey_def *d,
    enum survey_target_type t, const struct survey_part *p)
{
	for (size_t i = 0; i < d->n_questions; i++)
		if (survey_applies_to(&d->questions[i], t))
			return p->q[i].n;
	return 0;
}

static void combine_kinds(const struct survey_def *d,
    struct survey_target_score *s)
{
	int64_t num = 0, den = 0;
	char a[24];
	bool first = true;

	s->formula[0] = '\0';
	append(s->formula, sizeof s->formula,
	    "综合得分 = Σ(类别得分×类别权重)/Σ类别权重 = (");
	for (int k = 0; k < SURVEY_KINDS_; k++) {
		if (!s->kinds[k].scored || d->kind_weight[k] == 0)
			continue;
		num += s->kinds[k].cents * d->kind_weight[k];
		den += d->kind_weight[k];
		append(s->formula, sizeof s->formula, "%s%s%s×%d", first ? "" :
		    " + ", kind_labels[k], survey_cents_text(s->kinds[k].cents, a,
		    sizeof a), d->kind_weight[k]);
		first = false;
	}
	s->scored = den > 0;
	if (!s->scored) {
		s->cents = 0;
		snprintf(s->formula, sizeof s->formula,
		    "计权的评议人类别均无答卷,不计分");
		return;
	}
	s->cents = survey_div_round(num, den);
	append(s->formula, sizeof s->formula, ")/%lld = %s", (long long)den,
	    survey_cents_text(s->cents, a, sizeof a));
}

static void rank_targets(struct survey_target_score *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int better = 0;

		out[i].rank = 0;
		if (!out[i].scored)
			continue;
		for (size_t j = 0; j < n; j++)
			if (out[j].scored && out[j].type == out[i].type &&
			    out[j].cents > out[i].cents)
				better++;
		out[i].rank = better + 1;
	}
}

int survey_score(const struct survey_def *d,
    const enum survey_target_type *types, size_t n_targets,
    const struct survey_answer *answers, size_t n_answers,
    struct survey_target_score *out)
{
	memset(out, 0, n_targets * sizeof *out);
	for (size_t t = 0; t < n_targets; t++)
		out[t].type = types[t];
	for (size_t i = 0; i < n_answers; i++) {
		const struct survey_answer *a = &answers[i];
		int64_t cents;

		if (a->target >= n_targets || a->question >= d->n_questions ||
		    (unsigned)a->kind >= SURVEY_KINDS_ ||
		    !survey_applies_to(&d->questions[a->question],
		    types[a->target]) ||
		    survey_answer_cents(&d->questions[a->question], a->value,
		    &cents))
			return -1;
		out[a->target].all.q[a->question].n++;
		out[a->target].all.q[a->question].sum_cents += cents;
		out[a->target].kinds[a->kind].q[a->question].n++;
		out[a->target].kinds[a->kind].q[a->question].sum_cents += cents;
	}
	for (size_t t = 0; t < n_targets; t++) {
		struct survey_target_score *s = &out[t];

		part_finish(d, s->type, &s->all);
		s->all.evaluators = part_evaluators(d, s->type, &s->all);
		s->evaluators = s->all.evaluators;
		for (int k = 0; k < SURVEY_KINDS_; k++) {
			part_finish(d, s->type, &s->kinds[k]);
			s->kinds[k].evaluators = part_evaluators(d, s->type,
			    &s->kinds[k]);
		}
		if (d->kind_weighted) {
			combine_kinds(d, s);
		} else {
			s->scored = s->all.scored;
			s->cents = s->all.cents;
		}
	}
	rank_targets(out, n_targets);
	return 0;
}
