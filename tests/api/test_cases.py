"""Cases (办件) through every path of their life cycle, over HTTP, with the
database checked after each step and after each refusal."""
import re

import ghtest
from ghtest import ServerTest, Server, TempDir, make_demo

# 市场监管局 (dept 3): steps 受理(clerk) 审核(reviewer) 批准(chief) 制证发证(clerk)
ITEM = "450323-SCJG-0001"
ITEM_MATERIALS = ["食品经营许可申请表", "申请单位营业执照或统一社会信用代码证书",
                  "经营场所平面图", "食品安全管理制度文本",
                  "主要设备设施布局和操作流程", "授权委托书及受托人身份证明"]
INSTANT_ITEM = "450323-SCJG-0004"   # 即办件
INSTANT_MATERIALS = ["食品经营许可申请表", "申请单位营业执照或统一社会信用代码证书",
                     "原证件正、副本"]
OTHER_DEPT_ITEM = "450323-FGJ-0001"  # 发改局: not served by the clerk's window
CHIEF = "s001"                        # 首席代表 of 市场监管局
WALK_IN = {"name": "张小三", "id_number": "450323199001011234",
           "phone": "13900001111"}

STATES = ["submitted", "accepted", "rejected", "awaiting_materials",
          "under_review", "decided", "completed", "suspended", "withdrawn"]
ALLOWED = {
    "accept": {"submitted"},
    "reject": {"submitted", "awaiting_materials"},
    "request_materials": {"submitted", "accepted", "under_review"},
    "supplement": {"awaiting_materials"},
    "start_review": {"accepted"},
    "approve": {"under_review"},
    "deny": {"under_review"},
    "complete": {"decided"},
    "suspend": {"accepted", "under_review"},
    "resume": {"suspended"},
    "withdraw": {"submitted", "awaiting_materials", "accepted",
                 "under_review", "suspended", "decided"},
    "forward": {"under_review"},
    "void": {"submitted", "accepted", "awaiting_materials", "under_review",
             "decided", "suspended"},
}
# who may take each action in general (so that a refusal is about state)
ACTOR = {"accept": "clerk", "reject": "clerk", "request_materials": "clerk",
         "supplement": "applicant", "start_review": "clerk",
         "approve": "reviewer", "deny": "reviewer", "complete": "clerk",
         "suspend": "reviewer", "resume": "reviewer", "withdraw": "applicant",
         "forward": "reviewer", "void": "admin"}
