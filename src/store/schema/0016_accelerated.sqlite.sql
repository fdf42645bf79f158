-- 0016: accelerated approval (issue 11, DOMAIN.md section 7).
-- The catalogue marks which items allow 容缺受理 (acceptance while a
-- deferrable 辅件 is still missing, on the applicant's signed commitment)
-- and whether the result then waits for it; which allow 告知承诺制 (a
-- signed promise replaces named proofs) and which are high-risk (never).
-- case_deferrals tracks each material promised for later: its deadline
-- (not beyond the case's promised limit), whether it came, the reminder.
-- status: 0 open, 1 supplied, 2 missed (the case was ended, 终止办理).
-- credit_records is the centre's record of broken commitments (kind 1:
-- 容缺承诺未履行) and false promises (kind 2: 虚假承诺), by ID number or
-- credit code: an applicant on it is refused 容缺 and 告知承诺.

ALTER TABLE items ADD COLUMN defer_allowed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN withhold_result INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN pledge_allowed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN high_risk INTEGER NOT NULL DEFAULT 0;
ALTER TABLE item_materials ADD COLUMN can_defer INTEGER NOT NULL DEFAULT 0;
ALTER TABLE item_materials ADD COLUMN can_pledge INTEGER NOT NULL DEFAULT 0;

CREATE TABLE case_deferrals (
  id            INTEGER PRIMARY KEY,
  case_id       INTEGER NOT NULL REFERENCES cases(id),
  material      TEXT NOT NULL,
  form          INTEGER NOT NULL,
  supplement_by INTEGER NOT NULL,
  committed_day INTEGER NOT NULL,
  committed_by  INTEGER NOT NULL REFERENCES users(id),
  status        INTEGER NOT NULL DEFAULT 0 CHECK (status IN (0, 1, 2)),
  supplied_day  INTEGER,
  reminded_day  INTEGER,
  UNIQUE (case_id, material)
);
CREATE INDEX case_deferrals_due ON case_deferrals(status, supplement_by);

CREATE TABLE credit_records (
  id        INTEGER PRIMARY KEY,
  id_number TEXT NOT NULL,
  name      TEXT NOT NULL,
  kind      INTEGER NOT NULL CHECK (kind IN (1, 2)),
  case_id   INTEGER NOT NULL REFERENCES cases(id),
  day       INTEGER NOT NULL,
  at        INTEGER NOT NULL,
  note      TEXT NOT NULL,
  UNIQUE (case_id, kind)
);
CREATE INDEX credit_records_who ON credit_records(id_number);

-- The 容缺受理承诺书 is a document of its case: case_documents takes the
-- kind 'commitment' (SQLite changes a CHECK by rebuilding the table).
CREATE TABLE case_documents_0016 (
  id              INTEGER PRIMARY KEY,
  case_id         INTEGER NOT NULL REFERENCES cases(id),
  kind            TEXT NOT NULL CHECK (kind IN ('receipt', 'acceptance',
                    'materials_notice', 'refusal', 'decision', 'commitment')),
  number          TEXT NOT NULL UNIQUE,
  issued_at       INTEGER NOT NULL,
  issued_day      INTEGER NOT NULL,
  actor_id        INTEGER REFERENCES users(id),   -- NULL: govhall itself
  prints          INTEGER NOT NULL DEFAULT 1 CHECK (prints >= 1),
  last_printed_at INTEGER NOT NULL,
  UNIQUE (case_id, kind)
);
INSERT INTO case_documents_0016 SELECT id, case_id, kind, number, issued_at,
  issued_day, actor_id, prints, last_printed_at FROM case_documents;
DROP TABLE case_documents;
ALTER TABLE case_documents_0016 RENAME TO case_documents;
