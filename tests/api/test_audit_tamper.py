"""The audit that survives tampering (issue 8, point 3): each tampering of
the issue, done with sqlite3 directly on a demo copy by someone who owns the
file (so the triggers are dropped first), makes `govhall verify-audit` fail
with a Chinese message naming the record; an untouched demo passes.  Also:
the key file outside the database, the public checkpoints, and the client
address stored in each record (point 10)."""
import hashlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import time
import unittest

import ghtest
from ghtest import ServerTest, TempDir, make_demo, run_cli


def unkeyed_hash(prev, r):
    """The chain of govhall before issue 8: an unkeyed BLAKE2b, which a
    tamperer can recompute."""
    h = hashlib.blake2b(digest_size=32)
    for s in (prev, "%d|%d|%d" % (r["at"], r["actor_id"] or 0, r["role"]),
              r["actor_name"], r["action"], r["object_type"],
              r["object_id"], r["before"], r["after"]):
        h.update(s.encode() + b"\0")
    return h.hexdigest()


class Tamper(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.n = 0

    @classmethod
    def tearDownClass(cls):
        cls.tmp.close()

    def fresh(self):
        Tamper.n += 1
        db = self.tmp.file("t%d.db" % Tamper.n)
        make_demo(db)
        return db

    def tamper(self, db, *sql):
        con = ghtest.connect(db)
        con.row_factory = sqlite3.Row
        con.execute("DROP TRIGGER IF EXISTS audit_no_update")
        con.execute("DROP TRIGGER IF EXISTS audit_no_delete")
        for s in sql:
            if callable(s):
                s(con)
            else:
                con.execute(s)
        con.commit()
        con.close()

    def verify_fails(self, db, *wanted, args=()):
        r = run_cli("verify-audit", db, *args)
        ghtest.sanitizer_clean(self, r)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        for w in wanted:
            self.assertIn(w, r.stdout)
        return r.stdout

    def last_id(self, db):
        con = ghtest.connect(db)
        try:
            return con.execute("SELECT max(id) FROM audit").fetchone()[0]
        finally:
            con.close()

    def test_untouched_demo_passes(self):
        db = self.fresh()
        for args in ((), ("--deep",)):
            r = run_cli("verify-audit", db, *args)
            ghtest.sanitizer_clean(self, r)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertIn("审计记录完整", r.stdout)
            self.assertIn("已签名检查点", r.stdout)

    def test_delete_last_records(self):
        for k in (1, 10, 100):
            db = self.fresh()
            last = self.last_id(db)
            # the tamperer removes the table's checkpoints too: the file
            # beside the database still holds them
            self.tamper(db, "DELETE FROM audit WHERE id > %d" % (last - k),
                        "DELETE FROM audit_checkpoints")
            self.verify_fails(db, "审计记录被截断", "至第%d条" % last,
                              "只有%d条" % (last - k))

    def test_delete_all_records(self):
        db = self.fresh()
        keep = self.tmp.file("copy.checkpoints")
        shutil.copyfile(db + ".checkpoints", keep)
        self.tamper(db, "DELETE FROM audit")
        self.verify_fails(db, "审计记录被截断", "只有0条")
        # and with the checkpoint file emptied too, a copy someone kept
        # still contradicts the database
        self.tamper(db, "DELETE FROM audit_checkpoints")
        open(db + ".checkpoints", "w").close()
        self.verify_fails(db, "审计记录被截断", args=("--checkpoints", keep))

    def test_edit_and_recompute_the_old_chain(self):
        db = self.fresh()
        victim = self.last_id(db) - 50

        def rewrite(con):
            con.execute("UPDATE audit SET after = replace(after, 'accepted',"
                        " 'rejected') WHERE id = ?", (victim,))
            prev = con.execute("SELECT hash FROM audit WHERE id = ?",
                               (victim - 1,)).fetchone()[0]
            for r in con.execute("SELECT * FROM audit WHERE id >= ? ORDER BY"
                                 " id", (victim,)).fetchall():
                h = unkeyed_hash(prev, r)
                con.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE"
                            " id = ?", (prev, h, r["id"]))
                prev = h
        self.tamper(db, rewrite)
        out = self.verify_fails(db, "第%d条审计记录的校验码不符" % victim,
                                "记录被改写")
        self.assertIn("与已签名检查点不符", out)

    def test_swap_records(self):
        db = self.fresh()
        a = self.last_id(db) - 200
        cols = ("at, actor_id, actor_name, role, action, object_type,"
                " object_id, before, after, prev_hash, hash, addr")

        def swap(con):
            ra = con.execute("SELECT %s FROM audit WHERE id = ?" % cols,
                             (a,)).fetchone()
            rb = con.execute("SELECT %s FROM audit WHERE id = ?" % cols,
                             (a + 1,)).fetchone()
            sets = ", ".join("%s = ?" % c.strip() for c in cols.split(","))
            con.execute("UPDATE audit SET %s WHERE id = ?" % sets,
                        tuple(rb) + (a,))
            con.execute("UPDATE audit SET %s WHERE id = ?" % sets,
                        tuple(ra) + (a + 1,))
        self.tamper(db, swap)
        self.verify_fails(db, "第%d条审计记录" % a, "第%d条审计记录" % (a + 1),
                          "调换")

    def test_forged_append(self):
        db = self.fresh()
        last = self.last_id(db)

        def forge(con):
            prev = con.execute("SELECT hash FROM audit WHERE id = ?",
                               (last,)).fetchone()[0]
            r = {"at": 1796000000, "actor_id": 1, "role": 16,
                 "actor_name": "中心管理员", "action": "case.action",
                 "object_type": "case", "object_id": "1", "before": "null",
                 "after": '{"state":"completed"}'}
            con.execute("INSERT INTO audit(id, at, actor_id, actor_name, role,"
                        " action, object_type, object_id, before, after,"
                        " prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        (last + 1, r["at"], r["actor_id"], r["actor_name"],
                         r["role"], r["action"], r["object_type"],
                         r["object_id"], r["before"], r["after"], prev,
                         unkeyed_hash(prev, r)))
        self.tamper(db, forge)
        self.verify_fails(db, "第%d条审计记录的校验码不符" % (last + 1),
                          "伪造")

    def test_forged_checkpoint_signature(self):
        db = self.fresh()
        with open(db + ".checkpoints") as f:
            lines = f.read().splitlines()
        cp = json.loads(lines[-1])
        cp["count"] -= 5
        cp["last_id"] -= 5
        with open(db + ".checkpoints", "a") as f:
            f.write(json.dumps(cp) + "\n")
        self.verify_fails(db, "签名无效")

    def test_direct_edit_of_a_case(self):
        db = self.fresh()
        con = ghtest.connect(db)
        cid = con.execute("SELECT id FROM cases WHERE state != (SELECT state"
                          " FROM cases WHERE id = 1) ORDER BY id LIMIT 1"
                          ).fetchone()[0]
        con.close()
        self.tamper(db, "UPDATE cases SET state = (SELECT state FROM cases"
                    " WHERE id = 1) WHERE id = %d" % cid)
        r = run_cli("verify-audit", db)
        self.assertEqual(r.returncode, 0, r.stdout)  # the chain is intact
        self.verify_fails(db, "办件%d的状态" % cid, "办件被直接改动",
                          args=("--deep",))

    def test_direct_edit_of_an_anomaly(self):
        db = self.fresh()
        con = ghtest.connect(db)
        aid = con.execute("SELECT id FROM anomalies WHERE status = 0 ORDER BY"
                          " id LIMIT 1").fetchone()[0]
        con.close()
        self.tamper(db, "UPDATE anomalies SET status = 2 WHERE id = %d" % aid)
        self.verify_fails(db, "异常%d的核查状态" % aid, args=("--deep",))

    def test_direct_edit_or_insert_of_a_sanction(self):
        db = self.fresh()
        con = ghtest.connect(db)
        row = con.execute("SELECT id FROM sanctions ORDER BY id LIMIT 1"
                          ).fetchone()
        dept = con.execute("SELECT id FROM departments LIMIT 1").fetchone()[0]
        con.close()
        if row:
            self.tamper(db, "UPDATE sanctions SET reason = reason || '(改)'"
                        " WHERE id = %d" % row[0])
            self.verify_fails(db, "处分%d" % row[0], args=("--deep",))
        db = self.fresh()
        self.tamper(db, "INSERT INTO sanctions(kind, target_dept_id, reason,"
                    " evidence, issued_at, issued_day) VALUES (1, %d, '伪造',"
                    " '{}', 1796000000, 20790)" % dept)
        self.verify_fails(db, "处分被直接写入或改动", args=("--deep",))


