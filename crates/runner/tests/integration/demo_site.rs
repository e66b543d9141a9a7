//! The demo's database gives exactly the trace the README shows.

use crate::support::{delivered_to, settle, TestDb, NOW};

const DEMO: &str = include_str!("../../../../tests/fixtures/demo-site.sql");

#[tokio::test]
async fn dry_run_of_the_demo_site_traces_every_rule_and_writes_nothing() {
    let db = TestDb::new("demo_dry").await;
    db.load(DEMO, NOW).await;
    let report = db.run("dryrun", NOW).await;
    assert_eq!(
        report.trace,
        vec![
            "2 firstassign -serge@example.org trapped rule A : Already accessed course",
            "2 firstassign -lise@example.org Accepted for notification",
            "2 firstassign -pierre@example.org trapped rule E : Out of concerned time range",
            "2 firstassign -lucie@example.org trapped rule A1 : Course completed",
            "2 firstassign -marc@example.org trapped rule X : Excluded from notification",
            "2 firstassign -pedro@example.org Accepted for notification",
            "2 firstassign -zoe@example.org trapped rule E : Out of concerned time range",
            "2 firstassign -paul@example.org trapped rule B : already sent",
            "3 firstassign -omar@example.org trapped rule E : Out of concerned time range",
        ]
    );
    assert_eq!(
        (
            report.counts.evaluated,
            report.counts.accepted,
            report.counts.queued
        ),
        (9, 2, 0)
    );
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
    let before = delivered_to("example.org").len();
    let first = db.run("send", NOW).await;
    assert_eq!(
        (first.counts.queued, first.counts.sent, first.counts.failed),
        (2, 2, 0)
    );
    settle().await;
    let mails = delivered_to("example.org");
    assert_eq!(mails.len(), before + 2);
    let lise = mails
        .iter()
        .find(|m| m.contains("X-Catcher-To: lise@example.org"))
        .expect("lise's mail");
    assert!(lise.contains("Message-ID: <firstassign.c2.u4.r0@learn.example.org>"));
    assert!(lise.contains("Auto-Submitted: auto-generated"));
    assert!(lise.contains("text/html"), "lise reads HTML mail");
    let pedro = mails
        .iter()
        .find(|m| m.contains("X-Catcher-To: pedro@example.org"))
        .expect("pedro's mail");
    assert!(
        !pedro.contains("text/html"),
        "pedro's mailformat is plain text"
    );

    let second = db.run("send", NOW + 60).await;
    assert_eq!((second.counts.accepted, second.counts.sent), (0, 0));
    assert_eq!(second.counts.trapped.get("B"), Some(&3));
    settle().await;
    assert_eq!(delivered_to("example.org").len(), before + 2, "nothing new");
}
