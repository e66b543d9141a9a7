//! The eviction ("trapped") rules.
//!
//! Letters and words are the seed's, so operators read the traces they already know
//! (`trapped rule A : Already accessed course`). Rules the original lacks get new letters.

/// Why an occurrence is not sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// X: the learner holds `excludefromnotification` in the course (teachers, managers by default).
    Excluded,
    /// A1: the learner already completed the course.
    Completed,
    /// A: the learner already came into the course, and the notification is for those who did not.
    AlreadyAccessed,
    /// B: this occurrence was already sent (or marked as sent) by an earlier run.
    AlreadySent,
    /// Q: this occurrence is already in the outbox, waiting for delivery or for a retry.
    AlreadyQueued,
    /// F: delivering this occurrence failed for good (the server refused it); it is not retried.
    DeliveryFailed,
    /// E: the occurrence is not due yet, or became due longer ago than the late-send limit.
    OutOfTimeRange,
}

impl Rule {
    /// The rule's letter, as printed in traces and reports.
    pub fn code(self) -> &'static str {
        match self {
            Rule::Excluded => "X",
            Rule::Completed => "A1",
            Rule::AlreadyAccessed => "A",
            Rule::AlreadySent => "B",
            Rule::AlreadyQueued => "Q",
            Rule::DeliveryFailed => "F",
            Rule::OutOfTimeRange => "E",
        }
    }

    /// The rule's reason, in the seed's words where the seed has them.
    pub fn reason(self) -> &'static str {
        match self {
            Rule::Excluded => "Excluded from notification",
            Rule::Completed => "Course completed",
            Rule::AlreadyAccessed => "Already accessed course",
            Rule::AlreadySent => "already sent",
            Rule::AlreadyQueued => "already queued",
            Rule::DeliveryFailed => "delivery failed",
            Rule::OutOfTimeRange => "Out of concerned time range",
        }
    }
}
