//! Opening a connection with Moodle's settings, bounded by the site's statement limit.

use std::time::Duration;

use tokio::task::JoinHandle;
use tokio_postgres::{Client, NoTls};

use crate::error::classify;
use crate::{DbError, DbSettings};

/// How long a server may take to accept a connection before the run gives up with a clear error.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A connection: the client the statements go through, and the task that drives its socket
/// (tokio-postgres needs one; it ends when the client is dropped).
pub struct PgConn {
    /// The statements' side.
    pub client: Client,
    driver: JoinHandle<()>,
}

/// Closes the connection, waiting at most 2 s: a server that went away must not hold the PHP
/// request. The session's advisory locks go with it.
pub async fn disconnect(conn: PgConn) {
    let PgConn { client, driver } = conn;
    drop(client);
    let abort = driver.abort_handle();
    if tokio::time::timeout(Duration::from_secs(2), driver)
        .await
        .is_err()
    {
        abort.abort();
    }
}

/// The session statement that bounds every later statement, and every wait for a lock, to
/// `limit`: PostgreSQL's `statement_timeout` does not cover a wait for a lock another session
/// holds (an ALTER TABLE, a `LOCK TABLE`) on its own; `lock_timeout` does.
fn session_limits(limit: Duration) -> String {
    let ms = limit.as_millis().max(1);
    format!("SET statement_timeout = {ms}; SET lock_timeout = {ms}")
}

/// Connects, classifying failures (unreachable, refused credentials, unknown database).
pub async fn connect(s: &DbSettings) -> Result<PgConn, DbError> {
    let mut config = tokio_postgres::Config::new();
    match &s.socket {
        // PostgreSQL's socket is named by its directory.
        Some(dir) => config.host_path(dir),
        None => config.host(&s.host),
    };
    config
        .port(s.port)
        .user(&s.user)
        .password(&s.pass)
        .dbname(&s.name)
        .application_name("block_course_notification")
        .connect_timeout(CONNECT_TIMEOUT);
    let (client, connection) =
        match tokio::time::timeout(CONNECT_TIMEOUT, config.connect(NoTls)).await {
            Err(_) => {
                return Err(DbError::Unreachable {
                    target: s.target(),
                    detail: format!("no answer within {} s", CONNECT_TIMEOUT.as_secs()),
                })
            }
            Ok(Err(e)) => return Err(connect_error(s, e)),
            Ok(Ok(pair)) => pair,
        };
    let driver = tokio::spawn(async move {
        let _ = connection.await;
    });
    let conn = PgConn { client, driver };
    if let Some(limit) = s.statement_timeout {
        let sql = session_limits(limit);
        let setup = conn.client.batch_execute(&sql);
        let failed = match tokio::time::timeout(CONNECT_TIMEOUT.min(limit * 2), setup).await {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(classify("setting the session's time limits", e)),
            Err(_) => Some(DbError::Timeout {
                doing: "setting the session's time limits",
                detail: format!(
                    "no answer within {} ms",
                    CONNECT_TIMEOUT.min(limit * 2).as_millis()
                ),
            }),
        };
        if let Some(e) = failed {
            disconnect(conn).await;
            return Err(e);
        }
    }
    crate::reads::connection();
    Ok(conn)
}

/// A failed connection in the administrator's words: the server's refusals by SQLSTATE, anything
/// without one (refused, unresolvable, reset) as unreachable.
fn connect_error(s: &DbSettings, e: tokio_postgres::Error) -> DbError {
    if e.as_db_error().is_none() {
        return DbError::Unreachable {
            target: s.target(),
            detail: e.to_string(),
        };
    }
    match classify("connecting", e) {
        DbError::UnknownDatabase { .. } => DbError::UnknownDatabase {
            name: s.name.clone(),
        },
        DbError::AccessDenied { detail, .. } => DbError::AccessDenied {
            user: s.user.clone(),
            detail,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_covers_statements_and_lock_waits() {
        assert_eq!(
            session_limits(Duration::from_millis(1500)),
            "SET statement_timeout = 1500; SET lock_timeout = 1500"
        );
        assert_eq!(
            session_limits(Duration::from_micros(10)),
            "SET statement_timeout = 1; SET lock_timeout = 1"
        );
    }
}
