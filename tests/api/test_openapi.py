"""docs/openapi.yaml is served at /api/v1/openapi.yaml and documents every
route of src/api/routes.c (parsed from the C file)."""
import os
import re
import unittest

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
    """{path: {methods}} from the paths section, read by indentation (no
    YAML library in the standard library)."""
    out, path, in_paths = {}, None, False
    for line in yaml_text.splitlines():
        if re.match(r"^paths:\s*$", line):
            in_paths = True
            continue
        if in_paths and re.match(r"^\S", line):
            in_paths = False
        if not in_paths:
            continue
        m = re.match(r"^  (/\S*?):\s*$", line) or re.match(
            r"^  ['\"](/\S*?)['\"]:\s*$", line)
        if m:
            path = m.group(1)
            out[path] = set()
            continue
        m = re.match(r"^    (get|post|put|delete|patch):", line)
        if m and path:
            out[path].add(m.group(1).upper())
    return out


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


if __name__ == "__main__":
    ghtest.main()
