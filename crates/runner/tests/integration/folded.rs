//! Recording costs one statement per message: the statement that records a connection's outcome
//! also counts the attempt of its next message, each row taking its own values.

use course_notification_store::{Claimed, DbError, Scope};

use crate::large_cap::{bulk_outbox, deliver_only};
use crate::support::{domain, TestDb, NOW};

/// Messages in the run that counts statements.
const ROWS: i64 = 100;

/// Sends `ROWS` messages over `connections` and returns how many statements updated outbox rows.
/// A trigger logs each updated row with its connection and `NOW(6)`, which in a trigger is the
/// start of the triggering statement: one distinct pair per statement (the server's own
/// `Com_update` counter is global, and other tests run at the same time). On PostgreSQL: the
/// backend's pid and `statement_timestamp()`.
async fn outbox_updates(name: &str, connections: u32) -> i64 {
    let db = TestDb::new(name).await;
    db.load(&bulk_outbox(ROWS as u32, &domain(name), &db.host()), NOW)
        .await;
    db.exec(db.pick(
        "CREATE TABLE {p}stmt_log (conn BIGINT NOT NULL, started DATETIME(6) NOT NULL);\n\
         CREATE TRIGGER {p}stmt_count BEFORE UPDATE ON {p}block_cnotif_outbox FOR EACH ROW \
           INSERT INTO {p}stmt_log VALUES (CONNECTION_ID(), NOW(6));",
        "CREATE TABLE {p}stmt_log (conn BIGINT NOT NULL, started TIMESTAMPTZ NOT NULL);\n\
         CREATE FUNCTION {p}stmt_count() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
           INSERT INTO {p}stmt_log VALUES (pg_backend_pid(), statement_timestamp()); RETURN NEW; END $$;\n\
         CREATE TRIGGER {p}stmt_count BEFORE UPDATE ON {p}block_cnotif_outbox \
           FOR EACH ROW EXECUTE FUNCTION {p}stmt_count();",
    ))
    .await;
    let report = course_notification_runner::run(&db.config(), &deliver_only(1000, connections))
        .await
        .unwrap();
    assert_eq!(report.counts.sent, ROWS as u64);
    // Each message's attempt was counted once, and each recorded.
    assert_eq!(
        db.count(
            "SELECT COUNT(*) FROM {p}block_cnotif_outbox \
              WHERE status = 'sent' AND attempts = 1 AND runtoken IS NULL"
        )
        .await,
        ROWS
    );
    db.count(db.pick(
        "SELECT COUNT(DISTINCT conn, started) FROM {p}stmt_log",
        "SELECT COUNT(DISTINCT (conn, started)) FROM {p}stmt_log",
    ))
    .await
}

#[tokio::test]
async fn a_message_costs_one_recording_statement_at_one_connection() {
    // The claim, the first message's attempt, then one statement per outcome: 102 (before the
    // fold, an attempt and an outcome per message: 201).
    let updates = outbox_updates("foldone", 1).await;
    assert!(updates <= ROWS + 5, "{updates} UPDATEs for {ROWS} messages");
}

#[tokio::test]
async fn a_message_costs_one_recording_statement_at_four_connections() {
    // One more standalone attempt per connection: 105.
    let updates = outbox_updates("foldfour", 4).await;
    assert!(updates <= ROWS + 8, "{updates} UPDATEs for {ROWS} messages");
}

/// Claims `n` bulk rows for the token `mine` with the given attempts already used, in the order
/// they go out.
async fn claimed(db: &TestDb, attempts: &[i64]) -> Vec<Claimed> {
    let n = attempts.len() as u32;
    db.load(&bulk_outbox(n, &domain(&db.name), &db.host()), NOW)
        .await;
    for (k, a) in attempts.iter().enumerate() {
        let id = db
            .count(&format!(
                "SELECT id FROM {{p}}block_cnotif_outbox ORDER BY priority, timedue, id LIMIT 1 OFFSET {k}"
            ))
            .await;
        db.exec(&format!(
            "UPDATE {{p}}block_cnotif_outbox SET attempts = {a} WHERE id = {id}"
        ))
        .await;
    }
    let mut session = db.session().await;
    let got = session
        .claim(&Scope::default(), "mine", 10, NOW, None)
        .await
        .unwrap();
    assert_eq!(got, u64::from(n));
    let rows = session.claimed_page("mine", None, 10).await.unwrap();
    session.close().await;
    rows
}

