//! The demo's database, with `now` pinned, gives exactly the documented decisions: every built-in
//! notification accepted at least once, every rule of the seed (A, A1, B, C, D, E) and every new
//! one (S, K, U, M, Z, H, X, N, W, T, P, L) trapping someone.

use std::collections::BTreeMap;

use crate::support::{settle, TestDb, NOW};

const DEMO: &str = include_str!("../../../../tests/fixtures/demo-site.sql");

const ACCEPTED: [&str; 14] = [
    "2 firstassign -lise@example.org Accepted for notification",
    "2 firstcall -pierre@example.org Accepted for notification",
    "2 completed -lucie@example.org Accepted for notification",
    "2 firstassign -pedro@example.org Accepted for notification",
    "2 secondcall -ana@example.org Accepted for notification",
    "2 inactive -bob@example.org Accepted for notification",
    "2 closed -dora@example.org Accepted for notification",
    "2 inactive -ivan@example.org Accepted for notification",
    "3 twoweeksnearend -tina@example.org Accepted for notification",
    "3 oneweeknearend -ugo@example.org Accepted for notification",
    "3 fivedaystoend -vera@example.org Accepted for notification",
    "3 threedaystoend -walt@example.org Accepted for notification",
    "3 onedaytoend -xena@example.org Accepted for notification",
    "3 closed -yann@example.org Accepted for notification",
];

#[tokio::test]
async fn dry_run_of_the_demo_site_accepts_every_notification_and_traps_by_every_rule() {
    let db = TestDb::new("demo_dry").await;
    db.load(DEMO, NOW).await;
    let report = db.run("dryrun", NOW).await;
    let accepted: Vec<&str> = report
        .trace
        .iter()
        .map(String::as_str)
        .filter(|l| l.ends_with("Accepted for notification"))
        .collect();
    assert_eq!(accepted, ACCEPTED);
    for line in [
        "2 firstassign -serge@example.org trapped rule A : Already accessed course",
        "2 firstassign -lucie@example.org trapped rule A1 : Course completed",
        "2 firstassign -paul@example.org trapped rule B : already sent",
        "6 closed -finn@example.org trapped rule C : infinite enrol",
        "2 firstassign -dora@example.org trapped rule D : enrol is over",
        "3 closed -max@example.org trapped rule D : end date is too far ahead",
        "3 closed -olga@example.org trapped rule E : Out of concerned time range",
        "2 firstassign -zoe@example.org trapped rule E : Out of concerned time range",
        "2 firstassign -marc@example.org trapped rule X : Excluded from notification",
        "2 firstassign -susie@example.org trapped rule S : Suspended account",
        "2 firstassign -nina@example.org trapped rule U : Enrolment suspended",
        "2 firstassign -carla@example.org trapped rule M : Enrolment method disabled",
        "2 firstassign -gone@example.org trapped rule Z : Deleted user",
        "5 firstassign -hugo@example.org trapped rule H : Hidden course or category",
        "7 firstassign -kim@example.org trapped rule H : Hidden course or category",
        "2 firstassign -emma@example.org trapped rule W : No usable e-mail address",
        "2 firstassign -noah@example.org trapped rule N : Not a notification recipient",
        "2 firstassign -kate@example.org trapped rule K : Login disabled (nologin)",
        "2 firstassign -tom@example.org trapped rule T : Over the bounce threshold",
        "2 firstcall -ana@example.org trapped rule P : superseded by a nearer reminder",
        "2 inactive -ana@example.org trapped rule L : Called recently",
        "3 twoweeksnearend -xena@example.org trapped rule P : superseded by a nearer reminder",
    ] {
        assert!(report.trace.iter().any(|l| l == line), "missing: {line}");
    }
    assert!(
        !report
            .trace
            .iter()
            .any(|l| l.contains("lise@example.org") && l.starts_with("4 ")),
        "course 4 has no block"
    );
    assert!(
        !report.trace.iter().any(|l| l.starts_with("1 ")),
        "the front page is not a course"
    );
    let trapped: BTreeMap<&str, u64> = report
        .counts
        .trapped
        .iter()
        .map(|(k, v)| (*k, *v))
        .collect();
    for rule in [
        "A", "A1", "B", "C", "D", "E", "H", "K", "L", "M", "N", "P", "S", "T", "U", "W", "X", "Z",
    ] {
        assert!(
            trapped.get(rule).is_some_and(|&n| n > 0),
            "rule {rule} never traps: {trapped:?}"
        );
    }
    assert_eq!(report.counts.accepted, 14);
    assert_eq!(
        db.count("SELECT COUNT(*) FROM {p}block_cnotif_outbox")
            .await,
        1,
        "dry run wrote nothing"
    );
}

#[tokio::test]
async fn real_run_of_the_demo_site_mails_each_accepted_learner_once_in_their_language() {
    let db = TestDb::new("demo_send").await;
    db.load(DEMO, NOW).await;
    let first = db.run("send", NOW).await;
    assert_eq!(
        (first.counts.queued, first.counts.sent, first.counts.failed),
        (14, 14, 0)
    );
    settle().await;
    let mails = db.mails();
    assert_eq!(mails.len(), 14);
    let lise = mails
        .iter()
        .rev()
        .find(|m| m.contains("X-Catcher-To: lise@example.org"))
        .expect("lise's mail");
    // The welcome of her enrolment period (named by when the enrolment was created).
    let id = lise
        .lines()
        .find(|l| l.starts_with("Message-ID:"))
        .expect("a Message-ID");
    assert!(
        id.starts_with("Message-ID: <firstassign.c2.u4.r0.p")
            && id.ends_with(&format!("@{}>", db.host())),
        "{id}"
    );
    assert!(lise.contains("Auto-Submitted: auto-generated"));
    assert!(lise.contains("text/html"), "lise reads HTML mail");
    let pedro = mails
        .iter()
        .rev()
        .find(|m| m.contains("X-Catcher-To: pedro@example.org"))
        .expect("pedro's mail");
    assert!(
        !pedro.contains("text/html"),
        "pedro's mailformat is plain text"
    );
    let bob = mails
        .iter()
        .rev()
        .find(|m| m.contains("X-Catcher-To: bob@example.org"))
        .expect("bob's mail");
    assert!(
        bob.contains("Message-ID: <inactive.c2.u18.s"),
        "a repeating key names its series"
    );

    let second = db.run("send", NOW + 60).await;
    assert_eq!((second.counts.accepted, second.counts.sent), (0, 0));
    assert_eq!(second.counts.trapped.get("B"), Some(&15));
    settle().await;
    assert_eq!(db.mails().len(), 14, "nothing new");
}

#[tokio::test]
async fn defect_category_blocks_processed_as_courses() {
    // The demo site has a block on the page of category 1 (context 2). The original took the
    // context's instance id (1) as a course id and processed the front page as a course.
    let db = TestDb::new("demo_category_block").await;
    db.load(DEMO, NOW).await;
    let report = db.run("dryrun", NOW).await;
    assert!(
        report.decisions.iter().all(|d| d.course_id != 1),
        "the front page is never a course"
    );
    let courses: std::collections::BTreeSet<i64> =
        report.decisions.iter().map(|d| d.course_id).collect();
    assert_eq!(
        courses.into_iter().collect::<Vec<_>>(),
        [2, 3, 5, 6, 7, 8],
        "course 4 has no block"
    );
}
