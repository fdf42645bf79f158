/*
 * setting_def.c - the table of settings and their checks; see
 * setting_def.h.
 */
#include "domain/setting_def.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/gh_err.h"
#include "util/utf8.h"

const struct setting_def setting_defs[] = {
	{"centre_name", SETTING_TEXT, "服务中心名称", "中心", 2, 60, NULL,
	    "政务服务中心"},
	{"office_hours", SETTING_TEXT, "办公时间", "中心", 0, 60, NULL,
	    "09:00-17:00"},
	{"apply_requires_real_name", SETTING_BOOL, "未实名账号不能在线申报",
	    "办事人", 0, 1, NULL, "0"},
	{"library_valid_days", SETTING_INT, "材料库中材料的默认有效天数",
	    "办事人", 1, 3650, NULL, "365"},
	{"licence_valid_years", SETTING_INT, "电子证照的默认有效年数(0为长期)",
	    "办事人", 0, 30, NULL, "5"},
	{"msg_accepted", SETTING_TEXT, "受理通知短信", "通知", 0, 300, NULL, ""},
	{"msg_rejected", SETTING_TEXT, "不予受理通知短信", "通知", 0, 300, NULL,
	    ""},
	{"msg_materials", SETTING_TEXT, "补正通知短信", "通知", 0, 300, NULL, ""},
	{"msg_decided", SETTING_TEXT, "决定通知短信", "通知", 0, 300, NULL, ""},
	{"msg_extended", SETTING_TEXT, "延长审批期限通知短信", "通知", 0, 300,
	    NULL, ""},
	{"msg_deferred", SETTING_TEXT, "容缺受理通知短信", "通知", 0, 300, NULL,
	    ""},
	{"msg_deferral_due", SETTING_TEXT, "容缺材料到期提醒短信", "通知", 0, 300,
	    NULL, ""},
	{"msg_terminated", SETTING_TEXT, "终止办理通知短信", "通知", 0, 300, NULL,
	    ""},
	{"msg_pledged", SETTING_TEXT, "告知承诺受理通知短信", "通知", 0, 300, NULL,
	    ""},
	{"msg_revoked", SETTING_TEXT, "撤销许可(承诺不实)通知短信", "通知", 0, 300,
	    NULL, ""},
	{"msg_ready", SETTING_TEXT, "办结待领取通知短信", "通知", 0, 300, NULL,
	    ""},
	{"sms_gateway_url", SETTING_URL, "短信网关地址", "通知", 0, 500, NULL, ""},
	{"sms_token", SETTING_SECRET, "短信网关令牌", "通知", 0, 500, NULL, ""},
	{"realname_verifier", SETTING_CHOICE, "实名核验方式", "实名核验", 0, 0,
	    "local|http", "local"},
	{"realname_url", SETTING_URL, "实名核验服务地址", "实名核验", 0, 500,
	    NULL, ""},
	{"realname_token", SETTING_SECRET, "实名核验服务令牌", "实名核验", 0, 500,
	    NULL, ""},
	{"warn_days", SETTING_INT, "到期前几个工作日亮黄灯", "电子监察", 0, 30,
	    NULL, "1"},
	{"deferral_remind_days", SETTING_INT, "容缺材料到期前几个工作日提醒申请人",
	    "电子监察", 0, 30, NULL, "2"},
	{"pledge_verify_days", SETTING_INT, "告知承诺事后核查期限(决定后工作日数)",
	    "电子监察", 1, 250, NULL, "20"},
	{"correction_timeout_days", SETTING_INT, "补正期限(天,逾期未补正的驳回)", "电子监察",
	    1, 180, NULL, "60"},
	/* 效能投诉 (issue 12 section 1): the step limits, working days */
	{"complaint_accept_days", SETTING_INT, "投诉受理时限(接待后工作日)", "电子监察",
	    1, 30, NULL, "5"},
	{"complaint_register_days", SETTING_INT, "投诉登记时限(受理后工作日)",
	    "电子监察", 1, 30, NULL, "1"},
	{"complaint_submit_days", SETTING_INT, "投诉呈批时限(登记后工作日)", "电子监察",
	    1, 30, NULL, "1"},
	{"complaint_assign_days", SETTING_INT, "投诉批办时限(呈批后工作日)", "电子监察",
	    1, 30, NULL, "2"},
	{"complaint_handle_days", SETTING_INT, "投诉办理时限(受理后工作日)", "电子监察",
	    1, 60, NULL, "15"},
	{"complaint_extend_max_days", SETTING_INT, "投诉办理最多延长(工作日,一次)",
	    "电子监察", 1, 30, NULL, "7"},
	{"complaint_report_days", SETTING_INT, "投诉报结时限(调查结果后工作日)",
	    "电子监察", 1, 30, NULL, "2"},
	{"complaint_archive_days", SETTING_INT, "投诉归档时限(报结后工作日)", "电子监察",
	    1, 60, NULL, "10"},
	/* Open311 GeoReport v2 (issue 12 section 3) */
	{"open311_jurisdiction", SETTING_TEXT, "Open311辖区标识(jurisdiction_id)",
	    "开放接口", 1, 100, NULL, "govhall"},
	{"open311_hourly_max", SETTING_INT, "每个Open311客户端每小时最多提交的诉求数",
	    "开放接口", 1, 100000, NULL, "120"},
};
const size_t setting_def_count = sizeof setting_defs / sizeof setting_defs[0];

