"""Failed logins lock a username for a while (等保 2.0 登录失败处理), counted in
the database so that every server agrees; the sweep purges expired sessions
and stale failure records."""
import time

import ghtest
from ghtest import ServerTest, run_cli, sanitizer_clean


class LoginGuardTests(ServerTest):
    logins = ("admin",)

    def login(self, username, password):
        return self.srv.post("/api/v1/session", {"username": username,
                                                 "password": password})

    def fails(self, username):
        return self.srv.q1("SELECT failures FROM login_failures WHERE"
                           " username = ?", username)

    def tearDown(self):
        self.srv.exec("DELETE FROM login_failures")
        self.srv.exec("DELETE FROM settings WHERE key LIKE 'login_%'")

    def test_fifth_failure_locks_then_even_the_right_password_waits(self):
        audit = self.srv.q1("SELECT count(*) FROM audit")
        for i in range(4):
            self.assertError(self.login("clerk", "wrong-%d" % i), 401,
                             "unauthorized")
            self.assertEqual(self.fails("clerk"), i + 1)
        r = self.login("clerk", "wrong-4")
        e = self.assertError(r, 429, "too_many_attempts")
        self.assertIn("分钟后再试", e["message"])
        self.assertGreater(e["retry_after"], 14 * 60)
        self.assertLessEqual(e["retry_after"], 15 * 60)
        # locked: refused before the password is looked at, nothing written
        r = self.login("clerk", ghtest.PASSWORD)
        self.assertError(r, 429, "too_many_attempts")
        self.assertEqual(self.fails("clerk"), 5)
        self.assertEqual(self.srv.q1("SELECT count(*) FROM audit"), audit + 5)
        self.assertEqual(self.srv.q1(
            "SELECT count(*) FROM audit WHERE action = 'session.fail' AND"
            " object_id = 'clerk' AND json_extract(after, '$.locked') = 1"), 1)
        # another account is not affected
        self.assertStatus(self.login("reviewer", ghtest.PASSWORD), 201)
        # the lock ends: the right password logs in and clears the count
        self.srv.exec("UPDATE login_failures SET first_at = first_at - 901,"
                      " locked_until = ?", int(time.time()) - 1)
        self.assertStatus(self.login("clerk", ghtest.PASSWORD), 201)
        self.assertIsNone(self.fails("clerk"))

    def test_failures_outside_the_window_start_a_new_count(self):
        for _ in range(4):
            self.assertError(self.login("reviewer", "nope"), 401)
        self.srv.exec("UPDATE login_failures SET first_at = first_at - 901")
        self.assertError(self.login("reviewer", "nope"), 401)
        self.assertEqual(self.fails("reviewer"), 1)
        self.assertStatus(self.login("reviewer", ghtest.PASSWORD), 201)

    def test_unknown_username_is_answered_and_locked_the_same(self):
        answers = [self.login("no-such-user", "x") for _ in range(5)]
        for r in answers[:4]:
            self.assertError(r, 401, "unauthorized")
        self.assertError(answers[4], 429, "too_many_attempts")
        known = [self.login("supervisor", "x") for _ in range(5)]
        self.assertEqual([r.json for r in known[:4]],
                         [r.json for r in answers[:4]])

    def test_settings_tune_the_lock(self):
        self.srv.exec("INSERT INTO settings(key, value) VALUES"
                      " ('login_max_failures', '2'),"
                      " ('login_lock_minutes', '1')")
        self.assertError(self.login("applicant", "x"), 401)
        e = self.assertError(self.login("applicant", "x"), 429)
        self.assertLessEqual(e["retry_after"], 60)
        self.assertIn("请1分钟后再试", e["message"])

    def test_sweep_purges_expired_sessions_and_stale_failures(self):
        self.assertStatus(self.login("applicant", ghtest.PASSWORD), 201)
        self.assertError(self.login("clerk", "x"), 401)
        live = self.srv.q1("SELECT count(*) FROM sessions")
        self.srv.exec("UPDATE sessions SET expires_at = 1 WHERE user_id ="
                      " (SELECT id FROM users WHERE username = 'applicant')")
        expired = self.srv.q1("SELECT count(*) FROM sessions WHERE"
                              " expires_at = 1")
        self.assertGreater(expired, 0)
        self.srv.exec("UPDATE login_failures SET first_at = first_at - 90000")
        r = run_cli("sweep", self.srv.db, "--today", ghtest.TODAY)
        self.assertEqual(r.returncode, 0, r.stderr)
        sanitizer_clean(self, r)
        self.assertIn("清理过期会话等%d条" % (expired + 1), r.stdout)
        self.assertEqual(self.srv.q1("SELECT count(*) FROM sessions"),
                         live - expired)
        self.assertIsNone(self.fails("clerk"))
        # the admin's session still works
        self.assertStatus(self.srv.get("/api/v1/me", token="admin"), 200)


if __name__ == "__main__":
    ghtest.main()
