//! What learners chose, read from the site's rows by the adapter: the plugin's opt-outs
//! (`block_cnotif_pref`, rule O), Moodle's message preferences for the plugin's `mail` provider
//! (rule V, as `message_send()` in lib/messagelib.php picks the `email` processor), and the
//! learner's recent e-mails in the outbox that the daily budget counts.

use std::collections::HashMap;

use course_notification_engine::budget::MailLog;
use course_notification_store::learners::JoinFacts;
use course_notification_store::Scope;

use crate::support::{domain, TestDb, DAY, NOW};

/// Courses 1 and 2 with the block (contexts 101, 102), each with a manual enrolment method (ids 1
/// and 2), the student role allowed `benotified` at site level, then `extra`.
fn site(extra: &str) -> String {
    let start = NOW - 30 * DAY;
    let mut sql = String::from(
        "INSERT INTO mdl_context (id, contextlevel, instanceid, path, depth) VALUES (1, 10, 0, '/1', 1), (2, 40, 1, '/1/2', 2);\n\
         INSERT INTO mdl_course_categories (id, name, visible, depth, path) VALUES (1, 'Misc', 1, 1, '/1');\n\
         INSERT INTO mdl_role (id, shortname, description, sortorder, archetype) VALUES (5, 'student', '', 5, 'student');\n\
         INSERT INTO mdl_role_capabilities (contextid, roleid, capability, permission) VALUES (1, 5, 'block/course_notification:benotified', 1);\n",
    );
    for c in [1, 2] {
        sql += &format!(
            "INSERT INTO mdl_context (id, contextlevel, instanceid, path, depth) VALUES ({x}, 50, {c}, '/1/2/{x}', 3);\n\
             INSERT INTO mdl_course (id, category, fullname, shortname, startdate, visible) VALUES ({c}, 1, 'Course {c}', 'C{c}', {start}, 1);\n\
             INSERT INTO mdl_block_instances (blockname, parentcontextid, showinsubcontexts, pagetypepattern, defaultregion, defaultweight, timecreated, timemodified) \
               VALUES ('course_notification', {x}, 0, 'course-view-*', 'side-pre', 0, 0, 0);\n\
             INSERT INTO mdl_enrol (id, enrol, status, courseid) VALUES ({c}, 'manual', 0, {c});\n",
            x = 100 + c
        );
    }
    sql + extra
}

/// User `id` at `<id>@<domain>`, a student enrolled in `course` since yesterday (their welcome,
/// of the `calls` topic, is due).
fn learner(id: i64, domain: &str, course: i64) -> String {
    format!(
        "INSERT IGNORE INTO mdl_user (id, auth, confirmed, mnethostid, username, firstname, lastname, email, lang, timezone, mailformat) \
           VALUES ({id}, 'manual', 1, 1, 'u{id}', 'F{id}', 'L{id}', '{id}@{domain}', 'en', '99', 1);\n\
         INSERT INTO mdl_user_enrolments (status, enrolid, userid, timestart, timeend, timecreated) VALUES (0, {course}, {id}, {t}, 0, {t});\n\
         INSERT INTO mdl_role_assignments (roleid, contextid, userid) VALUES (5, {x}, {id});\n",
        t = NOW - DAY,
        x = 100 + course
    )
}

/// The outcome of the welcome of user `id` in `course`, as the trace prints it.
fn welcome(
    report: &course_notification_runner::report::Report,
    course: i64,
    id: i64,
    domain: &str,
) -> String {
    let prefix = format!("{course} firstassign -{id}@{domain} ");
    report
        .trace
        .iter()
        .find(|l| l.starts_with(&prefix))
        .map(|l| l[prefix.len()..].to_string())
        .unwrap_or_else(|| {
            panic!(
                "no welcome of {id} in course {course} in {:?}",
                report.trace
            )
        })
}

const ACCEPTED: &str = "Accepted for notification";
const OPTED_OUT: &str = "trapped rule O : Opted out by the learner";
const EMAIL_OFF: &str = "trapped rule V : E-mail off in the learner's notification preferences";

