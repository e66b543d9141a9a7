//! Opening a connection with Moodle's settings.

use std::time::Duration;

use mysql_async::{Conn, OptsBuilder};

use crate::error::{DbError, FromDriver};
use crate::DbSettings;

/// How long a server may take to accept a connection before the run gives up with a clear error.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Closes the connection (COM_QUIT), waiting at most 2 s: a server that went away must not hold
/// the PHP request.
pub async fn disconnect(conn: Conn) {
    let _ = tokio::time::timeout(Duration::from_secs(2), conn.disconnect()).await;
}

/// The session statements that bound every later statement to `limit`.
///
/// MariaDB and MySQL name the statement limit differently (MariaDB's `max_statement_time` in
/// seconds, MySQL's `max_execution_time` in milliseconds, for SELECT only), so the server's version
/// string decides. A table locked by someone else (`LOCK TABLES ... WRITE`, a long ALTER) makes a
/// reader wait on a metadata lock, which neither limit covers: `lock_wait_timeout` does, and
/// `innodb_lock_wait_timeout` does for row locks. Both take whole seconds, at least 1.
fn session_limits(version: &str, limit: Duration) -> String {
    let seconds = limit.as_secs().max(1) + u64::from(limit.subsec_nanos() > 0);
    let statement = if version.to_ascii_lowercase().contains("mariadb") {
        format!("max_statement_time = {:.3}", limit.as_secs_f64())
    } else {
        format!("max_execution_time = {}", limit.as_millis().max(1))
    };
    format!(
        "SET SESSION {statement}, SESSION lock_wait_timeout = {seconds}, \
         SESSION innodb_lock_wait_timeout = {seconds}"
    )
}

/// Applies [`session_limits`] to a new connection. The setup statements themselves are bounded
/// by the connect timeout: a server that accepts connections but answers nothing must not hold
/// the page either.
async fn bound_statements(conn: &mut Conn, limit: Duration) -> Result<(), DbError> {
    use mysql_async::prelude::Queryable;
    let setup = async {
        let version: Option<String> = conn.query_first("SELECT @@version").await?;
        let sql = session_limits(version.as_deref().unwrap_or(""), limit);
        conn.query_drop(sql).await
    };
    match tokio::time::timeout(CONNECT_TIMEOUT.min(limit * 2), setup).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(DbError::from_driver("setting the session's time limits", e)),
        Err(_) => Err(DbError::Timeout {
            doing: "setting the session's time limits",
            detail: format!(
                "no answer within {} ms",
                (CONNECT_TIMEOUT.min(limit * 2)).as_millis()
            ),
        }),
    }
}

/// Connects, classifying failures (unreachable, refused credentials, unknown database).
pub async fn connect(s: &DbSettings) -> Result<Conn, DbError> {
    let opts = OptsBuilder::default()
        .ip_or_hostname(s.host.clone())
        .tcp_port(s.port)
        .socket(s.socket.clone())
        // Connect where we were told, not to a socket the server advertises.
        .prefer_socket(false)
        .user(Some(s.user.clone()))
        .pass(Some(s.pass.clone()))
        .db_name(Some(s.name.clone()))
        .stmt_cache_size(64);
    let conn = tokio::time::timeout(CONNECT_TIMEOUT, Conn::new(opts)).await;
    match conn {
        Err(_) => Err(DbError::Unreachable {
            target: s.target(),
            detail: format!("no answer within {} s", CONNECT_TIMEOUT.as_secs()),
        }),
        Ok(Ok(mut conn)) => match s.statement_timeout {
            None => {
                crate::reads::connection();
                Ok(conn)
            }
            Some(limit) => match bound_statements(&mut conn, limit).await {
                Ok(()) => {
                    crate::reads::connection();
                    Ok(conn)
                }
                Err(e) => {
                    disconnect(conn).await;
                    Err(e)
                }
            },
        },
        Ok(Err(mysql_async::Error::Server(e))) if matches!(e.code, 1044 | 1045 | 1698) => {
            Err(DbError::AccessDenied {
                user: s.user.clone(),
                detail: e.message,
            })
        }
        Ok(Err(mysql_async::Error::Server(e))) if e.code == 1049 => Err(DbError::UnknownDatabase {
            name: s.name.clone(),
        }),
        Ok(Err(mysql_async::Error::Io(mysql_async::IoError::Io(e)))) => {
            // The driver's own text repeats "Input/output error:"; the system's words suffice.
            Err(DbError::Unreachable {
                target: s.target(),
                detail: e.to_string(),
            })
        }
        Ok(Err(e @ mysql_async::Error::Driver(_))) => Err(DbError::Unreachable {
            target: s.target(),
            detail: e.to_string(),
        }),
        Ok(Err(e)) => Err(DbError::from_driver("connecting", e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mariadb_and_mysql_get_their_own_statement_limit() {
        let maria = session_limits("10.11.19-MariaDB-0+deb12u1", Duration::from_millis(1500));
        assert_eq!(
            maria,
            "SET SESSION max_statement_time = 1.500, SESSION lock_wait_timeout = 2, \
             SESSION innodb_lock_wait_timeout = 2"
        );
        let mysql = session_limits("8.0.36", Duration::from_secs(5));
        assert_eq!(
            mysql,
            "SET SESSION max_execution_time = 5000, SESSION lock_wait_timeout = 5, \
             SESSION innodb_lock_wait_timeout = 5"
        );
    }
}
