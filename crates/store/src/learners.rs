//! Every learner of the courses in scope, joined here from plain rows that each adapter reads in
//! blocks of users with plain range scans, not in the database.
//!
//! One statement that joins and groups a million enrolments costs the database minutes (a
//! derived table, a sort, a correlated subquery per row for the roles). Each table read on its own
//! by a range of user ids is an index range scan the database serves at full speed, and an adapter
//! runs them at once on side connections; the join by user id, the grouping per course and the
//! roles along the context path are cheap here, and the same for every database. Memory holds one
//! block (about [`BLOCK_ENROLMENTS`] enrolments), whatever the size of the site.
//!
//! An adapter's reader makes [`Blocks`] from the enrolment methods it read ([`Methods::new`]) and
//! implements [`BlockReads`] (its two statements: a block's enrolments, and the side tables of a
//! block's users); [`Blocks::next`] does the rest, the same for every database.
#![allow(async_fn_in_trait)]

use std::collections::HashMap;
use std::sync::Arc;

use course_notification_engine::audience::OptOut;
use course_notification_engine::budget::MailLog;
use course_notification_engine::decide::{Handled, Handling, SentTimes};
use course_notification_engine::model::{
    enrolment_end, BounceThreshold, EnrolmentState, Participation, User,
};
use course_notification_engine::occurrence::{in_period, OccurrenceKey};
use course_notification_engine::DAY;

use crate::{
    contexts_of, path_contexts, DbError, Learner, MailProvider, ParticipationRow, Scope,
    MAIL_PROVIDER_ENABLED,
};

/// Enrolment rows read per block: the memory a run holds does not grow past this.
pub const BLOCK_ENROLMENTS: usize = 20_000;

/// One `user_enrolments` row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnrolmentRow {
    /// `userid`.
    pub user: i64,
    /// `enrolid`: the enrolment method.
    pub method: i64,
    /// `status` = 0 (`ENROL_USER_ACTIVE`).
    pub active: bool,
    /// `timestart`.
    pub start: i64,
    /// `timeend` (0 or 2147483647: no end).
    pub end: i64,
    /// `timecreated`.
    pub created: i64,
}

/// One `block_cnotif_outbox` row, as the decisions need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxFact {
    /// `userid`.
    pub user: i64,
    /// `occkey`.
    pub key: String,
    /// `status`, as stored (`pending`, `sending`, `sent`, `marked`, `failed`).
    pub status: String,
    /// `courseid`.
    pub course: i64,
    /// `timecreated`: when the row was written.
    pub written_at: i64,
    /// `timesent` (0 or NULL: not sent).
    pub sent_at: Option<i64>,
    /// `output`: `email` (the engine's SMTP) or `message` (the copy for Moodle's bell).
    pub output: String,
    /// `recipientid`: the learner, or a member of staff for a copy (0 on rows written before
    /// the column existed: the learner, as the plugin's audit reads them).
    pub recipient: i64,
}

/// How far back a learner's e-mails count for the daily budget: their day, in any timezone, is
/// within the two days before the run.
pub const MAIL_LOG_SPAN: i64 = 2 * DAY;

/// The condition, in every database's SQL, "an outbox row is an e-mail to the learner it is
/// about" (not a member of staff's copy, not the bell's copy): what the daily budget counts.
pub const OWN_EMAIL: &str = "output = 'email' AND recipientid IN (userid, 0)";

/// What joining a block of learners needs of the site and of the run, beside the rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JoinFacts {
    /// The site's bounce threshold, when it handles bounces (the users' e-mail counters are then
    /// read).
    pub bounces: Option<BounceThreshold>,
    /// Moodle's site-wide message preferences for the plugin's `mail` provider (the users' own
    /// are read when the site leaves it to them).
    pub mail: MailProvider,
    /// The run's instant: each learner's mail log holds their e-mails of the
    /// [`MAIL_LOG_SPAN`] before it.
    pub now: i64,
}

impl JoinFacts {
    /// The `user_preferences` names a block's users are read for: the e-mail counters when the
    /// site handles bounces, the plugin's message preference when the site leaves e-mail to each
    /// user. Empty: nothing to read.
    pub fn preference_names(&self) -> Vec<&'static str> {
        let mut names = Vec::new();
        if self.bounces.is_some() {
            names.extend(["email_bounce_count", "email_send_count"]);
        }
        if self.mail.site_decides().is_none() {
            names.push(MAIL_PROVIDER_ENABLED);
        }
        names
    }

    /// The oldest send time a learner's mail log keeps.
    pub fn mail_since(&self) -> i64 {
        self.now - MAIL_LOG_SPAN
    }
}

