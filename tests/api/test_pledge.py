"""告知承诺制 (notice and commitment, issue 11 section 3; DOMAIN.md
section 7): for an item the catalogue marks (never a high-risk one) the
window accepts on the applicant's signed promise, which stands for the
pledgeable proofs it names; the case is decided at once (one approve from
accepted, by the holder of the deciding step); a follow-up check (事后核查)
falls due pledge_verify_days (20) working days after the decision,
computed here with the region's calendar read from the database; the
sweep flags it (A13) once it is past its day; a reviewer or chief of the
department records the result.  A false promise revokes the approval
(撤销许可) and the licence, and puts the applicant on the centre's record,
which refuses them 告知承诺 and 容缺 from then on.  Every refusal writes
nothing."""
import os
import shutil
import subprocess
import unittest

import ghtest
from ghtest import ServerTest
from test_stats import Calendar
import test_stats as ts   # the independent calendar, day numbers
from test_supervision import snapshot

ITEM = "450323-SCJG-0015"        # 个体工商户设立登记: 告知承诺制
PROOF = "经营场所使用证明"          # its pledgeable proof (a 主件)
COMPANY_ITEM = "450323-SCJG-0018"  # 有限责任公司设立登记: also 容缺
COMPANY_PROOF = "住所使用证明"
PLAIN_ITEM = "450323-SCJG-0012"  # 小餐饮经营许可(新办): no 告知承诺
HIGH_RISK = "450323-SCJG-0001"   # 食品经营许可(新办): high-risk
DEFER_ITEM = "450323-SCJG-0002"  # 食品经营许可(变更): 容缺
HEALTH = "从业人员健康证明"        # its deferrable 辅件
CHIEF = "s001"                   # 市场监管局's chief representative
OTHER_REVIEWER = "s097"          # a reviewer of 发改局
VERIFY_DAYS = 20                 # the setting's default

TABLES = ("case_pledges", "case_verifications", "credit_records",
          "licences", "notifications", "outbox", "anomalies",
          "case_documents", "case_deferrals", "case_steps")


def run_sweep(db, today):
    r = ghtest.run_cli("sweep", db, "--today", today)
    if r.returncode != 0:
        raise AssertionError(r.stderr)
    return r.stdout


