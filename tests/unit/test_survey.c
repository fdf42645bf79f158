/*
 * test_survey.c - unit tests of src/domain/survey.c (民主评议): the checks
 * of a questionnaire at their boundaries, answer scores on both kinds of
 * scale, rounding half away from zero, and the scores of targets (pooled
 * and weighted by evaluator kind, ranks with ties, skipped targets) with
 * the computation's text.  Single-threaded test binary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/survey.h"

/* 满意 100 / 基本满意 80 / 不满意 40 */
static void three_choices(struct survey_question *q, const char *text,
    int weight, enum survey_applies applies)
{
	memset(q, 0, sizeof *q);
	q->text = text;
	q->weight = weight;
	q->applies = applies;
	q->choices[0] = (struct survey_choice){"满意", 100};
	q->choices[1] = (struct survey_choice){"基本满意", 80};
	q->choices[2] = (struct survey_choice){"不满意", 40};
	q->n_choices = 3;
}

static void ten_points(struct survey_question *q, const char *text,
    int weight, enum survey_applies applies)
{
	memset(q, 0, sizeof *q);
	q->text = text;
	q->weight = weight;
	q->applies = applies;
	q->range = true;
	q->min = 1;
	q->max = 10;
}

static struct survey_def *base_def(void)
{
	static struct survey_def d;

	memset(&d, 0, sizeof d);
	d.title = "窗口服务及效能民主评议问卷";
	three_choices(&d.questions[0], "服务态度", 30, SURVEY_APPLIES_ALL);
	ten_points(&d.questions[1], "办事效率", 20, SURVEY_APPLIES_ALL);
	three_choices(&d.questions[2], "窗口授权到位", 50, SURVEY_APPLIES_DEPT);
	d.n_questions = 3;
	return &d;
}

static void test_survey_validate_accepts_base(void **state)
{
	char why[300], field[80];

	(void)state;
	assert_int_equal(survey_validate(base_def(), why, sizeof why, field,
	    sizeof field), 0);
}

static void test_survey_validate_refusals(void **state)
{
	static const char *fifty_one =
	    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
	    "一二三四五六七八九十一二三四五六七八九十一";
	static const struct {
		const char *what;
		int change;
		const char *field;
	} rows[] = {
		{"one-character title", 1, "title"},
		{"no questions", 2, "questions"},
		{"51 questions", 3, "questions"},
		{"weight 0", 4, "questions[1].weight"},
		{"weight 101", 5, "questions[1].weight"},
		{"one choice", 6, "questions[0].scale"},
		{"choice score 101", 7, "questions[0].scale.choices[2]"},
		{"duplicate label", 8, "questions[0].scale.choices[1]"},
		{"range min = max", 9, "questions[1].scale"},
		{"range max 101", 10, "questions[1].scale"},
		{"empty question text", 11, "questions[2].text"},
		{"kind weights all 0", 12, "kind_weights"},
		{"kind weight 101", 13, "kind_weights"},
		{"control character in a label", 14,
		    "questions[0].scale.choices[0]"},
		{"label of 21 characters", 15, "questions[0].scale.choices[0]"},
	};
	char why[300], field[80];

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct survey_def *d = base_def();

		switch (rows[i].change) {
		case 1: d->title = "评"; break;
		case 2: d->n_questions = 0; break;
		case 3: d->n_questions = 51; break;
		case 4: d->questions[1].weight = 0; break;
		case 5: d->questions[1].weight = 101; break;
		case 6: d->questions[0].n_choices = 1; break;
		case 7: d->questions[0].choices[2].score = 101; break;
		case 8: d->questions[0].choices[1].label = "满意"; break;
		case 9: d->questions[1].min = 10; break;
		case 10: d->questions[1].max = 101; break;
		case 11: d->questions[2].text = "  "; break;
		case 12: d->kind_weighted = true; break;
		case 13: d->kind_weighted = true; d->kind_weight[2] = 101; break;
		case 14: d->questions[0].choices[0].label = "满\n意"; break;
		case 15: d->questions[0].choices[0].label = fifty_one + 90; break;
		}
		if (survey_validate(d, why, sizeof why, field, sizeof field) != -1)
			fail_msg("%s: accepted", rows[i].what);
		if (strcmp(field, rows[i].field))
			fail_msg("%s: field %s (%s)", rows[i].what, field, why);
		assert_true(strlen(why) > 0);
	}
	/* 50 questions and kind weights with zeros are fine */
	{
		struct survey_def *d = base_def();

		for (size_t i = 3; i < SURVEY_QUESTIONS_MAX; i++)
			d->questions[i] = d->questions[0];
		d->n_questions = SURVEY_QUESTIONS_MAX;
		d->kind_weighted = true;
		d->kind_weight[SURVEY_CITIZEN] = 1;
		assert_int_equal(survey_validate(d, why, sizeof why, field,
		    sizeof field), 0);
	}
}