#[tokio::test]
async fn an_opt_out_traps_its_topic_and_course_unless_the_notification_is_essential() {
    let db = TestDb::new("choices_opt_outs").await;
    let d = domain("choices-opt-outs");
    let mut sql = site("");
    for id in 10..=15 {
        sql += &learner(id, &d, 1);
    }
    sql += &learner(16, &d, 2);
    sql += &learner(17, &d, 2);
    // (user, course, topic): every course and topic; this course's calls; another course's
    // calls; the calls everywhere; this course's inactivity reminders; (15: nothing).
    // 16 and 17 opted out of everything, in course 2 whose welcome is essential; 17 opted out
    // in course 1 only, where they are not enrolled.
    sql += "INSERT INTO mdl_block_cnotif_pref (userid, courseid, topic, source, timecreated) VALUES \
              (10, 0, 'all', 'preferences', 0), (11, 1, 'calls', 'oneclick', 0), \
              (12, 2, 'calls', 'preferences', 0), (13, 0, 'calls', 'preferences', 0), \
              (14, 1, 'inactivity', 'preferences', 0), (16, 0, 'all', 'oneclick', 0), \
              (17, 1, 'all', 'preferences', 0);\n\
            INSERT INTO mdl_block_cnotif_def (contextid, code, essential, timecreated, timemodified) \
              VALUES (102, 'firstassign', 1, 0, 0);\n";
    db.load(&sql, NOW).await;
    let report = db.run("dryrun", NOW).await;
    for (course, id, expected, why) in [
        (1, 10, OPTED_OUT, "everything, everywhere"),
        (1, 11, OPTED_OUT, "the calls of this course"),
        (1, 12, ACCEPTED, "the calls of another course"),
        (1, 13, OPTED_OUT, "the calls of every course"),
        (1, 14, ACCEPTED, "another topic"),
        (1, 15, ACCEPTED, "no opt-out"),
        (2, 16, ACCEPTED, "an essential notification"),
        (
            2,
            17,
            ACCEPTED,
            "an essential notification, and another course",
        ),
    ] {
        assert_eq!(
            welcome(&report, course, id, &d),
            expected,
            "user {id}: {why}"
        );
    }
    // A one-user run (a web page, an event's task) reads the same opt-outs.
    let one = course_notification_runner::config::RunOptions::try_from(
        course_notification_runner::config::RawOptions {
            now: Some(NOW),
            mode: "dryrun".into(),
            users: vec![11, 12, 16],
            ..Default::default()
        },
    )
    .unwrap();
    let narrowed = course_notification_runner::run(&db.config(), &one)
        .await
        .unwrap();
    assert_eq!(welcome(&narrowed, 1, 11, &d), OPTED_OUT);
    assert_eq!(welcome(&narrowed, 1, 12, &d), ACCEPTED);
    assert_eq!(welcome(&narrowed, 2, 16, &d), ACCEPTED);
}

/// The plugin's `mail` provider registered as Moodle registers it (`locked`, the site's default
/// `defaults`), or not at all (`None`), and the `email` processor `enabled` (`None`: no row).
async fn message_settings(db: &TestDb, provider: Option<(&str, &str)>, enabled: Option<i64>) {
    db.exec(
        "DELETE FROM {p}config_plugins WHERE plugin = 'message'; \
         DELETE FROM {p}message_processors",
    )
    .await;
    if let Some((locked, defaults)) = provider {
        db.exec(&format!(
            "INSERT INTO {{p}}config_plugins (plugin, name, value) VALUES \
               ('message', 'email_provider_block_course_notification_mail_locked', '{locked}'), \
               ('message', 'popup_provider_block_course_notification_mail_locked', '0'), \
               ('message', 'message_provider_block_course_notification_mail_enabled', '{defaults}')"
        ))
        .await;
    }
    if let Some(enabled) = enabled {
        db.exec(&format!(
            "INSERT INTO {{p}}message_processors (name, enabled) VALUES \
               ('airnotifier', 1), ('email', {enabled}), ('popup', 1), ('sms', 0)"
        ))
        .await;
    }
}

#[tokio::test]
async fn moodle_message_preferences_turn_email_off_as_message_send_would() {
    let db = TestDb::new("choices_message_prefs").await;
    let d = domain("choices-message-prefs");
    let mut sql = site("");
    for id in 20..=24 {
        sql += &learner(id, &d, 1);
    }
    // Each learner's own choice for the plugin's notifications in their notification
    // preferences (24: none made); another provider's preference does not count.
    sql += "INSERT INTO mdl_user_preferences (userid, name, value) VALUES \
              (20, 'message_provider_block_course_notification_mail_enabled', 'popup'), \
              (21, 'message_provider_block_course_notification_mail_enabled', 'email,popup'), \
              (22, 'message_provider_block_course_notification_mail_enabled', 'none'), \
              (23, 'message_provider_block_course_notification_mail_enabled', ''), \
              (24, 'message_provider_mod_forum_posts_enabled', 'none');\n";
    db.load(&sql, NOW).await;
    // (provider: locked and the site's default list, the email processor's `enabled`, then the
    // expected outcome for users 20 to 24)
    let v = EMAIL_OFF;
    let a = ACCEPTED;
    for (provider, enabled, expected, case) in [
        (
            Some(("0", "email,popup")),
            Some(1),
            [v, a, v, a, a],
            "the users' choices; none made (or empty): the default, with e-mail",
        ),
        (
            Some(("0", "popup")),
            Some(1),
            [v, a, v, v, v],
            "a default without e-mail",
        ),
        (
            Some(("1", "popup")),
            Some(1),
            [v, v, v, v, v],
            "locked, not forced: off whatever the users chose",
        ),
        (
            Some(("1", "email,popup")),
            Some(1),
            [a, a, a, a, a],
            "locked and forced: on, over a user's 'none'",
        ),
        (
            Some(("0", "email,popup")),
            Some(0),
            [v, v, v, v, v],
            "the e-mail processor disabled",
        ),
        (
            None,
            Some(0),
            [a, a, a, a, a],
            "the provider not registered yet: e-mail as before",
        ),
        (
            Some(("0", "email")),
            None,
            [v, a, v, a, a],
            "no processor row: taken as enabled",
        ),
    ] {
        message_settings(&db, provider, enabled).await;
        let report = db.run("dryrun", NOW).await;
        let got: Vec<String> = (20..=24).map(|id| welcome(&report, 1, id, &d)).collect();
        assert_eq!(got, expected, "{case}");
    }
}

