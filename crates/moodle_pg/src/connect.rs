//! Opening a connection with Moodle's settings, bounded by the site's statement limit.

use std::time::Duration;

use std::collections::HashMap;

use tokio::task::JoinHandle;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, NoTls, Row, Statement};

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
    /// The statements a run repeats once per message, prepared once per connection.
    prepared: HashMap<String, Statement>,
}

/// Statements kept prepared on one connection, at most: a run repeats a handful.
const PREPARED_MAX: usize = 16;

impl PgConn {
    /// `sql` prepared once on this connection: a statement given as text costs a round trip to
    /// be parsed before each execution, which doubles the cost of the statements a delivery runs
    /// per message.
    async fn prepared(&mut self, sql: &str) -> Result<Statement, tokio_postgres::Error> {
        if let Some(statement) = self.prepared.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(sql).await?;
        if self.prepared.len() >= PREPARED_MAX {
            self.prepared.clear();
        }
        self.prepared.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }

    /// Executes a statement the run repeats (see [`PgConn::prepared`]); rows changed.
    pub async fn execute_repeated(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64, tokio_postgres::Error> {
        let statement = self.prepared(sql).await?;
        self.client.execute(&statement, params).await
    }

    /// Queries with a statement the run repeats (see [`PgConn::prepared`]).
    pub async fn query_repeated(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, tokio_postgres::Error> {
        let statement = self.prepared(sql).await?;
        self.client.query(&statement, params).await
    }
}

/// Closes the connection, waiting at most 2 s: a server that went away must not hold the PHP
/// request. The session's advisory locks go with it.
pub async fn disconnect(conn: PgConn) {
    let PgConn { client, driver, .. } = conn;
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

/// What the session sets before its first statement: the site's schema first on `search_path`
/// (Moodle's `dboptions['dbschema']`, validated when the settings were made), and the statement
/// limit; `None` when there is nothing to set.
fn session_setup(s: &DbSettings) -> Option<String> {
    let schema = s
        .schema
        .as_deref()
        .map(|name| format!("SET search_path TO \"{name}\""));
    let limits = s.statement_timeout.map(session_limits);
    let parts: Vec<String> = schema.into_iter().chain(limits).collect();
    (!parts.is_empty()).then(|| parts.join("; "))
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
    let conn = PgConn {
        client,
        driver,
        prepared: HashMap::new(),
    };
    if let Some(sql) = session_setup(s) {
        // Bounded even without a statement limit: a server that accepts connections but never
        // answers must not hold the run.
        let wait = s
            .statement_timeout
            .map_or(CONNECT_TIMEOUT, |l| CONNECT_TIMEOUT.min(l * 2));
        let failed = match tokio::time::timeout(wait, conn.client.batch_execute(&sql)).await {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(classify("setting up the session", e)),
            Err(_) => Some(DbError::Timeout {
                doing: "setting up the session",
                detail: format!("no answer within {} ms", wait.as_millis()),
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
    fn the_schema_comes_first_on_the_search_path() {
        let mut s = DbSettings {
            kind: crate::DbKind::Postgres,
            host: "h".into(),
            port: 5432,
            socket: None,
            schema: None,
            name: "m".into(),
            user: "u".into(),
            pass: String::new(),
            statement_timeout: None,
        };
        assert_eq!(session_setup(&s), None);
        s.schema = Some("moodle".into());
        s.statement_timeout = Some(Duration::from_millis(5));
        assert_eq!(
            session_setup(&s).unwrap(),
            "SET search_path TO \"moodle\"; SET statement_timeout = 5; SET lock_timeout = 5"
        );
    }

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
