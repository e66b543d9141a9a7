//! A sending run killed (SIGKILL) at random points, again and again, then let finish: nothing is
//! lost, and a message is duplicated only when the kill fell between the server's 250 and the
//! commit that records it (at most one message per kill, since a run sends one at a time).

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::{settle, Scenario, TestDb, DAY, NOW};

const LEARNERS: i64 = 1500;
const KILLS: usize = 25;

fn command(db: &TestDb, cap: i64) -> Command {
    let mut c = db.command(&db.raw_config().db.pass);
    c.args(["--cap", &cap.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

#[tokio::test]
async fn killed_at_random_points_nothing_is_lost_and_duplicates_stay_within_the_250_window() {
    let db = TestDb::new("crashes").await;
    let mut s = Scenario::new().course(7, NOW - DAY);
    for i in 0..LEARNERS {
        s = s.learner(1000 + i, &format!("l{i}@crash.test"), 7, NOW - DAY);
    }
    db.load(s.sql(), NOW).await;

    // A small deterministic generator: the kill points differ from one kill to the next.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut killed = 0;
    for _ in 0..KILLS {
        // Runs of at most 300 messages, killed after 10 to 160 ms: the kills fall all along the
        // backlog, in every phase of a run (reading, queueing, claiming, sending, recording).
        let mut child = command(&db, 300)
            .spawn()
            .expect("start course-notification");
        tokio::time::sleep(Duration::from_millis(10 + next() % 150)).await;
        if child.try_wait().expect("poll").is_none() {
            child.kill().expect("SIGKILL");
            killed += 1;
        }
        let _ = child.wait();
    }
    // Then cron goes on: the server releases a killed run's lock when it sees the connection
    // gone, and until then a run is skipped; the next one finishes the work.
    let mut finished = false;
    for _ in 0..50 {
        let out = command(&db, LEARNERS).output().expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json = String::from_utf8_lossy(&out.stdout);
        if json.contains("\"skipped\":false") && json.contains("\"deferred\":0") {
            finished = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(finished, "the runs after the kills finished the work");
    settle().await;

    let mails = db.mails();
    let mut per_id: HashMap<String, usize> = HashMap::new();
    for m in &mails {
        if let Some(id) = m.lines().find(|l| l.starts_with("Message-ID:")) {
            *per_id.entry(id.to_string()).or_default() += 1;
        }
    }
    let lost = LEARNERS as usize - per_id.len();
    let duplicated: usize = per_id.values().map(|n| n - 1).sum();
    println!("crash test: kills={killed} due={LEARNERS} delivered={} lost={lost} duplicated={duplicated}", per_id.len());
    assert!(
        killed >= KILLS / 2,
        "most runs were killed mid-way ({killed} of {KILLS})"
    );
    assert_eq!(lost, 0, "every message reached the server");
    assert!(
        duplicated <= killed,
        "{duplicated} duplicates for {killed} kills"
    );
    let sent = db
        .count("SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE status = 'sent'")
        .await;
    assert_eq!(sent, LEARNERS, "and the outbox says so");
}
