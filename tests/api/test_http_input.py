"""No byte sequence in a request's method, path, query, headers or body can
crash or hang govhall: each gets a well-formed JSON 4xx with a Chinese
message (issue 8, point 1).

The bad values are sent into every path parameter and every query
parameter of every route, read from the route table (src/api/routes.c) and
from the handlers' own parameter reads (src/api/*.c), so a new route or
parameter is covered without editing this file."""
import os
import random
import re
import socket
import urllib.parse

import ghtest
from ghtest import ServerTest

API = os.path.join(ghtest.SOURCE_DIR, "src", "api")

# Values that must never reach a handler as they are: invalid UTF-8 (a
# lone byte, an overlong "/", a truncated sequence, a surrogate), a NUL, a
# control character, an over-long value, a malformed escape.
BAD = ["%ff", "%C0%AF", "%e4%b8", "%ED%A0%80", "a%00b", "%00", "%1b[0m",
       "x" * 5000, "%zz", "%"]
# Values a handler must survive (2xx or 4xx, never 5xx).
ODD = [urllib.parse.quote(v) for v in (
    "", "-1", "0", "99999999999999999999", "1e309", "中文", " ",
    "2026-02-30", "' OR 1=1 --", "a" * 300)]


def routes():
    """[(method, pattern, handler)] from the route table."""
    with open(os.path.join(API, "routes.c"), encoding="utf-8") as f:
        text = f.read()
    out = re.findall(r'\{"(GET|POST|PUT|PATCH|DELETE)",\s*"([^"]+)",[^}]*?'
                     r'(api_[a-z_]+)(?:,\s*[A-Z0-9_]+)?\}', text, re.S)
    assert len(out) > 40, "route table not found"
    return out


def handler_query_names():
    """{handler: {query names it reads}}, from the source of src/api."""
    names = {}
    reads = re.compile(r'\b(?:http_query|api_query_int|bool_filter|'
                       r'enum_filter|query_day)\(req,\s*"([a-z_]+)"')
    for fn in os.listdir(API):
        if not fn.endswith(".c"):
            continue
        with open(os.path.join(API, fn), encoding="utf-8") as f:
            text = f.read()
        for m in re.finditer(r'\n(?:static )?void (api_[a-z_]+)\(struct '
                             r'http_req \*req\)\n\{(.*?)\n\}\n', text, re.S):
            names[m.group(1)] = set(reads.findall(m.group(2)))
    all_names = set()
    for v in names.values():
        all_names |= v
    return names, all_names


def fill(pattern, value):
    return re.sub(r"\{[a-z_]+\}", value, pattern)


def raw_request(port, data, timeout=10):
    """Sends raw bytes and reads one answer (or the close).  Returns
    (status, headers text, body bytes); status None when the server closed
    without answering.  Fails (socket.timeout) if the server neither
    answers nor closes in time: a hang."""
    with socket.create_connection(("127.0.0.1", port),
                                  timeout=timeout * ghtest.SLOW) as s:
        s.sendall(data)
        try:
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        buf = b""
        while b"\r\n\r\n" not in buf:
            try:
                b = s.recv(65536)
            except ConnectionResetError:
                b = b""
            if not b:
                break
            buf += b
        if b"\r\n\r\n" not in buf:
            return None, "", b""
        head, _, body = buf.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        m = re.search(r"(?im)^content-length:\s*(\d+)", head.decode("latin-1"))
        want = int(m.group(1)) if m else 0
        while len(body) < want:
            b = s.recv(65536)
            if not b:
                break
            body += b
    return int(lines[0].split(" ")[1]), "\r\n".join(lines[1:]), body


