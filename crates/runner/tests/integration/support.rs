//! Test environment: real services, one database per test, a fixture builder.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use course_notification_runner::config::{
    Config, RawAudience, RawConfig, RawDb, RawMail, RawOptions, RawSite, RawSmtp, RunOptions,
};
use course_notification_runner::report::Report;
use course_notification_runner::RunError;
use course_notification_store::learners::JoinFacts;
use course_notification_store::{
    Claimed, DbError, Learner, LearnerStream, Outbox, Scope, Session, SiteReads, Store,
};
use mysql_async::prelude::Queryable;

use crate::dialect;

/// The instant tests decide at: 2026-11-22 00:00:00 UTC.
pub const NOW: i64 = 1_795_305_600;
pub const DAY: i64 = 86_400;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run the integration tests through scripts/test, which starts MariaDB and the SMTP catcher")
    })
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

/// The database server a test's site runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// MariaDB (Moodle's `mariadb`/`mysqli`).
    Mariadb,
    /// PostgreSQL (Moodle's `pgsql`).
    Pgsql,
}

impl Kind {
    /// The kind this run of the tests is for: `CN_TEST_DB_KIND` (`mariadb`, the default, or
    /// `pgsql`).
    pub fn of_run() -> Kind {
        match env_or("CN_TEST_DB_KIND", "mariadb").as_str() {
            "mariadb" | "mysqli" | "" => Kind::Mariadb,
            "pgsql" => Kind::Pgsql,
            other => panic!("CN_TEST_DB_KIND={other}: mariadb or pgsql"),
        }
    }

    /// Moodle's `$CFG->dbtype` for it.
    pub fn dbtype(self) -> &'static str {
        match self {
            Kind::Mariadb => "mariadb",
            Kind::Pgsql => "pgsql",
        }
    }
}

/// A fresh database for one test, with Moodle's and the plugin's tables.
pub struct TestDb {
    pub name: String,
    pub prefix: String,
    pub kind: Kind,
    /// PostgreSQL: the schema holding the site's tables (`dboptions['dbschema']`), `None` for
    /// the server's default (`public`).
    pub schema: Option<String>,
}

async fn mariadb_admin() -> mysql_async::Conn {
    let opts = mysql_async::OptsBuilder::default()
        .ip_or_hostname(env("CN_TEST_DB_HOST"))
        .tcp_port(env("CN_TEST_DB_PORT").parse().expect("CN_TEST_DB_PORT"))
        .user(Some(env("CN_TEST_DB_USER")))
        .pass(Some(env("CN_TEST_DB_PASS")));
    mysql_async::Conn::new(opts)
        .await
        .unwrap_or_else(|e| panic!("cannot reach the test MariaDB (scripts/test starts it): {e}"))
}

fn pg_host() -> String {
    env_or("CN_TEST_PG_HOST", "127.0.0.1")
}

fn pg_port() -> u16 {
    env_or("CN_TEST_PG_PORT", "5432")
        .parse()
        .expect("CN_TEST_PG_PORT")
}

fn pg_user() -> String {
    env_or("CN_TEST_PG_USER", "postgres")
}

/// A client of `database`, with `schema` first on its search path when given.
async fn pg_client(database: &str, schema: Option<&str>) -> tokio_postgres::Client {
    let mut config = tokio_postgres::Config::new();
    config
        .host(pg_host())
        .port(pg_port())
        .user(pg_user())
        .dbname(database);
    if let Some(schema) = schema {
        config.options(format!("-c search_path={schema}"));
    }
    let (client, connection) = config
        .connect(tokio_postgres::NoTls)
        .await
        .unwrap_or_else(|e| {
            panic!(
                "cannot reach the test PostgreSQL on {}:{} (scripts/test starts it): {e}",
                pg_host(),
                pg_port()
            )
        });
    tokio::spawn(async move {
        let _ = connection.await;
    });
    client
}

