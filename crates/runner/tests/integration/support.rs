//! Test environment: real services, one database per test, a fixture builder.

use std::path::PathBuf;
use std::time::Duration;

use course_notification_runner::config::{
    Config, RawConfig, RawDb, RawMail, RawOptions, RawSite, RawSmtp, RunOptions,
};
use course_notification_runner::report::Report;
use course_notification_runner::RunError;
use mysql_async::prelude::Queryable;
use mysql_async::Conn;

/// The instant tests decide at: 2026-11-22 00:00:00 UTC.
pub const NOW: i64 = 1_795_305_600;
pub const DAY: i64 = 86_400;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run the integration tests through scripts/test, which starts MariaDB and the SMTP catcher")
    })
}

/// A fresh database for one test, with Moodle's and the plugin's tables.
pub struct TestDb {
    pub name: String,
    pub prefix: String,
}

async fn admin() -> Conn {
    let opts = mysql_async::OptsBuilder::default()
        .ip_or_hostname(env("CN_TEST_DB_HOST"))
        .tcp_port(env("CN_TEST_DB_PORT").parse().expect("CN_TEST_DB_PORT"))
        .user(Some(env("CN_TEST_DB_USER")))
        .pass(Some(env("CN_TEST_DB_PASS")));
    Conn::new(opts)
        .await
        .unwrap_or_else(|e| panic!("cannot reach the test MariaDB (scripts/test starts it): {e}"))
}

fn schema(prefix: &str) -> String {
    let read = |var: &str| {
        let path = PathBuf::from(env(var));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let sql = format!(
        "{}\n{}",
        read("CN_TEST_MOODLE_SCHEMA"),
        read("CN_TEST_PLUGIN_SCHEMA")
    );
    sql.replace("`mdl_", &format!("`{prefix}"))
}

impl TestDb {
    /// Creates `cn_t_<name>` afresh with prefix `mdl_`.
    pub async fn new(name: &str) -> TestDb {
        Self::with_prefix(name, "mdl_").await
    }

    pub async fn with_prefix(name: &str, prefix: &str) -> TestDb {
        let db = format!("cn_t_{name}");
        let mut conn = admin().await;
        conn.query_drop(format!("DROP DATABASE IF EXISTS `{db}`"))
            .await
            .unwrap();
        conn.query_drop(format!(
            "CREATE DATABASE `{db}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
        ))
        .await
        .unwrap();
        conn.query_drop(format!("USE `{db}`")).await.unwrap();
        conn.query_drop(schema(prefix))
            .await
            .expect("loading the schema");
        conn.disconnect().await.unwrap();
        TestDb {
            name: db,
            prefix: prefix.to_string(),
        }
    }

    /// A connection to this database.
    pub async fn conn(&self) -> Conn {
        let mut c = admin().await;
        c.query_drop(format!("USE `{}`", self.name)).await.unwrap();
        c
    }

    /// Runs SQL written for prefix `mdl_` (fixtures), with `@now` set to `now`.
    pub async fn load(&self, sql: &str, now: i64) {
        let mut c = self.conn().await;
        let sql = format!("SET @now = {now};\n{}", sql.replace("mdl_", &self.prefix));
        c.query_drop(sql).await.expect("loading fixture");
        c.disconnect().await.unwrap();
    }

    pub async fn count(&self, sql: &str) -> i64 {
        let mut c = self.conn().await;
        let n: Option<i64> = c
            .query_first(sql.replace("{p}", &self.prefix))
            .await
            .unwrap();
        c.disconnect().await.unwrap();
        n.unwrap_or(0)
    }

    /// The `course-notification` command set for a sending run at `NOW` on this site, with
    /// `db_pass` as the database password (a test may give a wrong one).
    pub fn command(&self, db_pass: &str) -> std::process::Command {
        let raw = self.raw_config();
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_course-notification"));
        c.args([
            "--db-host",
            &raw.db.host,
            "--db-port",
            &raw.db.port.to_string(),
            "--db-name",
            &raw.db.name,
        ])
        .args([
            "--db-user",
            &raw.db.user,
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

    /// Raw settings pointing at this database and the test SMTP catcher.
    pub fn raw_config(&self) -> RawConfig {
        RawConfig {
            db: RawDb {
                host: env("CN_TEST_DB_HOST"),
                port: env("CN_TEST_DB_PORT").parse().unwrap(),
                socket: String::new(),
                name: self.name.clone(),
                user: env("CN_TEST_DB_USER"),
                pass: env("CN_TEST_DB_PASS"),
                prefix: self.prefix.clone(),
                ..Default::default()
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
