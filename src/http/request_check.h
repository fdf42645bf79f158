/*
 * request_check.h - checks of a request's target and headers before any
 * handler sees them.
 *
 * libmicrohttpd percent-decodes the path and the query arguments into C
 * strings: a %00 silently cuts a value short and %FF reaches handlers as a
 * byte that is not UTF-8.  So the router checks the raw target as it came
 * on the wire (MHD's URI log callback hands it over) and refuses a
 * request whose decoded path, parameter names or values are not strict
 * UTF-8, hold a control character (NUL included), carry a malformed
 * percent escape, or are longer than the caps below.  Handlers then only
 * ever see valid, bounded text.
 *
 * Pure functions over caller-owned bytes; reentrant; no allocation.
 */
#ifndef GH_REQUEST_CHECK_H
#define GH_REQUEST_CHECK_H
#include <stdbool.h>
#include <stddef.h>

#define HTTP_TARGET_MAX 8192   /* the raw request target, bytes */
#define HTTP_PATH_MAX 2048     /* the decoded path, bytes */
#define HTTP_QVALUE_MAX 2048   /* one decoded query name or value, bytes */
#define HTTP_QARGS_MAX 64      /* query arguments in one request */

/* Checks the raw request target (path and optional ?query).  Returns 0, or
 * GH_EINVAL with a Chinese reason in why (cap bytes, always terminated). */
int http_check_target(const char *raw, size_t len, char *why, size_t cap);

/* Checks one header: name and value with their lengths as received (an
 * embedded NUL makes value_len > strlen(value)).  Refuses NUL and control
 * characters other than horizontal tab.  Returns 0 or GH_EINVAL. */
int http_check_header(const char *name, size_t name_len, const char *value,
    size_t value_len, char *why, size_t cap);

#endif
