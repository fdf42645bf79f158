"""Applicant accounts (issue 10, part 1): SMS codes through the outbox,
registration of people and companies with GB 11643 / GB 32100 checks,
real name, logins by phone, ID number and SMS code, password reset,
经办人 acting for a company, and the walk-in checks at the window."""
import re
import time

import ghtest
from ghtest import ServerTest

PW = "Lj-apply-2026!"
# in data/demo/identities.csv, the local verifier's list
ZHANG = ("张伟", "450323198503120014")
LI = ("李娜", "450323199007250228")
WANG = ("王芳", "450304197811080436")
COMPANY = ("灵川县好味道餐饮有限公司", "91450323MA5L00010K")
# valid check digits, not in the verifier's list
STRANGER = ("马超", "110101199003074573")

_phones = iter(range(13700000001, 13700009999))


def new_phone():
    return str(next(_phones))


class AccountTest(ServerTest):
    server_args = ("--sms-log",)
    logins = ("clerk", "applicant", "admin")

    def log_text(self):
        with open(self.srv.db + ".log", "rb") as f:
            return f.read().decode("utf-8", "replace")

    def age_codes(self, phone):
        """Moves phone's codes past the one-a-minute gap."""
        self.srv.exec("UPDATE sms_codes SET created_at = created_at - 120"
                      " WHERE phone = ?", phone)

    def sms_code(self, phone, purpose="register", expect=200):
        r = self.srv.post("/api/v1/accounts/sms-code",
                          {"phone": phone, "purpose": purpose})
        self.assertStatus(r, expect)
        if expect != 200:
            return r
        for _ in range(50 * ghtest.SLOW):
            m = re.findall(r"^SMS %s: \D*(\d{6})" % phone, self.log_text(),
                           re.M)
            if m:
                return m[-1]
            time.sleep(0.05)
        return None

    def register(self, name, id_number, phone=None, **extra):
        phone = phone or new_phone()
        code = self.sms_code(phone)
        body = {"kind": "person", "name": name, "id_number": id_number,
                "phone": phone, "password": PW, "sms_code": code}
        body.update(extra)
        return phone, self.srv.post("/api/v1/accounts", body)

    def login(self, username, password=PW):
        r = self.srv.post("/api/v1/session", {"username": username,
                                              "password": password})
        self.assertStatus(r, 201)
        return r.json["token"]


