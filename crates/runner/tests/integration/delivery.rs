//! Queueing and delivery: once per occurrence, modes, the cap, a mail server that is away.

use course_notification_runner::config::{Config, RawConfig};
use course_notification_runner::RunError;

use crate::support::{delivered_to, domain, settle, through_sendmail, Scenario, TestDb, DAY, NOW};

/// A course that opened yesterday with `n` learners at `domain`, none of whom came in yet.
fn course_with_learners(n: i64, domain: &str) -> String {
    let mut s = Scenario::new().course(7, NOW - DAY);
    for i in 0..n {
        s = s.learner(100 + i, &format!("learner{i}@{domain}"), 7, NOW - DAY);
    }
    s.sql().to_string()
}

#[tokio::test]
async fn each_occurrence_is_sent_once_across_runs() {
    let db = TestDb::new("once").await;
    db.load(&course_with_learners(3, &domain("once")), NOW)
        .await;
    assert_eq!(db.run("send", NOW).await.counts.sent, 3);
    let again = db.run("send", NOW + 3600).await;
    assert_eq!(
        (again.counts.sent, again.counts.trapped.get("B").copied()),
        (0, Some(3))
    );
    settle().await;
    assert_eq!(delivered_to(&domain("once")).len(), 3);
}

#[tokio::test]
async fn dry_run_sends_nothing_and_mark_only_marks_without_sending() {
    let db = TestDb::new("modes").await;
    db.load(&course_with_learners(2, &domain("modes")), NOW)
        .await;
    let dry = db.run("dryrun", NOW).await;
    assert_eq!(
        (dry.counts.accepted, dry.counts.queued, dry.counts.sent),
        (2, 0, 0)
    );
    assert_eq!(
        db.count("SELECT COUNT(*) FROM {p}block_cnotif_outbox")
            .await,
        0
    );

    let marked = db.run("markonly", NOW).await;
    assert_eq!((marked.counts.queued, marked.counts.sent), (2, 0));
    assert_eq!(
        db.count("SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE status = 'marked'")
            .await,
        2
    );
    let send = db.run("send", NOW).await;
    assert_eq!(
        (send.counts.sent, send.counts.trapped.get("B").copied()),
        (0, Some(2))
    );
    settle().await;
    assert!(delivered_to(&domain("modes")).is_empty());
}

#[tokio::test]
async fn the_cap_defers_the_rest_to_the_next_runs_without_loss_or_duplicate() {
    let db = TestDb::new("cap").await;
    db.load(&course_with_learners(5, &domain("cap")), NOW).await;
    let config = db.config();
    let mut sent = Vec::new();
    for (i, expect_deferred) in [3, 1, 0].into_iter().enumerate() {
        let r = db
            .try_run(&config, "send", NOW + i as i64 * 60, Some(2))
            .await
            .unwrap();
        assert_eq!(r.counts.deferred, expect_deferred, "run {i}");
        sent.push(r.counts.sent);
    }
    assert_eq!(sent, vec![2, 2, 1]);
    settle().await;
    assert_eq!(delivered_to(&domain("cap")).len(), 5);
}

#[tokio::test]
async fn a_mail_server_that_is_down_loses_nothing() {
    let db = TestDb::new("smtpdown").await;
    db.load(&course_with_learners(2, &domain("smtpdown")), NOW)
        .await;
    let mut raw: RawConfig = db.raw_config();
    raw.smtp.port = 9; // discard: nothing listens there
    let down = Config::try_from(raw).unwrap();
    let err = db.try_run(&down, "send", NOW, None).await.unwrap_err();
    assert!(matches!(err, RunError::Smtp(_)), "{err}");
    assert!(err.to_string().contains("stay queued"), "{err}");
    assert_eq!(
        db.count(
            "SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE status = 'pending' AND attempts = 0"
        )
        .await,
        2
    );

    let waiting = db.run("dryrun", NOW).await;
    assert_eq!(
        waiting.counts.trapped.get("Q"),
        Some(&2),
        "queued, not reported as sent"
    );
    let welcomes: Vec<&String> = waiting
        .trace
        .iter()
        .filter(|l| l.contains(" firstassign "))
        .collect();
    assert!(
        welcomes
            .iter()
            .all(|l| l.ends_with("trapped rule Q : already queued")),
        "{welcomes:?}"
    );

    let mut raw = db.raw_config();
    raw.smtp.host = String::new();
    let none = Config::try_from(raw).unwrap();
    let err = db.try_run(&none, "send", NOW, None).await.unwrap_err();
    assert!(matches!(err, RunError::NoSmtp { waiting: 2 }), "{err}");

    let back = db.run("send", NOW + 600).await;
    assert_eq!((back.counts.sent, back.counts.deferred), (2, 0));
    settle().await;
    assert_eq!(delivered_to(&domain("smtpdown")).len(), 2);
}

