"""Masking (issue 8, point 5): ID numbers (18 characters [0-9X]) and phones
(11 digits) leave the server masked in every list, detail and export, for
every role; the full values come only from POST /cases/{id}/reveal, for
staff who handle the case, audited with who, when, why and from where.
The applicant sees their own case whole."""
import re

import ghtest
from ghtest import ServerTest

ID_RE = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9X](?![0-9A-Za-z])")
PHONE_RE = re.compile(r"(?<![0-9A-Za-z])1[0-9]{10}(?![0-9A-Za-z])")
ROLES = ("admin", "supervisor", "reviewer", "clerk", "applicant", "s001")
# every list and export that a logged-in user can read, paged wide
LISTS = ("/api/v1/cases?per_page=200", "/api/v1/cases?per_page=200&page=2",
         "/api/v1/cases?per_page=200&state=open",
         "/api/v1/supervision/cases?per_page=200",
         "/api/v1/staff?per_page=200", "/api/v1/me",
         "/api/v1/supervision/notices", "/api/v1/supervision/sanctions",
         "/api/v1/supervision/anomalies", "/api/v1/supervision/cards",
         "/api/v1/notifications", "/api/v1/stats", "/api/v1/items/export",
         "/api/v1/windows", "/api/v1/supervision/board",
         "/api/v1/audit?per_page=200", "/api/v1/staff/requests")


