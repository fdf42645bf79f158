"""pgserver - a throwaway PostgreSQL 15 for the tests (issue 9).

Starts its own cluster: `initdb` into a temporary folder (trust
authentication, superuser `govhall`, UTF8, locale C), then `postgres`
listening on 127.0.0.1 at a free port and on a unix socket in that folder.
No system service and no cluster of the postgresql package is used.
fsync stays on (the durability and crash tests rely on it); `settings`
adds `-c name=value` options, e.g. {"fsync": "off"} for a test that does not
care.

SQL runs through psql (postgresql-client); `query(uri, sql, *args)` returns
the rows as a list of tuples of str, with None for NULL, and replaces each
`?` in sql (outside quotes and comments) with a safely quoted literal.

Run as root (CI), initdb and postgres refuse to start: the server then runs
as the user `postgres` (created by the postgresql package; created here if
it is missing) and its folder is given to that user.

One server per test process is enough: `shared()` starts one on first use
and stops it when the process exits.  Every wait is bounded; when the server
fails to start or stop, its log is printed to stderr.

Standard library only.
"""
import atexit
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

PG_BIN_DIRS = ("/usr/lib/postgresql/15/bin",)
SUPERUSER = "govhall"
FIELD_SEP = "\x1f"
RECORD_SEP = "\x1e"
NULL_MARK = "\x1d<NULL>\x1d"   # what psql prints for NULL; no text holds it
RUN_AS = "postgres"            # the server's user when the tests run as root


class PgError(Exception):
    """psql failed (an SQL error, or the server is unreachable); stderr holds
    psql's message, returncode its exit code (3: an SQL error)."""

    def __init__(self, returncode, stderr, sql=None):
        self.returncode = returncode
        self.stderr = stderr
        self.sql = sql
        super().__init__("psql exited %d: %s" % (returncode, stderr.strip()))


def find_tool(name):
    """Path of a PostgreSQL program: the PostgreSQL 15 directory first, then
    PATH; None if absent."""
    for d in PG_BIN_DIRS:
        p = os.path.join(d, name)
        if os.access(p, os.X_OK):
            return p
    return shutil.which(name)


def available():
    """True if a PostgreSQL server can be set up here (initdb exists)."""
    return find_tool("initdb") is not None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _quote_literal(v):
    """v as an SQL literal: NULL, an integer, a real, E'' text, bytea."""
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "1" if v else "0"   # SQLite's booleans are integers too
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v != v:
            return "'NaN'::double precision"
        if v in (float("inf"), float("-inf")):
            return "'%sInfinity'::double precision" % ("-" if v < 0 else "")
        return repr(v)
    if isinstance(v, (bytes, bytearray, memoryview)):
        return "E'\\\\x%s'::bytea" % bytes(v).hex()
    if isinstance(v, str):
        if "\0" in v:
            raise ValueError("PostgreSQL text cannot hold NUL")
        return "E'%s'" % v.replace("\\", "\\\\").replace("'", "''")
    raise TypeError("cannot pass %r to SQL" % type(v).__name__)


_DOLLAR_TAG = re.compile(r"\$([A-Za-z_][A-Za-z_0-9]*)?\$")


def bind(sql, args):
    """sql with each `?` placeholder replaced by the next of args, quoted.
    A `?` inside '...', E'...', "...", $tag$...$tag$ or a comment is left
    alone.  Raises ValueError when the counts differ."""
    out = []
    i = 0
    n = 0
    while i < len(sql):
        c = sql[i]
        if c == "'":
            # E'...' strings escape with a backslash; others only with ''
            esc = i > 0 and sql[i - 1] in "eE" and (
                i < 2 or not (sql[i - 2].isalnum() or sql[i - 2] == "_"))
            j = i + 1
            while j < len(sql):
                if esc and sql[j] == "\\":
                    j += 2
                    continue
                if sql[j] == "'":
                    if j + 1 < len(sql) and sql[j + 1] == "'":
                        j += 2
                        continue
                    break
                j += 1
            out.append(sql[i:j + 1])
            i = j + 1
        elif c == '"':
            j = sql.find('"', i + 1)
            j = len(sql) if j < 0 else j
            out.append(sql[i:j + 1])
            i = j + 1
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            j = len(sql) if j < 0 else j
            out.append(sql[i:j])
            i = j
        elif sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            j = len(sql) if j < 0 else j + 2
            out.append(sql[i:j])
            i = j
        elif c == "$" and _DOLLAR_TAG.match(sql, i) and (
                i == 0 or not (sql[i - 1].isalnum() or sql[i - 1] == "_")):
            tag = _DOLLAR_TAG.match(sql, i).group(0)
            j = sql.find(tag, i + len(tag))
            j = len(sql) if j < 0 else j + len(tag)
            out.append(sql[i:j])
            i = j
        elif c == "?":
            if n >= len(args):
                raise ValueError("more ? placeholders than arguments (%d)"
                                 % len(args))
            out.append(_quote_literal(args[n]))
            n += 1
            i += 1
        else:
            out.append(c)
            i += 1
    if n != len(args):
        raise ValueError("%d arguments for %d ? placeholders" % (len(args), n))
    return "".join(out)


