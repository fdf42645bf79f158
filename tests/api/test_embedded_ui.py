"""One binary (issue 9): the built web UI is embedded in the govhall
executable, so that `govhall serve --db X` run from a directory holding
nothing but the binary serves the whole platform, with the semantics of
--static DIR: the page and the browser's routes get index.html revalidated
by ETag (304), hashed assets are immutable and sent gzip to clients that
take it, HEAD answers the headers, a missing asset is 404 and no path
climbs out with "..".  --static DIR still overrides the embedded copy.

Whether the binary carries the UI is its `govhall --version` line
"web-ui: embedded, N files, B bytes" (or "web-ui: not embedded ..." for a
build without web/dist, whose pages answer a Chinese note instead; these
tests then check that note).  When GH_SOURCE_DIR/web/dist exists and the UI
is embedded, every file served is compared byte for byte with it."""
import gzip
import http.client
import os
import re
import shutil
import subprocess
import threading
import unittest

import ghtest

SOURCE_DIR = ghtest.SOURCE_DIR
DIST = os.path.join(SOURCE_DIR, "web", "dist")


def version_line(binary):
    r = subprocess.run([binary, "--version"], capture_output=True, text=True,
                       timeout=30 * ghtest.SLOW)
    return r.returncode, r.stdout


class LoneServer(ghtest.Server):
    """A govhall serve started from the directory of its own lone binary,
    so that no relative path can find web/dist or anything else."""

    def __init__(self, binary, db, extra=()):
        super().__init__(db, extra=extra)
        self.binary = binary

    def start(self, timeout=30):
        self.port = ghtest.free_port()
        self.log = open(self.db + ".log", "ab")
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--db", os.path.basename(self.db),
             "--listen", "127.0.0.1:%d" % self.port, "--today", self.today]
            + self.extra,
            cwd=os.path.dirname(self.binary), stdout=subprocess.PIPE,
            stderr=self.log)
        ready = []
        t = threading.Thread(target=lambda: ready.append(
            self.proc.stdout.readline()), daemon=True)
        t.start()
        t.join(timeout * ghtest.SLOW)
        if not ready or not ready[0].startswith(b"listening on"):
            self.kill()
            raise RuntimeError("govhall serve did not start: %r" % ready)
        return self


def lower(r):
    return {k.lower(): v for k, v in r.header_list}


