"""The SQLite and the PostgreSQL schema cannot drift (issue 9).

Each migration version has a SQLite file, src/store/schema/NNNN_name.sql (or
NNNN_name.sqlite.sql), and a PostgreSQL file, NNNN_name.pg.sql; a version
with only a plain .sql is common to both engines and applied to both.  This
test applies every version in order to a fresh SQLite database (the python
sqlite3 module, foreign_keys=ON, one transaction per version) and to a fresh
PostgreSQL database (tests/api/pgserver.py; each file sent whole, as the
driver's PQexec does), then compares:

- the tables and views;
- per table, the columns in order: name, type class (integer, text, blob,
  real), NOT NULL, the default, whether the key is assigned automatically
  (a rowid alias on SQLite, an identity BY DEFAULT on PostgreSQL);
- primary keys, unique constraints (by columns) and indexes (by name:
  unique or not, columns, the predicate of a partial index);
- foreign keys: columns -> table(columns), ON DELETE and ON UPDATE;
- CHECK constraints: how many per table, and which columns each reads;
- triggers: name, table, timing, event and UPDATE OF columns; on
  PostgreSQL each calls the function of its own name;
- the conventions of the PostgreSQL files: integers are BIGINT;
- what the triggers and constraints do: one scenario of statements (insert
  regions, departments, items, users, cases; accept, move the deadline,
  pause, resume, hand over, finish, delete) runs on both, and after each
  step watch_counts is compared between the engines and with a recount from
  cases; UPDATE and DELETE of audit fail on both, TRUNCATE on PostgreSQL;
  foreign keys, CHECKs, UNIQUEs and ON DELETE CASCADE act alike;
- the data migrations: rows written at version 1 and 5 are carried through
  the later versions identically (the watch_counts backfill of 0002, the
  last_seen of 0008).

A self-check alters a copy of either schema in many small ways and asserts
that each alteration is reported: a comparison that cannot fail is worth
nothing.  Differences are printed one per line.
"""
import glob
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pgserver  # noqa: E402

SOURCE_DIR = os.environ.get("GH_SOURCE_DIR") or os.path.normpath(
    os.path.join(HERE, "..", ".."))
SCHEMA_DIR = os.path.join(SOURCE_DIR, "src", "store", "schema")

# This test needs no durability: its server skips fsync (a fresh database
# and every migration's commit would otherwise each wait for the disk).
FAST = {"fsync": "off", "synchronous_commit": "off",
        "full_page_writes": "off"}

# Triggers that exist on PostgreSQL only, for what SQLite has no event for.
PG_ONLY_TRIGGERS = {"audit_no_truncate": ("audit", "BEFORE", "TRUNCATE")}


# ---- the migration files ----------------------------------------------------

def find_migrations(schema_dir=SCHEMA_DIR):
    """[(version, sqlite_path, pg_path)] in version order.  Raises
    ValueError when a version is ambiguous or lacks one engine's file."""
    by_ver = {}
    for path in sorted(glob.glob(os.path.join(schema_dir, "*.sql"))):
        name = os.path.basename(path)
        m = re.match(r"^(\d+)_[^.]+(\.sqlite|\.pg)?\.sql$", name)
        if not m:
            raise ValueError("%s: not NNNN_name[.sqlite|.pg].sql" % name)
        kind = {".sqlite": "sqlite", ".pg": "pg", None: "common"}[m.group(2)]
        slot = by_ver.setdefault(int(m.group(1)), {})
        if kind in slot:
            raise ValueError("version %s has two %s files: %s, %s" % (
                m.group(1), kind, slot[kind], path))
        slot[kind] = path
    out = []
    for ver in sorted(by_ver):
        slot = by_ver[ver]
        if "sqlite" in slot and "common" in slot:
            raise ValueError("version %d has both %s and %s" % (
                ver, slot["sqlite"], slot["common"]))
        lite = slot.get("sqlite") or slot.get("common")
        pg = slot.get("pg") or slot.get("common")
        if not lite or not pg:
            raise ValueError("version %d has no %s file" % (
                ver, "SQLite" if not lite else "PostgreSQL"))
        out.append((ver, lite, pg))
    return out


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


# ---- the two engines behind one small interface -----------------------------

def norm_value(v):
    """A value as the comparison sees it: text, as psql prints it."""
    if v is None or isinstance(v, str):
        return v
    if isinstance(v, bytes):
        return "\\x" + v.hex()
    if isinstance(v, float):
        return repr(v)
    return str(v)


class EngineError(Exception):
    pass


class SqliteDb:
    name = "SQLite"
    key = "sqlite"

    def __init__(self):
        self.con = sqlite3.connect(":memory:", isolation_level=None)
        self.con.execute("PRAGMA foreign_keys = ON")

    def migrate(self, sql):
        """One version, in one transaction, as store_sqlite.c does."""
        self.con.executescript("BEGIN IMMEDIATE;\n" + sql + "\n;COMMIT;")

    def script(self, sql):
        self.con.executescript(sql)

    def run(self, sql, *args):
        try:
            cur = self.con.execute(sql, args)
            return [tuple(norm_value(v) for v in r) for r in cur.fetchall()]
        except sqlite3.Error as e:
            if self.con.in_transaction:
                self.con.execute("ROLLBACK")
            raise EngineError(str(e))

    def snapshot(self, tables, recount):
        """{table: sorted rows} and, if recount, {"recount": rows}."""
        out = {t: sort_rows(self.run("SELECT * FROM %s" % t)) for t in tables}
        if recount:
            out["recount"] = sort_rows(self.run(RECOUNT))
        return out

    def step(self, sql, args, tables, recount):
        """Runs one statement and reads the tables afterwards: ("ok" or
        "error: message", snapshot)."""
        try:
            self.run(sql, *args)
            outcome = "ok"
        except EngineError as e:
            outcome = "error: " + str(e)
        return outcome, self.snapshot(tables, recount)

    def close(self):
        self.con.close()


class PgDb:
    name = "PostgreSQL"
    key = "pg"
    _n = 0

    def __init__(self, pg):
        PgDb._n += 1
        self.pg = pg
        self.dbname = "gh_schema_%d_%d" % (os.getpid(), PgDb._n)
        self.uri = pg.create_db(self.dbname)

    def migrate(self, sql):
        """One version (or a list of versions, each its own PQexec)."""
        self.pg.script(self.uri, sql)

    def script(self, sql):
        self.pg.script(self.uri, sql)

    def run(self, sql, *args):
        try:
            return self.pg.query(self.uri, sql, *args)
        except pgserver.PgError as e:
            raise EngineError(e.stderr.strip())

    def _snapshot_sql(self, tables, recount):
        """One SELECT that returns every table as a JSON array of rows (so
        that a step costs one psql run, not one per table)."""
        parts = ["(SELECT coalesce(json_agg(t), '[]') FROM %s AS t)::text" % t
                 for t in tables]
        if recount:
            parts.append("(SELECT coalesce(json_agg(r), '[]') FROM (%s) AS r)"
                         "::text" % RECOUNT)
        return "SELECT " + ", ".join(parts)

    def _parse_snapshot(self, row, tables, recount):
        names = list(tables) + (["recount"] if recount else [])
        out = {}
        for name, text in zip(names, row):
            rows = json.loads(text, object_pairs_hook=lambda kv: tuple(
                norm_value(v) for k, v in kv))
            out[name] = sort_rows(rows)
        return out

    def snapshot(self, tables, recount):
        rows = self.run(self._snapshot_sql(tables, recount))
        return self._parse_snapshot(rows[0], tables, recount)

    def step(self, sql, args, tables, recount):
        """As SqliteDb.step; the statement and the reading of the tables
        go in one psql run when the statement returns no rows."""
        text = pgserver.bind(sql, args) if args else sql
        if re.match(r"\s*(SELECT|WITH|VALUES)\b", text, re.I) or \
                "RETURNING" in text.upper():
            try:
                self.run(text)
                outcome = "ok"
            except EngineError as e:
                outcome = "error: " + str(e)
            return outcome, self.snapshot(tables, recount)
        try:
            rows = self.run(text + ";\n" + self._snapshot_sql(tables,
                                                               recount))
            return "ok", self._parse_snapshot(rows[0], tables, recount)
        except EngineError as e:
            return "error: " + str(e), self.snapshot(tables, recount)

    def close(self):
        self.pg.drop_db(self.dbname)