class RegistrationTests(AccountTest):
    def test_person_registers_and_logs_in_three_ways(self):
        phone, r = self.register(*ZHANG)
        self.assertStatus(r, 201)
        u = r.json
        self.assertEqual(u["kind"], "person")
        self.assertTrue(u["real_name"])
        self.assertEqual(u["real_name_label"], "实名")
        self.assertNotIn(phone, r.text)     # masked
        self.assertNotIn(ZHANG[1], r.text)
        for login in (phone, ZHANG[1]):
            tok = self.login(login)
            me = self.srv.get("/api/v1/me", token=tok)
            self.assertEqual(me.json["id"], u["id"])
        self.age_codes(phone)
        code = self.sms_code(phone, "login")
        r = self.srv.post("/api/v1/session", {"phone": phone,
                                              "sms_code": code})
        self.assertStatus(r, 201)
        self.assertEqual(r.json["user"]["id"], u["id"])
        # a code is good once
        r = self.srv.post("/api/v1/session", {"phone": phone,
                                              "sms_code": code})
        self.assertError(r, 422)
        n = self.srv.q1("SELECT count(*) FROM audit WHERE action ="
                        " 'account.register' AND object_id = ?",
                        u["username"])
        self.assertEqual(n, 1)

    def test_stranger_stays_below_real_name(self):
        phone, r = self.register(*STRANGER)
        self.assertStatus(r, 201)
        self.assertFalse(r.json["real_name"])
        tok = self.login(phone)
        r = self.srv.post("/api/v1/me/realname", {}, token=tok)
        e = self.assertError(r, 422)
        self.assertEqual(e["field"], "id_number")
        # a clerk who saw the ID card confirms it
        r = self.srv.post("/api/v1/accounts/%d/realname" %
                          self.srv.q1("SELECT id FROM users WHERE phone"
                                      " = ?", phone),
                          {"reason": "窗口查验居民身份证原件"}, token="clerk")
        self.assertStatus(r, 200)
        self.assertTrue(r.json["real_name"])
        self.assertEqual(self.srv.q1("SELECT real_name_by FROM users WHERE"
                                     " phone = ?", phone)[:6], "staff:")

    def test_bad_identities_name_their_field_and_write_nothing(self):
        cases = [
            ({"id_number": "450323198503120011"}, "id_number"),   # check digit
            ({"id_number": "450323198502300013"}, "id_number"),   # 02-30
            ({"id_number": "123"}, "id_number"),
            ({"id_number": "450323209901010014"}, "id_number"),   # future
            ({"name": "张"}, "name"),
            ({"name": "张3"}, "name"),
        ]
        for change, field in cases:
            phone = new_phone()
            code = self.sms_code(phone)
            before = self.srv.counts()
            body = {"kind": "person", "name": "赵六", "id_number":
                    "450323198503120014", "phone": phone, "password": PW,
                    "sms_code": code}
            body.update(change)
            e = self.assertError(self.srv.post("/api/v1/accounts", body), 422)
            self.assertEqual(e["field"], field, change)
            self.assertUnchanged(before)
        for phone in ("1", "1390000000", "23912345678", "139123456789",
                      "1391234567x"):
            e = self.assertError(self.srv.post(
                "/api/v1/accounts/sms-code", {"phone": phone}), 422)
            self.assertEqual(e["field"], "phone")
        e = self.assertError(self.srv.post("/api/v1/accounts", {
            "kind": "company", "company_name": "某某公司", "credit_code":
            "91450323MA5L00010A", "legal_person": "张伟", "phone":
            new_phone(), "password": PW, "sms_code": "123456"}), 422)
        self.assertEqual(e["field"], "credit_code")
        e = self.assertError(self.srv.post("/api/v1/accounts", {
            "kind": "robot", "name": "赵六", "id_number": ZHANG[1],
            "phone": new_phone(), "password": PW, "sms_code": "123456"}), 422)
        self.assertEqual(e["field"], "kind")

    def test_codes_wrong_expired_and_limited(self):
        phone = new_phone()
        code = self.sms_code(phone)
        # within a minute: refused
        r = self.sms_code(phone, expect=429)
        self.assertGreater(r.json["error"]["retry_after"], 0)
        body = {"kind": "person", "name": LI[0], "id_number": LI[1],
                "phone": phone, "password": PW}
        wrong = "%06d" % ((int(code) + 1) % 1000000)
        for i in range(5):
            e = self.assertError(self.srv.post("/api/v1/accounts",
                                               dict(body, sms_code=wrong)), 422)
            self.assertEqual(e["field"], "sms_code")
        # five wrong guesses burn the code, even the right one now fails
        self.assertError(self.srv.post("/api/v1/accounts",
                                       dict(body, sms_code=code)), 422)
        self.assertEqual(self.srv.q1("SELECT count(*) FROM users WHERE"
                                     " phone = ?", phone), 0)
        self.assertEqual(self.srv.q1("SELECT attempts FROM sms_codes WHERE"
                                     " phone = ?", phone), 5)
        # only a hash of the code is kept
        stored = self.srv.q1("SELECT %s FROM sms_codes WHERE phone = ?"
                             % ghtest.HEX("code_hash"), phone).lower()
        self.assertEqual(len(stored), 64)
        self.assertNotIn(code.encode().hex(), stored)

    def test_taken_phone_and_id_are_conflicts(self):
        phone, r = self.register(*WANG)
        self.assertStatus(r, 201)
        _, r = self.register(*WANG)
        e = self.assertError(r, 409)
        self.assertEqual(e["field"], "id_number")
        # the same phone for another person (past the code's one-minute gap)
        code_phone = phone
        self.age_codes(code_phone)
        code = self.sms_code(code_phone)
        r = self.srv.post("/api/v1/accounts", {
            "kind": "person", "name": "钱七", "id_number":
            "110101199003072519", "phone": code_phone, "password": PW,
            "sms_code": code})
        e = self.assertError(r, 409)
        self.assertEqual(e["field"], "phone")

    def test_login_and_reset_codes_do_not_tell_who_has_an_account(self):
        unknown = new_phone()
        r = self.srv.post("/api/v1/accounts/sms-code", {"phone": unknown,
                                                         "purpose": "reset"})
        self.assertStatus(r, 200)
        time.sleep(0.3)
        self.assertNotIn("SMS %s:" % unknown, self.log_text())

    def test_password_reset_by_sms_ends_sessions(self):
        phone, r = self.register(*LI)
        self.assertStatus(r, 201)
        old = self.login(phone)
        self.age_codes(phone)
        code = self.sms_code(phone, "reset")
        new_pw = "Xin-mima-2026#"
        r = self.srv.post("/api/v1/accounts/password-reset", {
            "phone": phone, "sms_code": code, "password": new_pw})
        self.assertStatus(r, 200)
        self.assertError(self.srv.get("/api/v1/me", token=old), 401)
        self.login(phone, new_pw)
        r = self.srv.post("/api/v1/session", {"username": phone,
                                              "password": PW})
        self.assertError(r, 401)

    def test_register_needs_json_from_this_site(self):
        r = self.srv.request("POST", "/api/v1/accounts/sms-code",
                             raw=b"phone=13900000000",
                             ctype="application/x-www-form-urlencoded")
        self.assertError(r, 415)


