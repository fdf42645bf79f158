"""并联审批 (joint approval, issue 11 section 1; DOMAIN.md section 7).

A matter of three departments with one prerequisite, defined by the
administrator, runs from one application (one form, one set of materials)
at the lead window: the accepted sub-cases start at once, the one behind
its prerequisite when that is approved; a co-department's request for
materials goes through the lead into one combined notice, and the whole
matter pauses once; the joint case is decided when every sub-case is, and
completes with them.  Its working days are checked against an
independent count on the region's calendar read from the database.  A
co-department's silence past its limit is consent where the matter says
so; a refusal of the prerequisite refuses what depends on it.  Every
forbidden step answers 4xx and writes nothing."""
import os
import shutil
import subprocess
import unittest

import ghtest
from ghtest import ServerTest
import test_stats as ts   # the independent calendar, day numbers

MATTER = "450323-ZT-T001"
LEAD_ITEM = "450323-SCJG-0015"   # 个体工商户设立登记, 市场监管局 (lead), 8 days
HEALTH_ITEM = "450323-WJJ-0013"  # 公共场所卫生许可, 卫健局, 10 days, after it
ROAD_ITEM = "450323-JTYS-0018"   # 非公路标志审批, 交通运输局, 9 days
# who decides in each department: (reviewer, chief)
STAFF = {"市场监管局": ("reviewer", "s001"), "卫健局": ("s107", "s025"),
         "交通运输局": ("s106", "s023")}
LOGINS = ("clerk", "applicant", "admin", "supervisor", "reviewer", "s001",
          "s107", "s025", "s106", "s023")
SIGN = "标志设计图"               # what 交通运输局 asks for

MATTER_BODY = {
    "name": "开办经营场所(测试)", "lead_dept_code": "11450323074413692M",
    "description": "测试用主题事项",
    "item_codes": [LEAD_ITEM, HEALTH_ITEM, ROAD_ITEM],
    "prerequisites": [{"item_code": HEALTH_ITEM, "requires_code": LEAD_ITEM,
                       "basis": "《公共场所卫生管理条例实施细则》第二十二条"}],
    "promised_limit_days": 18, "legal_limit_days": 45,
    "deemed_consent": True,
}


def pdf_text(testcase, srv, cid, kind="decision"):
    """The text of a case's document (pdftotext), or None without it."""
    r = srv.get("/api/v1/cases/%d/documents/%s.pdf" % (cid, kind),
                token="clerk")
    testcase.assertStatus(r, 200)
    testcase.assertTrue(r.raw.startswith(b"%PDF"))
    if not shutil.which("pdftotext"):
        return None
    path = os.path.join(testcase.tmp.path, "%d-%s.pdf" % (cid, kind))
    with open(path, "wb") as f:
        f.write(r.raw)
    out = subprocess.run(["pdftotext", "-layout", path, "-"],
                         capture_output=True, check=True).stdout.decode()
    return out.replace(" ", "").replace("\n", "")


def later_server(db, day):
    srv = ghtest.Server(db, today=ts.iso_of(day)).start()
    for u in LOGINS:
        srv.login(u)
    return srv


