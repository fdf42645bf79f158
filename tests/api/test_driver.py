"""The driver layer's unit tests (tests/unit/test_db.c) on PostgreSQL.

unit/test_db runs them on SQLite; here (api-pg/test_driver) the same binary
runs against a database of the throwaway PostgreSQL 15, so that binds,
types, errors and transactions are checked on both engines.
"""
import os
import subprocess
import unittest

import ghtest


class DriverOnPostgres(unittest.TestCase):
    @unittest.skipUnless(ghtest.PG, "unit/test_db runs these on SQLite")
    def test_driver_unit_tests_pass_on_postgresql(self):
        binary = os.environ.get("GH_TEST_DB")
        self.assertTrue(binary and os.path.exists(binary),
                        "GH_TEST_DB names the test_db binary")
        uri = ghtest.pg_uri("driver.db")
        r = subprocess.run([binary, uri], capture_output=True, text=True,
                           timeout=300 * ghtest.SLOW)
        self.assertIn("driver tests on PostgreSQL", r.stdout)
        self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-3000:])
        self.assertIn("PASSED", r.stdout + r.stderr)


if __name__ == "__main__":
    ghtest.main()
