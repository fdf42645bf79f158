"""Issue 10 §8, the loops the browser closes: the demo's chief account
finishes a 承诺件; the clerk sees and names the next handler of a case
(next_handler_id, checked: 422 for anyone but an active holder of the
step's role in the case's department, changing nothing); every role reads
only its own messages, with an unread count; statistics over any dates
and as a CSV download."""
import ghtest
from ghtest import ServerTest

# 市场监管局: steps 受理(clerk) 审核(reviewer) 批准(chief) 制证发证(clerk)
ITEM = "450323-SCJG-0001"
MATERIALS = ghtest.MAIN_MATERIALS


class UiLoopTests(ServerTest):
    logins = ServerTest.logins + ("chief", "s001")

    def uid(self, username):
        return self.srv.q1("SELECT id FROM users WHERE username = ?", username)

    def apply(self):
        r = self.srv.post("/api/v1/cases", {"item_code": ITEM,
                                            "materials": MATERIALS},
                          token="applicant")
        self.assertEqual(r.status, 201, r)
        return r.json

    def act_ok(self, cid, action, who, **args):
        r = self.srv.act(cid, action, who, **args)
        self.assertEqual(r.status, 200, r)
        return r.json

    def accepted(self):
        c = self.apply()
        return self.act_ok(c["id"], "accept", "clerk")

    def case_row(self, cid):
        return self.srv.q("SELECT * FROM cases WHERE id = ?", cid)[0]

    # ---- the chief demo account ------------------------------------------

    def test_chief_logs_in_and_finishes_a_case(self):
        me = self.srv.get("/api/v1/me", token="chief")
        self.assertEqual(me.status, 200, me)
        self.assertEqual(me.json["role"], "chief")
        dept = self.srv.q1("SELECT dept_id FROM users WHERE username ="
                           " 'reviewer'")
        self.assertEqual(self.srv.q1("SELECT dept_id FROM users WHERE"
                                     " username = 'chief'"), dept)
        c = self.accepted()
        c = self.act_ok(c["id"], "start_review", "clerk")
        c = self.act_ok(c["id"], "approve", "reviewer", note="材料齐全",
                        next_handler_id=self.uid("chief"))
        self.assertEqual(c["step_index"], 2)
        self.assertEqual(self.case_row(c["id"])["handler_id"],
                         self.uid("chief"))
        # the chief's queue holds it
        mine = self.srv.get("/api/v1/cases?state=under_review&mine=1",
                            token="chief")
        self.assertEqual(mine.status, 200, mine)
        self.assertIn(c["id"], [x["id"] for x in mine.json["data"]])
        c = self.act_ok(c["id"], "approve", "chief", note="同意")
        self.assertEqual((c["state"], c["decision"]), ("decided", "approve"))
        c = self.act_ok(c["id"], "complete", "clerk")
        self.assertEqual((c["state"], c["outcome"]), ("completed", "issued"))
        step = self.srv.q("SELECT handler_id FROM case_steps WHERE case_id = ?"
                          " AND idx = 2", c["id"])[0]
        self.assertEqual(step["handler_id"], self.uid("chief"))

    # ---- the next handler ------------------------------------------------

    def test_handlers_view_names_holder_and_candidates(self):
        c = self.accepted()
        r = self.srv.get("/api/v1/cases/%d/handlers" % c["id"], token="clerk")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["holder"]["id"], self.uid("clerk"))
        nxt = r.json["next"]
        self.assertEqual(nxt["role"], "reviewer")
        ids = [x["id"] for x in nxt["candidates"]]
        self.assertIn(self.uid("reviewer"), ids)
        self.assertIn(self.uid("chief"), ids)
        self.assertIn(nxt["suggested"]["id"], ids)
        # reviewers first, then the chiefs
        roles = [x["role"] for x in nxt["candidates"]]
        self.assertEqual(roles, sorted(roles, key=lambda x: x != "reviewer"))
        # an applicant has no access; another department's case is refused
        self.assertEqual(self.srv.get("/api/v1/cases/%d/handlers" % c["id"],
                                      token="applicant").status, 403)
        self.assertEqual(self.srv.get("/api/v1/cases/999999/handlers",
                                      token="clerk").status, 404)
        # a finished review has no next step
        c = self.act_ok(c["id"], "start_review", "clerk")
        r = self.srv.get("/api/v1/cases/%d/handlers" % c["id"], token="clerk")
        self.assertEqual(r.json["next"]["role"], "chief")

    def test_clerk_names_the_reviewer(self):
        c = self.accepted()
        chosen = self.uid("reviewer")
        c = self.act_ok(c["id"], "start_review", "clerk",
                        next_handler_id=chosen)
        self.assertEqual(c["state"], "under_review")
        self.assertEqual(self.case_row(c["id"])["handler_id"], chosen)
        step = self.srv.q("SELECT handler_id FROM case_steps WHERE case_id = ?"
                          " AND idx = 1", c["id"])[0]
        self.assertEqual(step["handler_id"], chosen)

    def test_bad_next_handler_is_422_and_changes_nothing(self):
        c = self.accepted()
        before = dict(self.case_row(c["id"]))
        audits = self.srv.q1("SELECT count(*) FROM audit")
        other_dept = self.srv.q1(
            "SELECT id FROM users WHERE role = 8 AND dept_id <> ? AND active"
            " = 1 ORDER BY id LIMIT 1", before["dept_id"])
        for bad in (self.uid("clerk"), self.uid("applicant"),
                    self.uid("supervisor"), other_dept, 999999):
            r = self.srv.act(c["id"], "start_review", "clerk",
                             next_handler_id=bad)
            self.assertEqual(r.status, 422, (bad, r))
            self.assertEqual(r.json["error"].get("field"), "next_handler_id")
            self.assertTrue(any("\u4e00" <= ch <= "\u9fff"
                                for ch in r.json["error"]["message"]))
        for bad in ("3", 0, -1, 1.5, True):
            r = self.srv.act(c["id"], "start_review", "clerk",
                             next_handler_id=bad)
            self.assertIn(r.status, (400, 422), (bad, r))
        # a deactivated reviewer may not be named
        rev2 = self.srv.q1("SELECT id FROM users WHERE role = 8 AND dept_id"
                           " = ? AND username <> 'reviewer' ORDER BY id LIMIT"
                           " 1", before["dept_id"])
        if rev2:
            self.srv.exec("UPDATE users SET active = 0 WHERE id = ?", rev2)
            r = self.srv.act(c["id"], "start_review", "clerk",
                             next_handler_id=rev2)
            self.assertEqual(r.status, 422, r)
            self.srv.exec("UPDATE users SET active = 1 WHERE id = ?", rev2)
        self.assertEqual(dict(self.case_row(c["id"])), before)
        self.assertEqual(self.srv.q1("SELECT count(*) FROM audit"), audits)
        # an action that starts no step takes no next handler
        c2 = self.apply()
        audits = self.srv.q1("SELECT count(*) FROM audit")
        r = self.srv.act(c2["id"], "accept", "clerk",
                         next_handler_id=self.uid("reviewer"))
        self.assertEqual(r.status, 422, r)
        self.assertEqual(self.case_row(c2["id"])["state"], 0)
        self.assertEqual(self.srv.q1("SELECT count(*) FROM audit"), audits)

    # ---- messages --------------------------------------------------------

    def test_messages_are_each_users_own(self):
        me = {u: self.uid(u) for u in ("clerk", "reviewer", "chief",
                                       "supervisor", "applicant")}
        now = 1795000000
        for u, uid in me.items():
            self.srv.exec("INSERT INTO notifications (user_id, kind, text,"
                          " created_at) VALUES (?, 'reminder', ?, ?)", uid,
                          "提醒" + u, now)
        for u, uid in me.items():
            r = self.srv.get("/api/v1/notifications?unread=1", token=u)
            self.assertEqual(r.status, 200, (u, r))
            texts = [n["text"] for n in r.json["data"]]
            self.assertIn("提醒" + u, texts)
            for other in me:
                if other != u:
                    self.assertNotIn("提醒" + other, texts)
            self.assertEqual(r.json["unread"], len(r.json["data"]))
        # reading another's message is 404 and changes nothing
        theirs = self.srv.q1("SELECT id FROM notifications WHERE user_id = ?"
                             " AND text = '提醒clerk'", me["clerk"])
        r = self.srv.post("/api/v1/notifications/%d/read" % theirs,
                          token="reviewer")
        self.assertEqual(r.status, 404, r)
        self.assertIsNone(self.srv.q1("SELECT read_at FROM notifications"
                                      " WHERE id = ?", theirs))
        n0 = self.srv.get("/api/v1/notifications", token="clerk").json["unread"]
        r = self.srv.post("/api/v1/notifications/%d/read" % theirs,
                          token="clerk")
        self.assertEqual(r.status, 200, r)
        self.assertIsNotNone(self.srv.q1("SELECT read_at FROM notifications"
                                         " WHERE id = ?", theirs))
        self.assertEqual(self.srv.get("/api/v1/notifications",
                                      token="clerk").json["unread"], n0 - 1)
        unread = self.srv.get("/api/v1/notifications?unread=1",
                              token="clerk").json["data"]
        self.assertNotIn(theirs, [n["id"] for n in unread])
        self.assertEqual(self.srv.get("/api/v1/notifications?unread=x",
                                      token="clerk").status, 400)

    # ---- statistics ------------------------------------------------------

    def test_stats_range_and_csv(self):
        r = self.srv.get("/api/v1/stats?from=2026-01-01&to=2026-11-23",
                         token="supervisor")
        self.assertEqual(r.status, 200, r)
        for bad in ("from=2026-11-23&to=2026-01-01", "from=2026-13-01",
                    "to=yesterday"):
            r = self.srv.get("/api/v1/stats?" + bad, token="supervisor")
            self.assertIn(r.status, (400, 422), (bad, r))
        r = self.srv.get("/api/v1/stats?from=2026-01-01&to=2026-11-23"
                         "&format=csv", token="supervisor")
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.headers.get("Content-Type", r.headers.get(
            "content-type", "")).startswith("text/csv"))
        self.assertTrue(r.raw.startswith(b"\xef\xbb\xbf"))
        self.assertIn("合计", r.raw.decode("utf-8"))


if __name__ == "__main__":
    import unittest
    unittest.main()
