//! The plugin's outbox: one row per accepted occurrence, and the states of its delivery.
//!
//! `pending -> sending -> sent`, or back to `pending` after a temporary failure (until
//! [`MAX_ATTEMPTS`]), or `failed` after a permanent one; `marked` for mark-only runs. The unique
//! index on `occkey` makes a second insertion of the same occurrence impossible, and a run claims
//! the rows it sends with its own token in one `UPDATE`, so two runs never send the same row.

use mysql_async::prelude::Queryable;
use mysql_async::{Conn, Value};

use crate::error::{DbError, FromDriver};
use crate::row::{int, text};
use crate::tables::Quoted;
use crate::{and_in, reads, Scope, ScopeSql, Tables};
pub use course_notification_store::{backoff, Claimed, Initial, NewRow, CLAIM_PAGE, MAX_ATTEMPTS};

/// Rows inserted per statement: large enough to be set-based, small enough for any packet size.
const INSERT_BATCH: usize = 200;

/// Inserts `rows`; an occurrence already present is left as it is. Returns how many were new.
pub async fn insert(
    conn: &mut Conn,
    tables: &Tables,
    rows: &[NewRow],
    initial: Initial,
    now: i64,
) -> Result<u64, DbError> {
    let status = match initial {
        Initial::Pending => "pending",
        Initial::Marked => "marked",
    };
    let mut inserted = 0;
    for chunk in rows.chunks(INSERT_BATCH) {
        let marks = vec!["(?,?,?,?,?,?,?,?,0,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"; chunk.len()].join(",");
        // ON DUPLICATE KEY with a no-op keeps the existing row and, unlike INSERT IGNORE, does not
        // swallow other errors such as truncation.
        let sql = tables.sql(&format!(
            "INSERT INTO {{block_cnotif_outbox}} (occkey, notification, courseid, userid, repeatno, \
             timedue, status, priority, attempts, output, recipientid, recipient, recipientname, mailformat, lang, timezone, \
             subject, bodytext, bodyhtml, messageid, timecreated, timemodified, timesent) \
             VALUES {marks} ON DUPLICATE KEY UPDATE id = id"
        ));
        let mut params: Vec<Value> = Vec::with_capacity(chunk.len() * 22);
        for r in chunk {
            params.extend([
                r.occkey.clone().into(),
                r.notification.clone().into(),
                r.course_id.into(),
                r.user_id.into(),
                r.repeat.into(),
                r.due.into(),
                status.into(),
                r.priority.into(),
                r.output.into(),
                r.recipient_id.into(),
                r.recipient.clone().into(),
                r.recipient_name.clone().into(),
                r.mailformat.into(),
                r.lang.clone().into(),
                r.timezone.clone().into(),
                r.subject.clone().into(),
                r.text.clone().into(),
                r.html.clone().into(),
                r.message_id.clone().into(),
                now.into(),
                now.into(),
                if initial == Initial::Marked { now } else { 0 }.into(),
            ]);
        }
        conn.exec_drop(sql, params)
            .await
            .map_err(|e| DbError::from_driver("filling the outbox", e))?;
        inserted += conn.affected_rows();
    }
    Ok(inserted)
}

/// Claims up to `cap` pending rows in scope for the run `token`, and returns how many it claimed:
/// the most urgent first (closing reminders before nudges), and within one urgency the courses in
/// turn, a course's urgent messages counting towards its turns, so that a course with a large
/// backlog does not starve the others; rows waiting for a retry are left until their time.
///
/// One set-based statement whatever the cap (a placeholder per claimed id would stop at the
/// server's 65,535): the ranked ids are a derived table with its LIMIT, which MariaDB and MySQL
/// materialise, so the outbox can be both the target and the source of the UPDATE. Claiming is
/// not an attempt: [`mark_trying`] counts it just before the message is sent.
pub async fn claim(
    conn: &mut Conn,
    tables: &Tables,
    scope: &Scope,
    token: &str,
    cap: u32,
    now: i64,
    timezones: Option<&[String]>,
) -> Result<u64, DbError> {
    let (mut filter, scope_params) = scope.sql("courseid", "userid");
    let mut params: Vec<Value> = vec![now.into()];
    params.extend(scope_params);
    if let Some(open) = timezones {
        if open.is_empty() {
            return Ok(0);
        }
        let (clause, values) = and_in("timezone", open);
        filter.push_str(&clause);
        params.extend(values);
    }
    params.extend([cap.into(), token.into(), now.into()]);
    // Under the run lock nobody else claims; the status condition keeps the claim exact anyway.
    conn.exec_drop(
        tables.sql(&format!(
            "UPDATE {{block_cnotif_outbox}} o \
               JOIN (SELECT id FROM (SELECT id, priority, timedue, \
                            ROW_NUMBER() OVER (PARTITION BY courseid ORDER BY priority, timedue, id) AS turn \
                       FROM {{block_cnotif_outbox}} \
                      WHERE status = 'pending' AND output = 'email' AND timenext <= ?{filter}) ranked \
                     ORDER BY priority, turn, timedue, id LIMIT ?) c ON c.id = o.id \
                SET o.status = 'sending', o.runtoken = ?, o.timemodified = ? \
              WHERE o.status = 'pending'"
        )),
        params,
    )
    .await
    .map_err(|e| DbError::from_driver("claiming messages to send", e))?;
    Ok(conn.affected_rows())
}

