/*
 * audit_keys.c - key file, keyed MAC, checkpoint signatures and the
 * checkpoint file (see audit_keys.h for the formats and the contract).
 * The process-wide keys are written once by main before any thread starts
 * and only read afterwards, so they need no lock.
 */
#include "store/audit_keys.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/gh_err.h"
#include "util/log.h"

static struct audit_keys current_keys;
static bool have_keys;
static char current_cp_path[4096];

int audit_default_path(const char *db, const char *suffix, char *out,
    size_t cap)
{
	if (strstr(db, "://"))
		return GH_EINVAL;
	if ((size_t)snprintf(out, cap, "%s%s", db, suffix) >= cap)
		return GH_EINVAL;
	return 0;
}

static void key_id_of(struct audit_keys *k)
{
	unsigned char h[16];

	crypto_generichash(h, sizeof h, k->mac, sizeof k->mac,
	    (const unsigned char *)"govhall-audit-key-id", 20);
	sodium_bin2hex(k->key_id, sizeof k->key_id, h, sizeof h);
}

int audit_keys_create(const char *path, int64_t first_keyed_id,
    struct audit_keys *out)
{
	struct audit_keys k = {.first_keyed_id = first_keyed_id};
	char mac_hex[65], seed_hex[65], buf[256];
	unsigned char seed[32];
	int fd, n, err = 0;

	randombytes_buf(k.mac, sizeof k.mac);
	randombytes_buf(seed, sizeof seed);
	crypto_sign_seed_keypair(k.sign_pk, k.sign_sk, seed);
	sodium_bin2hex(mac_hex, sizeof mac_hex, k.mac, sizeof k.mac);
	sodium_bin2hex(seed_hex, sizeof seed_hex, seed, sizeof seed);
	n = snprintf(buf, sizeof buf, "govhall-audit-keys 1\nmac %s\nsign %s\n"
	    "first-keyed-id %lld\n", mac_hex, seed_hex,
	    (long long)first_keyed_id);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EEXIST ? GH_ECONFLICT : GH_EIO;
	if (write(fd, buf, (size_t)n) != n || fsync(fd))
		err = GH_EIO;
	close(fd);
	sodium_memzero(buf, sizeof buf);
	sodium_memzero(seed, sizeof seed);
	sodium_memzero(seed_hex, sizeof seed_hex);
	if (err) {
		unlink(path);
		return err;
	}
	key_id_of(&k);
	*out = k;
	return 0;
}

int audit_keys_load(const char *path, struct audit_keys *out)
{
	struct audit_keys k = {0};
	char buf[512], mac_hex[80], seed_hex[80];
	unsigned char seed[32];
	long long first;
	struct stat sb;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? GH_ENOTFOUND : GH_EIO;
	if (fstat(fd, &sb) || (sb.st_mode & 077)) {
		close(fd);
		log_error("%s: key file must be mode 0600", path);
		return GH_EINVAL;
	}
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return GH_EINVAL;
	buf[n] = 0;
	if (sscanf(buf, "govhall-audit-keys 1\nmac %79s\nsign %79s\n"
	    "first-keyed-id %lld", mac_hex, seed_hex, &first) != 3 ||
	    first < 1 ||
	    sodium_hex2bin(k.mac, sizeof k.mac, mac_hex, strlen(mac_hex), NULL,
	    NULL, NULL) || strlen(mac_hex) != 64 ||
	    sodium_hex2bin(seed, sizeof seed, seed_hex, strlen(seed_hex), NULL,
	    NULL, NULL) || strlen(seed_hex) != 64) {
		sodium_memzero(buf, sizeof buf);
		return GH_EINVAL;
	}
	crypto_sign_seed_keypair(k.sign_pk, k.sign_sk, seed);
	k.first_keyed_id = first;
	key_id_of(&k);
	sodium_memzero(buf, sizeof buf);
	sodium_memzero(seed, sizeof seed);
	*out = k;
	return 0;
}

void audit_mac(const struct audit_keys *k, const char *prev,
    const struct audit_fields *f, char out[AUDIT_MAC_HEX])
{
	crypto_generichash_state h;
	unsigned char md[32];
	char num[96];

	crypto_generichash_init(&h, k->mac, sizeof k->mac, sizeof md);
#define FEED(str) do { const char *s_ = (str) ? (str) : ""; \
	crypto_generichash_update(&h, (const unsigned char *)s_, strlen(s_) + 1); \
	} while (0)
	FEED("govhall-audit-v2");
	snprintf(num, sizeof num, "%lld|%lld|%lld|%d", (long long)f->id,
	    (long long)f->at, (long long)f->actor_id, f->role);
	crypto_generichash_update(&h, (const unsigned char *)num,
	    strlen(num) + 1);
	FEED(prev);
	FEED(f->actor_name);
	FEED(f->action);
	FEED(f->object_type);
	FEED(f->object_id);
	FEED(f->before);
	FEED(f->after);
	FEED(f->addr);
