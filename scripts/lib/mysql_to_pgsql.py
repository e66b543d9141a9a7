#!/usr/bin/env python3
"""The one translation of the project's MariaDB-dialect SQL (tests/fixtures/demo-site.sql, the
integration tests' fixtures) to PostgreSQL: used by scripts/demo, scripts/chaos and the fixture
check with --db postgres, and by the integration tests' PostgreSQL pass (their dialect.rs runs it).

    python3 scripts/lib/mysql_to_pgsql.py [--now UNIX] [--no-sequences] [FILE...] | psql -v ON_ERROR_STOP=1 --single-transaction -d DB

Reads the files (or stdin) in order, as one script, and writes PostgreSQL. It knows what the
fixtures use and nothing cleverer (a test whose SQL needs more gives its statement per database).
Outside string literals and comments:
- `SET @name = expr;` is dropped and every later `@name` becomes `(expr)`; `--now N` sets `@now`;
  using a variable before it is set is an error;
- `INSERT IGNORE INTO ...;` becomes `INSERT INTO ... ON CONFLICT DO NOTHING;`;
- `UNIX_TIMESTAMP()` becomes the epoch seconds of `now()` (load with --single-transaction so it is
  the same in every statement), `CAST(x AS SIGNED)` `CAST(x AS BIGINT)`;
- `` `name` `` becomes `"name"`.
String literals are written in PostgreSQL's standard form: MariaDB's backslash escapes (`\\'`,
`\\\\`, `\\n`...) are resolved and quotes doubled, so the value stored is the same; MariaDB's
double-quoted strings are strings too.
At the end (unless --no-sequences), every id sequence of the schema is moved past the largest id of its table: explicit
ids do not move PostgreSQL's sequences as they move MariaDB's AUTO_INCREMENT, and Moodle's next
insert (or the engine's into the outbox) must not collide with a fixture row.
"""

import sys

# After a load: every table of the current schema with an `id` column and a sequence on it.
RESET_SEQUENCES = (
    "DO $$ DECLARE r record; BEGIN "
    "FOR r IN SELECT c.relname AS t, pg_get_serial_sequence(quote_ident(c.relname), 'id') AS s "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind = 'r' AND n.nspname = current_schema() "
    "AND EXISTS (SELECT 1 FROM pg_attribute a "
    "WHERE a.attrelid = c.oid AND a.attname = 'id' AND NOT a.attisdropped) LOOP "
    "IF r.s IS NOT NULL THEN "
    "EXECUTE format('SELECT setval(%L, COALESCE((SELECT max(id) FROM %I), 0) + 1, false)', r.s, r.t); "
    "END IF; END LOOP; END $$;"
)

ESCAPES = {"0": "\0", "n": "\n", "r": "\r", "t": "\t", "b": "\b", "Z": "\x1a"}


class TranslationError(Exception):
    pass


def split(sql):
    """The statements of `sql`, each with its `;` and the comments and blank lines after it."""
    statements, current, i = [], [], 0
    while i < len(sql):
        c = sql[i]
        current.append(c)
        i += 1
        if c in "'\"`":
            while i < len(sql):
                d = sql[i]
                current.append(d)
                i += 1
                if d == "\\" and c != "`" and i < len(sql):
                    current.append(sql[i])
                    i += 1
                elif d == c:
                    if i < len(sql) and sql[i] == c:
                        current.append(sql[i])
                        i += 1
                    else:
                        break
        elif c == "-" and sql.startswith("-", i):
            end = sql.find("\n", i)
            end = len(sql) if end < 0 else end + 1
            current.append(sql[i:end])
            i = end
        elif c == ";":
            statements.append("".join(current))
            current = []
    if current:
        statements.append("".join(current))
    return statements


def skip_comments(text):
    """`text` without its leading blank space and `--` comment lines."""
    rest = text.lstrip()
    while rest.startswith("--"):
        rest = rest.split("\n", 1)[1].lstrip() if "\n" in rest else ""
    return rest