/// The next page of at most `limit` rows the run `token` claimed and has not recorded yet, in
/// the order they go out (priority, due, id), after `after` (the last row of the previous page).
///
/// Recorded rows leave `sending`, so the index on (status, priority, timedue) starts each page at
/// the rows still to send; `after` keeps the reading moving forward even if one was not recorded.
pub async fn claimed_page(
    conn: &mut Conn,
    tables: &Tables,
    token: &str,
    after: Option<(i64, i64, i64)>,
    limit: u32,
) -> Result<Vec<Claimed>, DbError> {
    let (p, t, i) = after.unwrap_or((i64::MIN, i64::MIN, i64::MIN));
    let rows: Vec<mysql_async::Row> = conn
        .exec(
            tables.sql(
                "SELECT id, occkey, recipient, recipientname, mailformat, subject, bodytext, \
                        bodyhtml, messageid, attempts, recipientid, priority, timedue, \
                        notification, courseid, lang \
                   FROM {block_cnotif_outbox} \
                  WHERE status = 'sending' AND runtoken = ? \
                    AND (priority > ? OR (priority = ? AND (timedue > ? OR (timedue = ? AND id > ?)))) \
                  ORDER BY priority, timedue, id LIMIT ?",
            ),
            (token, p, p, t, t, i, limit),
        )
        .await
        .map_err(|e| DbError::from_driver("reading claimed messages", e))?;
    reads::rows(rows.len());
    Ok(rows
        .iter()
        .map(|r| Claimed {
            id: int(r, 0),
            occkey: text(r, 1),
            recipient: text(r, 2),
            recipient_name: text(r, 3),
            mailformat: int(r, 4),
            subject: text(r, 5),
            text: text(r, 6),
            html: text(r, 7),
            message_id: text(r, 8),
            // The attempt about to be made ([`mark_trying`], or the statement recording the
            // connection's previous message, counts it in the row).
            attempts: int(r, 9) + 1,
            recipient_id: int(r, 10),
            position: (int(r, 11), int(r, 12), int(r, 0)),
            notification: text(r, 13),
            course_id: int(r, 14),
            lang: text(r, 15),
        })
        .collect())
}

/// Counts the attempt on a claimed row just before its message goes to the server: a run that dies
/// while sending it (a message that kills the process) has used that attempt, and [`recover`]
/// gives the message up after [`MAX_ATTEMPTS`]; rows claimed but never tried keep theirs.
///
/// Only a connection's first message needs it: the statement that records an outcome counts the
/// attempt of the connection's next message too (`next` of [`mark_sent`] and [`mark_failed`]).
pub async fn mark_trying(
    conn: &mut Conn,
    tables: &Tables,
    id: i64,
    token: &str,
    now: i64,
) -> Result<(), DbError> {
    const DOING: &str = "counting an attempt to send a message";
    conn.exec_drop(
        tables.sql(
            "UPDATE {block_cnotif_outbox} SET attempts = attempts + 1, timemodified = ? \
              WHERE id = ? AND runtoken = ? AND status = 'sending'",
        ),
        (now, id, token),
    )
    .await
    .map_err(|e| DbError::from_driver(DOING, e))?;
    changed_rows(conn, tables, DOING, id, None, token).await
}

