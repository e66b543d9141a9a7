//! What the coming days will send: the seed's "comptage prévisionnel", with what the cap holds back.
//!
//! The engine is run once a day for the next days, from `now`, as if every accepted occurrence had
//! been sent by the previous simulated run (so a reminder is counted once, on the day it goes out,
//! and the reminders it supersedes are not). Counts are per day, course and notification. The
//! per-run cap and the number of runs a day give a daily capacity; what exceeds it is carried to
//! the next day, as the outbox does.

use std::collections::BTreeMap;

use chrono_tz::Tz;

use crate::budget::{Budget, MailLog};
use crate::catalogue::Catalogue;
use crate::decide::{decide, Handled, Handling, Outcome, Run, SentTimes};
use crate::model::{Course, Participation};
use crate::{time, DAY};

/// Messages due by day (0 = the run at `now`), course and notification.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// (day, course id, notification code) → messages.
    pub due: BTreeMap<(i64, i64, String), u64>,
    /// day → messages the learners' daily budget holds back that day (they go on a later one).
    pub held: BTreeMap<i64, u64>,
}

impl Tally {
    /// Adds what one learner will receive in one course over the next `days` days (no budget).
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        catalogue: &Catalogue,
        course: &Course,
        p: &Participation,
        handled: &Handled,
        sent_at: Option<&SentTimes>,
        site_tz: Tz,
        now: i64,
        days: i64,
    ) {
        let learner = Learner {
            courses: &[(course, catalogue, p)],
            handled,
            sent_at,
            mailed: &MailLog::default(),
        };
        self.add_learner(&learner, &Budget::default(), site_tz, now, days);
    }

    /// Adds what one learner will receive in all their courses over the next `days` days, with
    /// the daily budget holding back what it would (counted in [`Tally::held`] on the day it
    /// waits, and in `due` on the day it goes).
    pub fn add_learner(
        &mut self,
        learner: &Learner,
        budget: &Budget,
        site_tz: Tz,
        now: i64,
        days: i64,
    ) {
        let mut simulated = Handled::new();
        let mut log = learner.mailed.clone();
        for day in 0..days.max(0) {
            let at = now.saturating_add(day.saturating_mul(DAY));
            let run = Run {
                now: at,
                site_tz,
                handled: learner.handled,
                simulated: Some(&simulated),
                sent_at: learner.sent_at,
            };
            let mut accepted = Vec::new();
            for (course, catalogue, p) in learner.courses {
                for d in decide(catalogue, course, p, run) {
                    if d.outcome == Outcome::Accepted {
                        accepted.push((*course, *catalogue, *p, d));
                    }
                }
            }
            let weighed: Vec<_> = accepted
                .iter()
                .map(|(course, catalogue, p, d)| (*course, *catalogue, *p, d))
                .collect();
            let held: Vec<bool> = budget
                .weigh(&log, at, site_tz, &weighed)
                .iter()
                .map(Option::is_some)
                .collect();
            let mut mailed = 0u32;
            for ((course, _, _, d), held) in accepted.into_iter().zip(held) {
                if held {
                    *self.held.entry(day).or_default() += 1;
                    continue;
                }
                if d.occurrence.recipient.is_none() {
                    mailed += 1;
                }
                *self
                    .due
                    .entry((day, course.id, d.occurrence.notification.to_string()))
                    .or_default() += 1;
                simulated.insert(d.occurrence.key(), Handling::Sent);
            }
            let mails = if budget.digest { mailed.min(1) } else { mailed };
            log.waiting = 0;
            log.sent.extend(std::iter::repeat_n(at, mails as usize));
        }
    }
}

/// One learner as the forecast sees them: their courses and what the outbox knows of them.
pub struct Learner<'a> {
    /// Each course with its notifications and the learner's participation in it.
    pub courses: &'a [(&'a Course, &'a Catalogue, &'a Participation)],
    /// Their occurrences already in the outbox.
    pub handled: &'a Handled,
    /// When their sent repeats went out.
    pub sent_at: Option<&'a SentTimes>,
    /// Their recent e-mails.
    pub mailed: &'a MailLog,
}

/// One day of the forecast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    /// The site-local date of that day's run.
    pub date: String,
    /// Messages that become due that day.
    pub due: u64,
    /// Messages the day's runs can send (cap × runs).
    pub capacity: u64,
    /// Messages still waiting at the end of the day, for lack of capacity.
    pub pushed_back: u64,
    /// Messages due that the learners' daily budget holds back that day (counted again on the
    /// day they go).
    pub held: u64,
    /// Due that day, by course and notification.
    pub by: Vec<(i64, String, u64)>,
}