class CompanyTests(AccountTest):
    def test_company_agents_file_and_see_its_cases(self):
        phone = new_phone()
        code = self.sms_code(phone)
        r = self.srv.post("/api/v1/accounts", {
            "kind": "company", "company_name": COMPANY[0], "credit_code":
            COMPANY[1], "legal_person": "张伟", "phone": phone,
            "password": PW, "sms_code": code})
        self.assertStatus(r, 201)
        self.assertEqual(r.json["kind"], "company")
        self.assertTrue(r.json["real_name"])
        co_id = r.json["id"]
        co = self.login(COMPANY[1])
        # a person account becomes its agent
        p_phone, r = self.register(*ZHANG)
        self.assertStatus(r, 201)
        person = self.login(p_phone)
        other_phone, r = self.register(*LI)
        other = self.login(other_phone)
        e = self.assertError(self.srv.post("/api/v1/me/agents", {
            "name": "张三", "id_number": ZHANG[1]}, token=co), 422)
        self.assertEqual(e["field"], "id_number")
        r = self.srv.post("/api/v1/me/agents", {"name": ZHANG[0],
                                                "id_number": ZHANG[1]},
                          token=co)
        self.assertStatus(r, 201)
        self.assertEqual(len(r.json["data"]), 1)
        self.assertError(self.srv.post("/api/v1/me/agents", {
            "name": ZHANG[0], "id_number": ZHANG[1]}, token=co), 409)
        # a person cannot manage agents
        self.assertError(self.srv.get("/api/v1/me/agents", token=person), 403)
        r = self.srv.get("/api/v1/me/companies", token=person)
        self.assertEqual([c["id"] for c in r.json["data"]], [co_id])
        # filing for the company
        r = self.srv.post("/api/v1/cases", {
            "item_code": "450323-SCJG-0001", "materials": [],
            "company_id": co_id}, token=person)
        self.assertStatus(r, 201)
        case = r.json
        self.assertEqual(case["applicant"]["name"], COMPANY[0])
        self.assertEqual(case["applicant"]["kind"], "company")
        self.assertEqual(self.srv.q1("SELECT agent_id FROM cases WHERE id"
                                     " = ?", case["id"]),
                         self.srv.q1("SELECT id FROM users WHERE phone"
                                     " = ? AND kind = 'person'", p_phone))
        # the company and its agent see it, another person does not
        for tok in (co, person):
            self.assertStatus(self.srv.get("/api/v1/cases/%d" % case["id"],
                                           token=tok), 200)
            ids = [c["id"] for c in self.srv.get(
                "/api/v1/cases?per_page=200", token=tok).json["data"]]
            self.assertIn(case["id"], ids)
        self.assertError(self.srv.get("/api/v1/cases/%d" % case["id"],
                                      token=other), 404)
        before = self.srv.counts()
        e = self.assertError(self.srv.post("/api/v1/cases", {
            "item_code": "450323-SCJG-0001", "materials": [],
            "company_id": co_id}, token=other), 403)
        self.assertUnchanged(before)
        # revoked: the former agent no longer sees the company's case
        pid = self.srv.q1("SELECT id FROM users WHERE phone = ? AND kind ="
                          " 'person'", p_phone)
        self.assertStatus(self.srv.delete("/api/v1/me/agents/%d" % pid,
                                          token=co), 200)
        self.assertError(self.srv.get("/api/v1/cases/%d" % case["id"],
                                      token=person), 404)


