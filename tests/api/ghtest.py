"""ghtest - shared fixtures for the govhall API, CLI and crash tests.

Each test module starts a real `govhall serve` on 127.0.0.1 (a free port)
with a fresh temporary database made by `govhall demo --today 2026-11-23`,
talks to it over HTTP with the standard library only, reads the database
directly with sqlite3 to check what a request wrote, and stops the server
with SIGTERM at the end.

Environment: GOVHALL_BIN (the binary; default build/govhall under
GH_SOURCE_DIR), GH_SOURCE_DIR (the repository; default two levels up) and
GH_ENGINE: "sqlite" (default) or "pg".  With pg every test runs against a
throwaway PostgreSQL 15 started by pgserver.py: a database "path" stays a
file name in the test's folder (the audit's key and checkpoint files live
beside it, as on SQLite), and ghtest maps it to its PostgreSQL database
(pg_uri): Server, run_cli and the SQL helpers (q, exec, counts) then use
that database.  Tests that only make sense on one engine (they read the
SQLite file, its WAL, its PRAGMAs) say so with @sqlite_only.
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
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.environ.get("GH_SOURCE_DIR") or os.path.normpath(
    os.path.join(HERE, "..", ".."))
BIN = os.environ.get("GOVHALL_BIN") or os.path.join(SOURCE_DIR, "build",
                                                     "govhall")
TODAY = "2026-11-23"
# The required 主件 of the demo's 450323-SCJG-0001 (食品经营许可): a case is
# accepted only once it has them all (issue 10).
MAIN_MATERIALS = ["食品经营许可申请表", "申请单位营业执照或统一社会信用代码证书",
                  "经营场所平面图", "食品安全管理制度文本",
                  "主要设备设施布局和操作流程"]
PASSWORD = "govhall-demo"
# Sanitizer builds are several times slower: waits scale with this.
SLOW = 4 if os.environ.get("ASAN_OPTIONS") is not None else 1


ENGINE = os.environ.get("GH_ENGINE", "sqlite")
PG = ENGINE == "pg"
_pg_dbs = {}   # database path -> PostgreSQL URI (GH_ENGINE=pg)


def pg_server():
    """The process's PostgreSQL (started on first use)."""
    import pgserver
    return pgserver.shared()


def pg_uri(path):
    """The PostgreSQL database standing for path, created empty on first
    use."""
    path = str(path)
    if path not in _pg_dbs:
        name = "gh_" + uuid.uuid4().hex[:16]
        _pg_dbs[path] = pg_server().create_db(name)
    return _pg_dbs[path]


def db_target(path):
    """What govhall is given for the database at path: the path itself on
    SQLite, its URI on PostgreSQL."""
    return pg_uri(path) if PG else str(path)


def audit_args(path):
    """On PostgreSQL a URI has no "beside": name the audit files."""
    if not PG:
        return []
    return ["--audit-keys", str(path) + ".keys",
            "--checkpoints", str(path) + ".checkpoints"]


def HEX(column):
    """SQL for a BLOB column as upper-case hex, on either engine."""
    return ("upper(encode(%s, 'hex'))" if PG else "hex(%s)") % column


def sqlite_only(reason):
    """Skips a test (class) on PostgreSQL, saying why."""
    return unittest.skipIf(PG, "SQLite only: " + reason)


def _cli_args(args):
    args = [str(a) for a in args]
    if not PG or not args:
        return args
    out, path = [args[0]], None
    for a in args[1:]:
        if path is None and (a in _pg_dbs or a.endswith(".db")):
            path = a
            out.append(pg_uri(a))
        else:
            out.append(a)
    if path:
        # the test's own --audit-keys / --checkpoints win (later options
        # override earlier ones)
        extra = audit_args(path)
        keys = [] if "--audit-keys" in out else extra[:2]
        cps = [] if "--checkpoints" in out else extra[2:]
        out = out[:1] + keys + cps + out[1:]
    return out