/// Records a delivery the server accepted, on the row the run claimed: still `sending` with its
/// token, or [`DbError::ChangedUnderRun`]. With `next`, the same statement counts the attempt of
/// the message the connection sends next, as [`mark_trying`] would (one statement per message
/// instead of two); that row must still be the run's too.
pub async fn mark_sent(
    conn: &mut Conn,
    tables: &Tables,
    id: i64,
    next: Option<i64>,
    token: &str,
    now: i64,
) -> Result<(), DbError> {
    const DOING: &str = "recording a sent message";
    // Each column takes the outcome's value on row `id` and keeps its own on `next`, whose only
    // change is its attempt (`CASE WHEN id = NULL` never holds: without `next`, only `id` changes).
    conn.exec_drop(
        tables.sql(
            "UPDATE {block_cnotif_outbox} \
                SET status = CASE WHEN id = ? THEN 'sent' ELSE status END, \
                    timesent = CASE WHEN id = ? THEN ? ELSE timesent END, \
                    lasterror = CASE WHEN id = ? THEN NULL ELSE lasterror END, \
                    runtoken = CASE WHEN id = ? THEN NULL ELSE runtoken END, \
                    attempts = CASE WHEN id = ? THEN attempts + 1 ELSE attempts END, \
                    timemodified = ? \
              WHERE id IN (?, ?) AND runtoken = ? AND status = 'sending'",
        ),
        vec![
            Value::from(id),
            id.into(),
            now.into(),
            id.into(),
            id.into(),
            next.into(),
            now.into(),
            id.into(),
            next.into(),
            token.into(),
        ],
    )
    .await
    .map_err(|e| DbError::from_driver(DOING, e))?;
    changed_rows(conn, tables, DOING, id, next, token).await
}

/// Records a failed delivery: back to pending for a temporary failure (until [`MAX_ATTEMPTS`]),
/// not tried again before [`backoff`] has passed; failed for a permanent one. Like [`mark_sent`],
/// only on the row the run claimed, counting the attempt of `next` in the same statement.
#[allow(clippy::too_many_arguments)]
pub async fn mark_failed(
    conn: &mut Conn,
    tables: &Tables,
    row: &Claimed,
    next: Option<i64>,
    token: &str,
    error: &str,
    permanent: bool,
    now: i64,
) -> Result<(), DbError> {
    const DOING: &str = "recording a failed message";
    let retry_at = now.saturating_add(backoff(row.attempts));
    // As in mark_sent; `attempts` in the status is evaluated on the failed row itself (its own
    // count, already including this attempt), and `status` is assigned before `attempts` anyway.
    conn.exec_drop(
        tables.sql(
            "UPDATE {block_cnotif_outbox} \
                SET status = CASE WHEN id = ? \
                        THEN CASE WHEN ? OR attempts >= ? THEN 'failed' ELSE 'pending' END \
                        ELSE status END, \
                    lasterror = CASE WHEN id = ? THEN ? ELSE lasterror END, \
                    timenext = CASE WHEN id = ? THEN ? ELSE timenext END, \
                    runtoken = CASE WHEN id = ? THEN NULL ELSE runtoken END, \
                    attempts = CASE WHEN id = ? THEN attempts + 1 ELSE attempts END, \
                    timemodified = ? \
              WHERE id IN (?, ?) AND runtoken = ? AND status = 'sending'",
        ),
        vec![
            Value::from(row.id),
            permanent.into(),
            MAX_ATTEMPTS.into(),
            row.id.into(),
            error.into(),
            row.id.into(),
            retry_at.into(),
            row.id.into(),
            next.into(),
            now.into(),
            row.id.into(),
            next.into(),
            token.into(),
        ],
    )
    .await
    .map_err(|e| DbError::from_driver(DOING, e))?;
    changed_rows(conn, tables, DOING, row.id, next, token).await
}

/// The statement just run changed exactly the claimed row `id`, and `next` when given (each of
/// these updates changes `status` or `attempts`, so the server's count of changed rows is the
/// count of matched ones), or [`DbError::ChangedUnderRun`] naming a row that was not the run's.
///
/// When `id` was changed under the run but `next` was still its own, `next`'s attempt was counted
/// by the same statement: it is given back, since the run stops and will not try that message
/// (rows claimed but never tried keep their attempts, see [`recover`]).
async fn changed_rows(
    conn: &mut Conn,
    tables: &Tables,
    doing: &'static str,
    id: i64,
    next: Option<i64>,
    token: &str,
) -> Result<(), DbError> {
    let changed = conn.affected_rows();
    let culprit = match next {
        None if changed == 1 => return Ok(()),
        Some(_) if changed == 2 => return Ok(()),
        Some(next) if changed == 1 => {
            conn.exec_drop(
                tables.sql(
                    "UPDATE {block_cnotif_outbox} SET attempts = attempts - 1 \
                      WHERE id = ? AND runtoken = ? AND status = 'sending' AND attempts > 0",
                ),
                (next, token),
            )
            .await
            .map_err(|e| DbError::from_driver(doing, e))?;
            // `next` still the run's: it was the one counted, so `id` was changed under the run.
            if conn.affected_rows() == 1 {
                id
            } else {
                next
            }
        }
        _ => id,
    };
    Err(DbError::ChangedUnderRun { doing, id: culprit })
}

