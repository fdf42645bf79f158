"""The audit trail: every write appends a record (actor, role, action,
before and after); records cannot be changed through SQL triggers; the hash
chain detects a record altered behind govhall's back."""
import json
import sqlite3

import ghtest
from ghtest import ServerTest

ITEM = "450323-SCJG-0001"


class AuditTests(ServerTest):

    def last_audit(self):
        return self.srv.q("SELECT * FROM audit ORDER BY id DESC LIMIT 1")[0]

    def test_every_write_adds_one_record(self):
        ids = {u: self.srv.q1("SELECT id FROM users WHERE username = ?", u)
               for u in ("admin", "clerk", "applicant")}
        n = self.srv.q1("SELECT count(*) FROM audit")
        r = self.srv.post("/api/v1/cases", {"item_code": ITEM, "materials":
                                            ghtest.MAIN_MATERIALS},
                          token="applicant")
        self.assertStatus(r, 201)
        cid = r.json["id"]
        a = self.last_audit()
        self.assertEqual((a["actor_id"], a["role"], a["action"],
                          a["object_type"], a["object_id"]),
                         (ids["applicant"], 1, "case.apply", "case", str(cid)))
        self.assertEqual(a["actor_name"], "王小明")
        self.assertIsNone(json.loads(a["before"]))
        self.assertEqual(json.loads(a["after"])["state"], "submitted")
        r = self.srv.act(cid, "accept", "clerk")
        self.assertStatus(r, 200)
        a = self.last_audit()
        self.assertEqual((a["actor_id"], a["role"], a["action"]),
                         (ids["clerk"], 2, "case.action"))
        self.assertEqual(json.loads(a["before"])["state"], "submitted")
        after = json.loads(a["after"])
        self.assertEqual((after["state"], after["action"]),
                         ("accepted", "accept"))
        self.assertEqual(after["deadline"], r.json["deadline"])
        r = self.srv.put("/api/v1/calendar/2027-03-03",
                         {"kind": "holiday", "name": "审计测试"}, token="admin")
        self.assertStatus(r, 200)
        a = self.last_audit()
        self.assertEqual((a["actor_id"], a["role"], a["action"]),
                         (ids["admin"], 16, "calendar.change"))
        self.srv.login("supervisor")
        a = self.last_audit()
        self.assertEqual(a["action"], "session.create")
        self.assertEqual(self.srv.q1("SELECT count(*) FROM audit"), n + 4)
        # reads write nothing
        for path in ("/api/v1/items", "/api/v1/cases/%d" % cid,
                     "/api/v1/audit", "/api/v1/audit/verify"):
            self.srv.get(path, token="admin")
        self.assertEqual(self.srv.q1("SELECT count(*) FROM audit"), n + 4)

    def test_audit_list(self):
        r = self.srv.get("/api/v1/audit?per_page=5", token="admin")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["total"], self.srv.q1(
            "SELECT count(*) FROM audit"))
        self.assertEqual(len(r.json["data"]), 5)
        ids = [x["id"] for x in r.json["data"]]
        self.assertEqual(ids, sorted(ids, reverse=True))
        r = self.srv.get("/api/v1/audit?object_type=item", token="supervisor")
        self.assertStatus(r, 200)
        for x in r.json["data"]:
            self.assertEqual(x["object_type"], "item")
        for who in ("clerk", "applicant", "reviewer"):
            self.assertError(self.srv.get("/api/v1/audit", token=who), 403)
            self.assertError(self.srv.get("/api/v1/audit/verify", token=who),
                             403)
        self.assertError(self.srv.get("/api/v1/audit"), 401)

    def test_triggers_refuse_update_and_delete(self):
        con = ghtest.connect(self.srv.db)
        try:
            with self.assertRaises(ghtest.DatabaseError):
                con.execute("UPDATE audit SET actor_name = 'x' WHERE id = 1")
            with self.assertRaises(ghtest.DatabaseError):
                con.execute("DELETE FROM audit WHERE id = 1")
            con.rollback()
        finally:
            con.close()
        r = self.srv.get("/api/v1/audit/verify", token="supervisor")
        self.assertStatus(r, 200)
        self.assertTrue(r.json["intact"])
        self.assertEqual(r.json["records"], self.srv.q1(
            "SELECT count(*) FROM audit"))
        self.assertIsNone(r.json["first_bad_id"])


class TamperTests(ServerTest):
    """Alters a record around govhall and expects verify to notice."""
    logins = ("admin",)

    def test_verify_detects_tampering(self):
        r = ghtest.run_cli("verify-audit", self.srv.db)
        self.assertEqual(r.returncode, 0, r.stderr)
        victim = self.srv.q1("SELECT id FROM audit WHERE action = 'case.action'"
                             " ORDER BY id LIMIT 1 OFFSET 3")
        con = ghtest.connect(self.srv.db)
        con.execute("DROP TRIGGER audit_no_update")
        con.execute("UPDATE audit SET after = replace(after, 'completed',"
                    " 'rejected') WHERE id = ?", (victim,))
        con.commit()
        con.close()
        r = ghtest.run_cli("verify-audit", self.srv.db)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn(str(victim), r.stdout)
        r = self.srv.get("/api/v1/audit/verify", token="admin")
        self.assertStatus(r, 200)
        self.assertFalse(r.json["intact"])
        self.assertEqual(r.json["first_bad_id"], victim)


if __name__ == "__main__":
    ghtest.main()