def run_cli(*args, timeout=120, input=None):
    """Runs govhall with args; returns CompletedProcess (text).  On
    PostgreSQL a database path among the args (a known one, or a name
    ending in .db) is given as its URI with its audit files."""
    return subprocess.run([BIN] + _cli_args(args), capture_output=True,
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
    if PG:
        return _make_demo_pg(path, today)
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


def _make_demo_pg(path, today):
    """The demo on PostgreSQL: built once per date into a template
    database, then cloned (CREATE DATABASE ... TEMPLATE) with its audit
    files."""
    path = str(path)
    tpl = _demo_cache.get(today)
    if not tpl:
        cache = tempfile.mkdtemp(prefix="govhall-demo-")
        tpl_path = os.path.join(cache, "demo.db")
        r = run_cli("demo", tpl_path, "--today", today)
        if r.returncode != 0:
            raise RuntimeError("govhall demo failed: %s" % r.stderr)
        tpl = _demo_cache[today] = tpl_path
    name = "gh_" + uuid.uuid4().hex[:16]
    srv = pg_server()
    tpl_name = _pg_dbs[tpl].rsplit("/", 1)[1]
    srv.query(srv.uri("postgres"), 'CREATE DATABASE "%s" TEMPLATE "%s"'
              % (name, tpl_name))
    _pg_dbs[path] = srv.uri(name)
    copy_audit_files(tpl, path)


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
            [BIN, "serve", "--db", db_target(self.db), "--listen",
             "127.0.0.1:%d" % self.port, "--today", self.today] +
            audit_args(self.db) + self.extra,
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
        if (path == "/api/v1/cases" and isinstance(body, dict)
                and "form" not in body
                and isinstance(body.get("item_code"), str)):
            # Tests written before items had application forms send none;
            # they get the required fields filled with valid sample values.
            # A test about forms sends "form" itself and gets no help.
            form = self.sample_form(body["item_code"])
            if form:
                body = dict(body, form=form)
        elif (path == "/api/v1/cases" and isinstance(body, dict)
                and "form" not in body
                and isinstance(body.get("matter_code"), str)):
            # a joint matter's one form (并联审批), the same help
            form = self.sample_form(body["matter_code"], "/api/v1/matters/")
            if form:
                body = dict(body, form=form)
        return self.request("POST", path, body=body, token=token, **kw)

    SAMPLE_VALUES = {
        "text": "测试", "address": "灵川县测试路1号", "phone": "13812345678",
        "id_number": "11010519491231002X", "credit_code": "91350100M000100Y43",
        "date": "2026-01-05", "number": 1, "money": 10000,
    }

    def sample_form(self, code, base="/api/v1/items/"):
        """Valid values for the required fields of item code's form ({} for
        an unknown item or one without required fields); cached.  base
        /api/v1/matters/ reads a joint matter's one form instead."""
        cache = self.__dict__.setdefault("_sample_forms", {})
        if (base, code) not in cache:
            r = self.get(base + urllib.parse.quote(code, safe=""))
            form = {}
            if r.status == 200:
                for sec in (r.json.get("form") or {}).get("sections", []):
                    for f in sec["fields"]:
                        if not f["required"]:
                            continue
                        if f["type"] == "choice":
                            form[f["key"]] = f["options"][0]
                        elif "min" in f and f["type"] in ("number", "money",
                                                          "date"):
                            form[f["key"]] = f["min"]
                        else:
                            form[f["key"]] = self.SAMPLE_VALUES[f["type"]]
            cache[(base, code)] = form
        return dict(cache[(base, code)])

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
        if action == "suspend" and "approver_id" not in body \
                and "expected_days" not in body:
            # a suspension is approved by another reviewer or the chief:
            # tests that do not test that part take the first one offered
            r = self.get("/api/v1/cases/%d/handlers" % case_id, token=who)
            if r.status == 200 and r.json["approvers"]:
                body["approver_id"] = r.json["approvers"][0]["id"]
                body["expected_days"] = 10
        return self.post("/api/v1/cases/%d/actions" % case_id, body, token=who)

    # ---- the database --------------------------------------------------------

    def db_connect(self):
        if PG:
            raise unittest.SkipTest("SQLite only: opens the database file")
        con = sqlite3.connect(self.db, timeout=30)
        con.row_factory = sqlite3.Row
        return con

    def q(self, sql, *args):
        if PG:
            return pg_rows(db_target(self.db), sql, *args)
        con = self.db_connect()
        try:
            return [dict(r) for r in con.execute(sql, args).fetchall()]
        finally:
            con.close()

    def exec(self, sql, *args):
        if PG:
            sql, args = _numbered(sql, args)
            pg_server().execute(db_target(self.db), sql, *args)
            return
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
        out = {}
        for t in ("cases", "case_events", "audit", "case_notices",
                  "case_materials", "case_suspensions", "items",
                  "calendar_days"):
            out[t] = self.q1("SELECT count(*) AS n FROM %s" % t)
        out["cases_version"] = self.q1(
            "SELECT coalesce(sum(version), 0) AS n FROM cases")
        return out


class PgRow(tuple):
    """A row as sqlite3.Row gives it: by index, by column name, keys()."""

    def __new__(cls, d):
        row = super().__new__(cls, d.values())
        row._d = d
        return row

    def __getitem__(self, k):
        if isinstance(k, str):
            return self._d[k]
        return tuple.__getitem__(self, k)

    def keys(self):
        return list(self._d.keys())


class PgCursor:
    def __init__(self, rows):
        self.rows = rows

    def fetchone(self):
        return self.rows[0] if self.rows else None

    def fetchall(self):
        return list(self.rows)

    def __iter__(self):
        return iter(self.rows)


class PgCon:
    """What tests that tamper with the database around govhall use of a
    sqlite3 connection (execute, fetchone/fetchall, commit, close), on
    PostgreSQL.  Statements run one by one, each committed.  The tamperer's
    one SQLite-only statement, DROP TRIGGER on the audit's guards, becomes
    ALTER TABLE audit DISABLE TRIGGER (a PostgreSQL trigger hangs on its
    table and needs its function)."""
    row_factory = None

    def __init__(self, uri):
        self.uri = uri

    def execute(self, sql, args=()):
        import re
        m = re.match(r"\s*DROP TRIGGER (IF EXISTS )?(audit_no_\w+)\s*$", sql,
                     re.I)
        if m:
            pg_server().execute(self.uri, "ALTER TABLE audit DISABLE TRIGGER"
                                " %s" % m.group(2))
            return PgCursor([])
        sql = _pg_pragma(sql)
        head = sql.strip().split(None, 1)[0].upper()
        if head in ("SELECT", "WITH", "VALUES") or " RETURNING " in sql.upper():
            return PgCursor([PgRow(d) for d in pg_rows(self.uri, sql, *args)])
        sql, args = _numbered(sql, tuple(args))
        pg_server().execute(self.uri, sql, *args)
        return PgCursor([])

    def commit(self):
        pass

    def rollback(self):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def connect(path, timeout=30):
    """A connection to the database at path, on either engine (PgCon on
    PostgreSQL)."""
    if PG:
        return PgCon(db_target(path))
    return sqlite3.connect(str(path), timeout=timeout)


def copy_db(src, dst):
    """A whole copy of the database at src (a running server may hold it)
    at dst, with its audit files: SQLite's backup API, or pg_dump into a
    new PostgreSQL database."""
    if PG:
        import pgserver
        uri = pg_uri(dst)
        dump = subprocess.run([pgserver.find_tool("pg_dump"), "--no-owner",
                               "-d", db_target(src)], capture_output=True,
                              timeout=300)
        if dump.returncode != 0:
            raise RuntimeError("pg_dump: %s" % dump.stderr.decode())
        load = subprocess.run([pgserver.find_tool("psql"), "-X", "-q",
                               "-v", "ON_ERROR_STOP=1", "-d", uri],
                              input=dump.stdout, capture_output=True,
                              timeout=300)
        if load.returncode != 0:
            raise RuntimeError("psql: %s" % load.stderr.decode())
    else:
        a, b = sqlite3.connect(str(src)), sqlite3.connect(str(dst))
        a.backup(b)
        a.close()
        b.close()
    copy_audit_files(str(src), str(dst))
    return dst


def _db_errors():
    errors = [sqlite3.DatabaseError]
    try:
        import pgserver
        errors.append(pgserver.PgError)
    except ImportError:
        pass
    return tuple(errors)


# What a refused statement raises, on either engine.
DatabaseError = _db_errors()


def _pg_pragma(sql):
    """SQLite's schema version pragma, as govhall keeps it on PostgreSQL."""
    import re
    m = re.match(r"\s*PRAGMA user_version\s*(=\s*(\d+))?\s*;?\s*$", sql, re.I)
    if not m:
        return sql
    if m.group(2):
        return "UPDATE gh_schema_version SET version = %d" % int(m.group(2))
    return "SELECT version AS user_version FROM gh_schema_version"


def _numbered(sql, args):
    """?N placeholders (SQLite's numbered form) as plain ? with the
    arguments repeated in order, for pgserver's binder."""
    import re
    if not re.search(r"\?\d", sql):
        return sql, args
    out = []

    def one(m):
        out.append(args[int(m.group(1)) - 1])
        return "?"
    return re.sub(r"\?(\d+)", one, sql), tuple(out)


def pg_rows(uri, sql, *args):
    """Rows of a query on PostgreSQL as dicts with typed values (as
    sqlite3.Row gives them): the query is wrapped so that the server
    returns each row as JSON."""
    sql, args = _numbered(_pg_pragma(sql), args)
    if sql.lstrip().upper().startswith("UPDATE GH_SCHEMA_VERSION"):
        pg_server().execute(uri, sql)
        return []
    body = sql.strip().rstrip(";")
    if body.split(None, 1)[0].upper() in ("SELECT", "WITH", "VALUES"):
        wrapped = "SELECT row_to_json(gh_row_) FROM (%s) gh_row_" % body
    else:   # INSERT/UPDATE/DELETE ... RETURNING
        wrapped = ("WITH gh_row_ AS (%s) SELECT row_to_json(gh_row_) FROM"
                   " gh_row_" % body)
    rows = pg_server().query(uri, wrapped, *args)
    out = []
    for (text,) in rows:
        d = json.loads(text)
        # sum() of bigint is numeric: integral values as int, as SQLite
        out.append({k: (int(v) if isinstance(v, float) and v.is_integer()
                        else v) for k, v in d.items()})
    return out


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
            if os.environ.get("GH_SHOW_ERRORS"):
                sys.stderr.write("".join(l + "\n" for l in log.splitlines()
                                         if " error: " in l or "in: " in l))
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
