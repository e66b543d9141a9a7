//! Random enrolment timelines, run once a day for two months, as cron would.

use std::collections::HashSet;

use course_notification_engine::catalogue::Catalogue;
use course_notification_engine::decide::{decide, Handled, Handling, Outcome, Run};
use course_notification_engine::model::{Course, EnrolmentState, Participation, User};
use course_notification_engine::DAY;
use proptest::prelude::*;

use crate::support::{END, NOW};

#[derive(Debug, Clone)]
struct Timeline {
    course: Course,
    p: Participation,
    suspended_from_day: Option<i64>,
}

fn timeline() -> impl Strategy<Value = Timeline> {
    let day = -90i64..90;
    (
        day.clone(),
        prop::option::of(day.clone()),
        day.clone(),
        prop::option::of(day.clone()),
        prop::option::of(day.clone()),
        prop::option::of(day.clone()),
        prop::option::of(0i64..60),
        0i64..86_400,
        prop::sample::select(vec![
            "99",
            "Europe/Paris",
            "America/Sao_Paulo",
            "Asia/Kolkata",
            "Bogus/Zone",
        ]),
    )
        .prop_map(
            |(cstart, cend, estart, eend, access, done, suspended, second, tz)| {
                let at = |d: i64| NOW + d * DAY + second;
                let course = Course::new(1, at(cstart), cend.map_or(0, at));
                let mut user = User::new(2, "learner@example.org");
                user.timezone = tz.to_string();
                let mut p = Participation::new(1, user, at(estart));
                p.enrol_end = eend.map(at);
                p.last_access = access.map(at);
                p.completed_at = done.map(at);
                Timeline {
                    course,
                    p,
                    suspended_from_day: suspended,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn day_by_day_nothing_twice_never_backwards_never_to_the_suspended(t in timeline()) {
        let catalogue = Catalogue::builtin();
        let mut handled = Handled::new();
        let mut accepted_keys = HashSet::new();
        let mut nearest_end_sent: Option<usize> = None;
        for day in 0..60 {
            let now = NOW + day * DAY;
            let mut p = t.p.clone();
            let suspended = t.suspended_from_day.is_some_and(|d| day >= d);
            std::sync::Arc::make_mut(&mut p.user).suspended = suspended;
            if suspended {
                p.state = EnrolmentState::Active;
            }
            let run = Run { now, site_tz: chrono_tz::Europe::Paris, handled: &handled, simulated: None, sent_at: None };
            let decisions = decide(&catalogue, &t.course, &p, run);
            let mut end_today = 0;
            for d in decisions.iter().filter(|d| d.outcome == Outcome::Accepted) {
                prop_assert!(!suspended, "accepted for a suspended learner: {:?}", d.occurrence);
                prop_assert!(accepted_keys.insert(d.occurrence.key()), "accepted twice: {:?}", d.occurrence);
                prop_assert!(d.occurrence.due <= now, "accepted before it was due: {:?}", d.occurrence);
                if let Some(rank) = END.iter().position(|c| *c == d.occurrence.notification) {
                    end_today += 1;
                    prop_assert!(nearest_end_sent.is_none_or(|r| rank > r),
                        "{} after a nearer reminder", d.occurrence.notification);
                    nearest_end_sent = Some(rank);
                }
            }
            prop_assert!(end_today <= 1, "{end_today} end reminders in one run");
            for d in decisions.into_iter().filter(|d| d.outcome == Outcome::Accepted) {
                handled.insert(d.occurrence.key(), Handling::Sent);
            }
        }
    }
}