fn read(var: &str) -> String {
    let path = PathBuf::from(env(var));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Moodle's tables and the plugin's for `kind`, with `prefix`.
pub fn schema(kind: Kind, prefix: &str) -> String {
    match kind {
        Kind::Mariadb => {
            let sql = format!(
                "{}\n{}",
                read("CN_TEST_MOODLE_SCHEMA"),
                read("CN_TEST_PLUGIN_SCHEMA")
            );
            sql.replace("`mdl_", &format!("`{prefix}"))
        }
        // pg_dump's names are unquoted: tables, sequences, indexes and constraints all start
        // with the prefix.
        Kind::Pgsql => format!(
            "{}\n{}",
            read("CN_TEST_MOODLE_SCHEMA_PG"),
            read("CN_TEST_PLUGIN_SCHEMA_PG")
        )
        .replace("mdl_", prefix),
    }
}

/// A connection to a test's database, of either kind: statements in the kind's own SQL.
pub enum TestConn {
    Mariadb(mysql_async::Conn),
    Pgsql(tokio_postgres::Client),
}

impl TestConn {
    /// Runs `sql` (one statement or several); the rows the last one changed.
    pub async fn exec(&mut self, sql: &str) -> u64 {
        match self {
            TestConn::Mariadb(c) => {
                c.query_drop(sql)
                    .await
                    .unwrap_or_else(|e| panic!("{e}\nin: {sql}"));
                c.affected_rows()
            }
            TestConn::Pgsql(c) => {
                let messages = c
                    .simple_query(sql)
                    .await
                    .unwrap_or_else(|e| panic!("{e:?}\nin: {sql}"));
                messages
                    .iter()
                    .rev()
                    .find_map(|m| match m {
                        tokio_postgres::SimpleQueryMessage::CommandComplete(n) => Some(*n),
                        _ => None,
                    })
                    .unwrap_or(0)
            }
        }
    }

    /// Runs `sql` and returns its result's rows, every value as text (`None`: NULL).
    pub async fn rows(&mut self, sql: &str) -> Vec<Vec<Option<String>>> {
        match self {
            TestConn::Mariadb(c) => {
                let rows: Vec<mysql_async::Row> = c
                    .query(sql)
                    .await
                    .unwrap_or_else(|e| panic!("{e}\nin: {sql}"));
                rows.into_iter()
                    .map(|r| r.unwrap().into_iter().map(text).collect())
                    .collect()
            }
            TestConn::Pgsql(c) => c
                .simple_query(sql)
                .await
                .unwrap_or_else(|e| panic!("{e:?}\nin: {sql}"))
                .into_iter()
                .filter_map(|m| match m {
                    tokio_postgres::SimpleQueryMessage::Row(r) => {
                        Some((0..r.len()).map(|i| r.get(i).map(str::to_string)).collect())
                    }
                    _ => None,
                })
                .collect(),
        }
    }

    /// Closes the connection.
    pub async fn close(self) {
        match self {
            TestConn::Mariadb(c) => c.disconnect().await.unwrap(),
            TestConn::Pgsql(c) => drop(c),
        }
    }
}

/// A MariaDB value as the text protocol gives it.
fn text(v: mysql_async::Value) -> Option<String> {
    use mysql_async::Value;
    match v {
        Value::NULL => None,
        Value::Bytes(b) => Some(String::from_utf8_lossy(&b).into_owned()),
        Value::Int(i) => Some(i.to_string()),
        Value::UInt(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Double(f) => Some(f.to_string()),
        other => Some(other.as_sql(true)),
    }
}

/// A run's session on a test database, of either kind, through the store boundary: the tests of
/// the outbox's statements call them as the runner does.
pub enum TestSession {
    Mariadb(course_notification_moodle_db::MysqlSession),
    Pgsql(Box<course_notification_moodle_pg::PgSession>),
}

macro_rules! either {
    ($self:ident, $s:ident => $e:expr) => {
        match $self {
            TestSession::Mariadb($s) => $e,
            TestSession::Pgsql($s) => $e,
        }
    };
}

impl TestSession {
    pub async fn claim(
        &mut self,
        scope: &Scope,
        token: &str,
        cap: u32,
        now: i64,
        timezones: Option<&[String]>,
    ) -> Result<u64, DbError> {
        either!(self, s => s.claim(scope, token, cap, now, timezones).await)
    }

    pub async fn claimed_page(
        &mut self,
        token: &str,
        after: Option<(i64, i64, i64)>,
        limit: u32,
    ) -> Result<Vec<Claimed>, DbError> {
        either!(self, s => s.claimed_page(token, after, limit).await)
    }

    pub async fn mark_trying(&mut self, id: i64, token: &str, now: i64) -> Result<(), DbError> {
        either!(self, s => s.mark_trying(id, token, now).await)
    }

    pub async fn mark_sent(
        &mut self,
        id: i64,
        next: Option<i64>,
        token: &str,
        now: i64,
    ) -> Result<(), DbError> {
        either!(self, s => s.mark_sent(id, next, token, now).await)
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn mark_failed(
        &mut self,
        row: &Claimed,
        next: Option<i64>,
        token: &str,
        error: &str,
        permanent: bool,
        now: i64,
    ) -> Result<(), DbError> {
        either!(self, s => s.mark_failed(row, next, token, error, permanent, now).await)
    }

    /// The courses in scope that carry the block: how many (a read of Moodle's tables).
    pub async fn courses(&mut self, scope: &Scope) -> Result<usize, DbError> {
        either!(self, s => s.courses(scope).await.map(|c| c.len()))
    }

    pub async fn count_sends(&mut self, ids: &[i64]) -> Result<u64, DbError> {
        either!(self, s => s.count_sends(ids).await)
    }

    /// Every learner of `courses` (id to context path) in `scope`, read through the learners'
    /// stream block by block as a run reads them, joined with `facts`.
    pub async fn learners(
        &mut self,
        scope: &Scope,
        courses: &HashMap<i64, &str>,
        facts: &JoinFacts,
    ) -> Vec<Learner> {
        match self {
            TestSession::Mariadb(s) => every_learner(s, scope, courses, facts).await,
            TestSession::Pgsql(s) => every_learner(&mut **s, scope, courses, facts).await,
        }
    }

    pub async fn close(self) {
        either!(self, s => s.close().await)
    }
}

/// [`TestSession::learners`] on a session of either kind.
async fn every_learner<S: SiteReads>(
    s: &mut S,
    scope: &Scope,
    courses: &HashMap<i64, &str>,
    facts: &JoinFacts,
) -> Vec<Learner> {
    let mut reader = s.learners(scope, courses, facts).await.unwrap();
    let mut all = Vec::new();
    while let Some(block) = reader.next_block(s).await.unwrap() {
        all.extend(block);
    }
    reader.close().await;
    all
}

impl TestDb {
    /// Creates `cn_t_<name>` afresh with prefix `mdl_`, on this run's kind of database.
    pub async fn new(name: &str) -> TestDb {
        Self::with_prefix(name, "mdl_").await
    }

    pub async fn with_prefix(name: &str, prefix: &str) -> TestDb {
        Self::create(name, prefix, Kind::of_run()).await
    }

    /// Creates `cn_t_<name>` afresh with `prefix` on a database of `kind`.
    pub async fn create(name: &str, prefix: &str, kind: Kind) -> TestDb {
        Self::create_in(name, prefix, kind, None).await
    }

    /// [`TestDb::create`], with the tables in PostgreSQL's `schema` (made first) when given.
    pub async fn create_in(
        name: &str,
        prefix: &str,
        kind: Kind,
        schema_name: Option<&str>,
    ) -> TestDb {
        assert!(
            kind == Kind::Pgsql || schema_name.is_none(),
            "schemas are PostgreSQL's"
        );
        let db = format!("cn_t_{name}");
        match kind {
            Kind::Mariadb => {
                let mut conn = mariadb_admin().await;
                conn.query_drop(format!("DROP DATABASE IF EXISTS `{db}`"))
                    .await
                    .unwrap();
                conn.query_drop(format!(
                    "CREATE DATABASE `{db}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
                ))
                .await
                .unwrap();
                conn.query_drop(format!("USE `{db}`")).await.unwrap();
                conn.query_drop(schema(kind, prefix))
                    .await
                    .expect("loading the schema");
                conn.disconnect().await.unwrap();
            }
            Kind::Pgsql => {
                let admin = pg_client("postgres", None).await;
                admin
                    .batch_execute(&format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)"))
                    .await
                    .unwrap();
                // As Moodle's installer wants it: UTF-8, whatever the cluster's default.
                admin
                    .batch_execute(&format!(
                        "CREATE DATABASE \"{db}\" ENCODING 'UTF8' TEMPLATE template0"
                    ))
                    .await
                    .unwrap();
                if let Some(schema) = schema_name {
                    pg_client(&db, None)
                        .await
                        .batch_execute(&format!("CREATE SCHEMA {schema}"))
                        .await
                        .unwrap();
                }
                let client = pg_client(&db, schema_name).await;
                client
                    .batch_execute(&schema(kind, prefix))
                    .await
                    .unwrap_or_else(|e| panic!("loading the schema: {e:?}"));
            }
        }
        TestDb {
            name: db,
            prefix: prefix.to_string(),
            kind,
            schema: schema_name.map(str::to_string),
        }
    }

    /// A connection of its own to this database (statements in the kind's SQL).
    pub async fn client(&self) -> TestConn {
        match self.kind {
            Kind::Mariadb => {
                let mut c = mariadb_admin().await;
                c.query_drop(format!("USE `{}`", self.name)).await.unwrap();
                TestConn::Mariadb(c)
            }
            Kind::Pgsql => TestConn::Pgsql(pg_client(&self.name, self.schema.as_deref()).await),
        }
    }

    /// A run's session on this database, opened by the kind's store as the runner opens it.
    pub async fn session(&self) -> TestSession {
        self.session_with(&self.config()).await
    }

    /// [`TestDb::session`] with `config`'s database settings (a statement limit, say).
    pub async fn session_with(&self, config: &Config) -> TestSession {
        match self.kind {
            Kind::Mariadb => TestSession::Mariadb(
                course_notification_moodle_db::Mysql
                    .open(&config.db, &config.tables)
                    .await
                    .unwrap(),
            ),
            Kind::Pgsql => TestSession::Pgsql(Box::new(
                course_notification_moodle_pg::Postgres
                    .open(&config.db, &config.tables)
                    .await
                    .unwrap(),
            )),
        }
    }

    /// Runs SQL written for MariaDB and prefix `mdl_` (fixtures), with `@now` set to `now`; on
    /// PostgreSQL through the project's translator ([`dialect::translate`]), then with every id
    /// sequence moved past the ids the SQL wrote.
    pub async fn load(&self, sql: &str, now: i64) {
        let sql = sql.replace("mdl_", &self.prefix);
        let mut c = self.client().await;
        match self.kind {
            Kind::Mariadb => c.exec(&format!("SET @now = {now};\n{sql}")).await,
            Kind::Pgsql => c.exec(&dialect::translate(&sql, now, true)).await,
        };
        c.close().await;
    }

    /// Runs `sql` in this kind's own SQL (`{p}`: the prefix); the rows the last statement
    /// changed.
    pub async fn exec(&self, sql: &str) -> u64 {
        let mut c = self.client().await;
        let n = c.exec(&sql.replace("{p}", &self.prefix)).await;
        c.close().await;
        n
    }

    /// `mariadb` on MariaDB, `pgsql` on PostgreSQL: for a statement the kinds write differently.
    pub fn pick<T>(&self, mariadb: T, pgsql: T) -> T {
        match self.kind {
            Kind::Mariadb => mariadb,
            Kind::Pgsql => pgsql,
        }
    }

    /// The rows of `sql` (`{p}`: the prefix; written so both kinds run it, or through
    /// [`TestDb::pick`]), each value as text.
    pub async fn rows(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        let mut c = self.client().await;
        let rows = c.rows(&sql.replace("{p}", &self.prefix)).await;
        c.close().await;
        rows
    }

    /// The first value of the first row of `sql` as a number (0 when there is no row or it is
    /// NULL): counts and sums, whatever type the kind gives them.
    pub async fn count(&self, sql: &str) -> i64 {
        let rows = self.rows(sql).await;
        match rows.first().and_then(|r| r.first()).cloned().flatten() {
            None => 0,
            Some(v) => v
                .parse()
                .unwrap_or_else(|e| panic!("{v} from {sql} is not a whole number: {e}")),
        }
    }

    /// The `course-notification` command set for a sending run at `NOW` on this site, with
    /// `db_pass` as the database password (a test may give a wrong one).
    pub fn command(&self, db_pass: &str) -> std::process::Command {
        self.command_as(&self.raw_config().db.user, db_pass)
    }

    /// [`TestDb::command`] as database user `db_user`.
    pub fn command_as(&self, db_user: &str, db_pass: &str) -> std::process::Command {
        let raw = self.raw_config();
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_course-notification"));
        c.args([
            "--db-type",
            &raw.db.kind,
            "--db-host",
            &raw.db.host,
            "--db-port",
            &raw.db.port.to_string(),
            "--db-name",
            &raw.db.name,
        ])
        .args([
            "--db-user",
            db_user,
            "--db-pass",
            db_pass,
            "--prefix",
            &raw.db.prefix,
        ])
        .args([
            "--smtp-host",
            &raw.smtp.host,
            "--smtp-port",
            &raw.smtp.port.to_string(),
        ])
        .args([
            "--wwwroot",
            &raw.site.wwwroot,
            "--noreply",
            &raw.site.noreplyaddress,
        ])
        .args(["--mode", "send", "--now", &NOW.to_string()]);
        c
    }

    /// A user the server refuses when given a wrong password: the test user on MariaDB; on
    /// PostgreSQL, whose test server trusts every existing role (`trust` in pg_hba.conf: no
    /// password is asked), a role that does not exist.
    pub fn refused_user(&self) -> String {
        match self.kind {
            Kind::Mariadb => env("CN_TEST_DB_USER"),
            Kind::Pgsql => "cn_t_no_such_role".into(),
        }
    }

    /// Raw settings pointing at this database and the test SMTP catcher.
    pub fn raw_config(&self) -> RawConfig {
        let db = match self.kind {
            Kind::Mariadb => RawDb {
                kind: self.kind.dbtype().into(),
                host: env("CN_TEST_DB_HOST"),
                port: env("CN_TEST_DB_PORT").parse().unwrap(),
                user: env("CN_TEST_DB_USER"),
                pass: env("CN_TEST_DB_PASS"),
                ..Default::default()
            },
            Kind::Pgsql => RawDb {
                kind: self.kind.dbtype().into(),
                host: pg_host(),
                port: i64::from(pg_port()),
                user: pg_user(),
                pass: String::new(),
                ..Default::default()
            },
        };
        RawConfig {
            db: RawDb {
                name: self.name.clone(),
                prefix: self.prefix.clone(),
                schema: self.schema.clone().unwrap_or_default(),
                ..db
            },
            smtp: RawSmtp {
                host: "127.0.0.1".into(),
                port: env("CN_TEST_SMTP_PORT").parse().unwrap(),
                ..Default::default()
            },
            site: RawSite {
                wwwroot: format!("https://{}", self.host()),
                fullname: "Test Academy".into(),
                shortname: "TA".into(),
                noreplyaddress: "noreply@learn.example.org".into(),
                timezone: "Europe/Paris".into(),
                lang: "en".into(),
            },
            mail: RawMail::default(),
            rules: None,
            audience: RawAudience::default(),
        }
    }

    /// This test's site host: it names every Message-ID, so each test finds its own mail.
    pub fn host(&self) -> String {
        format!(
            "{}-{}.learn.example.org",
            self.name.replace('_', "-"),
            run_id()
        )
    }

    /// The messages the catcher holds that this test's site sent.
    pub fn mails(&self) -> Vec<String> {
        let host = format!("@{}>", self.host());
        let dir = PathBuf::from(env("CN_TEST_MAILDIR"));
        let mut found: Vec<(String, String)> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read_to_string(e.path()).unwrap_or_default(),
                )
            })
            .filter(|(_, raw)| {
                raw.lines()
                    .any(|l| l.starts_with("Message-ID:") && l.contains(&host))
            })
            .collect();
        found.sort();
        found.into_iter().map(|(_, raw)| raw).collect()
    }

    pub fn config(&self) -> Config {
        Config::try_from(self.raw_config()).unwrap()
    }

    pub async fn run(&self, mode: &str, now: i64) -> Report {
        self.try_run(&self.config(), mode, now, None)
            .await
            .unwrap_or_else(|e| panic!("run failed: {e}"))
    }

    pub async fn try_run(
        &self,
        config: &Config,
        mode: &str,
        now: i64,
        cap: Option<i64>,
    ) -> Result<Report, RunError> {
        let options = RunOptions::try_from(RawOptions {
            now: Some(now),
            mode: mode.into(),
            cap,
            ..Default::default()
        })
        .unwrap();
        course_notification_runner::run(config, &options).await
    }
}

