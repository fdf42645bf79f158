"""ghtest - shared fixtures for the govhall API, CLI and crash tests.

Each test module starts a real `govhall serve` on 127.0.0.1 (a free port)
with a fresh temporary database made by `govhall demo --today 2026-11-23`,
talks to it over HTTP with the standard library only, reads the database
directly with sqlite3 to check what a request wrote, and stops the server
with SIGTERM at the end.

Environment: GOVHALL_BIN (the binary; default build/govhall under
GH_SOURCE_DIR) and GH_SOURCE_DIR (the repository; default two levels up).
"""
import http.client
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.environ.get("GH_SOURCE_DIR") or os.path.normpath(
    os.path.join(HERE, "..", ".."))
BIN = os.environ.get("GOVHALL_BIN") or os.path.join(SOURCE_DIR, "build",
                                                     "govhall")
TODAY = "2026-11-23"
PASSWORD = "govhall-demo"
# Sanitizer builds are several times slower: waits scale with this.
SLOW = 4 if os.environ.get("ASAN_OPTIONS") is not None else 1


def run_cli(*args, timeout=120, input=None):
    """Runs govhall with args; returns CompletedProcess (text)."""
    return subprocess.run([BIN] + [str(a) for a in args], capture_output=True,
                          text=True, timeout=timeout * SLOW, input=input)


def sanitizer_clean(testcase, r):
    """A command run under the sanitizers printed no report."""
    testcase.assertNotIn("runtime error:", r.stderr)
    testcase.assertNotIn("Sanitizer", r.stderr)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TempDir:
    """A temporary directory removed at close()."""

    def __init__(self):
        self.path = tempfile.mkdtemp(prefix="govhall-test-")

    def file(self, name):
        return os.path.join(self.path, name)

    def close(self):
        shutil.rmtree(self.path, ignore_errors=True)


_demo_cache = {}


def make_demo(path, today=TODAY):
    """Creates the demo centre at path.  The first demo for a date is built
    by govhall; later ones copy it (the demo is deterministic for a date
    apart from random query codes, and copying saves time under ASan)."""
    src = _demo_cache.get(today)
    if src and os.path.exists(src):
        shutil.copyfile(src, path)
        copy_audit_files(src, path)
        return
    r = run_cli("demo", path, "--today", today)
    if r.returncode != 0:
        raise RuntimeError("govhall demo failed: %s" % r.stderr)
    # fold the WAL into the main file so that one file is a whole copy
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    cache = tempfile.mkdtemp(prefix="govhall-demo-")
    _demo_cache[today] = os.path.join(cache, "demo.db")
    shutil.copyfile(path, _demo_cache[today])
    copy_audit_files(path, _demo_cache[today])


def copy_audit_files(src, dst):
    """The audit's key file and checkpoint file live beside the database
    (issue 8): a copy of a centre copies them too, keys with mode 0600."""
    for suffix in (".keys", ".checkpoints"):
        if os.path.exists(src + suffix):
            shutil.copyfile(src + suffix, dst + suffix)
    if os.path.exists(dst + ".keys"):
        os.chmod(dst + ".keys", 0o600)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        # headers: a list of (name, value) pairs, as a dict for lookups
        self.header_list = list(headers.items() if isinstance(headers, dict)
                                else headers)
        self.headers = dict(self.header_list)
        self.raw = body
        self.text = body.decode("utf-8", "replace")
        ctype = self.headers.get("Content-Type", "")
        self.json = None
        if "json" in ctype and body:
            try:
                self.json = json.loads(self.text)
            except ValueError:
                self.json = None

    def __repr__(self):
        return "<%d %s>" % (self.status, self.text[:300])


