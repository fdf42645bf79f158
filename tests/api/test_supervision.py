"""Electronic efficiency supervision over HTTP (issue 4): the board and
the yellow/red list against lights computed here from the cases table and
the calendar; supervision notices (督办单) and replies; sanctions; anomaly
rules and anomalies; cards; reminders; and the sweep (`govhall sweep`):
idempotent, the automatic notice, and 补正超时驳回.  Every refused request
is checked to write nothing."""
import json
import re
import sqlite3

import ghtest
from ghtest import ServerTest, Server
import test_stats as ts   # the independent Calendar and helpers

# 市场监管局 (dept 3): its chief representative s001, reviewer "reviewer";
# s005 is the chief representative of 不动产中心 (dept 23), s097 a reviewer
# of 发改局 (dept 1).
DEPT = 3
OTHER_DEPT = 23
CHIEF, OTHER_CHIEF, OTHER_REVIEWER = "s001", "s005", "s097"
ITEM = "450323-SCJG-0001"
ITEM_MATERIALS = ghtest.MAIN_MATERIALS
NOTICE_NO = re.compile(r"^督〔(\d{4})〕(\d+)号$")

# the tables a supervision request may write, and their states
SNAPSHOT = {
    "audit": "SELECT count(*) FROM audit",
    "notices": "SELECT count(*) || ':' || coalesce(sum(state), 0) || ':' ||"
               " coalesce(sum(length(reply)), 0) FROM supervision_notices",
    "sanctions": "SELECT count(*) FROM sanctions",
    "anomalies": "SELECT count(*) || ':' || coalesce(sum(status), 0)"
                 " FROM anomalies",
    "rules": "SELECT count(*) || ':' || coalesce(sum(enabled), 0) || ':' ||"
             " coalesce(sum(threshold), 0) FROM anomaly_rule_settings",
    "notifications": "SELECT count(*) || ':' || count(read_at)"
                     " FROM notifications",
    "cards": "SELECT count(*) FROM cards",
    "timers": "SELECT count(*) FROM timers",
    "cases": "SELECT count(*) || ':' || sum(version) FROM cases",
    "events": "SELECT count(*) FROM case_events",
}


def snapshot(db):
    con = ghtest.connect(db)
    try:
        return {k: con.execute(sql).fetchone()[0]
                for k, sql in SNAPSHOT.items()}
    finally:
        con.close()


class SupervisionBase(ServerTest):
    logins = ("admin", "supervisor", "reviewer", "clerk", "applicant",
              CHIEF, OTHER_CHIEF, OTHER_REVIEWER)

    def snap(self):
        return snapshot(self.srv.db)

    def refused(self, r, status, code=None):
        """Asserts an error answer; the caller checks the snapshot."""
        return self.assertError(r, status, code)

    def uid(self, username):
        return self.srv.q1("SELECT id FROM users WHERE username = ?", username)

    def apply_case(self):
        r = self.srv.post("/api/v1/cases", {"item_code": ITEM,
                                            "materials": ITEM_MATERIALS[:5]},
                          token="applicant")
        self.assertStatus(r, 201)
        return r.json

    def act_ok(self, cid, action, who, **args):
        r = self.srv.act(cid, action, who, **args)
        self.assertStatus(r, 200)
        return r.json


