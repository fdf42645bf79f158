"""The throwaway PostgreSQL of the tests (tests/api/pgserver.py, issue 9).

Starts one server, creates a database, round-trips values through the ?
placeholders (quotes, backslashes, Chinese, NULL, bytes, 64-bit integers),
kills the postmaster with SIGKILL and restarts it (committed rows survive:
fsync is on), and stops it.  Skips, exiting 0, only where no initdb exists.
"""
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pgserver  # noqa: E402


class BindTests(unittest.TestCase):
    """The placeholder binding, without a server."""

    def test_literals(self):
        self.assertEqual(pgserver.bind("SELECT ?, ?, ?", (1, None, -7)),
                         "SELECT 1, NULL, -7")
        self.assertEqual(pgserver.bind("SELECT ?", ("it's",)),
                         "SELECT E'it''s'")
        self.assertEqual(pgserver.bind("SELECT ?", ("a\\b",)),
                         "SELECT E'a\\\\b'")
        self.assertEqual(pgserver.bind("SELECT ?", (b"\x00\xff",)),
                         "SELECT E'\\\\x00ff'::bytea")

    def test_question_marks_in_quotes_and_comments_stay(self):
        sql = ("SELECT '?', E'\\'?', \"a?\", $$?$$, $t$?$t$ -- ?\n"
               "/* ? */, ?")
        self.assertEqual(pgserver.bind(sql, (5,)), sql[:-1] + "5")

    def test_counts_must_match(self):
        with self.assertRaises(ValueError):
            pgserver.bind("SELECT ?, ?", (1,))
        with self.assertRaises(ValueError):
            pgserver.bind("SELECT ?", (1, 2))

    def test_nul_refused(self):
        with self.assertRaises(ValueError):
            pgserver.bind("SELECT ?", ("a\0b",))


class ServerTests(unittest.TestCase):
    """One server for the class; the tests run in name order."""

    @classmethod
    def setUpClass(cls):
        cls.pg = pgserver.PgServer().start()
        cls.uri = cls.pg.create_db("gh_selftest")

    @classmethod
    def tearDownClass(cls):
        cls.pg.close()

    def test_1_running_and_addresses(self):
        self.assertTrue(self.pg.running())
        self.assertTrue(self.uri.startswith(
            "postgresql://govhall@127.0.0.1:%d/gh_selftest" % self.pg.port))
        # fsync stays on: the crash tests rely on it
        self.assertEqual(self.pg.query(self.uri, "SHOW fsync"), [("on",)])
        self.assertEqual(self.pg.query(self.pg.uri("gh_selftest", socket=True),
                                       "SELECT current_database()"),
                         [("gh_selftest",)])
        self.assertEqual(self.pg.query(self.uri, "SHOW server_encoding"),
                         [("UTF8",)])
        if os.geteuid() == 0:
            # root cannot run initdb: the server runs as another user
            self.assertNotEqual(os.stat(self.pg.data).st_uid, 0)

    def test_2_round_trip(self):
        pg, uri = self.pg, self.uri
        pg.execute(uri, "CREATE TABLE t (id BIGINT PRIMARY KEY, s TEXT,"
                   " b BYTEA, r DOUBLE PRECISION)")
        values = [
            (1, "it's a \"quote\" and a \\ backslash", b"\x00\x01\xfe\xff", 0.5),
            (2, "中文 政务服务中心 ?", None, None),
            (2 ** 62, "", b"", -1.25),
            (-(2 ** 63), "line\nbreak\ttab $$ $x$ E'", b"'", 1e300),
        ]
        for v in values:
            pg.execute(uri, "INSERT INTO t VALUES (?, ?, ?, ?)", *v)
        rows = pg.query(uri, "SELECT id, s, b, r FROM t ORDER BY id")
        want = sorted(values)
        self.assertEqual(len(rows), len(want))
        for got, v in zip(rows, want):
            self.assertEqual(int(got[0]), v[0])
            self.assertEqual(got[1], v[1])
            self.assertEqual(got[2], None if v[2] is None
                             else "\\x" + v[2].hex())
            self.assertEqual(None if got[3] is None else float(got[3]), v[3])
        # NULL and the empty string stay apart
        self.assertEqual(pg.query(uri, "SELECT ?, ''", None), [(None, "")])
        self.assertEqual(pg.query(uri, "SELECT 1 WHERE false"), [])
        self.assertEqual(
            pg.query(uri, "SELECT count(*) FROM t WHERE s = ?", "中文 政务服务中心 ?"),
            [("1",)])

    def test_3_errors_raise(self):
        with self.assertRaises(pgserver.PgError) as cm:
            self.pg.query(self.uri, "SELECT 1/0")
        self.assertIn("division by zero", cm.exception.stderr)
        # a script is one transaction: its failure leaves nothing behind
        with self.assertRaises(pgserver.PgError):
            self.pg.script(self.uri, "CREATE TABLE half (a BIGINT);"
                           " INSERT INTO half VALUES (1); SELECT 1/0;")
        self.assertEqual(self.pg.query(
            self.uri, "SELECT to_regclass('half') IS NULL"), [("t",)])

    def test_4_kill_and_restart_keep_committed_rows(self):
        pg, uri = self.pg, self.uri
        pg.execute(uri, "CREATE TABLE crash (a BIGINT, s TEXT)")
        pg.execute(uri, "INSERT INTO crash VALUES (?, ?)", 42, "落盘")
        old = pg.postmaster_pid()
        pg.kill_postmaster()
        self.assertFalse(pg.running())
        with self.assertRaises(pgserver.PgError):
            pg.query(uri, "SELECT 1", timeout=30)
        pg.restart()
        self.assertTrue(pg.running())
        self.assertNotEqual(pg.postmaster_pid(), old)
        self.assertEqual(pg.query(uri, "SELECT a, s FROM crash"),
                         [("42", "落盘")])
        self.assertIn("database system was interrupted", pg.log_text())

    def test_5_stop(self):
        pg = self.pg
        pg.stop()
        self.assertFalse(pg.running())
        self.assertIsNone(pg.postmaster_pid())
        with self.assertRaises(pgserver.PgError):
            pg.query(self.uri, "SELECT 1", timeout=30)
        pg.restart()   # and a clean restart keeps the data too
        self.assertEqual(pg.query(self.uri, "SELECT count(*) FROM crash"),
                         [("1",)])
        pg.stop()


class SharedTests(unittest.TestCase):

    def test_shared_is_one_server(self):
        a = pgserver.shared()
        self.assertIs(pgserver.shared(), a)
        self.assertEqual(a.query(a.uri(), "SELECT 1"), [("1",)])


if __name__ == "__main__":
    if not pgserver.available():
        print("skipped: no PostgreSQL (initdb not found; scripts/deps.sh "
              "installs it)")
        sys.exit(0)
    unittest.main(verbosity=2)
