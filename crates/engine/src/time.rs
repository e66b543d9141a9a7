//! Days as people count them: "7 days after", "one day before", in the recipient's timezone.
//!
//! A schedule is written in days, and a learner in Paris expects "one week before the end" to fall
//! on the same wall-clock time a week earlier, even when the clocks changed in between. So days
//! are added on the local calendar of the recipient's timezone (Moodle's `user.timezone`, `99`
//! meaning the site's), not as multiples of 86,400 seconds. A local time that does not exist (the
//! hour skipped when clocks go forward) moves forward by the gap; an ambiguous one (the hour
//! repeated when they go back) takes the earlier instant. Everything is a pure function of its
//! inputs: no clock is read here.

use chrono::{DateTime, Days, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Moodle's `user.timezone` resolved against the site's: `99`, empty or unknown mean the site's.
pub fn resolve(user_timezone: &str, site: Tz) -> Tz {
    match user_timezone.trim() {
        "" | "99" => site,
        name => name.parse().unwrap_or(site),
    }
}

fn to_local(instant: i64, tz: Tz) -> Option<NaiveDateTime> {
    DateTime::<Utc>::from_timestamp(instant, 0).map(|utc| utc.with_timezone(&tz).naive_local())
}

fn from_local(local: NaiveDateTime, tz: Tz) -> Option<i64> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Some(t.timestamp()),
        LocalResult::Ambiguous(earlier, _) => Some(earlier.timestamp()),
        LocalResult::None => {
            // In a DST gap: the same wall-clock time does not exist that day; take the instant the
            // gap ends, found by stepping forward (gaps are at most a few hours).
            (1..=24 * 4).find_map(|quarter| {
                let later = local + chrono::Duration::minutes(15 * quarter);
                tz.from_local_datetime(&later)
                    .earliest()
                    .map(|t| t.timestamp())
            })
        }
    }
}

/// `instant` moved by `days` calendar days in `tz`, keeping the local time of day.
///
/// Instants chrono cannot represent (beyond about ±262,000 years) fall back to plain seconds,
/// saturating, so hostile dates from the database never panic.
pub fn add_days(instant: i64, days: i64, tz: Tz) -> i64 {
    let plain = instant.saturating_add(days.saturating_mul(crate::DAY));
    let Some(local) = to_local(instant, tz) else {
        return plain;
    };
    let shifted = if days >= 0 {
        local.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        local.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    shifted.and_then(|l| from_local(l, tz)).unwrap_or(plain)
}

/// The local date of `instant` in `tz` as `YYYY-MM-DD` (for messages and forecasts).
pub fn local_date(instant: i64, tz: Tz) -> String {
    to_local(instant, tz)
        .map(|l| l.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// The local date of `instant` in `tz`, written out for a reader of `lang` ("25 November 2026",
/// "25 novembre 2026"); other languages get the ISO form, which every reader understands.
pub fn long_date(instant: i64, tz: Tz, lang: &str) -> String {
    use chrono::Datelike;
    let Some(local) = to_local(instant, tz) else {
        return String::new();
    };
    let month = local.month0() as usize;
    match lang.split(['_', '-']).next().unwrap_or("") {
        "en" => format!("{} {} {}", local.day(), MONTHS_EN[month], local.year()),
        "fr" => format!("{} {} {}", local.day(), MONTHS_FR[month], local.year()),
        _ => local.format("%Y-%m-%d").to_string(),
    }
}

/// Whole local calendar days from `from` to `to` in `tz` (negative when `to` is earlier).
pub fn days_between(from: i64, to: i64, tz: Tz) -> i64 {
    match (to_local(from, tz), to_local(to, tz)) {
        (Some(a), Some(b)) => (b.date() - a.date()).num_days(),
        _ => to.saturating_sub(from).div_euclid(crate::DAY),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America::Sao_Paulo, Europe::Paris, UTC};

    fn at(tz: Tz, y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
        tz.with_ymd_and_hms(y, m, d, h, min, 0)
            .earliest()
            .unwrap()
            .timestamp()
    }

    #[test]
    fn a_week_before_keeps_the_wall_clock_across_the_spring_change() {
        // Paris moves to summer time on 2026-03-29: the 7 days before 2 April 10:00 span it.
        let end = at(Paris, 2026, 4, 2, 10, 0);
        let week_before = add_days(end, -7, Paris);
        assert_eq!(week_before, at(Paris, 2026, 3, 26, 10, 0));
        assert_eq!(
            end - week_before,
            7 * 86_400 - 3600,
            "one of those days had 23 hours"
        );
    }

    #[test]
    fn a_week_after_keeps_the_wall_clock_across_the_autumn_change() {
        let start = at(Paris, 2026, 10, 20, 9, 30);
        assert_eq!(add_days(start, 7, Paris), at(Paris, 2026, 10, 27, 9, 30));
        assert_eq!(add_days(start, 7, Paris) - start, 7 * 86_400 + 3600);
    }

    #[test]
    fn a_time_in_the_spring_gap_moves_to_the_end_of_the_gap() {
        // 02:30 does not exist in Paris on 2026-03-29.
        let day_before = at(Paris, 2026, 3, 28, 2, 30);
        assert_eq!(add_days(day_before, 1, Paris), at(Paris, 2026, 3, 29, 3, 0));
    }

    #[test]
    fn a_time_in_the_repeated_autumn_hour_takes_the_first_one() {
        // 02:30 happens twice in Paris on 2026-10-25.
        let day_before = at(Paris, 2026, 10, 24, 2, 30);
        let shifted = add_days(day_before, 1, Paris);
        assert_eq!(
            shifted,
            Paris
                .with_ymd_and_hms(2026, 10, 25, 2, 30, 0)
                .earliest()
                .unwrap()
                .timestamp()
        );
    }

    #[test]
    fn southern_hemisphere_changes_too() {
        // Sao Paulo has had no DST since 2019: plain days.
        let t = at(Sao_Paulo, 2026, 11, 1, 8, 0);
        assert_eq!(add_days(t, 14, Sao_Paulo) - t, 14 * 86_400);
    }

    #[test]
    fn moodle_timezones_resolve_against_the_site() {
        assert_eq!(resolve("99", Paris), Paris);
        assert_eq!(resolve("", Paris), Paris);
        assert_eq!(resolve("Mars/Olympus", Paris), Paris);
        assert_eq!(resolve("America/Sao_Paulo", Paris), Sao_Paulo);
    }

    #[test]
    fn calendar_days_between_count_dates_not_seconds() {
        let late_evening = at(Paris, 2026, 11, 21, 23, 0);
        let next_morning = at(Paris, 2026, 11, 22, 7, 0);
        assert_eq!(days_between(late_evening, next_morning, Paris), 1);
        assert_eq!(days_between(next_morning, late_evening, Paris), -1);
        assert_eq!(local_date(next_morning, Paris), "2026-11-22");
    }

    #[test]
    fn hostile_instants_never_panic() {
        for t in [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX - 1, i64::MAX] {
            for d in [i64::MIN, -7, 0, 7, i64::MAX] {
                let _ = add_days(t, d, Paris);
                let _ = add_days(t, d, UTC);
            }
            let _ = days_between(t, 0, Paris);
            let _ = local_date(t, Paris);
        }
    }
}
