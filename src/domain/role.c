/*
 * role.c - names and labels of the roles (see role.h).
 *
 * One constant table indexed by bit position; reentrant.
 */
#include "domain/role.h"

#include <stddef.h>
#include <string.h>

static const struct {
	int role;
	const char *name;
	const char *label;
} roles[] = {
	{ROLE_APPLICANT, "applicant", "办事人"},
	{ROLE_CLERK, "clerk", "窗口人员"},
	{ROLE_CHIEF, "chief", "首席代表"},
	{ROLE_REVIEWER, "reviewer", "审批人员"},
	{ROLE_ADMIN, "admin", "中心管理员"},
	{ROLE_SUPERVISOR, "supervisor", "效能监察"},
	{ROLE_SYSTEM, "system", "系统"},
	{ROLE_AGENT, "agent", "代办员"},
};

#define N_ROLES (sizeof(roles) / sizeof(roles[0]))

int role_from_name(const char *name)
{
	if (!name)
		return 0;
	for (size_t i = 0; i < N_ROLES; i++)
		if (strcmp(roles[i].name, name) == 0)
			return roles[i].role;
	return 0;
}

const char *role_name(int role)
{
	for (size_t i = 0; i < N_ROLES; i++)
		if (roles[i].role == role)
			return roles[i].name;
	return NULL;
}

/* NULL, like role_name, for anything but a single known bit. */
const char *role_label(int role)
{
	for (size_t i = 0; i < N_ROLES; i++)
		if (roles[i].role == role)
			return roles[i].label;
	return NULL;
}
