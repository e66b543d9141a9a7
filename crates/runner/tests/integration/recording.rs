//! Recording outcomes: a database fault while recording ends the run with that error, at any
//! number of SMTP connections, without hanging and without losing a message; a row changed under
//! the run is never written over.

use std::time::Duration;

use course_notification_store::{DbError, Scope};

use crate::large_cap::{bulk_outbox, deliver_only};
use crate::support::{delivered_to, domain, settle, TestDb, NOW};

/// Messages in each test's outbox.
const ROWS: i64 = 200;

/// The hang detector: a run that has not returned by then is stuck.
const LIMIT: Duration = Duration::from_secs(60);

/// The id of the tenth row in the order a run sends them: its recording is where the fault hits,
/// while the other connections are sending or have outcomes waiting to be recorded.
async fn tenth(db: &TestDb) -> i64 {
    db.count(
        "SELECT id FROM {p}block_cnotif_outbox ORDER BY priority, timedue, id LIMIT 1 OFFSET 9",
    )
    .await
}

/// After the failed run: every row is sent, or recoverable (still `sending`, put back by the next
/// run's recovery) or pending; the next run sends the rest, each message at least once and at
/// most one duplicate per connection (accepted by the server, not recorded).
async fn nothing_is_lost(db: &TestDb, d: &str, connections: u32) {
    let counted = db
        .count(
            "SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE status IN ('sent', 'sending', 'pending')",
        )
        .await;
    assert_eq!(counted, ROWS);
    assert!(
        db.count("SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE status = 'sending'")
            .await
            >= 1,
        "the row whose recording failed is left to recovery"
    );
    let next = tokio::time::timeout(
        LIMIT,
        course_notification_runner::run(&db.config(), &deliver_only(1000, connections)),
    )
    .await
    .expect("the next run returns")
    .unwrap();
    assert_eq!(next.counts.deferred, 0);
    assert_eq!(
        db.count("SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE status = 'sent'")
            .await,
        ROWS
    );
    settle().await;
    let mails = delivered_to(d).len() as i64;
    assert!(
        (ROWS..=ROWS + i64::from(connections)).contains(&mails),
        "{mails} mails for {ROWS} messages over {connections} connection(s)"
    );
}

/// The server refuses to record the tenth outcome (a trigger raising an error, as a full disk or
/// a read-only switch would): the run ends with that error, whatever the connections.
async fn refused_recording(connections: u32) {
    let name = format!("recfault{connections}");
    let db = TestDb::new(&name).await;
    let d = domain(&name);
    db.load(&bulk_outbox(ROWS as u32, &d, &db.host()), NOW)
        .await;
    let id = tenth(&db).await;
    db.exec(&db.pick(
        format!(
            "CREATE TRIGGER {{p}}fault BEFORE UPDATE ON {{p}}block_cnotif_outbox FOR EACH ROW \
             IF OLD.id = {id} AND NEW.status <> 'sending' THEN \
               SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected fault: the disk is full'; \
             END IF;"
        ),
        format!(
            "CREATE FUNCTION {{p}}fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
               IF OLD.id = {id} AND NEW.status <> 'sending' THEN \
                 RAISE EXCEPTION 'injected fault: the disk is full'; \
               END IF; RETURN NEW; END $$; \
             CREATE TRIGGER {{p}}fault BEFORE UPDATE ON {{p}}block_cnotif_outbox \
               FOR EACH ROW EXECUTE FUNCTION {{p}}fault();"
        ),
    ))
    .await;
    let (config, options) = (db.config(), deliver_only(1000, connections));
    let run = course_notification_runner::run(&config, &options);
    let err = tokio::time::timeout(LIMIT, run)
        .await
        .unwrap_or_else(|_| panic!("the run hung at {connections} connection(s)"))
        .unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("recording a sent message") && message.contains("the disk is full"),
        "{message}"
    );
    assert_eq!(
        db.count(&format!(
            "SELECT COUNT(*) FROM {{p}}block_cnotif_outbox WHERE id = {id} AND status = 'sending'"
        ))
        .await,
        1
    );
    db.exec(db.pick(
        "DROP TRIGGER {p}fault",
        "DROP TRIGGER {p}fault ON {p}block_cnotif_outbox",
    ))
    .await;
    nothing_is_lost(&db, &d, connections).await;
}

#[tokio::test]
async fn a_refused_recording_ends_the_run_with_its_error_at_one_connection() {
    refused_recording(1).await;
}

#[tokio::test]
async fn a_refused_recording_ends_the_run_with_its_error_at_two_connections() {
    refused_recording(2).await;
}

#[tokio::test]
async fn a_refused_recording_ends_the_run_with_its_error_at_four_connections() {
    refused_recording(4).await;
}