/// `<col> IN ('a', 'b')` for names the engine itself defines (constants, never user input).
pub fn names_in(col: &str, names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    format!("{col} IN ({})", quoted.join(", "))
}

/// The side tables of one block's users, as read.
#[derive(Debug, Default)]
pub struct SideRows {
    /// The users.
    pub users: Vec<User>,
    /// `user_preferences` of the names [`JoinFacts::preference_names`] gives: (user, name, value).
    pub preferences: Vec<(i64, String, String)>,
    /// The plugin's opt-outs (`block_cnotif_pref`): (user, course, topic).
    pub opt_outs: Vec<(i64, i64, String)>,
    /// `user_lastaccess`: (user, course, timeaccess).
    pub access: Vec<(i64, i64, Option<i64>)>,
    /// `course_completions` with `timecompleted > 0`: (user, course, timecompleted).
    pub completions: Vec<(i64, i64, i64)>,
    /// `role_assignments`: (user, context, role).
    pub roles: Vec<(i64, i64, i64)>,
    /// The plugin's outbox: every row about the users (in a narrowed run, those of its courses,
    /// and their own e-mails in other courses the mail log counts).
    pub outbox: Vec<OutboxFact>,
}

/// What bounds a narrowed run's reads (a web page, an event's task): its courses and the contexts
/// on their paths. A full run has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Narrowing {
    /// The course ids in scope, in order.
    pub courses: Vec<i64>,
    /// The contexts on their paths, in order.
    pub contexts: Vec<i64>,
}

impl Narrowing {
    /// For a run narrowed by `scope` to `courses` (id to context path); `None` for a full run.
    pub fn of(scope: &Scope, courses: &HashMap<i64, &str>) -> Option<Narrowing> {
        scope.is_narrowed().then(|| {
            let mut ids: Vec<i64> = courses.keys().copied().collect();
            ids.sort_unstable();
            Narrowing {
                courses: ids,
                contexts: contexts_of(courses.values().copied()),
            }
        })
    }
}

/// The enrolment methods of the courses in scope, and the contexts above each course: what
/// joining needs besides the rows.
#[derive(Debug, Default)]
pub struct Methods {
    /// Method id to (course id, method enabled).
    methods: HashMap<i64, (i64, bool)>,
    /// Course id to the ids of its context and every context above.
    contexts: HashMap<i64, Vec<i64>>,
    /// The method ids, in order.
    ids: Vec<i64>,
}

impl Methods {
    /// From the `enrol` rows read, `(id, courseid, status)`, those of `courses` (id to context
    /// path: roles assigned in any context on the path count).
    pub fn new(
        rows: impl IntoIterator<Item = (i64, i64, i64)>,
        courses: &HashMap<i64, &str>,
    ) -> Methods {
        let mut methods = HashMap::new();
        let mut ids = Vec::new();
        for (id, course, status) in rows {
            if courses.contains_key(&course) {
                methods.insert(id, (course, status == 0));
                ids.push(id);
            }
        }
        ids.sort_unstable();
        let contexts = courses
            .iter()
            .map(|(&id, path)| (id, path_contexts(path)))
            .collect();
        Methods {
            methods,
            contexts,
            ids,
        }
    }

    /// No enrolment method in scope: there is nobody to read.
    pub fn is_empty(&self) -> bool {
        self.methods.is_empty()
    }

    /// The method ids in scope, in order (a narrowed run reads only their enrolments).
    pub fn ids(&self) -> &[i64] {
        &self.ids
    }
}

/// What an adapter reads for one block of users, on its connection `C`.
pub trait BlockReads<C> {
    /// The enrolments of users from `from` on, in user id order: at most [`BLOCK_ENROLMENTS`],
    /// or, with `until`, all of those of users before it. A narrowed run reads only those of the
    /// methods in scope (`methods`).
    async fn enrolments(
        &mut self,
        conn: &mut C,
        methods: &Methods,
        from: i64,
        until: Option<i64>,
    ) -> Result<Vec<EnrolmentRow>, DbError>;

