/*
 * pwpolicy.h - password strength, by libpwquality (Debian's, with the
 * cracklib dictionary): at least 8 characters, not a dictionary word or a
 * keyboard or digit run ("12345678", "qwertyuiop", "password123"), not
 * built on the username, not one character class repeated.
 *
 * Thread-safety: each call makes its own settings; reentrant.
 */
#ifndef GH_PWPOLICY_H
#define GH_PWPOLICY_H
#include <stddef.h>

/* 0 when password is strong enough for username (NULL: unknown), else
 * GH_EUNPROCESSABLE with a Chinese reason in why (cap bytes). */
int password_check(const char *password, const char *username, char *why,
    size_t cap);

#endif
