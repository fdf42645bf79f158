-- 0019: 告知承诺制 (notice and commitment, issue 11 section 3; DOMAIN.md
-- section 7).  After 0017 (green channel) and 0018 (joint matters).
-- case_pledges records each proof the applicant's signed promise stands
-- for, as the window accepted the case on it (accept_with_pledge).
-- case_verifications is the follow-up check (事后核查) of a pledged case,
-- one per case, scheduled when the approval is decided: due_day is
-- pledge_verify_days working days after decided_day; status 0 pending,
-- 1 verified true, 2 verified false (the approval was revoked, 撤销许可,
-- and the applicant went on credit_records as kind 2), 3 cancelled (the
-- case ended without its result: withdrawn or voided); flagged_day is the
-- day the sweep recorded it overdue (anomaly A13), once.
-- licences: a licence issued on a promise found false is revoked, not
-- deleted (revoked_day, revoked_note); it no longer stands for a material.

CREATE TABLE case_pledges (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES cases(id),
  material    TEXT NOT NULL,
  form        INTEGER NOT NULL,
  pledged_day INTEGER NOT NULL,
  pledged_by  INTEGER NOT NULL REFERENCES users(id),
  UNIQUE (case_id, material)
);

CREATE TABLE case_verifications (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL UNIQUE REFERENCES cases(id),
  decided_day INTEGER NOT NULL,
  decided_by  INTEGER REFERENCES users(id),
  due_day     INTEGER NOT NULL,
  status      INTEGER NOT NULL DEFAULT 0 CHECK (status IN (0, 1, 2, 3)),
  note        TEXT NOT NULL DEFAULT '',
  checked_by  INTEGER REFERENCES users(id),
  checked_day INTEGER,
  flagged_day INTEGER
);
CREATE INDEX case_verifications_due ON case_verifications(status, due_day);

ALTER TABLE licences ADD COLUMN revoked_day INTEGER;
ALTER TABLE licences ADD COLUMN revoked_note TEXT;

-- The 告知承诺书 is a document of its case: case_documents takes the kind
-- 'pledge' (SQLite changes a CHECK by rebuilding the table).
CREATE TABLE case_documents_0019 (
  id              INTEGER PRIMARY KEY,
  case_id         INTEGER NOT NULL REFERENCES cases(id),
  kind            TEXT NOT NULL CHECK (kind IN ('receipt', 'acceptance',
                    'materials_notice', 'refusal', 'decision', 'commitment',
                    'pledge')),
  number          TEXT NOT NULL UNIQUE,
  issued_at       INTEGER NOT NULL,
  issued_day      INTEGER NOT NULL,
  actor_id        INTEGER REFERENCES users(id),   -- NULL: govhall itself
  prints          INTEGER NOT NULL DEFAULT 1 CHECK (prints >= 1),
  last_printed_at INTEGER NOT NULL,
  UNIQUE (case_id, kind)
);
INSERT INTO case_documents_0019 SELECT id, case_id, kind, number, issued_at,
  issued_day, actor_id, prints, last_printed_at FROM case_documents;
DROP TABLE case_documents;
ALTER TABLE case_documents_0019 RENAME TO case_documents;
