"""Issue 10 section 7, "mended on the way": each fault found by trying the
demo, as a class of fault, over HTTP on both engines.

- A suspension moves the open review step's due day with the case's
  deadline; each working day is suspended once however many suspensions
  touch it (five same-day 挂起/恢复 cycles cost one day, not five).
- Repeated suspensions of one case are an anomaly (A11).
- A06 (not the handler) spares the ordinary hand-over from the clerk to
  the reviewer and still fires on acting on a case another holds.
- The demo's timelines are in time order, 申报 first.
"""
import datetime

import ghtest
from ghtest import ServerTest, Server, TempDir, make_demo
from test_cases import CaseHelpers
from test_stats import Calendar

EPOCH = datetime.date(1970, 1, 1)


def day_of(iso):
    return (datetime.date.fromisoformat(iso) - EPOCH).days


def iso_of(day):
    return (EPOCH + datetime.timedelta(days=day)).isoformat()


class DemoTimelineTests(ServerTest):
    logins = ("admin",)

    def test_every_demo_timeline_is_in_time_order_apply_first(self):
        rows = self.srv.q("SELECT case_id, id, at, day, action FROM"
                          " case_events ORDER BY case_id, id")
        self.assertGreater(len(rows), 1000)
        by_case = {}
        for r in rows:
            by_case.setdefault(r["case_id"], []).append(r)
        bad = []
        for cid, evs in by_case.items():
            if evs[0]["action"] != "apply":
                bad.append((cid, "first is %s" % evs[0]["action"]))
            for a, b in zip(evs, evs[1:]):
                if b["at"] < a["at"] or b["day"] < a["day"]:
                    bad.append((cid, "%s at %d after %s at %d" % (
                        b["action"], b["at"], a["action"], a["at"])))
        self.assertEqual(bad[:5], [], "%d cases out of order" % len(bad))
        n = self.srv.q1("SELECT count(*) FROM cases")
        self.assertEqual(len(by_case), n)


class HandOverTests(CaseHelpers, ServerTest):
    logins = ("clerk", "applicant", "reviewer", "admin")

    def a06(self, cid):
        return self.srv.q("SELECT rule_id, event_id FROM anomalies WHERE"
                          " case_id = ? AND rule_id = 'A06'", cid)

    def test_hand_over_to_the_reviewer_is_no_anomaly(self):
        c = self.act_ok(self.apply(), "accept", "clerk")
        clerk = self.srv.q1("SELECT id FROM users WHERE username = 'clerk'")
        reviewer = self.srv.q1("SELECT id FROM users WHERE"
                               " username = 'reviewer'")
        self.assertEqual(self.db_case(c["id"])["handler_id"], clerk)
        # the reviewer takes the accepted case up: the hand-over
        c = self.act_ok(c, "start_review", "reviewer")
        self.assertEqual(self.db_case(c["id"])["handler_id"], reviewer)
        c = self.act_ok(c, "approve", "reviewer", note="材料齐全")
        self.assertEqual(self.a06(c["id"]), [])

    def test_acting_on_a_case_another_holds_is_an_anomaly(self):
        c = self.act_ok(self.apply(), "accept", "clerk")
        # held by the clerk, not handed over: the reviewer suspends it
        c = self.act_ok(c, "suspend", "reviewer", procedure="site_check",
                        reason="需要实地核查")
        hits = self.a06(c["id"])
        self.assertEqual(len(hits), 1)
        ev = self.srv.q("SELECT action FROM case_events WHERE id = ?",
                        hits[0]["event_id"])
        self.assertEqual(ev[0]["action"], "suspend")