class WalkInTests(AccountTest):
    ITEM = "450323-SCJG-0001"

    def walk_in(self, **applicant):
        a = {"name": "张小三", "id_number": "450323199001011234",
             "phone": "13900001111"}
        a.update(applicant)
        return self.srv.post("/api/v1/cases", {"item_code": self.ITEM,
                                               "materials": [],
                                               "applicant": a},
                             token="clerk")

    def test_clerk_gets_the_same_checks(self):
        self.assertStatus(self.walk_in(), 201)
        for change, field in (({"id_number": "123"}, "applicant.id_number"),
                              ({"phone": "1"}, "applicant.phone"),
                              ({"name": "张"}, "applicant.name"),
                              ({"kind": "company", "id_number":
                                "91450323MA5L00010A", "name": "某某公司"},
                               "applicant.id_number"),
                              ({"id_type": "passport", "id_number": "E1"},
                               "applicant.id_number"),
                              ({"id_type": "badge"}, "applicant.id_type")):
            before = self.srv.counts()
            e = self.assertError(self.walk_in(**change), 422)
            self.assertEqual(e["field"], field, change)
            self.assertUnchanged(before)
        self.assertStatus(self.walk_in(id_type="passport",
                                       id_number="E12345678"), 201)
        self.assertStatus(self.walk_in(kind="company", name=COMPANY[0],
                                       id_number=COMPANY[1]), 201)


class RealNameSettingTests(AccountTest):
    def test_apply_can_require_real_name(self):
        phone, r = self.register(*STRANGER)
        self.assertStatus(r, 201)
        tok = self.login(phone)
        body = {"item_code": "450323-SCJG-0001", "materials": []}
        self.assertStatus(self.srv.post("/api/v1/cases", body, token=tok), 201)
        self.srv.exec("INSERT INTO settings(key, value) VALUES"
                      " ('apply_requires_real_name', '1')")
        try:
            before = self.srv.counts()
            e = self.assertError(self.srv.post("/api/v1/cases", body,
                                               token=tok), 403)
            self.assertEqual(e.get("reason"), "real_name")
            self.assertUnchanged(before)
            # browsing stays open
            self.assertStatus(self.srv.get("/api/v1/items", token=tok), 200)
            self.assertStatus(self.srv.post("/api/v1/cases", body,
                                            token="applicant"), 201)
        finally:
            self.srv.exec("DELETE FROM settings WHERE key ="
                          " 'apply_requires_real_name'")


