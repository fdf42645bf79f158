-- 0008: login throttling by key (issue 8, point 10) and session idle time.
-- A key is "p:ADDRESS|USERNAME" (one source against one account),
-- "a:ADDRESS" (one source against any account) or "u:USERNAME" (any
-- source against one account); see src/domain/throttle.h for the rules.
-- Replaces 0005's per-username lock, which let anyone lock an account.

DROP TABLE login_failures;

CREATE TABLE login_throttle (
  key           TEXT PRIMARY KEY,
  failures      INTEGER NOT NULL,   -- within the window that began at first_at
  first_at      INTEGER NOT NULL,
  blocked_until INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- idle timeout: a session unused for session_idle_minutes ends
ALTER TABLE sessions ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen = created_at;
