//! Moodle rows nobody should have, through a dry run and a real run: NULLs, 0, negative and huge
//! times, enrolments ending before they start, invalid UTF-8 and 10 kB names, quotes and SQL in
//! names, markup and CR/LF in names and addresses. No panic; each learner gets a sensible decision;
//! every accepted message is delivered or recorded failed with a reason (nothing lost); no name
//! adds a header, and markup stays text in the HTML part.

use mysql_async::prelude::Queryable;
use mysql_async::Value;

use crate::support::{settle, Scenario, TestConn, TestDb, DAY, NOW};

/// A learner row: id, first name bytes, last name, e-mail, timezone, lang, enrolment start, end.
type Learner = (
    i64,
    Vec<u8>,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<i64>,
    Option<i64>,
);

/// The learners; learner 6's first name is `long` bytes long.
fn learners(long: usize) -> Vec<Learner> {
    let d = Some(NOW - DAY);
    vec![
        (
            1,
            b"Plain".to_vec(),
            "Control",
            "plain@odd.test",
            Some("99"),
            Some("en"),
            d,
            Some(0),
        ),
        (
            2,
            b"O'Brien \"Bob\" \\".to_vec(),
            "x'); DROP TABLE mdl_user; --",
            "quote@odd.test",
            Some("99"),
            Some("en"),
            d,
            Some(0),
        ),
        (
            3,
            b"<script>alert(1)</script>".to_vec(),
            "<b>&amp;</b>",
            "html@odd.test",
            Some("99"),
            Some("fr"),
            d,
            Some(0),
        ),
        (
            4,
            b"Ana\r\nBcc: thief@example.org".to_vec(),
            "X\nX-Injected: yes",
            "crlf@odd.test",
            Some("99"),
            Some("en"),
            d,
            Some(0),
        ),
        (
            5,
            vec![b'B', 0xc3, 0x28, 0xff, b'd'],
            "Invalid",
            "utf8@odd.test",
            Some("99"),
            Some("en"),
            d,
            Some(0),
        ),
        (
            6,
            vec![b'L'; long],
            "Long",
            "long@odd.test",
            Some("99"),
            Some("en"),
            d,
            Some(0),
        ),
        (
            7,
            b"Null".to_vec(),
            "Nulls",
            "nulls@odd.test",
            None,
            None,
            None,
            None,
        ),
        (
            8,
            b"Zero".to_vec(),
            "Zero",
            "zero@odd.test",
            Some(""),
            Some(""),
            Some(0),
            Some(0),
        ),
        (
            9,
            b"Negative".to_vec(),
            "Negative",
            "negative@odd.test",
            Some("Bogus/Zone"),
            Some("xx"),
            Some(-5 * DAY),
            Some(-DAY),
        ),
        (
            10,
            b"Backwards".to_vec(),
            "End before start",
            "backwards@odd.test",
            Some("99"),
            Some("en"),
            d,
            Some(NOW - 10 * DAY),
        ),
        (
            11,
            b"Huge".to_vec(),
            "Huge",
            "huge@odd.test",
            Some("99"),
            Some("en"),
            Some(i64::MAX),
            Some(i64::MAX),
        ),
        (
            12,
            b"Min".to_vec(),
            "Min",
            "min@odd.test",
            Some("99"),
            Some("en"),
            Some(i64::MIN),
            Some(i64::MIN),
        ),
        (
            13,
            b"Header".to_vec(),
            "Address",
            "evil@odd.test\r\nBcc: thief@example.org",
            Some("99"),
            Some("en"),
            d,
            Some(0),
        ),
        (
            14,
            b"Millis".to_vec(),
            "Millis",
            "millis@odd.test",
            Some("99"),
            Some("en"),
            Some(NOW * 1000),
            Some(0),
        ),
    ]
}

#[tokio::test]
async fn odd_rows_get_a_sensible_decision_and_nothing_is_lost() {
    // Moodle's own limit for a first name (varchar(100)); the course names are 10 kB.
    odd_rows("odd_rows", 100).await;
}