class Keys(unittest.TestCase):

    def setUp(self):
        self.tmp = TempDir()

    def tearDown(self):
        self.tmp.close()

    def tamper_key_id(self, db):
        con = ghtest.connect(db)
        con.execute("DELETE FROM settings WHERE key = 'audit.key_id'")
        con.commit()
        con.close()

    def test_init_creates_a_private_key_file(self):
        db = self.tmp.file("k.db")
        self.assertEqual(run_cli("init", db).returncode, 0)
        mode = stat.S_IMODE(os.stat(db + ".keys").st_mode)
        self.assertEqual(mode, 0o600)
        self.assertTrue(os.path.exists(db + ".checkpoints"))
        self.assertEqual(run_cli("verify-audit", db).returncode, 0)

    def test_missing_or_wrong_key_is_refused(self):
        db = self.tmp.file("m.db")
        make_demo(db)
        keys = db + ".keys"
        os.rename(keys, keys + ".away")
        for args in (("verify-audit", db), ("sweep", db),
                     ("serve", "--db", db, "--listen", "127.0.0.1:1")):
            r = run_cli(*args, timeout=30)
            self.assertEqual(r.returncode, 1, args)
            self.assertIn("审计密钥", r.stderr)
        other = self.tmp.file("o.db")
        self.assertEqual(run_cli("init", other).returncode, 0)
        r = run_cli("verify-audit", db, "--audit-keys", other + ".keys")
        self.assertEqual(r.returncode, 1)
        self.assertIn("密钥不符", r.stderr)
        # and a database stripped of its key id too: the checkpoints
        # beside it still say it had a key
        self.tamper_key_id(db)
        r = run_cli("verify-audit", db)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("审计密钥文件", r.stderr)
        # the right key elsewhere, by flag or environment
        r = run_cli("verify-audit", db, "--audit-keys", keys + ".away")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        env_r = subprocess.run([ghtest.BIN, "verify-audit",
                                ghtest.db_target(db)] + (
                                    ["--checkpoints", db + ".checkpoints"]
                                    if ghtest.PG else []),
                               capture_output=True, text=True, timeout=60,
                               env=dict(os.environ,
                                        GOVHALL_AUDIT_KEYS=keys + ".away"))
        self.assertEqual(env_r.returncode, 0, env_r.stdout + env_r.stderr)
        os.chmod(keys + ".away", 0o644)
        r = run_cli("verify-audit", db, "--audit-keys", keys + ".away")
        self.assertEqual(r.returncode, 1)
        self.assertIn("0600", r.stderr)

    def test_old_database_gets_keys_and_keeps_its_old_records(self):
        db = self.tmp.file("old.db")
        self.assertEqual(run_cli("init", db).returncode, 0)
        # an old centre: records chained the unkeyed way, no key file, no
        # key id in the database
        os.unlink(db + ".keys")
        os.unlink(db + ".checkpoints")
        con = ghtest.connect(db)
        con.row_factory = sqlite3.Row
        con.execute("DROP TRIGGER audit_no_update")
        prev = "genesis"
        for r in con.execute("SELECT * FROM audit ORDER BY id").fetchall():
            h = unkeyed_hash(prev, r)
            con.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?",
                        (prev, h, r["id"]))
            prev = h
        n = con.execute("SELECT count(*) FROM audit").fetchone()[0]
        con.execute("DELETE FROM settings WHERE key = 'audit.key_id'")
        con.execute("DELETE FROM audit_checkpoints")
        con.commit()
        con.close()
        r = run_cli("verify-audit", db)
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertIn("无审计密钥", r.stdout)
        r = run_cli("init", db)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("审计密钥", r.stdout)
        with open(db + ".keys") as f:
            self.assertIn("first-keyed-id %d" % (n + 1), f.read())
        r = run_cli("import-calendar", db, os.path.join(
            ghtest.SOURCE_DIR, "data", "cn-calendar-2025-2026.csv"))
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run_cli("verify-audit", db)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        # the keyed part is bound: recomputing it the old way is caught
        con = ghtest.connect(db)
        con.row_factory = sqlite3.Row
        con.execute("DROP TRIGGER IF EXISTS audit_no_update")
        last = con.execute("SELECT * FROM audit ORDER BY id DESC LIMIT 1"
                           ).fetchone()
        con.execute("UPDATE audit SET hash = ? WHERE id = ?",
                    (unkeyed_hash(last["prev_hash"], last), last["id"]))
        con.commit()
        con.close()
        r = run_cli("verify-audit", db)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("第%d条审计记录的校验码不符" % last["id"], r.stdout)


