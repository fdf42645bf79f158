#!/usr/bin/env python3
"""Compares two govhall SQLite databases table by table, row by row in
rowid (insertion) order, column by column, and prints every column that
differs with a count and an example.  Used to prove that a change keeps
the demo centre the same centre:

    old/govhall demo a.db --today 2026-11-23 --audit-keys k.keys
    new/govhall demo b.db --today 2026-11-23 --audit-keys k.keys
    scripts/compare_centres.py a.db b.db [table.column,...]

What is random by design is normalised first: each case's query code is
replaced by its case id wherever it appears (cases, texts of cards,
notifications, outbox, notices, anomaly evidence), and the audit key's id
in settings.  With one key file for both runs what may still differ is
users.pw_hash (a fresh salt per run), the audit hashes from the first
record that quotes a query code on, the checkpoint's MAC and signature
over them, and its time (the wall clock); name those columns as the third
argument to ignore them:
    users.pw_hash,audit.hash,audit.prev_hash,audit_checkpoints.at,\
    audit_checkpoints.head_mac,audit_checkpoints.signature
Exit 0 when nothing else differs."""
import re, sqlite3, sys
a, b = sys.argv[1], sys.argv[2]
ignore = set()
if len(sys.argv) > 3:
    ignore = set(sys.argv[3].split(','))
def load(path):
    c = sqlite3.connect(path)
    tabs = [r[0] for r in c.execute("select name from sqlite_master where type='table' and name not like 'sqlite_%' order by name")]
    out = {}
    qc = {r[1]: f"<QC{r[0]}>" for r in c.execute("select id, query_code from cases")}
    pat = re.compile("|".join(map(re.escape, qc))) if qc else None
    def norm(v):
        if isinstance(v, str) and pat is not None:
            return pat.sub(lambda m: qc[m.group(0)], v)
        return v
    for t in tabs:
        cols = [r[1] for r in c.execute(f"pragma table_info({t})")]
        try:
            rows = c.execute(f"select rowid,* from {t} order by rowid").fetchall()
            cols = ['rowid'] + cols
        except sqlite3.OperationalError:
            rows = c.execute(f"select * from {t} order by 1").fetchall()
        rows = [tuple(norm(v) for v in r) for r in rows]
        if t == 'settings':
            # the audit key's id is random per key file
            rows = [r[:2] + ('<key id>',) if r[1] == 'audit.key_id' else r for r in rows]
        out[t] = (cols, rows)
    return out
A, B = load(a), load(b)
bad = 0
diffcols = {}
for t in sorted(set(A) | set(B)):
    if t not in A or t not in B:
        print("table missing:", t); bad += 1; continue
    ca, ra = A[t]; cb, rb = B[t]
    if ca != cb:
        print("columns differ:", t, ca, cb); bad += 1; continue
    if len(ra) != len(rb):
        print(f"{t}: {len(ra)} rows vs {len(rb)} rows"); bad += 1
    for x, y in zip(ra, rb):
        for i, col in enumerate(ca):
            if f"{t}.{col}" in ignore: continue
            if x[i] != y[i]:
                diffcols.setdefault(f"{t}.{col}", [0, x[i], y[i]])[0] += 1
total = sum(len(A[t][1]) for t in A)
for k, v in sorted(diffcols.items()):
    print(f"differs: {k} in {v[0]} rows (e.g. {str(v[1])[:60]!r} vs {str(v[2])[:60]!r})")
    bad += 1
print(f"{len(A)} tables, {total} rows compared; {'IDENTICAL' if not bad else 'DIFFERENT'}")
sys.exit(1 if bad else 0)
