//! The facts of a run as plain rows: what an adapter reads from Moodle's tables and gives the
//! runner, whatever the database.

use std::collections::HashMap;

use course_notification_engine::capability::Accounts;
use course_notification_engine::catalogue::Trigger;
use course_notification_engine::decide::{Handled, SentTimes};
use course_notification_engine::model::{BounceThreshold, Course, Participation};

/// `block/course_notification:excludefromnotification`.
pub const EXCLUDE: &str = "block/course_notification:excludefromnotification";
/// `block/course_notification:benotified`.
pub const BENOTIFIED: &str = "block/course_notification:benotified";

/// A course with the path of its context (for capability resolution).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseRow {
    /// The course.
    pub course: Course,
    /// `context.path` of the course context, such as `/1/3/15`.
    pub context_path: String,
}

/// A learner in a course, and the roles they hold on the course's context path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipationRow {
    /// The facts; `excluded` and `notified` are left false for the caller to resolve from `roles`.
    pub participation: Participation,
    /// Role ids assigned in the course context or any context above it.
    pub roles: Vec<i64>,
}

/// One learner: a participation per course in scope that carries the block, and what the outbox
/// already holds about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Learner {
    /// One per course, in course id order.
    pub rows: Vec<ParticipationRow>,
    /// The learner's occurrences already in the outbox.
    pub handled: Handled,
    /// When their sent repeats of repeating notifications went out (the next waits for it).
    pub sent_at: SentTimes,
    /// Their recent e-mails, for the daily budget.
    pub mailed: course_notification_engine::budget::MailLog,
}

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

/// The eight settings as `$CFG` holds them, validated (the runner's `rules` settings), or as the
/// `config` table stores them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CfgSettings {
    /// `$CFG->siteadmins`.
    pub admins: Vec<i64>,
    /// `$CFG->siteguest` (0: none).
    pub siteguest: i64,
    /// `$CFG->guestroleid` (`None`: not set).
    pub guestroleid: Option<i64>,
    /// `$CFG->defaultuserroleid` (`None`: not set).
    pub defaultuserroleid: Option<i64>,
    /// The bounce threshold, `None` when `handlebounces` is off.
    pub bounces: Option<BounceThreshold>,
    /// `$CFG->forcetimezone` (`None`: not set).
    pub forcetimezone: Option<String>,
}

/// The `config` table's names of the settings [`CfgSettings`] holds.
pub const CFG_NAMES: [&str; 8] = [
    "siteadmins",
    "siteguest",
    "guestroleid",
    "defaultuserroleid",
    "handlebounces",
    "minbounces",
    "bounceratio",
    "forcetimezone",
];

impl CfgSettings {
    /// The settings from the `config` table's rows (name to value, the [`CFG_NAMES`] read),
    /// read as leniently as Moodle reads them.
    pub fn from_config(config: &HashMap<String, String>) -> CfgSettings {
        let get = |name: &str| config.get(name).map_or("", String::as_str);
        let id = |name: &str| get(name).trim().parse::<i64>().ok().filter(|&v| v > 0);
        CfgSettings {
            admins: get("siteadmins")
                .split(',')
                .filter_map(|v| v.trim().parse().ok())
                .collect(),
            siteguest: id("siteguest").unwrap_or(0),
            guestroleid: id("guestroleid"),
            defaultuserroleid: id("defaultuserroleid"),
            bounces: BounceThreshold::from_settings(
                get("handlebounces"),
                get("minbounces"),
                get("bounceratio"),
            ),
            forcetimezone: config.get("forcetimezone").cloned(),
        }
    }
}

impl MoodleSettings {
    /// The settings decisions follow, from `cfg` and the roles `get_guest_role()` may pick
    /// (id and archetype, by id: the configured guest role and those of archetype `guest`).
    pub fn new(cfg: &CfgSettings, roles: &[(i64, String)]) -> MoodleSettings {
        MoodleSettings {
            accounts: Accounts {
                admins: cfg.admins.clone(),
                guest_user: cfg.siteguest,
                guest_role: guest_role(cfg.guestroleid, roles),
                default_role: cfg.defaultuserroleid,
            },
            bounces: cfg.bounces,
            forcetimezone: cfg.forcetimezone.clone(),
        }
    }
}

/// `get_guest_role()`: `$CFG->guestroleid` when that role exists, else the first role of
/// archetype `guest`.
fn guest_role(configured: Option<i64>, roles: &[(i64, String)]) -> Option<i64> {
    configured
        .filter(|id| roles.iter().any(|(r, _)| r == id))
        .or_else(|| roles.iter().find(|(_, a)| a == "guest").map(|(r, _)| *r))
}

/// Maps a trigger as `block_cnotif_def.triggertype` stores it; `None` for an empty or unknown
/// one (it inherits, or the engine reports an addition without trigger).
pub fn stored_trigger(name: &str) -> Option<Trigger> {
    Some(match name {
        "accessstart" => Trigger::AccessStart,
        "accessend" => Trigger::AccessEnd,
        "coursestart" => Trigger::CourseStart,
        "courseend" => Trigger::CourseEnd,
        "lastaccess" => Trigger::LastAccess,
        "completion" => Trigger::Completion,
        "enrolment" => Trigger::Enrolment,
        _ => return None,
    })
}

/// The ids of the contexts on a context path (`/1/3/15`: 1, 3 and 15).
pub fn path_contexts(path: &str) -> Vec<i64> {
    path.split('/').filter_map(|s| s.parse().ok()).collect()
}

/// The contexts on the paths of `paths`, each once, in order.
pub fn contexts_of<'a>(paths: impl IntoIterator<Item = &'a str>) -> Vec<i64> {
    let mut ids: Vec<i64> = paths.into_iter().flat_map(path_contexts).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
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