static void test_survey_round_half_away_from_zero(void **state)
{
	static const struct { int64_t n, d, want; } rows[] = {
		{5, 10, 1}, {4, 10, 0}, {15, 10, 2}, {25, 10, 3}, {-5, 10, -1},
		{-4, 10, 0}, {-15, 10, -2}, {0, 7, 0}, {10000, 3, 3333},
		{20000, 3, 6667}, {100, 8, 13}, {7, 2, 4},
	};
	char buf[24];

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (survey_div_round(rows[i].n, rows[i].d) != rows[i].want)
			fail_msg("%lld/%lld", (long long)rows[i].n,
			    (long long)rows[i].d);
	assert_string_equal(survey_cents_text(9240, buf, sizeof buf), "92.40");
	assert_string_equal(survey_cents_text(5, buf, sizeof buf), "0.05");
	assert_string_equal(survey_cents_text(10000, buf, sizeof buf), "100.00");
	assert_string_equal(survey_cents_text(-150, buf, sizeof buf), "-1.50");
}

static void test_survey_answer_scores(void **state)
{
	struct survey_def *d = base_def();
	static const struct { size_t q; int64_t value; int ok; int64_t cents; }
	rows[] = {
		{0, 0, 0, 10000}, {0, 1, 0, 8000}, {0, 2, 0, 4000}, {0, 3, -1, 0},
		{0, -1, -1, 0}, {1, 1, 0, 1000}, {1, 10, 0, 10000},
		{1, 7, 0, 7000}, {1, 0, -1, 0}, {1, 11, -1, 0},
	};
	struct survey_question third;

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int64_t c = -7;
		int rc = survey_answer_cents(&d->questions[rows[i].q],
		    rows[i].value, &c);

		assert_int_equal(rc, rows[i].ok);
		if (!rc)
			assert_int_equal(c, rows[i].cents);
	}
	/* a 0..3 scale: 1 is 33.33, 2 is 66.67 (half away from zero) */
	ten_points(&third, "x", 1, SURVEY_APPLIES_ALL);
	third.min = 0;
	third.max = 3;
	{
		int64_t c;

		assert_int_equal(survey_answer_cents(&third, 1, &c), 0);
		assert_int_equal(c, 3333);
		assert_int_equal(survey_answer_cents(&third, 2, &c), 0);
		assert_int_equal(c, 6667);
	}
}

static void test_survey_period(void **state)
{
	int y, q;

	(void)state;
	assert_int_equal(survey_period_parse("2026Q3", &y, &q), 0);
	assert_int_equal(y, 2026);
	assert_int_equal(q, 3);
	assert_int_equal(survey_period_parse("2026Q5", &y, &q), -1);
	assert_int_equal(survey_period_parse("2026Q0", &y, &q), -1);
	assert_int_equal(survey_period_parse("2026q1", &y, &q), -1);
	assert_int_equal(survey_period_parse("1999Q1", &y, &q), -1);
	assert_int_equal(survey_period_parse("26Q1", &y, &q), -1);
	assert_int_equal(survey_period_parse(NULL, &y, &q), -1);
}

static void test_survey_applies(void **state)
{
	struct survey_def *d = base_def();

	(void)state;
	assert_int_equal(survey_questions_for(d, SURVEY_TARGET_DEPT), 3);
	assert_int_equal(survey_questions_for(d, SURVEY_TARGET_WINDOW), 2);
	assert_int_equal(survey_kind_from_name("company"), SURVEY_COMPANY);
	assert_int_equal(survey_kind_from_name("boss"), -1);
	assert_string_equal(survey_kind_label(SURVEY_MEMBER), "政协委员");
	assert_int_equal(survey_applies_from_name("window"),
	    SURVEY_APPLIES_WINDOW);
	assert_int_equal(survey_applies_from_name("room"), -1);
}

