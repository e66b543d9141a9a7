//! The identity of one occurrence: this notification, in this course, for this learner, this time.
//!
//! The key is deterministic so that a decision taken twice (two runs, two cron nodes, a rerun after a
//! crash) lands on the same outbox row, whose unique index makes a second insertion impossible. The
//! due time is deliberately *not* part of a one-off notification's key: `firstassign` is sent once
//! per enrolment period even if the enrolment dates move afterwards. The period is named by when it
//! began (the earliest `user_enrolments.timecreated` of the learner's enrolments in the course): a
//! learner unenrolled (by a course reset, an expiry) and enrolled again starts a new period, with
//! its own welcome and end reminders. A repeating notification's key carries its series (the anchor
//! it counts from, such as the last access) and the repeat number: when the learner comes back, a
//! new series starts.
//!
//! Keys written before periods existed (`firstassign/c196/u7/r0`, by earlier versions and by the
//! upgrade from the original plugin) mean "sent for the period that existed then": see
//! [`in_period`].

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
    /// For a one-off notification, the start of the enrolment period it belongs to.
    pub period: Option<i64>,
}

impl Occurrence {
    /// The key stored in the outbox: `notification/c<course>/u<user>/r<repeat>`, with `/s<series>`
    /// before the repeat for repeating notifications, `/p<period>` after it for one-off ones, and
    /// `/to<user>` last for a copy to someone other than the learner.
    pub fn key(&self) -> OccurrenceKey {
        let series = self.series.map(|s| format!("/s{s}")).unwrap_or_default();
        let period = self.period.map(|p| format!("/p{p}")).unwrap_or_default();
        let to = self
            .recipient
            .map(|r| format!("/to{r}"))
            .unwrap_or_default();
        OccurrenceKey(format!(
            "{}/c{}/u{}{series}/r{}{period}{to}",
            self.notification, self.course_id, self.user_id, self.repeat
        ))
    }
}

/// What an outbox row of a one-off notification means for the learner's current enrolment
/// period, which began at `period_start`: the key as the current period names it, or `None` when
/// the row belongs to an earlier period (the learner was unenrolled and enrolled again since).
///
/// A row counts for the current period when it names that period, or when it was written at or
/// after the period began (`written_at`, the row's `timecreated`): an old key without period, a
/// row of the upgrade from the original (written at the upgrade), or a row naming a period that
/// overlapped this one (the learner's earliest enrolment removed while another went on). A row of
/// unknown age (`written_at` 0), or a period of unknown start (0), counts: never sending again is
/// the safe side. Keys of repeating notifications (with a series) are returned unchanged.
pub fn in_period(key: &str, period_start: i64, written_at: i64) -> Option<OccurrenceKey> {
    // code / c<course> / u<user> / s<series> or r<repeat> / ...
    let mut parts: Vec<&str> = key.split('/').collect();
    let numbered = |p: &str, tag: char| {
        p.strip_prefix(tag)
            .is_some_and(|n| n.parse::<i64>().is_ok())
    };
    if parts.len() < 4 || numbered(parts[3], 's') {
        return Some(OccurrenceKey(key.to_string()));
    }
    let named = parts.get(4).filter(|p| numbered(p, 'p')).map(|_| 4);
    let same = named.is_some_and(|i| parts[i][1..].parse::<i64>().ok() == Some(period_start));
    let counts = same || written_at == 0 || period_start == 0 || written_at >= period_start;
    if !counts {
        return None;
    }
    let current = format!("p{period_start}");
    match named {
        Some(i) => parts[i] = &current,
        // The period goes right after the repeat number (`r0`), the fourth part.
        None => parts.insert(4, &current),
    }
    Some(OccurrenceKey(parts.join("/")))
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
            period: None,
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
            period: None,
        };
        assert_eq!(o.key().as_str(), "inactive/c2/u4/s1795000000/r3");
        let copy = Occurrence {
            recipient: Some(9),
            ..o
        };
        assert_eq!(copy.key().as_str(), "inactive/c2/u4/s1795000000/r3/to9");
    }

    #[test]
    fn a_one_off_key_names_its_enrolment_period() {
        let o = Occurrence {
            notification: "firstassign".into(),
            course_id: 196,
            user_id: 7,
            series: None,
            repeat: 0,
            due: 0,
            recipient: Some(9),
            period: Some(1_790_000_000),
        };
        assert_eq!(o.key().as_str(), "firstassign/c196/u7/r0/p1790000000/to9");
    }

    #[test]
    fn rows_count_for_the_period_they_were_written_in() {
        const START: i64 = 1_790_000_000;
        let current = |k: &str| in_period(k, START, START + 10).map(|k| k.0);
        // An old key, or the upgrade's, written during this period: this period's.
        assert_eq!(
            current("firstassign/c1/u2/r0").as_deref(),
            Some("firstassign/c1/u2/r0/p1790000000")
        );
        assert_eq!(
            current("closed/c1/u2/r0/to9/message").as_deref(),
            Some("closed/c1/u2/r0/p1790000000/to9/message")
        );
        // Written before this period began: an earlier period's, whatever its key.
        assert_eq!(in_period("firstassign/c1/u2/r0", START, START - 1), None);
        assert_eq!(
            in_period("firstassign/c1/u2/r0/p1700000000", START, START - 1),
            None
        );
        // This period's own key, and a period that overlapped this one.
        assert_eq!(
            in_period("firstassign/c1/u2/r0/p1790000000", START, START - 1)
                .map(|k| k.0)
                .as_deref(),
            Some("firstassign/c1/u2/r0/p1790000000")
        );
        assert_eq!(
            current("firstassign/c1/u2/r0/p1700000000").as_deref(),
            Some("firstassign/c1/u2/r0/p1790000000")
        );
        // Unknown ages count; series keys are not about periods.
        assert!(in_period("firstassign/c1/u2/r0", START, 0).is_some());
        assert!(in_period("firstassign/c1/u2/r0", 0, 5).is_some());
        assert_eq!(
            in_period("inactive/c1/u2/s5/r3", START, 1)
                .map(|k| k.0)
                .as_deref(),
            Some("inactive/c1/u2/s5/r3")
        );
    }
}
