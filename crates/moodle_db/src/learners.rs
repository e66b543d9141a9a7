//! Every learner of the courses in scope on MariaDB/MySQL: the enrolments and the side tables
//! of a block of users, each read with a plain range scan (the side tables at once, on five side
//! connections, in a full run), joined by the store's [`learners`](course_notification_store::learners)
//! as for every database.

use std::collections::HashMap;

use course_notification_store::learners::{
    names_in, open_side, BlockReads, Blocks, EnrolmentRow, JoinFacts, Methods, Narrowing,
    OutboxFact, SideRows, BLOCK_ENROLMENTS, OWN_EMAIL,
};
use mysql_async::prelude::Queryable;
use mysql_async::{Conn, Row, Value};

use crate::error::{DbError, FromDriver};
use crate::read::{user, USER_COLUMNS};
use crate::row::{int, opt_int, text};
use crate::tables::Quoted;
use crate::{and_in, connect, disconnect, reads, DbSettings, Scope, Tables};
pub use course_notification_store::Learner;

/// Reads learners block by block; between two blocks no statement is running, so the caller may
/// use the main connection (to write the outbox) before asking for the next block.
pub struct LearnerReader {
    blocks: Blocks,
    statements: Statements,
}

/// The statements of a block, and the connections they run on.
struct Statements {
    tables: Tables,
    scope: Scope,
    /// The `user_preferences` names read (the e-mail counters, the plugin's message
    /// preference); empty: none.
    preferences: Vec<&'static str>,
    /// The oldest send time of the learners' mail logs: a narrowed run reads their own e-mails in
    /// other courses since then too.
    mail_since: i64,
    /// Connections for the five side tables, read at once (full runs only: a narrowed run reads
    /// them on its one connection).
    side: Vec<Conn>,
    /// What bounds a narrowed run's reads; `None` for a full run.
    narrowed: Option<Narrowing>,
}

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
        facts: &JoinFacts,
    ) -> Result<LearnerReader, DbError> {
        let narrowed = Narrowing::of(scope, courses);
        let rows: Vec<Row> = match &narrowed {
            Some(n) if n.courses.is_empty() => Ok(Vec::new()),
            Some(n) => {
                let (filter, params) = and_in("courseid", &n.courses);
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
        let methods = Methods::new(
            rows.iter().map(|r| (int(r, 0), int(r, 1), int(r, 2))),
            courses,
        );
        let blocks = Blocks::new(methods, facts.clone());
        let side = if !blocks.is_done() && narrowed.is_none() {
            open_side(|| connect(settings), disconnect).await?
        } else {
            Vec::new()
        };
        Ok(LearnerReader {
            blocks,
            statements: Statements {
                tables: tables.clone(),
                scope: scope.clone(),
                preferences: facts.preference_names(),
                mail_since: facts.mail_since(),
                side,
                narrowed,
            },
        })
    }

    /// The next block of learners in user id order, or `None` at the end.
    pub async fn next_block(&mut self, conn: &mut Conn) -> Result<Option<Vec<Learner>>, DbError> {
        self.blocks.next(&mut self.statements, conn).await
    }

    /// Closes the side connections.
    pub async fn close(self) {
        for c in self.statements.side {
            disconnect(c).await;
        }
    }
}

impl BlockReads<Conn> for Statements {
    async fn enrolments(
        &mut self,
        conn: &mut Conn,
        methods: &Methods,
        from: i64,
        until: Option<i64>,
    ) -> Result<Vec<EnrolmentRow>, DbError> {
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
            let (clause, values) = and_in("ue.enrolid", methods.ids());
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
        Ok(rows
            .iter()
            .map(|r| EnrolmentRow {
                user: int(r, 0),
                method: int(r, 1),
                active: int(r, 2) == 0,
                start: int(r, 3),
                end: int(r, 4),
                created: int(r, 5),
            })
            .collect())
    }

    /// Users (with their preferences), last accesses, completions (with opt-outs), role
    /// assignments and outbox rows of the users in `[from, until)`, on five connections at once.
    /// A narrowed run reads those of the block's learners only (not every user whose id falls in
    /// the range), in its courses and on their context paths only (opt-outs of every course too,
    /// and the learners' own recent e-mails the daily budget counts), one after the other on
    /// `conn`.
    async fn side_tables(
        &mut self,
        conn: &mut Conn,
        from: i64,
        until: Option<i64>,
        enrolments: &[EnrolmentRow],
    ) -> Result<SideRows, DbError> {
        // Whose rows: the block's learners (narrowed run), or every user in the range (full run):
        // `<col> IN (?, ...)` or `<col> >= ? [AND <col> < ?]`, with the values to bind.
        let (learners, params): (Option<String>, Vec<Value>) = match &self.narrowed {
            Some(_) => {
                let mut ids: Vec<i64> = enrolments.iter().map(|r| r.user).collect();
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
                Some(n) if courses => and_in(col, &n.courses),
                Some(n) => and_in(col, &n.contexts),
                None => (String::new(), Vec::new()),
            }
        };
        let (in_access, p_access) = within("courseid", true);
        let (in_completions, p_completions) = within("course", true);
        let (in_roles, p_roles) = within("contextid", false);
        // The outbox of a narrowed run's courses, and the learners' own e-mails elsewhere that
        // their daily budget counts (still a few rows per learner, whatever the site).
        let (in_outbox, p_outbox) = match &self.narrowed {
            Some(n) => {
                let marks = vec!["?"; n.courses.len()].join(",");
                let mut values: Vec<Value> = n.courses.iter().map(|&c| c.into()).collect();
                values.push(self.mail_since.into());
                (
                    format!(
                        " AND (courseid IN ({marks}) OR ({OWN_EMAIL} AND (status IN ('pending', 'sending') \
                           OR (status = 'sent' AND timesent >= ?))))"
                    ),
                    values,
                )
            }
            None => (String::new(), Vec::new()),
        };
        // Opt-outs of every course (0) count in any course.
        let (in_opt_outs, p_opt_outs) = match &self.narrowed {
            Some(n) => {
                let ids: Vec<i64> = std::iter::once(0)
                    .chain(n.courses.iter().copied())
                    .collect();
                and_in("courseid", &ids)
            }
            None => (String::new(), Vec::new()),
        };
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
                    "SELECT userid, occkey, status, courseid, timecreated, timesent, output, recipientid \
                       FROM {{block_cnotif_outbox}} WHERE {}{in_outbox}",
                    range("userid")
                ),
                with(p_outbox),
            ),
        ];
        let tables = &self.tables;
        let [q0, q1, q2, q3, q4] =
            queries.map(|(what, sql, params)| (what, tables.sql(&sql), params));
        // The preferences (the e-mail counters of `over_bounce_threshold()` on a site that handles
        // bounces, the plugin's message preference where the site leaves e-mail to each user):
        // read after the users, on the same connection; none when nothing needs them.
        let preferences = (!self.preferences.is_empty()).then(|| {
            let sql = format!(
                "SELECT userid, name, value FROM {{user_preferences}} WHERE {} AND {}",
                range("userid"),
                names_in("name", &self.preferences)
            );
            ("reading user preferences", tables.sql(&sql), params.clone())
        });
        // The opt-outs (a few rows at most per learner): after the completions, on theirs.
        let opt_outs = (
            "reading opt-outs",
            tables.sql(&format!(
                "SELECT userid, courseid, topic FROM {{block_cnotif_pref}} WHERE {}{in_opt_outs}",
                range("userid")
            )),
            with(p_opt_outs),
        );
        let (
            (users, preference_rows),
            access_rows,
            (completion_rows, opt_out_rows),
            role_rows,
            outbox_rows,
        ) = if self.narrowed.is_some() {
            (
                then(conn, q0, preferences).await?,
                rows(conn, q1).await?,
                then(conn, q2, Some(opt_outs)).await?,
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
            tokio::try_join!(
                then(a, q0, preferences),
                rows(b, q1),
                then(c, q2, Some(opt_outs)),
                rows(d, q3),
                rows(e, q4)
            )?
        };
        Ok(SideRows {
            users: users.iter().map(|r| user(r, 0)).collect(),
            preferences: preference_rows
                .iter()
                .map(|r| (int(r, 0), text(r, 1), text(r, 2)))
                .collect(),
            opt_outs: opt_out_rows
                .iter()
                .map(|r| (int(r, 0), int(r, 1), text(r, 2)))
                .collect(),
            access: access_rows
                .iter()
                .map(|r| (int(r, 0), int(r, 1), opt_int(r, 2)))
                .collect(),
            completions: completion_rows
                .iter()
                .map(|r| (int(r, 0), int(r, 1), int(r, 2)))
                .collect(),
            roles: role_rows
                .iter()
                .map(|r| (int(r, 0), int(r, 1), int(r, 2)))
                .collect(),
            outbox: outbox_rows
                .iter()
                .map(|r| OutboxFact {
                    user: int(r, 0),
                    key: text(r, 1),
                    status: text(r, 2),
                    course: int(r, 3),
                    written_at: int(r, 4),
                    sent_at: opt_int(r, 5),
                    output: text(r, 6),
                    recipient: int(r, 7),
                })
                .collect(),
        })
    }
}

/// One statement's rows, then (when given) another's, on the same connection.
async fn then(
    conn: &mut Conn,
    first: (&'static str, String, Vec<Value>),
    second: Option<(&'static str, String, Vec<Value>)>,
) -> Result<(Vec<Row>, Vec<Row>), DbError> {
    let first = rows(conn, first).await?;
    let second = match second {
        Some(q) => rows(conn, q).await?,
        None => Vec::new(),
    };
    Ok((first, second))
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
