/*
 * role.h - who may do what.  Roles are bits so that an endpoint or a case
 * action can name the set of roles allowed to call it.
 * Pure, constant tables; reentrant.
 */
#ifndef GH_ROLE_H
#define GH_ROLE_H

enum role {
	ROLE_APPLICANT = 1 << 0,  /* 办事人: a person or a company */
	ROLE_CLERK = 1 << 1,      /* 窗口人员 */
	ROLE_CHIEF = 1 << 2,      /* 首席代表 */
	ROLE_REVIEWER = 1 << 3,   /* 审批人员 */
	ROLE_ADMIN = 1 << 4,      /* 中心管理员 */
	ROLE_SUPERVISOR = 1 << 5, /* 效能监察 */
	ROLE_SYSTEM = 1 << 6,     /* govhall itself: timers, recomputation */
	ROLE_AGENT = 1 << 7       /* 代办员: the centre's agent who carries a
	                           * case for its applicant (全程代办) */
};

#define ROLE_ANY_STAFF (ROLE_CLERK | ROLE_CHIEF | ROLE_REVIEWER | ROLE_ADMIN | \
    ROLE_SUPERVISOR | ROLE_AGENT)
#define ROLE_ANY_USER (ROLE_APPLICANT | ROLE_ANY_STAFF)

/* "clerk" -> ROLE_CLERK; 0 for an unknown name. */
int role_from_name(const char *name);
/* ROLE_CLERK -> "clerk"; NULL for anything but a single known bit. */
const char *role_name(int role);
/* ROLE_CLERK -> "窗口人员". */
const char *role_label(int role);

#endif
