"""Every kind of bad request gets a JSON error in Chinese, and writes
nothing: malformed or mistyped JSON, oversized bodies, invalid UTF-8,
unknown ids and routes, wrong methods, missing or bad logins, CSRF."""
import http.client
import json

import ghtest
from ghtest import ServerTest

ITEM = "450323-SCJG-0001"


class ErrorTests(ServerTest):

    def setUp(self):
        self.before = self.srv.counts()

    def refused(self, r, status, code=None):
        """The answer is the error, and the database is as it was."""
        e = self.assertError(r, status, code)
        self.assertUnchanged(self.before)
        return e

    def case_id(self):
        return self.srv.q1("SELECT id FROM cases WHERE dept_id = 3 AND"
                           " state = 0")

    def test_malformed_json(self):
        for raw in ("{", "{\"item_code\": }", "not json", "[1,2", "",
                    "{\"a\":1}{\"b\":2}", "{\"a\":1,\"a\":2}"):
            r = self.srv.post("/api/v1/cases", raw=raw, token="applicant")
            self.refused(r, 400)
        r = self.srv.post("/api/v1/cases", raw="[]", token="applicant")
        self.refused(r, 400)
        r = self.srv.post("/api/v1/session", raw="{", token=None)
        self.refused(r, 400)

    def test_wrong_types(self):
        for body in ({"item_code": 5}, {"item_code": ITEM, "materials": "x"},
                     {"item_code": ITEM, "materials": [1]},
                     {"item_code": ["a"]}, {"item_code": ITEM, "note": {}}):
            r = self.srv.post("/api/v1/cases", body, token="applicant")
            self.refused(r, 400)
        cid = self.case_id()
        for body in ({"action": 1}, {"action": "reject", "reason": 5},
                     {"action": "request_materials", "materials": {}}):
            r = self.srv.post("/api/v1/cases/%d/actions" % cid, body,
                              token="clerk")
            self.refused(r, 400)
        r = self.srv.post("/api/v1/session", {"username": 1, "password": "x"})
        self.refused(r, 400)

    def test_body_over_one_mib(self):
        big = json.dumps({"item_code": ITEM, "note": "x" * (1024 * 1024)})
        r = self.srv.post("/api/v1/cases", raw=big, token="applicant")
        self.refused(r, 413)
        # exactly at the cap is read (and then judged on its content)
        body = "{\"item_code\": \"%s\", \"note\": \"" % ITEM
        pad = 1024 * 1024 - len(body) - 2
        r = self.srv.post("/api/v1/cases", raw=body + "y" * pad + "\"}",
                          token="applicant")
        self.refused(r, 422)

    def test_body_over_one_mib_chunked(self):
        """No Content-Length: the server must still stop at 1 MiB."""
        conn = http.client.HTTPConnection("127.0.0.1", self.srv.port,
                                          timeout=60)
        chunk = b"x" * 65536

        def gen():
            yield b"{\"note\": \""
            for _ in range(20):
                yield chunk
            yield b"\"}"
        conn.request("POST", "/api/v1/cases", body=gen(), headers={
            "Authorization": "Bearer " + self.srv.tokens["applicant"],
            "Content-Type": "application/json"}, encode_chunked=True)
        r = conn.getresponse()
        resp = ghtest.Response(r.status, r.getheaders(), r.read())
        conn.close()
        self.refused(resp, 413)

    def test_invalid_utf8(self):
        raw = b"{\"item_code\": \"" + ITEM.encode() + b"\", \"note\": \"\xff\xfe\"}"
        r = self.srv.post("/api/v1/cases", raw=raw, token="applicant")
        self.refused(r, 400)
        raw = b"{\"item_code\": \"\xc0\xaf\"}"  # overlong encoding
        r = self.srv.post("/api/v1/cases", raw=raw, token="applicant")
        self.refused(r, 400)
        r = self.srv.post("/api/v1/items", raw=b"{\"code\": \"\xed\xa0\x80\"}",
                          token="admin")
        self.refused(r, 400)

    def test_nul_inside_string(self):
        r = self.srv.post("/api/v1/cases", raw="{\"item_code\": \"a\\u0000b\"}",
                          token="applicant")
        self.assertIn(r.status, (400, 422))
        self.refused(r, r.status)

    def test_unknown_ids(self):
        for path in ("/api/v1/cases/999999", "/api/v1/cases/0",
                     "/api/v1/cases/-1", "/api/v1/cases/abc",
                     "/api/v1/cases/99999999999999999999999",
                     "/api/v1/items/NO-SUCH-ITEM"):
            self.refused(self.srv.get(path, token="admin"), 404)
        r = self.srv.post("/api/v1/cases/999999/actions",
                          {"action": "accept"}, token="clerk")
        self.refused(r, 404)
        r = self.srv.put("/api/v1/items/NO-SUCH-ITEM", {"name": "x"},
                         token="admin")
        self.assertIn(r.status, (404, 422))
        self.refused(r, r.status)
        for verb in ("retire", "restore"):
            r = self.srv.post("/api/v1/items/NO-SUCH-ITEM/" + verb,
                              token="admin")
            self.refused(r, 404)

    def test_unknown_route_and_method(self):
        r = self.srv.get("/api/v1/nothing-here")
        self.refused(r, 404)
        r = self.srv.get("/api/v2/items")
        self.refused(r, 404)
        r = self.srv.request("PATCH", "/api/v1/items")
        self.refused(r, 405)
        r = self.srv.delete("/api/v1/cases", token="admin")
        self.refused(r, 405)
        r = self.srv.put("/api/v1/progress/ABC", {})
        self.refused(r, 405)

    def test_missing_or_bad_login(self):
        self.refused(self.srv.get("/api/v1/me"), 401)
        self.refused(self.srv.post("/api/v1/cases", {"item_code": ITEM}), 401)
        self.refused(self.srv.get("/api/v1/me", token="deadbeef"), 401)
        self.refused(self.srv.get("/api/v1/me", headers={
            "Authorization": "Basic YWRtaW46eA=="}), 401)
        self.refused(self.srv.get("/api/v1/me", headers={
            "Authorization": "Bearer "}), 401)
        # a failed login writes its failure count and one audit record
        # (session.fail), nothing else; the same for an unknown username
        r = self.srv.post("/api/v1/session", {"username": "admin",
                                              "password": "wrong"})
        e = self.assertError(r, 401)
        r2 = self.srv.post("/api/v1/session", {"username": "nobody",
                                               "password": "wrong"})
        e2 = self.assertError(r2, 401)
        self.assertEqual(e["message"], e2["message"])
        self.before["audit"] += 2
        self.assertUnchanged(self.before)
        self.assertEqual([r["object_id"] for r in self.srv.q(
            "SELECT object_id FROM audit WHERE action = 'session.fail'"
            " ORDER BY id DESC LIMIT 2")], ["nobody", "admin"])
        self.srv.exec("DELETE FROM login_throttle")
        r = self.srv.post("/api/v1/session", {"username": "admin"})
        self.refused(r, 422)

    def test_csrf_for_cookie_sessions(self):
        r = self.srv.post("/api/v1/session", {"username": "applicant",
                                              "password": ghtest.PASSWORD})
        self.assertStatus(r, 201)
        token, csrf = r.json["token"], r.json["csrf"]
        cookies = [v for k, v in r.header_list if k.lower() == "set-cookie"]
        self.assertTrue(any(c.startswith("gh_session=%s;" % token) and
                            "HttpOnly" in c for c in cookies), cookies)
        self.before = self.srv.counts()
        cookie = {"Cookie": "gh_session=" + token}
        # reads need no CSRF token
        self.assertStatus(self.srv.get("/api/v1/me", headers=cookie), 200)
        body = {"item_code": ITEM, "materials": []}
        r = self.srv.post("/api/v1/cases", body, headers=cookie)
        self.refused(r, 403)
        r = self.srv.post("/api/v1/cases", body, headers=dict(
            cookie, **{"X-CSRF-Token": "0" * len(csrf)}))
        self.refused(r, 403)
        r = self.srv.post("/api/v1/cases", body, headers=dict(
            cookie, **{"X-CSRF-Token": csrf[:-1]}))
        self.refused(r, 403)
        r = self.srv.post("/api/v1/cases", body, headers=dict(
            cookie, **{"X-CSRF-Token": csrf}))
        self.assertStatus(r, 201)
        self.assertEqual(self.srv.counts()["cases"], self.before["cases"] + 1)

    def test_limits_on_fields(self):
        r = self.srv.post("/api/v1/cases", {"item_code": ITEM,
                                            "note": "长" * 1000},
                          token="applicant")
        self.refused(r, 422)
        r = self.srv.post("/api/v1/cases", {"item_code": ITEM,
                                            "materials": ["m"] * 101},
                          token="applicant")
        self.refused(r, 422)
        r = self.srv.post("/api/v1/cases", {"item_code": ITEM,
                                            "materials": [""]},
                          token="applicant")
        self.refused(r, 422)

    def test_bad_query_parameters(self):
        for path in ("/api/v1/items?page=0", "/api/v1/items?per_page=201",
                     "/api/v1/items?dept=x", "/api/v1/items?type=nope",
                     "/api/v1/items?instant=maybe",
                     "/api/v1/calendar/deadline?from=2026-13-01&days=1",
                     "/api/v1/calendar/deadline?from=2026-01-01&days=-1",
                     "/api/v1/calendar/deadline?from=2026-01-01&days=x",
                     "/api/v1/calendar?year=1999"):
            self.refused(self.srv.get(path), 400)

    def test_errors_are_json_with_chinese_message(self):
        r = self.srv.get("/api/v1/none")
        self.assertTrue(r.headers["Content-Type"].startswith("application/json"))
        self.assertEqual(set(r.json), {"error"})


if __name__ == "__main__":
    ghtest.main()
