"""Item application forms (issue 10 section 2) and catalogue search
(section 8): the form an item carries, the values a case keeps, the checks
of both, keywords and partial-word search, on both engines."""
import csv
import io
import json

import ghtest
from ghtest import ServerTest

FOOD = "450323-SCJG-0001"      # 食品经营许可(新办)
GETI = "450323-SCJG-0015"      # 个体工商户设立登记
BUILD = "450323-ZJJ-0001"      # 建筑工程施工许可证核发(新办)

FOOD_FORM = {
    "operator_name": "灵川县好味道餐饮店",
    "credit_code": "91350100M000100Y43",
    "legal_rep": "李四",
    "contact_phone": "0773-6812345",
    "residence": "灵川县灵川镇八里街1号",
    "premises": "灵川县灵川镇八里街1号一楼",
    "business_type": "餐饮服务经营者",
    "business_items": "热食类食品制售",
    "staff_count": 12,
    "area_m2": "85.5",
}


class FormTests(ServerTest):

    def apply(self, form, code=FOOD, who="applicant"):
        # every required 主件 declared: acceptance needs them (issue 10)
        mains = [m["name"] for m in self.srv.get("/api/v1/items/" + code)
                 .json["materials"] if m["main"] and m["required"]]
        return self.srv.post("/api/v1/cases", {"item_code": code,
                                               "materials": mains,
                                               "form": form}, token=who)

    def test_item_carries_its_form(self):
        r = self.srv.get("/api/v1/items/" + FOOD)
        self.assertStatus(r, 200)
        secs = r.json["form"]["sections"]
        self.assertEqual([s["title"] for s in secs], ["经营者信息", "经营信息"])
        fields = {f["key"]: f for s in secs for f in s["fields"]}
        self.assertEqual(list(fields), list(FOOD_FORM))
        self.assertEqual(fields["credit_code"]["type"], "credit_code")
        self.assertEqual(fields["business_type"]["options"],
                         ["食品销售经营者", "餐饮服务经营者", "单位食堂"])
        self.assertEqual((fields["staff_count"]["type"],
                          fields["staff_count"]["unit"],
                          fields["staff_count"]["min"]), ("number", "人", 1))
        for f in fields.values():
            self.assertTrue({"key", "label", "type", "required"} <= set(f))
        self.assertIn("开饭店", r.json["keywords"])
        r = self.srv.get("/api/v1/items/" + GETI)
        kinds = {f["key"]: f["type"] for s in r.json["form"]["sections"]
                 for f in s["fields"]}
        self.assertEqual((kinds["id_number"], kinds["organization"],
                          kinds["capital_fen"]), ("id_number", "choice", "money"))
        r = self.srv.get("/api/v1/items/" + BUILD)
        labels = [f["label"] for s in r.json["form"]["sections"]
                  for f in s["fields"]]
        for want in ("建设单位", "工程名称", "建设规模", "合同价格", "合同工期",
                     "施工单位"):
            self.assertIn(want, labels)

    def test_bad_forms_are_refused_and_write_nothing(self):
        before = self.srv.counts()
        n_vals = self.srv.q1("SELECT count(*) FROM case_form_values")
        cases = [
            ({}, "form.operator_name", "经营者名称"),
            (dict(FOOD_FORM, legal_rep="  "), "form.legal_rep", "法定代表人"),
            (dict(FOOD_FORM, staff_count="很多"), "form.staff_count",
             "从业人员数"),
            (dict(FOOD_FORM, staff_count=0), "form.staff_count", "不能小于 1"),
            (dict(FOOD_FORM, staff_count=[3]), "form.staff_count",
             "从业人员数"),
            (dict(FOOD_FORM, credit_code="91350100M000100Y44"),
             "form.credit_code", "校验码"),
            (dict(FOOD_FORM, credit_code=91350100), "form.credit_code",
             "统一社会信用代码"),
            (dict(FOOD_FORM, business_type="网吧"), "form.business_type",
             "主体业态"),
            (dict(FOOD_FORM, contact_phone="12345"), "form.contact_phone",
             "联系电话"),
            (dict(FOOD_FORM, nickname="x"), "form.nickname", "nickname"),
        ]
        for form, field, words in cases:
            e = self.assertError(self.apply(form), 422)
            self.assertEqual(e["field"], field, form)
            self.assertIn(words, e["message"])
        e = self.assertError(self.apply("not an object"), 422)
        self.assertEqual(e["field"], "form")
        # the person form: a future birth date in the ID number
        e = self.assertError(self.apply({
            "operator_name": "张三", "id_number": "110101202612031231",
            "contact_phone": "13812345678", "premises": "灵川县",
            "organization": "个人经营", "business_scope": "零售",
            "capital_fen": 100000}, code=GETI), 422)
        self.assertEqual(e["field"], "form.id_number")
        e = self.assertError(self.apply({
            "operator_name": "张三", "id_number": "11010519491231002X",
            "contact_phone": "13812345678", "premises": "灵川县",
            "organization": "个人经营", "business_scope": "零售",
            "capital_fen": 12.5}, code=GETI), 422)
        self.assertEqual(e["field"], "form.capital_fen")
        self.assertUnchanged(before)
        self.assertEqual(self.srv.q1("SELECT count(*) FROM case_form_values"),
                         n_vals)

    def test_case_keeps_values_in_form_order(self):
        r = self.apply(FOOD_FORM)
        self.assertStatus(r, 201)
        cid = r.json["id"]
        got = r.json["form"]
        self.assertEqual([v["key"] for v in got], list(FOOD_FORM))
        by = {v["key"]: v for v in got}
        self.assertEqual(by["staff_count"], {
            "key": "staff_count", "label": "从业人员数", "type": "number",
            "value": "12", "display": "12 人"})
        # phones and ID numbers are masked like the applicant's own
        self.assertEqual(by["contact_phone"]["value"], "077*-***2345")
        self.assertEqual(self.srv.q1(
            "SELECT value FROM case_form_values WHERE case_id = ? AND key ="
            " 'contact_phone'", r.json["id"]), "0773-6812345")
        self.assertEqual((by["area_m2"]["value"], by["area_m2"]["display"]),
                         ("85.5", "85.5 平方米"))
        rows = self.srv.q("SELECT key, value FROM case_form_values"
                          " WHERE case_id = ? ORDER BY idx", cid)
        self.assertEqual([(x["key"], x["value"]) for x in rows][:3], [
            ("operator_name", "灵川县好味道餐饮店"),
            ("credit_code", "91350100M000100Y43"), ("legal_rep", "李四")])
        for who in ("applicant", "clerk"):
            r = self.srv.get("/api/v1/cases/%d" % cid, token=who)
            self.assertStatus(r, 200)
            self.assertEqual(r.json["form"], got)
        # money: integer fen, shown in yuan; optional fields kept empty
        r = self.apply({
            "operator_name": "张三", "id_number": "11010519491231002X",
            "contact_phone": "13812345678", "premises": "灵川县灵川镇",
            "organization": "家庭经营", "business_scope": "日用百货零售",
            "capital_fen": 5000000}, code=GETI)
        self.assertStatus(r, 201)
        by = {v["key"]: v for v in r.json["form"]}
        self.assertEqual((by["capital_fen"]["value"],
                          by["capital_fen"]["display"]),
                         ("5000000", "50,000.00 元"))
        self.assertEqual(by["trade_name"]["value"], "")
        self.assertEqual(by["id_number"]["display"], "110105********002X")
        # the handler's audited reveal shows them in full
        cid = r.json["id"]
        self.assertStatus(self.srv.act(cid, "accept", "clerk"), 200)
        r = self.srv.post("/api/v1/cases/%d/reveal" % cid,
                          {"reason": "核对申请表"}, token="clerk")
        self.assertStatus(r, 200)
        full = {v["key"]: v["value"] for v in r.json["form"]}
        self.assertEqual(full["id_number"], "11010519491231002X")

    def test_admin_edits_form_and_keywords(self):
        code = "450323-SCJG-0016"
        it = self.srv.get("/api/v1/items/" + code).json
        for k in ("dept_name", "dept_id"):
            it.pop(k, None)
        before = self.srv.counts()
        bad = dict(it, form={"sections": [{"title": "基本信息", "fields": [
            {"key": "Bad Key", "label": "名称", "type": "text",
             "required": True},
            {"key": "kind", "label": "类型", "type": "choice",
             "required": True, "options": []}]}]})
        e = self.assertError(self.srv.put("/api/v1/items/" + code, bad,
                                          token="admin"), 422)
        fields = [d["field"] for d in e.get("details", [])]
        self.assertIn("form.sections[0].fields[0].key", fields, e)
        self.assertIn("form.sections[0].fields[1].options", fields, e)
        e = self.assertError(self.srv.put("/api/v1/items/" + code, dict(
            it, form={"sections": [{"title": "x", "fields": [
                {"key": "a", "label": "A", "type": "float"}]}]}),
            token="admin"), 422)
        self.assertUnchanged(before)
        form = {"sections": [{"title": "变更信息", "fields": [
            {"key": "shop", "label": "字号名称", "type": "text",
             "required": True, "max_len": 20, "help": "营业执照上的字号"},
            {"key": "opened", "label": "开业日期", "type": "date",
             "required": False, "min": "2000-01-01"},
            {"key": "area", "label": "所在区域", "type": "area",
             "required": False}]}]}
        r = self.srv.put("/api/v1/items/" + code, dict(
            it, form=form, keywords=["改名字", "换地址"]), token="admin")
        self.assertStatus(r, 200)
        got = self.srv.get("/api/v1/items/" + code).json
        self.assertEqual(got["keywords"], ["改名字", "换地址"])
        f = got["form"]["sections"][0]["fields"]
        self.assertEqual((f[0]["max_len"], f[0]["help"], f[1]["min"]),
                         (20, "营业执照上的字号", "2000-01-01"))
        e = self.assertError(self.apply({"shop": "好", "opened": "1999-12-31"},
                                        code=code), 422)
        self.assertEqual(e["field"], "form.opened")
        e = self.assertError(self.apply({"shop": "好", "area": "999999"},
                                        code=code), 422)
        self.assertEqual(e["field"], "form.area")
        region = self.srv.q1("SELECT code FROM regions ORDER BY id LIMIT 1")
        r = self.apply({"shop": "好", "area": region}, code=code)
        self.assertStatus(r, 201)
        # the new keyword is searchable at once
        r = self.srv.get("/api/v1/items?q=" + ghtest.urllib.parse.quote(
            "改名字"))
        self.assertIn(code, [x["code"] for x in r.json["data"]])

    def test_csv_export_carries_form_and_keywords(self):
        r = self.srv.get("/api/v1/items/export?format=csv", token="admin")
        self.assertStatus(r, 200)
        rows = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
        row = [x for x in rows if x["code"] == FOOD][0]
        self.assertIn("开饭店", row["keywords"].split(";"))
        form = json.loads(row["form"])
        self.assertEqual(form["sections"][0]["fields"][0]["key"],
                         "operator_name")


