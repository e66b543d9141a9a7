//! Reading the facts of a run from Moodle's tables.
//!
//! A fixed number of statements, whatever the number of courses: the courses that carry the
//! block, the definitions of the two capabilities the engine resolves, the notifications defined
//! in contexts and their texts, the staff of the courses. The learners are read block by block
//! (see `learners.rs`).

use std::collections::HashMap;

use course_notification_engine::capability::Definition as CapabilityDefinition;
use course_notification_engine::catalogue::CustomText;
use course_notification_engine::inherit::{Definition, Overrides};
use course_notification_engine::model::{BounceThreshold, Course, User};
use mysql_async::prelude::Queryable;
use mysql_async::Conn;

use crate::error::{DbError, FromDriver};
use crate::row::{int, opt_int, text};
use crate::tables::Quoted;
use crate::{and_in, reads, Scope, ScopeSql, Tables};
use course_notification_store::learners::counter;
use course_notification_store::stored_trigger;
pub use course_notification_store::{
    contexts_of, path_contexts, CourseRow, ParticipationRow, BENOTIFIED, EXCLUDE,
};

/// The `user` columns of a recipient, in the order [`user`] reads them.
pub(crate) const USER_COLUMNS: &str =
    "u.id, u.username, u.email, u.firstname, u.lastname, u.lang, u.timezone, u.mailformat, \
                            u.suspended, u.deleted, u.emailstop, u.auth";

/// The recipient whose [`USER_COLUMNS`] start at column `at`.
pub(crate) fn user(r: &mysql_async::Row, at: usize) -> User {
    User {
        id: int(r, at),
        username: text(r, at + 1),
        email: text(r, at + 2),
        firstname: text(r, at + 3),
        lastname: text(r, at + 4),
        lang: text(r, at + 5),
        timezone: text(r, at + 6),
        mailformat: int(r, at + 7),
        suspended: int(r, at + 8) != 0,
        deleted: int(r, at + 9) != 0,
        emailstop: int(r, at + 10) != 0,
        nologin: text(r, at + 11) == "nologin",
        // Set by the reader of the user's e-mail counters when the site handles bounces.
        over_bounce_threshold: false,
        // Set when joining a learner's side rows (the plugin's opt-outs, Moodle's message
        // preferences); a member of staff's copy follows neither.
        opt_outs: Vec::new(),
        email_off: false,
    }
}

/// The condition "course `<alias>` carries a course_notification block on its own page".
/// A block on a category page is not a course (the original processed it as one).
fn carries_block(alias: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM {{block_instances}} bi \
           JOIN {{context}} bx ON bx.id = bi.parentcontextid AND bx.contextlevel = 50 \
          WHERE bi.blockname = 'course_notification' AND bx.instanceid = {alias}.id)"
    )
}

/// Courses (not the front page) that carry the block, by id, with their visibility and that of
/// every category above them. A run narrowed to users reads only the courses they are enrolled
/// in (the others cannot concern them), so that what it reads does not grow with the site.
pub async fn courses(
    conn: &mut Conn,
    tables: &Tables,
    scope: &Scope,
) -> Result<HashMap<i64, CourseRow>, DbError> {
    let mut courses = scope.courses.clone();
    if !scope.users.is_empty() {
        courses = enrolled_courses(conn, tables, scope).await?;
        if courses.is_empty() {
            return Ok(HashMap::new());
        }
    }
    let (filter, params) = Scope {
        courses,
        users: vec![],
    }
    .sql("c.id", "");
    let sql = tables.sql(&format!(
        "SELECT c.id, c.shortname, c.fullname, c.startdate, c.enddate, c.visible, cx.path, \
                NOT EXISTS (SELECT 1 FROM {{course_categories}} cat \
                              JOIN {{course_categories}} anc ON anc.visible = 0 \
                                   AND (anc.id = cat.id OR cat.path LIKE CONCAT(anc.path, '/%')) \
                             WHERE cat.id = c.category) \
           FROM {{course}} c \
           JOIN {{context}} cx ON cx.contextlevel = 50 AND cx.instanceid = c.id \
          WHERE c.category > 0 AND {}{filter}",
        carries_block("c")
    ));
    let rows: Vec<mysql_async::Row> = conn
        .exec(sql, params)
        .await
        .map_err(|e| DbError::from_driver("reading courses", e))?;
    reads::rows(rows.len());
    Ok(rows
        .iter()
        .map(|r| {
            let course = Course {
                id: int(r, 0),
                shortname: text(r, 1),
                fullname: text(r, 2),
                startdate: int(r, 3),
                enddate: int(r, 4),
                visible: int(r, 5) != 0,
                category_visible: int(r, 7) != 0,
                staff: Vec::new(),
                teachers: Vec::new(),
            };
            (
                course.id,
                CourseRow {
                    course,
                    context_path: text(r, 6),
                },
            )
        })
        .collect())
}

