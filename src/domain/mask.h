/*
 * mask.h - masking of personal data for output (names, ID numbers,
 * phones).  Pure, reentrant, UTF-8 aware.
 */
#ifndef GH_MASK_H
#define GH_MASK_H
#include <stddef.h>

/* Masks a name for public output: "张三" -> "张*", "张小三" -> "张*三",
 * "欧阳小明" -> "欧**明"; works on UTF-8 code points.  Writes at most cap
 * bytes including the NUL.  Returns GH_EINVAL on invalid UTF-8. */
int mask_name(const char *name, char *out, size_t cap);
/* Masks an ID number keeping the first 6 and last 4 characters
 * ("110101********1234"); shorter inputs keep the first and last one. */
int mask_id_number(const char *id, char *out, size_t cap);
/* Masks a phone keeping the first 3 and last 4 digits ("138****5678"). */
int mask_phone(const char *phone, char *out, size_t cap);

#endif
