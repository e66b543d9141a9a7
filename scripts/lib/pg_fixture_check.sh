#!/usr/bin/env bash
# For scripts/test: tests/fixtures/moodle-5.0-schema.pgsql.sql loads into an empty PostgreSQL database,
# and with the plugin's tables (xmldb_to_sql.php, pgsql dialect) it matches the MariaDB fixture with the
# plugin's tables (mysql dialect), table by table: columns, types, defaults, indexes (schema_compare.py).
# Works in its own databases cn_pgfixture_<pid> on both servers and drops only those.
set -euo pipefail
source "$(dirname "$0")/common.sh"

db="cn_pgfixture_$$"
pg() { PGOPTIONS='-c client_min_messages=warning' psql -h 127.0.0.1 -U postgres -X -q -v ON_ERROR_STOP=1 "$@"; }
created_pg=0 created_maria=0
cleanup() {
    [ $created_pg = 1 ] && pg -d postgres -c "DROP DATABASE IF EXISTS $db"
    [ $created_maria = 1 ] && mariadb -uroot -e "DROP DATABASE IF EXISTS \`$db\`"
    return 0
}
trap cleanup EXIT

pg -d postgres -c "CREATE DATABASE $db ENCODING 'UTF8' TEMPLATE template0"
created_pg=1
pg -d "$db" -f "$ROOT/tests/fixtures/moodle-5.0-schema.pgsql.sql"
php "$ROOT/scripts/lib/xmldb_to_sql.php" "$ROOT/db/install.xml" mdl_ pgsql | pg -d "$db" -f -

mariadb -uroot -e "CREATE DATABASE \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
created_maria=1
mariadb -uroot "$db" < "$ROOT/tests/fixtures/moodle-5.0-schema.sql"
php "$ROOT/scripts/lib/xmldb_to_sql.php" "$ROOT/db/install.xml" mdl_ | mariadb -uroot "$db"

python3 "$ROOT/scripts/lib/schema_compare.py" "$db" "$db"
