"""The organisation: regions, departments, windows with A/B posts, staff,
the logged-in account, and logout; the administrator's changes to staff
accounts and to the A/B posts of windows."""
import ghtest
from ghtest import ServerTest


class OrgTests(ServerTest):

    def test_regions_tree_with_four_levels(self):
        r = self.srv.get("/api/v1/regions")
        self.assertStatus(r, 200)
        regions = r.json["data"]
        self.assertEqual(r.json["total"], len(regions))
        by_id = {x["id"]: x for x in regions}
        self.assertEqual({x["level"] for x in regions}, {1, 2, 3, 4})
        roots = [x for x in regions if x["parent_id"] is None]
        self.assertEqual(len(roots), 1)
        self.assertEqual(roots[0]["level"], 1)
        for x in regions:
            if x["parent_id"] is not None:
                self.assertEqual(by_id[x["parent_id"]]["level"] + 1, x["level"])
        self.assertIn("灵川县", [x["name"] for x in regions])

    def test_46_departments(self):
        r = self.srv.get("/api/v1/departments")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["total"], 46)
        self.assertEqual(len({d["code"] for d in r.json["data"]}), 46)

    def test_46_windows_by_type(self):
        r = self.srv.get("/api/v1/windows")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["total"], 46)
        types = {}
        for w in r.json["data"]:
            types[w["type"]] = types.get(w["type"], 0) + 1
        self.assertEqual(types, {1: 14, 2: 20, 3: 1, 4: 11})
        labels = {w["type"]: w["type_label"] for w in r.json["data"]}
        self.assertIn("综合", labels[2])
        b01 = [w for w in r.json["data"] if w["no"] == "B01"][0]
        self.assertEqual(b01["type"], 2)
        self.assertIn(3, [d["id"] for d in b01["departments"]])
        for w in r.json["data"]:
            for p in w["posts"]:
                self.assertIsNotNone(p["a_user_id"])

    def test_staff_list(self):
        for who in ("admin", "supervisor"):
            r = self.srv.get("/api/v1/staff?per_page=200", token=who)
            self.assertStatus(r, 200)
            # 131 + 7 demo staff (the agent 代办员 and the leader 效能办主任 too)
            self.assertEqual(r.json["total"], 138)
            names = {s["username"] for s in r.json["data"]}
            for u in ("admin", "supervisor", "reviewer", "chief", "clerk"):
                self.assertIn(u, names)
            self.assertNotIn("applicant", names)
        self.assertEqual(self.srv.q1(
            "SELECT count(*) FROM users WHERE username LIKE 's___'"), 131)
        roles = {s["username"]: s["role"] for s in r.json["data"]}
        self.assertEqual((roles["clerk"], roles["reviewer"], roles["s001"]),
                         ("clerk", "reviewer", "chief"))
        posts = {s["post"] for s in r.json["data"]}
        self.assertTrue({"A", "B"} <= posts)
        for who in ("clerk", "reviewer", "applicant"):
            self.assertError(self.srv.get("/api/v1/staff", token=who), 403)
        self.assertError(self.srv.get("/api/v1/staff"), 401)
        # each post has an A holder and a B backup who are different people
        n = self.srv.q1("SELECT count(*) FROM window_posts WHERE b_user_id IS"
                        " NOT NULL AND b_user_id <> a_user_id")
        self.assertGreater(n, 0)

    def test_me_for_each_demo_role(self):
        want = {"admin": ("admin", None, None),
                "supervisor": ("supervisor", None, None),
                "reviewer": ("reviewer", 3, None),
                "clerk": ("clerk", None, 15),
                "applicant": ("applicant", None, None)}
        for u, (role, dept, window) in want.items():
            r = self.srv.get("/api/v1/me", token=u)
            self.assertStatus(r, 200)
            self.assertEqual(r.json["username"], u)
            self.assertEqual(r.json["role"], role)
            self.assertTrue(r.json["role_label"])
            self.assertEqual(r.json["dept_id"], dept)
            self.assertEqual(r.json["window_id"], window)
            self.assertNotIn("pw_hash", r.json)
        self.assertEqual(self.srv.get("/api/v1/me", token="applicant")
                         .json["name"], "王小明")
        self.assertEqual(self.srv.get("/api/v1/me", token="clerk")
                         .json["post"], "A")

    def test_logout_invalidates_token(self):
        srv = self.srv
        r = srv.post("/api/v1/session", {"username": "clerk",
                                         "password": ghtest.PASSWORD})
        tok = r.json["token"]
        self.assertStatus(srv.get("/api/v1/me", token=tok), 200)
        sessions = srv.q1("SELECT count(*) FROM sessions")
        r = srv.delete("/api/v1/session", token=tok)
        self.assertStatus(r, 200)
        self.assertEqual(srv.q1("SELECT count(*) FROM sessions"), sessions - 1)
        self.assertError(srv.get("/api/v1/me", token=tok), 401)
        self.assertError(srv.delete("/api/v1/session", token=tok), 401)
        # other sessions of the same account stay valid
        self.assertStatus(srv.get("/api/v1/me", token="clerk"), 200)
        # the token itself is never stored
        self.assertEqual(srv.q1("SELECT count(*) FROM sessions WHERE"
                                " " + ghtest.HEX("token_hash") + " = upper(?)", tok), 0)

    def test_health(self):
        r = self.srv.get("/api/v1/health")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["status"], "ok")
        self.assertEqual(r.json["schema"], self.srv.q1("PRAGMA user_version"))


