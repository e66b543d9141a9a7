//! The store boundary: what one run needs from the site's database, as traits the runner is
//! generic over. Each database has an adapter crate that implements them (MariaDB/MySQL:
//! `course_notification_moodle_db`); the runner names no driver type.
//!
//! A [`Store`] opens a [`Session`]: one connection, on which the run reads Moodle's facts
//! ([`SiteReads`], the learners as a stream of blocks, [`LearnerStream`]), keeps the outbox
//! ([`Outbox`]) and holds the run lock ([`RunLock`]). The lock belongs to the session's
//! connection, so the rows a run claims and marks are claimed and marked under it.
//!
//! The methods are `async fn` in traits without a `Send` bound: the runner is generic over one
//! concrete store (no `dyn`) and its futures run on the caller's runtime, never spawned, so no
//! bound is needed (a concrete session's futures stay `Send` when its driver's are).
#![allow(async_fn_in_trait)]

use std::collections::HashMap;

use course_notification_engine::capability::Definition as CapabilityDefinition;
use course_notification_engine::inherit::Definition;
use course_notification_engine::model::{BounceThreshold, User};

use crate::learners::JoinFacts;
use crate::{
    CfgSettings, Claimed, CourseRow, DbError, DbSettings, Initial, Learner, MoodleSettings, NewRow,
    Scope, Tables,
};

/// A database kind: opens the sessions of the runs.
pub trait Store {
    /// The session it opens.
    type Session: Session;

    /// Connects to the site's database (`tables`: its prefix), classifying failures
    /// (unreachable, refused credentials, unknown database). With `db.statement_timeout`, no
    /// statement of the session runs (or waits for a lock) longer than that.
    async fn open(&self, db: &DbSettings, tables: &Tables) -> Result<Self::Session, DbError>;
}

/// One connection of a run: everything the run does in the database goes through it.
pub trait Session: SiteReads + Outbox + RunLock + Sized {
    /// Closes the connection without waiting long for a server that went away (the run lock, if
    /// still held, goes with it).
    async fn close(self);
}

/// Moodle's facts a run decides from. Set-based: a fixed number of statements per run, never one
/// per course or per user; the `within` lists bound a narrowed run's reads.
pub trait SiteReads: Sized {
    /// The learners' stream this session opens.
    type Learners: LearnerStream<Self>;

    /// Moodle's settings the decisions follow: `given` when the caller has `$CFG`'s, else the
    /// `config` table's; with the guest role as `get_guest_role()` finds it.
    async fn moodle_settings(
        &mut self,
        given: Option<&CfgSettings>,
    ) -> Result<MoodleSettings, DbError>;

    /// The courses in scope that carry the block, by id, with their context paths.
    async fn courses(&mut self, scope: &Scope) -> Result<HashMap<i64, CourseRow>, DbError>;

    /// Every definition of `capability` (role definitions and overrides) with context depths;
    /// only those in the contexts `within` when given.
    async fn capability(
        &mut self,
        capability: &str,
        within: Option<&[i64]>,
    ) -> Result<Vec<CapabilityDefinition>, DbError>;

    /// The notifications defined or overridden in contexts, with their texts; only those in the
    /// contexts `within` when given.
    async fn definitions(&mut self, within: Option<&[i64]>) -> Result<Vec<Definition>, DbError>;

    /// A course's context path (`/1/3/15`), `None` when there is no such course.
    async fn course_context_path(&mut self, course_id: i64) -> Result<Option<String>, DbError>;

    /// The roles Moodle shows as course contacts (`$CFG->coursecontact`).
    async fn course_contact_roles(&mut self) -> Result<Vec<i64>, DbError>;

    /// Holders of `roles` in each course that carries the block (of the courses `within` when
    /// given): course id to (role id, user).
    async fn staff(
        &mut self,
        within: Option<&[i64]>,
        roles: &[i64],
        bounces: Option<BounceThreshold>,
    ) -> Result<HashMap<i64, Vec<(i64, User)>>, DbError>;