def build_pair(pg, until=None, between=None, schema_dir=SCHEMA_DIR):
    """A fresh SQLite and PostgreSQL database with the migrations applied
    (up to version until); between(version, lite, pgdb) runs after each."""
    lite, pdb = SqliteDb(), PgDb(pg)
    batch = []   # PostgreSQL files not yet sent: one psql sends them all
    for ver, lpath, ppath in find_migrations(schema_dir):
        if until is not None and ver > until:
            break
        lite.migrate(read(lpath))
        batch.append(read(ppath))
        if between:
            pdb.migrate(batch)
            batch = []
            between(ver, lite, pdb)
    if batch:
        pdb.migrate(batch)
    return lite, pdb


# ---- reading a schema -------------------------------------------------------

def strip_sql(sql, keep_strings=False):
    """sql without comments (and, unless keep_strings, string literals)."""
    out, i = [], 0
    while i < len(sql):
        if sql.startswith("--", i):
            j = sql.find("\n", i)
            i = len(sql) if j < 0 else j
        elif sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            i = len(sql) if j < 0 else j + 2
            out.append(" ")
        elif sql[i] == "'":
            j = i + 1
            while j < len(sql):
                if sql[j] == "'" and sql.startswith("''", j):
                    j += 2
                    continue
                if sql[j] == "'":
                    break
                j += 1
            out.append(sql[i:j + 1] if keep_strings else "''")
            i = j + 1
        else:
            out.append(sql[i])
            i += 1
    return "".join(out)


def balanced(text, start):
    """The text inside the parenthesis opening at text[start]."""
    depth = 0
    for j in range(start, len(text)):
        if text[j] == "(":
            depth += 1
        elif text[j] == ")":
            depth -= 1
            if depth == 0:
                return text[start + 1:j]
    return text[start + 1:]


def norm_pred(expr):
    """A WHERE clause of a partial index, spelled the same on both."""
    if expr is None:
        return None
    e = strip_sql(expr, keep_strings=True).lower()
    # PostgreSQL spells a string literal's type: 'person'::text
    e = re.sub(r"('(?:[^']|'')*')::[a-z][a-z ]*", r"\1", e)
    e = e.replace("(", " ").replace(")", " ")
    return " ".join(e.split())


def norm_default(text):
    """('lit', value) for a literal default, ('expr', text) for another
    expression, None for none.  PostgreSQL adds casts ('-1'::integer,
    ''::text) and parentheses that SQLite does not keep."""
    if text is None:
        return None
    s = text.strip()
    while True:
        t = re.sub(r"::[a-z][a-z ]*(\(\d+(,\d+)?\))?(\[\])?$", "", s).strip()
        if t.startswith("(") and balanced(t, 0) == t[1:-1]:
            t = t[1:-1].strip()
        if t == s:
            break
        s = t
    if re.fullmatch(r"'(?:[^']|'')*'", s):
        return ("lit", s[1:-1].replace("''", "'"))
    if re.fullmatch(r"[+-]?\d+", s):
        return ("lit", str(int(s)))
    if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", s):
        return ("lit", repr(float(s)))
    if s.upper() == "NULL":
        return ("lit", None)
    return ("expr", s)


def sqlite_class(decl):
    """The affinity of a declared type (sqlite.org/datatype3.html 3.1)."""
    d = (decl or "").upper()
    if "INT" in d:
        return "integer"
    if "CHAR" in d or "CLOB" in d or "TEXT" in d:
        return "text"
    if d == "" or "BLOB" in d:
        return "blob"
    if "REAL" in d or "FLOA" in d or "DOUB" in d:
        return "real"
    return "numeric"


PG_CLASS = {"bigint": "integer", "integer": "integer", "smallint": "integer",
            "text": "text", "character varying": "text",
            "character": "text", "bytea": "blob",
            "double precision": "real", "real": "real", "numeric": "numeric",
            "boolean": "boolean"}
FK_ACTION = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE",
             "n": "SET NULL", "d": "SET DEFAULT"}


def new_table():
    return {"columns": [], "pk": (), "uniques": [], "indexes": {},
            "fks": [], "checks": [], "pg_types": {}}


def sqlite_schema(db):
    """{"tables": {name: table}, "views": set, "triggers": {name: (table,
    timing, event, update_of)}} of a SQLite database."""
    con = db.con
    tables, views, triggers = {}, set(), {}
    for typ, name, tbl, sql in con.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master"
            " WHERE name NOT LIKE 'sqlite_%' ORDER BY name"):
        if typ == "view":
            views.add(name)
        elif typ == "trigger":
            triggers[name] = parse_sqlite_trigger(sql)
    for (name, sql) in con.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall():
        t = tables[name] = new_table()
        clean = strip_sql(sql)
        without_rowid = re.search(r"\)\s*WITHOUT\s+ROWID\s*$", clean, re.I)
        cols = con.execute("PRAGMA table_info(\"%s\")" % name).fetchall()
        pk = [c for c in sorted(cols, key=lambda c: c[5]) if c[5] > 0]
        t["pk"] = tuple(c[1] for c in pk)
        rowid_alias = (not without_rowid and len(pk) == 1
                       and pk[0][2].upper() == "INTEGER")
        for cid, cname, decl, notnull, dflt, pkn in cols:
            # A primary key column cannot hold NULL on PostgreSQL; on SQLite
            # a rowid alias never does (NULL assigns the next id) and a
            # WITHOUT ROWID table refuses it.  (A TEXT key of a rowid table
            # takes NULL on SQLite by a documented old bug: govhall never
            # writes one.)  So key columns count as NOT NULL.
            t["columns"].append({
                "name": cname, "class": sqlite_class(decl),
                "notnull": bool(notnull) or pkn > 0,
                "default": norm_default(dflt),
                "auto": bool(rowid_alias and pkn > 0)})
        for seq, iname, unique, origin, partial in con.execute(
                "PRAGMA index_list(\"%s\")" % name).fetchall():
            icols = tuple(r[2] if r[2] is not None else "<expr>"
                          for r in con.execute(
                              "PRAGMA index_info(\"%s\")" % iname))
            if origin == "pk":
                continue
            if origin == "u":
                t["uniques"].append(icols)
                continue
            isql = con.execute("SELECT sql FROM sqlite_master WHERE type ="
                               " 'index' AND name = ?", (iname,)).fetchone()[0]
            m = re.search(r"\bWHERE\b(.*)$", strip_sql(isql, True), re.I | re.S)
            t["indexes"][iname] = (bool(unique), icols,
                                   norm_pred(m.group(1)) if m else None)
        t["uniques"].sort()
        fks = {}
        for (fid, seq, ref, frm, to, on_upd, on_del, match) in con.execute(
                "PRAGMA foreign_key_list(\"%s\")" % name).fetchall():
            fk = fks.setdefault(fid, [ref, [], [], on_upd, on_del])
            fk[1].append(frm)
            fk[2].append(to)
        for ref, frm, to, on_upd, on_del in fks.values():
            if all(x is None for x in to):   # REFERENCES t: its primary key
                to = [c[1] for c in sorted(con.execute(
                    "PRAGMA table_info(\"%s\")" % ref).fetchall(),
                    key=lambda c: c[5]) if c[5] > 0]
            t["fks"].append((tuple(frm), ref, tuple(to), on_del, on_upd))
        t["fks"].sort()
        colnames = {c["name"] for c in t["columns"]}
        body = strip_sql(sql)
        for m in re.finditer(r"\bCHECK\s*\(", body, re.I):
            expr = balanced(body, m.end() - 1)
            idents = set(re.findall(r"[A-Za-z_][A-Za-z_0-9]*", expr))
            t["checks"].append(tuple(sorted(idents & colnames)))
        t["checks"].sort()
    return {"tables": tables, "views": views, "triggers": triggers}