    /// The side tables of the users in `[from, until)` (`until`: `None`, no end), whose
    /// enrolments are `enrolments`.
    async fn side_tables(
        &mut self,
        conn: &mut C,
        from: i64,
        until: Option<i64>,
        enrolments: &[EnrolmentRow],
    ) -> Result<SideRows, DbError>;
}

/// The learners of a run, block after block: what is left to read and how to join it.
#[derive(Debug)]
pub struct Blocks {
    methods: Methods,
    facts: JoinFacts,
    cursor: Cursor,
}

impl Blocks {
    /// Reads the enrolments of `methods`, and joins them with what `facts` says of the site and
    /// the run.
    pub fn new(methods: Methods, facts: JoinFacts) -> Blocks {
        // Nothing to read when no course is in scope (or none has an enrolment method).
        let cursor = Cursor::new(methods.is_empty());
        Blocks {
            methods,
            facts,
            cursor,
        }
    }

    /// Whether there is nothing (more) to read.
    pub fn is_done(&self) -> bool {
        self.cursor.next().is_none()
    }

    /// The next block of learners in user id order, read through `reads` on `conn`, or `None`
    /// at the end.
    pub async fn next<C, R: BlockReads<C>>(
        &mut self,
        reads: &mut R,
        conn: &mut C,
    ) -> Result<Option<Vec<Learner>>, DbError> {
        let Some(from) = self.cursor.next() else {
            return Ok(None);
        };
        let mut enrolments = reads.enrolments(conn, &self.methods, from, None).await?;
        let cut = self.cursor.cut(&mut enrolments);
        if cut.reread {
            enrolments = reads
                .enrolments(conn, &self.methods, from, cut.until)
                .await?;
        }
        if enrolments.is_empty() {
            return Ok(None);
        }
        let side = reads
            .side_tables(conn, from, cut.until, &enrolments)
            .await?;
        Ok(Some(join(&self.methods, &enrolments, side, &self.facts)))
    }
}

/// Side connections a full run reads its side tables on at once: one per side table.
pub const SIDE_CONNECTIONS: usize = 5;

/// Opens the side connections of a full run with `open`; when one fails, those already open are
/// closed with `close` and the failure is returned.
pub async fn open_side<C, F, G>(
    mut open: impl FnMut() -> F,
    close: impl Fn(C) -> G,
) -> Result<Vec<C>, DbError>
where
    F: std::future::Future<Output = Result<C, DbError>>,
    G: std::future::Future<Output = ()>,
{
    let mut side = Vec::with_capacity(SIDE_CONNECTIONS);
    for _ in 0..SIDE_CONNECTIONS {
        match open().await {
            Ok(c) => side.push(c),
            Err(e) => {
                for c in side {
                    close(c).await;
                }
                return Err(e);
            }
        }
    }
    Ok(side)
}

/// Where the next block of learners starts, by user id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cursor {
    next_user: i64,
    done: bool,
}

/// How a block read from [`Cursor::next`] ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cut {
    /// The end of the block's user range (exclusive); `None`: the block is empty.
    until: Option<i64>,
    /// One learner fills the whole block: read all of their enrolments again, the users before
    /// `until`, without the block limit.
    reread: bool,
}

impl Cursor {
    /// From the first user on; `done` when there is nothing to read at all.
    fn new(done: bool) -> Cursor {
        Cursor {
            next_user: i64::MIN,
            done,
        }
    }

    /// The user id the next block starts at, or `None` after the last block.
    fn next(&self) -> Option<i64> {
        (!self.done).then_some(self.next_user)
    }

    /// Ends a block read from [`Cursor::next`] (at most [`BLOCK_ENROLMENTS`] rows, in user id
    /// order) on a whole learner: the last learner of a full block may be cut short, so they
    /// start the next block (their rows are dropped from this one).
    fn cut(&mut self, rows: &mut Vec<EnrolmentRow>) -> Cut {
        let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
            self.done = true;
            return Cut {
                until: None,
                reread: false,
            };
        };
        let (first, last) = (first.user, last.user);
        let cut = if rows.len() < BLOCK_ENROLMENTS {
            self.done = true;
            Cut {
                until: Some(last + 1),
                reread: false,
            }
        } else if last == first {
            Cut {
                until: Some(last + 1),
                reread: true,
            }
        } else {
            rows.retain(|r| r.user < last);
            Cut {
                until: Some(last),
                reread: false,
            }
        };
        if let Some(u) = cut.until {
            self.next_user = u;
        }
        cut
    }
}

