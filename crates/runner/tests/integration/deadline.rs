//! Issue 13, item 1: a web page's engine call has a deadline. With a table the run reads locked by
//! another connection (as a long ALTER or a backup's `LOCK TABLES` would), a dry run, a forecast
//! and the list of notifications given a deadline of 1 s end with `RunError::Timeout` within a few
//! seconds; without one the same run waits for as long as the lock is held. A run that sends or
//! marks refuses a deadline: it must not be cut mid-way.
//!
//! On MariaDB the lock is `LOCK TABLES ... WRITE` and the limit the session's
//! `max_statement_time`; on PostgreSQL it is `LOCK TABLE ... IN ACCESS EXCLUSIVE MODE` in an open
//! transaction, and the limit the session's `statement_timeout` and `lock_timeout`.

use std::time::{Duration, Instant};

use course_notification_runner::config::{ForecastOptions, RawForecast, RawOptions, RunOptions};
use course_notification_runner::RunError;
use course_notification_store::{DbError, Scope};

use crate::support::{Scenario, TestDb, DAY, NOW};

/// What a page may wait for a deadline of 1 s: the statement limit, the backstop's margin and
/// closing the connection, with room for a loaded 2-core machine.
const PAGE_WAIT: Duration = Duration::from_secs(5);

fn dry_run(deadline: Option<i64>) -> RunOptions {
    RunOptions::try_from(RawOptions {
        now: Some(NOW),
        mode: "dryrun".into(),
        deadline,
        ..Default::default()
    })
    .unwrap()
}

async fn site(name: &str) -> TestDb {
    let db = TestDb::new(name).await;
    let sql = Scenario::new()
        .course(7, NOW - DAY)
        .learner(100, "lise@example.org", 7, NOW - DAY);
    db.load(sql.sql(), NOW).await;
    db
}

#[tokio::test]
async fn a_locked_table_ends_a_page_call_with_a_timeout_instead_of_hanging() {
    let db = site("deadline_lock").await;
    let config = db.config();
    let ok = course_notification_runner::run(&config, &dry_run(Some(1))).await;
    assert_eq!(
        ok.unwrap().counts.accepted,
        1,
        "unlocked, the deadline changes nothing"
    );

    let mut locker = db.client().await;
    locker
        .exec(db.pick(
            "LOCK TABLES mdl_course WRITE, mdl_context WRITE",
            "BEGIN; LOCK TABLE mdl_course, mdl_context IN ACCESS EXCLUSIVE MODE",
        ))
        .await;

    // The control: without a deadline the run is still waiting on the lock after 3 s.
    let waiting = tokio::time::timeout(
        Duration::from_secs(3),
        course_notification_runner::run(&config, &dry_run(None)),
    )
    .await;
    assert!(
        waiting.is_err(),
        "the lock did not hold the run: {waiting:?}"
    );

    let started = Instant::now();
    let r = course_notification_runner::run(&config, &dry_run(Some(1))).await;
    let took = started.elapsed();
    assert!(matches!(r, Err(RunError::Timeout { seconds: 1 })), "{r:?}");
    assert!(took < PAGE_WAIT, "the dry run took {took:?}");
    eprintln!("locked table, deadline 1 s: the dry run ended after {took:?}");
    let message = r.unwrap_err().to_string();
    for secret in [&db.name, "127.0.0.1", "cn_t_", "'cn'"] {
        assert!(!message.contains(secret), "{secret} in {message}");
    }

    let started = Instant::now();
    let forecast = ForecastOptions::try_from(RawForecast {
        now: Some(NOW),
        deadline: Some(1),
        ..Default::default()
    })
    .unwrap();
    let f = course_notification_runner::forecast(&config, &forecast).await;
    assert!(matches!(f, Err(RunError::Timeout { .. })), "{f:?}");
    assert!(started.elapsed() < PAGE_WAIT, "{:?}", started.elapsed());

    let started = Instant::now();
    let n =
        course_notification_runner::notifications(&config, 7, Some(Duration::from_secs(1))).await;
    assert!(matches!(n, Err(RunError::Timeout { .. })), "{:?}", n.err());
    assert!(started.elapsed() < PAGE_WAIT, "{:?}", started.elapsed());

    locker.exec(db.pick("UNLOCK TABLES", "COMMIT")).await;
    locker.close().await;
    let again = course_notification_runner::run(&config, &dry_run(Some(1))).await;
    assert_eq!(again.unwrap().counts.accepted, 1, "unlocked again, it runs");
}

/// Under the run's backstop, the store's own limit: a session opened with a statement limit of 1 s
/// reports a read that waits on a locked table as `DbError::Timeout` (MariaDB: `lock_wait_timeout`;
/// PostgreSQL: `lock_timeout`), within the limit and its margin.
#[tokio::test]
async fn a_session_with_a_statement_limit_reports_a_locked_table_as_a_timeout() {
    let db = site("deadline_store").await;
    let mut config = db.config();
    config.db.statement_timeout = Some(Duration::from_secs(1));
    let mut session = db.session_with(&config).await;
    assert_eq!(session.courses(&Scope::default()).await.unwrap(), 1);

    let mut locker = db.client().await;
    locker
        .exec(db.pick(
            "LOCK TABLES mdl_course WRITE, mdl_context WRITE",
            "BEGIN; LOCK TABLE mdl_course, mdl_context IN ACCESS EXCLUSIVE MODE",
        ))
        .await;
    let started = Instant::now();
    let r = session.courses(&Scope::default()).await;
    let took = started.elapsed();
    assert!(matches!(r, Err(DbError::Timeout { .. })), "{r:?}");
    assert!(took < PAGE_WAIT, "the read took {took:?}");
    eprintln!(
        "{:?}: a locked table, limit 1 s: Timeout after {took:?}",
        db.kind
    );
    locker.exec(db.pick("UNLOCK TABLES", "COMMIT")).await;
    locker.close().await;
    // The session is still usable once the lock is gone.
    assert_eq!(session.courses(&Scope::default()).await.unwrap(), 1);
    session.close().await;
}

/// The backstop: a server that accepts the connection and then says nothing (no statement ever
/// runs, so no statement limit can fire) still ends the call at the deadline and its margin.
#[tokio::test]
async fn a_server_that_never_answers_ends_a_page_call_at_the_deadline() {
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = silent.local_addr().unwrap().port();
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            open.push(socket);
        }
    });
    let db = TestDb::new("deadline_silent").await;
    let mut raw = db.raw_config();
    raw.db.port = i64::from(port);
    let config = course_notification_runner::config::Config::try_from(raw).unwrap();
    let started = Instant::now();
    let r = course_notification_runner::run(&config, &dry_run(Some(1))).await;
    assert!(matches!(r, Err(RunError::Timeout { seconds: 1 })), "{r:?}");
    assert!(started.elapsed() < PAGE_WAIT, "{:?}", started.elapsed());
    held.abort();
}

#[test]
fn a_sending_or_marking_run_refuses_a_deadline() {
    for mode in ["send", "markonly"] {
        let e = RunOptions::try_from(RawOptions {
            now: Some(NOW),
            mode: mode.into(),
            deadline: Some(5),
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(e.setting, "options.deadline");
        assert!(e.to_string().contains("must not be cut mid-way"), "{e}");
    }
}
