-- 0002: electronic efficiency supervision (电子效能监察).
--
-- watch_counts keeps, for every open accepted case, one count per
-- dimension (0 all, 1 department, 2 window, 3 handler, 4 region) and
-- deadline day, warning threshold and paused flag.  Triggers on cases keep
-- it in the same transaction as every change, whoever writes, so the board
-- reads a small table and derives each light from today's date; nothing
-- lives in a server's memory, so several servers agree.

ALTER TABLE cases ADD COLUMN used_days INTEGER;   -- working days used, at finish
ALTER TABLE cases ADD COLUMN on_time INTEGER;     -- 1/0 at finish, NULL before
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';  -- for reminders

CREATE TABLE watch_counts (
  dim          INTEGER NOT NULL,
  key          INTEGER NOT NULL,
  region_id    INTEGER NOT NULL,   -- whose calendar turns the day into a light
  deadline_day INTEGER NOT NULL,
  warn_days    INTEGER NOT NULL,
  paused       INTEGER NOT NULL,
  n            INTEGER NOT NULL,
  PRIMARY KEY (dim, key, region_id, deadline_day, warn_days, paused)
) WITHOUT ROWID;

CREATE INDEX cases_submitted ON cases(submitted_day);
CREATE INDEX cases_finished ON cases(finished_day);
CREATE INDEX cases_watch ON cases(deadline_day)
  WHERE accepted_day IS NOT NULL AND finished_day IS NULL;

CREATE TRIGGER watch_insert AFTER INSERT ON cases
WHEN NEW.accepted_day IS NOT NULL AND NEW.finished_day IS NULL
  AND NEW.deadline_day IS NOT NULL
BEGIN
  INSERT INTO watch_counts(dim, key, region_id, deadline_day, warn_days, paused, n) VALUES
    (0, 0, NEW.region_id, NEW.deadline_day, NEW.warn_days, NEW.state IN (3, 7), 1),
    (1, NEW.dept_id, NEW.region_id, NEW.deadline_day, NEW.warn_days, NEW.state IN (3, 7), 1),
    (2, coalesce(NEW.window_id, 0), NEW.region_id, NEW.deadline_day, NEW.warn_days, NEW.state IN (3, 7), 1),
    (3, coalesce(NEW.handler_id, 0), NEW.region_id, NEW.deadline_day, NEW.warn_days, NEW.state IN (3, 7), 1),
    (4, NEW.region_id, NEW.region_id, NEW.deadline_day, NEW.warn_days, NEW.state IN (3, 7), 1)
  ON CONFLICT(dim, key, region_id, deadline_day, warn_days, paused) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER watch_update_old AFTER UPDATE OF state, deadline_day, accepted_day,
  finished_day, handler_id, window_id, warn_days, dept_id, region_id ON cases
WHEN OLD.accepted_day IS NOT NULL AND OLD.finished_day IS NULL
  AND OLD.deadline_day IS NOT NULL
BEGIN
  UPDATE watch_counts SET n = n - 1 WHERE deadline_day = OLD.deadline_day
    AND region_id = OLD.region_id AND warn_days = OLD.warn_days AND paused = (OLD.state IN (3, 7))
    AND ((dim = 0 AND key = 0) OR (dim = 1 AND key = OLD.dept_id)
      OR (dim = 2 AND key = coalesce(OLD.window_id, 0))
      OR (dim = 3 AND key = coalesce(OLD.handler_id, 0))
      OR (dim = 4 AND key = OLD.region_id));
END;

CREATE TRIGGER watch_update_new AFTER UPDATE OF state, deadline_day, accepted_day,
  finished_day, handler_id, window_id, warn_days, dept_id, region_id ON cases
WHEN NEW.accepted_day IS NOT NULL AND NEW.finished_day IS NULL
  AND NEW.deadline_day IS NOT NULL
