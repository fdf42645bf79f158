"""Failed logins are slowed down per source and per account without
letting an outsider lock the centre's staff out (等保 2.0 登录失败处理; issue 8,
points 10 and 11): progressive delays under three keys counted in the
database, atomically, so that every server agrees and concurrent guesses
cannot pass the limit; failures aggregated in the audit with the client
address; logins only as JSON from this site; unknown and deactivated
accounts cost the same time; the sweep purges expired sessions and stale
throttling records."""
import http.client
import json
import socket
import statistics
import threading
import time

import ghtest
from ghtest import ServerTest, run_cli, sanitizer_clean


def login_from(port, src, username, password, headers=None):
    """POST /api/v1/session from the loopback address src."""
    conn = http.client.HTTPConnection("127.0.0.1", port,
                                      timeout=30 * ghtest.SLOW,
                                      source_address=(src, 0))
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    try:
        conn.request("POST", "/api/v1/session", body=json.dumps(
            {"username": username, "password": password}), headers=h)
        r = conn.getresponse()
        return ghtest.Response(r.status, r.getheaders(), r.read())
    finally:
        conn.close()


class LoginGuardTests(ServerTest):
    logins = ("admin",)

    def login(self, username, password, src="127.0.0.1", **kw):
        return login_from(self.srv.port, src, username, password, **kw)

    def fails(self, key):
        return self.srv.q1("SELECT failures FROM login_throttle WHERE"
                           " key = ?", key)

    def tearDown(self):
        self.srv.exec("DELETE FROM login_throttle")

    def test_a_guessing_source_waits_longer_and_longer(self):
        for i in range(3):
            self.assertError(self.login("clerk", "wrong-%d" % i), 401,
                             "unauthorized")
        # the 4th failure from this source on this account: a delay
        e = self.assertError(self.login("clerk", "wrong-3"), 401)
        self.assertEqual(e["retry_after"], 2)
        e = self.assertError(self.login("clerk", ghtest.PASSWORD), 429,
                             "too_many_attempts")
        self.assertIn("秒后再试", e["message"])
        self.assertEqual(self.fails("p:127.0.0.1|clerk"), 4)
        # it doubles: pretend the delay ran out, fail again
        self.srv.exec("UPDATE login_throttle SET blocked_until = 0")
        e = self.assertError(self.login("clerk", "wrong-4"), 401)
        self.assertEqual(e["retry_after"], 4)
        # the real user from their own desk is not shut out
        self.assertStatus(self.login("clerk", ghtest.PASSWORD,
                                     src="127.0.0.5"), 201)

    def test_an_account_attacked_from_everywhere_waits_30s_at_most(self):
        # 40 sources, 2 guesses each: no source is delayed, the account is
        for i in range(40):
            for _ in range(2):
                r = self.login("supervisor", "x", src="127.0.1.%d" % (i + 1))
                self.assertIn(r.status, (401, 429))
        # counted until the account's own short delay began, then refused
        # before any hashing
        self.assertGreaterEqual(self.fails("u:supervisor"), 11)
        until = self.srv.q1("SELECT blocked_until FROM login_throttle WHERE"
                            " key = 'u:supervisor'")
        self.assertLessEqual(until - time.time(), 31)
        self.srv.exec("UPDATE login_throttle SET blocked_until = 0 WHERE"
                      " key = 'u:supervisor'")
        self.assertStatus(self.login("supervisor", ghtest.PASSWORD,
                                     src="127.0.2.1"), 201)

    def test_an_office_behind_one_address_logs_in_freely(self):
        # 60 people log in from one NAT address: successes never add up
        users = [u["username"] for u in self.srv.q(
            "SELECT username FROM users WHERE role <> 1 AND active = 1"
            " ORDER BY id LIMIT 60")]
        for u in users:
            self.assertStatus(self.login(u, ghtest.PASSWORD,
                                         src="127.0.7.1"), 201)
        self.assertIsNone(self.fails("a:127.0.7.1"))

    def test_spraying_from_one_source_is_slowed(self):
        users = [u["username"] for u in self.srv.q(
            "SELECT username FROM users WHERE role <> 1 ORDER BY id"
            " LIMIT 40")]
        answers = [self.login(u, "12345678", src="127.0.3.1").status
                   for u in users]
        self.assertEqual(answers[:30], [401] * 30)
        self.assertIn(429, answers[31:])
        self.assertGreaterEqual(self.fails("a:127.0.3.1"), 31)
        until = self.srv.q1("SELECT blocked_until FROM login_throttle WHERE"
                            " key = 'a:127.0.3.1'")
        self.assertLessEqual(until - time.time(), 61)

    def test_failures_are_aggregated_in_the_audit_with_the_address(self):
        audit = self.srv.q1("SELECT count(*) FROM audit")
        last = self.srv.q1("SELECT max(id) FROM audit")
        for i in range(400):
            r = self.login("no-such-user-%d" % (i % 3), "x", src="127.0.4.1")
            if r.status == 429:
                # the delays are the other tests' concern: go on at once
                self.srv.exec("UPDATE login_throttle SET blocked_until = 0")
            if (self.fails("a:127.0.4.1") or 0) >= 100:
                break
        self.assertEqual(self.fails("a:127.0.4.1"), 100)
        rows = self.srv.q("SELECT after FROM audit WHERE id > ? AND"
                          " action = 'session.fail'", last)
        added = self.srv.q1("SELECT count(*) FROM audit") - audit
        self.assertLess(added, 15, "one audit row per failure")
        self.assertGreater(added, 2)
        self.assertTrue(all(json.loads(r["after"])["addr"] == "127.0.4.1"
                            for r in rows))
        self.assertIn(100, [json.loads(r["after"])["failures_addr"]
                            for r in rows])

    def test_concurrent_guesses_cannot_pass_the_limit(self):
        results = []

        def guess(i):
            results.append(self.login("reviewer", "guess-%d" % i,
                                      src="127.0.5.1").status)
        threads = [threading.Thread(target=guess, args=(i,))
                   for i in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        # at most 3 free failures and the 4th that starts the delay were
        # hashed; every other guess was refused before its hash
        self.assertLessEqual(results.count(401), 4)
        self.assertEqual(results.count(401) + results.count(429), 16)

    def test_login_is_json_from_this_site(self):
        r = self.login("clerk", ghtest.PASSWORD,
                       headers={"Content-Type": "text/plain"})
        self.assertError(r, 415, "unsupported_media_type")
        r = self.login("clerk", ghtest.PASSWORD,
                       headers={"Origin": "http://evil.example"})
        self.assertError(r, 403)
        r = self.login("clerk", ghtest.PASSWORD, headers={
            "Origin": "http://127.0.0.1:%d" % self.srv.port})
        self.assertStatus(r, 201)
        # served over plain HTTP: no Secure flag
        cookie = [v for k, v in r.header_list if k == "Set-Cookie"][0]
        self.assertNotIn("Secure", cookie)

    def test_unknown_and_deactivated_accounts_take_as_long(self):
        self.srv.exec("UPDATE users SET active = 0 WHERE username ="
                      " 'applicant'")
        try:
            def median(user, src):
                ts = []
                for _ in range(3):
                    t = time.monotonic()
                    r = self.login(user, "wrong", src=src)
                    ts.append(time.monotonic() - t)
                    self.assertError(r, 401)
                return statistics.median(ts)
            known = median("clerk", "127.0.6.1")
            off = median("applicant", "127.0.6.2")
            unknown = median("nobody-here", "127.0.6.3")
            self.assertGreater(off, known / 3)
            self.assertGreater(unknown, known / 3)
        finally:
            self.srv.exec("UPDATE users SET active = 1 WHERE username ="
                          " 'applicant'")

    def test_sweep_purges_expired_sessions_and_stale_failures(self):
        self.assertStatus(self.login("applicant", ghtest.PASSWORD), 201)
        self.assertError(self.login("clerk", "x"), 401)
        live = self.srv.q1("SELECT count(*) FROM sessions")
        self.srv.exec("UPDATE sessions SET expires_at = 1 WHERE user_id ="
                      " (SELECT id FROM users WHERE username = 'applicant')")
        expired = self.srv.q1("SELECT count(*) FROM sessions WHERE"
                              " expires_at = 1")
        self.assertGreater(expired, 0)
        self.srv.exec("UPDATE login_throttle SET first_at = first_at - 90000")
        r = run_cli("sweep", self.srv.db, "--today", ghtest.TODAY)
        self.assertEqual(r.returncode, 0, r.stderr)
        sanitizer_clean(self, r)
        self.assertIn("清理过期会话等%d条" % (expired + 3), r.stdout)
        self.assertEqual(self.srv.q1("SELECT count(*) FROM sessions"),
                         live - expired)
        self.assertIsNone(self.fails("u:clerk"))
        # the admin's session still works
        self.assertStatus(self.srv.get("/api/v1/me", token="admin"), 200)


class SessionIdleTests(ServerTest):
    logins = ("admin", "clerk")

    def test_an_idle_session_ends(self):
        self.assertStatus(self.srv.get("/api/v1/me", token="clerk"), 200)
        self.srv.exec("UPDATE sessions SET last_seen = last_seen - 31 * 60")
        self.assertError(self.srv.get("/api/v1/me", token="clerk"), 401)
        # the setting tunes it
        self.srv.exec("INSERT INTO settings(key, value) VALUES"
                      " ('session_idle_minutes', '120')")
        self.assertStatus(self.srv.get("/api/v1/me", token="admin"), 200)
        self.srv.exec("UPDATE sessions SET last_seen = last_seen - 60 * 60")
        self.assertStatus(self.srv.get("/api/v1/me", token="admin"), 200)

    def test_use_is_marked_once_a_minute(self):
        self.srv.exec("UPDATE sessions SET last_seen = last_seen - 120")
        before = self.srv.q1("SELECT max(last_seen) FROM sessions")
        self.assertStatus(self.srv.get("/api/v1/me", token="admin"), 200)
        after = self.srv.q1("SELECT max(last_seen) FROM sessions")
        self.assertGreater(after, before)


class TrustedProxyTests(ServerTest):
    logins = ()
    server_args = ("--trust-proxy",)

    def test_secure_cookie_and_client_address_behind_a_proxy(self):
        r = self.srv.post("/api/v1/session", {"username": "clerk",
                                              "password": ghtest.PASSWORD},
                          headers={"X-Forwarded-Proto": "https",
                                   "X-Forwarded-For": "203.0.113.9"})
        self.assertStatus(r, 201)
        cookies = [v for k, v in r.header_list if k == "Set-Cookie"]
        self.assertTrue(all("; Secure" in c for c in cookies), cookies)
        addr = json.loads(self.srv.q1(
            "SELECT after FROM audit WHERE action = 'session.create'"
            " ORDER BY id DESC LIMIT 1"))["addr"]
        self.assertEqual(addr, "203.0.113.9")


if __name__ == "__main__":
    ghtest.main()
