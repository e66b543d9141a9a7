//! One test per defect of the original plugin (shared/reference/original-plugin.md, section 10),
//! each named after the defect it proves fixed.

use course_notification_engine::decide::{Handling, Outcome};
use course_notification_engine::model::Course;
use course_notification_engine::rules::Rule;
use course_notification_engine::{texts, DAY};

use crate::support::{site, Situation, NOW};

#[test]
fn defect_rule_a2_never_fired_calls_now_skip_learners_who_came_in() {
    let mut s = Situation::accepting("firstcall");
    s.p.last_access = Some(NOW - 3 * DAY);
    assert_eq!(
        s.outcome("firstcall"),
        Outcome::Trapped(Rule::AlreadyAccessed)
    );
}

#[test]
fn defect_rule_c_never_fired_no_first_call_after_a_second_call() {
    let mut s = Situation::accepting("secondcall");
    assert_eq!(s.outcome("firstcall"), Outcome::Trapped(Rule::Superseded));
    let key = s.decision("secondcall").occurrence.key();
    s.handled.insert(key, Handling::Sent);
    s.now += DAY;
    assert_eq!(s.outcome("firstcall"), Outcome::Trapped(Rule::Superseded));
}

#[test]
fn defect_misspelt_second_call_delay_a_tuned_delay_is_used() {
    let mut s = Situation::accepting("firstassign");
    for n in &mut s.catalogue.notifications {
        if n.code == "secondcall" {
            n.offset_days = 10;
        }
    }
    s.p.enrol_start = NOW - 11 * DAY;
    let d = s.decision("secondcall");
    assert_eq!(d.outcome, Outcome::Accepted);
    assert_eq!(
        d.occurrence.due,
        NOW - DAY,
        "due 10 days after the access start, not 14"
    );
}

#[test]
fn defect_rule_d_compared_with_course_start_enrolment_over_is_judged_at_now() {
    // The original only caught enrolments that ended before the course started.
    let mut s = Situation::accepting("firstcall");
    s.p.enrol_end = Some(NOW - DAY);
    assert_eq!(
        s.outcome("firstcall"),
        Outcome::Trapped(Rule::EnrolmentOver)
    );
}

#[test]
fn defect_course_end_ignored_for_open_ended_enrolments() {
    let mut s = Situation::accepting("firstassign");
    s.p.enrol_end = None;
    s.course.enddate = NOW + 2 * DAY + DAY / 2;
    assert_eq!(s.outcome("threedaystoend"), Outcome::Accepted);
    s.course.enddate = 0;
    assert_eq!(
        s.outcome("threedaystoend"),
        Outcome::Trapped(Rule::InfiniteEnrol)
    );
}

#[test]
fn defect_stale_reverse_end_reminders_never_go_out() {
    // A late enrolee 5 days before the end: the original sent "one week left", then the next day
    // "two weeks left". Run every day until well after the end and record what goes out.
    let mut s = Situation::accepting("firstassign");
    s.p.last_access = Some(NOW);
    s.p.enrol_end = Some(NOW + 5 * DAY);
    let mut sent = Vec::new();
    for day in 0..25 {
        s.now = NOW + day * DAY;
        let accepted: Vec<_> = s
            .decisions()
            .into_iter()
            .filter(|d| d.outcome == Outcome::Accepted)
            .map(|d| d.occurrence)
            .collect();
        for o in accepted {
            sent.push(o.notification.clone());
            s.handled.insert(o.key(), Handling::Sent);
        }
    }
    let end_family: Vec<&str> = sent
        .iter()
        .map(|c| c.as_str())
        .filter(|n| *n != "inactive")
        .collect();
    assert_eq!(
        end_family,
        ["fivedaystoend", "threedaystoend", "onedaytoend", "closed"]
    );
}

#[test]
fn defect_literal_data_0_inactivity_mail_names_the_days() {
    let s = Situation::accepting("inactive");
    let site = site();
    let m = texts::render(
        s.catalogue.get("inactive").unwrap(),
        &site,
        &s.course,
        &s.p,
        &s.p.user,
        s.now,
    )
    .unwrap();
    assert!(m.text.contains("for 20 days"), "{}", m.text);
    assert!(!m.text.contains("DATA_0") && !m.html.contains("{{"));
}

#[test]
fn defect_hard_coded_gates_follow_the_configured_delays() {
    // The original required the course to be 7 days old for a first call, whatever the delay.
    let mut s = Situation::accepting("firstassign");
    for n in &mut s.catalogue.notifications {
        if n.code == "firstcall" {
            n.offset_days = 3;
        }
    }
    s.course = Course::new(196, NOW - 4 * DAY, 0);
    s.p.enrol_start = NOW - 4 * DAY;
    assert_eq!(s.outcome("firstcall"), Outcome::Accepted);
}

#[test]
fn defect_subject_in_cron_user_language_subject_follows_the_learner() {
    let mut s = Situation::accepting("closed");
    std::sync::Arc::make_mut(&mut s.p.user).lang = "fr".into();
    let site = site();
    let m = texts::render(
        s.catalogue.get("closed").unwrap(),
        &site,
        &s.course,
        &s.p,
        &s.p.user,
        s.now,
    )
    .unwrap();
    assert!(m.subject.contains("votre accès"), "{}", m.subject);
    assert!(m.text.starts_with("Bonjour"));
}

#[test]
fn defect_completion_ignored_enable_flags_and_exclusions() {
    let mut s = Situation::accepting("completed");
    s.p.excluded = true;
    assert_eq!(s.outcome("completed"), Outcome::Trapped(Rule::Excluded));
    s.p.excluded = false;
    s.course.visible = false;
    assert_eq!(s.outcome("completed"), Outcome::Trapped(Rule::Hidden));
    s.course.visible = true;
    for n in &mut s.catalogue.notifications {
        n.enabled &= n.code != "completed";
    }
    assert!(
        s.decisions()
            .iter()
            .all(|d| d.occurrence.notification != "completed"),
        "disabled: not evaluated"
    );
}

#[test]
fn defect_hidden_parent_category_checked_at_any_depth() {
    // The original checked only the course's own category.
    let mut s = Situation::accepting("firstassign");
    s.course.category_visible = false;
    assert_eq!(s.outcome("firstassign"), Outcome::Trapped(Rule::Hidden));
}
