//! The plugin's outbox on PostgreSQL: the same states, order and checks as the MariaDB adapter's
//! (`course_notification_moodle_db::outbox`), in PostgreSQL's SQL.
//!
//! `pending -> sending -> sent`, or back to `pending` after a temporary failure (until
//! [`MAX_ATTEMPTS`]), or `failed` after a permanent one; `marked` for mark-only runs. The unique
//! index on `occkey` makes a second insertion of the same occurrence impossible
//! (`ON CONFLICT (occkey) DO NOTHING`), and a run claims the rows it sends with its own token in
//! one `UPDATE`, so two runs never send the same row.

use crate::error::classify;
use crate::params::{small, Params};
use crate::tables::Quoted;
use crate::{reads, DbError, PgConn, Scope, Tables};
pub use course_notification_store::{backoff, Claimed, Initial, NewRow, CLAIM_PAGE, MAX_ATTEMPTS};

/// Rows inserted per statement: set-based, far below PostgreSQL's 65,535 parameters (22 a row).
const INSERT_BATCH: usize = 200;

/// Outbox ids per statement of [`count_sends`].
pub const CHUNK: usize = 1000;

/// Inserts `rows`; an occurrence already present is left as it is. Returns how many were new.
pub async fn insert(
    conn: &mut PgConn,
    tables: &Tables,
    rows: &[NewRow],
    initial: Initial,
    now: i64,
) -> Result<u64, DbError> {
    let status = match initial {
        Initial::Pending => "pending",
        Initial::Marked => "marked",
    };
    let timesent = if initial == Initial::Marked { now } else { 0 };
    let mut inserted = 0;
    for chunk in rows.chunks(INSERT_BATCH) {
        let mut p = Params::default();
        let mut tuples = Vec::with_capacity(chunk.len());
        for r in chunk {
            let marks = [
                p.add(r.occkey.clone()),
                p.add(r.notification.clone()),
                p.add(r.course_id),
                p.add(r.user_id),
                p.add(i32::try_from(r.repeat).unwrap_or(i32::MAX)),
                p.add(r.due),
                p.add(status.to_string()),
                p.add(i16::from(r.priority)),
                "0".to_string(),
                p.add(r.output.to_string()),
                p.add(r.recipient_id),
                p.add(r.recipient.clone()),
                p.add(r.recipient_name.clone()),
                p.add(small(r.mailformat)),
                p.add(r.lang.clone()),
                p.add(r.timezone.clone()),
                p.add(r.subject.clone()),
                p.add(r.text.clone()),
                p.add(r.html.clone()),
                p.add(r.message_id.clone()),
                p.add(now),
                p.add(now),
                p.add(timesent),
            ];
            tuples.push(format!("({})", marks.join(",")));
        }
        // DO NOTHING through the unique index keeps the existing row and, unlike catching the
        // error, lets every other failure (a value too long) through.
        let sql = tables.sql(&format!(
            "INSERT INTO {{block_cnotif_outbox}} (occkey, notification, courseid, userid, repeatno, \
             timedue, status, priority, attempts, output, recipientid, recipient, recipientname, \
             mailformat, lang, timezone, subject, bodytext, bodyhtml, messageid, timecreated, \
             timemodified, timesent) \
             VALUES {} ON CONFLICT (occkey) DO NOTHING",
            tuples.join(",")
        ));
        inserted += conn
            .client
            .execute(&sql, &p.refs())
            .await
            .map_err(|e| classify("filling the outbox", e))?;
    }
    Ok(inserted)
}

/// ` AND timezone = ANY($n)` for the open timezones; `None` when none is open (nothing to do).
fn timezone_filter(p: &mut Params, timezones: Option<&[String]>) -> Option<String> {
    match timezones {
        None => Some(String::new()),
        Some([]) => None,
        Some(open) => Some(format!(" AND timezone = ANY({})", p.add(open.to_vec()))),
    }
}