    /// Opens the stream of every learner in scope of `courses` (id to context path), in user id
    /// order, block by block so that memory holds one block whatever the site's size; `facts`:
    /// what joining them needs of the site and the run (see [`JoinFacts`]).
    async fn learners(
        &mut self,
        scope: &Scope,
        courses: &HashMap<i64, &str>,
        facts: &JoinFacts,
    ) -> Result<Self::Learners, DbError>;
}

/// The learners in scope, a block at a time. Between two blocks no statement of the session is
/// running, so the runner writes the outbox on it before asking for the next block.
pub trait LearnerStream<S> {
    /// The next block of learners, or `None` at the end.
    async fn next_block(&mut self, session: &mut S) -> Result<Option<Vec<Learner>>, DbError>;

    /// Releases what the stream holds (its side connections).
    async fn close(self);
}

/// The plugin's outbox: one row per accepted occurrence (unique by occurrence key), and the
/// states of its delivery. Claiming and marking are exact: a row is marked only while it is
/// still the run's (`sending` with its token), else [`DbError::ChangedUnderRun`].
pub trait Outbox {
    /// Inserts `rows`; an occurrence already present is left as it is. Returns how many were new.
    async fn insert(&mut self, rows: &[NewRow], initial: Initial, now: i64)
        -> Result<u64, DbError>;

    /// Puts back the rows a dead run left in `sending` (failed after
    /// [`MAX_ATTEMPTS`](crate::MAX_ATTEMPTS)); how many.
    async fn recover(&mut self, now: i64) -> Result<u64, DbError>;

    /// The timezones of the recipients of the rows that could be claimed now.
    async fn pending_timezones(&mut self, scope: &Scope, now: i64) -> Result<Vec<String>, DbError>;

    /// Pending rows in scope (of recipients in `timezones` only, when given).
    async fn count_pending(
        &mut self,
        scope: &Scope,
        timezones: Option<&[String]>,
    ) -> Result<u64, DbError>;

    /// Claims up to `cap` pending rows in scope (of recipients in `timezones` only, when given)
    /// for the run `token`, most urgent first and the courses in turn; how many.
    async fn claim(
        &mut self,
        scope: &Scope,
        token: &str,
        cap: u32,
        now: i64,
        timezones: Option<&[String]>,
    ) -> Result<u64, DbError>;

    /// The next page of at most `limit` rows `token` claimed and has not recorded, after `after`.
    async fn claimed_page(
        &mut self,
        token: &str,
        after: Option<(i64, i64, i64)>,
        limit: u32,
    ) -> Result<Vec<Claimed>, DbError>;

    /// Counts the attempt of a claimed row before it is sent.
    async fn mark_trying(&mut self, id: i64, token: &str, now: i64) -> Result<(), DbError>;

    /// Records a delivery the server accepted; with `next`, counts that row's attempt too.
    async fn mark_sent(
        &mut self,
        id: i64,
        next: Option<i64>,
        token: &str,
        now: i64,
    ) -> Result<(), DbError>;

    /// Records a failed delivery: pending again after [`backoff`](crate::backoff) for a
    /// temporary failure, failed for a permanent one; with `next`, counts that row's attempt too.
    #[allow(clippy::too_many_arguments)]
    async fn mark_failed(
        &mut self,
        row: &Claimed,
        next: Option<i64>,
        token: &str,
        error: &str,
        permanent: bool,
        now: i64,
    ) -> Result<(), DbError>;

    /// Defers every row `token` claimed but did not try (back to pending, with `error`).
    async fn release(&mut self, token: &str, error: &str, now: i64) -> Result<(), DbError>;

    /// Adds the sent rows among `ids` to their recipients' `email_send_count`, as Moodle's
    /// `set_send_count()`; how many preferences changed.
    async fn count_sends(&mut self, ids: &[i64]) -> Result<u64, DbError>;
}

/// One writing run at a time across every cron node: a lock held by the session's connection
/// (released by itself when the connection drops).
pub trait RunLock {
    /// Takes the lock without waiting: `true` when this session now holds it.
    async fn try_lock(&mut self) -> Result<bool, DbError>;

    /// Releases it.
    async fn unlock(&mut self) -> Result<(), DbError>;
}
