//! Test environment: a real PostgreSQL, one database per test with Moodle's and the plugin's
//! tables (`cn_pg_<test>_<pid>`), dropped when the test ends.

use std::path::PathBuf;
use std::process::Command;

use course_notification_moodle_pg::{DbKind, DbSettings, Tables};
use tokio_postgres::{Client, NoTls};

fn var(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

/// The test server's settings for database `name` (trust auth: no password).
pub fn settings(name: &str) -> DbSettings {
    DbSettings {
        kind: DbKind::Postgres,
        host: var("CN_TEST_PG_HOST", "127.0.0.1"),
        port: var("CN_TEST_PG_PORT", "5432")
            .parse()
            .expect("CN_TEST_PG_PORT"),
        socket: None,
        schema: None,
        name: name.to_string(),
        user: var("CN_TEST_PG_USER", "postgres"),
        pass: String::new(),
        statement_timeout: None,
    }
}

async fn client(name: &str) -> Client {
    let s = settings(name);
    let (client, conn) = tokio_postgres::Config::new()
        .host(&s.host)
        .port(s.port)
        .user(&s.user)
        .dbname(name)
        .connect(NoTls)
        .await
        .unwrap_or_else(|e| {
            panic!(
                "cannot reach the test PostgreSQL on {} (scripts/test starts it): {e}",
                s.target()
            )
        });
    tokio::spawn(async move {
        let _ = conn.await;
    });
    client
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Moodle 5.0's tables and the plugin's, as PostgreSQL DDL with prefix `mdl_`.
fn schema_sql() -> String {
    let moodle = std::fs::read_to_string(root().join("tests/fixtures/moodle-5.0-schema.pgsql.sql"))
        .expect("the PostgreSQL fixture");
    let out = Command::new("php")
        .current_dir(root())
        .args([
            "scripts/lib/xmldb_to_sql.php",
            "db/install.xml",
            "mdl_",
            "pgsql",
        ])
        .output()
        .expect("php, to turn db/install.xml into SQL");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    format!("{moodle}\n{}", String::from_utf8(out.stdout).unwrap())
}

/// A fresh database for one test.
pub struct TestDb {
    pub name: String,
}

impl TestDb {
    pub async fn new(test: &str) -> TestDb {
        Self::in_schema(test, None).await
    }

    /// With Moodle's tables in `schema` (`dboptions['dbschema']`), not in `public`.
    pub async fn in_schema(test: &str, schema: Option<&str>) -> TestDb {
        let name = format!("cn_pg_{test}_{}", std::process::id());
        let admin = client("postgres").await;
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\""))
            .await
            .unwrap();
        admin
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap();
        let into = schema.map_or(String::new(), |s| {
            format!("CREATE SCHEMA \"{s}\"; SET search_path TO \"{s}\";\n")
        });
        client(&name)
            .await
            .batch_execute(&format!("{into}{}", schema_sql()))
            .await
            .expect("loading the schema");
        TestDb { name }
    }

    pub fn settings(&self) -> DbSettings {
        settings(&self.name)
    }

    pub fn tables(&self) -> Tables {
        Tables::new("mdl_").unwrap()
    }

    /// A client of its own, to set up rows and look at them.
    pub async fn client(&self) -> Client {
        client(&self.name).await
    }

    /// Drops the database (sessions still connected are ended first).
    pub async fn drop(self) {
        client("postgres")
            .await
            .batch_execute(&format!(
                "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                self.name
            ))
            .await
            .unwrap();
    }
}
