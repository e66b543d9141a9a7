//! From facts to decisions.
//!
//! For every enabled notification and every participation, the engine builds the occurrence that
//! is current at `now` (for a repeating notification, the latest of its series) and checks the
//! eviction rules in this order; the first that matches traps it, otherwise it is accepted:
//!
//! 1. who the learner is: Z deleted, S suspended account, K `nologin` account, U enrolment
//!    suspended, M enrolment method disabled, H hidden course or category, X excluded, N not a
//!    recipient (`benotified`), W no usable e-mail, T over the bounce threshold, O opted out of
//!    the notification's topic (not for an essential notification; the learner's copy only);
//! 2. what the notification is for: A1 completed, A already accessed, C infinite enrol (the end
//!    family, when access never ends), D enrol is over, L called recently (inactivity);
//! 3. what was done before: B already sent, Q already queued, F delivery failed;
//! 4. what came after: P superseded by a nearer reminder of the same family, R repeat limit;
//! 5. when: D end date too far ahead (end family, not due yet), E out of the time range (not due
//!    yet, older than the late-send limit, or before the notification's catch-up point; for a
//!    repeat, also less than its interval after the previous repeat of its series was sent);
//! 6. how: V e-mail off in the learner's Moodle notification preferences (last, so that a V
//!    decision is one that would otherwise go: its copy for the bell still does).
//!
//! The daily budget (Y, G) weighs a learner's accepted decisions across all their courses
//! together, after this: see [`crate::budget`].
//!
//! Who-rules come first so that a report says why a learner is not concerned rather than only that
//! a message is not due; B comes before the time rules so that a sent message is reported as sent.
//! A trigger that has no moment for the learner (no completion yet) yields no decision at all.

use std::collections::HashMap;

use chrono_tz::Tz;

use crate::address::{moodle_validate_email, reserved_invalid};
use crate::audience::{opted_out, topic};
use crate::catalogue::{Catalogue, CatchUp, Family, Notification, Recipient, Trigger};
use crate::model::{Course, EnrolmentState, Participation, User};
use crate::occurrence::{Occurrence, OccurrenceKey};
use crate::rules::Rule;
use crate::time;

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
pub struct Decision<'a> {
    /// What was evaluated.
    pub occurrence: Occurrence,
    /// The recipient's address, as printed in traces: borrowed from the facts, since a full
    /// evaluation takes millions of decisions and most are only counted.
    pub email: &'a str,
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

/// When the outbox's sent repeats of repeating notifications went out (Unix seconds), by key.
pub type SentTimes = HashMap<OccurrenceKey, i64>;

/// What is known of a run: the instant it decides for, the site's timezone, the outbox.
#[derive(Debug, Clone, Copy)]
pub struct Run<'a> {
    /// The instant decisions are taken for.
    pub now: i64,
    /// The site's timezone (for learners whose `timezone` is `99`).
    pub site_tz: Tz,
    /// What the outbox already holds.
    pub handled: &'a Handled,
    /// What a forecast pretends was sent by the simulated runs before this one.
    pub simulated: Option<&'a Handled>,
    /// When the sent repeats in `handled` went out, for the spacing of a series (none: no spacing).
    pub sent_at: Option<&'a SentTimes>,
}

impl Run<'_> {
    /// Where occurrence `o` stands, in the outbox or in the simulation. Most learners have
    /// nothing in the outbox: their key is then never built.
    pub fn state_of(&self, o: &Occurrence) -> Option<Handling> {
        if self.handled.is_empty() && self.simulated.is_none_or(HashMap::is_empty) {
            return None;
        }
        self.state(&o.key())
    }

    /// Where the occurrence `key` stands, in the outbox or in the simulation.
    pub fn state(&self, key: &OccurrenceKey) -> Option<Handling> {
        self.handled
            .get(key)
            .or_else(|| self.simulated.and_then(|s| s.get(key)))
            .copied()
    }
}

