# Shared steps of scripts/demo and scripts/test. Each step checks first and only acts on what is
# missing, so both commands are idempotent and cheap the second time.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
EXT_SO="$ROOT/target/release/libcourse_notification.so"
INI_DIR="$ROOT/php/ini"

say() { printf '\n== %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Debian packages the build and the tests need; installed only when one is missing.
ensure_packages() {
    local wanted=(php8.2-cli php8.2-dev php8.2-mysql php8.2-pgsql php8.2-mbstring php8.2-xml libclang-dev clang phpunit msmtp
                  python3-pip mariadb-client)
    local missing=()
    for p in "${wanted[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    if ! mariadb-admin ping --silent >/dev/null 2>&1 && ! dpkg -s mariadb-server >/dev/null 2>&1; then
        missing+=(mariadb-server)
    fi
    if [ ${#missing[@]} -gt 0 ]; then
        say "installing ${missing[*]}"
        [ "$(id -u)" = 0 ] || die "installing packages needs root: apt-get install ${missing[*]}"
        apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
    fi
    command -v cargo >/dev/null || die "cargo (Rust >= 1.85) is needed: install it with rustup"
    python3 -c 'import aiosmtpd' 2>/dev/null || python3 -m pip install -q aiosmtpd >/dev/null 2>&1 \
        || die "cannot install the Python package aiosmtpd (pip install aiosmtpd)"
    # dkimpy: the independent DKIM verifier of the mailer's signing test (no DNS: the test hands it the key).
    python3 -c 'import dkim' 2>/dev/null || python3 -m pip install -q dkimpy >/dev/null 2>&1 \
        || die "cannot install the Python package dkimpy (pip install dkimpy)"
}

# A MariaDB server answering on 127.0.0.1:3306, and a user with a password over TCP (Moodle's
# way), allowed on the databases whose names start with cn_.
ensure_mariadb() {
    if ! mariadb-admin ping --silent >/dev/null 2>&1; then
        say "starting MariaDB"
        mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
        start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
        for _ in $(seq 1 60); do mariadb-admin ping --silent >/dev/null 2>&1 && break; sleep 0.5; done
        mariadb-admin ping --silent >/dev/null 2>&1 || die "MariaDB did not start"
    fi
    mariadb -uroot <<'SQL'
CREATE USER IF NOT EXISTS 'cn'@'localhost' IDENTIFIED BY 'cn';
CREATE USER IF NOT EXISTS 'cn'@'127.0.0.1' IDENTIFIED BY 'cn';
GRANT ALL ON `cn\_%`.* TO 'cn'@'localhost';
GRANT ALL ON `cn\_%`.* TO 'cn'@'127.0.0.1';
SQL
}

# A PostgreSQL server on 127.0.0.1:5432 with trust auth for the role postgres (issue 14: the machine
# starts PostgreSQL 15 there before each session and CI run), and its command-line client.
ensure_postgres() {
    if ! command -v psql >/dev/null; then
        [ "$(id -u)" = 0 ] || die "the PostgreSQL client is needed: apt-get install postgresql-client"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-client >/dev/null
    fi
    if ! pg_isready -q -h 127.0.0.1 -p 5432; then
        # Down (a stopped service, a restarted container): start the machine's own cluster, as
        # ensure_mariadb does for MariaDB, rather than fail.
        say "starting PostgreSQL"
        if command -v pg_lsclusters >/dev/null; then
            pg_lsclusters --no-header 2>/dev/null | while read -r version cluster _; do
                pg_ctlcluster "$version" "$cluster" start 2>/dev/null || true
            done
        fi
        for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
    fi
    pg_isready -q -h 127.0.0.1 -p 5432 \
        || die "PostgreSQL must answer on 127.0.0.1:5432 (trust auth, role postgres): it is not installed or did not start"
}

# Builds the release extension and the ini file that loads it (PHP_INI_SCAN_DIR=":$INI_DIR").
build_extension() {
    say "building the extension (cargo build --release)"
    (cd "$ROOT" && cargo build --release --quiet) || die "the extension did not build"
    mkdir -p "$INI_DIR"
    printf 'extension=%s\n' "$EXT_SO" > "$INI_DIR/90-course_notification.ini"
}

# php with the extension loaded, as Moodle's would be.
php_ext() { PHP_INI_SCAN_DIR=":$INI_DIR" php "$@"; }

# (Re)creates database $1 with Moodle's tables (prefix mdl_) and the plugin's, from db/install.xml.
create_moodle_db() {
    local db=$1
    mariadb -uroot -e "DROP DATABASE IF EXISTS \`$db\`; CREATE DATABASE \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
    mariadb -uroot "$db" < "$ROOT/tests/fixtures/moodle-5.0-schema.sql"
    php "$ROOT/scripts/lib/xmldb_to_sql.php" "$ROOT/db/install.xml" mdl_ | mariadb -uroot "$db"
}

# A TCP port free on 127.0.0.1 right now, chosen by the kernel: the scripts never count on a fixed
# port being free (another catcher, a second checkout, a developer's own server may hold it).
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Whether nothing is bound to 127.0.0.1:$1 right now (for the scripts that keep a fixed port).
port_is_free() {
    python3 -c 'import socket, sys; s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1])))' "$1" 2>/dev/null
}

# Starts the SMTP catcher on port $1 storing into $2 (emptied first), with any further arguments
# (--discard); its pid goes to $2.pid.
start_smtp_catcher() {
    local port=$1 dir=$2
    stop_smtp_catcher "$dir"
    rm -rf "$dir" && mkdir -p "$dir"
    python3 "$ROOT/scripts/lib/smtp_catcher.py" --port "$port" --dir "$dir" "${@:3}" > "$dir.log" 2>&1 &
    echo $! > "$dir.pid"
    for _ in $(seq 1 50); do
        grep -q listening "$dir.log" 2>/dev/null && return 0
        kill -0 "$(cat "$dir.pid")" 2>/dev/null || break
        sleep 0.2
    done
    cat "$dir.log" >&2
    die "the SMTP catcher did not start on port $port"
}

stop_smtp_catcher() {
    local dir=$1
    if [ -f "$dir.pid" ]; then
        kill "$(cat "$dir.pid")" 2>/dev/null || true
        rm -f "$dir.pid"
    fi
}
