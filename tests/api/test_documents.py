"""Notices and receipts as PDF (issue 10 section 5): a demo case walked
through submit, 补正, acceptance and decision, each applicable document
fetched and read back with pdftotext (title, number, query code), the
receipt's QR code decoded with zbarimg, reprints marked 补打 and recorded,
and refusals (wrong state, unknown kind, another applicant, a clerk
outside the department) answered without writing anything."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

import ghtest
from ghtest import ServerTest

ITEM = "450323-SCJG-0001"
MATERIALS = ghtest.MAIN_MATERIALS
OTHER_DEPT_ITEM = "450323-FGJ-0001"
TOOLS = ("pdftotext", "pdftoppm", "zbarimg")
MISSING = [t for t in TOOLS if not shutil.which(t)]
NUMBER = re.compile(r"〔2026〕\S{1,2}字第\d{6}号")
TITLES = {"receipt": "办件回执", "acceptance": "受理通知书",
          "materials_notice": "一次性告知书", "refusal": "不予受理通知书"}


def pdf_text(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        r = subprocess.run(["pdftotext", "-layout", f.name, "-"],
                           capture_output=True, check=True, timeout=60)
    return r.stdout.decode("utf-8")


def qr_payloads(data):
    d = tempfile.mkdtemp()
    try:
        pdf = os.path.join(d, "doc.pdf")
        with open(pdf, "wb") as f:
            f.write(data)
        subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l",
                        "1", "-singlefile", pdf, os.path.join(d, "page")],
                       check=True, timeout=60)
        r = subprocess.run(["zbarimg", "--raw", "-q",
                            os.path.join(d, "page.png")],
                           capture_output=True, timeout=60)
        return r.stdout.decode("utf-8").split()
    finally:
        shutil.rmtree(d)


@unittest.skipIf(MISSING, "tools missing: %s (bash scripts/deps.sh)"
                 % " ".join(MISSING))
class DocumentTests(ServerTest):
    logins = ServerTest.logins + ("user001", "s001")

    def apply(self, materials=None, item=ITEM):
        r = self.srv.post("/api/v1/cases", {
            "item_code": item,
            "materials": MATERIALS if materials is None else materials},
            token="applicant")
        self.assertStatus(r, 201)
        return r.json

    def act_ok(self, case, action, who, **args):
        r = self.srv.act(case["id"], action, who, **args)
        self.assertStatus(r, 200)
        return r.json

    def pdf(self, case, kind, who="clerk"):
        r = self.srv.get("/api/v1/cases/%d/documents/%s.pdf"
                         % (case["id"], kind), token=who)
        self.assertStatus(r, 200)
        self.assertTrue(r.headers["Content-Type"].startswith(
            "application/pdf"), r.headers)
        self.assertTrue(r.raw.startswith(b"%PDF-"))
        return r.raw

    def docs(self, case):
        return self.srv.q("SELECT * FROM case_documents WHERE case_id = ?"
                          " ORDER BY id", case["id"])

    def check_text(self, text, case, title):
        self.assertIn(title, text)
        self.assertIn(case["query_code"], text)
        m = NUMBER.search(text)
        self.assertIsNotNone(m, text[:2000])
        return m.group(0)

    def test_walk_a_case_and_print_each_document(self):
        c = self.apply(materials=MATERIALS[:3])
        # the receipt exists from submission on
        text = pdf_text(self.pdf(c, "receipt"))
        number = self.check_text(text, c, "办件回执")
        self.assertNotIn("补打", text)
        self.assertIn(self.srv.q1("SELECT applicant_name FROM cases WHERE"
                                  " id = ?", c["id"]), text)
        self.assertIn(ITEM, text)
        # nothing else applies yet: 409, nothing written
        for kind in ("acceptance", "materials_notice", "refusal",
                     "decision"):
            before = self.srv.counts()
            n = len(self.docs(c))
            r = self.srv.get("/api/v1/cases/%d/documents/%s.pdf"
                             % (c["id"], kind), token="clerk")
            self.assertError(r, 409)
            self.assertUnchanged(before)
            self.assertEqual(len(self.docs(c)), n)

        # the clerk finds one received material faulty: the notice names
        # it with the reason, and the two missing ones with what is needed
        r = self.srv.post("/api/v1/cases/%d/materials/check" % c["id"], {
            "material": MATERIALS[1], "result": "faulty",
            "reason": "复印件不清晰"}, token="clerk")
        self.assertStatus(r, 200)
        asked = MATERIALS[1:2] + MATERIALS[3:5]
        c = self.act_ok(c, "request_materials", "clerk", materials=asked)
        text = pdf_text(self.pdf(c, "materials_notice"))
        self.check_text(text, c, "一次性告知书")
        flat = text.replace(" ", "").replace("\n", "")
        for name in asked:
            self.assertIn(name, flat)
        self.assertIn("复印件不清晰", flat)
        self.assertIn("需要提交", flat)
        c = self.act_ok(c, "supplement", "applicant", materials=asked)
        c = self.act_ok(c, "accept", "clerk")
        data = self.pdf(c, "acceptance", who="applicant")
        text = pdf_text(data)
        acc_number = self.check_text(text, c, "受理通知书")
        self.assertIn("受理", text)
        self.assertNotEqual(acc_number, number)
        self.assertIn("个工作日", text)
        if os.environ.get("GH_DOC_SCREENSHOT"):
            with open(os.environ["GH_DOC_SCREENSHOT"], "wb") as f:
                f.write(data)

        c = self.act_ok(c, "start_review", "clerk")
        self.assertError(self.srv.get("/api/v1/cases/%d/documents/"
                                      "decision.pdf" % c["id"],
                                      token="clerk"), 409)
        c = self.act_ok(c, "approve", "reviewer")
        c = self.act_ok(c, "approve", "s001")
        self.assertEqual(c["state"], "decided")
        text = pdf_text(self.pdf(c, "decision", who="reviewer"))
        self.check_text(text, c, "准予行政许可决定书")
        self.assertIn("决定日期", text)
        self.assertIn("2026年11月23日", text)
        self.assertIn("食品经营许可证", text)
        # refusal never applied
        self.assertError(self.srv.get("/api/v1/cases/%d/documents/"
                                      "refusal.pdf" % c["id"],
                                      token="clerk"), 409)

        # each first print: one row with its own number, a timeline event
        # and an audit record
        rows = self.docs(c)
        self.assertEqual([r["kind"] for r in rows],
                         ["receipt", "materials_notice", "acceptance",
                          "decision"])
        self.assertEqual(len({r["number"] for r in rows}), 4)
        self.assertEqual({r["prints"] for r in rows}, {1})
        self.assertEqual(rows[0]["number"], number)
        ev = self.srv.q("SELECT action, note FROM case_events WHERE"
                        " case_id = ? AND action LIKE 'document.%%'"
                        " ORDER BY id", c["id"])
        self.assertEqual([e["action"] for e in ev], ["document.issue"] * 4)
        self.assertIn(number, ev[0]["note"])
        self.assertEqual(self.srv.q1(
            "SELECT count(*) FROM audit WHERE object_type = 'case' AND"
            " object_id = ? AND action = 'document.issue'", str(c["id"])), 4)

        # the list
        r = self.srv.get("/api/v1/cases/%d/documents" % c["id"],
                         token="applicant")
        self.assertStatus(r, 200)
        self.assertEqual([d["kind"] for d in r.json["data"]],
                         [x["kind"] for x in rows])
        self.assertEqual(r.json["data"][3]["title"], "准予行政许可决定书")
        self.assertEqual(r.json["data"][0]["number"], number)
        self.assertIn("decision", r.json["available"])
        self.assertNotIn("refusal", r.json["available"])

    def test_receipt_qr_decodes_to_progress_url(self):
        c = self.apply()
        data = self.pdf(c, "receipt", who="applicant")
        url = "http://127.0.0.1:%d/progress/%s" % (self.srv.port,
                                                   c["query_code"])
        self.assertEqual(qr_payloads(data), [url])
        self.assertIn(url, pdf_text(data).replace(" ", ""))
        # a Host no host name can be does not reach the QR code
        c3 = self.apply()
        r = self.srv.get("/api/v1/cases/%d/documents/receipt.pdf" % c3["id"],
                         token="clerk",
                         headers={"Host": "evil.example/phish?x="})
        self.assertStatus(r, 200)
        self.assertEqual(qr_payloads(r.raw), ["http://localhost/progress/"
                                              + c3["query_code"]])
        # a configured public site wins over the request's Host
        self.srv.exec("INSERT INTO settings(key, value) VALUES"
                      " ('public_url', 'https://zwfw.example.gov.cn/')")
        try:
            c2 = self.apply()
            self.assertEqual(qr_payloads(self.pdf(c2, "receipt")),
                             ["https://zwfw.example.gov.cn/progress/"
                              + c2["query_code"]])
        finally:
            self.srv.exec("DELETE FROM settings WHERE key = 'public_url'")

    def test_reprint_is_marked_and_keeps_its_number(self):
        c = self.apply()
        first = pdf_text(self.pdf(c, "receipt"))
        number = NUMBER.search(first).group(0)
        self.assertNotIn("补打", first)
        again = pdf_text(self.pdf(c, "receipt", who="applicant"))
        self.assertIn("补打", again)
        self.assertEqual(NUMBER.search(again).group(0), number)
        third = pdf_text(self.pdf(c, "receipt"))
        self.assertIn("补打", third)
        self.assertIn("第3次打印", third.replace(" ", ""))
        rows = self.docs(c)
        self.assertEqual(len(rows), 1)
        self.assertEqual((rows[0]["number"], rows[0]["prints"]), (number, 3))
        ev = self.srv.q("SELECT action FROM case_events WHERE case_id = ?"
                        " AND action LIKE 'document.%%' ORDER BY id", c["id"])
        self.assertEqual([e["action"] for e in ev],
                         ["document.issue", "document.reprint",
                          "document.reprint"])
        self.assertEqual(self.srv.q1(
            "SELECT count(*) FROM audit WHERE object_type = 'case' AND"
            " object_id = ? AND action LIKE 'document.%%'", str(c["id"])), 3)

    def test_refusal_and_denial_state_reason_and_remedies(self):
        c = self.apply()
        c = self.act_ok(c, "reject", "clerk", reason="申请事项不属于本机关职权范围")
        text = pdf_text(self.pdf(c, "refusal")).replace(" ", "")
        self.check_text(text, c, "不予受理通知书")
        self.assertIn("申请事项不属于本机关职权范围", text)
        self.assertIn("行政复议", text)
        self.assertIn("六十日", text)
        self.assertIn("行政诉讼", text)
        self.assertIn("六个月", text)
        self.assertError(self.srv.get("/api/v1/cases/%d/documents/"
                                      "acceptance.pdf" % c["id"],
                                      token="clerk"), 409)

        d = self.act_ok(self.apply(), "accept", "clerk")
        d = self.act_ok(d, "start_review", "clerk")
        # a denial is the deciding step's: the reviewer's 审核, then the
        # chief's 批准 denies (issue 10 §7)
        d = self.act_ok(d, "approve", "reviewer")
        d = self.act_ok(d, "deny", "s001", reason="经营场所不符合要求")
        text = pdf_text(self.pdf(d, "decision")).replace(" ", "")
        self.check_text(text, d, "不予行政许可决定书")
        self.assertIn("经营场所不符合要求", text)
        self.assertIn("行政复议", text)
        self.assertIn("行政诉讼", text)

    def test_numbers_are_unique_across_cases(self):
        numbers = set()
        for _ in range(3):
            c = self.apply()
            numbers.add(NUMBER.search(pdf_text(self.pdf(c, "receipt")))
                        .group(0))
        self.assertEqual(len(numbers), 3)
        self.assertEqual(self.srv.q1(
            "SELECT count(*) - count(DISTINCT number) FROM case_documents"), 0)

    def test_concurrent_first_prints_issue_once(self):
        import threading
        c = self.apply()
        out = []

        def fetch():
            r = self.srv.get("/api/v1/cases/%d/documents/receipt.pdf"
                             % c["id"], token="clerk")
            out.append(r.status)
        ts = [threading.Thread(target=fetch) for _ in range(6)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        self.assertEqual(out, [200] * 6)
        rows = self.docs(c)
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["prints"], 6)
        ev = self.srv.q("SELECT action FROM case_events WHERE case_id = ?"
                        " AND action LIKE 'document.%%'", c["id"])
        self.assertEqual(sorted(e["action"] for e in ev),
                         ["document.issue"] + ["document.reprint"] * 5)

    def test_refused_requests_write_nothing(self):
        c = self.apply()
        before = self.srv.counts()
        docs = self.srv.q1("SELECT count(*) FROM case_documents")
        base = "/api/v1/cases/%d/documents" % c["id"]
        # another applicant: the case does not exist for them
        self.assertError(self.srv.get(base + "/receipt.pdf",
                                      token="user001"), 404)
        self.assertError(self.srv.get(base, token="user001"), 404)
        # an unknown kind, a bad id, an unknown case
        self.assertError(self.srv.get(base + "/licence.pdf",
                                      token="clerk"), 404)
        self.assertError(self.srv.get("/api/v1/cases/abc/documents/"
                                      "receipt.pdf", token="clerk"), 404)
        self.assertError(self.srv.get("/api/v1/cases/999999/documents/"
                                      "receipt.pdf", token="clerk"), 404)
        # not logged in
        self.assertStatus(self.srv.get(base + "/receipt.pdf"), 401)
        # a clerk whose window does not serve the department
        other = self.srv.post("/api/v1/cases", {"item_code": OTHER_DEPT_ITEM},
                              token="applicant")
        self.assertStatus(other, 201)
        before = self.srv.counts()
        self.assertError(self.srv.get("/api/v1/cases/%d/documents/receipt.pdf"
                                      % other.json["id"], token="clerk"), 403)
        self.assertUnchanged(before)
        self.assertEqual(self.srv.q1("SELECT count(*) FROM case_documents"),
                         docs)


if __name__ == "__main__":
    ghtest.main()
