-- 0003: the records of correction and accountability (纠错与问责).
--
-- A supervision notice (督办单) is closed by a supervisor once the
-- department has replied; the closing note, who closed it and when are
-- kept with it.  An anomaly confirmed or dismissed by a supervisor keeps
-- the reviewer, the time and the reason, so that a dismissal is never
-- silent.  Notices are looked up by case (the sweep issues at most one
-- automatic notice per case).

ALTER TABLE supervision_notices ADD COLUMN close_note TEXT NOT NULL DEFAULT '';
ALTER TABLE supervision_notices ADD COLUMN closed_by INTEGER REFERENCES users(id);
ALTER TABLE supervision_notices ADD COLUMN closed_at INTEGER;
ALTER TABLE supervision_notices ADD COLUMN closed_day INTEGER;
CREATE INDEX supervision_notices_case ON supervision_notices(case_id);

ALTER TABLE anomalies ADD COLUMN review_note TEXT NOT NULL DEFAULT '';
ALTER TABLE anomalies ADD COLUMN reviewed_by INTEGER REFERENCES users(id);
ALTER TABLE anomalies ADD COLUMN reviewed_at INTEGER;

CREATE INDEX sanctions_user ON sanctions(target_user_id, issued_day);
CREATE INDEX sanctions_dept ON sanctions(target_dept_id, issued_day);
