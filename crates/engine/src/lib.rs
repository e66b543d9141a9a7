//! The decision core of block_course_notification.
//!
//! Everything here is pure: the functions take facts read from Moodle (courses, learners' enrolment
//! summaries, what was already handled) and the instant `now`, and return decisions and rendered
//! messages. Nothing reads a clock, a database, the network or PHP, so every rule is unit-tested on
//! plain values and the adapters (`course_notification_moodle_db`, `course_notification_mailer`)
//! only carry out what this crate decides.
//!
//! Map of the crate:
//! - [`address`]: Moodle's `validate_email()` and the `.invalid` domain (rule W, the sender).
//! - [`model`]: the facts the engine decides on (course, user, participation).
//! - [`catalogue`]: the notifications (trigger, schedule, conditions) and the built-in ones.
//! - [`rules`]: the eviction rules with the seed's letters and words.
//! - [`decide`]: turns facts into one [`decide::Decision`] per occurrence.
//! - [`occurrence`]: the deterministic identity of "this notification, for this learner, this time".
//! - [`template`] and [`texts`]: placeholder rendering and the default message texts per language.
//! - [`trace`]: the trace lines operators know from the original plugin.
#![deny(missing_docs)]

pub mod address;
pub mod audience;
pub mod budget;
pub mod capability;
pub mod catalogue;
pub mod code;
pub mod decide;
pub mod footer;
pub mod forecast;
pub mod inherit;
pub mod model;
pub mod occurrence;
pub mod rules;
pub mod template;
pub mod texts;
pub mod time;
pub mod trace;
pub mod window;

/// Seconds in a day. Schedules are written in days; arithmetic on instants is in Unix seconds.
pub const DAY: i64 = 86_400;
