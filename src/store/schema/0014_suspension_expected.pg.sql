-- 0014 on PostgreSQL: the same as 0014_suspension_expected.sqlite.sql.
-- A suspension (挂起, 许可法 art. 45) records its expected duration in
-- working days (NULL for 补正 waits and for older suspensions).

ALTER TABLE case_suspensions ADD COLUMN expected_days BIGINT;
