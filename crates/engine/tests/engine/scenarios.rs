//! Every built-in notification against every rule that can trap it, with the exact trace line.
//!
//! Each row starts from a situation in which the notification is accepted
//! ([`Situation::accepting`]) and changes one fact; the decision for that notification must then be
//! trapped by the row's rule, and the trace line must read as operators expect.

use course_notification_engine::catalogue::Repeat;
use course_notification_engine::decide::{Handling, Outcome};
use course_notification_engine::model::EnrolmentState;
use course_notification_engine::rules::Rule;
use course_notification_engine::{trace, DAY};

use crate::support::{all_codes, Situation, END, NOW};

const START: [&str; 3] = ["firstassign", "firstcall", "secondcall"];

/// Changes `s` so that `rule` traps `code`; `None` where the rule cannot apply to it.
fn perturb(code: &str, rule: Rule, s: &mut Situation) -> Option<()> {
    let start = START.contains(&code);
    let end = END.contains(&code);
    let completion = code == "completed" || code == "coldfeedback";
    match rule {
        Rule::Deleted => std::sync::Arc::make_mut(&mut s.p.user).deleted = true,
        Rule::Suspended => std::sync::Arc::make_mut(&mut s.p.user).suspended = true,
        Rule::EnrolmentSuspended => s.p.state = EnrolmentState::Suspended,
        Rule::MethodDisabled => s.p.state = EnrolmentState::MethodDisabled,
        Rule::Hidden => s.course.visible = false,
        Rule::Excluded => s.p.excluded = true,
        Rule::NotRecipient => s.p.notified = false,
        Rule::NoEmail => std::sync::Arc::make_mut(&mut s.p.user).emailstop = true,
        Rule::NoLogin => std::sync::Arc::make_mut(&mut s.p.user).nologin = true,
        Rule::OverBounceThreshold => {
            std::sync::Arc::make_mut(&mut s.p.user).over_bounce_threshold = true
        }
        Rule::Completed if !completion => s.p.completed_at = Some(NOW - 2 * DAY),
        Rule::AlreadyAccessed if start => s.p.last_access = Some(NOW - 3600),
        Rule::InfiniteEnrol if end => s.p.enrol_end = None,
        Rule::EnrolmentOver if start || code == "inactive" => s.p.enrol_end = Some(NOW - 3600),
        Rule::RecentlyCalled if code == "inactive" => {
            s.p.last_access = None;
            s.p.enrol_start = NOW - 15 * DAY;
        }
        Rule::AlreadySent | Rule::AlreadyQueued | Rule::DeliveryFailed => {
            let state = match rule {
                Rule::AlreadySent => Handling::Sent,
                Rule::AlreadyQueued => Handling::Queued,
                _ => Handling::Failed,
            };
            let key = s.decision(code).occurrence.key();
            s.handled.insert(key, state);
        }
        Rule::Superseded if code == "firstcall" => s.p.enrol_start = NOW - 15 * DAY,
        Rule::Superseded if end && code != "closed" => {
            let end_at = s.p.enrol_end.unwrap_or(NOW);
            s.p.enrol_end = Some(end_at.min(NOW + DAY / 2));
            if code == "onedaytoend" {
                s.p.enrol_end = Some(NOW - DAY);
            }
        }
        Rule::RepeatLimit if code == "inactive" => {
            s.p.last_access = Some(NOW - 30 * DAY); // third week of silence: repeat 2
            for n in &mut s.catalogue.notifications {
                if n.code == "inactive" {
                    n.repeat = Some(Repeat {
                        every_days: 7,
                        max: Some(1),
                    });
                }
            }
        }
        Rule::EndTooFarAhead if end => s.p.enrol_end = s.p.enrol_end.map(|e| e + 30 * DAY),
        Rule::OutOfTimeRange if start => s.p.enrol_start = NOW + DAY,
        Rule::OutOfTimeRange if code == "inactive" => s.p.last_access = Some(NOW - DAY),
        Rule::OutOfTimeRange if code == "closed" => s.p.enrol_end = Some(NOW - 20 * DAY),
        Rule::OutOfTimeRange if completion => s.p.completed_at = Some(NOW - 60 * DAY),
        _ => return None,
    }
    Some(())
}

#[test]
fn every_notification_against_every_rule_gives_the_expected_trace_line() {
    let mut rows = 0;
    let mut failures = Vec::new();
    for code in all_codes() {
        for rule in Rule::ALL {
            let mut s = Situation::accepting(&code);
            if perturb(&code, rule, &mut s).is_none() {
                continue;
            }
            rows += 1;
            let d = s.decision(&code);
            let expected = format!(
                "196 {code} -lise@example.org trapped rule {} : {}",
                rule.code(),
                rule.reason()
            );
            if d.outcome != Outcome::Trapped(rule) || trace::line(&d) != expected {
                failures.push(format!(
                    "{code} x {rule:?}: got {:?}, line {:?}",
                    d.outcome,
                    trace::line(&d)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {rows} rows failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(rows >= 150, "the table covers {rows} rows");
}

#[test]
fn every_notification_is_accepted_in_its_base_situation_with_the_seed_line() {
    for code in all_codes() {
        let s = Situation::accepting(&code);
        let d = s.decision(&code);
        assert_eq!(
            trace::line(&d),
            format!("196 {code} -lise@example.org Accepted for notification")
        );
    }
}
