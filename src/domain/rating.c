/*
 * rating.c - the rules of 好差评, its rectification, the return-visit
 * sampling and the satisfaction formulas; see rating.h.  Pure; reentrant.
 */
#include "domain/rating.h"

#include <stdlib.h>
#include <string.h>

#include "domain/clock.h"
#include "domain/day.h"
#include "util/gh_err.h"
#include "util/utf8.h"

static const char *const level_labels[] = {NULL, "非常满意", "满意", "基本满意",
	"不满意", "非常不满意"};

bool rating_level_valid(int level)
{
	return level >= RATING_LEVEL_MIN && level <= RATING_LEVEL_MAX;
}

const char *rating_level_label(int level)
{
	return rating_level_valid(level) ? level_labels[level] : NULL;
}

int rating_to_provincial(int level)
{
	return rating_level_valid(level) ? 6 - level : 0;
}

int rating_from_provincial(int provincial)
{
	return rating_level_valid(provincial) ? 6 - provincial : 0;
}

bool rating_is_bad(int level)
{
	return level == RATING_DISSATISFIED || level == RATING_VERY_DISSATISFIED;
}

bool rating_is_satisfied(int level)
{
	return level >= RATING_VERY_SATISFIED && level <= RATING_BASIC;
}

static const char *const channel_names[RATING_CH_COUNT_] = {"pc", "mobile",
	"qr", "pad", "terminal", "phone", "sms"};
static const char *const channel_labels[RATING_CH_COUNT_] = {"网上办事大厅",
	"移动端", "二维码", "窗口评价器", "大厅自助终端", "电话(工作人员录入)",
	"短信链接"};

const char *rating_channel_name(int ch)
{
	return ch >= 0 && ch < RATING_CH_COUNT_ ? channel_names[ch] : NULL;
}

const char *rating_channel_label(int ch)
{
	return ch >= 0 && ch < RATING_CH_COUNT_ ? channel_labels[ch] : NULL;
}

int rating_channel_from_name(const char *name)
{
	for (int i = 0; name && i < RATING_CH_COUNT_; i++)
		if (!strcmp(channel_names[i], name))
			return i;
	return -1;
}

/* The tags the 评价器 and the rating panel offer: what went well first,
 * then what went wrong (the usual complaints of seed 002). */
const char *const rating_tags[] = {"办事效率高", "服务态度好", "一次办好",
	"指引清楚", "环境舒适", "等候时间长", "多次跑腿", "态度冷漠",
	"材料要求不清", "超时办理", "乱收费"};
const size_t rating_tag_count = sizeof rating_tags / sizeof rating_tags[0];

bool rating_tag_known(const char *tag)
{
	for (size_t i = 0; tag && i < rating_tag_count; i++)
		if (!strcmp(rating_tags[i], tag))
			return true;
	return false;
}

int rating_check_input(const char *comment, const char *const *tags,
    size_t n, size_t *idx)
{
	if (comment) {
		size_t len = strlen(comment), i = 0, chars = 0;
		uint32_t cp;

		if (!utf8_valid(comment, len))
			return RATING_INPUT_COMMENT_INVALID;
		while (i < len) {
			size_t j = utf8_next(comment, len, i, &cp);

			if (!j)
				return RATING_INPUT_COMMENT_INVALID;
			if ((cp < 0x20 && cp != '\n' && cp != '\r' && cp != '\t') ||
			    cp == 0x7F)
				return RATING_INPUT_COMMENT_INVALID;
			chars++;
			i = j;
		}
		if (chars > RATING_COMMENT_MAX)
			return RATING_INPUT_COMMENT_LONG;
	}
	if (n > RATING_TAGS_MAX)
		return RATING_INPUT_TOO_MANY_TAGS;
	for (size_t i = 0; i < n; i++) {
		if (!rating_tag_known(tags[i])) {
			*idx = i;
			return RATING_INPUT_TAG_UNKNOWN;
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(tags[i], tags[j])) {
				*idx = i;
				return RATING_INPUT_TAG_DUPLICATE;
			}
	}
	return RATING_INPUT_OK;
}

int32_t rating_last_day(int32_t from_day, int days)
{
	return from_day + (days < 0 ? 0 : days);
}

int rating_may_rate(int32_t completed_day, bool rated, int32_t today,
    int period_days)
{
	if (completed_day == DAY_NONE)
		return RATING_NOT_COMPLETED;
	if (rated)
		return RATING_ALREADY;
	if (today < completed_day)
		return RATING_TOO_EARLY;
	if (today > rating_last_day(completed_day, period_days))
		return RATING_PERIOD_OVER;
	return RATING_MAY;
}