/// Turns a tally into days, carrying over what the capacity cannot send.
pub fn days(
    tally: &Tally,
    now: i64,
    days: i64,
    site_tz: Tz,
    cap: u64,
    runs_per_day: u64,
) -> Vec<Day> {
    let capacity = cap.saturating_mul(runs_per_day);
    let mut backlog = 0u64;
    (0..days.max(0))
        .map(|day| {
            let by: Vec<(i64, String, u64)> = tally
                .due
                .range((day, i64::MIN, String::new())..(day + 1, i64::MIN, String::new()))
                .map(|((_, course, code), n)| (*course, code.clone(), *n))
                .collect();
            let due: u64 = by.iter().map(|(_, _, n)| n).sum();
            backlog = (backlog + due).saturating_sub(capacity);
            Day {
                date: time::local_date(now.saturating_add(day * DAY), site_tz),
                due,
                capacity,
                pushed_back: backlog,
                held: tally.held.get(&day).copied().unwrap_or(0),
                by,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::User;

    const NOW: i64 = 1_795_305_600;

    /// Four courses whose access ends in a week: with a budget of three a day, the fourth
    /// reminder is held on day 0 (the nearest deadlines first) and goes on day 1.
    #[test]
    fn the_budget_holds_the_fourth_reminder_for_a_day_and_the_forecast_says_so() {
        let courses: Vec<Course> = (1..=4)
            .map(|id| Course::new(id, NOW - 90 * DAY, 0))
            .collect();
        let ps: Vec<Participation> = courses
            .iter()
            .map(|c| {
                let mut p = Participation::new(c.id, User::new(2, "a@example.org"), NOW - 60 * DAY);
                p.last_access = Some(NOW);
                // Course 1 ends last: its reminder is the one that waits.
                p.enrol_end = Some(NOW + 7 * DAY + if c.id == 1 { 3600 } else { 0 });
                p
            })
            .collect();
        let catalogue = Catalogue::builtin();
        let set: Vec<(&Course, &Catalogue, &Participation)> = courses
            .iter()
            .zip(&ps)
            .map(|(c, p)| (c, &catalogue, p))
            .collect();
        let learner = Learner {
            courses: &set,
            handled: &Handled::new(),
            sent_at: None,
            mailed: &MailLog::default(),
        };
        let budget = Budget {
            per_day: 3,
            min_gap: 0,
            digest: false,
        };
        let mut tally = Tally::default();
        tally.add_learner(&learner, &budget, chrono_tz::UTC, NOW, 3);
        assert_eq!(tally.held.get(&0), Some(&1));
        let day0: Vec<i64> = tally.due.keys().filter(|k| k.0 == 0).map(|k| k.1).collect();
        assert_eq!(day0, [2, 3, 4]);
        assert_eq!(tally.due.get(&(1, 1, "oneweeknearend".into())), Some(&1));
        let d = days(&tally, NOW, 3, chrono_tz::UTC, 100, 1);
        assert_eq!((d[0].due, d[0].held, d[1].due, d[1].held), (3, 1, 1, 0));
    }

    #[test]
    fn each_reminder_is_counted_once_on_the_day_it_goes_out() {
        let course = Course::new(1, NOW - 90 * DAY, 0);
        let mut p = Participation::new(1, User::new(2, "a@example.org"), NOW - 60 * DAY);
        p.last_access = Some(NOW);
        p.enrol_end = Some(NOW + 6 * DAY);
        let mut tally = Tally::default();
        tally.add(
            &Catalogue::builtin(),
            &course,
            &p,
            &Handled::new(),
            None,
            chrono_tz::UTC,
            NOW,
            10,
        );
        let sent: Vec<(i64, &str)> = tally.due.keys().map(|(d, _, c)| (*d, c.as_str())).collect();
        assert_eq!(
            sent,
            [
                (0, "oneweeknearend"),
                (1, "fivedaystoend"),
                (3, "threedaystoend"),
                (5, "onedaytoend"),
                (6, "closed")
            ]
        );
    }

    #[test]
    fn what_the_capacity_cannot_send_is_pushed_to_the_next_days() {
        let mut tally = Tally::default();
        tally.due.insert((0, 1, "firstassign".into()), 500);
        tally.due.insert((1, 1, "firstassign".into()), 50);
        let d = days(&tally, NOW, 4, chrono_tz::UTC, 200, 1);
        let pushed: Vec<u64> = d.iter().map(|d| d.pushed_back).collect();
        assert_eq!(pushed, [300, 150, 0, 0]);
        assert_eq!(d[0].date, "2026-11-22");
        assert_eq!(d[1].by, vec![(1, "firstassign".to_string(), 50)]);
    }
}
