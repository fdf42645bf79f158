"""Crash safety: SIGKILL the server while writes are in flight, restart it
on the same database, and find every acknowledged change, with nothing
half-written (a case's state always matches its last timeline event and
each action has its audit record)."""
import random
import threading
import time

import ghtest
from ghtest import Server, ServerTest, run_cli

ITEM = "450323-SCJG-0001"
THREADS = 4
# apply, then these actions in turn, each with its actor and resulting state
PLAN = [("accept", "clerk", 1), ("start_review", "clerk", 4),
        ("withdraw", None, 8)]
STATE = {"submitted": 0, "accepted": 1, "under_review": 4, "withdrawn": 8}


class CrashTests(ServerTest):
    logins = ("clerk",) + tuple("user%03d" % i for i in range(1, THREADS + 1))

    def worker(self, n, acked, inflight, stop):
        who = "user%03d" % (n + 1)
        srv = self.srv
        while not stop.is_set():
            inflight[n] = (None, 0)
            try:
                r = srv.post("/api/v1/cases", {
                    "item_code": ITEM, "materials": ghtest.MAIN_MATERIALS},
                    token=who,
                             timeout=10)
            except Exception:
                return
            if r.status != 201:
                return
            cid = r.json["id"]
            acked[cid] = [0]
            for action, actor, state in PLAN:
                inflight[n] = (cid, state)
                try:
                    r = srv.act(cid, action, actor or who)
                except Exception:
                    return
                if r.status != 200:
                    return
                self.assertEqual(STATE[r.json["state"]], state)
                acked[cid].append(state)
            inflight[n] = (None, 0)

    def check_db(self, acked, inflight):
        rows = {r["id"]: r for r in self.srv.q("SELECT id, state FROM cases")}
        pending = {cid: st for cid, st in inflight.values() if cid}
        for cid, states in acked.items():
            self.assertIn(cid, rows, "acknowledged case %d lost" % cid)
            ok = {states[-1]}
            if cid in pending:
                ok.add(pending[cid])
            self.assertIn(rows[cid]["state"], ok,
                          "case %d: acked %r" % (cid, states))
        # nothing half-written, for every case in the database
        bad = self.srv.q(
            "SELECT c.id, c.state, e.to_state FROM cases c JOIN case_events e"
            " ON e.id = (SELECT max(id) FROM case_events WHERE case_id = c.id"
            " AND to_state IS NOT NULL) WHERE c.state <> e.to_state")
        self.assertEqual(bad, [])
        bad = self.srv.q(
            "SELECT c.id FROM cases c WHERE (SELECT count(*) FROM case_events"
            " e WHERE e.case_id = c.id AND e.action <> 'deadline_moved') <>"
            " (SELECT count(*) FROM audit a WHERE a.object_type = 'case' AND"
            " a.object_id = CAST(c.id AS TEXT))")
        self.assertEqual(bad, [])
        self.assertEqual(self.srv.q1(
            "SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM"
            " case_events e WHERE e.case_id = c.id)"), 0)

    def test_sigkill_keeps_every_acknowledged_change(self):
        rnd = random.Random(20261123)
        total_acked = 0
        for rnd_no in range(3):
            acked, inflight = {}, {}
            stop = threading.Event()
            threads = [threading.Thread(target=self.worker,
                                        args=(n, acked, inflight, stop),
                                        daemon=True) for n in range(THREADS)]
            for t in threads:
                t.start()
            # kill while requests are in flight, after enough writes
            deadline = time.time() + 30 * ghtest.SLOW
            want = rnd.randint(60, 200)
            while (sum(len(v) for v in list(acked.values())) < want and
                   time.time() < deadline):
                time.sleep(0.005)
            time.sleep(rnd.random() * 0.05)
            self.srv.kill()
            stop.set()
            for t in threads:
                t.join(30)
            acked = dict(acked)
            self.assertGreater(len(acked), 10, "too few writes before kill")
            total_acked += sum(len(v) for v in acked.values())
            self.check_db(acked, dict(inflight))
            # restart on the same database: the API tells the same story
            tokens = self.srv.tokens
            type(self).srv = Server(self.srv.db,
                                    extra=self.server_args).start()
            self.srv.tokens = tokens
            for cid in rnd.sample(sorted(acked), 10):
                r = self.srv.get("/api/v1/cases/%d" % cid, token="clerk")
                self.assertStatus(r, 200)
                self.assertEqual(STATE[r.json["state"]],
                                 self.srv.q1("SELECT state FROM cases WHERE"
                                             " id = ?", cid))
            r = self.srv.get("/api/v1/health")
            self.assertStatus(r, 200)
        self.assertGreater(total_acked, 150)
        r = run_cli("verify-audit", self.srv.db)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)


class GroupCommitCrashTests(CrashTests):
    """The same, with commits that share one WAL fsync (--group-commit):
    an answer must still mean the change is on disk."""
    server_args = ("--group-commit", "--sweep-interval", "0")


if __name__ == "__main__":
    ghtest.main()
