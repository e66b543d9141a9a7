//! The outbox against a real PostgreSQL: the same semantics as the MariaDB adapter's.

mod support;

use course_notification_moodle_pg::{DbError, PgSession, Postgres, Scope};
use course_notification_store::{backoff, Initial, NewRow, Outbox, Session, Store, MAX_ATTEMPTS};
use support::TestDb;

const NOW: i64 = 1_795_305_600;

fn row(occkey: &str, course: i64, user: i64, priority: u8, due: i64) -> NewRow {
    NewRow {
        occkey: occkey.into(),
        notification: "n1".into(),
        course_id: course,
        user_id: user,
        repeat: 0,
        due,
        priority,
        output: "email",
        recipient_id: user,
        recipient: format!("u{user}@example.org"),
        recipient_name: format!("User {user}"),
        mailformat: 1,
        lang: "en".into(),
        timezone: "Europe/Paris".into(),
        subject: "Subject".into(),
        text: "Text".into(),
        html: "<p>Html</p>".into(),
        message_id: format!("<{occkey}@example.org>"),
    }
}

async fn open(db: &TestDb) -> PgSession {
    Postgres.open(&db.settings(), &db.tables()).await.unwrap()
}

/// The ids the run `token` claimed, in the order it sends them.
async fn claimed(s: &mut PgSession, token: &str) -> Vec<String> {
    s.claimed_page(token, None, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.occkey)
        .collect()
}

#[tokio::test]
async fn an_occurrence_is_inserted_once() {
    let db = TestDb::new("insert").await;
    let mut s = open(&db).await;
    let rows = vec![row("a", 2, 10, 5, NOW), row("b", 2, 11, 5, NOW)];
    assert_eq!(s.insert(&rows, Initial::Pending, NOW).await.unwrap(), 2);
    let again = vec![row("a", 2, 10, 5, NOW), row("c", 2, 12, 5, NOW)];
    assert_eq!(s.insert(&again, Initial::Pending, NOW).await.unwrap(), 1);
    assert_eq!(
        s.insert(&[row("m", 3, 1, 5, NOW)], Initial::Marked, NOW)
            .await
            .unwrap(),
        1
    );
    assert_eq!(s.count_pending(&Scope::default(), None).await.unwrap(), 3);
    let marked = db
        .client()
        .await
        .query_one(
            "SELECT status, timesent FROM mdl_block_cnotif_outbox WHERE occkey = 'm'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(
        (marked.get::<_, String>(0), marked.get::<_, i64>(1)),
        ("marked".into(), NOW)
    );
    // Too long for its column: an error, not a row silently skipped.
    let mut long = row("long", 2, 13, 5, NOW);
    long.notification = "x".repeat(65);
    assert!(matches!(
        s.insert(&[long], Initial::Pending, NOW).await,
        Err(DbError::Query { .. })
    ));
    s.close().await;
    db.drop().await;
}

#[tokio::test]
async fn a_claim_respects_the_cap_the_urgency_and_the_courses_turns() {
    let db = TestDb::new("claim").await;
    let mut s = open(&db).await;
    let rows = vec![
        row("c2-1", 2, 1, 5, NOW - 30),
        row("c2-2", 2, 2, 5, NOW - 20),
        row("c2-3", 2, 3, 5, NOW - 10),
        row("c3-1", 3, 1, 5, NOW - 5),
        row("c3-urgent", 3, 2, 1, NOW),
        row("later", 4, 1, 5, NOW + 100),
    ];
    s.insert(&rows, Initial::Pending, NOW).await.unwrap();
    // A row waiting for its retry is not claimed.
    db.client()
        .await
        .execute(
            "UPDATE mdl_block_cnotif_outbox SET timenext = $1 WHERE occkey = 'later'",
            &[&(NOW + 100)],
        )
        .await
        .unwrap();
    assert_eq!(
        s.claim(&Scope::default(), "t1", 4, NOW, None)
            .await
            .unwrap(),
        4
    );
    // Course 3's urgent message counts towards its turn: course 2 goes next, then each in turn.
    let mut got = claimed(&mut s, "t1").await;
    assert_eq!(got.remove(0), "c3-urgent");
    got.sort();
    assert_eq!(got, ["c2-1", "c2-2", "c3-1"]);
    assert_eq!(s.count_pending(&Scope::default(), None).await.unwrap(), 2);

    // Scope and timezones narrow the claim.
    let course4 = Scope {
        courses: vec![4],
        users: vec![],
    };
    assert_eq!(
        s.claim(&course4, "t2", 10, NOW + 100, None).await.unwrap(),
        1
    );
    assert_eq!(
        s.claim(&Scope::default(), "t3", 10, NOW, Some(&[]))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        s.claim(
            &Scope::default(),
            "t3",
            10,
            NOW,
            Some(&["Asia/Tokyo".into()])
        )
        .await
        .unwrap(),
        0
    );
    assert_eq!(
        s.pending_timezones(&Scope::default(), NOW).await.unwrap(),
        ["Europe/Paris"]
    );
    assert_eq!(
        s.claim(
            &Scope::default(),
            "t3",
            10,
            NOW,
            Some(&["Europe/Paris".into()])
        )
        .await
        .unwrap(),
        1
    );
    s.close().await;
    db.drop().await;
}

