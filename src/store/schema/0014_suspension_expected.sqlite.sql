-- 0014: a suspension (挂起, 许可法 art. 45) records its expected duration
-- beside the approver who is not its handler (issue 10, section 7).
-- expected_days: working days the special procedure is expected to take,
-- NULL for the 补正 waits and for suspensions recorded before 0014.

ALTER TABLE case_suspensions ADD COLUMN expected_days INTEGER;
