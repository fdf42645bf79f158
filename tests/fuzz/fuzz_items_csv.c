/*
 * fuzz_items_csv.c - libFuzzer target for the catalogue's CSV importer
 * (items_parse_csv) and, through it, the CSV reader of src/util/csv.c.
 *
 * Beyond "no crash, no leak, no undefined behaviour", it checks two
 * properties on every input: a failed parse outputs nothing and leaves
 * only valid UTF-8 messages; a successful parse survives
 * items_format_csv -> items_parse_csv unchanged (and the JSON pair too).
 *
 * Build (clang's libFuzzer, from the repository root):
 *   clang -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined \
 *     -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc \
 *     tests/fuzz/fuzz_items_csv.c src/export/item_codec.c src/domain/item.c \
 *     src/domain/role.c src/util/csv.c src/util/utf8.c src/util/xalloc.c \
 *     src/util/gh_err.c -ljansson -o fuzz_items_csv
 *   ./fuzz_items_csv -max_len=65536 corpus_csv/ tests/fixtures
 * (seed the corpus with tests/fixtures/items_good.csv).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/item.h"
#include "export/item_codec.h"
#include "util/utf8.h"

static void check(int ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct item_errors errs = {0};
	struct item *items = NULL, *back = NULL;
	size_t n = 0, nb = 0, len = 0;
	char *text = NULL;
	int rc;

	rc = items_parse_csv((const char *)data, size, &items, &n, &errs);
	for (size_t i = 0; i < errs.n; i++)
		check(utf8_valid(errs.v[i].message, strlen(errs.v[i].message)) &&
		    utf8_valid(errs.v[i].field, strlen(errs.v[i].field)));
	if (rc != 0) {
		check(items == NULL && n == 0 && errs.n > 0);
		goto out;
	}
	check(errs.n == 0 && n > 0);
	text = items_format_csv(items, n, &len);
	check(items_parse_csv(text, len, &back, &nb, &errs) == 0 && nb == n);
	for (size_t i = 0; i < n; i++)
		check(item_equal(&items[i], &back[i]));
	items_free(back, nb);
	back = NULL;
	free(text);
	text = items_format_json(items, n, &len);
	check(items_parse_json(text, len, &back, &nb, &errs) == 0 && nb == n);
	for (size_t i = 0; i < n; i++)
		check(item_equal(&items[i], &back[i]));
out:
	free(text);
	items_free(back, nb);
	items_free(items, n);
	item_errors_clear(&errs);
	return 0;
}
