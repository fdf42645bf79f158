/*
 * embed_ui.c - a build-time tool: writes the built web UI (web/dist) into a
 * C source file, so that the govhall binary serves it with no file beside
 * it.  Usage: embed_ui DIST_DIR OUT.c
 *
 * The output defines http_ui_files[] (src/http/http.h): one entry per
 * regular file under DIST_DIR, sorted by relative path in strcmp order (the
 * server looks paths up by binary search), each with its bytes, the bytes
 * of FILE.gz when the build wrote one beside it (web/scripts/compress.mjs),
 * and an ETag that is a hash of the content (FNV-1a, 64 bits: stable from
 * one build to the next, unlike a modification time).  Each file's bytes
 * are written once: FILE.gz is also an entry of its own (as --static DIR
 * would serve it), whose array FILE's entry points at.  Without
 * DIST_DIR/index.html (a build without npm) the table is empty and the
 * server says that the UI was not built.
 *
 * Bytes are written as string literals (printable ASCII as is, the rest as
 * three-digit octal escapes): gcc compiles 2.7 MB of them in a fraction of
 * a second, where a {0x.., ...} list of the same bytes takes seconds.
 *
 * The output is written to OUT.c.tmp and renamed, so that an interrupted
 * build never leaves half a table.  Exit status 0, or 1 with a message.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct entry {
	char *rel;             /* path under the dist directory */
	unsigned char *data;
	size_t len;
	long gz_of;            /* this is FILE.gz of entry gz_of, or -1 */
	long gz;               /* the entry holding this file's FILE.gz, or -1 */
};

static struct entry *entries;
static size_t n_entries, cap_entries;

static void *xrealloc_or_die(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q) {
		fputs("embed_ui: out of memory\n", stderr);
		exit(1);
	}
	return q;
}

static char *join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = xrealloc_or_die(NULL, la + lb + 2);

	memcpy(s, a, la);
	s[la] = '/';
	memcpy(s + la + 1, b, lb + 1);
	return s;
}

static int read_file(const char *path, unsigned char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (!f)
		return -1;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc_or_die(buf, cap);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	*data = buf;
	*len = n;
	return 0;
}

/* Adds every regular file under root/rel (rel "" for the top). */
static int walk(const char *root, const char *rel)
{
	char *dir = *rel ? join(root, rel) : strdup(root);
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *de;
	int rc = 0;

	if (!d) {
		fprintf(stderr, "embed_ui: cannot read %s: %s\n", dir ? dir : root,
		    strerror(errno));
		free(dir);
		return -1;
	}
	while (!rc && (de = readdir(d))) {
		char *sub, *full;
		struct stat sb;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		sub = *rel ? join(rel, de->d_name) : strdup(de->d_name);
		full = sub ? join(root, sub) : NULL;
		if (!sub || !full || stat(full, &sb)) {
			fprintf(stderr, "embed_ui: cannot stat %s\n",
			    full ? full : de->d_name);
			rc = -1;
		} else if (S_ISDIR(sb.st_mode)) {
			rc = walk(root, sub);
		} else if (S_ISREG(sb.st_mode)) {
			struct entry *e;

			if (n_entries == cap_entries) {
				cap_entries = cap_entries ? cap_entries * 2 : 64;
				entries = xrealloc_or_die(entries,
				    cap_entries * sizeof *entries);
			}
			e = &entries[n_entries];
			memset(e, 0, sizeof *e);
			e->gz_of = e->gz = -1;
			if (read_file(full, &e->data, &e->len)) {
				fprintf(stderr, "embed_ui: cannot read %s: %s\n",
				    full, strerror(errno));
				rc = -1;
			} else {
				e->rel = sub;
				sub = NULL;
				n_entries++;
			}
		}
		free(sub);
		free(full);
	}
	closedir(d);
	free(dir);
	return rc;
}

static int by_rel(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->rel,
	    ((const struct entry *)b)->rel);
}

static long find(const char *rel, size_t len)
{
	size_t lo = 0, hi = n_entries;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(entries[mid].rel, rel, len);

		if (!c && entries[mid].rel[len])
			c = 1;
		if (!c)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3u;
	}
	return h;
}

