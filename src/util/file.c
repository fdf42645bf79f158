/* file.c - see file.h. */
#include "util/file.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/gh_err.h"
#include "util/xalloc.h"

int file_read_all(const char *path, size_t max_bytes, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;
	int err = 0;

	if (!f)
		return GH_EIO;
	do {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap + 1);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (n > max_bytes) {
			err = GH_ETOOBIG;
			goto out;
		}
	} while (got > 0);
	if (ferror(f))
		err = GH_EIO;
out:
	fclose(f);
	if (err) {
		free(buf);
		return err;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}