#undef FEED
	crypto_generichash_final(&h, md, sizeof md);
	sodium_bin2hex(out, AUDIT_MAC_HEX, md, sizeof md);
}

static int checkpoint_message(const struct audit_checkpoint *c, char *out,
    size_t cap)
{
	return snprintf(out, cap, "govhall-audit-checkpoint 1|%lld|%lld|%s|%lld",
	    (long long)c->count, (long long)c->last_id, c->head_mac,
	    (long long)c->at);
}

void audit_checkpoint_sign(const struct audit_keys *k,
    struct audit_checkpoint *c)
{
	unsigned char sig[crypto_sign_BYTES];
	char msg[256];
	int n = checkpoint_message(c, msg, sizeof msg);

	crypto_sign_detached(sig, NULL, (const unsigned char *)msg,
	    (unsigned long long)n, k->sign_sk);
	sodium_bin2hex(c->signature, sizeof c->signature, sig, sizeof sig);
}

bool audit_checkpoint_valid(const unsigned char pk[32],
    const struct audit_checkpoint *c)
{
	unsigned char sig[crypto_sign_BYTES];
	char msg[256];
	int n = checkpoint_message(c, msg, sizeof msg);

	if (strlen(c->signature) != 2 * sizeof sig ||
	    sodium_hex2bin(sig, sizeof sig, c->signature, strlen(c->signature),
	    NULL, NULL, NULL))
		return false;
	return crypto_sign_verify_detached(sig, (const unsigned char *)msg,
	    (unsigned long long)n, pk) == 0;
}

void audit_checkpoint_format(const struct audit_checkpoint *c, char *out,
    size_t cap)
{
	snprintf(out, cap, "{\"count\":%lld,\"last_id\":%lld,\"head_mac\":\"%s\","
	    "\"at\":%lld,\"signature\":\"%s\"}", (long long)c->count,
	    (long long)c->last_id, c->head_mac, (long long)c->at, c->signature);
}

int audit_checkpoint_parse(const char *line, struct audit_checkpoint *out)
{
	struct audit_checkpoint c = {0};
	json_t *j = json_loads(line, JSON_REJECT_DUPLICATES, NULL);
	json_t *count, *last, *mac, *at, *sig;
	int err = GH_EINVAL;

	if (!j)
		return GH_EINVAL;
	count = json_object_get(j, "count");
	last = json_object_get(j, "last_id");
	mac = json_object_get(j, "head_mac");
	at = json_object_get(j, "at");
	sig = json_object_get(j, "signature");
	if (json_is_integer(count) && json_is_integer(last) &&
	    json_is_string(mac) && json_is_integer(at) && json_is_string(sig) &&
	    json_string_length(mac) < sizeof c.head_mac &&
	    json_string_length(sig) < sizeof c.signature) {
		c.count = json_integer_value(count);
		c.last_id = json_integer_value(last);
		c.at = json_integer_value(at);
		snprintf(c.head_mac, sizeof c.head_mac, "%s", json_string_value(mac));
		snprintf(c.signature, sizeof c.signature, "%s",
		    json_string_value(sig));
		*out = c;
		err = 0;
	}
	json_decref(j);
	return err;
}

int audit_checkpoint_append_file(const char *path,
    const struct audit_checkpoint *c)
{
	char line[512];
	size_t n;
	int fd, err = 0;

	audit_checkpoint_format(c, line, sizeof line - 1);
	n = strlen(line);
	line[n++] = '\n';
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return GH_EIO;
	if (write(fd, line, n) != (ssize_t)n || fsync(fd))
		err = GH_EIO;
	close(fd);
	return err;
}

void audit_keys_use(const struct audit_keys *k, const char *checkpoint_path)
{
	have_keys = k != NULL;
	if (k)
		current_keys = *k;
	snprintf(current_cp_path, sizeof current_cp_path, "%s",
	    checkpoint_path ? checkpoint_path : "");
}

const struct audit_keys *audit_keys_current(void)
{
	return have_keys ? &current_keys : NULL;
}

const char *audit_checkpoint_path(void)
{
	return current_cp_path[0] ? current_cp_path : NULL;
}
