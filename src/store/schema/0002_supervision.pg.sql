-- 0002 on PostgreSQL: the same as 0002_supervision.sql (electronic
-- efficiency supervision, 电子效能监察), in PostgreSQL's spelling.
--
-- watch_counts keeps, for every open accepted case, one count per
-- dimension (0 all, 1 department, 2 window, 3 handler, 4 region) and
-- deadline day, warning threshold and paused flag.  Triggers on cases keep
-- it in the same transaction as every change, whoever writes, so the board
-- reads a small table and derives each light from today's date; nothing
-- lives in a server's memory, so several servers agree.
--
-- SQLite's triggers become one plpgsql function each, named after its
-- trigger, with the trigger's WHEN clause kept on the trigger.  A boolean
-- is 0/1 in SQLite; here paused is (state IN (3, 7))::int.
--
-- Several writers (SQLite has one): INSERT ... ON CONFLICT and UPDATE take
-- the row lock of each count they change, so the counts stay exact under
-- READ COMMITTED.  But two transactions that move cases between the same
-- groups of counts (a group: region, deadline day, threshold, paused) in
-- opposite directions, or that meet rows of one group in different orders
-- (UPDATE in heap order, INSERT in dimension order), would take those row
-- locks in different orders and deadlock: measured, 56 of 1,200 concurrent
-- single-statement transitions from 8 clients, each costing
-- deadlock_timeout.  So each trigger first takes a transaction-level
-- advisory lock per group it touches, in the order of the lock keys
-- (watch_lock); whoever changes a count holds its group's lock first, and
-- one statement never waits in a cycle.  The locks are of the two-key form
-- with first key 26472 ("gh"), which does not overlap the one-key form.

ALTER TABLE cases ADD COLUMN used_days BIGINT;   -- working days used, at finish
ALTER TABLE cases ADD COLUMN on_time BIGINT;     -- 1/0 at finish, NULL before
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';  -- for reminders

CREATE TABLE watch_counts (
  dim          BIGINT NOT NULL,
  key          BIGINT NOT NULL,
  region_id    BIGINT NOT NULL,   -- whose calendar turns the day into a light
  deadline_day BIGINT NOT NULL,
  warn_days    BIGINT NOT NULL,
  paused       BIGINT NOT NULL,
  n            BIGINT NOT NULL,
  PRIMARY KEY (dim, key, region_id, deadline_day, warn_days, paused)
);

CREATE INDEX cases_submitted ON cases(submitted_day);
CREATE INDEX cases_finished ON cases(finished_day);
CREATE INDEX cases_watch ON cases(deadline_day)
  WHERE accepted_day IS NOT NULL AND finished_day IS NULL;

