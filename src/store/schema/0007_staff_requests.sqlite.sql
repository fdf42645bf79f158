-- 0007: changes to a supervisor's account that need a second supervisor
-- (separation of duties, docs/security.md): a password reset, a role
-- change, a deactivation or reactivation.  A request is made by one
-- supervisor and decided by another who is neither its maker nor its
-- target; it expires unless decided before expires_at.  change is the
-- JSON of the change (for a reset: the new password's hash, which never
-- leaves the server nor enters the audit trail).

CREATE TABLE staff_requests (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('password', 'change')),
  target_id    INTEGER NOT NULL REFERENCES users(id),
  requester_id INTEGER NOT NULL REFERENCES users(id),
  change       TEXT NOT NULL,
  summary      TEXT NOT NULL,          -- what the change does, for the list
  state        TEXT NOT NULL DEFAULT 'pending'
               CHECK (state IN ('pending', 'approved', 'rejected')),
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  decided_by   INTEGER REFERENCES users(id),
  decided_at   INTEGER
);

CREATE INDEX staff_requests_state ON staff_requests(state, expires_at);