class ServerCheckpoints(unittest.TestCase):
    """The server signs the chain's head at intervals (every
    audit.checkpoint_records records, checked on its periodic tick) and
    when it stops, so that writes through the API are checkpointed."""

    def test_interval_and_stop(self):
        tmp = TempDir()
        try:
            db = tmp.file("s.db")
            make_demo(db)
            con = ghtest.connect(db)
            con.execute("INSERT INTO settings(key, value) VALUES"
                        " ('audit.checkpoint_records', '1') ON CONFLICT(key)"
                        " DO UPDATE SET value = excluded.value")
            con.commit()
            con.close()
            srv = ghtest.Server(db, extra=["--sweep-interval", "1"]).start()
            try:
                srv.login("admin")
                last = srv.q1("SELECT max(id) FROM audit")
                deadline = time.time() + 20 * ghtest.SLOW
                ids = []
                while time.time() < deadline:
                    with open(db + ".checkpoints") as f:
                        ids = [json.loads(x)["last_id"]
                               for x in f.read().splitlines()]
                    if ids and ids[-1] >= last:
                        break
                    time.sleep(0.2)
                self.assertGreaterEqual(ids[-1], last, ids)
                srv.login("supervisor")
            finally:
                self.assertEqual(srv.stop(), 0)
            con = ghtest.connect(db)
            last = con.execute("SELECT max(id) FROM audit").fetchone()[0]
            con.close()
            with open(db + ".checkpoints") as f:
                self.assertEqual(json.loads(f.read().splitlines()[-1])
                                 ["last_id"], last)
            r = run_cli("verify-audit", db)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        finally:
            tmp.close()