class BoardTests(SupervisionBase):

    def expected_lights(self):
        cals, out, by_dept = {}, dict(green=0, yellow=0, red=0, paused=0), {}
        for c in ts.open_watched(self.srv):
            r = c["region_id"]
            cals.setdefault(r, ts.Calendar(self.srv, r))
            light = cals[r].light(c)
            out[light] += 1
            d = by_dept.setdefault(c["dept_id"], dict(green=0, yellow=0,
                                                      red=0, paused=0))
            d[light] += 1
        return out, by_dept

    def test_roles(self):
        for who in ("supervisor", "admin"):
            self.assertStatus(self.srv.get("/api/v1/supervision/board",
                                           token=who), 200)
        for who in ("clerk", "reviewer", "applicant", CHIEF):
            self.assertError(self.srv.get("/api/v1/supervision/board",
                                          token=who), 403, "forbidden")
            self.assertError(self.srv.get(
                "/api/v1/supervision/cases?light=red", token=who), 403)
        self.assertError(self.srv.get("/api/v1/supervision/board"), 401)

    def test_board_counts_match_cases_and_calendar(self):
        b = self.srv.get("/api/v1/supervision/board",
                         token="supervisor").json
        exp, by_dept = self.expected_lights()
        self.assertGreater(exp["red"], 0)
        self.assertGreater(exp["yellow"] + exp["green"], 0)
        for k in ("green", "yellow", "red", "paused"):
            self.assertEqual(b[k], exp[k], k)
        self.assertEqual(b["open"], sum(exp.values()))
        self.assertEqual(b["date"], ghtest.TODAY)
        groups = {g["id"]: g for g in b["groups"]}
        self.assertEqual(set(groups), set(by_dept))
        for dept, counts in by_dept.items():
            for k, v in counts.items():
                self.assertEqual(groups[dept][k], v, (dept, k))
        # most red first
        reds = [g["red"] for g in b["groups"]]
        self.assertEqual(reds, sorted(reds, reverse=True))

    def test_other_groupings_add_up(self):
        b = self.srv.get("/api/v1/supervision/board",
                         token="supervisor").json
        for group in ("window", "clerk"):
            g = self.srv.get("/api/v1/supervision/board?group=" + group,
                             token="supervisor").json
            self.assertEqual(g["group"], group)
            for k in ("green", "yellow", "red", "paused"):
                self.assertEqual(sum(x[k] for x in g["groups"]), b[k])
        self.assertError(self.srv.get("/api/v1/supervision/board?group=x",
                                      token="supervisor"), 400)

    def test_yellow_red_lists_match_board(self):
        b = self.srv.get("/api/v1/supervision/board",
                         token="supervisor").json
        for light in ("yellow", "red"):
            r = self.srv.get("/api/v1/supervision/cases?light=%s&per_page=200"
                             % light, token="supervisor")
            self.assertStatus(r, 200)
            self.assertEqual(r.json["total"], b[light], light)
            self.assertEqual(len(r.json["data"]), b[light])
            for c in r.json["data"]:
                self.assertEqual(c["light"], light)
                self.assertIn("holder", c)
                self.assertIn("escalation", c)
            deadlines = [c["deadline"] for c in r.json["data"]]
            self.assertEqual(deadlines, sorted(deadlines))
        self.assertError(self.srv.get("/api/v1/supervision/cases?light=green",
                                      token="supervisor"), 400)

    def test_department_filter_matches_board_groups(self):
        b = self.srv.get("/api/v1/supervision/board",
                         token="supervisor").json
        for g in b["groups"][:5]:
            for light in ("yellow", "red"):
                r = self.srv.get("/api/v1/supervision/cases?light=%s&dept=%d"
                                 "&per_page=200" % (light, g["id"]),
                                 token="supervisor")
                self.assertStatus(r, 200)
                self.assertEqual(r.json["total"], g[light], (g["id"], light))
                self.assertEqual(len(r.json["data"]), g[light])

    def test_watch_counts_equal_a_recount_and_keep_no_empty_rows(self):
        # a few changes first: a case accepted, reviewed and completed
        c = self.apply_case()
        self.act_ok(c["id"], "accept", "clerk")
        self.act_ok(c["id"], "start_review", "clerk")
        recount = self.srv.q(
            "SELECT dim, key, region_id, deadline_day, warn_days, paused,"
            " count(*) AS n FROM (SELECT 0 AS dim, 0 AS key, region_id,"
            " deadline_day, warn_days, CASE WHEN state IN (3, 7) THEN 1"
            " ELSE 0 END AS paused FROM cases"
            " WHERE accepted_day IS NOT NULL AND finished_day IS NULL AND"
            " deadline_day IS NOT NULL UNION ALL SELECT 1, dept_id, region_id,"
            " deadline_day, warn_days, CASE WHEN state IN (3, 7) THEN 1"
            " ELSE 0 END FROM cases WHERE"
            " accepted_day IS NOT NULL AND finished_day IS NULL AND"
            " deadline_day IS NOT NULL) AS w GROUP BY 1, 2, 3, 4, 5, 6"
            " ORDER BY 1, 2, 3, 4, 5, 6")
        kept = self.srv.q("SELECT dim, key, region_id, deadline_day,"
                          " warn_days, paused, n FROM watch_counts WHERE"
                          " dim IN (0, 1) ORDER BY 1, 2, 3, 4, 5, 6")
        self.assertEqual(kept, recount)
        self.assertEqual(self.srv.q1("SELECT count(*) FROM watch_counts"
                                     " WHERE n <= 0"), 0)

    def test_drill_down_to_timeline(self):
        red = self.srv.get("/api/v1/supervision/cases?light=red",
                           token="supervisor").json["data"]
        self.assertTrue(red)
        r = self.srv.get("/api/v1/cases/%d" % red[0]["id"], token="supervisor")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["light"], "red")
        events = self.srv.q("SELECT action FROM case_events WHERE case_id = ?"
                            " ORDER BY id", red[0]["id"])
        self.assertEqual([e["action"] for e in r.json["timeline"]],
                         [e["action"] for e in events])


    def test_step_lights(self):
        """Each open review step has its own light from its due day, by the
        same rule as the case (the case's warning threshold); finished and
        not yet started steps have none; a paused case's open step is
        paused."""
        seen = set()
        today = ts.TODAY
        rows = self.srv.q(
            "SELECT c.id, c.state, c.region_id, c.warn_days, s.idx,"
            " s.due_day, s.end_day FROM case_steps s JOIN cases c ON"
            " c.id = s.case_id WHERE c.finished_day IS NULL AND c.state IN"
            " (3, 4, 7) ORDER BY c.id, s.idx")
        cals, by_case = {}, {}
        for row in rows:
            by_case.setdefault(row["id"], []).append(row)
        for cid, steps in list(by_case.items())[:60]:
            r = self.srv.get("/api/v1/cases/%d" % cid, token="supervisor")
            self.assertStatus(r, 200)
            got = {s["idx"]: s["light"] for s in r.json["steps"]}
            for st in steps:
                if st["due_day"] is None or st["end_day"] is not None:
                    want = "none"
                elif st["state"] in ts.PAUSED_STATES:
                    want = "paused"
                else:
                    cal = cals.setdefault(st["region_id"], ts.Calendar(
                        self.srv, st["region_id"]))
                    left = cal.count(today, st["due_day"])
                    want = ("red" if left < 0 else "yellow"
                            if left <= st["warn_days"] else "green")
                self.assertEqual(got[st["idx"]], want, (cid, st))
                seen.add(want)
        self.assertTrue({"none", "red", "green", "paused"} <= seen, seen)

