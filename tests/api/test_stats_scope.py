"""A chief representative (首席代表) sees the statistics of their own
department only, as with cards; supervisors and administrators see the
whole centre (issue 8, point 13)."""
import ghtest
from ghtest import ServerTest

PERIOD = "from=2026-01-01&to=2026-11-23"


class StatsScopeTests(ServerTest):

    def chief(self, dept_id):
        name = self.srv.q1("SELECT username FROM users WHERE role = 4 AND"
                           " dept_id = ? AND active = 1 ORDER BY id", dept_id)
        self.assertIsNotNone(name)
        self.srv.login(name)
        return name

    def test_a_chief_sees_only_the_own_department(self):
        chief = self.chief(3)
        centre = self.srv.get("/api/v1/stats?%s&group=department" % PERIOD,
                              token="supervisor").json
        self.assertGreater(len(centre["groups"]), 5)
        self.assertIsNone(centre["dept_id"])
        own = [g for g in centre["groups"] if g["id"] == 3][0]
        for group in ("department", "window", "clerk", "region", "level",
                      ""):
            r = self.srv.get("/api/v1/stats?%s&group=%s" % (PERIOD, group),
                             token=chief)
            self.assertStatus(r, 200)
            self.assertEqual(r.json["dept_id"], 3)
            # the total is the department's row of the centre's answer
            for k in ("received", "accepted", "completed", "on_time",
                      "late", "withdrawn", "overdue_open"):
                self.assertEqual(r.json["total"][k], own[k], (group, k))
            if group == "department":
                self.assertEqual([g["id"] for g in r.json["groups"]], [3])
            # window and clerk groups hold only this department's cases
            if group in ("window", "clerk"):
                self.assertEqual(sum(g["received"] for g in r.json["groups"]),
                                 own["received"])
        items = self.srv.q1("SELECT count(*) FROM items WHERE dept_id = 3"
                            " AND retired = 0")
        self.assertEqual(r.json["items_total"], items)
        # the CSV export is scoped the same way
        r = self.srv.get("/api/v1/stats?%s&group=department&format=csv"
                         % PERIOD, token=chief)
        self.assertStatus(r, 200)
        names = self.srv.q1("SELECT count(*) FROM departments")
        self.assertLess(r.text.count("\n"), 5, names)

    def test_supervisors_and_admins_keep_the_centre(self):
        a = self.srv.get("/api/v1/stats?%s" % PERIOD, token="admin").json
        s = self.srv.get("/api/v1/stats?%s" % PERIOD, token="supervisor").json
        self.assertEqual(a["total"], s["total"])
        total = self.srv.q1("SELECT count(*) FROM cases WHERE submitted_day"
                            " BETWEEN ? AND ?", 20454, 20780)
        self.assertEqual(s["total"]["received"], total)


if __name__ == "__main__":
    ghtest.main()