#[tokio::test]
async fn an_unusable_address_fails_alone_and_permanently() {
    let db = TestDb::new("badaddr").await;
    let domain = domain("badaddr");
    let sql = Scenario::new()
        .course(7, NOW - DAY)
        .learner(100, &format!("good@{domain}"), 7, NOW - DAY)
        // Taken by Moodle's validate_email() (PHP says so), refused when the message is built: a
        // permanent failure.
        .learner(101, &format!("\"\"@{domain}"), 7, NOW - DAY)
        // Addresses email_to_user() does not mail: the engine traps them (rule W), never queues.
        .learner(103, "not an address", 7, NOW - DAY)
        .learner(104, &format!("x@-{domain}"), 7, NOW - DAY)
        .learner(105, "ana@127.0.0.1", 7, NOW - DAY)
        .learner(106, "ana@example.invalid", 7, NOW - DAY)
        .learner(102, &format!("also-good@{domain}"), 7, NOW - DAY);
    db.load(sql.sql(), NOW).await;
    let r = db.run("send", NOW).await;
    assert_eq!(
        (r.counts.sent, r.counts.failed, r.counts.deferred),
        (2, 1, 0)
    );
    assert_eq!(r.failures.len(), 1);
    for email in [
        "not an address".to_string(),
        format!("x@-{domain}"),
        "ana@127.0.0.1".to_string(),
        "ana@example.invalid".to_string(),
    ] {
        let w = format!("7 firstassign -{email} trapped rule W : No usable e-mail address");
        assert!(r.trace.contains(&w), "{w} in {:?}", r.trace);
    }
    assert!(
        r.failures[0].error.contains("permanent"),
        "{:?}",
        r.failures
    );
    assert_eq!(
        db.count("SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE status = 'failed'")
            .await,
        1
    );
    settle().await;
    assert_eq!(delivered_to(&domain).len(), 2);
}

#[tokio::test]
async fn any_moodle_table_prefix_works() {
    let db = TestDb::with_prefix("prefix", "m42_").await;
    db.load(&course_with_learners(1, &domain("prefix")), NOW)
        .await;
    assert_eq!(db.run("send", NOW).await.counts.sent, 1);
}

