//! The session against a real PostgreSQL: the run lock, and the server's errors in the store's
//! words.

mod support;

use std::time::Duration;

use course_notification_moodle_pg::{DbError, Postgres};
use course_notification_store::{RunLock, Session, SiteReads, Store};
use support::TestDb;

#[tokio::test]
async fn the_run_lock_is_held_by_one_session_at_a_time() {
    let db = TestDb::new("lock").await;
    let (s, t) = (db.settings(), db.tables());
    let mut first = Postgres.open(&s, &t).await.unwrap();
    let mut second = Postgres.open(&s, &t).await.unwrap();
    assert!(first.try_lock().await.unwrap(), "a free lock is taken");
    assert!(!second.try_lock().await.unwrap(), "a held lock is refused");

    first.unlock().await.unwrap();
    assert!(second.try_lock().await.unwrap(), "unlock releases it");
    assert!(!first.try_lock().await.unwrap());

    second.close().await;
    // The server ends the closed session's backend a moment after the client goes.
    let mut taken = false;
    for _ in 0..50 {
        if first.try_lock().await.unwrap() {
            taken = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(taken, "closing the session releases its lock");
    first.close().await;
    db.drop().await;
}

#[tokio::test]
async fn another_prefix_or_database_has_its_own_lock() {
    let db = TestDb::new("lockprefix").await;
    let s = db.settings();
    let mut mdl = Postgres.open(&s, &db.tables()).await.unwrap();
    let other = course_notification_moodle_pg::Tables::new("m2_").unwrap();
    let mut m2 = Postgres.open(&s, &other).await.unwrap();
    assert!(mdl.try_lock().await.unwrap());
    assert!(m2.try_lock().await.unwrap(), "another site's prefix");
    mdl.close().await;
    m2.close().await;
    db.drop().await;
}

#[tokio::test]
async fn a_wrong_database_is_named() {
    let s = support::settings("cn_pg_no_such_database");
    let t = course_notification_moodle_pg::Tables::new("mdl_").unwrap();
    match Postgres.open(&s, &t).await {
        Err(DbError::UnknownDatabase { name }) => assert_eq!(name, "cn_pg_no_such_database"),
        Err(e) => panic!("{e:?}"),
        Ok(_) => panic!("connected to a database that does not exist"),
    }
}

#[tokio::test]
async fn an_unknown_user_is_refused() {
    let mut s = support::settings("postgres");
    s.user = "cn_pg_no_such_user".into();
    let t = course_notification_moodle_pg::Tables::new("mdl_").unwrap();
    match Postgres.open(&s, &t).await {
        Err(DbError::AccessDenied { user, .. }) => assert_eq!(user, "cn_pg_no_such_user"),
        Err(e) => panic!("{e:?}"),
        Ok(_) => panic!("an unknown role connected"),
    }
}

#[tokio::test]
async fn nobody_listening_is_unreachable() {
    let mut s = support::settings("postgres");
    s.port = 1;
    let t = course_notification_moodle_pg::Tables::new("mdl_").unwrap();
    assert!(matches!(
        Postgres.open(&s, &t).await,
        Err(DbError::Unreachable { .. })
    ));
}

#[tokio::test]
async fn a_statement_past_the_limit_is_a_timeout() {
    let db = TestDb::new("timeout").await;
    let mut s = db.settings();
    s.statement_timeout = Some(Duration::from_millis(200));
    let mut session = Postgres.open(&s, &db.tables()).await.unwrap();
    let e = session
        .conn()
        .client
        .batch_execute("SELECT pg_sleep(2)")
        .await
        .unwrap_err();
    let e = course_notification_moodle_pg::classify("sleeping", e);
    assert!(matches!(e, DbError::Timeout { .. }), "{e:?}");
    session.close().await;
    db.drop().await;
}

#[tokio::test]
async fn a_lock_held_elsewhere_is_a_timeout_not_a_hang() {
    let db = TestDb::new("locktimeout").await;
    let holder = db.client().await;
    holder
        .batch_execute("BEGIN; LOCK TABLE mdl_block_cnotif_outbox IN ACCESS EXCLUSIVE MODE")
        .await
        .unwrap();
    let mut s = db.settings();
    s.statement_timeout = Some(Duration::from_millis(300));
    let mut session = Postgres.open(&s, &db.tables()).await.unwrap();
    let e = session
        .conn()
        .client
        .query("SELECT count(*) FROM mdl_block_cnotif_outbox", &[])
        .await
        .unwrap_err();
    let e = course_notification_moodle_pg::classify("counting", e);
    assert!(matches!(e, DbError::Timeout { .. }), "{e:?}");
    session.close().await;
    drop(holder);
    db.drop().await;
}

#[tokio::test]
async fn a_missing_table_is_named() {
    let db = TestDb::new("missing").await;
    let mut session = Postgres.open(&db.settings(), &db.tables()).await.unwrap();
    let e = session
        .conn()
        .client
        .query("SELECT 1 FROM m9_user", &[])
        .await
        .unwrap_err();
    let e = course_notification_moodle_pg::classify("reading users", e);
    assert!(matches!(e, DbError::MissingTable { .. }), "{e:?}");
    session.close().await;
    db.drop().await;
}

#[tokio::test]
async fn moodles_tables_are_found_in_the_sites_schema() {
    let db = TestDb::in_schema("schema", Some("moodle")).await;
    let (mut s, t) = (db.settings(), db.tables());
    let mut plain = Postgres.open(&s, &t).await.unwrap();
    let err = plain.course_contact_roles().await.unwrap_err();
    assert!(matches!(err, DbError::MissingTable { .. }), "{err}");
    plain.close().await;

    s.schema = Some("moodle".into());
    let mut session = Postgres.open(&s, &t).await.unwrap();
    assert_eq!(
        session.course_contact_roles().await.unwrap(),
        Vec::<i64>::new()
    );
    let courses = session.courses(&Default::default()).await.unwrap();
    assert!(courses.is_empty());
    session.close().await;
    db.drop().await;
}

#[tokio::test]
async fn the_socket_directory_is_used_instead_of_tcp() {
    if std::env::var("CN_TEST_PG_HOST").is_ok() {
        // The tests' server is elsewhere: its socket is not on this machine.
        return;
    }
    // Debian's (and libpq's) socket directory, where the machine's PostgreSQL listens.
    let dir = "/var/run/postgresql";
    let db = TestDb::new("socket").await;
    let mut s = db.settings();
    s.host = "nowhere.invalid".into();
    s.socket = Some(dir.into());
    let mut session = Postgres.open(&s, &db.tables()).await.unwrap();
    assert!(session.try_lock().await.unwrap());
    session.close().await;
    db.drop().await;
}
