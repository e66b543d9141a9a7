//! What a run did, for the PHP caller: every decision, the trace lines and the counts.

use std::collections::BTreeMap;

use course_notification_engine::decide::{Decision, Outcome};
use course_notification_engine::trace;

use crate::config::Detail;

/// One evaluated occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRow {
    /// Course id.
    pub course_id: i64,
    /// Notification code.
    pub notification: String,
    /// User id.
    pub user_id: i64,
    /// Recipient address.
    pub email: String,
    /// `accepted` or `trapped`.
    pub outcome: &'static str,
    /// Rule letter, empty when accepted.
    pub rule: &'static str,
    /// The rule's words, or `Accepted for notification`.
    pub reason: &'static str,
    /// When the occurrence is or was due.
    pub due: i64,
}

/// A message that could not be delivered in this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Occurrence key.
    pub occkey: String,
    /// Recipient address.
    pub email: String,
    /// The server's reply or the reason.
    pub error: String,
}

/// Counts of one run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Occurrences evaluated.
    pub evaluated: u64,
    /// Accepted for notification.
    pub accepted: u64,
    /// Trapped, by rule letter.
    pub trapped: BTreeMap<&'static str, u64>,
    /// New rows this run put in the outbox (pending, or marked in mark-only mode).
    pub queued: u64,
    /// Delivered to the SMTP server.
    pub sent: u64,
    /// Delivery attempts that failed.
    pub failed: u64,
    /// Still pending after the run: what the per-run cap held back, or what waits for a retry.
    pub deferred: u64,
    /// Rows an interrupted run had left in `sending`, put back to pending by this one.
    pub recovered: u64,
    /// Of the deferred, those waiting for their recipients' send window to open.
    pub outside_window: u64,
    /// Rows the run's statements fetched from the database: for a run narrowed to some users or
    /// courses, a number that does not grow with the site.
    pub rows_read: u64,
    /// Database connections the run opened (one for a narrowed run).
    pub connections: u64,
}

/// The whole report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// One row per evaluated occurrence.
    pub decisions: Vec<DecisionRow>,
    /// The same, as the seed's trace lines.
    pub trace: Vec<String>,
    /// Counts.
    pub counts: Counts,
    /// Messages that failed in this run.
    pub failures: Vec<Failure>,
    /// Why the run did nothing, when it did nothing on purpose (another run holds the lock).
    pub skipped: Option<String>,
    /// Set when `$CFG->noemailever` held every message back: says so, with how many wait.
    pub mail_off: Option<String>,
}

impl Report {
    /// Adds `other`'s decisions, trace, counts of decisions and failures after this report's.
    pub(crate) fn absorb(&mut self, other: Report) {
        self.decisions.extend(other.decisions);
        self.trace.extend(other.trace);
        self.failures.extend(other.failures);
        let (mine, theirs) = (&mut self.counts, other.counts);
        mine.evaluated += theirs.evaluated;
        mine.accepted += theirs.accepted;
        for (rule, n) in theirs.trapped {
            *mine.trapped.entry(rule).or_default() += n;
        }
    }

    /// Records one decision in the counts, and in the lists when `detail` asks for it.
    pub fn record(&mut self, d: &Decision, detail: Detail) {
        self.counts.evaluated += 1;
        let (outcome, rule, reason) = match d.outcome {
            Outcome::Accepted => {
                self.counts.accepted += 1;
                ("accepted", "", "Accepted for notification")
            }
            Outcome::Trapped(r) => {
                *self.counts.trapped.entry(r.code()).or_default() += 1;
                ("trapped", r.code(), r.reason())
            }
        };
        let listed = match detail {
            Detail::All => true,
            Detail::Accepted => outcome == "accepted",
            Detail::None => false,
        };
        if !listed {
            return;
        }
        self.trace.push(trace::line(d));
        self.decisions.push(DecisionRow {
            course_id: d.occurrence.course_id,
            notification: d.occurrence.notification.to_string(),
            user_id: d.occurrence.user_id,
            email: d.email.to_string(),
            outcome,
            rule,
            reason,
            due: d.occurrence.due,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use course_notification_engine::occurrence::Occurrence;
    use course_notification_engine::rules::Rule;

    fn decision(outcome: Outcome) -> Decision<'static> {
        let occurrence = Occurrence {
            notification: "closed".into(),
            course_id: 3,
            user_id: 4,
            series: None,
            repeat: 0,
            due: 0,
            recipient: None,
            period: None,
        };
        Decision {
            occurrence,
            email: "a@example.org",
            outcome,
        }
    }

    #[test]
    fn the_detail_level_bounds_the_lists_never_the_counts() {
        for (detail, listed) in [(Detail::All, 2), (Detail::Accepted, 1), (Detail::None, 0)] {
            let mut r = Report::default();
            r.record(&decision(Outcome::Accepted), detail);
            r.record(&decision(Outcome::Trapped(Rule::AlreadySent)), detail);
            assert_eq!(
                (
                    r.counts.evaluated,
                    r.counts.accepted,
                    r.counts.trapped.get("B")
                ),
                (2, 1, Some(&1))
            );
            assert_eq!(
                (r.decisions.len(), r.trace.len()),
                (listed, listed),
                "{detail:?}"
            );
        }
    }
}
