-- 0004: watch_counts drops a row when its count reaches zero.
--
-- Each closed deadline day otherwise leaves rows at n = 0 behind, one per
-- dimension, and the board reads them all: on a centre that has run for
-- years they outnumber the live rows (bench/board.sh, phase B: p99 from
-- 5.4 ms to 12.1 ms over 10 M cases).  SQLite fires a trigger from inside
-- another trigger's UPDATE, so the case triggers of 0002 need no change.

CREATE TRIGGER watch_zero AFTER UPDATE OF n ON watch_counts
WHEN NEW.n = 0
BEGIN
  DELETE FROM watch_counts WHERE dim = NEW.dim AND key = NEW.key
    AND region_id = NEW.region_id AND deadline_day = NEW.deadline_day
    AND warn_days = NEW.warn_days AND paused = NEW.paused;
END;

DELETE FROM watch_counts WHERE n = 0;
