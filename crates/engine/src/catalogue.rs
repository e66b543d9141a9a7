//! Notifications: what triggers them, when they are due, whom they skip.
//!
//! A notification is data, not code: a trigger, an offset in days, the conditions a learner must
//! meet, and a late-send limit (how stale an occurrence may be and still go out). The built-in
//! catalogue reproduces the original block's types with their names and defaults; this first
//! version carries `firstassign`, and the rest of the catalogue is added on the same shape.

use crate::DAY;

/// The moment a notification is anchored on, for one (course, learner) pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// `R`: the course opens for the learner, `max(course start, earliest enrolment start)`.
    AccessStart,
}

/// One notification definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// Stable code, used in traces, occurrence keys and the outbox (`firstassign`).
    pub code: String,
    /// What the schedule counts from.
    pub trigger: Trigger,
    /// Days after the trigger (negative: before).
    pub offset_days: i64,
    /// An occurrence older than this many days is never sent (the seed's J-7..J protection).
    pub late_limit_days: i64,
    /// Skip learners who already came into the course (rule A).
    pub only_never_accessed: bool,
    /// Skip learners who completed the course (rule A1).
    pub only_not_completed: bool,
    /// Delivery order when the per-run cap holds messages back: lower goes first.
    pub priority: u8,
}

impl Notification {
    /// When this notification falls due for an anchor instant.
    pub fn due(&self, anchor: i64) -> i64 {
        anchor.saturating_add(self.offset_days.saturating_mul(DAY))
    }

    /// The earliest due time still sendable at `now`.
    pub fn oldest_sendable(&self, now: i64) -> i64 {
        now.saturating_sub(self.late_limit_days.saturating_mul(DAY))
    }
}

/// The notifications a run evaluates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    /// In evaluation order.
    pub notifications: Vec<Notification>,
}

impl Catalogue {
    /// The built-in, site-level notifications with the original plugin's defaults.
    pub fn builtin() -> Self {
        Catalogue {
            notifications: vec![Notification {
                code: "firstassign".into(),
                trigger: Trigger::AccessStart,
                offset_days: 0,
                // The seed: "only between J-7 and J of the access start".
                late_limit_days: 7,
                only_never_accessed: true,
                only_not_completed: true,
                priority: 5,
            }],
        }
    }
}
