"""The WAL stays bounded under sustained mixed load (issue 8, point 6).

A bounded soak (about 60 s, longer phases in bench/soak.sh): reader threads
loop on the anonymous public endpoint and on case reads while writer
threads file cases, against `serve --wal-limit 1`.  SQLite's PASSIVE
auto-checkpoint never resets a WAL that readers always overlap, so it grew
without bound; the TRUNCATE checkpoint past the limit keeps it near 1 MiB.
Asserts: the WAL never exceeds its bound (limit plus what one checkpoint
interval can add), no 5xx, and reads at the end are no slower than at the
start."""
import os
import threading
import time
import unittest

import ghtest
from ghtest import Server, TempDir, make_demo

ITEM = "450323-SCJG-0001"
SECONDS = int(os.environ.get("GH_SOAK_SECONDS", "60"))
LIMIT_MIB = int(os.environ.get("GH_SOAK_WAL_MIB", "1"))
BOUND = (LIMIT_MIB + 7) << 20   # limit + slack for writes while readers hold on
WRITERS = int(os.environ.get("GH_SOAK_WRITERS", "4"))
READERS = int(os.environ.get("GH_SOAK_READERS", "8"))


def proc_figures(pid):
    """(RSS in KiB, open descriptors) of a process."""
    rss = 0
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
    return rss, len(os.listdir("/proc/%d/fd" % pid))


def p(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else 0.0


@ghtest.sqlite_only("SQLite's WAL file and its checkpoints; PostgreSQL"
                    " recycles its WAL itself")
class WalBoundTests(unittest.TestCase):

    def test_wal_bounded_under_mixed_load(self):
        tmp = TempDir()
        self.addCleanup(tmp.close)
        db = tmp.file("gh.db")
        make_demo(db)
        # all the load comes from 127.0.0.1: no per-address limit (the
        # soak runs hundreds of connections from it)
        srv = Server(db, extra=["--wal-limit", str(LIMIT_MIB),
                                "--threads", "8",
                                "--max-conns-per-ip", "0"]).start()
        stop = threading.Event()
        status = {}
        reads = []          # (t, seconds)
        lock = threading.Lock()
        wal_max = [0]
        t0 = time.monotonic()
        users = ["user%03d" % (i + 1) for i in range(WRITERS)]
        for u in users:
            srv.login(u)
        first_case = srv.post("/api/v1/cases", {"item_code": ITEM,
                                                "materials": []},
                              token=users[0]).json
        cid, code = first_case["id"], first_case["query_code"]

        def count(code):
            with lock:
                status[code // 100] = status.get(code // 100, 0) + 1

        def writer(who):
            while not stop.is_set():
                r = srv.post("/api/v1/cases", {"item_code": ITEM,
                                               "materials": []},
                             token=who, timeout=30)
                count(r.status)

        def reader(n):
            while not stop.is_set():
                a = time.monotonic()
                # reads of a constant size, so that their latency tells of
                # the store and not of a growing answer: the public
                # progress query (anonymous, the reads that grew the WAL)
                # and a staff member's case page
                if n % 2:
                    r = srv.get("/api/v1/progress/%s" % code, timeout=30)
                else:
                    r = srv.get("/api/v1/cases/%d" % cid, token=users[0],
                                timeout=30)
                b = time.monotonic()
                count(r.status)
                with lock:
                    reads.append((b - t0, b - a))

        ts = [threading.Thread(target=writer, args=(u,)) for u in users]
        ts += [threading.Thread(target=reader, args=(i,))
               for i in range(READERS)]
        for t in ts:
            t.start()
        fig_start = fig_end = None
        try:
            while time.monotonic() - t0 < SECONDS:
                if fig_start is None and time.monotonic() - t0 > SECONDS * .1:
                    fig_start = proc_figures(srv.proc.pid)
                if time.monotonic() - t0 > SECONDS * .95:
                    fig_end = proc_figures(srv.proc.pid)
                try:
                    wal_max[0] = max(wal_max[0], os.path.getsize(db + "-wal"))
                except OSError:
                    pass
                time.sleep(0.1)
        finally:
            stop.set()
            for t in ts:
                t.join(60 * ghtest.SLOW)
            fig_end = fig_end or proc_figures(srv.proc.pid)
            rc = srv.stop()
        wal_end = os.path.getsize(db + "-wal") if os.path.exists(
            db + "-wal") else 0
        first = [d for t, d in reads if t < SECONDS * 0.2]
        last = [d for t, d in reads if t >= SECONDS * 0.8]
        print("wal max %.1f MiB, writes+reads %r, read p50/p99 start "
              "%.1f/%.1f ms end %.1f/%.1f ms" % (
                  wal_max[0] / 1048576.0, status, p(first, .5) * 1e3,
                  p(first, .99) * 1e3, p(last, .5) * 1e3,
                  p(last, .99) * 1e3))
        print("rss/fds at 10%% %r, at the end %r" % (fig_start, fig_end))
        self.assertEqual(rc, 0)
        self.assertEqual(status.get(5, 0), 0, "5xx answers: %r" % status)
        self.assertGreater(status.get(2, 0), 1000)
        self.assertLess(wal_max[0], BOUND, "WAL reached %d bytes" % wal_max[0])
        self.assertLess(wal_end, BOUND)
        if fig_start:   # flat: no growth per request
            self.assertLess(fig_end[1], fig_start[1] + 32)
            self.assertLess(fig_end[0], fig_start[0] * 2 + 16384)
        # stable read latency: the end no worse than the start, with slack
        # for a shared machine (and the sanitizers, SLOW)
        self.assertLess(p(last, .5), max(3 * p(first, .5), 0.05 * ghtest.SLOW))
        self.assertLess(p(last, .99), max(5 * p(first, .99),
                                          0.5 * ghtest.SLOW))


if __name__ == "__main__":
    unittest.main()
