/*
 * test_applicant_notify.c - the message templates' placeholders
 * (service/applicant_notify.h): filled, unknown ones kept, and a text cut
 * at its cap never ends inside a UTF-8 character.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "service/applicant_notify.h"
#include "util/utf8.h"

static const char *const names[] = {"item", "code", "reason"};
static const char *const values[] = {"食品经营许可", "AB12CD34", "材料不全"};

static void fills_known_placeholders(void **state)
{
	char out[200];

	(void)state;
	applicant_fill("“{item}”({code})不予受理:{reason}。", names, values, 3,
	    out, sizeof out);
	assert_string_equal(out, "“食品经营许可”(AB12CD34)不予受理:材料不全。");
	applicant_fill("{unknown} {code} {", names, values, 3, out, sizeof out);
	assert_string_equal(out, "{unknown} AB12CD34 {");
	applicant_fill("", names, values, 3, out, sizeof out);
	assert_string_equal(out, "");
}

static void cut_texts_stay_utf8(void **state)
{
	char out[64];

	(void)state;
	for (size_t cap = 1; cap <= sizeof out; cap++) {
		applicant_fill("办件{item}已受理,请留意短信通知。", names, values, 3,
		    out, cap);
		assert_true(strlen(out) < cap);
		assert_true(utf8_valid(out, strlen(out)));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fills_known_placeholders),
		cmocka_unit_test(cut_texts_stay_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
