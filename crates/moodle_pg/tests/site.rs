//! Moodle's site settings and one-row course reads against a real PostgreSQL.

mod support;

use course_notification_moodle_pg::{site, Postgres};
use course_notification_store::{Session, Store};
use support::TestDb;

#[tokio::test]
async fn the_config_table_gives_the_settings_and_the_guest_role() {
    let db = TestDb::new("site").await;
    db.client()
        .await
        .batch_execute(
            "INSERT INTO mdl_config (name, value) VALUES \
               ('siteadmins', '2, 7'), ('siteguest', '1'), ('guestroleid', '42'), \
               ('defaultuserroleid', '7'), ('forcetimezone', 'Europe/Paris'), \
               ('coursecontact', '3,4'); \
             INSERT INTO mdl_role (id, name, shortname, description, sortorder, archetype) VALUES \
               (5, '', 'student', '', 5, 'student'), (6, '', 'guest', '', 6, 'guest'), \
               (9, '', 'guest2', '', 9, 'guest'); \
             INSERT INTO mdl_context (contextlevel, instanceid, path, depth) VALUES \
               (50, 15, '/1/3/15', 3)",
        )
        .await
        .unwrap();
    let mut s = Postgres.open(&db.settings(), &db.tables()).await.unwrap();
    let conn = s.conn();
    let settings = site::moodle_settings(conn, &db.tables(), None)
        .await
        .unwrap();
    assert_eq!(settings.accounts.admins, [2, 7]);
    assert_eq!(settings.accounts.guest_user, 1);
    assert_eq!(
        settings.accounts.guest_role,
        Some(6),
        "role 42 does not exist: the first guest archetype"
    );
    assert_eq!(settings.accounts.default_role, Some(7));
    assert_eq!(settings.forcetimezone.as_deref(), Some("Europe/Paris"));
    assert_eq!(
        site::course_contact_roles(conn, &db.tables())
            .await
            .unwrap(),
        [3, 4]
    );
    assert_eq!(
        site::course_context_path(conn, &db.tables(), 15)
            .await
            .unwrap()
            .as_deref(),
        Some("/1/3/15")
    );
    assert_eq!(
        site::course_context_path(conn, &db.tables(), 16)
            .await
            .unwrap(),
        None
    );
    s.close().await;
    db.drop().await;
}