-- The advisory locks of the groups named by groups (NULLs skipped), in key
-- order; held until the transaction ends.
CREATE FUNCTION watch_lock(VARIADIC groups text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  h int;
BEGIN
  FOR h IN SELECT DISTINCT hashtext(g) FROM unnest(groups) AS g
      WHERE g IS NOT NULL ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(26472, h);
  END LOOP;
END;
$$;

CREATE FUNCTION watch_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM watch_lock(concat_ws('/', NEW.region_id, NEW.deadline_day,
    NEW.warn_days, (NEW.state IN (3, 7))::int));
  INSERT INTO watch_counts(dim, key, region_id, deadline_day, warn_days, paused, n) VALUES
    (0, 0, NEW.region_id, NEW.deadline_day, NEW.warn_days, (NEW.state IN (3, 7))::int, 1),
    (1, NEW.dept_id, NEW.region_id, NEW.deadline_day, NEW.warn_days, (NEW.state IN (3, 7))::int, 1),
    (2, coalesce(NEW.window_id, 0), NEW.region_id, NEW.deadline_day, NEW.warn_days, (NEW.state IN (3, 7))::int, 1),
    (3, coalesce(NEW.handler_id, 0), NEW.region_id, NEW.deadline_day, NEW.warn_days, (NEW.state IN (3, 7))::int, 1),
    (4, NEW.region_id, NEW.region_id, NEW.deadline_day, NEW.warn_days, (NEW.state IN (3, 7))::int, 1)
  ON CONFLICT(dim, key, region_id, deadline_day, warn_days, paused)
  DO UPDATE SET n = watch_counts.n + 1;
  RETURN NULL;
END;
$$;
CREATE TRIGGER watch_insert AFTER INSERT ON cases
FOR EACH ROW
WHEN (NEW.accepted_day IS NOT NULL AND NEW.finished_day IS NULL
  AND NEW.deadline_day IS NOT NULL)
EXECUTE FUNCTION watch_insert();

-- PostgreSQL fires the triggers of one event in the order of their names
-- (watch_update_new, then watch_update_old), SQLite in its own order; the
-- counts come out the same either way, and a row that reaches 0 in between
-- is removed (0004) and inserted again.
CREATE FUNCTION watch_update_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- both groups, whichever of the two triggers fires first
  PERFORM watch_lock(
    CASE WHEN NEW.accepted_day IS NOT NULL AND NEW.finished_day IS NULL
      AND NEW.deadline_day IS NOT NULL THEN concat_ws('/', NEW.region_id,
      NEW.deadline_day, NEW.warn_days, (NEW.state IN (3, 7))::int) END,
    CASE WHEN OLD.accepted_day IS NOT NULL AND OLD.finished_day IS NULL
      AND OLD.deadline_day IS NOT NULL THEN concat_ws('/', OLD.region_id,
      OLD.deadline_day, OLD.warn_days, (OLD.state IN (3, 7))::int) END);
  UPDATE watch_counts SET n = n - 1 WHERE deadline_day = OLD.deadline_day
    AND region_id = OLD.region_id AND warn_days = OLD.warn_days
    AND paused = (OLD.state IN (3, 7))::int
    AND ((dim = 0 AND key = 0) OR (dim = 1 AND key = OLD.dept_id)
      OR (dim = 2 AND key = coalesce(OLD.window_id, 0))
      OR (dim = 3 AND key = coalesce(OLD.handler_id, 0))
      OR (dim = 4 AND key = OLD.region_id));
  RETURN NULL;
END;
$$;
CREATE TRIGGER watch_update_old AFTER UPDATE OF state, deadline_day, accepted_day,
  finished_day, handler_id, window_id, warn_days, dept_id, region_id ON cases
FOR EACH ROW
WHEN (OLD.accepted_day IS NOT NULL AND OLD.finished_day IS NULL
  AND OLD.deadline_day IS NOT NULL)
EXECUTE FUNCTION watch_update_old();

CREATE FUNCTION watch_update_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM watch_lock(
    CASE WHEN NEW.accepted_day IS NOT NULL AND NEW.finished_day IS NULL
      AND NEW.deadline_day IS NOT NULL THEN concat_ws('/', NEW.region_id,
      NEW.deadline_day, NEW.warn_days, (NEW.state IN (3, 7))::int) END,
    CASE WHEN OLD.accepted_day IS NOT NULL AND OLD.finished_day IS NULL
      AND OLD.deadline_day IS NOT NULL THEN concat_ws('/', OLD.region_id,
      OLD.deadline_day, OLD.warn_days, (OLD.state IN (3, 7))::int) END);
  INSERT INTO watch_counts(dim, key, region_id, deadline_day, warn_days, paused, n) VALUES
    (0, 0, NEW.region_id, NEW.deadline_day, NEW.warn_days, (NEW.state IN (3, 7))::int, 1),
    (1, NEW.dept_id, NEW.region_id, NEW.deadline_day, NEW.warn_days, (NEW.state IN (3, 7))::int, 1),
    (2, coalesce(NEW.window_id, 0), NEW.region_id, NEW.deadline_day, NEW.warn_days, (NEW.state IN (3, 7))::int, 1),
    (3, coalesce(NEW.handler_id, 0), NEW.region_id, NEW.deadline_day, NEW.warn_days, (NEW.state IN (3, 7))::int, 1),
    (4, NEW.region_id, NEW.region_id, NEW.deadline_day, NEW.warn_days, (NEW.state IN (3, 7))::int, 1)
  ON CONFLICT(dim, key, region_id, deadline_day, warn_days, paused)
  DO UPDATE SET n = watch_counts.n + 1;
  RETURN NULL;
END;
$$;
CREATE TRIGGER watch_update_new AFTER UPDATE OF state, deadline_day, accepted_day,
  finished_day, handler_id, window_id, warn_days, dept_id, region_id ON cases
FOR EACH ROW
WHEN (NEW.accepted_day IS NOT NULL AND NEW.finished_day IS NULL
  AND NEW.deadline_day IS NOT NULL)
EXECUTE FUNCTION watch_update_new();

-- Cases are never deleted by govhall; this keeps the counts right if an
-- operator removes one by hand.
CREATE FUNCTION watch_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM watch_lock(concat_ws('/', OLD.region_id, OLD.deadline_day,
    OLD.warn_days, (OLD.state IN (3, 7))::int));
  UPDATE watch_counts SET n = n - 1 WHERE deadline_day = OLD.deadline_day
    AND region_id = OLD.region_id AND warn_days = OLD.warn_days
    AND paused = (OLD.state IN (3, 7))::int
    AND ((dim = 0 AND key = 0) OR (dim = 1 AND key = OLD.dept_id)
      OR (dim = 2 AND key = coalesce(OLD.window_id, 0))
      OR (dim = 3 AND key = coalesce(OLD.handler_id, 0))
      OR (dim = 4 AND key = OLD.region_id));
  RETURN NULL;
END;
$$;
CREATE TRIGGER watch_delete AFTER DELETE ON cases
FOR EACH ROW
WHEN (OLD.accepted_day IS NOT NULL AND OLD.finished_day IS NULL
  AND OLD.deadline_day IS NOT NULL)
EXECUTE FUNCTION watch_delete();

-- Backfill for databases that already hold cases.
INSERT INTO watch_counts(dim, key, region_id, deadline_day, warn_days, paused, n)
SELECT dim, key, region_id, deadline_day, warn_days, paused, count(*) FROM (
  SELECT 0 AS dim, 0 AS key, region_id, deadline_day, warn_days, (state IN (3, 7))::int AS paused FROM cases
    WHERE accepted_day IS NOT NULL AND finished_day IS NULL AND deadline_day IS NOT NULL
  UNION ALL SELECT 1, dept_id, region_id, deadline_day, warn_days, (state IN (3, 7))::int FROM cases
    WHERE accepted_day IS NOT NULL AND finished_day IS NULL AND deadline_day IS NOT NULL
  UNION ALL SELECT 2, coalesce(window_id, 0), region_id, deadline_day, warn_days, (state IN (3, 7))::int FROM cases
    WHERE accepted_day IS NOT NULL AND finished_day IS NULL AND deadline_day IS NOT NULL
  UNION ALL SELECT 3, coalesce(handler_id, 0), region_id, deadline_day, warn_days, (state IN (3, 7))::int FROM cases
    WHERE accepted_day IS NOT NULL AND finished_day IS NULL AND deadline_day IS NOT NULL
  UNION ALL SELECT 4, region_id, region_id, deadline_day, warn_days, (state IN (3, 7))::int FROM cases
    WHERE accepted_day IS NOT NULL AND finished_day IS NULL AND deadline_day IS NOT NULL
) AS open_cases GROUP BY dim, key, region_id, deadline_day, warn_days, paused;

-- Anomaly rules: govhall's rule table is in src/domain/supervision.c;
-- supervisors' switches and thresholds override it here.
CREATE TABLE anomaly_rule_settings (
  rule_id   TEXT PRIMARY KEY,
  enabled   BIGINT NOT NULL,
  threshold BIGINT NOT NULL,
  updated_by BIGINT REFERENCES users(id),
  updated_at BIGINT NOT NULL
);

CREATE TABLE anomalies (
  id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  rule_id     TEXT NOT NULL,
  case_id     BIGINT NOT NULL REFERENCES cases(id),
  event_id    BIGINT NOT NULL DEFAULT 0,    -- the timeline event, 0 for case-level rules
  dept_id     BIGINT NOT NULL REFERENCES departments(id),
  user_id     BIGINT REFERENCES users(id),  -- who acted, or who held the case
  day         BIGINT NOT NULL,
  at          BIGINT NOT NULL,
  explanation TEXT NOT NULL,
  evidence    TEXT NOT NULL,                -- JSON
  status      BIGINT NOT NULL DEFAULT 0,    -- 0 open, 1 confirmed, 2 dismissed
  UNIQUE (rule_id, case_id, event_id)
);
CREATE INDEX anomalies_open ON anomalies(status, day);
CREATE INDEX anomalies_dept ON anomalies(dept_id, day);

-- 预警 → 黄牌 → 红牌 → 督办单: cards count into assessments later.
CREATE TABLE cards (
  id       BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  case_id  BIGINT NOT NULL REFERENCES cases(id),
  kind     BIGINT NOT NULL,                -- 2 yellow card, 3 red card
  dept_id  BIGINT NOT NULL REFERENCES departments(id),
  user_id  BIGINT REFERENCES users(id),
  day      BIGINT NOT NULL,
  at       BIGINT NOT NULL,
  reason   TEXT NOT NULL,
  UNIQUE (case_id, kind)
);
CREATE INDEX cards_dept ON cards(dept_id, day);

-- 督办单: a demand that a department act and reply by a date.
CREATE TABLE supervision_notices (
  id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  no            TEXT NOT NULL UNIQUE,         -- 督办编号 "督〔2026〕15号"
  case_id       BIGINT REFERENCES cases(id),
  dept_id       BIGINT NOT NULL REFERENCES departments(id),
  rule_id       TEXT NOT NULL DEFAULT '',
  content       TEXT NOT NULL,
  issued_by     BIGINT REFERENCES users(id),
  issued_at     BIGINT NOT NULL,
  issued_day    BIGINT NOT NULL,
  reply_due_day BIGINT NOT NULL,
  reply         TEXT NOT NULL DEFAULT '',
  replied_by    BIGINT REFERENCES users(id),
  replied_at    BIGINT,
  replied_day   BIGINT,
  state         BIGINT NOT NULL DEFAULT 0     -- 0 awaiting reply, 1 replied, 2 closed
);
CREATE INDEX supervision_notices_dept ON supervision_notices(dept_id, state);

-- 效能告诫, 通报批评, 诫勉, 责任追究 against staff or departments.
CREATE TABLE sanctions (
  id             BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  kind           BIGINT NOT NULL,
  target_user_id BIGINT REFERENCES users(id),
  target_dept_id BIGINT REFERENCES departments(id),
  case_id        BIGINT REFERENCES cases(id),
  notice_id      BIGINT REFERENCES supervision_notices(id),
  reason         TEXT NOT NULL,
  evidence       TEXT NOT NULL,
  issued_by      BIGINT REFERENCES users(id),
  issued_at      BIGINT NOT NULL,
  issued_day     BIGINT NOT NULL
);

-- In-app notices to staff, and the outbox of messages to deliver.
CREATE TABLE notifications (
  id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  user_id    BIGINT NOT NULL REFERENCES users(id),
  case_id    BIGINT REFERENCES cases(id),
  kind       TEXT NOT NULL,
  text       TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  read_at    BIGINT,
  UNIQUE (user_id, case_id, kind)
);
CREATE INDEX notifications_user ON notifications(user_id, read_at);

CREATE TABLE outbox (
  id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  channel         TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient       TEXT NOT NULL,
  subject         TEXT NOT NULL,
  body            TEXT NOT NULL,
  state           BIGINT NOT NULL DEFAULT 0,  -- 0 pending, 1 sent, 2 failed for good
  attempts        BIGINT NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  claimed_by      TEXT,
  claimed_until   BIGINT,
  last_error      TEXT NOT NULL DEFAULT '',
  created_at      BIGINT NOT NULL,
  sent_at         BIGINT
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);

-- Timers live in the database so that they survive restarts and any one
-- of several servers may run them (claimed in a write transaction).
CREATE TABLE timers (
  id       BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  kind     TEXT NOT NULL,                   -- correction_timeout, ...
  case_id  BIGINT NOT NULL REFERENCES cases(id),
  due_day  BIGINT NOT NULL,
  done_at  BIGINT,
  UNIQUE (kind, case_id)
);
CREATE INDEX timers_due ON timers(due_day) WHERE done_at IS NULL;

INSERT INTO settings(key, value) VALUES ('red_card_after_days', '3'),
  ('notice_after_days', '5'), ('correction_timeout_days', '60'),
  ('notice_reply_days', '5');
