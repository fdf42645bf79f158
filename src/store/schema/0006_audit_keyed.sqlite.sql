-- 0006: the audit that survives tampering (issue 8, point 3 and point 10).
-- Records from the key epoch on (the first keyed id, kept in the key file
-- outside the database) carry a keyed BLAKE2b MAC over their id, the
-- previous MAC and every field, including the client address below.
-- Older records stay verifiable by the unkeyed chain they were written with.
ALTER TABLE audit ADD COLUMN addr TEXT NOT NULL DEFAULT '';

-- Signed checkpoints of the chain's head: a copy of the append-only file
-- <db>.checkpoints, served by GET /api/v1/public/audit/checkpoints.  The
-- file and the copies outsiders keep are what verify-audit trusts, not this.
CREATE TABLE audit_checkpoints (
  id        INTEGER PRIMARY KEY,
  count     INTEGER NOT NULL,
  last_id   INTEGER NOT NULL,
  head_mac  TEXT NOT NULL,
  at        INTEGER NOT NULL,
  signature TEXT NOT NULL
);
CREATE INDEX audit_object ON audit(object_type, object_id, id);
