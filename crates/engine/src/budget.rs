//! The fatigue budget: at most so many notification mails to one learner per day, and a minimum
//! gap between two of them, across all their courses.
//!
//! It weighs the decisions the rules accepted for one learner in one run, together: essential
//! notifications always go (and use the budget up); the others go in order of the nearest
//! deadline (the access end soonest first), then priority, while the day's budget and the gap
//! allow, and the rest wait with rule Y (budget spent) or G (too soon). Waiting is never
//! dropping: nothing is written for a held decision, so the next run decides it again, and it
//! goes on a later day in the same order. With digests, one run's messages to a learner are one
//! mail, and the budget counts mails.

use chrono_tz::Tz;

use crate::catalogue::Catalogue;
use crate::decide::{Decision, Outcome};
use crate::model::{Course, Participation};
use crate::rules::Rule;
use crate::time;

/// The site's budget settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Budget {
    /// Mails per learner per (learner's local) day; 0: no limit.
    pub per_day: u32,
    /// Seconds between two mails to the same learner; 0: none.
    pub min_gap: i64,
    /// One run's messages to a learner go as one mail (a digest).
    pub digest: bool,
}

/// The learner's recent notification mails, from the outbox.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailLog {
    /// When e-mails to the learner went out (the last two days are enough).
    pub sent: Vec<i64>,
    /// E-mails to the learner queued but not sent yet: they go out next, and count as today's.
    pub waiting: u32,
}

/// One accepted decision, as the budget sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// Never held back (but counted).
    pub essential: bool,
    /// The deadline it is about (the learner's access end), if any: the nearest goes first.
    pub deadline: Option<i64>,
    /// The notification's priority (lower first).
    pub priority: u8,
    /// When it became due (earlier first, among equals).
    pub due: i64,
}

impl Budget {
    /// Whether the budget can hold anything back.
    pub fn limits(&self) -> bool {
        self.per_day > 0 || self.min_gap > 0
    }

    /// For each of `decisions` (one learner's, across their courses: the course, its notifications,
    /// the learner's participation, the decision), `None` when it goes now, or the rule it waits
    /// by. Only the learner's own accepted copies are weighed; the learner's day is in their
    /// timezone (`site_tz` for `99`).
    pub fn weigh(
        &self,
        log: &MailLog,
        now: i64,
        site_tz: Tz,
        decisions: &[(&Course, &Catalogue, &Participation, &Decision)],
    ) -> Vec<Option<Rule>> {
        let mut verdicts = vec![None; decisions.len()];
        if !self.limits() {
            return verdicts;
        }
        let mut at = Vec::new();
        let mut candidates = Vec::new();
        for (k, (course, catalogue, p, d)) in decisions.iter().enumerate() {
            if d.outcome != Outcome::Accepted || d.occurrence.recipient.is_some() {
                continue;
            }
            let Some(n) = catalogue.get(&d.occurrence.notification) else {
                continue;
            };
            at.push(k);
            candidates.push(Candidate {
                essential: n.essential,
                deadline: p.access_end(course),
                priority: n.priority,
                due: d.occurrence.due,
            });
        }
        let Some((_, _, p, _)) = decisions.first() else {
            return verdicts;
        };
        let tz = p.user.tz(site_tz);
        for (k, verdict) in at.into_iter().zip(self.allot(log, now, tz, &candidates)) {
            verdicts[k] = verdict;
        }
        verdicts
    }

