"""Reminders by e-mail and SMS (issue 4, point 7): the sweep queues an outbox
message for each new in-app notification, and `govhall deliver` (or the
serve ticker) sends them to a local SMTP sink and a local HTTP SMS gateway,
retries failures on the backoff schedule and never sends one message twice
when several workers deliver at once.

The SMTP sink is a small SMTP server on 127.0.0.1 written here with the
standard library (smtpd is deprecated and gone from Python 3.12)."""
import email
import email.policy
import http.server
import json
import os
import re
import socketserver
import sqlite3
import subprocess
import threading
import time
import unittest

import ghtest
from ghtest import run_cli, TempDir, make_demo, free_port, sanitizer_clean

LATER = "2026-12-10"   # a sweep on this day turns many demo cases red
FROM = "govhall@example.gov.cn"


class SmtpSink:
    """An SMTP server that keeps every message it is given.  Advertises no
    STARTTLS and no AUTH, like a relay on the loopback."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.messages = []      # {"mail_from", "rcpts", "data"}
        self.lock = threading.Lock()
        self.server = None

    def start(self):
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, text):
                self.wfile.write(text.encode("ascii") + b"\r\n")

            def handle(self):
                self.reply("220 sink.test ESMTP")
                mail_from, rcpts = None, []
                while True:
                    line = self.rfile.readline(4096)
                    if not line:
                        return
                    cmd = line.decode("ascii", "replace").rstrip("\r\n")
                    verb = cmd[:4].upper()
                    if verb == "EHLO":
                        self.reply("250-sink.test")
                        self.reply("250 8BITMIME")
                    elif verb == "HELO":
                        self.reply("250 sink.test")
                    elif verb == "MAIL":
                        m = re.search(r"<([^>]*)>", cmd)
                        mail_from, rcpts = m.group(1) if m else "", []
                        self.reply("250 OK")
                    elif verb == "RCPT":
                        m = re.search(r"<([^>]*)>", cmd)
                        rcpts.append(m.group(1) if m else "")
                        self.reply("250 OK")
                    elif verb == "DATA":
                        self.reply("354 go ahead")
                        data = []
                        while True:
                            ln = self.rfile.readline(65536)
                            if not ln or ln == b".\r\n":
                                break
                            if ln.startswith(b".."):
                                ln = ln[1:]
                            data.append(ln)
                        with sink.lock:
                            sink.messages.append({"mail_from": mail_from,
                                                  "rcpts": rcpts,
                                                  "data": b"".join(data)})
                        self.reply("250 queued")
                        mail_from, rcpts = None, []
                    elif verb in ("RSET", "NOOP"):
                        self.reply("250 OK")
                    elif verb == "QUIT":
                        self.reply("221 bye")
                        return
                    else:
                        self.reply("502 not implemented")

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self.server = Server(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True,
                         kwargs={"poll_interval": 0.05}).start()
        return self

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def parsed(self):
        with self.lock:
            return [(m, email.message_from_bytes(m["data"],
                                                 policy=email.policy.default))
                    for m in self.messages]


class SmsGateway:
    """An HTTP SMS gateway: keeps each POST and answers self.status."""

    def __init__(self):
        self.port = free_port()
        self.requests = []
        self.status = 200
        self.lock = threading.Lock()
        gw = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(n)
                with gw.lock:
                    gw.requests.append({"path": self.path,
                                        "headers": dict(self.headers),
                                        "body": body})
                    status = gw.status
                out = json.dumps({"ok": status == 200}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port),
                                                      Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True,
                         kwargs={"poll_interval": 0.05}).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class OutboxTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.n = 0

    @classmethod
    def tearDownClass(cls):
        cls.tmp.close()

    # ---- fixtures --------------------------------------------------------------

    def db(self, emails=True, landline_user=None):
        """A demo centre whose staff have e-mail addresses u<id>@example.gov.cn,
        swept on LATER so that reminders are queued.  Returns the path."""
        OutboxTests.n += 1
        path = self.tmp.file("outbox%d.db" % self.n)
        make_demo(path)
        con = ghtest.connect(path)
        with con:
            if emails:
                con.execute("UPDATE users SET email = 'u' || id ||"
                            " '@example.gov.cn' WHERE role <> 1")
            if landline_user:
                con.execute("UPDATE users SET phone = '0773-8123456' WHERE"
                            " id = ?", (landline_user,))
            self.before = con.execute(
                "SELECT coalesce(max(id), 0) FROM notifications").fetchone()[0]
            self.outbox_before = con.execute(
                "SELECT coalesce(max(id), 0) FROM outbox").fetchone()[0]
        con.close()
        r = run_cli("sweep", path, "--today", LATER)
        self.assertEqual(r.returncode, 0, r.stderr)
        sanitizer_clean(self, r)
        return path

    def q(self, path, sql, *args):
        con = ghtest.connect(path)
        con.row_factory = sqlite3.Row
        try:
            return [dict(x) for x in con.execute(sql, args).fetchall()]
        finally:
            con.close()

    def exec(self, path, sql, *args):
        con = ghtest.connect(path)
        try:
            with con:
                con.execute(sql, args)
        finally:
            con.close()

    def settings(self, path, **kv):
        for k, v in kv.items():
            self.exec(path, "INSERT INTO settings(key, value) VALUES (?, ?)"
                      " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                      k, str(v))

    def deliver(self, path):
        r = run_cli("deliver", path)
        self.assertEqual(r.returncode, 0, r.stderr)
        sanitizer_clean(self, r)
        return r

    def only_rows(self, path, channel, keep):
        """Keeps the first `keep` messages of a channel and drops the rest
        (and every message of the other channel), for small exact tests.
        Only messages queued by the fixture's sweep are kept: the demo's own
        were queued on its simulated day, which the real clock that judges
        staleness leaves further behind every day."""
        self.exec(path, "DELETE FROM outbox WHERE channel <> ? OR id <= ?",
                  channel, self.outbox_before)
        self.exec(path, "DELETE FROM outbox WHERE id NOT IN (SELECT id FROM"
                  " outbox ORDER BY id LIMIT ?)", keep)
        return self.q(path, "SELECT * FROM outbox ORDER BY id")

    # ---- queueing ----------------------------------------------------------------

    def test_sweep_queues_one_message_per_channel_for_each_new_notification(self):
        path = self.db()
        new = self.q(path, "SELECT n.*, u.email, u.phone FROM notifications n"
                     " JOIN users u ON u.id = n.user_id WHERE n.id > ?",
                     self.before)
        self.assertGreater(len(new), 20)
        kinds = {n["kind"] for n in new}
        self.assertTrue({"overdue", "overdue_dept"} <= kinds, kinds)
        rows = self.q(path, "SELECT * FROM outbox WHERE id > ?",
                      self.outbox_before)
        emails = [r for r in rows if r["channel"] == "email"]
        sms = [r for r in rows if r["channel"] == "sms"]
        self.assertEqual(len(emails), len(new))
        self.assertEqual(len(sms), len(new))    # every demo phone is a mobile
        for n in new:
            mine = [r for r in emails if r["recipient"] == n["email"] and
                    r["body"].startswith(n["text"])]
            self.assertEqual(len(mine), 1, n)
            m = mine[0]
            self.assertIn(n["text"], m["body"])
            self.assertIn("自动发送", m["body"])
            self.assertRegex(m["subject"], r"^【[^】]+】办件[0-9A-Z]{12} ")
            self.assertEqual((m["state"], m["attempts"], m["last_error"]),
                             (0, 0, ""))
            self.assertEqual(m["next_attempt_at"], m["created_at"])
            self.assertIsNone(m["claimed_by"])
            self.assertEqual(len([r for r in sms if r["body"] == n["text"] and
                                  r["recipient"] == n["phone"]]), 1, n)
        # a second sweep creates no notification and queues nothing
        count = len(self.q(path, "SELECT id FROM outbox"))
        r = run_cli("sweep", path, "--today", LATER)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(self.q(path, "SELECT id FROM outbox")), count)

    def test_no_sms_to_a_landline_and_no_email_without_an_address(self):
        # the chief who hears of most red lights in the demo, without email
        probe = self.db()
        top = self.q(probe, "SELECT user_id, count(*) AS n FROM notifications"
                     " WHERE id > ? GROUP BY user_id ORDER BY n DESC LIMIT 1",
                     self.before)[0]["user_id"]
        path = self.db(emails=False, landline_user=top)
        new = self.q(path, "SELECT n.user_id, n.text FROM notifications n"
                     " WHERE n.id > ?", self.before)
        self.assertIn(top, {n["user_id"] for n in new})
        rows = self.q(path, "SELECT * FROM outbox WHERE id > ?",
                      self.outbox_before)
        self.assertEqual([r for r in rows if r["channel"] == "email"], [])
        self.assertEqual(len(rows), len([n for n in new
                                         if n["user_id"] != top]))
        for r in rows:
            self.assertRegex(r["recipient"], r"^1[3-9]\d{9}$")

    # ---- e-mail ------------------------------------------------------------------

    def test_email_reaches_the_sink_with_utf8_subject_and_body(self):
        path = self.db()
        sink = SmtpSink().start()
        try:
            self.settings(path, smtp_url="smtp://127.0.0.1:%d" % sink.port,
                          smtp_from=FROM)
            rows = self.q(path, "SELECT * FROM outbox WHERE channel = 'email'"
                          " ORDER BY id")
            # more than one pass sends (OUTBOX_MAX_PER_PASS): the rest
            # waits for the next pass
            self.assertGreater(len(rows), 100)
            r = self.deliver(path)
            self.assertIn("已发送100条", r.stdout)
            self.assertEqual(len(sink.parsed()), 100)
            r = self.deliver(path)
            self.assertIn("已发送%d条" % (len(rows) - 100), r.stdout)
            # SMS is not configured: those stay pending, untouched, counted
            sms = self.q(path, "SELECT * FROM outbox WHERE channel = 'sms'")
            self.assertIn("渠道未配置而待发%d条" % len(sms), r.stdout)
            for s in sms:
                self.assertEqual((s["state"], s["attempts"]), (0, 0))
            got = sink.parsed()
        finally:
            sink.stop()
        self.assertEqual(len(got), len(rows))
        by_id = {}
        for env, msg in got:
            mid = re.fullmatch(r"<govhall\.outbox\.(\d+)\.(\d+)@example\.gov\.cn>",
                               msg["Message-ID"])
            self.assertIsNotNone(mid, msg["Message-ID"])
            by_id[int(mid.group(1))] = (env, msg)
        for row in self.q(path, "SELECT * FROM outbox WHERE channel = 'email'"
                          " ORDER BY id"):
            self.assertEqual(row["state"], 1, row)
            self.assertEqual(row["attempts"], 1)
            self.assertEqual(row["last_error"], "")
            self.assertIsNotNone(row["sent_at"])
            self.assertLessEqual(abs(row["sent_at"] - time.time()), 120)
            self.assertIsNone(row["claimed_by"])
            env, msg = by_id[row["id"]]
            self.assertEqual(env["mail_from"], FROM)
            self.assertEqual(env["rcpts"], [row["recipient"]])
            self.assertEqual(msg["To"], row["recipient"])
            self.assertEqual(msg["From"], FROM)
            self.assertEqual(msg["Subject"], row["subject"])
            self.assertEqual(msg.get_content_type(), "text/plain")
            self.assertEqual(msg.get_content_charset(), "utf-8")
            self.assertIsNotNone(msg["Date"].datetime)
            self.assertEqual(msg.get_content().replace("\r\n", "\n"),
                             row["body"])
            raw = env["data"].decode("ascii")   # 7-bit on the wire
            self.assertIn("Subject: =?UTF-8?B?", raw)
            head = raw.split("\r\n\r\n", 1)[0]
            for line in head.split("\r\n"):
                self.assertLessEqual(len(line), 78, line)
        # nothing is due any more: a second pass sends nothing
        r = self.deliver(path)
        self.assertIn("已发送0条", r.stdout)

    def test_failure_is_recorded_and_retried_after_the_backoff(self):
        path = self.db()
        (row,) = self.only_rows(path, "email", 1)
        port = free_port()     # nobody listens there yet
        self.settings(path, smtp_url="smtp://127.0.0.1:%d" % port,
                      smtp_from=FROM)
        t0 = int(time.time())
        r = self.deliver(path)
        self.assertIn("待重试1条", r.stdout)
        (row,) = self.q(path, "SELECT * FROM outbox")
        self.assertEqual((row["state"], row["attempts"]), (0, 1))
        self.assertRegex(row["last_error"], r"^email: .*connect")
        self.assertIsNone(row["sent_at"])
        self.assertIsNone(row["claimed_by"])
        # 1 minute after the first failure
        self.assertGreaterEqual(row["next_attempt_at"], t0 + 60)
        self.assertLessEqual(row["next_attempt_at"], int(time.time()) + 61)

        sink = SmtpSink(port).start()
        try:
            # not due yet: the sink, now up, gets nothing
            self.deliver(path)
            self.assertEqual(sink.parsed(), [])
            self.assertEqual(self.q(path, "SELECT attempts FROM outbox")[0]
                             ["attempts"], 1)
            # once next_attempt_at has passed, the next pass sends it
            self.exec(path, "UPDATE outbox SET next_attempt_at ="
                      " next_attempt_at - 61")
            r = self.deliver(path)
            self.assertIn("已发送1条", r.stdout)
            got = sink.parsed()
        finally:
            sink.stop()
        self.assertEqual(len(got), 1)
        self.assertEqual(got[0][0]["rcpts"], [row["recipient"]])
        (row,) = self.q(path, "SELECT * FROM outbox")
        self.assertEqual((row["state"], row["attempts"], row["last_error"]),
                         (1, 2, ""))
        self.assertIsNotNone(row["sent_at"])

    def test_backoff_grows_and_gives_up_after_max_attempts(self):
        path = self.db()
        self.only_rows(path, "email", 1)
        self.settings(path, smtp_url="smtp://127.0.0.1:%d" % free_port(),
                      smtp_from=FROM, outbox_max_attempts=3)
        waits = []
        for attempt in (1, 2, 3):
            t0 = int(time.time())
            self.deliver(path)
            (row,) = self.q(path, "SELECT * FROM outbox")
            self.assertEqual(row["attempts"], attempt)
            waits.append(row["next_attempt_at"] - t0)
            self.exec(path, "UPDATE outbox SET next_attempt_at = 0")
        # measured from before the process started: allow for slow starts
        self.assertTrue(60 <= waits[0] <= 60 + 15 * ghtest.SLOW, waits)
        self.assertTrue(300 <= waits[1] <= 300 + 15 * ghtest.SLOW, waits)
        self.assertEqual(row["state"], 2)      # failed for good
        self.assertIn("email:", row["last_error"])
        r = self.deliver(path)                 # and left alone afterwards
        self.assertIn("已发送0条, 待重试0条, 最终失败0条", r.stdout)
        self.assertEqual(self.q(path, "SELECT attempts FROM outbox")[0]
                         ["attempts"], 3)

    def test_channel_down_defers_the_rest_of_the_batch(self):
        path = self.db()
        self.only_rows(path, "email", 3)
        self.settings(path, smtp_url="smtp://127.0.0.1:%d" % free_port(),
                      smtp_from=FROM)
        r = self.deliver(path)
        self.assertIn("待重试1条", r.stdout)
        self.assertIn("顺延2条", r.stdout)
        rows = self.q(path, "SELECT * FROM outbox ORDER BY id")
        self.assertEqual([x["attempts"] for x in rows], [1, 0, 0])
        self.assertEqual([x["claimed_by"] for x in rows], [None] * 3)

    def test_several_workers_never_send_one_message_twice(self):
        path = self.db()
        rows = self.q(path, "SELECT id FROM outbox WHERE channel = 'email'")
        self.assertGreater(len(rows), 30)
        sink = SmtpSink().start()
        try:
            self.settings(path, smtp_url="smtp://127.0.0.1:%d" % sink.port,
                          smtp_from=FROM)
            procs = [subprocess.Popen([ghtest.BIN] + ghtest._cli_args(
                ["deliver", path]),
                                      stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True)
                     for _ in range(4)]
            outs = [p.communicate(timeout=120 * ghtest.SLOW) for p in procs]
            for p, (out, err) in zip(procs, outs):
                self.assertEqual(p.returncode, 0, err)
                self.assertNotIn("Sanitizer", err)
            got = sink.parsed()
        finally:
            sink.stop()
        ids = [m["Message-ID"] for _, m in got]
        self.assertEqual(len(ids), len(set(ids)))
        self.assertEqual(len(ids), len(rows))
        sent = sum(int(re.search(r"已发送(\d+)条", o).group(1)) for o, _ in outs)
        self.assertEqual(sent, len(rows))
        self.assertEqual(self.q(path, "SELECT count(*) AS n FROM outbox WHERE"
                                " channel = 'email' AND (state <> 1 OR"
                                " attempts <> 1)")[0]["n"], 0)

    def test_stale_messages_are_given_up_not_sent(self):
        path = self.db()
        rows = self.only_rows(path, "email", 3)
        day = 86400
        # queued 8 days ago while no channel was configured; the third
        # retried recently, so only its age at sending time tells
        self.exec(path, "UPDATE outbox SET created_at = created_at - ?,"
                  " next_attempt_at = next_attempt_at - ? WHERE id < ?",
                  8 * day, 8 * day, rows[2]["id"])
        self.exec(path, "UPDATE outbox SET created_at = created_at - ?"
                  " WHERE id = ?", 8 * day, rows[2]["id"])
        sink = SmtpSink().start()
        try:
            self.settings(path, smtp_url="smtp://127.0.0.1:%d" % sink.port,
                          smtp_from=FROM)
            r = self.deliver(path)
            self.assertIn("最终失败3条(其中过期3条)", r.stdout)
            self.assertEqual(sink.parsed(), [])
            for row in self.q(path, "SELECT * FROM outbox"):
                self.assertEqual(row["state"], 2)
                self.assertTrue(row["last_error"].startswith("expired"), row)
            # outbox_max_age_days 0: never stale
            self.exec(path, "UPDATE outbox SET state = 0, last_error = '',"
                      " next_attempt_at = 0")
            self.settings(path, outbox_max_age_days=0)
            r = self.deliver(path)
            self.assertIn("已发送3条", r.stdout)
            self.assertEqual(len(sink.parsed()), 3)
        finally:
            sink.stop()

    # ---- SMS -----------------------------------------------------------------------

    def test_sms_is_posted_as_json_with_the_bearer_token(self):
        path = self.db(emails=False)
        rows = self.only_rows(path, "sms", 2)
        gw = SmsGateway()
        try:
            self.settings(path, sms_gateway_url="http://127.0.0.1:%d/v1/send"
                          % gw.port, sms_token="s3cret-token")
            r = self.deliver(path)
            self.assertIn("已发送2条", r.stdout)
            reqs = list(gw.requests)
        finally:
            gw.stop()
        self.assertEqual(len(reqs), 2)
        for req, row in zip(reqs, rows):
            self.assertEqual(req["path"], "/v1/send")
            self.assertEqual(req["headers"]["Authorization"],
                             "Bearer s3cret-token")
            self.assertTrue(req["headers"]["Content-Type"].startswith(
                "application/json"))
            body = json.loads(req["body"].decode("utf-8"))
            self.assertEqual(body, {"to": row["recipient"],
                                    "text": row["body"]})
            self.assertRegex(body["to"], r"^1[3-9]\d{9}$")
            self.assertIn("办件", body["text"])
        for row in self.q(path, "SELECT * FROM outbox"):
            self.assertEqual((row["state"], row["attempts"]), (1, 1))

    def test_sms_gateway_errors_are_recorded(self):
        path = self.db(emails=False)
        self.only_rows(path, "sms", 3)
        gw = SmsGateway()
        try:
            self.settings(path, sms_gateway_url="http://127.0.0.1:%d/send"
                          % gw.port)
            # a refusal of one message: each message is tried
            gw.status = 400
            r = self.deliver(path)
            self.assertIn("待重试3条", r.stdout)
            rows = self.q(path, "SELECT * FROM outbox ORDER BY id")
            for row in rows:
                self.assertEqual((row["state"], row["attempts"]), (0, 1))
                self.assertIn("HTTP 400", row["last_error"])
                self.assertIn('"ok": false', row["last_error"])
            # no token configured: no Authorization header
            self.assertNotIn("Authorization", gw.requests[0]["headers"])
            # a failing gateway: the first message tells, the rest wait
            self.exec(path, "UPDATE outbox SET next_attempt_at = 0")
            gw.status = 503
            r = self.deliver(path)
            self.assertIn("待重试1条", r.stdout)
            self.assertIn("顺延2条", r.stdout)
            rows = self.q(path, "SELECT * FROM outbox ORDER BY id")
            self.assertEqual([x["attempts"] for x in rows], [2, 1, 1])
            self.assertIn("HTTP 503", rows[0]["last_error"])
            self.assertEqual(len(gw.requests), 4)
        finally:
            gw.stop()

    def test_unconfigured_channels_leave_messages_pending(self):
        path = self.db()
        n = len(self.q(path, "SELECT id FROM outbox WHERE state = 0"))
        # a channel set up wrong counts as not set up
        self.settings(path, smtp_url="http://127.0.0.1:1/", smtp_from=FROM,
                      sms_gateway_url="ftp://127.0.0.1/")
        r = self.deliver(path)
        self.assertIn("渠道未配置而待发%d条" % n, r.stdout)
        self.assertEqual(self.q(path, "SELECT count(*) AS n FROM outbox WHERE"
                                " state <> 0 OR attempts <> 0")[0]["n"], 0)

    # ---- the serve ticker ------------------------------------------------------------

    def test_serve_ticker_sweeps_and_delivers(self):
        OutboxTests.n += 1
        path = self.tmp.file("serve%d.db" % self.n)
        make_demo(path)
        sink = SmtpSink().start()
        srv = None
        try:
            self.exec(path, "UPDATE users SET email = 'u' || id ||"
                      " '@example.gov.cn' WHERE role <> 1")
            self.settings(path, smtp_url="smtp://127.0.0.1:%d" % sink.port,
                          smtp_from=FROM)
            srv = ghtest.Server(path, today=LATER,
                                extra=["--sweep-interval", "1"]).start()
            deadline = time.time() + 60 * ghtest.SLOW
            while time.time() < deadline:
                rows = self.q(path, "SELECT state FROM outbox WHERE"
                              " channel = 'email'")
                if rows and all(x["state"] == 1 for x in rows):
                    break
                time.sleep(0.2)
            self.assertTrue(rows)
            self.assertEqual({x["state"] for x in rows}, {1})
            self.assertEqual(len(sink.parsed()), len(rows))
        finally:
            if srv:
                self.assertEqual(srv.stop(), 0)
            sink.stop()


if __name__ == "__main__":
    ghtest.main()
