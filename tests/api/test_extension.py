"""Extension of a case's time limit (延长审批期限, 行政许可法 art. 42;
issue 11, section 5): a reviewer or chief asks for up to 10 working days
with a reason, the chief of the case's department who did not ask approves
or refuses it; an approved extension moves the deadline and the open review
step's due day by exactly its working days (checked here against the
region's calendar read from the database), is explained in the clock, told
to the applicant, and is granted once per case.  Every refusal writes
nothing."""
import unittest

import ghtest
from ghtest import ServerTest
from test_cases import CaseHelpers
from test_stats import Calendar

CHIEF = "s001"      # 首席代表 of 市场监管局, the department of the test item


class ExtensionTests(CaseHelpers, ServerTest):
    logins = ("clerk", "applicant", "reviewer", "admin", CHIEF,
              "supervisor")

    def under_review(self):
        c = self.act_ok(self.apply(), "accept", "clerk")
        return self.act_ok(c, "start_review", "reviewer")

    def counts(self):
        n = self.srv.counts()
        n["case_extensions"] = self.srv.q1(
            "SELECT count(*) FROM case_extensions")
        n["notifications"] = self.srv.q1("SELECT count(*) FROM notifications")
        n["outbox"] = self.srv.q1("SELECT count(*) FROM outbox")
        return n

    def refused(self, c, status, who, field=None, **args):
        before = self.counts()
        r = self.srv.act(c["id"], args.pop("action"), who, **args)
        self.assertError(r, status)
        if field:
            self.assertEqual(r.json["error"].get("field"), field, r.json)
        self.assertEqual(self.counts(), before)
        return r

    def test_request_approve_moves_deadline_and_step_by_working_days(self):
        c = self.under_review()
        row = self.db_case(c["id"])
        cal = Calendar(self.srv, row["region_id"])
        d0 = row["deadline_day"]
        idx = row["step_index"]
        due0 = self.srv.q("SELECT due_day FROM case_steps WHERE case_id = ?"
                          " AND idx = ?", c["id"], idx)[0]["due_day"]

        # bad requests change nothing
        self.refused(c, 422, "reviewer", "days", action="request_extension",
                     reason="需补充现场核查")
        for days in (0, 11, -3):
            self.refused(c, 422, "reviewer", "days",
                         action="request_extension", days=days,
                         reason="需补充现场核查")
        self.refused(c, 400, "reviewer", action="request_extension",
                     days="七", reason="x")
        self.refused(c, 422, "reviewer", "reason",
                     action="request_extension", days=7, reason=" \u3000")
        self.refused(c, 403, "clerk", action="request_extension", days=7,
                     reason="x")
        self.refused(c, 403, "supervisor", action="request_extension",
                     days=7, reason="x")
        # nothing to decide yet
        self.refused(c, 409, CHIEF, action="approve_extension")
        # days belong to the extension actions only
        self.refused(c, 422, "reviewer", "days", action="approve", days=3)

        c = self.act_ok(c, "request_extension", "reviewer", days=7,
                        reason="涉及多部门会商,需延长审查")
        ext = c["extensions"][-1]
        self.assertEqual((ext["status"], ext["days"]), ("pending", 7))
        self.assertEqual(self.db_case(c["id"])["deadline_day"], d0)
        self.assertIn("申请延长审批期限7个工作日", c["timeline"][-1]["note"])
        # one request at a time; the requester's own or a reviewer's
        # approval is refused
        self.refused(c, 409, "reviewer", action="request_extension", days=3,
                     reason="再延")
        self.refused(c, 403, "reviewer", action="approve_extension")
        self.refused(c, 422, CHIEF, "days", action="approve_extension",
                     days=5)

        c = self.act_ok(c, "approve_extension", CHIEF)
        row = self.db_case(c["id"])
        expect = cal.add(row["accepted_day"], row["limit_days"] + 7
                         + c["clock"]["suspended_days"])
        self.assertEqual(row["deadline_day"], expect)
        self.assertEqual(cal.count(d0, row["deadline_day"]), 7)
        self.assertEqual(c["clock"]["extension_days"], 7)
        due1 = self.srv.q("SELECT due_day FROM case_steps WHERE case_id = ?"
                          " AND idx = ?", c["id"], idx)[0]["due_day"]
        self.assertEqual(due1, cal.add(due0, 7))
        notes = [n for n in c["clock"]["explanation"]
                 if n["kind"] == "extension"]
        self.assertEqual(len(notes), 1)
        self.assertEqual(notes[0]["days"], 7)
        self.assertIn("延长审批期限7个工作日", notes[0]["text"])
        self.assertEqual(c["extensions"][-1]["status"], "approved")
        self.assertTrue(c["extensions"][-1]["decided_by_name"])
        last = c["timeline"][-1]
        self.assertEqual(last["action"], "approve_extension")
        self.assertIn("批准延长审批期限7个工作日", last["note"])
        self.assertIn(c["deadline"], last["note"])
        # the applicant hears of it in the hall and by SMS
        msg = self.srv.q("SELECT text FROM notifications WHERE case_id = ?"
                         " AND kind = 'case.extended'", c["id"])
        self.assertEqual(len(msg), 1)
        self.assertIn("延长审批期限7个工作日", msg[0]["text"])
        self.assertIn(c["deadline"], msg[0]["text"])
        # once per case
        self.refused(c, 409, "reviewer", action="request_extension", days=1,
                     reason="再延")
        # the audit trail has both steps
        acts = [a["action"] for a in self.srv.q(
            "SELECT after FROM audit WHERE object_type = 'case' AND"
            " object_id = ? AND action = 'case.action'", str(c["id"]))
            for a in [__import__("json").loads(a["after"])]]
        self.assertIn("request_extension", acts)
        self.assertIn("approve_extension", acts)

    def test_refusal_keeps_the_deadline_and_allows_a_new_request(self):
        c = self.under_review()
        d0 = self.db_case(c["id"])["deadline_day"]
        c = self.act_ok(c, "request_extension", "reviewer", days=5,
                        reason="需补充鉴定")
        self.refused(c, 422, CHIEF, "reason", action="deny_extension")
        c = self.act_ok(c, "deny_extension", CHIEF,
                        reason="现有材料足以作出决定,不予延长")
        self.assertEqual(c["extensions"][-1]["status"], "refused")
        self.assertEqual(self.db_case(c["id"])["deadline_day"], d0)
        self.assertEqual(c["clock"]["extension_days"], 0)
        self.assertIn("不予批准延长", c["timeline"][-1]["note"])
        # refused is not granted: a new request may be made
        c = self.act_ok(c, "request_extension", "reviewer", days=2,
                        reason="补充说明")
        self.assertEqual(c["extensions"][-1]["status"], "pending")

    def test_the_chief_cannot_approve_his_own_request(self):
        c = self.under_review()
        c = self.act_ok(c, "request_extension", CHIEF, days=3,
                        reason="需听取利害关系人意见")
        self.refused(c, 403, CHIEF, action="approve_extension")
        other = self.srv.q1(
            "SELECT username FROM users WHERE role = 4 AND active = 1 AND"
            " dept_id = (SELECT dept_id FROM users WHERE username = ?) AND"
            " username <> ? ORDER BY id LIMIT 1", CHIEF, CHIEF)
        if other is None:
            self.skipTest("the demo department has one chief")
        self.srv.login(other)
        c = self.act_ok(c, "approve_extension", other)
        self.assertEqual(c["clock"]["extension_days"], 3)

    def test_states_that_cannot_be_extended_answer_409(self):
        c = self.apply()
        self.refused(c, 409, "reviewer", action="request_extension", days=3,
                     reason="x")
        done = self.drive("completed")
        self.refused(done, 409, "reviewer", action="request_extension",
                     days=3, reason="x")
        self.refused(done, 409, CHIEF, action="approve_extension")

    def test_a_pending_request_is_decided_while_suspended(self):
        c = self.under_review()
        c = self.act_ok(c, "request_extension", "reviewer", days=4,
                        reason="需专家论证")
        c = self.act_ok(c, "suspend", "reviewer", procedure="expert_review",
                        reason="专家评审")
        c = self.act_ok(c, "approve_extension", CHIEF)
        self.assertEqual(c["state"], "suspended")
        c = self.act_ok(c, "resume", "reviewer")
        row = self.db_case(c["id"])
        cal = Calendar(self.srv, row["region_id"])
        self.assertEqual(row["deadline_day"], cal.add(
            row["accepted_day"], row["limit_days"] + 4
            + c["clock"]["suspended_days"]))


if __name__ == "__main__":
    ghtest.main()
