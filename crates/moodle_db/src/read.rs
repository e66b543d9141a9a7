//! Reading the facts of a run from Moodle's tables.
//!
//! Three statements per run, whatever the number of courses and learners: the courses that carry
//! the block, the aggregated enrolments of their learners (streamed row by row), and the occurrence
//! keys already in the outbox.

use std::collections::HashMap;

use course_notification_engine::decide::{Handled, Handling};
use course_notification_engine::model::{Course, Participation, User};
use course_notification_engine::occurrence::OccurrenceKey;
use mysql_async::prelude::Queryable;
use mysql_async::Conn;

use crate::error::DbError;
use crate::row::{int, opt_int, text};
use crate::{Scope, Tables};

/// The condition "course `<alias>` carries a course_notification block on its own page".
/// A block on a category page is not a course (the original processed it as one).
fn carries_block(alias: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM {{block_instances}} bi \
           JOIN {{context}} bx ON bx.id = bi.parentcontextid AND bx.contextlevel = 50 \
          WHERE bi.blockname = 'course_notification' AND bx.instanceid = {alias}.id)"
    )
}

/// Visible courses (not the front page) that carry the block, by id.
pub async fn courses(
    conn: &mut Conn,
    tables: &Tables,
    scope: &Scope,
) -> Result<HashMap<i64, Course>, DbError> {
    let (filter, params) = Scope {
        users: vec![],
        ..scope.clone()
    }
    .sql("c.id", "");
    let sql = tables.sql(&format!(
        "SELECT c.id, c.shortname, c.fullname, c.startdate, c.enddate FROM {{course}} c \
          WHERE c.category > 0 AND c.visible = 1 AND {}{filter}",
        carries_block("c")
    ));
    let rows: Vec<mysql_async::Row> = conn
        .exec(sql, params)
        .await
        .map_err(|e| DbError::from_driver("reading courses", e))?;
    Ok(rows
        .iter()
        .map(|r| {
            let c = Course {
                id: int(r, 0),
                shortname: text(r, 1),
                fullname: text(r, 2),
                startdate: int(r, 3),
                enddate: int(r, 4),
            };
            (c.id, c)
        })
        .collect())
}

/// Streams one [`Participation`] per (course, learner) with an active enrolment in an enabled
/// instance, for every course that carries the block; `each` is called row by row, so memory does
/// not grow with the number of enrolments.
///
/// Deleted and suspended accounts are left out here: nothing is ever queued for them. Holders of
/// `excludefromnotification` are flagged (the engine traps them with rule X): the capability is
/// read from role definitions at system level and assignments in the course, its category or the
/// system. Overrides in lower contexts are not read yet.
pub async fn participations<F>(
    conn: &mut Conn,
    tables: &Tables,
    scope: &Scope,
    mut each: F,
) -> Result<(), DbError>
where
    F: FnMut(Participation),
{
    let (filter, params) = scope.sql("e.courseid", "ue.userid");
    let sql = tables.sql(&format!(
        "SELECT agg.courseid, u.id, u.username, u.email, u.firstname, u.lastname, u.lang, \
                u.timezone, u.mailformat, agg.tstart, agg.tendmax, agg.tendmin, \
                ula.timeaccess, cc.timecompleted, \
                EXISTS (SELECT 1 FROM {{role_assignments}} ra \
                          JOIN {{context}} rx ON rx.id = ra.contextid \
                          JOIN {{role_capabilities}} rc ON rc.roleid = ra.roleid \
                               AND rc.capability = 'block/course_notification:excludefromnotification' \
                               AND rc.permission = 1 \
                          JOIN {{context}} sx ON sx.id = rc.contextid AND sx.contextlevel = 10 \
                         WHERE ra.userid = u.id \
                           AND (rx.id = cx.id OR rx.contextlevel = 10 \
                                OR (rx.contextlevel = 40 AND cx.path LIKE CONCAT(rx.path, '/%')))) \
           FROM (SELECT e.courseid, ue.userid, MIN(ue.timestart) AS tstart, \
                        MAX(ue.timeend) AS tendmax, MIN(ue.timeend) AS tendmin \
                   FROM {{user_enrolments}} ue \
                   JOIN {{enrol}} e ON e.id = ue.enrolid AND e.status = 0 \
                   JOIN {{course}} c ON c.id = e.courseid AND c.category > 0 AND c.visible = 1 \
                  WHERE ue.status = 0 AND {}{filter} \
                  GROUP BY e.courseid, ue.userid) agg \
           JOIN {{user}} u ON u.id = agg.userid AND u.deleted = 0 AND u.suspended = 0 \
           JOIN {{context}} cx ON cx.contextlevel = 50 AND cx.instanceid = agg.courseid \
      LEFT JOIN {{user_lastaccess}} ula ON ula.userid = agg.userid AND ula.courseid = agg.courseid \
      LEFT JOIN {{course_completions}} cc ON cc.userid = agg.userid AND cc.course = agg.courseid \
          ORDER BY agg.courseid, u.id",
        carries_block("c")
    ));
    let mut result = conn
        .exec_iter(sql, params)
        .await
        .map_err(|e| DbError::from_driver("reading enrolments", e))?;
    result
        .for_each(|r| {
            each(Participation {
                course_id: int(&r, 0),
                user: User {
                    id: int(&r, 1),
                    username: text(&r, 2),
                    email: text(&r, 3),
                    firstname: text(&r, 4),
                    lastname: text(&r, 5),
                    lang: text(&r, 6),
                    timezone: text(&r, 7),
                    mailformat: int(&r, 8),
                },
                enrol_start: int(&r, 9),
                enrol_end_max: int(&r, 10),
                enrol_end_min: int(&r, 11),
                last_access: opt_int(&r, 12),
                completed_at: opt_int(&r, 13).filter(|&t| t > 0),
                excluded: int(&r, 14) != 0,
            })
        })
        .await
        .map_err(|e| DbError::from_driver("reading enrolments", e))
}

/// Occurrence keys already in the outbox for the courses in scope, with their state.
pub async fn handled(conn: &mut Conn, tables: &Tables, scope: &Scope) -> Result<Handled, DbError> {
    let (filter, params) = scope.sql("o.courseid", "o.userid");
    let sql = tables.sql(&format!(
        "SELECT o.occkey, o.status FROM {{block_cnotif_outbox}} o WHERE 1 = 1{filter}"
    ));
    let mut keys = Handled::new();
    let mut result = conn
        .exec_iter(sql, params)
        .await
        .map_err(|e| DbError::from_driver("reading the outbox", e))?;
    result
        .for_each(|r| {
            let state = match text(&r, 1).as_str() {
                "sent" | "marked" => Handling::Sent,
                "failed" => Handling::Failed,
                _ => Handling::Queued,
            };
            keys.insert(OccurrenceKey(text(&r, 0)), state);
        })
        .await
        .map_err(|e| DbError::from_driver("reading the outbox", e))?;
    Ok(keys)
}
