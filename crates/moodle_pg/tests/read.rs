//! Moodle's facts read from a real PostgreSQL: courses, capabilities, definitions and staff.

mod support;

use course_notification_moodle_pg::{read, Postgres, Scope};
use course_notification_store::{Session, Store};
use support::TestDb;

/// A hidden category 2 holding visible course 10 (with the block), a visible category 3 holding
/// course 11 (with the block) and course 12 (without); a teacher in course 11 and a definition.
const SITE: &str = "\
    INSERT INTO mdl_course_categories (id, name, path, visible) VALUES \
      (2, 'Hidden', '/2', 0), (3, 'Shown', '/3', 1); \
    INSERT INTO mdl_course (id, category, shortname, fullname, startdate, enddate, visible) VALUES \
      (1, 0, 'site', 'Site', 0, 0, 1), (10, 2, 'c10', 'Course 10', 100, 200, 1), \
      (11, 3, 'c11', 'Course 11', 300, 0, 0), (12, 3, 'c12', 'Course 12', 0, 0, 1); \
    INSERT INTO mdl_context (id, contextlevel, instanceid, path, depth) VALUES \
      (1, 10, 0, '/1', 1), (110, 50, 10, '/1/110', 2), (111, 50, 11, '/1/111', 2), \
      (112, 50, 12, '/1/112', 2); \
    INSERT INTO mdl_block_instances (blockname, parentcontextid, showinsubcontexts, \
      defaultweight, timecreated, timemodified) VALUES \
      ('course_notification', 110, 0, 0, 0, 0), ('course_notification', 111, 0, 0, 0, 0), \
      ('html', 112, 0, 0, 0, 0); \
    INSERT INTO mdl_user (id, username, email, firstname, lastname, lang, timezone, mailformat, auth) \
      VALUES (5, 'teacher', 't@example.org', 'Tea', 'Cher', 'fr', 'Europe/Paris', 0, 'manual'); \
    INSERT INTO mdl_role_assignments (roleid, contextid, userid) VALUES (3, 111, 5); \
    INSERT INTO mdl_user_preferences (userid, name, value) VALUES \
      (5, 'email_bounce_count', '20'), (5, 'email_send_count', '21'); \
    INSERT INTO mdl_role_capabilities (contextid, roleid, capability, permission) VALUES \
      (1, 5, 'block/course_notification:receive', 1), (111, 5, 'block/course_notification:receive', -1); \
    INSERT INTO mdl_block_cnotif_def (id, contextid, code, enabled, triggertype, offsetdays, priority) \
      VALUES (7, 111, 'n1', 1, 'courseend', -3, 2); \
    INSERT INTO mdl_block_cnotif_text (defid, lang, subject, body) VALUES (7, 'en', 'S', 'B')";

#[tokio::test]
async fn moodles_facts_are_read_with_their_types() {
    let db = TestDb::new("read").await;
    db.client().await.batch_execute(SITE).await.unwrap();
    let t = db.tables();
    let mut s = Postgres.open(&db.settings(), &t).await.unwrap();
    let conn = s.conn();

    let courses = read::courses(conn, &t, &Scope::default()).await.unwrap();
    let mut ids: Vec<_> = courses.keys().copied().collect();
    ids.sort();
    assert_eq!(ids, [10, 11], "the courses that carry the block");
    let c10 = &courses[&10];
    assert_eq!((c10.course.startdate, c10.course.enddate), (100, 200));
    assert!(c10.course.visible && !c10.course.category_visible);
    assert!(!courses[&11].course.visible && courses[&11].course.category_visible);
    assert_eq!(courses[&11].context_path, "/1/111");
    let narrowed = Scope {
        courses: vec![11, 12],
        users: vec![],
    };
    assert_eq!(read::courses(conn, &t, &narrowed).await.unwrap().len(), 1);

    let cap = "block/course_notification:receive";
    assert_eq!(
        read::capability(conn, &t, cap, None).await.unwrap().len(),
        2
    );
    let within = read::capability(conn, &t, cap, Some(&[111])).await.unwrap();
    assert_eq!(
        (
            within[0].role,
            within[0].context,
            within[0].depth,
            within[0].permission
        ),
        (5, 111, 2, -1)
    );

    let defs = read::definitions(conn, &t, None).await.unwrap();
    assert_eq!(defs.len(), 1);
    assert_eq!((defs[0].code.as_str(), defs[0].depth), ("n1", 2));
    assert_eq!(defs[0].overrides.offset_days, Some(-3));
    assert_eq!(defs[0].overrides.priority, Some(2));
    assert_eq!(defs[0].overrides.repeat_every_days, None, "NULL inherits");
    assert_eq!(defs[0].overrides.texts.len(), 1);
    assert!(read::definitions(conn, &t, Some(&[]))
        .await
        .unwrap()
        .is_empty());

    let staff = read::staff(conn, &t, None, &[3], None).await.unwrap();
    let (role, teacher) = &staff[&11][0];
    assert_eq!((*role, teacher.id, teacher.mailformat), (3, 5, 0));
    assert_eq!(teacher.timezone, "Europe/Paris");
    assert!(!teacher.over_bounce_threshold);
    s.close().await;
    db.drop().await;
}