#[tokio::test]
async fn two_concurrent_runs_send_each_message_once() {
    let db = TestDb::new("concurrent").await;
    db.load(&course_with_learners(40, &domain("concurrent")), NOW)
        .await;
    let config = db.config();
    let (a, b) = tokio::join!(
        db.try_run(&config, "send", NOW, None),
        db.try_run(&config, "send", NOW, None)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    // Either the runs overlapped and one was locked out, or they followed each other.
    assert!(a.skipped.is_none() || b.skipped.is_none());
    assert_eq!(
        a.counts.sent + b.counts.sent,
        40,
        "a={} b={}",
        a.counts.sent,
        b.counts.sent
    );
    settle().await;
    assert_eq!(delivered_to(&domain("concurrent")).len(), 40);
}

#[tokio::test]
async fn one_run_at_a_time_and_a_dead_holder_releases_the_lock() {
    let db = TestDb::new("lock").await;
    db.load(&course_with_learners(2, &domain("lock")), NOW)
        .await;
    // Another cron node is running: its connection holds the lock.
    // (MariaDB's named lock; on PostgreSQL the advisory lock of the name's hash.)
    let mut other = db.client().await;
    let lock = format!("cnotif:{}:mdl_", db.name);
    let got = other
        .rows(&db.pick(
            format!("SELECT GET_LOCK('{lock}', 0) = 1"),
            format!("SELECT pg_try_advisory_lock(hashtext('{lock}'))::int"),
        ))
        .await;
    assert_eq!(got, [[Some("1".to_string())]]);
    let skipped = db.run("send", NOW).await;
    assert!(
        skipped
            .skipped
            .as_deref()
            .is_some_and(|s| s.contains("another run")),
        "{:?}",
        skipped.skipped
    );
    assert_eq!((skipped.counts.evaluated, skipped.counts.sent), (0, 0));
    let dry = db.run("dryrun", NOW).await;
    assert_eq!(
        (dry.skipped.is_none(), dry.counts.accepted),
        (true, 2),
        "a dry run only reads and is never locked out"
    );
    // The other node dies: its connection goes, and the lock with it.
    drop(other);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let after = db.run("send", NOW).await;
    assert_eq!((after.skipped, after.counts.sent), (None, 2));
}

#[tokio::test]
async fn rows_an_interrupted_run_left_sending_are_sent_by_the_next() {
    let db = TestDb::new("recover").await;
    db.load(&course_with_learners(3, &domain("recover")), NOW)
        .await;
    db.run("markonly", NOW).await;
    // A run claimed the three and died before recording anything.
    db.load(
        "UPDATE mdl_block_cnotif_outbox SET status = 'sending', runtoken = 'dead', attempts = 1;",
        NOW,
    )
    .await;
    let r = db.run("send", NOW + 60).await;
    assert_eq!((r.counts.recovered, r.counts.sent), (3, 3));
    // The interrupted attempt counts: the claim counted it before anything was sent.
    let twice = db
        .count("SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE status = 'sent' AND attempts = 2")
        .await;
    assert_eq!(twice, 3);
    settle().await;
    assert_eq!(delivered_to(&domain("recover")).len(), 3);
}

#[tokio::test]
async fn a_message_whose_sending_kills_every_run_is_given_up_after_five_attempts() {
    let db = TestDb::new("killer").await;
    db.load(&course_with_learners(2, &domain("killer")), NOW)
        .await;
    db.run("markonly", NOW).await;
    // Runs died while sending both: one on its fifth attempt, one on its fourth.
    db.load(
        "UPDATE mdl_block_cnotif_outbox SET status = 'sending', runtoken = 'dead', attempts = 5 WHERE userid = 100;\n\
         UPDATE mdl_block_cnotif_outbox SET status = 'sending', runtoken = 'dead', attempts = 4 WHERE userid = 101;",
        NOW,
    )
    .await;
    let r = db.run("send", NOW + 60).await;
    assert_eq!((r.counts.recovered, r.counts.sent), (2, 1));
    assert_eq!(
        db.count(
            "SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE userid = 100 AND status = 'failed' \
                AND attempts = 5 AND runtoken IS NULL \
                AND lasterror = 'given up after 5 attempts: an earlier run stopped while sending it'"
        )
        .await,
        1,
        "not put back to pending"
    );
    assert_eq!(
        db.count(
            "SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE userid = 101 AND status = 'sent' AND attempts = 5"
        )
        .await,
        1,
        "its fifth attempt"
    );
    settle().await;
    assert_eq!(delivered_to(&domain("killer")).len(), 1);
}

/// A course that opened yesterday with the given learners (addresses), none of whom came in.
fn course_with(addresses: &[String]) -> String {
    let mut s = Scenario::new().course(7, NOW - DAY);
    for (i, a) in addresses.iter().enumerate() {
        s = s.learner(100 + i as i64, a, 7, NOW - DAY);
    }
    s.sql().to_string()
}

#[tokio::test]
async fn a_busy_server_is_retried_with_growing_waits_then_given_up() {
    let db = TestDb::new("tempfail").await;
    let d = domain("tempfail");
    db.load(
        &course_with(&[format!("tempfail@{d}"), format!("ok@{d}")]),
        NOW,
    )
    .await;
    let first = db.run("send", NOW).await;
    assert_eq!(
        (
            first.counts.sent,
            first.counts.failed,
            first.counts.deferred
        ),
        (1, 1, 1)
    );
    assert!(
        first.failures[0].error.contains("451"),
        "{:?}",
        first.failures
    );
    let early = db.run("send", NOW + 60).await;
    assert_eq!(
        (
            early.counts.sent,
            early.counts.failed,
            early.counts.deferred
        ),
        (0, 0, 1),
        "not before 5 minutes"
    );
    // Each retry waits twice as long: 5, 10, 20, 40 minutes; the fifth failure gives up.
    let mut at = NOW;
    for wait in [300, 600, 1200, 2400] {
        at += wait;
        let r = db.run("send", at).await;
        assert_eq!(r.counts.failed, 1, "retry after {wait} s");
    }
    let status = db
        .count(
            "SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE status = 'failed' AND attempts = 5",
        )
        .await;
    assert_eq!(status, 1, "given up after 5 attempts");
    assert_eq!(
        db.run("send", at + 86_400).await.counts.failed,
        0,
        "never tried again"
    );
}

#[tokio::test]
async fn a_refused_recipient_fails_for_good_with_the_servers_reply() {
    let db = TestDb::new("permfail").await;
    let d = domain("permfail");
    db.load(
        &course_with(&[format!("permfail@{d}"), format!("ok@{d}")]),
        NOW,
    )
    .await;
    let r = db.run("send", NOW).await;
    assert_eq!(
        (r.counts.sent, r.counts.failed, r.counts.deferred),
        (1, 1, 0)
    );
    let replies = db.count("SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE status = 'failed' AND lasterror LIKE '%550%'").await;
    assert_eq!(replies, 1);
    let again = db.run("send", NOW + 86_400).await;
    assert_eq!(
        again.counts.trapped.get("F"),
        Some(&1),
        "reported as failed, never retried"
    );
}

#[tokio::test]
async fn a_dropped_connection_fails_that_message_only_and_the_run_reconnects() {
    let db = TestDb::new("drop").await;
    let d = domain("drop");
    db.load(
        &course_with(&[
            format!("a@{d}"),
            format!("drop@{d}"),
            format!("b@{d}"),
            format!("c@{d}"),
        ]),
        NOW,
    )
    .await;
    let r = db.run("send", NOW).await;
    assert_eq!(
        (r.counts.sent, r.counts.failed, r.counts.deferred),
        (3, 1, 1),
        "{:?}",
        r.failures
    );
    settle().await;
    assert_eq!(delivered_to(&d).len(), 3);
}

#[tokio::test]
async fn a_server_that_stalls_on_one_message_costs_its_timeout_and_the_run_goes_on() {
    let db = TestDb::new("stall").await;
    let d = domain("stall");
    db.load(
        &course_with(&[format!("a@{d}"), format!("stall@{d}"), format!("b@{d}")]),
        NOW,
    )
    .await;
    let mut raw = db.raw_config();
    raw.smtp.timeout = 2;
    let impatient = Config::try_from(raw).unwrap();
    let r = db.try_run(&impatient, "send", NOW, None).await.unwrap();
    assert_eq!(
        (r.counts.sent, r.counts.failed, r.counts.deferred),
        (2, 1, 1),
        "{:?}",
        r.failures
    );
    assert!(
        r.failures[0].error.contains("no reply within 2 s"),
        "{:?}",
        r.failures
    );
    // Not lost: it waits for its retry like any temporary failure.
    let waiting = db
        .count(
            "SELECT COUNT(*) FROM {p}block_cnotif_outbox \
              WHERE status = 'pending' AND attempts = 1 AND recipient LIKE 'stall@%'",
        )
        .await;
    assert_eq!(waiting, 1);
    settle().await;
    assert_eq!(delivered_to(&d).len(), 2);
}

#[tokio::test]
async fn a_server_that_never_greets_is_reported_after_the_timeout_and_nothing_is_lost() {
    // A listener that accepts and then says nothing, as a wedged relay or a firewall does.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = silent.local_addr().unwrap().port();
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            open.push(socket);
        }
    });
    let db = TestDb::new("mute").await;
    db.load(&course_with_learners(2, &domain("mute")), NOW)
        .await;
    let mut raw = db.raw_config();
    raw.smtp.port = i64::from(port);
    raw.smtp.timeout = 1;
    let mute = Config::try_from(raw).unwrap();
    let err = db.try_run(&mute, "send", NOW, None).await.unwrap_err();
    let message = err.to_string();
    assert!(message.contains("no answer within 1 s"), "{message}");
    assert!(message.contains("stay queued"), "{message}");
    held.abort();
    assert_eq!(
        db.count(
            "SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE status = 'pending' AND attempts = 0"
        )
        .await,
        2
    );
    let back = db.run("send", NOW + 60).await;
    assert_eq!(back.counts.sent, 2);
}

