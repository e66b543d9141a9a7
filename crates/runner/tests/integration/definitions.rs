//! Notifications defined at site, category and course level, read from `block_cnotif_def` and
//! `block_cnotif_text`, applied through the whole run.

use crate::support::{settle, TestDb, DAY, NOW};

const DEMO: &str = include_str!("../../../../tests/fixtures/demo-site.sql");

fn accepted(trace: &[String], line: &str) -> bool {
    trace
        .iter()
        .any(|l| l == &format!("{line} Accepted for notification"))
}

#[tokio::test]
async fn site_category_and_course_definitions_apply_where_they_should() {
    let db = TestDb::new("definitions").await;
    db.load(DEMO, NOW).await;
    let before = accepted(
        &db.run("dryrun", NOW).await.trace,
        "2 firstcall -pierre@example.org",
    );
    assert!(before, "pierre's first call is due with the built-in delay");
    let sql = format!(
        "-- The site switches the first call off; category Miscellaneous (context 2) switches it on
         -- again with a 10-day delay; course 2 writes its own French welcome.
         INSERT INTO mdl_block_cnotif_def (id, contextid, code, enabled) VALUES (1, 1, 'firstcall', 0);
         INSERT INTO mdl_block_cnotif_def (id, contextid, code, enabled, offsetdays) VALUES (2, 2, 'firstcall', 1, 10);
         INSERT INTO mdl_block_cnotif_def (id, contextid, code) VALUES (3, 12, 'firstassign');
         INSERT INTO mdl_block_cnotif_text (defid, lang, subject, body)
           VALUES (3, 'fr', 'Bienvenue dans {{{{COURSESHORT}}}}', 'Bonjour {{{{FIRSTNAME}}}}, à vous de jouer.');
         -- Course 3 adds a notification 49 days after enrolment (yesterday for its learners),
         -- switched on two days ago.
         INSERT INTO mdl_block_cnotif_def (id, contextid, code, triggertype, offsetdays, timeenabled)
           VALUES (4, 13, 'fiftydays', 'enrolment', 49, {enabled});
         -- A broken addition (no trigger): reported, the run goes on.
         INSERT INTO mdl_block_cnotif_def (id, contextid, code) VALUES (5, 13, 'orphan');",
        enabled = NOW - 2 * DAY
    );
    db.load(&sql, NOW).await;
    let r = db.run("dryrun", NOW).await;
    // The category's 10-day delay: pierre's access opened 8 days ago, so not yet.
    assert!(r.trace.contains(
        &"2 firstcall -pierre@example.org trapped rule E : Out of concerned time range".to_string()
    ));
    // A course outside the category is untouched by it: the site's "off" applies there.
    assert!(
        r.trace.iter().all(|l| !l.starts_with("7 firstcall")),
        "course 7 (Archive) has no first call"
    );
    for who in ["tina", "ugo", "vera", "walt", "xena", "yann", "olga", "max"] {
        assert!(
            accepted(&r.trace, &format!("3 fiftydays -{who}@example.org")),
            "{who}: {:?}",
            r.trace
        );
    }
    assert!(
        r.trace.iter().all(|l| !l.starts_with("2 fiftydays")),
        "added in course 3 only"
    );
    assert_eq!(r.failures.len(), 1, "{:?}", r.failures);
    assert!(
        r.failures[0].error.contains("'orphan'") && r.failures[0].error.contains("needs a trigger")
    );

    let sent = db.run("send", NOW).await;
    assert_eq!(sent.counts.failed, 0, "{:?}", sent.failures);
    settle().await;
    let mails = db.mails();
    assert!(!mails.is_empty());
    let lise = mails
        .iter()
        .rev()
        .find(|m| m.contains("X-Catcher-To: lise@example.org"))
        .expect("lise's welcome");
    assert!(lise.contains("Subject: Bienvenue dans ALG101"), "{lise}");
}

