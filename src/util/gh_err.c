/*
 * gh_err.c - the table behind gh_err.h.  Messages are shown to citizens and
 * staff as they are, so they are plain Simplified Chinese sentences.
 */
#include "util/gh_err.h"

static const struct gh_err_info err_table[GH_ERR_COUNT_] = {
	[0] = {200, "ok", "成功"},
	[1] = {400, "bad_request", "请求参数有误"},
	[2] = {400, "malformed_json", "请求内容不是合法的JSON"},
	[3] = {400, "invalid_utf8", "请求内容不是合法的UTF-8编码"},
	[4] = {401, "unauthorized", "请先登录"},
	[5] = {403, "forbidden", "无权执行此操作"},
	[6] = {404, "not_found", "请求的对象不存在"},
	[7] = {409, "conflict", "当前状态不允许执行此操作"},
	[8] = {413, "payload_too_large", "请求内容超过1MiB上限"},
	[9] = {422, "validation_failed", "数据校验未通过"},
	[10] = {405, "method_not_allowed", "不支持该请求方法"},
	[11] = {403, "csrf_failed", "缺少或错误的CSRF令牌,请刷新页面后重试"},
	[12] = {503, "busy", "系统繁忙,请稍后重试"},
	[13] = {500, "store_error", "数据存储出错,请联系管理员"},
	[14] = {500, "out_of_memory", "内存不足"},
	[15] = {500, "schema_too_new", "数据库版本高于本程序,请升级govhall"},
	[16] = {500, "io_error", "文件读写出错"},
	[17] = {429, "too_many_attempts", "尝试次数过多,请稍后再试"},
	[18] = {415, "unsupported_media_type", "请求内容类型应为application/json"},
	[19] = {503, "database_unavailable", "数据库暂时无法连接,请稍后重试"},
	[20] = {503, "outcome_unknown",
	    "数据库连接中断,本次提交是否成功无法确认,请先查询办理结果再决定是否重试"},
};

const struct gh_err_info *gh_err_info(int err)
{
	int idx = -err;

	if (idx < 0 || idx >= GH_ERR_COUNT_)
		idx = -GH_ESTORE;
	return &err_table[idx];
}