def parse_sqlite_trigger(sql):
    m = re.match(
        r"\s*CREATE\s+(?:(?:TEMP|TEMPORARY)\s+)?TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?"
        r"\S+\s+(BEFORE|AFTER|INSTEAD\s+OF)?\s*(INSERT|DELETE|UPDATE)"
        r"(?:\s+OF\s+(.*?))?\s+ON\s+\"?(\w+)\"?", strip_sql(sql), re.I | re.S)
    if not m:
        return ("?", "?", "?", sql)
    timing = " ".join((m.group(1) or "BEFORE").upper().split())
    of = tuple(sorted(c.strip().strip('"') for c in m.group(3).split(","))) \
        if m.group(3) else ()
    return (m.group(4), timing, m.group(2).upper(), of)


def pg_bool(v):
    return v == "t"


def pg_schema(db):
    """The same picture of a PostgreSQL database (schema public), plus each
    column's exact type (pg_types) and each trigger's function."""
    q = db.run
    tables, views, triggers, tfuncs = {}, set(), {}, {}
    for name, kind in q("SELECT c.relname, c.relkind FROM pg_class c"
                        " WHERE c.relnamespace = 'public'::regnamespace"
                        " AND c.relkind IN ('r', 'p', 'v', 'm')"):
        if kind in ("v", "m"):
            views.add(name)
        else:
            tables[name] = new_table()
    for tname, attnum, cname, typ, notnull, dflt, ident in q(
            "SELECT c.relname, a.attnum, a.attname,"
            " format_type(a.atttypid, a.atttypmod), a.attnotnull,"
            " pg_get_expr(d.adbin, d.adrelid), a.attidentity"
            " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
            " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid"
            "  AND d.adnum = a.attnum"
            " WHERE c.relnamespace = 'public'::regnamespace"
            " AND c.relkind IN ('r', 'p') AND a.attnum > 0"
            " AND NOT a.attisdropped ORDER BY c.relname, a.attnum"):
        t = tables[tname]
        base = re.sub(r"\(.*\)", "", typ).strip()
        t["pg_types"][cname] = (base, ident)
        t["columns"].append({
            "name": cname, "class": PG_CLASS.get(base, base),
            "notnull": pg_bool(notnull), "default": norm_default(dflt),
            # BY DEFAULT ('d') only: govhall and `govhall copy` insert
            # explicit ids; ALWAYS ('a') would refuse them
            "auto": ident == "d" or (dflt or "").startswith("nextval(")})
    for tname, iname, unique, contype, cols, pred in q(
            "SELECT t.relname, i.relname, ix.indisunique,"
            " (SELECT c.contype FROM pg_constraint c"
            "   WHERE c.conindid = ix.indexrelid AND c.conrelid = ix.indrelid"
            "   AND c.contype IN ('p', 'u') LIMIT 1),"
            " (SELECT string_agg(pg_get_indexdef(ix.indexrelid, k, true),"
            "   E'\\x1d' ORDER BY k)"
            "   FROM generate_series(1, ix.indnkeyatts) AS k),"
            " pg_get_expr(ix.indpred, ix.indrelid)"
            " FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid"
            " JOIN pg_class t ON t.oid = ix.indrelid"
            " WHERE t.relnamespace = 'public'::regnamespace"
            " ORDER BY t.relname, i.relname"):
        t = tables[tname]
        icols = tuple(c.strip('"') for c in (cols or "").split("\x1d"))
        if contype == "p":
            t["pk"] = icols
        elif contype == "u":
            t["uniques"].append(icols)
        else:
            t["indexes"][iname] = (pg_bool(unique), icols, norm_pred(pred))
    for tname, conname, typ, cols, ref, refcols, deltype, updtype in q(
            "SELECT t.relname, c.conname, c.contype,"
            " (SELECT string_agg(a.attname, ',' ORDER BY k.ord)"
            "   FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)"
            "   JOIN pg_attribute a ON a.attrelid = c.conrelid"
            "   AND a.attnum = k.attnum),"
            " r.relname,"
            " (SELECT string_agg(a.attname, ',' ORDER BY k.ord)"
            "   FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)"
            "   JOIN pg_attribute a ON a.attrelid = c.confrelid"
            "   AND a.attnum = k.attnum),"
            " c.confdeltype, c.confupdtype"
            " FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
            " LEFT JOIN pg_class r ON r.oid = c.confrelid"
            " WHERE c.connamespace = 'public'::regnamespace"
            " AND c.contype IN ('f', 'c') ORDER BY t.relname, c.conname"):
        t = tables[tname]
        if typ == "f":
            t["fks"].append((tuple(cols.split(",")), ref,
                             tuple(refcols.split(",")), FK_ACTION[deltype],
                             FK_ACTION[updtype]))
        else:
            t["checks"].append(tuple(sorted((cols or "").split(",")))
                               if cols else ())
    for t in tables.values():
        t["uniques"].sort()
        t["fks"].sort()
        t["checks"].sort()
    for tgname, tname, tgtype, fname, cols, enabled in q(
            "SELECT tg.tgname, c.relname, tg.tgtype, p.proname,"
            " (SELECT string_agg(a.attname, ',' ORDER BY a.attname)"
            "   FROM unnest(tg.tgattr) AS k(attnum)"
            "   JOIN pg_attribute a ON a.attrelid = tg.tgrelid"
            "   AND a.attnum = k.attnum),"
            " tg.tgenabled"
            " FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid"
            " JOIN pg_proc p ON p.oid = tg.tgfoid"
            " WHERE NOT tg.tgisinternal"
            " AND c.relnamespace = 'public'::regnamespace"):
        ty = int(tgtype)
        timing = "BEFORE" if ty & 2 else "INSTEAD OF" if ty & 64 else "AFTER"
        events = [e for bit, e in ((4, "INSERT"), (8, "DELETE"),
                                   (16, "UPDATE"), (32, "TRUNCATE"))
                  if ty & bit]
        level = "ROW" if ty & 1 else "STATEMENT"
        triggers[tgname] = (tname, timing, "|".join(events),
                            tuple(cols.split(",")) if cols else ())
        tfuncs[tgname] = (fname, level, enabled)
    return {"tables": tables, "views": views, "triggers": triggers,
            "trigger_functions": tfuncs}


