/*
 * test_audit_keys.c - unit tests of src/store/audit_keys.c: the keyed MAC
 * binds the key, the position (id), the previous MAC and every field; the
 * checkpoint signature covers every signed field; checkpoint lines round
 * trip and malformed lines are refused; the key file is created 0600, is
 * loaded back to the same keys and is refused when others can read it.
 * Single-threaded test binary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "store/audit_keys.h"
#include "util/gh_err.h"

static struct audit_keys keys_a, keys_b;
static char dir[] = "/tmp/gh-audit-keys-XXXXXX";

static int setup(void **state)
{
	char path[256];

	(void)state;
	if (sodium_init() < 0 || !mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/a.keys", dir);
	if (audit_keys_create(path, 1, &keys_a))
		return -1;
	snprintf(path, sizeof path, "%s/b.keys", dir);
	return audit_keys_create(path, 7, &keys_b) ? -1 : 0;
}

static int teardown(void **state)
{
	char path[256];

	(void)state;
	snprintf(path, sizeof path, "%s/a.keys", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/b.keys", dir);
	unlink(path);
	rmdir(dir);
	return 0;
}

static const struct audit_fields base = {
	.id = 42, .at = 1796000000, .actor_id = 3, .role = 2,
	.actor_name = "张三", .action = "case.action", .object_type = "case",
	.object_id = "17", .before = "{\"state\":\"submitted\"}",
	.after = "{\"state\":\"accepted\"}", .addr = "127.0.0.1",
};

/* Table: each row changes one thing; the MAC must change with it. */
static void test_mac_binds_everything(void **state)
{
	char want[AUDIT_MAC_HEX], got[AUDIT_MAC_HEX];
	struct audit_fields f;

	(void)state;
	audit_mac(&keys_a, "prev", &base, want);
	assert_int_equal(strlen(want), 64);
	audit_mac(&keys_a, "prev", &base, got);
	assert_string_equal(want, got);
	audit_mac(&keys_b, "prev", &base, got);
	assert_string_not_equal(want, got);
	audit_mac(&keys_a, "prev2", &base, got);
	assert_string_not_equal(want, got);
	for (int i = 0; i < 11; i++) {
		f = base;
		switch (i) {
		case 0: f.id = 43; break;
		case 1: f.at++; break;
		case 2: f.actor_id = 4; break;
		case 3: f.role = 16; break;
		case 4: f.actor_name = "李四"; break;
		case 5: f.action = "case.apply"; break;
		case 6: f.object_type = "item"; break;
		case 7: f.object_id = "18"; break;
		case 8: f.before = "null"; break;
		case 9: f.after = "{\"state\":\"rejected\"}"; break;
		case 10: f.addr = "127.0.0.2"; break;
		}
		audit_mac(&keys_a, "prev", &f, got);
		assert_string_not_equal(want, got);
	}
	/* field boundaries are not ambiguous */
	f = base;
	f.object_type = "cas";
	f.object_id = "e17";
	audit_mac(&keys_a, "prev", &f, got);
	assert_string_not_equal(want, got);
}

static void test_checkpoint_signature(void **state)
{
	struct audit_checkpoint c = {.count = 100, .last_id = 100, .at = 5},
	    d;

	(void)state;
	snprintf(c.head_mac, sizeof c.head_mac, "%064d", 7);
	audit_checkpoint_sign(&keys_a, &c);
	assert_true(audit_checkpoint_valid(keys_a.sign_pk, &c));
	assert_false(audit_checkpoint_valid(keys_b.sign_pk, &c));
	for (int i = 0; i < 5; i++) {
		d = c;
		switch (i) {
		case 0: d.count--; break;
		case 1: d.last_id--; break;
		case 2: d.at++; break;
		case 3: d.head_mac[0] = '1'; break;
		case 4: d.signature[0] = d.signature[0] == 'a' ? 'b' : 'a'; break;
		}
		assert_false(audit_checkpoint_valid(keys_a.sign_pk, &d));
	}
	d = c;
	d.signature[10] = 0;
	assert_false(audit_checkpoint_valid(keys_a.sign_pk, &d));
}

static void test_checkpoint_line(void **state)
{
	struct audit_checkpoint c = {.count = 3, .last_id = 9, .at = 11}, d;
	static const char *const bad[] = {
		"", "{", "[]", "{\"count\":1}",
		"{\"count\":\"1\",\"last_id\":1,\"head_mac\":\"x\",\"at\":1,"
		"\"signature\":\"y\"}",
		"{\"count\":1,\"count\":1,\"last_id\":1,\"head_mac\":\"x\","
		"\"at\":1,\"signature\":\"y\"}",
	};
	char line[512];

	(void)state;
	snprintf(c.head_mac, sizeof c.head_mac, "%064d", 1);
	audit_checkpoint_sign(&keys_a, &c);
	audit_checkpoint_format(&c, line, sizeof line);
	assert_int_equal(audit_checkpoint_parse(line, &d), 0);
	assert_int_equal(d.count, 3);
	assert_int_equal(d.last_id, 9);
	assert_int_equal(d.at, 11);
	assert_string_equal(d.head_mac, c.head_mac);
	assert_true(audit_checkpoint_valid(keys_a.sign_pk, &d));
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(audit_checkpoint_parse(bad[i], &d), GH_EINVAL);
}

static void test_key_file(void **state)
{
	struct audit_keys k;
	char path[256];
	struct stat sb;

	(void)state;
	snprintf(path, sizeof path, "%s/a.keys", dir);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(audit_keys_load(path, &k), 0);
	assert_memory_equal(k.mac, keys_a.mac, sizeof k.mac);
	assert_memory_equal(k.sign_pk, keys_a.sign_pk, sizeof k.sign_pk);
	assert_string_equal(k.key_id, keys_a.key_id);
	assert_int_equal(k.first_keyed_id, 1);
	assert_string_not_equal(keys_a.key_id, keys_b.key_id);
	assert_int_equal(audit_keys_create(path, 1, &k), GH_ECONFLICT);
	chmod(path, 0640);
	assert_int_equal(audit_keys_load(path, &k), GH_EINVAL);
	chmod(path, 0600);
	snprintf(path, sizeof path, "%s/none.keys", dir);
	assert_int_equal(audit_keys_load(path, &k), GH_ENOTFOUND);
	assert_int_equal(audit_default_path("/srv/gh.db", ".keys", path,
	    sizeof path), 0);
	assert_string_equal(path, "/srv/gh.db.keys");
	assert_int_equal(audit_default_path("postgresql://h/gh", ".keys", path,
	    sizeof path), GH_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mac_binds_everything),
		cmocka_unit_test(test_checkpoint_signature),
		cmocka_unit_test(test_checkpoint_line),
		cmocka_unit_test(test_key_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
