//! The facts of a run as plain rows: what an adapter reads from Moodle's tables and gives the
//! runner, whatever the database.

use course_notification_engine::capability::Accounts;
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
