//! The daily send window: messages go out only at decent hours in the recipient's timezone.
//!
//! What the window holds back stays in the outbox and goes first when the window opens (the outbox
//! orders by urgency and due time). A window whose start is after its end runs overnight
//! (22 to 6); equal hours mean no window at all.

use chrono::{Datelike, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Tz;

/// Hours of the day (recipient's time) when messages may be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendWindow {
    /// First hour open, 0 to 23.
    pub start_hour: u32,
    /// First hour closed again, 0 to 23 (24 means midnight).
    pub end_hour: u32,
    /// Closed on Saturdays and Sundays.
    pub weekdays_only: bool,
}

impl SendWindow {
    /// Whether the window is open at `now` for a recipient in `tz`.
    pub fn open_at(&self, now: i64, tz: Tz) -> bool {
        let Some(local) = Utc
            .timestamp_opt(now, 0)
            .single()
            .map(|t| t.with_timezone(&tz))
        else {
            return true;
        };
        if self.weekdays_only && matches!(local.weekday(), Weekday::Sat | Weekday::Sun) {
            return false;
        }
        let (h, start, end) = (local.hour(), self.start_hour, self.end_hour);
        match start.cmp(&end) {
            std::cmp::Ordering::Equal => true,
            std::cmp::Ordering::Less => start <= h && h < end,
            std::cmp::Ordering::Greater => h >= start || h < end,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{Asia::Tokyo, Europe::Paris};

    fn at(tz: Tz, y: i32, m: u32, d: u32, h: u32) -> i64 {
        tz.with_ymd_and_hms(y, m, d, h, 0, 0)
            .earliest()
            .unwrap()
            .timestamp()
    }

    const DAY_8_TO_20: SendWindow = SendWindow {
        start_hour: 8,
        end_hour: 20,
        weekdays_only: false,
    };

    #[test]
    fn open_during_the_day_of_each_recipient() {
        // 2026-11-23 is a Monday. 09:00 in Paris is 17:00 in Tokyo; 12:00 in Paris is 20:00 there.
        assert!(DAY_8_TO_20.open_at(at(Paris, 2026, 11, 23, 9), Paris));
        assert!(DAY_8_TO_20.open_at(at(Paris, 2026, 11, 23, 9), Tokyo));
        assert!(DAY_8_TO_20.open_at(at(Paris, 2026, 11, 23, 12), Paris));
        assert!(!DAY_8_TO_20.open_at(at(Paris, 2026, 11, 23, 12), Tokyo));
        assert!(!DAY_8_TO_20.open_at(at(Paris, 2026, 11, 23, 7), Paris));
        assert!(!DAY_8_TO_20.open_at(at(Paris, 2026, 11, 23, 20), Paris));
    }

    #[test]
    fn weekdays_only_closes_the_weekend_in_the_recipients_calendar() {
        let w = SendWindow {
            weekdays_only: true,
            ..DAY_8_TO_20
        };
        assert!(!w.open_at(at(Paris, 2026, 11, 22, 10), Paris), "a Sunday");
        assert!(w.open_at(at(Paris, 2026, 11, 23, 10), Paris), "a Monday");
        // Monday 08:30 in Tokyo is still Sunday evening in Paris.
        let monday_tokyo = at(Tokyo, 2026, 11, 23, 8) + 1800;
        assert!(w.open_at(monday_tokyo, Tokyo));
        assert!(!w.open_at(monday_tokyo, Paris));
    }

    #[test]
    fn overnight_and_empty_windows() {
        let night = SendWindow {
            start_hour: 22,
            end_hour: 6,
            weekdays_only: false,
        };
        assert!(night.open_at(at(Paris, 2026, 11, 23, 23), Paris));
        assert!(night.open_at(at(Paris, 2026, 11, 23, 5), Paris));
        assert!(!night.open_at(at(Paris, 2026, 11, 23, 12), Paris));
        let always = SendWindow {
            start_hour: 9,
            end_hour: 9,
            weekdays_only: false,
        };
        assert!(always.open_at(at(Paris, 2026, 11, 23, 3), Paris));
        assert!(
            DAY_8_TO_20.open_at(i64::MAX, Paris),
            "an instant chrono cannot place does not block"
        );
    }

    #[test]
    fn the_clock_change_moves_the_window_with_the_recipient() {
        // Paris goes back to winter time on 2026-10-25: 07:30 UTC is 08:30 in summer, 08:30 after.
        let before = at(chrono_tz::UTC, 2026, 10, 24, 7) + 1800;
        let after = at(chrono_tz::UTC, 2026, 10, 26, 6) + 1800;
        assert!(DAY_8_TO_20.open_at(before, Paris));
        assert!(
            !DAY_8_TO_20.open_at(after, Paris),
            "06:30 UTC is 07:30 in Paris after the change"
        );
    }
}
