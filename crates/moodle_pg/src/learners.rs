//! Every learner of the courses in scope on PostgreSQL: the enrolments and the side tables of a
//! block of users, each read by a range of user ids (an index range scan), joined by the store's
//! [`learners`](course_notification_store::learners) as for every database.
//!
//! Memory stays flat without a server-side cursor: each statement reads one block of users
//! (keyset pagination on `userid`, at most [`BLOCK_ENROLMENTS`] enrolments), so no result is
//! larger than a block whatever the site's size, and no transaction stays open across blocks (a
//! cursor would hold one, and a snapshot, for the whole run). In a full run the five side tables
//! are read at once on five side connections, as on MariaDB.

use std::collections::HashMap;

use course_notification_store::learners::{
    names_in, open_side, BlockReads, Blocks, EnrolmentRow, JoinFacts, Methods, Narrowing,
    OutboxFact, SideRows, BLOCK_ENROLMENTS, OWN_EMAIL,
};
use course_notification_store::Learner;

use crate::error::classify;
use crate::params::Params;
use crate::read::{user, USER_COLUMNS};
use crate::row::{int, opt_int, text};
use crate::tables::Quoted;
use crate::{connect, disconnect, reads, DbError, DbSettings, PgConn, Scope, Tables};

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
    /// Connections for the side tables, read at once (full runs only: a narrowed run reads them
    /// on its one connection).
    side: Vec<PgConn>,
    /// What bounds a narrowed run's reads; `None` for a full run.
    narrowed: Option<Narrowing>,
}

/// One statement: what it reads (for errors), its SQL, its parameters.
struct Statement {
    doing: &'static str,
    sql: String,
    params: Params,
}

impl Statement {
    async fn rows(self, conn: &PgConn) -> Result<Vec<tokio_postgres::Row>, DbError> {
        let rows = conn
            .client
            .query(&self.sql, &self.params.refs())
            .await
            .map_err(|e| classify(self.doing, e))?;
        reads::rows(rows.len());
        Ok(rows)
    }
}

