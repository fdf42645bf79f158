/*
 * pwpolicy.c - see pwpolicy.h.  libpwquality's own messages are English;
 * the reasons shown to staff are mapped to Chinese here.
 */
#include "util/pwpolicy.h"

#include <pwquality.h>
#include <stdio.h>

#include "util/gh_err.h"

static const char *reason(int rc)
{
	switch (rc) {
	case PWQ_ERROR_MIN_LENGTH:
		return "密码至少需要8个字符";
	case PWQ_ERROR_CRACKLIB_CHECK:
	case PWQ_ERROR_BAD_WORDS:
		return "密码过于简单(常见单词、键盘序列或简单数字),容易被猜中";
	case PWQ_ERROR_USER_CHECK:
	case PWQ_ERROR_GECOS_CHECK:
		return "密码不得包含账号名";
	case PWQ_ERROR_PALINDROME:
		return "密码不得是回文";
	case PWQ_ERROR_MAX_CONSECUTIVE:
	case PWQ_ERROR_MAX_CLASS_REPEAT:
		return "密码含有过多重复字符";
	case PWQ_ERROR_MAX_SEQUENCE:
		return "密码含有过长的连续序列(如1234、abcd)";
	case PWQ_ERROR_MIN_CLASSES:
		return "密码应包含字母、数字和符号中的至少两类";
	case PWQ_ERROR_EMPTY_PASSWORD:
		return "密码不能为空";
	default:
		return "密码强度不足,请换一个更复杂的密码";
	}
}

int password_check(const char *password, const char *username, char *why,
    size_t cap)
{
	pwquality_settings_t *s = pwquality_default_settings();
	void *aux = NULL;
	int rc;

	if (!s) {
		snprintf(why, cap, "%s", "无法检查密码强度");
		return GH_EUNPROCESSABLE;
	}
	pwquality_set_int_value(s, PWQ_SETTING_MIN_LENGTH, 8);
	pwquality_set_int_value(s, PWQ_SETTING_MAX_SEQUENCE, 4);
	pwquality_set_int_value(s, PWQ_SETTING_MAX_REPEAT, 3);
	rc = pwquality_check(s, password, NULL, username, &aux);
	pwquality_free_settings(s);
	/* aux is cracklib's own static text for dictionary failures: never
	 * freed (pwquality_strerror would read it; the reason is ours). */
	(void)aux;
	if (rc >= 0)
		return 0;
	snprintf(why, cap, "%s", reason(rc));
	return GH_EUNPROCESSABLE;
}
