//! Issue 14, "done means": a PostgreSQL site gets exactly the mails a MariaDB site with the same data
//! gets. The demo site is loaded into both servers at the same `now` (the PostgreSQL copy through
//! the tests' one translation, `dialect`), and the decision traces are compared line for line, and
//! the messages a mark-only run records, field for field.
//!
//! These tests need both servers whatever `CN_TEST_DB_KIND` says, so they run in the MariaDB pass
//! of `scripts/test` only (in the PostgreSQL pass they return at once, saying so).

use std::collections::BTreeMap;

use course_notification_runner::config::{RawOptions, RunOptions};
use course_notification_runner::report::Report;

use crate::support::{Kind, TestDb, NOW};

const DEMO: &str = include_str!("../../../../tests/fixtures/demo-site.sql");

/// The demo site as database `cn_t_<name>` on both servers (the same name, so the same site host
/// and Message-IDs), or `None` in the PostgreSQL pass, which leaves these tests to the MariaDB one.
async fn both(name: &str) -> Option<(TestDb, TestDb)> {
    if Kind::of_run() != Kind::Mariadb {
        eprintln!("{name}: runs in the MariaDB pass (it needs both servers)");
        return None;
    }
    let maria = TestDb::create(name, "mdl_", Kind::Mariadb).await;
    let pg = TestDb::create(name, "mdl_", Kind::Pgsql).await;
    maria.load(DEMO, NOW).await;
    pg.load(DEMO, NOW).await;
    Some((maria, pg))
}

/// The tables of `db`, by name.
async fn tables(db: &TestDb) -> Vec<String> {
    let mut names: Vec<String> = db
        .rows(db.pick(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()",
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()",
        ))
        .await
        .into_iter()
        .map(|r| r[0].clone().unwrap())
        .collect();
    names.sort();
    names
}

/// Every row of `table`, each value as text, sorted (the servers' orders and collations differ);
/// without the ids when the fixture lets the server number the rows (MariaDB's real dump starts
/// some tables' AUTO_INCREMENT further on than an empty PostgreSQL sequence, as two sites differ).
async fn content(db: &TestDb, table: &str) -> Vec<Vec<Option<String>>> {
    let explicit_ids = DEMO.contains(&format!("INSERT INTO {table} (id,"));
    let columns: Vec<String> = db
        .rows(&format!(
            "SELECT column_name FROM information_schema.columns \
              WHERE table_name = '{table}' AND table_schema = {} ORDER BY ordinal_position",
            db.pick("DATABASE()", "current_schema()")
        ))
        .await
        .into_iter()
        .map(|r| r[0].clone().unwrap())
        .filter(|c| explicit_ids || c != "id")
        .collect();
    let mut rows = db
        .rows(&format!("SELECT {} FROM {table}", columns.join(", ")))
        .await;
    rows.sort();
    rows
}

#[tokio::test]
async fn the_demo_site_loads_the_same_rows_into_both_databases() {
    let Some((maria, pg)) = both("cross_load").await else {
        return;
    };
    let names = tables(&maria).await;
    assert_eq!(names, tables(&pg).await, "the same tables");
    let mut filled = BTreeMap::new();
    for table in &names {
        let (a, b) = (content(&maria, table).await, content(&pg, table).await);
        assert_eq!(a, b, "{table}: the same rows, value for value");
        if !a.is_empty() {
            filled.insert(table.clone(), a.len());
        }
    }
    // The whole fixture arrived: every table it fills (and nothing else).
    assert_eq!(
        filled.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "mdl_block_cnotif_outbox",
            "mdl_block_instances",
            "mdl_config",
            "mdl_context",
            "mdl_course",
            "mdl_course_categories",
            "mdl_course_completions",
            "mdl_enrol",
            "mdl_message_processors",
            "mdl_role",
            "mdl_role_assignments",
            "mdl_role_capabilities",
            "mdl_user",
            "mdl_user_enrolments",
            "mdl_user_lastaccess",
            "mdl_user_preferences",
        ],
        "{filled:?}"
    );
    // The sequences follow the explicit ids, as MariaDB's AUTO_INCREMENT does: a row Moodle adds
    // next gets the same id on both.
    let add = "INSERT INTO {p}user (auth, confirmed, mnethostid, username, email) \
               VALUES ('manual', 1, 1, 'newcomer', 'new@example.org')";
    maria.exec(add).await;
    pg.exec(add).await;
    let id = "SELECT id FROM {p}user WHERE username = 'newcomer'";
    let new_id = maria.count(id).await;
    assert_eq!(new_id, pg.count(id).await);
    assert_eq!(
        new_id,
        maria.count("SELECT MAX(id) FROM {p}user").await,
        "the newcomer's id is the largest"
    );
}

/// A dry run of `db` at `NOW` with every decision and trace line.
async fn dry_run(db: &TestDb) -> Report {
    let options = RunOptions::try_from(RawOptions {
        now: Some(NOW),
        mode: "dryrun".into(),
        detail: "all".into(),
        ..Default::default()
    })
    .unwrap();
    course_notification_runner::run(&db.config(), &options)
        .await
        .unwrap_or_else(|e| panic!("dry run on {:?}: {e}", db.kind))
}

#[tokio::test]
async fn the_demo_site_gets_the_same_decisions_and_messages_on_both_databases() {
    let Some((maria, pg)) = both("cross_trace").await else {
        return;
    };
    let (a, b) = (dry_run(&maria).await, dry_run(&pg).await);
    assert!(a.trace.len() > 30, "a real trace: {:?}", a.trace);
    for (i, (x, y)) in a.trace.iter().zip(&b.trace).enumerate() {
        assert_eq!(x, y, "trace line {i}: MariaDB, then PostgreSQL");
    }
    assert_eq!(a.trace.len(), b.trace.len(), "as many trace lines");
    assert_eq!(
        a.decisions, b.decisions,
        "the same decisions, due times included"
    );
    assert_eq!(
        (a.counts.evaluated, a.counts.accepted, &a.counts.trapped),
        (b.counts.evaluated, b.counts.accepted, &b.counts.trapped)
    );
    assert_eq!(a.counts.accepted, 14);

    // The messages themselves: a mark-only run records each accepted one with its texts; they
    // are the same, byte for byte, on both.
    let (x, y) = (
        maria.run("markonly", NOW).await,
        pg.run("markonly", NOW).await,
    );
    assert_eq!((x.counts.queued, y.counts.queued), (14, 14));
    let messages = "SELECT occkey, notification, courseid, userid, repeatno, timedue, status, \
                    priority, output, recipientid, recipient, recipientname, mailformat, lang, \
                    timezone, subject, bodytext, bodyhtml, messageid \
                    FROM {p}block_cnotif_outbox WHERE status = 'marked'";
    let (mut m, mut p) = (maria.rows(messages).await, pg.rows(messages).await);
    m.sort();
    p.sort();
    assert_eq!(m.len(), 14);
    for (x, y) in m.iter().zip(&p) {
        assert_eq!(x, y, "the same message on both");
    }
    assert_eq!(m.len(), p.len());
}
