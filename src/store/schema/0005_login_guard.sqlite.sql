-- 0005: failed logins per username, kept in the database so that every
-- server behind one database counts the same attempts (等保 2.0 登录失败处理:
-- 限制非法登录次数).  A row lives from the first failure until a successful
-- login or until the sweep finds it stale.

CREATE TABLE login_failures (
  username     TEXT PRIMARY KEY,
  failures     INTEGER NOT NULL,   -- within the window that began at first_at
  first_at     INTEGER NOT NULL,
  locked_until INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
