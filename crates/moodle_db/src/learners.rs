//! Every learner of the courses in scope, read in blocks of users with plain range scans and
//! joined here, not in the database.
//!
//! One statement that joins and groups a million enrolments costs the database minutes (a
//! derived table, a filesort, a correlated subquery per row for the roles). Each table read on its
//! own by a range of user ids is an index range scan the database serves at full speed, and six of
//! them run at once on six connections; the join by user id, the grouping per course and the roles
//! along the context path are cheap here. Memory holds one block (about
//! [`BLOCK_ENROLMENTS`] enrolments), whatever the size of the site.

use std::collections::HashMap;

use course_notification_engine::decide::{Handled, Handling, SentTimes};
use course_notification_engine::model::{
    enrolment_end, BounceThreshold, EnrolmentState, Participation, User,
};
use course_notification_engine::occurrence::{in_period, OccurrenceKey};
use mysql_async::prelude::Queryable;
use mysql_async::{Conn, Row, Value};

use crate::error::{DbError, FromDriver};
use crate::read::{contexts_of, counter, path_contexts, user, ParticipationRow, USER_COLUMNS};
use crate::row::{int, opt_int, text};
use crate::tables::Quoted;
use crate::{and_in, connect, disconnect, reads, DbSettings, Scope, Tables};
pub use course_notification_store::Learner;

/// Enrolment rows read per block: the memory a run holds does not grow past this.
pub const BLOCK_ENROLMENTS: usize = 20_000;

/// Reads learners block by block; between two blocks no statement is running, so the caller may
/// use the main connection (to write the outbox) before asking for the next block.
pub struct LearnerReader {
    tables: Tables,
    scope: Scope,
    /// Enrolment method id to (course id, method enabled).
    methods: HashMap<i64, (i64, bool)>,
    /// Course id to the ids of its context and every context above.
    contexts: HashMap<i64, Vec<i64>>,
    /// The enrolment method ids of the scoped courses, when the scope names courses.
    method_filter: Vec<i64>,
    /// The site's bounce threshold: the users' e-mail counters are read only when it is set.
    bounces: Option<BounceThreshold>,
    /// Connections for the five side tables, read at once (full runs only: a narrowed run reads
    /// them on its one connection).
    side: Vec<Conn>,
    /// The course ids and the contexts on their paths that bound a narrowed run's reads; `None`
    /// for a full run.
    narrowed: Option<(Vec<i64>, Vec<i64>)>,
    next_user: i64,
    done: bool,
}

const SIDE_TABLES: usize = 5;

impl LearnerReader {
    /// Reads the enrolment methods of `courses` (id and context path, such as `/1/3/15`: roles
    /// assigned in any context on the path count) and, for a full run, opens the side
    /// connections. A narrowed run (`scope` names users or courses; `courses` are then those it
    /// concerns) reads only the methods of its courses, and later only its learners' rows, on
    /// `conn` alone: what it reads does not grow with the site.
    pub async fn open(
        conn: &mut Conn,
        settings: &DbSettings,
        tables: &Tables,
        scope: &Scope,
        courses: &HashMap<i64, &str>,
        bounces: Option<BounceThreshold>,
    ) -> Result<LearnerReader, DbError> {
        let narrowed = scope.is_narrowed().then(|| {
            let mut ids: Vec<i64> = courses.keys().copied().collect();
            ids.sort_unstable();
            (ids, contexts_of(courses.values().copied()))
        });
        let rows: Vec<Row> = match &narrowed {
            Some((ids, _)) if ids.is_empty() => Ok(Vec::new()),
            Some((ids, _)) => {
                let (filter, params) = and_in("courseid", ids);
                conn.exec(
                    tables.sql(&format!(
                        "SELECT id, courseid, status FROM {{enrol}} WHERE 1 = 1{filter}"
                    )),
                    params,
                )
                .await
            }
            None => {
                conn.query(tables.sql("SELECT id, courseid, status FROM {enrol}"))
                    .await
            }
        }
        .map_err(|e| DbError::from_driver("reading enrolment methods", e))?;
        reads::rows(rows.len());
        let mut methods = HashMap::new();
        let mut method_filter = Vec::new();
        for r in &rows {
            let (id, course) = (int(r, 0), int(r, 1));
            if courses.contains_key(&course) {
                methods.insert(id, (course, int(r, 2) == 0));
                if narrowed.is_some() {
                    method_filter.push(id);
                }
            }
        }
        let contexts = courses
            .iter()
            .map(|(&id, path)| (id, path_contexts(path)))
            .collect();
        let mut side = Vec::with_capacity(SIDE_TABLES);
        // Nothing to read when no course is in scope (or none has an enrolment method).
        let done = methods.is_empty();
        if !done && narrowed.is_none() {
            for _ in 0..SIDE_TABLES {
                match connect(settings).await {
                    Ok(c) => side.push(c),
                    Err(e) => {
                        for c in side {
                            disconnect(c).await;
                        }
                        return Err(e);
                    }
                }
            }
        }
        Ok(LearnerReader {
            tables: tables.clone(),
            scope: scope.clone(),
            methods,
            contexts,
            method_filter,
            bounces,
            side,
            narrowed,
            next_user: i64::MIN,
            done,
        })
    }