class NoticeTests(SupervisionBase):

    def dept_case(self, dept=DEPT):
        return self.srv.q("SELECT * FROM cases WHERE dept_id = ? AND"
                          " finished_day IS NULL ORDER BY id LIMIT 1",
                          dept)[0]

    def next_no(self):
        ns = [int(NOTICE_NO.match(n["no"]).group(2)) for n in self.srv.q(
            "SELECT no FROM supervision_notices WHERE no LIKE '督〔2026〕%'")]
        return "督〔2026〕%d号" % (max(ns, default=0) + 1)

    def create(self, body, who="supervisor"):
        r = self.srv.post("/api/v1/supervision/notices", body, token=who)
        self.assertStatus(r, 201)
        return r.json

    def test_round_trip(self):
        case = self.dept_case()
        cal = ts.Calendar(self.srv, self.srv.q1(
            "SELECT region_id FROM departments WHERE id = ?", DEPT))
        no = self.next_no()
        n = self.create({"case_id": case["id"],
                         "content": "请说明该件办理进度并限期办结"})
        self.assertEqual(n["no"], no)
        self.assertEqual(n["case_id"], case["id"])
        self.assertEqual(n["query_code"], case["query_code"])
        self.assertEqual(n["dept_id"], DEPT)
        self.assertEqual(n["state"], "awaiting_reply")
        self.assertEqual(n["state_label"], "待回复")
        self.assertIs(n["overdue"], False)
        self.assertEqual(n["issued_by_name"], "赵监察")
        self.assertEqual(n["issued_day"], ghtest.TODAY)
        self.assertEqual(n["reply_due_day"], ts.iso_of(cal.add(ts.TODAY, 5)))
        row = self.srv.q("SELECT * FROM supervision_notices WHERE id = ?",
                         n["id"])[0]
        self.assertEqual(row["issued_by"], self.uid("supervisor"))
        self.assertEqual(row["state"], 0)
        audit = self.srv.q("SELECT * FROM audit WHERE object_type ="
                           " 'supervision_notice' AND object_id = ?",
                           str(n["id"]))
        self.assertEqual([a["action"] for a in audit], ["notice.create"])

        # the department sees it; another department does not
        self.assertStatus(self.srv.get("/api/v1/supervision/notices/%d"
                                       % n["id"], token=CHIEF), 200)
        self.assertStatus(self.srv.get("/api/v1/supervision/notices/%d"
                                       % n["id"], token="reviewer"), 200)
        before = self.snap()
        self.refused(self.srv.get("/api/v1/supervision/notices/%d" % n["id"],
                                  token=OTHER_CHIEF), 403)
        # close before the reply
        self.refused(self.srv.post("/api/v1/supervision/notices/%d/close"
                                   % n["id"], {}, token="supervisor"), 409,
                     "conflict")
        # a reply by another department's staff, or by the wrong role
        for who in (OTHER_CHIEF, OTHER_REVIEWER):
            self.refused(self.srv.post("/api/v1/supervision/notices/%d/reply"
                                       % n["id"], {"reply": "已办"},
                                       token=who), 403, "forbidden")
        for who in ("clerk", "supervisor", "applicant"):
            self.refused(self.srv.post("/api/v1/supervision/notices/%d/reply"
                                       % n["id"], {"reply": "已办"},
                                       token=who), 403)
        self.refused(self.srv.post("/api/v1/supervision/notices/%d/reply"
                                   % n["id"], {"reply": ""}, token=CHIEF), 422)
        self.refused(self.srv.post("/api/v1/supervision/notices/%d/reply"
                                   % n["id"], {}, token=CHIEF), 422)
        self.refused(self.srv.post("/api/v1/supervision/notices/999999/reply",
                                   {"reply": "x"}, token=CHIEF), 404)
        self.assertEqual(self.snap(), before)

        # the chief representative replies
        r = self.srv.post("/api/v1/supervision/notices/%d/reply" % n["id"],
                          {"reply": "已于当日办结,系审查人员病假所致,已调整A/B岗"},
                          token=CHIEF)
        self.assertStatus(r, 200)
        self.assertEqual(r.json["state"], "replied")
        self.assertEqual(r.json["replied_by_name"], "王梅")
        self.assertEqual(r.json["replied_day"], ghtest.TODAY)
        row = self.srv.q("SELECT * FROM supervision_notices WHERE id = ?",
                         n["id"])[0]
        self.assertEqual((row["state"], row["replied_by"]),
                         (1, self.uid(CHIEF)))
        self.assertIn("A/B岗", row["reply"])

        # twice: 409, nothing written
        before = self.snap()
        self.refused(self.srv.post("/api/v1/supervision/notices/%d/reply"
                                   % n["id"], {"reply": "补充"},
                                   token="reviewer"), 409, "conflict")
        self.refused(self.srv.post("/api/v1/supervision/notices/%d/close"
                                   % n["id"], {}, token="admin"), 403)
        self.assertEqual(self.snap(), before)

        # the supervisor closes it (an empty body is allowed)
        r = self.srv.post("/api/v1/supervision/notices/%d/close" % n["id"],
                          {"note": "整改到位"}, token="supervisor")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["state"], "closed")
        self.assertEqual(r.json["close_note"], "整改到位")
        self.assertEqual(r.json["closed_by_name"], "赵监察")
        before = self.snap()
        self.refused(self.srv.post("/api/v1/supervision/notices/%d/close"
                                   % n["id"], {}, token="supervisor"), 409)
        self.assertEqual(self.snap(), before)
        audit = self.srv.q("SELECT action FROM audit WHERE object_type ="
                           " 'supervision_notice' AND object_id = ?"
                           " ORDER BY id", str(n["id"]))
        self.assertEqual([a["action"] for a in audit],
                         ["notice.create", "notice.reply", "notice.close"])

    def test_department_notice_and_numbering(self):
        no = self.next_no()
        a = self.create({"dept_id": OTHER_DEPT, "content": "窗口长期无人值守",
                         "reply_days": 3}, who="admin")
        self.assertEqual(a["no"], no)
        self.assertIsNone(a["case_id"])
        self.assertEqual(a["dept_id"], OTHER_DEPT)
        cal = ts.Calendar(self.srv, self.srv.q1(
            "SELECT region_id FROM departments WHERE id = ?", OTHER_DEPT))
        self.assertEqual(a["reply_due_day"], ts.iso_of(cal.add(ts.TODAY, 3)))
        b = self.create({"dept_id": OTHER_DEPT, "content": "第二份"})
        na = int(NOTICE_NO.match(a["no"]).group(2))
        self.assertEqual(b["no"], "督〔2026〕%d号" % (na + 1))
        # a dept_id that agrees with the case is accepted
        c = self.dept_case()
        self.create({"case_id": c["id"], "dept_id": c["dept_id"],
                     "content": "一致"})

    def test_refused_creates_write_nothing(self):
        case = self.dept_case()
        before = self.snap()
        bad = [
            ({"content": "无对象"}, 422),
            ({"case_id": 999999, "content": "x"}, 422),
            ({"dept_id": 999, "content": "x"}, 422),
            ({"case_id": case["id"], "dept_id": OTHER_DEPT, "content": "x"},
             422),
            ({"dept_id": DEPT}, 422),
            ({"dept_id": DEPT, "content": ""}, 422),
            ({"dept_id": DEPT, "content": "x", "reply_days": 0}, 422),
            ({"dept_id": DEPT, "content": "x", "reply_days": 61}, 422),
            ({"dept_id": DEPT, "content": "x", "reply_days": "5"}, 400),
            ({"dept_id": "3", "content": "x"}, 400),
        ]
        for body, status in bad:
            self.refused(self.srv.post("/api/v1/supervision/notices", body,
                                       token="supervisor"), status)
        for who in ("clerk", "reviewer", CHIEF, "applicant"):
            self.refused(self.srv.post("/api/v1/supervision/notices",
                                       {"dept_id": DEPT, "content": "x"},
                                       token=who), 403)
        self.refused(self.srv.post("/api/v1/supervision/notices",
                                   raw="{not json", token="supervisor"), 400)
        self.assertEqual(self.snap(), before)

    def test_list_scope_and_filters(self):
        self.create({"dept_id": DEPT, "content": "本单位"})
        self.create({"dept_id": OTHER_DEPT, "content": "他单位"})
        all_ = self.srv.get("/api/v1/supervision/notices?per_page=200",
                            token="supervisor").json
        self.assertEqual(all_["total"], self.srv.q1(
            "SELECT count(*) FROM supervision_notices"))
        for who in (CHIEF, "reviewer"):
            mine = self.srv.get("/api/v1/supervision/notices?per_page=200",
                                token=who).json
            self.assertEqual(mine["total"], self.srv.q1(
                "SELECT count(*) FROM supervision_notices WHERE dept_id = ?",
                DEPT))
            self.assertTrue(all(n["dept_id"] == DEPT for n in mine["data"]))
        self.assertError(self.srv.get("/api/v1/supervision/notices?dept=%d"
                                      % OTHER_DEPT, token=CHIEF), 403)
        self.assertError(self.srv.get("/api/v1/supervision/notices",
                                      token="clerk"), 403)
        d = self.srv.get("/api/v1/supervision/notices?dept=%d" % OTHER_DEPT,
                         token="admin").json
        self.assertTrue(d["total"] >= 1)
        self.assertTrue(all(n["dept_id"] == OTHER_DEPT for n in d["data"]))
        aw = self.srv.get("/api/v1/supervision/notices?state=awaiting_reply"
                          "&per_page=200", token="supervisor").json
        self.assertEqual(aw["total"], self.srv.q1(
            "SELECT count(*) FROM supervision_notices WHERE state = 0"))
        # today nothing is past its reply day yet
        od = self.srv.get("/api/v1/supervision/notices?state=overdue",
                          token="supervisor").json
        self.assertEqual(od["total"], 0)
        self.assertError(self.srv.get("/api/v1/supervision/notices?state=x",
                                      token="supervisor"), 400)
        self.assertError(self.srv.get("/api/v1/supervision/notices/999999",
                                      token="supervisor"), 404)

    def test_demo_sweep_issued_automatic_notices(self):
        """The demo's sweep of today issued one notice per case overdue by
        notice_after_days working days or more: by 系统, rule A01."""
        after = int(self.srv.q1("SELECT value FROM settings WHERE key ="
                                " 'notice_after_days'"))
        cals, due = {}, set()
        for c in ts.open_watched(self.srv):
            if c["state"] in ts.PAUSED_STATES:
                continue
            cal = cals.setdefault(c["region_id"],
                                  ts.Calendar(self.srv, c["region_id"]))
            if -cal.count(ts.TODAY, c["deadline_day"]) >= after:
                due.add(c["id"])
        self.assertTrue(due)
        auto = self.srv.q("SELECT * FROM supervision_notices WHERE"
                          " issued_by IS NULL")
        self.assertEqual({n["case_id"] for n in auto}, due)
        self.assertEqual(len(auto), len(due))
        for n in auto:
            self.assertEqual(n["rule_id"], "A01")
        audited = self.srv.q("SELECT object_id FROM audit WHERE action ="
                             " 'notice.create' AND actor_name = '系统'")
        self.assertEqual(sorted(int(a["object_id"]) for a in audited),
                         sorted(n["id"] for n in auto))
        r = self.srv.get("/api/v1/supervision/notices/%d" % auto[0]["id"],
                         token="supervisor").json
        self.assertEqual(r["issued_by_name"], "系统")
        self.assertIsNone(r["issued_by"])