/// Decides every enabled notification of `catalogue` for one learner in one course: one decision
/// per occurrence and recipient (the learner, and each holder of a role the notification is also
/// sent to).
pub fn decide<'a>(
    catalogue: &Catalogue,
    course: &'a Course,
    p: &'a Participation,
    run: Run<'_>,
) -> Vec<Decision<'a>> {
    let tz = p.user.tz(run.site_tz);
    let planned: Vec<(&Notification, Option<Occurrence>)> = catalogue
        .enabled()
        .map(|n| (n, current(n, course, p, tz, run.now)))
        .collect();
    let frontiers = family_frontiers(&planned, run);
    // The rules about the learner hold for every notification: checked once.
    let about_them = who(course, p);
    let mut decisions = Vec::with_capacity(planned.len());
    for (n, occurrence) in planned {
        let (o, about_learner) = match occurrence {
            Some(o) => (
                o,
                about_them.or_else(|| what(catalogue, n, course, p, tz, run)),
            ),
            // Access that never ends: the end family is reported as the seed does (rule C).
            None if n.trigger == Trigger::AccessEnd && p.access_end(course).is_none() => {
                let o = Occurrence {
                    notification: n.code.clone(),
                    course_id: course.id,
                    user_id: p.user.id,
                    series: None,
                    repeat: 0,
                    due: 0,
                    recipient: None,
                    period: Some(p.enrolled_at),
                };
                (o, Some(about_them.unwrap_or(Rule::InfiniteEnrol)))
            }
            None => continue,
        };
        let timing = |o: &Occurrence| {
            before(o, run)
                .or_else(|| after(n, o, &frontiers))
                .or_else(|| when(n, o, run.now))
                .or_else(|| spacing(n, o, tz, run))
        };
        let outcome = |rule: Option<Rule>| rule.map_or(Outcome::Accepted, Outcome::Trapped);
        let for_learner = |o: &Occurrence| {
            about_them
                .or_else(|| choices(n, course, &p.user))
                .or(about_learner)
                .or_else(|| timing(o))
                .or_else(|| p.user.email_off.then_some(Rule::EmailOff))
        };
        // The common case, the learner alone: the occurrence moves into its decision.
        if let [Recipient::Learner] = n.recipients.as_slice() {
            let rule = for_learner(&o);
            decisions.push(Decision {
                occurrence: o,
                email: &p.user.email,
                outcome: outcome(rule),
            });
            continue;
        }
        for recipient in &n.recipients {
            match recipient {
                Recipient::Learner => {
                    let rule = for_learner(&o);
                    decisions.push(Decision {
                        occurrence: o.clone(),
                        email: &p.user.email,
                        outcome: outcome(rule),
                    });
                }
                Recipient::Role(role) => {
                    let mut seen = Vec::new();
                    for (_, staff) in course.staff.iter().filter(|(r, _)| r == role) {
                        if staff.id == p.user.id || seen.contains(&staff.id) {
                            continue;
                        }
                        seen.push(staff.id);
                        let copy = Occurrence {
                            recipient: Some(staff.id),
                            ..o.clone()
                        };
                        let rule = about_learner
                            .or_else(|| account(staff))
                            .or_else(|| timing(&copy));
                        decisions.push(Decision {
                            occurrence: copy,
                            email: &staff.email,
                            outcome: outcome(rule),
                        });
                    }
                }
            }
        }
    }
    decisions
}

/// The instant `n` counts from for this learner, if there is one.
fn anchor(n: &Notification, course: &Course, p: &Participation) -> Option<i64> {
    let positive = |t: i64| (t > 0).then_some(t);
    match n.trigger {
        Trigger::AccessStart => Some(p.access_start(course)),
        Trigger::AccessEnd => p.access_end(course),
        Trigger::CourseStart => positive(course.startdate),
        Trigger::CourseEnd => positive(course.enddate),
        Trigger::LastAccess => Some(
            p.last_access
                .filter(|&t| t > 0)
                .unwrap_or_else(|| p.access_start(course)),
        ),
        Trigger::Completion => p.completed_at.and_then(positive),
        Trigger::Enrolment => positive(p.enrolled_at),
    }
}

/// The occurrence of `n` current at `now`: the one-off occurrence, or the latest of a repeating
/// series that has started (the first one while none has).
fn current(
    n: &Notification,
    course: &Course,
    p: &Participation,
    tz: Tz,
    now: i64,
) -> Option<Occurrence> {
    let anchor = anchor(n, course, p)?;
    let first = time::add_days(anchor, n.offset_days, tz);
    // A one-off notification goes once per enrolment period (see `occurrence`).
    let period = n.repeat.is_none().then_some(p.enrolled_at);
    let (series, repeat, due) = match n.repeat {
        None => (None, 0, first),
        Some(r) if first > now || r.every_days <= 0 => (Some(anchor), 0, first),
        Some(r) => {
            let mut k = time::days_between(first, now, tz).max(0) / r.every_days;
            let at = |k: i64| time::add_days(first, k.saturating_mul(r.every_days), tz);
            while k > 0 && at(k) > now {
                k -= 1;
            }
            (Some(anchor), u32::try_from(k).unwrap_or(u32::MAX), at(k))
        }
    };
    Some(Occurrence {
        notification: n.code.clone(),
        course_id: course.id,
        user_id: p.user.id,
        series,
        repeat,
        due,
        recipient: None,
        period,
    })
}