/// Claims up to `cap` pending rows in scope for the run `token`, and returns how many it claimed,
/// in the MariaDB adapter's order: the most urgent first, and within one urgency the courses in
/// turn (a course's urgent messages counting towards its turns), so that a course with a large
/// backlog does not starve the others; rows waiting for a retry are left until their time.
///
/// One set-based statement whatever the cap: `UPDATE ... FROM` the ranked ids with their LIMIT.
/// Claiming is not an attempt: [`mark_trying`] counts it just before the message is sent.
pub async fn claim(
    conn: &mut PgConn,
    tables: &Tables,
    scope: &Scope,
    token: &str,
    cap: u32,
    now: i64,
    timezones: Option<&[String]>,
) -> Result<u64, DbError> {
    let mut p = Params::default();
    let now_mark = p.add(now);
    let mut filter = p.scope(scope, "courseid", "userid");
    let Some(zones) = timezone_filter(&mut p, timezones) else {
        return Ok(0);
    };
    filter.push_str(&zones);
    let (cap, token) = (p.add(i64::from(cap)), p.add(token.to_string()));
    // Under the run lock nobody else claims; the status condition keeps the claim exact anyway.
    let sql = tables.sql(&format!(
        "UPDATE {{block_cnotif_outbox}} o \
            SET status = 'sending', runtoken = {token}, timemodified = {now_mark} \
           FROM (SELECT id FROM (SELECT id, priority, timedue, \
                        ROW_NUMBER() OVER (PARTITION BY courseid ORDER BY priority, timedue, id) AS turn \
                   FROM {{block_cnotif_outbox}} \
                  WHERE status = 'pending' AND output = 'email' AND timenext <= {now_mark}{filter}) ranked \
                 ORDER BY priority, turn, timedue, id LIMIT {cap}) c \
          WHERE c.id = o.id AND o.status = 'pending'"
    ));
    conn.client
        .execute(&sql, &p.refs())
        .await
        .map_err(|e| classify("claiming messages to send", e))
}

/// The next page of at most `limit` rows the run `token` claimed and has not recorded yet, in
/// the order they go out (priority, due, id), after `after` (the last row of the previous page).
pub async fn claimed_page(
    conn: &mut PgConn,
    tables: &Tables,
    token: &str,
    after: Option<(i64, i64, i64)>,
    limit: u32,
) -> Result<Vec<Claimed>, DbError> {
    let (pr, t, i) = after.unwrap_or((i64::MIN, i64::MIN, i64::MIN));
    let rows = conn
        .query_repeated(
            &tables.sql(
                "SELECT id, occkey, recipient, recipientname, mailformat, subject, bodytext, \
                        bodyhtml, messageid, attempts, recipientid, priority, timedue, \
                        notification, courseid, lang \
                   FROM {block_cnotif_outbox} \
                  WHERE status = 'sending' AND runtoken = $1 \
                    AND (priority > $2 OR (priority = $2 AND (timedue > $3 OR (timedue = $3 AND id > $4)))) \
                  ORDER BY priority, timedue, id LIMIT $5",
            ),
            &[&token, &small(pr), &t, &i, &i64::from(limit)],
        )
        .await
        .map_err(|e| classify("reading claimed messages", e))?;
    reads::rows(rows.len());
    Ok(rows
        .iter()
        .map(|r| {
            let id: i64 = r.get(0);
            let priority: i16 = r.get(11);
            let due: i64 = r.get(12);
            Claimed {
                id,
                occkey: r.get(1),
                recipient: r.get(2),
                recipient_name: r.get(3),
                mailformat: i64::from(r.get::<_, i16>(4)),
                subject: r.get(5),
                text: r.get(6),
                html: r.get(7),
                message_id: r.get(8),
                // The attempt about to be made ([`mark_trying`], or the statement recording the
                // connection's previous message, counts it in the row).
                attempts: i64::from(r.get::<_, i16>(9)) + 1,
                recipient_id: r.get(10),
                position: (i64::from(priority), due, id),
                notification: r.get(13),
                course_id: r.get(14),
                lang: r.get(15),
            }
        })
        .collect())
}

/// Counts the attempt on a claimed row just before its message goes to the server (see the
/// MariaDB adapter's `mark_trying`): a run that dies while sending it has used that attempt.
pub async fn mark_trying(
    conn: &mut PgConn,
    tables: &Tables,
    id: i64,
    token: &str,
    now: i64,
) -> Result<(), DbError> {
    const DOING: &str = "counting an attempt to send a message";
    let changed = conn
        .execute_repeated(
            &tables.sql(
                "UPDATE {block_cnotif_outbox} SET attempts = attempts + 1, timemodified = $1 \
                  WHERE id = $2 AND runtoken = $3 AND status = 'sending'",
            ),
            &[&now, &id, &token],
        )
        .await
        .map_err(|e| classify(DOING, e))?;
    changed_rows(conn, tables, DOING, changed, id, None, token).await
}

