#!/usr/bin/env python3
"""Translates the project's MySQL-dialect SQL fixtures (tests/fixtures/demo-site.sql and the like)
to PostgreSQL, for scripts/demo --db postgres and scripts/chaos --db postgres.

    python3 scripts/lib/mysql_to_pgsql.py [FILE...] | psql -v ON_ERROR_STOP=1 --single-transaction -d DB

Reads the files (or stdin) in order, as one script, and writes PostgreSQL. It knows what the
fixtures use, nothing more, and stops on anything else it recognises as MySQL-only:
- `SET @name = expr;` defines a user variable: the line goes, and every later `@name` outside
  strings and comments becomes `(expr)`; `UNIX_TIMESTAMP()` becomes the transaction's
  `now()` in Unix seconds (load with --single-transaction so it is the same in every statement);
- explicit ids do not move PostgreSQL's sequences as they move MySQL's AUTO_INCREMENT: each
  table given rows gets `setval(its id sequence, max(id))` at the end, so Moodle's next insert
  (and the engine's into the outbox) does not collide with a fixture row.
"""

import re
import sys

TOKEN = re.compile(r"--[^\n]*|'(?:[^']|'')*'|[^'-]+|-", re.S)
SET_VAR = re.compile(r"^\s*SET\s+@(\w+)\s*=\s*(.+?);\s*$", re.I)
MYSQL_ONLY = re.compile(r"\b(INSERT\s+IGNORE|ENGINE\s*=|IF\s*\(|DIV|SET\s+SESSION|UNIX_TIMESTAMP\s*\(\s*\S)", re.I)
INSERT_INTO = re.compile(r"\bINSERT\s+INTO\s+(\w+)", re.I)


def substitute(text, variables):
    """`@name` outside strings and comments to its value; UNIX_TIMESTAMP() to now()."""
    out = []
    for token in TOKEN.findall(text):
        if not token.startswith("'") and not token.startswith("--"):
            bad = MYSQL_ONLY.search(token)
            if bad:
                sys.exit(f"mysql_to_pgsql: '{bad.group(0)}' is MySQL-only and not translated")
            token = re.sub(r"(?i)\bUNIX_TIMESTAMP\(\s*\)", "CAST(EXTRACT(EPOCH FROM now()) AS bigint)", token)

            def value(m):
                if m.group(1) not in variables:
                    sys.exit(f"mysql_to_pgsql: @{m.group(1)} is used before any SET @{m.group(1)}")
                return "(" + variables[m.group(1)] + ")"

            token = re.sub(r"@(\w+)", value, token)
        out.append(token)
    return "".join(out)


def translate(sql):
    variables = {}
    body = []
    for line in sql.splitlines(keepends=True):
        m = SET_VAR.match(line)
        if m:
            variables[m.group(1)] = substitute(m.group(2), variables)
            continue
        body.append(line)
    text = substitute("".join(body), variables)
    tables = []
    for token in TOKEN.findall(text):
        if not token.startswith("'") and not token.startswith("--"):
            tables += [t for t in INSERT_INTO.findall(token) if t not in tables]
    out = [text.rstrip("\n") + "\n", "\n-- Sequences past the explicit ids (mysql_to_pgsql.py).\n"]
    for t in tables:
        out.append(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), max(id)) FROM {t} HAVING max(id) IS NOT NULL;\n")
    return "".join(out)


def main():
    paths = sys.argv[1:] or ["-"]
    sql = "".join(sys.stdin.read() if p == "-" else open(p, encoding="utf-8").read() for p in paths)
    sys.stdout.write(translate(sql))


if __name__ == "__main__":
    main()