/// Builds Moodle rows for one scenario: a course with the block, learners and their enrolments.
pub struct Scenario {
    pub sql: String,
}

impl Scenario {
    /// System and category contexts, and the student role holding `benotified` at site level.
    pub fn new() -> Scenario {
        Scenario {
            sql: "INSERT INTO mdl_context (id, contextlevel, instanceid, path, depth) VALUES (1, 10, 0, '/1', 1), (2, 40, 1, '/1/2', 2);\n\
                  INSERT INTO mdl_course_categories (id, name, visible, depth, path) VALUES (1, 'Misc', 1, 1, '/1');\n\
                  INSERT INTO mdl_role (id, shortname, description, archetype) VALUES (5, 'student', '', 'student');\n\
                  INSERT INTO mdl_role_capabilities (contextid, roleid, capability, permission) \
                    VALUES (1, 5, 'block/course_notification:benotified', 1);\n"
                .into(),
        }
    }

    /// A visible course `id` with the block, starting at `start`.
    pub fn course(mut self, id: i64, start: i64) -> Scenario {
        let ctx = 100 + id;
        self.sql.push_str(&format!(
            "INSERT INTO mdl_course (id, category, fullname, shortname, startdate, visible) VALUES ({id}, 1, 'Course {id}', 'C{id}', {start}, 1);\n\
             INSERT INTO mdl_context (id, contextlevel, instanceid, path, depth) VALUES ({ctx}, 50, {id}, '/1/2/{ctx}', 3);\n\
             INSERT INTO mdl_block_instances (blockname, parentcontextid, showinsubcontexts, pagetypepattern, defaultregion, defaultweight, timecreated, timemodified) \
               VALUES ('course_notification', {ctx}, 0, 'course-view-*', 'side-pre', 0, 0, 0);\n\
             INSERT INTO mdl_enrol (id, enrol, status, courseid) VALUES ({id}, 'manual', 0, {id});\n"
        ));
        self
    }

