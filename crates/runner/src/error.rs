//! Why a run stopped. Anything that concerns one message only is not here: it is recorded in the
//! report and the outbox, and the run goes on.

use std::fmt;

use course_notification_mailer::ConnectError;
use course_notification_store::DbError;

use crate::config::ConfigError;

/// A failure that stops the run; what was recorded before it stays recorded.
#[derive(Debug)]
pub enum RunError {
    /// A setting or option is invalid; nothing was read or written.
    Config(ConfigError),
    /// The database failed.
    Database(DbError),
    /// Messages are waiting but the mail server cannot be used; they stay pending.
    Smtp(ConnectError),
    /// Messages are waiting but no SMTP server is configured; they stay pending.
    NoSmtp {
        /// How many are waiting.
        waiting: usize,
    },
    /// Messages are waiting but there is no sender address Moodle would use; they stay pending.
    NoSender {
        /// Which setting to fix.
        problem: String,
        /// How many are waiting.
        waiting: u64,
    },
    /// The call's deadline passed (a web page's dry run or forecast): the database was too slow or
    /// a table was locked. Nothing was written; the page shows itself without the engine's part.
    Timeout {
        /// The deadline, in seconds.
        seconds: u64,
    },
    /// A fault of the engine itself (a worker thread stopped); nothing was lost.
    Internal {
        /// What failed.
        what: String,
    },
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Config(e) => write!(f, "{e}"),
            RunError::Database(e) => write!(f, "{e}"),
            RunError::Smtp(e) => write!(f, "{e}; the messages stay queued for the next run"),
            RunError::NoSmtp { waiting } => write!(
                f,
                "{waiting} message(s) are ready but no SMTP server is configured (Site administration > \
                 Server > Email > Outgoing mail configuration: SMTP hosts) and PHP has no sendmail_path; \
                 they stay queued"
            ),
            RunError::NoSender { problem, waiting } => write!(
                f,
                "{waiting} message(s) are ready but not sent: {problem}; they stay queued"
            ),
            RunError::Timeout { seconds } => write!(
                f,
                "the database did not answer within the deadline of {seconds} s (slow, or a table \
                 locked); nothing was written"
            ),
            RunError::Internal { what } => write!(f, "internal error, please report it: {what}"),
        }
    }
}

impl std::error::Error for RunError {}

impl RunError {
    /// Whether the run stopped because the database took too long (its deadline, a statement or
    /// lock timeout), not because something is broken: trying again later may well work.
    pub fn is_timeout(&self) -> bool {
        matches!(
            self,
            RunError::Timeout { .. } | RunError::Database(DbError::Timeout { .. })
        )
    }
}

impl From<ConfigError> for RunError {
    fn from(e: ConfigError) -> Self {
        RunError::Config(e)
    }
}

impl From<DbError> for RunError {
    fn from(e: DbError) -> Self {
        RunError::Database(e)
    }
}