#[tokio::test]
async fn a_notification_switched_on_after_its_moment_never_mails_the_past() {
    let db = TestDb::new("definitions_past").await;
    db.load(DEMO, NOW).await;
    let sql = format!(
        "INSERT INTO mdl_block_cnotif_def (contextid, code, triggertype, offsetdays, timeenabled)
           VALUES (13, 'fiftydays', 'enrolment', 49, {enabled});",
        enabled = NOW
    );
    db.load(&sql, NOW).await;
    // Due yesterday for these learners, switched on today: never sent.
    let r = db.run("dryrun", NOW + 2).await;
    assert!(r.trace.contains(
        &"3 fiftydays -tina@example.org trapped rule E : Out of concerned time range".to_string()
    ));
}

#[tokio::test]
async fn a_notification_also_sent_to_the_teachers_gives_them_a_copy_about_each_learner() {
    let db = TestDb::new("definitions_staff").await;
    db.load(DEMO, NOW).await;
    // Course 2's inactivity reminders also go to its editing teachers (role 3: marc).
    let sql = "INSERT INTO mdl_block_cnotif_def (contextid, code, recipients) VALUES (12, 'inactive', 'learner,role:3');";
    db.load(sql, NOW).await;
    let r = db.run("dryrun", NOW).await;
    let lines: Vec<&String> = r
        .trace
        .iter()
        .filter(|l| l.starts_with("2 inactive -marc@example.org"))
        .collect();
    let others = r
        .trace
        .iter()
        .filter(|l| l.starts_with("2 inactive -") && !l.contains("-marc@"))
        .count();
    // One copy per other learner, plus marc's own decision as a learner (X: he is excluded).
    assert_eq!(lines.len(), others + 1, "{lines:?}");
    let accepted_copies = lines
        .iter()
        .filter(|l| l.ends_with("Accepted for notification"))
        .count();
    assert_eq!(accepted_copies, 2, "about bob and ivan");
    assert!(
        accepted(&r.trace, "2 inactive -bob@example.org"),
        "the learners still get theirs"
    );

    let sent = db.run("send", NOW).await;
    assert_eq!(sent.counts.failed, 0, "{:?}", sent.failures);
    settle().await;
    let mails = db.mails();
    let to_marc: Vec<&String> = mails
        .iter()
        .filter(|m| m.contains("X-Catcher-To: marc@example.org"))
        .collect();
    assert_eq!(to_marc.len(), 2);
    assert!(
        to_marc
            .iter()
            .any(|m| m.contains("inactive for Bob Silent")),
        "{}",
        to_marc[0]
    );
    assert!(
        to_marc.iter().all(|m| m.contains(".to7@")),
        "the Message-ID names the copy"
    );
}

#[tokio::test]
async fn a_text_can_name_the_course_contacts() {
    let db = TestDb::new("definitions_teachers").await;
    db.load(DEMO, NOW).await;
    // The site lists editing teachers (role 3) as course contacts, as a new Moodle does; course 2
    // writes its welcome with their names; marc teaches course 2.
    db.load(
        "INSERT INTO mdl_config (name, value) VALUES ('coursecontact', '3');
         INSERT INTO mdl_block_cnotif_def (id, contextid, code) VALUES (1, 12, 'firstassign');
         INSERT INTO mdl_block_cnotif_text (defid, lang, subject, body)
           VALUES (1, 'fr', 'Bienvenue', 'Vos enseignants : {{TEACHERS}}.');",
        NOW,
    )
    .await;
    let sent = db.run("send", NOW).await;
    assert_eq!(sent.counts.failed, 0, "{:?}", sent.failures);
    settle().await;
    let mails = db.mails();
    let lise = mails
        .iter()
        .find(|m| m.contains("X-Catcher-To: lise@example.org"))
        .expect("lise's welcome");
    assert!(lise.contains("Vos enseignants : Marc Teacher."), "{lise}");
}
