//! A run narrowed to one user or one course (a learner's page, a teacher's block, the task after
//! an enrolment) reads the same number of rows on a site ten times larger, on one connection, and
//! decides for them what the full run decides.

use course_notification_moodle_db::reads;
use course_notification_runner::config::{ForecastOptions, RawForecast, RawOptions, RunOptions};
use course_notification_runner::forecast;
use course_notification_runner::report::{DecisionRow, Report};

use crate::support::{Scenario, TestDb, DAY, NOW};

/// Learner 9,000,000 of course 2: every other user's id lies between the course's learners.
const HIGH: i64 = 9_000_000;

/// Courses 2 and 3 with their learners (10 in both; 11 and `HIGH` in 2; 13 in 3), a teacher, an
/// override, a definition and its text in course 2; then `others` courses of five learners each,
/// each with its own override, definition, text, teacher, last accesses and completions.
fn site(others: i64) -> String {
    let start = NOW - 30 * DAY;
    let mut s = Scenario::new()
        .course(2, start)
        .course(3, start)
        .learner(10, "u10@example.org", 2, start)
        .learner(11, "u11@example.org", 2, start)
        .learner(HIGH, "high@example.org", 2, start)
        .learner(10, "u10@example.org", 3, start)
        .learner(13, "u13@example.org", 3, start);
    s.sql.push_str(&format!(
        "INSERT INTO mdl_role (id, shortname, description, sortorder, archetype) VALUES (3, 'editingteacher', '', 3, 'editingteacher');
         INSERT INTO mdl_user (id, auth, confirmed, mnethostid, username, firstname, lastname, email, lang)
           VALUES (50, 'manual', 1, 1, 't50', 'Teach', 'Er', 't50@example.org', 'en');
         INSERT INTO mdl_role_assignments (roleid, contextid, userid) VALUES (3, 102, 50);
         INSERT INTO mdl_role_capabilities (contextid, roleid, capability, permission)
           VALUES (102, 3, 'block/course_notification:excludefromnotification', 1);
         INSERT INTO mdl_block_cnotif_def (id, contextid, code, recipients) VALUES (1, 102, 'inactive', 'learner,role:3');
         INSERT INTO mdl_block_cnotif_text (defid, lang, subject, body) VALUES (1, 'fr', 'Sujet', 'Corps');
         INSERT INTO mdl_user_lastaccess (userid, courseid, timeaccess) VALUES (10, 2, {seen});
         INSERT INTO mdl_course_completions (userid, course, timecompleted) VALUES (11, 2, {seen});\n",
        seen = NOW - 20 * DAY
    ));
    for i in 0..others {
        let (course, ctx) = (100 + i, 200 + i);
        s = s.course(course, start);
        for j in 0..5 {
            let u = 1000 + i * 5 + j;
            s = s.learner(u, &format!("u{u}@example.org"), course, start);
            s.sql.push_str(&format!(
                "INSERT INTO mdl_user_lastaccess (userid, courseid, timeaccess) VALUES ({u}, {course}, {seen});
                 INSERT INTO mdl_course_completions (userid, course, timecompleted) VALUES ({u}, {course}, {seen});\n",
                seen = NOW - 10 * DAY
            ));
        }
        let def = 10 + i;
        s.sql.push_str(&format!(
            "INSERT INTO mdl_role_assignments (roleid, contextid, userid) VALUES (3, {ctx}, 50);
             INSERT INTO mdl_role_capabilities (contextid, roleid, capability, permission)
               VALUES ({ctx}, 5, 'block/course_notification:benotified', 1),
                      ({ctx}, 3, 'block/course_notification:excludefromnotification', 1);
             INSERT INTO mdl_block_cnotif_def (id, contextid, code, recipients) VALUES ({def}, {ctx}, 'inactive', 'learner,role:3');
             INSERT INTO mdl_block_cnotif_text (defid, lang, subject, body) VALUES ({def}, 'fr', 'Sujet', 'Corps');\n"
        ));
    }
    s.sql
}

