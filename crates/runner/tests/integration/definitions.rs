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

/// Issue 16: the effective set at any context, by its path. A site definition, a category override
/// and a course override give each path its own values and say where each comes from; a category
/// off the path changes nothing; the course's path gives what `notifications(course)` gives.
#[tokio::test]
async fn the_effective_set_at_the_site_a_category_and_a_course_names_where_each_field_comes_from() {
    use course_notification_engine::inherit::{Effective, Source};
    use course_notification_runner::{notifications, notifications_in, RunError};

    use crate::support::Scenario;

    let db = TestDb::new("effective_in").await;
    let sql = Scenario::new().course(7, NOW - DAY);
    db.load(sql.sql(), NOW).await;
    db.load(
        "-- Another category (context 3), off course 7's path.
         INSERT INTO mdl_course_categories (id, name, visible, depth, path) VALUES (2, 'Other', 1, 1, '/2');
         INSERT INTO mdl_context (id, contextlevel, instanceid, path, depth) VALUES (3, 40, 2, '/1/3', 2);
         -- The site: the first call 10 days after access start, to the learner and role 3.
         INSERT INTO mdl_block_cnotif_def (id, contextid, code, offsetdays, recipients)
           VALUES (1, 1, 'firstcall', 10, 'learner,role:3');
         -- Category Misc (context 2): 12 days, switched off, and a notification of its own.
         INSERT INTO mdl_block_cnotif_def (id, contextid, code, offsetdays, enabled)
           VALUES (2, 2, 'firstcall', 12, 0);
         INSERT INTO mdl_block_cnotif_def (id, contextid, code, triggertype, offsetdays)
           VALUES (3, 2, 'catwelcome', 'accessstart', 3);
         -- Course 7 (context 107): a late limit of 4 days and a French text.
         INSERT INTO mdl_block_cnotif_def (id, contextid, code, latelimit) VALUES (4, 107, 'firstcall', 4);
         INSERT INTO mdl_block_cnotif_text (defid, lang, subject, body)
           VALUES (4, 'fr', 'Rappel', 'Bonjour');
         -- The other category: a priority the others never see.
         INSERT INTO mdl_block_cnotif_def (id, contextid, code, priority) VALUES (5, 3, 'firstcall', 1);",
        NOW,
    )
    .await;
    let config = db.config();
    let at = |set: &[Effective], code: &str| -> Option<Effective> {
        set.iter().find(|e| &*e.notification.code == code).cloned()
    };
    let source = |e: &Effective, field: &str| e.sources.get(field).copied();

    // The site.
    let (site, errors) = notifications_in(&config, "/1", None).await.unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    let fc = at(&site, "firstcall").unwrap();
    assert_eq!(fc.notification.offset_days, 10);
    assert!(fc.notification.enabled);
    assert_eq!(
        fc.notification.late_limit_days, 7,
        "the built-in late limit"
    );
    assert_eq!(
        fc.notification.priority, 6,
        "category 3's priority is off the path"
    );
    assert_eq!(source(&fc, "offset_days"), Some(Source::Context(1)));
    assert_eq!(source(&fc, "recipients"), Some(Source::Context(1)));
    assert_eq!(source(&fc, "enabled"), Some(Source::Builtin));
    assert_eq!(source(&fc, "late_limit_days"), Some(Source::Builtin));
    assert_eq!(source(&fc, "priority"), Some(Source::Builtin));
    assert!(
        at(&site, "catwelcome").is_none(),
        "added in the category only"
    );
    assert_eq!(
        source(&at(&site, "secondcall").unwrap(), "offset_days"),
        Some(Source::Builtin)
    );

    // The category.
    let (category, _) = notifications_in(&config, "/1/2", None).await.unwrap();
    let fc = at(&category, "firstcall").unwrap();
    assert_eq!(fc.notification.offset_days, 12);
    assert!(!fc.notification.enabled);
    assert_eq!(fc.notification.recipients.len(), 2, "the site's recipients");
    assert_eq!(source(&fc, "offset_days"), Some(Source::Context(2)));
    assert_eq!(source(&fc, "enabled"), Some(Source::Context(2)));
    assert_eq!(source(&fc, "recipients"), Some(Source::Context(1)));
    assert_eq!(source(&fc, "late_limit_days"), Some(Source::Builtin));
    let added = at(&category, "catwelcome").unwrap();
    assert_eq!(added.notification.offset_days, 3);
    assert_eq!(source(&added, "trigger"), Some(Source::Context(2)));

    // The course.
    let (course, errors) =
        notifications_in(&config, "/1/2/107", Some(std::time::Duration::from_secs(5)))
            .await
            .unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    let fc = at(&course, "firstcall").unwrap();
    assert_eq!(fc.notification.offset_days, 12);
    assert!(!fc.notification.enabled);
    assert_eq!(fc.notification.late_limit_days, 4);
    assert_eq!(fc.notification.priority, 6);
    assert_eq!(source(&fc, "late_limit_days"), Some(Source::Context(107)));
    assert_eq!(source(&fc, "offset_days"), Some(Source::Context(2)));
    assert_eq!(source(&fc, "recipients"), Some(Source::Context(1)));
    assert_eq!(source(&fc, "texts:fr"), Some(Source::Context(107)));
    assert!(
        at(&course, "catwelcome").is_some(),
        "inherited from the category"
    );
    let (by_course, _) = notifications(&config, 7, None).await.unwrap();
    assert_eq!(
        by_course, course,
        "the course's path gives what its id gives"
    );

    // Off the path: the other category sees its own priority, not Misc's switch.
    let (other, _) = notifications_in(&config, "/1/3", None).await.unwrap();
    let fc = at(&other, "firstcall").unwrap();
    assert_eq!(
        (fc.notification.priority, fc.notification.enabled),
        (1, true)
    );

    // A malformed path is refused by name, before any connection.
    for bad in ["", "1/2", "/1//2", "/1/x", "/1/2/"] {
        match notifications_in(&config, bad, None).await {
            Err(RunError::Config(e)) => assert_eq!(e.setting, "contextpath", "{bad}"),
            other => panic!("{bad}: {other:?}"),
        }
    }
}
