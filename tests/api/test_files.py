"""Material files (issue 10, parts 3 and 4): uploads checked by their
bytes, the clerk's check of each material, the one-time notice built from
it, acceptance refused while a 主件 is missing, the applicant's library and
issued licences reused by a later case, and who may download what."""
import struct
import uuid
import zlib

import ghtest
from ghtest import ServerTest

ITEM = "450323-SCJG-0001"     # 食品经营许可(新办): 5 required 主件
FORM_TABLE = "食品经营许可申请表"
LICENCE_COPY = "申请单位营业执照或统一社会信用代码证书"
PLAN = "经营场所平面图"
RULES = "食品安全管理制度文本"
LAYOUT = "主要设备设施布局和操作流程"
MAIN = [FORM_TABLE, LICENCE_COPY, PLAN, RULES, LAYOUT]


def pdf(text="govhall"):
    body = ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            "%% " + text + "\nxref\n0 3\ntrailer<</Size 3/Root 1 0 R>>\n"
            "startxref\n9\n%%EOF\n")
    return body.encode()


def jpeg():
    return (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01"
            b"\x00\x00" + b"\x00" * 64 + b"\xff\xd9")


def png():
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
            chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def multipart(fields, files):
    """fields {name: text}, files {name: (filename, bytes)}."""
    boundary = "gh" + uuid.uuid4().hex
    out = []
    for k, v in fields.items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\""
                    "\r\n\r\n" % (boundary, k)).encode() + v.encode() +
                   b"\r\n")
    for k, (fn, data) in files.items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\";"
                    " filename=\"%s\"\r\nContent-Type:"
                    " application/octet-stream\r\n\r\n" % (boundary, k, fn)
                    ).encode() + data + b"\r\n")
    out.append(("--%s--\r\n" % boundary).encode())
    return b"".join(out), "multipart/form-data; boundary=" + boundary


class FileTest(ServerTest):
    logins = ("clerk", "applicant", "reviewer", "user001", "user004",
              "s001", "supervisor")

    def upload(self, case_id, material, data, name="scan.pdf", who="applicant"):
        body, ctype = multipart({"material": material},
                                {"file": (name, data)})
        return self.srv.post("/api/v1/cases/%d/files" % case_id, raw=body,
                             ctype=ctype, token=who)

    def apply(self, materials=(), who="applicant"):
        r = self.srv.post("/api/v1/cases", {"item_code": ITEM,
                                            "materials": list(materials)},
                          token=who)
        self.assertStatus(r, 201)
        return r.json

    def act(self, case_id, action, who, **args):
        return self.srv.act(case_id, action, who, **args)

    def materials(self, case_id, who="clerk"):
        r = self.srv.get("/api/v1/cases/%d/materials" % case_id, token=who)
        self.assertStatus(r, 200)
        return {m["name"]: m for m in r.json["materials"]}, r.json["files"]


