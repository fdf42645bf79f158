/*
 * agent.c - the rules of 全程代办; see agent.h.  Pure; reentrant.
 */
#include "domain/agent.h"

#include <stdint.h>

#include "domain/case_fsm.h"
#include "domain/role.h"
#include "util/utf8.h"

enum agent_auth_verdict agent_auth_check(const char *s, size_t len)
{
	size_t b = 0, e = len, n = 0, i;
	uint32_t cp;

	if (!s)
		return AGENT_AUTH_MISSING;
	if (!utf8_valid(s, len))
		return AGENT_AUTH_INVALID;
	/* trim ASCII spaces and the ideographic space U+3000 both ends */
	for (;;) {
		if (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' ||
		    s[b] == '\n'))
			b++;
		else if (e - b >= 3 && (unsigned char)s[b] == 0xE3 &&
		    (unsigned char)s[b + 1] == 0x80 && (unsigned char)s[b + 2] == 0x80)
			b += 3;
		else
			break;
	}
	for (;;) {
		if (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' ||
		    s[e - 1] == '\r' || s[e - 1] == '\n'))
			e--;
		else if (e - b >= 3 && (unsigned char)s[e - 3] == 0xE3 &&
		    (unsigned char)s[e - 2] == 0x80 && (unsigned char)s[e - 1] == 0x80)
			e -= 3;
		else
			break;
	}
	if (b == e)
		return AGENT_AUTH_MISSING;
	for (i = b; i < e; n++) {
		size_t j = utf8_next(s, e, i, &cp);

		if (!j)
			return AGENT_AUTH_INVALID;
		/* a line break inside is allowed; other controls are not */
		if ((cp < 0x20 && cp != '\n' && cp != '\r' && cp != '\t') ||
		    cp == 0x7F)
			return AGENT_AUTH_INVALID;
		i = j;
	}
	if (n < AGENT_AUTH_MIN_CHARS)
		return AGENT_AUTH_SHORT;
	if (n > AGENT_AUTH_MAX_CHARS)
		return AGENT_AUTH_LONG;
	return AGENT_AUTH_OK;
}

bool agent_may_assign(int role)
{
	return role == ROLE_APPLICANT || role == ROLE_CLERK || role == ROLE_CHIEF;
}

bool agent_case_open_to_agent(int state)
{
	return state >= 0 && state < CS_COUNT_ && state != CS_REJECTED &&
	    state != CS_WITHDRAWN;
}
