/*
 * fsfail.c - an LD_PRELOAD shim for the durability tests (issue 8): once
 * the file named by $GH_FSFAIL_TRIGGER exists, fsync and fdatasync of any
 * file whose name ends in "-wal" fail with EIO.  Every other call goes to
 * libc.  Test-only; never linked into govhall.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int is_wal(int fd)
{
	char link[64], path[4096];
	ssize_t n;
	const char *trigger = getenv("GH_FSFAIL_TRIGGER");

	if (!trigger || access(trigger, F_OK) != 0)
		return 0;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof path - 1);
	if (n < 4)
		return 0;
	path[n] = '\0';
	return strcmp(path + n - 4, "-wal") == 0;
}

int fsync(int fd)
{
	static int (*real)(int);

	if (is_wal(fd)) {
		errno = EIO;
		return -1;
	}
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "fsync");
	return real(fd);
}

int fdatasync(int fd)
{
	static int (*real)(int);

	if (is_wal(fd)) {
		errno = EIO;
		return -1;
	}
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "fdatasync");
	return real(fd);
}
