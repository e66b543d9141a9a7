//! From facts to decisions.
//!
//! For every notification of the catalogue and every participation, the engine builds the occurrence
//! and runs the eviction rules in a fixed, documented order; the first rule that matches traps it,
//! otherwise it is accepted:
//!
//! 1. X  excluded by capability (they are not an audience, whatever the notification);
//! 2. A1 completed, for notifications meant for learners who did not complete;
//! 3. A  already accessed, for notifications meant for learners who never came in;
//! 4. B  already sent, Q already queued, F delivery failed: the occurrence key is in the outbox;
//! 5. E  out of the time range: not due yet, or due longer ago than the late-send limit.
//!
//! Status rules come before B so that a report says *why* a learner is not concerned rather than
//! only that a message once went out; B comes before E so that a sent message is reported as sent.

use std::collections::HashMap;

use crate::catalogue::{Catalogue, Notification, Trigger};
use crate::model::{Course, Participation};
use crate::occurrence::{Occurrence, OccurrenceKey};
use crate::rules::Rule;

/// The verdict on one occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It goes out (or, in mark-only mode, is marked as gone out).
    Accepted,
    /// It does not, for this reason.
    Trapped(Rule),
}

/// One evaluated occurrence with its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// What was evaluated.
    pub occurrence: Occurrence,
    /// The recipient's address, as printed in traces.
    pub email: String,
    /// The verdict.
    pub outcome: Outcome,
}

/// Where an occurrence the outbox already holds stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handling {
    /// Sent, or marked as sent by a mark-only run.
    Sent,
    /// Waiting for delivery or for a retry (pending, sending).
    Queued,
    /// Refused for good by the mail server.
    Failed,
}

/// Occurrence keys the outbox already holds, with where each stands.
pub type Handled = HashMap<OccurrenceKey, Handling>;

/// Decides every notification of `catalogue` for one learner in one course at `now`.
pub fn decide(
    catalogue: &Catalogue,
    course: &Course,
    participation: &Participation,
    handled: &Handled,
    now: i64,
) -> Vec<Decision> {
    catalogue
        .notifications
        .iter()
        .map(|n| decide_one(n, course, participation, handled, now))
        .collect()
}

fn decide_one(
    notification: &Notification,
    course: &Course,
    p: &Participation,
    handled: &Handled,
    now: i64,
) -> Decision {
    let anchor = match notification.trigger {
        Trigger::AccessStart => p.access_start(course),
    };
    let occurrence = Occurrence {
        notification: notification.code.clone(),
        course_id: course.id,
        user_id: p.user.id,
        repeat: 0,
        due: notification.due(anchor),
    };
    let outcome = match first_trap(notification, p, handled, &occurrence, now) {
        Some(rule) => Outcome::Trapped(rule),
        None => Outcome::Accepted,
    };
    Decision {
        occurrence,
        email: p.user.email.clone(),
        outcome,
    }
}

