#!/usr/bin/env bash
# Writes tests/fixtures/moodle-5.0-schema.pgsql.sql from a real Moodle installed on PostgreSQL, so the
# PostgreSQL fixture holds what Moodle really creates there, never a hand translation of the MariaDB one.
# Usage: scripts/lib/dump_pg_schema.sh DATABASE [HOST] > tests/fixtures/moodle-5.0-schema.pgsql.sql
# The tables and their order are those of the MariaDB fixture. One pg_dump per table keeps each table's
# sequence and indexes next to it (a single pg_dump sorts all tables first, then all indexes).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
db=${1:?usage: dump_pg_schema.sh DATABASE [HOST]}
host=${2:-127.0.0.1}
pg() { psql -h "$host" -U postgres -d "$db" -X -A -t -v ON_ERROR_STOP=1 -c "$1"; }

mapfile -t tables < <(sed -n 's/^CREATE TABLE `\([a-z_]*\)`.*/\1/p' "$ROOT/tests/fixtures/moodle-5.0-schema.sql")
release=$(pg "SELECT value FROM mdl_config WHERE name = 'release'")
version=$(pg "SELECT value FROM mdl_config WHERE name = 'version'")
server=$(pg "SHOW server_version")

cat <<EOF
-- Table definitions as a real Moodle $release, version $version,
-- creates them on PostgreSQL $server (prefix mdl_): the PostgreSQL counterpart of
-- moodle-5.0-schema.sql, the same tables in the same order. Types, defaults, sequences, primary keys
-- and indexes are Moodle's own. Made on $(date -u +%Y-%m-%d) by scripts/lib/dump_pg_schema.sh, that is for each table
--   pg_dump --schema-only --no-owner --no-privileges -t mdl_TABLE DATABASE
-- with only these cleanups: pg_dump's comments, SET, SELECT pg_catalog.set_config and \\restrict lines
-- removed, the schema qualifier "public." dropped (the file loads into the schema first on search_path),
-- runs of blank lines squeezed, a "-- mdl_TABLE" line before each table. Do not edit by hand: regenerate.
-- Load: psql -v ON_ERROR_STOP=1 -d DB -f moodle-5.0-schema.pgsql.sql
EOF
for t in "${tables[@]}"; do
    echo
    echo "-- $t"
    pg_dump -h "$host" -U postgres --schema-only --no-owner --no-privileges -t "$t" "$db" \
        | grep -Ev '^(--|\\(un)?restrict |SET |SELECT pg_catalog\.set_config)' \
        | sed 's/\bpublic\.//g' \
        | cat -s | sed '1{/^$/d}' | sed '${/^$/d}'
done
