//! Caps far above a usual run: claimed in one statement, read and sent a page at a time.

use course_notification_runner::config::{Config, Detail, Mode, RunOptions};
use course_notification_runner::RunError;
use course_notification_store::{Scope, CLAIM_PAGE};

use crate::support::{delivered_to, domain, settle, TestDb, NOW};

/// Ten rows of digits: cross-joined, as many numbers as needed in one statement (MariaDB's
/// recursive CTEs stop at 1,000 iterations by default, and MySQL's sequence tables do not exist).
const DIGITS: &str = "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 \
     UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";

/// `n` pending e-mails of seven courses in one INSERT ... SELECT, to recipients at `domain`, with
/// Message-IDs of the test's site `host`.
pub fn bulk_outbox(n: u32, domain: &str, host: &str) -> String {
    format!(
        "INSERT INTO mdl_block_cnotif_outbox (occkey, notification, courseid, userid, timedue, priority, \
                recipientid, recipient, recipientname, subject, bodytext, bodyhtml, messageid, lang, timezone) \
         SELECT CONCAT('bulk/', n), 'firstassign', n % 7 + 1, n, n, n % 3, n, CONCAT('l', n, '@{domain}'), \
                CONCAT('Learner ', n), 'Welcome', 'Hello', '<p>Hello</p>', CONCAT('<bulk.', n, '@{host}>'), 'en', 'UTC' \
           FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 1 AS n \
                   FROM {DIGITS} a, {DIGITS} b, {DIGITS} c, {DIGITS} e, {DIGITS} f) seq \
          WHERE n <= {n};"
    )
}

/// A run that only delivers the outbox, with `cap` and `connections` (also for `recording` and
/// `folded`).
pub(crate) fn deliver_only(cap: u32, connections: u32) -> RunOptions {
    RunOptions {
        now: NOW,
        mode: Mode::Send,
        scope: Scope::default(),
        cap,
        detail: Detail::None,
        window: None,
        connections,
        message: false,
        evaluate: false,
        deadline: None,
    }
}

#[tokio::test]
async fn a_cap_above_the_placeholder_limit_claims_every_row_in_one_statement() {
    // 65,535 placeholders is the server's limit; before, the claim bound one per claimed id.
    let db = TestDb::new("bigcap").await;
    db.load(&bulk_outbox(70_500, &domain("bigcap"), &db.host()), NOW)
        .await;
    // The mail server is away: the run claims its 70,000, then releases them untouched.
    let mut raw = db.raw_config();
    raw.smtp.port = 9;
    let down = Config::try_from(raw).unwrap();
    let err = course_notification_runner::run(&down, &deliver_only(70_000, 4))
        .await
        .unwrap_err();
    assert!(matches!(err, RunError::Smtp(_)), "{err}");
    assert_eq!(
        db.count(
            "SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE status = 'pending' AND attempts = 0"
        )
        .await,
        70_500
    );
    let released = db
        .count("SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE lasterror IS NOT NULL")
        .await;
    assert_eq!(released, 70_000, "the claim took exactly the cap");

    // The adapter itself: one claim, then pages of at most 1,000 in the order they go out.
    let mut session = db.session().await;
    let claimed = session
        .claim(&Scope::default(), "big", 70_000, NOW, None)
        .await
        .unwrap();
    assert_eq!(claimed, 70_000);
    let (mut after, mut read, mut pages) = (None, 0usize, 0);
    loop {
        let page = session
            .claimed_page("big", after, CLAIM_PAGE)
            .await
            .unwrap();
        pages += 1;
        let Some(last) = page.last() else { break };
        assert!(page.len() <= 1000);
        assert!(page.windows(2).all(|w| w[0].position < w[1].position));
        assert!(after.is_none_or(|a| page[0].position > a));
        read += page.len();
        after = Some(last.position);
    }
    assert_eq!(
        (read, pages),
        (70_000, 71),
        "70 full pages and the empty one"
    );
    session.close().await;
}

#[tokio::test]
async fn a_run_sends_page_after_page_over_the_same_connections() {
    let db = TestDb::new("pages").await;
    let d = domain("pages");
    db.load(&bulk_outbox(2_500, &d, &db.host()), NOW).await;
    let r = course_notification_runner::run(&db.config(), &deliver_only(2_400, 4))
        .await
        .unwrap();
    assert_eq!(
        (r.counts.sent, r.counts.failed, r.counts.deferred),
        (2_400, 0, 100)
    );
    assert_eq!(
        db.count(
            "SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE status = 'sent' AND attempts = 1"
        )
        .await,
        2_400
    );
    settle().await;
    assert_eq!(delivered_to(&d).len(), 2_400);
}

#[tokio::test]
async fn the_send_counters_take_any_number_of_rows() {
    let db = TestDb::new("bigcounters").await;
    db.load(
        &bulk_outbox(70_000, &domain("bigcounters"), &db.host()),
        NOW,
    )
    .await;
    // Every row sent; recipients 1 to 3 already have a counter (Moodle creates it on a reset).
    db.load(
        "UPDATE mdl_block_cnotif_outbox SET status = 'sent';\n\
         INSERT INTO mdl_user_preferences (userid, name, value) VALUES \
           (1, 'email_send_count', '4'), (2, 'email_send_count', '0'), (3, 'email_send_count', '9');",
        NOW,
    )
    .await;
    let mut session = db.session().await;
    let ids: Vec<i64> = (1..=70_000).collect();
    let changed = session.count_sends(&ids).await.unwrap();
    session.close().await;
    assert_eq!(changed, 3);
    assert_eq!(
        db.count(
            "SELECT SUM(CAST(value AS DECIMAL)) FROM {p}user_preferences WHERE name = 'email_send_count'"
        )
        .await,
        4 + 1 + 1 + 9 + 1
    );
}
