//! After the upgrade from the original plugin: its inactivity series go on from its last reminder.
//!
//! The original reminded an inactive learner every 7 days at the hour of its daily run, wherever that
//! fell in the engine's series (dated from the learner's last access). The migration
//! (db/upgradelib.php, `block_course_notification_inactivity_marks`) marks the repeats of the series
//! the last reminder stands for, dated with that reminder; here are those marks as it writes them,
//! and daily sending runs after the upgrade.

use crate::support::{delivered_to, domain, settle, Scenario, TestDb, DAY, NOW};

/// The original's daily run, the evening before the upgrade: when it sent its last reminders.
const LAST: i64 = NOW - 2 * 3600;
const HOUR: i64 = 3600;

#[tokio::test]
async fn a_learner_the_original_reminded_today_is_reminded_again_a_week_later() {
    let db = TestDb::new("upgrade_inactive_series").await;
    let dom = domain("upgrade-series");
    // How long before the original's last reminder the engine's date for it was (the original's run
    // came at its own hour and, after a first or second call, days later).
    let lags = [
        HOUR,
        5 * HOUR,
        DAY,
        2 * DAY,
        3 * DAY,
        4 * DAY,
        5 * DAY,
        6 * DAY + 20 * HOUR,
    ];
    let mut s = Scenario::new().course(1, NOW - 200 * DAY);
    let mut marks = String::new();
    for (i, lag) in (1i64..).zip(lags) {
        // Series dates: last access + 14 days (repeat 0), then every 7 days; repeat 1 is `lag`
        // before the original's last reminder, so the migration marks repeats 0 and 1.
        let access = LAST - lag - 21 * DAY;
        s = s.learner(i, &format!("l{i}@{dom}"), 1, NOW - 150 * DAY);
        marks.push_str(&format!(
            "INSERT INTO mdl_user_lastaccess (userid, courseid, timeaccess) VALUES ({i}, 1, {access});\n"
        ));
        for (k, due) in [(0, access + 14 * DAY), (1, access + 21 * DAY)] {
            marks.push_str(&format!(
                "INSERT INTO mdl_block_cnotif_outbox (occkey, notification, courseid, userid, repeatno, timedue, \
                   status, priority, attempts, timenext, runtoken, output, recipientid, recipient, recipientname, \
                   mailformat, lang, timezone, subject, bodytext, bodyhtml, messageid, timecreated, timemodified, timesent) \
                 VALUES ('inactive/c1/u{i}/s{access}/r{k}', 'inactive', 1, {i}, {k}, {due}, 'sent', 5, 1, 0, 'migrated', \
                   'email', {i}, 'l{i}@{dom}', 'First{i} Last{i}', 1, 'en', '', '', '', '', '', {NOW}, {NOW}, {LAST});\n"
            ));
        }
    }
    db.load(&format!("{}{marks}", s.sql()), NOW).await;

    // One run a day at the original's hour, for nine days: the day each learner's next reminder goes.
    let mut first_day = vec![None; lags.len()];
    for day in 1..=9 {
        db.run("send", LAST + day * DAY).await;
        settle().await;
        let mails = delivered_to(&dom);
        for (i, first) in (1..).zip(first_day.iter_mut()) {
            let to = format!("l{i}@{dom}");
            let got = mails.iter().any(|m| {
                m.lines()
                    .any(|l| l.starts_with("X-Catcher-To:") && l.contains(&to))
            });
            if got && first.is_none() {
                *first = Some(day);
            }
        }
    }
    assert_eq!(
        first_day,
        vec![Some(7); lags.len()],
        "the day after the original's last reminder on which each learner got the next one"
    );
}