/// A row's status, attempts and time of its next try.
async fn state(db: &TestDb, id: i64) -> (String, i64, i64) {
    let rows = db
        .rows(&format!(
            "SELECT status, attempts, timenext FROM {{p}}block_cnotif_outbox WHERE id = {id}"
        ))
        .await;
    let r = &rows[0];
    let number = |i: usize| r[i].as_deref().unwrap().parse().unwrap();
    (r[0].clone().unwrap(), number(1), number(2))
}

#[tokio::test]
async fn a_folded_failure_decides_on_its_own_rows_attempts() {
    let db = TestDb::new("foldfail").await;
    // The first on its last attempt once counted, the second on its first, the third on its last.
    let rows = claimed(&db, &[4, 0, 4]).await;
    let (a, b, c) = (&rows[0], &rows[1], &rows[2]);
    let mut conn = db.session().await;
    conn.mark_trying(a.id, "mine", NOW).await.unwrap();
    // A temporary failure on the fifth attempt gives it up, though the next row's count is low.
    conn.mark_failed(a, Some(b.id), "mine", "451", false, NOW)
        .await
        .unwrap();
    assert_eq!(state(&db, a.id).await.0, "failed");
    assert_eq!(state(&db, a.id).await.1, 5);
    assert_eq!(state(&db, b.id).await, ("sending".into(), 1, 0));
    // A temporary failure on the first attempt waits 5 minutes, though the next row's count,
    // counted by the same statement, reaches the limit.
    conn.mark_failed(b, Some(c.id), "mine", "451", false, NOW)
        .await
        .unwrap();
    assert_eq!(state(&db, b.id).await, ("pending".into(), 1, NOW + 300));
    assert_eq!(state(&db, c.id).await, ("sending".into(), 5, 0));
    conn.mark_sent(c.id, None, "mine", NOW).await.unwrap();
    assert_eq!(state(&db, c.id).await, ("sent".into(), 5, 0));
}

#[tokio::test]
async fn a_folded_recording_with_either_row_changed_under_the_run_is_an_error() {
    let db = TestDb::new("foldchanged").await;
    let rows = claimed(&db, &[0, 0, 0, 0]).await;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut conn = db.session().await;
    // An operator resets the first and deletes the fourth while the run sends them.
    db.load(
        &format!(
            "UPDATE mdl_block_cnotif_outbox SET status = 'pending', runtoken = NULL WHERE id = {};\n\
             DELETE FROM mdl_block_cnotif_outbox WHERE id = {};",
            ids[0], ids[3]
        ),
        NOW,
    )
    .await;
    // The recorded row was changed: the error names it, and the next one, which the run will not
    // try now, keeps its attempts.
    let err = conn
        .mark_sent(ids[0], Some(ids[1]), "mine", NOW)
        .await
        .unwrap_err();
    assert!(
        matches!(err, DbError::ChangedUnderRun { id, .. } if id == ids[0]),
        "{err}"
    );
    assert_eq!(state(&db, ids[0]).await.0, "pending");
    assert_eq!(state(&db, ids[1]).await, ("sending".into(), 0, 0));
    // The next row was changed: the error names it; the recorded one is recorded.
    let err = conn
        .mark_failed(&rows[2], Some(ids[3]), "mine", "451", true, NOW)
        .await
        .unwrap_err();
    assert!(
        matches!(err, DbError::ChangedUnderRun { id, .. } if id == ids[3]),
        "{err}"
    );
    assert_eq!(state(&db, ids[2]).await.0, "failed");
    // The untouched one records normally.
    conn.mark_sent(ids[1], None, "mine", NOW).await.unwrap();
}