class UploadTests(FileTest):
    def test_types_are_read_from_the_bytes(self):
        c = self.apply()
        for data, mime, name in ((pdf(), "application/pdf", "表.pdf"),
                                 (jpeg(), "image/jpeg", "photo.png"),
                                 (png(), "image/png", "scan.jpg")):
            r = self.upload(c["id"], FORM_TABLE, data, name)
            self.assertStatus(r, 201)
            self.assertEqual(r.json["type"], mime)
            self.assertEqual(r.json["size"], len(data))
            self.assertEqual(len(r.json["sha256"]), 64)
        before = self.srv.counts()
        for data in (b"plain text pretending\n", b"GIF89a" + b"\x00" * 40,
                     b"PK\x03\x04" + b"\x00" * 40):
            self.assertError(self.upload(c["id"], FORM_TABLE, data,
                                         "x.pdf"), 415)
        # a PDF cut short, a JPEG without its end
        e = self.assertError(self.upload(c["id"], FORM_TABLE,
                                         pdf()[:-30]), 422)
        self.assertIn("PDF", e["message"])
        self.assertError(self.upload(c["id"], FORM_TABLE, jpeg()[:-2]), 422)
        self.assertError(self.upload(c["id"], "不存在的材料", pdf()), 422)
        self.assertUnchanged(before)
        # stored once by content
        self.assertStatus(self.upload(c["id"], PLAN, pdf()), 201)
        self.assertEqual(self.srv.q1("SELECT count(*) FROM blobs WHERE"
                                     " sha256 = ?", self.upload(
                                         c["id"], RULES, pdf()).json["sha256"]),
                         1)

    def test_size_limits(self):
        c = self.apply()
        big = (b"%PDF-1.4\n" + b"%" * (10 * 1024 * 1024) +
               b"\nstartxref\n9\n%%EOF\n")
        before = self.srv.counts()
        self.assertError(self.upload(c["id"], FORM_TABLE, big), 413)
        huge = b"%PDF-1.4\n" + b"0" * (12 * 1024 * 1024)
        self.assertError(self.upload(c["id"], FORM_TABLE, huge), 413)
        self.assertUnchanged(before)
        # the server still answers
        self.assertStatus(self.srv.get("/api/v1/health"), 200)

    def test_bad_multipart_is_refused(self):
        c = self.apply()
        before = self.srv.counts()
        r = self.srv.post("/api/v1/cases/%d/files" % c["id"],
                          {"material": FORM_TABLE}, token="applicant")
        self.assertError(r, 415)
        body, ctype = multipart({}, {"file": ("a.pdf", pdf())})
        self.assertError(self.srv.post("/api/v1/cases/%d/files" % c["id"],
                                       raw=body, ctype=ctype,
                                       token="applicant"), 422)
        body, ctype = multipart({"material": FORM_TABLE}, {})
        self.assertError(self.srv.post("/api/v1/cases/%d/files" % c["id"],
                                       raw=body, ctype=ctype,
                                       token="applicant"), 422)
        self.assertError(self.srv.post(
            "/api/v1/cases/%d/files" % c["id"], raw=b"--x\r\ngarbage",
            ctype="multipart/form-data; boundary=x", token="applicant"), 400)
        self.assertUnchanged(before)

    def test_only_those_who_see_the_case(self):
        c = self.apply()
        f = self.upload(c["id"], FORM_TABLE, pdf("secret")).json
        r = self.srv.get("/api/v1/files/%d" % f["id"], token="applicant")
        self.assertStatus(r, 200)
        self.assertEqual(r.raw, pdf("secret"))
        self.assertEqual(r.headers["Content-Type"], "application/pdf")
        self.assertStatus(self.srv.get("/api/v1/files/%d" % f["id"],
                                       token="clerk"), 200)
        n = self.srv.q1("SELECT count(*) FROM audit WHERE action ="
                        " 'case.file_download' AND object_id = ?",
                        str(c["id"]))
        self.assertEqual(n, 2)
        # another applicant: not found, and cannot upload either
        self.assertError(self.srv.get("/api/v1/files/%d" % f["id"],
                                      token="user001"), 404)
        self.assertError(self.upload(c["id"], FORM_TABLE, pdf(),
                                     who="user001"), 404)
        self.assertError(self.srv.get("/api/v1/cases/%d/materials" % c["id"],
                                      token="user001"), 404)
        self.assertError(self.srv.get("/api/v1/files/99999999",
                                      token="clerk"), 404)
        self.assertError(self.srv.get("/api/v1/files/%d" % f["id"]), 401)