BEGIN
  INSERT INTO watch_counts(dim, key, region_id, deadline_day, warn_days, paused, n) VALUES
    (0, 0, NEW.region_id, NEW.deadline_day, NEW.warn_days, NEW.state IN (3, 7), 1),
    (1, NEW.dept_id, NEW.region_id, NEW.deadline_day, NEW.warn_days, NEW.state IN (3, 7), 1),
    (2, coalesce(NEW.window_id, 0), NEW.region_id, NEW.deadline_day, NEW.warn_days, NEW.state IN (3, 7), 1),
    (3, coalesce(NEW.handler_id, 0), NEW.region_id, NEW.deadline_day, NEW.warn_days, NEW.state IN (3, 7), 1),
    (4, NEW.region_id, NEW.region_id, NEW.deadline_day, NEW.warn_days, NEW.state IN (3, 7), 1)
  ON CONFLICT(dim, key, region_id, deadline_day, warn_days, paused) DO UPDATE SET n = n + 1;
END;

-- Cases are never deleted by govhall; this keeps the counts right if an
-- operator removes one by hand.
CREATE TRIGGER watch_delete AFTER DELETE ON cases
WHEN OLD.accepted_day IS NOT NULL AND OLD.finished_day IS NULL
  AND OLD.deadline_day IS NOT NULL
BEGIN
  UPDATE watch_counts SET n = n - 1 WHERE deadline_day = OLD.deadline_day
    AND region_id = OLD.region_id AND warn_days = OLD.warn_days AND paused = (OLD.state IN (3, 7))
    AND ((dim = 0 AND key = 0) OR (dim = 1 AND key = OLD.dept_id)
      OR (dim = 2 AND key = coalesce(OLD.window_id, 0))
      OR (dim = 3 AND key = coalesce(OLD.handler_id, 0))
      OR (dim = 4 AND key = OLD.region_id));
END;

-- Backfill for databases that already hold cases.
INSERT INTO watch_counts(dim, key, region_id, deadline_day, warn_days, paused, n)
SELECT dim, key, region_id, deadline_day, warn_days, paused, count(*) FROM (
  SELECT 0 AS dim, 0 AS key, region_id, deadline_day, warn_days, state IN (3, 7) AS paused FROM cases
    WHERE accepted_day IS NOT NULL AND finished_day IS NULL AND deadline_day IS NOT NULL
  UNION ALL SELECT 1, dept_id, region_id, deadline_day, warn_days, state IN (3, 7) FROM cases
    WHERE accepted_day IS NOT NULL AND finished_day IS NULL AND deadline_day IS NOT NULL
  UNION ALL SELECT 2, coalesce(window_id, 0), region_id, deadline_day, warn_days, state IN (3, 7) FROM cases
    WHERE accepted_day IS NOT NULL AND finished_day IS NULL AND deadline_day IS NOT NULL
  UNION ALL SELECT 3, coalesce(handler_id, 0), region_id, deadline_day, warn_days, state IN (3, 7) FROM cases
    WHERE accepted_day IS NOT NULL AND finished_day IS NULL AND deadline_day IS NOT NULL
  UNION ALL SELECT 4, region_id, region_id, deadline_day, warn_days, state IN (3, 7) FROM cases
    WHERE accepted_day IS NOT NULL AND finished_day IS NULL AND deadline_day IS NOT NULL
) GROUP BY dim, key, region_id, deadline_day, warn_days, paused;

-- Anomaly rules: govhall's rule table is in src/domain/supervision.c;
-- supervisors' switches and thresholds override it here.
CREATE TABLE anomaly_rule_settings (
  rule_id   TEXT PRIMARY KEY,
  enabled   INTEGER NOT NULL,
  threshold INTEGER NOT NULL,
  updated_by INTEGER REFERENCES users(id),
  updated_at INTEGER NOT NULL
);

CREATE TABLE anomalies (
  id          INTEGER PRIMARY KEY,
  rule_id     TEXT NOT NULL,
  case_id     INTEGER NOT NULL REFERENCES cases(id),
  event_id    INTEGER NOT NULL DEFAULT 0,   -- the timeline event, 0 for case-level rules
  dept_id     INTEGER NOT NULL REFERENCES departments(id),
  user_id     INTEGER REFERENCES users(id), -- who acted, or who held the case
  day         INTEGER NOT NULL,
  at          INTEGER NOT NULL,
  explanation TEXT NOT NULL,
  evidence    TEXT NOT NULL,                -- JSON
  status      INTEGER NOT NULL DEFAULT 0,   -- 0 open, 1 confirmed, 2 dismissed
  UNIQUE (rule_id, case_id, event_id)
);
CREATE INDEX anomalies_open ON anomalies(status, day);
CREATE INDEX anomalies_dept ON anomalies(dept_id, day);

