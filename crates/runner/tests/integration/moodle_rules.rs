//! Decisions by Moodle's own rules, on Moodle rows: `has_capability()` with the default user
//! role, site administrators and the guest (lib/accesslib.php); `email_to_user()`'s `nologin`
//! and bounce threshold, and `set_send_count()` after a send (lib/moodlelib.php); timezones as
//! `core_date` normalises them (lib/classes/date.php).

use course_notification_runner::config::{Config, RawRules};

use crate::support::{domain, TestDb, DAY, NOW};

/// Course 1 with the block, the student role allowed `benotified` at site level, and the
/// roles of a new site: guest 6, authenticated user 7.
fn site(extra: &str) -> String {
    format!(
        "INSERT INTO mdl_context (id, contextlevel, instanceid, path, depth) VALUES (1, 10, 0, '/1', 1), (2, 40, 1, '/1/2', 2), (101, 50, 1, '/1/2/101', 3);\n\
         INSERT INTO mdl_course_categories (id, name, visible, depth, path) VALUES (1, 'Misc', 1, 1, '/1');\n\
         INSERT INTO mdl_role (id, shortname, description, sortorder, archetype) VALUES (5, 'student', '', 5, 'student'), (6, 'guest', '', 6, 'guest'), (7, 'user', '', 7, 'user');\n\
         INSERT INTO mdl_role_capabilities (contextid, roleid, capability, permission) VALUES (1, 5, 'block/course_notification:benotified', 1);\n\
         INSERT INTO mdl_course (id, category, fullname, shortname, startdate, visible) VALUES (1, 1, 'Course 1', 'C1', {start}, 1);\n\
         INSERT INTO mdl_block_instances (blockname, parentcontextid, showinsubcontexts, pagetypepattern, defaultregion, defaultweight, timecreated, timemodified) \
           VALUES ('course_notification', 101, 0, 'course-view-*', 'side-pre', 0, 0, 0);\n\
         INSERT INTO mdl_enrol (id, enrol, status, courseid) VALUES (1, 'manual', 0, 1);\n{extra}",
        start = NOW - 30 * DAY
    )
}

/// User `id` at `<id>@<domain>` enrolled in course 1 since yesterday (their welcome is due),
/// with `auth` and `timezone`, holding the student role when `student`.
fn learner(id: i64, domain: &str, auth: &str, timezone: &str, student: bool) -> String {
    let mut sql = format!(
        "INSERT INTO mdl_user (id, auth, confirmed, mnethostid, username, firstname, lastname, email, lang, timezone, mailformat) \
           VALUES ({id}, '{auth}', 1, 1, 'u{id}', 'F{id}', 'L{id}', '{id}@{domain}', 'en', '{timezone}', 1);\n\
         INSERT INTO mdl_user_enrolments (status, enrolid, userid, timestart, timeend, timecreated) VALUES (0, 1, {id}, {t}, 0, {t});\n",
        t = NOW - DAY
    );
    if student {
        sql += &format!(
            "INSERT INTO mdl_role_assignments (roleid, contextid, userid) VALUES (5, 101, {id});\n"
        );
    }
    sql
}

/// The welcome's trace line for user `id`.
fn welcome(report: &course_notification_runner::report::Report, id: i64, domain: &str) -> String {
    let prefix = format!("1 firstassign -{id}@{domain} ");
    report
        .trace
        .iter()
        .find(|l| l.starts_with(&prefix))
        .map(|l| l[prefix.len()..].to_string())
        .unwrap_or_else(|| panic!("no welcome line for {id} in {:?}", report.trace))
}