class SanctionTests(SupervisionBase):

    def test_record_and_list(self):
        case = self.srv.q("SELECT id, query_code FROM cases WHERE dept_id = ?"
                          " LIMIT 1", DEPT)[0]
        s002 = self.uid("s002")
        r = self.srv.post("/api/v1/supervision/sanctions", {
            "kind": "warning", "user_id": s002, "case_id": case["id"],
            "reason": "办件超期未说明理由", "evidence": "超期5个工作日,见督办单"},
            token="supervisor")
        self.assertStatus(r, 201)
        s = r.json
        self.assertEqual((s["kind"], s["kind_label"]), ("warning", "效能告诫"))
        self.assertEqual(s["user_id"], s002)
        self.assertEqual(s["user_name"], "蒙刚文")
        self.assertEqual(s["query_code"], case["query_code"])
        self.assertEqual(s["issued_by_name"], "赵监察")
        n = self.srv.post("/api/v1/supervision/notices",
                          {"dept_id": DEPT, "content": "问责所附"},
                          token="supervisor").json
        r = self.srv.post("/api/v1/supervision/sanctions", {
            "kind": "criticism", "dept_id": DEPT, "notice_id": n["id"],
            "reason": "督办不力", "evidence": "督办单逾期未回复"},
            token="supervisor")
        self.assertStatus(r, 201)
        self.assertEqual(r.json["kind_label"], "通报批评")
        self.assertEqual(r.json["notice_no"], n["no"])
        for kind, label in (("admonition", "诫勉"),
                            ("accountability", "责任追究")):
            r = self.srv.post("/api/v1/supervision/sanctions", {
                "kind": kind, "user_id": self.uid("s003"), "dept_id": DEPT,
                "reason": "r", "evidence": "e"}, token="supervisor")
            self.assertStatus(r, 201)
            self.assertEqual(r.json["kind_label"], label)
        rows = self.srv.q("SELECT * FROM sanctions ORDER BY id")
        self.assertEqual([x["kind"] for x in rows[-4:]], [1, 2, 3, 4])
        self.assertEqual(rows[-4]["target_user_id"], s002)
        self.assertIsNone(rows[-4]["target_dept_id"])
        self.assertEqual(self.srv.q1("SELECT count(*) FROM audit WHERE action ="
                                     " 'sanction.create'"), len(rows))

        lst = self.srv.get("/api/v1/supervision/sanctions?dept=%d" % DEPT,
                           token="admin").json
        self.assertEqual(lst["total"], 4)   # the department and its staff
        lst = self.srv.get("/api/v1/supervision/sanctions?user=%d" % s002,
                           token="supervisor").json
        self.assertEqual(lst["total"], 1)
        self.assertEqual(lst["data"][0]["kind"], "warning")
        lst = self.srv.get("/api/v1/supervision/sanctions?dept=%d"
                           % OTHER_DEPT, token="supervisor").json
        self.assertEqual(lst["total"], 0)
        for who in ("clerk", CHIEF, "reviewer"):
            self.assertError(self.srv.get("/api/v1/supervision/sanctions",
                                          token=who), 403)

    def test_refusals_write_nothing(self):
        applicant = self.uid("applicant")
        ok = {"kind": "warning", "dept_id": DEPT, "reason": "r",
              "evidence": "e"}
        before = self.snap()
        for change, status in (
                ({"kind": "fine"}, 422), ({"dept_id": None}, 422),
                ({"dept_id": 999}, 422), ({"user_id": applicant}, 422),
                ({"user_id": 999999}, 422), ({"case_id": 999999}, 422),
                ({"notice_id": 999999}, 422), ({"evidence": None}, 422),
                ({"reason": ""}, 422), ({"kind": 1}, 400),
                ({"user_id": "x"}, 400)):
            body = dict(ok)
            body.update(change)
            body = {k: v for k, v in body.items() if v is not None}
            self.refused(self.srv.post("/api/v1/supervision/sanctions", body,
                                       token="supervisor"), status)
        for who in ("admin", CHIEF, "clerk"):
            self.refused(self.srv.post("/api/v1/supervision/sanctions", ok,
                                       token=who), 403)
        self.assertEqual(self.snap(), before)


