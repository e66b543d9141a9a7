//! One run of the course notification engine, from Moodle's settings to a report.
//!
//! This crate is the glue between the pure engine and the adapters: it validates the raw settings
//! that come from PHP once ([`config`]), reads the facts and keeps the outbox through the store
//! boundary (`course_notification_store`'s traits, implemented by `course_notification_moodle_db`
//! for MariaDB/MySQL and `course_notification_moodle_pg` for PostgreSQL; the site's database kind
//! picks one in `stores`, the only place that names them: no driver type appears anywhere), asks
//! `course_notification_engine` for decisions, delivers through `course_notification_mailer`
//! ([`run`]), and sums it all up in a [`report::Report`]. It is async and owns no runtime: the
//! PHP binding (or a test) drives it, so that runtime and fork concerns stay in the binding.
#![deny(missing_docs)]

pub mod config;
mod deadline;
mod decisions;
mod deliver;
mod digest;
mod effective;
mod error;
mod forecast;
mod preview;
pub mod report;
mod run;
mod stores;
pub mod unsubscribe;

pub use effective::{notifications, notifications_in};
pub use error::RunError;
pub use forecast::forecast;
pub use preview::{preview, LangProblems, Preview, PreviewOptions};
pub use run::run;
