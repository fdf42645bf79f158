"""Separation of duties (issue 8, point 4): the centre administrator, who is
among the supervised, cannot take over supervision.  Supervisor accounts
are created and their contacts changed by supervisors only; resets, role
changes and (de)activation of a supervisor wait for a second supervisor;
every refused attempt is refused with 403 and audited as staff.denied."""
import ghtest
from ghtest import ServerTest

PW = "second-sup-pw"


class DutyTests(ServerTest):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # supervisors make supervisors: two more, so that a second and a
        # third person exist to approve
        for name in ("sup.two", "sup.three"):
            r = cls.srv.post("/api/v1/staff", {
                "username": name, "name": "监察" + name[-3:],
                "role": "supervisor", "password": PW}, token="supervisor")
            assert r.status == 201, r
            cls.srv.login(name, PW)

    def uid(self, username):
        return self.srv.q1("SELECT id FROM users WHERE username = ?", username)

    def denied(self, username):
        return self.srv.q1("SELECT count(*) FROM audit WHERE action ="
                           " 'staff.denied' AND object_id = ?", username)

    def user_row(self, username):
        return self.srv.q("SELECT * FROM users WHERE username = ?", username)[0]

    def test_admin_cannot_take_over_supervision(self):
        sup = self.uid("supervisor")
        admin = self.uid("admin")
        before = self.user_row("supervisor")
        attempts = [
            # create a supervisor account of their own
            ("POST", "/api/v1/staff", {"username": "fake.sup", "name": "假监察",
                                       "role": "supervisor",
                                       "password": "takeover-pw"},
             "fake.sup"),
            # reset the supervisor's password and log in as them
            ("POST", "/api/v1/staff/%d/password" % sup,
             {"password": "takeover-pw"}, "supervisor"),
            # deactivate the supervisor
            ("PATCH", "/api/v1/staff/%d" % sup, {"active": False},
             "supervisor"),
            # redirect the supervisor's notifications
            ("PATCH", "/api/v1/staff/%d" % sup,
             {"email": "admin@example.cn", "phone": "13900000000"},
             "supervisor"),
            # demote the supervisor
            ("PATCH", "/api/v1/staff/%d" % sup, {"role": "admin"},
             "supervisor"),
            # grant supervision to a clerk
            ("PATCH", "/api/v1/staff/%d" % self.uid("reviewer"),
             {"role": "supervisor", "dept_id": None}, "reviewer"),
        ]
        for method, path, body, target in attempts:
            with self.subTest(path=path, body=body):
                n = self.denied(target)
                r = self.srv.request(method, path, body, token="admin")
                e = self.assertError(r, 403, "forbidden")
                self.assertIn("职责分离", e["message"])
                self.assertEqual(self.denied(target), n + 1)
        # nothing changed: the supervisor is as they were and can log in
        self.assertEqual(self.user_row("supervisor"), before)
        self.assertIsNone(self.uid("fake.sup"))
        self.assertEqual(self.user_row("reviewer")["role"], 8)
        self.assertEqual(self.srv.q1("SELECT count(*) FROM staff_requests"
                                     " WHERE requester_id = ?", admin), 0)
        r = self.srv.post("/api/v1/session", {"username": "supervisor",
                                              "password": "takeover-pw"})
        self.assertEqual(r.status, 401)
        # an administrator granting themselves supervision: refused (409,
        # no one changes their own role)
        r = self.srv.request("PATCH", "/api/v1/staff/%d" % admin,
                             {"role": "supervisor"}, token="admin")
        self.assertError(r, 409)
        self.assertEqual(self.user_row("admin")["role"], 16)
        # the denied attempts are in the audit trail with who and what
        row = self.srv.q("SELECT * FROM audit WHERE action = 'staff.denied'"
                         " AND object_id = 'fake.sup'")[0]
        self.assertEqual(row["actor_id"], admin)
        self.assertIn('"attempt":"create"', row["after"])
        self.assertNotIn("takeover-pw", row["after"])
        # and a supervisor still manages supervision
        self.assertStatus(self.srv.get("/api/v1/staff/requests",
                                       token="supervisor"), 200)
        self.assertError(self.srv.get("/api/v1/staff/requests",
                                      token="admin"), 403)

    def test_supervisor_edits_contact_at_once(self):
        two = self.uid("sup.two")
        r = self.srv.request("PATCH", "/api/v1/staff/%d" % two,
                             {"phone": "13700001111"}, token="supervisor")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["phone"], "137****1111")
        self.assertEqual(self.user_row("sup.two")["phone"], "13700001111")

    def test_supervisor_does_not_manage_other_staff(self):
        clerk = self.uid("clerk")
        n = self.denied("clerk")
        r = self.srv.post("/api/v1/staff/%d/password" % clerk,
                          {"password": "long-enough"}, token="supervisor")
        self.assertError(r, 403)
        self.assertEqual(self.denied("clerk"), n + 1)

    def test_reset_needs_a_second_supervisor(self):
        three = self.uid("sup.three")
        old_hash = self.user_row("sup.three")["pw_hash"]
        r = self.srv.post("/api/v1/staff/%d/password" % three,
                          {"password": "reset-by-two"}, token="supervisor")
        self.assertStatus(r, 202)
        req = r.json
        self.assertEqual((req["kind"], req["state"], req["target_id"]),
                         ("password", "pending", three))
        self.assertNotIn("change", req)
        self.assertIn("重置密码", req["summary"])
        self.assertNotIn("argon2", r.text)
        # nothing applied yet
        self.assertEqual(self.user_row("sup.three")["pw_hash"], old_hash)
        approve = "/api/v1/staff/requests/%d/approve" % req["id"]
        # the requester cannot approve their own request, nor the target
        for who in ("supervisor", "sup.three"):
            with self.subTest(who=who):
                self.assertError(self.srv.post(approve, token=who), 403)
        self.assertError(self.srv.post(approve, token="admin"), 403)
        self.assertEqual(self.user_row("sup.three")["pw_hash"], old_hash)
        listed = self.srv.get("/api/v1/staff/requests", token="sup.two")
        self.assertIn(req["id"], [x["id"] for x in listed.json["data"]])
        self.assertNotIn("argon2", listed.text)
        # a second, different supervisor approves: applied in one go
        r = self.srv.post(approve, token="sup.two")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["state"], "approved")
        self.assertEqual(r.json["decided_by"], self.uid("sup.two"))
        self.assertNotEqual(self.user_row("sup.three")["pw_hash"], old_hash)
        self.assertStatus(self.srv.post("/api/v1/session", {
            "username": "sup.three", "password": "reset-by-two"}), 201)
        # decided once only
        self.assertError(self.srv.post(approve, token="sup.two"), 409)
        audit = self.srv.q("SELECT * FROM audit WHERE action LIKE"
                           " 'staff.request%' AND object_id = 'sup.three'"
                           " ORDER BY id")
        self.assertEqual([a["action"] for a in audit],
                         ["staff.request", "staff.request.approve"])
        for a in audit:
            self.assertNotIn("argon2", a["after"] or "")
            self.assertNotIn("pw_hash", a["after"] or "")
        self.srv.login("sup.three", "reset-by-two")

    def test_deactivation_rejected_and_expiry(self):
        two = self.uid("sup.two")
        r = self.srv.request("PATCH", "/api/v1/staff/%d" % two,
                             {"active": False}, token="supervisor")
        self.assertStatus(r, 202)
        rid = r.json["id"]
        r = self.srv.post("/api/v1/staff/requests/%d/reject" % rid,
                          token="sup.three")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["state"], "rejected")
        self.assertEqual(self.user_row("sup.two")["active"], 1)
        # a request nobody decides in time expires
        r = self.srv.request("PATCH", "/api/v1/staff/%d" % two,
                             {"role": "admin"}, token="supervisor")
        self.assertStatus(r, 202)
        rid = r.json["id"]
        self.srv.exec("UPDATE staff_requests SET expires_at = 1 WHERE id = ?",
                      rid)
        r = self.srv.post("/api/v1/staff/requests/%d/approve" % rid,
                          token="sup.three")
        self.assertError(r, 409)
        self.assertEqual(self.user_row("sup.two")["role"], 32)
        listed = self.srv.get("/api/v1/staff/requests", token="supervisor")
        self.assertEqual([x["state"] for x in listed.json["data"]
                          if x["id"] == rid], ["expired"])
        self.assertError(self.srv.post("/api/v1/staff/requests/999999/approve",
                                       token="sup.three"), 404)

    def test_stale_request_cannot_reach_a_non_supervisor(self):
        # two requests on one supervisor: demote, then deactivate; once the
        # demotion is approved the deactivation would have supervisors
        # manage an administrator, so it is refused
        r = self.srv.post("/api/v1/staff", {
            "username": "sup.four", "name": "监察四", "role": "supervisor",
            "password": PW}, token="supervisor")
        self.assertStatus(r, 201)
        four = r.json["id"]
        demote = self.srv.request("PATCH", "/api/v1/staff/%d" % four,
                                  {"role": "admin"}, token="supervisor")
        off = self.srv.request("PATCH", "/api/v1/staff/%d" % four,
                               {"active": False}, token="supervisor")
        self.assertStatus(demote, 202)
        self.assertStatus(off, 202)
        self.assertStatus(self.srv.post("/api/v1/staff/requests/%d/approve"
                                        % demote.json["id"], token="sup.two"),
                          200)
        self.assertEqual(self.user_row("sup.four")["role"], 16)
        r = self.srv.post("/api/v1/staff/requests/%d/approve" % off.json["id"],
                          token="sup.two")
        self.assertError(r, 409)
        self.assertEqual(self.user_row("sup.four")["active"], 1)


