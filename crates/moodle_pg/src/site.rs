//! The site settings of Moodle's own that decisions follow, on PostgreSQL: the same statements
//! as the MariaDB adapter's `site` (the settings when the caller has no `$CFG`, the guest roles
//! for `get_guest_role()`, the message preferences of the plugin's `mail` provider), and the
//! course reads of one row.

use std::collections::HashMap;

use crate::error::classify;
use crate::tables::Quoted;
use crate::{reads, DbError, PgConn, Tables};
pub use course_notification_store::{CfgSettings, MoodleSettings};
use course_notification_store::{
    MailProvider, CFG_NAMES, MAIL_PROVIDER_ENABLED, MAIL_PROVIDER_LOCKED,
};

/// The settings: `given` when the caller has them (`$CFG` wins, as in Moodle), else the
/// `config` table's; and the roles, for `get_guest_role()`.
pub async fn moodle_settings(
    conn: &mut PgConn,
    tables: &Tables,
    given: Option<&CfgSettings>,
) -> Result<MoodleSettings, DbError> {
    let stored;
    let cfg = match given {
        Some(g) => g,
        None => {
            stored = stored_settings(conn, tables).await?;
            &stored
        }
    };
    // Only the roles `get_guest_role()` may pick: a site's many other roles are not read.
    let rows = conn
        .client
        .query(
            &tables.sql(
                "SELECT id, archetype FROM {role} WHERE id = $1 OR archetype = 'guest' ORDER BY id",
            ),
            &[&cfg.guestroleid.unwrap_or(0)],
        )
        .await
        .map_err(|e| classify("reading the roles", e))?;
    reads::rows(rows.len());
    let roles: Vec<(i64, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    let mail = mail_provider(conn, tables).await?;
    Ok(MoodleSettings::new(cfg, &roles, mail))
}

/// Moodle's site-wide message preferences for the plugin's `mail` provider (plugin `message` in
/// `config_plugins`) and whether the `email` processor is enabled.
async fn mail_provider(conn: &mut PgConn, tables: &Tables) -> Result<MailProvider, DbError> {
    let rows = conn
        .client
        .query(
            &tables.sql(
                "SELECT name, value FROM {config_plugins} WHERE plugin = 'message' AND name IN ($1, $2)",
            ),
            &[&MAIL_PROVIDER_LOCKED, &MAIL_PROVIDER_ENABLED],
        )
        .await
        .map_err(|e| classify("reading the message preferences", e))?;
    reads::rows(rows.len());
    let config: HashMap<String, String> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    let row = conn
        .client
        .query_opt(
            &tables.sql(
                "SELECT enabled::bigint FROM {message_processors} WHERE name = 'email' LIMIT 1",
            ),
            &[],
        )
        .await
        .map_err(|e| classify("reading the e-mail message processor", e))?;
    reads::rows(row.iter().len());
    Ok(MailProvider::from_config(
        &config,
        row.map(|r| r.get::<_, i64>(0)),
    ))
}

/// The settings as the `config` table stores them, read as leniently as Moodle reads them.
async fn stored_settings(conn: &mut PgConn, tables: &Tables) -> Result<CfgSettings, DbError> {
    let names: Vec<String> = CFG_NAMES.iter().map(|n| n.to_string()).collect();
    let rows = conn
        .client
        .query(
            &tables.sql("SELECT name, value FROM {config} WHERE name = ANY($1)"),
            &[&names],
        )
        .await
        .map_err(|e| classify("reading the site settings", e))?;
    reads::rows(rows.len());
    let config: HashMap<String, String> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    Ok(CfgSettings::from_config(&config))
}

/// The context path of a course (`/1/3/15`), or `None` when there is no such course.
pub async fn course_context_path(
    conn: &mut PgConn,
    tables: &Tables,
    course_id: i64,
) -> Result<Option<String>, DbError> {
    let row = conn
        .client
        .query_opt(
            &tables.sql(
                "SELECT path FROM {context} WHERE contextlevel = 50 AND instanceid = $1 LIMIT 1",
            ),
            &[&course_id],
        )
        .await
        .map_err(|e| classify("reading the course context", e))?;
    reads::rows(row.iter().len());
    Ok(row.map(|r| r.get::<_, Option<String>>(0).unwrap_or_default()))
}

/// The roles Moodle shows as course contacts (`$CFG->coursecontact`; empty when none).
pub async fn course_contact_roles(conn: &mut PgConn, tables: &Tables) -> Result<Vec<i64>, DbError> {
    let row = conn
        .client
        .query_opt(
            &tables.sql("SELECT value FROM {config} WHERE name = 'coursecontact'"),
            &[],
        )
        .await
        .map_err(|e| classify("reading the course contact roles", e))?;
    reads::rows(row.iter().len());
    Ok(row
        .map(|r| r.get::<_, String>(0))
        .unwrap_or_default()
        .split(',')
        .filter_map(|v| v.trim().parse().ok())
        .collect())
}