/// What the learner chose: rule O, unless the notification is essential.
fn choices(n: &Notification, course: &Course, u: &User) -> Option<Rule> {
    (!n.essential && opted_out(&u.opt_outs, course.id, topic(&n.code))).then_some(Rule::OptedOut)
}

/// Rules about someone's account, in the order of Moodle's `email_to_user()`: deleted,
/// suspended, `nologin`, no usable address, over the bounce threshold.
fn account(u: &User) -> Option<Rule> {
    if u.deleted {
        Some(Rule::Deleted)
    } else if u.suspended {
        Some(Rule::Suspended)
    } else if u.nologin {
        Some(Rule::NoLogin)
    } else {
        address(u)
    }
}

/// Rules about the learner, whatever the notification.
fn who(course: &Course, p: &Participation) -> Option<Rule> {
    let u = &p.user;
    if u.deleted {
        Some(Rule::Deleted)
    } else if u.suspended {
        Some(Rule::Suspended)
    } else if u.nologin {
        Some(Rule::NoLogin)
    } else if p.state == EnrolmentState::Suspended {
        Some(Rule::EnrolmentSuspended)
    } else if p.state == EnrolmentState::MethodDisabled {
        Some(Rule::MethodDisabled)
    } else if !course.visible || !course.category_visible {
        Some(Rule::Hidden)
    } else if p.excluded {
        Some(Rule::Excluded)
    } else if !p.notified {
        Some(Rule::NotRecipient)
    } else {
        address(u)
    }
}

/// `email_to_user()`'s checks of the address, in its order: W when `validate_email()` refuses
/// it (or the user stopped e-mail), then T over the bounce threshold, then W again for the
/// reserved `.invalid` domain (Moodle skips it without an error; the engine reports it).
fn address(u: &User) -> Option<Rule> {
    if u.emailstop || !moodle_validate_email(&u.email) {
        Some(Rule::NoEmail)
    } else if u.over_bounce_threshold {
        Some(Rule::OverBounceThreshold)
    } else if reserved_invalid(&u.email) {
        Some(Rule::NoEmail)
    } else {
        None
    }
}

/// Rules about what the notification is for.
fn what(
    catalogue: &Catalogue,
    n: &Notification,
    course: &Course,
    p: &Participation,
    tz: Tz,
    run: Run<'_>,
) -> Option<Rule> {
    conditions(n, course, p, run).or_else(|| {
        (n.trigger == Trigger::LastAccess && recently_called(catalogue, n, course, p, tz, run))
            .then_some(Rule::RecentlyCalled)
    })
}

/// The notification's own conditions on the learner (completion, access, enrolment over).
fn conditions(n: &Notification, course: &Course, p: &Participation, run: Run<'_>) -> Option<Rule> {
    if n.only_not_completed && p.completed_at.is_some_and(|t| t > 0) {
        return Some(Rule::Completed);
    }
    if n.only_never_accessed && p.has_accessed() {
        return Some(Rule::AlreadyAccessed);
    }
    if n.only_during_access && p.access_end(course).is_some_and(|end| end <= run.now) {
        return Some(Rule::EnrolmentOver);
    }
    None
}

/// A first or second call was sent within the inactivity delay, or is going out now: an
/// inactivity reminder on top of it would be a second nudge for the same silence (the original
/// mailed both `secondcall` and `inactive` to the same learner in one run).
fn recently_called(
    catalogue: &Catalogue,
    n: &Notification,
    course: &Course,
    p: &Participation,
    tz: Tz,
    run: Run<'_>,
) -> bool {
    let since = time::add_days(run.now, -n.offset_days.max(0), tz);
    catalogue
        .enabled()
        .filter(|c| c.family == Some(Family::Calls))
        .any(|call| {
            current(call, course, p, tz, run.now).is_some_and(|o| {
                let recent = o.due >= since && o.due <= run.now;
                let sent = run.state_of(&o) == Some(Handling::Sent);
                // A call that is due but will not go out (the learner came in: rule A) is no nudge.
                // Judged on its own conditions only: a call a definition moved to the last-access
                // trigger would otherwise ask this question about itself, without end.
                let going_out = run.state_of(&o).is_none()
                    && conditions(call, course, p, run).is_none()
                    && when(call, &o, run.now).is_none();
                recent && (sent || going_out)
            })
        })
}

/// Rules about what earlier runs did.
fn before(o: &Occurrence, run: Run<'_>) -> Option<Rule> {
    match run.state_of(o) {
        Some(Handling::Sent) => Some(Rule::AlreadySent),
        Some(Handling::Queued) => Some(Rule::AlreadyQueued),
        Some(Handling::Failed) => Some(Rule::DeliveryFailed),
        None => None,
    }
}

