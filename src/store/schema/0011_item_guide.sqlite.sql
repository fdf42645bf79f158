-- 0011: what the 办事指南 offers beside the catalogue's record (issue 10,
-- part 2): each material's blank form and filled sample (空白表格, 示例样表)
-- as files the administrator attaches, and the item's common questions.
-- The files are blobs like the materials' (0010).

CREATE TABLE item_files (
  id          INTEGER PRIMARY KEY,
  item_id     INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  material    TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('blank', 'sample')),
  sha256      TEXT NOT NULL REFERENCES blobs(sha256),
  name        TEXT NOT NULL,
  type        TEXT NOT NULL,
  size        INTEGER NOT NULL,
  uploaded_by INTEGER REFERENCES users(id),
  uploaded_at INTEGER NOT NULL,
  UNIQUE (item_id, material, kind)
);

CREATE TABLE item_faq (
  item_id  INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  idx      INTEGER NOT NULL,
  question TEXT NOT NULL,
  answer   TEXT NOT NULL,
  PRIMARY KEY (item_id, idx)
) WITHOUT ROWID;