    /// The next block of learners in user id order, or `None` at the end.
    pub async fn next_block(&mut self, conn: &mut Conn) -> Result<Option<Vec<Learner>>, DbError> {
        if self.done {
            return Ok(None);
        }
        let from = self.next_user;
        let mut enrolments = self.enrolments(conn, from, None).await?;
        let until = if enrolments.len() < BLOCK_ENROLMENTS {
            self.done = true;
            enrolments.last().map(|r| int(r, 0) + 1)
        } else {
            let last = int(&enrolments[enrolments.len() - 1], 0);
            if last == int(&enrolments[0], 0) {
                // One learner holds a whole block: read all of theirs.
                enrolments = self.enrolments(conn, from, Some(last + 1)).await?;
                Some(last + 1)
            } else {
                // The last learner may be cut short: they start the next block.
                enrolments.retain(|r| int(r, 0) < last);
                Some(last)
            }
        };
        if let Some(u) = until {
            self.next_user = u;
        }
        if enrolments.is_empty() {
            return Ok(None);
        }
        let side = self.side_tables(conn, from, until, &enrolments).await?;
        Ok(Some(self.join(enrolments, side)))
    }

    /// Closes the side connections.
    pub async fn close(self) {
        for c in self.side {
            disconnect(c).await;
        }
    }

    /// Enrolments of users from `from` on (up to a block, or all before `until`), by user.
    async fn enrolments(
        &self,
        conn: &mut Conn,
        from: i64,
        until: Option<i64>,
    ) -> Result<Vec<Row>, DbError> {
        let mut sql = String::from(
            "SELECT ue.userid, ue.enrolid, ue.status, ue.timestart, ue.timeend, ue.timecreated \
               FROM {user_enrolments} ue WHERE ue.userid >= ?",
        );
        let mut params: Vec<Value> = vec![from.into()];
        if let Some(u) = until {
            sql.push_str(" AND ue.userid < ?");
            params.push(u.into());
        }
        if self.narrowed.is_some() {
            let (clause, values) = and_in("ue.enrolid", &self.method_filter);
            sql.push_str(&clause);
            params.extend(values);
        }
        if !self.scope.users.is_empty() {
            let (clause, values) = and_in("ue.userid", &self.scope.users);
            sql.push_str(&clause);
            params.extend(values);
        }
        sql.push_str(" ORDER BY ue.userid");
        if until.is_none() {
            sql.push_str(&format!(" LIMIT {BLOCK_ENROLMENTS}"));
        }
        let rows: Vec<Row> = conn
            .exec(self.tables.sql(&sql), params)
            .await
            .map_err(|e| DbError::from_driver("reading enrolments", e))?;
        reads::rows(rows.len());
        Ok(rows)
    }