#[tokio::test]
async fn within_the_cap_urgent_messages_go_first_and_courses_take_turns() {
    let db = TestDb::new("fair").await;
    let d = domain("fair");
    let mut s = Scenario::new().course(7, NOW - DAY).course(8, NOW - DAY);
    for i in 0..6 {
        s = s.learner(100 + i, &format!("big{i}@{d}"), 7, NOW - DAY);
    }
    for i in 0..2 {
        s = s.learner(200 + i, &format!("small{i}@{d}"), 8, NOW - DAY);
    }
    // A learner of the big course whose access closed yesterday: the urgent one.
    let sql = format!(
        "{}INSERT INTO mdl_user (id, auth, confirmed, mnethostid, username, email, lang) VALUES (300, 'manual', 1, 1, 'u300', 'closing@{d}', 'en');
         INSERT INTO mdl_user_enrolments (status, enrolid, userid, timestart, timeend) VALUES (0, 7, 300, {start}, {end});
         INSERT INTO mdl_user_lastaccess (userid, courseid, timeaccess) VALUES (300, 7, {start});
         INSERT INTO mdl_role_assignments (roleid, contextid, userid) VALUES (5, 107, 300);",
        s.sql(),
        start = NOW - 30 * DAY,
        end = NOW - DAY
    );
    db.load(&sql, NOW).await;
    let config = db.config();
    let r = db.try_run(&config, "send", NOW, Some(4)).await.unwrap();
    assert_eq!((r.counts.sent, r.counts.deferred), (4, 5));
    let sent = |course: i64| {
        format!("SELECT COUNT(*) FROM {{p}}block_cnotif_outbox WHERE status = 'sent' AND courseid = {course}")
    };
    assert_eq!(db.count("SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE status = 'sent' AND notification = 'closed'").await, 1);
    assert_eq!(
        (db.count(&sent(7)).await, db.count(&sent(8)).await),
        (2, 2),
        "the small course is not starved"
    );
}