def compare_schemas(a, b):
    """Every difference between the SQLite picture a and the PostgreSQL
    picture b, and every break of the PostgreSQL conventions, as lines."""
    diffs = []
    ta, tb = a["tables"], b["tables"]
    for name in sorted(set(ta) - set(tb)):
        diffs.append("table %s: on SQLite only" % name)
    for name in sorted(set(tb) - set(ta)):
        diffs.append("table %s: on PostgreSQL only" % name)
    for name in sorted(a["views"] ^ b["views"]):
        diffs.append("view %s: on %s only" % (
            name, "SQLite" if name in a["views"] else "PostgreSQL"))
    for name in sorted(set(ta) & set(tb)):
        x, y = ta[name], tb[name]
        ca, cb = x["columns"], y["columns"]
        for i in range(max(len(ca), len(cb))):
            if i >= len(ca):
                diffs.append("table %s: column %d %s on PostgreSQL only"
                             % (name, i + 1, cb[i]["name"]))
                continue
            if i >= len(cb):
                diffs.append("table %s: column %d %s on SQLite only"
                             % (name, i + 1, ca[i]["name"]))
                continue
            p, q = ca[i], cb[i]
            if p["name"] != q["name"]:
                diffs.append("table %s: column %d is %s on SQLite, %s on "
                             "PostgreSQL" % (name, i + 1, p["name"],
                                             q["name"]))
                continue
            where = "table %s column %s" % (name, p["name"])
            if p["class"] != q["class"]:
                diffs.append("%s: type %s on SQLite, %s on PostgreSQL"
                             % (where, p["class"], q["class"]))
            if p["notnull"] != q["notnull"]:
                diffs.append("%s: %s on SQLite, %s on PostgreSQL" % (
                    where, "NOT NULL" if p["notnull"] else "nullable",
                    "NOT NULL" if q["notnull"] else "nullable"))
            da, db_ = p["default"], q["default"]
            if (da is None) != (db_ is None):
                diffs.append("%s: default %s on SQLite, %s on PostgreSQL" % (
                    where, da[1] if da else "none",
                    db_[1] if db_ else "none"))
            elif da and da[0] == "lit" and db_[0] == "lit" and da != db_:
                diffs.append("%s: default %r on SQLite, %r on PostgreSQL"
                             % (where, da[1], db_[1]))
            if p["auto"] != q["auto"]:
                diffs.append("%s: %s on SQLite, %s on PostgreSQL" % (
                    where,
                    "auto-assigned (rowid)" if p["auto"] else "not assigned",
                    "identity BY DEFAULT" if q["auto"] else
                    "not an identity BY DEFAULT (%s)"
                    % (y["pg_types"][q["name"]][1] or "none")))
            base = y["pg_types"][q["name"]][0]
            if q["class"] == "integer" and base != "bigint":
                diffs.append("%s: %s on PostgreSQL, the convention is BIGINT"
                             % (where, base))
        if x["pk"] != y["pk"]:
            diffs.append("table %s: primary key %s on SQLite, %s on "
                         "PostgreSQL" % (name, x["pk"], y["pk"]))
        for what in ("uniques", "fks", "checks"):
            la, lb = list(x[what]), list(y[what])
            for item in list(la):
                if item in lb:
                    la.remove(item)
                    lb.remove(item)
            label = {"uniques": "UNIQUE", "fks": "FOREIGN KEY",
                     "checks": "CHECK on columns"}[what]
            for item in la:
                diffs.append("table %s: %s %s on SQLite only" % (
                    name, label, item))
            for item in lb:
                diffs.append("table %s: %s %s on PostgreSQL only" % (
                    name, label, item))
        if len(x["checks"]) != len(y["checks"]):
            diffs.append("table %s: %d CHECK constraints on SQLite, %d on "
                         "PostgreSQL" % (name, len(x["checks"]),
                                         len(y["checks"])))
        ia, ib = x["indexes"], y["indexes"]
        for iname in sorted(set(ia) | set(ib)):
            if iname not in ib:
                diffs.append("table %s: index %s %s on SQLite only"
                             % (name, iname, ia[iname]))
            elif iname not in ia:
                diffs.append("table %s: index %s %s on PostgreSQL only"
                             % (name, iname, ib[iname]))
            elif ia[iname] != ib[iname]:
                diffs.append("table %s: index %s is (unique, columns, where)"
                             " %s on SQLite, %s on PostgreSQL"
                             % (name, iname, ia[iname], ib[iname]))
    ga, gb = a["triggers"], b["triggers"]
    for tg in sorted(set(ga) | set(gb)):
        if tg not in gb:
            diffs.append("trigger %s %s: on SQLite only" % (tg, ga[tg]))
        elif tg not in ga:
            if PG_ONLY_TRIGGERS.get(tg) != gb[tg][:3]:
                diffs.append("trigger %s %s: on PostgreSQL only" % (tg,
                                                                      gb[tg]))
        elif ga[tg] != gb[tg]:
            diffs.append("trigger %s: (table, timing, event, update of) %s "
                         "on SQLite, %s on PostgreSQL" % (tg, ga[tg], gb[tg]))
    for tg, (table, timing, event) in sorted(PG_ONLY_TRIGGERS.items()):
        if table in tb and (tg not in gb or gb[tg][:3] != (table, timing,
                                                           event)):
            diffs.append("trigger %s: no %s %s trigger on %s on PostgreSQL"
                         % (tg, timing, event, table))
    for tg, (fname, level, enabled) in sorted(
            b.get("trigger_functions", {}).items()):
        if fname != tg:
            diffs.append("trigger %s: calls %s(), not the function of its "
                         "own name" % (tg, fname))
        if tg in ga and level != "ROW":
            diffs.append("trigger %s: FOR EACH %s on PostgreSQL; SQLite's "
                         "are row triggers" % (tg, level))
        if enabled == "D":
            diffs.append("trigger %s: disabled on PostgreSQL" % tg)
    return diffs


# ---- what the triggers and constraints do -----------------------------------

CASE_COLS = ("id", "query_code", "item_id", "dept_id", "region_id",
             "applicant_name", "applicant_kind", "applicant_id_type",
             "applicant_id_no", "applicant_phone", "channel", "window_id",
             "clerk_id", "handler_id", "state", "instant", "limit_days",
             "legal_limit_days", "warn_days", "submitted_at",
             "submitted_day", "received_day", "accepted_day",
             "deadline_day", "finished_day", "updated_at")


def insert_case(cid, **over):
    """An INSERT of case cid: open, accepted on day 20400, due 20410,
    department 1, region 1, window 1, handler 2, state 2; over changes
    columns."""
    v = {"id": cid, "query_code": "Q%04d" % cid, "item_id": 1, "dept_id": 1,
         "region_id": 1, "applicant_name": "王小明",
         "applicant_kind": "person", "applicant_id_type": "身份证",
         "applicant_id_no": "450323199001011234",
         "applicant_phone": "13800000000", "channel": "window",
         "window_id": 1, "clerk_id": 1, "handler_id": 2, "state": 2,
         "instant": 0, "limit_days": 10, "legal_limit_days": 20,
         "warn_days": 1, "submitted_at": 1762000000, "submitted_day": 20400,
         "received_day": 20400, "accepted_day": 20400,
         "deadline_day": 20410, "finished_day": None,
         "updated_at": 1762000000}
    v.update(over)
    return ("INSERT INTO cases(%s) VALUES (%s)" % (
        ", ".join(CASE_COLS), ", ".join("?" * len(CASE_COLS))),
        tuple(v[c] for c in CASE_COLS))


def step(label, sql, *args, expect="ok", only=None, compare=(),
         recount=True):
    """One statement of the scenario.  expect: "ok", or "error:" and a
    piece of the message that both engines must give; only: "sqlite" or
    "pg" for a statement of one engine; compare: tables whose rows must be
    equal afterwards (watch_counts always is); recount: whether
    watch_counts must equal a recount of cases afterwards."""
    return {"label": label, "sql": sql, "args": args, "expect": expect,
            "only": only, "compare": compare, "recount": recount}


def c(label, cid, **over):
    sql, args = insert_case(cid, **over)
    return step(label, sql, *args, compare=("cases",))


