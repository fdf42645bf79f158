"""Passwords: anyone changes their own, proving the old one; staff
passwords are checked for strength with libpwquality ("12345678" and the
like are refused with a Chinese reason); a change ends the person's other
sessions (issue 8, point 11)."""
import ghtest
from ghtest import ServerTest


class PasswordTests(ServerTest):
    logins = ("admin", "clerk", "reviewer")

    def setUp(self):
        self.srv.exec("DELETE FROM login_throttle")

    def change(self, who, old, new):
        return self.srv.post("/api/v1/session/password",
                             {"old_password": old, "new_password": new},
                             token=who)

    def test_change_own_password(self):
        other = self.srv.post("/api/v1/session", {
            "username": "reviewer", "password": ghtest.PASSWORD}).json["token"]
        r = self.change("reviewer", ghtest.PASSWORD, "Lingchuan#2026q")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["sessions_ended"], 1)
        # this session stays, the other one ended, the old password is gone
        self.assertStatus(self.srv.get("/api/v1/me", token="reviewer"), 200)
        self.assertError(self.srv.get("/api/v1/me", token=other), 401)
        self.assertError(self.srv.post("/api/v1/session", {
            "username": "reviewer", "password": ghtest.PASSWORD}), 401)
        self.assertStatus(self.srv.post("/api/v1/session", {
            "username": "reviewer", "password": "Lingchuan#2026q"}), 201)
        rows = self.srv.q("SELECT after FROM audit WHERE action ="
                          " 'session.password'")
        self.assertEqual(len(rows), 1)
        self.assertNotIn("Lingchuan", rows[0]["after"])

    def test_refusals_write_nothing(self):
        before = self.srv.counts()
        hashes = self.srv.q("SELECT pw_hash FROM users ORDER BY id")
        for old, new, status in (
                ("wrong-password", "Lingchuan#2026q", 401),
                (ghtest.PASSWORD, "12345678", 422),
                (ghtest.PASSWORD, "password123", 422),
                (ghtest.PASSWORD, "qwertyuiop", 422),
                (ghtest.PASSWORD, "short", 422),
                (ghtest.PASSWORD, "clerk2026clerk", 422),
                (ghtest.PASSWORD, ghtest.PASSWORD, 422)):
            e = self.assertError(self.change("clerk", old, new), status)
            self.assertTrue(e["message"])
        self.assertError(self.srv.post("/api/v1/session/password",
                                       {"new_password": "Lingchuan#2026q"},
                                       token="clerk"), 422)
        self.assertError(self.srv.post("/api/v1/session/password",
                                       {"old_password": "x",
                                        "new_password": "Lingchuan#2026q"}),
                         401)
        self.assertEqual(self.srv.q("SELECT pw_hash FROM users ORDER BY id"),
                         hashes)
        after = self.srv.counts()
        # a wrong old password is a failed login: aggregated audit only
        self.assertLessEqual(after["audit"] - before["audit"], 1)
        before["audit"] = after["audit"]
        self.assertEqual(after, before)

    def test_weak_staff_passwords_are_refused(self):
        r = self.srv.post("/api/v1/staff", {
            "username": "weak.one", "name": "弱密码", "role": "clerk",
            "dept_id": 3, "password": "12345678"}, token="admin")
        e = self.assertError(r, 422)
        self.assertIn("密码", e["message"])
        sid = self.srv.q1("SELECT id FROM users WHERE username = 'clerk'")
        r = self.srv.post("/api/v1/staff/%d/password" % sid,
                          {"password": "11111111"}, token="admin")
        self.assertError(r, 422)


if __name__ == "__main__":
    ghtest.main()
