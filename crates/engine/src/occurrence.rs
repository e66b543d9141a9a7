//! The identity of one occurrence: this notification, in this course, for this learner, this time.
//!
//! The key is deterministic so that a decision taken twice (two runs, two cron nodes, a rerun after a
//! crash) lands on the same outbox row, whose unique index makes a second insertion impossible. The
//! due time is deliberately *not* part of a one-off notification's key: `firstassign` is sent once
//! per (course, learner) even if the enrolment dates move afterwards, as in the original. A
//! repeating notification's key carries its series (the anchor it counts from, such as the last
//! access) and the repeat number: when the learner comes back, a new series starts.

use std::fmt;

/// One notification due for one learner in one course.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Occurrence {
    /// Notification code, for example `firstassign`.
    pub notification: crate::code::Code,
    /// Course id.
    pub course_id: i64,
    /// User id.
    pub user_id: i64,
    /// For repeating notifications, the instant the series counts from.
    pub series: Option<i64>,
    /// 0 for a one-off notification; n for the n-th repeat of a series.
    pub repeat: u32,
    /// When it became (or becomes) due, Unix seconds.
    pub due: i64,
    /// Who receives it when it is not the learner (a role holder's user id).
    pub recipient: Option<i64>,
}

impl Occurrence {
    /// The key stored in the outbox: `notification/c<course>/u<user>/r<repeat>`, with `/s<series>`
    /// before the repeat for repeating notifications, and `/to<user>` after it for a copy to
    /// someone other than the learner.
    pub fn key(&self) -> OccurrenceKey {
        let series = self.series.map(|s| format!("/s{s}")).unwrap_or_default();
        let to = self
            .recipient
            .map(|r| format!("/to{r}"))
            .unwrap_or_default();
        OccurrenceKey(format!(
            "{}/c{}/u{}{series}/r{}{to}",
            self.notification, self.course_id, self.user_id, self.repeat
        ))
    }
}

/// The string form of an occurrence's identity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OccurrenceKey(pub String);

impl OccurrenceKey {
    /// The key as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OccurrenceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_ignores_the_due_time() {
        let a = Occurrence {
            notification: "firstassign".into(),
            course_id: 196,
            user_id: 7,
            series: None,
            repeat: 0,
            due: 100,
            recipient: None,
        };
        let b = Occurrence {
            due: 999,
            ..a.clone()
        };
        assert_eq!(a.key(), b.key());
        assert_eq!(a.key().as_str(), "firstassign/c196/u7/r0");
    }

    #[test]
    fn a_repeating_key_names_its_series() {
        let o = Occurrence {
            notification: "inactive".into(),
            course_id: 2,
            user_id: 4,
            series: Some(1_795_000_000),
            repeat: 3,
            due: 0,
            recipient: None,
        };
        assert_eq!(o.key().as_str(), "inactive/c2/u4/s1795000000/r3");
        let copy = Occurrence {
            recipient: Some(9),
            ..o
        };
        assert_eq!(copy.key().as_str(), "inactive/c2/u4/s1795000000/r3/to9");
    }
}
