-- 0001: the spine.  Organisation, catalogue, calendar, cases, sessions, audit.
-- Days are integer day numbers (days since 1970-01-01); times are Unix
-- seconds (UTC); money is integer fen.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO settings(key, value) VALUES ('calendar_version', '1'), ('warn_days', '1'),
  ('centre_name', '政务服务中心'), ('office_hours', '09:00-17:00');

CREATE TABLE regions (
  id        INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES regions(id),
  code      TEXT NOT NULL UNIQUE,
  name      TEXT NOT NULL,
  level     INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4)
);

CREATE TABLE departments (
  id         INTEGER PRIMARY KEY,
  region_id  INTEGER NOT NULL REFERENCES regions(id),
  code       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  short_name TEXT NOT NULL
);

CREATE TABLE halls (
  id        INTEGER PRIMARY KEY,
  region_id INTEGER NOT NULL UNIQUE REFERENCES regions(id),
  name      TEXT NOT NULL,
  address   TEXT NOT NULL DEFAULT '',
  hours     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE windows (
  id      INTEGER PRIMARY KEY,
  hall_id INTEGER NOT NULL REFERENCES halls(id),
  no      TEXT NOT NULL,
  name    TEXT NOT NULL,
  type    INTEGER NOT NULL CHECK (type BETWEEN 1 AND 4), -- 独立 综合 银行 预约
  UNIQUE (hall_id, no)
);

CREATE TABLE window_depts (
  window_id INTEGER NOT NULL REFERENCES windows(id),
  dept_id   INTEGER NOT NULL REFERENCES departments(id),
  PRIMARY KEY (window_id, dept_id)
);
CREATE INDEX window_depts_dept ON window_depts(dept_id);

-- Everyone who logs in: applicants and staff.
CREATE TABLE users (
  id          INTEGER PRIMARY KEY,
  username    TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  role        INTEGER NOT NULL,           -- enum role bit
  kind        TEXT NOT NULL DEFAULT '',   -- applicants: person | company
  id_number   TEXT NOT NULL DEFAULT '',
  phone       TEXT NOT NULL DEFAULT '',
  dept_id     INTEGER REFERENCES departments(id),
  window_id   INTEGER REFERENCES windows(id),
  post        TEXT NOT NULL DEFAULT '',   -- A | B | ''
  pw_hash     TEXT NOT NULL,
  active      INTEGER NOT NULL DEFAULT 1,
  created_at  INTEGER NOT NULL
);
CREATE INDEX users_window ON users(window_id);
CREATE INDEX users_dept ON users(dept_id);

CREATE TABLE window_posts (
  id         INTEGER PRIMARY KEY,
  window_id  INTEGER NOT NULL REFERENCES windows(id),
  name       TEXT NOT NULL,
  a_user_id  INTEGER NOT NULL REFERENCES users(id),
  b_user_id  INTEGER REFERENCES users(id)
);

CREATE TABLE sessions (
  token_hash BLOB PRIMARY KEY,            -- BLAKE2b of the token; the token is never stored
  user_id    INTEGER NOT NULL REFERENCES users(id),
  csrf       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE items (
  id                  INTEGER PRIMARY KEY,
  code                TEXT NOT NULL UNIQUE,
  name                TEXT NOT NULL,
  type                INTEGER NOT NULL,
  dept_id             INTEGER NOT NULL REFERENCES departments(id),
  level               INTEGER NOT NULL,
  basis               TEXT NOT NULL,
  conditions          TEXT NOT NULL,
  legal_limit_days    INTEGER NOT NULL,
  promised_limit_days INTEGER NOT NULL,
  instant             INTEGER NOT NULL,
  result_name         TEXT NOT NULL,
  in_hall             INTEGER NOT NULL,
  online_depth        INTEGER NOT NULL,
  visits              INTEGER NOT NULL,
  complaint_channel   TEXT NOT NULL,
  consult_phone       TEXT NOT NULL,
  warn_days           INTEGER NOT NULL DEFAULT -1,
  retired             INTEGER NOT NULL DEFAULT 0,
  updated_at          INTEGER NOT NULL
);
CREATE INDEX items_dept ON items(dept_id);

CREATE TABLE item_materials (
  item_id       INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  idx           INTEGER NOT NULL,
  name          TEXT NOT NULL,
  main          INTEGER NOT NULL,
  required      INTEGER NOT NULL,
  form          INTEGER NOT NULL,
  copies        INTEGER NOT NULL,
  template_name TEXT NOT NULL,
  note          TEXT NOT NULL,
  PRIMARY KEY (item_id, idx)
) WITHOUT ROWID;

CREATE TABLE item_steps (
  item_id    INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  idx        INTEGER NOT NULL,
  name       TEXT NOT NULL,
  role       INTEGER NOT NULL,
  limit_days INTEGER NOT NULL,
  PRIMARY KEY (item_id, idx)
) WITHOUT ROWID;

CREATE TABLE item_fees (
  item_id    INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  idx        INTEGER NOT NULL,
  name       TEXT NOT NULL,
  amount_fen INTEGER NOT NULL,
  basis      TEXT NOT NULL,
  PRIMARY KEY (item_id, idx)
) WITHOUT ROWID;

-- Official schedule per region; a region inherits its ancestors' entries
-- and overrides them with its own.
CREATE TABLE calendar_days (
  region_id INTEGER NOT NULL REFERENCES regions(id),
  day       INTEGER NOT NULL,
  kind      INTEGER NOT NULL CHECK (kind IN (1, 2)), -- 1 holiday, 2 workday
  name      TEXT NOT NULL,
  PRIMARY KEY (region_id, day)
) WITHOUT ROWID;

CREATE TABLE cases (
  id                INTEGER PRIMARY KEY,
  query_code        TEXT NOT NULL UNIQUE,
  item_id           INTEGER NOT NULL REFERENCES items(id),
  dept_id           INTEGER NOT NULL REFERENCES departments(id),
  region_id         INTEGER NOT NULL REFERENCES regions(id),
  applicant_id      INTEGER REFERENCES users(id),
  applicant_name    TEXT NOT NULL,
  applicant_kind    TEXT NOT NULL,
  applicant_id_type TEXT NOT NULL,
  applicant_id_no   TEXT NOT NULL,
  applicant_phone   TEXT NOT NULL,
  channel           TEXT NOT NULL CHECK (channel IN ('window', 'online')),
  window_id         INTEGER REFERENCES windows(id),
  clerk_id          INTEGER REFERENCES users(id),   -- 首问负责人
  handler_id        INTEGER REFERENCES users(id),   -- who holds it now
  state             INTEGER NOT NULL,
  prev_state        INTEGER NOT NULL DEFAULT 0,
  outcome           INTEGER NOT NULL DEFAULT 0,
  decision          INTEGER NOT NULL DEFAULT 0,
  step_index        INTEGER NOT NULL DEFAULT 0,
  instant           INTEGER NOT NULL,
  limit_days        INTEGER NOT NULL,
  legal_limit_days  INTEGER NOT NULL,
  warn_days         INTEGER NOT NULL,
  submitted_at      INTEGER NOT NULL,
  submitted_day     INTEGER NOT NULL,
  received_day      INTEGER NOT NULL,              -- materials last received
  accepted_day      INTEGER,
  deadline_day      INTEGER,                       -- with suspensions
  finished_day      INTEGER,
  reason            TEXT NOT NULL DEFAULT '',
  result_name       TEXT NOT NULL DEFAULT '',
  version           INTEGER NOT NULL DEFAULT 1,
  updated_at        INTEGER NOT NULL
);
CREATE INDEX cases_state ON cases(state, deadline_day);
CREATE INDEX cases_dept ON cases(dept_id, state);
CREATE INDEX cases_window ON cases(window_id, state);
CREATE INDEX cases_applicant ON cases(applicant_id, id);
CREATE INDEX cases_handler ON cases(handler_id, state);

CREATE TABLE case_materials (
  case_id  INTEGER NOT NULL REFERENCES cases(id),
  name     TEXT NOT NULL,
  day      INTEGER NOT NULL,
  PRIMARY KEY (case_id, name)
) WITHOUT ROWID;

-- One-time notices (一次性告知): each lists every material asked for.
CREATE TABLE case_notices (
  id        INTEGER PRIMARY KEY,
  case_id   INTEGER NOT NULL REFERENCES cases(id),
  day       INTEGER NOT NULL,
  actor_id  INTEGER REFERENCES users(id),
  materials TEXT NOT NULL,       -- JSON array of names
  note      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_notices_case ON case_notices(case_id, id);

CREATE TABLE case_suspensions (
  id         INTEGER PRIMARY KEY,
  case_id    INTEGER NOT NULL REFERENCES cases(id),
  procedure  INTEGER NOT NULL,
  reason     TEXT NOT NULL,
  start_day  INTEGER NOT NULL,
  end_day    INTEGER,
  approver_id INTEGER REFERENCES users(id)
);
CREATE INDEX case_suspensions_case ON case_suspensions(case_id, id);

CREATE TABLE case_steps (
  case_id    INTEGER NOT NULL REFERENCES cases(id),
  idx        INTEGER NOT NULL,
  name       TEXT NOT NULL,
  role       INTEGER NOT NULL,
  limit_days INTEGER NOT NULL,
  handler_id INTEGER REFERENCES users(id),
  start_day  INTEGER,
  due_day    INTEGER,
  end_day    INTEGER,
  opinion    TEXT NOT NULL DEFAULT '',
  result     TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (case_id, idx)
) WITHOUT ROWID;

-- The case's timeline, shown to applicants and staff.
CREATE TABLE case_events (
  id         INTEGER PRIMARY KEY,
  case_id    INTEGER NOT NULL REFERENCES cases(id),
  at         INTEGER NOT NULL,
  day        INTEGER NOT NULL,
  actor_id   INTEGER REFERENCES users(id),
  actor_name TEXT NOT NULL,
  role       INTEGER NOT NULL,
  action     TEXT NOT NULL,
  from_state INTEGER,
  to_state   INTEGER,
  note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_events_case ON case_events(case_id, id);

-- Audit: append-only, hash-chained.  Triggers refuse UPDATE and DELETE, so
-- govhall offers no way to change a record, and a change made around it
-- breaks the chain that `govhall verify-audit` checks.
CREATE TABLE audit (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  actor_id    INTEGER,
  actor_name  TEXT NOT NULL,
  role        INTEGER NOT NULL,
  action      TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id   TEXT NOT NULL,
  before      TEXT NOT NULL,
  after       TEXT NOT NULL,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit records cannot be changed'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit records cannot be deleted'); END;
