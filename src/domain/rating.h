/*
 * rating.h - the rules of 好差评 (evaluation, DOMAIN.md section 6; 国办发
 * 〔2019〕51号; issue 12 part 2): the five levels and their codes, the
 * channels, the period in which a case may be rated and followed up, the
 * comment and tags, what a 差评 is, the rectification task's states and
 * transitions, its deadline and light, the return-visit sampling rule and
 * the satisfaction statistics' formulas.
 *
 * Levels: govhall stores GB/T 39046's code (1 = 非常满意 ... 5 = 非常不满意)
 * and translates at each boundary; the provincial 好差评 interface numbers
 * them the other way round (5 = 非常满意), rating_to_provincial and
 * rating_from_provincial convert.  Levels 4 and 5 are 差评.
 *
 * Period: a completed case may be rated from its completion day up to
 * period_days natural days after it (the completion day is day 0), and
 * followed up (追评) once, up to followup_days natural days after the
 * rating day.  A rating set aside by a supervisor takes no 追评.
 *
 * Pure: no I/O.  Reentrant.
 */
#ifndef GH_RATING_H
#define GH_RATING_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/calendar.h"

enum rating_level {
	RATING_VERY_SATISFIED = 1,    /* 非常满意 */
	RATING_SATISFIED = 2,         /* 满意 */
	RATING_BASIC = 3,             /* 基本满意 */
	RATING_DISSATISFIED = 4,      /* 不满意 */
	RATING_VERY_DISSATISFIED = 5  /* 非常不满意 */
};
#define RATING_LEVEL_MIN 1
#define RATING_LEVEL_MAX 5

bool rating_level_valid(int level);
/* 非常满意 ...; NULL outside 1..5. */
const char *rating_level_label(int level);
/* GB/T 39046 code <-> the provincial interface's order (5 = 非常满意);
 * 0 outside 1..5. */
int rating_to_provincial(int level);
int rating_from_provincial(int provincial);
/* 差评: 不满意 and 非常不满意. */
bool rating_is_bad(int level);
/* 满意 in the statistics: levels 1 to 3. */
bool rating_is_satisfied(int level);

/* The channels (DOMAIN.md section 6), as stored. */
enum rating_channel {
	RATING_CH_PC = 0,     /* 网上办事大厅(电脑) */
	RATING_CH_MOBILE,     /* 移动端 */
	RATING_CH_QR,         /* 二维码 */
	RATING_CH_PAD,        /* 窗口评价器 */
	RATING_CH_TERMINAL,   /* 大厅其他终端 */
	RATING_CH_PHONE,      /* 电话(工作人员录入) */
	RATING_CH_SMS,        /* 短信链接 */
	RATING_CH_COUNT_
};
/* "pc", "mobile", "qr", "pad", "terminal", "phone", "sms" and their
 * Chinese labels; NULL outside the enum.  from_name: -1 when unknown. */
const char *rating_channel_name(int ch);
const char *rating_channel_label(int ch);
int rating_channel_from_name(const char *name);

/* Comment: at most RATING_COMMENT_MAX characters (UTF-8, no control
 * character other than line breaks).  Tags: at most RATING_TAGS_MAX, each
 * one of rating_tags[], none twice. */
#define RATING_COMMENT_MAX 500
#define RATING_TAGS_MAX 5
extern const char *const rating_tags[];
extern const size_t rating_tag_count;
bool rating_tag_known(const char *tag);

enum rating_input_fault {
	RATING_INPUT_OK = 0,
	RATING_INPUT_COMMENT_LONG,
	RATING_INPUT_COMMENT_INVALID,
	RATING_INPUT_TOO_MANY_TAGS,
	RATING_INPUT_TAG_UNKNOWN,
	RATING_INPUT_TAG_DUPLICATE
};
/* The first fault of a comment (NULL: none) and tags[0..n); *idx the
 * offending tag's index for the tag faults. */
int rating_check_input(const char *comment, const char *const *tags,
    size_t n, size_t *idx);

/* Whether a case may be rated on today, and a 追评 given. */
enum rating_refusal {
	RATING_MAY = 0,
	RATING_NOT_COMPLETED,   /* the case has not completed */
	RATING_ALREADY,         /* rated once (or 追评 given once) */
	RATING_NOT_RATED,       /* 追评 without a rating */
	RATING_SET_ASIDE,       /* 追评 on a rating set aside */
	RATING_TOO_EARLY,       /* before the completion (or rating) day */
	RATING_PERIOD_OVER      /* after the period */
};
/* completed_day DAY_NONE: not completed; rated: a rating exists. */
int rating_may_rate(int32_t completed_day, bool rated, int32_t today,
    int period_days);
int rating_may_follow_up(int32_t rated_day, bool rated, bool followed_up,
    bool set_aside, int32_t today, int followup_days);
/* The last day of each period (inclusive). */
int32_t rating_last_day(int32_t from_day, int days);

/* ---- rectification (整改) of a 差评 ---------------------------------- */