/*
 * Three targets: 0 a department, 1 and 2 windows.  Evaluators:
 *   A deputy:  dept q0 满意 q1 9 q2 基本满意; window1 q0 满意 q1 8
 *   B company: dept q0 不满意 q1 6 q2 满意;  window1 q0 基本满意 q1 7
 *   C citizen: dept q0 基本满意 q1 10 q2 满意; window2 skipped
 *              window1 q0 满意 q1 8
 * Department: q0 mean (100+40+80)/3 = 73.33, q1 (90+60+100)/3 = 83.33,
 *   q2 (80+100+100)/3 = 93.33; score (73.33×30 + 83.33×20 + 93.33×50)/100
 *   = (2199.9 + 1666.6 + 4666.5)/100 = 85.33.
 * Window 1: q0 (100+80+100)/3 = 93.33, q1 (80+70+80)/3 = 76.67;
 *   (93.33×30 + 76.67×20)/50 = (2799.9 + 1533.4)/50 = 86.666 -> 86.67.
 * Window 2: no answers, not scored, unranked.
 */
static const struct survey_answer answers[] = {
	{SURVEY_DEPUTY, 0, 0, 0}, {SURVEY_DEPUTY, 0, 1, 9},
	{SURVEY_DEPUTY, 0, 2, 1}, {SURVEY_DEPUTY, 1, 0, 0},
	{SURVEY_DEPUTY, 1, 1, 8},
	{SURVEY_COMPANY, 0, 0, 2}, {SURVEY_COMPANY, 0, 1, 6},
	{SURVEY_COMPANY, 0, 2, 0}, {SURVEY_COMPANY, 1, 0, 1},
	{SURVEY_COMPANY, 1, 1, 7},
	{SURVEY_CITIZEN, 0, 0, 1}, {SURVEY_CITIZEN, 0, 1, 10},
	{SURVEY_CITIZEN, 0, 2, 0}, {SURVEY_CITIZEN, 1, 0, 0},
	{SURVEY_CITIZEN, 1, 1, 8},
};
static const enum survey_target_type types[] = {SURVEY_TARGET_DEPT,
	SURVEY_TARGET_WINDOW, SURVEY_TARGET_WINDOW};

static void test_survey_score_pooled(void **state)
{
	struct survey_target_score *out = calloc(3, sizeof *out);

	(void)state;
	assert_int_equal(survey_score(base_def(), types, 3, answers,
	    sizeof answers / sizeof answers[0], out), 0);
	assert_true(out[0].scored);
	assert_int_equal(out[0].all.q[0].mean_cents, 7333);
	assert_int_equal(out[0].all.q[1].mean_cents, 8333);
	assert_int_equal(out[0].all.q[2].mean_cents, 9333);
	assert_int_equal(out[0].cents, 8533);
	assert_int_equal(out[0].evaluators, 3);
	assert_int_equal(out[0].rank, 1);
	assert_string_equal(out[0].all.formula, "得分 = Σ(题目均分×权重)/Σ权重 = "
	    "(73.33×30 + 83.33×20 + 93.33×50)/100 = 85.33");
	assert_int_equal(out[1].all.q[0].mean_cents, 9333);
	assert_int_equal(out[1].all.q[1].mean_cents, 7667);
	assert_int_equal(out[1].cents, 8667);
	assert_int_equal(out[1].rank, 1);
	assert_false(out[2].scored);
	assert_int_equal(out[2].rank, 0);
	assert_int_equal(out[2].evaluators, 0);
	assert_string_equal(out[1].formula, "");
	/* the kinds' own parts are there too */
	assert_int_equal(out[0].kinds[SURVEY_COMPANY].evaluators, 1);
	assert_int_equal(out[0].kinds[SURVEY_COMPANY].cents,
	    (4000 * 30 + 6000 * 20 + 10000 * 50) / 100);
	assert_false(out[0].kinds[SURVEY_MEMBER].scored);
	free(out);
}