ARGS = {"reason": "依法说明的理由", "materials": [ITEM_MATERIALS[2]],
        "procedure": "expert_review"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class CaseHelpers:
    srv = None

    def apply(self, who="applicant", item=ITEM, materials=None, applicant=None):
        body = {"item_code": item,
                "materials": ITEM_MATERIALS[:5] if materials is None
                else materials}
        if applicant:
            body["applicant"] = applicant
        r = self.srv.post("/api/v1/cases", body, token=who)
        self.assertStatus(r, 201)
        # the answer is the stored case, department name included
        self.assertEqual(r.json, self.srv.get("/api/v1/cases/%d" % r.json["id"],
                                              token=who).json)
        self.assertTrue(r.json["dept_name"])
        return r.json

    def act_ok(self, case, action, who, **args):
        r = self.srv.act(case["id"], action, who, **args)
        self.assertStatus(r, 200)
        return r.json

    def drive(self, state):
        """A fresh case of ITEM in the given state."""
        if state == "submitted":
            return self.apply()
        if state == "awaiting_materials":
            c = self.apply()
            return self.act_ok(c, "request_materials", "clerk",
                               materials=[ITEM_MATERIALS[2]])
        if state == "rejected":
            return self.act_ok(self.apply(), "reject", "clerk",
                               reason="不属于本部门职权范围")
        if state == "withdrawn":
            return self.act_ok(self.apply(), "withdraw", "applicant")
        c = self.act_ok(self.apply(), "accept", "clerk")
        if state == "accepted":
            return c
        c = self.act_ok(c, "start_review", "clerk")
        if state == "under_review":
            return c
        if state == "suspended":
            return self.act_ok(c, "suspend", "reviewer",
                               procedure="site_check", reason="需要实地核查")
        # 不予许可 is the 批准 step's: 审核 passes it on, the chief denies
        c = self.act_ok(c, "approve", "reviewer", note="建议不予许可")
        c = self.act_ok(c, "deny", CHIEF, reason="场所不符合要求")
        if state == "decided":
            return c
        return self.act_ok(c, "complete", "clerk")

    def db_case(self, cid):
        return self.srv.q("SELECT * FROM cases WHERE id = ?", cid)[0]

    def events(self, cid):
        return self.srv.q("SELECT * FROM case_events WHERE case_id = ?"
                          " ORDER BY id", cid)

    def audits(self, cid):
        return self.srv.q("SELECT * FROM audit WHERE object_type = 'case'"
                          " AND object_id = ?", str(cid))


class CaseTests(CaseHelpers, ServerTest):
    logins = ServerTest.logins + (CHIEF, "user001")

    def test_case_object_fields(self):
        c = self.apply()
        for k in ("id", "query_code", "state", "item_code", "deadline",
                  "remaining_working_days"):
            self.assertIn(k, c)
        self.assertEqual(c["state"], "submitted")
        self.assertEqual(c["item_code"], ITEM)
        self.assertEqual(c["channel"], "online")
        self.assertIsNone(c["deadline"])
        self.assertIsNone(c["remaining_working_days"])
        self.assertRegex(c["query_code"], r"^[2-9A-Z]{12}$")
        self.assertEqual(c["applicant"]["name"], "王小明")
        row = self.db_case(c["id"])
        self.assertEqual(row["state"], 0)
        self.assertEqual(row["query_code"], c["query_code"])
        self.assertEqual(sorted(m["name"] for m in self.srv.q(
            "SELECT name FROM case_materials WHERE case_id = ?", c["id"])),
            sorted(ITEM_MATERIALS[:5]))
        ev = self.events(c["id"])
        self.assertEqual([e["action"] for e in ev], ["apply"])
        self.assertEqual([a["action"] for a in self.audits(c["id"])],
                         ["case.apply"])
        a = self.act_ok(c, "accept", "clerk")
        self.assertRegex(a["deadline"], ISO)
        self.assertIsInstance(a["remaining_working_days"], int)
        dl = self.srv.get("/api/v1/calendar/deadline?from=%s&days=%d"
                          % (ghtest.TODAY, a["limit_days"])).json["deadline"]
        self.assertEqual(a["deadline"], dl)
        self.assertEqual(a["remaining_working_days"], a["limit_days"])
        self.assertEqual(a["accepted_day"], ghtest.TODAY)
        self.assertEqual(self.db_case(c["id"])["clerk_id"],
                         self.srv.q1("SELECT id FROM users WHERE username='clerk'"))
        g = self.srv.get("/api/v1/cases/%d" % c["id"], token="applicant")
        self.assertStatus(g, 200)
        self.assertEqual(g.json["state"], "accepted")
        self.assertIn("clock", g.json)
        self.assertIn("timeline", g.json)

    def test_full_path_with_correction_and_every_step(self):
        c = self.apply(materials=ITEM_MATERIALS[:1] + ITEM_MATERIALS[3:5])
        c = self.act_ok(c, "request_materials", "clerk",
                        materials=ITEM_MATERIALS[1:3], note="请补齐")
        self.assertEqual(c["state"], "awaiting_materials")
        self.assertEqual(len(c["notices"]), 1)
        self.assertEqual(c["notices"][0]["materials"], ITEM_MATERIALS[1:3])
        c = self.act_ok(c, "supplement", "applicant",
                        materials=ITEM_MATERIALS[1:3])
        self.assertEqual(c["state"], "submitted")
        c = self.act_ok(c, "accept", "clerk")
        self.assertEqual(c["state"], "accepted")
        c = self.act_ok(c, "start_review", "clerk")
        self.assertEqual(c["state"], "under_review")
        reviewer_id = self.srv.q1("SELECT id FROM users WHERE username='reviewer'")
        step = self.srv.q("SELECT * FROM case_steps WHERE case_id = ? AND"
                          " idx = 1", c["id"])[0]
        self.assertIsNotNone(step["start_day"])
        c = self.act_ok(c, "approve", "reviewer", note="材料齐全")
        self.assertEqual(c["state"], "under_review")
        self.assertEqual(c["step_index"], 2)
        # the 批准 step belongs to the chief representative
        r = self.srv.act(c["id"], "approve", "reviewer")
        self.assertError(r, 403)
        c = self.act_ok(c, "approve", CHIEF)
        self.assertEqual(c["state"], "decided")
        self.assertEqual(c["decision"], "approve")
        c = self.act_ok(c, "complete", "clerk")
        self.assertEqual(c["state"], "completed")
        self.assertEqual(c["outcome"], "issued")
        self.assertEqual(c["result_name"], "食品经营许可证")
        self.assertTrue(c["on_time"])
        row = self.db_case(c["id"])
        self.assertEqual((row["state"], row["outcome"], row["decision"]),
                         (6, 1, 1))
        self.assertIsNotNone(row["finished_day"])
        self.assertIsNone(row["handler_id"])
        steps = self.srv.q("SELECT * FROM case_steps WHERE case_id = ?"
                           " ORDER BY idx", c["id"])
        self.assertEqual(len(steps), 4)
        for s in steps:
            self.assertIsNotNone(s["end_day"], s)
        self.assertEqual(steps[1]["handler_id"], reviewer_id)
        self.assertEqual(
            [e["action"] for e in self.events(c["id"])],
            ["apply", "request_materials", "supplement", "accept",
             "start_review", "approve", "approve", "complete"])
        self.assertEqual(len(self.audits(c["id"])), 8)
        self.assertEqual(self.srv.q1(
            "SELECT count(*) FROM case_suspensions WHERE case_id = ?",
            c["id"]), 0)

    def test_window_apply_needs_applicant(self):
        before = self.srv.counts()
        r = self.srv.post("/api/v1/cases", {"item_code": ITEM,
                                            "materials": ITEM_MATERIALS[:1]},
                          token="clerk")
        e = self.assertError(r, 422)
        self.assertEqual(e.get("field"), "applicant")
        self.assertUnchanged(before)
        c = self.apply("clerk", applicant=WALK_IN)
        self.assertEqual(c["channel"], "window")
        self.assertEqual(c["applicant"]["name"], "张小三")
        # masked in the answer too (full only through an audited reveal)
        self.assertEqual(c["applicant"]["id_number"], "450323********1234")
        row = self.db_case(c["id"])
        self.assertIsNone(row["applicant_id"])
        self.assertEqual(row["window_id"], 15)
        self.assertEqual(row["applicant_id_no"], WALK_IN["id_number"])

    def test_unknown_item_and_material(self):
        before = self.srv.counts()
        r = self.srv.post("/api/v1/cases", {"item_code": "NO-SUCH"},
                          token="applicant")
        self.assertEqual(self.assertError(r, 422)["field"], "item_code")
        r = self.srv.post("/api/v1/cases", {"item_code": ITEM,
                                            "materials": ["不存在的材料"]},
                          token="applicant")
        self.assertEqual(self.assertError(r, 422)["field"], "materials")
        r = self.srv.post("/api/v1/cases", {"materials": []},
                          token="applicant")
        self.assertEqual(self.assertError(r, 422)["field"], "item_code")
        self.assertUnchanged(before)

    def test_deny_needs_reason_then_completes_denied(self):
        c = self.drive("under_review")
        c = self.act_ok(c, "approve", "reviewer", note="建议不予许可")
        before = self.srv.counts()
        r = self.srv.act(c["id"], "deny", CHIEF)
        self.assertEqual(self.assertError(r, 422)["field"], "reason")
        r = self.srv.act(c["id"], "deny", CHIEF, reason="")
        self.assertError(r, 422)
        self.assertUnchanged(before)
        c = self.act_ok(c, "deny", CHIEF, reason="经营场所不符合要求")
        self.assertEqual((c["state"], c["decision"]), ("decided", "deny"))
        self.assertEqual(c["reason"], "经营场所不符合要求")
        c = self.act_ok(c, "complete", "clerk")
        self.assertEqual((c["state"], c["outcome"]), ("completed", "denied"))
        self.assertEqual(c["result_name"], "")
        self.assertEqual(self.db_case(c["id"])["outcome"], 2)

    def test_reject_needs_reason(self):
        c = self.apply()
        before = self.srv.counts()
        r = self.srv.act(c["id"], "reject", "clerk")
        self.assertEqual(self.assertError(r, 422)["field"], "reason")
        self.assertUnchanged(before)
        c = self.act_ok(c, "reject", "clerk", reason="申请人不具备法定申请资格")
        self.assertEqual((c["state"], c["outcome"]),
                         ("rejected", "not_accepted"))
        self.assertEqual(self.db_case(c["id"])["reason"],
                         "申请人不具备法定申请资格")

    def test_reject_while_awaiting_materials_before_acceptance(self):
        c = self.drive("awaiting_materials")
        c = self.act_ok(c, "reject", "clerk", reason="材料存在实质性问题")
        self.assertEqual(c["state"], "rejected")

    def test_suspend_needs_procedure_and_resume(self):
        c = self.drive("under_review")
        before = self.srv.counts()
        r = self.srv.act(c["id"], "suspend", "reviewer", reason="专家评审")
        self.assertEqual(self.assertError(r, 422)["field"], "procedure")
        r = self.srv.act(c["id"], "suspend", "reviewer",
                         procedure="correction", reason="x")
        self.assertError(r, 422)
        r = self.srv.act(c["id"], "suspend", "reviewer", procedure="hearing")
        self.assertEqual(self.assertError(r, 422)["field"], "reason")
        self.assertUnchanged(before)
        c = self.act_ok(c, "suspend", "reviewer", procedure="专家评审",
                        reason="组织专家评审")
        self.assertEqual(c["state"], "suspended")
        self.assertTrue(c["paused"])
        self.assertEqual(c["suspensions"][0]["procedure"], "expert_review")
        s = self.srv.q("SELECT * FROM case_suspensions WHERE case_id = ?",
                       c["id"])
        self.assertEqual(len(s), 1)
        self.assertIsNone(s[0]["end_day"])
        self.assertEqual(s[0]["procedure"], 8)
        c = self.act_ok(c, "resume", "reviewer")
        self.assertEqual(c["state"], "under_review")
        self.assertFalse(c["paused"])
        self.assertIsNotNone(self.srv.q1(
            "SELECT end_day FROM case_suspensions WHERE case_id = ?", c["id"]))

    def test_withdraw_by_applicant(self):
        for state in ("submitted", "accepted", "under_review"):
            c = self.drive(state)
            c = self.act_ok(c, "withdraw", "applicant", reason="不再需要")
            self.assertEqual((c["state"], c["outcome"]),
                             ("withdrawn", "withdrawn"))
            self.assertEqual(self.db_case(c["id"])["state"], 8)

    def test_forward(self):
        c = self.drive("under_review")
        r = self.srv.act(c["id"], "forward", "reviewer")
        self.assertError(r, 422)
        c = self.act_ok(c, "forward", "reviewer", reason="属上级机关审批权限")
        self.assertEqual((c["state"], c["outcome"]),
                         ("completed", "forwarded"))

    def test_admin_void(self):
        c = self.drive("suspended")
        before = self.srv.counts()
        self.assertError(self.srv.act(c["id"], "void", "clerk",
                                      reason="x"), 403)
        self.assertError(self.srv.act(c["id"], "void", "admin"), 422)
        self.assertUnchanged(before)
        c = self.act_ok(c, "void", "admin", reason="重复申报")
        self.assertEqual((c["state"], c["outcome"]), ("completed", "voided"))
        self.assertEqual(self.srv.q1(
            "SELECT count(*) FROM case_suspensions WHERE case_id = ? AND"
            " end_day IS NULL", c["id"]), 0)

    def test_instant_item_completes_at_acceptance(self):
        c = self.apply(item=INSTANT_ITEM, materials=INSTANT_MATERIALS)
        self.assertTrue(c["instant"])
        c = self.act_ok(c, "accept", "clerk")
        self.assertEqual((c["state"], c["outcome"]), ("completed", "issued"))
        self.assertEqual(c["finished_day"], ghtest.TODAY)
        self.assertEqual(c["accepted_day"], ghtest.TODAY)
        self.assertTrue(c["result_name"])
        row = self.db_case(c["id"])
        self.assertEqual((row["state"], row["outcome"]), (6, 1))

    def test_request_materials_after_acceptance_pauses_clock(self):
        c = self.drive("accepted")
        c = self.act_ok(c, "request_materials", "reviewer",
                        materials=[ITEM_MATERIALS[3]])
        self.assertEqual(c["state"], "awaiting_materials")
        self.assertTrue(c["paused"])
        s = self.srv.q("SELECT * FROM case_suspensions WHERE case_id = ?",
                       c["id"])
        self.assertEqual(len(s), 1)
        self.assertEqual(s[0]["procedure"], 11)  # 补正
        self.assertIsNone(s[0]["end_day"])
        # the applicant cannot be sent back before acceptance for it twice,
        # nor can a clerk reject an accepted case
        self.assertError(self.srv.act(c["id"], "reject", "clerk",
                                      reason="x"), 409)
        c = self.act_ok(c, "supplement", "applicant",
                        materials=[ITEM_MATERIALS[3]])
        self.assertEqual(c["state"], "accepted")
        self.assertFalse(c["paused"])
        self.assertIsNotNone(self.srv.q1(
            "SELECT end_day FROM case_suspensions WHERE case_id = ?", c["id"]))

    def test_one_time_notice_refuses_new_materials(self):
        c = self.apply(materials=ITEM_MATERIALS[:1])
        c = self.act_ok(c, "request_materials", "clerk",
                        materials=ITEM_MATERIALS[1:3])
        c = self.act_ok(c, "supplement", "applicant",
                        materials=[ITEM_MATERIALS[1]])
        before = self.srv.counts()
        r = self.srv.act(c["id"], "request_materials", "clerk",
                         materials=[ITEM_MATERIALS[2], ITEM_MATERIALS[4]])
        e = self.assertError(r, 409)
        self.assertEqual(e["material"], ITEM_MATERIALS[4])
        self.assertEqual(e["state"], "submitted")
        self.assertUnchanged(before)
        self.assertEqual(self.srv.q1(
            "SELECT count(*) FROM case_notices WHERE case_id = ?", c["id"]), 1)
        c = self.act_ok(c, "request_materials", "clerk",
                        materials=[ITEM_MATERIALS[2]])
        self.assertEqual(c["state"], "awaiting_materials")

    def test_request_materials_needs_known_materials(self):
        c = self.apply()
        before = self.srv.counts()
        r = self.srv.act(c["id"], "request_materials", "clerk")
        self.assertEqual(self.assertError(r, 422)["field"], "materials")
        r = self.srv.act(c["id"], "request_materials", "clerk",
                         materials=["不在清单中的材料"])
        self.assertEqual(self.assertError(r, 422)["field"], "materials")
        self.assertUnchanged(before)

    def test_every_forbidden_action_is_409_and_writes_nothing(self):
        cases = {s: self.drive(s) for s in STATES}
        checked = 0
        for action, allowed in sorted(ALLOWED.items()):
            for state in STATES:
                if state in allowed:
                    continue
                c = cases[state]
                before = self.srv.counts()
                r = self.srv.act(c["id"], action, ACTOR[action], **ARGS)
                e = self.assertError(r, 409)
                self.assertEqual(e.get("state"), state,
                                 "%s from %s" % (action, state))
                self.assertUnchanged(before)
                checked += 1
        self.assertGreater(checked, 60)
        for state, c in cases.items():
            self.assertEqual(self.db_case(c["id"])["state"],
                             STATES.index(state))

    def test_deny_only_at_the_deciding_step(self):
        # 审核 (reviewer) then 批准 (chief): the reviewer cannot deny alone
        c = self.drive("under_review")
        self.assertEqual(c["step_index"], 1)
        before = self.srv.counts()
        for who in ("reviewer", CHIEF):
            r = self.srv.act(c["id"], "deny", who, reason="场所不符合要求")
            e = self.assertError(r, 409)
            self.assertIn("审批环节", e["message"])
            self.assertEqual((e["step"], e["steps"]), (1, 2))
        self.assertUnchanged(before)
        row = self.db_case(c["id"])
        self.assertEqual((row["state"], row["decision"]),
                         (STATES.index("under_review"), 0))
        # at the 批准 step the reviewer is the wrong role, the chief decides
        c = self.act_ok(c, "approve", "reviewer", note="建议不予许可")
        r = self.srv.act(c["id"], "deny", "reviewer", reason="场所不符合要求")
        self.assertError(r, 403)
        c = self.act_ok(c, "deny", CHIEF, reason="场所不符合要求")
        self.assertEqual((c["state"], c["decision"]), ("decided", "deny"))
        steps = self.srv.q("SELECT idx, result FROM case_steps WHERE"
                           " case_id = ? ORDER BY idx", c["id"])
        self.assertEqual([s["result"] for s in steps[1:3]],
                         ["通过", "不予许可"])

    def test_unknown_action(self):
        c = self.apply()
        r = self.srv.act(c["id"], "fly", "clerk")
        self.assertEqual(self.assertError(r, 422)["field"], "action")
        r = self.srv.act(c["id"], "expire_correction", "clerk")
        self.assertError(r, 403)

    def test_wrong_role_is_403_and_writes_nothing(self):
        c = self.apply()
        before = self.srv.counts()
        for action, who in (("accept", "applicant"), ("accept", "reviewer"),
                            ("approve", "clerk"), ("start_review", "applicant"),
                            ("reject", "reviewer"), ("suspend", "clerk")):
            r = self.srv.act(c["id"], action, who, **ARGS)
            self.assertError(r, 403)
        # supervisors read only: the route refuses them
        self.assertError(self.srv.act(c["id"], "accept", "supervisor"), 403)
        self.assertError(self.srv.post("/api/v1/cases", {"item_code": ITEM},
                                       token="supervisor"), 403)
        self.assertError(self.srv.post("/api/v1/cases", {"item_code": ITEM},
                                       token="reviewer"), 403)
        self.assertUnchanged(before)

    def test_applicant_sees_only_own_cases(self):
        c = self.apply()
        before = self.srv.counts()
        r = self.srv.get("/api/v1/cases/%d" % c["id"], token="user001")
        self.assertError(r, 404)
        r = self.srv.act(c["id"], "withdraw", "user001")
        self.assertError(r, 404)
        self.assertUnchanged(before)
        uid = self.srv.q1("SELECT id FROM users WHERE username = 'applicant'")
        r = self.srv.get("/api/v1/cases?per_page=200", token="applicant")
        self.assertStatus(r, 200)
        own = self.srv.q1("SELECT count(*) FROM cases WHERE applicant_id = ?",
                          uid)
        self.assertEqual(r.json["total"], own)
        ids = {x["id"] for x in r.json["data"]}
        self.assertIn(c["id"], ids)
        for x in r.json["data"]:
            self.assertEqual(self.db_case(x["id"])["applicant_id"], uid)
        r = self.srv.get("/api/v1/cases?per_page=200", token="user001")
        self.assertNotIn(c["id"], {x["id"] for x in r.json["data"]})

    def test_clerk_outside_window_departments(self):
        other = self.srv.q1("SELECT id FROM cases WHERE dept_id = 1 AND"
                            " state = 0")
        if other is None:
            other = self.apply(item=OTHER_DEPT_ITEM, materials=[])["id"]
        before = self.srv.counts()
        self.assertError(self.srv.get("/api/v1/cases/%d" % other,
                                      token="clerk"), 403)
        self.assertError(self.srv.act(other, "accept", "clerk"), 403)
        self.assertError(self.srv.get("/api/v1/cases/%d" % other,
                                      token="reviewer"), 403)
        r = self.srv.post("/api/v1/cases", {"item_code": OTHER_DEPT_ITEM,
                                            "applicant": WALK_IN},
                          token="clerk")
        self.assertError(r, 403)
        self.assertUnchanged(before)
        # and the clerk's list holds only departments the window serves
        r = self.srv.get("/api/v1/cases?per_page=200", token="clerk")
        served = {x["dept_id"] for x in self.srv.q(
            "SELECT dept_id FROM window_depts WHERE window_id = 15")}
        self.assertTrue(r.json["data"])
        for x in r.json["data"]:
            self.assertIn(x["dept_id"], served)

    def test_list_filters_and_paging(self):
        r = self.srv.get("/api/v1/cases?state=under_review&per_page=5",
                         token="admin")
        self.assertStatus(r, 200)
        n = self.srv.q1("SELECT count(*) FROM cases WHERE state = 4")
        self.assertEqual(r.json["total"], n)
        self.assertLessEqual(len(r.json["data"]), 5)
        self.assertEqual((r.json["page"], r.json["per_page"]), (1, 5))
        for x in r.json["data"]:
            self.assertEqual(x["state"], "under_review")
        r = self.srv.get("/api/v1/cases?dept=3&per_page=200", token="admin")
        self.assertEqual(r.json["total"], self.srv.q1(
            "SELECT count(*) FROM cases WHERE dept_id = 3"))
        self.assertError(self.srv.get("/api/v1/cases?state=nope",
                                      token="admin"), 400)
        self.assertError(self.srv.get("/api/v1/cases?per_page=0",
                                      token="admin"), 400)
        self.assertError(self.srv.get("/api/v1/cases?page=x",
                                      token="admin"), 400)
        self.assertError(self.srv.get("/api/v1/cases"), 401)

    def test_progress_by_query_code_is_public_and_masked(self):
        c = self.apply("clerk", applicant=WALK_IN)
        self.act_ok(c, "accept", "clerk")
        r = self.srv.get("/api/v1/progress/%s" % c["query_code"])
        self.assertStatus(r, 200)
        p = r.json
        self.assertNotIn("id", p)
        self.assertEqual(p["state"], "accepted")
        self.assertEqual(p["item_code"], ITEM)
        self.assertEqual(p["applicant"]["name"], "张*三")
        self.assertNotIn(WALK_IN["id_number"], r.text)
        self.assertNotIn(WALK_IN["phone"], r.text)
        self.assertIn("*", p["applicant"]["id_number"])
        self.assertRegex(p["deadline"], ISO)
        self.assertIsInstance(p["remaining_working_days"], int)
        self.assertTrue(p["timeline"])
        for ev in p["timeline"]:
            self.assertNotIn("actor_name", ev)
            self.assertNotIn("note", ev)
        self.assertNotIn("周窗口", r.text)
        self.assertError(self.srv.get("/api/v1/progress/NOSUCHCODE22"), 404)
        self.assertError(self.srv.get("/api/v1/progress/" + "A" * 40), 404)
        two = self.apply()  # 王小明 -> 王*明
        r = self.srv.get("/api/v1/progress/%s" % two["query_code"])
        self.assertEqual(r.json["applicant"]["name"], "王*明")

    def test_staff_see_identity_others_masked(self):
        c = self.apply("clerk", applicant=WALK_IN)
        r = self.srv.get("/api/v1/cases/%d" % c["id"], token="supervisor")
        self.assertStatus(r, 200)
        self.assertNotEqual(r.json["applicant"]["id_number"],
                            WALK_IN["id_number"])
        # separation of duties: nobody sees it whole in an answer; the clerk
        # who took the case sees it through an audited reveal
        r = self.srv.get("/api/v1/cases/%d" % c["id"], token="admin")
        self.assertEqual(r.json["applicant"]["id_number"], "450323********1234")
        r = self.srv.post("/api/v1/cases/%d/reveal" % c["id"],
                          {"reason": "核对身份"}, token="clerk")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["id_number"], WALK_IN["id_number"])

    def test_retired_item_takes_no_new_cases(self):
        code = "450323-SCJG-0003"
        self.assertStatus(self.srv.post("/api/v1/items/%s/retire" % code,
                                        token="admin"), 200)
        try:
            before = self.srv.counts()
            r = self.srv.post("/api/v1/cases", {"item_code": code},
                              token="applicant")
            self.assertError(r, 409)
            self.assertUnchanged(before)
        finally:
            self.srv.post("/api/v1/items/%s/restore" % code, token="admin")