const struct setting_def *setting_find(const char *key)
{
	for (size_t i = 0; i < setting_def_count; i++)
		if (!strcmp(setting_defs[i].key, key))
			return &setting_defs[i];
	return NULL;
}

int setting_check(const struct setting_def *d, const char *value, char *why,
    size_t cap)
{
	size_t len = strlen(value), n;
	long long v;
	char *end;

	if (!utf8_valid(value, len)) {
		snprintf(why, cap, "%s不是有效的UTF-8文本", d->label);
		return GH_EUNPROCESSABLE;
	}
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)value[i] < 0x20 && value[i] != '\t') {
			snprintf(why, cap, "%s不能含有控制字符", d->label);
			return GH_EUNPROCESSABLE;
		}
	switch (d->type) {
	case SETTING_TEXT:
	case SETTING_SECRET:
		n = utf8_count(value, len);
		if ((int64_t)n < d->min || (int64_t)n > d->max) {
			snprintf(why, cap, "%s应为%lld至%lld个字", d->label,
			    (long long)d->min, (long long)d->max);
			return GH_EUNPROCESSABLE;
		}
		return 0;
	case SETTING_INT:
	case SETTING_BOOL:
		errno = 0;
		v = strtoll(value, &end, 10);
		if (!len || *end || errno || v < d->min || v > d->max) {
			snprintf(why, cap, "%s应为%lld至%lld之间的整数", d->label,
			    (long long)d->min, (long long)d->max);
			return GH_EUNPROCESSABLE;
		}
		return 0;
	case SETTING_CHOICE: {
		const char *p = d->choices;

		while (p && *p) {
			size_t k = strcspn(p, "|");

			if (k == len && !strncmp(p, value, len))
				return 0;
			p += k + (p[k] == '|');
		}
		snprintf(why, cap, "%s应为%s之一", d->label, d->choices);
		return GH_EUNPROCESSABLE;
	}
	case SETTING_URL:
		if (len && (len > (size_t)d->max || (strncmp(value, "http://", 7) &&
		    strncmp(value, "https://", 8)) || strpbrk(value, " \t"))) {
			snprintf(why, cap, "%s应为http://或https://开头的地址", d->label);
			return GH_EUNPROCESSABLE;
		}
		return 0;
	default:
		snprintf(why, cap, "%s无法设置", d->label);
		return GH_EUNPROCESSABLE;
	}
}