class MaskingTests(ServerTest):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.srv.login("s001")   # a chief (首席代表) of the demo
        # the demo's walk-in cases carry no applicant account: make sure a
        # case of each kind exists with full numbers stored
        rows = cls.srv.q("SELECT applicant_id_no AS i, applicant_phone AS p"
                         " FROM cases UNION SELECT id_number, phone FROM users")
        cls.secrets = {v for r in rows for v in (r["i"], r["p"])
                       if v and (ID_RE.fullmatch(v) or PHONE_RE.fullmatch(v))}

    def unmasked(self, text):
        found = ID_RE.findall(text) + PHONE_RE.findall(text)
        return [x for x in found if x in self.secrets]

    def test_demo_holds_full_numbers(self):
        # the test means something only if there are numbers to leak
        self.assertGreater(len(self.secrets), 100)

    def test_no_list_carries_a_full_number_for_any_role(self):
        for who in ROLES:
            for path in LISTS:
                with self.subTest(who=who, path=path):
                    r = self.srv.get(path, token=who)
                    if r.status != 200:
                        continue
                    if who == "applicant" and path.startswith("/api/v1/cases"):
                        continue   # their own cases, checked below
                    self.assertEqual(self.unmasked(r.text), [], path)

    def test_staff_detail_and_case_detail_masked(self):
        sample = self.srv.q("SELECT id FROM cases ORDER BY id LIMIT 40")
        for who in ("admin", "supervisor", "reviewer", "clerk"):
            for row in sample:
                r = self.srv.get("/api/v1/cases/%d" % row["id"], token=who)
                if r.status == 200:
                    self.assertEqual(self.unmasked(r.text), [], who)
        for row in self.srv.q("SELECT id FROM users WHERE role <> 1"
                              " ORDER BY id LIMIT 20"):
            for who in ("admin", "supervisor"):
                r = self.srv.get("/api/v1/staff/%d" % row["id"], token=who)
                self.assertStatus(r, 200)
                self.assertEqual(self.unmasked(r.text), [])

    def test_applicant_sees_own_case_whole(self):
        me = self.srv.q("SELECT id, id_number FROM users WHERE username ="
                        " 'applicant'")[0]
        r = self.srv.get("/api/v1/cases?per_page=200", token="applicant")
        self.assertStatus(r, 200)
        own = [c for c in r.json["data"]]
        self.assertTrue(own)
        rows = self.srv.q("SELECT applicant_id_no FROM cases WHERE"
                          " applicant_id = ?", me["id"])
        self.assertEqual(own[0]["applicant"]["id_number"],
                         rows[0]["applicant_id_no"])
        # nobody else's number is in it
        others = self.secrets - {x["applicant_id_no"] for x in rows} - {
            c["applicant"]["phone"] for c in own}
        self.assertEqual([x for x in self.unmasked(r.text) if x in others], [])

    def case_of(self, where, *args):
        return self.srv.q("SELECT * FROM cases WHERE " + where +
                          " ORDER BY id LIMIT 1", *args)[0]

    def test_reveal_audited_for_the_handler_only(self):
        rev = self.srv.q("SELECT * FROM users WHERE username = 'reviewer'")[0]
        c = self.case_of("dept_id = ? AND applicant_id_no <> ''", rev["dept_id"])
        path = "/api/v1/cases/%d/reveal" % c["id"]

        def reveals():
            return self.srv.q1("SELECT count(*) FROM audit WHERE action ="
                               " 'case.reveal'")
        n = reveals()
        # a reason is required, non-empty and bounded; nothing is written
        for body, status in (({}, 422), ({"reason": "   "}, 422),
                             ({"reason": "理" * 300}, 422),
                             ({"reason": 7}, 400)):
            with self.subTest(body=body):
                self.assertError(self.srv.post(path, body, token="reviewer"),
                                 status)
        self.assertEqual(reveals(), n)
        r = self.srv.post(path, {"reason": "申请人来电核对证件"},
                          token="reviewer")
        self.assertStatus(r, 200)
        self.assertEqual((r.json["id_number"], r.json["phone"]),
                         (c["applicant_id_no"], c["applicant_phone"]))
        self.assertEqual(reveals(), n + 1)
        a = self.srv.q("SELECT * FROM audit WHERE action = 'case.reveal'"
                       " ORDER BY id DESC LIMIT 1")[0]
        self.assertEqual((a["actor_id"], a["object_id"]),
                         (rev["id"], str(c["id"])))
        self.assertIn("申请人来电核对证件", a["after"])
        self.assertIn('"client_addr":"127.0.0.1"', a["after"])
        self.assertNotIn(c["applicant_id_no"], a["after"])
        self.assertTrue(a["at"] > 0)
        # the case page stays masked after a reveal
        r = self.srv.get("/api/v1/cases/%d" % c["id"], token="reviewer")
        self.assertEqual(self.unmasked(r.text), [])
        # administrators and supervisors oversee, they do not handle cases;
        # a clerk at the window who did not take this case does not either
        clerk_case = self.case_of("window_id = 15 AND clerk_id <> ?",
                                  self.srv.q1("SELECT id FROM users WHERE"
                                              " username = 'clerk'"))
        for who, cid in (("admin", c["id"]), ("supervisor", c["id"]),
                         ("clerk", clerk_case["id"])):
            with self.subTest(who=who):
                denied = self.srv.q1("SELECT count(*) FROM audit WHERE action"
                                     " = 'case.reveal.denied'")
                self.assertError(self.srv.post("/api/v1/cases/%d/reveal" % cid,
                                               {"reason": "想看看"}, token=who),
                                 403)
                self.assertEqual(self.srv.q1(
                    "SELECT count(*) FROM audit WHERE action ="
                    " 'case.reveal.denied'"), denied + 1)
        self.assertEqual(reveals(), n + 1)
        # a reviewer of another department: out of scope
        other = self.case_of("dept_id <> ?", rev["dept_id"])
        self.assertError(self.srv.post("/api/v1/cases/%d/reveal" % other["id"],
                                       {"reason": "核对"}, token="reviewer"),
                         403)
        self.assertError(self.srv.post(path, {"reason": "x"}), 401)
        # the applicant may see their own, not another's
        me = self.srv.q1("SELECT id FROM users WHERE username = 'applicant'")
        mine = self.case_of("applicant_id = ?", me)
        self.assertStatus(self.srv.post("/api/v1/cases/%d/reveal" % mine["id"],
                                        {"reason": "本人"}, token="applicant"),
                          200)
        self.assertError(self.srv.post(path, {"reason": "x"},
                                       token="applicant"), 404)


if __name__ == "__main__":
    ghtest.main()
