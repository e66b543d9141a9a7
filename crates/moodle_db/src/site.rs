//! The site settings of Moodle's own that decisions follow, read from `config` as Moodle stores
//! them: who the administrators and the guest are and which roles they get (`has_capability()`),
//! the bounce threshold (`email_to_user()`), the forced timezone (`core_date`).
//!
//! Two statements, whatever the site: the settings, and the roles (for `get_guest_role()`).
//! A value an administrator forces in config.php instead of storing it is not seen here; the
//! site's own timezone, which PHP resolves, is the exception.

use std::collections::HashMap;

use course_notification_engine::capability::Accounts;
use course_notification_engine::model::BounceThreshold;
use mysql_async::prelude::Queryable;
use mysql_async::Conn;

use crate::error::DbError;
use crate::row::{int, text};
use crate::Tables;

/// Moodle's settings that decide who is mailed and in which timezone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MoodleSettings {
    /// Administrators, guest, default roles.
    pub accounts: Accounts,
    /// The bounce threshold, `None` when `handlebounces` is off.
    pub bounces: Option<BounceThreshold>,
    /// `$CFG->forcetimezone` as stored (`None`: not set).
    pub forcetimezone: Option<String>,
}

const NAMES: [&str; 8] = [
    "siteadmins",
    "siteguest",
    "guestroleid",
    "defaultuserroleid",
    "handlebounces",
    "minbounces",
    "bounceratio",
    "forcetimezone",
];

/// Reads the settings.
pub async fn moodle_settings(conn: &mut Conn, tables: &Tables) -> Result<MoodleSettings, DbError> {
    let marks = vec!["?"; NAMES.len()].join(",");
    let rows: Vec<mysql_async::Row> = conn
        .exec(
            tables.sql(&format!(
                "SELECT name, value FROM {{config}} WHERE name IN ({marks})"
            )),
            NAMES.to_vec(),
        )
        .await
        .map_err(|e| DbError::from_driver("reading the site settings", e))?;
    let config: HashMap<String, String> = rows.iter().map(|r| (text(r, 0), text(r, 1))).collect();
    let get = |name: &str| config.get(name).map_or("", String::as_str);
    let id = |name: &str| get(name).trim().parse::<i64>().ok().filter(|&v| v > 0);
    let roles: Vec<mysql_async::Row> = conn
        .query(tables.sql("SELECT id, archetype FROM {role} ORDER BY id"))
        .await
        .map_err(|e| DbError::from_driver("reading the roles", e))?;
    let roles: Vec<(i64, String)> = roles.iter().map(|r| (int(r, 0), text(r, 1))).collect();
    Ok(MoodleSettings {
        accounts: Accounts {
            admins: get("siteadmins")
                .split(',')
                .filter_map(|v| v.trim().parse().ok())
                .collect(),
            guest_user: id("siteguest").unwrap_or(0),
            guest_role: guest_role(id("guestroleid"), &roles),
            default_role: id("defaultuserroleid"),
        },
        bounces: BounceThreshold::from_settings(
            get("handlebounces"),
            get("minbounces"),
            get("bounceratio"),
        ),
        forcetimezone: config.get("forcetimezone").cloned(),
    })
}

/// `get_guest_role()`: `$CFG->guestroleid` when that role exists, else the first role of
/// archetype `guest`.
fn guest_role(configured: Option<i64>, roles: &[(i64, String)]) -> Option<i64> {
    configured
        .filter(|id| roles.iter().any(|(r, _)| r == id))
        .or_else(|| roles.iter().find(|(_, a)| a == "guest").map(|(r, _)| *r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guest_role_is_found_as_get_guest_role_finds_it() {
        let roles = vec![
            (5, "student".to_string()),
            (6, "guest".to_string()),
            (9, "guest".to_string()),
        ];
        assert_eq!(guest_role(Some(9), &roles), Some(9));
        assert_eq!(
            guest_role(None, &roles),
            Some(6),
            "the first guest archetype"
        );
        assert_eq!(
            guest_role(Some(42), &roles),
            Some(6),
            "a role that no longer exists"
        );
        assert_eq!(guest_role(None, &[]), None);
    }
}