#[tokio::test]
async fn claimed_pages_follow_the_sending_order() {
    let db = TestDb::new("pages").await;
    let mut s = open(&db).await;
    let rows: Vec<NewRow> = (0..5)
        .map(|i| row(&format!("r{i}"), 2, i, 5, NOW + i))
        .collect();
    s.insert(&rows, Initial::Pending, NOW + 10).await.unwrap();
    s.claim(&Scope::default(), "t", 10, NOW + 10, None)
        .await
        .unwrap();
    let first = s.claimed_page("t", None, 2).await.unwrap();
    let second = s
        .claimed_page("t", Some(first[1].position), 2)
        .await
        .unwrap();
    let names: Vec<_> = first
        .iter()
        .chain(&second)
        .map(|c| c.occkey.as_str())
        .collect();
    assert_eq!(names, ["r0", "r1", "r2", "r3"]);
    assert_eq!(first[0].attempts, 1, "the attempt about to be made");
    s.close().await;
    db.drop().await;
}

#[tokio::test]
async fn outcomes_are_recorded_on_the_runs_rows_only() {
    let db = TestDb::new("outcomes").await;
    let mut s = open(&db).await;
    let rows: Vec<NewRow> = (0..4)
        .map(|i| row(&format!("r{i}"), 2, i, 5, NOW + i))
        .collect();
    s.insert(&rows, Initial::Pending, NOW + 10).await.unwrap();
    s.claim(&Scope::default(), "t", 10, NOW + 10, None)
        .await
        .unwrap();
    let page = s.claimed_page("t", None, 10).await.unwrap();
    let [a, b, c, d] = [&page[0], &page[1], &page[2], &page[3]];

    s.mark_trying(a.id, "t", NOW).await.unwrap();
    s.mark_sent(a.id, Some(b.id), "t", NOW).await.unwrap();
    let failed_b = s.claimed_page("t", None, 10).await.unwrap()[0].clone();
    assert_eq!(
        (failed_b.id, failed_b.attempts),
        (b.id, 2),
        "b's attempt was counted"
    );
    s.mark_failed(&failed_b, Some(c.id), "t", "451 busy", false, NOW)
        .await
        .unwrap();

    // An operator resets c meanwhile: recording it fails, and d's attempt is given back.
    let admin = db.client().await;
    admin
        .execute(
            "UPDATE mdl_block_cnotif_outbox SET status = 'pending', runtoken = NULL WHERE id = $1",
            &[&c.id],
        )
        .await
        .unwrap();
    match s.mark_sent(c.id, Some(d.id), "t", NOW).await {
        Err(DbError::ChangedUnderRun { id, .. }) => assert_eq!(id, c.id),
        other => panic!("{other:?}"),
    }
    let state = |occkey: &'static str| {
        let admin = &admin;
        async move {
            let r = admin
                .query_one(
                    "SELECT status, attempts, timenext, lasterror FROM mdl_block_cnotif_outbox WHERE occkey = $1",
                    &[&occkey],
                )
                .await
                .unwrap();
            (
                r.get::<_, String>(0),
                r.get::<_, i16>(1),
                r.get::<_, i64>(2),
                r.get::<_, Option<String>>(3),
            )
        }
    };
    assert_eq!(state("r0").await, ("sent".into(), 1, 0, None));
    assert_eq!(
        state("r1").await,
        (
            "pending".into(),
            1,
            NOW + backoff(2),
            Some("451 busy".into())
        )
    );
    assert_eq!(state("r3").await.1, 0, "d's attempt given back");
    s.mark_trying(d.id, "t", NOW).await.unwrap();
    assert!(matches!(
        s.mark_trying(c.id, "t", NOW).await,
        Err(DbError::ChangedUnderRun { .. })
    ));

    // A permanent failure is final; release puts back what is left.
    let last = s.claimed_page("t", None, 10).await.unwrap()[0].clone();
    s.mark_failed(&last, None, "t", "550 no such user", true, NOW)
        .await
        .unwrap();
    assert_eq!(state("r3").await.0, "failed");
    s.release("t", "no server", NOW).await.unwrap();

    // Moodle's bounce counters count the sent messages.
    admin
        .batch_execute(
            "INSERT INTO mdl_user_preferences (userid, name, value) VALUES \
             (0, 'email_send_count', '7'), (1, 'email_send_count', 'x')",
        )
        .await
        .unwrap();
    assert_eq!(s.count_sends(&[a.id, b.id]).await.unwrap(), 1);
    let n: String = admin
        .query_one(
            "SELECT value FROM mdl_user_preferences WHERE userid = 0 AND name = 'email_send_count'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(n, "8");
    s.close().await;
    db.drop().await;
}