def mysql_string(s, start):
    """The value of the MariaDB literal at s[start] (a ' or "), and the index after it."""
    quote, value, i = s[start], [], start + 1
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            e = s[i + 1]
            # LIKE's escapes keep their backslash, as in MariaDB.
            value.append("\\" + e if e in "%_" else ESCAPES.get(e, e))
            i += 2
        elif c == quote and s.startswith(quote, i + 1):
            value.append(quote)
            i += 2
        elif c == quote:
            return "".join(value), i + 1
        else:
            value.append(c)
            i += 1
    raise TranslationError("unterminated string literal")


def is_word(c):
    return c.isascii() and (c.isalnum() or c == "_")


def translate_statement(s, variables):
    """One statement's words: variables, backticks, functions; literals re-written."""
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c in "'\"":
            value, i = mysql_string(s, i)
            out.append("'" + value.replace("'", "''") + "'")
        elif c == "`":
            end = s.find("`", i + 1)
            end = len(s) if end < 0 else end
            out.append('"' + s[i + 1:end] + '"')
            i = end + 1
        elif c == "-" and s.startswith("-", i + 1):
            end = s.find("\n", i)
            end = len(s) if end < 0 else end
            out.append(s[i:end])
            i = end
        elif c == "@":
            j = i + 1
            while j < len(s) and is_word(s[j]):
                j += 1
            name = s[i + 1:j]
            if skip_comments("".join(out)).strip().upper() == "SET":
                out.append("(" + name + ")")  # the variable being set: kept as a marker
            elif name in variables:
                out.append("(" + variables[name] + ")")
            else:
                raise TranslationError(f"@{name} is used before it is set")
            i = j
        elif c.isascii() and c.isalpha() and (i == 0 or not is_word(s[i - 1])):
            j = i
            while j < len(s) and is_word(s[j]):
                j += 1
            word = s[i:j]
            if word.lower() == "unix_timestamp" and s.startswith("()", j):
                out.append("CAST(EXTRACT(EPOCH FROM now()) AS BIGINT)")
                j += 2
            elif word.lower() == "signed" and "".join(out).rstrip().lower().endswith(" as"):
                out.append("BIGINT")
            else:
                out.append(word)
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def set_variable(statement):
    """(name, value) of a translated `SET (name) = value;`, else None."""
    rest = skip_comments(statement)
    if not rest.lower().startswith("set "):
        return None
    name, sep, value = rest[4:].strip().rstrip(";").partition("=")
    name = name.strip()
    if not sep or not (name.startswith("(") and name.endswith(")")):
        return None
    return name[1:-1].strip(), value.strip()


def insert_ignore(statement):
    """`statement` with a leading INSERT IGNORE made INSERT ... ON CONFLICT DO NOTHING."""
    head_len = len(statement) - len(skip_comments(statement))
    words = statement[head_len:].split(None, 2)
    if len(words) < 3 or words[0].lower() != "insert" or words[1].lower() != "ignore":
        return statement
    body = statement[:head_len] + "INSERT " + words[2]
    end = len(body.rstrip())
    if body[:end].endswith(";"):
        return body[:end - 1] + " ON CONFLICT DO NOTHING" + body[end - 1:]
    return body[:end] + " ON CONFLICT DO NOTHING;" + body[end:]


def translate(sql, now=None, reset_sequences=True):
    variables = {} if now is None else {"now": str(now)}
    out = []
    for statement in split(sql):
        translated = translate_statement(statement, variables)
        assignment = set_variable(translated)
        if assignment:
            variables[assignment[0]] = assignment[1]
            continue
        out.append(insert_ignore(translated))
    if reset_sequences:
        out.append("\n-- Sequences past the explicit ids (mysql_to_pgsql.py).\n" + RESET_SEQUENCES + "\n")
    return "".join(out)


def main():
    args, now, sequences = sys.argv[1:], None, True
    while args[:1] in (["--now"], ["--no-sequences"]):
        if args[0] == "--now":
            now, args = int(args[1]), args[2:]
        else:
            sequences, args = False, args[1:]
    paths = args or ["-"]
    sql = "".join(sys.stdin.read() if p == "-" else open(p, encoding="utf-8").read() for p in paths)
    try:
        sys.stdout.write(translate(sql, now, sequences))
    except TranslationError as e:
        sys.exit(f"mysql_to_pgsql: {e}")


if __name__ == "__main__":
    main()
