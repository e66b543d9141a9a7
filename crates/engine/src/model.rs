//! The facts the engine decides on, as read from Moodle's tables.
//!
//! They are plain values: the database adapter fills them, tests build them by hand. Times are Unix
//! seconds as Moodle stores them; `0` keeps Moodle's meaning of "not set" where Moodle uses it.

use std::sync::Arc;

use chrono_tz::Tz;

use crate::time;

/// A course that carries the block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Course {
    /// `course.id`.
    pub id: i64,
    /// `course.shortname`.
    pub shortname: String,
    /// `course.fullname`.
    pub fullname: String,
    /// `course.startdate` (0: not set).
    pub startdate: i64,
    /// `course.enddate` (0: no end).
    pub enddate: i64,
    /// `course.visible`.
    pub visible: bool,
    /// Every category above the course, up to the top, is visible.
    pub category_visible: bool,
    /// Holders of roles assigned in the course context, for notifications sent to a role:
    /// (role id, user).
    pub staff: Vec<(i64, User)>,
    /// Names of the course's contacts (holders of the roles in Moodle's `coursecontact`
    /// setting, the teachers by default), for `{{TEACHERS}}`.
    pub teachers: Vec<String>,
}

impl Course {
    /// A visible course with the given dates, in visible categories (tests and tools).
    pub fn new(id: i64, startdate: i64, enddate: i64) -> Course {
        Course {
            id,
            shortname: format!("C{id}"),
            fullname: format!("Course {id}"),
            startdate,
            enddate,
            visible: true,
            category_visible: true,
            staff: Vec::new(),
            teachers: Vec::new(),
        }
    }
}

/// The recipient as Moodle knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// `user.id`.
    pub id: i64,
    /// `user.username`.
    pub username: String,
    /// `user.email`.
    pub email: String,
    /// `user.firstname`.
    pub firstname: String,
    /// `user.lastname`.
    pub lastname: String,
    /// `user.lang` (may be empty: the site language applies).
    pub lang: String,
    /// `user.timezone` (`99` or empty: the site timezone applies).
    pub timezone: String,
    /// `user.mailformat`: 0 plain text, 1 HTML.
    pub mailformat: i64,
    /// `user.suspended`.
    pub suspended: bool,
    /// `user.deleted`.
    pub deleted: bool,
    /// `user.emailstop`: the user asked for no e-mail.
    pub emailstop: bool,
    /// `user.auth = 'nologin'`: Moodle's `email_to_user()` sends such a user nothing.
    pub nologin: bool,
    /// Over the site's bounce threshold (see [`BounceThreshold`]): `email_to_user()` refuses them.
    pub over_bounce_threshold: bool,
    /// What the user opted out of (the plugin's `block_cnotif_pref` rows).
    pub opt_outs: Vec<crate::audience::OptOut>,
    /// Moodle's notification preferences leave e-mail off for this plugin's `mail` message
    /// provider (the user's own choice, or the site's default or lock): no e-mail, the bell
    /// still rings.
    pub email_off: bool,
}

impl User {
    /// An active user with an address built from the id (tests and tools).
    pub fn new(id: i64, email: &str) -> User {
        User {
            id,
            username: format!("u{id}"),
            email: email.to_string(),
            firstname: format!("First{id}"),
            lastname: format!("Last{id}"),
            lang: "en".into(),
            timezone: "99".into(),
            mailformat: 1,
            suspended: false,
            deleted: false,
            emailstop: false,
            nologin: false,
            over_bounce_threshold: false,
            opt_outs: Vec::new(),
            email_off: false,
        }
    }

    /// The user's timezone, `99` and unknown names meaning the site's.
    pub fn tz(&self, site: Tz) -> Tz {
        time::resolve(&self.timezone, site)
    }
}

/// Moodle's bounce threshold (`over_bounce_threshold()` in lib/moodlelib.php): with
/// `$CFG->handlebounces` on, a user whose `email_bounce_count` preference reached `minbounces`
/// and is at least `bounceratio` of their `email_send_count` is not mailed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BounceThreshold {
    /// `$CFG->minbounces` (empty: 10).
    pub min: f64,
    /// `$CFG->bounceratio` (empty: 0.20).
    pub ratio: f64,
}

impl BounceThreshold {
    /// `$CFG->minbounces` when empty (`over_bounce_threshold()`).
    pub const DEFAULT_MIN: f64 = 10.0;
    /// `$CFG->bounceratio` when empty.
    pub const DEFAULT_RATIO: f64 = 0.20;

    /// The threshold the site's settings give, `None` when `handlebounces` is off. Moodle reads
    /// the settings with `empty()`, so `0` (and anything PHP finds empty) means the default.
    pub fn from_settings(handlebounces: &str, minbounces: &str, bounceratio: &str) -> Option<Self> {
        // PHP's empty() on a string: only '' and '0'.
        let empty = |v: &str| v.is_empty() || v == "0";
        let number = |v: &str, default: f64| -> f64 {
            if empty(v) {
                return default;
            }
            v.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .unwrap_or(default)
        };
        (!empty(handlebounces)).then(|| BounceThreshold {
            min: number(minbounces, Self::DEFAULT_MIN),
            ratio: number(bounceratio, Self::DEFAULT_RATIO),
        })
    }