def _parse(out):
    """psql's unaligned output (-F \\x1f -R \\x1e) as rows: each result's
    records are separated by RECORD_SEP and the result ends with a newline."""
    if out.endswith("\n"):
        out = out[:-1]
    if out == "":
        return []
    rows = []
    for rec in out.split(RECORD_SEP):
        rows.append(tuple(None if f == NULL_MARK else f
                          for f in rec.split(FIELD_SEP)))
    return rows


def _other_can_enter(path):
    """True if every folder from / to path lets others traverse it (the
    server's user must reach its data and socket folder)."""
    path = os.path.abspath(path)
    while True:
        if not os.stat(path).st_mode & 0o001:
            return False
        parent = os.path.dirname(path)
        if parent == path:
            return True
        path = parent


class PgServer:
    """One PostgreSQL cluster in a temporary folder.

    start() sets it up and starts it; create_db(name) makes a database and
    returns its URI; query(uri, sql, *args) runs SQL; kill_postmaster()
    SIGKILLs the postmaster (the crash), restart() starts it again on the
    same port and folder, stop() stops it (pg_ctl stop -m fast), close()
    stops it and removes the folder."""

    def __init__(self, settings=None, start_timeout=60, stop_timeout=60):
        self.settings = dict(settings or {})
        self.start_timeout = start_timeout
        self.stop_timeout = stop_timeout
        self.initdb = find_tool("initdb")
        self.pg_ctl = find_tool("pg_ctl")
        self.postgres = find_tool("postgres")
        self.psql = find_tool("psql")
        missing = [n for n, p in (("initdb", self.initdb),
                                  ("pg_ctl", self.pg_ctl),
                                  ("postgres", self.postgres),
                                  ("psql", self.psql)) if p is None]
        if missing:
            raise RuntimeError("PostgreSQL programs not found: %s (install"
                               " postgresql and postgresql-client: "
                               "scripts/deps.sh)" % ", ".join(missing))
        self.root = None      # the temporary folder
        self.data = None      # the cluster: root/data
        self.log_path = None  # the server's log: root/postgres.log
        self.port = None
        self.proc = None      # the postmaster, or setpriv/runuser around it
        self._log = None
        self._as = []         # the prefix that runs a program as RUN_AS

    # ---- setting up --------------------------------------------------------

    def _user_prefix(self):
        """The command prefix that drops root, and the user's uid/gid; an
        empty prefix when not running as root."""
        if os.geteuid() != 0:
            return [], None, None
        try:
            pw = pwd.getpwnam(RUN_AS)
        except KeyError:
            subprocess.run(["useradd", "--system", "--no-create-home",
                            "--shell", "/usr/sbin/nologin", RUN_AS],
                           check=True, capture_output=True, timeout=60)
            pw = pwd.getpwnam(RUN_AS)
        # setpriv executes the program itself (no child process in between),
        # so our Popen is the postmaster and we reap it; runuser forks.
        if shutil.which("setpriv"):
            prefix = ["setpriv", "--reuid=%d" % pw.pw_uid,
                      "--regid=%d" % pw.pw_gid, "--init-groups", "--"]
        elif shutil.which("runuser"):
            prefix = ["runuser", "-u", RUN_AS, "--"]
        else:
            raise RuntimeError("running as root, and neither setpriv nor "
                               "runuser is installed to run PostgreSQL as %s"
                               % RUN_AS)
        return prefix, pw.pw_uid, pw.pw_gid

    def _env(self):
        env = dict(os.environ)
        for k in list(env):
            if k.startswith("PG"):
                del env[k]   # a PGHOST or PGDATA around us must not leak in
        env["LC_ALL"] = "C"
        env["PGCLIENTENCODING"] = "UTF8"
        return env

    def start(self):
        """Sets up the cluster and starts the server; returns self."""
        if self.root is not None:
            raise RuntimeError("already started")
        self._as, uid, gid = self._user_prefix()
        base = None
        if uid is not None and not _other_can_enter(tempfile.gettempdir()):
            base = "/tmp"
        self.root = tempfile.mkdtemp(prefix="govhall-pg-", dir=base)
        if uid is not None:
            os.chown(self.root, uid, gid)
        self.data = os.path.join(self.root, "data")
        self.log_path = os.path.join(self.root, "postgres.log")
        r = subprocess.run(self._as + [
            self.initdb, "-D", self.data, "-A", "trust", "-U", SUPERUSER,
            "--no-sync", "-E", "UTF8", "--locale=C"],
            capture_output=True, text=True, env=self._env(),
            timeout=self.start_timeout, cwd=self.root)
        if r.returncode != 0:
            raise RuntimeError("initdb failed (%d):\n%s%s"
                               % (r.returncode, r.stdout, r.stderr))
        # A free port may be taken between our probe and the server's bind:
        # try a few.
        for attempt in range(5):
            self.port = free_port()
            if self._launch(self.start_timeout, fail_ok=attempt < 4):
                break
        return self

    def _launch(self, timeout, fail_ok=False):
        """Starts the postmaster and waits until it accepts connections.
        Returns False if it exited early and fail_ok (the caller retries),
        True when ready; raises otherwise (printing the log)."""
        args = [self.postgres, "-D", self.data,
                "-c", "port=%d" % self.port,
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=%s" % self.root,
                "-c", "logging_collector=off",
                "-c", "log_line_prefix=%m [%p] "]
        for k, v in self.settings.items():
            args += ["-c", "%s=%s" % (k, v)]
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self._as + args, stdin=subprocess.DEVNULL,
                                     stdout=self._log, stderr=self._log,
                                     env=self._env(), cwd=self.root)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self._reap()
                if fail_ok:
                    return False
                self._fail("postgres exited with %s while starting"
                           % self.proc.returncode)
            if self._ready():
                return True
            time.sleep(0.1)
        self._fail("postgres not ready after %d s" % timeout)

    def _ready(self):
        try:
            r = subprocess.run([self.psql, "-X", "-q", "-At", "-d",
                                self.uri("postgres"), "-c", "SELECT 1"],
                               capture_output=True, text=True, timeout=10,
                               env=self._env())
        except subprocess.TimeoutExpired:
            return False
        return r.returncode == 0 and r.stdout.strip() == "1"

    def _fail(self, what):
        sys.stderr.write("pgserver: %s; server log %s:\n%s\n"
                         % (what, self.log_path, self.log_text()[-8000:]))
        if self.proc and self.proc.poll() is None:
            self._kill_all()
        raise RuntimeError("pgserver: " + what)

    def log_text(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def _reap(self):
        if self._log:
            self._log.close()
            self._log = None

    # ---- addresses and databases -----------------------------------------

    def uri(self, dbname="postgres", socket=False):
        """libpq URI of a database: over TCP on 127.0.0.1, or over the unix
        socket in the server's folder."""
        if socket:
            return "postgresql://%s@/%s?host=%s&port=%d" % (
                SUPERUSER, dbname, self.root, self.port)
        return "postgresql://%s@127.0.0.1:%d/%s" % (SUPERUSER, self.port,
                                                     dbname)

    def create_db(self, name):
        """Creates database name (letters, digits, _) and returns its URI."""
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", name):
            raise ValueError("bad database name %r" % name)
        self.query(self.uri("postgres"),
                   'CREATE DATABASE "%s" TEMPLATE template0 ENCODING \'UTF8\''
                   " LC_COLLATE 'C' LC_CTYPE 'C'" % name)
        return self.uri(name)

    def drop_db(self, name):
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", name):
            raise ValueError("bad database name %r" % name)
        self.query(self.uri("postgres"),
                   'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name)

    # ---- SQL --------------------------------------------------------------

    def query(self, uri, sql, *args, timeout=120):
        """Runs sql (one or more statements, each committed on its own
        unless sql says BEGIN ... COMMIT; the first error stops it and raises
        PgError) with ? bound to args.  Returns the rows of the statement that
        returns rows, as tuples of str or None.  Rows of several row-returning
        statements run together come back concatenated and cannot be told
        apart reliably: query them one call each."""
        text = bind(sql, args) if args else sql
        r = subprocess.run(
            [self.psql, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
             "-F", FIELD_SEP, "-R", RECORD_SEP, "-P", "null=" + NULL_MARK,
             "-d", uri, "-f", "-"],
            input=text.encode("utf-8"), capture_output=True,
            timeout=timeout, env=self._env())
        if r.returncode != 0:
            raise PgError(r.returncode, r.stderr.decode("utf-8", "replace"),
                          text)
        return _parse(r.stdout.decode("utf-8"))

    def execute(self, uri, sql, *args, timeout=120):
        """query() for statements whose rows do not matter."""
        self.query(uri, sql, *args, timeout=timeout)

    def script(self, uri, sql, timeout=120):
        """Runs sql as one multi-statement string, as the driver's PQexec of
        a migration does: psql -c sends it to the server in one piece (one
        simple query, so one implicit transaction that an error rolls back
        whole).  sql may be a list: each string is sent on its own, in
        order, by one psql; the first that fails stops the rest.  Rows, if
        any, are ignored."""
        sqls = [sql] if isinstance(sql, str) else list(sql)
        args = []
        for one in sqls:
            if len(one.encode("utf-8")) > 120000:
                raise ValueError("script too long for one argument")
            args += ["-c", one]
        r = subprocess.run(
            [self.psql, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
             "-d", uri] + args,
            stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout,
            env=self._env())
        if r.returncode != 0:
            raise PgError(r.returncode, r.stderr.decode("utf-8", "replace"))

    # ---- crash, restart, stop -----------------------------------------------

    def postmaster_pid(self):
        """The postmaster's pid from postmaster.pid, or None."""
        try:
            with open(os.path.join(self.data, "postmaster.pid")) as f:
                return int(f.readline())
        except (OSError, ValueError):
            return None

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def kill_postmaster(self, timeout=30):
        """SIGKILL of the postmaster, as a machine that loses it would.
        Its backends notice and exit by themselves; restart() waits for
        them."""
        pid = self.postmaster_pid() if self.running() else None
        if pid is None and self.running():
            pid = self.proc.pid
        if pid is None:
            raise RuntimeError("pgserver: not running")
        os.kill(pid, signal.SIGKILL)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()   # runuser around it
            self.proc.wait(timeout)
        self._reap()

    def restart(self, timeout=None):
        """Starts the server again on the same folder and port, after
        stop() or kill_postmaster().  After a kill the old backends may
        still hold the shared memory for a moment, and the server runs crash
        recovery: both within the bounded wait."""
        timeout = timeout or self.start_timeout
        if self.running():
            self.stop()
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self._fail("postgres did not restart within %d s" % timeout)
            if self._launch(left, fail_ok=True):
                return self
            time.sleep(0.5)

    def stop(self):
        """pg_ctl stop -m fast (bounded), then SIGKILL if it did not stop."""
        if not self.running():
            self._reap()
            return
        r = subprocess.run(self._as + [
            self.pg_ctl, "stop", "-D", self.data, "-m", "fast", "-w",
            "-t", str(self.stop_timeout)],
            capture_output=True, text=True, env=self._env(), cwd=self.root,
            timeout=self.stop_timeout + 10)
        try:
            self.proc.wait(10 if r.returncode == 0 else 1)
        except subprocess.TimeoutExpired:
            sys.stderr.write("pgserver: pg_ctl stop failed (%d): %s\n%s\n"
                             % (r.returncode, r.stderr,
                                self.log_text()[-4000:]))
            self._kill_all()
        self._reap()

    def _kill_all(self):
        """SIGKILL the postmaster (its backends exit when they see it gone)
        and setpriv/runuser around it."""
        pid = self.postmaster_pid()
        for p in {pid, self.proc.pid if self.proc else None} - {None}:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.proc:
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                pass
        self._reap()

    def close(self):
        """stop() and remove the folder."""
        try:
            self.stop()
        finally:
            if self.root:
                shutil.rmtree(self.root, ignore_errors=True)
            self.root = None


_shared = None


def shared(settings=None):
    """The process's one server, started on first use and stopped (its
    folder removed) when the process exits.  settings (extra -c options)
    apply only when this call starts it."""
    global _shared
    if _shared is None:
        srv = PgServer(settings)
        srv.start()
        _shared = srv
        atexit.register(srv.close)
    return _shared
