//! The learners' stream on a real PostgreSQL: block by block over more than one block, every
//! learner once with all their enrolments, side tables joined, narrowed runs on one connection.

mod support;

use std::collections::HashMap;

use course_notification_engine::model::EnrolmentState;
use course_notification_moodle_pg::{reads, Postgres, Scope};
use course_notification_store::learners::{JoinFacts, BLOCK_ENROLMENTS};
use course_notification_store::{Learner, LearnerStream, Session, SiteReads, Store};
use support::TestDb;

/// Course 10 (context 110) with methods 1 (enabled) and 2 (disabled), course 11 (context 111)
/// with method 3; `n` users (ids 100..) each enrolled in course 10 by method 1, every third also
/// by method 2, and user 100 in course 11 too (suspended); user 101 holds the student role in
/// course 10, has a last access, a completion and a sent outbox row.
fn site(n: i64) -> String {
    format!(
        "INSERT INTO mdl_enrol (id, enrol, status, courseid) VALUES \
           (1, 'manual', 0, 10), (2, 'self', 1, 10), (3, 'manual', 0, 11); \
         INSERT INTO mdl_user (id, username, email, firstname, lastname, lang, timezone, auth) \
           SELECT i, 'u' || i, 'u' || i || '@example.org', 'F' || i, 'L' || i, 'en', '99', 'manual' \
             FROM generate_series(100, {last}) i; \
         INSERT INTO mdl_user_enrolments (status, enrolid, userid, timestart, timeend, timecreated) \
           SELECT 0, 1, i, 1000 + i, 0, 500 FROM generate_series(100, {last}) i; \
         INSERT INTO mdl_user_enrolments (status, enrolid, userid, timestart, timeend, timecreated) \
           SELECT 0, 2, i, 10, 99999, 400 FROM generate_series(100, {last}) i WHERE i % 3 = 0; \
         INSERT INTO mdl_user_enrolments (status, enrolid, userid, timestart, timeend, timecreated) \
           VALUES (1, 3, 100, 7, 0, 7); \
         INSERT INTO mdl_role_assignments (roleid, contextid, userid) VALUES (5, 110, 101); \
         INSERT INTO mdl_user_lastaccess (userid, courseid, timeaccess) VALUES (101, 10, 4242); \
         INSERT INTO mdl_course_completions (userid, course, timecompleted) VALUES (101, 10, 4343); \
         INSERT INTO mdl_block_cnotif_outbox (occkey, notification, userid, courseid, status, \
           recipient, recipientname, lang, timezone, subject, bodytext, bodyhtml, messageid, \
           timecreated, timesent) \
           VALUES ('10/101/n1', 'n1', 101, 10, 'sent', 'x', 'x', 'en', '99', 'S', 'B', 'B', 'm', 600, 700)",
        last = 99 + n
    )
}

async fn all(db: &TestDb, scope: &Scope) -> (Vec<Learner>, usize, reads::Reads) {
    let mut s = Postgres.open(&db.settings(), &db.tables()).await.unwrap();
    // The courses in scope, as the runner gives them.
    let courses: HashMap<i64, &str> = [(10, "/1/110"), (11, "/1/111")]
        .into_iter()
        .filter(|(id, _)| scope.courses.is_empty() || scope.courses.contains(id))
        .collect();
    let ((learners, blocks), counted) = reads::counted(async {
        let mut reader = s
            .learners(scope, &courses, &JoinFacts::default())
            .await
            .unwrap();
        let (mut learners, mut blocks) = (Vec::new(), 0);
        while let Some(block) = LearnerStream::next_block(&mut reader, &mut s)
            .await
            .unwrap()
        {
            blocks += 1;
            learners.extend(block);
        }
        LearnerStream::close(reader).await;
        (learners, blocks)
    })
    .await;
    s.close().await;
    (learners, blocks, counted)
}

#[tokio::test]
async fn every_learner_is_read_once_across_blocks_with_their_facts() {
    let db = TestDb::new("learners").await;
    // 1.5 enrolments per user on average: the learners fill more than one block.
    let n = BLOCK_ENROLMENTS as i64;
    db.client().await.batch_execute(&site(n)).await.unwrap();
    let (learners, blocks, counted) = all(&db, &Scope::default()).await;
    assert!(blocks >= 2, "{blocks} block(s)");
    assert_eq!(counted.connections, 5, "the side tables' connections");
    let ids: Vec<i64> = learners
        .iter()
        .map(|l| l.rows[0].participation.user.id)
        .collect();
    assert_eq!(
        ids,
        (100..100 + n).collect::<Vec<_>>(),
        "each once, in order"
    );

    let u100 = &learners[0];
    assert_eq!(u100.rows.len(), 2, "courses 10 and 11");
    let (c10, c11) = (&u100.rows[0].participation, &u100.rows[1].participation);
    assert_eq!((c10.course_id, c10.state), (10, EnrolmentState::Active));
    assert_eq!(c11.state, EnrolmentState::Suspended);
    // Method 2 is disabled: the dates are those of the active enrolment only.
    let u102 = &learners[2].rows[0].participation;
    assert_eq!(
        (u102.enrol_start, u102.enrol_end, u102.enrolled_at),
        (1102, None, 400)
    );

    let u101 = &learners[1];
    let p = &u101.rows[0].participation;
    assert_eq!((p.last_access, p.completed_at), (Some(4242), Some(4343)));
    assert_eq!(u101.rows[0].roles, [5]);
    assert_eq!(u101.handled.len(), 1, "its outbox row");
    db.drop().await;
}

#[tokio::test]
async fn a_narrowed_run_reads_its_learners_on_one_connection() {
    let db = TestDb::new("learners_narrowed").await;
    db.client().await.batch_execute(&site(300)).await.unwrap();
    let scope = Scope {
        courses: vec![10],
        users: vec![101, 250],
    };
    let (learners, _, counted) = all(&db, &scope).await;
    let ids: Vec<i64> = learners
        .iter()
        .map(|l| l.rows[0].participation.user.id)
        .collect();
    assert_eq!(ids, [101, 250]);
    assert_eq!(counted.connections, 0, "none beside the session's own");
    assert!(counted.rows < 20, "{} rows read", counted.rows);
    db.drop().await;
}
