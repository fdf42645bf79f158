-- 0012: notices and receipts issued as PDF (issue 10 section 5).
--
-- One row per kind of document of a case: the number is allocated at the
-- first print and never changes (reprints, 补打, show the same number);
-- prints counts every print, and each print is also a case event
-- (document.issue / document.reprint) and an audit record.  Numbers are
-- unique across the centre: "〔<year>〕<prefix>字第NNNNNN号", NNNNNN one more
-- than the highest of that prefix and year (store_documents.c).
CREATE TABLE case_documents (
  id              INTEGER PRIMARY KEY,
  case_id         INTEGER NOT NULL REFERENCES cases(id),
  kind            TEXT NOT NULL CHECK (kind IN ('receipt', 'acceptance',
                    'materials_notice', 'refusal', 'decision')),
  number          TEXT NOT NULL UNIQUE,
  issued_at       INTEGER NOT NULL,
  issued_day      INTEGER NOT NULL,
  actor_id        INTEGER REFERENCES users(id),   -- NULL: govhall itself
  prints          INTEGER NOT NULL DEFAULT 1 CHECK (prints >= 1),
  last_printed_at INTEGER NOT NULL,
  UNIQUE (case_id, kind)
);