/// Records a delivery the server accepted, on the row the run claimed: still `sending` with its
/// token, or [`DbError::ChangedUnderRun`]. With `next`, the same statement counts the attempt of
/// the message the connection sends next, as [`mark_trying`] would; that row must still be the
/// run's too.
pub async fn mark_sent(
    conn: &mut PgConn,
    tables: &Tables,
    id: i64,
    next: Option<i64>,
    token: &str,
    now: i64,
) -> Result<(), DbError> {
    const DOING: &str = "recording a sent message";
    // Each column takes the outcome's value on row `id` and keeps its own on `next`, whose only
    // change is its attempt (`id = NULL` never holds: without `next`, only `id` changes).
    let changed = conn
        .execute_repeated(
            &tables.sql(
                "UPDATE {block_cnotif_outbox} \
                    SET status = CASE WHEN id = $1 THEN 'sent' ELSE status END, \
                        timesent = CASE WHEN id = $1 THEN $3 ELSE timesent END, \
                        lasterror = CASE WHEN id = $1 THEN NULL ELSE lasterror END, \
                        runtoken = CASE WHEN id = $1 THEN NULL ELSE runtoken END, \
                        attempts = CASE WHEN id = $2 THEN attempts + 1 ELSE attempts END, \
                        timemodified = $3 \
                  WHERE id IN ($1, $2) AND runtoken = $4 AND status = 'sending'",
            ),
            &[&id, &next, &now, &token],
        )
        .await
        .map_err(|e| classify(DOING, e))?;
    changed_rows(conn, tables, DOING, changed, id, next, token).await
}

/// Records a failed delivery: back to pending for a temporary failure (until [`MAX_ATTEMPTS`]),
/// not tried again before [`backoff`] has passed; failed for a permanent one. Like [`mark_sent`],
/// only on the row the run claimed, counting the attempt of `next` in the same statement.
#[allow(clippy::too_many_arguments)]
pub async fn mark_failed(
    conn: &mut PgConn,
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
    // PostgreSQL evaluates every SET expression on the row as it was: `attempts` in the status is
    // the failed row's own count, which already includes this attempt.
    let changed = conn
        .execute_repeated(
            &tables.sql(
                "UPDATE {block_cnotif_outbox} \
                    SET status = CASE WHEN id = $1 \
                            THEN CASE WHEN $3 OR attempts >= $4 THEN 'failed' ELSE 'pending' END \
                            ELSE status END, \
                        lasterror = CASE WHEN id = $1 THEN $5 ELSE lasterror END, \
                        timenext = CASE WHEN id = $1 THEN $6 ELSE timenext END, \
                        runtoken = CASE WHEN id = $1 THEN NULL ELSE runtoken END, \
                        attempts = CASE WHEN id = $2 THEN attempts + 1 ELSE attempts END, \
                        timemodified = $7 \
                  WHERE id IN ($1, $2) AND runtoken = $8 AND status = 'sending'",
            ),
            &[
                &row.id,
                &next,
                &permanent,
                &small(MAX_ATTEMPTS),
                &error,
                &retry_at,
                &now,
                &token,
            ],
        )
        .await
        .map_err(|e| classify(DOING, e))?;
    changed_rows(conn, tables, DOING, changed, row.id, next, token).await
}

