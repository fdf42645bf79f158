-- 0013: item application forms (申请表), catalogue keywords and search, and
-- the form values of each case (issue 10, sections 2 and 8).
--
-- A form is sections of fields in order; a field's idx runs over the whole
-- form (section_idx says which section it belongs to), so that a form reads
-- back in the order it was written.  options holds a choice field's option
-- labels joined by newlines (an option cannot contain one); limits says
-- which of min_value (1) and max_value (2) hold (fen for money, day numbers
-- for dates).  Search: items.search_text is the lower-cased code, name and
-- keywords joined by newlines, and item_grams indexes every 2- and
-- 3-character window of it (an own n-gram table, so one query serves both
-- engines and two-character Chinese words hit the index); search_indexed
-- is 0 for items not yet indexed (written before 0009), which the query
-- then scans.  case_form_values keeps what the applicant filled in, with
-- the label, type and display text as they were, in form order (the type
-- says which values the case view masks: ID numbers and phones).

CREATE TABLE item_form_sections (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  idx     INTEGER NOT NULL,
  title   TEXT NOT NULL,
  PRIMARY KEY (item_id, idx)
) WITHOUT ROWID;

CREATE TABLE item_form_fields (
  item_id     INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  idx         INTEGER NOT NULL,
  section_idx INTEGER NOT NULL,
  key         TEXT NOT NULL,
  label       TEXT NOT NULL,
  type        INTEGER NOT NULL,
  required    INTEGER NOT NULL,
  unit        TEXT NOT NULL,
  options     TEXT NOT NULL,
  limits      INTEGER NOT NULL,
  min_value   INTEGER NOT NULL,
  max_value   INTEGER NOT NULL,
  max_len     INTEGER NOT NULL,
  help        TEXT NOT NULL,
  PRIMARY KEY (item_id, idx)
) WITHOUT ROWID;

CREATE TABLE item_keywords (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  idx     INTEGER NOT NULL,
  keyword TEXT NOT NULL,
  PRIMARY KEY (item_id, idx)
) WITHOUT ROWID;

ALTER TABLE items ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN search_indexed INTEGER NOT NULL DEFAULT 0;
UPDATE items SET search_text = lower(code || char(10) || name);

CREATE TABLE item_grams (
  gram    TEXT NOT NULL,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  PRIMARY KEY (gram, item_id)
) WITHOUT ROWID;
CREATE INDEX item_grams_item ON item_grams(item_id);

CREATE TABLE case_form_values (
  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  idx     INTEGER NOT NULL,
  key     TEXT NOT NULL,
  label   TEXT NOT NULL,
  type    INTEGER NOT NULL,
  value   TEXT NOT NULL,
  display TEXT NOT NULL,
  PRIMARY KEY (case_id, idx)
) WITHOUT ROWID;
