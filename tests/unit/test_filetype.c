/*
 * test_filetype.c - file types read from the bytes (export/filetype.h):
 * whole PDF, JPEG and PNG files pass; other types, and the three cut
 * short, are refused with their own error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "export/filetype.h"
#include "util/gh_err.h"

static const char pdf_text[] = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n"
    "xref\n0 1\ntrailer<</Size 1/Root 1 0 R>>\nstartxref\n9\n%%EOF\n";

static const unsigned char jpeg_bytes[] = {
	0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01, 0x01,
	0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xDB, 0x00, 0x03, 0x00,
	0xFF, 0xD9,
};

/* signature, IHDR (1x1, 8-bit RGB), IDAT, IEND; CRCs as PNG has them */
static const unsigned char png_bytes[] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n',
	0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0,
	0x90, 0x77, 0x53, 0xDE,
	0, 0, 0, 12, 'I', 'D', 'A', 'T', 0x08, 0xD7, 0x63, 0xF8, 0xCF, 0xC0, 0x00,
	0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xDD, 0x8D, 0xB0,
	0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82,
};

static int sniff(const void *p, size_t n, enum filetype *t)
{
	char why[200];

	return filetype_sniff(p, n, t, why, sizeof why);
}

static void whole_files_pass(void **state)
{
	enum filetype t = FILETYPE_UNKNOWN;

	(void)state;
	assert_int_equal(sniff(pdf_text, strlen(pdf_text), &t), 0);
	assert_int_equal(t, FILETYPE_PDF);
	assert_string_equal(filetype_mime(t), "application/pdf");
	assert_int_equal(sniff(jpeg_bytes, sizeof jpeg_bytes, &t), 0);
	assert_int_equal(t, FILETYPE_JPEG);
	assert_int_equal(sniff(png_bytes, sizeof png_bytes, &t), 0);
	assert_int_equal(t, FILETYPE_PNG);
	assert_string_equal(filetype_mime(t), "image/png");
}

static void other_types_are_media_errors(void **state)
{
	static const char *const others[] = {
		"just some text that claims to be a PDF\n",
		"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
		"<html><body>hello</body></html>\n",
		"PK\x03\x04\x14\x00\x00\x00\x08\x00",
	};
	enum filetype t = FILETYPE_UNKNOWN;

	(void)state;
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
		assert_int_equal(sniff(others[i], strlen(others[i]), &t), GH_EMEDIA);
	assert_int_equal(sniff("", 0, &t), GH_EMEDIA);
	assert_int_equal(t, FILETYPE_UNKNOWN);
}

static void cut_files_are_broken(void **state)
{
	enum filetype t = FILETYPE_UNKNOWN;
	char why[200];

	(void)state;
	/* without the trailer, the end marker, the IEND chunk */
	assert_int_equal(sniff(pdf_text, strlen(pdf_text) - 20, &t),
	    GH_EUNPROCESSABLE);
	assert_int_equal(sniff(jpeg_bytes, sizeof jpeg_bytes - 2, &t),
	    GH_EUNPROCESSABLE);
	assert_int_equal(sniff(png_bytes, sizeof png_bytes - 12, &t),
	    GH_EUNPROCESSABLE);
	/* a chunk length running past the end */
	unsigned char bad[sizeof png_bytes];
	memcpy(bad, png_bytes, sizeof bad);
	bad[33 + 3] = 0xFF;
	assert_int_equal(filetype_complete(FILETYPE_PNG, bad, sizeof bad, why,
	    sizeof why), GH_EUNPROCESSABLE);
	assert_true(strlen(why) > 0);
	assert_int_equal(t, FILETYPE_UNKNOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_files_pass),
		cmocka_unit_test(other_types_are_media_errors),
		cmocka_unit_test(cut_files_are_broken),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
