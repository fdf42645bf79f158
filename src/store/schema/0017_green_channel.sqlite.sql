-- 0017: the green channel (绿色通道, issue 11 section 6).  Items the centre
-- puts in the channel, with their shorter promised limit, and the list of
-- key projects' applicants (重点项目), matched by ID number or 统一社会信用
-- 代码; a case records at submission whether it came in by either, why,
-- and (in cases.limit_days) the limit it got.  Version 0016 is another
-- branch's; the runner applies whatever versions it lacks, in order.
--
-- item_green is keyed by its item (WITHOUT ROWID: item_id is not a
-- number SQLite assigns); limit_days: 1..the item's promised limit, in working days
-- (the service checks the upper bound against the item).
-- key_applicants.kind: person (ID number, masked in lists) | company;
-- limit_ratio_pct: the share of an item's promised limit its cases get,
-- 1..100, NULL for priority without a shorter limit; valid_until: the
-- last day the entry counts (a day number), NULL for no end; active 0: off
-- the list, kept for the cases that name it.
-- cases.priority: 0 normal, 1 green item, 2 key applicant.

CREATE TABLE item_green (
  item_id    INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  limit_days INTEGER NOT NULL CHECK (limit_days >= 1),
  basis      TEXT NOT NULL,
  set_by     INTEGER REFERENCES users(id),
  set_at     INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE key_applicants (
  id              INTEGER PRIMARY KEY,
  id_number       TEXT NOT NULL UNIQUE,
  kind            TEXT NOT NULL CHECK (kind IN ('person', 'company')),
  name            TEXT NOT NULL,
  project         TEXT NOT NULL,
  basis           TEXT NOT NULL,
  limit_ratio_pct INTEGER CHECK (limit_ratio_pct BETWEEN 1 AND 100),
  valid_until     INTEGER,
  active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  added_by        INTEGER REFERENCES users(id),
  added_at        INTEGER NOT NULL,
  updated_by      INTEGER REFERENCES users(id),
  updated_at      INTEGER NOT NULL
);

ALTER TABLE cases ADD COLUMN priority INTEGER NOT NULL DEFAULT 0
  CHECK (priority IN (0, 1, 2));
ALTER TABLE cases ADD COLUMN priority_reason TEXT NOT NULL DEFAULT '';
