//! A run's session on PostgreSQL: the connection, and what its statements and the run lock need.
//! It implements the store's [`RunLock`]; `Store` and `Session` come with the outbox and the
//! reads (issue 14).

use course_notification_store::RunLock;

use crate::{connect, disconnect, lock, DbError, DbSettings, PgConn, Tables};

/// The PostgreSQL store (`$CFG->dbtype` `pgsql`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Postgres;

/// A run's connection to PostgreSQL.
pub struct PgSession {
    conn: PgConn,
    /// The run lock's name.
    db: DbSettings,
    tables: Tables,
}

impl Postgres {
    /// Connects to the site's database (`tables`: its prefix), classifying failures; with
    /// `db.statement_timeout`, no statement of the session runs (or waits for a lock) longer.
    pub async fn open(&self, db: &DbSettings, tables: &Tables) -> Result<PgSession, DbError> {
        Ok(PgSession {
            conn: connect(db).await?,
            db: db.clone(),
            tables: tables.clone(),
        })
    }
}

impl PgSession {
    /// Closes the connection (the run lock, if still held, goes with it).
    pub async fn close(self) {
        disconnect(self.conn).await;
    }

    /// The connection, for the statements of this crate's modules.
    pub fn conn(&mut self) -> &mut PgConn {
        &mut self.conn
    }
}

impl RunLock for PgSession {
    async fn try_lock(&mut self) -> Result<bool, DbError> {
        lock::try_lock(&mut self.conn, &self.tables, &self.db.name).await
    }

    async fn unlock(&mut self) -> Result<(), DbError> {
        lock::unlock(&mut self.conn, &self.tables, &self.db.name).await
    }
}
