//! The eviction ("trapped") rules.
//!
//! Letters and words are the seed's where the seed has them, so operators read the traces they
//! already know (`trapped rule A : Already accessed course`, `rule C : infinite enrol`). Rules the
//! original lacks get letters of their own. The order in which they are checked is documented in
//! [`crate::decide`].

/// Why an occurrence is not sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// Z: the account is deleted.
    Deleted,
    /// S: the account is suspended.
    Suspended,
    /// K: the account's authentication is `nologin` (Moodle mails such accounts nothing).
    NoLogin,
    /// U: the learner's enrolments in the course are suspended.
    EnrolmentSuspended,
    /// M: the learner's enrolments are in disabled enrolment methods.
    MethodDisabled,
    /// H: the course, or a category above it, is hidden.
    Hidden,
    /// X: holds `excludefromnotification` in the course (teachers, managers by default).
    Excluded,
    /// N: does not hold `benotified` in the course.
    NotRecipient,
    /// W: no usable e-mail address (one Moodle's `validate_email()` refuses, or in the reserved
    /// `.invalid` domain), or the user stopped e-mail (`emailstop`).
    NoEmail,
    /// T: over the site's bounce threshold (`handlebounces`, `minbounces`, `bounceratio`).
    OverBounceThreshold,
    /// O: the learner opted out of this notification's topic, in this course or everywhere (an
    /// essential notification is never trapped by it).
    OptedOut,
    /// V: the learner's Moodle notification preferences leave e-mail off for this plugin; the
    /// e-mail is not sent, the copy for the bell and the mobile app still is.
    EmailOff,
    /// A1: completed the course.
    Completed,
    /// A: already came into the course, and the notification is for those who did not.
    AlreadyAccessed,
    /// C: access never ends (an open-ended enrolment in a course with no end date).
    InfiniteEnrol,
    /// D: access is over (the enrolment or the course has ended).
    EnrolmentOver,
    /// L: a first or second call went out within the inactivity delay.
    RecentlyCalled,
    /// B: already sent (or marked as sent) by an earlier run.
    AlreadySent,
    /// Q: already in the outbox, waiting for delivery or for a retry.
    AlreadyQueued,
    /// F: delivering it failed for good (the server refused it); it is not retried.
    DeliveryFailed,
    /// P: a reminder nearer the moment is due or was sent; this one is never sent late.
    Superseded,
    /// R: the repeat limit is reached.
    RepeatLimit,
    /// D: the access end is further ahead than this reminder's offset (not due yet).
    EndTooFarAhead,
    /// Y: the learner's daily budget of notification mails is spent; it waits for the next day
    /// (nearest deadline first). Essential notifications count but are never held.
    OverDailyBudget,
    /// G: too soon after the last mail to the learner (the site's minimum gap); it waits.
    TooSoon,
    /// E: not due yet (a repeat: less than its interval since the previous one was sent), or due
    /// longer ago than the late-send limit, or before the notification's catch-up point.
    OutOfTimeRange,
}

impl Rule {
    /// Every rule, in the order [`crate::decide`] checks them.
    pub const ALL: [Rule; 26] = [
        Rule::Deleted,
        Rule::Suspended,
        Rule::NoLogin,
        Rule::EnrolmentSuspended,
        Rule::MethodDisabled,
        Rule::Hidden,
        Rule::Excluded,
        Rule::NotRecipient,
        Rule::NoEmail,
        Rule::OverBounceThreshold,
        Rule::OptedOut,
        Rule::Completed,
        Rule::AlreadyAccessed,
        Rule::InfiniteEnrol,
        Rule::EnrolmentOver,
        Rule::RecentlyCalled,
        Rule::AlreadySent,
        Rule::AlreadyQueued,
        Rule::DeliveryFailed,
        Rule::Superseded,
        Rule::RepeatLimit,
        Rule::EndTooFarAhead,
        Rule::OutOfTimeRange,
        Rule::EmailOff,
        Rule::OverDailyBudget,
        Rule::TooSoon,
    ];

    /// The rule's letter, as printed in traces and reports.
    pub fn code(self) -> &'static str {
        match self {
            Rule::Deleted => "Z",
            Rule::Suspended => "S",
            Rule::NoLogin => "K",
            Rule::EnrolmentSuspended => "U",
            Rule::MethodDisabled => "M",
            Rule::Hidden => "H",
            Rule::Excluded => "X",
            Rule::NotRecipient => "N",
            Rule::NoEmail => "W",
            Rule::OverBounceThreshold => "T",
            Rule::OptedOut => "O",
            Rule::EmailOff => "V",
            Rule::OverDailyBudget => "Y",
            Rule::TooSoon => "G",
            Rule::Completed => "A1",
            Rule::AlreadyAccessed => "A",
            Rule::InfiniteEnrol => "C",
            Rule::EnrolmentOver | Rule::EndTooFarAhead => "D",
            Rule::RecentlyCalled => "L",
            Rule::AlreadySent => "B",
            Rule::AlreadyQueued => "Q",
            Rule::DeliveryFailed => "F",
            Rule::Superseded => "P",
            Rule::RepeatLimit => "R",
            Rule::OutOfTimeRange => "E",
        }
    }

    /// The rule's reason, in the seed's words where the seed has them.
    pub fn reason(self) -> &'static str {
        match self {
            Rule::Deleted => "Deleted user",
            Rule::Suspended => "Suspended account",
            Rule::NoLogin => "Login disabled (nologin)",
            Rule::EnrolmentSuspended => "Enrolment suspended",
            Rule::MethodDisabled => "Enrolment method disabled",
            Rule::Hidden => "Hidden course or category",
            Rule::Excluded => "Excluded from notification",
            Rule::NotRecipient => "Not a notification recipient",
            Rule::NoEmail => "No usable e-mail address",
            Rule::OverBounceThreshold => "Over the bounce threshold",
            Rule::OptedOut => "Opted out by the learner",
            Rule::EmailOff => "E-mail off in the learner's notification preferences",
            Rule::OverDailyBudget => "daily mail budget spent, waits for the next day",
            Rule::TooSoon => "too soon after the last mail, waits",
            Rule::Completed => "Course completed",
            Rule::AlreadyAccessed => "Already accessed course",
            Rule::InfiniteEnrol => "infinite enrol",
            Rule::EnrolmentOver => "enrol is over",
            Rule::RecentlyCalled => "Called recently",
            Rule::AlreadySent => "already sent",
            Rule::AlreadyQueued => "already queued",
            Rule::DeliveryFailed => "delivery failed",
            Rule::Superseded => "superseded by a nearer reminder",
            Rule::RepeatLimit => "repeat limit reached",
            Rule::EndTooFarAhead => "end date is too far ahead",
            Rule::OutOfTimeRange => "Out of concerned time range",
        }
    }
}
