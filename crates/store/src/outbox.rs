//! The outbox's rows and its policy (retries, pages), the same in every database.
//!
//! `pending -> sending -> sent`, or back to `pending` after a temporary failure (until
//! [`MAX_ATTEMPTS`]), or `failed` after a permanent one; `marked` for mark-only runs.

/// Temporary failures after which a message is given up as failed.
pub const MAX_ATTEMPTS: i64 = 5;

/// How long a message waits before its next try after `attempts` temporary failures: 5 minutes,
/// doubling each time, at most 6 hours (a mail server that is busy gets time to recover, and a
/// message still goes out the same day).
pub fn backoff(attempts: i64) -> i64 {
    let doublings = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    (300i64 << doublings).min(6 * 3600)
}

/// A new outbox row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRow {
    /// Occurrence key (unique).
    pub occkey: String,
    /// Notification code.
    pub notification: String,
    /// Course id.
    pub course_id: i64,
    /// User id.
    pub user_id: i64,
    /// Repeat number.
    pub repeat: u32,
    /// When it became due.
    pub due: i64,
    /// Lower goes first.
    pub priority: u8,
    /// `email` (sent by the engine) or `message` (handed to Moodle's message API by the task).
    pub output: &'static str,
    /// The user it goes to.
    pub recipient_id: i64,
    /// Address.
    pub recipient: String,
    /// Display name.
    pub recipient_name: String,
    /// `user.mailformat`.
    pub mailformat: i64,
    /// Language of the texts.
    pub lang: String,
    /// The recipient's timezone (IANA name), for the send window.
    pub timezone: String,
    /// Subject.
    pub subject: String,
    /// Text body.
    pub text: String,
    /// HTML body.
    pub html: String,
    /// Message-ID.
    pub message_id: String,
}

/// The state a new row starts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Initial {
    /// To be delivered.
    Pending,
    /// Mark-only run: recorded as handled, never delivered.
    Marked,
}

/// A row claimed for delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    /// Row id.
    pub id: i64,
    /// Occurrence key.
    pub occkey: String,
    /// Notification code (its topic names what the unsubscribe link stops).
    pub notification: String,
    /// Course id (0: a site-level message).
    pub course_id: i64,
    /// The language it was written in (a digest speaks it too).
    pub lang: String,
    /// The user it goes to (`recipientid`: the learner, or a member of staff for a copy).
    pub recipient_id: i64,
    /// Address.
    pub recipient: String,
    /// Display name.
    pub recipient_name: String,
    /// 0: text only.
    pub mailformat: i64,
    /// Subject.
    pub subject: String,
    /// Text body.
    pub text: String,
    /// HTML body.
    pub html: String,
    /// Message-ID.
    pub message_id: String,
    /// Attempts including this one.
    pub attempts: i64,
    /// Where the row stands in the reading order (priority, due, id): the next page starts after it.
    pub position: (i64, i64, i64),
}

/// Claimed rows read per statement: a run with a large cap holds one page of bodies at a time.
pub const CLAIM_PAGE: u32 = 1000;

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn retries_wait_five_minutes_doubling_up_to_six_hours() {
        let waits: Vec<i64> = (1..=8).map(backoff).collect();
        assert_eq!(waits, [300, 600, 1200, 2400, 4800, 9600, 19200, 21600]);
        assert_eq!(backoff(i64::MAX), 21600);
        assert_eq!(backoff(0), 300);
    }
}
