//! A web page's engine call has a deadline: it returns [`RunError::Timeout`] in time, it never
//! hangs on a slow or locked database.
//!
//! Two layers. The database enforces the limit on each statement (`DbSettings::statement_timeout`:
//! the server stops the statement, and a lock held by someone else is waited for no longer), which
//! leaves the connection usable and the server unburdened. A run is many statements, and a server
//! can also stop answering altogether, so the whole call is bounded here as well: past the deadline
//! and a small margin the future is dropped. Its connection is then abandoned, not closed politely
//! (closing would wait for the very server that is not answering): the driver's drop only spawns a
//! background close (read what the server still sends, then COM_QUIT) that nothing waits for. On
//! the binding's current-thread runtime that task moves only during later calls and is dropped at
//! module shutdown, so it never holds a page.

use std::borrow::Cow;
use std::future::Future;
use std::time::Duration;

use course_notification_store::DbError;

use crate::config::Config;
use crate::error::RunError;

/// Time left to the statement limits to fire, and their error to come back, before the whole call
/// is abandoned.
const MARGIN: Duration = Duration::from_millis(1500);

/// The settings to connect with: the site's, with every statement bounded by `deadline`.
pub(crate) fn config_for(config: &Config, deadline: Option<Duration>) -> Cow<'_, Config> {
    match deadline {
        None => Cow::Borrowed(config),
        Some(limit) => {
            let mut bounded = config.clone();
            bounded.db.statement_timeout = Some(limit);
            Cow::Owned(bounded)
        }
    }
}

/// Runs `work` within `deadline` (plus the margin); a database timeout on the way, or the deadline
/// itself, becomes [`RunError::Timeout`]. Without a deadline `work` runs as it is.
pub(crate) async fn within<T>(
    deadline: Option<Duration>,
    work: impl Future<Output = Result<T, RunError>>,
) -> Result<T, RunError> {
    let Some(limit) = deadline else {
        return work.await;
    };
    let timeout = || RunError::Timeout {
        seconds: limit.as_secs().max(1),
    };
    match tokio::time::timeout(limit + MARGIN, work).await {
        Err(_) => Err(timeout()),
        Ok(Err(RunError::Database(DbError::Timeout { .. }))) => Err(timeout()),
        Ok(result) => result,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    #[test]
    fn a_call_that_never_answers_times_out_after_the_deadline_and_margin() {
        let started = std::time::Instant::now();
        let r: Result<(), RunError> =
            runtime().block_on(within(Some(Duration::from_secs(1)), std::future::pending()));
        assert!(matches!(r, Err(RunError::Timeout { seconds: 1 })), "{r:?}");
        let took = started.elapsed();
        assert!(
            took >= Duration::from_secs(1) && took < Duration::from_secs(4),
            "{took:?}"
        );
    }

    #[test]
    fn a_database_timeout_is_the_same_timeout_and_other_errors_pass() {
        let rt = runtime();
        let slow = rt.block_on(within(Some(Duration::from_secs(2)), async {
            Err::<(), _>(RunError::Database(DbError::Timeout {
                doing: "reading courses",
                detail: "Lock wait timeout exceeded".into(),
            }))
        }));
        assert!(
            matches!(slow, Err(RunError::Timeout { seconds: 2 })),
            "{slow:?}"
        );
        let other = rt.block_on(within(Some(Duration::from_secs(2)), async {
            Err::<(), _>(RunError::Internal { what: "x".into() })
        }));
        assert!(matches!(other, Err(RunError::Internal { .. })), "{other:?}");
        let unbounded = rt.block_on(within(None, async { Ok(7) }));
        assert_eq!(unbounded.unwrap(), 7);
    }
}
