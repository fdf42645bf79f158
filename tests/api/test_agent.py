"""全程代办 (agents who carry a case for the applicant, issue 11 section 4).

A centre's agent (代办员, the staff role "agent") is assigned to a case by
the window or by the applicant on the applicant's recorded authorisation;
it then acts for the applicant on that case only: uploads and supplements
(补正), withdraws on the applicant's request, prints documents and collects
the result (领取结果, once).  Every action of the agent shows in the
timeline under its name and role.  Its worklist has exactly its cases, it
sees no other case (404) and the applicant's numbers masked; the
statistics count its cases.  A joint case (并联审批) is carried on the
joint case.  Every refusal answers 4xx in Chinese and writes nothing."""
import unittest

import ghtest
from ghtest import ServerTest
from test_cases import CaseHelpers, ITEM_MATERIALS, CHIEF
from test_files import multipart, pdf

AUTH = "王小明2026年11月20日签署授权委托书(编号WT-001),委托代办食品经营许可申请、补正与领证"
JOINT_MATTER = "450323-ZT-0001"   # 开餐馆“一件事”, lead: 市场监管局


class AgentTests(CaseHelpers, ServerTest):
    logins = ("clerk", "applicant", "reviewer", "admin", "supervisor",
              CHIEF, "agent", "user001")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        srv = cls.srv
        cls.agent_id = srv.q1("SELECT id FROM users WHERE username = 'agent'")
        # a second agent, and one who has left: created by the administrator
        ids = []
        for username in ("agent.two", "agent.gone"):
            r = srv.post("/api/v1/staff", {
                "username": username, "name": "代办" + username[-3:],
                "role": "agent", "password": "initial-pw-1"}, token="admin")
            assert r.status == 201, r
            assert r.json["role"] == "agent", r.json
            assert r.json["role_label"] == "代办员", r.json
            ids.append(r.json["id"])
        cls.agent2_id, cls.gone_id = ids
        r = srv.request("PATCH", "/api/v1/staff/%d" % cls.gone_id,
                        {"active": False}, token="admin")
        assert r.status == 200, r
        r = srv.post("/api/v1/session", {"username": "agent.two",
                                         "password": "initial-pw-1"})
        assert r.status == 201, r
        srv.tokens["agent.two"] = r.json["token"]

    # ---- helpers -------------------------------------------------------------

    def counts(self):
        n = self.srv.counts()
        for t in ("case_agents", "notifications", "case_files"):
            n[t] = self.srv.q1("SELECT count(*) FROM %s" % t)
        return n

    def assign(self, c, who="clerk", agent_id=None, auth=AUTH):
        r = self.srv.post("/api/v1/cases/%d/agent" % c["id"], {
            "agent_id": agent_id or self.agent_id, "authorisation": auth},
            token=who)
        self.assertStatus(r, 200)
        return r.json

    def refused(self, r, status, before, field=None):
        e = self.assertError(r, status)
        if field:
            self.assertEqual(e.get("field"), field, r.json)
        self.assertEqual(self.counts(), before)
        return e

    def upload(self, cid, material, who="agent"):
        body, ctype = multipart({"material": material},
                                {"file": ("scan.pdf", pdf(material))})
        return self.srv.post("/api/v1/cases/%d/files" % cid, raw=body,
                             ctype=ctype, token=who)

    def agent_events(self, cid):
        return self.srv.q("SELECT action, actor_id, actor_name, role FROM"
                          " case_events WHERE case_id = ? AND actor_id = ?"
                          " ORDER BY id", cid, self.agent_id)

    # ---- tests ---------------------------------------------------------------

    def test_login_and_agents_list(self):
        me = self.srv.get("/api/v1/me", token="agent").json
        self.assertEqual(me["role"], "agent")
        lst = self.srv.get("/api/v1/agents", token="applicant")
        self.assertStatus(lst, 200)
        ids = [a["id"] for a in lst.json["data"]]
        self.assertIn(self.agent_id, ids)
        self.assertIn(self.agent2_id, ids)
        self.assertNotIn(self.gone_id, ids)   # inactive agents are not offered
        self.assertError(self.srv.get("/api/v1/agents", token="agent"), 403)

    def test_assign_refusals_write_nothing(self):
        c = self.apply()
        url = "/api/v1/cases/%d/agent" % c["id"]
        before = self.counts()
        body = {"agent_id": self.agent_id}
        self.refused(self.srv.post(url, body, token="clerk"), 422, before,
                     "authorisation")
        for bad in ("", " \u3000 ", "委托", "x" * 501):
            self.refused(self.srv.post(url, dict(body, authorisation=bad),
                                       token="clerk"), 422, before,
                         "authorisation")
        reviewer_id = self.srv.q1("SELECT id FROM users WHERE username ="
                                  " 'reviewer'")
        self.refused(self.srv.post(url, {"agent_id": reviewer_id,
                                         "authorisation": AUTH},
                                   token="clerk"), 422, before, "agent_id")
        self.refused(self.srv.post(url, {"agent_id": 99999999,
                                         "authorisation": AUTH},
                                   token="clerk"), 422, before, "agent_id")
        self.refused(self.srv.post(url, {"agent_id": self.gone_id,
                                         "authorisation": AUTH},
                                   token="clerk"), 422, before, "agent_id")
        # a reviewer, an administrator, the agent itself may not assign
        for who in ("reviewer", "admin", "agent"):
            r = self.srv.post(url, {"agent_id": self.agent_id,
                                    "authorisation": AUTH}, token=who)
            self.refused(r, 403, before)
        # another applicant's case: not revealed
        self.refused(self.srv.post(url, {"agent_id": self.agent_id,
                                         "authorisation": AUTH},
                                   token="user001"), 404, before)
        # nothing to end yet
        self.refused(self.srv.delete(url, token="clerk"), 409, before)

        # assigned once; a second active agent is refused
        v = self.assign(c)
        self.assertEqual(v["agent"]["id"], self.agent_id)
        self.assertEqual(v["agent"]["authorisation"], AUTH)
        self.assertEqual(v["agent"]["assigned_day"], ghtest.TODAY)
        before = self.counts()
        self.refused(self.srv.post(url, {"agent_id": self.agent2_id,
                                         "authorisation": AUTH},
                                   token="applicant"), 409, before)
        # a case that has ended takes none
        w = self.drive("withdrawn")
        before = self.counts()
        self.refused(self.srv.post("/api/v1/cases/%d/agent" % w["id"],
                                   {"agent_id": self.agent_id,
                                    "authorisation": AUTH},
                                   token="clerk"), 409, before)

    def test_applicant_assigns_and_ends_kept_in_history(self):
        c = self.apply()
        before = self.counts()
        v = self.assign(c, who="applicant", agent_id=self.agent2_id)
        self.assertEqual(v["agent"]["id"], self.agent2_id)
        n = self.counts()
        self.assertEqual(n["case_agents"], before["case_agents"] + 1)
        self.assertEqual(n["case_events"], before["case_events"] + 1)
        self.assertEqual(n["audit"], before["audit"] + 1)
        ev = self.events(c["id"])[-1]
        self.assertEqual(ev["action"], "agent.assign")
        self.assertEqual(ev["actor_name"], "王小明")
        self.assertIn("代办two", ev["note"])
        self.assertEqual(self.audits(c["id"])[-1]["action"],
                         "case.agent.assign")
        # the agent sees it, then not once it ends
        self.assertStatus(self.srv.get("/api/v1/cases/%d" % c["id"],
                                       token="agent.two"), 200)
        r = self.srv.delete("/api/v1/cases/%d/agent" % c["id"],
                            token="applicant")
        self.assertStatus(r, 200)
        self.assertIsNone(r.json["agent"])
        ev = self.events(c["id"])[-1]
        self.assertEqual(ev["action"], "agent.end")
        self.assertIn("代办two", ev["note"])
        self.assertError(self.srv.get("/api/v1/cases/%d" % c["id"],
                                      token="agent.two"), 404)
        row = self.srv.q("SELECT agent_id, ended_by, ended_at FROM"
                         " case_agents WHERE case_id = ?", c["id"])
        self.assertEqual(len(row), 1)
        self.assertEqual(row[0]["agent_id"], self.agent2_id)
        self.assertIsNotNone(row[0]["ended_at"])
        # staff see the history; the applicant's timeline names the events
        staff = self.srv.get("/api/v1/cases/%d" % c["id"], token="clerk").json
        self.assertEqual([h["agent_id"] for h in staff["agents_history"]],
                         [self.agent2_id])
        self.assertIsNotNone(staff["agents_history"][0]["ended_at"])
        mine = self.srv.get("/api/v1/cases/%d" % c["id"],
                            token="applicant").json
        self.assertNotIn("agents_history", mine)
        self.assertEqual([e["action_label"] for e in mine["timeline"][-2:]],
                         ["指派代办员", "终止代办"])

    def test_agent_supplements_and_the_timeline_names_it(self):
        c = self.drive("awaiting_materials")
        other = self.apply()
        self.assign(c)
        # the worklist has exactly its cases
        mine = self.srv.q("SELECT case_id FROM case_agents WHERE agent_id = ?"
                          " AND ended_at IS NULL", self.agent_id)
        lst = self.srv.get("/api/v1/cases?per_page=100", token="agent").json
        self.assertEqual(sorted(x["id"] for x in lst["data"]),
                         sorted(r["case_id"] for r in mine))
        self.assertIn(c["id"], [x["id"] for x in lst["data"]])
        self.assertNotIn(other["id"], [x["id"] for x in lst["data"]])
        # no other case, by any door
        before = self.counts()
        for path in ("/api/v1/cases/%d", "/api/v1/cases/%d/materials",
                     "/api/v1/cases/%d/documents"):
            self.refused(self.srv.get(path % other["id"], token="agent"),
                         404, before)
        self.refused(self.srv.act(other["id"], "withdraw", "agent",
                                  reason="申请人要求",
                                  applicant_request="书面申请"), 404, before)
        self.refused(self.upload(other["id"], ITEM_MATERIALS[2]), 404, before)
        # the applicant's numbers masked, as for staff
        v = self.srv.get("/api/v1/cases/%d" % c["id"], token="agent").json
        self.assertIn("*", v["applicant"]["id_number"])
        self.assertError(self.srv.post("/api/v1/cases/%d/reveal" % c["id"],
                                       {"reason": "核对"}, token="agent"), 403)
        # not a decision of the agent's
        for action in ("accept", "request_materials", "approve"):
            self.refused(self.srv.act(c["id"], action, "agent",
                                      materials=[ITEM_MATERIALS[2]]),
                         403, before)

        r = self.upload(c["id"], ITEM_MATERIALS[2])
        self.assertStatus(r, 201)
        f = self.srv.q("SELECT uploaded_by FROM case_files WHERE case_id = ?"
                       " ORDER BY id DESC LIMIT 1", c["id"])[0]
        self.assertEqual(f["uploaded_by"], self.agent_id)
        v = self.act_ok(c, "supplement", "agent",
                        materials=[ITEM_MATERIALS[2]])
        self.assertEqual(v["state"], "submitted")
        last = v["timeline"][-1]
        self.assertEqual((last["action"], last["actor_name"], last["role"]),
                         ("supplement", "黄代办", "agent"))
        evs = self.agent_events(c["id"])
        self.assertTrue(evs)
        for e in evs:
            self.assertEqual((e["actor_name"], e["role"]), ("黄代办", 1 << 7))
        self.assertIn("material.upload", [e["action"] for e in evs])
        self.assertIn("supplement", [e["action"] for e in evs])

    def test_agent_withdraws_only_on_the_applicants_request(self):
        c = self.apply()
        self.assign(c)
        before = self.counts()
        self.refused(self.srv.act(c["id"], "withdraw", "agent",
                                  reason="申请人不再办理"), 422, before,
                     "applicant_request")
        v = self.act_ok(c, "withdraw", "agent", reason="申请人不再办理",
                        applicant_request="申请人于2026年11月23日提交书面撤回申请")
        self.assertEqual(v["state"], "withdrawn")
        self.assertEqual(v["timeline"][-1]["role"], "agent")
        self.assertIn("申请人申请", v["timeline"][-1]["note"])

    def test_agent_collects_the_result_once_and_stats_count_it(self):
        c = self.act_ok(self.apply(), "accept", "clerk")
        self.assign(c)
        before = self.counts()
        self.refused(self.srv.act(c["id"], "collect", "agent"), 409, before)
        c = self.act_ok(c, "start_review", "clerk")
        c = self.act_ok(c, "approve", "reviewer", note="同意")
        c = self.act_ok(c, "approve", CHIEF, note="同意")
        c = self.act_ok(c, "complete", "clerk")
        self.assertEqual(c["state"], "completed")
        self.assertIsNone(c["collected_day"])
        finished = self.db_case(c["id"])["finished_day"]
        # the agent prints the decision
        r = self.srv.get("/api/v1/cases/%d/documents/decision.pdf" % c["id"],
                         token="agent")
        self.assertStatus(r, 200)
        self.assertTrue(r.raw.startswith(b"%PDF"))
        v = self.act_ok(c, "collect", "agent")
        self.assertEqual(v["state"], "completed")
        self.assertEqual(v["collected_day"], ghtest.TODAY)
        self.assertEqual(self.db_case(c["id"])["finished_day"], finished)
        last = v["timeline"][-1]
        self.assertEqual((last["action"], last["action_label"],
                          last["actor_name"], last["role"]),
                         ("collect", "领取结果", "黄代办", "agent"))
        self.assertEqual(self.audits(c["id"])[-1]["action"], "case.action")
        acts = [e["action"] for e in self.agent_events(c["id"])]
        self.assertIn("document.issue", acts)
        self.assertIn("collect", acts)
        # once
        before = self.counts()
        self.refused(self.srv.act(c["id"], "collect", "agent"), 409, before)
        self.refused(self.srv.act(c["id"], "collect", "clerk"), 409, before)
        self.refused(self.srv.act(c["id"], "collect", "applicant"), 403,
                     before)

        # the statistics count it
        for who in ("admin", "supervisor", CHIEF):
            r = self.srv.get("/api/v1/stats/agents", token=who)
            self.assertStatus(r, 200)
        self.assertError(self.srv.get("/api/v1/stats/agents",
                                      token="clerk"), 403)
        self.assertError(self.srv.get("/api/v1/stats/agents?from=x",
                                      token="admin"), 400)
        rows = {x["agent_id"]: x for x in self.srv.get(
            "/api/v1/stats/agents", token="admin").json["data"]}
        mine = rows[self.agent_id]
        want = self.srv.q(
            "SELECT (SELECT count(*) FROM case_agents WHERE agent_id = ?)"
            " AS assigned, (SELECT count(*) FROM cases WHERE state = 6 AND"
            " id IN (SELECT case_id FROM case_agents WHERE agent_id = ?))"
            " AS completed, (SELECT count(*) FROM cases WHERE state = 6 AND"
            " on_time = 1 AND id IN (SELECT case_id FROM case_agents WHERE"
            " agent_id = ?)) AS on_time, (SELECT count(*) FROM cases WHERE"
            " state NOT IN (2, 6, 8) AND id IN (SELECT case_id FROM"
            " case_agents WHERE agent_id = ? AND ended_at IS NULL)) AS open",
            self.agent_id, self.agent_id, self.agent_id, self.agent_id)[0]
        self.assertGreaterEqual(mine["completed"], 1)
        self.assertEqual((mine["assigned"], mine["completed"],
                          mine["completed_on_time"], mine["open"]),
                         (want["assigned"], want["completed"],
                          want["on_time"], want["open"]))
        # a period before any assignment counts none
        old = self.srv.get("/api/v1/stats/agents?from=2020-01-01&to=2020-12-31",
                           token="admin").json["data"]
        self.assertEqual([x["assigned"] for x in old
                          if x["agent_id"] == self.agent_id], [0])

    def test_joint_case_agent_supplements_after_the_leads_notice(self):
        m = self.srv.get("/api/v1/matters/" + JOINT_MATTER).json
        mats = [x["name"] for x in m["materials"] if x["main"] and
                x["required"]]
        r = self.srv.post("/api/v1/cases", {"matter_code": JOINT_MATTER,
                                            "materials": mats[1:]},
                          token="applicant")
        self.assertStatus(r, 201)
        j = r.json
        self.assertEqual(j["joint_kind"], "joint")
        sub = j["sub_cases"][0]
        before = self.counts()
        # a sub-case's agent is the joint case's
        self.refused(self.srv.post("/api/v1/cases/%d/agent" % sub["id"],
                                   {"agent_id": self.agent_id,
                                    "authorisation": AUTH},
                                   token="clerk"), 409, before)
        self.assign(j, who="applicant")
        j = self.act_ok(j, "request_materials", "clerk", materials=[mats[0]],
                        note="缺少申请表")
        self.assertEqual(j["state"], "awaiting_materials")
        # the agent reads the joint case and a sub-case, acts on the joint
        self.assertStatus(self.srv.get("/api/v1/cases/%d" % sub["id"],
                                       token="agent"), 200)
        self.assertStatus(self.upload(j["id"], mats[0]), 201)
        v = self.act_ok(j, "supplement", "agent", materials=[mats[0]])
        self.assertEqual(v["state"], "submitted")
        last = v["timeline"][-1]
        self.assertEqual((last["action"], last["actor_name"], last["role"]),
                         ("supplement", "黄代办", "agent"))
        self.assertEqual(v["agent"]["id"], self.agent_id)
        lst = self.srv.get("/api/v1/cases?per_page=100", token="agent").json
        self.assertIn(j["id"], [x["id"] for x in lst["data"]])


if __name__ == "__main__":
    unittest.main()
