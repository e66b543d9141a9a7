#!/usr/bin/env bash
# For scripts/test: the demo site translated for PostgreSQL (scripts/lib/mysql_to_pgsql.py, as
# scripts/demo --db postgres loads it) holds the same rows as the MySQL-dialect fixture loaded into
# MariaDB, table by table, every column but the id (same @now on both); and on PostgreSQL every
# table's id sequence is past the fixture's ids (a next insert does not collide).
# Works in its own databases cn_demofixture_<pid> on both servers and drops only those.
set -euo pipefail
source "$(dirname "$0")/common.sh"
source "$ROOT/scripts/lib/pg.sh"

db="cn_demofixture_$$"
now=1795312016
created_pg=0 created_maria=0
cleanup() {
    [ $created_pg = 1 ] && pg_drop_db "$db"
    [ $created_maria = 1 ] && mariadb -uroot -e "DROP DATABASE IF EXISTS \`$db\`"
    return 0
}
trap cleanup EXIT

ensure_pg_role
created_pg=1
create_moodle_pgdb "$db"
{ echo "SET @now = $now;"; cat "$ROOT/tests/fixtures/demo-site.sql"; } | pg_load_mysql_fixture "$db"
created_maria=1
create_moodle_db "$db"
{ echo "SET @now = $now;"; cat "$ROOT/tests/fixtures/demo-site.sql"; } | mariadb -uroot "$db"

tables=$(grep -oiE 'INSERT INTO mdl_[a-z_]+' "$ROOT/tests/fixtures/demo-site.sql" | awk '{print $3}' | sort -u)
[ -n "$tables" ] || die "no table in the demo fixture?"
failed=0 rows=0
for t in $tables; do
    cols=$(mariadb -uroot -N -B "$db" -e "SELECT GROUP_CONCAT(COLUMN_NAME ORDER BY ORDINAL_POSITION)
        FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '$t' AND COLUMN_NAME <> 'id'")
    maria=$(mariadb -uroot -N -B "$db" -e "SELECT $cols FROM $t" | sort)
    pg=$(pg_cn "$db" -F $'\t' -P null=NULL -c "SELECT $cols FROM $t" | sort)
    if [ "$maria" != "$pg" ]; then
        echo "demo fixture: $t differs between MariaDB (<) and PostgreSQL (>):" >&2
        diff <(echo "$maria") <(echo "$pg") | head -n 20 >&2 || true
        failed=1
    fi
    rows=$((rows + $(echo "$maria" | grep -c . || true)))
    behind=$(pg_value "$db" "SELECT max(id) >= nextval(pg_get_serial_sequence('$t', 'id')) FROM $t")
    if [ "$behind" = t ]; then
        echo "demo fixture: the id sequence of $t is not past its rows on PostgreSQL" >&2
        failed=1
    fi
done
[ $failed = 0 ] || die "the demo site on PostgreSQL is not the demo site on MariaDB"
echo "demo site: $(echo "$tables" | wc -l) tables, $rows rows, the same on MariaDB and PostgreSQL; sequences past the ids"