    /// For each of `candidates`, `None` when it goes now, or the rule it waits by. `tz` is the
    /// learner's timezone (their day), `now` the run's instant.
    pub fn allot(
        &self,
        log: &MailLog,
        now: i64,
        tz: Tz,
        candidates: &[Candidate],
    ) -> Vec<Option<Rule>> {
        let mut verdicts = vec![None; candidates.len()];
        if !self.limits() {
            return verdicts;
        }
        let today = log
            .sent
            .iter()
            .filter(|&&t| t <= now && time::days_between(t, now, tz) == 0)
            .count() as u64
            + u64::from(log.waiting);
        // A mail still waiting in the outbox goes out next: as far as the gap is concerned, now.
        let last = if log.waiting > 0 {
            Some(now)
        } else {
            log.sent.iter().copied().filter(|&t| t <= now).max()
        };
        let essentials = candidates.iter().filter(|c| c.essential).count() as u64;
        let mut order: Vec<usize> = (0..candidates.len())
            .filter(|&i| !candidates[i].essential)
            .collect();
        order.sort_by_key(|&i| {
            let c = &candidates[i];
            (c.deadline.unwrap_or(i64::MAX), c.priority, c.due, i)
        });
        let gap_passed = self.min_gap == 0 || last.is_none_or(|t| now - t >= self.min_gap);
        if self.digest {
            // One mail for the whole run: with an essential message in it, the others ride along
            // at no cost; without, it is one more mail, if the day and the gap allow it.
            let goes = essentials > 0
                || (gap_passed && (self.per_day == 0 || today < u64::from(self.per_day)));
            if !goes {
                let rule = if gap_passed {
                    Rule::OverDailyBudget
                } else {
                    Rule::TooSoon
                };
                for i in order {
                    verdicts[i] = Some(rule);
                }
            }
            return verdicts;
        }
        let mut used = today + essentials;
        // An essential mail this run is the last mail, as far as the gap is concerned.
        let mut gap_open = gap_passed && (self.min_gap == 0 || essentials == 0);
        for i in order {
            if !gap_open {
                verdicts[i] = Some(Rule::TooSoon);
            } else if self.per_day > 0 && used >= u64::from(self.per_day) {
                verdicts[i] = Some(Rule::OverDailyBudget);
            } else {
                used += 1;
                gap_open = self.min_gap == 0;
            }
        }
        verdicts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DAY;
    use chrono_tz::{Europe::Paris, UTC};

    const NOW: i64 = 1_795_305_600 + 12 * 3600; // 2026-11-22 12:00 UTC

    fn c(deadline: Option<i64>, priority: u8) -> Candidate {
        Candidate {
            essential: false,
            deadline,
            priority,
            due: NOW - DAY,
        }
    }

    fn budget(per_day: u32, min_gap: i64, digest: bool) -> Budget {
        Budget {
            per_day,
            min_gap,
            digest,
        }
    }

    #[test]
    fn no_limit_lets_everything_go() {
        let all = vec![c(None, 5); 10];
        assert_eq!(
            budget(0, 0, false).allot(&MailLog::default(), NOW, UTC, &all),
            vec![None; 10]
        );
    }

    #[test]
    fn over_the_day_the_nearest_deadline_goes_first_and_the_rest_waits() {
        let cands = [
            c(None, 8),                 // inactivity: no deadline
            c(Some(NOW + 14 * DAY), 4), // two weeks left in course A
            c(Some(NOW + DAY), 1),      // one day left in course B
            c(Some(NOW + 5 * DAY), 3),  // five days left in course C
        ];
        let log = MailLog {
            sent: vec![NOW - 3600],
            waiting: 0,
        };
        let got = budget(3, 0, false).allot(&log, NOW, UTC, &cands);
        let y = Some(Rule::OverDailyBudget);
        assert_eq!(got, vec![y, y, None, None]);
        // Yesterday's mails do not count: a new day, a new budget.
        let yesterday = MailLog {
            sent: vec![NOW - DAY, NOW - DAY + 60, NOW - DAY + 120],
            waiting: 0,
        };
        assert_eq!(
            budget(3, 0, false).allot(&yesterday, NOW, UTC, &cands),
            vec![y, None, None, None]
        );
    }

    #[test]
    fn the_day_is_the_learners_own() {
        // 23:30 UTC on the 21st is 00:30 on the 22nd in Paris: another day there, the same in UTC.
        let log = MailLog {
            sent: vec![NOW - 12 * 3600 - 1800, NOW - 12 * 3600 - 1700],
            waiting: 0,
        };
        let one = [c(None, 5)];
        assert_eq!(budget(2, 0, false).allot(&log, NOW, UTC, &one), vec![None]);
        assert_eq!(
            budget(2, 0, false).allot(&log, NOW, Paris, &one),
            vec![Some(Rule::OverDailyBudget)]
        );
    }

    #[test]
    fn essential_notifications_go_whatever_the_budget_and_use_it_up() {
        let mut essential = c(Some(NOW), 1);
        essential.essential = true;
        let log = MailLog {
            sent: vec![NOW - 60, NOW - 120, NOW - 180],
            waiting: 0,
        };
        let got = budget(3, 3600, false).allot(&log, NOW, UTC, &[essential, c(None, 5)]);
        assert_eq!(got, vec![None, Some(Rule::TooSoon)]);
        let fresh =
            budget(1, 0, false).allot(&MailLog::default(), NOW, UTC, &[c(None, 5), essential]);
        assert_eq!(fresh, vec![Some(Rule::OverDailyBudget), None]);
    }

    #[test]
    fn the_gap_lets_one_mail_through_per_gap_and_counts_queued_mail_as_now() {
        let cands = [c(None, 5), c(None, 4)];
        let got = budget(0, 3600, false).allot(&MailLog::default(), NOW, UTC, &cands);
        assert_eq!(got, vec![Some(Rule::TooSoon), None]);
        let recent = MailLog {
            sent: vec![NOW - 1800],
            waiting: 0,
        };
        assert_eq!(
            budget(0, 3600, false).allot(&recent, NOW, UTC, &cands),
            vec![Some(Rule::TooSoon); 2]
        );
        let queued = MailLog {
            sent: vec![],
            waiting: 1,
        };
        assert_eq!(
            budget(0, 3600, false).allot(&queued, NOW, UTC, &cands),
            vec![Some(Rule::TooSoon); 2]
        );
    }

    #[test]
    fn a_digest_is_one_mail_and_rides_along_with_an_essential_one() {
        let cands = [c(None, 5), c(Some(NOW + DAY), 1), c(None, 8)];
        let log = MailLog {
            sent: vec![NOW - 60, NOW - 120],
            waiting: 0,
        };
        assert_eq!(
            budget(3, 0, true).allot(&log, NOW, UTC, &cands),
            vec![None; 3]
        );
        let spent = MailLog {
            sent: vec![NOW - 60, NOW - 120, NOW - 180],
            waiting: 0,
        };
        assert_eq!(
            budget(3, 0, true).allot(&spent, NOW, UTC, &cands),
            vec![Some(Rule::OverDailyBudget); 3]
        );
        let mut essential = c(None, 1);
        essential.essential = true;
        assert_eq!(
            budget(3, 0, true).allot(&spent, NOW, UTC, &[cands[0], essential]),
            vec![None, None]
        );
    }
}