#[tokio::test]
async fn the_send_window_opens_at_each_recipients_hours() {
    use course_notification_engine::window::SendWindow;
    use course_notification_runner::config::RunOptions;
    let db = TestDb::new("window").await;
    let d = domain("window");
    // Monday 2026-11-23 11:00 UTC: noon in Paris, 20:00 in Tokyo.
    let monday = NOW + DAY + 11 * 3600;
    let sql = Scenario::new()
        .course(7, monday - DAY)
        .learner(100, &format!("paris@{d}"), 7, monday - DAY)
        .learner(101, &format!("tokyo@{d}"), 7, monday - DAY)
        .sql()
        .to_string()
        + "UPDATE mdl_user SET timezone = 'Europe/Paris' WHERE id = 100;\n\
           UPDATE mdl_user SET timezone = 'Asia/Tokyo' WHERE id = 101;\n";
    db.load(&sql, monday).await;
    let window = Some(SendWindow {
        start_hour: 8,
        end_hour: 20,
        weekdays_only: true,
    });
    let run = |now: i64| {
        let options = RunOptions {
            now,
            mode: course_notification_runner::config::Mode::Send,
            scope: Default::default(),
            cap: 200,
            detail: course_notification_runner::config::Detail::All,
            window,
            connections: 1,
            message: false,
            evaluate: true,
            deadline: None,
        };
        let config = db.config();
        async move {
            course_notification_runner::run(&config, &options)
                .await
                .unwrap()
        }
    };
    let noon_paris = run(monday).await;
    assert_eq!(
        (
            noon_paris.counts.sent,
            noon_paris.counts.deferred,
            noon_paris.counts.outside_window
        ),
        (1, 1, 1)
    );
    // 01:00 in Paris, 09:00 in Tokyo (Tuesday).
    let morning_tokyo = run(monday + 14 * 3600).await;
    assert_eq!(
        (morning_tokyo.counts.sent, morning_tokyo.counts.deferred),
        (1, 0)
    );
    settle().await;
    assert_eq!(delivered_to(&d).len(), 2);
}

