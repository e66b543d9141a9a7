//! The site settings of Moodle's own that decisions follow, as `$CFG` holds them or as the
//! `config` table stores them: who the administrators and the guest are and which roles they get (`has_capability()`),
//! the bounce threshold (`email_to_user()`), the forced timezone (`core_date`).
//!
//! Four statements at most, whatever the site: the settings, the guest roles (for
//! `get_guest_role()`), and Moodle's message preferences for the plugin's `mail` provider (two
//! small reads, `config_plugins` and `message_processors`, that no `$CFG` holds).
//! The settings are those the caller gives when it has them ([`CfgSettings`]: the PHP facade
//! passes what `$CFG` holds, config.php's forced values included, as Moodle sees them); the
//! `config` table is read only without them (the `course-notification` command has no `$CFG`),
//! and then a value an administrator forces in config.php instead of storing it is not seen.

use std::collections::HashMap;

use mysql_async::prelude::Queryable;
use mysql_async::Conn;

use crate::error::{DbError, FromDriver};
use crate::row::{int, text};
use crate::tables::Quoted;
use crate::{reads, Tables};
pub use course_notification_store::{CfgSettings, MoodleSettings};
use course_notification_store::{
    MailProvider, CFG_NAMES, MAIL_PROVIDER_ENABLED, MAIL_PROVIDER_LOCKED,
};

/// The settings: `given` when the caller has them (`$CFG` wins, as in Moodle), else the
/// `config` table's; and the roles, for `get_guest_role()`.
pub async fn moodle_settings(
    conn: &mut Conn,
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
    let roles: Vec<mysql_async::Row> = conn
        .exec(
            tables.sql(
                "SELECT id, archetype FROM {role} WHERE id = ? OR archetype = 'guest' ORDER BY id",
            ),
            (cfg.guestroleid.unwrap_or(0),),
        )
        .await
        .map_err(|e| DbError::from_driver("reading the roles", e))?;
    reads::rows(roles.len());
    let roles: Vec<(i64, String)> = roles.iter().map(|r| (int(r, 0), text(r, 1))).collect();
    let mail = mail_provider(conn, tables).await?;
    Ok(MoodleSettings::new(cfg, &roles, mail))
}

/// Moodle's site-wide message preferences for the plugin's `mail` provider (plugin `message` in
/// `config_plugins`, as `get_message_output_default_preferences()` reads them) and whether the
/// `email` processor is enabled.
async fn mail_provider(conn: &mut Conn, tables: &Tables) -> Result<MailProvider, DbError> {
    let rows: Vec<mysql_async::Row> = conn
        .exec(
            tables.sql(
                "SELECT name, value FROM {config_plugins} WHERE plugin = 'message' AND name IN (?, ?)",
            ),
            (MAIL_PROVIDER_LOCKED, MAIL_PROVIDER_ENABLED),
        )
        .await
        .map_err(|e| DbError::from_driver("reading the message preferences", e))?;
    reads::rows(rows.len());
    let config: HashMap<String, String> = rows.iter().map(|r| (text(r, 0), text(r, 1))).collect();
    let enabled: Option<i64> = conn
        .exec_first(
            tables.sql("SELECT enabled FROM {message_processors} WHERE name = 'email'"),
            (),
        )
        .await
        .map_err(|e| DbError::from_driver("reading the e-mail message processor", e))?;
    reads::rows(enabled.iter().len());
    Ok(MailProvider::from_config(&config, enabled))
}

/// The settings as the `config` table stores them, read as leniently as Moodle reads them.
async fn stored_settings(conn: &mut Conn, tables: &Tables) -> Result<CfgSettings, DbError> {
    let marks = vec!["?"; CFG_NAMES.len()].join(",");
    let rows: Vec<mysql_async::Row> = conn
        .exec(
            tables.sql(&format!(
                "SELECT name, value FROM {{config}} WHERE name IN ({marks})"
            )),
            CFG_NAMES.to_vec(),
        )
        .await
        .map_err(|e| DbError::from_driver("reading the site settings", e))?;
    reads::rows(rows.len());
    let config: HashMap<String, String> = rows.iter().map(|r| (text(r, 0), text(r, 1))).collect();
    Ok(CfgSettings::from_config(&config))
}
