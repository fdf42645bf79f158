/*
 * matter.h - joint matters (并联审批 / 主题事项, issue 11 section 1;
 * DOMAIN.md section 7): items of several departments applied for at once,
 * with one form and one set of materials, the lead department (牵头) and
 * the co-departments (协办) reviewing at the same time, and only the
 * prerequisites a law requires (前置) ordering them.
 *
 * The rules here need no database: a matter's validity against its
 * resolved items, the one form and the one material list made of the
 * items' own (each fact asked once), the critical path of the items'
 * limits (the days a joint case needs: the longest chain of prerequisites
 * and their items, not the sum), which sub-cases may start, which are
 * blocked by a refused prerequisite, and when a co-department's silence
 * counts as consent (超时默认同意).
 *
 * Ownership: every char * and array in a struct matter is owned by it and
 * released by matter_clear.  Pure: no I/O.  Reentrant.
 */
#ifndef GH_MATTER_H
#define GH_MATTER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/form.h"
#include "domain/item.h"

/* One prerequisite: item_code may start only once requires_code was
 * approved; basis names the law that requires it. */
struct matter_prereq {
	char *item_code, *requires_code, *basis;
};

struct matter {
	char *code;              /* 1..24 of [0-9A-Za-z._-], like an item's */
	char *name;              /* 1..200 code points */
	char *lead_dept_code;    /* the lead department (牵头) */
	char *description;       /* what the applicant gets, "" if none */
	char **item_codes;       /* in order, 2..MATTER_MAX_ITEMS, unique */
	size_t n_items;
	struct matter_prereq *prereqs;
	size_t n_prereqs;
	int promised_limit_days; /* the joint case's own limit */
	int legal_limit_days;    /* <= MATTER_LEGAL_MAX */
	bool deemed_consent;     /* silence of a co-department is consent */
	bool retired;
};

#define MATTER_MAX_ITEMS 20
/* 许可法 art. 42: joint or centralised handling within 45 working days
 * (+15 with approval, which is an extension, not a limit). */
#define MATTER_LEGAL_MAX 45

/* Checks m against its items, resolved by the caller in m's order
 * (items[i] is m->item_codes[i]; NULL when the code is unknown) and the
 * department code of each.  Every violation goes to errs with a field
 * path ("item_codes[2]", "prereqs[0].basis"); returns their number.
 * Rules: code and name as an item's; 2..MATTER_MAX_ITEMS items, unique,
 * known, not retired, of at least two departments, one of them the lead;
 * each prerequisite between two of its items, not itself, once, with a
 * basis, and no cycle; 1 <= promised <= legal <= MATTER_LEGAL_MAX and
 * the promised limit no shorter than the critical path of the items'
 * promised limits; the one form and material list can be made
 * (matter_union_form). */
int matter_validate(const struct matter *m, const struct item *const *items,
    struct item_errors *errs);

/* The index in m->item_codes of code, or -1. */
int matter_item_index(const struct matter *m, const char *code);

/* Whether item a must wait for item b (a prerequisite edge a <- b). */
bool matter_requires(const struct matter *m, size_t a, size_t b);

/* The critical path: with each item taking limits[i] working days once
 * its prerequisites are done, the days until the last is done.  -1 when
 * the prerequisites form a cycle (or name unknown items). */
int matter_critical_days(const struct matter *m, const int *limits);

/* The state of each item's sub-case, as the readiness rules see it. */
enum matter_sub {
	MS_WAITING = 0,   /* not started (its prerequisites were not done) */
	MS_RUNNING,       /* accepted, under review or paused */
	MS_APPROVED,      /* decided to approve, or completed so */
	MS_REFUSED,       /* denied, not accepted, ended, withdrawn */
};

/* Whether item i may start now: it waits, and every prerequisite was
 * approved. */
bool matter_ready(const struct matter *m, const int *sub, size_t i);
/* Whether item i can never start: a prerequisite was refused. */
bool matter_blocked(const struct matter *m, const int *sub, size_t i);
/* Whether every sub-case has its decision (approved or refused). */
bool matter_all_decided(const struct matter *m, const int *sub);

/* 超时默认同意: a co-department's running sub-case whose deadline passed
 * (today after due_day) counts as approved when the matter says so; the
 * lead department's own never does. */
bool matter_deemed_due(bool deemed_consent, bool lead_dept, int sub,
    int32_t due_day, int32_t today);

/* The one material list (一套材料): every material of the items, each
 * name once; a material is a 主件 and required if any item has it so,
 * copies the most any item asks, deferrable only if every item lets it
 * defer; out[i].note names nothing new (the first item's note).  *out
 * owns copies of the strings (free with matter_materials_free). */
void matter_union_materials(const struct item *const *items, size_t n,
    struct item_material **out, size_t *n_out);
void matter_materials_free(struct item_material *v, size_t n);

/* The one form (一表制): the items' sections in order, a section title
 * met again adding to the first; a field key met again is the same fact
 * and is asked once (required if any item requires it).  GH_EUNPROCESSABLE
 * with why filled when two items define one key with different types, or
 * the union passes FORM_MAX_FIELDS; *out is then empty. */
int matter_union_form(const struct item *const *items, size_t n,
    struct form *out, char *why, size_t cap);

void matter_clear(struct matter *m);

#endif
