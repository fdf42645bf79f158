/*
 * file.h - whole-file reads for the command line.  Reentrant.
 */
#ifndef GH_FILE_H
#define GH_FILE_H
#include <stddef.h>

/* Reads path into a new NUL-terminated buffer (free with free()).
 * GH_EIO when it cannot be read, GH_ETOOBIG past max_bytes. */
int file_read_all(const char *path, size_t max_bytes, char **out, size_t *len);

#endif
