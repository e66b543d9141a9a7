//! One-off notifications belong to an enrolment period: a learner enrolled again (after a course
//! reset) gets the new period's welcome and end reminders; outboxes written with the old keys (by
//! earlier versions, by the upgrade from the original) re-mail nobody; a privacy deletion and the
//! report's Reset, as the plugin's PHP runs them (classes/local/outbox_forget.php,
//! classes/local/outbox_actions.php), make the engine send nothing twice.

use crate::support::{domain, TestDb, DAY, NOW};

/// Course 1 (with the block, no end date) and the student role allowed `benotified`.
const SITE: &str = "INSERT INTO mdl_context (id, contextlevel, instanceid, path, depth) VALUES (1, 10, 0, '/1', 1), (2, 40, 1, '/1/2', 2), (101, 50, 1, '/1/2/101', 3);\n\
    INSERT INTO mdl_course_categories (id, name, visible, depth, path) VALUES (1, 'Misc', 1, 1, '/1');\n\
    INSERT INTO mdl_role (id, shortname, description, archetype) VALUES (5, 'student', '', 'student');\n\
    INSERT INTO mdl_role_capabilities (contextid, roleid, capability, permission) VALUES (1, 5, 'block/course_notification:benotified', 1);\n\
    INSERT INTO mdl_block_instances (blockname, parentcontextid, showinsubcontexts, pagetypepattern, defaultregion, defaultweight, timecreated, timemodified) \
      VALUES ('course_notification', 101, 0, 'course-view-*', 'side-pre', 0, 0, 0);\n\
    INSERT INTO mdl_enrol (id, enrol, status, courseid) VALUES (1, 'manual', 0, 1);\n";

/// Course 1 starting `start`, and user `id` enrolled from `from` (created then) to `until`.
fn learner(id: i64, domain: &str, from: i64, until: i64) -> String {
    format!(
        "INSERT INTO mdl_user (id, auth, confirmed, mnethostid, username, firstname, lastname, email, lang, mailformat) \
           VALUES ({id}, 'manual', 1, 1, 'u{id}', 'F{id}', 'L{id}', '{id}@{domain}', 'en', 1);\n\
         INSERT INTO mdl_user_enrolments (status, enrolid, userid, timestart, timeend, timecreated) VALUES (0, 1, {id}, {from}, {until}, {from});\n\
         INSERT INTO mdl_role_assignments (roleid, contextid, userid) VALUES (5, 101, {id});\n"
    )
}

/// An outbox row as earlier versions (or the upgrade, `runtoken` 'migrated') wrote it.
fn sent(key: &str, user: i64, written: i64, token: &str) -> String {
    let code = key.split('/').next().unwrap_or_default();
    format!(
        "INSERT INTO mdl_block_cnotif_outbox (occkey, notification, courseid, userid, recipientid, status, recipient, recipientname, lang, subject, bodytext, bodyhtml, messageid, runtoken, timedue, timesent, timecreated) \
           VALUES ('{key}', '{code}', 1, {user}, {user}, 'sent', 'x@old.test', 'x', 'en', 's', 't', 'h', '<m>', '{token}', {written}, {written}, {written});\n"
    )
}

fn course(start: i64) -> String {
    format!("INSERT INTO mdl_course (id, category, fullname, shortname, startdate, visible) VALUES (1, 1, 'Course 1', 'C1', {start}, 1);\n")
}

/// The lines of the trace about user `id`, without the course and address.
fn about(
    report: &course_notification_runner::report::Report,
    id: i64,
    domain: &str,
) -> Vec<String> {
    let address = format!(" -{id}@{domain} ");
    let mut lines: Vec<String> = report
        .trace
        .iter()
        .filter(|l| l.contains(&address))
        .map(|l| l.replacen(&address, " ", 1))
        .collect();
    lines.sort();
    lines
}

