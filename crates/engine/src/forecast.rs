//! What the coming days will send: the seed's "comptage prévisionnel", with what the cap holds back.
//!
//! The engine is run once a day for the next days, from `now`, as if every accepted occurrence had
//! been sent by the previous simulated run (so a reminder is counted once, on the day it goes out,
//! and the reminders it supersedes are not). Counts are per day, course and notification. The
//! per-run cap and the number of runs a day give a daily capacity; what exceeds it is carried to
//! the next day, as the outbox does.

use std::collections::BTreeMap;

use chrono_tz::Tz;

use crate::catalogue::Catalogue;
use crate::decide::{decide, Handled, Handling, Outcome, Run, SentTimes};
use crate::model::{Course, Participation};
use crate::{time, DAY};

/// Messages due by day (0 = the run at `now`), course and notification.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// (day, course id, notification code) → messages.
    pub due: BTreeMap<(i64, i64, String), u64>,
}

impl Tally {
    /// Adds what one learner will receive over the next `days` days.
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
        let mut simulated = Handled::new();
        for day in 0..days.max(0) {
            let at = now.saturating_add(day.saturating_mul(DAY));
            let run = Run {
                now: at,
                site_tz,
                handled,
                simulated: Some(&simulated),
                sent_at,
            };
            let accepted: Vec<_> = decide(catalogue, course, p, run)
                .into_iter()
                .filter(|d| d.outcome == Outcome::Accepted)
                .collect();
            for d in accepted {
                *self
                    .due
                    .entry((day, course.id, d.occurrence.notification.to_string()))
                    .or_default() += 1;
                simulated.insert(d.occurrence.key(), Handling::Sent);
            }
        }
    }
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
