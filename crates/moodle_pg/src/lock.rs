//! The run lock: a session-level advisory lock, held by the session's connection.
//!
//! PostgreSQL's advisory locks take a number, so the MySQL adapter's lock name
//! (`cnotif:<database>:<prefix>`) is hashed in SQL (`hashtext`). A connection that drops (a
//! process that dies) releases it by itself, as MariaDB's `GET_LOCK` does.

use crate::error::classify;
use crate::{DbError, PgConn, Tables};

/// The name of the run lock for this database and prefix (the same as MariaDB's).
fn lock_name(tables: &Tables, database: &str) -> String {
    format!("cnotif:{}:{}", database, tables.plain(""))
}

/// Takes the run lock without waiting: `true` when this connection holds it. Like MariaDB's
/// `GET_LOCK`, a lock taken twice by one connection stacks: the runner takes it once per session.
pub async fn try_lock(conn: &mut PgConn, tables: &Tables, database: &str) -> Result<bool, DbError> {
    let row = conn
        .client
        .query_one(
            "SELECT pg_try_advisory_lock(hashtext($1))",
            &[&lock_name(tables, database)],
        )
        .await
        .map_err(|e| classify("taking the run lock", e))?;
    Ok(row.get::<_, bool>(0))
}

/// Releases the run lock (closing the connection would too).
pub async fn unlock(conn: &mut PgConn, tables: &Tables, database: &str) -> Result<(), DbError> {
    conn.client
        .execute(
            "SELECT pg_advisory_unlock(hashtext($1))",
            &[&lock_name(tables, database)],
        )
        .await
        .map_err(|e| classify("releasing the run lock", e))?;
    Ok(())
}