    /// Users, last accesses, completions, role assignments and outbox rows of the users in
    /// `[from, until)`, each read on its own connection, all at once. A narrowed run reads those
    /// of the block's learners only (not every user whose id falls in the range), in its courses
    /// and on their context paths only, one after the other on `conn`.
    async fn side_tables(
        &mut self,
        conn: &mut Conn,
        from: i64,
        until: Option<i64>,
        enrolments: &[Row],
    ) -> Result<Side, DbError> {
        // Whose rows: the block's learners (narrowed run), or every user in the range (full run):
        // `<col> IN (?, ...)` or `<col> >= ? [AND <col> < ?]`, with the values to bind.
        let (learners, params): (Option<String>, Vec<Value>) = match &self.narrowed {
            Some(_) => {
                let mut ids: Vec<i64> = enrolments.iter().map(|r| int(r, 0)).collect();
                ids.dedup(); // in user id order
                let marks = vec!["?"; ids.len()].join(",");
                (Some(marks), ids.into_iter().map(Value::from).collect())
            }
            None => (
                None,
                std::iter::once(from.into())
                    .chain(until.map(Value::from))
                    .collect(),
            ),
        };
        let range = |col: &str| match (&learners, until) {
            (Some(marks), _) => format!("{col} IN ({marks})"),
            (None, Some(_)) => format!("{col} >= ? AND {col} < ?"),
            (None, None) => format!("{col} >= ?"),
        };
        // In a narrowed run, only the rows of its courses and of the contexts on their paths.
        let within = |col: &str, courses: bool| -> (String, Vec<Value>) {
            match &self.narrowed {
                Some((ids, _)) if courses => and_in(col, ids),
                Some((_, contexts)) => and_in(col, contexts),
                None => (String::new(), Vec::new()),
            }
        };
        let (in_access, p_access) = within("courseid", true);
        let (in_completions, p_completions) = within("course", true);
        let (in_roles, p_roles) = within("contextid", false);
        let (in_outbox, p_outbox) = within("courseid", true);
        let with =
            |extra: Vec<Value>| -> Vec<Value> { params.iter().cloned().chain(extra).collect() };
        let queries = [
            (
                "reading users",
                format!(
                    "SELECT {USER_COLUMNS} FROM {{user}} u WHERE {}",
                    range("u.id")
                ),
                with(Vec::new()),
            ),
            (
                "reading last accesses",
                format!(
                    "SELECT userid, courseid, timeaccess FROM {{user_lastaccess}} WHERE {}{in_access}",
                    range("userid")
                ),
                with(p_access),
            ),
            (
                "reading completions",
                format!(
                    "SELECT userid, course, timecompleted FROM {{course_completions}} \
                      WHERE {} AND timecompleted > 0{in_completions}",
                    range("userid")
                ),
                with(p_completions),
            ),
            (
                "reading role assignments",
                format!(
                    "SELECT userid, contextid, roleid FROM {{role_assignments}} WHERE {}{in_roles}",
                    range("userid")
                ),
                with(p_roles),
            ),
            (
                "reading the outbox",
                format!(
                    "SELECT userid, occkey, status, courseid, timecreated, timesent FROM {{block_cnotif_outbox}} WHERE {}{in_outbox}",
                    range("userid")
                ),
                with(p_outbox),
            ),
        ];
        let tables = &self.tables;
        let [q0, q1, q2, q3, q4] =
            queries.map(|(what, sql, params)| (what, tables.sql(&sql), params));
        // The e-mail counters of `over_bounce_threshold()`, only on a site that handles bounces:
        // read after the users, on the same connection.
        let counters = self.bounces.map(|_| {
            let sql = format!(
                "SELECT userid, name, value FROM {{user_preferences}} \
                  WHERE {} AND name IN ('email_bounce_count', 'email_send_count')",
                range("userid")
            );
            ("reading e-mail counters", tables.sql(&sql), params.clone())
        });
        let ((users, counter_rows), access_rows, completion_rows, role_rows, outbox_rows) =
            if self.narrowed.is_some() {
                let users = rows(conn, q0).await?;
                let counters = match counters {
                    Some(q) => rows(conn, q).await?,
                    None => Vec::new(),
                };
                (
                    (users, counters),
                    rows(conn, q1).await?,
                    rows(conn, q2).await?,
                    rows(conn, q3).await?,
                    rows(conn, q4).await?,
                )
            } else {
                let [a, b, c, d, e] = self.side.as_mut_slice() else {
                    return Err(DbError::Query {
                        doing: "reading learners",
                        detail: "the side connections are gone".into(),
                    });
                };
                let users_and_counters = async {
                    let users = rows(a, q0).await?;
                    let counters = match counters {
                        Some(q) => rows(a, q).await?,
                        None => Vec::new(),
                    };
                    Ok::<_, DbError>((users, counters))
                };
                tokio::try_join!(
                    users_and_counters,
                    rows(b, q1),
                    rows(c, q2),
                    rows(d, q3),
                    rows(e, q4)
                )?
            };
        let mut counts: HashMap<i64, (f64, f64)> = HashMap::new();
        for r in &counter_rows {
            let entry = counts.entry(int(r, 0)).or_default();
            match text(r, 1).as_str() {
                "email_bounce_count" => entry.0 = counter(&text(r, 2)),
                _ => entry.1 = counter(&text(r, 2)),
            }
        }
        let bounces = self.bounces;
        let users = users
            .iter()
            .map(|r| {
                let mut u = user(r, 0);
                if let Some(b) = bounces {
                    let (bounced, sent) = counts.get(&u.id).copied().unwrap_or_default();
                    u.over_bounce_threshold = b.over(bounced, sent);
                }
                (u.id, u)
            })
            .collect::<HashMap<_, _>>();
        let mut access = HashMap::new();
        for r in &access_rows {
            access.insert((int(r, 0), int(r, 1)), opt_int(r, 2));
        }
        let mut completed = HashMap::new();
        for r in &completion_rows {
            completed.insert((int(r, 0), int(r, 1)), int(r, 2));
        }
        let mut roles: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
        for r in &role_rows {
            roles
                .entry(int(r, 0))
                .or_default()
                .push((int(r, 1), int(r, 2)));
        }
        let mut handled: HashMap<i64, Vec<OutboxRow>> = HashMap::new();
        for r in &outbox_rows {
            let state = match text(r, 2).as_str() {
                "sent" | "marked" => Handling::Sent,
                "failed" => Handling::Failed,
                _ => Handling::Queued,
            };
            handled.entry(int(r, 0)).or_default().push(OutboxRow {
                key: text(r, 1),
                state,
                course: int(r, 3),
                written_at: int(r, 4),
                sent_at: opt_int(r, 5).filter(|&t| t > 0),
            });
        }
        Ok(Side {
            users,
            access,
            completed,
            roles,
            handled,
        })
    }

