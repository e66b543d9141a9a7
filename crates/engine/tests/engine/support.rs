//! A learner, a course and an outbox in which one chosen notification is accepted at [`NOW`].

use course_notification_engine::catalogue::Catalogue;
use course_notification_engine::decide::{decide, Decision, Handled, Outcome, Run};
use course_notification_engine::model::{Course, Participation, User};
use course_notification_engine::DAY;

/// 2026-11-22 00:00 UTC.
pub const NOW: i64 = 1_795_305_600;

/// One situation: everything `decide` needs.
#[derive(Debug, Clone)]
pub struct Situation {
    pub catalogue: Catalogue,
    pub course: Course,
    pub p: Participation,
    pub handled: Handled,
    pub now: i64,
}

impl Situation {
    /// A situation in which `code` is accepted.
    pub fn accepting(code: &str) -> Situation {
        let mut catalogue = Catalogue::builtin();
        let course = Course::new(196, NOW - 90 * DAY, 0);
        let mut p = Participation::new(196, User::new(7, "lise@example.org"), NOW - 60 * DAY);
        match code {
            "firstassign" => p.enrol_start = NOW - DAY,
            "firstcall" => p.enrol_start = NOW - 8 * DAY,
            "secondcall" => p.enrol_start = NOW - 15 * DAY,
            "inactive" => p.last_access = Some(NOW - 20 * DAY),
            "completed" => p.completed_at = Some(NOW - DAY),
            "coldfeedback" => {
                p.completed_at = Some(NOW - 8 * DAY);
                for n in &mut catalogue.notifications {
                    n.enabled |= n.code == "coldfeedback";
                }
            }
            end => {
                p.last_access = Some(NOW - DAY);
                p.enrol_end = Some(
                    NOW + match end {
                        "twoweeksnearend" => 13 * DAY,
                        "oneweeknearend" => 6 * DAY,
                        "fivedaystoend" => 4 * DAY + DAY / 2,
                        "threedaystoend" => 2 * DAY + DAY / 2,
                        "onedaytoend" => DAY / 2,
                        "closed" => -DAY,
                        other => panic!("unknown notification {other}"),
                    },
                );
            }
        }
        let s = Situation {
            catalogue,
            course,
            p,
            handled: Handled::new(),
            now: NOW,
        };
        assert_eq!(
            s.outcome(code),
            Outcome::Accepted,
            "the base situation of {code} must accept it"
        );
        s
    }

    pub fn decisions(&self) -> Vec<Decision<'_>> {
        let run = Run {
            now: self.now,
            site_tz: chrono_tz::Europe::Paris,
            handled: &self.handled,
            simulated: None,
            sent_at: None,
        };
        decide(&self.catalogue, &self.course, &self.p, run)
    }

    pub fn decision(&self, code: &str) -> Decision<'_> {
        self.decisions()
            .into_iter()
            .find(|d| d.occurrence.notification == code)
            .unwrap_or_else(|| panic!("no decision for {code}"))
    }

    pub fn outcome(&self, code: &str) -> Outcome {
        self.decision(code).outcome
    }
}

/// The end family, from the farthest reminder to `closed`.
pub const END: [&str; 6] = [
    "twoweeksnearend",
    "oneweeknearend",
    "fivedaystoend",
    "threedaystoend",
    "onedaytoend",
    "closed",
];

/// A site in UTC writing in English.
pub fn site() -> course_notification_engine::model::Site {
    course_notification_engine::model::Site {
        wwwroot: "https://m.example.org".into(),
        fullname: "Site".into(),
        shortname: "S".into(),
        lang: "en".into(),
        timezone: chrono_tz::UTC,
    }
}

/// The built-in notifications (coldfeedback included).
pub fn all_codes() -> Vec<String> {
    Catalogue::builtin()
        .notifications
        .iter()
        .map(|n| n.code.to_string())
        .collect()
}