-- 预警 → 黄牌 → 红牌 → 督办单: cards count into assessments later.
CREATE TABLE cards (
  id       INTEGER PRIMARY KEY,
  case_id  INTEGER NOT NULL REFERENCES cases(id),
  kind     INTEGER NOT NULL,               -- 2 yellow card, 3 red card
  dept_id  INTEGER NOT NULL REFERENCES departments(id),
  user_id  INTEGER REFERENCES users(id),
  day      INTEGER NOT NULL,
  at       INTEGER NOT NULL,
  reason   TEXT NOT NULL,
  UNIQUE (case_id, kind)
);
CREATE INDEX cards_dept ON cards(dept_id, day);

-- 督办单: a demand that a department act and reply by a date.
CREATE TABLE supervision_notices (
  id            INTEGER PRIMARY KEY,
  no            TEXT NOT NULL UNIQUE,         -- 督办编号 "督〔2026〕15号"
  case_id       INTEGER REFERENCES cases(id),
  dept_id       INTEGER NOT NULL REFERENCES departments(id),
  rule_id       TEXT NOT NULL DEFAULT '',
  content       TEXT NOT NULL,
  issued_by     INTEGER REFERENCES users(id),
  issued_at     INTEGER NOT NULL,
  issued_day    INTEGER NOT NULL,
  reply_due_day INTEGER NOT NULL,
  reply         TEXT NOT NULL DEFAULT '',
  replied_by    INTEGER REFERENCES users(id),
  replied_at    INTEGER,
  replied_day   INTEGER,
  state         INTEGER NOT NULL DEFAULT 0    -- 0 awaiting reply, 1 replied, 2 closed
);
CREATE INDEX supervision_notices_dept ON supervision_notices(dept_id, state);

-- 效能告诫, 通报批评, 诫勉, 责任追究 against staff or departments.
CREATE TABLE sanctions (
  id             INTEGER PRIMARY KEY,
  kind           INTEGER NOT NULL,
  target_user_id INTEGER REFERENCES users(id),
  target_dept_id INTEGER REFERENCES departments(id),
  case_id        INTEGER REFERENCES cases(id),
  notice_id      INTEGER REFERENCES supervision_notices(id),
  reason         TEXT NOT NULL,
  evidence       TEXT NOT NULL,
  issued_by      INTEGER REFERENCES users(id),
  issued_at      INTEGER NOT NULL,
  issued_day     INTEGER NOT NULL
);

-- In-app notices to staff, and the outbox of messages to deliver.
CREATE TABLE notifications (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  case_id    INTEGER REFERENCES cases(id),
  kind       TEXT NOT NULL,
  text       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  read_at    INTEGER,
  UNIQUE (user_id, case_id, kind)
);
CREATE INDEX notifications_user ON notifications(user_id, read_at);

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  channel         TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient       TEXT NOT NULL,
  subject         TEXT NOT NULL,
  body            TEXT NOT NULL,
  state           INTEGER NOT NULL DEFAULT 0, -- 0 pending, 1 sent, 2 failed for good
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  claimed_by      TEXT,
  claimed_until   INTEGER,
  last_error      TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);

-- Timers live in the database so that they survive restarts and any one
-- of several servers may run them (claimed in a write transaction).
CREATE TABLE timers (
  id       INTEGER PRIMARY KEY,
  kind     TEXT NOT NULL,                   -- correction_timeout, ...
  case_id  INTEGER NOT NULL REFERENCES cases(id),
  due_day  INTEGER NOT NULL,
  done_at  INTEGER,
  UNIQUE (kind, case_id)
);
CREATE INDEX timers_due ON timers(due_day) WHERE done_at IS NULL;

INSERT INTO settings(key, value) VALUES ('red_card_after_days', '3'),
  ('notice_after_days', '5'), ('correction_timeout_days', '60'),
  ('notice_reply_days', '5');