    /// Groups a block's enrolments per learner and course, as the original's SQL did: dates over
    /// the learner's active enrolments (enabled method, not suspended) when there is one, over all
    /// of them otherwise.
    fn join(&self, enrolments: Vec<Row>, mut side: Side) -> Vec<Learner> {
        let mut learners = Vec::new();
        let mut at = 0;
        while at < enrolments.len() {
            let uid = int(&enrolments[at], 0);
            let end = enrolments[at..]
                .iter()
                .position(|r| int(r, 0) != uid)
                .map_or(enrolments.len(), |n| at + n);
            let mine = &enrolments[at..end];
            at = end;
            let Some(u) = side.users.get(&uid) else {
                continue; // an enrolment of a user row that no longer exists
            };
            let mut per_course: HashMap<i64, Aggregate> = HashMap::new();
            for r in mine {
                let Some(&(course, method_enabled)) = self.methods.get(&int(r, 1)) else {
                    continue; // a course out of scope or without the block
                };
                per_course.entry(course).or_default().add(
                    method_enabled,
                    int(r, 2) == 0,
                    int(r, 3),
                    int(r, 4),
                    int(r, 5),
                );
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
                    let above = self.contexts.get(&course).map_or(&[][..], Vec::as_slice);
                    let mut roles: Vec<i64> = assigned
                        .iter()
                        .filter(|(ctx, _)| above.contains(ctx))
                        .map(|&(_, role)| role)
                        .collect();
                    roles.sort_unstable();
                    roles.dedup();
                    let participation = per_course[&course].participation(
                        course,
                        u.clone(),
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
            let (handled, sent_at) = current_period(outbox, &periods);
            learners.push(Learner {
                rows,
                handled,
                sent_at,
            });
        }
        learners
    }
}

/// One statement's rows, read whole (a block's worth).
async fn rows(
    conn: &mut Conn,
    (what, sql, params): (&'static str, String, Vec<Value>),
) -> Result<Vec<Row>, DbError> {
    let rows: Vec<Row> = conn
        .exec(sql, params)
        .await
        .map_err(|e| DbError::from_driver(what, e))?;
    reads::rows(rows.len());
    Ok(rows)
}

/// The side tables of one block, keyed by user (and course).
struct Side {
    users: HashMap<i64, User>,
    access: HashMap<(i64, i64), Option<i64>>,
    completed: HashMap<(i64, i64), i64>,
    roles: HashMap<i64, Vec<(i64, i64)>>,
    handled: HashMap<i64, Vec<OutboxRow>>,
}

/// One outbox row of a learner, as the decisions need it.
struct OutboxRow {
    key: String,
    state: Handling,
    course: i64,
    /// `timecreated`: when the row was written.
    written_at: i64,
    /// `timesent`, when it was sent (0 or NULL: not sent).
    sent_at: Option<i64>,
}

/// The learner's outbox rows keyed as their current enrolment period in each course names them
/// (`periods`: course to the period's start); one-off rows of an earlier period are left out, so
/// that a learner enrolled again gets that period's messages (see `occurrence::in_period`). Beside
/// them, when the sent repeats of a series went out (the next repeat waits its interval after it).
fn current_period(rows: Vec<OutboxRow>, periods: &HashMap<i64, i64>) -> (Handled, SentTimes) {
    let mut handled = Handled::with_capacity(rows.len());
    let mut sent_at = SentTimes::new();
    for row in rows {
        let key = match periods.get(&row.course) {
            Some(&start) => match in_period(&row.key, start, row.written_at) {
                Some(key) => key,
                None => continue,
            },
            None => OccurrenceKey(row.key),
        };
        // Only a series' repeats are spaced by their send time (their key names the series).
        if let (Handling::Sent, Some(t), true) =
            (row.state, row.sent_at, key.as_str().contains("/s"))
        {
            sent_at.insert(key.clone(), t);
        }
        // Two rows for one occurrence (an old key and a new one): what was sent wins.
        let state = handled.entry(key).or_insert(row.state);
        if row.state == Handling::Sent {
            *state = Handling::Sent;
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
    fn add(
        &mut self,
        method_enabled: bool,
        enrolment_active: bool,
        start: i64,
        end: i64,
        created: i64,
    ) {
        let active = method_enabled && enrolment_active;
        let open = end == 0 || end >= 2_147_483_647;
        self.active |= active;
        self.suspended |= method_enabled && !enrolment_active;
        let min = |a: Option<i64>, b: i64| Some(a.map_or(b, |a| a.min(b)));
        let max = |a: Option<i64>, b: i64| Some(a.map_or(b, |a| a.max(b)));
        if active {
            self.start_active = min(self.start_active, start);
            if open {
                self.open_active = true;
            } else {
                self.end_active = max(self.end_active, end);
            }
        }
        self.start_all = min(self.start_all, start);
        if open {
            self.open_all = true;
        } else {
            self.end_all = max(self.end_all, end);
        }
        self.created = min(self.created, created);
    }

    fn participation(
        &self,
        course: i64,
        user: User,
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
