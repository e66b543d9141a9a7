#!/usr/bin/env python3
"""Compares the mdl_ tables of a MariaDB database with those of a PostgreSQL database, for scripts/test.

    python3 schema_compare.py MARIADB_DB PG_DB [PG_HOST]

Both databases hold the same Moodle schema, made for each database: this checks, table by table, that
they have the same tables, the same columns in the same order, with matching types (through Moodle's
XMLDB mapping: tinyint/smallint(N) and int(N) widths, varchar, longtext), nullability, defaults and
sequences, and the same indexes (name, uniqueness, columns), but for the varchar_pattern_ops twin
Moodle adds on PostgreSQL only (printed as a note). Reads the catalogs with the mariadb and
psql clients (as root / postgres, like the rest of the scripts). Prints each difference and a summary;
exits 1 if any.
"""
import re
import subprocess
import sys


def rows(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def mariadb(db, sql):
    return rows(["mariadb", "-uroot", "-N", "-B", "--raw", db, "-e", sql])


def psql(db, host, sql):
    return rows(["psql", "-h", host, "-U", "postgres", "-d", db, "-X", "-A", "-t", "-F", "\t",
                 "-v", "ON_ERROR_STOP=1", "-c", sql])


def xmldb_type(mysql_type):
    """The PostgreSQL type Moodle makes for the XMLDB field behind a MariaDB column type."""
    m = re.fullmatch(r"(tinyint|smallint|mediumint|int|bigint)\((\d+)\)", mysql_type)
    if m:
        width = int(m.group(2))
        return "bigint" if width > 9 else "integer" if width > 4 else "smallint"
    m = re.fullmatch(r"varchar\((\d+)\)", mysql_type)
    if m:
        return f"character varying({m.group(1)})"
    m = re.fullmatch(r"decimal\((\d+),(\d+)\)", mysql_type)
    if m:
        return f"numeric({m.group(1)},{m.group(2)})" if m.group(2) != "0" else f"numeric({m.group(1)})"
    return {"longtext": "text", "mediumtext": "text", "text": "text", "double": "double precision",
            "longblob": "bytea"}.get(mysql_type, "?" + mysql_type)


def maria_default(default, extra):
    if "auto_increment" in extra:
        return "sequence"
    if default in ("NULL", "\\N"):
        return None
    return default.strip("'")


def pg_default(default):
    if default in ("", "\\N"):
        return None
    if default.startswith("nextval("):
        return "sequence"
    return re.sub(r"::[a-z ]+$", "", default).strip("'")


def maria_schema(db):
    tables = {}
    for table, col, ctype, nullable, default, extra in mariadb(db, """
            SELECT table_name, column_name, column_type, is_nullable, IFNULL(column_default, 'NULL'), extra
            FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name LIKE 'mdl\\_%'
            ORDER BY table_name, ordinal_position"""):
        tables.setdefault(table, {"columns": [], "indexes": {}})["columns"].append(
            (col, xmldb_type(ctype), nullable == "NO", maria_default(default, extra)))
    for table, index, nonunique, col in mariadb(db, """
            SELECT table_name, index_name, non_unique, column_name FROM information_schema.statistics
            WHERE table_schema = DATABASE() AND table_name LIKE 'mdl\\_%'
            ORDER BY table_name, index_name, seq_in_index"""):
        name = "primary" if index == "PRIMARY" else index
        entry = tables[table]["indexes"].setdefault(name, [nonunique == "0", []])
        entry[1].append(col)
    return tables


def pg_schema(db, host):
    tables = {}
    for table, col, ctype, notnull, default in psql(db, host, """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   COALESCE(pg_get_expr(d.adbin, d.adrelid), '')
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE c.relkind = 'r' AND c.relname LIKE 'mdl\\_%' AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY c.relname, a.attnum"""):
        tables.setdefault(table, {"columns": [], "indexes": {}})["columns"].append(
            (col, ctype, notnull == "t", pg_default(default)))
    for table, index, unique, primary, cols in psql(db, host, """
            SELECT t.relname, i.relname, x.indisunique, x.indisprimary,
                   (SELECT string_agg(a.attname, ',' ORDER BY k.ord)
                    FROM unnest(x.indkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum)
            FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
            WHERE t.relname LIKE 'mdl\\_%'"""):
        name = "primary" if primary == "t" else index
        tables[table]["indexes"][name] = [unique == "t", cols.split(",")]
    return tables


def pattern_twin(name, table, maria, pg):
    """Whether a PostgreSQL index is the varchar_pattern_ops copy Moodle's postgres generator adds
    (INDEX hint varchar_pattern_ops, for LIKE 'prefix%' on context.path) next to the normal one."""
    base = name[:-len("_pattern")] if name.endswith("_pattern") else None
    return base is not None and name not in maria[table]["indexes"] and \
        maria[table]["indexes"].get(base) == pg[table]["indexes"][name]


def compare(maria, pg):
    diffs = []
    for table in sorted(set(maria) | set(pg)):
        if table not in pg or table not in maria:
            diffs.append(f"{table}: only in {'MariaDB' if table in maria else 'PostgreSQL'}")
            continue
        mcols, pcols = maria[table]["columns"], pg[table]["columns"]
        if [c[0] for c in mcols] != [c[0] for c in pcols]:
            diffs.append(f"{table}: columns differ: MariaDB {[c[0] for c in mcols]} PostgreSQL {[c[0] for c in pcols]}")
        pcol = {c[0]: c for c in pcols}
        for col in mcols:
            if col[0] in pcol and col != pcol[col[0]]:
                diffs.append(f"{table}.{col[0]}: MariaDB {col[1:]} PostgreSQL {pcol[col[0]][1:]}")
        if maria[table]["indexes"] != pg[table]["indexes"]:
            for name in sorted(set(maria[table]["indexes"]) | set(pg[table]["indexes"])):
                m, p = maria[table]["indexes"].get(name), pg[table]["indexes"].get(name)
                if m is None and pattern_twin(name, table, maria, pg):
                    print(f"note: {table} index {name}: PostgreSQL only, Moodle's varchar_pattern_ops twin")
                elif m != p:
                    diffs.append(f"{table} index {name}: MariaDB {m} PostgreSQL {p}")
    return diffs


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    maria, pg = maria_schema(sys.argv[1]), pg_schema(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "127.0.0.1")
    diffs = compare(maria, pg)
    for d in diffs:
        print(d)
    ncols = sum(len(t["columns"]) for t in maria.values())
    nidx = sum(len(t["indexes"]) for t in maria.values())
    print(f"{len(maria)} tables, {ncols} columns, {nidx} indexes compared: {len(diffs)} differences")
    sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
