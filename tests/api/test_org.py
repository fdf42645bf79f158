"""The organisation: regions, departments, windows with A/B posts, staff,
the logged-in account, and logout."""
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
            self.assertEqual(r.json["total"], 135)  # 131 + 4 demo staff
            names = {s["username"] for s in r.json["data"]}
            for u in ("admin", "supervisor", "reviewer", "clerk"):
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
                                " hex(token_hash) = upper(?)", tok), 0)

    def test_health(self):
        r = self.srv.get("/api/v1/health")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["status"], "ok")
        self.assertEqual(r.json["schema"], self.srv.q1("PRAGMA user_version"))


if __name__ == "__main__":
    ghtest.main()