class RuleAndAnomalyTests(SupervisionBase):

    def put_rule(self, rule, enabled, threshold):
        r = self.srv.put("/api/v1/supervision/rules/" + rule,
                         {"enabled": enabled, "threshold": threshold},
                         token="supervisor")
        self.assertStatus(r, 200)
        self.assertEqual((r.json["enabled"], r.json["threshold"]),
                         (enabled, threshold))
        return r.json

    def a04(self, cid):
        return self.srv.q("SELECT * FROM anomalies WHERE rule_id = 'A04' AND"
                          " case_id = ?", cid)

    def notices(self, cid, n):
        """Applies, then sends n 补正 notices (supplying in between)."""
        for i in range(n):
            self.act_ok(cid, "request_materials", "clerk",
                        materials=[ITEM_MATERIALS[2]])
            if i < n - 1:
                self.act_ok(cid, "supplement", "applicant",
                            materials=[ITEM_MATERIALS[2]])

    def test_rule_list(self):
        r = self.srv.get("/api/v1/supervision/rules", token="admin")
        self.assertStatus(r, 200)
        rules = r.json["data"]
        self.assertEqual([x["id"] for x in rules],
                         ["A%02d" % i for i in range(1, 14)])
        for x in rules:
            for k in ("name", "description", "threshold_unit"):
                self.assertIsInstance(x[k], str)
            self.assertIsInstance(x["enabled"], bool)
            self.assertIsInstance(x["default_threshold"], int)
        a04 = [x for x in rules if x["id"] == "A04"][0]
        self.assertEqual(a04["name"], "多次要求补正")
        self.assertEqual(a04["default_threshold"], 1)
        for who in ("clerk", CHIEF, "applicant"):
            self.assertError(self.srv.get("/api/v1/supervision/rules",
                                          token=who), 403)

    def test_rule_put_refusals_write_nothing(self):
        before = self.snap()
        for rule, body, status in (
                ("A99", {"enabled": True, "threshold": 1}, 404),
                ("A04", {"enabled": True, "threshold": 366}, 422),
                ("A04", {"enabled": True, "threshold": -1}, 422),
                ("A04", {"enabled": "yes", "threshold": 1}, 400),
                ("A04", {"threshold": 1}, 422),
                ("A04", {"enabled": True}, 422),
                ("A04", {"enabled": True, "threshold": 1.5}, 400)):
            self.refused(self.srv.put("/api/v1/supervision/rules/" + rule,
                                      body, token="supervisor"), status)
        self.refused(self.srv.put("/api/v1/supervision/rules/A04",
                                  {"enabled": False, "threshold": 1},
                                  token="admin"), 403)
        self.assertEqual(self.snap(), before)

    def test_switch_and_threshold_take_effect_on_next_action(self):
        # off: two notices raise nothing
        self.put_rule("A04", False, 1)
        c1 = self.apply_case()["id"]
        self.notices(c1, 2)
        self.assertEqual(self.a04(c1), [])
        rules = {x["id"]: x for x in self.srv.get(
            "/api/v1/supervision/rules", token="supervisor").json["data"]}
        self.assertIs(rules["A04"]["enabled"], False)
        # on again, default threshold 1: the case is judged on its next
        # action, whatever it is, and once
        self.put_rule("A04", True, 1)
        self.act_ok(c1, "supplement", "applicant",
                    materials=[ITEM_MATERIALS[2]])
        hits = self.a04(c1)
        self.assertEqual(len(hits), 1)
        self.assertIn("2次", hits[0]["explanation"])
        self.act_ok(c1, "request_materials", "clerk",
                    materials=[ITEM_MATERIALS[2]])
        self.assertEqual(len(self.a04(c1)), 1)
        # threshold 1: a single notice is allowed
        c2 = self.apply_case()["id"]
        self.notices(c2, 1)
        self.assertEqual(self.a04(c2), [])
        # threshold 0: the first notice already fires
        self.put_rule("A04", True, 0)
        c3 = self.apply_case()["id"]
        self.notices(c3, 1)
        self.assertEqual(len(self.a04(c3)), 1)
        audit = self.srv.q("SELECT before, after FROM audit WHERE action ="
                           " 'anomaly_rule.put' AND object_id = 'A04'"
                           " ORDER BY id")
        self.assertEqual(len(audit), 3)
        self.assertIn('"threshold":0', audit[-1]["after"])
        self.put_rule("A04", True, 1)

    def test_anomalies_listed_and_reviewed(self):
        r = self.srv.get("/api/v1/supervision/anomalies?rule=A01&per_page=200",
                         token="supervisor")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["total"], self.srv.q1(
            "SELECT count(*) FROM anomalies WHERE rule_id = 'A01'"))
        a = r.json["data"][0]
        self.assertEqual(a["rule_name"], "超时未办结")
        self.assertEqual(a["status"], "open")
        self.assertIsInstance(a["evidence"], dict)
        self.assertIn("query_code", a["evidence"])
        self.assertIn("超过承诺期限", a["explanation"])
        everything = self.srv.get("/api/v1/supervision/anomalies",
                                  token="admin").json
        self.assertEqual(everything["total"], self.srv.q1(
            "SELECT count(*) FROM anomalies"))
        dept = a["dept_id"]
        by_dept = self.srv.get("/api/v1/supervision/anomalies?dept=%d" % dept,
                               token="supervisor").json
        self.assertTrue(all(x["dept_id"] == dept for x in by_dept["data"]))

        before = self.snap()
        for path, body, who, status in (
                ("/api/v1/supervision/anomalies/%d" % a["id"],
                 {"status": "open", "note": "x"}, "supervisor", 422),
                ("/api/v1/supervision/anomalies/%d" % a["id"],
                 {"status": "dismissed"}, "supervisor", 422),
                ("/api/v1/supervision/anomalies/%d" % a["id"],
                 {"status": "dismissed", "note": ""}, "supervisor", 422),
                ("/api/v1/supervision/anomalies/999999",
                 {"status": "dismissed", "note": "x"}, "supervisor", 404),
                ("/api/v1/supervision/anomalies/%d" % a["id"],
                 {"status": "dismissed", "note": "x"}, "admin", 403)):
            self.refused(self.srv.post(path, body, token=who), status)
        for q in ("status=closed", "rule=Z01", "dept=x"):
            self.refused(self.srv.get("/api/v1/supervision/anomalies?" + q,
                                      token="supervisor"), 400)
        self.assertEqual(self.snap(), before)

        r = self.srv.post("/api/v1/supervision/anomalies/%d" % a["id"],
                          {"status": "dismissed", "note": "系统外已办结,已核实"},
                          token="supervisor")
        self.assertStatus(r, 200)
        self.assertEqual((r.json["status"], r.json["status_label"]),
                         ("dismissed", "已排除"))
        self.assertEqual(r.json["review_note"], "系统外已办结,已核实")
        self.assertEqual(r.json["reviewed_by_name"], "赵监察")
        row = self.srv.q("SELECT * FROM anomalies WHERE id = ?", a["id"])[0]
        self.assertEqual((row["status"], row["reviewed_by"]),
                         (2, self.uid("supervisor")))
        before = self.snap()
        self.refused(self.srv.post("/api/v1/supervision/anomalies/%d"
                                   % a["id"], {"status": "confirmed",
                                               "note": "x"},
                                   token="supervisor"), 409)
        self.assertEqual(self.snap(), before)
        dismissed = self.srv.get("/api/v1/supervision/anomalies?status="
                                 "dismissed", token="supervisor").json
        self.assertIn(a["id"], [x["id"] for x in dismissed["data"]])
        b = self.srv.get("/api/v1/supervision/anomalies?status=open&rule=A01",
                         token="supervisor").json["data"][0]
        r = self.srv.post("/api/v1/supervision/anomalies/%d" % b["id"],
                          {"status": "confirmed", "note": "确属超期"},
                          token="supervisor")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["status"], "confirmed")
        self.assertEqual(self.srv.q1(
            "SELECT count(*) FROM audit WHERE action = 'anomaly.review'"), 2)