class SupervisorRecoveryTests(ServerTest):
    """`govhall reset-supervisor`: the operator on the server makes the first
    supervisor of a new centre, or resets the only supervisor, audited."""
    logins = ()

    def test_init_then_first_supervisor_then_reset(self):
        tmp = ghtest.TempDir()
        try:
            db = tmp.file("fresh.db")
            r = ghtest.run_cli("init", db, "--admin-password", "admin-pw-123")
            self.assertEqual(r.returncode, 0, r.stderr)
            r = ghtest.run_cli("reset-supervisor", db, "chief.sup")
            self.assertEqual(r.returncode, 0, r.stderr)
            ghtest.sanitizer_clean(self, r)
            self.assertIn("已创建效能监察账号", r.stdout)
            pw1 = r.stdout.split("密码:")[1].split()[0]
            r = ghtest.run_cli("reset-supervisor", db, "chief.sup")
            self.assertEqual(r.returncode, 0, r.stderr)
            pw2 = r.stdout.split("密码:")[1].split()[0]
            self.assertNotEqual(pw1, pw2)
            # any other account is refused and left as it was
            r = ghtest.run_cli("reset-supervisor", db, "admin")
            self.assertEqual(r.returncode, 1)
            self.assertIn("不是效能监察账号", r.stderr)
            self.assertEqual(ghtest.run_cli("reset-supervisor", db,
                                            "Bad Name").returncode, 2)
            import sqlite3
            con = ghtest.connect(db)
            try:
                role = con.execute("SELECT role FROM users WHERE username ="
                                   " 'chief.sup'").fetchone()[0]
                actions = [x[0] for x in con.execute(
                    "SELECT action FROM audit WHERE object_id = 'chief.sup'"
                    " ORDER BY id")]
                after = con.execute("SELECT after FROM audit WHERE object_id"
                                    " = 'chief.sup'").fetchone()[0]
            finally:
                con.close()
            self.assertEqual(role, 32)
            self.assertEqual(actions, ["staff.cli_create_supervisor",
                                       "staff.cli_reset_supervisor"])
            self.assertNotIn(pw1, after)
            # the new password logs in
            srv = ghtest.Server(db).start()
            try:
                r = srv.post("/api/v1/session", {"username": "chief.sup",
                                                 "password": pw2})
                self.assertEqual(r.status, 201)
                me = srv.get("/api/v1/me", token=r.json["token"])
                self.assertEqual(me.json["role"], "supervisor")
            finally:
                srv.stop()
        finally:
            tmp.close()


if __name__ == "__main__":
    ghtest.main()
