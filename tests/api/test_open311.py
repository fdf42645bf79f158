"""Open311 GeoReport v2 (issue 12 section 3): /open311/v2/ answers in JSON
and XML with the fields the specification requires, refuses a POST without
a valid key (writing nothing), and the request it files is a complaint at
the complaint desk; GET requests filters as the specification says and
publishes neither contacts nor, to other readers, descriptions."""
import datetime
import urllib.parse
import xml.etree.ElementTree as ET

import ghtest
from ghtest import ServerTest

SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata",
                  "type", "keywords", "group"]
ATTR_FIELDS = ["variable", "code", "datatype", "required",
               "datatype_description", "order", "description"]
REQUEST_FIELDS = ["service_request_id", "status", "status_notes",
                  "service_name", "service_code", "description",
                  "agency_responsible", "service_notice",
                  "requested_datetime", "updated_datetime",
                  "expected_datetime", "address", "address_id", "zipcode",
                  "lat", "long", "media_url"]
FORM = "application/x-www-form-urlencoded"


def form(**kw):
    return urllib.parse.urlencode(kw)


def parse_time(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))


class Open311Tests(ServerTest):
    logins = ("admin", "supervisor", "clerk", "applicant")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.keys = {}
        for name in ("市民通App", "12345热线"):
            r = cls.srv.post("/api/v1/open311/clients",
                             {"name": name, "contact": "0773-1234567"},
                             token="admin")
            assert r.status == 201, r
            cls.keys[name] = (r.json["id"], r.json["api_key"])

    def counts(self):
        out = {}
        for t in ("complaints", "open311_requests", "open311_clients",
                  "audit"):
            out[t] = self.srv.q1("SELECT count(*) AS n FROM %s" % t)
        return out

    def file(self, key=None, fmt="json", **kw):
        args = {"service_code": "efficiency",
                "description": "在不动产登记窗口排队两个小时,工作人员中途离岗无人办理。",
                "phone": "13800138000"}
        args.update(kw)
        if key is not None:
            args["api_key"] = key
        return self.srv.request("POST", "/open311/v2/requests." + fmt,
                                raw=form(**args), ctype=FORM)

    def assertGeoError(self, r, status):
        self.assertEqual(r.status, status, r)
        self.assertIsInstance(r.json, list, r)
        self.assertEqual(r.json[0]["code"], status)
        self.assertTrue(r.json[0]["description"])
        return r.json[0]["description"]

    # ---- discovery and services ----------------------------------------------

    def test_discovery_both_formats(self):
        r = self.srv.get("/open311/discovery.json")
        self.assertStatus(r, 200)
        ep = r.json["endpoints"][0]
        self.assertEqual(ep["specification"],
                         "http://wiki.open311.org/GeoReport_v2")
        self.assertTrue(ep["url"].endswith("/open311/v2/"))
        self.assertIn("text/xml", ep["formats"])
        r = self.srv.get("/open311/discovery.xml")
        self.assertStatus(r, 200)
        root = ET.fromstring(r.raw)
        self.assertEqual(root.tag, "discovery")
        self.assertEqual(root.find("endpoints/endpoint/type").text,
                         "production")

    def test_services_both_formats(self):
        r = self.srv.get("/open311/v2/services.json")
        self.assertStatus(r, 200)
        self.assertIn("application/json", r.headers["Content-Type"])
        codes = [s["service_code"] for s in r.json]
        self.assertEqual(codes, ["attitude", "efficiency", "fees",
                                 "discipline", "corruption", "other"])
        for s in r.json:
            self.assertEqual(sorted(s), sorted(SERVICE_FIELDS))
            self.assertIs(s["metadata"], True)
            self.assertEqual(s["type"], "realtime")
        x = self.srv.get("/open311/v2/services.xml")
        self.assertStatus(x, 200)
        self.assertIn("text/xml", x.headers["Content-Type"])
        self.assertTrue(x.raw.startswith(
            b'<?xml version="1.0" encoding="UTF-8"?>'))
        root = ET.fromstring(x.raw)
        self.assertEqual(root.tag, "services")
        xs = root.findall("service")
        self.assertEqual([e.find("service_code").text for e in xs], codes)
        for e, s in zip(xs, r.json):
            self.assertEqual(e.find("service_name").text, s["service_name"])
            self.assertEqual(e.find("metadata").text, "true")
        # the jurisdiction: ours or none; another is 404
        self.assertStatus(self.srv.get(
            "/open311/v2/services.json?jurisdiction_id=govhall"), 200)
        self.assertGeoError(self.srv.get(
            "/open311/v2/services.json?jurisdiction_id=elsewhere.gov"), 404)
        x = self.srv.get("/open311/v2/services.xml?jurisdiction_id=x")
        self.assertEqual(x.status, 404)
        self.assertEqual(ET.fromstring(x.raw).find("error/code").text, "404")

    def test_service_definition_both_formats(self):
        r = self.srv.get("/open311/v2/services/fees.json")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["service_code"], "fees")
        attrs = {a["code"]: a for a in r.json["attributes"]}
        for a in r.json["attributes"]:
            for f in ATTR_FIELDS:
                self.assertIn(f, a)
        self.assertEqual([a["order"] for a in r.json["attributes"]],
                         list(range(1, len(attrs) + 1)))
        depts = self.srv.get("/api/v1/departments").json["data"]
        self.assertEqual([v["key"] for v in attrs["dept"]["values"]],
                         [str(d["id"]) for d in depts])
        self.assertEqual(attrs["dept"]["datatype"], "singlevaluelist")
        self.assertEqual({v["key"] for v in
                          attrs["disclose_identity"]["values"]},
                         {"yes", "no"})
        x = self.srv.get("/open311/v2/services/fees.xml")
        self.assertStatus(x, 200)
        root = ET.fromstring(x.raw)
        self.assertEqual(root.tag, "service_definition")
        self.assertEqual(len(root.findall("attributes/attribute")),
                         len(attrs))
        self.assertEqual(len(root.findall(
            "attributes/attribute/values/value")),
            len(depts) + 2)
        self.assertGeoError(self.srv.get(
            "/open311/v2/services/pothole.json"), 404)
        # an unknown path under /open311/ is not the web UI
        r = self.srv.get("/open311/v2/nothing.json")
        self.assertEqual(r.status, 404)
        self.assertNotIn(b"<html", r.raw[:200].lower())

    # ---- POST ----------------------------------------------------------------

    def test_post_needs_a_valid_key_and_writes_nothing_without(self):
        rid, key = self.keys["12345热线"]
        r = self.srv.post("/api/v1/open311/clients", {"name": "临时客户端"},
                          token="admin")
        self.assertStatus(r, 201)
        revoked_id, revoked = r.json["id"], r.json["api_key"]
        self.assertStatus(self.srv.delete(
            "/api/v1/open311/clients/%d" % revoked_id, token="admin"), 200)
        self.assertError(self.srv.delete(
            "/api/v1/open311/clients/%d" % revoked_id, token="admin"), 409)
        before = self.counts()
        for k in (None, "", "gh311_" + "0" * 64, key[:-1], key + "0",
                  key.upper(), revoked):
            self.assertGeoError(self.file(k), 403)
        x = self.file(None, fmt="xml")
        self.assertEqual(x.status, 403)
        self.assertEqual(ET.fromstring(x.raw).tag, "errors")
        self.assertEqual(self.counts(), before)

    def test_post_refuses_bad_arguments_and_writes_nothing(self):
        _, key = self.keys["市民通App"]
        before = self.counts()
        for kw, status in (
                ({"service_code": ""}, 400),
                ({"service_code": "pothole"}, 400),
                ({"description": ""}, 400),
                ({"phone": ""}, 400),
                ({"phone": "call me"}, 400),
                ({"email": "not-an-address"}, 400),
                ({"lat": "25.3"}, 400),
                ({"lat": "95", "long": "110"}, 400),
                ({"media_url": "file:///etc/passwd"}, 400),
                ({"attribute[colour]": "red"}, 400),
                ({"attribute[dept]": "999999"}, 400),
                ({"attribute[disclose_identity]": "maybe"}, 400),
                ({"attribute[case_query_code]": "NOSUCHCODE"}, 400),
                ({"description": "诉" * 4001}, 400),
                ({"first_name": "王\u0001"}, 400),
                ({"jurisdiction_id": "elsewhere"}, 404)):
            self.assertGeoError(self.file(key, **kw), status)
        # not a form
        r = self.srv.request("POST", "/open311/v2/requests.json",
                             raw="service_code=fees", ctype="text/plain")
        self.assertGeoError(r, 415)
        r = self.srv.request("POST", "/open311/v2/requests.json",
                             raw=b"\xff\xfe{", ctype="application/json")
        self.assertGeoError(r, 400)
        r = self.srv.request("POST", "/open311/v2/requests.json",
                             raw=form(api_key=key, service_code="fees") +
                             "&service_code=other", ctype=FORM)
        self.assertGeoError(r, 400)
        self.assertEqual(self.counts(), before)

    def test_a_request_is_a_complaint_at_the_desk(self):
        cid, key = self.keys["市民通App"]
        dept = self.srv.get("/api/v1/departments").json["data"][0]
        before = self.counts()
        r = self.file(key, service_code="fees",
                      description="办理营业执照时被要求缴纳“加急费”200元,没有收据。",
                      email="li.ming@example.cn", first_name="明",
                      last_name="李", lat="25.2456", long="110.3012",
                      address_string="灵川县政务服务中心二楼",
                      **{"attribute[dept]": str(dept["id"]),
                         "attribute[title]": "窗口乱收加急费"})
        self.assertStatus(r, 201)
        self.assertEqual(sorted(r.json[0]), ["account_id",
                                             "service_notice",
                                             "service_request_id"])
        rid = r.json[0]["service_request_id"]
        self.assertIsInstance(rid, str)
        after = self.counts()
        self.assertEqual(after["complaints"], before["complaints"] + 1)
        self.assertEqual(after["open311_requests"],
                         before["open311_requests"] + 1)
        self.assertGreater(after["audit"], before["audit"])
        row = self.srv.q("SELECT client_id, service_code, lat, lon,"
                         " address_string FROM open311_requests WHERE"
                         " complaint_id = ?", int(rid))[0]
        self.assertEqual((row["client_id"], row["service_code"], row["lat"],
                          row["lon"]), (cid, "fees", "25.2456", "110.3012"))
        # at the desk: received, on the web channel, the client its source,
        # already classified, the text as it was written
        c = self.srv.get("/api/v1/complaints/%s" % rid, token="supervisor")
        self.assertStatus(c, 200)
        self.assertEqual(c.json["state"], "received")
        self.assertEqual(c.json["channel"], "web")
        self.assertEqual(c.json["category"], "fees")
        self.assertEqual(c.json["content"],
                         "办理营业执照时被要求缴纳“加急费”200元,没有收据。")
        self.assertEqual(c.json["title"], "窗口乱收加急费")
        self.assertIn("市民通App", c.json["source"])
        self.assertEqual(c.json["dept_id"], dept["id"])
        # the query code in the notice follows it in the hall
        code = c.json["query_code"]
        self.assertIn(code, r.json[0]["service_notice"])
        # the XML form of a POST
        x = self.file(key, fmt="xml")
        self.assertStatus(x, 201)
        root = ET.fromstring(x.raw)
        self.assertEqual(root.tag, "service_requests")
        self.assertTrue(root.find("request/service_request_id").text)
        self.assertIsNotNone(root.find("request/account_id"))

        # GET requests/{id}: every field; the description only for its
        # client; no contact anywhere
        mine = self.srv.get("/open311/v2/requests/%s.json?api_key=%s" %
                            (rid, key))
        self.assertStatus(mine, 200)
        self.assertEqual(len(mine.json), 1)
        m = mine.json[0]
        self.assertEqual(sorted(m), sorted(REQUEST_FIELDS))
        self.assertEqual(m["service_request_id"], rid)
        self.assertEqual(m["status"], "open")
        self.assertEqual(m["service_code"], "fees")
        self.assertEqual(m["service_name"], "收费问题")
        self.assertEqual(m["description"],
                         "办理营业执照时被要求缴纳“加急费”200元,没有收据。")
        self.assertEqual(m["lat"], 25.2456)
        self.assertEqual(m["long"], 110.3012)
        self.assertEqual(m["address"], "灵川县政务服务中心二楼")
        requested = parse_time(m["requested_datetime"])
        self.assertIsNotNone(requested.tzinfo)
        self.assertEqual(requested.utcoffset(), datetime.timedelta(hours=8))
        # expected: the end of the acceptance step's last working day
        exp = parse_time(m["expected_datetime"])
        self.assertEqual((exp.hour, exp.minute, exp.second), (23, 59, 59))
        self.assertEqual(exp.date().isoformat(), c.json["step_due_day"])
        other = self.srv.get("/open311/v2/requests/%s.json" % rid)
        self.assertStatus(other, 200)
        self.assertEqual(other.json[0]["description"], "")
        _, key2 = self.keys["12345热线"]
        other = self.srv.get("/open311/v2/requests/%s.json?api_key=%s" %
                             (rid, key2))
        self.assertEqual(other.json[0]["description"], "")
        for body in (mine.text, other.text):
            self.assertNotIn("li.ming", body)
            self.assertNotIn("李明", body)
        x = self.srv.get("/open311/v2/requests/%s.xml" % rid)
        self.assertStatus(x, 200)
        req = ET.fromstring(x.raw).find("request")
        for f in REQUEST_FIELDS:
            self.assertIsNotNone(req.find(f), f)
        self.assertEqual(req.find("status").text, "open")
        self.assertGeoError(self.srv.get(
            "/open311/v2/requests/999999.json"), 404)
        self.assertGeoError(self.srv.get("/open311/v2/requests/abc.json"),
                            404)

        # the desk rejects it: the request is closed, with the reason
        r = self.srv.post("/api/v1/complaints/%s/actions" % rid,
                          {"action": "reject",
                           "reason": "反映的收费系依法收取的工本费,不属于效能投诉范围"},
                          token="supervisor")
        self.assertStatus(r, 200)
        m = self.srv.get("/open311/v2/requests/%s.json" % rid).json[0]
        self.assertEqual(m["status"], "closed")
        self.assertIn("不予受理", m["status_notes"])

    def test_requests_filters(self):
        _, key = self.keys["12345热线"]
        ids = {}
        for code in ("attitude", "discipline", "corruption"):
            r = self.file(key, service_code=code)
            self.assertStatus(r, 201)
            ids[code] = r.json[0]["service_request_id"]
        every = self.srv.get("/open311/v2/requests.json")
        self.assertStatus(every, 200)
        listed = [m["service_request_id"] for m in every.json]
        self.assertIn(ids["attitude"], listed)
        self.assertIn(ids["discipline"], listed)
        # clues of corruption only for the client that filed them
        self.assertNotIn(ids["corruption"], listed)
        self.assertGeoError(self.srv.get(
            "/open311/v2/requests/%s.json" % ids["corruption"]), 404)
        mine = self.srv.get("/open311/v2/requests.json?api_key=" + key)
        self.assertIn(ids["corruption"],
                      [m["service_request_id"] for m in mine.json])
        times = [parse_time(m["requested_datetime"]) for m in every.json]
        self.assertEqual(times, sorted(times, reverse=True))
        for m in every.json:
            self.assertEqual(sorted(m), sorted(REQUEST_FIELDS))
        r = self.srv.get("/open311/v2/requests.json?service_code=attitude,"
                         "discipline")
        self.assertEqual({m["service_code"] for m in r.json},
                         {"attitude", "discipline"})
        r = self.srv.get("/open311/v2/requests.json?service_request_id=%s,%s"
                         % (ids["attitude"], ids["discipline"]))
        self.assertEqual(sorted(m["service_request_id"] for m in r.json),
                         sorted([ids["attitude"], ids["discipline"]]))
        r = self.srv.get("/open311/v2/requests.json?status=closed")
        self.assertNotIn(ids["attitude"],
                         [m["service_request_id"] for m in r.json])
        self.assertTrue(all(m["status"] == "closed" for m in r.json))
        r = self.srv.get("/open311/v2/requests.json?status=open")
        self.assertIn(ids["attitude"],
                      [m["service_request_id"] for m in r.json])
        self.assertTrue(all(m["status"] == "open" for m in r.json))
        # a window that ends before they were filed lists none of them
        r = self.srv.get("/open311/v2/requests.json?start_date=2020-01-01"
                         "T00:00:00Z&end_date=2020-02-01T00:00:00%2B08:00")
        self.assertStatus(r, 200)
        self.assertEqual(r.json, [])
        x = self.srv.get("/open311/v2/requests.xml?service_code=attitude")
        self.assertStatus(x, 200)
        root = ET.fromstring(x.raw)
        self.assertEqual(root.tag, "service_requests")
        self.assertTrue(all(e.find("service_code").text == "attitude"
                            for e in root.findall("request")))
        for q in ("start_date=yesterday", "end_date=2026-13-01",
                  "start_date=2026-12-02T00:00:00Z&end_date=2026-12-01",
                  "status=pending", "service_code=pothole",
                  "service_request_id=1,,2", "service_request_id=x"):
            self.assertGeoError(self.srv.get("/open311/v2/requests.json?" +
                                             q), 400)
        self.assertGeoError(self.srv.get(
            "/open311/v2/requests.json?api_key=wrong"), 403)

    def test_hourly_quota(self):
        r = self.srv.post("/api/v1/open311/clients", {"name": "限额测试"},
                          token="admin")
        key = r.json["api_key"]
        self.assertStatus(self.srv.put("/api/v1/settings", {"settings": {
            "open311_hourly_max": 2}}, token="admin"), 200)
        try:
            for _ in range(2):
                self.assertStatus(self.file(key), 201)
            before = self.counts()
            self.assertGeoError(self.file(key), 429)
            self.assertEqual(self.counts(), before)
        finally:
            self.srv.put("/api/v1/settings", {"settings": {
                "open311_hourly_max": 120}}, token="admin")

    def test_clients_are_the_administrators(self):
        r = self.srv.get("/api/v1/open311/clients", token="admin")
        self.assertStatus(r, 200)
        names = {c["name"]: c for c in r.json["data"]}
        self.assertIn("市民通App", names)
        for c in r.json["data"]:
            self.assertNotIn("api_key", c)
            self.assertTrue(c["key_prefix"].startswith("gh311_"))
        _, key = self.keys["市民通App"]
        self.assertNotIn(key, r.text)
        # the key's hash only is stored
        self.assertEqual(self.srv.q1(
            "SELECT count(*) AS n FROM open311_clients WHERE key_prefix = ?",
            key), 0)
        for who in ("supervisor", "clerk", "applicant"):
            self.assertError(self.srv.get("/api/v1/open311/clients",
                                          token=who), 403)
            self.assertError(self.srv.post("/api/v1/open311/clients",
                                           {"name": "x客户端"}, token=who), 403)
        for body in ({}, {"name": "x"}, {"name": "客" * 61},
                     {"name": "好的客户端", "contact": "c" * 101}):
            self.assertError(self.srv.post("/api/v1/open311/clients", body,
                                           token="admin"), 422)
        self.assertError(self.srv.delete("/api/v1/open311/clients/999999",
                                         token="admin"), 404)


if __name__ == "__main__":
    ghtest.main()
