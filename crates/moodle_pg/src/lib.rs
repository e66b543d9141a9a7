//! The PostgreSQL adapter of block_course_notification (`$CFG->dbtype` `pgsql`): it implements
//! the store boundary (`course_notification_store`'s traits) for Moodle sites on PostgreSQL.
//!
//! So far: opening and closing a session ([`connect`], [`disconnect`]) with the site's statement
//! limit (`statement_timeout` and `lock_timeout`), the run lock ([`lock`]), the plugin's outbox
//! ([`outbox`]) and the classification of the server's SQLSTATEs as [`DbError`]s. Moodle's reads
//! (`SiteReads`, the learners' stream) come next (issue 14), and with them `Store` and `Session`.
//!
//! Tests: `cargo test -p course_notification_moodle_pg` needs a PostgreSQL server that lets the
//! role `postgres` in without a password (trust) on 127.0.0.1:5432, as `scripts/test` ensures
//! (`ensure_postgres`); `CN_TEST_PG_HOST`, `CN_TEST_PG_PORT` and `CN_TEST_PG_USER` point them
//! elsewhere. Each test creates its own database (`cn_pg_<test>_<pid>`) and drops it at the end.
#![deny(missing_docs)]

mod connect;
mod error;
pub mod learners;
pub mod lock;
pub mod outbox;
mod params;
pub mod read;
mod row;
mod session;
pub mod site;
mod tables;

pub use connect::{connect, disconnect, PgConn};
pub use course_notification_store::{reads, DbError, DbKind, DbSettings, Scope, Tables};
pub use error::classify;
pub use session::{PgSession, Postgres};
