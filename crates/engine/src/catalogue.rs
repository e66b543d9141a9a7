//! Notifications: what triggers them, when they are due, whom they skip.
//!
//! A notification is data, not code: a trigger, an offset in days, an optional repeat, the
//! conditions a learner must meet, a family, a catch-up policy. The built-in catalogue reproduces
//! the original block's types with their names and defaults.

/// The moment a notification is anchored on, for one (course, learner) pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Trigger {
    /// `R`: the course opens for the learner, `max(course start, earliest enrolment start)`.
    AccessStart,
    /// `E`: access ends (see [`crate::model::Participation::access_end`]).
    AccessEnd,
    /// `course.startdate`.
    CourseStart,
    /// `course.enddate`.
    CourseEnd,
    /// The learner's last access to the course (their access start when they never came in).
    LastAccess,
    /// The learner completed the course.
    Completion,
    /// The learner was enrolled (`user_enrolments.timecreated`).
    Enrolment,
}

impl Trigger {
    /// Every trigger, in the order forms list them.
    pub const ALL: [Trigger; 7] = [
        Trigger::AccessStart,
        Trigger::AccessEnd,
        Trigger::CourseStart,
        Trigger::CourseEnd,
        Trigger::LastAccess,
        Trigger::Completion,
        Trigger::Enrolment,
    ];

    /// The name `block_cnotif_def.triggertype` stores (and PHP shows as `trigger:<name>`).
    pub fn stored_name(self) -> &'static str {
        match self {
            Trigger::AccessStart => "accessstart",
            Trigger::AccessEnd => "accessend",
            Trigger::CourseStart => "coursestart",
            Trigger::CourseEnd => "courseend",
            Trigger::LastAccess => "lastaccess",
            Trigger::Completion => "completion",
            Trigger::Enrolment => "enrolment",
        }
    }

    /// The trigger a stored name means; `None` for an empty or unknown one.
    pub fn from_stored(name: &str) -> Option<Trigger> {
        Trigger::ALL.into_iter().find(|t| t.stored_name() == name)
    }
}

/// A notification that comes back while its condition holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repeat {
    /// Days between two occurrences.
    pub every_days: i64,
    /// At most this many occurrences per series (`None`: no limit).
    pub max: Option<u32>,
}

/// Reminders of one family replace one another: only the most advanced one that is due is sent,
/// and once it is due or sent, the ones before it are superseded and never sent late.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// First and second call (nudges after the access start).
    Calls,
    /// The reminders before the access end, and `closed`.
    AccessEnd,
}

impl Family {
    /// The family's name as the plugin shows it (`calls`, `accessend`).
    pub fn name(self) -> &'static str {
        match self {
            Family::Calls => "calls",
            Family::AccessEnd => "accessend",
        }
    }
}

/// How an occurrence that was missed is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatchUp {
    /// The original block's rule: anything due within the late-send limit still goes out (so a new
    /// installation welcomes learners whose access opened in the last days).
    Bounded,
    /// Totara's rule: only what became due after this instant (the last run, or when the
    /// notification was enabled); creating a notification never mails the past.
    Since(i64),
}

/// One notification definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// Stable code, used in traces, occurrence keys and the outbox (`firstassign`).
    pub code: crate::code::Code,
    /// What the schedule counts from.
    pub trigger: Trigger,
    /// Days after the trigger (negative: before), on the recipient's calendar.
    pub offset_days: i64,
    /// Repeats, for notifications such as `inactive`.
    pub repeat: Option<Repeat>,
    /// An occurrence that became due longer ago than this is never sent.
    pub late_limit_days: i64,
    /// Only for learners who never came into the course (rule A).
    pub only_never_accessed: bool,
    /// Only for learners who did not complete the course (rule A1).
    pub only_not_completed: bool,
    /// Only while access lasts (rule D "enrol is over").
    pub only_during_access: bool,
    /// The family it belongs to, if any.
    pub family: Option<Family>,
    /// How missed occurrences are treated.
    pub catch_up: CatchUp,
    /// Delivery order when the per-run cap holds messages back: lower goes first.
    pub priority: u8,
    /// Switched on.
    pub enabled: bool,
    /// Sent whatever the learner opted out of, and never held back by the daily budget (an
    /// administrator's choice, for example where a contract requires the notice).
    pub essential: bool,
    /// Who receives it (the learner by default).
    pub recipients: Vec<Recipient>,
    /// Subject and body written for this notification, per language; the default texts apply in
    /// the languages it has none for.
    pub texts: Vec<CustomText>,
}

/// Who receives a notification about a learner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Recipient {
    /// The learner it is about.
    Learner,
    /// Every holder of this role in the course (for example the teachers), about the learner.
    Role(i64),
}

impl Recipient {
    /// Parses a stored list such as `learner,role:3`.
    pub fn parse_list(list: &str) -> Result<Vec<Recipient>, String> {
        let mut out = Vec::new();
        for token in list.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let r = match token {
                "learner" => Recipient::Learner,
                role => match role
                    .strip_prefix("role:")
                    .and_then(|id| id.parse::<i64>().ok())
                {
                    Some(id) if id > 0 => Recipient::Role(id),
                    _ => {
                        return Err(format!(
                            "'{token}' is not a recipient (learner, or role:<id>)"
                        ))
                    }
                },
            };
            if !out.contains(&r) {
                out.push(r);
            }
        }
        if out.is_empty() {
            return Err("no recipient".into());
        }
        Ok(out)
    }

    /// The stored form of a list.
    pub fn format_list(list: &[Recipient]) -> String {
        let names: Vec<String> = list
            .iter()
            .map(|r| match r {
                Recipient::Learner => "learner".to_string(),
                Recipient::Role(id) => format!("role:{id}"),
            })
            .collect();
        names.join(",")
    }
}

