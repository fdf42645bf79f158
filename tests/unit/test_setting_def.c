/*
 * test_setting_def.c - the settings table (domain/setting_def.h): every
 * default passes its own check, and each type refuses what it must.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/setting_def.h"
#include "util/gh_err.h"

static int check(const char *key, const char *value)
{
	char why[200];
	const struct setting_def *d = setting_find(key);

	assert_non_null(d);
	return setting_check(d, value, why, sizeof why);
}

static void defaults_are_valid(void **state)
{
	char why[200];

	(void)state;
	for (size_t i = 0; i < setting_def_count; i++) {
		const struct setting_def *d = &setting_defs[i];

		assert_int_equal(setting_check(d, d->dflt, why, sizeof why), 0);
		assert_ptr_equal(setting_find(d->key), d);
	}
	assert_null(setting_find("audit_key_id"));
	assert_null(setting_find(""));
}

static void each_type_refuses(void **state)
{
	static const struct {
		const char *key, *value;
		int want;
	} cases[] = {
		{"library_valid_days", "365", 0},
		{"library_valid_days", "0", GH_EUNPROCESSABLE},
		{"library_valid_days", "3651", GH_EUNPROCESSABLE},
		{"library_valid_days", "12x", GH_EUNPROCESSABLE},
		{"library_valid_days", "", GH_EUNPROCESSABLE},
		{"apply_requires_real_name", "1", 0},
		{"apply_requires_real_name", "2", GH_EUNPROCESSABLE},
		{"realname_verifier", "http", 0},
		{"realname_verifier", "htt", GH_EUNPROCESSABLE},
		{"realname_verifier", "http|local", GH_EUNPROCESSABLE},
		{"realname_url", "", 0},
		{"realname_url", "https://id.example.gov.cn/verify", 0},
		{"realname_url", "ftp://x", GH_EUNPROCESSABLE},
		{"realname_url", "https://a b", GH_EUNPROCESSABLE},
		{"centre_name", "灵川县政务服务中心", 0},
		{"centre_name", "中", GH_EUNPROCESSABLE},
		{"msg_ready", "第一行\n第二行", GH_EUNPROCESSABLE},
		{"msg_ready", "\xff\xfe", GH_EUNPROCESSABLE},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(check(cases[i].key, cases[i].value), cases[i].want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_are_valid),
		cmocka_unit_test(each_type_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
