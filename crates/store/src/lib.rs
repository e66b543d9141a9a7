//! The store boundary of block_course_notification: what a run needs from the site's database,
//! and nothing of any driver.
//!
//! The runner depends on the traits of [`session`] ([`Store`], [`Session`], [`SiteReads`],
//! [`LearnerStream`], [`Outbox`], [`RunLock`]) and on the plain rows they carry; each database's
//! adapter crate implements them (MariaDB/MySQL: `course_notification_moodle_db`). The settings
//! to connect with ([`DbSettings`], [`Tables`]), the errors in a site administrator's words
//! ([`DbError`]) and the per-run read counts ([`reads`]) are the same for every database.
#![deny(missing_docs)]

mod error;
mod facts;
pub mod learners;
mod outbox;
pub mod reads;
mod scope;
pub mod session;
mod settings;

pub use error::DbError;
pub use facts::{
    contexts_of, path_contexts, stored_trigger, CfgSettings, CourseRow, Learner, MailProvider,
    MoodleSettings, ParticipationRow, BENOTIFIED, CFG_NAMES, EXCLUDE, MAIL_PROVIDER_ENABLED,
    MAIL_PROVIDER_LOCKED,
};
pub use outbox::{backoff, Claimed, Initial, NewRow, CLAIM_PAGE, MAX_ATTEMPTS};
pub use scope::Scope;
pub use session::{LearnerStream, Outbox, RunLock, Session, SiteReads, Store};
pub use settings::{DbKind, DbSettings, Tables};
