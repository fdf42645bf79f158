-- 0015: extensions of a case's time limit (延长审批期限, 行政许可法 art. 42,
-- issue 11 section 5).  A reviewer or chief asks for a number of working
-- days with a reason; the chief of the case's department, not the one who
-- asked, approves or refuses it.  The approved days lengthen the limit the
-- clock counts; a case has at most one approved extension and one pending
-- request at a time.
-- status: 0 pending, 1 approved, 2 refused.

CREATE TABLE case_extensions (
  id            INTEGER PRIMARY KEY,
  case_id       INTEGER NOT NULL REFERENCES cases(id),
  days          INTEGER NOT NULL CHECK (days > 0),
  reason        TEXT NOT NULL,
  requested_by  INTEGER NOT NULL REFERENCES users(id),
  requested_day INTEGER NOT NULL,
  requested_at  INTEGER NOT NULL,
  status        INTEGER NOT NULL DEFAULT 0 CHECK (status IN (0, 1, 2)),
  decided_by    INTEGER REFERENCES users(id),
  decided_day   INTEGER,
  decided_at    INTEGER,
  decision_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_extensions_case ON case_extensions(case_id, status);
