-- 0021: 效能投诉 (issue 12 section 1; the rules are domain/complaint.c).
-- A complaint keeps its channel and the text as it was written; its state
-- (enum complaint_state: 0 received .. 7 archived) and the day each step
-- began, from which the step limits and lights are computed on the
-- working-day clock.  The complainant is an account (user_id) or an
-- anonymous contact; contact_* are shown only to the complaint desk and
-- to the complainant (and to the department complained about once
-- disclose_identity is given).  Every step is a complaint_event; return
-- visits and the complainant's rating have their own rows (the rating
-- keyed by its complaint, WITHOUT ROWID: not a number SQLite assigns).  A 督办单 may
-- now be about a complaint (supervision_notices.complaint_id).

CREATE TABLE complaints (
  id                INTEGER PRIMARY KEY,
  query_code        TEXT NOT NULL UNIQUE,
  channel           INTEGER NOT NULL,
  source            TEXT NOT NULL DEFAULT '',
  title             TEXT NOT NULL,
  content           TEXT NOT NULL,
  user_id           INTEGER REFERENCES users(id),
  contact_name      TEXT NOT NULL DEFAULT '',
  contact_phone     TEXT NOT NULL DEFAULT '',
  contact_email     TEXT NOT NULL DEFAULT '',
  address           TEXT NOT NULL DEFAULT '',
  disclose_identity INTEGER NOT NULL DEFAULT 0,
  entered_by        INTEGER REFERENCES users(id),
  state             INTEGER NOT NULL DEFAULT 0,
  category          INTEGER NOT NULL DEFAULT 0,
  dept_id           INTEGER REFERENCES departments(id),
  window_id         INTEGER REFERENCES windows(id),
  person_id         INTEGER REFERENCES users(id),
  case_id           INTEGER REFERENCES cases(id),
  leader_id         INTEGER REFERENCES users(id),
  handling_dept_id  INTEGER REFERENCES departments(id),
  received_day      INTEGER NOT NULL,
  accepted_day      INTEGER,
  registered_day    INTEGER,
  submitted_day     INTEGER,
  handling_day      INTEGER,
  handled_day       INTEGER,
  reported_day      INTEGER,
  archived_day      INTEGER,
  extension_days    INTEGER NOT NULL DEFAULT 0,
  extension_reason  TEXT NOT NULL DEFAULT '',
  reopen_count      INTEGER NOT NULL DEFAULT 0,
  findings          TEXT NOT NULL DEFAULT '',
  valid             INTEGER,
  substantiated     INTEGER,
  measures          TEXT NOT NULL DEFAULT '',
  result            TEXT NOT NULL DEFAULT '',
  reject_reason     TEXT NOT NULL DEFAULT '',
  result_answer     INTEGER NOT NULL DEFAULT 0,
  settled_on_time   INTEGER,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX complaints_state ON complaints(state);
CREATE INDEX complaints_received ON complaints(received_day);
CREATE INDEX complaints_user ON complaints(user_id);
CREATE INDEX complaints_dept ON complaints(dept_id);
CREATE INDEX complaints_handling_dept ON complaints(handling_dept_id);

CREATE TABLE complaint_events (
  id           INTEGER PRIMARY KEY,
  complaint_id INTEGER NOT NULL REFERENCES complaints(id),
  at           INTEGER NOT NULL,
  day          INTEGER NOT NULL,
  actor_id     INTEGER REFERENCES users(id),
  actor_name   TEXT NOT NULL,
  role         INTEGER NOT NULL,
  action       TEXT NOT NULL,
  from_state   INTEGER NOT NULL,
  to_state     INTEGER NOT NULL,
  note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX complaint_events_complaint ON complaint_events(complaint_id, id);

CREATE TABLE complaint_visits (
  id           INTEGER PRIMARY KEY,
  complaint_id INTEGER NOT NULL REFERENCES complaints(id),
  visited_by   INTEGER NOT NULL REFERENCES users(id),
  day          INTEGER NOT NULL,
  at           INTEGER NOT NULL,
  reached      INTEGER NOT NULL,
  satisfied    INTEGER,
  answers      TEXT NOT NULL DEFAULT '{}',
  comment      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX complaint_visits_complaint ON complaint_visits(complaint_id);

CREATE TABLE complaint_ratings (
  complaint_id INTEGER PRIMARY KEY REFERENCES complaints(id),
  level        INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  comment      TEXT NOT NULL DEFAULT '',
  at           INTEGER NOT NULL
) WITHOUT ROWID;

ALTER TABLE supervision_notices ADD COLUMN complaint_id INTEGER
  REFERENCES complaints(id);
ALTER TABLE supervision_notices ADD COLUMN complaint_step INTEGER;
CREATE UNIQUE INDEX supervision_notices_complaint_step ON
  supervision_notices(complaint_id, complaint_step)
  WHERE complaint_id IS NOT NULL;
