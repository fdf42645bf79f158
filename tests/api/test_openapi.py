"""docs/openapi.yaml is served at /api/v1/openapi.yaml and documents every
route of src/api/routes.c (parsed from the C file)."""
import os
import re
import subprocess
import unittest

import yaml

import ghtest
from ghtest import ServerTest

ROUTES_C = os.path.join(ghtest.SOURCE_DIR, "src", "api", "routes.c")
OPENAPI = os.path.join(ghtest.SOURCE_DIR, "docs", "openapi.yaml")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def routes():
    text = read(ROUTES_C)
    return re.findall(r'\{"(GET|POST|PUT|DELETE|PATCH)",\s*"([^"]+)"', text)


def documented(yaml_text):
    """{path: {methods}} from the paths section, parsed as YAML."""
    doc = yaml.safe_load(yaml_text)
    return {p: {m.upper() for m in ops if m in ("get", "post", "put",
                                                 "delete", "patch")}
            for p, ops in doc["paths"].items()}


REDOCLY = os.path.join(ghtest.SOURCE_DIR, "tests", "openapi", "node_modules",
                       ".bin", "redocly")


class OpenApiTests(ServerTest):
    logins = ()

    def test_served(self):
        r = self.srv.get("/api/v1/openapi.yaml")
        self.assertStatus(r, 200)
        self.assertIn("yaml", r.headers["Content-Type"])
        self.assertRegex(r.text, r"(?m)^openapi: ['\"]?3\.")
        self.assertEqual(r.text, read(OPENAPI))

    def test_every_route_documented(self):
        rs = routes()
        self.assertGreater(len(rs), 25)
        doc = documented(read(OPENAPI))
        missing = ["%s %s" % (m, p) for m, p in rs
                   if m not in doc.get(p, set())]
        self.assertEqual(missing, [], "routes missing from docs/openapi.yaml")

    def test_no_undocumented_extra_paths(self):
        rs = {p for _, p in routes()}
        doc = documented(read(OPENAPI))
        self.assertEqual(sorted(set(doc) - rs), [])



class OpenApiValidTests(unittest.TestCase):
    """A standard OpenAPI 3 validator (@redocly/cli, pinned in
    tests/openapi/package-lock.json, installed by make test) finds no
    error in docs/openapi.yaml."""

    def test_redocly_lint_finds_no_error(self):
        self.assertTrue(os.path.exists(REDOCLY),
                        "run: cd tests/openapi && npm ci")
        r = subprocess.run([REDOCLY, "lint", "--format=stylish",
                            "--skip-rule=operation-operationId",
                            "--skip-rule=operation-4xx-response",
                            "--skip-rule=info-license",
                            "--skip-rule=security-defined",
                            "--skip-rule=no-server-example.com", OPENAPI],
                           capture_output=True, text=True, timeout=300)
        out = r.stdout + r.stderr
        self.assertEqual(r.returncode, 0, out[-4000:])
        self.assertNotIn(" error ", out)

    def test_no_stray_keys_in_schemas(self):
        """Every schema object holds only schema keywords: a comma in an
        unquoted flow value would split it into a stray key."""
        words = {"type", "format", "description", "example", "enum",
                 "items", "properties", "required", "minimum", "maximum",
                 "nullable", "default", "$ref", "oneOf", "anyOf", "allOf",
                 "additionalProperties", "minLength", "maxLength", "pattern",
                 "readOnly", "title", "maxItems", "minItems", "not",
                 "minProperties", "maxProperties", "uniqueItems",
                 "exclusiveMinimum", "exclusiveMaximum", "writeOnly",
                 "deprecated", "multipleOf"}

        def walk(node, path):
            if isinstance(node, dict):
                if "type" in node and isinstance(node.get("type"), str) \
                        and path and path[-1] not in ("properties",):
                    stray = set(node) - words - {k for k in node
                                                 if k.startswith("x-")}
                    self.assertFalse(stray, "%s: %s" % ("/".join(path),
                                                       stray))
                for k, v in node.items():
                    if k != "securitySchemes":
                        walk(v, path + [str(k)])
            elif isinstance(node, list):
                for i, v in enumerate(node):
                    walk(v, path + [str(i)])
        with open(OPENAPI, encoding="utf-8") as f:
            walk(yaml.safe_load(f), [])


def resolve(spec, node):
    """node with every $ref inlined and OpenAPI 3.0's nullable turned into
    JSON Schema's null type."""
    if isinstance(node, dict):
        if "$ref" in node:
            target = spec
            for part in node["$ref"].split("/")[1:]:
                target = target[part]
            return resolve(spec, target)
        out = {k: resolve(spec, v) for k, v in node.items()}
        if out.pop("nullable", False):
            if isinstance(out.get("type"), str):
                out["type"] = [out["type"], "null"]
            if "enum" in out:
                out["enum"] = list(out["enum"]) + [None]
        return out
    if isinstance(node, list):
        return [resolve(spec, x) for x in node]
    return node


class OpenApiAnswersTests(ServerTest):
    """A client generated from docs/openapi.yaml works against govhall:
    every documented GET answers what its 200 schema says (validated with
    jsonschema, Debian's python3-jsonschema)."""
    logins = ("supervisor", "clerk", "applicant", "user004", "admin")
    # routes only some accounts of a role have: user004 is a company
    WHO = {"/api/v1/me/agents": "user004"}
    # query parameters some routes require
    QUERY = {"/api/v1/supervision/cases": "?light=red",
             "/api/v1/stats": "?from=2026-01-01&to=2026-11-23",
             "/api/v1/calendar/deadline": "?from=2026-11-23&days=20"}

    def test_answers_match_the_documented_schemas(self):
        import jsonschema
        with open(OPENAPI, encoding="utf-8") as f:
            spec = yaml.safe_load(f)
        case_id = self.srv.q1("SELECT id FROM cases WHERE dept_id = 3 AND"
                              " state = 1 ORDER BY id LIMIT 1")
        code = self.srv.q1("SELECT query_code FROM cases WHERE id = ?",
                           case_id)
        fill = {"id": str(case_id), "code": "450323-SCJG-0001",
                "query_code": code}
        checked = 0
        for path, ops in spec["paths"].items():
            op = ops.get("get")
            if not op or path.endswith(".yaml"):
                continue
            schema = (resolve(spec, op.get("responses", {}).get("200", {}))
                      .get("content", {}).get("application/json", {})
                      .get("schema"))
            if not schema:
                continue
            names = re.findall(r"\{([a-z_]+)\}", path)
            if any(n not in fill for n in names):
                continue
            if names and "cases" not in path and "items" not in path and \
                    "progress" not in path:
                continue
            url = re.sub(r"\{([a-z_]+)\}", lambda m: fill[m.group(1)], path)
            roles = op.get("x-roles") or []
            # the administrator for the routes only they may read
            who = next((u for u in ("clerk", "supervisor", "applicant",
                                    "admin")
                        if u in roles), None) if roles else None
            who = self.WHO.get(path, who)
            r = self.srv.get(url + self.QUERY.get(path, ""), token=who)
            self.assertStatus(r, 200)
            try:
                jsonschema.validate(r.json, schema)
            except jsonschema.ValidationError as e:
                self.fail("%s: %s at %s" % (url, e.message[:300],
                                            list(e.absolute_path)))
            checked += 1
        self.assertGreaterEqual(checked, 8)


if __name__ == "__main__":
    ghtest.main()