/* Writes bytes as C string literal text, 76 source columns at most a line. */
static void put_literal(FILE *out, const unsigned char *p, size_t n)
{
	size_t col = 0;

	fputc('"', out);
	for (size_t i = 0; i < n; i++) {
		unsigned c = p[i];

		/* '?' escaped: ISO C modes honour trigraphs such as ??/ */
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?') {
			fputc((int)c, out);
			col++;
		} else {
			fprintf(out, "\\%03o", c);
			col += 4;
		}
		if (col >= 72 && i + 1 < n) {
			fputs("\"\n\t\"", out);
			col = 0;
		}
	}
	fputs("\"", out);
}

static void free_entries(void)
{
	for (size_t i = 0; i < n_entries; i++) {
		free(entries[i].rel);
		free(entries[i].data);
	}
	free(entries);
}

static int write_table(FILE *out, const char *dist)
{
	fprintf(out, "/* generated by scripts/embed_ui.c from %s - do not edit */\n"
	    "#include \"http/http.h\"\n\n", dist);
	for (size_t i = 0; i < n_entries; i++) {
		fprintf(out, "static const unsigned char f%zu[%zu] =\n\t", i,
		    entries[i].len + 1);
		put_literal(out, entries[i].data, entries[i].len);
		fputs(";\n", out);
	}
	fputs("\nconst struct http_ui_file http_ui_files[] = {\n", out);
	for (size_t i = 0; i < n_entries; i++) {
		const struct entry *e = &entries[i];

		fputs("\t{", out);
		put_literal(out, (const unsigned char *)e->rel, strlen(e->rel));
		fprintf(out, ", f%zu, %zu, ", i, e->len);
		if (e->gz >= 0 && e->gz_of < 0)
			fprintf(out, "f%ld, %zu, ", e->gz, entries[e->gz].len);
		else
			fputs("NULL, 0, ", out);
		fprintf(out, "\"\\\"%016llx\\\"\"},\n",
		    (unsigned long long)fnv1a(e->data, e->len));
	}
	if (!n_entries)
		fputs("\t{NULL, NULL, 0, NULL, 0, NULL},  /* no web/dist */\n", out);
	fprintf(out, "};\nconst size_t http_ui_file_count = %zu;\n", n_entries);
	return ferror(out) ? -1 : 0;
}

int main(int argc, char **argv)
{
	char tmp[4096], *index;
	struct stat sb;
	FILE *out;
	int rc = 1, werr;

	if (argc != 3) {
		fputs("usage: embed_ui DIST_DIR OUT.c\n", stderr);
		return 2;
	}
	if (snprintf(tmp, sizeof tmp, "%s.tmp", argv[2]) >= (int)sizeof tmp)
		return 1;
	index = join(argv[1], "index.html");
	if (stat(index, &sb) == 0 && S_ISREG(sb.st_mode)) {
		if (walk(argv[1], ""))
			goto out;
	} else {
		printf("embed_ui: %s missing: the web UI is not embedded"
		    " (make web builds it)\n", index);
	}
	if (n_entries)
		qsort(entries, n_entries, sizeof *entries, by_rel);
	/* pair FILE.gz with FILE */
	for (size_t i = 0; i < n_entries; i++) {
		size_t n = strlen(entries[i].rel);
		long parent;

		if (n > 3 && !strcmp(entries[i].rel + n - 3, ".gz") &&
		    (parent = find(entries[i].rel, n - 3)) >= 0) {
			entries[i].gz_of = parent;
			entries[parent].gz = (long)i;
		}
	}
	if (!(out = fopen(tmp, "w"))) {
		fprintf(stderr, "embed_ui: cannot write %s: %s\n", tmp,
		    strerror(errno));
		goto out;
	}
	werr = write_table(out, argv[1]);
	if (fclose(out) != 0 || werr) {
		fprintf(stderr, "embed_ui: cannot write %s\n", tmp);
		remove(tmp);
		goto out;
	}
	if (rename(tmp, argv[2])) {
		fprintf(stderr, "embed_ui: cannot rename %s: %s\n", tmp,
		    strerror(errno));
		remove(tmp);
		goto out;
	}
	rc = 0;
out:
	free(index);
	free_entries();
	return rc;
}