/// A user preference counter (`email_bounce_count`, `email_send_count`) as PHP reads it in
/// arithmetic: its leading number, 0 when there is none.
pub fn counter(value: &str) -> f64 {
    let v = value.trim_start();
    let end = v
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (i == 0 && (c == '-' || c == '+'))))
        .map_or(v.len(), |(i, _)| i);
    v[..end].parse().unwrap_or(0.0)
}

/// The side tables keyed by user (and course).
struct Side {
    users: HashMap<i64, User>,
    access: HashMap<(i64, i64), Option<i64>>,
    completed: HashMap<(i64, i64), i64>,
    roles: HashMap<i64, Vec<(i64, i64)>>,
    handled: HashMap<i64, Vec<OutboxFact>>,
}

/// A user's preferences among those read.
#[derive(Default)]
struct Preferences {
    bounced: f64,
    sent: f64,
    mail: Option<String>,
}

impl Side {
    fn index(rows: SideRows, facts: &JoinFacts) -> Side {
        let mut prefs: HashMap<i64, Preferences> = HashMap::new();
        for (user, name, value) in rows.preferences {
            let entry = prefs.entry(user).or_default();
            match name.as_str() {
                "email_bounce_count" => entry.bounced = counter(&value),
                "email_send_count" => entry.sent = counter(&value),
                MAIL_PROVIDER_ENABLED => entry.mail = Some(value),
                _ => {}
            }
        }
        let mut opt_outs: HashMap<i64, Vec<OptOut>> = HashMap::new();
        for (user, course_id, topic) in rows.opt_outs {
            opt_outs
                .entry(user)
                .or_default()
                .push(OptOut { course_id, topic });
        }
        let users = rows
            .users
            .into_iter()
            .map(|mut u| {
                let p = prefs.remove(&u.id).unwrap_or_default();
                if let Some(b) = facts.bounces {
                    u.over_bounce_threshold = b.over(p.bounced, p.sent);
                }
                u.email_off = facts.mail.email_off(p.mail.as_deref());
                u.opt_outs = opt_outs.remove(&u.id).unwrap_or_default();
                (u.id, u)
            })
            .collect();
        let access = rows
            .access
            .into_iter()
            .map(|(u, c, t)| ((u, c), t))
            .collect();
        let completed = rows
            .completions
            .into_iter()
            .map(|(u, c, t)| ((u, c), t))
            .collect();
        let mut roles: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
        for (user, context, role) in rows.roles {
            roles.entry(user).or_default().push((context, role));
        }
        let mut handled: HashMap<i64, Vec<OutboxFact>> = HashMap::new();
        for row in rows.outbox {
            handled.entry(row.user).or_default().push(row);
        }
        Side {
            users,
            access,
            completed,
            roles,
            handled,
        }
    }
}

/// Groups a block's enrolments (in user id order) per learner and course, as the original's SQL
/// did: dates over the learner's active enrolments (enabled method, not suspended) when there is
/// one, over all of them otherwise. `facts`: what the site and the run say beside the rows.
fn join(
    methods: &Methods,
    enrolments: &[EnrolmentRow],
    side: SideRows,
    facts: &JoinFacts,
) -> Vec<Learner> {
    let mut side = Side::index(side, facts);
    let mut learners = Vec::new();
    for mine in enrolments.chunk_by(|a, b| a.user == b.user) {
        let uid = mine[0].user;
        let Some(u) = side.users.get(&uid) else {
            continue; // an enrolment of a user row that no longer exists
        };
        // One copy of the user for all their courses.
        let u = Arc::new(u.clone());
        let mut per_course: HashMap<i64, Aggregate> = HashMap::new();
        for r in mine {
            let Some(&(course, method_enabled)) = methods.methods.get(&r.method) else {
                continue; // a course out of scope or without the block
            };
            per_course.entry(course).or_default().add(method_enabled, r);
        }
        if per_course.is_empty() {
            continue;
        }
        let mut courses: Vec<i64> = per_course.keys().copied().collect();
        courses.sort_unstable();
        let assigned = side.roles.remove(&uid).unwrap_or_default();
        let rows = courses
            .into_iter()
            .map(|course| {
                let above = methods.contexts.get(&course).map_or(&[][..], Vec::as_slice);
                let mut roles: Vec<i64> = assigned
                    .iter()
                    .filter(|(ctx, _)| above.contains(ctx))
                    .map(|&(_, role)| role)
                    .collect();
                roles.sort_unstable();
                roles.dedup();
                let participation = per_course[&course].participation(
                    course,
                    Arc::clone(&u),
                    side.access.get(&(uid, course)).copied().flatten(),
                    side.completed
                        .get(&(uid, course))
                        .copied()
                        .filter(|&t| t > 0),
                );
                ParticipationRow {
                    participation,
                    roles,
                }
            })
            .collect();
        let periods: HashMap<i64, i64> = per_course
            .iter()
            .map(|(&course, a)| (course, a.created.unwrap_or(0)))
            .collect();
        let outbox = side.handled.remove(&uid).unwrap_or_default();
        let mailed = mail_log(&outbox, uid, facts.now);
        let (handled, sent_at) = current_period(outbox, &periods);
        learners.push(Learner {
            rows,
            handled,
            sent_at,
            mailed,
        });
    }
    learners
}