enum rect_state {
	RECT_VERIFYING = 0,  /* 待核实: the department verifies (回访) */
	RECT_RECTIFYING,     /* 整改中: verified, rectify or explain */
	RECT_TO_REPLY,       /* 待答复: rectified or explained, reply due */
	RECT_REPLIED,        /* 已答复: the rater may rate the fix */
	RECT_CLOSED,         /* 已办结 */
	RECT_SET_ASIDE,      /* 已撤销: the rating was set aside */
	RECT_STATE_COUNT_
};
enum rect_action {
	RECT_A_VERIFY = 0,   /* record the 回访 finding */
	RECT_A_RECTIFY,      /* the measures taken */
	RECT_A_EXPLAIN,      /* no legal basis: the reason */
	RECT_A_REPLY,        /* the reply to the rater (sent to them) */
	RECT_A_RATE_FIX,     /* the rater rates the fix: closes */
	RECT_A_CLOSE,        /* closed without the rater's rating */
	RECT_A_SET_ASIDE,    /* the supervisor set the rating aside */
	RECT_ACTION_COUNT_
};
enum rect_outcome {
	RECT_OUT_NONE = 0,
	RECT_OUT_RECTIFIED,  /* 已整改 */
	RECT_OUT_EXPLAINED   /* 已说明(无法律依据) */
};
/* "verifying", ...; "verify", ...; labels; NULL outside the enums;
 * from_name -1 when unknown. */
const char *rect_state_name(int s);
const char *rect_state_label(int s);
int rect_state_from_name(const char *name);
const char *rect_action_name(int a);
const char *rect_action_label(int a);
int rect_action_from_name(const char *name);
const char *rect_outcome_name(int o);
const char *rect_outcome_label(int o);

/* Who acts: the department (its chief or reviewer), the rater, a
 * supervisor. */
enum rect_actor { RECT_BY_DEPT = 1, RECT_BY_RATER = 2, RECT_BY_SUPERVISOR = 4 };
/* The state after action from state, or -1 when the action is not open
 * there; *by gets the enum rect_actor bits that may take it. */
int rect_next(int state, int action, int *by);
/* The outcome an action records (RECT_OUT_NONE for the others). */
int rect_outcome_of(int action);
/* Whether the task still runs (its clock counts). */
bool rect_open(int state);

/* Due: the rectify_days-th working day after the day the task opened
 * (at least 1).  GH_EINVAL when it leaves the calendar. */
int rect_due_day(const calendar *cal, int32_t opened_day, int rectify_days,
    int32_t *due_day);
/* Working days left on today (negative: overdue by that many working
 * days), and the light: red from the first working day past the due day,
 * yellow at warn_days or fewer left, green otherwise; done_day (the day
 * it was rectified or explained, DAY_NONE while not) gives LIGHT_NONE. */
int rect_days_left(const calendar *cal, int32_t due_day, int32_t today);
int rect_light(const calendar *cal, int32_t due_day, int32_t done_day,
    int32_t today, int warn_days);
/* Whether the task met its deadline: done on or before the due day. */
bool rect_on_time(int32_t due_day, int32_t done_day);

/* ---- return visits (回访) sampling ----------------------------------- */

/* How many of a window's completed cases of a month are visited: rate_pct
 * percent rounded up, at least 1 when it completed any, never more than
 * completed; 0 for none.  rate_pct is clamped to 0..100 (0: none). */
int rating_sample_count(int completed, int rate_pct);
/* The sort key of a case for the month (yyyymm): a keyed 64-bit mix of
 * key, case id and month, so that a re-run draws the same cases and a
 * clerk cannot guess which of theirs will be called. */
uint64_t rating_sample_key(uint64_t key, int64_t case_id, int month);
/* Picks rating_sample_count(n, rate_pct) of ids[0..n) (distinct), the
 * lowest sort keys first; writes their indexes to out (cap >= n) in that
 * order and returns how many. */
size_t rating_sample_pick(const int64_t *ids, size_t n, int month,
    int rate_pct, uint64_t key, size_t *out);

/* ---- satisfaction statistics ---------------------------------------- */

struct rating_tally {
	int ratings;        /* ratings not set aside */
	int level[6];       /* [1..5]: count per level, not set aside */
	int bad;            /* 差评 not set aside */
	int bad_rectified;  /* of those: task rectified (any later state) or
	                       explained and closed */
	int visits_due;     /* return visits due (done or not) */
	int visits_done;
};
/* 满意率 = levels 1-3 / ratings; 差评率 = 4-5 / ratings; 差评整改率 =
 * bad_rectified / bad; 回访率 = visits_done / visits_due.  Each in basis
 * points (1/10000, rounded half up), -1 when the denominator is 0. */
int rating_rate_bp(int num, int den);
int rating_satisfied_bp(const struct rating_tally *t);
int rating_bad_bp(const struct rating_tally *t);
int rating_rectified_bp(const struct rating_tally *t);
int rating_visit_bp(const struct rating_tally *t);
/* Whether a task counts as rectified in 差评整改率. */
bool rect_counts_rectified(int state, int outcome);

#endif