/// Puts back every row `token` claimed but did not try (the mail server could not be reached).
pub async fn release(
    conn: &mut Conn,
    tables: &Tables,
    token: &str,
    error: &str,
    now: i64,
) -> Result<(), DbError> {
    conn.exec_drop(
        tables.sql(
            "UPDATE {block_cnotif_outbox} SET status = 'pending', \
                    lasterror = ?, timemodified = ?, runtoken = NULL \
              WHERE runtoken = ? AND status = 'sending'",
        ),
        (error, now, token),
    )
    .await
    .map_err(|e| DbError::from_driver("releasing unsent messages", e))
}

/// The timezones of the recipients of the rows that could be claimed now.
pub async fn pending_timezones(
    conn: &mut Conn,
    tables: &Tables,
    scope: &Scope,
    now: i64,
) -> Result<Vec<String>, DbError> {
    let (filter, scope_params) = scope.sql("courseid", "userid");
    let mut params: Vec<Value> = vec![now.into()];
    params.extend(scope_params);
    let zones: Vec<String> = conn
        .exec(
            tables.sql(&format!(
                "SELECT DISTINCT timezone FROM {{block_cnotif_outbox}} \
                  WHERE status = 'pending' AND output = 'email' AND timenext <= ?{filter}"
            )),
            params,
        )
        .await
        .map_err(|e| DbError::from_driver("reading the recipients' timezones", e))?;
    reads::rows(zones.len());
    Ok(zones)
}

/// Pending rows in scope (those of recipients in `timezones` only, when given): what the cap or
/// the send window held back, or what waits for a retry.
pub async fn count_pending(
    conn: &mut Conn,
    tables: &Tables,
    scope: &Scope,
    timezones: Option<&[String]>,
) -> Result<u64, DbError> {
    let (mut filter, mut params) = scope.sql("courseid", "userid");
    if let Some(only) = timezones {
        if only.is_empty() {
            return Ok(0);
        }
        let (clause, values) = and_in("timezone", only);
        filter.push_str(&clause);
        params.extend(values);
    }
    let n: Option<u64> = conn
        .exec_first(
            tables.sql(&format!(
                "SELECT COUNT(*) FROM {{block_cnotif_outbox}} WHERE status = 'pending' AND output = 'email'{filter}"
            )),
            params,
        )
        .await
        .map_err(|e| DbError::from_driver("counting pending messages", e))?;
    reads::rows(1);
    Ok(n.unwrap_or(0))
}

/// The name of the run lock for this database and prefix (MariaDB allows 64 characters).
fn lock_name(tables: &Tables, database: &str) -> String {
    let name = format!("cnotif:{}:{}", database, tables.plain(""));
    name.chars().take(64).collect()
}

/// Takes the run lock without waiting: `true` when this connection holds it. The lock belongs to
/// the connection, so a process that dies (or a connection that drops) releases it by itself.
pub async fn try_lock(conn: &mut Conn, tables: &Tables, database: &str) -> Result<bool, DbError> {
    let got: Option<Option<i64>> = conn
        .exec_first("SELECT GET_LOCK(?, 0)", (lock_name(tables, database),))
        .await
        .map_err(|e| DbError::from_driver("taking the run lock", e))?;
    Ok(got.flatten() == Some(1))
}

/// Releases the run lock (closing the connection would too).
pub async fn unlock(conn: &mut Conn, tables: &Tables, database: &str) -> Result<(), DbError> {
    conn.exec_drop("SELECT RELEASE_LOCK(?)", (lock_name(tables, database),))
        .await
        .map_err(|e| DbError::from_driver("releasing the run lock", e))
}

/// Puts back rows a run left in `sending` when it died. Called under the run lock, so no other
/// run is sending them. A message the server accepted just before the crash is sent again: the
/// one duplicate the outbox cannot rule out (its Message-ID is the same, so it is recognisable).
///
/// The interrupted attempt stays counted ([`mark_trying`] counted it before the send): a message
/// whose sending kills the process every time is given up as failed after [`MAX_ATTEMPTS`]
/// instead of being retried forever. Rows claimed but not tried yet lose nothing.
pub async fn recover(conn: &mut Conn, tables: &Tables, now: i64) -> Result<u64, DbError> {
    conn.exec_drop(
        tables.sql(
            "UPDATE {block_cnotif_outbox} \
                SET status = CASE WHEN attempts >= ? THEN 'failed' ELSE 'pending' END, \
                    lasterror = CASE WHEN attempts >= ? \
                        THEN CONCAT('given up after ', attempts, ' attempts: an earlier run stopped while sending it') \
                        ELSE 'an earlier run stopped while sending it' END, \
                    runtoken = NULL, timemodified = ? \
              WHERE status = 'sending'",
        ),
        (MAX_ATTEMPTS, MAX_ATTEMPTS, now),
    )
    .await
    .map_err(|e| DbError::from_driver("recovering interrupted messages", e))?;
    Ok(conn.affected_rows())
}