#[tokio::test]
async fn a_killed_database_connection_while_recording_ends_the_run_at_four_connections() {
    let db = TestDb::new("reckill").await;
    let d = domain("reckill");
    db.load(&bulk_outbox(ROWS as u32, &d, &db.host()), NOW)
        .await;
    let id = tenth(&db).await;
    // Recording the tenth outcome stalls long enough for the test to see it and kill the run's
    // connection from another one, as an operator or a failover would (MariaDB shows the trigger's
    // statement as the connection's, MySQL the UPDATE; PostgreSQL shows the UPDATE, waiting on
    // `PgSleep`, and ends the backend with `pg_terminate_backend`).
    db.exec(&db.pick(
        format!(
            "CREATE TRIGGER {{p}}stall BEFORE UPDATE ON {{p}}block_cnotif_outbox FOR EACH ROW \
             IF OLD.id = {id} AND NEW.status <> 'sending' THEN DO SLEEP(30); END IF;"
        ),
        format!(
            "CREATE FUNCTION {{p}}stall() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
               IF OLD.id = {id} AND NEW.status <> 'sending' THEN PERFORM pg_sleep(30); END IF; \
               RETURN NEW; END $$; \
             CREATE TRIGGER {{p}}stall BEFORE UPDATE ON {{p}}block_cnotif_outbox \
               FOR EACH ROW EXECUTE FUNCTION {{p}}stall();"
        ),
    ))
    .await;
    let config = db.config();
    let options = deliver_only(1000, 4);
    let run = course_notification_runner::run(&config, &options);
    let killer = async {
        let mut admin = db.client().await;
        let name = &db.name;
        for _ in 0..600 {
            let stalled = admin
                .rows(&db.pick(
                    format!(
                        "SELECT id FROM information_schema.PROCESSLIST \
                          WHERE db = '{name}' AND id <> CONNECTION_ID() \
                            AND (info LIKE '%THEN ''sent''%' OR info LIKE 'DO SLEEP%')"
                    ),
                    format!(
                        "SELECT pid FROM pg_stat_activity \
                          WHERE datname = '{name}' AND pid <> pg_backend_pid() AND wait_event = 'PgSleep'"
                    ),
                ))
                .await;
            if let Some(conn_id) = stalled.first().and_then(|r| r[0].clone()) {
                admin
                    .exec(&db.pick(
                        format!("KILL {conn_id}"),
                        format!("SELECT pg_terminate_backend({conn_id})"),
                    ))
                    .await;
                admin.close().await;
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the run never recorded the tenth outcome");
    };
    let (result, ()) = tokio::time::timeout(LIMIT, async { tokio::join!(run, killer) })
        .await
        .expect("the run hung after its database connection was killed");
    let message = result.unwrap_err().to_string();
    assert!(message.contains("recording a sent message"), "{message}");
    db.exec(db.pick(
        "DROP TRIGGER {p}stall",
        "DROP TRIGGER {p}stall ON {p}block_cnotif_outbox",
    ))
    .await;
    nothing_is_lost(&db, &d, 4).await;
}

#[tokio::test]
async fn recording_an_outcome_on_a_row_changed_under_the_run_is_an_error() {
    let db = TestDb::new("recchanged").await;
    db.load(&bulk_outbox(3, &domain("recchanged"), &db.host()), NOW)
        .await;
    let mut session = db.session().await;
    let scope = Scope::default();
    let claimed = session.claim(&scope, "mine", 10, NOW, None).await.unwrap();
    assert_eq!(claimed, 3);
    let rows = session.claimed_page("mine", None, 10).await.unwrap();
    // An operator resets one (the report's Reset) and deletes another while the run sends them.
    let (reset, deleted) = (rows[0].id, rows[1].id);
    db.load(
        &format!(
            "UPDATE mdl_block_cnotif_outbox SET status = 'pending', runtoken = NULL WHERE id = {reset};\n\
             DELETE FROM mdl_block_cnotif_outbox WHERE id = {deleted};"
        ),
        NOW,
    )
    .await;
    let err = session
        .mark_sent(reset, None, "mine", NOW)
        .await
        .unwrap_err();
    assert!(
        matches!(err, DbError::ChangedUnderRun { id, .. } if id == reset),
        "{err}"
    );
    assert!(err.to_string().contains("changed under the run"), "{err}");
    let err = session
        .mark_failed(&rows[1], None, "mine", "451", false, NOW)
        .await
        .unwrap_err();
    assert!(
        matches!(err, DbError::ChangedUnderRun { id, .. } if id == deleted),
        "{err}"
    );
    // The reset row stays as the operator left it; the untouched one records normally.
    assert_eq!(
        db.count(&format!(
            "SELECT COUNT(*) FROM {{p}}block_cnotif_outbox WHERE id = {reset} AND status = 'pending'"
        ))
        .await,
        1
    );
    session
        .mark_sent(rows[2].id, None, "mine", NOW)
        .await
        .unwrap();
    session.close().await;
}
