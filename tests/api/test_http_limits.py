"""Slow and greedy clients cannot lock the server out, a second server
cannot silently share the port, every answer carries the security
headers, and the web UI's assets are served precompressed and cached
(issue 8, points 2, 9 and 12)."""
import gzip
import os
import socket
import subprocess
import threading
import time

import ghtest
from ghtest import ServerTest
from test_http_input import raw_request


def slow_connection(src, port, stop, opened):
    """Opens a connection from src and trickles one header byte at a time
    until stop is set or the server closes it; records when it closed."""
    s = socket.socket()
    try:
        s.bind((src, 0))
        s.connect(("127.0.0.1", port))
        opened.append(s)
        s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
        while not stop.is_set():
            s.sendall(b"X")
            time.sleep(0.5)
    except OSError:
        pass
    finally:
        s.close()


class LimitTests(ServerTest):
    server_args = ("--max-conns", "32", "--max-conns-per-ip", "8",
                   "--request-deadline", "3",
                   "--idle-timeout", "30")

    def timed_get(self, path="/api/v1/health"):
        t = time.monotonic()
        r = self.srv.get(path, timeout=5)
        return r, time.monotonic() - t

    def test_slow_clients_over_the_limit_do_not_lock_others_out(self):
        stop = threading.Event()
        opened = []
        threads = [threading.Thread(target=slow_connection,
                                    args=("127.0.0.2", self.srv.port, stop,
                                          opened), daemon=True)
                   for _ in range(40)]
        for t in threads:
            t.start()
        try:
            time.sleep(1.0)
            # 40 slow connections from one address, more than its limit of
            # 8 and more than the server's 32 in all: everyone else is
            # still answered at once
            for _ in range(20):
                r, dt = self.timed_get()
                self.assertStatus(r, 200)
                self.assertLess(dt, 1.0 * ghtest.SLOW)
        finally:
            stop.set()
            for t in threads:
                t.join(10)

    def test_a_trickled_request_is_cut_at_the_deadline(self):
        s = socket.create_connection(("127.0.0.1", self.srv.port))
        s.settimeout(1)
        t0 = time.monotonic()
        closed_at = None
        try:
            s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
            # one byte every 0.5 s restarts the idle timeout of 30 s, but
            # not the request deadline of 3 s
            while time.monotonic() - t0 < 15 * ghtest.SLOW:
                try:
                    s.sendall(b"X")
                    if s.recv(1, socket.MSG_DONTWAIT) == b"":
                        closed_at = time.monotonic()
                        break
                except BlockingIOError:
                    pass
                except OSError:
                    closed_at = time.monotonic()
                    break
                time.sleep(0.5)
        finally:
            s.close()
        self.assertIsNotNone(closed_at, "the slow request was never cut")
        self.assertLess(closed_at - t0, 8 * ghtest.SLOW)
        self.assertStatus(self.srv.get("/api/v1/health"), 200)

    def test_a_second_server_cannot_share_the_port(self):
        db = self.tmp.file("other.db")
        ghtest.make_demo(db)
        p = subprocess.run([ghtest.BIN] + ghtest._cli_args([
                            "serve", "--db", db, "--listen",
                            "127.0.0.1:%d" % self.srv.port, "--sweep-interval",
                            "0"]), capture_output=True, text=True,
                           timeout=30 * ghtest.SLOW)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("端口已被占用", p.stderr)
        # and every request still reaches the first server
        for _ in range(20):
            self.assertStatus(self.srv.get("/api/v1/health"), 200)

    def test_abandoned_request_lines_free_their_memory(self):
        """Requests abandoned half-way by their client (a request line and
        part of the headers, then a hang-up) and requests libmicrohttpd
        refuses itself (headers over its buffer) leave nothing behind: no
        memory kept (the begun request is freed with its connection), and
        no place held in the per-address limit.  libmicrohttpd's
        edge-triggered epoll does not notice an end of stream that came
        with a request's last bytes, so such a connection stayed open until
        the 10 s request deadline and 64 of them locked the address out;
        the watchdog now closes them within a quarter of a second."""
        def rss():
            with open("/proc/%d/status" % self.srv.proc.pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
            return 0

        def abandon(n):
            for i in range(n):
                s = socket.create_connection(("127.0.0.1", self.srv.port))
                if i % 2:
                    # refused by libmicrohttpd itself (headers over its
                    # buffer): the request began, no handler ever ran
                    s.sendall(b"GET /api/v1/items?q=%d HTTP/1.1\r\n"
                              b"Host: x\r\nX-Big: %s\r\n\r\n"
                              % (i, b"a" * 40000))
                    try:
                        s.recv(100)
                    except OSError:
                        pass
                else:
                    s.sendall(b"GET /api/v1/items?q=%d HTTP/1.1\r\n"
                              b"Host: x\r\n" % i)
                s.close()

        def recovered():
            """Seconds until a request gets through again: abandoned
            connections are cut once their client is gone, well before
            the request deadline (10 s), so the per-address limit frees."""
            t0 = time.monotonic()
            while time.monotonic() - t0 < 30 * ghtest.SLOW:
                try:
                    if self.srv.get("/api/v1/health", timeout=5).status == 200:
                        return time.monotonic() - t0
                except OSError:
                    pass
                time.sleep(0.1)
            self.fail("the server did not answer again")

        n = 300 if ghtest.SLOW > 1 else 4000
        abandon(n // 4)          # warm the allocator's pools
        recovered()
        before = rss()
        abandon(n)
        took = recovered()
        grown = rss() - before
        self.assertLess(took, 5 * ghtest.SLOW, "took %.1f s" % took)
        if ghtest.SLOW == 1:
            # leaking, 4000 connections keep at least 16 MB
            self.assertLess(grown, 6 * 1024, "VmRSS grew %d KiB" % grown)

    def test_security_headers_on_every_answer(self):
        answers = [self.srv.get("/api/v1/health"),
                   self.srv.get("/api/v1/nope"),
                   self.srv.get("/api/%ff"),
                   self.srv.post("/api/v1/session", raw="{")]
        for r in answers:
            h = {k.lower(): v for k, v in r.header_list}
            self.assertIn("frame-ancestors 'none'",
                          h.get("content-security-policy", ""), r)
            self.assertEqual(h.get("x-frame-options"), "DENY", r)
            self.assertIn("camera=()", h.get("permissions-policy", ""), r)
            self.assertEqual(h.get("x-content-type-options"), "nosniff")


class StaticTests(ServerTest):
    """The built UI: hashed assets immutable and gzip, the page revalidated."""

    @classmethod
    def setUpClass(cls):
        cls.static = ghtest.TempDir()
        d = cls.static.path
        os.makedirs(os.path.join(d, "assets"))
        with open(os.path.join(d, "index.html"), "w") as f:
            f.write("<!doctype html><title>办事大厅</title>" + " " * 2000)
        cls.js = b"console.log('govhall');\n" * 400
        with open(os.path.join(d, "assets", "index-AbC123.js"), "wb") as f:
            f.write(cls.js)
        with open(os.path.join(d, "assets", "index-AbC123.js.gz"), "wb") as f:
            f.write(gzip.compress(cls.js))
        cls.server_args = ("--static", d)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.static.close()

    def test_hashed_assets_are_gzip_and_immutable(self):
        r = self.srv.get("/assets/index-AbC123.js",
                         headers={"Accept-Encoding": "gzip"})
        self.assertStatus(r, 200)
        h = {k.lower(): v for k, v in r.header_list}
        self.assertEqual(h.get("content-encoding"), "gzip")
        self.assertIn("immutable", h.get("cache-control", ""))
        self.assertIn("max-age=31536000", h.get("cache-control", ""))
        self.assertEqual(h.get("vary"), "Accept-Encoding")
        self.assertEqual(gzip.decompress(r.raw), self.js)
        self.assertLess(len(r.raw), len(self.js) / 4)
        # a client without gzip gets the file as it is
        r = self.srv.get("/assets/index-AbC123.js",
                         headers={"Accept-Encoding": "identity"})
        h = {k.lower(): v for k, v in r.header_list}
        self.assertNotIn("content-encoding", h)
        self.assertEqual(r.raw, self.js)

    def test_the_page_is_revalidated(self):
        r = self.srv.get("/")
        self.assertStatus(r, 200)
        h = {k.lower(): v for k, v in r.header_list}
        self.assertEqual(h.get("cache-control"), "no-cache")
        etag = h.get("etag")
        self.assertTrue(etag)
        r = self.srv.get("/", headers={"If-None-Match": etag})
        self.assertStatus(r, 304)
        self.assertEqual(r.raw, b"")
        # a UI route gets the same shell
        r = self.srv.get("/cases/12", headers={"If-None-Match": etag})
        self.assertStatus(r, 304)


if __name__ == "__main__":
    ghtest.main()
