#!/usr/bin/env python3
"""Checks the store's modules (src/store/store_*.c): every sql_run /
sql_query / sql_int call binds exactly as many parameters (its format
string) as the SQL's highest ?N placeholder."""
import glob, re, sys

files = sys.argv[1:] or sorted(glob.glob("src/store/store_*.c"))
src = "".join(open(f).read() for f in files)
macros = dict(re.findall(r'#define (\w+) ((?:"[^"\n]*"\s*\\?\s*)+)', src))
bad = 0
for m in re.finditer(r'\b(sql_run|sql_query|sql_int)\(st,\s*(?:[\w&]+,\s*)?((?:"(?:[^"\\]|\\.)*"\s*|[A-Z_]+\s*)+),\s*"([a-zA-Z]*)"', src):
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"|([A-Z_]{4,})', m.group(2))
    sql = "".join(p[0] if p[0] else "".join(re.findall(r'"([^"]*)"', macros.get(p[1], ""))) for p in parts)
    fmt = m.group(3)
    nums = [int(x) for x in re.findall(r'\?(\d+)', sql)]
    want = max(nums) if nums else 0
    if want != len(fmt):
        line = src[:m.start()].count("\n") + 1
        print(f"line {line}: format {fmt!r} has {len(fmt)} params, SQL uses ?{want}")
        bad += 1
print(f"{bad} mismatches")
sys.exit(1 if bad else 0)