class Public(ServerTest):
    logins = ("admin", "supervisor")

    def test_writes_through_govhall_are_explained(self):
        aid = self.srv.q1("SELECT id FROM anomalies WHERE status = 0 ORDER BY"
                          " id LIMIT 1")
        r = self.srv.post("/api/v1/supervision/anomalies/%d" % aid,
                          {"status": "confirmed", "note": "已核实"},
                          token="supervisor")
        self.assertStatus(r, 200)
        dept = self.srv.q1("SELECT id FROM departments ORDER BY id LIMIT 1")
        r = self.srv.post("/api/v1/supervision/sanctions", {
            "kind": "criticism", "dept_id": dept, "reason": "审计测试",
            "evidence": "见记录"}, token="supervisor")
        self.assertStatus(r, 201)
        r = ghtest.run_cli("verify-audit", self.srv.db, "--deep")
        ghtest.sanitizer_clean(self, r)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        # the same row edited behind govhall is not explained
        con = ghtest.connect(self.srv.db)
        con.execute("UPDATE anomalies SET status = 2 WHERE id = ?", (aid,))
        con.commit()
        con.close()
        r = ghtest.run_cli("verify-audit", self.srv.db, "--deep")
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("异常%d的核查状态(dismissed)与审计记录(confirmed)不符"
                      % aid, r.stdout)
        con = ghtest.connect(self.srv.db)
        con.execute("UPDATE anomalies SET status = 1 WHERE id = ?", (aid,))
        con.commit()
        con.close()

    def test_checkpoints_and_key_without_login(self):
        r = self.srv.get("/api/v1/public/audit/checkpoints")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["key"]["algorithm"], "Ed25519")
        self.assertEqual(len(r.json["key"]["public_key"]), 64)
        with open(self.srv.db + ".checkpoints") as f:
            lines = [json.loads(x) for x in f.read().splitlines()]
        self.assertEqual([c["head_mac"] for c in r.json["checkpoints"]],
                         [c["head_mac"] for c in lines])
        k = self.srv.get("/api/v1/public/audit/key")
        self.assertStatus(k, 200)
        self.assertEqual(k.json["public_key"], r.json["key"]["public_key"])

    def test_client_address_is_stored_and_listed(self):
        self.srv.login("supervisor")
        row = self.srv.q("SELECT * FROM audit ORDER BY id DESC LIMIT 1")[0]
        self.assertEqual(row["action"], "session.create")
        self.assertEqual(row["addr"], "127.0.0.1")
        r = self.srv.get("/api/v1/audit?per_page=1", token="admin")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["data"][0]["addr"], "127.0.0.1")
        v = self.srv.get("/api/v1/audit/verify", token="admin")
        self.assertStatus(v, 200)
        self.assertTrue(v.json["intact"], v.json)


if __name__ == "__main__":
    ghtest.main()
