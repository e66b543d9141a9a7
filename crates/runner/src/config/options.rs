//! The options of one run or forecast, validated.

use std::time::Duration;

use course_notification_engine::window::SendWindow;
use course_notification_store::Scope;

use super::{bad, ConfigError, RawForecast, RawOptions};

/// Which decisions the report lists (the counts always cover them all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Every decision and trace line: for dry runs, support and small sites.
    All,
    /// Only the accepted ones: what a scheduled run logs, bounded by what is due.
    Accepted,
    /// None: counts only.
    None,
}

/// What a run does with its decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Queue and deliver.
    Send,
    /// Decide and report; write nothing, send nothing.
    DryRun,
    /// Record accepted occurrences as handled without sending.
    MarkOnly,
}

/// The default per-run cap (the seed's 200 messages per run).
pub const DEFAULT_CAP: u32 = 200;

/// The largest per-run cap: a run claims in one statement whatever the cap and reads what it
/// claimed a page at a time, so this bounds how long one run goes on, not a limit of the database.
pub const MAX_CAP: u32 = 1_000_000;

/// Validated options of one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunOptions {
    /// The instant the run decides for.
    pub now: i64,
    /// Mode.
    pub mode: Mode,
    /// Courses and users in scope.
    pub scope: Scope,
    /// At most this many messages are sent by the run.
    pub cap: u32,
    /// Which decisions the report lists.
    pub detail: Detail,
    /// Hours of the recipient's day when messages may go out; `None`: any time.
    pub window: Option<SendWindow>,
    /// SMTP connections used at once (1 to 16).
    pub connections: u32,
    /// Also queue every message for Moodle's message API (the PHP task hands them over).
    pub message: bool,
    /// Decide before delivering (false: deliver the outbox only).
    pub evaluate: bool,
    /// How long the run may take, every statement included (dry runs only: a web page's call).
    pub deadline: Option<Duration>,
}

/// The longest deadline a page may ask for; longer work belongs to the task or the command line.
pub const MAX_DEADLINE_SECS: i64 = 300;

/// A deadline in seconds, checked (1 to [`MAX_DEADLINE_SECS`]); `None` stays "no limit".
pub fn deadline(value: Option<i64>) -> Result<Option<Duration>, ConfigError> {
    match value {
        None => Ok(None),
        Some(s) if (1..=MAX_DEADLINE_SECS).contains(&s) => Ok(Some(Duration::from_secs(s as u64))),
        Some(s) => Err(bad(
            "options.deadline",
            format!("{s} is not between 1 and {MAX_DEADLINE_SECS} seconds"),
        )),
    }
}

/// Latest instant accepted for `now` (year 3000): a larger value is most likely milliseconds.
const MAX_NOW: i64 = 32_503_680_000;

fn ids(setting: &str, ids: Vec<i64>) -> Result<Vec<i64>, ConfigError> {
    if let Some(bad_id) = ids.iter().find(|&&id| id <= 0) {
        return Err(bad(setting, format!("{bad_id} is not a valid id")));
    }
    if ids.len() > 10_000 {
        return Err(bad(
            setting,
            format!("{} ids; at most 10000 per run", ids.len()),
        ));
    }
    Ok(ids)
}

impl TryFrom<RawOptions> for RunOptions {
    type Error = ConfigError;