static void test_survey_score_kind_weighted(void **state)
{
	struct survey_def *d = base_def();
	struct survey_target_score *out = calloc(3, sizeof *out);

	(void)state;
	d->kind_weighted = true;
	d->kind_weight[SURVEY_DEPUTY] = 30;
	d->kind_weight[SURVEY_MEMBER] = 30;   /* no answers: left out */
	d->kind_weight[SURVEY_COMPANY] = 20;
	d->kind_weight[SURVEY_CITIZEN] = 0;   /* weighs nothing */
	assert_int_equal(survey_score(d, types, 3, answers,
	    sizeof answers / sizeof answers[0], out), 0);
	/* dept: deputy (100×30 + 90×20 + 80×50)/100 = 88.00; company
	 * (40×30 + 60×20 + 100×50)/100 = 74.00; (88×30 + 74×20)/50 = 82.40 */
	assert_int_equal(out[0].kinds[SURVEY_DEPUTY].cents, 8800);
	assert_int_equal(out[0].kinds[SURVEY_COMPANY].cents, 7400);
	assert_int_equal(out[0].cents, 8240);
	assert_string_equal(out[0].formula, "综合得分 = Σ(类别得分×类别权重)/Σ类别"
	    "权重 = (人大代表88.00×30 + 企业74.00×20)/50 = 82.40");
	/* window1: deputy (100×30 + 80×20)/50 = 92.00; company (80×30 +
	 * 70×20)/50 = 76.00; (92×30 + 76×20)/50 = 85.60 */
	assert_int_equal(out[1].cents, 8560);
	assert_false(out[2].scored);
	free(out);
}

static void test_survey_score_ranks_ties(void **state)
{
	struct survey_def *d = base_def();
	static const enum survey_target_type four[] = {SURVEY_TARGET_WINDOW,
		SURVEY_TARGET_WINDOW, SURVEY_TARGET_WINDOW, SURVEY_TARGET_DEPT};
	static const struct survey_answer a[] = {
		{SURVEY_CITIZEN, 0, 0, 1}, {SURVEY_CITIZEN, 0, 1, 8},
		{SURVEY_CITIZEN, 1, 0, 0}, {SURVEY_CITIZEN, 1, 1, 10},
		{SURVEY_CITIZEN, 2, 0, 1}, {SURVEY_CITIZEN, 2, 1, 8},
		{SURVEY_CITIZEN, 3, 0, 2}, {SURVEY_CITIZEN, 3, 1, 1},
		{SURVEY_CITIZEN, 3, 2, 2},
	};
	struct survey_target_score *out = calloc(4, sizeof *out);

	(void)state;
	assert_int_equal(survey_score(d, four, 4, a, sizeof a / sizeof a[0],
	    out), 0);
	assert_int_equal(out[1].rank, 1);
	assert_int_equal(out[0].rank, 2);
	assert_int_equal(out[2].rank, 2);
	assert_int_equal(out[0].cents, out[2].cents);
	/* the only department ranks first among departments however low */
	assert_int_equal(out[3].rank, 1);
	assert_int_equal(out[3].cents, (4000 * 30 + 1000 * 20 + 4000 * 50) /
	    100);
	free(out);
}

static void test_survey_score_refuses_misfits(void **state)
{
	struct survey_target_score *out = calloc(3, sizeof *out);
	static const struct survey_answer off_scale[] = {
		{SURVEY_DEPUTY, 0, 1, 11}};
	static const struct survey_answer wrong_type[] = {
		{SURVEY_DEPUTY, 1, 2, 0}};   /* a dept question on a window */
	static const struct survey_answer no_target[] = {
		{SURVEY_DEPUTY, 3, 0, 0}};

	(void)state;
	assert_int_equal(survey_score(base_def(), types, 3, off_scale, 1, out),
	    -1);
	assert_int_equal(survey_score(base_def(), types, 3, wrong_type, 1, out),
	    -1);
	assert_int_equal(survey_score(base_def(), types, 3, no_target, 1, out),
	    -1);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_survey_validate_accepts_base),
		cmocka_unit_test(test_survey_validate_refusals),
		cmocka_unit_test(test_survey_round_half_away_from_zero),
		cmocka_unit_test(test_survey_answer_scores),
		cmocka_unit_test(test_survey_period),
		cmocka_unit_test(test_survey_applies),
		cmocka_unit_test(test_survey_score_pooled),
		cmocka_unit_test(test_survey_score_kind_weighted),
		cmocka_unit_test(test_survey_score_ranks_ties),
		cmocka_unit_test(test_survey_score_refuses_misfits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
