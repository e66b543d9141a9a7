//! Trace lines in the seed's form, one per decision:
//! `196 firstassign -serge@example.org trapped rule A : Already accessed course` and
//! `196 oneweeknearend -lise@example.org Accepted for notification`.

use crate::decide::{Decision, Outcome};

/// Formats one decision as the seed's trace line.
pub fn line(decision: &Decision) -> String {
    let o = &decision.occurrence;
    match decision.outcome {
        Outcome::Accepted => format!(
            "{} {} -{} Accepted for notification",
            o.course_id, o.notification, decision.email
        ),
        Outcome::Trapped(rule) => format!(
            "{} {} -{} trapped rule {} : {}",
            o.course_id,
            o.notification,
            decision.email,
            rule.code(),
            rule.reason()
        ),
    }
}
