"""The govhall command: help, version, argument errors, init, demo,
catalogue import and export, calendar import, audit verification and
schema migrations."""
import glob
import json
import datetime
import os
import sqlite3
import unittest

import ghtest
from ghtest import run_cli, TempDir, make_demo

CALENDAR = os.path.join(ghtest.SOURCE_DIR, "data", "cn-calendar-2025-2026.csv")
# the highest migration number (parts merged one at a time may leave a gap)
LATEST = max(int(os.path.basename(p)[:4]) for p in glob.glob(os.path.join(
    ghtest.SOURCE_DIR, "src", "store", "schema", "[0-9][0-9][0-9][0-9]_*.sql")))


def q1(db, sql, *args):
    con = ghtest.connect(db)
    try:
        row = con.execute(sql, args).fetchone()
        return row[0] if row else None
    finally:
        con.close()


class CliTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.demo = cls.tmp.file("demo.db")
        make_demo(cls.demo)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.close()

    def fresh(self, name):
        path = self.tmp.file(name)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        return path

    def write(self, name, text):
        path = self.tmp.file(name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_help_and_version(self):
        for flag in ("--help", "-h"):
            r = run_cli(flag)
            self.assertEqual(r.returncode, 0)
            self.assertIn("govhall serve", r.stdout)
        r = run_cli("--version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^govhall \d+\.\d+")

    def test_wrong_arguments_exit_2(self):
        db = self.tmp.file("none.db")
        for args in ((), ("frobnicate",), ("init",), ("init", db, "extra"),
                     ("serve",), ("serve", "--db"), ("demo", db, "--today",
                                                      "2026-02-30"),
                     ("export-items", self.demo, "--format", "xml"),
                     ("serve", "--db", db, "--threads", "1"),
                     ("import-items", db), ("init", db, "--bogus")):
            r = run_cli(*args)
            self.assertEqual(r.returncode, 2, (args, r.stderr))
            self.assertTrue(r.stderr.startswith("govhall: "), r.stderr)
            self.assertIn("用法", r.stderr)
            self.assertEqual(r.stdout, "")
        self.assertFalse(os.path.exists(db))

    def test_init_creates_admin_once(self):
        db = self.fresh("init.db")
        r = run_cli("init", db, "--admin-password", "s3cret-pw")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("admin", r.stdout)
        self.assertEqual(q1(db, "SELECT role FROM users WHERE username ="
                            " 'admin'"), 16)
        self.assertNotIn("s3cret-pw", q1(db, "SELECT pw_hash FROM users"))
        self.assertEqual(q1(db, "SELECT count(*) FROM regions"), 1)
        self.assertEqual(q1(db, "PRAGMA user_version"), LATEST)
        self.assertEqual(q1(db, "SELECT action FROM audit"), "centre.init")
        r = run_cli("init", db)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(q1(db, "SELECT count(*) FROM users"), 1)
        # a generated password when none is given
        db2 = self.fresh("init2.db")
        r = run_cli("init", db2)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"密码: \S{8,}")
        # the demo refuses a database that holds a centre
        r = run_cli("demo", db, "--today", ghtest.TODAY)
        self.assertEqual(r.returncode, 1)
        self.assertIn("已有数据", r.stderr)
        self.assertEqual(q1(db, "SELECT count(*) FROM items"), 0)

    def test_demo_refuses_non_empty(self):
        before = q1(self.demo, "SELECT count(*) FROM cases")
        r = run_cli("demo", self.demo, "--today", ghtest.TODAY)
        self.assertEqual(r.returncode, 1)
        self.assertTrue(r.stderr)
        self.assertEqual(q1(self.demo, "SELECT count(*) FROM cases"), before)

    def test_export_import_round_trip(self):
        db = self.fresh("rt.db")
        make_demo(db)
        for fmt in ("json", "csv"):
            r1 = run_cli("export-items", db, "--format", fmt)
            self.assertEqual(r1.returncode, 0, r1.stderr)
            path = self.write("items." + fmt, r1.stdout)
            r = run_cli("import-items", db, path)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("新增0项", r.stdout)
            self.assertIn("更新471项", r.stdout)
            r2 = run_cli("export-items", db, "--format", fmt)
            self.assertEqual(r2.stdout, r1.stdout, fmt)
        doc = json.loads(run_cli("export-items", db, "--format",
                                 "json").stdout)
        items = doc["items"] if isinstance(doc, dict) else doc
        self.assertEqual(len(items), 471)
        # a new item through JSON, then the same through CSV
        new = dict(items[0], code="450323-CLI-0001", name="命令行导入事项")
        path = self.write("one.json", json.dumps({"items": [new]},
                                                 ensure_ascii=False))
        r = run_cli("import-items", db, path)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("新增1项", r.stdout)
        got = [x for x in json.loads(run_cli("export-items", db, "--format",
                                             "json").stdout)["items"]
               if x["code"] == "450323-CLI-0001"][0]
        for k in ("name", "materials", "steps", "promised_limit_days",
                  "dept_code", "fees", "basis"):
            self.assertEqual(got[k], new[k], k)
        csv = run_cli("export-items", db).stdout
        lines = csv.split("\n")
        rec = [ln for ln in lines if ln.startswith("450323-CLI-0001,")][0]
        path = self.write("one.csv", lines[0] + "\n" + rec.replace(
            "450323-CLI-0001,", "450323-CLI-0002,") + "\n")
        r = run_cli("import-items", db, path)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(q1(db, "SELECT name FROM items WHERE code ="
                            " '450323-CLI-0002'"), "命令行导入事项")
        r = run_cli("verify-audit", db)
        self.assertEqual(r.returncode, 0, r.stdout)

    def test_bad_file_imports_nothing_and_names_line_and_field(self):
        db = self.fresh("bad.db")
        make_demo(db)
        csv = run_cli("export-items", db).stdout.split("\n")
        header, rec = csv[0], csv[1]
        fields = rec.split(",")
        good = rec.replace(fields[0] + ",", "450323-BAD-0001,", 1)
        bad = rec.replace(fields[0] + "," + fields[1] + ",",
                          "450323-BAD-0002,,", 1)
        path = self.write("bad.csv", "\n".join([header, good, bad]) + "\n")
        items, audit = (q1(db, "SELECT count(*) FROM items"),
                        q1(db, "SELECT count(*) FROM audit"))
        r = run_cli("import-items", db, path)
        self.assertEqual(r.returncode, 1)
        self.assertIn("第3行", r.stderr)
        self.assertIn("name", r.stderr)
        self.assertIn("未导入任何事项", r.stderr)
        self.assertEqual(q1(db, "SELECT count(*) FROM items"), items)
        self.assertEqual(q1(db, "SELECT count(*) FROM audit"), audit)
        path = self.write("bad.json", "{\"items\": [")
        r = run_cli("import-items", db, path)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(q1(db, "SELECT count(*) FROM items"), items)
        r = run_cli("import-items", db, self.tmp.file("missing.csv"))
        self.assertEqual(r.returncode, 1)

    def test_import_calendar(self):
        db = self.fresh("cal.db")
        self.assertEqual(run_cli("init", db).returncode, 0)
        r = run_cli("import-calendar", db, CALENDAR)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(CALENDAR, encoding="utf-8") as f:
            rows = [ln for ln in f.read().splitlines()[1:] if ln.strip()]
        self.assertEqual(q1(db, "SELECT count(*) FROM calendar_days"),
                         len(rows))
        day = (datetime.date(2026, 10, 10) - datetime.date(1970, 1, 1)).days
        self.assertEqual(q1(db, "SELECT kind FROM calendar_days WHERE day ="
                            " ?", day), 2)
        # importing twice changes nothing
        self.assertEqual(run_cli("import-calendar", db, CALENDAR).returncode, 0)
        self.assertEqual(q1(db, "SELECT count(*) FROM calendar_days"),
                         len(rows))
        for text, where in (("date,kind\n", "表头"),
                            ("date,kind,name\n2026-02-30,holiday,x\n", "第2行"),
                            ("date,kind,name\n2026-03-02,party,x\n", "kind")):
            path = self.write("cal.csv", text)
            r = run_cli("import-calendar", db, path)
            self.assertEqual(r.returncode, 1, text)
            self.assertIn(where, r.stderr)
        self.assertEqual(q1(db, "SELECT count(*) FROM calendar_days"),
                         len(rows))
        self.assertEqual(run_cli("verify-audit", db).returncode, 0)

    def test_verify_audit(self):
        r = run_cli("verify-audit", self.demo)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("审计记录完整", r.stdout)

    def test_newer_schema_is_refused(self):
        db = self.fresh("newer.db")
        make_demo(db)
        con = ghtest.connect(db)
        con.execute("PRAGMA user_version = 999")
        con.commit()
        con.close()
        for args in (("verify-audit", db), ("export-items", db),
                     ("serve", "--db", db, "--listen", "127.0.0.1:1")):
            r = run_cli(*args, timeout=30)
            self.assertEqual(r.returncode, 1, args)
            self.assertIn(ghtest.db_target(db), r.stderr)
        self.assertEqual(q1(db, "PRAGMA user_version"), 999)

    @ghtest.sqlite_only("a file whose schema version is 0 but whose tables"
                        " exist is SQLite's upgrade path (user_version)")
    def test_older_database_is_upgraded(self):
        db = self.fresh("old.db")
        con = ghtest.connect(db)
        con.execute("PRAGMA user_version = 0")
        con.commit()
        con.close()
        r = run_cli("verify-audit", db)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(q1(db, "PRAGMA user_version"), LATEST)
        for t in ("cases", "items", "audit", "calendar_days", "sessions"):
            self.assertEqual(q1(db, "SELECT count(*) FROM sqlite_master"
                                " WHERE type = 'table' AND name = ?", t), 1, t)
        self.assertEqual(run_cli("init", db).returncode, 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
