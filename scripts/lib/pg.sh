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

# pg_welcome_site DB N NOW COURSE EMAIL-SQL: into database $1 (made by create_moodle_pgdb), one course
# carrying the block (id 2, named $4, started a day before $3) and N learners (ids 101..100+N) enrolled
# an hour before $3 with the student role: each due a welcome. EMAIL-SQL is an SQL expression of
# `seq` (1..N) giving each learner's address. PostgreSQL's counterpart of the MariaDB site that
# scripts/bench-delivery and scripts/chaos build.
pg_welcome_site() {
    local db=$1 n=$2 now=$3 course=$4 email=$5
    pg_cn "$db" --single-transaction > /dev/null <<SQL
INSERT INTO mdl_context (id, contextlevel, instanceid, path, depth) VALUES (1, 10, 0, '/1', 1), (2, 40, 1, '/1/2', 2), (3, 50, 2, '/1/2/3', 3);
INSERT INTO mdl_course_categories (id, name, visible, depth, path) VALUES (1, 'Misc', 1, 1, '/1');
INSERT INTO mdl_course (id, category, fullname, shortname, startdate, visible) VALUES (2, 1, '$course', 'C2', $now - 86400, 1);
INSERT INTO mdl_block_instances (blockname, parentcontextid, showinsubcontexts, pagetypepattern, defaultregion, defaultweight, timecreated, timemodified)
  VALUES ('course_notification', 3, 0, 'course-view-*', 'side-pre', 0, 0, 0);
INSERT INTO mdl_enrol (id, enrol, status, courseid) VALUES (2, 'manual', 0, 2);
INSERT INTO mdl_role (id, shortname, description, sortorder, archetype) VALUES (5, 'student', '', 5, 'student');
INSERT INTO mdl_role_capabilities (contextid, roleid, capability, permission) VALUES (1, 5, 'block/course_notification:benotified', 1);
INSERT INTO mdl_user (id, auth, confirmed, mnethostid, username, firstname, lastname, email, lang)
  SELECT 100 + seq, 'manual', 1, 1, concat('u', seq), 'Learner', concat('Learner', seq), $email, 'en'
    FROM generate_series(1, $n) AS seq;
INSERT INTO mdl_user_enrolments (status, enrolid, userid, timestart, timeend)
  SELECT 0, 2, 100 + seq, $now - 3600, 0 FROM generate_series(1, $n) AS seq;
INSERT INTO mdl_role_assignments (roleid, contextid, userid) SELECT 5, 3, 100 + seq FROM generate_series(1, $n) AS seq;
SELECT setval('mdl_context_id_seq', 3), setval('mdl_course_categories_id_seq', 1), setval('mdl_course_id_seq', 2),
       setval('mdl_enrol_id_seq', 2), setval('mdl_role_id_seq', 5), setval('mdl_user_id_seq', 100 + $n);
SQL
}