class CardAndNotificationTests(SupervisionBase):

    def test_cards(self):
        r = self.srv.get("/api/v1/supervision/cards", token="supervisor")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["total"], self.srv.q1(
            "SELECT count(*) FROM cards"))
        self.assertGreater(r.json["total"], 0)
        self.assertEqual(r.json["yellow_cards"], self.srv.q1(
            "SELECT count(*) FROM cards WHERE kind = 2"))
        self.assertEqual(r.json["red_cards"], self.srv.q1(
            "SELECT count(*) FROM cards WHERE kind = 3"))
        for c in r.json["data"]:
            self.assertIn(c["kind_label"], ("黄牌", "红牌"))
        # each card is audited as govhall's own act, once
        audited = self.srv.q("SELECT object_id, actor_name, after FROM audit"
                             " WHERE action = 'card.create'")
        self.assertEqual(len(audited), r.json["total"])
        cards = sorted((str(c["case_id"]), c["kind"]) for c in self.srv.q(
            "SELECT case_id, CASE kind WHEN 2 THEN 'yellow_card' ELSE"
            " 'red_card' END AS kind FROM cards"))
        self.assertEqual(sorted(tuple(a["object_id"].split("/"))
                                for a in audited), cards)
        for a in audited:
            self.assertEqual(str(json.loads(a["after"])["case_id"]),
                             a["object_id"].split("/")[0])
        self.assertEqual({a["actor_name"] for a in audited}, {"系统"})
        # a chief representative sees their own department's
        dept = r.json["data"][0]["dept_id"]
        chief = self.srv.q1("SELECT username FROM users WHERE role = 4 AND"
                            " dept_id = ? ORDER BY id LIMIT 1", dept)
        self.srv.login(chief)
        mine = self.srv.get("/api/v1/supervision/cards", token=chief).json
        self.assertEqual(mine["total"], self.srv.q1(
            "SELECT count(*) FROM cards WHERE dept_id = ?", dept))
        other = 1 if dept != 1 else 2
        self.assertError(self.srv.get("/api/v1/supervision/cards?dept=%d"
                                      % other, token=chief), 403)
        none = self.srv.get("/api/v1/supervision/cards?to=2026-01-01",
                            token="admin").json
        self.assertEqual(none["total"], 0)
        today = self.srv.get("/api/v1/supervision/cards?from=%s&to=%s"
                             % (ghtest.TODAY, ghtest.TODAY),
                             token="admin").json
        self.assertEqual(today["total"], self.srv.q1(
            "SELECT count(*) FROM cards WHERE day = ?", ts.TODAY))
        for q in ("from=2026-11-30&to=2026-11-01", "from=x"):
            self.assertError(self.srv.get("/api/v1/supervision/cards?" + q,
                                          token="supervisor"), 400)
        for who in ("clerk", "reviewer", "applicant"):
            self.assertError(self.srv.get("/api/v1/supervision/cards",
                                          token=who), 403)

    def test_notifications(self):
        user = self.srv.q("SELECT u.username, u.id FROM notifications n JOIN"
                          " users u ON u.id = n.user_id WHERE u.role <> 1"
                          " GROUP BY u.id, u.username ORDER BY count(*) DESC,"
                          " u.id LIMIT 1")[0]
        self.srv.login(user["username"])
        r = self.srv.get("/api/v1/notifications", token=user["username"])
        self.assertStatus(r, 200)
        n = self.srv.q1("SELECT count(*) FROM notifications WHERE user_id = ?",
                        user["id"])
        self.assertEqual(r.json["total"], n)
        self.assertEqual(r.json["unread"], n)
        first = r.json["data"][0]
        for k in ("id", "case_id", "query_code", "kind", "text"):
            self.assertIn(k, first)
        # someone else's: 404, nothing written
        before = self.snap()
        self.assertError(self.srv.post("/api/v1/notifications/%d/read"
                                       % first["id"], token="clerk"), 404)
        self.assertError(self.srv.post("/api/v1/notifications/999999/read",
                                       token=user["username"]), 404)
        self.assertError(self.srv.get("/api/v1/notifications?unread=maybe",
                                      token=user["username"]), 400)
        # an applicant reads their own messages only (issue 10)
        r = self.srv.get("/api/v1/notifications", token="applicant")
        self.assertStatus(r, 200)
        me = self.srv.q1("SELECT id FROM users WHERE username = 'applicant'")
        self.assertNotIn(first["id"], [n["id"] for n in r.json["data"]])
        for msg in r.json["data"]:
            self.assertEqual(self.srv.q1("SELECT user_id FROM notifications"
                                         " WHERE id = ?", msg["id"]), me)
        self.assertEqual(self.snap(), before)
        r = self.srv.post("/api/v1/notifications/%d/read" % first["id"],
                          token=user["username"])
        self.assertStatus(r, 200)
        self.assertIsNotNone(self.srv.q1(
            "SELECT read_at FROM notifications WHERE id = ?", first["id"]))
        unread = self.srv.get("/api/v1/notifications?unread=1",
                              token=user["username"]).json
        self.assertEqual(unread["total"], n - 1)
        self.assertNotIn(first["id"], [x["id"] for x in unread["data"]])
        # the clerk of the demo has a list of their own (maybe empty)
        self.assertStatus(self.srv.get("/api/v1/notifications",
                                       token="clerk"), 200)


