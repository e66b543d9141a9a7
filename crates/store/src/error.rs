//! What can go wrong talking to Moodle's database, in words a site administrator understands; each
//! adapter classifies its driver's errors into these.

use std::fmt;

/// A database failure. Messages never contain the password.
#[derive(Debug)]
#[non_exhaustive]
pub enum DbError {
    /// The table prefix contains characters Moodle never uses.
    BadPrefix {
        /// The prefix as given.
        prefix: String,
    },
    /// The PostgreSQL schema is not a plain identifier.
    BadSchema {
        /// The schema as given.
        schema: String,
    },
    /// No server answered at the address.
    Unreachable {
        /// host:port or socket path.
        target: String,
        /// The driver's words.
        detail: String,
    },
    /// The server refused the credentials.
    AccessDenied {
        /// The database user.
        user: String,
        /// The server's words.
        detail: String,
    },
    /// The database does not exist.
    UnknownDatabase {
        /// Its name.
        name: String,
    },
    /// A table the engine reads is missing (wrong prefix, or not a Moodle database).
    MissingTable {
        /// The server's words, which name the table.
        detail: String,
    },
    /// A statement ran past the session's deadline, or waited too long for a lock another
    /// connection holds (MariaDB 1969, MySQL 3024, 1205): the database is slow or busy, not broken.
    Timeout {
        /// What the engine was doing.
        doing: &'static str,
        /// The server's words (they name no host, database or user).
        detail: String,
    },
    /// A row the run claimed was no longer its own when the run recorded its outcome (an operator
    /// reset or deleted it meanwhile): the outcome is not written over someone else's change.
    ChangedUnderRun {
        /// What the engine was doing.
        doing: &'static str,
        /// The outbox row.
        id: i64,
    },
    /// Any other failure of a statement.
    Query {
        /// What the engine was doing.
        doing: &'static str,
        /// The server's or driver's words.
        detail: String,
    },
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbError::BadPrefix { prefix } => write!(
                f,
                "invalid table prefix '{prefix}': only lower-case letters, digits and '_' are allowed"
            ),
            DbError::BadSchema { schema } => write!(
                f,
                "invalid database schema '{schema}': a letter or '_', then letters, digits and '_'"
            ),
            DbError::Unreachable { target, detail } => {
                write!(f, "cannot reach the database server at {target}: {detail}")
            }
            DbError::AccessDenied { user, detail } => {
                write!(f, "the database refused user '{user}': {detail}")
            }
            DbError::UnknownDatabase { name } => write!(f, "database '{name}' does not exist"),
            DbError::MissingTable { detail } => write!(
                f,
                "a table is missing ({detail}); check the table prefix and that the plugin is installed"
            ),
            DbError::Timeout { doing, detail } => {
                write!(f, "the database did not answer in time while {doing}: {detail}")
            }
            DbError::ChangedUnderRun { doing, id } => write!(
                f,
                "database error while {doing}: outbox row {id} was changed under the run (reset or \
                 deleted while it was being sent); the run stopped"
            ),
            DbError::Query { doing, detail } => write!(f, "database error while {doing}: {detail}"),
        }
    }
}

impl std::error::Error for DbError {}