/// A subject and body written by an administrator or teacher, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomText {
    /// Language code (`en`, `fr`, `fr_ca`).
    pub lang: String,
    /// Subject template.
    pub subject: String,
    /// Body template: plain text, paragraphs separated by a blank line.
    pub body: String,
}

impl Notification {
    fn builtin(
        code: &str,
        trigger: Trigger,
        offset_days: i64,
        late_limit_days: i64,
        priority: u8,
    ) -> Self {
        Notification {
            code: code.into(),
            trigger,
            offset_days,
            repeat: None,
            late_limit_days,
            only_never_accessed: false,
            only_not_completed: true,
            only_during_access: false,
            family: None,
            catch_up: CatchUp::Bounded,
            priority,
            enabled: true,
            essential: false,
            recipients: vec![Recipient::Learner],
            texts: Vec::new(),
        }
    }

    fn end_reminder(code: &str, days_before: i64, priority: u8) -> Self {
        Notification {
            family: Some(Family::AccessEnd),
            ..Self::builtin(
                code,
                Trigger::AccessEnd,
                -days_before,
                END_LATE_LIMIT_DAYS,
                priority,
            )
        }
    }
}

/// The block's catch-up for the start family: the seed's "between J-7 and J".
pub const START_LATE_LIMIT_DAYS: i64 = 7;
/// The block's catch-up for the end family: 15 days.
pub const END_LATE_LIMIT_DAYS: i64 = 15;

/// The notifications a run evaluates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    /// In evaluation order.
    pub notifications: Vec<Notification>,
}

impl Catalogue {
    /// The built-in, site-level notifications with the original plugin's names and defaults:
    /// welcome, first and second call 7 and 14 days after the access start for those who never
    /// came in, inactivity after 14 days repeated every 7, reminders 14/7/5/3/1 days before the
    /// access end and when it closes, congratulations on completion; and a feedback request 7 days
    /// after completion, off by default.
    pub fn builtin() -> Self {
        use Trigger::*;
        let start = |code: &str, offset: i64, priority: u8| Notification {
            only_never_accessed: true,
            only_during_access: true,
            ..Notification::builtin(code, AccessStart, offset, START_LATE_LIMIT_DAYS, priority)
        };
        let calls = |code: &str, offset: i64| Notification {
            family: Some(Family::Calls),
            ..start(code, offset, 6)
        };
        Catalogue {
            notifications: vec![
                start("firstassign", 0, 5),
                calls("firstcall", 7),
                calls("secondcall", 14),
                Notification {
                    repeat: Some(Repeat {
                        every_days: 7,
                        max: None,
                    }),
                    only_during_access: true,
                    ..Notification::builtin("inactive", LastAccess, 14, 7, 8)
                },
                Notification::end_reminder("twoweeksnearend", 14, 4),
                Notification::end_reminder("oneweeknearend", 7, 3),
                Notification::end_reminder("fivedaystoend", 5, 3),
                Notification::end_reminder("threedaystoend", 3, 2),
                Notification::end_reminder("onedaytoend", 1, 1),
                Notification::end_reminder("closed", 0, 1),
                Notification {
                    only_not_completed: false,
                    ..Notification::builtin("completed", Completion, 0, START_LATE_LIMIT_DAYS, 2)
                },
                Notification {
                    only_not_completed: false,
                    enabled: false,
                    ..Notification::builtin("coldfeedback", Completion, 7, START_LATE_LIMIT_DAYS, 9)
                },
            ],
        }
    }

    /// The notification with this code.
    pub fn get(&self, code: &str) -> Option<&Notification> {
        self.notifications.iter().find(|n| &*n.code == code)
    }

    /// The enabled notifications.
    pub fn enabled(&self) -> impl Iterator<Item = &Notification> {
        self.notifications.iter().filter(|n| n.enabled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_catalogue_has_the_original_names_and_coldfeedback_off() {
        let c = Catalogue::builtin();
        let codes: Vec<&str> = c.enabled().map(|n| n.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "firstassign",
                "firstcall",
                "secondcall",
                "inactive",
                "twoweeksnearend",
                "oneweeknearend",
                "fivedaystoend",
                "threedaystoend",
                "onedaytoend",
                "closed",
                "completed"
            ]
        );
        assert!(!c.get("coldfeedback").unwrap().enabled);
        assert_eq!(c.get("secondcall").unwrap().offset_days, 14);
        assert_eq!(c.get("fivedaystoend").unwrap().offset_days, -5);
        assert!(c
            .notifications
            .iter()
            .all(|n| n.recipients == [Recipient::Learner]));
    }

    #[test]
    fn stored_trigger_names_go_both_ways() {
        for t in Trigger::ALL {
            assert_eq!(Trigger::from_stored(t.stored_name()), Some(t));
        }
        assert_eq!(Trigger::from_stored(""), None);
        assert_eq!(Trigger::from_stored("AccessStart"), None);
    }

    #[test]
    fn recipient_lists_parse_and_refuse_nonsense() {
        assert_eq!(
            Recipient::parse_list(" learner , role:3,role:3"),
            Ok(vec![Recipient::Learner, Recipient::Role(3)])
        );
        assert_eq!(
            Recipient::format_list(&[Recipient::Learner, Recipient::Role(3)]),
            "learner,role:3"
        );
        for bad in ["", "teacher", "role:", "role:-1", "role:x"] {
            assert!(Recipient::parse_list(bad).is_err(), "{bad}");
        }
    }
}
