# PostgreSQL steps of scripts/demo, scripts/bench and scripts/chaos (--db postgres), next to the
# MariaDB ones of common.sh (source common.sh first). The machine's PostgreSQL answers on
# 127.0.0.1:5432 with trust authentication (ensure_postgres); the scripts create a role cn (password
# cn, not a superuser, as a Moodle site's own role) that owns the databases they make, named cn_*,
# and drop only those.
# shellcheck shell=bash

PG_HOST=127.0.0.1
PG_PORT=5432

# psql as the administrator (role postgres), quiet, stopping at the first error; "$@" follows.
pg_admin() { psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U postgres "$@"; }

# psql as the site's role cn on database $1, unaligned and without headers (for values); "${@:2}" follows.
# NOTICEs (DROP TABLE IF EXISTS of a table not there) are not shown.
pg_cn() {
    PGOPTIONS='-c client_min_messages=warning' psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U cn \
        -d "$1" "${@:2}"
}

# The value of one query on database $1 as cn.
pg_value() { pg_cn "$1" -c "$2"; }

# The role cn, created when missing (a concurrent creation by another script is not an error).
ensure_pg_role() {
    pg_admin -d postgres > /dev/null <<'SQL'
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cn') THEN
        CREATE ROLE cn LOGIN PASSWORD 'cn';
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;
SQL
}

# Drops database $1 (one of the scripts' own cn_* databases), ending its sessions first.
pg_drop_db() {
    [[ $1 == cn_* ]] || die "pg_drop_db: $1 is not one of the scripts' databases (cn_*)"
    PGOPTIONS='-c client_min_messages=warning' pg_admin -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)"
}

# (Re)creates database $1, owned by cn, with Moodle 5.0's tables as a real Moodle creates them on
# PostgreSQL (tests/fixtures/moodle-5.0-schema.pgsql.sql, prefix mdl_) and the plugin's, from
# db/install.xml (scripts/lib/xmldb_to_sql.php ... pgsql).
create_moodle_pgdb() {
    local db=$1
    pg_drop_db "$db"
    pg_admin -d postgres -c "CREATE DATABASE \"$db\" OWNER cn ENCODING 'UTF8' TEMPLATE template0"
    pg_cn "$db" -f "$ROOT/tests/fixtures/moodle-5.0-schema.pgsql.sql" > /dev/null
    php "$ROOT/scripts/lib/xmldb_to_sql.php" "$ROOT/db/install.xml" mdl_ pgsql | pg_cn "$db" > /dev/null
}

# Loads MySQL-dialect fixture SQL from stdin into database $1, translated by mysql_to_pgsql.py, in one
# transaction (so UNIX_TIMESTAMP() is one instant).
pg_load_mysql_fixture() {
    python3 "$ROOT/scripts/lib/mysql_to_pgsql.py" | pg_cn "$1" --single-transaction > /dev/null
}

# The --db option of the scripts: mariadb (default) or postgres; sets DB_KIND.
parse_db_kind() {
    case "$1" in
        mariadb|mysql) DB_KIND=mariadb ;;
        postgres|postgresql|pgsql|pg) DB_KIND=postgres ;;
        *) die "--db takes mariadb or postgres, not '$1'" ;;
    esac
}
