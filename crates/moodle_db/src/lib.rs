//! The MariaDB/MySQL adapter of block_course_notification: it implements the store boundary
//! (`course_notification_store`'s traits) with [`Mysql`] and [`MysqlSession`].
//!
//! It reads Moodle's own tables with the site's prefix, set-based (a fixed number of queries per run,
//! never one per user or per course), and keeps the plugin's outbox (`block_cnotif_outbox`). It knows
//! SQL and Moodle's table layout; it decides nothing: decisions come from
//! `course_notification_engine`.
//!
//! Every statement takes its values as parameters. The only text spliced into SQL is the table
//! prefix, which [`Tables::new`] validates to `[a-z0-9_]` before anything runs.
#![deny(missing_docs)]

mod connect;
pub mod counters;
mod error;
pub mod learners;
pub mod outbox;
pub mod read;
mod row;
mod session;
pub mod site;
mod tables;

pub use connect::{connect, disconnect};
pub use course_notification_store::{reads, DbSettings, Scope};
pub use error::DbError;
pub use session::{Mysql, MysqlSession};
pub use tables::Tables;

/// A scope's conditions in MariaDB's SQL (a trait: [`Scope`] is the store's).
pub(crate) trait ScopeSql {
    /// ` AND <col> IN (?, ...)` for each non-empty list, with the values to bind.
    fn sql(&self, course_col: &str, user_col: &str) -> (String, Vec<mysql_async::Value>);
}

impl ScopeSql for Scope {
    fn sql(&self, course_col: &str, user_col: &str) -> (String, Vec<mysql_async::Value>) {
        let mut sql = String::new();
        let mut params = Vec::new();
        for (col, ids) in [(course_col, &self.courses), (user_col, &self.users)] {
            if !ids.is_empty() {
                let (clause, values) = and_in(col, ids);
                sql.push_str(&clause);
                params.extend(values);
            }
        }
        (sql, params)
    }
}

/// ` AND <col> IN (?, ...)` for `values`, with the values to bind: every list reaches SQL as
/// parameters, never spliced.
fn and_in<V: Clone + Into<mysql_async::Value>>(
    col: &str,
    values: &[V],
) -> (String, Vec<mysql_async::Value>) {
    let marks = vec!["?"; values.len()].join(",");
    (
        format!(" AND {col} IN ({marks})"),
        values.iter().cloned().map(Into::into).collect(),
    )
}