/// The learner's own e-mails (see [`OWN_EMAIL`]) among their outbox rows: those sent in the
/// [`MAIL_LOG_SPAN`] up to `now`, and how many wait in the outbox (pending, or being sent).
fn mail_log(rows: &[OutboxFact], learner: i64, now: i64) -> MailLog {
    let mut log = MailLog::default();
    let own = rows
        .iter()
        .filter(|r| r.output == "email" && (r.recipient == learner || r.recipient == 0));
    for row in own {
        match row.status.as_str() {
            "sent" => {
                if let Some(t) = row
                    .sent_at
                    .filter(|&t| now - MAIL_LOG_SPAN <= t && t <= now)
                {
                    log.sent.push(t);
                }
            }
            "pending" | "sending" => log.waiting += 1,
            _ => {}
        }
    }
    log.sent.sort_unstable();
    log
}

/// The learner's outbox rows keyed as their current enrolment period in each course names them
/// (`periods`: course to the period's start); one-off rows of an earlier period are left out, so
/// that a learner enrolled again gets that period's messages (see `occurrence::in_period`). Beside
/// them, when the sent repeats of a series went out (the next repeat waits its interval after it).
fn current_period(rows: Vec<OutboxFact>, periods: &HashMap<i64, i64>) -> (Handled, SentTimes) {
    let mut handled = Handled::with_capacity(rows.len());
    let mut sent_at = SentTimes::new();
    for row in rows {
        let state = match row.status.as_str() {
            "sent" | "marked" => Handling::Sent,
            "failed" => Handling::Failed,
            _ => Handling::Queued,
        };
        let key = match periods.get(&row.course) {
            Some(&start) => match in_period(&row.key, start, row.written_at) {
                Some(key) => key,
                None => continue,
            },
            None => OccurrenceKey(row.key),
        };
        // Only a series' repeats are spaced by their send time (their key names the series).
        let sent = row.sent_at.filter(|&t| t > 0);
        if let (Handling::Sent, Some(t), true) = (state, sent, key.as_str().contains("/s")) {
            sent_at.insert(key.clone(), t);
        }
        // Two rows for one occurrence (an old key and a new one): what was sent wins.
        let entry = handled.entry(key).or_insert(state);
        if state == Handling::Sent {
            *entry = Handling::Sent;
        }
    }
    (handled, sent_at)
}

/// A learner's enrolments in one course, folded.
#[derive(Debug, Default)]
struct Aggregate {
    active: bool,
    suspended: bool,
    start_active: Option<i64>,
    start_all: Option<i64>,
    end_active: Option<i64>,
    open_active: bool,
    end_all: Option<i64>,
    open_all: bool,
    created: Option<i64>,
}

impl Aggregate {
    fn add(&mut self, method_enabled: bool, r: &EnrolmentRow) {
        let active = method_enabled && r.active;
        let open = r.end == 0 || r.end >= 2_147_483_647;
        self.active |= active;
        self.suspended |= method_enabled && !r.active;
        let min = |a: Option<i64>, b: i64| Some(a.map_or(b, |a| a.min(b)));
        let max = |a: Option<i64>, b: i64| Some(a.map_or(b, |a| a.max(b)));
        if active {
            self.start_active = min(self.start_active, r.start);
            if open {
                self.open_active = true;
            } else {
                self.end_active = max(self.end_active, r.end);
            }
        }
        self.start_all = min(self.start_all, r.start);
        if open {
            self.open_all = true;
        } else {
            self.end_all = max(self.end_all, r.end);
        }
        self.created = min(self.created, r.created);
    }