impl LearnerReader {
    /// Reads the enrolment methods of `courses` (id and context path) and, for a full run, opens
    /// the side connections. A narrowed run reads only the methods of its courses, and later only
    /// its learners' rows, on `conn` alone: what it reads does not grow with the site.
    pub async fn open(
        conn: &mut PgConn,
        settings: &DbSettings,
        tables: &Tables,
        scope: &Scope,
        courses: &HashMap<i64, &str>,
        facts: &JoinFacts,
    ) -> Result<LearnerReader, DbError> {
        let narrowed = Narrowing::of(scope, courses);
        let mut params = Params::default();
        let filter = match &narrowed {
            Some(n) => format!(" WHERE courseid = ANY({})", params.add(n.courses.clone())),
            None => String::new(),
        };
        let rows = match &narrowed {
            Some(n) if n.courses.is_empty() => Vec::new(),
            _ => {
                Statement {
                    doing: "reading enrolment methods",
                    sql: tables.sql(&format!(
                        "SELECT id, courseid, status::bigint FROM {{enrol}}{filter}"
                    )),
                    params,
                }
                .rows(conn)
                .await?
            }
        };
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
    pub async fn next_block(&mut self, conn: &mut PgConn) -> Result<Option<Vec<Learner>>, DbError> {
        self.blocks.next(&mut self.statements, conn).await
    }

    /// Closes the side connections.
    pub async fn close(self) {
        for c in self.statements.side {
            disconnect(c).await;
        }
    }
}

impl Statements {
    /// One side statement: `SELECT <select> WHERE <the block's users> AND <condition>`;
    /// `within` bounds a narrowed run to its courses (`Some((column, true))`) or to the contexts
    /// on their paths (`Some((column, false))`).
    fn side_statement(
        &self,
        doing: &'static str,
        select: &str,
        (user_col, condition): (&str, &str),
        within: Option<(&str, bool)>,
        block: (i64, Option<i64>, &[i64]),
    ) -> Statement {
        let (from, until, learners) = block;
        let mut p = Params::default();
        let mut sql = format!("SELECT {select} WHERE {condition}");
        match &self.narrowed {
            // A narrowed run: the block's learners only, not every user whose id is in range.
            Some(_) => sql.push_str(&format!("{user_col} = ANY({})", p.add(learners.to_vec()))),
            None => {
                sql.push_str(&format!("{user_col} >= {}", p.add(from)));
                if let Some(u) = until {
                    sql.push_str(&format!(" AND {user_col} < {}", p.add(u)));
                }
            }
        }
        if let (Some(n), Some((col, courses))) = (&self.narrowed, within) {
            let ids = if courses { &n.courses } else { &n.contexts };
            sql.push_str(&format!(" AND {col} = ANY({})", p.add(ids.clone())));
        }
        Statement {
            doing,
            sql: self.tables.sql(&sql),
            params: p,
        }
    }
}

impl BlockReads<PgConn> for Statements {
    /// Enrolments of users from `from` on (up to a block, or all before `until`), by user.
    async fn enrolments(
        &mut self,
        conn: &mut PgConn,
        methods: &Methods,
        from: i64,
        until: Option<i64>,
    ) -> Result<Vec<EnrolmentRow>, DbError> {
        let mut p = Params::default();
        let mut sql = format!(
            "SELECT ue.userid, ue.enrolid, ue.status::bigint, ue.timestart::bigint, \
                    ue.timeend::bigint, ue.timecreated::bigint \
               FROM {{user_enrolments}} ue WHERE ue.userid >= {}",
            p.add(from)
        );
        if let Some(u) = until {
            sql.push_str(&format!(" AND ue.userid < {}", p.add(u)));
        }
        if self.narrowed.is_some() {
            let ids = p.add(methods.ids().to_vec());
            sql.push_str(&format!(" AND ue.enrolid = ANY({ids})"));
        }
        if !self.scope.users.is_empty() {
            let ids = p.add(self.scope.users.clone());
            sql.push_str(&format!(" AND ue.userid = ANY({ids})"));
        }
        sql.push_str(" ORDER BY ue.userid");
        if until.is_none() {
            sql.push_str(&format!(" LIMIT {BLOCK_ENROLMENTS}"));
        }
        let rows = Statement {
            doing: "reading enrolments",
            sql: self.tables.sql(&sql),
            params: p,
        }
        .rows(conn)
        .await?;
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
    /// assignments and outbox rows of the users in `[from, until)`, on five connections at once;
    /// in a narrowed run, those of the block's learners only, in its courses and on their context
    /// paths (opt-outs of every course too, and the learners' own recent e-mails the daily budget
    /// counts), one after the other on `conn`.
    async fn side_tables(
        &mut self,
        conn: &mut PgConn,
        from: i64,
        until: Option<i64>,
        enrolments: &[EnrolmentRow],
    ) -> Result<SideRows, DbError> {
        let mut learners: Vec<i64> = enrolments.iter().map(|r| r.user).collect();
        learners.dedup(); // in user id order
        let block = (from, until, learners.as_slice());
        let users = self.side_statement(
            "reading users",
            &format!("{USER_COLUMNS} FROM {{user}} u"),
            ("u.id", ""),
            None,
            block,
        );
        // The preferences (the e-mail counters of `over_bounce_threshold()` on a site that handles
        // bounces, the plugin's message preference where the site leaves e-mail to each user):
        // read after the users, on the same connection; none when nothing needs them.
        let names = format!("{} AND ", names_in("name", &self.preferences));
        let preferences = (!self.preferences.is_empty()).then(|| {
            self.side_statement(
                "reading user preferences",
                "userid, name, value FROM {user_preferences}",
                ("userid", &names),
                None,
                block,
            )
        });
        let access = self.side_statement(
            "reading last accesses",
            "userid, courseid, timeaccess::bigint FROM {user_lastaccess}",
            ("userid", ""),
            Some(("courseid", true)),
            block,
        );
        let completions = self.side_statement(
            "reading completions",
            "userid, course, timecompleted::bigint FROM {course_completions}",
            ("userid", "timecompleted > 0 AND "),
            Some(("course", true)),
            block,
        );
        let roles = self.side_statement(
            "reading role assignments",
            "userid, contextid, roleid FROM {role_assignments}",
            ("userid", ""),
            Some(("contextid", false)),
            block,
        );
        let mut outbox = self.side_statement(
            "reading the outbox",
            "userid, occkey, status, courseid, timecreated::bigint, timesent::bigint, output, \
                    recipientid \
               FROM {block_cnotif_outbox}",
            ("userid", ""),
            None,
            block,
        );
        if let Some(n) = &self.narrowed {
            // The outbox of its courses, and the learners' own e-mails elsewhere that their daily
            // budget counts (still a few rows per learner, whatever the site).
            let courses = outbox.params.add(n.courses.clone());
            let since = outbox.params.add(self.mail_since);
            outbox.sql.push_str(&format!(
                " AND (courseid = ANY({courses}) OR ({OWN_EMAIL} AND (status IN ('pending', 'sending') \
                   OR (status = 'sent' AND timesent >= {since}))))"
            ));
        }
        // Opt-outs (a few rows at most per learner), after the completions on their connection;
        // in a narrowed run those of its courses and of every course (0).
        let mut opt_outs = self.side_statement(
            "reading opt-outs",
            "userid, courseid, topic FROM {block_cnotif_pref}",
            ("userid", ""),
            None,
            block,
        );
        if let Some(n) = &self.narrowed {
            let ids: Vec<i64> = std::iter::once(0)
                .chain(n.courses.iter().copied())
                .collect();
            let ids = opt_outs.params.add(ids);
            opt_outs
                .sql
                .push_str(&format!(" AND courseid = ANY({ids})"));
        }
        let ((users, preferences), access, (completions, opt_outs), roles, outbox) =
            match self.side.as_slice() {
                [a, b, c, d, e] => tokio::try_join!(
                    then(a, users, preferences),
                    access.rows(b),
                    then(c, completions, Some(opt_outs)),
                    roles.rows(d),
                    outbox.rows(e)
                )?,
                _ => (
                    then(conn, users, preferences).await?,
                    access.rows(conn).await?,
                    then(conn, completions, Some(opt_outs)).await?,
                    roles.rows(conn).await?,
                    outbox.rows(conn).await?,
                ),
            };
        let triple = |r: &tokio_postgres::Row| (int(r, 0), int(r, 1), int(r, 2));
        Ok(SideRows {
            users: users.iter().map(|r| user(r, 0)).collect(),
            preferences: preferences
                .iter()
                .map(|r| (int(r, 0), text(r, 1), text(r, 2)))
                .collect(),
            opt_outs: opt_outs
                .iter()
                .map(|r| (int(r, 0), int(r, 1), text(r, 2)))
                .collect(),
            access: access
                .iter()
                .map(|r| (int(r, 0), int(r, 1), opt_int(r, 2)))
                .collect(),
            completions: completions.iter().map(triple).collect(),
            roles: roles.iter().map(triple).collect(),
            outbox: outbox
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
    conn: &PgConn,
    first: Statement,
    second: Option<Statement>,
) -> Result<(Vec<tokio_postgres::Row>, Vec<tokio_postgres::Row>), DbError> {
    let first = first.rows(conn).await?;
    let second = match second {
        Some(q) => q.rows(conn).await?,
        None => Vec::new(),
    };
    Ok((first, second))
}