NEW_PASSWORD = "换个新密码2026"     # 9 characters, 21 bytes


class OrgAdminTests(ServerTest):
    """The administrator's changes: staff accounts and the A/B posts of a
    window.  A server of its own, so that OrgTests sees the demo as built."""

    # ---- helpers -------------------------------------------------------------


    def setUp(self):
        # each test's failed logins are its own (the address's count would
        # otherwise add up across the class, all from 127.0.0.1)
        self.srv.exec("DELETE FROM login_throttle")

    def uid(self, username):
        return self.srv.q1("SELECT id FROM users WHERE username = ?", username)

    def window(self, no):
        return self.srv.q1("SELECT id FROM windows WHERE no = ?", no)

    def snapshot(self):
        """Everything a refused request must leave as it was."""
        c = self.srv.counts()
        c["users"] = self.srv.q("SELECT * FROM users ORDER BY id")
        c["window_posts"] = self.srv.q("SELECT * FROM window_posts ORDER BY id")
        c["sessions"] = self.srv.q("SELECT " + ghtest.HEX("token_hash") + " AS t, user_id FROM"
                                   " sessions ORDER BY 1")
        c["login_throttle"] = self.srv.q("SELECT * FROM login_throttle"
                                         " ORDER BY key")
        return c

    def assertRefused(self, r, status, field=None):
        """An error answer naming field (when given); the caller checks that
        nothing was written."""
        e = self.assertError(r, status)
        if field is not None:
            self.assertEqual(e.get("field"), field, "%r" % r)
        return e

    def create(self, username, token="admin", **fields):
        body = {"username": username, "name": "新同事" + username[-2:],
                "role": "clerk", "dept_id": 3, "window_id": self.window("B01"),
                "password": "initial-pw-1"}
        body.update(fields)
        r = self.srv.post("/api/v1/staff", body, token=token)
        self.assertStatus(r, 201)
        return r.json

    def login(self, username, password):
        return self.srv.post("/api/v1/session", {"username": username,
                                                 "password": password})

    def derived_posts_hold(self):
        """users.post is what the posts make each holder, and every holder
        is active staff of the post's window."""
        self.assertEqual(self.srv.q(
            "SELECT u.username, u.post FROM users u WHERE u.role <> 1 AND"
            " u.post IS DISTINCT FROM CASE WHEN EXISTS (SELECT 1 FROM window_posts p"
            " WHERE p.a_user_id = u.id) THEN 'A' WHEN EXISTS (SELECT 1 FROM"
            " window_posts p WHERE p.b_user_id = u.id) THEN 'B' ELSE u.post"
            " END"), [])
        self.assertEqual(self.srv.q(
            "SELECT p.id FROM window_posts p JOIN users u ON u.id IN"
            " (p.a_user_id, p.b_user_id) WHERE u.window_id IS DISTINCT FROM p.window_id"
            " OR u.active = 0"), [])

    def audit_rows(self, action, object_id):
        return self.srv.q("SELECT * FROM audit WHERE action = ? AND"
                          " object_id = ? ORDER BY id", action, object_id)

    def assertNoPasswordIn(self, rows, *passwords):
        for row in rows:
            text = (row["before"] or "") + (row["after"] or "")
            self.assertNotIn("argon2", text)
            self.assertNotIn("pw_hash", text)
            self.assertNotIn('"password"', text)
            for pw in passwords:
                self.assertNotIn(pw, text)

    # ---- staff ---------------------------------------------------------------

    def test_create_staff_who_can_log_in(self):
        b01 = self.window("B01")
        r = self.srv.post("/api/v1/staff", {
            "username": "zhang.wei", "name": "张伟", "role": "clerk",
            "dept_id": 3, "window_id": b01, "post": "B", "phone": "0773-6810001",
            "email": "zhangwei@example.cn", "password": "correct-horse"},
            token="admin")
        self.assertStatus(r, 201)
        s = r.json
        self.assertEqual((s["username"], s["name"], s["role"], s["role_label"],
                          s["dept_id"], s["window_id"], s["window_no"],
                          s["post"], s["phone"], s["email"], s["active"]),
                         ("zhang.wei", "张伟", "clerk", "窗口人员", 3, b01, "B01",
                          "B", "077*-***0001", "zhangwei@example.cn", True))
        # answers mask the phone; the store keeps it whole
        self.assertEqual(self.srv.q1("SELECT phone FROM users WHERE id = ?",
                                     s["id"]), "0773-6810001")
        self.assertEqual(s["dept_name"], "市场监管局")
        # the shape of the list's rows, plus the e-mail address
        listed = [x for x in self.srv.get("/api/v1/staff?per_page=200&page=1",
                                          token="admin").json["data"]
                  if x["id"] == s["id"]]
        if not listed:
            listed = self.srv.get("/api/v1/staff?per_page=200&page=2",
                                  token="admin").json["data"]
            listed = [x for x in listed if x["id"] == s["id"]]
        self.assertEqual(len(listed), 1)
        self.assertEqual(set(s) - set(listed[0]), {"email"})
        for k, v in listed[0].items():
            self.assertEqual(s[k], v, k)
        self.assertEqual(self.srv.get("/api/v1/staff/%d" % s["id"],
                                      token="supervisor").json, s)
        # stored as an argon2id hash, never as given
        row = self.srv.q("SELECT * FROM users WHERE id = ?", s["id"])[0]
        self.assertTrue(row["pw_hash"].startswith("$argon2id$"))
        self.assertEqual(row["created_at"] > 0, True)
        # the new person logs in and is who the administrator said
        r = self.login("zhang.wei", "correct-horse")
        self.assertStatus(r, 201)
        me = self.srv.get("/api/v1/me", token=r.json["token"]).json
        self.assertEqual((me["role"], me["dept_id"], me["window_id"],
                          me["post"]), ("clerk", 3, b01, "B"))
        audit = self.audit_rows("staff.create", "zhang.wei")
        self.assertEqual(len(audit), 1)
        self.assertEqual(audit[0]["actor_id"], self.uid("admin"))
        self.assertEqual(audit[0]["before"], "null")
        self.assertIn("张伟", audit[0]["after"])
        self.assertNoPasswordIn(audit, "correct-horse")

    def test_create_every_staff_role(self):
        b01 = self.window("B01")
        for role, extra in (("chief", {"dept_id": 8, "window_id": b01}),
                            ("reviewer", {"dept_id": 8, "window_id": None}),
                            ("admin", {"dept_id": None, "window_id": None}),
                            ("supervisor", {"dept_id": None,
                                            "window_id": None})):
            # separation of duties: supervisors create supervisors
            s = self.create("role." + role, role=role, token="supervisor"
                            if role == "supervisor" else "admin", **extra)
            self.assertEqual(s["role"], role)
            self.assertEqual(s["dept_id"], extra["dept_id"])
            self.assertEqual(s["window_id"], extra["window_id"])
        # a password of 8 Chinese characters is 8 characters, not 24 bytes
        self.create("hanzi.pw", password="八个汉字的密码啊")
        self.assertStatus(self.login("hanzi.pw", "八个汉字的密码啊"), 201)

    def test_create_refusals_write_nothing(self):
        b01, a02 = self.window("B01"), self.window("A02")
        ok = {"username": "li.na", "name": "李娜", "role": "clerk",
              "dept_id": 3, "window_id": b01, "password": "initial-pw-1"}

        def body(**kw):
            b = dict(ok)
            for k, v in kw.items():
                if v is ...:
                    del b[k]
                else:
                    b[k] = v
            return b

        cases = [
            (body(username=...), 422, "username"),
            (body(username="LiNa"), 422, "username"),
            (body(username="ln"), 422, "username"),
            (body(username="x" * 33), 422, "username"),
            (body(username="li na"), 422, "username"),
            (body(username="clerk"), 409, "username"),
            (body(username=7), 400, "username"),
            (body(name=...), 422, "name"),
            (body(name=""), 422, "name"),
            (body(name="名" * 30), 422, "name"),
            (body(role=...), 422, "role"),
            (body(role="applicant"), 422, "role"),
            (body(role="system"), 422, "role"),
            (body(role="boss"), 422, "role"),
            (body(dept_id=...), 422, "dept_id"),
            (body(dept_id=99999), 422, "dept_id"),
            (body(dept_id="3"), 400, "dept_id"),
            (body(dept_id=0), 422, "dept_id"),
            (body(role="admin", window_id=None), 422, "dept_id"),
            (body(role="reviewer"), 422, "window_id"),
            (body(window_id=99999), 422, "window_id"),
            (body(window_id=a02), 422, "window_id"),
            (body(post="C"), 422, "post"),
            (body(window_id=None, post="A"), 422, "post"),
            (body(phone="call me"), 422, "phone"),
            (body(phone="1" * 21), 422, "phone"),
            (body(email="not-an-address"), 422, "email"),
            (body(email="a b@example.cn"), 422, "email"),
            (body(password=...), 422, "password"),
            (body(password="short"), 422, "password"),
            (body(password="七个汉字的密码"), 422, "password"),
            (body(password=12345678), 400, "password"),
        ]
        before = self.snapshot()
        for b, status, field in cases:
            with self.subTest(body=b):
                self.assertRefused(self.srv.post("/api/v1/staff", b,
                                                 token="admin"), status, field)
        self.assertRefused(self.srv.post("/api/v1/staff", raw="{\"username\":",
                                         token="admin"), 400)
        self.assertRefused(self.srv.post("/api/v1/staff", raw="[]",
                                         token="admin"), 400)
        for who in ("clerk", "reviewer", "applicant"):
            self.assertRefused(self.srv.post("/api/v1/staff", ok, token=who),
                               403)
        self.assertRefused(self.srv.post("/api/v1/staff", ok), 401)
        self.assertEqual(self.snapshot(), before)
        # a supervisor creates supervisors only: refused, and audited
        self.assertRefused(self.srv.post("/api/v1/staff", ok,
                                         token="supervisor"), 403)
        self.assertEqual(len(self.audit_rows("staff.denied", "li.na")), 1)
        self.assertIsNone(self.uid("li.na"))

    def test_patch_staff(self):
        s = self.create("patch.me", phone="13800000001")
        b01, b15 = self.window("B01"), self.window("B15")
        audits = self.srv.q1("SELECT count(*) FROM audit")
        r = self.srv.request("PATCH", "/api/v1/staff/%d" % s["id"], {
            "name": "改名后", "phone": "13800000002", "email": "p@example.cn",
            "post": "A"}, token="admin")
        self.assertStatus(r, 200)
        self.assertEqual((r.json["name"], r.json["phone"], r.json["email"],
                          r.json["post"], r.json["window_id"]),
                         ("改名后", "138****0002", "p@example.cn", "A", b01))
        self.assertEqual(self.srv.q1("SELECT phone FROM users WHERE id = ?",
                                     s["id"]), "13800000002")
        # move to B15 (it serves dept 3 too), then become a reviewer of 8
        r = self.srv.request("PATCH", "/api/v1/staff/%d" % s["id"],
                             {"window_id": b15, "post": ""}, token="admin")
        self.assertStatus(r, 200)
        self.assertEqual((r.json["window_no"], r.json["post"]), ("B15", ""))
        r = self.srv.request("PATCH", "/api/v1/staff/%d" % s["id"], {
            "role": "reviewer", "dept_id": 8, "window_id": None},
            token="admin")
        self.assertStatus(r, 200)
        self.assertEqual((r.json["role"], r.json["role_label"],
                          r.json["dept_id"], r.json["window_id"]),
                         ("reviewer", "审批人员", 8, None))
        row = self.srv.q("SELECT * FROM users WHERE id = ?", s["id"])[0]
        self.assertEqual((row["role"], row["dept_id"], row["window_id"],
                          row["email"]), (8, 8, None, "p@example.cn"))
        self.assertEqual(self.srv.get("/api/v1/staff/%d" % s["id"],
                                      token="admin").json, r.json)
        # each change is one audit record with before and after
        self.assertEqual(self.srv.q1("SELECT count(*) FROM audit"), audits + 3)
        rows = self.audit_rows("staff.update", "patch.me")
        self.assertEqual(len(rows), 3)
        self.assertIn('"name":"新同事me"', rows[0]["before"])
        self.assertIn('"name":"改名后"', rows[0]["after"])
        self.assertIn('"role":"reviewer"', rows[2]["after"])
        self.assertNoPasswordIn(rows)
        # the demo clerk (no department) can still have the phone changed
        clerk = self.uid("clerk")
        r = self.srv.request("PATCH", "/api/v1/staff/%d" % clerk,
                             {"phone": "13907731009"}, token="admin")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["phone"], "139****1009")
        # a change that changes nothing writes nothing, and the object as
        # GET answers it can be sent back whole
        before = self.snapshot()
        whole = r.json
        r = self.srv.request("PATCH", "/api/v1/staff/%d" % clerk, whole,
                             token="admin")
        self.assertStatus(r, 200)
        self.assertEqual(r.json, whole)
        self.assertEqual(self.snapshot(), before)

    def test_patch_refusals_write_nothing(self):
        s = self.create("refuse.me")
        admin, applicant = self.uid("admin"), self.uid("applicant")
        holder = self.srv.q1("SELECT a_user_id FROM window_posts ORDER BY id"
                             " LIMIT 1")
        backup = self.srv.q1("SELECT b_user_id FROM window_posts WHERE"
                             " b_user_id IS NOT NULL AND b_user_id NOT IN"
                             " (SELECT a_user_id FROM window_posts)"
                             " ORDER BY id LIMIT 1")
        other_window = self.srv.q1(
            "SELECT wd.window_id FROM window_depts wd JOIN users u ON"
            " u.dept_id = wd.dept_id WHERE u.id = ? AND wd.window_id <>"
            " u.window_id LIMIT 1", holder)
        path = "/api/v1/staff/%d"
        cases = [
            (path % 999999, {"name": "x"}, 404, None),
            (path % applicant, {"name": "x"}, 404, None),
            ("/api/v1/staff/abc", {"name": "x"}, 404, None),
            (path % s["id"], {}, 422, None),
            (path % s["id"], {"username": "other"}, 422, "username"),
            (path % s["id"], {"password": "whatever-1"}, 422, "password"),
            (path % s["id"], {"name": ""}, 422, "name"),
            (path % s["id"], {"role": "applicant"}, 422, "role"),
            (path % s["id"], {"role": "admin"}, 422, "dept_id"),
            (path % s["id"], {"role": "reviewer"}, 422, "window_id"),
            (path % s["id"], {"dept_id": None}, 422, "dept_id"),
            (path % s["id"], {"dept_id": 99999}, 422, "dept_id"),
            (path % s["id"], {"dept_id": 23}, 422, "window_id"),
            (path % s["id"], {"window_id": 99999}, 422, "window_id"),
            (path % s["id"], {"window_id": None, "post": "B"}, 422, "post"),
            (path % s["id"], {"post": "AB"}, 422, "post"),
            (path % s["id"], {"email": "nope"}, 422, "email"),
            (path % s["id"], {"phone": "电话"}, 422, "phone"),
            (path % s["id"], {"active": "no"}, 400, "active"),
            (path % s["id"], {"dept_id": "8"}, 400, "dept_id"),
            # an administrator cannot lock themselves out
            (path % admin, {"active": False}, 409, "active"),
            (path % admin, {"role": "supervisor"}, 409, "role"),
            # post holders: the window's posts change first
            (path % holder, {"active": False}, 409, None),
            (path % holder, {"window_id": other_window}, 409, None),
            (path % holder, {"post": ""}, 409, None),
            (path % backup, {"post": "A"}, 409, None),
            (path % backup, {"active": False}, 409, None),
        ]
        before = self.snapshot()
        for p, b, status, field in cases:
            with self.subTest(path=p, body=b):
                e = self.assertRefused(self.srv.request("PATCH", p, b,
                                       token="admin"), status, field)
                if status == 409 and field is None:
                    self.assertIn("A/B岗设置", e["message"])
        self.assertRefused(self.srv.request("PATCH", path % s["id"],
                           raw="{name", token="admin"), 400)
        for who in ("clerk", "reviewer", "applicant"):
            self.assertRefused(self.srv.request("PATCH", path % s["id"],
                               {"name": "x"}, token=who), 403)
        self.assertEqual(self.snapshot(), before)
        # a supervisor does not manage a clerk: refused, and audited
        self.assertRefused(self.srv.request("PATCH", path % s["id"],
                           {"name": "x"}, token="supervisor"), 403)
        self.assertEqual(len(self.audit_rows("staff.denied", s["username"])),
                         1)
        self.assertEqual(self.srv.q1("SELECT name FROM users WHERE id = ?",
                                     s["id"]), s["name"])

    def test_deactivate_ends_sessions_and_login(self):
        s = self.create("leaving.soon", password="leaving-pw-1")
        t1 = self.login("leaving.soon", "leaving-pw-1").json["token"]
        t2 = self.login("leaving.soon", "leaving-pw-1").json["token"]
        self.assertStatus(self.srv.get("/api/v1/me", token=t1), 200)
        r = self.srv.request("PATCH", "/api/v1/staff/%d" % s["id"],
                             {"active": False}, token="admin")
        self.assertStatus(r, 200)
        self.assertIs(r.json["active"], False)
        self.assertEqual(self.srv.q1("SELECT count(*) FROM sessions WHERE"
                                     " user_id = ?", s["id"]), 0)
        for t in (t1, t2):
            self.assertError(self.srv.get("/api/v1/me", token=t), 401)
        self.assertError(self.login("leaving.soon", "leaving-pw-1"), 401)
        # back again: the same password works
        r = self.srv.request("PATCH", "/api/v1/staff/%d" % s["id"],
                             {"active": True}, token="admin")
        self.assertStatus(r, 200)
        self.assertStatus(self.login("leaving.soon", "leaving-pw-1"), 201)
        rows = self.audit_rows("staff.update", "leaving.soon")
        self.assertIn('"active":false', rows[0]["after"])
        self.assertIn('"active":true', rows[0]["before"])
        self.assertIn('"sessions_ended":2', rows[0]["after"])
        self.assertNotIn("sessions_ended", rows[1]["after"])

    def test_password_reset(self):
        s = self.create("forgetful", password="old-password-1")
        old = self.login("forgetful", "old-password-1").json["token"]
        r = self.srv.post("/api/v1/staff/%d/password" % s["id"],
                          {"password": NEW_PASSWORD}, token="admin")
        self.assertStatus(r, 200)
        self.assertEqual((r.json["id"], r.json["username"],
                          r.json["sessions_ended"]), (s["id"], "forgetful", 1))
        self.assertError(self.srv.get("/api/v1/me", token=old), 401)
        self.assertError(self.login("forgetful", "old-password-1"), 401)
        self.assertStatus(self.login("forgetful", NEW_PASSWORD), 201)
        rows = self.audit_rows("staff.password", "forgetful")
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["after"], '{"sessions_ended":1}')
        self.assertNoPasswordIn(rows, NEW_PASSWORD, "old-password-1")
        # a reset also lifts a lock from failed logins
        for _ in range(5):
            self.login("forgetful", "guess-guess")
        self.assertError(self.login("forgetful", NEW_PASSWORD), 429)
        self.assertStatus(self.srv.post("/api/v1/staff/%d/password" % s["id"],
                          {"password": "third-password"}, token="admin"), 200)
        self.assertStatus(self.login("forgetful", "third-password"), 201)

    def test_password_reset_of_own_account_keeps_this_session(self):
        me = self.create("admin.two", role="admin", dept_id=None,
                         window_id=None, password="admin-two-pw")
        this = self.login("admin.two", "admin-two-pw").json["token"]
        other = self.login("admin.two", "admin-two-pw").json["token"]
        r = self.srv.post("/api/v1/staff/%d/password" % me["id"],
                          {"password": "admin-two-new"}, token=this)
        self.assertStatus(r, 200)
        self.assertEqual(r.json["sessions_ended"], 1)
        self.assertStatus(self.srv.get("/api/v1/me", token=this), 200)
        self.assertError(self.srv.get("/api/v1/me", token=other), 401)
        self.assertStatus(self.login("admin.two", "admin-two-new"), 201)

    def test_password_refusals_write_nothing(self):
        s = self.create("pw.refused")
        before = self.snapshot()
        p = "/api/v1/staff/%d/password"
        for path, body, status, field in (
                (p % s["id"], {}, 422, "password"),
                (p % s["id"], {"password": "1234567"}, 422, "password"),
                (p % s["id"], {"password": 12345678}, 400, "password"),
                (p % s["id"], {"password": "x" * 257}, 422, "password"),
                (p % 999999, {"password": "long-enough"}, 404, None),
                (p % self.uid("applicant"), {"password": "long-enough"}, 404,
                 None)):
            with self.subTest(path=path, body=body):
                self.assertRefused(self.srv.post(path, body, token="admin"),
                                   status, field)
        self.assertRefused(self.srv.post(p % s["id"], raw="pw",
                                         token="admin"), 400)
        for who in ("clerk", "reviewer", "applicant"):
            self.assertRefused(self.srv.post(p % s["id"], {"password":
                               "long-enough"}, token=who), 403)
        self.assertEqual(self.snapshot(), before)
        # a supervisor does not reset a clerk's password: refused, audited
        self.assertRefused(self.srv.post(p % s["id"], {"password":
                           "long-enough"}, token="supervisor"), 403)
        self.assertEqual(len(self.audit_rows("staff.denied", s["username"])),
                         1)

    def test_get_staff_member(self):
        clerk = self.uid("clerk")
        r = self.srv.get("/api/v1/staff/%d" % clerk, token="supervisor")
        self.assertStatus(r, 200)
        self.assertEqual((r.json["username"], r.json["role"], r.json["post"]),
                         ("clerk", "clerk", "A"))
        self.assertIn("email", r.json)
        self.assertNotIn("pw_hash", r.json)
        self.assertError(self.srv.get("/api/v1/staff/%d" %
                                      self.uid("applicant"), token="admin"),
                         404)
        self.assertError(self.srv.get("/api/v1/staff/999999", token="admin"),
                         404)
        self.assertError(self.srv.get("/api/v1/staff/%d" % clerk,
                                      token="clerk"), 403)

    # ---- A/B posts -----------------------------------------------------------

    def test_demo_posts_are_consistent(self):
        self.derived_posts_hold()

    def test_posts_round_trip_and_users_post_follows(self):
        b01 = self.window("B01")
        r = self.srv.get("/api/v1/windows/%d/posts" % b01, token="supervisor")
        self.assertStatus(r, 200)
        original = r.json
        self.assertEqual((original["window_id"], original["window_no"]),
                         (b01, "B01"))
        self.assertGreater(len(original["posts"]), 0)
        staff_ids = {x["id"] for x in original["staff"]}
        for p in original["posts"]:
            self.assertIn(p["a_user_id"], staff_ids)
        # the public window list shows the same posts
        w = [x for x in self.srv.get("/api/v1/windows").json["data"]
             if x["id"] == b01][0]
        self.assertEqual(w["posts"], original["posts"])

        newbie = self.create("post.holder", window_id=b01)
        a_old = original["posts"][0]["a_user_id"]
        b_old = original["posts"][0]["b_user_id"]
        posts = [{"name": "企业开办受理岗", "a_user_id": newbie["id"],
                  "b_user_id": a_old},
                 {"name": "综合咨询岗", "a_user_id": b_old, "b_user_id": None}]
        r = self.srv.put("/api/v1/windows/%d/posts" % b01, {"posts": posts},
                         token="admin")
        self.assertStatus(r, 200)
        got = [{k: p[k] for k in ("name", "a_user_id", "b_user_id")}
               for p in r.json["posts"]]
        self.assertEqual(got, posts)
        self.assertEqual(r.json["posts"][0]["a_name"], newbie["name"])
        self.assertEqual(self.srv.get("/api/v1/windows/%d/posts" % b01,
                                      token="admin").json, r.json)
        post_of = {x["id"]: x["post"] for x in r.json["staff"]}
        self.assertEqual((post_of[newbie["id"]], post_of[a_old],
                          post_of[b_old]), ("A", "B", "A"))
        # those no longer on a post have none (the demo clerk was A)
        self.assertEqual(post_of[self.uid("clerk")], "")
        self.assertEqual(self.srv.get("/api/v1/me", token="clerk")
                         .json["post"], "")
        self.derived_posts_hold()
        rows = self.audit_rows("window.posts", str(b01))
        self.assertEqual(len(rows), 1)
        self.assertIn("企业开办受理岗", rows[0]["after"])
        self.assertIn(original["posts"][0]["name"], rows[0]["before"])
        # the new A holder now cannot simply leave
        self.assertError(self.srv.request("PATCH", "/api/v1/staff/%d" %
                         newbie["id"], {"active": False}, token="admin"), 409)
        # put the demo's posts back: the holders' posts are as before, and
        # whoever is on no post of the window has none (even if given one
        # when the account was made)
        back = [{"name": p["name"], "a_user_id": p["a_user_id"],
                 "b_user_id": p["b_user_id"]} for p in original["posts"]]
        r = self.srv.put("/api/v1/windows/%d/posts" % b01, {"posts": back},
                         token="admin")
        self.assertStatus(r, 200)
        was = {x["id"]: x["post"] for x in original["staff"]}
        now = {x["id"]: x["post"] for x in r.json["staff"]}
        for x in now:
            held = ("A" if any(p["a_user_id"] == x for p in back) else
                    "B" if any(p["b_user_id"] == x for p in back) else "")
            self.assertEqual(now[x], held, x)
            if held:
                self.assertEqual(was[x], held, x)
        self.assertEqual(now[self.uid("clerk")], "A")
        self.derived_posts_hold()
        # and now the newcomer may leave
        self.assertStatus(self.srv.request("PATCH", "/api/v1/staff/%d" %
                          newbie["id"], {"active": False}, token="admin"), 200)

    def test_posts_emptied(self):
        a01 = self.window("A01")
        holders = self.srv.q("SELECT id FROM users WHERE window_id = ?", a01)
        r = self.srv.put("/api/v1/windows/%d/posts" % a01, {"posts": []},
                         token="admin")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["posts"], [])
        self.assertEqual(self.srv.q1("SELECT count(*) FROM window_posts WHERE"
                                     " window_id = ?", a01), 0)
        for h in holders:
            self.assertEqual(self.srv.q1("SELECT post FROM users WHERE id = ?",
                                         h["id"]), "")
        self.derived_posts_hold()

    def test_posts_refusals_write_nothing(self):
        b02 = self.window("B02")
        cur = self.srv.get("/api/v1/windows/%d/posts" % b02,
                           token="admin").json
        a, b = cur["posts"][0]["a_user_id"], cur["posts"][0]["b_user_id"]
        elsewhere = self.srv.q1("SELECT id FROM users WHERE window_id <> ?"
                                " AND role = 2 LIMIT 1", b02)
        gone = self.create("inactive.b02", dept_id=1, window_id=b02)
        self.assertStatus(self.srv.request("PATCH", "/api/v1/staff/%d" %
                          gone["id"], {"active": False}, token="admin"), 200)
        path = "/api/v1/windows/%d/posts" % b02

        def one(**kw):
            p = {"name": "岗", "a_user_id": a, "b_user_id": b}
            p.update(kw)
            return {"posts": [p]}

        cases = [
            ("/api/v1/windows/99999/posts", {"posts": []}, 404, None),
            ("/api/v1/windows/x/posts", {"posts": []}, 404, None),
            (path, {}, 422, "posts"),
            (path, {"posts": None}, 422, "posts"),
            (path, {"posts": {"name": "岗"}}, 400, "posts"),
            (path, {"posts": ["岗"]}, 400, "posts[0]"),
            (path, one(name=None), 422, "posts[0].name"),
            (path, one(name=""), 422, "posts[0].name"),
            (path, one(name=3), 400, "posts[0].name"),
            (path, one(name="岗" * 21), 422, "posts[0].name"),
            (path, {"posts": [one()["posts"][0], one(a_user_id=b,
                    b_user_id=a)["posts"][0]]}, 422, "posts[1].name"),
            (path, one(a_user_id=None), 422, "posts[0].a_user_id"),
            (path, one(a_user_id="1"), 400, "posts[0].a_user_id"),
            (path, one(b_user_id="1"), 400, "posts[0].b_user_id"),
            (path, one(b_user_id=0), 422, "posts[0].b_user_id"),
            (path, one(b_user_id=a), 422, "posts[0].b_user_id"),
            (path, one(a_user_id=999999), 422, "posts[0].a_user_id"),
            (path, one(a_user_id=self.uid("applicant")), 422,
             "posts[0].a_user_id"),
            (path, one(b_user_id=elsewhere), 422, "posts[0].b_user_id"),
            (path, one(b_user_id=self.uid("reviewer")), 422,
             "posts[0].b_user_id"),
            (path, one(a_user_id=gone["id"]), 422, "posts[0].a_user_id"),
            (path, {"posts": [{"name": "岗%d" % i, "a_user_id": a}
                              for i in range(21)]}, 422, "posts"),
        ]
        before = self.snapshot()
        for p, body, status, field in cases:
            with self.subTest(path=p, body=body):
                self.assertRefused(self.srv.put(p, body, token="admin"),
                                   status, field)
        self.assertRefused(self.srv.put(path, raw="[", token="admin"), 400)
        self.assertRefused(self.srv.put(path, raw="[]", token="admin"), 400)
        for who in ("supervisor", "clerk", "reviewer", "applicant"):
            self.assertRefused(self.srv.put(path, one(), token=who), 403)
        for who in ("clerk", "reviewer", "applicant"):
            self.assertRefused(self.srv.get(path, token=who), 403)
        self.assertRefused(self.srv.get(path), 401)
        self.assertEqual(self.snapshot(), before)

    def test_zz_audit_chain_intact(self):
        r = self.srv.get("/api/v1/audit/verify", token="supervisor")
        self.assertStatus(r, 200)
        self.assertTrue(r.json["intact"])
        self.assertNoPasswordIn(self.srv.q(
            "SELECT before, after FROM audit WHERE object_type = 'user'"),
            "initial-pw-1", NEW_PASSWORD)


if __name__ == "__main__":
    ghtest.main()