class FlowTests(FileTest):
    def test_check_notice_supplement_accept_library_licence_reuse(self):
        c = self.apply()
        cid = c["id"]
        for m in MAIN[:4]:
            self.assertStatus(self.upload(cid, m, pdf(m)), 201)
        self.assertStatus(self.upload(cid, PLAN, jpeg(), "p2.jpg"), 201)
        mats, files = self.materials(cid)
        self.assertEqual(mats[PLAN]["files"], 2)
        self.assertFalse(mats[LAYOUT]["received"])
        # the clerk checks: one is faulty; acceptance is refused and says so
        r = self.srv.post("/api/v1/cases/%d/materials/check" % cid, {
            "material": LICENCE_COPY, "result": "faulty",
            "reason": "复印件不清晰"}, token="clerk")
        self.assertStatus(r, 200)
        self.assertEqual(
            {m["name"]: m for m in r.json["materials"]}[LICENCE_COPY]["check"],
            "faulty")
        e = self.assertError(self.srv.post("/api/v1/cases/%d/materials/check"
                                           % cid, {"material": PLAN,
                                                   "result": "faulty"},
                                           token="clerk"), 422)
        self.assertEqual(e["field"], "reason")
        for m in (FORM_TABLE, PLAN, RULES):
            self.assertStatus(self.srv.post(
                "/api/v1/cases/%d/materials/check" % cid,
                {"material": m, "result": "ok", "valid_until": "2030-12-31"},
                token="clerk"), 200)
        before = self.srv.counts()
        e = self.assertError(self.act(cid, "accept", "clerk"), 409)
        self.assertEqual(e["missing"], [LAYOUT])
        self.assertEqual([f["name"] for f in e["faulty"]], [LICENCE_COPY])
        self.assertIn(LAYOUT, e["message"])
        self.assertUnchanged(before)
        # the one-time notice from the check: faulty and missing
        r = self.act(cid, "request_materials", "clerk")
        self.assertStatus(r, 200)
        n = r.json["notices"][-1]
        self.assertEqual(sorted(n["materials"]), sorted([LICENCE_COPY,
                                                         LAYOUT]))
        self.assertIn("复印件不清晰", n["note"])
        # 补正: the applicant uploads again; the check starts over
        self.assertStatus(self.upload(cid, LICENCE_COPY, png()), 201)
        self.assertStatus(self.upload(cid, LAYOUT, pdf("layout")), 201)
        mats, _ = self.materials(cid, "applicant")
        self.assertEqual(mats[LICENCE_COPY]["check"], "unchecked")
        self.assertEqual(self.srv.q1(
            "SELECT source FROM case_files WHERE case_id = ? AND material = ?"
            " ORDER BY id DESC LIMIT 1", cid, LAYOUT), "supplement")
        r = self.act(cid, "supplement", "applicant",
                     materials=[LICENCE_COPY, LAYOUT])
        self.assertStatus(r, 200)
        for m in (LICENCE_COPY, LAYOUT):
            self.assertStatus(self.srv.post(
                "/api/v1/cases/%d/materials/check" % cid,
                {"material": m, "result": "ok"}, token="clerk"), 200)
        self.assertStatus(self.act(cid, "accept", "clerk"), 200)
        # after acceptance nothing more is uploaded
        self.assertError(self.upload(cid, PLAN, pdf()), 409)
        lib = self.srv.get("/api/v1/me/library", token="applicant").json
        names = {e["name"]: e for e in lib["data"] if e["from_case_id"] == cid}
        self.assertEqual(set(names), set(MAIN))
        self.assertEqual(names[FORM_TABLE]["valid_until_day"], "2030-12-31")
        # review, decide, complete: the licence
        self.assertStatus(self.act(cid, "start_review", "clerk"), 200)
        self.assertStatus(self.act(cid, "approve", "reviewer"), 200)
        self.assertStatus(self.act(cid, "approve", "s001"), 200)
        r = self.act(cid, "complete", "clerk")
        self.assertStatus(r, 200)
        lic = self.srv.get("/api/v1/me/licences", token="applicant").json
        mine = [l for l in lic["data"] if l["case_id"] == cid]
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine[0]["name"], "食品经营许可证")
        self.assertTrue(mine[0]["number"])
        self.assertIn(mine[0]["number"], r.json["timeline"][-1]["note"])
        # another applicant sees none of it
        self.assertFalse([l for l in self.srv.get(
            "/api/v1/me/licences", token="user001").json["data"]
            if l["case_id"] == cid])

        # a second application reuses the library and the licence
        c2 = self.apply()
        plan_entry = names[PLAN]["id"]
        r = self.srv.post("/api/v1/cases/%d/materials/reuse" % c2["id"],
                          {"material": PLAN, "library_id": plan_entry},
                          token="applicant")
        self.assertStatus(r, 200)
        m2 = {m["name"]: m for m in r.json["materials"]}
        self.assertEqual(m2[PLAN]["reused_from_case"], cid)
        self.assertEqual(m2[PLAN]["files"], 2)
        r = self.srv.post("/api/v1/cases/%d/materials/reuse" % c2["id"],
                          {"material": LICENCE_COPY,
                           "licence_id": mine[0]["id"]}, token="applicant")
        self.assertError(r, 422)       # not the licence this material needs
        # the clerk sees where it came from
        mats, files = self.materials(c2["id"])
        self.assertEqual(mats[PLAN]["reused_from_case"], cid)
        self.assertTrue(all(f["source"] == "library" for f in files))
        # another applicant's entry, or an expired one, is refused
        c3 = self.apply(who="user001")
        before = self.srv.counts()
        self.assertError(self.srv.post(
            "/api/v1/cases/%d/materials/reuse" % c3["id"],
            {"material": PLAN, "library_id": plan_entry}, token="user001"), 404)
        self.srv.exec("UPDATE library_materials SET valid_until = ? WHERE"
                      " id = ?", ghtest_day("2026-11-01"), names[RULES]["id"])
        e = self.assertError(self.srv.post(
            "/api/v1/cases/%d/materials/reuse" % c2["id"],
            {"material": RULES, "library_id": names[RULES]["id"]},
            token="applicant"), 422)
        self.assertIn("过期", e["message"])
        self.assertUnchanged(before)