#[tokio::test]
async fn capabilities_resolve_as_has_capability_does() {
    let db = TestDb::new("decide_caps").await;
    let d = domain("decide-caps");
    let mut sql = site(
        "INSERT INTO mdl_config (name, value) VALUES ('siteadmins', '2,11'), ('siteguest', '13'), \
           ('guestroleid', '6'), ('defaultuserroleid', '7');\n",
    );
    sql += &learner(10, &d, "manual", "99", true);
    sql += &learner(11, &d, "manual", "99", true); // a site administrator enrolled as a student
    sql += &learner(12, &d, "manual", "99", false); // enrolled with no role
    sql += &learner(13, &d, "manual", "99", true); // the guest user, given a student assignment
                                                   // The authenticated user role (the default user role) receives benotified at site level.
    sql += "INSERT INTO mdl_role_capabilities (contextid, roleid, capability, permission) \
              VALUES (1, 7, 'block/course_notification:benotified', 1);\n";
    db.load(&sql, NOW).await;
    let report = db.run("dryrun", NOW).await;
    // (user, Moodle's answer, why: lib/accesslib.php)
    for (id, expected, why) in [
        (
            10,
            "Accepted for notification",
            "a student holds benotified",
        ),
        (
            11,
            "trapped rule X : Excluded from notification",
            "has_capability(): is_siteadmin() holds every capability, excludefromnotification too",
        ),
        (
            12,
            "Accepted for notification",
            "get_user_access_sitewide(): the default user role at system level",
        ),
        (
            13,
            "trapped rule N : Not a notification recipient",
            "get_user_accessdata(): the guest user holds the guest role only",
        ),
    ] {
        assert_eq!(welcome(&report, id, &d), expected, "user {id}: {why}");
    }
}

#[tokio::test]
async fn nologin_accounts_and_bouncing_addresses_are_not_mailed_and_sends_are_counted() {
    let db = TestDb::new("decide_bounces").await;
    let d = domain("decide-bounces");
    let mut sql = site("INSERT INTO mdl_config (name, value) VALUES ('handlebounces', '1');\n");
    sql += &learner(20, &d, "nologin", "99", true);
    for id in 21..=24 {
        sql += &learner(id, &d, "manual", "99", true);
    }
    // (user, bounces, sends): 21 over (12 >= 10 and 12/40 >= 0.20), 22 under the ratio, 23 under
    // the minimum; 24 has no counters.
    for (id, bounces, sends) in [(21, 12, 40), (22, 12, 100), (23, 9, 10)] {
        sql += &format!(
            "INSERT INTO mdl_user_preferences (userid, name, value) VALUES \
               ({id}, 'email_bounce_count', '{bounces}'), ({id}, 'email_send_count', '{sends}');\n"
        );
    }
    db.load(&sql, NOW).await;
    let report = db.run("send", NOW).await;
    assert_eq!(
        welcome(&report, 20, &d),
        "trapped rule K : Login disabled (nologin)"
    );
    assert_eq!(
        welcome(&report, 21, &d),
        "trapped rule T : Over the bounce threshold"
    );
    for id in [22, 23, 24] {
        assert_eq!(
            welcome(&report, id, &d),
            "Accepted for notification",
            "user {id}"
        );
    }
    assert_eq!(report.counts.sent, 3);
    // set_send_count(): each delivered message adds one to an existing counter, creates none.
    let count = |id: i64| {
        format!("SELECT value FROM {{p}}user_preferences WHERE userid = {id} AND name = 'email_send_count'")
    };
    assert_eq!(db.count(&count(22)).await, 101);
    assert_eq!(db.count(&count(23)).await, 11);
    assert_eq!(db.count(&count(21)).await, 40, "not sent, not counted");
    assert_eq!(
        db.count("SELECT COUNT(*) FROM {p}user_preferences WHERE userid = 24")
            .await,
        0
    );
    // With handlebounces off, the counters do not matter.
    db.exec(
        "DELETE FROM {p}config WHERE name = 'handlebounces'; DELETE FROM {p}block_cnotif_outbox",
    )
    .await;
    let report = db.run("dryrun", NOW).await;
    assert_eq!(welcome(&report, 21, &d), "Accepted for notification");
}