#[tokio::test]
async fn when_the_first_smtp_host_is_down_the_next_one_delivers() {
    let db = TestDb::new("failover").await;
    let d = domain("failover");
    db.load(&course_with_learners(2, &d), NOW).await;
    let mut raw = db.raw_config();
    let catcher = format!("127.0.0.1:{}", raw.smtp.port);
    raw.smtp.port = 9;
    raw.smtp.fallbacks = vec!["127.0.0.1:10".into(), catcher];
    let r = db
        .try_run(&Config::try_from(raw.clone()).unwrap(), "send", NOW, None)
        .await
        .unwrap();
    assert_eq!((r.counts.sent, r.counts.failed), (2, 0));
    settle().await;
    assert_eq!(delivered_to(&d).len(), 2);

    raw.smtp.fallbacks = vec!["127.0.0.1:10".into()];
    db.exec(&format!(
        "UPDATE {{p}}block_cnotif_outbox SET status = 'pending', timenext = 0 WHERE id = {}",
        first_of_course(&db, 7).await
    ))
    .await;
    let err = db
        .try_run(&Config::try_from(raw).unwrap(), "send", NOW + 60, None)
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("127.0.0.1:9") && message.contains("127.0.0.1:10"),
        "{message}"
    );
}

#[tokio::test]
async fn several_connections_send_each_message_once_and_record_every_outcome() {
    use course_notification_runner::config::{Detail, Mode, RunOptions};
    let db = TestDb::new("connections").await;
    let d = domain("connections");
    let mut addresses: Vec<String> = (0..60).map(|i| format!("l{i}@{d}")).collect();
    addresses.push(format!("permfail@{d}"));
    addresses.push(format!("drop@{d}"));
    db.load(&course_with(&addresses), NOW).await;
    let options = RunOptions {
        now: NOW,
        mode: Mode::Send,
        scope: Default::default(),
        cap: 500,
        detail: Detail::None,
        window: None,
        connections: 4,
        message: false,
        evaluate: true,
        deadline: None,
    };
    let r = course_notification_runner::run(&db.config(), &options)
        .await
        .unwrap();
    assert_eq!(
        (r.counts.sent, r.counts.failed),
        (60, 2),
        "{:?}",
        r.failures
    );
    settle().await;
    let mails = delivered_to(&d);
    assert_eq!(mails.len(), 60);
    let sent = db
        .count("SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE status = 'sent'")
        .await;
    assert_eq!(sent, 60);
}

