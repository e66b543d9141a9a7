//! The notification x rule table of the engine's own tests (crates/engine/tests/engine/scenarios.rs),
//! here as Moodle rows in the site's database (MariaDB or PostgreSQL) and evaluated by one dry run through the adapter: every row is a
//! course with one learner in a situation where one notification is accepted, changed by one fact
//! so that one rule traps it. The trace line must be the same as on the pure core.

use course_notification_engine::catalogue::{Catalogue, Family};
use course_notification_engine::rules::Rule;

use crate::support::{TestDb, DAY, NOW};

/// The built-in notifications, from the catalogue.
fn codes() -> Vec<String> {
    Catalogue::builtin()
        .notifications
        .iter()
        .map(|n| n.code.to_string())
        .collect()
}

fn in_family(code: &str, family: Family) -> bool {
    Catalogue::builtin().get(code).is_some_and(|n| {
        n.family == Some(family) || (family == Family::Calls && code == "firstassign")
    })
}

/// One learner in one course, as the rows Moodle would hold.
#[derive(Debug, Clone)]
struct Row {
    course_visible: bool,
    enrol_start: i64,
    enrol_end: i64,
    enrol_status: i64,
    method_status: i64,
    last_access: Option<i64>,
    completed: Option<i64>,
    student: bool,
    teacher: bool,
    deleted: bool,
    suspended: bool,
    emailstop: bool,
    nologin: bool,
    bounced: bool,
    outbox: Option<(String, &'static str)>,
    repeat_max: Option<i64>,
}

/// The situation in which `code` is accepted (as `Situation::accepting` in the engine's tests).
fn accepting(code: &str) -> Row {
    let mut r = Row {
        course_visible: true,
        enrol_start: NOW - 60 * DAY,
        enrol_end: 0,
        enrol_status: 0,
        method_status: 0,
        last_access: None,
        completed: None,
        student: true,
        teacher: false,
        deleted: false,
        suspended: false,
        emailstop: false,
        nologin: false,
        bounced: false,
        outbox: None,
        repeat_max: None,
    };
    match code {
        "firstassign" => r.enrol_start = NOW - DAY,
        "firstcall" => r.enrol_start = NOW - 8 * DAY,
        "secondcall" => r.enrol_start = NOW - 15 * DAY,
        "inactive" => r.last_access = Some(NOW - 20 * DAY),
        "completed" => r.completed = Some(NOW - DAY),
        "coldfeedback" => r.completed = Some(NOW - 8 * DAY),
        end => {
            r.last_access = Some(NOW - DAY);
            r.enrol_end = NOW
                + match end {
                    "twoweeksnearend" => 13 * DAY,
                    "oneweeknearend" => 6 * DAY,
                    "fivedaystoend" => 4 * DAY + DAY / 2,
                    "threedaystoend" => 2 * DAY + DAY / 2,
                    "onedaytoend" => DAY / 2,
                    _ => -DAY,
                };
        }
    }
    r
}

/// The key of the row's occurrence of `code` (course `c`, user `u`).
fn key(code: &str, r: &Row, c: i64, u: i64) -> String {
    match (code, r.last_access) {
        ("inactive", Some(anchor)) => format!("inactive/c{c}/u{u}/s{anchor}/r0"),
        _ => format!("{code}/c{c}/u{u}/r0"),
    }
}

/// Changes `r` so that `rule` traps `code`; `None` where the rule cannot apply to it.
fn perturb(code: &str, rule: Rule, r: &mut Row, c: i64, u: i64) -> Option<()> {
    // The start family: the welcome and the calls.
    let start = in_family(code, Family::Calls);
    let end = in_family(code, Family::AccessEnd);
    let completion = code == "completed" || code == "coldfeedback";
    match rule {
        Rule::Deleted => r.deleted = true,
        Rule::Suspended => r.suspended = true,
        Rule::EnrolmentSuspended => r.enrol_status = 1,
        Rule::MethodDisabled => r.method_status = 1,
        Rule::Hidden => r.course_visible = false,
        Rule::Excluded => r.teacher = true,
        Rule::NotRecipient => r.student = false,
        Rule::NoEmail => r.emailstop = true,
        Rule::NoLogin => r.nologin = true,
        Rule::OverBounceThreshold => r.bounced = true,
        Rule::Completed if !completion => r.completed = Some(NOW - 2 * DAY),
        Rule::AlreadyAccessed if start => r.last_access = Some(NOW - 3600),
        Rule::InfiniteEnrol if end => r.enrol_end = 0,
        Rule::EnrolmentOver if start || code == "inactive" => r.enrol_end = NOW - 3600,
        Rule::RecentlyCalled if code == "inactive" => {
            r.last_access = None;
            r.enrol_start = NOW - 15 * DAY;
        }
        Rule::AlreadySent => r.outbox = Some((key(code, r, c, u), "sent")),
        Rule::AlreadyQueued => r.outbox = Some((key(code, r, c, u), "pending")),
        Rule::DeliveryFailed => r.outbox = Some((key(code, r, c, u), "failed")),
        Rule::Superseded if code == "firstcall" => r.enrol_start = NOW - 15 * DAY,
        Rule::Superseded if end && code != "closed" => {
            r.enrol_end = if code == "onedaytoend" {
                NOW - DAY
            } else {
                r.enrol_end.min(NOW + DAY / 2)
            };
        }
        Rule::RepeatLimit if code == "inactive" => {
            r.last_access = Some(NOW - 30 * DAY);
            r.repeat_max = Some(1);
        }
        Rule::EndTooFarAhead if end => r.enrol_end += 30 * DAY,
        Rule::OutOfTimeRange if start => r.enrol_start = NOW + DAY,
        Rule::OutOfTimeRange if code == "inactive" => r.last_access = Some(NOW - DAY),
        Rule::OutOfTimeRange if code == "closed" => r.enrol_end = NOW - 20 * DAY,
        Rule::OutOfTimeRange if completion => r.completed = Some(NOW - 60 * DAY),
        _ => return None,
    }
    Some(())
}

/// The rows of one course `c` with its learner `u`.
fn sql(code: &str, r: &Row, c: i64, u: i64) -> String {
    let ctx = 10_000 + c;
    let b = |v: bool| i64::from(v);
    let mut s = format!(
        "INSERT INTO mdl_course (id, category, fullname, shortname, startdate, enddate, visible) \
           VALUES ({c}, 1, 'Course {c}', 'C{c}', {start}, {end}, {visible});\n\
         INSERT INTO mdl_context (id, contextlevel, instanceid, path, depth) VALUES ({ctx}, 50, {c}, '/1/2/{ctx}', 3);\n\
         INSERT INTO mdl_block_instances (blockname, parentcontextid, showinsubcontexts, pagetypepattern, defaultregion, defaultweight, timecreated, timemodified) \
           VALUES ('course_notification', {ctx}, 0, 'course-view-*', 'side-pre', 0, 0, 0);\n\
         INSERT INTO mdl_enrol (id, enrol, status, courseid) VALUES ({c}, 'manual', {method}, {c});\n\
         INSERT INTO mdl_user (id, auth, confirmed, mnethostid, username, firstname, lastname, email, lang, timezone, mailformat, deleted, suspended, emailstop) \
           VALUES ({u}, '{auth}', 1, 1, 'u{u}', 'F', 'L', 'n{u}@table.test', 'en', '99', 1, {deleted}, {suspended}, {emailstop});\n\
         INSERT INTO mdl_user_enrolments (status, enrolid, userid, timestart, timeend, timecreated) \
           VALUES ({status}, {c}, {u}, {estart}, {eend}, {estart});\n",
        start = NOW - 90 * DAY,
        end = 0,
        visible = b(r.course_visible),
        method = r.method_status,
        deleted = b(r.deleted),
        suspended = b(r.suspended),
        emailstop = b(r.emailstop),
        auth = if r.nologin { "nologin" } else { "manual" },
        status = r.enrol_status,
        estart = r.enrol_start,
        eend = r.enrol_end,
    );
    // Over the threshold of a site that handles bounces (10 bounces, 20 %): 12 of 40 sends.
    let (bounced, sent) = if r.bounced { (12, 40) } else { (2, 40) };
    s += &format!(
        "INSERT INTO mdl_user_preferences (userid, name, value) VALUES \
           ({u}, 'email_bounce_count', '{bounced}'), ({u}, 'email_send_count', '{sent}');\n"
    );
    if let Some(t) = r.last_access {
        s += &format!("INSERT INTO mdl_user_lastaccess (userid, courseid, timeaccess) VALUES ({u}, {c}, {t});\n");
    }
    if let Some(t) = r.completed {
        s += &format!("INSERT INTO mdl_course_completions (userid, course, timecompleted) VALUES ({u}, {c}, {t});\n");
    }
    for (role, holds) in [(5, r.student), (3, r.teacher)] {
        if holds {
            s += &format!("INSERT INTO mdl_role_assignments (roleid, contextid, userid) VALUES ({role}, {ctx}, {u});\n");
        }
    }
    if let Some((key, status)) = &r.outbox {
        s += &format!(
            "INSERT INTO mdl_block_cnotif_outbox (occkey, notification, courseid, userid, status, recipient, recipientname, lang, subject, bodytext, bodyhtml, messageid) \
               VALUES ('{key}', '{code}', {c}, {u}, '{status}', 'x@table.test', 'x', 'en', 's', 't', 'h', '<m>');\n"
        );
    }
    if let Some(max) = r.repeat_max {
        s += &format!("INSERT INTO mdl_block_cnotif_def (contextid, code, repeatmax) VALUES ({ctx}, '{code}', {max});\n");
    }
    s
}

#[tokio::test]
async fn every_notification_against_every_rule_through_mariadb() {
    let db = TestDb::new("scenarios").await;
    let mut fixture = String::from(
        "INSERT INTO mdl_context (id, contextlevel, instanceid, path, depth) VALUES (1, 10, 0, '/1', 1), (2, 40, 1, '/1/2', 2);\n\
         INSERT INTO mdl_course_categories (id, name, visible, depth, path) VALUES (1, 'Misc', 1, 1, '/1');\n\
         INSERT INTO mdl_role (id, shortname, description, sortorder, archetype) VALUES (3, 'editingteacher', '', 3, 'editingteacher'), (5, 'student', '', 5, 'student');\n\
         INSERT INTO mdl_role_capabilities (contextid, roleid, capability, permission) VALUES \
           (1, 5, 'block/course_notification:benotified', 1), (1, 3, 'block/course_notification:excludefromnotification', 1);\n\
         INSERT INTO mdl_block_cnotif_def (contextid, code, enabled) VALUES (1, 'coldfeedback', 1);\n\
         INSERT INTO mdl_config (name, value) VALUES ('handlebounces', '1');\n",
    );
    let mut expected = Vec::new();
    let mut id = 100;
    for code in codes() {
        let code = code.as_str();
        let base = accepting(code);
        id += 1;
        fixture += &sql(code, &base, id, id);
        expected.push(format!(
            "{id} {code} -n{id}@table.test Accepted for notification"
        ));
        for rule in Rule::ALL {
            let mut row = base.clone();
            if perturb(code, rule, &mut row, id + 1, id + 1).is_none() {
                continue;
            }
            id += 1;
            fixture += &sql(code, &row, id, id);
            expected.push(format!(
                "{id} {code} -n{id}@table.test trapped rule {} : {}",
                rule.code(),
                rule.reason()
            ));
        }
    }
    db.load(&fixture, NOW).await;
    let report = db.run("dryrun", NOW).await;
    let missing: Vec<&String> = expected
        .iter()
        .filter(|line| !report.trace.contains(line))
        .collect();
    let near: Vec<String> = missing
        .iter()
        .filter_map(|m| {
            let prefix = m
                .split(" trapped")
                .next()
                .unwrap_or(m)
                .split(" Accepted")
                .next()
                .unwrap_or(m);
            report
                .trace
                .iter()
                .find(|l| l.starts_with(prefix))
                .map(|got| format!("want {m}\n got {got}"))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} rows differ:\n{}",
        missing.len(),
        expected.len(),
        near.join("\n")
    );
    assert!(expected.len() >= 188, "{} rows", expected.len());
}