class HostileInputTests(ServerTest):
    # a request that never completes is cut at the deadline, not the
    # idle timeout that each byte restarts
    server_args = ("--request-deadline", "3")

    def setUp(self):
        self.before = self.srv.counts()

    def tearDown(self):
        # the server is alive and nothing was written
        self.assertStatus(self.srv.get("/api/v1/health"), 200)
        self.assertUnchanged(self.before)

    def assertJsonError(self, r, what):
        self.assertGreaterEqual(r.status, 400, what)
        self.assertLess(r.status, 500, "%s: %r" % (what, r))
        self.assertIsNotNone(r.json, "%s: not JSON: %r" % (what, r))
        e = r.json.get("error") or {}
        self.assertIsInstance(e.get("code"), str, what)
        self.assertTrue(any("\u4e00" <= ch <= "\u9fff"
                            for ch in e.get("message", "")), what)

    def send(self, method, path, token):
        body = {} if method in ("POST", "PUT", "PATCH") else None
        return self.srv.request(method, path, body=body, token=token)

    def test_issue_example_kills_nothing(self):
        r = self.srv.get("/api/%ff")
        self.assertJsonError(r, "/api/%ff")
        for p in ("type", "level", "state"):
            r = self.srv.get("/api/v1/items?%s=%%ff" % p)
            self.assertJsonError(r, p)

    def test_bad_values_in_every_path_parameter(self):
        n = 0
        for method, pattern, _ in routes():
            if "{" not in pattern:
                continue
            for v in BAD:
                for who in (None, "admin", "supervisor", "clerk",
                            "applicant"):
                    path = fill(pattern, v)
                    r = self.send(method, path, who)
                    self.assertJsonError(r, "%s %s as %s" % (method, path,
                                                             who))
                    n += 1
        self.assertGreater(n, 500)

    def test_bad_values_in_every_query_parameter(self):
        per_handler, all_names = handler_query_names()
        self.assertGreater(len(all_names), 10)
        n = 0
        for method, pattern, handler in routes():
            names = per_handler.get(handler, set()) | {"page", "per_page"}
            path = fill(pattern, "1")
            for name in sorted(names):
                for v in BAD:
                    for who in (None, "admin", "supervisor"):
                        p = "%s?%s=%s" % (path, name, v)
                        r = self.send(method, p, who)
                        self.assertJsonError(r, "%s %s as %s" % (method, p,
                                                                 who))
                        n += 1
                if method != "GET":
                    continue
                for v in ODD:
                    for who in (None, "admin", "supervisor"):
                        p = "%s?%s=%s" % (path, name, v)
                        r = self.send(method, p, who)
                        self.assertLess(r.status, 500, "%s %r" % (p, r))
                        if not pattern.endswith(".yaml"):
                            self.assertIsNotNone(r.json, p)
                        n += 1
        self.assertGreater(n, 1000)

    def test_bad_names_and_many_parameters(self):
        for q in ("%ff=1", "a%00=1", "x" * 3000 + "=1",
                  "&".join("p%d=1" % i for i in range(100))):
            self.assertJsonError(self.srv.get("/api/v1/items?" + q), q[:40])

    def test_raw_bytes_in_target_and_headers(self):
        port = self.srv.port
        cases = [
            b"GET /api/\xff HTTP/1.1\r\nHost: x\r\n\r\n",
            b"GET /api/v1/items?type=\xc0\xaf HTTP/1.1\r\nHost: x\r\n\r\n",
            b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n",
            # HTTP/1.1 without Host
            b"GET /api/v1/health HTTP/1.1\r\n\r\n",
            # conflicting lengths (request smuggling)
            b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: "
            b"application/json\r\nContent-Length: 2\r\nContent-Length: 3"
            b"\r\n\r\n{}",
        ]
        for data in cases:
            status, head, body = raw_request(port, data)
            self.assertIsNotNone(status, data)
            self.assertGreaterEqual(status, 400, data)
            self.assertLess(status, 500, data)
        # the ones govhall answers itself are JSON with a Chinese message
        for data in cases:
            status, head, body = raw_request(port, data)
            self.assertIn("application/json", head, data)
            self.assertIn("error", body.decode("utf-8"), data)

    def test_random_bytes_never_crash_or_hang(self):
        rnd = random.Random(8)
        port = self.srv.port
        pieces = [b"GET ", b"POST ", b"/api/v1/", b"items", b"cases/1",
                  b"?", b"&", b"=", b"%", b"%ff", b"\x00", b"\xff", b"\r\n",
                  b"Host: x\r\n", b"Content-Length: 5\r\n", b"{}", b" HTTP/1.1",
                  b"Transfer-Encoding: chunked\r\n", b"0\r\n\r\n", b"\xe4\xb8"]
        for _ in range(300):
            data = b"".join(rnd.choice(pieces)
                            for _ in range(rnd.randint(1, 25)))
            if rnd.random() < 0.5:
                data += b"\r\n\r\n"
            raw_request(port, data, timeout=10)


if __name__ == "__main__":
    ghtest.main()
