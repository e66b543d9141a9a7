//! PostgreSQL's `dboptions['dbschema']`: a site whose tables live in a schema of their own is read
//! and written there, whatever else the database's default schema holds. This is PostgreSQL's
//! alone (MariaDB has no schemas within a database), so it runs on PostgreSQL in both passes.

use crate::support::{schema, Kind, TestDb, NOW};

const DEMO: &str = include_str!("../../../../tests/fixtures/demo-site.sql");

#[tokio::test]
async fn a_site_in_its_own_postgresql_schema_is_read_and_written_there() {
    let db = TestDb::create_in("pg_schema", "mdl_", Kind::Pgsql, Some("moodle")).await;
    db.load(DEMO, NOW).await;
    // The default schema holds the same tables, empty: another install, or a half-removed one.
    let public = TestDb {
        name: db.name.clone(),
        prefix: db.prefix.clone(),
        kind: Kind::Pgsql,
        schema: None,
    };
    public.exec(&schema(Kind::Pgsql, "mdl_")).await;

    let dry = db.run("dryrun", NOW).await;
    assert_eq!(dry.counts.accepted, 14, "the demo site's decisions");
    let marked = db.run("markonly", NOW).await;
    assert_eq!(marked.counts.queued, 14);
    assert_eq!(
        db.count("SELECT COUNT(*) FROM moodle.mdl_block_cnotif_outbox WHERE status = 'marked'")
            .await,
        14
    );
    assert_eq!(
        db.count("SELECT COUNT(*) FROM public.mdl_block_cnotif_outbox")
            .await,
        0,
        "nothing written to the default schema"
    );

    // Without the setting, the server's search path: the empty tables, nothing to decide.
    let mut raw = db.raw_config();
    raw.db.schema = String::new();
    let config = course_notification_runner::config::Config::try_from(raw.clone()).unwrap();
    let r = db.try_run(&config, "dryrun", NOW, None).await.unwrap();
    assert_eq!((r.counts.evaluated, r.counts.accepted), (0, 0));
    // As an administrator may type it in config.php: PostgreSQL folds the unquoted name, and so
    // does the store.
    raw.db.schema = "Moodle".into();
    let config = course_notification_runner::config::Config::try_from(raw).unwrap();
    let r = db.try_run(&config, "dryrun", NOW + 60, None).await.unwrap();
    assert_eq!(
        r.counts.trapped.get("B"),
        Some(&15),
        "the marked ones, read from moodle"
    );
}