/// The courses the scope's users are enrolled in (by any method, in any state), within the
/// scope's courses when it names some: one statement over those users' enrolments.
async fn enrolled_courses(
    conn: &mut Conn,
    tables: &Tables,
    scope: &Scope,
) -> Result<Vec<i64>, DbError> {
    let (filter, params) = scope.sql("e.courseid", "ue.userid");
    let ids: Vec<i64> = conn
        .exec(
            tables.sql(&format!(
                "SELECT DISTINCT e.courseid FROM {{user_enrolments}} ue \
                   JOIN {{enrol}} e ON e.id = ue.enrolid WHERE 1 = 1{filter} ORDER BY e.courseid"
            )),
            params,
        )
        .await
        .map_err(|e| DbError::from_driver("reading the users' courses", e))?;
    reads::rows(ids.len());
    Ok(ids)
}

/// Every definition (site role definitions and overrides) of `capability`, with context depths;
/// only those in the contexts `within` when given (a narrowed run needs those on its courses'
/// paths, not every override of the site).
pub async fn capability(
    conn: &mut Conn,
    tables: &Tables,
    capability: &str,
    within: Option<&[i64]>,
) -> Result<Vec<CapabilityDefinition>, DbError> {
    let (filter, mut params) = match within {
        Some([]) => return Ok(Vec::new()),
        Some(ids) => and_in("rc.contextid", ids),
        None => (String::new(), Vec::new()),
    };
    params.insert(0, capability.into());
    let rows: Vec<mysql_async::Row> = conn
        .exec(
            tables.sql(&format!(
                "SELECT rc.roleid, rc.contextid, x.depth, rc.permission \
                   FROM {{role_capabilities}} rc JOIN {{context}} x ON x.id = rc.contextid \
                  WHERE rc.capability = ?{filter}"
            )),
            params,
        )
        .await
        .map_err(|e| DbError::from_driver("reading capability definitions", e))?;
    reads::rows(rows.len());
    Ok(rows
        .iter()
        .map(|r| CapabilityDefinition {
            role: int(r, 0),
            context: int(r, 1),
            depth: int(r, 2),
            permission: int(r, 3),
        })
        .collect())
}

/// Every notification defined or overridden in a context (`block_cnotif_def`) with its texts
/// (`block_cnotif_text`): two statements; there are a few rows per context at most. Only those
/// defined in the contexts `within` when given (the category and course paths of a narrowed run).
pub async fn definitions(
    conn: &mut Conn,
    tables: &Tables,
    within: Option<&[i64]>,
) -> Result<Vec<Definition>, DbError> {
    let (filter, params) = match within {
        Some([]) => return Ok(Vec::new()),
        Some(ids) => and_in("d.contextid", ids),
        None => (String::new(), Vec::new()),
    };
    let mut texts: HashMap<i64, Vec<CustomText>> = HashMap::new();
    let rows: Vec<mysql_async::Row> = conn
        .exec(
            tables.sql(&format!(
                "SELECT t.defid, t.lang, t.subject, t.body FROM {{block_cnotif_text}} t \
                   JOIN {{block_cnotif_def}} d ON d.id = t.defid WHERE 1 = 1{filter} \
                  ORDER BY t.defid, t.lang"
            )),
            params.clone(),
        )
        .await
        .map_err(|e| DbError::from_driver("reading notification texts", e))?;
    reads::rows(rows.len());
    for r in &rows {
        texts.entry(int(r, 0)).or_default().push(CustomText {
            lang: text(r, 1),
            subject: text(r, 2),
            body: text(r, 3),
        });
    }
    let rows: Vec<mysql_async::Row> = conn
        .exec(tables.sql(&format!(
            "SELECT d.id, d.contextid, x.depth, d.code, d.enabled, d.triggertype, d.offsetdays, d.repeatevery, \
                    d.repeatmax, d.latelimit, d.neveraccessed, d.notcompleted, d.duringaccess, d.priority, \
                    d.timeenabled, d.recipients, d.essential \
               FROM {{block_cnotif_def}} d JOIN {{context}} x ON x.id = d.contextid WHERE 1 = 1{filter} \
              ORDER BY x.depth, d.id",
        )), params)
        .await
        .map_err(|e| DbError::from_driver("reading notification definitions", e))?;
    reads::rows(rows.len());
    let flag = |r: &mysql_async::Row, i| opt_int(r, i).map(|v| v != 0);
    Ok(rows
        .iter()
        .map(|r| Definition {
            context: int(r, 1),
            depth: int(r, 2),
            code: text(r, 3),
            overrides: Overrides {
                enabled: flag(r, 4),
                trigger: stored_trigger(&text(r, 5)),
                offset_days: opt_int(r, 6),
                repeat_every_days: opt_int(r, 7),
                repeat_max: opt_int(r, 8),
                late_limit_days: opt_int(r, 9),
                only_never_accessed: flag(r, 10),
                only_not_completed: flag(r, 11),
                only_during_access: flag(r, 12),
                priority: opt_int(r, 13),
                essential: flag(r, 16),
                enabled_since: opt_int(r, 14),
                recipients: Some(text(r, 15)).filter(|list| !list.trim().is_empty()),
                texts: texts.remove(&int(r, 0)).unwrap_or_default(),
            },
        })
        .collect())
}