class ClockTests(CaseHelpers, ServerTest):
    """Dates around 国庆 2026: the server is restarted with other --today
    values on the same database to let working days pass."""
    today = "2026-09-28"
    logins = ("clerk", "applicant", "reviewer", "admin")

    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        db = cls.tmp.file("gh.db")
        make_demo(db, today=cls.today)
        cls.srv = Server(db, today=cls.today).start()
        for u in cls.logins:
            cls.srv.login(u)

    def restart(self, today):
        tokens = self.srv.tokens
        self.srv.stop()
        type(self).srv = Server(self.srv.db, today=today).start()
        self.srv.tokens = tokens  # sessions live in the database

    def test_clock_across_national_day(self):
        self.restart("2026-09-28")
        # a notice due within 5 working days of 09-28: 09-29, 09-30, 10-08,
        # 10-09 and the 调休 Saturday 10-10
        late = self.apply(materials=ITEM_MATERIALS[:1])
        c = self.act_ok(self.apply(), "accept", "clerk")
        self.assertEqual(c["accepted_day"], "2026-09-28", c)
        # 12 working days: 9-29 9-30 10-8 10-9 10-10(调休) 10-12 .. 10-16 10-19 10-20
        self.assertEqual(c["deadline"], "2026-10-20", c["clock"])
        self.assertEqual(c["remaining_working_days"], 12)
        ex = c["clock"]["explanation"]
        kinds = {(e["kind"], e["date"]) for e in ex}
        for d in ("2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06",
                  "2026-10-07"):
            self.assertIn(("holiday", d), kinds)
        self.assertIn(("makeup", "2026-10-10"), kinds)
        self.assertIn(("deadline", "2026-10-20"), kinds)
        c = self.act_ok(c, "start_review", "clerk")
        c = self.act_ok(c, "suspend", "reviewer", procedure="testing",
                        reason="送检")
        # a suspension costs at least one whole working day (clock.h)
        self.assertEqual(c["deadline"], "2026-10-21")

        # nine days later, the late notice is refused
        self.restart("2026-10-12")
        before = self.srv.counts()
        r = self.srv.act(late["id"], "request_materials", "clerk",
                         materials=[ITEM_MATERIALS[2]])
        e = self.assertError(r, 409)
        self.assertEqual(e["deemed_accepted_day"], "2026-09-28")
        self.assertEqual(e["state"], "submitted")
        self.assertUnchanged(before)
        a = self.act_ok(late, "accept", "clerk")
        self.assertEqual(a["accepted_day"], "2026-09-28")
        self.assertEqual(a["deadline"], "2026-10-20")
        self.assertEqual(self.db_case(late["id"])["accepted_day"],
                         self.db_case(c["id"])["accepted_day"])

        # resume: the suspended working days 09-28 .. 10-12 push it back
        g = self.srv.get("/api/v1/cases/%d" % c["id"], token="reviewer").json
        self.assertTrue(g["paused"])
        c = self.act_ok(c, "resume", "reviewer")
        susp = c["clock"]["suspended_days"]
        # working days d with 09-28 <= d < 10-12: 9-28 9-29 9-30 10-8 10-9 10-10
        self.assertEqual(susp, 6)
        want = self.srv.get("/api/v1/calendar/deadline?from=2026-10-20&days=%d"
                            % susp).json["deadline"]
        self.assertEqual(c["deadline"], want)
        self.assertEqual(c["deadline"], "2026-10-28")
        self.assertIn("suspension", {e["kind"] for e in
                                     c["clock"]["explanation"]})
        row = self.db_case(c["id"])
        self.assertEqual(ghtest_day(row["deadline_day"]), c["deadline"])
        s = self.srv.q("SELECT * FROM case_suspensions WHERE case_id = ?",
                       c["id"])[0]
        self.assertEqual(ghtest_day(s["end_day"]), "2026-10-12")


def ghtest_day(n):
    import datetime
    return (datetime.date(1970, 1, 1) + datetime.timedelta(days=n)).isoformat()


if __name__ == "__main__":
    ghtest.main()
