"""效能投诉 (issue 12 section 1): a complaint filed on the web goes through
every step 接待→受理→登记→呈批→批办→办理→报结→归档 with its timeline; a
forbidden jump answers 409 and writes nothing; the complainant reopens
once and not twice; the department complained about sees it without the
complainant's identity until consent is given; bad input is a 422 naming
its field."""
import ghtest
from ghtest import ServerTest


class ComplaintTests(ServerTest):
    logins = ("admin", "supervisor", "leader", "chief", "reviewer", "clerk",
              "applicant")

    def counts(self):
        out = {}
        for t in ("complaints", "complaint_events", "complaint_visits",
                  "audit"):
            out[t] = self.srv.q1("SELECT count(*) AS n FROM %s" % t)
        out["version"] = self.srv.q1(
            "SELECT coalesce(sum(version), 0) AS n FROM complaints")
        return out

    def dept(self):
        return self.srv.q1("SELECT dept_id FROM users WHERE username ="
                           " 'chief'")

    def file(self, **kw):
        body = {"title": "窗口推诿不办",
                "content": "我去办理个体工商户登记,窗口说材料不全但不告诉缺什么,让我来回跑了三趟。",
                "contact_name": "刘先生", "contact_phone": "13912345678",
                "dept_id": self.dept()}
        body.update(kw)
        r = self.srv.post("/api/v1/complaints", body)
        self.assertStatus(r, 201)
        self.assertEqual(sorted(r.json), ["id", "query_code", "state"])
        self.assertEqual(r.json["state"], "received")
        return r.json

    def act(self, cid, who, action, status=200, **kw):
        body = dict(kw, action=action)
        r = self.srv.post("/api/v1/complaints/%d/actions" % cid, body,
                          token=who)
        self.assertStatus(r, status)
        return r.json

    def to_handling(self, cid):
        self.act(cid, "supervisor", "accept")
        self.act(cid, "supervisor", "register", category="efficiency",
                 dept_id=self.dept())
        leader = self.srv.q1("SELECT id FROM users WHERE username = 'leader'")
        self.act(cid, "supervisor", "submit", leader_id=leader)
        return self.act(cid, "leader", "assign", handling_dept_id=self.dept())

    def test_every_step_with_its_timeline(self):
        c = self.file()
        cid = c["id"]
        v = self.srv.get("/api/v1/complaints/%d" % cid, token="supervisor")
        self.assertStatus(v, 200)
        self.assertEqual(v.json["step"], "accept")
        self.assertTrue(v.json["step_due_day"])
        self.assertEqual(v.json["contact_phone"], "13912345678")
        v = self.to_handling(cid)
        self.assertEqual(v["state"], "handling")
        self.assertEqual(v["step"], "handle")
        v = self.act(cid, "chief", "extend", days=5,
                     reason="需调取窗口录像并约谈当事人")
        self.assertEqual(v["extension_days"], 5)
        self.act(cid, "chief", "extend", 409, days=2, reason="再延一次")
        v = self.act(cid, "chief", "handle",
                     findings="经调阅录像,窗口人员未一次性告知所缺材料,情况属实。")
        self.assertEqual(v["step"], "report")
        v = self.act(cid, "supervisor", "report", valid=True,
                     substantiated=True, result="投诉属实,已对当事人效能告诫并在全中心通报。",
                     measures="窗口推行一次性告知书")
        self.assertEqual(v["state"], "reported")
        self.assertEqual(v["result"], "投诉属实,已对当事人效能告诫并在全中心通报。")
        # the complainant (anonymous: query code and phone) accepts it
        r = self.srv.post("/api/v1/complaints/%d/actions" % cid,
                          {"action": "accept", "query_code": c["query_code"],
                           "phone": "13912345678"})
        self.assertStatus(r, 200)
        v = self.act(cid, "supervisor", "visit", reached=True,
                     satisfied=True, comment="投诉人对处理结果满意")
        v = self.act(cid, "supervisor", "archive")
        self.assertEqual(v["state"], "archived")
        self.assertEqual(v["step"], "none")
        actions = [e["action"] for e in v["timeline"]]
        self.assertEqual(actions, ["receive", "accept", "register", "submit",
                                   "assign", "extend", "handle", "report",
                                   "accept", "visit", "archive"])
        self.assertEqual(self.srv.q1("SELECT settled_on_time FROM complaints"
                                     " WHERE id = ?", cid), 1)
        self.assertEqual(self.srv.q1("SELECT count(*) AS n FROM"
                                     " complaint_visits WHERE complaint_id ="
                                     " ?", cid), 1)

    def test_forbidden_jumps_write_nothing(self):
        cid = self.file()["id"]
        before = self.counts()
        # a jump over 受理, a step by the wrong role, an unknown action
        self.assertError(self.srv.post("/api/v1/complaints/%d/actions" % cid,
                                       {"action": "report", "valid": True,
                                        "substantiated": False,
                                        "result": "x"}, token="supervisor"),
                         409)
        self.assertError(self.srv.post("/api/v1/complaints/%d/actions" % cid,
                                       {"action": "archive"},
                                       token="supervisor"), 409)
        self.assertError(self.srv.post("/api/v1/complaints/%d/actions" % cid,
                                       {"action": "accept"}, token="chief"),
                         403)
        self.assertError(self.srv.post("/api/v1/complaints/%d/actions" % cid,
                                       {"action": "fly"},
                                       token="supervisor"), 422)
        self.assertError(self.srv.post("/api/v1/complaints/%d/actions" % cid,
                                       {"action": "reject"},
                                       token="supervisor"), 422)
        # the administrator is not complaint staff: the complaint is not
        # there for them
        self.assertError(self.srv.post("/api/v1/complaints/%d/actions" % cid,
                                       {"action": "accept"}, token="admin"),
                         404)
        self.assertError(self.srv.get("/api/v1/complaints/%d" % cid,
                                      token="admin"), 404)
        self.assertError(self.srv.get("/api/v1/complaints/%d" % cid,
                                      token="clerk"), 404)
        self.assertEqual(self.counts(), before)
        # submitting to oneself is no 呈批
        self.act(cid, "supervisor", "accept")
        self.act(cid, "supervisor", "register", category="attitude")
        before = self.counts()
        me = self.srv.q1("SELECT id FROM users WHERE username = 'supervisor'")
        e = self.assertError(self.srv.post(
            "/api/v1/complaints/%d/actions" % cid,
            {"action": "submit", "leader_id": me}, token="supervisor"), 422)
        self.assertEqual(e["field"], "leader_id")
        self.assertEqual(self.counts(), before)

    def test_reopened_once_not_twice(self):
        c = self.file()
        cid = c["id"]
        self.to_handling(cid)
        for _ in range(2):
            self.act(cid, "reviewer", "handle", findings="已核实,窗口已当面致歉。")
            self.act(cid, "supervisor", "report", valid=True,
                     substantiated=False, result="经核实,窗口已当面致歉。")
            key = {"query_code": c["query_code"], "phone": "13912345678"}
            if self.srv.q1("SELECT reopen_count FROM complaints WHERE id = ?",
                           cid) == 0:
                r = self.srv.post("/api/v1/complaints/%d/actions" % cid,
                                  dict(key, action="reopen",
                                       reason="窗口并未致歉,要求重新调查"))
                self.assertStatus(r, 200)
                self.assertEqual(r.json["state"], "handling")
        before = self.counts()
        r = self.srv.post("/api/v1/complaints/%d/actions" % cid,
                          dict(key, action="reopen", reason="再次要求重办"))
        self.assertError(r, 409)
        self.assertEqual(self.counts(), before)
        # a wrong phone is not the complainant
        r = self.srv.post("/api/v1/complaints/%d/actions" % cid,
                          {"action": "accept", "query_code": c["query_code"],
                           "phone": "13900000000"})
        self.assertError(r, 404)
        self.assertEqual(self.counts(), before)

    def test_identity_hidden_from_the_department_until_consent(self):
        c = self.file()
        cid = c["id"]
        self.to_handling(cid)
        v = self.srv.get("/api/v1/complaints/%d" % cid, token="chief")
        self.assertStatus(v, 200)
        self.assertTrue(v.json["identity_hidden"])
        self.assertNotIn("13912345678", v.text)
        self.assertNotIn("刘先生", v.text)
        self.assertEqual(v.json["query_code"], "")
        # the complainant agrees
        v = self.srv.get("/api/v1/complaints/%d?query_code=%s&phone=%s" %
                         (cid, c["query_code"], "13912345678"))
        self.assertStatus(v, 200)
        self.assertEqual(v.json["contact_name"], "刘先生")
        r = self.srv.post("/api/v1/complaints/%d/actions" % cid,
                          {"action": "disclose",
                           "query_code": c["query_code"],
                           "phone": "13912345678"})
        self.assertStatus(r, 200)
        v = self.srv.get("/api/v1/complaints/%d" % cid, token="chief")
        self.assertFalse(v.json["identity_hidden"])
        self.assertEqual(v.json["contact_name"], "刘先生")

    def test_limits_come_from_the_settings(self):
        """The acceptance step's due day is its limit in working days on
        the centre's calendar, and the limit is the administrator's."""
        today = self.srv.today
        for days in (5, 2):
            if days != 5:
                self.assertStatus(self.srv.put("/api/v1/settings", {
                    "settings": {"complaint_accept_days": days}},
                    token="admin"), 200)
            try:
                cid = self.file()["id"]
                want = self.srv.get("/api/v1/calendar/deadline?from=%s&days=%d"
                                    % (today, days)).json["deadline"]
                v = self.srv.get("/api/v1/complaints/%d" % cid,
                                 token="supervisor")
                self.assertEqual(v.json["step_due_day"], want)
            finally:
                self.srv.put("/api/v1/settings", {"settings": {
                    "complaint_accept_days": 5}}, token="admin")
        self.assertError(self.srv.put("/api/v1/settings", {"settings": {
            "complaint_accept_days": 0}}, token="admin"), 422)

    def test_filing_refusals(self):
        before = self.counts()
        for body, field, status in (
                ({"title": "x", "content": "内容足够长的投诉内容文字"}, "title", 422),
                ({"title": "标题", "content": "太短"}, "content", 422),
                ({"title": "标题", "content": "匿名而没有联系方式的投诉内容"},
                 "contact_phone", 422),
                ({"title": "标题", "content": "网上不能冒充电话渠道的投诉内容",
                  "contact_phone": "13912345678", "channel": "phone"},
                 "channel", 422),
                ({"title": "标题", "content": "投诉到一个不存在的部门的内容",
                  "contact_phone": "13912345678", "dept_id": 999999},
                 "dept_id", 422),
                ({"title": "标题", "content": "同意公开身份字段类型错误的投诉",
                  "contact_phone": "13912345678",
                  "disclose_identity": "yes"}, "disclose_identity", 422)):
            e = self.assertError(self.srv.post("/api/v1/complaints", body),
                                 status)
            self.assertEqual(e.get("field"), field)
        self.assertEqual(self.counts(), before)
        # the desk enters a phone complaint; a clerk cannot file at all
        r = self.srv.post("/api/v1/complaints", {
            "channel": "phone", "title": "电话投诉收费",
            "content": "来电反映窗口收取了不该收的复印费,每页两元。",
            "contact_name": "张女士"}, token="supervisor")
        self.assertStatus(r, 201)
        self.assertEqual(self.srv.q1("SELECT channel FROM complaints WHERE"
                                     " id = ?", r.json["id"]), 1)
        self.assertError(self.srv.post("/api/v1/complaints", {
            "title": "窗口人员投诉", "content": "窗口人员不能提交投诉的内容文字",
            "contact_phone": "13912345678"}, token="clerk"), 403)


if __name__ == "__main__":
    ghtest.main()
