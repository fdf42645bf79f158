-- bench/board_build.sql - the pick tables of the supervision board
-- benchmark's synthetic cases (bench/board_build.c runs this first, in its
-- build transaction, then reads the TEMP tables it makes).
--
-- p_item  the items, each repeated by popularity (a few items take most of
--         the traffic), with the limits and warning threshold a case of it
--         gets;
-- p_win   for each department, the (window, clerk) pairs that register its
--         cases: clerks posted at a window serving it, else the window's A
--         post, else the department's chief;
-- p_rev   for each department, the chiefs and reviewers who hold cases in
--         review;
-- p_app   applicants with accounts (online cases).
--
-- Also gives some items the warning threshold a supervisor might set (2 or
-- 3 working days instead of the default 1), so that the board meets more
-- than one warn_days value.

-- Per-item warning thresholds a supervisor might set: most items keep the
-- global default (1 working day), some warn 2 or 3 days ahead.
UPDATE items SET warn_days = CASE WHEN id % 31 = 0 THEN 3 WHEN id % 9 = 0 THEN 2
  ELSE warn_days END;

-- Items repeated by popularity.
CREATE TEMP TABLE p_item(k INTEGER PRIMARY KEY, item_id, dept_id, instant,
  limit_days, legal_days, warn, result_name);
INSERT INTO p_item(item_id, dept_id, instant, limit_days, legal_days, warn,
  result_name)
SELECT i.id, i.dept_id, i.instant, i.promised_limit_days, i.legal_limit_days,
  CASE WHEN i.warn_days >= 0 THEN i.warn_days
    ELSE coalesce((SELECT CAST(value AS INTEGER) FROM settings
      WHERE key = 'warn_days'), 1) END,
  i.result_name
FROM items i JOIN (WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL
    SELECT value + 1 FROM s WHERE value < 40) SELECT value FROM s) s
  ON s.value <= CASE WHEN i.id % 17 = 0 THEN 40 WHEN i.id % 5 = 0 THEN 8
    ELSE 1 + i.id % 4 END
WHERE i.retired = 0
ORDER BY i.id, s.value;
UPDATE p_item SET k = k - 1;   -- 0-based

-- (window, clerk) pairs serving each department: the clerks posted at a
-- window that serves it, else the window's A/B posts, else its chief.
CREATE TEMP TABLE p_win0(dept_id, window_id, clerk_id);
INSERT INTO p_win0 SELECT wd.dept_id, wd.window_id, u.id FROM window_depts wd
  JOIN users u ON u.window_id = wd.window_id AND u.role = 2 AND u.active = 1;
INSERT INTO p_win0 SELECT wd.dept_id, wd.window_id, wp.a_user_id
  FROM window_depts wd JOIN window_posts wp ON wp.window_id = wd.window_id
  WHERE wd.dept_id NOT IN (SELECT dept_id FROM p_win0);
INSERT INTO p_win0 SELECT d.id, (SELECT min(window_id) FROM window_depts
    WHERE dept_id = d.id),
  (SELECT min(id) FROM users WHERE dept_id = d.id AND role = 4)
  FROM departments d WHERE d.id NOT IN (SELECT dept_id FROM p_win0);
CREATE TEMP TABLE p_win(dept_id, j, window_id, clerk_id,
  PRIMARY KEY (dept_id, j));
INSERT INTO p_win SELECT dept_id, row_number() OVER (PARTITION BY dept_id
  ORDER BY window_id, clerk_id) - 1, window_id, clerk_id
  FROM (SELECT DISTINCT * FROM p_win0);

-- Reviewers and chiefs of each department hold cases under review.
CREATE TEMP TABLE p_rev(dept_id, j, user_id, PRIMARY KEY (dept_id, j));
INSERT INTO p_rev SELECT dept_id, row_number() OVER (PARTITION BY dept_id
  ORDER BY role DESC, id) - 1, id FROM users
  WHERE role IN (4, 8) AND active = 1 AND dept_id IS NOT NULL;

-- Applicants with accounts (online cases).
CREATE TEMP TABLE p_app(j INTEGER PRIMARY KEY, user_id, name, akind, id_no,
  phone);
INSERT INTO p_app SELECT row_number() OVER (ORDER BY id) - 1, id, name,
  CASE WHEN kind = '' THEN 'person' ELSE kind END, id_number, phone
  FROM users WHERE role = 1;
