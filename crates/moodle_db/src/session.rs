//! The store boundary implemented for MariaDB and MySQL: each method is one of this crate's
//! functions on the session's connection.

use std::collections::HashMap;

use course_notification_engine::capability::Definition as CapabilityDefinition;
use course_notification_engine::inherit::Definition;
use course_notification_engine::model::{BounceThreshold, User};
use course_notification_store::learners::JoinFacts;
use course_notification_store::{
    CfgSettings, Claimed, CourseRow, Initial, Learner, LearnerStream, MoodleSettings, NewRow,
    Outbox, RunLock, Session, SiteReads, Store,
};
use mysql_async::Conn;

use crate::learners::LearnerReader;
use crate::{connect, counters, disconnect, outbox, read, site};
use crate::{DbError, DbSettings, Scope, Tables};

/// The MariaDB/MySQL store (`$CFG->dbtype` `mariadb`, `mysqli`, `auroramysql`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Mysql;

/// A run's connection to MariaDB or MySQL, with what its statements and the run lock need.
pub struct MysqlSession {
    conn: Conn,
    /// For the learners' side connections and the name of the run lock.
    db: DbSettings,
    tables: Tables,
}

impl Store for Mysql {
    type Session = MysqlSession;

    async fn open(&self, db: &DbSettings, tables: &Tables) -> Result<MysqlSession, DbError> {
        Ok(MysqlSession {
            conn: connect(db).await?,
            db: db.clone(),
            tables: tables.clone(),
        })
    }
}

impl Session for MysqlSession {
    async fn close(self) {
        disconnect(self.conn).await;
    }
}

impl SiteReads for MysqlSession {
    type Learners = LearnerReader;

    async fn moodle_settings(
        &mut self,
        given: Option<&CfgSettings>,
    ) -> Result<MoodleSettings, DbError> {
        site::moodle_settings(&mut self.conn, &self.tables, given).await
    }

    async fn courses(&mut self, scope: &Scope) -> Result<HashMap<i64, CourseRow>, DbError> {
        read::courses(&mut self.conn, &self.tables, scope).await
    }

    async fn capability(
        &mut self,
        capability: &str,
        within: Option<&[i64]>,
    ) -> Result<Vec<CapabilityDefinition>, DbError> {
        read::capability(&mut self.conn, &self.tables, capability, within).await
    }

    async fn definitions(&mut self, within: Option<&[i64]>) -> Result<Vec<Definition>, DbError> {
        read::definitions(&mut self.conn, &self.tables, within).await
    }

    async fn course_context_path(&mut self, course_id: i64) -> Result<Option<String>, DbError> {
        read::course_context_path(&mut self.conn, &self.tables, course_id).await
    }

    async fn course_contact_roles(&mut self) -> Result<Vec<i64>, DbError> {
        read::course_contact_roles(&mut self.conn, &self.tables).await
    }

    async fn staff(
        &mut self,
        within: Option<&[i64]>,
        roles: &[i64],
        bounces: Option<BounceThreshold>,
    ) -> Result<HashMap<i64, Vec<(i64, User)>>, DbError> {
        read::staff(&mut self.conn, &self.tables, within, roles, bounces).await
    }

    async fn learners(
        &mut self,
        scope: &Scope,
        courses: &HashMap<i64, &str>,
        facts: &JoinFacts,
    ) -> Result<LearnerReader, DbError> {
        LearnerReader::open(
            &mut self.conn,
            &self.db,
            &self.tables,
            scope,
            courses,
            facts,
        )
        .await
    }
}

impl LearnerStream<MysqlSession> for LearnerReader {
    async fn next_block(
        &mut self,
        session: &mut MysqlSession,
    ) -> Result<Option<Vec<Learner>>, DbError> {
        LearnerReader::next_block(self, &mut session.conn).await
    }

    async fn close(self) {
        LearnerReader::close(self).await;
    }
}

impl Outbox for MysqlSession {
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
        outbox::claim(
            &mut self.conn,
            &self.tables,
            scope,
            token,
            cap,
            now,
            timezones,
        )
        .await
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
        counters::count_sends(&mut self.conn, &self.tables, ids).await
    }
}

impl RunLock for MysqlSession {
    async fn try_lock(&mut self) -> Result<bool, DbError> {
        outbox::try_lock(&mut self.conn, &self.tables, &self.db.name).await
    }

    async fn unlock(&mut self) -> Result<(), DbError> {
        outbox::unlock(&mut self.conn, &self.tables, &self.db.name).await
    }
}