class CitizenFlowTests(FlowTests):
    """The same flow for a citizen who registers first (issue 10's
    acceptance): SMS code, registration, 实名 by the local verifier, then
    apply with the form, files, check, notice, 补正, accept, decide,
    complete, licence, reuse - as that new account."""
    server_args = ("--sms-log",)

    @classmethod
    def setUpClass(cls):
        import re
        import time
        super().setUpClass()
        phone = "13677005678"
        r = cls.srv.post("/api/v1/accounts/sms-code", {"phone": phone})
        assert r.status == 200, r
        code = None
        for _ in range(100 * ghtest.SLOW):
            with open(cls.srv.db + ".log", "rb") as f:
                m = re.findall(r"^SMS %s: \D*(\d{6})" % phone,
                               f.read().decode("utf-8", "replace"), re.M)
            if m:
                code = m[-1]
                break
            time.sleep(0.05)
        r = cls.srv.post("/api/v1/accounts", {
            "kind": "person", "name": "周婷", "id_number": "450311199302280846",
            "phone": phone, "password": "Zhou-Ting-2026!", "sms_code": code})
        assert r.status == 201 and r.json["real_name"], r
        r = cls.srv.post("/api/v1/session", {"username": phone,
                                              "password": "Zhou-Ting-2026!"})
        assert r.status == 201, r
        # the flow's "applicant" is this new account from here on
        cls.srv.tokens["applicant"] = r.json["token"]


class MessageTests(FileTest):
    def test_the_applicant_hears_of_each_step(self):
        c = self.apply(MAIN)
        cid = c["id"]
        phone = self.srv.q1("SELECT phone FROM users WHERE username ="
                            " 'applicant'")

        def mine():
            r = self.srv.get("/api/v1/notifications", token="applicant")
            self.assertStatus(r, 200)
            return [n for n in r.json["data"] if n["case_id"] == cid]

        def sms():
            return [r["body"] for r in self.srv.q(
                "SELECT body FROM outbox WHERE channel = 'sms' AND recipient"
                " = ? ORDER BY id", phone) if c["query_code"] in r["body"]]

        self.assertStatus(self.act(cid, "request_materials", "clerk",
                                   materials=[PLAN]), 200)
        self.assertIn("需补正材料:" + PLAN, mine()[0]["text"])
        self.assertStatus(self.act(cid, "supplement", "applicant",
                                   materials=[PLAN]), 200)
        self.assertStatus(self.act(cid, "accept", "clerk"), 200)
        self.assertStatus(self.act(cid, "start_review", "clerk"), 200)
        self.assertStatus(self.act(cid, "approve", "reviewer"), 200)
        self.assertEqual(len(mine()), 2)    # not decided yet
        self.assertStatus(self.act(cid, "approve", "s001"), 200)
        self.assertStatus(self.act(cid, "complete", "clerk"), 200)
        texts = [n["text"] for n in mine()]
        self.assertEqual(len(texts), 4, texts)
        self.assertTrue(any("已受理" in t for t in texts))
        self.assertTrue(any("准予许可" in t for t in texts))
        self.assertTrue(any("已办结" in t and "食品经营许可证" in t
                            for t in texts))
        self.assertEqual(len(sms()), 4)
        # the texts are settings
        self.srv.exec("INSERT INTO settings(key, value) VALUES"
                      " ('msg_rejected', '办件{code}未予受理:{reason}')")
        c2 = self.apply()
        self.assertStatus(self.act(c2["id"], "reject", "clerk",
                                   reason="不属于本机关职权范围"), 200)
        r = self.srv.get("/api/v1/notifications", token="applicant")
        self.assertIn("办件%s未予受理:不属于本机关职权范围" % c2["query_code"],
                      [n["text"] for n in r.json["data"]])
        # nobody else reads them
        other = self.srv.get("/api/v1/notifications", token="user001")
        self.assertFalse([n for n in other.json["data"]
                          if n["case_id"] in (cid, c2["id"])])
        n_id = mine()[0]["id"]
        self.assertError(self.srv.post("/api/v1/notifications/%d/read" % n_id,
                                       token="user001"), 404)
        self.assertStatus(self.srv.post("/api/v1/notifications/%d/read" %
                                        n_id, token="applicant"), 200)


