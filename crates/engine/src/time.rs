//! Days as people count them: "7 days after", "one day before", in the recipient's timezone.
//!
//! A schedule is written in days, and a learner in Paris expects "one week before the end" to fall
//! on the same wall-clock time a week earlier, even when the clocks changed in between. So days
//! are added on the local calendar of the recipient's timezone (Moodle's `user.timezone`, `99`
//! meaning the site's), not as multiples of 86,400 seconds. A local time that does not exist (the
//! hour skipped when clocks go forward) moves forward by the gap; an ambiguous one (the hour
//! repeated when they go back) takes the earlier instant. Everything is a pure function of its
//! inputs: no clock is read here.

use chrono::{DateTime, Days, LocalResult, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

/// Moodle's `user.timezone` resolved against the site's, as `core_date::get_user_timezone()` does
/// with no forced timezone: `99` means the site's, anything else is normalised (see [`normalise`]).
pub fn resolve(user_timezone: &str, site: Tz) -> Tz {
    user_zone(user_timezone, site, None)
}

/// The timezone Moodle uses for a user (`core_date::get_user_timezone($user)`, lib/classes/date.php):
/// the forced timezone when the site forces one (`$CFG->forcetimezone`, already normalised), else
/// the site's for `99`, else the user's own, normalised.
pub fn user_zone(user_timezone: &str, site: Tz, forced: Option<Tz>) -> Tz {
    if let Some(forced) = forced {
        return forced;
    }
    if is_99(user_timezone) {
        return site;
    }
    normalise(user_timezone, site)
}

/// `$CFG->forcetimezone` as Moodle applies it: unset or `99` forces nothing, anything else
/// (normalised) wins over every user's own timezone.
pub fn forced_zone(forcetimezone: Option<&str>, site: Tz) -> Option<Tz> {
    forcetimezone
        .filter(|v| !is_99(v))
        .map(|v| normalise(v, site))
}

/// PHP's `$tz == 99`: a numeric string equal to 99 (`'99'`, `'99.0'`, `' 99'`).
fn is_99(tz: &str) -> bool {
    php_number(tz) == Some(99.0)
}

/// The value of a string PHP's `is_numeric()` accepts (white space around, sign, decimals,
/// exponent), or `None`.
fn php_number(s: &str) -> Option<f64> {
    let t = s.trim_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let plain = t
        .bytes()
        .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
    if t.is_empty() || !plain || !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A timezone name as `core_date::normalise_timezone()` makes it usable: a name PHP knows is kept;
/// a legacy value is mapped (numeric offsets `-12` to `14` to `Etc/GMT∓N`, `UTC±N` and `GMT±N`
/// likewise, the half-hour offsets `4.5`, `5.5`, `6.5`, `9.5` to a city of that offset, other
/// numbers truncated to whole hours, old abbreviations such as `CST` to their city); anything
/// else falls back to the site's timezone.
pub fn normalise(tz: &str, fallback: Tz) -> Tz {
    known(tz).unwrap_or(fallback)
}

/// The zone `core_date::normalise_timezone()` finds for `tz` before falling back, or `None`.
pub fn known(tz: &str) -> Option<Tz> {
    if let Ok(zone) = tz.parse::<Tz>() {
        return Some(zone);
    }
    let mapped = legacy(tz).or_else(|| {
        // Half-hour offsets were tried above; other numbers are cut to whole hours ((int) in PHP).
        let hours = php_number(tz)?.trunc();
        (-12.0..=14.0)
            .contains(&hours)
            .then(|| gmt_zone(hours as i64))
    });
    mapped.and_then(|name| name.parse().ok())
}

/// `Etc/GMT` with the POSIX sign, which is the reverse of the offset: UTC-3 is `Etc/GMT+3`.
fn gmt_zone(hours: i64) -> String {
    match hours {
        0 => "Etc/GMT".into(),
        h if h < 0 => format!("Etc/GMT+{}", -h),
        h => format!("Etc/GMT-{h}"),
    }
}

/// The legacy names Moodle maps (`core_date::init_zones()`, its `$badzones` outside the Windows
/// names), as exact strings.
fn legacy(tz: &str) -> Option<String> {
    const NAMED: [(&str, &str); 23] = [
        ("Central European Time", "Europe/Berlin"),
        ("CST", "America/Chicago"),
        ("Central Time", "America/Chicago"),
        ("CDT", "America/Chicago"),
        ("China Time", "Asia/Shanghai"),
        ("EDT", "America/New_York"),
        ("Eastern Time", "America/New_York"),
        ("IST", "Asia/Kolkata"),
        ("India Time", "Asia/Kolkata"),
        ("JST", "Asia/Tokyo"),
        ("Japan Time", "Asia/Tokyo"),
        ("Japan Standard Time", "Asia/Tokyo"),
        ("MDT", "America/Denver"),
        ("PDT", "America/Los_Angeles"),
        ("PST", "America/Los_Angeles"),
        ("Pacific Time", "America/Los_Angeles"),
        ("FET", "Europe/Minsk"),
        ("4.5", "Asia/Kabul"),
        ("5.5", "Asia/Kolkata"),
        ("6.5", "Asia/Rangoon"),
        ("9.5", "Australia/Darwin"),
        ("Etc/GMT+0", "Etc/GMT"),
        ("Etc/GMT-0", "Etc/GMT"),
    ];
    if let Some((_, zone)) = NAMED.iter().find(|(name, _)| *name == tz) {
        return Some((*zone).to_string());
    }
    // 'UTC-03' (Moodle lists UTC-01 to UTC-09), then 'UTC-3', 'UTC+3', 'GMT-3', 'GMT+3'. Plain
    // numbers ('-3', '-3.0', '+3') are left to the numeric rule of `normalise`.
    if let Some(h) = tz.strip_prefix("UTC-0").filter(|h| h.len() == 1) {
        return h
            .parse::<i64>()
            .ok()
            .filter(|&h| h > 0)
            .map(|h| gmt_zone(-h));
    }
    let offset = tz.strip_prefix("UTC").or_else(|| tz.strip_prefix("GMT"))?;
    let hours: i64 = match offset.as_bytes().first()? {
        b'+' => offset[1..].parse().ok()?,
        b'-' => -offset[1..].parse::<i64>().ok()?,
        _ => return None,
    };
    // Written exactly as Moodle writes them: no leading zero, no zero offset.
    let exact = format!("{}{hours:+}", &tz[..3]) == tz;
    (exact && hours != 0 && (-12..=14).contains(&hours)).then(|| gmt_zone(hours))
}

/// Instants (and spans) below this, in absolute value, are far inside what chrono represents
/// (about ±69,700 years; chrono goes to ±262,000): the fast paths below stay inside it, so they
/// give what the general path gives.
const PLAIN_RANGE: i64 = 1 << 41;

/// Whether `tz` keeps one offset forever: UTC and its aliases, and the tz database's `Etc/` zones
/// (its "etcetera" file, fixed offsets by definition). On such a zone a calendar day is always
/// 86,400 seconds, so the calendar arithmetic below can skip the zone's tables: most sites keep
/// their server (and most users) on UTC, and a full evaluation does this millions of times.
fn is_fixed(tz: Tz) -> bool {
    if tz == Tz::UTC {
        return true;
    }
    let name = tz.name();
    name.starts_with("Etc/")
        || matches!(
            name,
            "UTC" | "UCT" | "GMT" | "GMT0" | "GMT+0" | "GMT-0" | "Greenwich" | "Universal" | "Zulu"
        )
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
    // No move is the instant itself: in the hour a clock change repeats, its wall-clock time names
    // two instants, and going through it would give the first one.
    if days == 0 {
        return instant;
    }
    let plain = instant.saturating_add(days.saturating_mul(crate::DAY));
    // A fixed offset, well inside chrono's range: the local day is 86,400 seconds, and going
    // through the local time would give `plain` exactly.
    if instant.abs() < PLAIN_RANGE && days.abs() < PLAIN_RANGE / crate::DAY && is_fixed(tz) {
        return plain;
    }
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
    match crate::texts::base_language(lang) {
        "en" => format!("{} {} {}", local.day(), MONTHS_EN[month], local.year()),
        "fr" => format!("{} {} {}", local.day(), MONTHS_FR[month], local.year()),
        _ => local.format("%Y-%m-%d").to_string(),
    }
}

/// Whole local calendar days from `from` to `to` in `tz` (negative when `to` is earlier).
pub fn days_between(from: i64, to: i64, tz: Tz) -> i64 {
    // A fixed offset, well inside chrono's range: the local dates are the local instants divided
    // into days, as chrono would count them.
    if from.abs() < PLAIN_RANGE && to.abs() < PLAIN_RANGE && is_fixed(tz) {
        let offset = i64::from(
            tz.offset_from_utc_datetime(&DateTime::<Utc>::UNIX_EPOCH.naive_utc())
                .fix()
                .local_minus_utc(),
        );
        return (to + offset).div_euclid(crate::DAY) - (from + offset).div_euclid(crate::DAY);
    }
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
    fn no_move_in_the_repeated_autumn_hour_is_the_same_instant() {
        // 02:00 CET on 2026-10-25, the second 02:00 of that night in Paris (found by the fuzz test).
        let second = 1_792_890_000;
        assert_eq!(add_days(second, 0, Paris), second);
        assert_eq!(days_between(second, add_days(second, 0, Paris), Paris), 0);
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

    /// `core_date::get_user_timezone($user)` in Moodle 5.0 (lib/classes/date.php), with the site's
    /// timezone Europe/Paris: (user.timezone, $CFG->forcetimezone, Moodle's answer, why).
    #[test]
    fn timezones_normalise_as_core_date_does() {
        let cases: [(&str, Option<&str>, &str, &str); 27] = [
            (
                "America/Sao_Paulo",
                None,
                "America/Sao_Paulo",
                "a zone PHP knows is kept",
            ),
            ("99", None, "Europe/Paris", "99: get_server_timezone()"),
            (
                "99.0",
                None,
                "Europe/Paris",
                "$tz == 99 is a numeric comparison",
            ),
            (
                "",
                None,
                "Europe/Paris",
                "unknown: normalise_timezone() falls back to $CFG->timezone",
            ),
            (
                "Mars/Olympus",
                None,
                "Europe/Paris",
                "unknown name: the server timezone",
            ),
            (
                "europe/london",
                None,
                "Europe/Paris",
                "names are case-sensitive (isset on the list)",
            ),
            (
                "-3",
                None,
                "Etc/GMT+3",
                "legacy GMT fallback: $badzones['-3']",
            ),
            (
                "-3.0",
                None,
                "Etc/GMT+3",
                "legacy GMT fallback: $badzones['-3.0']",
            ),
            ("3", None, "Etc/GMT-3", "positive offsets map to Etc/GMT-N"),
            ("0", None, "Etc/GMT", "zero maps to Etc/GMT"),
            ("14", None, "Etc/GMT-14", "the loop runs from -12 to 14"),
            ("-12", None, "Etc/GMT+12", "the loop runs from -12 to 14"),
            ("15", None, "Europe/Paris", "out of the loop: unknown"),
            (
                "5.5",
                None,
                "Asia/Kolkata",
                "half-hour offsets: $badzones['5.5']",
            ),
            (
                "4.5",
                None,
                "Asia/Kabul",
                "half-hour offsets: $badzones['4.5']",
            ),
            (
                "9.5",
                None,
                "Australia/Darwin",
                "half-hour offsets: $badzones['9.5']",
            ),
            (
                "-3.5",
                None,
                "Etc/GMT+3",
                "other numbers: (int) rounds toward zero",
            ),
            (
                "5.75",
                None,
                "Etc/GMT-5",
                "other numbers: (int) rounds toward zero",
            ),
            ("UTC-3", None, "Etc/GMT+3", "$badzones['UTC-3']"),
            ("GMT+2", None, "Etc/GMT-2", "$badzones['GMT+2']"),
            ("UTC-03", None, "Etc/GMT+3", "$badzones['UTC-03']"),
            ("CST", None, "America/Chicago", "old abbreviations"),
            ("UTC", None, "UTC", "a zone PHP knows"),
            (
                "America/Sao_Paulo",
                Some("Asia/Tokyo"),
                "Asia/Tokyo",
                "$CFG->forcetimezone overrides any user timezone",
            ),
            (
                "America/Sao_Paulo",
                Some("99"),
                "America/Sao_Paulo",
                "forcetimezone 99 forces nothing",
            ),
            (
                "99",
                Some("-5"),
                "Etc/GMT+5",
                "a forced legacy value is normalised too",
            ),
            (
                "Asia/Tokyo",
                Some("Mars/Olympus"),
                "Europe/Paris",
                "a forced unknown name falls back to the server timezone",
            ),
        ];
        for (user, force, moodle, why) in cases {
            let forced = forced_zone(force, Paris);
            assert_eq!(
                user_zone(user, Paris, forced).name(),
                moodle,
                "{user:?} forced {force:?}: {why}"
            );
        }
    }

    #[test]
    fn calendar_days_between_count_dates_not_seconds() {
        let late_evening = at(Paris, 2026, 11, 21, 23, 0);
        let next_morning = at(Paris, 2026, 11, 22, 7, 0);
        assert_eq!(days_between(late_evening, next_morning, Paris), 1);
        assert_eq!(days_between(next_morning, late_evening, Paris), -1);
        assert_eq!(local_date(next_morning, Paris), "2026-11-22");
    }

    /// The general path through the local calendar, which the fast path for fixed offsets must
    /// equal.
    fn add_days_by_calendar(instant: i64, days: i64, tz: Tz) -> i64 {
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

    fn days_between_by_calendar(from: i64, to: i64, tz: Tz) -> i64 {
        match (to_local(from, tz), to_local(to, tz)) {
            (Some(a), Some(b)) => (b.date() - a.date()).num_days(),
            _ => to.saturating_sub(from).div_euclid(crate::DAY),
        }
    }

    #[test]
    fn fixed_zones_count_days_as_the_calendar_does() {
        let fixed: Vec<Tz> = chrono_tz::TZ_VARIANTS
            .iter()
            .copied()
            .filter(|&tz| is_fixed(tz))
            .collect();
        assert!(fixed.len() > 30, "UTC, its aliases and the Etc/ zones");
        assert!(!is_fixed(Paris) && !is_fixed(Sao_Paulo));
        let edge = PLAIN_RANGE - 1;
        let instants = [
            -edge,
            -8_000_000_000,
            -1,
            0,
            1,
            43_199,
            1_792_890_000,
            1_795_305_599,
            4_102_444_800,
            edge,
        ];
        let spans = [
            -(PLAIN_RANGE / crate::DAY - 1),
            -400,
            -7,
            -1,
            1,
            7,
            365,
            PLAIN_RANGE / crate::DAY - 1,
        ];
        for tz in fixed {
            // One offset at every instant, from antiquity to the far future.
            let offset_at = |t: i64| {
                tz.offset_from_utc_datetime(&DateTime::from_timestamp(t, 0).unwrap().naive_utc())
                    .fix()
            };
            for t in (-100_000_000_000..100_000_000_000).step_by(86_400 * 997) {
                assert_eq!(offset_at(t), offset_at(0), "{tz:?} at {t}");
            }
            for &t in &instants {
                for &d in &spans {
                    assert_eq!(
                        add_days(t, d, tz),
                        add_days_by_calendar(t, d, tz),
                        "{tz:?} {t} {d}"
                    );
                }
                for &u in &instants {
                    assert_eq!(
                        days_between(t, u, tz),
                        days_between_by_calendar(t, u, tz),
                        "{tz:?} {t} {u}"
                    );
                }
            }
        }
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