async fn run(db: &TestDb, mode: &str, now: i64, users: &[i64], courses: &[i64]) -> Report {
    let options = RunOptions::try_from(RawOptions {
        now: Some(now),
        mode: mode.into(),
        users: users.to_vec(),
        courses: courses.to_vec(),
        ..Default::default()
    })
    .unwrap();
    course_notification_runner::run(&db.config(), &options)
        .await
        .unwrap_or_else(|e| panic!("run failed: {e}"))
}

fn sorted(mut rows: Vec<DecisionRow>) -> Vec<DecisionRow> {
    rows.sort_by(|a, b| {
        (a.course_id, a.user_id, &a.notification, &a.email).cmp(&(
            b.course_id,
            b.user_id,
            &b.notification,
            &b.email,
        ))
    });
    rows
}

/// The site with `others` other courses, its outbox filled by an earlier mark-only run; the
/// reports of a full, a one-user (10) and a one-course (2) dry run.
async fn measure(name: &str, others: i64) -> [Report; 3] {
    let db = TestDb::new(name).await;
    db.load(&site(others), NOW).await;
    run(&db, "markonly", NOW - 12 * DAY, &[], &[]).await;
    let full = run(&db, "dryrun", NOW, &[], &[]).await;
    let user = run(&db, "dryrun", NOW, &[10], &[]).await;
    let course = run(&db, "dryrun", NOW, &[], &[2]).await;
    [full, user, course]
}

#[tokio::test]
async fn a_one_user_and_a_one_course_run_read_the_same_rows_on_a_site_ten_times_larger() {
    let [small_full, small_user, small_course] = measure("scoped_reads_small", 20).await;
    let [large_full, large_user, large_course] = measure("scoped_reads_large", 200).await;
    assert!(
        large_full.counts.rows_read > 5 * small_full.counts.rows_read,
        "the full run reads the whole site: {} then {}",
        small_full.counts.rows_read,
        large_full.counts.rows_read
    );
    assert!(small_user.counts.evaluated > 0 && small_course.counts.evaluated > 0);
    assert_eq!(
        (small_user.counts.rows_read, small_course.counts.rows_read),
        (large_user.counts.rows_read, large_course.counts.rows_read),
        "one user, one course: rows read on the small site, then on the large one"
    );
    // Narrowed, the run decides for its user and course what the full run decides.
    for (full, user, course) in [
        (&small_full, &small_user, &small_course),
        (&large_full, &large_user, &large_course),
    ] {
        let only = |keep: &dyn Fn(&DecisionRow) -> bool| {
            sorted(full.decisions.iter().filter(|d| keep(d)).cloned().collect())
        };
        assert_eq!(sorted(user.decisions.clone()), only(&|d| d.user_id == 10));
        assert_eq!(
            sorted(course.decisions.clone()),
            only(&|d| d.course_id == 2)
        );
    }
}

#[tokio::test]
async fn a_narrowed_run_opens_one_connection() {
    let db = TestDb::new("scoped_connections").await;
    db.load(&site(3), NOW).await;
    for (mode, users, courses) in [
        ("dryrun", &[10][..], &[][..]),
        ("dryrun", &[], &[2]),
        ("dryrun", &[10, 13], &[2, 3]),
        ("markonly", &[HIGH], &[]),
        ("markonly", &[], &[3]),
    ] {
        let r = run(&db, mode, NOW, users, courses).await;
        assert!(r.counts.evaluated > 0, "{mode} {users:?} {courses:?}");
        assert_eq!(
            r.counts.connections, 1,
            "{mode} users {users:?} courses {courses:?}"
        );
    }
    // The learner's page: the forecast of one user in one course.
    let options = ForecastOptions::try_from(RawForecast {
        now: Some(NOW),
        days: Some(14),
        users: vec![10],
        courses: vec![2],
        ..Default::default()
    })
    .unwrap();
    let (days, reads) = reads::counted(forecast(&db.config(), &options)).await;
    assert!(days.unwrap().iter().any(|d| d.due > 0));
    assert_eq!(reads.connections, 1, "the forecast of one learner");
    // The full run reads its learners' side tables at once, on connections of their own.
    assert_eq!(
        run(&db, "dryrun", NOW, &[], &[]).await.counts.connections,
        6
    );
}