SETUP = [
    # ids left out: the rowid alias and the identity both assign 1, 2, ...
    step("region (auto id)", "INSERT INTO regions(parent_id, code, name, level)"
         " VALUES (NULL, '450300', '桂林市', 2)", compare=("regions",)),
    step("region 2 (auto id)", "INSERT INTO regions(parent_id, code, name,"
         " level) VALUES (1, '450323', '灵川县', 3)", compare=("regions",)),
    step("departments", "INSERT INTO departments(region_id, code, name,"
         " short_name) VALUES (1, 'SCJG', '市场监督管理局', '市场监管'),"
         " (2, 'ZRZY', '自然资源局', '自然资源')",
         compare=("departments",)),
    step("hall", "INSERT INTO halls(region_id, name) VALUES (1, '大厅')",
         compare=("halls",)),
    step("windows", "INSERT INTO windows(hall_id, no, name, type) VALUES"
         " (1, 'A01', '综合窗口', 2), (1, 'A02', '独立窗口', 1)",
         compare=("windows",)),
    step("users", "INSERT INTO users(username, name, role, dept_id,"
         " window_id, pw_hash, created_at) VALUES"
         " ('clerk', '窗口', 1, 1, 1, 'x', 1762000000),"
         " ('reviewer', '审批', 2, 1, NULL, 'x', 1762000000),"
         " ('reviewer2', '审批二', 2, 2, NULL, 'x', 1762000000)",
         compare=("users",)),
    step("item", "INSERT INTO items(code, name, type, dept_id, level, basis,"
         " conditions, legal_limit_days, promised_limit_days, instant,"
         " result_name, in_hall, online_depth, visits, complaint_channel,"
         " consult_phone, updated_at) VALUES"
         " ('I1', '事项一', 1, 1, 3, '', '', 20, 10, 0, '', 1, 2, 1, '', '', 0),"
         " ('I2', '事项二', 1, 2, 3, '', '', 20, 10, 0, '', 1, 2, 1, '', '', 0)",
         compare=("items",)),
]

WATCH_SCENARIO = SETUP + [
    c("case 1 opened and accepted", 1),
    c("case 2 submitted, not accepted", 2, accepted_day=None,
      deadline_day=None),
    c("case 3 accepted, no window, same deadline", 3, window_id=None,
      handler_id=3),
    c("case 4 accepted but paused (state 3)", 4, state=3),
    c("case 5 accepted, other region and department", 5, region_id=2,
      dept_id=2, window_id=2, handler_id=None, deadline_day=20420),
    c("case 6 born finished", 6, finished_day=20401, state=9),
    c("case 8 accepted and suspended (state 7)", 8, state=7, deadline_day=20415,
      handler_id=3),
    step("case 1: deadline moves", "UPDATE cases SET deadline_day = 20412"
         " WHERE id = 1"),
    step("case 1: paused (suspension, state 7)", "UPDATE cases SET state = 7,"
         " prev_state = 2 WHERE id = 1"),
    step("case 1: resumes, deadline pushed", "UPDATE cases SET state = 2,"
         " deadline_day = deadline_day + 3 WHERE id = 1"),
    step("case 2: accepted", "UPDATE cases SET accepted_day = 20402,"
         " deadline_day = 20412, state = 2 WHERE id = 2"),
    step("case 3: handed to another handler", "UPDATE cases SET"
         " handler_id = 2 WHERE id = 3"),
    step("case 3: window set", "UPDATE cases SET window_id = 2 WHERE id = 3"),
    step("case 4: warning threshold", "UPDATE cases SET warn_days = 3"
         " WHERE id = 4"),
    step("case 5: moves region and department", "UPDATE cases SET"
         " region_id = 1, dept_id = 1 WHERE id = 5"),
    step("case 3: unwatched column", "UPDATE cases SET reason = '无关'"
         " WHERE id = 3"),
    step("case 3: state set to itself", "UPDATE cases SET state = state"
         " WHERE id = 3"),
    step("all open: deadline + 1 (several rows in one statement)",
         "UPDATE cases SET deadline_day = deadline_day + 1"
         " WHERE accepted_day IS NOT NULL AND finished_day IS NULL"),
    step("case 1: finished", "UPDATE cases SET state = 9, finished_day ="
         " 20414, used_days = 5, on_time = 1 WHERE id = 1"),
    step("case 1: finished case changes", "UPDATE cases SET state = 8,"
         " deadline_day = 20500 WHERE id = 1"),
    step("case 4: deleted while open", "DELETE FROM cases WHERE id = 4"),
    step("case 6: deleted, finished", "DELETE FROM cases WHERE id = 6"),
    step("case 2: accepted day cleared", "UPDATE cases SET accepted_day ="
         " NULL WHERE id = 2"),
    step("everything finished", "UPDATE cases SET finished_day = 20430"
         " WHERE finished_day IS NULL", compare=("cases",)),
    c("case 7 after all rows went", 7, deadline_day=20500),
    # watch_zero removes a row that reaches 0 whoever writes it (the
    # counts then no longer match the cases: no recount)
    step("direct count to zero", "UPDATE watch_counts SET n = 0 WHERE dim = 2",
         recount=False),
]

CONSTRAINT_SCENARIO = SETUP + [
    step("foreign key refused", "INSERT INTO departments(region_id, code,"
         " name, short_name) VALUES (99, 'X', 'X', 'X')",
         expect="error:foreign key"),
    step("check refused", "INSERT INTO regions(code, name, level) VALUES"
         " ('x', 'x', 5)", expect="error:check"),
    step("check on text refused", insert_case(9, channel="phone")[0],
         *insert_case(9, channel="phone")[1], expect="error:check"),
    step("unique refused", "INSERT INTO regions(code, name, level) VALUES"
         " ('450300', 'again', 2)", expect="error:unique"),
    step("composite unique refused", "INSERT INTO windows(hall_id, no, name,"
         " type) VALUES (1, 'A01', 'again', 1)", expect="error:unique"),
    step("not null refused", "INSERT INTO users(username, name, role,"
         " pw_hash) VALUES ('u', 'u', 1, 'x')", expect="error:null"),
    # an explicit id: the failed INSERT above consumed an identity value
    # on PostgreSQL (a sequence is not rolled back), SQLite takes max + 1
    step("defaults", "INSERT INTO users(id, username, name, role, pw_hash,"
         " created_at) VALUES (10, 'd', 'd', 1, 'x', 0)", compare=("users",)),
    step("staff request default state", "INSERT INTO staff_requests(kind,"
         " target_id, requester_id, change, summary, created_at, expires_at)"
         " VALUES ('password', 1, 2, '{}', 's', 0, 1)",
         compare=("staff_requests",)),
    step("staff request bad state", "INSERT INTO staff_requests(kind,"
         " target_id, requester_id, change, summary, state, created_at,"
         " expires_at) VALUES ('password', 1, 2, '{}', 's', 'maybe', 0, 1)",
         expect="error:check"),
    step("materials", "INSERT INTO item_materials(item_id, idx, name, main,"
         " required, form, copies, template_name, note) VALUES"
         " (2, 1, '申请书', 1, 1, 1, 1, '', ''),"
         " (2, 2, '身份证', 1, 1, 1, 1, '', '')",
         compare=("item_materials",)),
    step("steps", "INSERT INTO item_steps VALUES (2, 1, '受理', 1, 1)",
         compare=("item_steps",)),
    step("fees", "INSERT INTO item_fees VALUES (2, 1, '工本费', 1000, '')",
         compare=("item_fees",)),
    step("ON DELETE CASCADE", "DELETE FROM items WHERE id = 2",
         compare=("items", "item_materials", "item_steps", "item_fees")),
    c("a case", 1),
    step("referenced row refused deletion", "DELETE FROM items WHERE id = 1",
         expect="error:foreign key"),
    step("session with a BLOB key", "INSERT INTO sessions(token_hash,"
         " user_id, csrf, created_at, expires_at) VALUES (?, 1, 'c', 5, 9)",
         b"\x00\x01\xfe\xff" * 8, compare=("sessions",)),
    step("session key unique", "INSERT INTO sessions(token_hash, user_id,"
         " csrf, created_at, expires_at) VALUES (?, 1, 'c', 5, 9)",
         b"\x00\x01\xfe\xff" * 8, expect="error:unique"),
    step("explicit id accepted", "INSERT INTO audit(id, at, actor_id,"
         " actor_name, role, action, object_type, object_id, before, after,"
         " prev_hash, hash) VALUES (1, 1762000000, 1, '窗口', 1, 'login',"
         " 'user', '1', '', '', '', 'h1')", compare=("audit",)),
    step("audit refuses UPDATE", "UPDATE audit SET actor_name = 'x'",
         expect="error:audit records cannot be changed"),
    step("audit refuses DELETE", "DELETE FROM audit WHERE id = 1",
         expect="error:audit records cannot be deleted"),
    step("audit refuses TRUNCATE", "TRUNCATE audit", only="pg",
         expect="error:audit records cannot be deleted"),
    step("audit refuses TRUNCATE ... CASCADE", "TRUNCATE audit CASCADE",
         only="pg", expect="error:audit records cannot be deleted"),
    step("audit still whole", "SELECT 1", compare=("audit",)),
    step("audit appends", "INSERT INTO audit(id, at, actor_id,"
         " actor_name, role, action, object_type, object_id, before, after,"
         " prev_hash, hash, addr) VALUES (2, 1762000001, NULL, '系统', 0,"
         " 'sweep', 'case', '1', '', '', 'h1', 'h2', '127.0.0.1')",
         compare=("audit",)),
    step("watch_counts key", "INSERT INTO watch_counts VALUES"
         " (0, 0, 1, 20410, 1, 0, 1)", expect="error:unique"),
]