/// The context path of a course (`/1/3/15`), or `None` when there is no such course.
pub async fn course_context_path(
    conn: &mut Conn,
    tables: &Tables,
    course_id: i64,
) -> Result<Option<String>, DbError> {
    let path: Option<Option<String>> = conn
        .exec_first(
            tables.sql("SELECT path FROM {context} WHERE contextlevel = 50 AND instanceid = ?"),
            (course_id,),
        )
        .await
        .map_err(|e| DbError::from_driver("reading the course context", e))?;
    reads::rows(path.iter().len());
    Ok(path.map(Option::unwrap_or_default))
}

/// The roles Moodle shows as course contacts (`$CFG->coursecontact`: the editing teacher, role
/// 3, on a new site; empty when the site lists none).
pub async fn course_contact_roles(conn: &mut Conn, tables: &Tables) -> Result<Vec<i64>, DbError> {
    let value: Option<String> = conn
        .exec_first(
            tables.sql("SELECT value FROM {config} WHERE name = 'coursecontact'"),
            (),
        )
        .await
        .map_err(|e| DbError::from_driver("reading the course contact roles", e))?;
    reads::rows(value.iter().len());
    Ok(value
        .unwrap_or_default()
        .split(',')
        .filter_map(|v| v.trim().parse().ok())
        .collect())
}

/// Holders of `roles` assigned in the context of each course that carries the block (of the
/// courses `within` when given), for notifications also sent to a role and for the names of the
/// course contacts: one statement.
pub async fn staff(
    conn: &mut Conn,
    tables: &Tables,
    within: Option<&[i64]>,
    roles: &[i64],
    bounces: Option<BounceThreshold>,
) -> Result<HashMap<i64, Vec<(i64, User)>>, DbError> {
    let mut staff: HashMap<i64, Vec<(i64, User)>> = HashMap::new();
    if roles.is_empty() || within == Some(&[]) {
        return Ok(staff);
    }
    let (filter, mut params) = match within {
        Some(ids) => and_in("c.id", ids),
        None => (String::new(), Vec::new()),
    };
    let marks = vec!["?"; roles.len()].join(",");
    params.extend(roles.iter().map(|&r| mysql_async::Value::from(r)));
    let sql = tables.sql(&format!(
        "SELECT c.id, ra.roleid, {USER_COLUMNS}, pb.value, ps.value \
           FROM {{course}} c \
           JOIN {{context}} cx ON cx.contextlevel = 50 AND cx.instanceid = c.id \
           JOIN {{role_assignments}} ra ON ra.contextid = cx.id \
           JOIN {{user}} u ON u.id = ra.userid \
           LEFT JOIN {{user_preferences}} pb ON pb.userid = u.id AND pb.name = 'email_bounce_count' \
           LEFT JOIN {{user_preferences}} ps ON ps.userid = u.id AND ps.name = 'email_send_count' \
          WHERE c.category > 0 AND {}{filter} AND ra.roleid IN ({marks}) \
          ORDER BY c.id, ra.roleid, u.id",
        carries_block("c")
    ));
    let rows: Vec<mysql_async::Row> = conn
        .exec(sql, params)
        .await
        .map_err(|e| DbError::from_driver("reading course staff", e))?;
    reads::rows(rows.len());
    for r in &rows {
        let mut u = user(r, 2);
        u.over_bounce_threshold =
            bounces.is_some_and(|b| b.over(counter(&text(r, 14)), counter(&text(r, 15))));
        staff.entry(int(r, 0)).or_default().push((int(r, 1), u));
    }
    Ok(staff)
}
