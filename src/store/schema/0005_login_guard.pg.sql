-- 0005 on PostgreSQL: the same as 0005_login_guard.sql.  Failed logins per
-- username, kept in the database so that every server behind one database
-- counts the same attempts (等保 2.0 登录失败处理: 限制非法登录次数).  A row
-- lives from the first failure until a successful login or until the sweep
-- finds it stale.  (0008 drops it again.)

CREATE TABLE login_failures (
  username     TEXT PRIMARY KEY,
  failures     BIGINT NOT NULL,   -- within the window that began at first_at
  first_at     BIGINT NOT NULL,
  locked_until BIGINT NOT NULL DEFAULT 0
);