/// The statement just run changed exactly the claimed row `id`, and `next` when given, or
/// [`DbError::ChangedUnderRun`] naming a row that was not the run's. When `id` was changed under
/// the run but `next` was still its own, `next`'s attempt (counted by the same statement) is
/// given back, since the run stops and will not try that message.
async fn changed_rows(
    conn: &mut PgConn,
    tables: &Tables,
    doing: &'static str,
    changed: u64,
    id: i64,
    next: Option<i64>,
    token: &str,
) -> Result<(), DbError> {
    let culprit = match next {
        None if changed == 1 => return Ok(()),
        Some(_) if changed == 2 => return Ok(()),
        Some(next) if changed == 1 => {
            let given_back = conn
                .client
                .execute(
                    &tables.sql(
                        "UPDATE {block_cnotif_outbox} SET attempts = attempts - 1 \
                          WHERE id = $1 AND runtoken = $2 AND status = 'sending' AND attempts > 0",
                    ),
                    &[&next, &token],
                )
                .await
                .map_err(|e| classify(doing, e))?;
            // `next` still the run's: it was the one counted, so `id` was changed under the run.
            if given_back == 1 {
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
    conn: &mut PgConn,
    tables: &Tables,
    token: &str,
    error: &str,
    now: i64,
) -> Result<(), DbError> {
    conn.client
        .execute(
            &tables.sql(
                "UPDATE {block_cnotif_outbox} SET status = 'pending', \
                        lasterror = $1, timemodified = $2, runtoken = NULL \
                  WHERE runtoken = $3 AND status = 'sending'",
            ),
            &[&error, &now, &token],
        )
        .await
        .map_err(|e| classify("releasing unsent messages", e))?;
    Ok(())
}

/// Puts back rows a run left in `sending` when it died (under the run lock), giving up as failed
/// those whose interrupted attempts reached [`MAX_ATTEMPTS`] (see the MariaDB adapter's `recover`).
pub async fn recover(conn: &mut PgConn, tables: &Tables, now: i64) -> Result<u64, DbError> {
    conn.client
        .execute(
            &tables.sql(
                "UPDATE {block_cnotif_outbox} \
                    SET status = CASE WHEN attempts >= $1 THEN 'failed' ELSE 'pending' END, \
                        lasterror = CASE WHEN attempts >= $1 \
                            THEN 'given up after ' || attempts || ' attempts: an earlier run stopped while sending it' \
                            ELSE 'an earlier run stopped while sending it' END, \
                        runtoken = NULL, timemodified = $2 \
                  WHERE status = 'sending'",
            ),
            &[&small(MAX_ATTEMPTS), &now],
        )
        .await
        .map_err(|e| classify("recovering interrupted messages", e))
}

/// The timezones of the recipients of the rows that could be claimed now.
pub async fn pending_timezones(
    conn: &mut PgConn,
    tables: &Tables,
    scope: &Scope,
    now: i64,
) -> Result<Vec<String>, DbError> {
    let mut p = Params::default();
    let now = p.add(now);
    let filter = p.scope(scope, "courseid", "userid");
    let rows = conn
        .client
        .query(
            &tables.sql(&format!(
                "SELECT DISTINCT timezone FROM {{block_cnotif_outbox}} \
                  WHERE status = 'pending' AND output = 'email' AND timenext <= {now}{filter}"
            )),
            &p.refs(),
        )
        .await
        .map_err(|e| classify("reading the recipients' timezones", e))?;
    reads::rows(rows.len());
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// Pending rows in scope (those of recipients in `timezones` only, when given): what the cap or
/// the send window held back, or what waits for a retry.
pub async fn count_pending(
    conn: &mut PgConn,
    tables: &Tables,
    scope: &Scope,
    timezones: Option<&[String]>,
) -> Result<u64, DbError> {
    let mut p = Params::default();
    let mut filter = p.scope(scope, "courseid", "userid");
    let Some(zones) = timezone_filter(&mut p, timezones) else {
        return Ok(0);
    };
    filter.push_str(&zones);
    let row = conn
        .client
        .query_one(
            &tables.sql(&format!(
                "SELECT COUNT(*) FROM {{block_cnotif_outbox}} \
                  WHERE status = 'pending' AND output = 'email'{filter}"
            )),
            &p.refs(),
        )
        .await
        .map_err(|e| classify("counting pending messages", e))?;
    reads::rows(1);
    Ok(u64::try_from(row.get::<_, i64>(0)).unwrap_or(0))
}

/// Adds to each recipient's `email_send_count` preference the number of the outbox rows `ids`
/// that were sent, as Moodle's `set_send_count()` does after each message (see the MariaDB
/// adapter's `counters`); returns the number of preferences changed.
pub async fn count_sends(conn: &mut PgConn, tables: &Tables, ids: &[i64]) -> Result<u64, DbError> {
    let mut changed = 0;
    for chunk in ids.chunks(CHUNK) {
        // Only counters that hold a number; numeric, not bigint, so that no count overflows.
        changed += conn
            .client
            .execute(
                &tables.sql(
                    "UPDATE {user_preferences} p \
                        SET value = (CAST(p.value AS numeric) + s.n)::text \
                       FROM (SELECT recipientid, COUNT(*) AS n FROM {block_cnotif_outbox} \
                              WHERE status = 'sent' AND output = 'email' AND id = ANY($1) \
                              GROUP BY recipientid) s \
                      WHERE s.recipientid = p.userid AND p.name = 'email_send_count' \
                        AND p.value ~ '^[0-9]+$'",
                ),
                &[&chunk.to_vec()],
            )
            .await
            .map_err(|e| classify("counting sent e-mail in the users' preferences", e))?;
    }
    Ok(changed)
}
