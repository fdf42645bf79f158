/*
 * fuzz_org_json.c - libFuzzer target for the organisation file's parser
 * (org_parse_json, export/org_codec.c).
 *
 * Checks on every input: a failed parse outputs nothing and leaves at
 * least one error, every message and field valid UTF-8; a successful one
 * has every reference inside its arrays and no error.  Seeds:
 * tests/fuzz/corpus-fuzz_org_json/ (a small file and the demo's).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "export/org_codec.h"
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
	struct org_file *f = NULL;
	int rc = org_parse_json((const char *)data, size, &f, &errs);

	for (size_t i = 0; i < errs.n; i++)
		check(utf8_valid(errs.v[i].message, strlen(errs.v[i].message)) &&
		    utf8_valid(errs.v[i].field, strlen(errs.v[i].field)));
	if (rc != 0) {
		check(f == NULL && errs.n > 0);
		goto out;
	}
	check(errs.n == 0 && f->n_regions > 0);
	for (size_t i = 0; i < f->n_regions; i++)
		check(f->regions[i].parent < (int)i);
	for (size_t i = 0; i < f->n_depts; i++)
		check(f->depts[i].region >= 0 &&
		    (size_t)f->depts[i].region < f->n_regions);
	for (size_t i = 0; i < f->n_windows; i++) {
		check(f->windows[i].hall >= 0 &&
		    (size_t)f->windows[i].hall < f->n_halls);
		for (size_t k = 0; k < f->windows[i].n_depts; k++)
			check((size_t)f->windows[i].depts[k] < f->n_depts);
	}
	for (size_t i = 0; i < f->n_staff; i++)
		check(f->staff[i].window < (int)f->n_windows &&
		    f->staff[i].dept < (int)f->n_depts);
	for (size_t i = 0; i < f->n_posts; i++)
		check(f->posts[i].window >= 0 && f->posts[i].a_staff >= 0 &&
		    f->posts[i].b_staff < (int)f->n_staff);
out:
	org_file_free(f);
	item_errors_clear(&errs);
	return 0;
}
