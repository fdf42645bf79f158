"""The green channel (绿色通道, issue 11 section 6): an administrator puts an
item in it with a shorter promised limit, or lists a key project's
applicant (重点项目, by ID number or credit code) with a share of the
promised limit; a new case of either gets its priority, its reason and the
shorter limit at submission, its deadline counted by the working-day
calendar (checked here against the region's calendar read from the
database), and comes first in the desks' worklists while it is open.
An expired or deactivated entry gives a normal case.  Every bad input and
every other role is refused with nothing written."""
import json

import ghtest
from ghtest import Server, ServerTest
from test_cases import CaseHelpers, ITEM, ITEM_MATERIALS, WALK_IN
from test_stats import Calendar, day_of

CHIEF = "s001"                   # 首席代表 of 市场监管局, ITEM's department
INSTANT = "450323-SCJG-0004"     # 即办件: promised 0 days
COMPANY = "91350100M000100Y43"   # a valid 统一社会信用代码 of no account
GREEN = "/api/v1/items/%s/green-channel"
KEYS = "/api/v1/key-applicants"
BASIS = "县政府办〔2026〕12号"
LIST = "县委县政府2026年重点项目清单"


class GreenTests(CaseHelpers, ServerTest):
    logins = ServerTest.logins + (CHIEF,)

    # ---- helpers ---------------------------------------------------------

    def counts(self):
        n = self.srv.counts()
        for t in ("item_green", "key_applicants"):
            n[t] = self.srv.q1("SELECT count(*) FROM %s" % t)
        n["key_applicants_state"] = self.srv.q1(
            "SELECT coalesce(sum(active * 1000 + coalesce(limit_ratio_pct, 0)"
            " + coalesce(valid_until, 0)), 0) FROM key_applicants")
        n["item_green_state"] = self.srv.q1(
            "SELECT coalesce(sum(limit_days), 0) FROM item_green")
        return n

    def refused(self, method, path, status, who="admin", body=None,
                field=None):
        before = self.counts()
        r = self.srv.request(method, path, body=body, token=who)
        self.assertError(r, status)
        if field:
            self.assertEqual(r.json["error"].get("field"), field, r.json)
        self.assertEqual(self.counts(), before, "%s %s wrote" % (method, path))
        return r

    def set_green(self, code, days, basis=BASIS):
        r = self.srv.put(GREEN % code, {"limit_days": days, "basis": basis},
                         token="admin")
        self.assertStatus(r, 200)
        return r.json

    def clear_green(self, code):
        if self.srv.q1("SELECT count(*) FROM item_green g JOIN items i ON"
                       " i.id = g.item_id WHERE i.code = ?", code):
            self.assertStatus(self.srv.delete(GREEN % code, token="admin"),
                              200)

    def add_key(self, id_number, **kw):
        body = {"id_number": id_number, "name": kw.pop("name", "王小明"),
                "project": kw.pop("project", "城南产业园"),
                "basis": kw.pop("basis", LIST)}
        body.update(kw)
        r = self.srv.post(KEYS, body, token="admin")
        self.assertStatus(r, 201)
        return r.json

    def applicant_number(self):
        return self.srv.q1("SELECT id_number FROM users WHERE"
                           " username = 'applicant'")

    def drop_keys(self):
        """Between tests: the list starts empty again (the API only
        deactivates, and a number is listed once)."""
        self.srv.exec("DELETE FROM key_applicants")

    def promised(self, code=ITEM):
        return self.srv.q1("SELECT promised_limit_days FROM items WHERE"
                           " code = ?", code)

    def tearDown(self):
        self.clear_green(ITEM)
        self.drop_keys()

    # ---- the item's green limit -------------------------------------------

    def test_green_item_case_gets_shorter_limit_and_working_day_deadline(self):
        promised = self.promised()
        self.assertGreater(promised, 3)
        before = self.counts()
        g = self.set_green(ITEM, 3)
        self.assertEqual((g["enabled"], g["limit_days"],
                          g["effective_limit_days"], g["basis"],
                          g["promised_limit_days"]),
                         (True, 3, 3, BASIS, promised))
        self.assertEqual(self.counts()["item_green"],
                         before["item_green"] + 1)
        audit = self.srv.q("SELECT actor_name, after FROM audit WHERE"
                           " action = 'item.green_channel' AND"
                           " object_id = ? ORDER BY id DESC LIMIT 1", ITEM)
        self.assertEqual(json.loads(audit[0]["after"])["limit_days"], 3)
        self.assertEqual(self.srv.get(GREEN % ITEM, token="admin").json, g)

        # the public guide and catalogue say so
        guide = self.srv.get("/api/v1/items/%s/guide" % ITEM).json
        self.assertEqual(guide["green_channel"],
                         {"limit_days": 3, "basis": BASIS})
        row = [i for i in self.srv.get("/api/v1/items?q=%s" % ITEM).json[
            "data"] if i["code"] == ITEM][0]
        self.assertEqual(row["green_limit_days"], 3)
        other = self.srv.get("/api/v1/items/450323-SCJG-0002/guide").json
        self.assertIsNone(other["green_channel"])

        # a new case: priority, reason and the shorter limit
        c = self.apply()
        self.assertEqual(c["priority"]["level"], "green_item")
        self.assertIn(BASIS, c["priority"]["reason"])
        self.assertIn("缩短为3个工作日", c["priority"]["reason"])
        self.assertEqual(c["limit_days"], 3)
        db = self.db_case(c["id"])
        self.assertEqual((db["priority"], db["limit_days"]), (1, 3))
        self.assertIn("绿色通道", self.events(c["id"])[0]["note"])
        # the public progress query shows the level, not the reason
        p = self.srv.get("/api/v1/progress/" + c["query_code"]).json
        self.assertEqual(p["priority"]["level"], "green_item")
        self.assertNotIn("reason", p["priority"])

        # accepted: the deadline is the 3rd working day after acceptance
        c = self.act_ok(c, "accept", "clerk")
        db = self.db_case(c["id"])
        cal = Calendar(self.srv, db["region_id"])
        self.assertEqual(db["deadline_day"], cal.add(db["accepted_day"], 3))
        self.assertEqual(day_of(c["deadline"]), db["deadline_day"])
        self.assertEqual(c["clock"]["limit_days"], 3)
        # the review steps are due by the case's deadline (审核 alone has
        # 9 working days)
        c = self.act_ok(c, "start_review", "clerk")
        due = self.srv.q1("SELECT due_day FROM case_steps WHERE case_id = ?"
                          " AND idx = ?", c["id"], c["step_index"])
        self.assertEqual(due, db["deadline_day"])

        # out of the channel: new cases are normal, the old one keeps it
        self.assertStatus(self.srv.delete(GREEN % ITEM, token="admin"), 200)
        self.assertFalse(self.srv.get(GREEN % ITEM, token="admin")
                         .json["enabled"])
        n = self.apply()
        self.assertEqual((n["priority"]["level"], n["limit_days"]),
                         ("normal", promised))
        self.assertEqual(n["priority"]["reason"], "")
        self.assertEqual(self.db_case(c["id"])["priority"], 1)
        self.assertEqual(self.db_case(c["id"])["limit_days"], 3)
        self.assertIsNone(self.srv.get("/api/v1/items/%s/guide" % ITEM)
                          .json["green_channel"])

    def put_promised(self, days, step_days):
        """Changes ITEM's promised limit and its steps' limits (their sum
        may not exceed it) as the item editor does."""
        it = self.srv.get("/api/v1/items/" + ITEM).json
        for k in ("type_label", "level_label", "dept_name", "dept_id"):
            it.pop(k, None)
        for m in it["materials"]:
            m.pop("form_label", None)
        for st in it["steps"]:
            st.pop("role_label", None)
        for f in it["fees"]:
            f.pop("amount_yuan", None)
        for sec in (it.get("form") or {}).get("sections", []):
            for f in sec["fields"]:
                f.pop("type_label", None)
        it["promised_limit_days"] = days
        for st, d in zip(it["steps"], step_days):
            st["limit_days"] = d
        self.assertStatus(self.srv.put("/api/v1/items/" + ITEM, it,
                                       token="admin"), 200)

    def test_green_limit_never_above_a_lowered_promised_limit(self):
        promised = self.promised()
        steps = [r["limit_days"] for r in self.srv.q(
            "SELECT s.limit_days FROM item_steps s JOIN items i ON"
            " i.id = s.item_id WHERE i.code = ? ORDER BY s.idx", ITEM)]
        self.set_green(ITEM, 5)
        self.put_promised(4, [1, 1, 1, 0])
        try:
            g = self.srv.get(GREEN % ITEM, token="admin").json
            self.assertEqual((g["limit_days"], g["effective_limit_days"]),
                             (5, 4))
            self.assertEqual(self.srv.get("/api/v1/items/%s/guide" % ITEM)
                             .json["green_channel"]["limit_days"], 4)
            c = self.apply()
            self.assertEqual((c["priority"]["level"], c["limit_days"]),
                             ("green_item", 4))
            self.assertIn("优先办理", c["priority"]["reason"])
            # a new green limit is checked against the lowered one
            self.refused("PUT", GREEN % ITEM, 422, body={
                "limit_days": 5, "basis": BASIS}, field="limit_days")
        finally:
            self.put_promised(promised, steps)

    # ---- key projects' applicants -------------------------------------------

    def test_key_applicant_with_share_gets_its_share_of_the_limit(self):
        promised = self.promised()
        number = self.applicant_number()
        k = self.add_key(number, limit_ratio_pct=50,
                         valid_until="2026-12-31")
        self.assertEqual(k["id_number"], number[:6] + "*" * 8 + number[-4:])
        self.assertEqual((k["kind"], k["status"], k["limit_ratio_pct"],
                          k["valid_until"], k["active"]),
                         ("person", "valid", 50, "2026-12-31", True))
        self.assertEqual(self.srv.q1("SELECT id_number FROM key_applicants"
                                     " WHERE id = ?", k["id"]), number)
        listed = self.srv.get(KEYS, token="admin").json
        self.assertTrue(listed["data"])
        for row in listed["data"]:
            if row["kind"] == "person":
                self.assertIn("********", row["id_number"])
        audit = self.srv.q1("SELECT after FROM audit WHERE action ="
                            " 'key_applicant.add' AND object_id = ?",
                            str(k["id"]))
        self.assertNotIn(number, audit)

        c = self.apply()
        want = -(-promised * 50 // 100)
        self.assertEqual(c["priority"]["level"], "key_applicant")
        self.assertEqual(c["limit_days"], want)
        self.assertIn("城南产业园", c["priority"]["reason"])
        self.assertIn(LIST, c["priority"]["reason"])
        c = self.act_ok(c, "accept", "clerk")
        db = self.db_case(c["id"])
        self.assertEqual(db["priority"], 2)
        cal = Calendar(self.srv, db["region_id"])
        self.assertEqual(db["deadline_day"], cal.add(db["accepted_day"],
                                                     want))

        # with a green item too: the shorter of both, the key's priority
        self.set_green(ITEM, 2)
        c = self.apply()
        self.assertEqual((c["priority"]["level"], c["limit_days"]),
                         ("key_applicant", min(2, want)))
        self.assertIn("绿色通道事项", c["priority"]["reason"])

    def test_company_matched_by_credit_code_without_a_share(self):
        k = self.add_key(COMPANY, name="灵川县城南建设有限公司")
        self.assertEqual((k["id_number"], k["kind"], k["limit_ratio_pct"],
                          k["valid_until"]), (COMPANY, "company", None, None))
        c = self.apply(who="clerk", applicant={
            "name": "灵川县城南建设有限公司", "id_number": COMPANY,
            "kind": "company", "phone": "13900001111"})
        self.assertEqual((c["priority"]["level"], c["limit_days"]),
                         ("key_applicant", self.promised()))
        self.assertIn("优先办理", c["priority"]["reason"])
        # a walk-in person with another number is normal
        c = self.apply(who="clerk", applicant=WALK_IN)
        self.assertEqual(c["priority"]["level"], "normal")

    def test_expired_or_deactivated_entries_give_normal_cases(self):
        promised = self.promised()
        number = self.applicant_number()
        k = self.add_key(number, limit_ratio_pct=50,
                         valid_until="2026-12-31")
        # a second server of the same centre on a day after the entry's
        # last one: the applicant's case there is normal
        later = Server(self.srv.db, today="2027-01-04").start()
        try:
            later.login("applicant")
            r = later.post("/api/v1/cases", {
                "item_code": ITEM, "materials": ITEM_MATERIALS[:5]},
                token="applicant")
            self.assertStatus(r, 201)
            self.assertEqual((r.json["priority"]["level"],
                              r.json["limit_days"]), ("normal", promised))
            later.login("admin")
            self.assertEqual(later.get(KEYS, token="admin").json["data"][0]
                             ["status"], "expired")
        finally:
            later.stop()
        # today it still counts
        self.assertEqual(self.apply()["priority"]["level"], "key_applicant")

        # deactivated: kept, off the list, and the next case is normal
        r = self.srv.delete("%s/%d" % (KEYS, k["id"]), token="admin")
        self.assertStatus(r, 200)
        self.assertEqual((r.json["active"], r.json["status"]),
                         (False, "inactive"))
        self.assertEqual(self.srv.q1("SELECT active FROM key_applicants"
                                     " WHERE id = ?", k["id"]), 0)
        self.assertTrue(self.srv.q1("SELECT count(*) FROM audit WHERE action"
                                    " = 'key_applicant.deactivate' AND"
                                    " object_id = ?", str(k["id"])))
        self.assertNotIn(k["id"], [x["id"] for x in self.srv.get(
            KEYS, token="admin").json["data"]])
        self.assertIn(k["id"], [x["id"] for x in self.srv.get(
            KEYS + "?all=1", token="admin").json["data"]])
        c = self.apply()
        self.assertEqual((c["priority"]["level"], c["limit_days"]),
                         ("normal", promised))
        # removing it twice is refused; adding the number again points to
        # the entry, which can be turned back on
        self.refused("DELETE", "%s/%d" % (KEYS, k["id"]), 409)
        r = self.refused("POST", KEYS, 409, body={
            "id_number": number, "name": "王小明", "project": "城南产业园",
            "basis": LIST}, field="id_number")
        self.assertEqual(r.json["error"]["id"], k["id"])
        r = self.srv.put("%s/%d" % (KEYS, k["id"]), {
            "name": "王小明", "project": "城南产业园(二期)", "basis": LIST,
            "limit_ratio_pct": 40, "active": True}, token="admin")
        self.assertStatus(r, 200)
        self.assertEqual((r.json["status"], r.json["project"],
                          r.json["limit_ratio_pct"], r.json["valid_until"]),
                         ("valid", "城南产业园(二期)", 40, None))
        c = self.apply()
        self.assertEqual(c["limit_days"], -(-promised * 40 // 100))

    # ---- worklists ------------------------------------------------------------

    def test_worklists_put_open_priority_cases_first(self):
        normal_old = self.apply()
        self.set_green(ITEM, 4)
        green = self.apply()
        self.clear_green(ITEM)
        normal_new = self.apply()
        self.assertGreater(normal_new["id"], green["id"])

        def order_ok(who, query):
            r = self.srv.get("/api/v1/cases?per_page=200" + query, token=who)
            self.assertStatus(r, 200)
            ids = [c["id"] for c in r.json["data"]]
            rows = {row["id"]: row for row in self.srv.q(
                "SELECT id, priority, finished_day FROM cases")}

            def key(i):
                open_prio = (rows[i]["priority"]
                             if rows[i]["finished_day"] is None else 0)
                return (-open_prio, -i)
            self.assertEqual(ids, sorted(ids, key=key), query)
            return ids

        for who, query in (("clerk", "&state=submitted"), ("clerk", ""),
                           ("admin", "&state=open"), ("applicant", "")):
            ids = order_ok(who, query)
            self.assertLess(ids.index(green["id"]), ids.index(normal_new["id"]))
            self.assertLess(ids.index(normal_new["id"]),
                            ids.index(normal_old["id"]))
        # the desk's rows carry the tag's data
        r = self.srv.get("/api/v1/cases?state=submitted", token="clerk")
        first = r.json["data"][0]
        self.assertNotEqual(first["priority"]["level"], "normal")
        self.assertTrue(first["priority"]["reason"])

        # once finished, a green case no longer claims the top
        done = self.act_ok(green, "withdraw", "applicant")
        self.assertTrue(done["finished_day"])
        ids = order_ok("applicant", "")
        self.assertLess(ids.index(normal_new["id"]), ids.index(green["id"]))

    # ---- refusals ---------------------------------------------------------------

    def test_item_green_refusals_write_nothing(self):
        promised = self.promised()
        path = GREEN % ITEM
        for body, status, field in (
                ({"basis": BASIS}, 422, "limit_days"),
                ({"limit_days": 0, "basis": BASIS}, 422, "limit_days"),
                ({"limit_days": -2, "basis": BASIS}, 422, "limit_days"),
                ({"limit_days": promised + 1, "basis": BASIS}, 422,
                 "limit_days"),
                ({"limit_days": "五", "basis": BASIS}, 400, "limit_days"),
                ({"limit_days": 2.5, "basis": BASIS}, 400, "limit_days"),
                ({"limit_days": 3}, 422, "basis"),
                ({"limit_days": 3, "basis": " \u3000"}, 422, "basis"),
                ({"limit_days": 3, "basis": "依" * 101}, 422, "basis"),
                ({"limit_days": 3, "basis": "第一行\n第二行"}, 422, "basis"),
                ({"limit_days": 3, "basis": 12}, 400, "basis")):
            self.refused("PUT", path, status, body=body, field=field)
        self.refused("PUT", GREEN % INSTANT, 422, body={
            "limit_days": 1, "basis": BASIS}, field="limit_days")
        self.refused("PUT", GREEN % "450323-NOPE-0001", 404, body={
            "limit_days": 1, "basis": BASIS})
        self.refused("DELETE", path, 404)
        self.refused("GET", GREEN % "450323-NOPE-0001", 404)
        r = self.srv.request("PUT", path, raw=b'{"limit_days": ', token="admin")
        self.assertError(r, 400)
        for who in ("clerk", "reviewer", CHIEF, "supervisor", "applicant"):
            self.refused("PUT", path, 403, who=who, body={
                "limit_days": 3, "basis": BASIS})
            self.refused("GET", path, 403, who=who)
            self.refused("GET", "/api/v1/green-channel/items", 403, who=who)
        self.refused("PUT", path, 401, who=None, body={
            "limit_days": 3, "basis": BASIS})
        # and once it is in, a refused change keeps it as it was
        self.set_green(ITEM, 3)
        self.refused("PUT", path, 422, body={"limit_days": promised + 5,
                                             "basis": BASIS},
                     field="limit_days")
        self.refused("DELETE", path, 403, who="supervisor")
        self.assertEqual(self.srv.get(GREEN % ITEM, token="admin")
                         .json["limit_days"], 3)
        items = self.srv.get("/api/v1/green-channel/items", token="admin")
        self.assertEqual([(i["code"], i["limit_days"])
                          for i in items.json["data"]], [(ITEM, 3)])

    def test_key_applicant_refusals_write_nothing(self):
        ok = {"id_number": COMPANY, "name": "灵川县城南建设有限公司",
              "project": "城南产业园", "basis": LIST}

        def with_(**kw):
            b = dict(ok)
            for k, v in kw.items():
                if v is None:
                    b.pop(k)
                else:
                    b[k] = v
            return b
        for body, status, field in (
                (with_(id_number=None), 422, "id_number"),
                (with_(id_number="123"), 422, "id_number"),
                (with_(id_number="11010519491231002x"), 422, "id_number"),
                (with_(id_number="91350100M000100Y44"), 422, "id_number"),
                (with_(id_number=91350100), 400, "id_number"),
                (with_(name=None), 422, "name"),
                (with_(name=" "), 422, "name"),
                (with_(project=None), 422, "project"),
                (with_(project="项" * 61), 422, "project"),
                (with_(basis=None), 422, "basis"),
                (with_(limit_ratio_pct=0), 422, "limit_ratio_pct"),
                (with_(limit_ratio_pct=101), 422, "limit_ratio_pct"),
                (with_(limit_ratio_pct="一半"), 400, "limit_ratio_pct"),
                (with_(valid_until="2026-13-01"), 422, "valid_until"),
                (with_(valid_until="2026-11-22"), 422, "valid_until"),
                (with_(valid_until=20261231), 400, "valid_until"),
                (with_(active="yes"), 400, "active")):
            self.refused("POST", KEYS, status, body=body, field=field)
        for who in ("clerk", "reviewer", CHIEF, "supervisor", "applicant"):
            self.refused("POST", KEYS, 403, who=who, body=ok)
            self.refused("GET", KEYS, 403, who=who)
        self.refused("POST", KEYS, 401, who=None, body=ok)

        k = self.add_key(COMPANY, name=ok["name"])
        path = "%s/%d" % (KEYS, k["id"])
        self.refused("POST", KEYS, 409, body=ok, field="id_number")
        self.refused("PUT", path, 422, body=with_(id_number=
                     "91450323MA5L00004Y"), field="id_number")
        self.refused("PUT", path, 422, body=with_(limit_ratio_pct=0),
                     field="limit_ratio_pct")
        self.refused("PUT", path, 422, body=with_(project=""),
                     field="project")
        self.refused("PUT", path, 422, body=with_(valid_until="2020-01-01"),
                     field="valid_until")
        self.refused("PUT", "%s/%d" % (KEYS, k["id"] + 1000), 404, body=ok)
        self.refused("DELETE", "%s/%d" % (KEYS, k["id"] + 1000), 404)
        self.refused("DELETE", KEYS + "/abc", 404)
        for who in ("clerk", "supervisor", "applicant"):
            self.refused("PUT", path, 403, who=who, body=ok)
            self.refused("DELETE", path, 403, who=who)
        # the entry is as it was added
        row = self.srv.q("SELECT project, active, limit_ratio_pct FROM"
                         " key_applicants WHERE id = ?", k["id"])[0]
        self.assertEqual((row["project"], row["active"],
                          row["limit_ratio_pct"]), ("城南产业园", 1, None))


if __name__ == "__main__":
    ghtest.main()