class JointTests(ServerTest):
    logins = LOGINS

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        r = cls.srv.put("/api/v1/matters/" + MATTER, MATTER_BODY,
                        token="admin")
        assert r.status == 200, r

    def counts(self, srv=None):
        srv = srv or self.srv
        n = srv.counts()
        for t in ("matters", "matter_items", "matter_prereqs", "joint_needs",
                  "notifications", "outbox"):
            n[t] = srv.q1("SELECT count(*) FROM %s" % t)
        return n

    def refused(self, r, status, before, srv=None):
        self.assertError(r, status)
        self.assertEqual(self.counts(srv), before)
        return r.json["error"]

    def apply(self, srv=None):
        srv = srv or self.srv
        m = srv.get("/api/v1/matters/" + MATTER).json
        mats = [x["name"] for x in m["materials"] if x["main"] and
                x["required"]]
        r = srv.post("/api/v1/cases", {"matter_code": MATTER,
                                       "materials": mats}, token="applicant")
        self.assertStatus(r, 201)
        return r.json

    def sub(self, c, item):
        return [s for s in c["sub_cases"] if s["item_code"] == item][0]

    def decide_sub(self, srv, sub_id, deny=None):
        """Takes the sub-case through its review steps as its department's
        reviewer and chief; the last step denies when deny is a reason."""
        c = srv.get("/api/v1/cases/%d" % sub_id, token="admin").json
        rev, chief = STAFF[c["dept_name"]]
        while c["state"] == "under_review":
            step = [s for s in c["steps"] if s["idx"] == c["step_index"]][0]
            who = chief if step["role"] == "chief" else rev
            last = step["idx"] == max(s["idx"] for s in c["steps"]
                                      if s["role"] != "clerk")
            if deny and last:
                r = srv.act(sub_id, "deny", who, reason=deny)
            else:
                r = srv.act(sub_id, "approve", who, note="同意")
            self.assertStatus(r, 200)
            c = r.json
        return c

    # ---- the catalogue ---------------------------------------------------------

    def test_matter_catalogue(self):
        lst = self.srv.get("/api/v1/matters").json
        codes = [m["code"] for m in lst["data"]]
        for code in (MATTER, "450323-ZT-0001", "450323-ZT-0002",
                     "450323-ZT-0003"):
            self.assertIn(code, codes)
        m = self.srv.get("/api/v1/matters/" + MATTER).json
        self.assertEqual([i["code"] for i in m["items"]],
                         [LEAD_ITEM, HEALTH_ITEM, ROAD_ITEM])
        self.assertEqual(m["lead_dept"]["code"], "11450323074413692M")
        self.assertEqual(sorted(d["name"] for d in m["co_departments"]),
                         sorted(["卫健局", "交通运输局"]))
        self.assertEqual(m["prerequisites"][0]["requires_code"], LEAD_ITEM)
        self.assertEqual(self.sub({"sub_cases": m["items"]}, HEALTH_ITEM)
                         if False else
                         [i for i in m["items"] if i["code"] == HEALTH_ITEM
                          ][0]["requires"], [LEAD_ITEM])
        # the critical path, not the sum: 8 + 10 against 8 + 10 + 9
        self.assertEqual((m["critical_days"], m["items_limit_days"]),
                         (18, 27))
        # one material list: each name once, 营业执照 shared by two items
        names = [x["name"] for x in m["materials"]]
        self.assertEqual(len(names), len(set(names)))
        shared = [x for x in m["materials"]
                  if x["name"] == "申请单位营业执照或统一社会信用代码证书"][0]
        self.assertEqual(sorted(shared["items"]), sorted([HEALTH_ITEM,
                                                          ROAD_ITEM]))
        # one form: each field key once
        keys = [f["key"] for s in m["form"]["sections"] for f in s["fields"]]
        self.assertEqual(len(keys), len(set(keys)))
        self.assertError(self.srv.get("/api/v1/matters/NOPE"), 404)

    def test_bad_matters_write_nothing(self):
        before = self.counts()
        bad = [
            dict(MATTER_BODY, prerequisites=[
                {"item_code": HEALTH_ITEM, "requires_code": LEAD_ITEM,
                 "basis": "x"},
                {"item_code": LEAD_ITEM, "requires_code": HEALTH_ITEM,
                 "basis": "y"}]),                               # a cycle
            dict(MATTER_BODY, prerequisites=[
                {"item_code": HEALTH_ITEM, "requires_code": LEAD_ITEM}]),
            dict(MATTER_BODY, item_codes=[LEAD_ITEM, "450323-SCJG-0018"],
                 prerequisites=[]),                             # one dept
            dict(MATTER_BODY, promised_limit_days=17),          # < path
            dict(MATTER_BODY, legal_limit_days=46),
            dict(MATTER_BODY, item_codes=[LEAD_ITEM, "450323-NOPE-0001"],
                 prerequisites=[]),
            dict(MATTER_BODY, lead_dept_code="114503230749965418"),
            dict(MATTER_BODY, item_codes=[LEAD_ITEM]),
        ]
        for body in bad:
            r = self.srv.put("/api/v1/matters/450323-ZT-T099", body,
                             token="admin")
            self.refused(r, 422, before)
        for body in ({"name": 5}, {}, dict(MATTER_BODY, item_codes="x")):
            r = self.srv.put("/api/v1/matters/450323-ZT-T099", body,
                             token="admin")
            self.assertIn(r.status, (400, 422))
            self.assertEqual(self.counts(), before)
        for who in ("clerk", "supervisor", "applicant"):
            r = self.srv.put("/api/v1/matters/450323-ZT-T099", MATTER_BODY,
                             token=who)
            self.refused(r, 403, before)

    # ---- a joint case ------------------------------------------------------------

    def test_joint_case_runs_pauses_once_and_completes(self):
        c = self.apply()
        self.assertEqual(c["joint_kind"], "joint")
        self.assertEqual(c["matter_code"], MATTER)
        self.assertEqual(c["item_name"], MATTER_BODY["name"])
        self.assertEqual(len(c["sub_cases"]), 3)
        for s in c["sub_cases"]:
            self.assertEqual(s["state"], "submitted")
            for k in ("item_code", "dept_id", "state", "deadline"):
                self.assertIn(k, s)
        jid = c["id"]
        before = self.counts()
        # what only the lead may do, and what a sub-case leaves to it
        road = self.sub(c, ROAD_ITEM)
        self.refused(self.srv.act(road["id"], "accept", "s023"), 409, before)
        self.refused(self.srv.act(road["id"], "accept", "clerk"), 403, before)
        self.refused(self.srv.act(jid, "approve", "reviewer", note="x"), 409,
                     before)
        self.refused(self.srv.act(jid, "start_review", "clerk"), 409, before)
        self.refused(self.srv.act(jid, "deem_consent", "clerk"), 403, before)
        # the co-departments see the one application, the public nothing
        self.assertStatus(self.srv.get("/api/v1/cases/%d" % jid,
                                       token="s106"), 200)
        self.refused(self.srv.act(jid, "accept", "s023"), 403, before)

        c = self.srv.act(jid, "accept", "clerk").json
        self.assertEqual(c["state"], "under_review")
        self.assertEqual(c["accepted_day"], ts.iso_of(ts.TODAY))
        row = self.srv.q("SELECT region_id FROM cases WHERE id = ?", jid)[0]
        cal = ts.Calendar(self.srv, row["region_id"])
        self.assertEqual(c["deadline"], ts.iso_of(cal.add(ts.TODAY, 18)))
        lead, health, road = (self.sub(c, LEAD_ITEM), self.sub(c, HEALTH_ITEM),
                              self.sub(c, ROAD_ITEM))
        # 同步审查: both without a prerequisite started today, with their
        # own limits; the one behind its prerequisite waits
        for s, days in ((lead, 8), (road, 9)):
            self.assertEqual(s["state"], "under_review")
            self.assertEqual(s["deadline"], ts.iso_of(cal.add(ts.TODAY, days)))
        self.assertEqual(health["state"], "submitted")
        self.assertTrue(health["waiting_prerequisite"])
        self.assertIn(c["holding"]["dept_name"], ("市场监管局", "交通运输局"))

        # 交通运输局 needs a material: a need for the lead, nothing pauses
        before = self.counts()
        r = self.srv.act(road["id"], "request_materials", "s106",
                         materials=[SIGN], note="设计图不清晰")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["state"], "under_review")
        self.assertEqual(self.srv.q1("SELECT count(*) FROM case_notices WHERE"
                                     " case_id IN (SELECT id FROM cases WHERE"
                                     " id = ? OR parent_id = ?)", jid, jid), 0)
        self.assertEqual(self.counts()["joint_needs"],
                         before["joint_needs"] + 1)
        before = self.counts()
        self.refused(self.srv.act(road["id"], "request_materials", "s106",
                                  materials=["不存在的材料"]), 422, before)
        self.refused(self.srv.act(road["id"], "request_materials", "s106"),
                     422, before)
        c = self.srv.get("/api/v1/cases/%d" % jid, token="clerk").json
        self.assertEqual([n["materials"] for n in c["needs"]], [[SIGN]])
        self.assertEqual(c["needs"][0]["status"], "open")

        # days later the lead sends the one combined notice
        db = ghtest.copy_db(self.srv.db, self.tmp.file("joint.db"))
        d2, d4, d7 = cal.add(ts.TODAY, 2), cal.add(ts.TODAY, 4), \
            cal.add(ts.TODAY, 7)
        srv = later_server(db, d2)
        try:
            c = srv.act(jid, "request_materials", "clerk").json
            self.assertEqual(c["state"], "awaiting_materials")
            self.assertIn(SIGN, c["notices"][0]["materials"])
            self.assertEqual(c["needs"][0]["status"], "sent")
            states = {s["item_code"]: s["state"] for s in c["sub_cases"]}
            self.assertEqual(states, {LEAD_ITEM: "awaiting_materials",
                                      ROAD_ITEM: "awaiting_materials",
                                      HEALTH_ITEM: "submitted"})
        finally:
            srv.stop()
        srv = later_server(db, d4)
        try:
            c = srv.act(jid, "supplement", "applicant", materials=[SIGN]).json
            self.assertEqual(c["state"], "under_review")
            self.assertEqual({s["item_code"]: s["state"] for s in
                              c["sub_cases"]}[ROAD_ITEM], "under_review")
            # paused once: one notice, one suspension per running case
            for cid in (jid, lead["id"], road["id"]):
                self.assertEqual(srv.q1("SELECT count(*) FROM"
                                        " case_suspensions WHERE case_id = ?",
                                        cid), 1)
            self.assertEqual(srv.q1("SELECT count(*) FROM case_notices WHERE"
                                    " case_id = ?", jid), 1)
            # the lead's item is approved: the one behind it starts now
            self.decide_sub(srv, lead["id"])
            h = srv.get("/api/v1/cases/%d" % health["id"], token="s025").json
            self.assertEqual(h["state"], "under_review")
            self.assertEqual(h["accepted_day"], ts.iso_of(d4))
            self.assertEqual(h["deadline"], ts.iso_of(cal.add(d4, 10)))
            self.assertEqual(h["joint_case"]["id"], jid)
            self.decide_sub(srv, road["id"])
            j = srv.get("/api/v1/cases/%d" % jid, token="clerk").json
            self.assertEqual(j["state"], "under_review")
            self.decide_sub(srv, health["id"])
            j = srv.get("/api/v1/cases/%d" % jid, token="clerk").json
            self.assertEqual(j["state"], "decided")
            self.assertEqual(j["decision"], "approve")
        finally:
            srv.stop()
        srv = later_server(db, d7)
        try:
            before = self.counts(srv)
            self.refused(srv.act(road["id"], "complete", "s023"), 409, before,
                         srv)
            c = srv.act(jid, "complete", "clerk").json
            self.assertEqual((c["state"], c["outcome"]), ("completed",
                                                          "issued"))
            for s in c["sub_cases"]:
                self.assertEqual((s["state"], s["outcome"]), ("completed",
                                                              "issued"))
            # one result notice lists them all
            text = pdf_text(self, srv, jid)
            if text is not None:
                self.assertIn("并联审批结果通知书", text)
                for name in ("个体工商户设立登记", "公共场所卫生许可",
                             "在公路用地范围内设置非公路标志审批"):
                    self.assertIn(name, text)
                self.assertGreaterEqual(text.count("准予许可"), 3)
            # the working days used: (accepted, finished] less the pause
            # [notice day, supplement day), by the calendar
            used = cal.count(ts.TODAY, d7) - max(1, cal.count(d2 - 1, d4 - 1))
            self.assertEqual(srv.q1("SELECT used_days FROM cases WHERE"
                                    " id = ?", jid), used)
            st = srv.get("/api/v1/stats/joint?from=%s&to=%s" % (
                ts.iso_of(ts.TODAY), ts.iso_of(d7)), token="supervisor").json
            row = [x for x in st["data"] if x["code"] == MATTER][0]
            self.assertEqual((row["completed"], row["used_days"],
                              row["items_limit_days"]), (1, used, 27))
        finally:
            srv.stop()

    def test_refused_prerequisite_and_deemed_consent(self):
        c = self.apply()
        jid = c["id"]
        c = self.srv.act(jid, "accept", "clerk").json
        lead, health, road = (self.sub(c, LEAD_ITEM), self.sub(c, HEALTH_ITEM),
                              self.sub(c, ROAD_ITEM))
        row = self.srv.q("SELECT region_id FROM cases WHERE id = ?", jid)[0]
        cal = ts.Calendar(self.srv, row["region_id"])
        # the lead's own item is refused: what needs it can never start
        self.decide_sub(self.srv, lead["id"], deny="经营场所不符合要求")
        h = self.srv.get("/api/v1/cases/%d" % health["id"], token="admin").json
        self.assertEqual((h["state"], h["outcome"]), ("rejected",
                                                      "not_accepted"))
        self.assertIn("前置", h["reason"])
        # 交通运输局 says nothing past its 9 days: the sweep takes it as
        # consent, recorded as such; the joint case is then decided
        db = ghtest.copy_db(self.srv.db, self.tmp.file("deemed.db"))
        late = ts.iso_of(cal.add(cal.add(ts.TODAY, 9), 1))
        r = ghtest.run_cli("sweep", db, "--today", ts.iso_of(cal.add(
            ts.TODAY, 9)))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("并联审批超时默认同意0件", r.stdout)
        r = ghtest.run_cli("sweep", db, "--today", late)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, "并联审批超时默认同意[1-9]")
        con = ghtest.connect(db)
        row = con.execute("SELECT state, decision FROM cases WHERE id = ?",
                          (road["id"],)).fetchone()
        self.assertEqual(tuple(row), (5, 1))       # decided, approve
        ev = con.execute("SELECT action, note FROM case_events WHERE"
                         " case_id = ? ORDER BY id DESC", (road["id"],)
                         ).fetchone()
        self.assertEqual(ev[0], "deem_consent")
        self.assertIn("视为同意", ev[1])
        row = con.execute("SELECT state, decision, reason FROM cases WHERE"
                          " id = ?", (jid,)).fetchone()
        self.assertEqual(tuple(row[:2]), (5, 2))   # decided, deny (mixed)
        self.assertIn("经营场所不符合要求", row[2])
        con.close()
        # the one result notice: the refusal with its reason and remedies,
        # the refused prerequisite's dependant, the deemed consent
        srv = later_server(db, cal.add(cal.add(ts.TODAY, 9), 1))
        try:
            j = srv.get("/api/v1/cases/%d" % jid, token="s106").json
            self.assertEqual(j["state"], "decided")
            self.assertEqual(self.sub(j, LEAD_ITEM)["reason"], "经营场所不符合要求")
            text = pdf_text(self, srv, jid)
            if text is not None:
                for want in ("并联审批结果通知书", "不予许可", "经营场所不符合要求",
                             "不予受理", "准予许可", "行政复议"):
                    self.assertIn(want, text)
            c = srv.act(jid, "complete", "clerk").json
            self.assertEqual((c["state"], c["outcome"]), ("completed", "denied"))
            states = {s["item_code"]: (s["state"], s["outcome"]) for s in
                      c["sub_cases"]}
            self.assertEqual(states, {LEAD_ITEM: ("completed", "denied"),
                                      HEALTH_ITEM: ("rejected", "not_accepted"),
                                      ROAD_ITEM: ("completed", "issued")})
        finally:
            srv.stop()
        # the lead's own department is never deemed to consent
        r = ghtest.run_cli("sweep", db, "--today", late)
        self.assertIn("并联审批超时默认同意0件", r.stdout)

    def test_correction_timeout_ends_the_sub_cases(self):
        c = self.apply()
        jid = c["id"]
        self.srv.act(jid, "accept", "clerk")
        r = self.srv.act(jid, "request_materials", "clerk", materials=[SIGN])
        self.assertStatus(r, 200)
        self.assertEqual(r.json["state"], "awaiting_materials")
        db = ghtest.copy_db(self.srv.db, self.tmp.file("timeout.db"))
        r = ghtest.run_cli("sweep", db, "--today", ts.iso_of(ts.TODAY + 61))
        self.assertEqual(r.returncode, 0, r.stderr)
        con = ghtest.connect(db)
        rows = con.execute("SELECT c.id, c.state, c.outcome, i.code FROM cases c"
                           " JOIN items i ON i.id = c.item_id WHERE c.id = ? OR"
                           " c.parent_id = ? ORDER BY c.id", (jid, jid)
                           ).fetchall()
        con.close()
        got = {(r[0] == jid, r[3]): (r[1], r[2]) for r in rows}
        # the joint case and its waiting sub-cases: 补正超时驳回; the one
        # behind its prerequisite: not accepted
        self.assertEqual(got[(True, LEAD_ITEM)], (2, 5))
        self.assertEqual(got[(False, LEAD_ITEM)], (2, 5))
        self.assertEqual(got[(False, ROAD_ITEM)], (2, 5))
        self.assertEqual(got[(False, HEALTH_ITEM)], (2, 3))


if __name__ == "__main__":
    unittest.main(verbosity=2)