#[tokio::test]
async fn moodle_notifications_are_queued_beside_the_mail_and_left_to_moodle() {
    let db = TestDb::new("message_output").await;
    let d = domain("messageoutput");
    db.load(&course_with_learners(3, &d), NOW).await;
    let options = course_notification_runner::config::RunOptions::try_from(
        course_notification_runner::config::RawOptions {
            now: Some(NOW),
            mode: "send".into(),
            message: true,
            ..Default::default()
        },
    )
    .unwrap();
    let r = course_notification_runner::run(&db.config(), &options)
        .await
        .unwrap();
    assert_eq!(
        (r.counts.queued, r.counts.sent, r.counts.deferred),
        (6, 3, 0),
        "3 mails sent, 3 messages for Moodle"
    );
    let messages = db
        .count("SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE output = 'message' AND status = 'pending' AND recipientid = userid")
        .await;
    assert_eq!(messages, 3, "the task hands these to message_send");
    settle().await;
    assert_eq!(
        delivered_to(&d).len(),
        3,
        "each learner gets one mail, not two"
    );
    let again = course_notification_runner::run(&db.config(), &options)
        .await
        .unwrap();
    assert_eq!((again.counts.queued, again.counts.sent), (0, 0));
}

#[tokio::test]
async fn with_no_smtp_host_messages_go_through_sendmail_as_moodle_does() {
    let db = TestDb::new("sendmail").await;
    let d = domain("sendmail");
    db.load(&course_with_learners(2, &d), NOW).await;
    // A sendmail-compatible program (msmtp, from Debian) that relays to the test SMTP server.
    let mut raw = db.raw_config();
    let dir = through_sendmail(&mut raw, "sendmail");
    let r = db
        .try_run(&Config::try_from(raw.clone()).unwrap(), "send", NOW, None)
        .await
        .unwrap();
    assert_eq!((r.counts.sent, r.counts.failed), (2, 0), "{:?}", r.failures);
    settle().await;
    assert_eq!(delivered_to(&d).len(), 2);

    raw.smtp.sendmail = "/nonexistent/sendmail".into();
    db.exec(&format!(
        "UPDATE {{p}}block_cnotif_outbox SET status = 'pending' WHERE id = {}",
        first_of_course(&db, 7).await
    ))
    .await;
    let err = db
        .try_run(&Config::try_from(raw).unwrap(), "send", NOW + 60, None)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("sendmail /nonexistent/sendmail"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_deliver_only_run_sends_the_outbox_and_decides_nothing() {
    use course_notification_runner::config::{RawOptions, RunOptions};
    let db = TestDb::new("deliveronly").await;
    let d = domain("deliveronly");
    db.load(&course_with_learners(3, &d), NOW).await;
    let first = db
        .try_run(&db.config(), "send", NOW, Some(1))
        .await
        .unwrap();
    assert_eq!((first.counts.queued, first.counts.sent), (3, 1));
    // A learner enrolled since: only an evaluating run sees them.
    let sql = format!(
        "INSERT INTO mdl_user (id, auth, confirmed, mnethostid, username, firstname, lastname, email, lang)
           VALUES (200, 'manual', 1, 1, 'late', 'Late', 'Comer', 'late@{d}', 'en');
         INSERT INTO mdl_user_enrolments (status, enrolid, userid, timestart, timeend) VALUES (0, 7, 200, {start}, 0);
         INSERT INTO mdl_role_assignments (roleid, contextid, userid) VALUES (5, 107, 200);",
        start = NOW - DAY
    );
    db.load(&sql, NOW).await;
    let deliver_only = RunOptions::try_from(RawOptions {
        now: Some(NOW + 60),
        mode: "send".into(),
        evaluate: Some(false),
        ..Default::default()
    })
    .unwrap();
    let r = course_notification_runner::run(&db.config(), &deliver_only)
        .await
        .unwrap();
    assert_eq!(
        (r.counts.evaluated, r.counts.queued, r.counts.sent),
        (0, 0, 2)
    );
    let next = db.run("send", NOW + 120).await;
    assert_eq!((next.counts.queued, next.counts.sent), (1, 1));
    settle().await;
    assert_eq!(delivered_to(&d).len(), 4);
}

/// The first outbox row of `course` (`UPDATE ... LIMIT 1` is MariaDB's alone).
async fn first_of_course(db: &TestDb, course: i64) -> i64 {
    db.count(&format!(
        "SELECT MIN(id) FROM {{p}}block_cnotif_outbox WHERE courseid = {course}"
    ))
    .await
}
