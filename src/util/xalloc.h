/*
 * xalloc.h - allocation that never returns NULL.  As in Redis, running out
 * of memory aborts with a message instead of spreading half-handled paths
 * through the code.  Thread-safe (wraps malloc).
 */
#ifndef GH_XALLOC_H
#define GH_XALLOC_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