RECOUNT = (
    "SELECT dim, key, region_id, deadline_day, warn_days, paused, count(*)"
    " FROM (SELECT 0 AS dim, 0 AS key, region_id, deadline_day, warn_days,"
    "  CASE WHEN state IN (3, 7) THEN 1 ELSE 0 END AS paused FROM cases"
    "  WHERE accepted_day IS NOT NULL AND finished_day IS NULL"
    "  AND deadline_day IS NOT NULL"
    " UNION ALL SELECT 1, dept_id, region_id, deadline_day, warn_days,"
    "  CASE WHEN state IN (3, 7) THEN 1 ELSE 0 END FROM cases"
    "  WHERE accepted_day IS NOT NULL AND finished_day IS NULL"
    "  AND deadline_day IS NOT NULL"
    " UNION ALL SELECT 2, coalesce(window_id, 0), region_id, deadline_day,"
    "  warn_days, CASE WHEN state IN (3, 7) THEN 1 ELSE 0 END FROM cases"
    "  WHERE accepted_day IS NOT NULL AND finished_day IS NULL"
    "  AND deadline_day IS NOT NULL"
    " UNION ALL SELECT 3, coalesce(handler_id, 0), region_id, deadline_day,"
    "  warn_days, CASE WHEN state IN (3, 7) THEN 1 ELSE 0 END FROM cases"
    "  WHERE accepted_day IS NOT NULL AND finished_day IS NULL"
    "  AND deadline_day IS NOT NULL"
    " UNION ALL SELECT 4, region_id, region_id, deadline_day, warn_days,"
    "  CASE WHEN state IN (3, 7) THEN 1 ELSE 0 END FROM cases"
    "  WHERE accepted_day IS NOT NULL AND finished_day IS NULL"
    "  AND deadline_day IS NOT NULL) AS w"
    " GROUP BY dim, key, region_id, deadline_day, warn_days, paused")


def sort_rows(rows):
    return sorted(rows, key=lambda r: tuple((v is None, v or "") for v in r))


def table_rows(db, table):
    return sort_rows(db.run("SELECT * FROM %s" % table))


def show(rows, limit=12):
    s = "; ".join("(" + ", ".join("NULL" if v is None else v for v in r) + ")"
                  for r in rows[:limit])
    return s + (" ... %d rows" % len(rows) if len(rows) > limit else "")


def compare_rows(label, table, ra, rb):
    if ra == rb:
        return []
    only_a = [r for r in ra if r not in rb]
    only_b = [r for r in rb if r not in ra]
    return ["after %r: %s differs: SQLite only [%s], PostgreSQL only [%s]"
            % (label, table, show(only_a), show(only_b))]


def run_scenario(lite, pdb, steps, recount=True):
    """Runs steps on both; returns the differences."""
    diffs = []
    for st in steps:
        tables = ("watch_counts",) + tuple(
            t for t in st["compare"] if t != "watch_counts")
        check = recount and st["recount"]
        outcome, snap = {}, {}
        for db in (lite, pdb):
            if st["only"] and st["only"] != db.key:
                snap[db.key] = db.snapshot(tables, check)
                continue
            outcome[db.name], snap[db.key] = db.step(st["sql"], st["args"],
                                                     tables, check)
        for name, got in outcome.items():
            want = st["expect"]
            if want == "ok" and got != "ok":
                diffs.append("step %r failed on %s: %s" % (st["label"], name,
                                                           got))
            elif want != "ok" and (got == "ok" or want[6:].lower()
                                   not in got.lower()):
                diffs.append("step %r on %s: expected an error with %r, got"
                             " %s" % (st["label"], name, want[6:], got))
        for table in tables:
            diffs += compare_rows(st["label"], table, snap["sqlite"][table],
                                  snap["pg"][table])
        if check:
            for db in (lite, pdb):
                diffs += [d.replace("SQLite only", "watch_counts only")
                          .replace("PostgreSQL only", "recount only")
                          .replace("watch_counts differs",
                                   "watch_counts on %s differs from a"
                                   " recount of cases" % db.name)
                          for d in compare_rows(
                              st["label"], "watch_counts",
                              snap[db.key]["watch_counts"],
                              snap[db.key]["recount"])]
    return diffs


# ---- data carried through the migrations ------------------------------------

