//! The facts the engine decides on, as read from Moodle's tables.
//!
//! They are plain values: the database adapter fills them, tests build them by hand. Times are Unix
//! seconds as Moodle stores them; `0` keeps Moodle's meaning of "not set" where Moodle uses it.

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
}

/// One learner in one course: the aggregate of their active enrolments there, and what they did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participation {
    /// The course.
    pub course_id: i64,
    /// The learner.
    pub user: User,
    /// Earliest `user_enrolments.timestart` over active enrolments (0: from the start).
    pub enrol_start: i64,
    /// Latest `user_enrolments.timeend` over active enrolments.
    pub enrol_end_max: i64,
    /// Earliest `user_enrolments.timeend`; 0 (or Moodle's 2147483647 default) means at least one
    /// active enrolment is open-ended.
    pub enrol_end_min: i64,
    /// `user_lastaccess.timeaccess` in this course, if they ever came in.
    pub last_access: Option<i64>,
    /// `course_completions.timecompleted`, if they completed the course.
    pub completed_at: Option<i64>,
    /// Holds `block/course_notification:excludefromnotification` in the course.
    pub excluded: bool,
}

impl Participation {
    /// The moment the course opens for this learner: `R = max(course start, earliest enrolment start)`.
    pub fn access_start(&self, course: &Course) -> i64 {
        course.startdate.max(self.enrol_start)
    }
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
}