    /// `$bouncecount >= minbounces && $bouncecount / $sendcount >= bounceratio`. With no send
    /// counted, PHP 8 throws on the division and Moodle sends nothing: counted as over.
    pub fn over(&self, bounces: f64, sends: f64) -> bool {
        bounces >= self.min && (sends <= 0.0 || bounces / sends >= self.ratio)
    }
}

/// Whether any of the learner's enrolments in the course lets them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnrolmentState {
    /// At least one active enrolment in an enabled enrolment method.
    Active,
    /// None active; at least one is suspended (`user_enrolments.status = 1`).
    Suspended,
    /// None active; the learner's enrolments are in disabled methods (`enrol.status = 1`).
    MethodDisabled,
}

/// One learner in one course: the aggregate of their enrolments there, and what they did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participation {
    /// The course.
    pub course_id: i64,
    /// The learner, shared by their participations in every course (a learner of ten courses is
    /// one user, not ten copies of their names and address).
    pub user: Arc<User>,
    /// Whether an enrolment lets them in.
    pub state: EnrolmentState,
    /// Earliest `timestart` of the counted enrolments (active ones when any; 0: from the start).
    pub enrol_start: i64,
    /// Latest `timeend` of the counted enrolments; `None` when one of them is open-ended (Moodle
    /// writes 0 for "no end", and the column's default is 2147483647).
    pub enrol_end: Option<i64>,
    /// Earliest `user_enrolments.timecreated` (0: unknown).
    pub enrolled_at: i64,
    /// `user_lastaccess.timeaccess` in this course, if they ever came in.
    pub last_access: Option<i64>,
    /// `course_completions.timecompleted`, if they completed the course.
    pub completed_at: Option<i64>,
    /// Holds `block/course_notification:excludefromnotification` in the course.
    pub excluded: bool,
    /// Holds `block/course_notification:benotified` in the course.
    pub notified: bool,
}

impl Participation {
    /// A learner actively enrolled from `enrol_start` with no end, never came in, holding
    /// `benotified` (tests and tools).
    pub fn new(course_id: i64, user: User, enrol_start: i64) -> Participation {
        Participation {
            course_id,
            user: Arc::new(user),
            state: EnrolmentState::Active,
            enrol_start,
            enrol_end: None,
            enrolled_at: enrol_start,
            last_access: None,
            completed_at: None,
            excluded: false,
            notified: true,
        }
    }

    /// `R`: the course opens for this learner, `max(course start, earliest enrolment start)`.
    pub fn access_start(&self, course: &Course) -> i64 {
        course.startdate.max(self.enrol_start)
    }

    /// `E`: access ends at the earliest of the course end and the latest enrolment end; an
    /// open-ended enrolment ends with the course, and with no course end there is no end (`None`).
    pub fn access_end(&self, course: &Course) -> Option<i64> {
        let course_end = (course.enddate > 0).then_some(course.enddate);
        match (self.enrol_end, course_end) {
            (Some(e), Some(c)) => Some(e.min(c)),
            (Some(e), None) => Some(e),
            (None, c) => c,
        }
    }

    /// Came into the course at least once.
    pub fn has_accessed(&self) -> bool {
        self.last_access.is_some_and(|t| t > 0)
    }
}

/// Normalises Moodle's `timeend`: 0 and the schema default 2147483647 both mean "no end".
pub fn enrolment_end(timeend: i64) -> Option<i64> {
    (timeend > 0 && timeend < 2_147_483_647).then_some(timeend)
}

/// The site the messages speak for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// `$CFG->wwwroot`, without a trailing slash.
    pub wwwroot: String,
    /// The front page course's full name.
    pub fullname: String,
    /// The front page course's short name.
    pub shortname: String,
    /// `$CFG->lang`: the language used when the learner has none we can write in.
    pub lang: String,
    /// The site's timezone (`99` in `user.timezone` means this one).
    pub timezone: Tz,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `over_bounce_threshold()` of Moodle 5.0 (lib/moodlelib.php), case by case.
    #[test]
    fn the_bounce_threshold_is_moodles() {
        assert_eq!(
            BounceThreshold::from_settings("", "5", "0.5"),
            None,
            "handlebounces off"
        );
        assert_eq!(
            BounceThreshold::from_settings("0", "5", "0.5"),
            None,
            "handlebounces off"
        );
        let default = BounceThreshold::from_settings("1", "", "0").expect("on");
        assert_eq!(
            default,
            BounceThreshold {
                min: 10.0,
                ratio: 0.20
            },
            "empty() gives the defaults"
        );
        // (bounces, sends, over)
        for (bounces, sends, over) in [
            (9.0, 10.0, false),  // under minbounces
            (10.0, 50.0, true),  // 10 >= 10 and 0.20 >= 0.20
            (10.0, 51.0, false), // ratio 0.196
            (12.0, 40.0, true),
            (12.0, 0.0, true), // PHP 8 throws on the division: Moodle sends nothing
            (0.0, 0.0, false), // no counters at all
        ] {
            assert_eq!(default.over(bounces, sends), over, "{bounces}/{sends}");
        }
        let strict = BounceThreshold::from_settings("1", "3", "0.5").expect("on");
        assert!(strict.over(3.0, 6.0));
        assert!(!strict.over(3.0, 7.0));
    }
}