class PledgeTests(ServerTest):
    logins = ("clerk", "applicant", "reviewer", CHIEF, "supervisor", "admin",
              OTHER_REVIEWER, "user001", "user002", "user003")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.main = {}
        for code in (ITEM, COMPANY_ITEM, PLAIN_ITEM, DEFER_ITEM):
            it = cls.srv.get("/api/v1/items/" + code).json
            cls.main[code] = [m["name"] for m in it["materials"]
                              if m["main"] and m["required"]]
        assert PROOF in cls.main[ITEM]

    # ---- helpers -------------------------------------------------------------

    def apply(self, item=ITEM, materials=None, who="applicant"):
        if materials is None:   # every required 主件 but the promised proof
            materials = [m for m in self.main[item]
                         if m not in (PROOF, COMPANY_PROOF)]
        r = self.srv.post("/api/v1/cases", {"item_code": item,
                                            "materials": materials},
                          token=who)
        self.assertStatus(r, 201)
        return r.json

    def counts(self):
        n = self.srv.counts()
        for t in TABLES:
            n[t] = self.srv.q1("SELECT count(*) FROM %s" % t)
        n["verify_status"] = self.srv.q1(
            "SELECT coalesce(sum(status), 0) FROM case_verifications")
        n["revoked"] = self.srv.q1(
            "SELECT count(revoked_day) FROM licences")
        return n

    def refused(self, cid, status, who, field=None, **body):
        before = self.counts()
        r = self.srv.act(cid, body.pop("action"), who, **body)
        e = self.assertError(r, status)
        if field:
            self.assertEqual(r.json["error"].get("field"), field, r.json)
        self.assertEqual(self.counts(), before)
        return e

    def calendar(self, cid):
        return Calendar(self.srv, self.srv.q1(
            "SELECT region_id FROM cases WHERE id = ?", cid))

    def pledge(self, c, proofs=(PROOF,)):
        r = self.srv.act(c["id"], "accept_with_pledge", "clerk",
                         pledged=list(proofs))
        self.assertStatus(r, 200)
        return r.json

    def decide_at_once(self, c):
        r = self.srv.act(c["id"], "approve", CHIEF, note="同意")
        self.assertStatus(r, 200)
        return r.json

    def sms_since(self, n):
        return [r["body"] for r in
                self.srv.q("SELECT body FROM outbox ORDER BY id")[n:]]

    def pdf_text(self, cid, kind, who="clerk"):
        r = self.srv.get("/api/v1/cases/%d/documents/%s.pdf" % (cid, kind),
                         token=who)
        self.assertStatus(r, 200)
        self.assertTrue(r.raw.startswith(b"%PDF"))
        if not shutil.which("pdftotext"):
            return None
        path = os.path.join(self.tmp.path, "%s-%d.pdf" % (kind, cid))
        with open(path, "wb") as f:
            f.write(r.raw)
        return subprocess.run(["pdftotext", "-layout", path, "-"],
                              capture_output=True, check=True
                              ).stdout.decode().replace(" ", "").replace(
                                  "\n", "")

    # ---- the acceptance: decided at once, its check falls due ------------------

    def test_decided_at_once_and_check_falls_due(self):
        c = self.apply()
        cid = c["id"]
        self.assertNotIn(PROOF, [m["name"] for m in c["materials"]])
        out_before = self.srv.q1("SELECT count(*) FROM outbox")
        # accepted on the promise, the proof never received
        c = self.pledge(c)
        self.assertEqual(c["state"], "accepted")
        self.assertEqual(c["accepted_day"], ts.iso_of(ts.TODAY))
        self.assertEqual([(p["material"], p["form"], p["pledged_day"])
                          for p in c["pledges"]],
                         [(PROOF, "original", ts.iso_of(ts.TODAY))])
        self.assertIsNone(c["verification"])
        ev = c["timeline"][-1]
        self.assertEqual((ev["action"], ev["action_label"]),
                         ("accept_with_pledge", "告知承诺受理"))
        self.assertIn(PROOF, ev["note"])
        self.assertTrue(any("告知承诺" in s and PROOF in s
                            for s in self.sms_since(out_before)))
        # the signed 告知承诺书: a document of the case
        docs = self.srv.get("/api/v1/cases/%d/documents" % cid,
                            token="clerk").json
        self.assertIn("pledge", docs["available"])
        self.assertNotIn("commitment", docs["available"])
        text = self.pdf_text(cid, "pledge")
        if text is not None:
            for want in ("告知承诺书", PROOF, "应当符合的条件", "事后核查",
                         "%d个工作日" % VERIFY_DAYS, "撤销许可", "失信记录"):
                self.assertIn(want, text)
        # decided at once by the chief: every review step done today
        out_before = self.srv.q1("SELECT count(*) FROM outbox")
        c = self.decide_at_once(c)
        self.assertEqual((c["state"], c["decision"]), ("decided", "approve"))
        review = [s for s in c["steps"] if s["role"] != "clerk"]
        self.assertTrue(review)
        for s in review:
            self.assertEqual((s["start_day"], s["end_day"], s["result"]),
                             (ts.iso_of(ts.TODAY), ts.iso_of(ts.TODAY), "通过"))
        # its check: due the 20th working day after the decision
        due = self.calendar(cid).add(ts.TODAY, VERIFY_DAYS)
        v = c["verification"]
        self.assertEqual((v["status"], v["due_day"], v["decided_day"],
                          v["overdue"]),
                         ("pending", ts.iso_of(due), ts.iso_of(ts.TODAY),
                          False))
        self.assertEqual(self.srv.q1("SELECT due_day FROM case_verifications"
                                     " WHERE case_id = ?", cid), due)
        ev = c["timeline"][-1]
        self.assertEqual(ev["action"], "approve")
        self.assertIn(ts.iso_of(due), ev["note"])
        self.assertTrue(any("准予许可" in s for s in self.sms_since(out_before)))
        # the window issues the result the same day; the clock is kept
        c = self.srv.act(cid, "complete", "clerk").json
        self.assertEqual((c["state"], c["outcome"], c["on_time"]),
                         ("completed", "issued", True))
        self.assertEqual(self.srv.q1("SELECT used_days FROM cases WHERE"
                                     " id = ?", cid), 0)
        self.assertEqual(c["verification"]["status"], "pending")
        licence = self.srv.q("SELECT number, revoked_day FROM licences"
                             " WHERE case_id = ?", cid)
        self.assertEqual(len(licence), 1)
        self.assertIsNone(licence[0]["revoked_day"])
        # deciding at once is the rule, not 体外循环 (A05)
        self.assertEqual(self.srv.q1("SELECT count(*) FROM anomalies WHERE"
                                     " case_id = ? AND rule_id = 'A05'", cid),
                         0)
        self.assertIn("decision", self.srv.get(
            "/api/v1/cases/%d/documents" % cid, token="clerk"
        ).json["available"])

        # the department's list: pending, not yet due
        mine = self.verifications("reviewer", "pending")
        self.assertIn(cid, mine)
        self.assertEqual(mine[cid]["due_day"], ts.iso_of(due))
        self.assertEqual(mine[cid]["status"], "pending")
        self.assertNotIn(cid, self.verifications("reviewer", "due"))
        self.assertNotIn(cid, self.verifications("reviewer", "overdue"))
        self.assertIn(cid, self.verifications("supervisor", "pending"))

        # on the due day nothing is flagged; the day after, A13 once
        on_day = ghtest.copy_db(self.srv.db, self.tmp.file("due.db"))
        out = run_sweep(on_day, ts.iso_of(due))
        self.assertIn("告知承诺核查逾期0件", out)
        late = ghtest.copy_db(self.srv.db, self.tmp.file("late.db"))
        out = run_sweep(late, ts.iso_of(due + 1))
        self.assertIn("告知承诺核查逾期1件", out)
        con = ghtest.connect(late)
        a13 = con.execute("SELECT explanation FROM anomalies WHERE"
                          " case_id = ? AND rule_id = 'A13'", (cid,)).fetchall()
        self.assertEqual(len(a13), 1)
        self.assertIn(ts.iso_of(due), a13[0][0])
        self.assertEqual(con.execute(
            "SELECT flagged_day, status FROM case_verifications WHERE"
            " case_id = ?", (cid,)).fetchone()[0], due + 1)
        chief_id = self.srv.q1("SELECT id FROM users WHERE username = ?",
                               CHIEF)
        told = con.execute("SELECT user_id FROM notifications WHERE"
                           " case_id = ? AND kind = 'pledge_overdue'",
                           (cid,)).fetchall()
        self.assertIn(chief_id, [t[0] for t in told])
        ev = con.execute("SELECT action, actor_name FROM case_events WHERE"
                         " case_id = ? ORDER BY id DESC", (cid,)).fetchone()
        self.assertEqual(tuple(ev), ("pledge.overdue", "系统"))
        # the case itself is as it was: completed, issued
        self.assertEqual(tuple(con.execute(
            "SELECT state, outcome, finished_day FROM cases WHERE id = ?",
            (cid,)).fetchone()), (6, 1, ts.TODAY))
        con.close()
        before = snapshot(late)
        out = run_sweep(late, ts.iso_of(due + 1))
        self.assertIn("告知承诺核查逾期0件", out)
        self.assertEqual(snapshot(late), before)

        # then checked: true; the case stays as it was
        srv = ghtest.Server(late, today=ts.iso_of(due + 2)).start()
        try:
            for u in ("reviewer", "clerk"):
                srv.login(u)
            r = srv.get("/api/v1/verifications?status=overdue",
                        token="reviewer")
            self.assertStatus(r, 200)
            row = [x for x in r.json["data"] if x["case_id"] == cid][0]
            self.assertEqual((row["overdue"], row["overdue_days"]), (True, 2))
            r = srv.act(cid, "verify_pledge", "reviewer", result="true",
                        note="实地核查,经营场所与承诺一致")
            self.assertStatus(r, 200)
            c = r.json
            self.assertEqual((c["state"], c["outcome"], c["finished_day"]),
                             ("completed", "issued", ts.iso_of(ts.TODAY)))
            v = c["verification"]
            self.assertEqual((v["status"], v["checked_day"], v["note"]),
                             ("verified_true", ts.iso_of(due + 2),
                              "实地核查,经营场所与承诺一致"))
            self.assertEqual(c["timeline"][-1]["action"], "verify_pledge")
            self.assertIn("承诺属实", c["timeline"][-1]["note"])
            self.assertEqual(srv.q1("SELECT count(*) FROM audit WHERE"
                                    " action = 'case.action' AND object_id = ?"
                                    " AND after LIKE '%verify_pledge%'",
                                    str(cid)), 1)
            # twice: nothing pending
            before = snapshot(late)
            r = srv.act(cid, "verify_pledge", "reviewer", result="false",
                        reason="再查")
            self.assertError(r, 409)
            self.assertEqual(snapshot(late), before)
            self.assertNotIn(cid, [x["case_id"] for x in srv.get(
                "/api/v1/verifications", token="reviewer").json["data"]])
        finally:
            srv.stop()

    def verifications(self, who, status):
        r = self.srv.get("/api/v1/verifications?status=" + status, token=who)
        self.assertStatus(r, 200)
        return {x["case_id"]: x for x in r.json["data"]}

    # ---- a false promise ---------------------------------------------------------

    def test_false_promise_revokes_and_records(self):
        c = self.apply(who="user001")
        cid = c["id"]
        idno = self.srv.q1("SELECT applicant_id_no FROM cases WHERE id = ?",
                           cid)
        self.pledge(c)
        self.decide_at_once(c)
        c = self.srv.act(cid, "complete", "clerk").json
        self.assertEqual(c["outcome"], "issued")
        number = self.srv.q1("SELECT number FROM licences WHERE case_id = ?",
                             cid)
        stats = self.srv.get("/api/v1/stats?from=%s&to=%s" % (
            ts.iso_of(ts.TODAY), ts.iso_of(ts.TODAY)), token="supervisor").json
        # false needs its reason
        self.refused(cid, 422, "reviewer", "reason", action="verify_pledge",
                     result="false")
        out_before = self.srv.q1("SELECT count(*) FROM outbox")
        r = self.srv.act(cid, "verify_pledge", "reviewer", result=False,
                         reason="经营场所实为他人住宅,使用证明不存在")
        self.assertStatus(r, 200)
        c = r.json
        # 撤销许可: completed still, its finish and clock as they were
        self.assertEqual((c["state"], c["outcome"], c["outcome_label"],
                          c["finished_day"], c["on_time"]),
                         ("completed", "revoked", "撤销许可",
                          ts.iso_of(ts.TODAY), True))
        v = c["verification"]
        self.assertEqual((v["status"], v["note"]),
                         ("verified_false", "经营场所实为他人住宅,使用证明不存在"))
        ev = c["timeline"][-1]
        self.assertEqual((ev["action"], ev["action_label"]),
                         ("revoke", "撤销许可"))
        self.assertIn(number, ev["note"])
        self.assertIn("失信", ev["note"])
        # the licence is revoked in the library, not deleted
        lic = self.srv.q("SELECT revoked_day, revoked_note FROM licences"
                         " WHERE case_id = ?", cid)[0]
        self.assertEqual(lic["revoked_day"], ts.TODAY)
        self.assertIn("承诺不实", lic["revoked_note"])
        mine = [l for l in self.srv.get("/api/v1/me/licences",
                                        token="user001").json["data"]
                if l["case_id"] == cid]
        self.assertEqual(mine[0]["revoked_day"], ts.iso_of(ts.TODAY))
        # on the centre's record, kind 2 (虚假承诺)
        rec = self.srv.q("SELECT id_number, kind FROM credit_records WHERE"
                         " case_id = ?", cid)
        self.assertEqual([(x["id_number"], x["kind"]) for x in rec],
                         [(idno, 2)])
        recs = self.srv.get("/api/v1/supervision/credit-records",
                            token="supervisor").json["data"]
        self.assertEqual([x["kind"] for x in recs if x["case_id"] == cid],
                         ["false_pledge"])
        # the applicant is told
        self.assertTrue(any("撤销" in s and number in s
                            for s in self.sms_since(out_before)))
        # the statistics of the day do not lose a completed case
        after = self.srv.get("/api/v1/stats?from=%s&to=%s" % (
            ts.iso_of(ts.TODAY), ts.iso_of(ts.TODAY)), token="supervisor").json
        self.assertEqual(after["total"]["completed"],
                         stats["total"]["completed"])
        self.assertEqual(after["total"]["on_time"], stats["total"]["on_time"])
        # nothing more to check
        self.refused(cid, 409, "reviewer", action="verify_pledge",
                     result="true")
        self.refused(cid, 409, CHIEF, action="verify_pledge", result="false",
                     reason="再次")

        # that applicant is refused 告知承诺 and 容缺 from now on
        again = self.apply(who="user001")
        e = self.refused(again["id"], 409, "clerk",
                         action="accept_with_pledge", pledged=[PROOF])
        self.assertIn("失信", e["message"])
        d = self.apply(DEFER_ITEM, who="user001")
        last = self.calendar(d["id"]).add(ts.TODAY, self.srv.get(
            "/api/v1/items/" + DEFER_ITEM).json["promised_limit_days"])
        e = self.refused(d["id"], 409, "clerk", action="accept_with_commitment",
                         missing=[HEALTH], supplement_by=ts.iso_of(last))
        self.assertIn("失信", e["message"])

    def test_withdrawn_after_decision_needs_no_check(self):
        c = self.apply(COMPANY_ITEM, who="user002")
        cid = c["id"]
        # 0018 also lets its 名称告知书 come by 容缺: a promise leaves no gap
        gap = [m["name"] for m in self.srv.get(
            "/api/v1/items/" + COMPANY_ITEM).json["materials"]
            if m.get("deferrable") and m["required"]]
        if gap:
            e = self.refused(cid, 409, "clerk", action="accept_with_pledge",
                             pledged=[COMPANY_PROOF])
            self.assertIn(gap[0], e["message"])
            body, ctype = pdf_body(gap[0])
            self.assertStatus(self.srv.post(
                "/api/v1/cases/%d/files" % cid, raw=body, ctype=ctype,
                token="user002"), 201)
        c = self.pledge(c, (COMPANY_PROOF,))
        c = self.decide_at_once(c)
        self.assertEqual(c["verification"]["status"], "pending")
        r = self.srv.act(cid, "withdraw", "user002")
        self.assertStatus(r, 200)
        c = r.json
        self.assertEqual((c["state"], c["verification"]["status"]),
                         ("withdrawn", "cancelled"))
        self.assertNotIn(cid, self.verifications("reviewer", "pending"))
        due = self.calendar(cid).add(ts.TODAY, VERIFY_DAYS)
        late = ghtest.copy_db(self.srv.db, self.tmp.file("withdrawn.db"))
        run_sweep(late, ts.iso_of(due + 1))
        self.assertEqual(ghtest.connect(late).execute(
            "SELECT count(*) FROM anomalies WHERE case_id = ? AND"
            " rule_id = 'A13'", (cid,)).fetchone()[0], 0)
        self.refused(cid, 409, "reviewer", action="verify_pledge",
                     result="true")

    # ---- every refusal writes nothing ------------------------------------------

    def test_refusals_write_nothing(self):
        c = self.apply(who="user003")
        cid = c["id"]
        # the item: one without 告知承诺, a high-risk one
        plain = self.apply(PLAIN_ITEM, materials=self.main[PLAIN_ITEM][1:],
                           who="user003")
        e = self.refused(plain["id"], 409, "clerk",
                         action="accept_with_pledge",
                         pledged=[self.main[PLAIN_ITEM][0]])
        self.assertIn("未实行告知承诺制", e["message"])
        risky = self.apply(HIGH_RISK, materials=ghtest.MAIN_MATERIALS[1:],
                           who="user003")
        e = self.refused(risky["id"], 409, "clerk",
                         action="accept_with_pledge",
                         pledged=[ghtest.MAIN_MATERIALS[0]])
        self.assertIn("高风险", e["message"])
        # what a promise may name
        self.refused(cid, 422, "clerk", "pledged", action="accept_with_pledge")
        self.refused(cid, 422, "clerk", "pledged", action="accept_with_pledge",
                     pledged=[])
        for bad in ([self.main[ITEM][0]], ["不存在的证明"], [PROOF, PROOF],
                    ["授权委托书及受托人身份证明"]):
            e = self.refused(cid, 422, "clerk", "pledged",
                             action="accept_with_pledge", pledged=bad)
        self.refused(cid, 400, "clerk", action="accept_with_pledge",
                     pledged=PROOF)
        # the other 主件 must be in, as for accept
        short = self.apply(materials=[m for m in self.main[ITEM]
                                      if m != PROOF][1:], who="user003")
        e = self.refused(short["id"], 409, "clerk",
                         action="accept_with_pledge", pledged=[PROOF])
        self.assertNotIn(PROOF, e["message"])
        # a plain accept still wants the proof
        e = self.refused(cid, 409, "clerk", action="accept")
        self.assertIn(PROOF, e["message"])
        # only this action names proofs, only the check takes a result
        self.refused(cid, 422, "clerk", "pledged", action="accept",
                     pledged=[PROOF])
        self.refused(cid, 422, "clerk", "result", action="accept_with_pledge",
                     pledged=[PROOF], result="true")
        # who may: the window, not the applicant nor a reviewer
        self.refused(cid, 403, "user003", action="accept_with_pledge",
                     pledged=[PROOF])
        self.refused(cid, 403, "reviewer", action="accept_with_pledge",
                     pledged=[PROOF])
        # no check before there is a decision, nor on an ordinary case
        self.refused(cid, 409, "reviewer", action="verify_pledge",
                     result="true")
        ordinary = self.apply(materials=self.main[ITEM], who="user003")
        ordinary = self.srv.act(ordinary["id"], "accept", "clerk").json
        self.assertEqual(ordinary["state"], "accepted")
        # not decided at once without a promise
        self.refused(ordinary["id"], 409, CHIEF, action="approve")

        # accepted on the promise
        c = self.pledge(c)
        self.refused(cid, 409, "clerk", action="accept_with_pledge",
                     pledged=[PROOF])
        self.refused(cid, 409, "reviewer", action="verify_pledge",
                     result="true")
        # decided at once only by the deciding step (批准: the chief), and
        # never denied at once
        e = self.refused(cid, 403, "reviewer", action="approve")
        self.assertIn("当场决定", e["message"])
        self.refused(cid, 409, CHIEF, action="deny", reason="不符合条件")
        c = self.decide_at_once(c)
        # the check: by the department's reviewers and chief, with a result
        self.refused(cid, 403, "clerk", action="verify_pledge", result="true")
        self.refused(cid, 403, OTHER_REVIEWER, action="verify_pledge",
                     result="true")
        self.refused(cid, 403, "user003", action="verify_pledge",
                     result="true")
        self.refused(cid, 422, "reviewer", "result", action="verify_pledge")
        for bad in ("yes", "属实", 1):
            self.refused(cid, 422, "reviewer", "result",
                         action="verify_pledge", result=bad)
        self.refused(cid, 422, "reviewer", "reason", action="verify_pledge",
                     result="false", reason="  ")
        self.refused(cid, 422, "reviewer", "result", action="revoke",
                     reason="不实")
        self.refused(cid, 422, "reviewer", "result", action="revoke",
                     result="true", reason="不实")
        # found true before the result is issued: the case goes on
        r = self.srv.act(cid, "verify_pledge", CHIEF, result=True)
        self.assertStatus(r, 200)
        self.assertEqual((r.json["state"], r.json["verification"]["status"]),
                         ("decided", "verified_true"))
        self.refused(cid, 409, "reviewer", action="verify_pledge",
                     result="true")
        self.refused(cid, 409, "reviewer", action="verify_pledge",
                     result="false", reason="再查")
        self.assertEqual(self.srv.act(cid, "complete", "clerk").json["outcome"],
                         "issued")
        # the list: staff of a department, and supervisors
        for who, status in (("clerk", 403), ("user003", 403)):
            self.assertError(self.srv.get("/api/v1/verifications",
                                          token=who), status)
        self.assertError(self.srv.get("/api/v1/verifications?status=late",
                                      token="reviewer"), 400)
        self.assertError(self.srv.get("/api/v1/verifications?dept=1",
                                      token="reviewer"), 403)


def pdf_body(material):
    from test_files import multipart, pdf
    return multipart({"material": material},
                     {"file": ("proof.pdf", pdf(material))})


if __name__ == "__main__":
    unittest.main(verbosity=2)