int rating_may_follow_up(int32_t rated_day, bool rated, bool followed_up,
    bool set_aside, int32_t today, int followup_days)
{
	if (!rated)
		return RATING_NOT_RATED;
	if (followed_up)
		return RATING_ALREADY;
	if (set_aside)
		return RATING_SET_ASIDE;
	if (today < rated_day)
		return RATING_TOO_EARLY;
	if (today > rating_last_day(rated_day, followup_days))
		return RATING_PERIOD_OVER;
	return RATING_MAY;
}

/* ---- rectification --------------------------------------------------- */

static const char *const state_names[RECT_STATE_COUNT_] = {"verifying",
	"rectifying", "to_reply", "replied", "closed", "set_aside"};
static const char *const state_labels[RECT_STATE_COUNT_] = {"待核实",
	"整改中", "待答复", "已答复", "已办结", "已撤销"};
static const char *const action_names[RECT_ACTION_COUNT_] = {"verify",
	"rectify", "explain", "reply", "rate_fix", "close", "set_aside"};
static const char *const action_labels[RECT_ACTION_COUNT_] = {"核实回访",
	"整改", "说明(无法律依据)", "答复评价人", "评价整改", "办结", "撤销差评"};
static const char *const outcome_names[] = {"none", "rectified",
	"explained"};
static const char *const outcome_labels[] = {"", "已整改", "已说明"};

const char *rect_state_name(int s)
{
	return s >= 0 && s < RECT_STATE_COUNT_ ? state_names[s] : NULL;
}

const char *rect_state_label(int s)
{
	return s >= 0 && s < RECT_STATE_COUNT_ ? state_labels[s] : NULL;
}

int rect_state_from_name(const char *name)
{
	for (int i = 0; name && i < RECT_STATE_COUNT_; i++)
		if (!strcmp(state_names[i], name))
			return i;
	return -1;
}

const char *rect_action_name(int a)
{
	return a >= 0 && a < RECT_ACTION_COUNT_ ? action_names[a] : NULL;
}

const char *rect_action_label(int a)
{
	return a >= 0 && a < RECT_ACTION_COUNT_ ? action_labels[a] : NULL;
}

int rect_action_from_name(const char *name)
{
	for (int i = 0; name && i < RECT_ACTION_COUNT_; i++)
		if (!strcmp(action_names[i], name))
			return i;
	return -1;
}

const char *rect_outcome_name(int o)
{
	return o >= 0 && o <= RECT_OUT_EXPLAINED ? outcome_names[o] : NULL;
}

const char *rect_outcome_label(int o)
{
	return o >= 0 && o <= RECT_OUT_EXPLAINED ? outcome_labels[o] : NULL;
}

/* The transition table: from, action, to, who. */
static const struct {
	int from, action, to, by;
} rect_rows[] = {
	{RECT_VERIFYING, RECT_A_VERIFY, RECT_RECTIFYING, RECT_BY_DEPT},
	{RECT_RECTIFYING, RECT_A_RECTIFY, RECT_TO_REPLY, RECT_BY_DEPT},
	{RECT_RECTIFYING, RECT_A_EXPLAIN, RECT_TO_REPLY, RECT_BY_DEPT},
	{RECT_TO_REPLY, RECT_A_REPLY, RECT_REPLIED, RECT_BY_DEPT},
	{RECT_REPLIED, RECT_A_RATE_FIX, RECT_CLOSED, RECT_BY_RATER},
	{RECT_REPLIED, RECT_A_CLOSE, RECT_CLOSED, RECT_BY_DEPT |
	    RECT_BY_SUPERVISOR},
	{RECT_VERIFYING, RECT_A_SET_ASIDE, RECT_SET_ASIDE, RECT_BY_SUPERVISOR},
	{RECT_RECTIFYING, RECT_A_SET_ASIDE, RECT_SET_ASIDE, RECT_BY_SUPERVISOR},
	{RECT_TO_REPLY, RECT_A_SET_ASIDE, RECT_SET_ASIDE, RECT_BY_SUPERVISOR},
	{RECT_REPLIED, RECT_A_SET_ASIDE, RECT_SET_ASIDE, RECT_BY_SUPERVISOR},
	{RECT_CLOSED, RECT_A_SET_ASIDE, RECT_SET_ASIDE, RECT_BY_SUPERVISOR},
};

