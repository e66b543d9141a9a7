//! The users' e-mail counters Moodle keeps for its bounce threshold.
//!
//! `email_to_user()` calls `set_send_count($user)` after each message the mailer accepted: it adds
//! one to the user's `email_send_count` preference when the user has one, and creates none (Moodle
//! creates it when it resets the counters, after a bounce or an address change). The engine's
//! messages count the same, so that `bounceratio` (bounces over sends) stays right for the users
//! it mails: in one statement per sending run, after the outcomes are recorded.

use mysql_async::prelude::Queryable;
use mysql_async::{Conn, Value};

use crate::error::DbError;
use crate::{and_in, Tables};

/// Adds to each recipient's `email_send_count` the number of the outbox rows `ids` that were
/// sent; returns the number of preferences changed.
pub async fn count_sends(conn: &mut Conn, tables: &Tables, ids: &[i64]) -> Result<u64, DbError> {
    if ids.is_empty() {
        return Ok(0);
    }
    let (within, values) = and_in("id", ids);
    let params: Vec<Value> = values;
    // Only counters that hold a number: Moodle would fail on anything else as well.
    conn.exec_drop(
        tables.sql(&format!(
            "UPDATE {{user_preferences}} p \
               JOIN (SELECT recipientid, COUNT(*) AS n FROM {{block_cnotif_outbox}} \
                      WHERE status = 'sent' AND output = 'email'{within} GROUP BY recipientid) s \
                 ON s.recipientid = p.userid \
                SET p.value = CAST(p.value AS UNSIGNED) + s.n \
              WHERE p.name = 'email_send_count' AND p.value REGEXP '^[0-9]+$'"
        )),
        params,
    )
    .await
    .map_err(|e| DbError::from_driver("counting sent e-mail in the users' preferences", e))?;
    Ok(conn.affected_rows())
}
