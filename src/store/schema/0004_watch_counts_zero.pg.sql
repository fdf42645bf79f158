-- 0004 on PostgreSQL: the same as 0004_watch_counts_zero.sql, watch_counts
-- drops a row when its count reaches zero.
--
-- Each closed deadline day otherwise leaves rows at n = 0 behind, one per
-- dimension, and the board reads them all: on a centre that has run for
-- years they outnumber the live rows (bench/board.sh, phase B: p99 from
-- 5.4 ms to 12.1 ms over 10 M cases).  PostgreSQL, like SQLite, fires this
-- trigger for the UPDATE made inside a case trigger of 0002 (an AFTER row
-- trigger runs when that inner statement ends, before the case trigger
-- goes on), so those need no change.

CREATE FUNCTION watch_zero() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM watch_counts WHERE dim = NEW.dim AND key = NEW.key
    AND region_id = NEW.region_id AND deadline_day = NEW.deadline_day
    AND warn_days = NEW.warn_days AND paused = NEW.paused;
  RETURN NULL;
END;
$$;
CREATE TRIGGER watch_zero AFTER UPDATE OF n ON watch_counts
FOR EACH ROW
WHEN (NEW.n = 0)
EXECUTE FUNCTION watch_zero();

DELETE FROM watch_counts WHERE n = 0;
