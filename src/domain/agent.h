/*
 * agent.h - the rules of 全程代办 (issue 11 section 4): an agent (代办员, the
 * staff role ROLE_AGENT) carries a case for its applicant on the
 * applicant's recorded authorisation (授权委托书).  Who may assign or end an
 * agent, whether a case can still take one, and what a recorded
 * authorisation must be; the service (service/agents.c) asks these and
 * keeps the rows.
 *
 * Pure: no I/O.  Reentrant.
 */
#ifndef GH_AGENT_H
#define GH_AGENT_H
#include <stdbool.h>
#include <stddef.h>

/* The authorisation is 4 to 500 characters, after trimming spaces. */
#define AGENT_AUTH_MIN_CHARS 4
#define AGENT_AUTH_MAX_CHARS 500

enum agent_auth_verdict {
	AGENT_AUTH_OK = 0,
	AGENT_AUTH_MISSING,   /* NULL, empty or only spaces */
	AGENT_AUTH_SHORT,     /* fewer than AGENT_AUTH_MIN_CHARS */
	AGENT_AUTH_LONG,      /* more than AGENT_AUTH_MAX_CHARS */
	AGENT_AUTH_INVALID    /* not UTF-8, or a control character */
};
/* Checks an authorisation's text of len bytes (s may be NULL). */
enum agent_auth_verdict agent_auth_check(const char *s, size_t len);

/* Whether a user of role (one enum role bit) may assign or end a case's
 * agent at all: the applicant (for their own case) and the window (clerk,
 * chief); the data scope is the caller's to check. */
bool agent_may_assign(int role);

/* Whether a case in state (enum case_state) can take an agent: while it
 * runs, and once completed (to collect its result); not once rejected or
 * withdrawn. */
bool agent_case_open_to_agent(int state);

#endif