/// An outbox row about learner `user` in `course` that went to `recipient` by `output`, in
/// `status`, sent at `sent` (0: not sent).
fn outbox_row(
    key: &str,
    user: i64,
    course: i64,
    recipient: i64,
    output: &str,
    status: &str,
    sent: i64,
) -> String {
    format!(
        "INSERT INTO mdl_block_cnotif_outbox (occkey, notification, courseid, userid, recipientid, output, status, \
           recipient, recipientname, lang, timezone, subject, bodytext, bodyhtml, messageid, timecreated, timesent) \
         VALUES ('{key}', 'inactive', {course}, {user}, {recipient}, '{output}', '{status}', 'x@example.org', 'X', \
           'en', '99', 'S', 'B', 'B', '<{key}>', {created}, {sent});\n",
        created = NOW - 5 * DAY
    )
}

#[tokio::test]
async fn the_mail_log_holds_the_learners_own_emails_of_the_last_two_days_and_those_waiting() {
    let db = TestDb::new("choices_mail_log").await;
    let mut sql = site("");
    sql += &learner(30, "mail-log.test", 1);
    sql += &learner(31, "mail-log.test", 1);
    sql += &outbox_row("inactive/c1/u30/r1", 30, 1, 30, "email", "sent", NOW - 3600);
    sql += &outbox_row(
        "inactive/c1/u30/r2",
        30,
        1,
        30,
        "email",
        "sent",
        NOW - 3 * DAY,
    );
    sql += &outbox_row("inactive/c1/u30/r3", 30, 1, 30, "email", "pending", 0);
    // A member of staff's copy about learner 30, and the bell's copy of the learner's message.
    sql += &outbox_row("inactive/c1/u30/r1/u7", 30, 1, 7, "email", "sent", NOW - 60);
    sql += &outbox_row(
        "inactive/c1/u30/r1/message",
        30,
        1,
        30,
        "message",
        "sent",
        NOW - 60,
    );
    // An e-mail about learner 30 in course 2, where they are not enrolled (the block's courses
    // are not all theirs): it counts towards the same day.
    sql += &outbox_row("closed/c2/u30/r0", 30, 2, 30, "email", "sent", NOW - 7200);
    // Learner 31's own e-mail, being sent, and one of two days ago.
    sql += &outbox_row("inactive/c1/u31/r1", 31, 1, 31, "email", "sending", 0);
    sql += &outbox_row(
        "inactive/c1/u31/r0",
        31,
        1,
        31,
        "email",
        "sent",
        NOW - 2 * DAY,
    );
    db.load(&sql, NOW).await;
    let courses: HashMap<i64, &str> = [(1, "/1/2/101"), (2, "/1/2/102")].into();
    let facts = JoinFacts {
        now: NOW,
        ..Default::default()
    };
    let mut s = db.session().await;
    let full = s.learners(&Scope::default(), &courses, &facts).await;
    let log = |learners: &[course_notification_store::Learner], id: i64| {
        learners
            .iter()
            .find(|l| l.rows[0].participation.user.id == id)
            .map(|l| l.mailed.clone())
            .unwrap_or_else(|| panic!("no learner {id}"))
    };
    assert_eq!(
        log(&full, 30),
        MailLog {
            sent: vec![NOW - 7200, NOW - 3600],
            waiting: 1
        },
        "sent today in either course, and pending; not three days ago, not a copy"
    );
    assert_eq!(
        log(&full, 31),
        MailLog {
            sent: vec![NOW - 2 * DAY],
            waiting: 1
        }
    );
    // A run narrowed to course 1 still reads the learner's own e-mails of course 2.
    let course_1: HashMap<i64, &str> = [(1, "/1/2/101")].into();
    let narrowed = Scope {
        courses: vec![1],
        users: vec![],
    };
    let one = s.learners(&narrowed, &course_1, &facts).await;
    assert_eq!(log(&one, 30), log(&full, 30));
    // Later, nothing of that day is left in the log but what waits.
    let later = JoinFacts {
        now: NOW + 3 * DAY,
        ..Default::default()
    };
    let after = s.learners(&Scope::default(), &courses, &later).await;
    assert_eq!(
        log(&after, 30),
        MailLog {
            sent: vec![],
            waiting: 1
        }
    );
    s.close().await;
}