class GuideTests(FileTest):
    logins = FileTest.logins + ("admin",)

    def test_blank_forms_samples_faq_and_windows(self):
        body, ctype = multipart({"material": FORM_TABLE, "kind": "blank"},
                                {"file": ("申请表空白.pdf", pdf("blank"))})
        r = self.srv.post("/api/v1/items/%s/files" % ITEM, raw=body,
                          ctype=ctype, token="admin")
        self.assertStatus(r, 201)
        fid = r.json["id"]
        body, ctype = multipart({"material": FORM_TABLE, "kind": "sample"},
                                {"file": ("示例.png", png())})
        self.assertStatus(self.srv.post("/api/v1/items/%s/files" % ITEM,
                                        raw=body, ctype=ctype, token="admin"),
                          201)
        # only the administrator, only PDF/JPEG/PNG, only listed materials
        self.assertError(self.srv.post("/api/v1/items/%s/files" % ITEM,
                                       raw=body, ctype=ctype, token="clerk"),
                         403)
        before = self.srv.counts()
        for fields, data, status in (
                ({"material": FORM_TABLE, "kind": "blank"}, b"MZ\x90\x00", 415),
                ({"material": "无此材料", "kind": "blank"}, pdf(), 422),
                ({"material": FORM_TABLE, "kind": "other"}, pdf(), 422)):
            b, ct = multipart(fields, {"file": ("x.pdf", data)})
            self.assertError(self.srv.post("/api/v1/items/%s/files" % ITEM,
                                           raw=b, ctype=ct, token="admin"),
                             status)
        self.assertUnchanged(before)
        r = self.srv.put("/api/v1/items/%s/faq" % ITEM, {"faq": [
            {"question": "开饭店要办哪些证?", "answer": "营业执照和食品经营许可证。"}]},
            token="admin")
        self.assertStatus(r, 200)
        self.assertError(self.srv.put("/api/v1/items/%s/faq" % ITEM, {
            "faq": [{"question": "", "answer": "x"}]}, token="admin"), 422)
        g = self.srv.get("/api/v1/items/%s/guide" % ITEM)
        self.assertStatus(g, 200)
        self.assertEqual({(f["material"], f["kind"]) for f in g.json["files"]},
                         {(FORM_TABLE, "blank"), (FORM_TABLE, "sample")})
        self.assertEqual(g.json["faq"][0]["question"], "开饭店要办哪些证?")
        self.assertTrue(g.json["windows"])
        self.assertTrue(g.json["office_hours"])
        # anyone downloads the blank form
        r = self.srv.get("/api/v1/items/%s/files/%d" % (ITEM, fid))
        self.assertStatus(r, 200)
        self.assertEqual(r.raw, pdf("blank"))
        self.assertIn("attachment", r.headers["Content-Disposition"])
        self.assertError(self.srv.get("/api/v1/items/%s/files/99999" % ITEM),
                         404)
        self.assertStatus(self.srv.delete("/api/v1/items/%s/files/%d" %
                                          (ITEM, fid), token="admin"), 200)
        self.assertError(self.srv.get("/api/v1/items/%s/files/%d" %
                                      (ITEM, fid)), 404)


def ghtest_day(iso):
    """The day number of an ISO date, as the database keeps it."""
    import datetime
    return (datetime.date.fromisoformat(iso) -
            datetime.date(1970, 1, 1)).days


if __name__ == "__main__":
    ghtest.main()
