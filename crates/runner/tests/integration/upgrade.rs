//! After the upgrade from the original plugin: its inactivity series go on from its last reminder.
//!
//! The original reminded an inactive learner every 7 days at the hour of its daily run, wherever that
//! fell in the engine's series (dated from the learner's last access). The migration marks the repeats
//! of the series the last reminder stands for, dated with that reminder: the marks here are the ones
//! it writes, computed by its own function (`block_course_notification_inactivity_marks` in
//! db/upgradelib.php, run by the PHP CLI), then come daily sending runs after the upgrade.

use std::process::Command;

use crate::support::{delivered_to, domain, settle, Scenario, TestDb, DAY, NOW};

/// The original's daily run, the evening before the upgrade: when it sent its last reminders.
const LAST: i64 = NOW - 2 * 3600;
const HOUR: i64 = 3600;

/// The repeats (number, date) the migration marks for a series anchored at `anchor`, 14 days then
/// every 7, whose last reminder from the original went out at `last`.
fn migration_marks(anchor: i64, last: i64) -> Vec<(i64, i64)> {
    let lib = concat!(env!("CARGO_MANIFEST_DIR"), "/../../db/upgradelib.php");
    let code = format!(
        "define('MOODLE_INTERNAL', true); define('DAYSECS', 86400); define('HOURSECS', 3600); \
         require '{lib}'; \
         foreach (block_course_notification_inactivity_marks({anchor}, 14, 7, {last}) as $k => $due) {{ echo \"$k $due\\n\"; }}"
    );
    let out = Command::new("php")
        .args(["-n", "-r", &code])
        .output()
        .expect("the PHP CLI (scripts/test installs php8.2-cli)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let (k, due) = l.split_once(' ').expect("repeat and date");
            (k.parse().expect("repeat"), due.parse().expect("date"))
        })
        .collect()
}

#[tokio::test]
async fn a_learner_the_original_reminded_today_is_reminded_again_a_week_later() {
    let db = TestDb::new("upgrade_inactive_series").await;
    let dom = domain("upgrade-series");
    // How long before the original's last reminder the engine's date for it was (the original's run
    // came at its own hour and, after a first or second call, days later), with the day after the
    // upgrade on which the next reminder is expected: a week after the original's.
    let mut cases: Vec<(i64, i64)> = [
        HOUR,
        5 * HOUR,
        DAY,
        2 * DAY,
        3 * DAY,
        4 * DAY,
        5 * DAY,
        6 * DAY + 20 * HOUR,
    ]
    .into_iter()
    .map(|lag| (lag + 21 * DAY, 7))
    .collect();
    // The original reminded of this silence two days before the engine's first date (a shorter delay
    // in its instance): that reminder stands for the first, the next is the second, 9 days later.
    cases.push((12 * DAY, 9));
    let mut s = Scenario::new().course(1, NOW - 200 * DAY);
    let mut rows = String::new();
    for (i, (since_access, _)) in (1i64..).zip(&cases) {
        let access = LAST - since_access;
        s = s.learner(i, &format!("l{i}@{dom}"), 1, NOW - 150 * DAY);
        rows.push_str(&format!(
            "INSERT INTO mdl_user_lastaccess (userid, courseid, timeaccess) VALUES ({i}, 1, {access});\n"
        ));
        for (k, due) in migration_marks(access, LAST) {
            rows.push_str(&format!(
                "INSERT INTO mdl_block_cnotif_outbox (occkey, notification, courseid, userid, repeatno, timedue, \
                   status, priority, attempts, timenext, runtoken, output, recipientid, recipient, recipientname, \
                   mailformat, lang, timezone, subject, bodytext, bodyhtml, messageid, timecreated, timemodified, timesent) \
                 VALUES ('inactive/c1/u{i}/s{access}/r{k}', 'inactive', 1, {i}, {k}, {due}, 'sent', 5, 1, 0, 'migrated', \
                   'email', {i}, 'l{i}@{dom}', 'First{i} Last{i}', 1, 'en', '', '', '', '', '', {NOW}, {NOW}, {LAST});\n"
            ));
        }
    }
    db.load(&format!("{}{rows}", s.sql()), NOW).await;

    // One run a day at the original's hour: the day each learner's next reminder goes.
    let mut first_day = vec![None; cases.len()];
    for day in 1..=10 {
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
    let expected: Vec<_> = cases.iter().map(|&(_, day)| Some(day)).collect();
    assert_eq!(
        first_day, expected,
        "the day after the original's last reminder on which each learner got the next one"
    );
}