class Server:
    """A running `govhall serve` on a free port."""

    def __init__(self, db, today=TODAY, extra=()):
        self.db = db
        self.today = today
        self.extra = list(extra)
        # The periodic supervision sweep writes (cards, notices, their
        # audit) on its own schedule, which would race the tests that check
        # a refused request wrote nothing: off unless a test asks for it.
        if "--sweep-interval" not in self.extra:
            self.extra += ["--sweep-interval", "0"]
        self.proc = None
        self.port = None
        self.tokens = {}

    def start(self, timeout=30):
        self.port = free_port()
        self.log = open(self.db + ".log", "ab")
        self.proc = subprocess.Popen(
            [BIN, "serve", "--db", self.db, "--listen",
             "127.0.0.1:%d" % self.port, "--today", self.today] + self.extra,
            stdout=subprocess.PIPE, stderr=self.log)
        ready = []

        def wait_line():
            line = self.proc.stdout.readline()
            ready.append(line)

        t = threading.Thread(target=wait_line, daemon=True)
        t.start()
        t.join(timeout * SLOW)
        if not ready or not ready[0].startswith(b"listening on"):
            self.kill()
            raise RuntimeError("govhall serve did not start: %r" % ready)
        return self

    def stop(self):
        """SIGTERM and wait; returns the exit code."""
        if not self.proc:
            return None
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(30 * SLOW)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.proc.stdout.close()
        self.log.close()
        self.proc = None
        return rc

    def kill(self):
        """SIGKILL: the crash."""
        if not self.proc:
            return
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.proc.stdout.close()
        self.log.close()
        self.proc = None

    # ---- HTTP --------------------------------------------------------------

    def request(self, method, path, body=None, token=None, headers=None,
                raw=None, ctype=None, timeout=60):
        """One request on a new connection.  body is JSON-encoded; raw is
        sent as is.  token is a Bearer token or a demo username."""
        h = dict(headers or {})
        if token:
            if token in self.tokens:
                token = self.tokens[token]
            h["Authorization"] = "Bearer " + token
        data = None
        if raw is not None:
            data = raw if isinstance(raw, bytes) else raw.encode("utf-8")
            h.setdefault("Content-Type", ctype or "application/json")
        elif body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            h.setdefault("Content-Type", "application/json")
        conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                          timeout=timeout * SLOW)
        try:
            conn.request(method, path, body=data, headers=h)
            r = conn.getresponse()
            return Response(r.status, r.getheaders(), r.read())
        finally:
            conn.close()

    def get(self, path, token=None, **kw):
        return self.request("GET", path, token=token, **kw)

    def post(self, path, body=None, token=None, **kw):
        return self.request("POST", path, body=body, token=token, **kw)

    def put(self, path, body=None, token=None, **kw):
        return self.request("PUT", path, body=body, token=token, **kw)

    def delete(self, path, token=None, **kw):
        return self.request("DELETE", path, token=token, **kw)

    def login(self, username, password=PASSWORD):
        """Logs in and remembers the token under the username."""
        r = self.post("/api/v1/session", {"username": username,
                                          "password": password})
        if r.status != 201:
            raise RuntimeError("login %s: %r" % (username, r))
        self.tokens[username] = r.json["token"]
        return r.json

    def act(self, case_id, action, who, **args):
        body = dict(args)
        body["action"] = action
        return self.post("/api/v1/cases/%d/actions" % case_id, body, token=who)

    # ---- the database --------------------------------------------------------

    def db_connect(self):
        con = sqlite3.connect(self.db, timeout=30)
        con.row_factory = sqlite3.Row
        return con

    def q(self, sql, *args):
        con = self.db_connect()
        try:
            return [dict(r) for r in con.execute(sql, args).fetchall()]
        finally:
            con.close()

    def exec(self, sql, *args):
        con = self.db_connect()
        try:
            with con:
                con.execute(sql, args)
        finally:
            con.close()

    def q1(self, sql, *args):
        rows = self.q(sql, *args)
        return list(rows[0].values())[0] if rows else None

    def counts(self):
        """Row counts that a refused request must leave unchanged."""
        con = self.db_connect()
        try:
            out = {}
            for t in ("cases", "case_events", "audit", "case_notices",
                      "case_materials", "case_suspensions", "items",
                      "calendar_days"):
                out[t] = con.execute("SELECT count(*) FROM %s" % t).fetchone()[0]
            out["cases_version"] = con.execute(
                "SELECT coalesce(sum(version), 0) FROM cases").fetchone()[0]
            return out
        finally:
            con.close()


class ServerTest(unittest.TestCase):
    """Base class: one demo server per test class, logged in as every demo
    account."""
    today = TODAY
    logins = ("admin", "supervisor", "reviewer", "clerk", "applicant")
    server_args = ()   # extra `govhall serve` options for the whole class
    srv = None

    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        db = cls.tmp.file("gh.db")
        make_demo(db)
        cls.srv = Server(db, today=cls.today, extra=cls.server_args).start()
        for u in cls.logins:
            cls.srv.login(u)

    @classmethod
    def tearDownClass(cls):
        if cls.srv:
            rc = cls.srv.stop()
            with open(cls.srv.db + ".log", "rb") as f:
                log = f.read().decode("utf-8", "replace")
            # a sanitizer report makes the server exit non-zero; UBSan
            # without halt_on_error only prints
            if "runtime error:" in log or "Sanitizer" in log:
                rc = rc or "a sanitizer report"
            if rc not in (0, None):
                with open(cls.srv.db + ".log", "rb") as f:
                    sys.stderr.write(f.read().decode("utf-8", "replace")[-4000:])
                cls.tmp.close()
                raise AssertionError("govhall serve exited with %r" % rc)
        cls.tmp.close()

    # ---- assertions ----------------------------------------------------------

    def assertStatus(self, r, status):
        self.assertEqual(r.status, status, "%r" % r)

    def assertError(self, r, status, code=None):
        """An error answer: {"error": {"code", "message"}} in Chinese."""
        self.assertStatus(r, status)
        self.assertIsNotNone(r.json, "error body is not JSON: %r" % r)
        self.assertIn("error", r.json)
        e = r.json["error"]
        self.assertIsInstance(e.get("code"), str)
        self.assertIsInstance(e.get("message"), str)
        self.assertTrue(any("\u4e00" <= ch <= "\u9fff" for ch in e["message"]),
                        "message is not Chinese: %r" % e["message"])
        if code:
            self.assertEqual(e["code"], code)
        return e

    def assertUnchanged(self, before):
        self.assertEqual(self.srv.counts(), before)


def main():
    unittest.main(verbosity=2)
