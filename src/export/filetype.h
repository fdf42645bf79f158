/*
 * filetype.h - what an uploaded file really is, from its own bytes (never
 * its name or the Content-Type the client claimed): PDF, JPEG or PNG, and
 * whole.  libmagic (Debian's libmagic, the `file` command's library) names
 * the type; filetype_complete then checks that the file is not cut short
 * or broken in the ways a scanner, a phone or a failed upload leave it:
 * a PDF without its trailer (startxref, %%EOF), a JPEG without its end
 * marker, a PNG whose chunks do not run from IHDR to IEND.
 *
 * Thread-safety: each thread loads its own libmagic database once, on
 * first use, and keeps it; filetype_complete is pure.
 */
#ifndef GH_FILETYPE_H
#define GH_FILETYPE_H
#include <stddef.h>

enum filetype { FILETYPE_UNKNOWN = 0, FILETYPE_PDF, FILETYPE_JPEG,
	FILETYPE_PNG };

/* "application/pdf", "image/jpeg", "image/png"; NULL for UNKNOWN. */
const char *filetype_mime(enum filetype t);
/* The type whose filetype_mime is mime (UNKNOWN for any other text): the
 * answer of a stored file names its static MIME text, not the record's
 * copy. */
enum filetype filetype_from_mime(const char *mime);
/* "PDF", "JPEG", "PNG". */
const char *filetype_label(enum filetype t);

/* Identifies data: 0 with *type set for a whole PDF, JPEG or PNG;
 * GH_EMEDIA with a Chinese reason in why for any other type (its name as
 * libmagic gives it); GH_EUNPROCESSABLE for one of the three that is
 * broken; GH_EIO when libmagic cannot be loaded. */
int filetype_sniff(const void *data, size_t len, enum filetype *type,
    char *why, size_t cap);

/* The structural check alone, for a type already known: 0 or
 * GH_EUNPROCESSABLE with a reason. */
int filetype_complete(enum filetype t, const unsigned char *p, size_t len,
    char *why, size_t cap);

#endif
