"""Several govhall servers on one PostgreSQL (issue 9, part 2).

Two servers share one database while clients write through both at once:
no case is lost, doubled or left in an impossible state; sessions made on
one server work on the other; 督办单 numbers and query codes stay unique;
timers fire once and outbox messages are claimed once however many
workers run; the board equals a recount.  Then PostgreSQL's postmaster is
killed (SIGKILL) under write load and started again: every acknowledged
write is there, requests during the outage were answered 503 and wrote
nothing, the servers serve again without a restart, verify-audit passes.

Runs on PostgreSQL only (api-pg/test_pg_cluster).
"""
import json
import os
import re
import subprocess
import threading
import time
import unittest
import uuid

import ghtest
from ghtest import Server, TempDir, make_demo

ITEM = "450323-SCJG-0001"
MATERIALS = ghtest.MAIN_MATERIALS   # all its 主件: acceptance needs them
NOTICE_NO = re.compile(r"^督〔(\d{4})〕(\d+)号$")
# a legal path through the case life cycle: the state after each action
FLOW = [("accept", "accepted"), ("start_review", "under_review")]


@unittest.skipUnless(ghtest.PG, "several servers share one PostgreSQL")
class TwoServers(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.db = cls.tmp.file("gh.db")
        make_demo(cls.db)
        cls.a = Server(cls.db, extra=["--checkpoints",
                                      cls.db + ".a.checkpoints"]).start()
        cls.b = Server(cls.db, extra=["--checkpoints",
                                      cls.db + ".b.checkpoints"]).start()

    @classmethod
    def tearDownClass(cls):
        rcs = [s.stop() for s in (cls.a, cls.b)]
        cls.tmp.close()
        for rc in rcs:
            if rc not in (0, None):
                raise AssertionError("a server exited with %r" % rc)

    def test_1_session_from_one_server_works_on_the_other(self):
        tok = self.a.login("clerk")["token"]
        r = self.b.get("/api/v1/me", token=tok)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["username"], "clerk")
        # a logout on b ends it on a
        r = self.b.delete("/api/v1/session", token=tok)
        self.assertIn(r.status, (200, 204), r)
        r = self.a.get("/api/v1/me", token=tok)
        self.assertEqual(r.status, 401, r)

    def test_2_concurrent_writes_through_both(self):
        servers = (self.a, self.b)
        for s in servers:
            for u in ("applicant", "clerk", "supervisor"):
                s.login(u)
        created, errors, lock = [], [], threading.Lock()

        def applicant(srv, n):
            for _ in range(n):
                r = srv.post("/api/v1/cases", {"item_code": ITEM,
                                               "materials": MATERIALS},
                             token="applicant")
                with lock:
                    if r.status == 201:
                        created.append(r.json)
                    else:
                        errors.append(("apply", r.status, r.text[:200]))

        threads = [threading.Thread(target=applicant, args=(s, 12))
                   for s in servers for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300 * ghtest.SLOW)
        self.assertEqual(errors, [])
        self.assertEqual(len(created), 48)
        ids = [c["id"] for c in created]
        self.assertEqual(len(set(ids)), len(ids), "an id given twice")
        codes = [c["query_code"] for c in created]
        self.assertEqual(len(set(codes)), len(codes))

        # the same action on the same case from both servers at once: one
        # wins, the other is refused, the case moves once
        outcomes = {}

        def act(srv, cid, action, key):
            r = srv.act(cid, action, "clerk")
            with lock:
                outcomes.setdefault(key, []).append(r.status)

        for action, state in FLOW:
            ts = []
            for c in created:
                for s in servers:
                    ts.append(threading.Thread(
                        target=act, args=(s, c["id"], action,
                                          (c["id"], action))))
            for t in ts:
                t.start()
            for t in ts:
                t.join(300 * ghtest.SLOW)
        for key, sts in outcomes.items():
            self.assertEqual(sorted(sts)[0], 200, (key, sts))
            self.assertEqual(sts.count(200), 1, (key, sts))
            self.assertTrue(all(x in (200, 409) for x in sts), (key, sts))
        rows = self.a.q("SELECT id, state, version FROM cases WHERE id IN"
                        " (%s)" % ",".join(str(i) for i in ids))
        self.assertEqual(len(rows), len(ids), "a case was lost")
        for r in rows:
            self.assertEqual(r["state"], 4, r)   # CS_UNDER_REVIEW
        # each case's timeline: one apply and one event per action, in order
        for cid in ids:
            ev = self.a.q("SELECT action, from_state, to_state FROM"
                          " case_events WHERE case_id = ? ORDER BY id", cid)
            self.assertEqual([e["action"] for e in ev],
                             ["apply", "accept", "start_review"], cid)
            for prev, nxt in zip(ev, ev[1:]):
                self.assertEqual(prev["to_state"], nxt["from_state"], cid)
        self.assertEqual(self.a.q1("SELECT count(*) FROM cases"),
                         self.a.q1("SELECT count(DISTINCT query_code)"
                                   " FROM cases"))

        # 督办单 issued on both servers at once: numbers unique and gapless
        nos, lock2 = [], threading.Lock()
        targets = self.a.q("SELECT id, dept_id FROM cases WHERE"
                           " finished_day IS NULL ORDER BY id LIMIT 24")

        def notice(srv, case):
            r = srv.post("/api/v1/supervision/notices", {
                "case_id": case["id"], "content": "请说明延误原因并限期办结",
                "reply_due": "2026-11-30"}, token="supervisor")
            with lock2:
                nos.append((r.status, r.json.get("no") if r.json else None,
                            r.text[:200]))

        ts = [threading.Thread(target=notice, args=(servers[i % 2], c))
              for i, c in enumerate(targets)]
        for t in ts:
            t.start()
        for t in ts:
            t.join(300 * ghtest.SLOW)
        made = [n for st, n, _ in nos if st == 201]
        self.assertEqual(len(made), len(targets), nos)
        self.assertEqual(len(set(made)), len(made), "a 督办单 number twice")
        all_nos = [r["no"] for r in self.a.q(
            "SELECT no FROM supervision_notices")]
        self.assertEqual(len(set(all_nos)), len(all_nos))
        per_year = {}
        for no in all_nos:
            m = NOTICE_NO.match(no)
            self.assertIsNotNone(m, no)
            per_year.setdefault(m.group(1), []).append(int(m.group(2)))
        for year, ns in per_year.items():
            self.assertEqual(sorted(ns), list(range(1, len(ns) + 1)), year)

        # the board on either server equals a recount of the cases
        b1 = self.a.get("/api/v1/supervision/board", token="supervisor").json
        b2 = self.b.get("/api/v1/supervision/board", token="supervisor").json
        for k in ("open", "green", "yellow", "red", "paused"):
            self.assertEqual(b1[k], b2[k], k)
        self.assertEqual(b1["open"], self.a.q1(
            "SELECT count(*) FROM cases WHERE accepted_day IS NOT NULL AND"
            " finished_day IS NULL AND deadline_day IS NOT NULL"))
        recount = self.a.q(
            "SELECT dim, key, region_id, deadline_day, warn_days, paused,"
            " count(*) AS n FROM (SELECT 0 AS dim, 0 AS key, region_id,"
            " deadline_day, warn_days, CASE WHEN state IN (3, 7) THEN 1"
            " ELSE 0 END AS paused FROM cases WHERE accepted_day IS NOT"
            " NULL AND finished_day IS NULL AND deadline_day IS NOT NULL)"
            " AS w GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6")
        kept = self.a.q("SELECT dim, key, region_id, deadline_day,"
                        " warn_days, paused, n FROM watch_counts WHERE"
                        " dim = 0 ORDER BY 1, 2, 3, 4, 5, 6")
        self.assertEqual(kept, recount)

    def test_3_timers_and_outbox_claimed_once(self):
        # correction timers: cases awaiting materials far past their due
        # day, swept by four processes at once on a day 61 days later
        self.a.login("applicant")
        self.a.login("clerk")
        waiting = []
        for _ in range(6):
            c = self.a.post("/api/v1/cases", {"item_code": ITEM,
                                              "materials": MATERIALS},
                            token="applicant").json
            r = self.a.act(c["id"], "request_materials", "clerk",
                           materials=["经营场所平面图"])
            self.assertEqual(r.status, 200, r)
            waiting.append(c["id"])
        procs = [subprocess.Popen(
            [ghtest.BIN] + ghtest._cli_args(["sweep", self.db, "--today",
                                             "2027-01-23"]),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(4)]
        for p in procs:
            out, err = p.communicate(timeout=600 * ghtest.SLOW)
            self.assertEqual(p.returncode, 0, err.decode()[-2000:])
        for cid in waiting:
            ev = self.a.q("SELECT action FROM case_events WHERE case_id = ?"
                          " AND action = 'expire_correction'", cid)
            self.assertEqual(len(ev), 1, (cid, ev))
        dup = self.a.q("SELECT case_id, kind, count(*) AS n FROM cards"
                       " GROUP BY case_id, kind HAVING count(*) > 1")
        self.assertEqual(dup, [])

        # outbox: 40 messages delivered by four `govhall deliver` at once
        # to one SMTP sink: each message reaches it exactly once
        import test_outbox
        sink = test_outbox.SmtpSink().start()
        try:
            for k, v in (("smtp_url", "smtp://127.0.0.1:%d" % sink.port),
                         ("smtp_from", "govhall@example.gov.cn")):
                self.a.exec("INSERT INTO settings(key, value) VALUES (?, ?)"
                            " ON CONFLICT(key) DO UPDATE SET value ="
                            " excluded.value", k, v)
            for i in range(40):
                self.a.exec("INSERT INTO outbox(channel, recipient, subject,"
                            " body, next_attempt_at, created_at) VALUES"
                            " ('email', ?, ?, '正文', ?, ?)",
                            "u%d@example.cn" % i, "通知%d" % i,
                            int(time.time()), int(time.time()))
            procs = [subprocess.Popen(
                [ghtest.BIN] + ghtest._cli_args(["deliver", self.db]),
                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                for _ in range(4)]
            for p in procs:
                out, err = p.communicate(timeout=600 * ghtest.SLOW)
                self.assertEqual(p.returncode, 0, err.decode()[-2000:])
            with sink.lock:
                rcpts = [r for m in sink.messages for r in m["rcpts"]
                         if r.endswith("@example.cn")]
        finally:
            sink.stop()
        self.assertEqual(sorted(rcpts), sorted("u%d@example.cn" % i
                                               for i in range(40)))
        self.assertEqual(self.a.q1(
            "SELECT count(*) FROM outbox WHERE recipient LIKE"
            " 'u%@example.cn' AND state = 1"), 40)


@unittest.skipUnless(ghtest.PG, "kills the PostgreSQL server")
class Outage(unittest.TestCase):

    def test_postmaster_killed_under_write_load(self):
        tmp = TempDir()
        try:
            db = tmp.file("gh.db")
            make_demo(db)
            srv = Server(db).start()
            srv.login("applicant")
            acked, refused, other = [], [], []
            lock, stop = threading.Lock(), threading.Event()

            def writer():
                while not stop.is_set():
                    mark = uuid.uuid4().hex[:12]
                    try:
                        r = srv.post("/api/v1/cases", {
                            "item_code": ITEM, "materials": MATERIALS,
                            "note": "mark-" + mark}, token="applicant",
                            timeout=30)
                    except OSError as e:
                        with lock:
                            other.append(("oserror", str(e)))
                        continue
                    with lock:
                        if r.status == 201:
                            acked.append((r.json["id"], mark))
                        elif r.status == 503:
                            refused.append((mark, r.json))
                        else:
                            other.append((r.status, r.text[:200]))
                    if r.status == 503:
                        time.sleep(0.05)

            ts = [threading.Thread(target=writer) for _ in range(4)]
            for t in ts:
                t.start()
            time.sleep(3)
            before_kill = len(acked)
            pg = ghtest.pg_server()
            pg.kill_postmaster()
            time.sleep(3)
            pg.restart()
            # the servers recover by themselves: writes succeed again
            deadline = time.monotonic() + 60 * ghtest.SLOW
            while time.monotonic() < deadline:
                with lock:
                    n = len(acked)
                time.sleep(1)
                with lock:
                    if len(acked) > n:
                        break
            time.sleep(2)
            stop.set()
            for t in ts:
                t.join(120)
            self.assertGreater(before_kill, 0)
            self.assertGreater(len(refused), 0, "no request met the outage")
            self.assertEqual(other, [])
            # a request whose COMMIT was cut off is settled once the
            # database is back (txid_status): only if it did not come back
            # in time is the outcome "unknown", and then the request must
            # not count as "wrote nothing"
            unknown = [m for m, b in refused
                       if b["error"]["code"] == "outcome_unknown"]
            refused = [(m, b) for m, b in refused
                       if b["error"]["code"] != "outcome_unknown"]
            self.assertEqual(unknown, [])
            for mark, body in refused:
                self.assertIn(body["error"]["code"],
                              ("database_unavailable", "busy"), body)
            after = len(acked)
            self.assertGreater(after, before_kill, "no write after restart")
            # every acknowledged case is there, with its own mark
            notes = {}
            for r in srv.q("SELECT c.id, e.note FROM cases c JOIN"
                           " case_events e ON e.case_id = c.id AND"
                           " e.action = 'apply'"):
                notes[r["id"]] = r["note"]
            for cid, mark in acked:
                self.assertEqual(notes.get(cid), "mark-" + mark, cid)
            # a refused request wrote nothing
            marks = set(notes.values())
            for mark, _ in refused:
                self.assertNotIn("mark-" + mark, marks)
            self.assertEqual(srv.stop(), 0)
            r = ghtest.run_cli("verify-audit", db)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        finally:
            tmp.close()


@unittest.skipUnless(ghtest.PG, "copies a SQLite centre to PostgreSQL")
class Copy(unittest.TestCase):

    def test_copy_demo_to_postgresql(self):
        tmp = TempDir()
        try:
            src = tmp.file("src.sqlite")   # a file: not mapped to PostgreSQL
            r = subprocess.run([ghtest.BIN, "demo", src, "--today",
                                ghtest.TODAY], capture_output=True, text=True,
                               timeout=300 * ghtest.SLOW)
            self.assertEqual(r.returncode, 0, r.stderr)
            dst = tmp.file("dst.db")
            uri = ghtest.pg_uri(dst)
            r = subprocess.run([ghtest.BIN, "copy", "--from", src, "--to",
                                uri], capture_output=True, text=True,
                               timeout=600 * ghtest.SLOW)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertIn("复制完成", r.stdout)
            self.assertIn("各表行数、在办计数与抽样办件一致", r.stdout)
            # counts equal, table by table (independently of govhall)
            import sqlite3
            con = sqlite3.connect(src)
            tables = [t for (t,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND"
                " name NOT LIKE 'sqlite_%'")]
            for t in tables:
                n = con.execute("SELECT count(*) FROM %s" % t).fetchone()[0]
                m = ghtest.pg_rows(uri, "SELECT count(*) AS n FROM %s" % t)
                self.assertEqual(m[0]["n"], n, t)
            con.close()
            # the chain verifies on the target with the source's key
            for f in (".keys", ".checkpoints"):
                import shutil
                shutil.copyfile(src + f, dst + f)
            os.chmod(dst + ".keys", 0o600)
            r = ghtest.run_cli("verify-audit", dst, "--deep")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            # a second copy into the now filled target is refused, and
            # changes nothing
            before = ghtest.pg_rows(uri, "SELECT count(*) AS n FROM audit")
            r = subprocess.run([ghtest.BIN, "copy", "--from", src, "--to",
                                uri], capture_output=True, text=True,
                               timeout=300 * ghtest.SLOW)
            self.assertEqual(r.returncode, 1, r.stdout)
            self.assertIn("拒绝复制", r.stderr)
            self.assertEqual(ghtest.pg_rows(
                uri, "SELECT count(*) AS n FROM audit"), before)
            # the API answers the same on both for a sample of cases
            a = Server(dst).start()
            b = subprocess.Popen(
                [ghtest.BIN, "serve", "--db", src, "--listen",
                 "127.0.0.1:%d" % ghtest.free_port(), "--today",
                 ghtest.TODAY, "--sweep-interval", "0"],
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            try:
                line = b.stdout.readline().decode()
                self.assertTrue(line.startswith("listening on"), line)
                port = int(line.strip().rsplit(":", 1)[1])
                sq = Server.__new__(Server)
                sq.port, sq.tokens = port, {}
                for s in (a, sq):
                    s.login("supervisor")
                ids = [r["id"] for r in a.q(
                    "SELECT id FROM cases ORDER BY id")][::17]
                self.assertGreater(len(ids), 10)
                for cid in ids:
                    x = a.get("/api/v1/cases/%d" % cid, token="supervisor")
                    y = sq.get("/api/v1/cases/%d" % cid, token="supervisor")
                    self.assertEqual(x.status, 200, x)
                    self.assertEqual(x.json, y.json, cid)
                for path in ("/api/v1/supervision/board",
                             "/api/v1/items?per_page=50",
                             "/api/v1/stats?group=dept"):
                    x = a.get(path, token="supervisor")
                    y = sq.get(path, token="supervisor")
                    self.assertEqual((x.status, x.json), (y.status, y.json),
                                     path)
            finally:
                b.terminate()
                b.wait(30)
                b.stdout.close()
                self.assertEqual(a.stop(), 0)
        finally:
            tmp.close()


if __name__ == "__main__":
    ghtest.main()