#[tokio::test]
async fn recover_gives_up_after_max_attempts() {
    let db = TestDb::new("recover").await;
    let mut s = open(&db).await;
    let rows = vec![row("young", 2, 1, 5, NOW), row("old", 2, 2, 5, NOW)];
    s.insert(&rows, Initial::Pending, NOW).await.unwrap();
    s.claim(&Scope::default(), "dead", 10, NOW, None)
        .await
        .unwrap();
    let admin = db.client().await;
    admin
        .execute(
            "UPDATE mdl_block_cnotif_outbox SET attempts = $1 WHERE occkey = 'old'",
            &[&(MAX_ATTEMPTS as i16)],
        )
        .await
        .unwrap();
    assert_eq!(s.recover(NOW + 1).await.unwrap(), 2);
    let rows = admin
        .query(
            "SELECT occkey, status, lasterror, runtoken FROM mdl_block_cnotif_outbox ORDER BY occkey",
            &[],
        )
        .await
        .unwrap();
    let got: Vec<(String, String, String, Option<String>)> = rows
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect();
    assert_eq!(got[0].1, "failed");
    assert_eq!(
        got[0].2,
        format!("given up after {MAX_ATTEMPTS} attempts: an earlier run stopped while sending it")
    );
    assert_eq!(got[1].1, "pending");
    assert_eq!(got[1].3, None);
    s.close().await;
    db.drop().await;
}

#[tokio::test]
async fn the_statements_repeated_per_message_are_prepared_once() {
    let db = TestDb::new("prepared").await;
    let mut s = open(&db).await;
    let rows: Vec<NewRow> = (0..20)
        .map(|u| row(&format!("k{u}"), 2, 10 + u, 5, NOW))
        .collect();
    s.insert(&rows, Initial::Pending, NOW).await.unwrap();
    s.claim(&Scope::default(), "t", 20, NOW, None)
        .await
        .unwrap();
    let ids: Vec<i64> = s
        .claimed_page("t", None, 100)
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    for (i, &id) in ids.iter().enumerate() {
        s.mark_trying(id, "t", NOW).await.unwrap();
        s.mark_sent(id, ids.get(i + 1).copied(), "t", NOW)
            .await
            .unwrap();
    }
    // One prepared statement each for the page, the attempt and the outcome, on this session,
    // not one parse per message.
    let prepared: i64 = s
        .conn()
        .client
        .query_one(
            // Every statement still prepared on the session but this one.
            "SELECT count(*) FROM pg_prepared_statements WHERE statement NOT LIKE '%pg_prepared%'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(prepared, 3);
    assert_eq!(
        s.count_pending(&Scope::default(), None).await.unwrap(),
        0,
        "every message recorded"
    );
    s.close().await;
    db.drop().await;
}