    /// A learner `id` with address `email`, enrolled as a student in `course` from `start`.
    pub fn learner(mut self, id: i64, email: &str, course: i64, start: i64) -> Scenario {
        let ctx = 100 + course;
        self.sql.push_str(&format!(
            "INSERT IGNORE INTO mdl_user (id, auth, confirmed, mnethostid, username, firstname, lastname, email, lang, mailformat) \
               VALUES ({id}, 'manual', 1, 1, 'u{id}', 'First{id}', 'Last{id}', '{email}', 'en', 1);\n\
             INSERT INTO mdl_user_enrolments (status, enrolid, userid, timestart, timeend) VALUES (0, {course}, {id}, {start}, 0);\n\
             INSERT INTO mdl_role_assignments (roleid, contextid, userid) VALUES (5, {ctx}, {id});\n"
        ));
        self
    }

    pub fn sql(&self) -> &str {
        &self.sql
    }
}

/// An id unique to this test run: names built from it never meet an earlier run's mail in the
/// catcher.
fn run_id() -> u128 {
    static RUN: std::sync::OnceLock<u128> = std::sync::OnceLock::new();
    *RUN.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    })
}

/// A recipient domain unique to this test run, so reruns against the same catcher count only
/// their own messages.
pub fn domain(name: &str) -> String {
    format!("{name}-{}.test", run_id())
}