    fn participation(
        &self,
        course: i64,
        user: Arc<User>,
        last_access: Option<i64>,
        completed_at: Option<i64>,
    ) -> Participation {
        let state = if self.active {
            EnrolmentState::Active
        } else if self.suspended {
            EnrolmentState::Suspended
        } else {
            EnrolmentState::MethodDisabled
        };
        let (start, end, open) = if self.active {
            (self.start_active, self.end_active, self.open_active)
        } else {
            (self.start_all, self.end_all, self.open_all)
        };
        Participation {
            course_id: course,
            user,
            state,
            enrol_start: start.unwrap_or(0),
            enrol_end: if open {
                None
            } else {
                end.and_then(enrolment_end)
            },
            enrolled_at: self.created.unwrap_or(0),
            last_access,
            completed_at,
            excluded: false,
            notified: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(user: i64) -> EnrolmentRow {
        EnrolmentRow {
            user,
            method: 1,
            active: true,
            start: 0,
            end: 0,
            created: 0,
        }
    }

    #[test]
    fn a_short_block_is_the_last() {
        let mut c = Cursor::new(false);
        let mut rows = vec![row(3), row(3), row(7)];
        let cut = c.cut(&mut rows);
        assert_eq!((cut.until, cut.reread, rows.len()), (Some(8), false, 3));
        assert_eq!(c.next(), None);
    }

    #[test]
    fn a_full_block_ends_before_its_last_learner_who_starts_the_next() {
        let mut c = Cursor::new(false);
        let mut rows: Vec<_> = (0..BLOCK_ENROLMENTS as i64).map(|i| row(i / 2)).collect();
        let last = rows.last().unwrap().user;
        let cut = c.cut(&mut rows);
        assert_eq!((cut.until, cut.reread), (Some(last), false));
        assert!(rows.iter().all(|r| r.user < last));
        assert_eq!(c.next(), Some(last));
    }

    #[test]
    fn one_learner_filling_a_block_is_read_whole() {
        let mut c = Cursor::new(false);
        let mut rows = vec![row(9); BLOCK_ENROLMENTS];
        let cut = c.cut(&mut rows);
        assert_eq!((cut.until, cut.reread), (Some(10), true));
        assert_eq!(c.next(), Some(10));
    }

    #[test]
    fn an_empty_block_ends_the_reading() {
        let mut c = Cursor::new(false);
        assert_eq!(c.cut(&mut Vec::new()).until, None);
        assert_eq!(c.next(), None);
        assert_eq!(Cursor::new(true).next(), None);
    }

    fn fact(status: &str, sent_at: i64, output: &str, recipient: i64) -> OutboxFact {
        OutboxFact {
            user: 7,
            key: format!("firstassign/1/7/{status}{sent_at}{output}{recipient}"),
            status: status.into(),
            course: 1,
            written_at: 0,
            sent_at: Some(sent_at),
            output: output.into(),
            recipient,
        }
    }

    #[test]
    fn the_mail_log_holds_the_learners_own_recent_and_waiting_emails() {
        let now = 100 * DAY;
        let rows = [
            fact("sent", now - 3600, "email", 7),
            fact("sent", now - 2 * DAY, "email", 0), // written before recipientid: theirs
            fact("sent", now - 3 * DAY, "email", 7), // too old for any day's budget
            fact("sent", now + 60, "email", 7),      // after the run's instant
            fact("sent", now - 60, "email", 9),      // a member of staff's copy
            fact("sent", now - 60, "message", 7),    // the bell's copy
            fact("pending", 0, "email", 7),
            fact("sending", 0, "email", 7),
            fact("pending", 0, "message", 7),
            fact("failed", 0, "email", 7),
            fact("marked", now - 60, "email", 7),
        ];
        let log = mail_log(&rows, 7, now);
        assert_eq!(log.sent, vec![now - 2 * DAY, now - 3600]);
        assert_eq!(log.waiting, 2);
    }

    #[test]
    fn counters_read_as_php_reads_them() {
        assert_eq!(counter("12"), 12.0);
        assert_eq!(counter(" 3.5abc"), 3.5);
        assert_eq!(counter("abc"), 0.0);
        assert_eq!(counter("-2"), -2.0);
    }
}