fn first_trap(
    n: &Notification,
    p: &Participation,
    handled: &Handled,
    occurrence: &Occurrence,
    now: i64,
) -> Option<Rule> {
    if p.excluded {
        return Some(Rule::Excluded);
    }
    if n.only_not_completed && p.completed_at.is_some() {
        return Some(Rule::Completed);
    }
    if n.only_never_accessed && p.last_access.is_some_and(|t| t > 0) {
        return Some(Rule::AlreadyAccessed);
    }
    match handled.get(&occurrence.key()) {
        Some(Handling::Sent) => return Some(Rule::AlreadySent),
        Some(Handling::Queued) => return Some(Rule::AlreadyQueued),
        Some(Handling::Failed) => return Some(Rule::DeliveryFailed),
        None => {}
    }
    if occurrence.due > now || occurrence.due < n.oldest_sendable(now) {
        return Some(Rule::OutOfTimeRange);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::User;
    use crate::DAY;

    const NOW: i64 = 1_795_000_000;

    fn course() -> Course {
        Course {
            id: 196,
            shortname: "C196".into(),
            fullname: "Course 196".into(),
            startdate: NOW - 30 * DAY,
            enddate: 0,
        }
    }

    fn learner(enrol_start: i64) -> Participation {
        Participation {
            course_id: 196,
            user: User {
                id: 7,
                username: "serge".into(),
                email: "serge@example.org".into(),
                firstname: "Serge".into(),
                lastname: "Untel".into(),
                lang: "fr".into(),
                timezone: "99".into(),
                mailformat: 1,
            },
            enrol_start,
            enrol_end_max: 0,
            enrol_end_min: 0,
            last_access: None,
            completed_at: None,
            excluded: false,
        }
    }

    fn outcome(p: &Participation, handled: &Handled) -> Outcome {
        let d = decide(&Catalogue::builtin(), &course(), p, handled, NOW);
        assert_eq!(d.len(), 1);
        d[0].outcome
    }

    #[test]
    fn access_opened_yesterday_is_accepted() {
        assert_eq!(
            outcome(&learner(NOW - DAY), &Handled::new()),
            Outcome::Accepted
        );
    }

    #[test]
    fn access_opened_exactly_seven_days_ago_is_still_accepted() {
        assert_eq!(
            outcome(&learner(NOW - 7 * DAY), &Handled::new()),
            Outcome::Accepted
        );
    }

    #[test]
    fn access_opened_more_than_seven_days_ago_is_rule_e() {
        let p = learner(NOW - 7 * DAY - 1);
        assert_eq!(
            outcome(&p, &Handled::new()),
            Outcome::Trapped(Rule::OutOfTimeRange)
        );
    }

    #[test]
    fn access_opening_in_the_future_is_rule_e() {
        let p = learner(NOW + 1);
        assert_eq!(
            outcome(&p, &Handled::new()),
            Outcome::Trapped(Rule::OutOfTimeRange)
        );
    }

    #[test]
    fn course_start_later_than_enrolment_start_is_the_anchor() {
        let mut c = course();
        c.startdate = NOW + DAY;
        let d = decide(
            &Catalogue::builtin(),
            &c,
            &learner(NOW - DAY),
            &Handled::new(),
            NOW,
        );
        assert_eq!(d[0].occurrence.due, NOW + DAY);
        assert_eq!(d[0].outcome, Outcome::Trapped(Rule::OutOfTimeRange));
    }

    #[test]
    fn a_learner_who_came_in_is_rule_a() {
        let mut p = learner(NOW - DAY);
        p.last_access = Some(NOW - 3600);
        assert_eq!(
            outcome(&p, &Handled::new()),
            Outcome::Trapped(Rule::AlreadyAccessed)
        );
    }

    #[test]
    fn a_zero_last_access_is_not_an_access() {
        let mut p = learner(NOW - DAY);
        p.last_access = Some(0);
        assert_eq!(outcome(&p, &Handled::new()), Outcome::Accepted);
    }

    #[test]
    fn an_occurrence_in_the_outbox_is_b_q_or_f_by_its_state() {
        let p = learner(NOW - DAY);
        let key = decide(&Catalogue::builtin(), &course(), &p, &Handled::new(), NOW)[0]
            .occurrence
            .key();
        for (state, rule) in [
            (Handling::Sent, Rule::AlreadySent),
            (Handling::Queued, Rule::AlreadyQueued),
            (Handling::Failed, Rule::DeliveryFailed),
        ] {
            let handled: Handled = [(key.clone(), state)].into_iter().collect();
            assert_eq!(outcome(&p, &handled), Outcome::Trapped(rule));
        }
    }

    #[test]
    fn completion_comes_before_access_and_sent() {
        let mut p = learner(NOW - DAY);
        p.last_access = Some(NOW);
        p.completed_at = Some(NOW);
        assert_eq!(
            outcome(&p, &Handled::new()),
            Outcome::Trapped(Rule::Completed)
        );
    }

    #[test]
    fn exclusion_comes_first() {
        let mut p = learner(NOW - DAY);
        p.excluded = true;
        p.completed_at = Some(NOW);
        assert_eq!(
            outcome(&p, &Handled::new()),
            Outcome::Trapped(Rule::Excluded)
        );
    }

    #[test]
    fn extreme_dates_do_not_overflow() {
        for start in [i64::MIN, -1, 0, i64::MAX] {
            let p = learner(start);
            let _ = decide(&Catalogue::builtin(), &course(), &p, &Handled::new(), NOW);
        }
    }
}