/// The timezone each message was written for, by user.
async fn timezones(db: &TestDb) -> Vec<(i64, String)> {
    db.rows("SELECT userid, timezone FROM {p}block_cnotif_outbox ORDER BY userid")
        .await
        .into_iter()
        .map(|r| {
            (
                r[0].as_deref().unwrap().parse().unwrap(),
                r[1].clone().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn timezones_are_normalised_as_core_date_does_and_forcetimezone_wins() {
    let db = TestDb::new("decide_tz").await;
    let d = domain("decide-tz");
    let mut sql = site("");
    for (id, tz) in [
        (30, "-3"),
        (31, "5.5"),
        (32, "Mars/Olympus"),
        (33, "99"),
        (34, "America/Sao_Paulo"),
    ] {
        sql += &learner(id, &d, "manual", tz, true);
    }
    db.load(&sql, NOW).await;
    db.run("markonly", NOW).await;
    // (site: Europe/Paris) legacy '-3' is Etc/GMT+3, '5.5' Asia/Kolkata, unknown and 99 the site's.
    let expect = |v: [&str; 5]| (30..=34).zip(v.map(String::from)).collect::<Vec<_>>();
    assert_eq!(
        timezones(&db).await,
        expect([
            "Etc/GMT+3",
            "Asia/Kolkata",
            "Europe/Paris",
            "Europe/Paris",
            "America/Sao_Paulo"
        ])
    );
    // $CFG->forcetimezone overrides every user's timezone.
    db.exec(
        "DELETE FROM {p}block_cnotif_outbox; \
         INSERT INTO {p}config (name, value) VALUES ('forcetimezone', 'Asia/Tokyo')",
    )
    .await;
    db.run("markonly", NOW).await;
    assert_eq!(timezones(&db).await, expect(["Asia/Tokyo"; 5]));
}

/// Settings forced in config.php (`$CFG->siteadmins`, `$CFG->handlebounces`,
/// `$CFG->forcetimezone`...) are what Moodle decides by, whatever the `config` table says: given
/// (the PHP facade passes `$CFG`'s), they win over the table, which is read only without them.
#[tokio::test]
async fn settings_given_from_cfg_win_over_the_config_table() {
    let db = TestDb::new("decide_cfg_wins").await;
    let d = domain("decide-cfg-wins");
    let mut sql = site(
        "INSERT INTO mdl_config (name, value) VALUES ('siteadmins', '2'), ('handlebounces', '0'), \
           ('forcetimezone', 'Asia/Tokyo');\n",
    );
    sql += &learner(40, &d, "manual", "99", true); // an administrator in config.php only
    sql += &learner(41, &d, "manual", "99", true); // over the threshold config.php sets
    sql += &learner(42, &d, "manual", "America/Sao_Paulo", true);
    sql += "INSERT INTO mdl_user_preferences (userid, name, value) VALUES \
              (41, 'email_bounce_count', '3'), (41, 'email_send_count', '10');\n";
    db.load(&sql, NOW).await;
    // The table alone (the command line): neither rule applies.
    let report = db.run("dryrun", NOW).await;
    for id in [40, 41, 42] {
        assert_eq!(
            welcome(&report, id, &d),
            "Accepted for notification",
            "{id}"
        );
    }
    // As Moodle sees the site: $CFG, config.php's values included.
    let mut raw = db.raw_config();
    raw.rules = Some(RawRules {
        siteadmins: "2, 40".into(),
        siteguest: 1,
        guestroleid: 6,
        defaultuserroleid: 7,
        forcetimezone: "Europe/Lisbon".into(),
        handlebounces: true,
        minbounces: 2,
        bounceratio: 0.25,
    });
    let config = Config::try_from(raw).unwrap();
    let report = db.try_run(&config, "markonly", NOW, None).await.unwrap();
    assert_eq!(
        welcome(&report, 40, &d),
        "trapped rule X : Excluded from notification",
        "is_siteadmin() by $CFG->siteadmins"
    );
    assert_eq!(
        welcome(&report, 41, &d),
        "trapped rule T : Over the bounce threshold",
        "3 bounces >= 2 and 3/10 >= 0.25"
    );
    assert_eq!(welcome(&report, 42, &d), "Accepted for notification");
    assert_eq!(
        timezones(&db).await,
        [(42, "Europe/Lisbon".to_string())],
        "$CFG->forcetimezone, not the table's Asia/Tokyo"
    );
}