/// Messages the catcher holds for recipients at `domain` (each test uses its own domain).
pub fn delivered_to(domain: &str) -> Vec<String> {
    let dir = PathBuf::from(env("CN_TEST_MAILDIR"));
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
    {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "eml") {
            let raw = std::fs::read_to_string(&path).unwrap_or_default();
            if raw
                .lines()
                .any(|l| l.starts_with("X-Catcher-To:") && l.contains(&format!("@{domain}")))
            {
                found.push(raw);
            }
        }
    }
    found
}

/// Waits briefly for the catcher's writes to land (it answers 250 after writing, so this is
/// only a guard against slow file systems).
pub async fn settle() {
    tokio::time::sleep(Duration::from_millis(50)).await;
}

/// Runs openssl (the tests make their keys and certificates with it), failing the test on an error.
pub fn openssl(args: &[&str]) {
    let out = std::process::Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Sends through a sendmail-compatible program instead of SMTP, as Moodle does with no
/// `smtphosts`: msmtp (from Debian) relaying to the test SMTP server; `name` keeps each test's
/// program apart. Returns the program's folder, for the test to remove.
pub fn through_sendmail(raw: &mut RawConfig, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cn-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let program = dir.join("sendmail");
    let script = format!(
        "#!/bin/sh\nexec msmtp -C /dev/null --host=127.0.0.1 --port={} \"$@\"\n",
        raw.smtp.port
    );
    std::fs::write(&program, script).unwrap();
    std::fs::set_permissions(
        &program,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    raw.smtp.host = String::new();
    raw.smtp.sendmail = format!("{} -t -i", program.display());
    dir
}

/// A 2048-bit key where Moodle keeps it (<dataroot>/dkim/<domain>/<selector>.private, written by
/// `openssl genrsa` as a site's administrator would) and its TXT record.
pub fn dkim_site_key(name: &str) -> (PathBuf, String) {
    let dataroot = std::env::temp_dir().join(format!("cn-{name}-{}", std::process::id()));
    let keydir = dataroot.join("dkim/learn.example.org");
    std::fs::create_dir_all(&keydir).unwrap();
    let private = keydir.join("mdl2026.private");
    let public = dataroot.join("mdl2026.public");
    openssl(&["genrsa", "-out", private.to_str().unwrap(), "2048"]);
    openssl(&[
        "rsa",
        "-in",
        private.to_str().unwrap(),
        "-pubout",
        "-out",
        public.to_str().unwrap(),
    ]);
    let pem = std::fs::read_to_string(&public).unwrap();
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    (dataroot, format!("v=DKIM1; k=rsa; p={b64}"))
}
