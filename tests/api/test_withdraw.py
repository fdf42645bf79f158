"""A staff member withdraws a case only on the applicant's request, with
the reason; withdrawing a yellow or red case is an anomaly (A10) on the
board, whoever does it (issue 8, point 8)."""
import json

import ghtest
from ghtest import ServerTest


class WithdrawTests(ServerTest):
    logins = ("clerk", "supervisor", "applicant")

    def listed(self, light):
        r = self.srv.get("/api/v1/supervision/cases?light=%s&dept=3" % light,
                         token="supervisor")
        self.assertStatus(r, 200)
        return [c["id"] for c in r.json["data"]]

    def anomalies(self, case_id):
        return self.srv.q("SELECT rule_id, explanation, evidence FROM"
                          " anomalies WHERE case_id = ?", case_id)

    def test_staff_need_the_reason_and_the_applicants_request(self):
        cid = self.listed("red")[0]
        before = self.srv.counts()
        for body in ({}, {"reason": "申请人要求"},
                     {"applicant_request": "申请人书面申请"},
                     {"reason": " ", "applicant_request": "x"}):
            r = self.srv.act(cid, "withdraw", "clerk", **body)
            self.assertError(r, 422)
        self.assertUnchanged(before)
        self.assertEqual([a for a in self.anomalies(cid)
                          if a["rule_id"] == "A10"], [])

    def test_withdrawing_a_red_case_is_an_anomaly(self):
        cid = self.listed("red")[0]
        board = self.srv.get("/api/v1/supervision/board", token="supervisor")
        r = self.srv.act(cid, "withdraw", "clerk", reason="申请人不再办理",
                         applicant_request="申请人于2026-11-23提交书面撤回申请")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["state"], "withdrawn")
        hits = [a for a in self.anomalies(cid) if a["rule_id"] == "A10"]
        self.assertEqual(len(hits), 1)
        self.assertIn("红灯", hits[0]["explanation"])
        self.assertIn("申请人不再办理", hits[0]["explanation"])
        # on the anomaly list the supervisors work from
        r = self.srv.get("/api/v1/supervision/anomalies?rule=A10",
                         token="supervisor")
        self.assertIn(cid, [a["case_id"] for a in r.json["data"]])
        # the red light is gone from the board, the record is not
        after = self.srv.get("/api/v1/supervision/board", token="supervisor")
        self.assertEqual(after.json["red"], board.json["red"] - 1)
        # the timeline and the audit keep the applicant's request
        note = self.srv.q1("SELECT note FROM case_events WHERE case_id = ?"
                           " ORDER BY id DESC LIMIT 1", cid)
        self.assertIn("书面撤回申请", note)
        row = self.srv.q1("SELECT after FROM audit WHERE action ="
                          " 'case.withdraw_request' AND object_id = ?",
                          str(cid))
        self.assertEqual(json.loads(row)["reason"], "申请人不再办理")

    def test_withdrawing_a_yellow_case_is_an_anomaly(self):
        cid = self.listed("yellow")[0]
        r = self.srv.act(cid, "withdraw", "clerk", reason="重复申报",
                         applicant_request="申请人电话申请撤回,已录音")
        self.assertStatus(r, 200)
        hits = [a for a in self.anomalies(cid) if a["rule_id"] == "A10"]
        self.assertEqual(len(hits), 1)
        self.assertIn("黄灯", hits[0]["explanation"])

    def test_green_and_not_yet_accepted_cases_raise_nothing(self):
        cid = self.srv.q1("SELECT id FROM cases WHERE dept_id = 3 AND"
                          " state = 0 ORDER BY id LIMIT 1")
        r = self.srv.act(cid, "withdraw", "clerk", reason="申请人撤回",
                         applicant_request="申请人到窗口口头申请")
        self.assertStatus(r, 200)
        self.assertEqual([a for a in self.anomalies(cid)
                          if a["rule_id"] == "A10"], [])

    def test_the_rule_is_listed_and_switchable(self):
        r = self.srv.get("/api/v1/supervision/rules", token="supervisor")
        ids = [x["id"] for x in r.json["data"]] if isinstance(
            r.json, dict) else [x["id"] for x in r.json]
        self.assertIn("A10", ids)


if __name__ == "__main__":
    ghtest.main()
