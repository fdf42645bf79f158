-- 0018: joint matters (并联审批, issue 11 section 1; DOMAIN.md section 7).
-- A joint matter (主题事项) combines items of several departments: the
-- lead department (牵头) receives one application with one form and one
-- set of materials, the co-departments (协办) review at the same time.
-- matter_items lists its items in order; matter_prereqs the items that
-- must be decided before another may start (前置), each with the law that
-- requires it.  deemed_consent: a co-department that does not decide
-- within its limit is taken as agreeing (超时默认同意).
--
-- A joint case is a row of cases (joint_kind 1) under the matter's lead
-- item, with the matter's own limits; each item's sub-case is a row of
-- cases (joint_kind 2) whose parent_id is the joint case.  joint_needs
-- are the co-departments' requests for materials, which the lead gathers
-- into one combined notice on the joint case (status 0 open, 1 sent).

CREATE TABLE matters (
  id                  INTEGER PRIMARY KEY,
  code                TEXT NOT NULL UNIQUE,
  name                TEXT NOT NULL,
  lead_dept_id        INTEGER NOT NULL REFERENCES departments(id),
  description         TEXT NOT NULL DEFAULT '',
  promised_limit_days INTEGER NOT NULL,
  legal_limit_days    INTEGER NOT NULL,
  deemed_consent      INTEGER NOT NULL DEFAULT 1,
  retired             INTEGER NOT NULL DEFAULT 0,
  updated_at          INTEGER NOT NULL
);

CREATE TABLE matter_items (
  matter_id INTEGER NOT NULL REFERENCES matters(id),
  idx       INTEGER NOT NULL,
  item_id   INTEGER NOT NULL REFERENCES items(id),
  PRIMARY KEY (matter_id, idx),
  UNIQUE (matter_id, item_id)
);

CREATE TABLE matter_prereqs (
  matter_id   INTEGER NOT NULL REFERENCES matters(id),
  item_id     INTEGER NOT NULL REFERENCES items(id),
  requires_id INTEGER NOT NULL REFERENCES items(id),
  basis       TEXT NOT NULL,
  PRIMARY KEY (matter_id, item_id, requires_id)
);

ALTER TABLE cases ADD COLUMN joint_kind INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN parent_id INTEGER REFERENCES cases(id);
ALTER TABLE cases ADD COLUMN matter_id INTEGER REFERENCES matters(id);
CREATE INDEX cases_parent ON cases(parent_id);

CREATE TABLE joint_needs (
  id           INTEGER PRIMARY KEY,
  joint_id     INTEGER NOT NULL REFERENCES cases(id),
  sub_case_id  INTEGER NOT NULL REFERENCES cases(id),
  materials    TEXT NOT NULL,
  note         TEXT NOT NULL DEFAULT '',
  requested_by INTEGER NOT NULL REFERENCES users(id),
  day          INTEGER NOT NULL,
  status       INTEGER NOT NULL DEFAULT 0 CHECK (status IN (0, 1)),
  notice_day   INTEGER
);
CREATE INDEX joint_needs_joint ON joint_needs(joint_id, status);