class HttpVerifierTests(AccountTest):
    """realname_verifier = http: an identity service the centre runs,
    asked with the name and ID number (a local stand-in here)."""

    def test_identity_service_decides_real_name(self):
        import http.server
        import json as _json
        import threading
        asked = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = _json.loads(self.rfile.read(
                    int(self.headers["Content-Length"])))
                asked.append((body, self.headers.get("Authorization")))
                out = _json.dumps({"match": body["name"] == STRANGER[0]})
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(out.encode())

            def log_message(self, *a):
                pass

        svc = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=svc.serve_forever, daemon=True).start()
        url = "http://127.0.0.1:%d/verify" % svc.server_address[1]
        self.srv.exec("INSERT INTO settings(key, value) VALUES"
                      " ('realname_verifier', 'http'), ('realname_url', ?),"
                      " ('realname_token', 'tok-1')", url)
        try:
            phone, r = self.register(*STRANGER)
            self.assertStatus(r, 201)
            self.assertTrue(r.json["real_name"])
            self.assertEqual(asked[-1][0], {"name": STRANGER[0],
                                            "id_number": STRANGER[1]})
            self.assertEqual(asked[-1][1], "Bearer tok-1")
            # a name the service does not confirm stays 未实名
            phone, r = self.register("钱七", "110101199003072519")
            self.assertStatus(r, 201)
            self.assertFalse(r.json["real_name"])
            tok = self.login(phone)
            self.assertError(self.srv.post("/api/v1/me/realname", {},
                                           token=tok), 422)
            # the service down: 503, and nothing written
            svc.shutdown()
            svc.server_close()
            before = self.srv.counts()
            self.assertError(self.srv.post("/api/v1/me/realname", {},
                                           token=tok), 503)
            self.assertUnchanged(before)
        finally:
            self.srv.exec("DELETE FROM settings WHERE key LIKE 'realname_%'")


class SettingsTests(AccountTest):
    logins = ("admin", "supervisor", "clerk", "applicant")

    def test_admin_changes_settings_supervisor_reads(self):
        r = self.srv.get("/api/v1/settings", token="supervisor")
        self.assertStatus(r, 200)
        keys = {s["key"]: s for s in r.json["data"]}
        self.assertIn("apply_requires_real_name", keys)
        self.assertEqual(keys["office_hours"]["value"], "09:00-17:00")
        before = self.srv.counts()
        for body, field in (({"no_such_key": "1"}, "settings.no_such_key"),
                            ({"library_valid_days": "0"},
                             "settings.library_valid_days"),
                            ({"realname_verifier": "magic"},
                             "settings.realname_verifier"),
                            ({"realname_url": "ftp://x"},
                             "settings.realname_url"),
                            ({"msg_ready": "坏\u0001字"}, "settings.msg_ready"),
                            ({"office_hours": "9-5", "warn_days": 99},
                             "settings.warn_days")):
            e = self.assertError(self.srv.put("/api/v1/settings",
                                              {"settings": body},
                                              token="admin"), 422)
            self.assertEqual(e["field"], field)
        self.assertUnchanged(before)
        self.assertError(self.srv.put("/api/v1/settings", {"settings": {
            "office_hours": "8:30-17:30"}}, token="supervisor"), 403)
        self.assertError(self.srv.get("/api/v1/settings", token="clerk"), 403)
        r = self.srv.put("/api/v1/settings", {"settings": {
            "apply_requires_real_name": True, "office_hours": "08:30-17:30",
            "realname_token": "s3cret-token"}}, token="admin")
        self.assertStatus(r, 200)
        keys = {s["key"]: s for s in r.json["data"]}
        self.assertEqual(keys["apply_requires_real_name"]["value"], "1")
        self.assertIsNone(keys["realname_token"]["value"])
        self.assertTrue(keys["realname_token"]["set"])
        audit = self.srv.q1("SELECT after FROM audit WHERE action ="
                            " 'settings.update' ORDER BY id DESC LIMIT 1")
        self.assertIn("08:30-17:30", audit)
        self.assertNotIn("s3cret-token", audit)
        # and it takes effect: an account below 实名 may not apply
        phone, r = self.register(*STRANGER)
        tok = self.login(phone)
        self.assertError(self.srv.post("/api/v1/cases", {
            "item_code": "450323-SCJG-0001", "materials": []}, token=tok), 403)
        self.assertStatus(self.srv.put("/api/v1/settings", {"settings": {
            "apply_requires_real_name": 0}}, token="admin"), 200)


if __name__ == "__main__":
    ghtest.main()