def data_migration_differences(pg, schema_dir=SCHEMA_DIR):
    """Writes rows at version 1 (cases in every watch state, sessions) and 5
    (a login failure), applies the rest, and compares every table."""
    at_v1 = SETUP + [
        c("open", 1), c("open, no window", 2, window_id=None, handler_id=None),
        c("paused 3", 3, state=3), c("paused 7", 4, state=7, warn_days=2),
        c("not accepted", 5, accepted_day=None, deadline_day=None),
        c("accepted, no deadline", 6, deadline_day=None),
        c("finished", 7, finished_day=20405, state=9),
        c("other region", 8, region_id=2, dept_id=2, deadline_day=20411),
        step("sessions", "INSERT INTO sessions VALUES (?, 1, 'c1', 100, 900),"
             " (?, 2, 'c2', 200, 800)", b"\x01" * 32, b"\xff" * 32),
    ]
    at_v5 = [step("a login failure", "INSERT INTO login_failures VALUES"
                  " ('clerk', 2, 100, 0)")]
    errors = []

    def between(ver, lite, pdb):
        steps = {1: at_v1, 5: at_v5}.get(ver, [])
        for st in steps:
            for db in (lite, pdb):
                try:
                    db.run(st["sql"], *st["args"])
                except EngineError as e:
                    errors.append("data for version %d, %r on %s: %s"
                                  % (ver, st["label"], db.name, e))

    lite, pdb = build_pair(pg, between=between, schema_dir=schema_dir)
    try:
        diffs = list(errors)
        names = sorted(r[0] for r in lite.run(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%'"))
        for t in names:
            diffs += compare_rows("all migrations", t, table_rows(lite, t),
                                  table_rows(pdb, t))
        watch = table_rows(lite, "watch_counts")
        # (20410, warn 1, running): cases 1 and 2, 7 rows (their windows
        # and handlers differ); (20410, 1, paused) case 3, (20410, 2,
        # paused) case 4, (20411) case 8: 5 rows each
        if len(watch) != 22:
            diffs.append("the backfill made %d watch_counts rows, not 22: %s"
                         % (len(watch), show(watch, 30)))
        for db in (lite, pdb):
            diffs += compare_rows("backfill on %s" % db.name, "watch_counts",
                                  table_rows(db, "watch_counts"),
                                  sort_rows(db.run(RECOUNT)))
            seen = db.run("SELECT created_at, last_seen FROM sessions")
            if any(a != b for a, b in seen):
                diffs.append("%s: last_seen not set from created_at: %s"
                             % (db.name, seen))
        return diffs
    finally:
        lite.close()
        pdb.close()


# ---- the tests --------------------------------------------------------------

def report(testcase, diffs, what, kind="differences between the engines"):
    if diffs:
        testcase.fail("%s: %d %s:\n  %s"
                      % (what, len(diffs), kind, "\n  ".join(diffs)))


class MigrationFilesTests(unittest.TestCase):

    def test_every_version_on_both_engines(self):
        migs = find_migrations()
        self.assertTrue(migs, "no migrations in %s" % SCHEMA_DIR)
        self.assertEqual([m[0] for m in migs], list(range(1, len(migs) + 1)),
                         "versions are not 1..N")

    def test_pg_files_follow_the_rules(self):
        """Each PostgreSQL file is sent whole in one PQexec: no psql
        meta-commands, no COPY, no transaction control of its own, and no
        schema-version table (the driver records versions)."""
        for ver, lite, pgf in find_migrations():
            if pgf == lite:
                continue
            body = strip_sql(read(pgf))
            for bad, why in ((r"^\s*\\", "a psql meta-command"),
                             (r"\bCOPY\b", "COPY"),
                             (r"\b(BEGIN\s*;|COMMIT|ROLLBACK)\b",
                              "transaction control"),
                             (r"\bWITHOUT\s+ROWID\b", "WITHOUT ROWID"),
                             (r"\bAUTOINCREMENT\b", "AUTOINCREMENT"),
                             (r"\bstrftime\b", "strftime"),
                             (r"\bINTEGER\b", "INTEGER (the rule is BIGINT)"),
                             (r"schema_version|user_version",
                              "a schema version")):
                # plpgsql bodies hold BEGIN ... END; not a transaction
                self.assertIsNone(re.search(bad, body, re.I | re.M),
                                  "%s holds %s" % (pgf, why))


class SchemaTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.pg = pgserver.shared(FAST)
        cls.lite, cls.pdb = build_pair(cls.pg)
        cls.a = sqlite_schema(cls.lite)
        cls.b = pg_schema(cls.pdb)

    @classmethod
    def tearDownClass(cls):
        cls.lite.close()
        cls.pdb.close()

    def test_schemas_equal(self):
        report(self, compare_schemas(self.a, self.b), "schema")

    def test_picture_is_not_empty(self):
        # the comparison sees what it compares (a broken query reads nothing)
        t = self.b["tables"]
        self.assertGreaterEqual(len(t), 30)
        self.assertEqual(t["cases"]["pk"], ("id",))
        self.assertIn("cases_watch", t["cases"]["indexes"])
        self.assertIsNotNone(t["cases"]["indexes"]["cases_watch"][2])
        self.assertIn((("item_id",), "items", ("id",), "CASCADE",
                       "NO ACTION"), t["item_fees"]["fks"])
        self.assertEqual(len(t["regions"]["checks"]), 1)
        self.assertIn(("hall_id", "no"), t["windows"]["uniques"])
        self.assertIn("watch_zero", self.b["triggers"])
        self.assertEqual(self.a["tables"]["cases"]["columns"][0]["auto"], True)
        self.assertEqual(self.b["triggers"]["audit_no_truncate"],
                         ("audit", "BEFORE", "TRUNCATE", ()))
        self.assertEqual(self.b["trigger_functions"]["audit_no_truncate"][1],
                         "STATEMENT")


class EffectTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.pg = pgserver.shared(FAST)

    def scenario(self, steps):
        lite, pdb = build_pair(self.pg)
        try:
            return run_scenario(lite, pdb, steps)
        finally:
            lite.close()
            pdb.close()

    def test_watch_counts_alike(self):
        report(self, self.scenario(WATCH_SCENARIO), "watch_counts")

    def test_constraints_and_audit_alike(self):
        report(self, self.scenario(CONSTRAINT_SCENARIO), "constraints")

    def test_data_migrations_alike(self):
        report(self, data_migration_differences(self.pg), "data migrations")


class ConcurrencyTests(unittest.TestCase):
    """Several writers on PostgreSQL (SQLite has one): concurrent case
    transitions keep watch_counts equal to a recount of cases, and the
    triggers' advisory locks (0002_supervision.pg.sql, watch_lock) keep them
    from deadlocking on the counts' row locks."""

    def test_concurrent_transitions(self):
        pg = pgserver.shared(FAST)
        lite, pdb = build_pair(pg)
        lite.close()
        try:
            for st in SETUP:
                pdb.run(st["sql"], *st["args"])
            for i in range(1, 41):
                sql, args = insert_case(i, deadline_day=20410 + i % 3,
                                        handler_id=2 + i % 2)
                pdb.run(sql, *args)
            procs = []
            for w in range(8):
                rnd = random.Random(w)
                lines = ["UPDATE cases SET deadline_day = %d, state = %d,"
                         " handler_id = %d WHERE id = %d;" % (
                             20410 + rnd.randint(0, 3),
                             rnd.choice((2, 2, 3, 7)), rnd.choice((2, 3)),
                             rnd.randint(1, 40)) for _ in range(100)]
                p = subprocess.Popen(
                    [pg.psql, "-X", "-q", "-d", pdb.uri, "-f", "-"],
                    stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE, text=True)
                # 8 KiB, within a pipe's buffer: every client starts now
                p.stdin.write("\n".join(lines))
                p.stdin.close()
                procs.append(p)
            errors = []
            for p in procs:
                p.wait(300)
                errors += [x for x in p.stderr.read().splitlines()
                           if "ERROR" in x]
                p.stderr.close()
            self.assertEqual(errors, [], "%d of 800 transitions failed, the"
                             " first: %s" % (len(errors), errors[:1]))
            self.assertEqual(sort_rows(pdb.run("SELECT * FROM watch_counts")),
                             sort_rows(pdb.run(RECOUNT)))
        finally:
            pdb.close()


# Alterations of one side, each with a word that the reported differences
# must contain.  kind: "pg" or "sqlite" runs SQL on that side after the
# migrations and compares the structure; "pg-effect" changes behaviour only
# (the structure must stay alike) and runs the watch_counts scenario;
# "pg-file" edits a PostgreSQL migration file (old -> new) in a copy of the
# schema folder and compares the data carried through the migrations.
MUTATIONS = [
    ("pg", "ALTER TABLE cases ADD COLUMN extra BIGINT", "extra"),
    ("pg", "ALTER TABLE users ALTER COLUMN active DROP NOT NULL", "active"),
    ("pg", "ALTER TABLE items ALTER COLUMN warn_days SET DEFAULT 0",
     "warn_days"),
    ("pg", "ALTER TABLE halls ALTER COLUMN hours DROP DEFAULT", "hours"),
    ("pg", "ALTER TABLE cases ALTER COLUMN version TYPE INTEGER",
     "convention is BIGINT"),
    ("pg", "ALTER TABLE sessions ALTER COLUMN token_hash TYPE TEXT", "blob"),
    ("pg", "ALTER TABLE audit ALTER COLUMN id SET GENERATED ALWAYS",
     "identity"),
    ("pg", "ALTER TABLE case_notices ALTER COLUMN id DROP IDENTITY",
     "identity"),
    ("pg", "DROP INDEX cases_watch; CREATE INDEX cases_watch ON"
     " cases(deadline_day)", "cases_watch"),
    ("pg", "DROP INDEX timers_due; CREATE INDEX timers_due ON timers(due_day)"
     " WHERE done_at IS NOT NULL", "timers_due"),
    ("pg", "DROP INDEX users_dept", "users_dept"),
    ("pg", "DROP INDEX cases_state; CREATE INDEX cases_state ON"
     " cases(deadline_day, state)", "cases_state"),
    ("pg", "ALTER TABLE halls DROP CONSTRAINT halls_region_id_key", "UNIQUE"),
    ("pg", "ALTER TABLE watch_counts DROP CONSTRAINT watch_counts_pkey;"
     " ALTER TABLE watch_counts ADD PRIMARY KEY (dim, key, region_id,"
     " deadline_day, warn_days)", "primary key"),
    ("pg", "ALTER TABLE item_fees DROP CONSTRAINT item_fees_item_id_fkey;"
     " ALTER TABLE item_fees ADD FOREIGN KEY (item_id) REFERENCES items(id)",
     "FOREIGN KEY"),
    ("pg", "ALTER TABLE regions DROP CONSTRAINT regions_level_check", "CHECK"),
    ("pg", "ALTER TABLE login_throttle ADD CHECK (failures >= 0)", "CHECK"),
    ("pg", "CREATE TABLE extra_table (a BIGINT)", "extra_table"),
    ("pg", "CREATE VIEW extra_view AS SELECT 1 AS one", "extra_view"),
    ("pg", "DROP TRIGGER watch_zero ON watch_counts", "watch_zero"),
    ("pg", "DROP TRIGGER audit_no_update ON audit", "audit_no_update"),
    ("pg", "DROP TRIGGER audit_no_truncate ON audit", "TRUNCATE"),
    ("pg", "ALTER TABLE audit DISABLE TRIGGER audit_no_delete",
     "audit_no_delete"),
    ("pg", "DROP TRIGGER watch_delete ON cases; CREATE TRIGGER watch_delete"
     " BEFORE DELETE ON cases FOR EACH ROW EXECUTE FUNCTION watch_delete()",
     "watch_delete"),
    ("pg", "DROP TRIGGER watch_insert ON cases; CREATE TRIGGER watch_insert"
     " AFTER INSERT ON cases FOR EACH ROW EXECUTE FUNCTION watch_update_new()",
     "watch_insert"),
    # the same structure, the wrong effect: window 0 is not coalesced
    ("pg-effect", """CREATE OR REPLACE FUNCTION watch_update_old() RETURNS
     trigger LANGUAGE plpgsql AS $$ BEGIN
       UPDATE watch_counts SET n = n - 1 WHERE deadline_day = OLD.deadline_day
        AND region_id = OLD.region_id AND warn_days = OLD.warn_days
        AND paused = (OLD.state IN (3, 7))::int
        AND ((dim = 0 AND key = 0) OR (dim = 1 AND key = OLD.dept_id)
         OR (dim = 2 AND key = OLD.window_id)
         OR (dim = 3 AND key = coalesce(OLD.handler_id, 0))
         OR (dim = 4 AND key = OLD.region_id));
       RETURN NULL; END; $$""", "watch_counts"),
    # the same structure, paused counted from the wrong states
    ("pg-effect", """CREATE OR REPLACE FUNCTION watch_insert() RETURNS trigger
     LANGUAGE plpgsql AS $$ BEGIN
       INSERT INTO watch_counts(dim, key, region_id, deadline_day, warn_days,
         paused, n) SELECT d, k, NEW.region_id, NEW.deadline_day,
         NEW.warn_days, (NEW.state = 3)::int, 1 FROM (VALUES (0, 0),
         (1, NEW.dept_id), (2, coalesce(NEW.window_id, 0)),
         (3, coalesce(NEW.handler_id, 0)), (4, NEW.region_id)) AS v(d, k)
       ON CONFLICT (dim, key, region_id, deadline_day, warn_days, paused)
       DO UPDATE SET n = watch_counts.n + 1;
       RETURN NULL; END; $$""", "watch_counts"),
    # the same structure, a zero row left behind
    ("pg-effect", """CREATE OR REPLACE FUNCTION watch_zero() RETURNS trigger
     LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END; $$""", "watch_counts"),
    ("pg-file", ("0008_*.pg.sql", "UPDATE sessions SET last_seen = created_at;",
                 ""), "sessions"),
    ("pg-file", ("0002_*.pg.sql", "(state IN (3, 7))::int AS paused",
                 "(state IN (3))::int AS paused"), "watch_counts"),
    ("sqlite", "ALTER TABLE cases ADD COLUMN extra INTEGER", "extra"),
    ("sqlite", "DROP TRIGGER watch_zero", "watch_zero"),
    ("sqlite", "CREATE INDEX cases_extra ON cases(reason)", "cases_extra"),
    ("sqlite", "CREATE TABLE extra_table (a INTEGER)", "extra_table"),
]


class SelfCheckTests(unittest.TestCase):
    """The comparison reports each alteration of one side."""

    @classmethod
    def setUpClass(cls):
        cls.pg = pgserver.shared(FAST)

    def differences_after(self, kind, change):
        """(structure differences, effect differences) after one change."""
        if kind == "pg-file":
            pattern, old, new = change
            tmp = tempfile.mkdtemp(prefix="govhall-schema-")
            try:
                for f in glob.glob(os.path.join(SCHEMA_DIR, "*.sql")):
                    shutil.copy(f, tmp)
                (path,) = glob.glob(os.path.join(tmp, pattern))
                text = read(path)
                self.assertIn(old, text, "the self-check's change of %s no "
                              "longer applies" % pattern)
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text.replace(old, new))
                return [], data_migration_differences(self.pg, tmp)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
        lite, pdb = build_pair(self.pg)
        try:
            (lite if kind == "sqlite" else pdb).script(change)
            structure = compare_schemas(sqlite_schema(lite), pg_schema(pdb))
            effects = []
            if kind == "pg-effect":
                effects = run_scenario(lite, pdb, WATCH_SCENARIO)
            return structure, effects
        finally:
            lite.close()
            pdb.close()

    def test_each_alteration_is_reported(self):
        missed = []
        for kind, change, word in MUTATIONS:
            what = " ".join(str(change).split())[:60]
            structure, effects = self.differences_after(kind, change)
            if kind == "pg-effect" and structure:
                missed.append("%s: the structure should be alike, got %s"
                              % (what, structure))
            found = [d for d in structure + effects if word in d]
            if not found:
                missed.append("%s (%s): not reported; reported: %s"
                              % (what, kind, structure + effects))
            else:
                print("self-check %-9s %-60s\n    -> %s" % (
                    kind, what, found[0][:150]))
        report(self, missed, "self-check", "alterations not reported")

    def test_a_scenario_error_is_reported(self):
        lite, pdb = build_pair(self.pg)
        try:
            diffs = run_scenario(lite, pdb, SETUP + [
                step("wrong expectation", "INSERT INTO regions(code, name,"
                     " level) VALUES ('y', 'y', 1)", expect="error:check")])
        finally:
            lite.close()
            pdb.close()
        self.assertEqual(len([d for d in diffs if "wrong expectation" in d]),
                         2, diffs)

    def test_default_normalisation(self):
        self.assertEqual(norm_default("'-1'::integer"), ("lit", "-1"))
        self.assertEqual(norm_default("-1"), ("lit", "-1"))
        self.assertEqual(norm_default("''::text"), ("lit", ""))
        self.assertEqual(norm_default("'pending'::text"), ("lit", "pending"))
        self.assertEqual(norm_default("'it''s'"), ("lit", "it's"))
        self.assertEqual(norm_default("(0)"), ("lit", "0"))
        self.assertEqual(norm_default(None), None)
        self.assertEqual(norm_default("(strftime('%s','now'))")[0], "expr")


if __name__ == "__main__":
    if not pgserver.available():
        print("skipped: no PostgreSQL (initdb not found; scripts/deps.sh "
              "installs it)")
        sys.exit(0)
    unittest.main(verbosity=2)
