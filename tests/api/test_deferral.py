"""容缺受理 (acceptance on a commitment, issue 11 section 2; DOMAIN.md
section 7): only for an item and materials the catalogue marks, only with
every 主件 in; the applicant signs for each missing 辅件 and its day (not
beyond the case's promised limit, checked here against the region's
calendar read from the database); the case runs, the material arrives and
is checked while it runs; the result waits for it where the item says so.
A case whose material did not come is reminded before the day, flagged
(A12) and ended (终止办理) by the sweep after it, and the applicant goes on
the centre's record, which refuses them 容缺 from then on.  Every refusal
writes nothing."""
import os
import shutil
import subprocess
import unittest

import ghtest
from ghtest import ServerTest
from test_files import multipart, pdf
from test_stats import Calendar
import test_stats as ts   # the independent calendar, day numbers
from test_supervision import snapshot

ITEM = "450323-SCJG-0002"        # 食品经营许可(变更): 容缺, result withheld
PLAIN_ITEM = "450323-SCJG-0001"  # 食品经营许可(新办): no 容缺
HEALTH = "从业人员健康证明"        # its deferrable 辅件
CHIEF = "s001"


class DeferralTests(ServerTest):
    logins = ("clerk", "applicant", "reviewer", CHIEF, "supervisor")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        it = cls.srv.get("/api/v1/items/" + ITEM).json
        cls.main = [m["name"] for m in it["materials"]
                    if m["main"] and m["required"]]
        cls.limit = it["promised_limit_days"]

    # ---- helpers -------------------------------------------------------------

    def apply(self, item=ITEM, materials=None, who="applicant"):
        r = self.srv.post("/api/v1/cases", {
            "item_code": item,
            "materials": self.main if materials is None else materials},
            token=who)
        self.assertStatus(r, 201)
        return r.json

    def counts(self):
        n = self.srv.counts()
        for t in ("case_deferrals", "credit_records", "notifications",
                  "outbox", "case_documents"):
            n[t] = self.srv.q1("SELECT count(*) FROM %s" % t)
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
        row = self.srv.q("SELECT region_id FROM cases WHERE id = ?", cid)[0]
        return Calendar(self.srv, row["region_id"])

    def last_day(self, cid):
        """The latest supplement day: acceptance today + the promised limit
        in working days, by the region's calendar."""
        return self.calendar(cid).add(ts.TODAY, self.limit)

    def commit(self, c, by_day, missing=(HEALTH,)):
        r = self.srv.act(c["id"], "accept_with_commitment", "clerk",
                         missing=list(missing), supplement_by=ts.iso_of(by_day))
        self.assertStatus(r, 200)
        return r.json

    def decide(self, c):
        c = self.srv.act(c["id"], "start_review", "clerk").json
        while c["state"] == "under_review":
            step = [s for s in c["steps"] if s["idx"] == c["step_index"]][0]
            who = CHIEF if step["role"] == "chief" else "reviewer"
            r = self.srv.act(c["id"], "approve", who, note="同意")
            self.assertStatus(r, 200)
            c = r.json
        self.assertEqual(c["state"], "decided")
        return c

    def upload(self, cid, material, who="applicant"):
        body, ctype = multipart({"material": material},
                                {"file": ("health.pdf", pdf(material))})
        return self.srv.post("/api/v1/cases/%d/files" % cid, raw=body,
                             ctype=ctype, token=who)

    # ---- the rules -------------------------------------------------------------

    def test_refusals_write_nothing(self):
        c = self.apply()
        last = self.last_day(c["id"])
        good = {"missing": [HEALTH], "supplement_by": ts.iso_of(last)}

        # a plain accept of a 容缺 item leaves the deferrable 辅件 to 容缺
        e = self.refused(c["id"], 409, "clerk", action="accept")
        self.assertIn("容缺", e["message"])
        r = self.srv.act(c["id"], "accept", "clerk")
        self.assertEqual(r.json["error"]["missing"], [HEALTH])

        # what a commitment may name, and until when
        self.refused(c["id"], 422, "clerk", "missing",
                     action="accept_with_commitment",
                     supplement_by=good["supplement_by"])
        for bad in ([self.main[0]], ["不存在的材料"], [HEALTH, HEALTH],
                    ["授权委托书及受托人身份证明"]):
            self.refused(c["id"], 422, "clerk", "missing",
                         action="accept_with_commitment", missing=bad,
                         supplement_by=good["supplement_by"])
        self.refused(c["id"], 422, "clerk", "supplement_by",
                     action="accept_with_commitment", missing=[HEALTH])
        for day in (ts.TODAY, ts.TODAY - 3, last + 1):
            e = self.refused(c["id"], 422, "clerk", "supplement_by",
                             action="accept_with_commitment", missing=[HEALTH],
                             supplement_by=ts.iso_of(day))
        self.assertEqual(
            self.srv.act(c["id"], "accept_with_commitment", "clerk",
                         missing=[HEALTH], supplement_by=ts.iso_of(last + 1)
                         ).json["error"]["last_day"], ts.iso_of(last))
        for bad in ("2026-13-01", "明天", "1970-01-01", 20261201):
            self.refused(c["id"], 400 if isinstance(bad, int) else 422,
                         "clerk", None if isinstance(bad, int)
                         else "supplement_by",
                         action="accept_with_commitment", missing=[HEALTH],
                         supplement_by=bad)
        self.refused(c["id"], 400, "clerk", action="accept_with_commitment",
                     missing=HEALTH, supplement_by=good["supplement_by"])
        # other actions take neither
        self.refused(c["id"], 422, "clerk", "missing",
                     action="request_materials", materials=[HEALTH],
                     missing=[HEALTH])
        # who may: the window, not the applicant nor a reviewer
        self.refused(c["id"], 403, "applicant",
                     action="accept_with_commitment", **good)
        self.refused(c["id"], 403, "reviewer",
                     action="accept_with_commitment", **good)
        # only with every 主件 in
        short = self.apply(materials=self.main[1:])
        self.refused(short["id"], 409, "clerk",
                     action="accept_with_commitment", **good)
        # only for items that allow it
        other = self.srv.post("/api/v1/cases", {
            "item_code": PLAIN_ITEM, "materials": ghtest.MAIN_MATERIALS},
            token="applicant").json
        self.refused(other["id"], 409, "clerk",
                     action="accept_with_commitment",
                     missing=["授权委托书及受托人身份证明"],
                     supplement_by=good["supplement_by"])
        # a material already in order is not missing
        self.assertStatus(self.upload(c["id"], HEALTH), 201)
        self.refused(c["id"], 422, "clerk", "missing",
                     action="accept_with_commitment", **good)
        # ... and then a plain accept is fine
        self.assertEqual(self.srv.act(c["id"], "accept", "clerk").json["state"],
                         "accepted")

    def test_supplied_in_time_then_the_result(self):
        c = self.apply()
        last = self.last_day(c["id"])
        before_out = self.srv.q1("SELECT count(*) FROM outbox")
        c = self.commit(c, last)
        self.assertEqual(c["state"], "accepted")
        self.assertEqual(c["accepted_day"], ts.iso_of(ts.TODAY))
        self.assertEqual(len(c["deferrals"]), 1)
        d = c["deferrals"][0]
        self.assertEqual((d["material"], d["supplement_by"], d["status"],
                          d["form"]), (HEALTH, ts.iso_of(last), "open", "copy"))
        self.assertIsNone(d["supplied_day"])
        ev = c["timeline"][-1]
        self.assertEqual(ev["action"], "accept_with_commitment")
        self.assertIn("容缺受理", ev["note"])
        self.assertIn(HEALTH, ev["note"])
        self.assertIn(ts.iso_of(last), ev["note"])
        # the applicant is told what to bring and by when
        sms = self.srv.q("SELECT body FROM outbox ORDER BY id")[before_out:]
        self.assertTrue(any(HEALTH in s["body"] and ts.iso_of(last) in s["body"]
                            for s in sms), sms)
        # the signed commitment: a document of the case
        docs = self.srv.get("/api/v1/cases/%d/documents" % c["id"],
                            token="clerk").json
        self.assertIn("commitment", docs["available"])
        r = self.srv.get("/api/v1/cases/%d/documents/commitment.pdf" % c["id"],
                         token="clerk")
        self.assertStatus(r, 200)
        self.assertTrue(r.raw.startswith(b"%PDF"))
        if shutil.which("pdftotext"):
            path = os.path.join(self.tmp.path, "commitment.pdf")
            with open(path, "wb") as f:
                f.write(r.raw)
            text = subprocess.run(["pdftotext", "-layout", path, "-"],
                                  capture_output=True, check=True
                                  ).stdout.decode()
            for want in ("容缺受理承诺书", HEALTH, ts.iso_of(last), "终止办理"):
                self.assertIn(want, text.replace(" ", ""))
        # the plain case has none
        plain = self.apply()
        self.assertEqual(self.srv.get(
            "/api/v1/cases/%d/documents/commitment.pdf" % plain["id"],
            token="clerk").status, 409)

        # the review goes on; the result waits for the material
        c = self.decide(c)
        e = self.refused(c["id"], 409, "clerk", action="complete")
        self.assertIn(HEALTH, e["message"])
        # only the owed material may still arrive
        self.assertStatus(self.upload(c["id"], self.main[0]), 409)
        self.assertStatus(self.upload(c["id"], HEALTH), 201)
        r = self.srv.post("/api/v1/cases/%d/materials/check" % c["id"],
                          {"material": HEALTH, "result": "ok"}, token="clerk")
        self.assertStatus(r, 200)
        c = self.srv.get("/api/v1/cases/%d" % c["id"], token="clerk").json
        self.assertEqual(c["deferrals"][0]["status"], "supplied")
        self.assertEqual(c["deferrals"][0]["supplied_day"], ts.iso_of(ts.TODAY))
        self.assertEqual(c["timeline"][-1]["action"], "deferral.supplied")
        self.assertEqual(c["timeline"][-1]["action_label"], "容缺材料补齐")
        # supplied: no longer owed, so no further upload while it runs
        self.assertStatus(self.upload(c["id"], HEALTH), 409)
        c = self.srv.act(c["id"], "complete", "clerk").json
        self.assertEqual((c["state"], c["outcome"]), ("completed", "issued"))

    def test_missed_deadline_is_reminded_flagged_and_ends(self):
        c = self.apply()
        cal = self.calendar(c["id"])
        by = cal.add(ts.TODAY, 3)
        c = self.commit(c, by)
        c = self.srv.act(c["id"], "start_review", "clerk").json
        cid = c["id"]

        # before the day: reminded once (2 working days before, the
        # default), nothing ends
        remind = ghtest.copy_db(self.srv.db, self.tmp.file("remind.db"))
        out = run_sweep(remind, ts.iso_of(cal.add(ts.TODAY, 1)))
        self.assertIn("容缺到期提醒1条", out)
        row = ghtest.connect(remind).execute(
            "SELECT status, reminded_day FROM case_deferrals WHERE"
            " case_id = ?", (cid,)).fetchone()
        self.assertEqual(tuple(row), (0, cal.add(ts.TODAY, 1)))
        sms = [r[0] for r in ghtest.connect(remind).execute(
            "SELECT body FROM outbox ORDER BY id DESC LIMIT 5").fetchall()]
        self.assertTrue(any("提醒" in s and HEALTH in s for s in sms), sms)
        out = run_sweep(remind, ts.iso_of(cal.add(ts.TODAY, 1)))
        self.assertIn("容缺到期提醒0条", out)
        # on the day itself the case still runs
        run_sweep(remind, ts.iso_of(by))
        self.assertEqual(ghtest.connect(remind).execute(
            "SELECT state FROM cases WHERE id = ?", (cid,)).fetchone()[0], 4)

        # the day after: flagged and ended, on the centre's record
        later = ghtest.copy_db(self.srv.db, self.tmp.file("late.db"))
        out = run_sweep(later, ts.iso_of(by + 1))
        self.assertIn("容缺逾期终止办理1件", out)
        con = ghtest.connect(later)
        row = con.execute("SELECT state, outcome, finished_day FROM cases"
                          " WHERE id = ?", (cid,)).fetchone()
        self.assertEqual(tuple(row), (6, 8, by + 1))   # completed, terminated
        self.assertEqual(con.execute(
            "SELECT status FROM case_deferrals WHERE case_id = ?",
            (cid,)).fetchone()[0], 2)
        a12 = con.execute("SELECT explanation FROM anomalies WHERE"
                          " case_id = ? AND rule_id = 'A12'", (cid,)).fetchall()
        self.assertEqual(len(a12), 1)
        self.assertIn(HEALTH, a12[0][0])
        ev = con.execute("SELECT action, actor_name, note FROM case_events"
                         " WHERE case_id = ? ORDER BY id DESC", (cid,)
                         ).fetchone()
        self.assertEqual((ev[0], ev[1]), ("terminate", "系统"))
        self.assertIn(HEALTH, ev[2])
        rec = con.execute("SELECT id_number, kind FROM credit_records WHERE"
                          " case_id = ?", (cid,)).fetchall()
        self.assertEqual([tuple(r) for r in rec],
                         [(self.srv.q1("SELECT applicant_id_no FROM cases"
                                       " WHERE id = ?", cid), 1)])
        con.close()
        # a second sweep changes nothing
        before = snapshot(later)
        out = run_sweep(later, ts.iso_of(by + 1))
        self.assertIn("容缺逾期终止办理0件", out)
        self.assertEqual(snapshot(later), before)

        # the applicant is refused 容缺 from then on, and the record shows
        srv = ghtest.Server(later, today=ts.iso_of(by + 1)).start()
        try:
            for u in ("clerk", "applicant", "supervisor"):
                srv.login(u)
            n = srv.post("/api/v1/cases", {"item_code": ITEM,
                                           "materials": self.main},
                         token="applicant").json
            last = Calendar(srv, srv.q1("SELECT region_id FROM cases WHERE"
                                        " id = ?", n["id"])).add(by + 1,
                                                                 self.limit)
            r = srv.act(n["id"], "accept_with_commitment", "clerk",
                        missing=[HEALTH], supplement_by=ts.iso_of(last))
            self.assertError(r, 409)
            self.assertIn("失信", r.json["error"]["message"])
            self.assertEqual(srv.q1("SELECT count(*) FROM case_deferrals"
                                    " WHERE case_id = ?", n["id"]), 0)
            recs = srv.get("/api/v1/supervision/credit-records",
                           token="supervisor").json
            mine = [x for x in recs["data"] if x["case_id"] == cid]
            self.assertEqual(len(mine), 1)
            self.assertEqual(mine[0]["kind"], "broken_deferral")
            self.assertIn("*", mine[0]["id_number"])
            self.assertError(srv.get("/api/v1/supervision/credit-records",
                                     token="clerk"), 403)
        finally:
            srv.stop()


def run_sweep(db, today):
    r = ghtest.run_cli("sweep", db, "--today", today)
    if r.returncode != 0:
        raise AssertionError(r.stderr)
    return r.stdout


if __name__ == "__main__":
    unittest.main(verbosity=2)