    fn try_from(raw: RawOptions) -> Result<RunOptions, ConfigError> {
        let now = match raw.now {
            Some(n) if (1..=MAX_NOW).contains(&n) => n,
            Some(n) if n > MAX_NOW => {
                return Err(bad(
                    "options.now",
                    format!("{n} is after the year 3000; milliseconds instead of seconds?"),
                ))
            }
            Some(n) => {
                return Err(bad(
                    "options.now",
                    format!("{n} is not a Unix time in seconds"),
                ))
            }
            None => chrono::Utc::now().timestamp(),
        };
        let mode = match raw.mode.as_str() {
            "send" => Mode::Send,
            "dryrun" => Mode::DryRun,
            "markonly" => Mode::MarkOnly,
            other => {
                return Err(bad(
                    "options.mode",
                    format!("'{other}' is not one of send, dryrun, markonly"),
                ))
            }
        };
        let cap = match raw.cap {
            None => DEFAULT_CAP,
            Some(c) if (1..=i64::from(MAX_CAP)).contains(&c) => c as u32,
            Some(c) if c > i64::from(MAX_CAP) => {
                return Err(bad(
                    "options.cap",
                    format!("{c} is more than the maximum of {MAX_CAP} messages per run"),
                ))
            }
            Some(c) => {
                return Err(bad(
                    "options.cap",
                    format!("{c} is not a number of messages (1 to {MAX_CAP})"),
                ))
            }
        };
        let detail = match raw.detail.as_str() {
            "" | "all" => Detail::All,
            "accepted" => Detail::Accepted,
            "none" => Detail::None,
            other => {
                return Err(bad(
                    "options.detail",
                    format!("'{other}' is not one of all, accepted, none"),
                ))
            }
        };
        let window = match raw.window {
            None => None,
            Some((start, end, weekdays_only)) => {
                let hour = |setting: &str, h: i64| {
                    u32::try_from(h)
                        .ok()
                        .filter(|h| *h <= 24)
                        .ok_or_else(|| bad(setting, format!("{h} is not an hour (0-24)")))
                };
                let start_hour = hour("options.window.start", start)?;
                let end_hour = hour("options.window.end", end)?;
                Some(SendWindow {
                    start_hour,
                    end_hour,
                    weekdays_only,
                })
            }
        };
        let connections = match raw.connections {
            None => 1,
            Some(n) if (1..=16).contains(&n) => n as u32,
            Some(n) => {
                return Err(bad(
                    "options.connections",
                    format!("{n} is not between 1 and 16"),
                ))
            }
        };
        let deadline = deadline(raw.deadline)?;
        if deadline.is_some() && mode != Mode::DryRun {
            // Cut mid-way, a sending run would leave messages claimed but not sent until the next
            // run recovers them; it is the task's work, which has no page waiting on it.
            return Err(bad(
                "options.deadline",
                format!(
                    "only a dry run takes a deadline, not mode '{}': a run that sends or marks must not be cut mid-way",
                    raw.mode
                ),
            ));
        }
        Ok(RunOptions {
            now,
            mode,
            deadline,
            detail,
            window,
            connections,
            message: raw.message,
            evaluate: raw.evaluate.unwrap_or(true),
            scope: Scope {
                courses: ids("options.courses", raw.courses)?,
                users: ids("options.users", raw.users)?,
            },
            cap,
        })
    }
}

/// Validated options of a forecast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForecastOptions {
    /// The first simulated run.
    pub now: i64,
    /// How many days, one simulated run each.
    pub days: i64,
    /// Per-run cap.
    pub cap: u32,
    /// Runs of the task per day (with the cap, the daily capacity).
    pub runs_per_day: u32,
    /// Courses and users in scope.
    pub scope: Scope,
    /// How long the forecast may take, every statement included (a web page's call).
    pub deadline: Option<Duration>,
}

fn bounded(setting: &str, value: Option<i64>, default: i64, max: i64) -> Result<i64, ConfigError> {
    match value {
        None => Ok(default),
        Some(v) if (1..=max).contains(&v) => Ok(v),
        Some(v) => Err(bad(setting, format!("{v} is not between 1 and {max}"))),
    }
}

impl TryFrom<RawForecast> for ForecastOptions {
    type Error = ConfigError;

    fn try_from(raw: RawForecast) -> Result<ForecastOptions, ConfigError> {
        let run = RunOptions::try_from(RawOptions {
            now: raw.now,
            mode: "dryrun".into(),
            courses: raw.courses,
            users: raw.users,
            cap: raw.cap,
            detail: "none".into(),
            window: None,
            connections: None,
            message: false,
            evaluate: None,
            deadline: raw.deadline,
        })?;
        Ok(ForecastOptions {
            now: run.now,
            days: bounded("options.days", raw.days, 7, 366)?,
            cap: run.cap,
            runs_per_day: bounded("options.runs_per_day", raw.runs_per_day, 1, 1440)? as u32,
            scope: run.scope,
            deadline: run.deadline,
        })
    }
}