int rect_next(int state, int action, int *by)
{
	for (size_t i = 0; i < sizeof rect_rows / sizeof rect_rows[0]; i++)
		if (rect_rows[i].from == state && rect_rows[i].action == action) {
			if (by)
				*by = rect_rows[i].by;
			return rect_rows[i].to;
		}
	return -1;
}

int rect_outcome_of(int action)
{
	return action == RECT_A_RECTIFY ? RECT_OUT_RECTIFIED :
	    action == RECT_A_EXPLAIN ? RECT_OUT_EXPLAINED : RECT_OUT_NONE;
}

bool rect_open(int state)
{
	return state == RECT_VERIFYING || state == RECT_RECTIFYING;
}

int rect_due_day(const calendar *cal, int32_t opened_day, int rectify_days,
    int32_t *due_day)
{
	return calendar_add_workdays(cal, opened_day, rectify_days < 1 ? 1 :
	    rectify_days, due_day);
}

int rect_days_left(const calendar *cal, int32_t due_day, int32_t today)
{
	return calendar_count_workdays(cal, today, due_day);
}

int rect_light(const calendar *cal, int32_t due_day, int32_t done_day,
    int32_t today, int warn_days)
{
	int left;

	if (done_day != DAY_NONE)
		return LIGHT_NONE;
	left = rect_days_left(cal, due_day, today);
	if (left < 0)
		return LIGHT_RED;
	return left <= warn_days ? LIGHT_YELLOW : LIGHT_GREEN;
}

bool rect_on_time(int32_t due_day, int32_t done_day)
{
	return done_day != DAY_NONE && done_day <= due_day;
}

/* ---- sampling -------------------------------------------------------- */

int rating_sample_count(int completed, int rate_pct)
{
	int k;

	if (completed <= 0 || rate_pct <= 0)
		return 0;
	if (rate_pct > 100)
		rate_pct = 100;
	k = (int)(((long long)completed * rate_pct + 99) / 100);
	if (k < 1)
		k = 1;
	return k > completed ? completed : k;
}

/* splitmix64's finaliser */
static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

uint64_t rating_sample_key(uint64_t key, int64_t case_id, int month)
{
	return mix64(mix64(key ^ (uint64_t)case_id) + (uint64_t)(uint32_t)month *
	    0x9E3779B97F4A7C15ULL);
}

size_t rating_sample_pick(const int64_t *ids, size_t n, int month,
    int rate_pct, uint64_t key, size_t *out)
{
	size_t k = (size_t)rating_sample_count((int)n, rate_pct);

	/* selection by the sort key (ties by id): k is small */
	for (size_t m = 0; m < k; m++) {
		size_t best = n;
		uint64_t bk = 0;

		for (size_t i = 0; i < n; i++) {
			uint64_t ki = rating_sample_key(key, ids[i], month);
			bool taken = false;

			for (size_t j = 0; j < m && !taken; j++)
				taken = out[j] == i;
			if (taken)
				continue;
			if (best == n || ki < bk || (ki == bk && ids[i] < ids[best])) {
				best = i;
				bk = ki;
			}
		}
		out[m] = best;
	}
	return k;
}

/* ---- statistics ------------------------------------------------------ */

int rating_rate_bp(int num, int den)
{
	if (den <= 0)
		return -1;
	return (int)(((long long)num * 20000 + den) / (2LL * den));
}

int rating_satisfied_bp(const struct rating_tally *t)
{
	return rating_rate_bp(t->level[1] + t->level[2] + t->level[3],
	    t->ratings);
}

int rating_bad_bp(const struct rating_tally *t)
{
	return rating_rate_bp(t->level[4] + t->level[5], t->ratings);
}

int rating_rectified_bp(const struct rating_tally *t)
{
	return rating_rate_bp(t->bad_rectified, t->bad);
}

int rating_visit_bp(const struct rating_tally *t)
{
	return rating_rate_bp(t->visits_done, t->visits_due);
}

bool rect_counts_rectified(int state, int outcome)
{
	if (state == RECT_SET_ASIDE)
		return false;
	if (outcome == RECT_OUT_RECTIFIED)
		return state == RECT_TO_REPLY || state == RECT_REPLIED ||
		    state == RECT_CLOSED;
	return outcome == RECT_OUT_EXPLAINED && state == RECT_CLOSED;
}