class EmbeddedUITests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = ghtest.TempDir()
        cls.dir = cls.tmp.file("alone")
        os.mkdir(cls.dir)
        cls.bin = os.path.join(cls.dir, "govhall")
        shutil.copy2(ghtest.BIN, cls.bin)
        rc, out = version_line(cls.bin)
        assert rc == 0, out
        cls.version = out
        cls.embedded = re.search(r"(?m)^web-ui: embedded, \d+ files, \d+ bytes$",
                                 out) is not None
        cls.dist = DIST if cls.embedded and os.path.isfile(
            os.path.join(DIST, "index.html")) else None
        r = subprocess.run([cls.bin, "demo", "gh.db", "--today", ghtest.TODAY],
                           cwd=cls.dir, capture_output=True, text=True,
                           timeout=300 * ghtest.SLOW)
        assert r.returncode == 0, r.stderr
        cls.srv = LoneServer(cls.bin, os.path.join(cls.dir, "gh.db")).start()

    @classmethod
    def tearDownClass(cls):
        rc = cls.srv.stop() if cls.srv else None
        with open(cls.srv.db + ".log", "rb") as f:
            log = f.read().decode("utf-8", "replace")
        cls.log = log
        cls.tmp.close()
        if "runtime error:" in log or "Sanitizer" in log or rc not in (0, None):
            raise AssertionError("govhall serve exited with %r:\n%s"
                                 % (rc, log[-4000:]))

    # ---- helpers -------------------------------------------------------------

    def get(self, path, **headers):
        return self.srv.request("GET", path, headers=headers)

    def dist_bytes(self, rel):
        with open(os.path.join(self.dist, rel), "rb") as f:
            return f.read()

    def index(self):
        r = self.get("/")
        self.assertEqual(r.status, 200, r)
        return r

    def assets_of(self, page):
        """The /assets/ files that index.html references (script, preload,
        stylesheet)."""
        refs = re.findall(r'(?:src|href)="(/assets/[^"]+)"', page)
        self.assertTrue(refs, page)
        return refs

    def assertNotFound(self, r):
        self.assertEqual(r.status, 404, r)
        self.assertIsNotNone(r.json, r)
        self.assertEqual(r.json["error"]["code"], "not_found")

    def assertShell(self, r):
        """The app shell: index.html, revalidated on each use."""
        self.assertEqual(r.status, 200, r)
        h = lower(r)
        self.assertEqual(h.get("content-type"), "text/html; charset=utf-8")
        self.assertEqual(h.get("cache-control"), "no-cache")
        self.assertTrue(h.get("etag"))
        self.assertEqual(h.get("vary"), "Accept-Encoding")
        self.assertIn('<div id="app">', r.text)
        if self.dist:
            self.assertEqual(r.raw, self.dist_bytes("index.html"))

    def require_ui(self):
        if not self.embedded:
            self.skipTest("built without web/dist: %s" % self.version.strip())

    # ---- the binary alone ----------------------------------------------------

    def test_the_binary_runs_alone(self):
        """Nothing beside the binary but the database it made."""
        for name in os.listdir(self.dir):
            self.assertTrue(name == "govhall" or name.startswith("gh.db"),
                            name)
        self.assertRegex(self.version, r"(?m)^govhall \d+\.\d+\.\d+\n"
                         r"web-ui: (embedded, \d+ files, \d+ bytes|"
                         r"not embedded \(built without web/dist\))$")

    def test_the_api_is_unaffected(self):
        r = self.get("/api/v1/health")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["status"], "ok")
        self.assertNotFound(self.get("/api/v1/no-such-thing"))
        # an API path is never answered with the app shell
        r = self.get("/api/nothing-here")
        self.assertEqual(r.status, 404, r)
        self.assertNotIn("<html", r.text)
        r = self.srv.post("/api/v1/session", {"username": "admin",
                                              "password": ghtest.PASSWORD})
        self.assertEqual(r.status, 201, r)

    # ---- the page, the browser's routes ---------------------------------------

    def test_index_and_its_routes(self):
        if not self.embedded:
            return self.check_the_note()
        r = self.index()
        self.assertShell(r)
        etag = lower(r)["etag"]
        r2 = self.get("/index.html")
        self.assertShell(r2)
        self.assertEqual(r2.raw, r.raw)
        self.assertEqual(lower(r2)["etag"], etag)
        for route in ("/hall/cases/1", "/desk", "/supervision/board",
                      "/progress", "/assets", "/assets/", "/a/b/c/d/e"):
            r3 = self.get(route)
            self.assertShell(r3)
            self.assertEqual(r3.raw, r.raw, route)
        # security headers on the embedded answers too
        h = lower(r)
        self.assertEqual(h.get("x-content-type-options"), "nosniff")
        self.assertEqual(h.get("x-frame-options"), "DENY")
        self.assertIn("frame-ancestors 'none'",
                      h.get("content-security-policy", ""))

    def check_the_note(self):
        """Built without web/dist: the pages say so in Chinese, the assets
        are plainly missing."""
        for path in ("/", "/index.html", "/hall/cases/1"):
            r = self.get(path)
            if path == "/index.html":
                self.assertNotFound(r)
                continue
            self.assertEqual(r.status, 404, r)
            self.assertEqual(lower(r).get("content-type"),
                             "text/html; charset=utf-8")
            self.assertIn("本程序未编入网页界面", r.text)
            self.assertIn("--static", r.text)
        self.assertNotFound(self.get("/assets/index-AbC123.js"))
        r = self.srv.request("HEAD", "/")
        self.assertEqual((r.status, r.raw), (404, b""))

    def test_etag_revalidation(self):
        self.require_ui()
        etag = lower(self.index())["etag"]
        for path in ("/", "/index.html", "/hall/cases/1"):
            r = self.get(path, **{"If-None-Match": etag})
            self.assertEqual(r.status, 304, path)
            self.assertEqual(r.raw, b"")
            self.assertEqual(lower(r).get("etag"), etag)
        r = self.get("/", **{"If-None-Match": '"0000000000000000"'})
        self.assertEqual(r.status, 200)
        # a content hash: the same from one request (and one build) to the
        # next, and one per file
        self.assertRegex(etag, r'^"[0-9a-f]{16}"$')
        asset = self.assets_of(self.index().text)[0]
        a = self.get(asset)
        a_etag = lower(a)["etag"]
        self.assertNotEqual(a_etag, etag)
        self.assertEqual(self.get(asset, **{"If-None-Match": a_etag}).status,
                         304)

    # ---- assets --------------------------------------------------------------

    def test_assets_are_immutable_and_gzip(self):
        self.require_ui()
        page = self.index().text
        types = {".js": "text/javascript; charset=utf-8",
                 ".css": "text/css; charset=utf-8"}
        gz_seen = 0
        for ref in self.assets_of(page):
            r = self.get(ref, **{"Accept-Encoding": "identity"})
            self.assertEqual(r.status, 200, ref)
            h = lower(r)
            self.assertEqual(h.get("content-type"),
                             types[os.path.splitext(ref)[1]], ref)
            self.assertEqual(h.get("cache-control"),
                             "public, max-age=31536000, immutable")
            self.assertNotIn("content-encoding", h)
            self.assertEqual(h.get("vary"), "Accept-Encoding")
            if self.dist:
                self.assertEqual(r.raw, self.dist_bytes(ref[1:]), ref)
            z = self.get(ref, **{"Accept-Encoding": "gzip, deflate, br"})
            self.assertEqual(z.status, 200)
            if lower(z).get("content-encoding") == "gzip":
                gz_seen += 1
                self.assertEqual(gzip.decompress(z.raw), r.raw, ref)
                self.assertLess(len(z.raw), len(r.raw))
                self.assertEqual(lower(z)["etag"], h["etag"])
                if self.dist:
                    self.assertEqual(z.raw, self.dist_bytes(ref[1:] + ".gz"))
            elif self.dist:
                self.assertFalse(os.path.exists(
                    os.path.join(self.dist, ref[1:] + ".gz")), ref)
            # refused gzip is no gzip
            n = self.get(ref, **{"Accept-Encoding": "gzip;q=0"})
            self.assertNotIn("content-encoding", lower(n))
        self.assertGreater(gz_seen, 0, "no asset was sent gzip")

    def test_every_built_file_is_served_as_built(self):
        self.require_ui()
        if not self.dist:
            self.skipTest("no web/dist beside the tests to compare with")
        n = 0
        for root, _, files in os.walk(self.dist):
            for name in files:
                rel = os.path.relpath(os.path.join(root, name), self.dist)
                r = self.get("/" + rel)
                self.assertEqual(r.status, 200, rel)
                self.assertEqual(r.raw, self.dist_bytes(rel), rel)
                n += 1
        self.assertIn("web-ui: embedded, %d files," % n, self.version)

    def test_head(self):
        self.require_ui()
        full = self.index()
        for path, want in (("/", full), ("/hall/cases/1", full)):
            r = self.srv.request("HEAD", path)
            self.assertEqual(r.status, 200, path)
            self.assertEqual(r.raw, b"")
            h = lower(r)
            self.assertEqual(h.get("content-length"), str(len(want.raw)))
            self.assertEqual(h.get("etag"), lower(want)["etag"])
        asset = self.assets_of(full.text)[0]
        r = self.srv.request("HEAD", asset, headers={"Accept-Encoding": "gzip"})
        self.assertEqual(r.status, 200)
        self.assertEqual(r.raw, b"")
        self.assertIn("immutable", lower(r).get("cache-control", ""))

    def test_missing_assets_are_404(self):
        for path in ("/assets/index-00000000.js", "/assets/nope.css",
                     "/favicon.ico", "/robots.txt", "/assets/index-0.js.gz"):
            self.assertNotFound(self.get(path))

    def test_no_path_climbs_out(self):
        raw = (b"/../etc/passwd", b"/../../../../etc/passwd",
               b"/assets/../index.html", b"/%2e%2e/%2e%2e/etc/passwd",
               b"/%2E%2E/etc/hostname", b"/assets/%2e%2e/index.html",
               b"/..%2f..%2fetc/passwd", b"/.%2e/etc/passwd",
               b"/assets/..%5c..%5cetc/passwd", b"/..")
        for path in raw:
            conn = http.client.HTTPConnection("127.0.0.1", self.srv.port,
                                              timeout=30 * ghtest.SLOW)
            try:
                conn.putrequest("GET", path.decode("ascii"),
                                skip_accept_encoding=True)
                conn.endheaders()
                r = conn.getresponse()
                body = r.read()
            finally:
                conn.close()
            self.assertIn(r.status, (400, 404), path)
            self.assertNotIn(b"root:", body, path)
            self.assertNotIn(b'<div id="app">', body, path)

    def test_paths_read_as_a_file_system_would(self):
        """The embedded table answers what --static DIR would: "//" and
        "/./" fold, a file is no directory."""
        self.require_ui()
        shell = self.index().raw
        for path in ("//index.html", "/./index.html", "/assets//../x"):
            r = self.get(path)
            if ".." in path:
                self.assertNotFound(r)
            else:
                self.assertEqual(r.status, 200, path)
                self.assertEqual(r.raw, shell, path)
        self.assertNotFound(self.get("/index.html/"))
        self.assertNotFound(self.get("/index.html/."))

    # ---- --static still wins -------------------------------------------------

    def test_static_dir_overrides_the_embedded_ui(self):
        d = self.tmp.file("ui-dev")
        os.makedirs(os.path.join(d, "assets"))
        with open(os.path.join(d, "index.html"), "w") as f:
            f.write("<!doctype html><title>开发中的界面</title>")
        db = self.tmp.file("dev.db")
        ghtest.make_demo(db)
        srv = ghtest.Server(db, extra=("--static", d)).start()
        try:
            r = srv.get("/hall/cases/1")
            self.assertEqual(r.status, 200)
            self.assertIn("开发中的界面", r.text)
            self.assertEqual(srv.get("/assets/index-Ccz83MxH.js").status, 404)
        finally:
            srv.stop()


if __name__ == "__main__":
    ghtest.main()
