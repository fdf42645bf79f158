"""The working-day calendar over HTTP: reading a year, asking for a
deadline, and administrators' changes that move open cases' deadlines."""
import datetime

import ghtest
from ghtest import ServerTest


def day_num(iso):
    return (datetime.date.fromisoformat(iso) - datetime.date(1970, 1, 1)).days


class CalendarTests(ServerTest):

    def test_year(self):
        r = self.srv.get("/api/v1/calendar?year=2026")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["year"], 2026)
        ents = {e["date"]: e for e in r.json["entries"]}
        self.assertEqual(ents["2026-10-01"]["kind"], "holiday")
        self.assertEqual(ents["2026-10-10"]["kind"], "workday")
        self.assertEqual(ents["2026-09-20"]["kind"], "workday")
        for e in r.json["entries"]:
            self.assertTrue(e["date"].startswith("2026-"))
            self.assertTrue(e["name"])
        holidays = sum(e["kind"] == "holiday" and
                       datetime.date.fromisoformat(e["date"]).weekday() < 5
                       for e in r.json["entries"])
        makeups = sum(e["kind"] == "workday" for e in r.json["entries"])
        weekdays = sum(1 for i in range(365) if (datetime.date(2026, 1, 1) +
                       datetime.timedelta(days=i)).weekday() < 5)
        self.assertEqual(r.json["workdays"], weekdays - holidays + makeups)
        # the default year is the centre's
        r = self.srv.get("/api/v1/calendar")
        self.assertEqual(r.json["year"], 2026)

    def test_deadline(self):
        r = self.srv.get("/api/v1/calendar/deadline?from=2026-09-28&days=5")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["deadline"], "2026-10-10")  # 调休 Saturday
        kinds = [e["kind"] for e in r.json["explanation"]]
        self.assertIn("holiday", kinds)
        self.assertIn("makeup", kinds)
        for frm, days, want in (("2026-09-28", 0, "2026-09-28"),
                                ("2026-09-30", 1, "2026-10-08"),
                                ("2026-12-31", 1, "2027-01-04"),
                                ("2026-11-20", 1, "2026-11-23")):
            r = self.srv.get("/api/v1/calendar/deadline?from=%s&days=%d"
                             % (frm, days))
            self.assertEqual(r.json["deadline"], want, (frm, days))
        r = self.srv.get("/api/v1/calendar/deadline?days=1")
        self.assertEqual(r.json["from"], ghtest.TODAY)
        self.assertEqual(r.json["deadline"], "2026-11-24")

    def open_deadlines(self):
        """{case id: deadline} of open accepted cases, as the API tells
        them today (a paused case's deadline moves daily, so the stored
        deadline_day is only as of its last action)."""
        out, page = {}, 1
        while True:
            r = self.srv.get("/api/v1/cases?state=open&per_page=200&page=%d"
                             % page, token="admin")
            self.assertStatus(r, 200)
            for c in r.json["data"]:
                if c["deadline"]:
                    out[c["id"]] = day_num(c["deadline"])
            if page * 200 >= r.json["total"]:
                return out
            page += 1

    def test_admin_adds_holiday_then_removes_it(self):
        date = "2026-11-26"
        before_dl = self.open_deadlines()
        crossing = {cid for cid, dl in before_dl.items()
                    if dl is not None and dl >= day_num(date) and
                    self.srv.q1("SELECT accepted_day FROM cases WHERE id = ?",
                                cid) < day_num(date)}
        self.assertTrue(crossing, "the demo has no open case crossing " + date)
        counts = self.srv.counts()
        ev0 = self.srv.q1("SELECT max(id) FROM case_events")
        r = self.srv.put("/api/v1/calendar/" + date,
                         {"kind": "holiday", "name": "测试放假"}, token="admin")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["kind"], "holiday")
        after_dl = self.open_deadlines()
        moved = {cid for cid in before_dl if after_dl[cid] != before_dl[cid]}
        for cid in moved:  # the database holds the new deadline
            self.assertEqual(self.srv.q1("SELECT deadline_day FROM cases"
                                         " WHERE id = ?", cid), after_dl[cid])
        self.assertEqual(moved, crossing)
        self.assertEqual(r.json["deadlines_moved"], len(moved))
        for cid in moved:
            self.assertGreater(after_dl[cid], before_dl[cid])
        evs = self.srv.q("SELECT * FROM case_events WHERE id > ?", ev0)
        self.assertEqual({e["case_id"] for e in evs}, moved)
        for e in evs:
            self.assertEqual(e["action"], "deadline_moved")
            self.assertIn("工作日历", e["note"])
        audits = self.srv.q("SELECT * FROM audit WHERE action ="
                            " 'calendar.change' ORDER BY id DESC LIMIT 1")
        self.assertIn(date, audits[0]["after"])
        self.assertEqual(self.srv.q1("SELECT count(*) FROM audit"),
                         counts["audit"] + 1)
        self.assertEqual(self.srv.q1(
            "SELECT count(*) FROM calendar_days WHERE day = ?", day_num(date)),
            1)
        # the change shows at once in reads
        r = self.srv.get("/api/v1/calendar/deadline?from=2026-11-25&days=1")
        self.assertEqual(r.json["deadline"], "2026-11-27")
        cid = sorted(moved)[0]
        c = self.srv.get("/api/v1/cases/%d" % cid, token="admin").json
        self.assertEqual(c["deadline"], (datetime.date(1970, 1, 1) +
                         datetime.timedelta(days=after_dl[cid])).isoformat())
        self.assertIn("deadline_moved", [e["action"] for e in c["timeline"]])

        r = self.srv.delete("/api/v1/calendar/" + date, token="admin")
        self.assertStatus(r, 200)
        self.assertEqual(self.open_deadlines(), before_dl)
        self.assertEqual(r.json["deadlines_moved"], len(moved))
        r = self.srv.get("/api/v1/calendar/deadline?from=2026-11-25&days=1")
        self.assertEqual(r.json["deadline"], "2026-11-26")

    def test_makeup_workday(self):
        r = self.srv.put("/api/v1/calendar/2026-12-05",
                         {"kind": "workday", "name": "测试调休"}, token="admin")
        self.assertStatus(r, 200)
        r = self.srv.get("/api/v1/calendar/deadline?from=2026-12-04&days=1")
        self.assertEqual(r.json["deadline"], "2026-12-05")
        self.assertStatus(self.srv.delete("/api/v1/calendar/2026-12-05",
                                          token="admin"), 200)
        r = self.srv.get("/api/v1/calendar/deadline?from=2026-12-04&days=1")
        self.assertEqual(r.json["deadline"], "2026-12-07")

    def test_only_admin_edits(self):
        before = self.srv.counts()
        for who in ("clerk", "applicant", "reviewer", "supervisor"):
            r = self.srv.put("/api/v1/calendar/2026-12-01",
                             {"kind": "holiday", "name": "x"}, token=who)
            self.assertError(r, 403)
            self.assertError(self.srv.delete("/api/v1/calendar/2026-10-01",
                                             token=who), 403)
        self.assertError(self.srv.put("/api/v1/calendar/2026-12-01",
                                      {"kind": "holiday", "name": "x"}), 401)
        self.assertUnchanged(before)

    def test_bad_edits(self):
        before = self.srv.counts()
        for path, body, status in (
                ("2026-02-30", {"kind": "holiday", "name": "x"}, 400),
                ("1999-01-01", {"kind": "holiday", "name": "x"}, 400),
                ("tomorrow", {"kind": "holiday", "name": "x"}, 400),
                ("2026-12-01", {"kind": "party", "name": "x"}, 422),
                ("2026-12-01", {"kind": "holiday"}, 422),
                ("2026-12-01", {"kind": 1, "name": "x"}, 400)):
            r = self.srv.put("/api/v1/calendar/" + path, body, token="admin")
            self.assertError(r, status)
        r = self.srv.put("/api/v1/calendar/2026-12-01?region=9999",
                         {"kind": "holiday", "name": "x"}, token="admin")
        self.assertError(r, 404)
        self.assertUnchanged(before)


if __name__ == "__main__":
    ghtest.main()