class SweepTests(ServerTest):
    """`govhall sweep` on copies of a database in which a 补正 request was
    left unanswered: 61 days later the case is closed as 补正超时驳回, the
    late cases escalate, and a second sweep adds nothing."""
    logins = ("supervisor", "clerk", "applicant")
    LATER = "2027-01-23"   # 61 days after 2026-11-23

    def copy_db(self, name):
        path = self.tmp.file(name)
        return ghtest.copy_db(self.srv.db, path)  # with the audit files

    def q(self, db, sql, *args):
        con = ghtest.connect(db)
        con.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in con.execute(sql, args).fetchall()]
        finally:
            con.close()

    def sweep(self, db, today):
        r = ghtest.run_cli("sweep", db, "--today", today)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def request_materials(self):
        c = self.srv.post("/api/v1/cases", {"item_code": ITEM,
                                            "materials": ITEM_MATERIALS[:5]},
                          token="applicant").json
        r = self.srv.act(c["id"], "request_materials", "clerk",
                         materials=[ITEM_MATERIALS[2]])
        self.assertStatus(r, 200)
        self.assertEqual(r.json["state"], "awaiting_materials")
        return c

    def test_correction_timeout_and_idempotent_sweep(self):
        c = self.request_materials()
        timer = self.srv.q("SELECT * FROM timers WHERE case_id = ? AND kind ="
                           " 'correction_timeout'", c["id"])[0]
        self.assertEqual(timer["due_day"], ts.TODAY + 60)
        self.assertIsNone(timer["done_at"])
        db = self.copy_db("later.db")
        expiring = self.q1(db, "SELECT count(*) FROM timers t JOIN cases c ON"
                               " c.id = t.case_id WHERE t.kind ="
                               " 'correction_timeout' AND t.done_at IS NULL"
                               " AND t.due_day <= ? AND c.state = 3",
                           ts.day_of(self.LATER))
        self.assertGreaterEqual(expiring, 1)

        # on the last day of the period the case stays open
        early = self.copy_db("early.db")
        self.sweep(early, ts.iso_of(ts.TODAY + 59))
        self.assertEqual(self.q(early, "SELECT state FROM cases WHERE id = ?",
                                c["id"])[0]["state"], 3)

        out = self.sweep(db, self.LATER)
        self.assertIn("补正超时驳回%d件" % expiring, out)
        row = self.q(db, "SELECT * FROM cases WHERE id = ?", c["id"])[0]
        self.assertEqual(row["outcome"], 5)           # correction_timeout
        self.assertEqual(row["state"], 2)             # rejected
        self.assertEqual(row["finished_day"], ts.day_of(self.LATER))
        ev = self.q(db, "SELECT * FROM case_events WHERE case_id = ? ORDER BY"
                        " id", c["id"])[-1]
        self.assertIsNone(ev["actor_id"])
        self.assertEqual(ev["actor_name"], "系统")
        self.assertIn("补正", ev["note"])
        self.assertIsNotNone(self.q(db, "SELECT done_at FROM timers WHERE"
                                        " case_id = ?", c["id"])[0]["done_at"])

        # the late cases escalated: cards, reminders, automatic notices
        first = snapshot(db)
        auto = self.q(db, "SELECT * FROM supervision_notices WHERE issued_by"
                          " IS NULL")
        self.assertEqual(len({n["case_id"] for n in auto}), len(auto))
        self.assertGreater(len(auto), len(self.srv.q(
            "SELECT id FROM supervision_notices WHERE issued_by IS NULL")))
        for n in auto:
            self.assertEqual(n["rule_id"], "A01")
            self.assertRegex(n["no"], NOTICE_NO)
            self.assertIn("系统督办", n["content"])
        self.assertEqual(len(auto), len({n["no"] for n in auto}))

        # a second sweep of the same day adds nothing
        out = self.sweep(db, self.LATER)
        self.assertIn("补正超时驳回0件", out)
        self.assertIn("新增异常0条", out)
        self.assertEqual(snapshot(db), first)

        # the public API of that later day: the department's view of it
        later = Server(db, today=self.LATER,
                       extra=("--sweep-interval", "0")).start()
        try:
            later.login("supervisor")
            r = later.get("/api/v1/cases/%d" % c["id"], token="supervisor")
            self.assertEqual(r.json["outcome"], "correction_timeout")
            self.assertEqual(r.json["outcome_label"], "补正超时驳回")
            self.assertEqual(r.json["timeline"][-1]["action"],
                             "expire_correction")
            # the demo's notices were due in early December: overdue now
            od = later.get("/api/v1/supervision/notices?state=overdue"
                           "&per_page=200", token="supervisor").json
            self.assertEqual(od["total"], self.q1(
                db, "SELECT count(*) FROM supervision_notices WHERE state = 0"
                    " AND reply_due_day < ?", ts.day_of(self.LATER)))
            self.assertGreater(od["total"], 0)
            self.assertTrue(all(n["overdue"] for n in od["data"]))
        finally:
            self.assertEqual(later.stop(), 0)

    def q1(self, db, sql, *args):
        return list(self.q(db, sql, *args)[0].values())[0]

    def test_sweep_of_today_is_idempotent(self):
        db = self.copy_db("today.db")
        before = snapshot(db)
        self.sweep(db, ghtest.TODAY)   # the demo swept today already
        self.sweep(db, ghtest.TODAY)
        self.assertEqual(snapshot(db), before)


if __name__ == "__main__":
    ghtest.main()