/// For each family, the largest offset among its members that are due or already handled: the
/// members before it are superseded.
fn family_frontiers(planned: &[(&Notification, Option<Occurrence>)], run: Run<'_>) -> Frontiers {
    let mut frontiers = Frontiers::default();
    for (n, o) in planned {
        let (Some(family), Some(o)) = (n.family, o) else {
            continue;
        };
        if o.due <= run.now || run.state_of(o).is_some() {
            frontiers.raise(family, n.offset_days);
        }
    }
    frontiers
}

/// The largest offset due or handled in each family (two families: an array, not a map, since
/// it is built for every learner in every course).
#[derive(Debug, Default)]
struct Frontiers([Option<i64>; 2]);

impl Frontiers {
    fn slot(family: Family) -> usize {
        match family {
            Family::Calls => 0,
            Family::AccessEnd => 1,
        }
    }

    fn raise(&mut self, family: Family, offset: i64) {
        let f = &mut self.0[Self::slot(family)];
        *f = Some(f.map_or(offset, |f| f.max(offset)));
    }

    fn get(&self, family: Family) -> Option<i64> {
        self.0[Self::slot(family)]
    }
}

/// Rules about what came after this occurrence.
fn after(n: &Notification, o: &Occurrence, frontiers: &Frontiers) -> Option<Rule> {
    if let Some(frontier) = n.family.and_then(|f| frontiers.get(f)) {
        if n.offset_days < frontier {
            return Some(Rule::Superseded);
        }
    }
    match n.repeat.and_then(|r| r.max) {
        Some(max) if o.repeat >= max => Some(Rule::RepeatLimit),
        _ => None,
    }
}

/// Rules about when.
fn when(n: &Notification, o: &Occurrence, now: i64) -> Option<Rule> {
    if o.due > now {
        return Some(if n.family == Some(Family::AccessEnd) {
            Rule::EndTooFarAhead
        } else {
            Rule::OutOfTimeRange
        });
    }
    let oldest = now.saturating_sub(n.late_limit_days.saturating_mul(crate::DAY));
    let missed = match n.catch_up {
        CatchUp::Bounded => o.due < oldest,
        CatchUp::Since(watermark) => o.due < oldest || o.due <= watermark,
    };
    missed.then_some(Rule::OutOfTimeRange)
}