#[tokio::test]
async fn a_learner_enrolled_again_gets_the_new_sessions_welcome_and_end_reminders() {
    let db = TestDb::new("decide_periods").await;
    let d = domain("decide-periods");
    let mut sql = format!("{SITE}{}", course(NOW - 300 * DAY));
    // 40: first session from day -120 to day -30 (welcomed, then told access closed); the course
    // reset unenrolled them, and they were enrolled yesterday for the next session, ending in 4 days.
    sql += &learner(40, &d, NOW - DAY, NOW + 4 * DAY);
    sql += &sent("firstassign/c1/u40/r0", 40, NOW - 120 * DAY, "old");
    sql += &sent("closed/c1/u40/r0", 40, NOW - 30 * DAY, "old");
    // 41: enrolled four days ago and welcomed since, under the old key: not welcomed again.
    sql += &learner(41, &d, NOW - 4 * DAY, 0);
    sql += &sent("firstassign/c1/u41/r0", 41, NOW - 4 * DAY + 60, "old");
    // 42: welcomed by the original plugin, its mark migrated by the upgrade (written at the
    // upgrade, two days ago): not welcomed again.
    sql += &learner(42, &d, NOW - 3 * DAY, 0);
    sql += &sent("firstassign/c1/u42/r0", 42, NOW - 2 * DAY, "migrated");
    db.load(&sql, NOW).await;

    let report = db.run("send", NOW).await;
    let lines = about(&report, 40, &d);
    assert!(
        lines.contains(&"1 firstassign Accepted for notification".to_string()),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"1 fivedaystoend Accepted for notification".to_string()),
        "{lines:#?}"
    );
    for id in [41, 42] {
        assert!(
            about(&report, id, &d)
                .contains(&"1 firstassign trapped rule B : already sent".to_string()),
            "user {id}: {:#?}",
            about(&report, id, &d)
        );
    }
    assert_eq!(
        report.counts.sent, 2,
        "the new session's welcome and reminder only"
    );
    assert_eq!(
        db.count(&format!(
            "SELECT COUNT(*) FROM {{p}}block_cnotif_outbox WHERE occkey = 'firstassign/c1/u40/r0/p{}' AND status = 'sent'",
            NOW - DAY
        ))
        .await,
        1
    );
    // The next run sends nothing more.
    let again = db.run("send", NOW + 3600).await;
    assert_eq!(again.counts.sent, 0);
    assert!(
        about(&again, 40, &d).contains(&"1 firstassign trapped rule B : already sent".to_string())
    );
}

/// What `outbox_forget::rows()` runs for a privacy deletion of user `id` in course 1 (the
/// built-in late-send horizon, no definition sets a longer one).
async fn privacy_delete(db: &TestDb, id: i64, now: i64) {
    let keep = format!(
        "status IN ('sent', 'marked') AND timedue >= {}",
        now - 15 * DAY
    );
    let select = format!("(userid = {id} OR recipientid = {id}) AND courseid IN (1)");
    db.exec(&format!(
        "UPDATE {{p}}block_cnotif_outbox SET recipient = '', recipientname = '', subject = '', bodytext = '', \
           bodyhtml = '', messageid = '', lasterror = NULL, lang = '', timezone = '' WHERE ({select}) AND {keep}; \
         DELETE FROM {{p}}block_cnotif_outbox WHERE ({select}) AND NOT ({keep})"
    ))
    .await;
}

/// What `outbox_actions::reset()` runs for the row of `key`.
async fn reset(db: &TestDb, key: &str) -> u64 {
    db.exec(&format!(
        "DELETE FROM {{p}}block_cnotif_outbox WHERE occkey = '{key}' AND status NOT IN ('sent', 'marked')"
    ))
    .await
}

#[tokio::test]
async fn a_privacy_deletion_or_a_reset_sends_nothing_twice() {
    let db = TestDb::new("decide_forget").await;
    let d = domain("decide-forget");
    let mut sql = format!("{SITE}{}", course(NOW - 30 * DAY));
    for id in [50, 51, 52] {
        sql += &learner(id, &d, NOW - DAY, 0);
    }
    db.load(&sql, NOW).await;
    assert_eq!(db.run("send", NOW).await.counts.sent, 3, "three welcomes");
    let key = |id: i64| format!("firstassign/c1/u{id}/r0/p{}", NOW - DAY);

    // 50: the learner asks for their data to be deleted. The record that stops a second send stays,
    // bare; nothing personal is left in it.
    privacy_delete(&db, 50, NOW + 3600).await;
    assert_eq!(
        db.count(&format!(
            "SELECT COUNT(*) FROM {{p}}block_cnotif_outbox WHERE userid = 50 AND recipient = '' AND subject = '' \
               AND bodytext = '' AND bodyhtml = '' AND recipientname = '' AND status = 'sent' AND occkey = '{}'",
            key(50)
        ))
        .await,
        1
    );
    // 51: a teacher presses Reset on the sent welcome: the record stays.
    assert_eq!(reset(&db, &key(51)).await, 0, "a sent message is not reset");
    // 52: the record deleted outright (what the privacy provider and Reset did before): the welcome,
    // still within its 7 days, would go out a second time.
    db.exec("DELETE FROM {p}block_cnotif_outbox WHERE userid = 52")
        .await;

    let report = db.run("send", NOW + 7200).await;
    let welcome = |id: i64| {
        about(&report, id, &d)
            .into_iter()
            .find(|l| l.contains("firstassign"))
    };
    for id in [50, 51] {
        assert_eq!(
            welcome(id).as_deref(),
            Some("1 firstassign trapped rule B : already sent"),
            "user {id}"
        );
    }
    assert_eq!(
        welcome(52).as_deref(),
        Some("1 firstassign Accepted for notification")
    );
    assert_eq!(
        report.counts.sent, 1,
        "only the one whose record was deleted outright"
    );

    // Once past every late-send limit, a privacy deletion removes the record completely.
    privacy_delete(&db, 50, NOW + 20 * DAY).await;
    assert_eq!(
        db.count("SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE userid = 50")
            .await,
        0
    );
}
