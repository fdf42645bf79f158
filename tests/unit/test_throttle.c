/*
 * test_throttle.c - the login throttling rule (src/domain/throttle.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/throttle.h"

static void test_throttle_delay_doubles_after_the_free_failures(void **state)
{
	static const struct { int key; int64_t failures, delay; } rows[] = {
		{THROTTLE_PAIR, 0, 0}, {THROTTLE_PAIR, 3, 0},
		{THROTTLE_PAIR, 4, 2}, {THROTTLE_PAIR, 5, 4},
		{THROTTLE_PAIR, 6, 8}, {THROTTLE_PAIR, 12, 512},
		{THROTTLE_PAIR, 13, 900}, {THROTTLE_PAIR, 1000000, 900},
		{THROTTLE_ADDR, 30, 0}, {THROTTLE_ADDR, 31, 2},
		{THROTTLE_ADDR, 35, 32}, {THROTTLE_ADDR, 36, 60},
		{THROTTLE_ADDR, 1000, 60},
		{THROTTLE_ACCOUNT, 10, 0}, {THROTTLE_ACCOUNT, 11, 1},
		{THROTTLE_ACCOUNT, 15, 16}, {THROTTLE_ACCOUNT, 16, 30},
		{THROTTLE_ACCOUNT, INT64_MAX, 30},
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		assert_int_equal(throttle_delay_s(&throttle_rules[rows[i].key],
		    rows[i].failures), rows[i].delay);
}

static void test_throttle_an_account_is_never_delayed_long(void **state)
{
	(void)state;
	/* however many failures, the real user waits half a minute at worst */
	for (int64_t f = 0; f < 100000; f += 7)
		assert_true(throttle_delay_s(&throttle_rules[THROTTLE_ACCOUNT],
		    f) <= 30);
}

static void test_throttle_audits_powers_of_ten(void **state)
{
	int n = 0;

	(void)state;
	assert_false(throttle_audits(0));
	assert_true(throttle_audits(1));
	assert_false(throttle_audits(2));
	assert_true(throttle_audits(10));
	assert_false(throttle_audits(11));
	assert_true(throttle_audits(1000));
	assert_false(throttle_audits(1001));
	for (int64_t f = 1; f <= 100000; f++)
		n += throttle_audits(f);
	assert_int_equal(n, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_throttle_delay_doubles_after_the_free_failures),
		cmocka_unit_test(test_throttle_an_account_is_never_delayed_long),
		cmocka_unit_test(test_throttle_audits_powers_of_ten),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
