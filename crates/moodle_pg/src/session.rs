//! A run's session on PostgreSQL: the connection, and what its statements and the run lock need.
//! It implements the store's [`RunLock`] and [`Outbox`]; `Store` and `Session` come with the
//! reads (issue 14).

use course_notification_store::{Claimed, Initial, NewRow, Outbox, RunLock};

use crate::{connect, disconnect, lock, outbox, DbError, DbSettings, PgConn, Scope, Tables};

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

impl Outbox for PgSession {
    async fn insert(
        &mut self,
        rows: &[NewRow],
        initial: Initial,
        now: i64,
    ) -> Result<u64, DbError> {
        outbox::insert(&mut self.conn, &self.tables, rows, initial, now).await
    }

    async fn recover(&mut self, now: i64) -> Result<u64, DbError> {
        outbox::recover(&mut self.conn, &self.tables, now).await
    }

    async fn pending_timezones(&mut self, scope: &Scope, now: i64) -> Result<Vec<String>, DbError> {
        outbox::pending_timezones(&mut self.conn, &self.tables, scope, now).await
    }

    async fn count_pending(
        &mut self,
        scope: &Scope,
        timezones: Option<&[String]>,
    ) -> Result<u64, DbError> {
        outbox::count_pending(&mut self.conn, &self.tables, scope, timezones).await
    }

    async fn claim(
        &mut self,
        scope: &Scope,
        token: &str,
        cap: u32,
        now: i64,
        timezones: Option<&[String]>,
    ) -> Result<u64, DbError> {
        let (conn, tables) = (&mut self.conn, &self.tables);
        outbox::claim(conn, tables, scope, token, cap, now, timezones).await
    }

    async fn claimed_page(
        &mut self,
        token: &str,
        after: Option<(i64, i64, i64)>,
        limit: u32,
    ) -> Result<Vec<Claimed>, DbError> {
        outbox::claimed_page(&mut self.conn, &self.tables, token, after, limit).await
    }

    async fn mark_trying(&mut self, id: i64, token: &str, now: i64) -> Result<(), DbError> {
        outbox::mark_trying(&mut self.conn, &self.tables, id, token, now).await
    }

    async fn mark_sent(
        &mut self,
        id: i64,
        next: Option<i64>,
        token: &str,
        now: i64,
    ) -> Result<(), DbError> {
        outbox::mark_sent(&mut self.conn, &self.tables, id, next, token, now).await
    }

    async fn mark_failed(
        &mut self,
        row: &Claimed,
        next: Option<i64>,
        token: &str,
        error: &str,
        permanent: bool,
        now: i64,
    ) -> Result<(), DbError> {
        let (conn, tables) = (&mut self.conn, &self.tables);
        outbox::mark_failed(conn, tables, row, next, token, error, permanent, now).await
    }

    async fn release(&mut self, token: &str, error: &str, now: i64) -> Result<(), DbError> {
        outbox::release(&mut self.conn, &self.tables, token, error, now).await
    }

    async fn count_sends(&mut self, ids: &[i64]) -> Result<u64, DbError> {
        outbox::count_sends(&mut self.conn, &self.tables, ids).await
    }
}
