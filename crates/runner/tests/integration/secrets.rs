//! Passwords never reach what the `course-notification` command prints: a refused database
//! password, and SMTP credentials offered to a server that does not take them.

use crate::support::{Scenario, TestDb, DAY, NOW};

const SECRET: &str = "Hunter2-S3cret";

fn cli(db: &TestDb, db_user: &str, db_pass: &str, extra: &[&str]) -> (bool, String) {
    let out = db
        .command_as(db_user, db_pass)
        .args(extra)
        .output()
        .expect("run course-notification");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), printed)
}

#[tokio::test]
async fn the_command_never_prints_a_password() {
    let db = TestDb::new("secrets").await;
    db.load(
        Scenario::new()
            .course(7, NOW - DAY)
            .learner(100, "ana@secrets.test", 7, NOW - DAY)
            .sql(),
        NOW,
    )
    .await;
    let (ok, printed) = cli(&db, &db.refused_user(), SECRET, &[]);
    assert!(!ok && printed.contains("refused user"), "{printed}");
    assert!(
        !printed.contains(SECRET),
        "database password printed: {printed}"
    );

    // The catcher offers no AUTH: the run stops with a clear message, without the password.
    let (user, pass) = (db.raw_config().db.user, db.raw_config().db.pass);
    let (ok, printed) = cli(
        &db,
        &user,
        &pass,
        &["--smtp-user", "mailer", "--smtp-pass", SECRET],
    );
    assert!(!ok, "{printed}");
    assert!(printed.contains("SMTP server"), "{printed}");
    assert!(
        !printed.contains(SECRET),
        "SMTP password printed: {printed}"
    );
    let stored = db
        .count(&format!(
            "SELECT COUNT(*) FROM {{p}}block_cnotif_outbox WHERE lasterror LIKE '%{SECRET}%'"
        ))
        .await;
    assert_eq!(stored, 0, "nor stored with the messages");
}
