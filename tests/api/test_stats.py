"""Statistics (GET /api/v1/stats, JSON and CSV) and the public daily
progress (GET /api/v1/public/daily) over the demo centre, checked against
counts computed here independently from the cases and items tables and
the working-day calendar (issue 4, items 5 and 6).

The Calendar class below is a second, deliberately simple implementation
of the working-day rules (Monday to Friday, overridden by calendar_days
entries of the region and its ancestors); test_supervision.py uses it too.
"""
import csv
import datetime
import io
from decimal import Decimal, ROUND_HALF_UP
from fractions import Fraction

import ghtest
from ghtest import ServerTest

EPOCH = datetime.date(1970, 1, 1)
PAUSED_STATES = (3, 7)          # awaiting_materials, suspended
TERMINAL_STATES = (2, 6, 8)     # rejected, completed, withdrawn
COMPLETED_OUTCOMES = (1, 2, 6, 9)  # issued, denied, forwarded, revoked
REJECTED_OUTCOMES = (3, 5)      # rejected, correction timeout


def day_of(iso):
    return (datetime.date.fromisoformat(iso) - EPOCH).days


def iso_of(day):
    return (EPOCH + datetime.timedelta(days=day)).isoformat()


TODAY = day_of(ghtest.TODAY)


def percent(num, den):
    """"83.44": num/den in percent, two decimals, rounded half up."""
    if not den:
        return None
    f = Fraction(num * 100, den)
    v = Decimal(f.numerator) / Decimal(f.denominator)
    return str(v.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


class Calendar:
    """Working days of one region, read from the database."""

    def __init__(self, srv, region_id):
        chain, r = [], region_id
        while r:
            chain.append(r)
            r = srv.q1("SELECT parent_id FROM regions WHERE id = ?", r)
        self.kind = {}
        for rid in reversed(chain):          # the region's own entries win
            for row in srv.q("SELECT day, kind FROM calendar_days WHERE"
                             " region_id = ?", rid):
                self.kind[row["day"]] = row["kind"]

    def is_workday(self, day):
        k = self.kind.get(day)
        if k is not None:
            return k == 2
        return (EPOCH + datetime.timedelta(days=day)).weekday() < 5

    def count(self, a, b):
        """Working days d with a < d <= b; negative when b < a."""
        if b < a:
            return -self.count(b, a)
        return sum(1 for d in range(a + 1, b + 1) if self.is_workday(d))

    def add(self, day, n):
        """The n-th working day after day."""
        while n > 0:
            day += 1
            if self.is_workday(day):
                n -= 1
        return day

    def light(self, case, today=TODAY):
        """green / yellow / red / paused of an open accepted case."""
        if case["state"] in PAUSED_STATES:
            return "paused"
        remaining = self.count(today, case["deadline_day"])
        if remaining < 0:
            return "red"
        return "yellow" if remaining <= case["warn_days"] else "green"


def open_watched(srv):
    """The open, accepted cases with a deadline: what the board counts."""
    return srv.q("SELECT * FROM cases WHERE accepted_day IS NOT NULL AND"
                 " finished_day IS NULL AND deadline_day IS NOT NULL")


def mask(name):
    """The public mask of a name: first and last kept from 3 code points."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


class StatsTests(ServerTest):
    logins = ("admin", "supervisor", "reviewer", "clerk", "applicant", "s001")

    def expected(self, frm, to, dept=None, keep=None):
        """The statistics of [frm, to] computed from the cases table (of
        one department, or the cases for which keep(case) is true)."""
        cal = {}
        out = dict(received=0, accepted=0, rejected=0, completed=0,
                   on_time=0, late=0, withdrawn=0, online=0, used_days=0,
                   overdue_open=0)
        for c in self.srv.q("SELECT * FROM cases"):
            if dept is not None and c["dept_id"] != dept:
                continue
            if keep is not None and not keep(c):
                continue
            sub, acc, fin = (c["submitted_day"], c["accepted_day"],
                             c["finished_day"])
            if frm <= sub <= to:
                out["received"] += 1
                out["online"] += c["channel"] == "online"
            if acc is not None and frm <= acc <= to:
                out["accepted"] += 1
            in_period = fin is not None and frm <= fin <= to
            if in_period and c["outcome"] in REJECTED_OUTCOMES:
                out["rejected"] += 1
            if in_period and c["outcome"] == 4:
                out["withdrawn"] += 1
            if in_period and c["outcome"] in COMPLETED_OUTCOMES:
                out["completed"] += 1
                # on time: finished no later than the (suspension-adjusted)
                # deadline, judged here from the days, not the on_time column
                if fin <= c["deadline_day"]:
                    out["on_time"] += 1
                else:
                    out["late"] += 1
                out["used_days"] += c["used_days"]
            if fin is None and acc is not None and \
                    c["state"] not in PAUSED_STATES:
                r = c["region_id"]
                cal.setdefault(r, Calendar(self.srv, r))
                if cal[r].light(c) == "red":
                    out["overdue_open"] += 1
        out["on_time_rate"] = percent(out["on_time"],
                                      out["on_time"] + out["late"])
        out["online_rate"] = percent(out["online"], out["received"])
        return out

    def check_row(self, row, exp):
        for k, v in exp.items():
            self.assertEqual(row[k], v, "%s: %r" % (k, row))

    # ---- access --------------------------------------------------------------

    def test_roles(self):
        for who in ("supervisor", "admin", "s001"):
            self.assertStatus(self.srv.get("/api/v1/stats", token=who), 200)
        for who in ("clerk", "reviewer", "applicant"):
            self.assertError(self.srv.get("/api/v1/stats", token=who), 403,
                             "forbidden")
        self.assertError(self.srv.get("/api/v1/stats"), 401)

    def test_bad_parameters(self):
        for q in ("group=nation", "format=xml", "from=2026-13-01",
                  "from=2026-11-20&to=2026-11-01"):
            self.assertError(self.srv.get("/api/v1/stats?" + q,
                                          token="supervisor"), 400)

    # ---- figures -------------------------------------------------------------

    def test_default_period_matches_cases_table(self):
        r = self.srv.get("/api/v1/stats", token="supervisor")
        self.assertStatus(r, 200)
        s = r.json
        self.assertEqual(s["from"], "2026-11-01")
        self.assertEqual(s["to"], ghtest.TODAY)
        exp = self.expected(day_of("2026-11-01"), TODAY)
        self.assertGreater(exp["received"], 0)
        self.assertGreater(exp["completed"], 0)
        self.check_row(s["total"], exp)

    def test_other_period_and_departments(self):
        frm, to = "2026-09-01", "2026-10-31"
        s = self.srv.get("/api/v1/stats?from=%s&to=%s&group=department"
                         % (frm, to), token="supervisor").json
        self.assertEqual(s["group"], "department")
        self.check_row(s["total"], self.expected(day_of(frm), day_of(to)))
        self.assertGreater(len(s["groups"]), 3)
        names = {d["id"]: d["short_name"]
                 for d in self.srv.q("SELECT id, short_name FROM departments")}
        for g in s["groups"]:
            self.assertEqual(g["name"], names[g["id"]])
            self.check_row(g, self.expected(day_of(frm), day_of(to), g["id"]))
        # the groups add up to the total
        for k in ("received", "accepted", "completed", "on_time", "online"):
            self.assertEqual(sum(g[k] for g in s["groups"]), s["total"][k], k)

    def test_by_region_level(self):
        """group=level: 市/县/乡镇/村 by the level of each case's region.
        The demo handles every case at the county; a few are moved to a
        township centre and a village service point for this test."""
        frm, to = "2026-09-01", ghtest.TODAY
        moved = self.srv.q("SELECT id, region_id FROM cases WHERE"
                           " submitted_day >= ? ORDER BY id LIMIT 9",
                           day_of(frm))
        town = self.srv.q1("SELECT id FROM regions WHERE level = 3 LIMIT 1")
        village = self.srv.q1("SELECT id FROM regions WHERE level = 4"
                              " LIMIT 1")
        try:
            for i, c in enumerate(moved):
                self.srv.exec("UPDATE cases SET region_id = ? WHERE id = ?",
                              town if i < 6 else village, c["id"])
            s = self.srv.get("/api/v1/stats?from=%s&to=%s&group=level"
                             % (frm, to), token="supervisor").json
            self.assertEqual(s["group"], "level")
            levels = {r["id"]: r["level"]
                      for r in self.srv.q("SELECT id, level FROM regions")}
            rows = {g["id"]: g for g in s["groups"]}
            self.assertEqual(set(rows), {2, 3, 4})
            self.assertEqual([rows[k]["name"] for k in (2, 3, 4)],
                             ["县级", "乡镇(街道)级", "村(社区)级"])
            for lv, g in rows.items():
                self.check_row(g, self.expected(
                    day_of(frm), day_of(to),
                    keep=lambda c, lv=lv: levels[c["region_id"]] == lv))
            self.assertEqual(rows[3]["received"], 6)
            self.assertEqual(rows[4]["received"], 3)
            self.check_row(s["total"], self.expected(day_of(frm),
                                                     day_of(to)))
        finally:
            for c in moved:
                self.srv.exec("UPDATE cases SET region_id = ? WHERE id = ?",
                              c["region_id"], c["id"])

    def test_hall_entry_rate_per_department(self):
        s = self.srv.get("/api/v1/stats?from=2026-01-01&group=department",
                         token="supervisor").json
        items = {r["dept_id"]: (r["n"], r["h"]) for r in self.srv.q(
            "SELECT dept_id, count(*) AS n, sum(in_hall) AS h FROM items"
            " WHERE retired = 0 GROUP BY dept_id")}
        partial = 0
        for g in s["groups"]:
            n, h = items[g["id"]]
            self.assertEqual((g["items_total"], g["items_in_hall"]), (n, h))
            self.assertEqual(g["hall_entry_rate"], percent(h, n))
            partial += h < n
        self.assertGreater(partial, 0)   # some departments keep items out
        self.assertEqual(s["total"]["hall_entry_rate"], s["hall_entry_rate"])
        # other groupings have no per-group rate
        w = self.srv.get("/api/v1/stats?group=window", token="supervisor").json
        self.assertNotIn("hall_entry_rate", w["groups"][0])

    def test_hall_entry_rate(self):
        s = self.srv.get("/api/v1/stats", token="supervisor").json
        total = self.srv.q1("SELECT count(*) FROM items WHERE retired = 0")
        in_hall = self.srv.q1("SELECT count(*) FROM items WHERE retired = 0"
                              " AND in_hall = 1")
        self.assertEqual((total, in_hall), (471, 393))
        self.assertEqual(s["items_total"], 471)
        self.assertEqual(s["items_in_hall"], 393)
        self.assertEqual(s["hall_entry_rate"], "83.44")
        self.assertEqual(percent(393, 471), "83.44")

    def test_rates_are_two_decimal_strings(self):
        t = self.srv.get("/api/v1/stats?from=2026-01-01",
                         token="supervisor").json["total"]
        for k in ("on_time_rate", "online_rate", "completion_rate",
                  "avg_used_days"):
            self.assertRegex(t[k], r"^\d+\.\d\d$", k)
        self.assertEqual(t["avg_used_days"],
                         percent(t["used_days"], t["completed"] * 100))

    def test_completion_rate_is_one_cohort_within_100(self):
        # November, by department: some departments completed more cases
        # than they accepted (cases accepted in October); the rate is of
        # the cases accepted in the period, completed by its end
        lo, hi = day_of("2026-11-01"), TODAY
        j = self.srv.get("/api/v1/stats?from=2026-11-01&group=department",
                         token="supervisor").json
        cases = self.srv.q("SELECT dept_id, accepted_day, finished_day,"
                           " outcome FROM cases")
        more_done_than_accepted = 0
        for g in j["groups"] + [dict(j["total"], id=None)]:
            mine = [c for c in cases if g["id"] is None or
                    c["dept_id"] == g["id"]]
            cohort = [c for c in mine if c["accepted_day"] is not None and
                      lo <= c["accepted_day"] <= hi]
            done = [c for c in cohort if c["outcome"] in COMPLETED_OUTCOMES
                    and c["finished_day"] is not None and
                    c["finished_day"] <= hi]
            self.assertEqual(g["accepted"], len(cohort), g)
            self.assertEqual(g["accepted_completed"], len(done), g)
            self.assertEqual(g["completion_rate"],
                             percent(len(done), len(cohort)), g)
            if g["completion_rate"] is not None:
                self.assertLessEqual(Decimal(g["completion_rate"]), 100, g)
            more_done_than_accepted += g["completed"] > g["accepted"]
        self.assertGreater(more_done_than_accepted, 0,
                           "the demo should have a department that completed"
                           " more than it accepted in November")

    def test_csv_export(self):
        r = self.srv.get("/api/v1/stats?format=csv&from=2026-01-01",
                         token="supervisor")
        self.assertStatus(r, 200)
        self.assertIn("text/csv", r.headers["Content-Type"])
        self.assertTrue(r.raw.startswith(b"\xef\xbb\xbf"))
        rows = list(csv.reader(io.StringIO(r.raw.decode("utf-8-sig"))))
        head = rows[0]
        self.assertEqual(head[0], "单位")
        for label in ("收件", "受理", "办结", "按时办结率(%)", "网上办理率(%)"):
            self.assertIn(label, head)
        self.assertEqual(rows[-1][0], "合计")
        j = self.srv.get("/api/v1/stats?from=2026-01-01",
                         token="supervisor").json
        self.assertEqual(len(rows), len(j["groups"]) + 2)
        total = dict(zip(head, rows[-1]))
        self.assertEqual(int(total["收件"]), j["total"]["received"])
        self.assertEqual(int(total["办结"]), j["total"]["completed"])
        self.assertEqual(total["按时办结率(%)"], j["total"]["on_time_rate"])
        self.assertEqual(total["进驻率(%)"], j["hall_entry_rate"])
        first = dict(zip(head, rows[1]))
        self.assertEqual(first["进驻率(%)"], j["groups"][0]["hall_entry_rate"])

    # ---- public daily progress ----------------------------------------------

    def test_public_daily_needs_no_login_and_masks(self):
        r = self.srv.get("/api/v1/public/daily")
        self.assertStatus(r, 200)
        d = r.json
        self.assertEqual(d["date"], ghtest.TODAY)
        today = self.srv.q("SELECT * FROM cases WHERE submitted_day = ?1 OR"
                           " finished_day = ?1", TODAY)
        self.assertEqual(d["received"], sum(c["submitted_day"] == TODAY
                                            for c in today))
        done = [c for c in today if c["finished_day"] == TODAY and
                c["outcome"] in COMPLETED_OUTCOMES]
        self.assertEqual(d["completed"], len(done))
        on_time = sum(c["finished_day"] <= c["deadline_day"] for c in done)
        self.assertEqual(d["on_time_rate"], percent(on_time, len(done)))
        self.assertEqual(len(d["cases"]), len(today))
        self.assertEqual(d["cases_total"], len(today))
        # each listed case tells whether it counts as received, completed
        self.assertEqual(sum(c["received"] for c in d["cases"]),
                         d["received"])
        self.assertEqual(sum(c["completed"] for c in d["cases"]),
                         d["completed"])
        # persons' names are masked, companies' (public anyway) are not
        shown = {mask(c["applicant_name"]) if c["applicant_kind"] != "company"
                 else c["applicant_name"] for c in today}
        for c in d["cases"]:
            self.assertNotIn("query_code", c)
            self.assertNotIn("applicant_kind", c)
            self.assertIn(c["applicant_name"], shown)
        kinds = {c["applicant_kind"] for c in today}
        self.assertEqual(kinds, {"person", "company"},
                         "the demo day should have both kinds")
        for c in today:
            # neither a query code nor a person's whole name is published
            self.assertNotIn(c["query_code"], r.text)
            if c["applicant_kind"] == "company":
                self.assertIn('"%s"' % c["applicant_name"], r.text)
            elif len(c["applicant_name"]) >= 2:
                self.assertNotIn('"%s"' % c["applicant_name"], r.text)
        self.assertEqual(sum(x["received"] for x in d["departments"]),
                         d["received"])

    def test_public_daily_other_day_and_bad_date(self):
        r = self.srv.get("/api/v1/public/daily?date=2026-11-20")
        self.assertStatus(r, 200)
        n = self.srv.q1("SELECT count(*) FROM cases WHERE submitted_day = ?",
                        day_of("2026-11-20"))
        self.assertEqual(r.json["received"], n)
        for q in ("date=2026-11-24", "date=yesterday"):
            self.assertError(self.srv.get("/api/v1/public/daily?" + q), 400)


if __name__ == "__main__":
    ghtest.main()
