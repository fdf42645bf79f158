-- 0010: material files, the clerk's check of each material, the
-- applicant's library of accepted materials and issued licences (issue 10,
-- parts 3 and 4).
--
-- Files are kept in the database, once per content (blobs, keyed by the
-- SHA-256 of the bytes): every server of a province sees the same files
-- with no shared directory to mount, a file is written in the same
-- transaction as the record that refers to it, and the database's backup
-- (SQLite's .backup or pg_basebackup / pg_dump) carries them too
-- (docs/files.md).

CREATE TABLE blobs (
  sha256     TEXT PRIMARY KEY,            -- lower-case hex
  size       INTEGER NOT NULL,
  type       TEXT NOT NULL,               -- application/pdf | image/jpeg | image/png
  data       BLOB NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

-- One uploaded page (file) of one material of a case.
CREATE TABLE case_files (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES cases(id),
  material    TEXT NOT NULL,
  sha256      TEXT NOT NULL REFERENCES blobs(sha256),
  name        TEXT NOT NULL,              -- the uploaded file's name, for display
  type        TEXT NOT NULL,
  size        INTEGER NOT NULL,
  source      TEXT NOT NULL CHECK (source IN ('hall', 'window', 'supplement', 'library')),
  uploaded_by INTEGER REFERENCES users(id),
  uploaded_at INTEGER NOT NULL,
  library_id  INTEGER,                    -- source 'library': the entry reused
  removed_at  INTEGER
);
CREATE INDEX case_files_case ON case_files(case_id, material, id);

-- The clerk's check of a received material (收件核验): 0 not checked,
-- 1 合格, 2 不合格 (check_reason says why); reused_from: the case whose
-- accepted material was reused from the library, licence_id: the issued
-- licence that stands for it.
ALTER TABLE case_materials ADD COLUMN check_result INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_materials ADD COLUMN check_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE case_materials ADD COLUMN checked_by INTEGER REFERENCES users(id);
ALTER TABLE case_materials ADD COLUMN checked_at INTEGER;
ALTER TABLE case_materials ADD COLUMN valid_until INTEGER;
ALTER TABLE case_materials ADD COLUMN reused_from INTEGER;
ALTER TABLE case_materials ADD COLUMN licence_id INTEGER;

-- 一套材料: what an applicant's accepted cases proved once, reusable by
-- later applications while valid (valid_until: last valid day; NULL: no
-- end).
CREATE TABLE library_materials (
  id           INTEGER PRIMARY KEY,
  owner_id     INTEGER NOT NULL REFERENCES users(id),
  name         TEXT NOT NULL,
  from_case_id INTEGER NOT NULL REFERENCES cases(id),
  valid_until  INTEGER,
  created_at   INTEGER NOT NULL,
  UNIQUE (from_case_id, name)
);
CREATE INDEX library_materials_owner ON library_materials(owner_id, name);

CREATE TABLE library_files (
  library_id INTEGER NOT NULL REFERENCES library_materials(id),
  idx        INTEGER NOT NULL,
  sha256     TEXT NOT NULL REFERENCES blobs(sha256),
  name       TEXT NOT NULL,
  type       TEXT NOT NULL,
  size       INTEGER NOT NULL,
  PRIMARY KEY (library_id, idx)
) WITHOUT ROWID;

-- 电子证照: the result of an approved, completed case, in its holder's
-- library.
CREATE TABLE licences (
  id           INTEGER PRIMARY KEY,
  case_id      INTEGER NOT NULL UNIQUE REFERENCES cases(id),
  holder_id    INTEGER REFERENCES users(id),
  holder_name  TEXT NOT NULL,
  holder_id_no TEXT NOT NULL,
  name         TEXT NOT NULL,
  number       TEXT NOT NULL UNIQUE,
  dept_id      INTEGER NOT NULL REFERENCES departments(id),
  valid_from   INTEGER NOT NULL,
  valid_to     INTEGER,
  issued_at    INTEGER NOT NULL
);
CREATE INDEX licences_holder ON licences(holder_id, id);