class SearchTests(ServerTest):
    logins = ()

    def search(self, q):
        r = self.srv.get("/api/v1/items?per_page=50&q=" +
                         ghtest.urllib.parse.quote(q))
        self.assertStatus(r, 200)
        return [x["code"] for x in r.json["data"]], r.json

    def test_synonym_finds_the_item(self):
        codes, _ = self.search("开饭店")
        self.assertIn(FOOD, codes)
        codes, _ = self.search("营业执照")
        self.assertIn(GETI, codes)
        codes, _ = self.search("身份证")
        self.assertIn("450323-GAJ-0001", codes)

    def test_partial_words_find_items(self):
        codes, _ = self.search("施工")     # two characters, part of a name
        self.assertIn(BUILD, codes)
        codes, _ = self.search("餐馆")     # part of the keyword 开餐馆
        self.assertIn(FOOD, codes)
        codes, _ = self.search("工商户设")
        self.assertEqual(codes, [GETI])
        codes, _ = self.search("scjg-0015")  # code, any case
        self.assertEqual(codes, [GETI])
        codes, _ = self.search("照")        # one character: a scan
        self.assertIn(GETI, codes)
        codes, page = self.search("没有这种事项")
        self.assertEqual((codes, page["total"]), ([], 0))

    def test_name_matches_rank_first(self):
        codes, page = self.search("食品经营")
        names = [x["name"] for x in page["data"]]
        self.assertTrue(names[0].startswith("食品经营"), names)
        # 开饭店 is a keyword of several items; none has it in its name, so
        # the order is the catalogue's; a name hit beats a keyword hit:
        codes, page = self.search("餐饮")
        names = [x["name"] for x in page["data"]]
        first_kw = next(i for i, n in enumerate(names) if "餐饮" not in n)
        self.assertTrue(all("餐饮" not in n for n in names[first_kw:]), names)
        self.assertEqual(page["total"], len(codes))


if __name__ == "__main__":
    import unittest
    unittest.main()
