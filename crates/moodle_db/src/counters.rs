//! The users' e-mail counters Moodle keeps for its bounce threshold.
//!
//! `email_to_user()` calls `set_send_count($user)` after each message the mailer accepted: it adds
//! one to the user's `email_send_count` preference when the user has one, and creates none (Moodle
//! creates it when it resets the counters, after a bounce or an address change). The engine's
//! messages count the same, so that `bounceratio` (bounces over sends) stays right for the users
//! it mails: after the outcomes of each page of a sending run are recorded, one statement per
//! [`CHUNK`] rows.

use mysql_async::prelude::Queryable;
use mysql_async::{Conn, Value};

use crate::error::{DbError, FromDriver};
use crate::tables::Quoted;
use crate::{and_in, Tables};

/// Outbox ids per statement: a list of any length never reaches the server's 65,535 placeholders.
pub const CHUNK: usize = 1000;

/// Adds to each recipient's `email_send_count` the number of the outbox rows `ids` that were
/// sent; returns the number of preferences changed (a user in two chunks counts twice).
pub async fn count_sends(conn: &mut Conn, tables: &Tables, ids: &[i64]) -> Result<u64, DbError> {
    let mut changed = 0;
    for chunk in ids.chunks(CHUNK) {
        let (within, params) = and_in("id", chunk);
        let params: Vec<Value> = params;
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
        changed += conn.affected_rows();
    }
    Ok(changed)
}
