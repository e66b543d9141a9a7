//! The fatigue budget and digests on the wire (issue 15, items 5 and 6): what the real SMTP
//! catcher receives, and what the outbox records.

use crate::support::{delivered_to, domain, settle, Scenario, TestDb, DAY, NOW};
use course_notification_runner::config::Config;

/// One learner (100) new in four courses at once: four welcomes due in the same run.
fn four_courses(d: &str) -> String {
    let mut s = Scenario::new();
    for c in 7..=10 {
        s = s.course(c, NOW - DAY);
    }
    let mut sql = s
        .learner(100, &format!("ana@{d}"), 7, NOW - DAY)
        .sql()
        .to_string();
    for c in 8..=10 {
        sql.push_str(&format!(
            "INSERT INTO mdl_user_enrolments (status, enrolid, userid, timestart, timeend) VALUES (0, {c}, 100, {start}, 0);
             INSERT INTO mdl_role_assignments (roleid, contextid, userid) VALUES (5, {ctx}, 100);\n",
            start = NOW - DAY,
            ctx = 100 + c
        ));
    }
    sql
}

async fn sent(db: &TestDb) -> i64 {
    db.count("SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE status = 'sent'")
        .await
}

#[tokio::test]
async fn three_mails_a_day_then_the_fourth_waits_for_the_next_day() {
    let db = TestDb::new("fatigue_budget").await;
    let d = domain("fatiguebudget");
    db.load(&four_courses(&d), NOW).await;
    let config = db.config();
    assert_eq!(config.audience.budget.per_day, 3, "the default budget");
    let r = db.try_run(&config, "send", NOW, None).await.unwrap();
    assert_eq!(r.counts.sent, 3, "{:?}", r.failures);
    assert_eq!(
        r.counts.trapped.get("Y").copied().unwrap_or(0),
        1,
        "{:?}",
        r.counts.trapped
    );
    settle().await;
    assert_eq!(delivered_to(&d).len(), 3);
    // The same day, later: still held, nothing sent.
    let again = db.try_run(&config, "send", NOW + 3600, None).await.unwrap();
    assert_eq!(
        (again.counts.sent, again.counts.trapped.get("Y").copied()),
        (0, Some(1))
    );
    // The next day it goes.
    let next = db.try_run(&config, "send", NOW + DAY, None).await.unwrap();
    assert_eq!(next.counts.sent, 1);
    assert_eq!(sent(&db).await, 4);
}

#[tokio::test]
async fn a_digest_is_one_mail_listing_every_message_and_each_row_is_recorded_once() {
    let db = TestDb::new("fatigue_digest").await;
    let d = domain("fatiguedigest");
    db.load(&four_courses(&d), NOW).await;
    let mut raw = db.raw_config();
    raw.audience.digest = true;
    let config = Config::try_from(raw).unwrap();
    let r = db.try_run(&config, "send", NOW, None).await.unwrap();
    // One mail is within the budget: all four messages go in it.
    assert_eq!(r.counts.sent, 4, "{:?}", r.failures);
    settle().await;
    let mail = delivered_to(&d);
    assert_eq!(mail.len(), 1, "one digest");
    // Quoted-printable, as lettre writes it: soft line breaks joined, '=' decoded.
    let m = &mail[0]
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=");
    assert!(m.contains("4 course notifications"), "{m}");
    for c in 7..=10 {
        assert!(
            m.contains(&format!("/course/view.php?id={c}")),
            "course {c}: {m}"
        );
    }
    assert!(m.contains("Message-ID: <digest."), "{m}");
    assert_eq!(sent(&db).await, 4);
    // Nothing is sent twice.
    let again = db.try_run(&config, "send", NOW + 60, None).await.unwrap();
    assert_eq!(again.counts.sent, 0);
}
