//! Failures that stop a run say what is wrong in an administrator's words, and never show a password.

use course_notification_runner::config::Config;
use course_notification_runner::RunError;

use crate::support::{TestDb, NOW};

async fn fails_with(
    db: &TestDb,
    spoil: impl FnOnce(&mut course_notification_runner::config::RawConfig),
) -> String {
    let mut raw = db.raw_config();
    raw.db.pass.push_str("-hunter2-secret");
    raw.db.user = db.refused_user();
    spoil(&mut raw);
    let config = Config::try_from(raw).unwrap();
    let err = db.try_run(&config, "dryrun", NOW, None).await.unwrap_err();
    assert!(matches!(err, RunError::Database(_)), "{err}");
    let message = err.to_string();
    assert!(!message.contains("hunter2"), "password leaked: {message}");
    message
}

#[tokio::test]
async fn database_failures_are_named() {
    let db = TestDb::new("failures").await;
    let m = fails_with(&db, |r| r.db.port = 9).await;
    assert!(
        m.contains("cannot reach the database server at 127.0.0.1:9")
            && !m.contains("Input/output error: Input/output error"),
        "{m}"
    );
    let m = fails_with(&db, |_| {}).await;
    assert!(m.contains("refused user"), "{m}");
    let m = fails_with(&db, |r| {
        r.db.pass = db.raw_config().db.pass;
        r.db.user = db.raw_config().db.user;
        r.db.name = "cn_t_no_such_database".into();
    })
    .await;
    assert!(m.contains("does not exist") || m.contains("refused"), "{m}");
    let m = fails_with(&db, |r| {
        r.db.pass = db.raw_config().db.pass;
        r.db.user = db.raw_config().db.user;
        r.db.prefix = "nope_".into();
    })
    .await;
    assert!(m.contains("table is missing") && m.contains("nope_"), "{m}");
}
