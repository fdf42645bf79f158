/*
 * survey.h - 民主评议 (the centre's democratic evaluation, issue 12 §3): the
 * rules of a questionnaire and of its scores.  DOMAIN.md §6: no national
 * standard, so the questionnaire is the administrator's to configure.
 *
 * A questionnaire has a title and 1..SURVEY_QUESTIONS_MAX questions.  Each
 * question has a text, a weight (1..100), the kind of unit it asks about
 * (every target, departments only or windows only) and a scale: either
 * 2..SURVEY_CHOICES_MAX labelled choices with scores 0..100 (满意 100 /
 * 基本满意 80 / 不满意 40), or a range of integers min..max (1..10).  It
 * may weigh the evaluator kinds (人大代表, 政协委员, 企业, 群众; 0..100
 * each, at least one above 0 when any is given).
 *
 * Scores, in hundredths of a point (cents) so that every step is exact
 * integer arithmetic, each rounded to two decimals half away from zero:
 *   answer score   a choice's score, or value × 100 / max for a range
 *   question mean  Σ answer scores / number of answers
 *   target score   Σ(question mean × weight) / Σ weight, over the
 *                  questions that apply to the target and were answered
 *   with kind weights: the target score of each kind's answers alone,
 *                  then Σ(kind score × kind weight) / Σ kind weight over
 *                  the kinds that answered and weigh above 0
 * Each step uses the rounded values of the step before, the ones shown,
 * so anyone can redo the computation from the numbers on the page.
 *
 * Pure functions; no I/O.  Strings are borrowed from the caller.
 */
#ifndef GH_SURVEY_H
#define GH_SURVEY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SURVEY_QUESTIONS_MAX 50
#define SURVEY_CHOICES_MAX 10
#define SURVEY_TITLE_MAX 100        /* characters */
#define SURVEY_TEXT_MAX 200         /* a question's text, characters */
#define SURVEY_LABEL_MAX 20         /* a choice's label, characters */
#define SURVEY_COMMENT_MAX 500      /* an evaluator's 意见建议 */
#define SURVEY_TARGETS_MAX 100
#define SURVEY_EVALUATORS_MAX 500

enum survey_kind {
	SURVEY_DEPUTY = 0,   /* 人大代表 */
	SURVEY_MEMBER,       /* 政协委员 */
	SURVEY_COMPANY,      /* 企业 */
	SURVEY_CITIZEN,      /* 群众 */
	SURVEY_KINDS_
};

enum survey_applies { SURVEY_APPLIES_ALL = 0, SURVEY_APPLIES_DEPT,
	SURVEY_APPLIES_WINDOW };

enum survey_target_type { SURVEY_TARGET_DEPT = 0, SURVEY_TARGET_WINDOW };

struct survey_choice {
	const char *label;
	int score;               /* 0..100 */
};

struct survey_question {
	const char *text;
	int weight;              /* 1..100 */
	enum survey_applies applies;
	bool range;              /* a min..max scale instead of choices */
	int min, max;            /* range: 0 <= min < max <= 100 */
	struct survey_choice choices[SURVEY_CHOICES_MAX];
	size_t n_choices;
};

struct survey_def {
	const char *title;
	const char *description;  /* may be NULL */
	struct survey_question questions[SURVEY_QUESTIONS_MAX];
	size_t n_questions;
	bool kind_weighted;       /* kind_weight given */
	int kind_weight[SURVEY_KINDS_];
};

/* "deputy" -> SURVEY_DEPUTY ...; -1 for anything else. */
int survey_kind_from_name(const char *name);
const char *survey_kind_name(enum survey_kind k);
/* SURVEY_DEPUTY -> "人大代表". */
const char *survey_kind_label(enum survey_kind k);
/* "all" | "dept" | "window" -> the value; -1 otherwise. */
int survey_applies_from_name(const char *name);
const char *survey_applies_name(enum survey_applies a);

/* Checks d.  On a refusal returns -1 with the Chinese reason in why and
 * the offending field's JSON path in field (e.g. "questions[2].weight"). */
int survey_validate(const struct survey_def *d, char *why, size_t why_cap,
    char *field, size_t field_cap);

/* Whether question q asks about a target of type t. */
bool survey_applies_to(const struct survey_question *q,
    enum survey_target_type t);
/* How many questions of d ask about a target of type t. */
size_t survey_questions_for(const struct survey_def *d,
    enum survey_target_type t);

/* The score in cents of answer value on q's scale: a choice's index
 * (0-based) or a range's integer.  -1 when the value is off the scale. */
int survey_answer_cents(const struct survey_question *q, int64_t value,
    int64_t *cents);

/* n / d rounded to the nearest integer, halves away from zero; d > 0. */
int64_t survey_div_round(int64_t n, int64_t d);
/* cents as "92.40" (buf of at least 24 bytes). */
const char *survey_cents_text(int64_t cents, char *buf, size_t cap);

/* A quarter "2026Q3": its year and quarter (1..4).
 * -1 when s is not one (years before 2000 neither). */
int survey_period_parse(const char *s, int *year, int *quarter);

/* ---- scoring ------------------------------------------------------------- */

/* One answer: an evaluator of kind answered question (index into d) about
 * target (index into the round's targets) with value. */
struct survey_answer {
	enum survey_kind kind;
	size_t target;
	size_t question;
	int64_t value;
};

/* What one question contributed to a target's score (of one kind, or of
 * all answers pooled). */
struct survey_q_score {
	int64_t n;            /* answers */
	int64_t sum_cents;    /* Σ answer scores */
	int64_t mean_cents;   /* rounded; meaningful when n > 0 */
};

struct survey_part {
	bool scored;          /* some question was answered */
	int64_t cents;        /* the rounded score */
	struct survey_q_score q[SURVEY_QUESTIONS_MAX];
	int64_t evaluators;   /* evaluators who answered the target */
	char formula[2048];   /* "得分 = Σ(题目均分×权重)/Σ权重 = ... = 92.40" */
};

struct survey_target_score {
	enum survey_target_type type;
	bool scored;
	int64_t cents;        /* the final score */
	int rank;             /* 1-based among scored targets of its type; 0
	                       * when not scored */
	int64_t evaluators;   /* evaluators who answered it, every kind */
	struct survey_part all;                   /* every answer pooled */
	struct survey_part kinds[SURVEY_KINDS_];  /* each kind's answers */
	char formula[1024];   /* the combination across kinds, when
	                       * kind-weighted; else empty */
};

/* Scores every target of types[0..n_targets) from answers[0..n_answers),
 * which validation let through (values on their scales, each question
 * applying to its target's type).  An evaluator answers a target's
 * questions all or none, so the evaluators of a target are the answers to
 * its first applicable question.  out[i] for target i; ranks per type,
 * equal scores sharing a rank (1, 1, 3).  -1 for an answer that does not
 * fit (an index out of range, a value off its scale). */
int survey_score(const struct survey_def *d,
    const enum survey_target_type *types, size_t n_targets,
    const struct survey_answer *answers, size_t n_answers,
    struct survey_target_score *out);

#endif