class SuspensionApproverTests(CaseHelpers, ServerTest):
    """A suspension names who approved it (another reviewer or the chief of
    the case's department, never its handler) and its expected duration;
    both show on the case and in its timeline."""
    logins = ("clerk", "applicant", "reviewer", "admin", "s001")

    def under_review(self):
        c = self.act_ok(self.apply(), "accept", "clerk")
        return self.act_ok(c, "start_review", "reviewer")

    def test_approver_and_expected_days_are_required_and_checked(self):
        c = self.under_review()
        me = self.srv.q1("SELECT id FROM users WHERE username = 'reviewer'")
        chief = self.srv.q1("SELECT id FROM users WHERE username = 's001'")
        clerk = self.srv.q1("SELECT id FROM users WHERE username = 'clerk'")
        other_dept = self.srv.q1(
            "SELECT id FROM users WHERE role = 8 AND active = 1 AND dept_id"
            " <> (SELECT dept_id FROM users WHERE username = 'reviewer')"
            " ORDER BY id LIMIT 1")
        base = {"procedure": "expert_review", "reason": "需组织专家评审"}
        before = self.srv.counts()
        for extra, field in (
                ({"expected_days": 10}, "approver_id"),
                ({"approver_id": me, "expected_days": 10}, "approver_id"),
                ({"approver_id": clerk, "expected_days": 10}, "approver_id"),
                ({"approver_id": other_dept, "expected_days": 10},
                 "approver_id"),
                ({"approver_id": 99999999, "expected_days": 10},
                 "approver_id"),
                ({"approver_id": chief}, "expected_days"),
                ({"approver_id": chief, "expected_days": 0}, "expected_days"),
                ({"approver_id": chief, "expected_days": 366},
                 "expected_days")):
            r = self.srv.act(c["id"], "suspend", "reviewer",
                             **dict(base, **extra))
            self.assertError(r, 422)
            self.assertEqual(r.json["error"].get("field"), field, (extra, r.json))
        r = self.srv.act(c["id"], "suspend", "reviewer", approver_id="x",
                         expected_days=10, **base)
        self.assertIn(r.status, (400, 422))
        self.assertEqual(self.srv.counts(), before)

        # the handlers endpoint offers the approvers, the actor aside
        h = self.srv.get("/api/v1/cases/%d/handlers" % c["id"],
                         token="reviewer")
        self.assertEqual(h.status, 200)
        ids = [a["id"] for a in h.json["approvers"]]
        self.assertIn(chief, ids)
        self.assertNotIn(me, ids)

        c = self.act_ok(c, "suspend", "reviewer", approver_id=chief,
                        expected_days=15, **base)
        self.assertEqual(c["state"], "suspended")
        s = c["suspensions"][-1]
        self.assertEqual(s["approver_id"], chief)
        self.assertEqual(s["expected_days"], 15)
        name = self.srv.q1("SELECT name FROM users WHERE username = 's001'")
        self.assertEqual(s["approver_name"], name)
        note = c["timeline"][-1]["note"]
        self.assertIn(name, note)
        self.assertIn("预计15个工作日", note)

    def test_the_chief_suspends_with_a_reviewer_as_approver(self):
        c = self.under_review()
        me = self.srv.q1("SELECT id FROM users WHERE username = 'reviewer'")
        c = self.act_ok(c, "suspend", "s001", procedure="testing",
                        reason="送检", approver_id=me, expected_days=3)
        self.assertEqual(c["suspensions"][-1]["approver_id"], me)
        # a 补正 wait records no expected duration
        c = self.act_ok(c, "resume", "reviewer")
        c = self.act_ok(c, "request_materials", "reviewer",
                        materials=[ghtest.MAIN_MATERIALS[0]])
        self.assertIsNone(c["suspensions"][-1]["expected_days"])


class SuspensionClockTests(CaseHelpers, ServerTest):
    """December 2026: the server restarts with later --today values on the
    same database to let working days pass."""
    today = "2026-12-01"
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
        self.srv.tokens = tokens

    def step(self, cid, idx):
        return self.srv.q("SELECT * FROM case_steps WHERE case_id = ? AND"
                          " idx = ?", cid, idx)[0]

    def test_suspension_moves_the_open_step_and_counts_days_once(self):
        self.restart("2026-12-01")
        c = self.act_ok(self.apply(), "accept", "clerk")
        cal = Calendar(self.srv, self.db_case(c["id"])["region_id"])
        c = self.act_ok(c, "start_review", "clerk")
        idx = self.db_case(c["id"])["step_index"]
        due0 = self.step(c["id"], idx)["due_day"]
        base = self.db_case(c["id"])["deadline_day"]
        self.assertIsNotNone(due0)

        # five same-day 挂起/恢复 cycles on 12-01 cost one working day
        for i in range(5):
            c = self.act_ok(c, "suspend", "reviewer", procedure="testing",
                            reason="送检第%d批" % (i + 1))
            c = self.act_ok(c, "resume", "reviewer")
        row = self.db_case(c["id"])
        self.assertEqual(row["deadline_day"], cal.add(base, 1),
                         "five same-day cycles moved the deadline from %s to"
                         " %s" % (iso_of(base), iso_of(row["deadline_day"])))
        self.assertEqual(c["deadline"], iso_of(cal.add(base, 1)))
        self.assertEqual(self.step(c["id"], idx)["due_day"], cal.add(due0, 1))
        self.assertEqual(c["state"], "under_review")

        # repeated suspensions are an anomaly (A11, more than 2)
        a11 = self.srv.q("SELECT explanation FROM anomalies WHERE"
                         " case_id = ? AND rule_id = 'A11'", c["id"])
        self.assertEqual(len(a11), 1)
        self.assertIn("挂起", a11[0]["explanation"])

        # a suspension from 12-02 to Friday 12-04: 12-02 and 12-03 more
        self.restart("2026-12-02")
        c = self.act_ok(c, "suspend", "reviewer", procedure="expert_review",
                        reason="专家评审")
        self.restart("2026-12-04")
        c = self.act_ok(c, "resume", "reviewer")
        row = self.db_case(c["id"])
        self.assertEqual(row["deadline_day"], cal.add(base, 3))
        step = self.step(c["id"], idx)
        self.assertIsNone(step["end_day"])
        self.assertEqual(step["due_day"], cal.add(due0, 3),
                         "审核 stayed due on %s while the case moved to %s" % (
                             iso_of(step["due_day"]),
                             iso_of(row["deadline_day"])))
        # the explanation lists each suspension by the days it added
        ex = c["clock"]["explanation"]
        added = [e.get("days") for e in ex if e["kind"] == "suspension"]
        self.assertEqual(sum(added), 3, ex)

    def test_refusals_change_nothing(self):
        self.restart("2026-12-01")
        c = self.act_ok(self.apply(), "accept", "clerk")
        c = self.act_ok(c, "start_review", "clerk")
        before = self.srv.counts()
        r = self.srv.act(c["id"], "resume", "reviewer")
        self.assertError(r, 409)
        self.assertUnchanged(before)


if __name__ == "__main__":
    ghtest.main()