/// A 10 kB first name makes the recipient's name longer than the outbox column (255): the name
/// is cut to the column, so one bad row does not fail the batch and block everyone. Unreachable
/// with Moodle's own column widths (names are varchar(100)).
#[tokio::test]
async fn a_10_kb_user_name_does_not_block_the_outbox() {
    odd_rows("odd_rows_long", 10_240).await;
}

async fn odd_rows(name: &str, long: usize) {
    let db = TestDb::new(name).await;
    db.load(
        Scenario::new()
            .course(7, NOW - DAY)
            .course(8, NOW - DAY)
            .sql(),
        NOW,
    )
    .await;
    let mut c = db.client().await;
    let p = &db.prefix;
    // A site whose data came from elsewhere: names wider than Moodle's, bytes that are not UTF-8,
    // NULL where Moodle writes 0 (the columns are widened and made nullable to hold them).
    // PostgreSQL: a UTF8 database (Moodle's) refuses bytes that are not UTF-8 in any text column,
    // so a PostgreSQL site cannot hold them; there the course name keeps its markup without them
    // and the learner's first name holds what a lossy conversion made of them (U+FFFD).
    c.exec(&db.pick(
        format!(
            "ALTER TABLE {p}user MODIFY firstname VARBINARY(20000) NOT NULL DEFAULT '', \
               MODIFY timezone VARCHAR(100) NULL, MODIFY lang VARCHAR(30) NULL; \
             ALTER TABLE {p}user_enrolments MODIFY timestart BIGINT NULL, MODIFY timeend BIGINT NULL; \
             ALTER TABLE {p}course MODIFY fullname VARBINARY(20000) NOT NULL DEFAULT '', MODIFY enddate BIGINT NULL; \
             UPDATE {p}course SET fullname = CONCAT('<i>Algebra</i> & \"Logic\" ', X'C328'), enddate = NULL WHERE id = 7; \
             UPDATE {p}course SET fullname = REPEAT('é', 5000), startdate = -1, enddate = 1 WHERE id = 8"
        ),
        format!(
            "ALTER TABLE {p}user ALTER COLUMN firstname TYPE VARCHAR(20000), \
               ALTER COLUMN timezone DROP NOT NULL, ALTER COLUMN lang DROP NOT NULL; \
             ALTER TABLE {p}user_enrolments ALTER COLUMN timestart DROP NOT NULL, ALTER COLUMN timeend DROP NOT NULL; \
             ALTER TABLE {p}course ALTER COLUMN fullname TYPE VARCHAR(20000), ALTER COLUMN enddate DROP NOT NULL; \
             UPDATE {p}course SET fullname = '<i>Algebra</i> & \"Logic\" ', enddate = NULL WHERE id = 7; \
             UPDATE {p}course SET fullname = REPEAT('é', 5000), startdate = -1, enddate = 1 WHERE id = 8"
        ),
    ))
    .await;
    for (id, first, last, email, tz, lang, start, end) in learners(long) {
        let uid = 1000 + id;
        // Even learners are in both courses (course 8 has odd dates of its own).
        let courses: &[i64] = if id % 2 == 0 { &[7, 8] } else { &[7] };
        match &mut c {
            TestConn::Mariadb(c) => {
                c.exec_drop(
                    format!(
                        "INSERT INTO {p}user (id, auth, confirmed, mnethostid, username, firstname, lastname, email, timezone, lang, mailformat) \
                         VALUES (?, 'manual', 1, 1, ?, ?, ?, ?, ?, ?, 1)"
                    ),
                    (uid, format!("u{uid}"), Value::Bytes(first), last, email, tz, lang),
                )
                .await
                .expect("user row");
                for &course in courses {
                    c.exec_drop(
                        format!(
                            "INSERT INTO {p}user_enrolments (status, enrolid, userid, timestart, timeend) VALUES (0, ?, ?, ?, ?)"
                        ),
                        (course, uid, start, end),
                    )
                    .await
                    .expect("enrolment row");
                    c.exec_drop(
                        format!("INSERT IGNORE INTO {p}role_assignments (roleid, contextid, userid) VALUES (5, ?, ?)"),
                        (100 + course, uid),
                    )
                    .await
                    .expect("role row");
                }
            }
            TestConn::Pgsql(c) => {
                let first = String::from_utf8_lossy(&first).into_owned();
                c.execute(
                    &format!(
                        "INSERT INTO {p}user (id, auth, confirmed, mnethostid, username, firstname, lastname, email, timezone, lang, mailformat) \
                         VALUES ($1, 'manual', 1, 1, $2, $3, $4, $5, $6, $7, 1)"
                    ),
                    &[&uid, &format!("u{uid}"), &first, &last, &email, &tz, &lang],
                )
                .await
                .expect("user row");
                for &course in courses {
                    c.execute(
                        &format!(
                            "INSERT INTO {p}user_enrolments (status, enrolid, userid, timestart, timeend) VALUES (0, $1, $2, $3, $4)"
                        ),
                        &[&course, &uid, &start, &end],
                    )
                    .await
                    .expect("enrolment row");
                    c.execute(
                        &format!("INSERT INTO {p}role_assignments (roleid, contextid, userid) VALUES (5, $1, $2) ON CONFLICT DO NOTHING"),
                        &[&(100 + course), &uid],
                    )
                    .await
                    .expect("role row");
                }
            }
        }
    }
    c.close().await;
    if db.kind == crate::support::Kind::Pgsql {
        // The rows with explicit ids: the sequences move past them, as after a load.
        db.exec(&crate::dialect::reset_sequences()).await;
    }

    let dry = db.run("dryrun", NOW).await;
    let n = learners(long).len() as i64;
    for id in 1..=n {
        assert!(
            dry.decisions.iter().any(|d| d.user_id == 1000 + id),
            "learner {id} got a decision"
        );
    }
    assert_eq!(
        dry.counts.queued + dry.counts.sent,
        0,
        "a dry run writes and sends nothing"
    );
    for rule in dry
        .decisions
        .iter()
        .filter(|d| d.user_id == 1013)
        .map(|d| d.rule)
    {
        assert_eq!(rule, "W", "an address with CR/LF is not usable");
    }

    let sent = db.run("send", NOW).await;
    settle().await;
    assert_eq!(
        sent.counts.accepted, dry.counts.accepted,
        "the same decisions"
    );
    assert_eq!(
        sent.counts.sent + sent.counts.failed,
        sent.counts.queued,
        "every queued message was sent or recorded failed: {:?}",
        sent.failures
    );
    assert!(
        sent.counts.sent >= 4,
        "the ordinary learners got their mail"
    );
    let recorded = db
        .count("SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE status IN ('sent', 'failed')")
        .await;
    assert_eq!(recorded, sent.counts.queued as i64, "nothing left behind");
    let raw_markup = db
        .count("SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE bodyhtml LIKE '%<script>%' OR bodyhtml LIKE '%<i>Algebra%'")
        .await;
    assert_eq!(
        raw_markup, 0,
        "markup in names stays text in the HTML bodies"
    );
    let escaped = db
        .count("SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE bodyhtml LIKE '%&lt;script&gt;%'")
        .await;
    assert!(escaped >= 1, "the name with markup is there, escaped");
    let users = db.count("SELECT COUNT(*) FROM {p}user").await;
    assert_eq!(users, n, "a name is never SQL");

    let mails = db.mails();
    assert_eq!(
        mails.len() as u64,
        sent.counts.sent,
        "one mail per message sent"
    );
    for m in &mails {
        let head = m.split("\r\n\r\n").next().unwrap_or("");
        for line in head.split("\r\n").filter(|l| !l.starts_with([' ', '\t'])) {
            let name = line.split(':').next().unwrap_or("").to_ascii_lowercase();
            assert!(
                name != "bcc" && name != "x-injected",
                "a value added a header: {line}\n{head}"
            );
        }
    }
    // Nothing to do the second time: each occurrence was decided once.
    let again = db.run("send", NOW + 60).await;
    assert_eq!((again.counts.queued, again.counts.sent), (0, 0));
}
