//! Opening a connection with Moodle's settings.

use std::time::Duration;

use mysql_async::{Conn, OptsBuilder};

use crate::error::DbError;

/// How long a server may take to accept a connection before the run gives up with a clear error.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Moodle's `$CFG->dbhost`, `dboptions['dbport']`, `dboptions['dbsocket']`, `dbname`, `dbuser`,
/// `dbpass`.
#[derive(Clone, PartialEq, Eq)]
pub struct DbSettings {
    /// Host name or address.
    pub host: String,
    /// TCP port (3306 when Moodle's is empty).
    pub port: u16,
    /// Unix socket path; when set it is used instead of TCP.
    pub socket: Option<String>,
    /// Database name.
    pub name: String,
    /// User.
    pub user: String,
    /// Password (never printed: see the `Debug` impl).
    pub pass: String,
}

impl std::fmt::Debug for DbSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DbSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("socket", &self.socket)
            .field("name", &self.name)
            .field("user", &self.user)
            .field("pass", &"<hidden>")
            .finish()
    }
}

impl DbSettings {
    fn target(&self) -> String {
        match &self.socket {
            Some(path) => format!("socket {path}"),
            None => format!("{}:{}", self.host, self.port),
        }
    }
}

/// Closes the connection (COM_QUIT), waiting at most 2 s: a server that went away must not hold
/// the PHP request.
pub async fn disconnect(conn: Conn) {
    let _ = tokio::time::timeout(Duration::from_secs(2), conn.disconnect()).await;
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
        Ok(Ok(conn)) => {
            crate::reads::connection();
            Ok(conn)
        }
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