/// A repeat goes out `every` days after the previous repeat of its series was sent, never sooner
/// (rule E, not due yet). The series' dates are counted from its anchor; a send that went out later
/// than its date (the original plugin's reminder, whose run came at its own hour and cadence and
/// which the upgrade marks as sent at its date, or a send held back by a cap) sets the rhythm from
/// then on, as the original's "already sent within the frequency period" did.
fn spacing(n: &Notification, o: &Occurrence, tz: Tz, run: Run<'_>) -> Option<Rule> {
    let every = n.repeat?.every_days;
    let sent_at = run.sent_at.filter(|m| !m.is_empty())?;
    if o.repeat == 0 || every <= 0 {
        return None;
    }
    let previous = Occurrence {
        repeat: o.repeat - 1,
        ..o.clone()
    };
    let sent = *sent_at.get(&previous.key())?;
    (time::add_days(sent, every, tz) > run.now).then_some(Rule::OutOfTimeRange)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::User;
    use crate::DAY;
    use chrono_tz::UTC;

    const NOW: i64 = 1_795_305_600; // 2026-11-22 00:00 UTC

    fn learner(enrol_start: i64) -> Participation {
        Participation::new(196, User::new(7, "serge@example.org"), enrol_start)
    }

    fn outcomes(
        course: &Course,
        p: &Participation,
        handled: &Handled,
        now: i64,
    ) -> Vec<(String, Outcome)> {
        let run = Run {
            now,
            site_tz: UTC,
            handled,
            simulated: None,
            sent_at: None,
        };
        decide(&Catalogue::builtin(), course, p, run)
            .into_iter()
            .map(|d| (d.occurrence.notification.into(), d.outcome))
            .collect()
    }

    fn outcome_of(
        code: &str,
        course: &Course,
        p: &Participation,
        handled: &Handled,
        now: i64,
    ) -> Outcome {
        outcomes(course, p, handled, now)
            .into_iter()
            .find(|(n, _)| n == code)
            .map(|(_, o)| o)
            .unwrap_or_else(|| panic!("no decision for {code}"))
    }

    /// Rule O traps what the learner opted out of, by topic and course, unless the notification is
    /// essential; the learner's opt-out never silences the copy a member of staff receives.
    #[test]
    fn an_opt_out_traps_its_topic_in_its_course_but_never_an_essential_notification() {
        use crate::audience::OptOut;
        let c = Course::new(196, NOW - 30 * DAY, 0);
        let h = Handled::new();
        let mut p = learner(NOW - DAY);
        std::sync::Arc::make_mut(&mut p.user).opt_outs = vec![OptOut {
            course_id: 196,
            topic: "calls".into(),
        }];
        assert_eq!(
            outcome_of("firstassign", &c, &p, &h, NOW),
            Outcome::Trapped(Rule::OptedOut)
        );
        let elsewhere = Course::new(197, NOW - 30 * DAY, 0);
        assert_eq!(
            outcome_of("firstassign", &elsewhere, &p, &h, NOW),
            Outcome::Accepted
        );
        let mut catalogue = Catalogue::builtin();
        for n in &mut catalogue.notifications {
            n.essential = n.code == "firstassign";
        }
        let run = Run {
            now: NOW,
            site_tz: UTC,
            handled: &h,
            simulated: None,
            sent_at: None,
        };
        let essential = decide(&catalogue, &c, &p, run)
            .into_iter()
            .find(|d| &*d.occurrence.notification == "firstassign")
            .map(|d| d.outcome);
        assert_eq!(essential, Some(Outcome::Accepted));
    }

    /// Rule V comes last: a decision trapped by it is one that would otherwise go, so the bell's
    /// copy can still be queued; anything else that traps it says so first.
    #[test]
    fn email_off_in_moodle_preferences_is_checked_after_every_other_rule() {
        let c = Course::new(196, NOW - 30 * DAY, 0);
        let h = Handled::new();
        let mut p = learner(NOW - DAY);
        std::sync::Arc::make_mut(&mut p.user).email_off = true;
        assert_eq!(
            outcome_of("firstassign", &c, &p, &h, NOW),
            Outcome::Trapped(Rule::EmailOff)
        );
        let mut late = learner(NOW - 8 * DAY);
        std::sync::Arc::make_mut(&mut late.user).email_off = true;
        assert_eq!(
            outcome_of("firstassign", &c, &late, &h, NOW),
            Outcome::Trapped(Rule::OutOfTimeRange)
        );
    }

    #[test]
    fn a_welcome_is_due_for_seven_days_then_out_of_range() {
        let c = Course::new(196, NOW - 30 * DAY, 0);
        let h = Handled::new();
        assert_eq!(
            outcome_of("firstassign", &c, &learner(NOW - DAY), &h, NOW),
            Outcome::Accepted
        );
        assert_eq!(
            outcome_of("firstassign", &c, &learner(NOW - 7 * DAY), &h, NOW),
            Outcome::Accepted
        );
        let late = learner(NOW - 7 * DAY - 1);
        assert_eq!(
            outcome_of("firstassign", &c, &late, &h, NOW),
            Outcome::Trapped(Rule::OutOfTimeRange)
        );
        let future = learner(NOW + 1);
        assert_eq!(
            outcome_of("firstassign", &c, &future, &h, NOW),
            Outcome::Trapped(Rule::OutOfTimeRange)
        );
    }

    #[test]
    fn open_ended_access_in_a_course_without_end_is_rule_c_for_the_end_family() {
        let c = Course::new(196, NOW - 30 * DAY, 0);
        let all = outcomes(&c, &learner(NOW - 20 * DAY), &Handled::new(), NOW);
        let end_family: Vec<_> = all
            .iter()
            .filter(|(n, _)| n.contains("end") || n == "closed")
            .collect();
        assert_eq!(end_family.len(), 6);
        assert!(end_family
            .iter()
            .all(|(_, o)| *o == Outcome::Trapped(Rule::InfiniteEnrol)));
    }

    #[test]
    fn only_the_nearest_due_end_reminder_goes_out() {
        let end = NOW + 4 * DAY; // twoweeks and oneweek and fivedays are due; threedays is not
        let c = Course::new(196, NOW - 60 * DAY, end);
        let p = learner(NOW - 60 * DAY);
        let h = Handled::new();
        assert_eq!(
            outcome_of("fivedaystoend", &c, &p, &h, NOW),
            Outcome::Accepted
        );
        assert_eq!(
            outcome_of("oneweeknearend", &c, &p, &h, NOW),
            Outcome::Trapped(Rule::Superseded)
        );
        assert_eq!(
            outcome_of("twoweeksnearend", &c, &p, &h, NOW),
            Outcome::Trapped(Rule::Superseded)
        );
        assert_eq!(
            outcome_of("threedaystoend", &c, &p, &h, NOW),
            Outcome::Trapped(Rule::EndTooFarAhead)
        );
        assert_eq!(
            outcome_of("closed", &c, &p, &h, NOW),
            Outcome::Trapped(Rule::EndTooFarAhead)
        );
    }

    #[test]
    fn a_sent_nearer_reminder_keeps_farther_ones_from_ever_going_out() {
        let c = Course::new(196, NOW - 60 * DAY, NOW - DAY); // closed yesterday
        let p = learner(NOW - 60 * DAY);
        let closed_key = Occurrence {
            notification: "closed".into(),
            course_id: 196,
            user_id: 7,
            series: None,
            repeat: 0,
            due: 0,
            recipient: None,
            period: Some(NOW - 60 * DAY),
        }
        .key();
        let h: Handled = [(closed_key, Handling::Sent)].into_iter().collect();
        for code in [
            "twoweeksnearend",
            "oneweeknearend",
            "fivedaystoend",
            "threedaystoend",
            "onedaytoend",
        ] {
            assert_eq!(
                outcome_of(code, &c, &p, &h, NOW + 3 * DAY),
                Outcome::Trapped(Rule::Superseded),
                "{code}"
            );
        }
        assert_eq!(
            outcome_of("closed", &c, &p, &h, NOW + 3 * DAY),
            Outcome::Trapped(Rule::AlreadySent)
        );
    }

    #[test]
    fn inactivity_repeats_every_seven_days_in_a_new_series_after_each_visit() {
        let c = Course::new(196, NOW - 90 * DAY, 0);
        let mut p = learner(NOW - 90 * DAY);
        p.last_access = Some(NOW - 30 * DAY);
        let run = Run {
            now: NOW,
            site_tz: UTC,
            handled: &Handled::new(),
            simulated: None,
            sent_at: None,
        };
        let d = decide(&Catalogue::builtin(), &c, &p, run);
        let inactive = d
            .iter()
            .find(|d| d.occurrence.notification == "inactive")
            .unwrap();
        // First due 14 days after the visit (NOW-16d), then NOW-9d, then NOW-2d: repeat 2.
        assert_eq!(
            (inactive.occurrence.repeat, inactive.occurrence.due),
            (2, NOW - 2 * DAY)
        );
        assert_eq!(inactive.occurrence.series, Some(NOW - 30 * DAY));
        assert_eq!(inactive.outcome, Outcome::Accepted);
        let handled: Handled = [(inactive.occurrence.key(), Handling::Sent)]
            .into_iter()
            .collect();
        assert_eq!(
            outcome_of("inactive", &c, &p, &handled, NOW + DAY),
            Outcome::Trapped(Rule::AlreadySent)
        );
        assert_eq!(
            outcome_of("inactive", &c, &p, &handled, NOW + 5 * DAY),
            Outcome::Accepted,
            "next week"
        );
    }

    #[test]
    fn a_repeat_waits_its_interval_after_the_previous_one_was_sent() {
        // Series dates NOW-16d, NOW-9d, NOW-2d, NOW+5d; the original sent its reminder (marked as
        // repeat 1) at NOW-5d, four days after that repeat's date.
        let c = Course::new(196, NOW - 90 * DAY, 0);
        let mut p = learner(NOW - 90 * DAY);
        p.last_access = Some(NOW - 30 * DAY);
        let key = |repeat| {
            Occurrence {
                notification: "inactive".into(),
                course_id: 196,
                user_id: 7,
                series: Some(NOW - 30 * DAY),
                repeat,
                due: 0,
                recipient: None,
                period: None,
            }
            .key()
        };
        let handled: Handled = [(key(0), Handling::Sent), (key(1), Handling::Sent)]
            .into_iter()
            .collect();
        let sent_at: SentTimes = [(key(0), NOW - 16 * DAY), (key(1), NOW - 5 * DAY)]
            .into_iter()
            .collect();
        let at = |now| {
            let run = Run {
                now,
                site_tz: UTC,
                handled: &handled,
                simulated: None,
                sent_at: Some(&sent_at),
            };
            decide(&Catalogue::builtin(), &c, &p, run)
                .into_iter()
                .find(|d| d.occurrence.notification == "inactive")
                .map(|d| (d.occurrence.repeat, d.outcome))
        };
        // Repeat 2 is dated NOW-2d, only three days after the last send: it waits until NOW+2d.
        assert_eq!(at(NOW), Some((2, Outcome::Trapped(Rule::OutOfTimeRange))));
        assert_eq!(
            at(NOW + 2 * DAY - 60),
            Some((2, Outcome::Trapped(Rule::OutOfTimeRange)))
        );
        assert_eq!(at(NOW + 2 * DAY), Some((2, Outcome::Accepted)));
        // Without the send times (as before), it went out three days after the last one.
        assert_eq!(
            outcome_of("inactive", &c, &p, &handled, NOW),
            Outcome::Accepted
        );
    }

    #[test]
    fn calls_moved_to_the_last_access_trigger_are_decided_without_asking_about_themselves() {
        let mut catalogue = Catalogue::builtin();
        for n in &mut catalogue.notifications {
            if n.family == Some(Family::Calls) {
                n.trigger = Trigger::LastAccess;
            }
        }
        let c = Course::new(196, NOW - 90 * DAY, 0);
        let p = learner(NOW - 15 * DAY); // never came in: the calls' own conditions hold
        let h = Handled::new();
        let run = Run {
            now: NOW,
            site_tz: UTC,
            handled: &h,
            simulated: None,
            sent_at: None,
        };
        // It used to recurse until the stack overflowed (which kills a PHP worker).
        let d = decide(&catalogue, &c, &p, run);
        for code in ["firstcall", "secondcall", "inactive"] {
            assert!(
                d.iter().any(|d| d.occurrence.notification == code),
                "{code} decided"
            );
        }
    }

    #[test]
    fn a_learner_called_today_is_not_also_told_they_are_inactive() {
        let c = Course::new(196, NOW - 90 * DAY, 0);
        let p = learner(NOW - 15 * DAY); // second call due yesterday; inactivity due yesterday too
        let h = Handled::new();
        assert_eq!(outcome_of("secondcall", &c, &p, &h, NOW), Outcome::Accepted);
        assert_eq!(
            outcome_of("inactive", &c, &p, &h, NOW),
            Outcome::Trapped(Rule::RecentlyCalled)
        );
        let silent_for_a_month = learner(NOW - 30 * DAY);
        assert_eq!(
            outcome_of("inactive", &c, &silent_for_a_month, &h, NOW),
            Outcome::Accepted
        );
    }

    #[test]
    fn a_notification_sent_to_a_role_gives_each_holder_a_copy_with_its_own_rules() {
        use crate::catalogue::Recipient;
        let mut catalogue = Catalogue::builtin();
        for n in &mut catalogue.notifications {
            n.enabled = n.code == "inactive";
            n.recipients = vec![Recipient::Learner, Recipient::Role(3)];
        }
        let marc = User::new(20, "marc@example.org");
        let mut quiet = User::new(21, "quiet@example.org");
        quiet.emailstop = true;
        let mut c = Course::new(196, NOW - 90 * DAY, 0);
        c.staff = vec![
            (3, marc.clone()),
            (3, marc),
            (3, quiet),
            (5, User::new(22, "student@example.org")),
        ];
        let mut p = learner(NOW - 90 * DAY);
        p.last_access = Some(NOW - 20 * DAY);
        let run = |h: &Handled, p: &Participation| {
            decide(
                &catalogue,
                &c,
                p,
                Run {
                    now: NOW,
                    site_tz: UTC,
                    handled: h,
                    simulated: None,
                    sent_at: None,
                },
            )
            .into_iter()
            .map(|d| (d.email.to_string(), d.occurrence.recipient, d.outcome))
            .collect::<Vec<_>>()
        };
        let all = run(&Handled::new(), &p);
        assert_eq!(
            all,
            [
                ("serge@example.org".to_string(), None, Outcome::Accepted),
                ("marc@example.org".to_string(), Some(20), Outcome::Accepted),
                (
                    "quiet@example.org".to_string(),
                    Some(21),
                    Outcome::Trapped(Rule::NoEmail)
                ),
            ]
        );
        let sent_to_marc = decide(
            &catalogue,
            &c,
            &p,
            Run {
                now: NOW,
                site_tz: UTC,
                handled: &Handled::new(),
                simulated: None,
                sent_at: None,
            },
        )[1]
        .occurrence
        .key();
        assert!(sent_to_marc.as_str().ends_with("/to20"));
        let h: Handled = [(sent_to_marc, Handling::Sent)].into_iter().collect();
        assert_eq!(
            run(&h, &p)[0].2,
            Outcome::Accepted,
            "the learner's own occurrence is separate"
        );
        assert_eq!(run(&h, &p)[1].2, Outcome::Trapped(Rule::AlreadySent));
        std::sync::Arc::make_mut(&mut p.user).suspended = true;
        assert!(
            run(&Handled::new(), &p)
                .iter()
                .all(|d| d.2 == Outcome::Trapped(Rule::Suspended)),
            "nothing about a suspended learner"
        );
    }

    #[test]
    fn a_call_kept_back_by_rule_a_does_not_silence_the_inactivity_reminder() {
        let c = Course::new(196, NOW - 90 * DAY, 0);
        let mut p = learner(NOW - 15 * DAY); // second call due yesterday by its dates...
        p.last_access = Some(NOW - 15 * DAY + 3600); // ...but they came in once, then went silent
        let h = Handled::new();
        assert_eq!(
            outcome_of("secondcall", &c, &p, &h, NOW),
            Outcome::Trapped(Rule::AlreadyAccessed)
        );
        assert_eq!(outcome_of("inactive", &c, &p, &h, NOW), Outcome::Accepted);
    }

    #[test]
    fn a_suspended_learner_gets_nothing_and_says_why() {
        let c = Course::new(196, NOW - 30 * DAY, NOW + 3 * DAY);
        let mut p = learner(NOW - DAY);
        std::sync::Arc::make_mut(&mut p.user).suspended = true;
        let all = outcomes(&c, &p, &Handled::new(), NOW);
        assert!(!all.is_empty());
        assert!(
            all.iter()
                .all(|(_, o)| *o == Outcome::Trapped(Rule::Suspended)),
            "{all:?}"
        );
    }

    /// Rule W judges the address as `email_to_user()` does: `validate_email()` (PHP 8.2's answer for
    /// each, see `address`), then, after the bounce threshold, the reserved `.invalid` domain.
    #[test]
    fn addresses_are_judged_as_email_to_user_judges_them() {
        let c = Course::new(196, NOW - 90 * DAY, 0);
        let cases: &[(&str, Outcome)] = &[
            ("serge@example.org", Outcome::Accepted),
            ("first.last+tag@sub.example.co.uk", Outcome::Accepted),
            ("a@b.c", Outcome::Accepted),
            ("a@[127.0.0.1]", Outcome::Accepted),
            ("a@localhost", Outcome::Trapped(Rule::NoEmail)),
            ("a@127.0.0.1", Outcome::Trapped(Rule::NoEmail)),
            ("a@b.1", Outcome::Trapped(Rule::NoEmail)),
            ("a@b_c.com", Outcome::Trapped(Rule::NoEmail)),
            ("ü@example.org", Outcome::Trapped(Rule::NoEmail)),
            ("serge@example.invalid", Outcome::Trapped(Rule::NoEmail)),
            ("serge@example.INVALID", Outcome::Accepted),
            ("a,b@c.org", Outcome::Trapped(Rule::NoEmail)),
            ("a<b@c.org", Outcome::Trapped(Rule::NoEmail)),
            ("a..b@c.org", Outcome::Trapped(Rule::NoEmail)),
            ("", Outcome::Trapped(Rule::NoEmail)),
            ("a@b.org\r\nBcc: x@y.org", Outcome::Trapped(Rule::NoEmail)),
        ];
        for (email, expected) in cases {
            let mut p = learner(NOW - DAY);
            std::sync::Arc::make_mut(&mut p.user).email = email.to_string();
            assert_eq!(
                outcome_of("firstassign", &c, &p, &Handled::new(), NOW),
                *expected,
                "{email:?}"
            );
        }
        // Moodle checks the bounce threshold before the `.invalid` domain.
        let mut p = learner(NOW - DAY);
        std::sync::Arc::make_mut(&mut p.user).email = "serge@example.invalid".into();
        std::sync::Arc::make_mut(&mut p.user).over_bounce_threshold = true;
        assert_eq!(
            outcome_of("firstassign", &c, &p, &Handled::new(), NOW),
            Outcome::Trapped(Rule::OverBounceThreshold)
        );
    }

    #[test]
    fn a_notification_created_now_never_mails_the_past() {
        let mut catalogue = Catalogue::builtin();
        for n in &mut catalogue.notifications {
            n.catch_up = CatchUp::Since(NOW - 3600);
        }
        let c = Course::new(196, NOW - 30 * DAY, 0);
        let run = Run {
            now: NOW,
            site_tz: UTC,
            handled: &Handled::new(),
            simulated: None,
            sent_at: None,
        };
        let (a, b) = (learner(NOW - DAY), learner(NOW - 1800));
        let yesterday = decide(&catalogue, &c, &a, run);
        assert_eq!(yesterday[0].outcome, Outcome::Trapped(Rule::OutOfTimeRange));
        let half_an_hour_ago = decide(&catalogue, &c, &b, run);
        assert_eq!(half_an_hour_ago[0].outcome, Outcome::Accepted);
    }

    #[test]
    fn extreme_dates_do_not_overflow() {
        for t in [i64::MIN, -1, 0, i64::MAX] {
            let mut p = learner(t);
            p.enrol_end = Some(t);
            p.last_access = Some(t);
            p.completed_at = Some(t);
            for now in [0, NOW, i64::MAX] {
                let _ = outcomes(&Course::new(1, t, t), &p, &Handled::new(), now);
            }
        }
    }
}
