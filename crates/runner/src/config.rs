//! Settings and options as PHP hands them over, and their validated form.
//!
//! The binding copies PHP arrays into the `Raw*` structs without judging them; [`Config::try_from`]
//! and [`RunOptions::try_from`] check every value once and name the offending setting and value, so
//! nothing downstream handles an invalid port, prefix, address, timezone or mode.

use std::fmt;
use std::time::Duration;

use chrono_tz::Tz;
use course_notification_engine::model::Site;
use course_notification_engine::window::SendWindow;
use course_notification_mailer::{
    is_valid_address, Security, SmtpSettings, Transport, DEFAULT_TIMEOUT,
};
use course_notification_moodle_db::{DbSettings, Scope, Tables};

/// `$config['db']` as given (its `Debug` hides the password).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RawDb {
    /// Host.
    pub host: String,
    /// Port (0: default).
    pub port: i64,
    /// Socket path ('' : none).
    pub socket: String,
    /// Database name.
    pub name: String,
    /// User.
    pub user: String,
    /// Password.
    pub pass: String,
    /// Table prefix.
    pub prefix: String,
}

/// `$config['smtp']` as given (its `Debug` hides the password).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RawSmtp {
    /// Host ('' : no SMTP server configured).
    pub host: String,
    /// Port (0: default for the security mode).
    pub port: i64,
    /// '', 'tls' or 'ssl'.
    pub secure: String,
    /// User ('' : no authentication).
    pub user: String,
    /// Password.
    pub pass: String,
    /// Further servers (`host:port`, `[ipv6]:port`), tried in order when the first cannot be reached.
    pub fallbacks: Vec<String>,
    /// PHP's `sendmail_path` (its first word is the program), used when `host` is empty.
    pub sendmail: String,
    /// Seconds a server may stay silent (0: the default, 30).
    pub timeout: i64,
}

/// What `Debug` shows of a password: whether there is one, never its characters.
fn hidden(pass: &str) -> &'static str {
    if pass.is_empty() {
        ""
    } else {
        "<hidden>"
    }
}

impl fmt::Debug for RawDb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawDb")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("socket", &self.socket)
            .field("name", &self.name)
            .field("user", &self.user)
            .field("pass", &hidden(&self.pass))
            .field("prefix", &self.prefix)
            .finish()
    }
}

impl fmt::Debug for RawSmtp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawSmtp")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("secure", &self.secure)
            .field("user", &self.user)
            .field("pass", &hidden(&self.pass))
            .field("fallbacks", &self.fallbacks)
            .field("sendmail", &self.sendmail)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// `$config['site']` as given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawSite {
    /// `$CFG->wwwroot`.
    pub wwwroot: String,
    /// Site full name.
    pub fullname: String,
    /// Site short name.
    pub shortname: String,
    /// `$CFG->noreplyaddress`.
    pub noreplyaddress: String,
    /// IANA timezone name.
    pub timezone: String,
    /// `$CFG->lang`.
    pub lang: String,
}

/// `$config` as given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawConfig {
    /// Database.
    pub db: RawDb,
    /// Mail server.
    pub smtp: RawSmtp,
    /// Site.
    pub site: RawSite,
}

/// `$options` as given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawOptions {
    /// Unix seconds; `None` reads the clock.
    pub now: Option<i64>,
    /// 'send', 'dryrun' or 'markonly'.
    pub mode: String,
    /// Course ids.
    pub courses: Vec<i64>,
    /// User ids.
    pub users: Vec<i64>,
    /// Per-run cap; `None` for the default.
    pub cap: Option<i64>,
    /// 'all', 'accepted' or 'none' ('' : all).
    pub detail: String,
    /// Send window: first hour open, first hour closed (recipient's time), weekdays only.
    pub window: Option<(i64, i64, bool)>,
    /// SMTP connections used at once; `None`: one.
    pub connections: Option<i64>,
    /// Also queue every message for Moodle's message API (bell, mobile app).
    pub message: bool,
    /// Decide (read every learner in scope) before delivering; `Some(false)` only delivers what
    /// the outbox holds (the every-minute run between two evaluations). `None`: decide.
    pub evaluate: Option<bool>,
}

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

/// A setting or option that cannot be used, with its name and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// Where it is, for example `db.port` or `options.mode`.
    pub setting: String,
    /// What is wrong with it.
    pub problem: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid setting {}: {}", self.setting, self.problem)
    }
}

impl std::error::Error for ConfigError {}

fn bad(setting: &str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        setting: setting.to_string(),
        problem: problem.into(),
    }
}

/// Site information the engine and the messages need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteConfig {
    /// For templates.
    pub site: Site,
    /// Sender address.
    pub noreply: String,
    /// Host name of wwwroot (EHLO, Message-ID).
    pub host: String,
}

/// Validated settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Database connection.
    pub db: DbSettings,
    /// Table names.
    pub tables: Tables,
    /// Mail server; `None` when `smtphosts` is empty.
    pub smtp: Option<SmtpSettings>,
    /// The sendmail program used when there is no SMTP server (Moodle then uses PHP's `mail()`).
    pub sendmail: Option<String>,
    /// Site.
    pub site: SiteConfig,
}

fn port(setting: &str, value: i64, default: u16) -> Result<u16, ConfigError> {
    match value {
        0 => Ok(default),
        1..=65535 => Ok(value as u16),
        _ => Err(bad(setting, format!("{value} is not a TCP port (1-65535)"))),
    }
}

/// The host part of an http(s) URL, or `None`.
fn url_host(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = if host.starts_with('[') {
        host.split(']').next()?.trim_start_matches('[')
    } else {
        host.split(':').next()?
    };
    let ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._:".contains(&b));
    ok.then(|| host.to_ascii_lowercase())
}

impl Config {
    /// How messages leave: the SMTP server when there is one, else the sendmail program, else none.
    pub fn transport(&self) -> Option<Transport> {
        match (&self.smtp, &self.sendmail) {
            (Some(smtp), _) => Some(Transport::Smtp(smtp.clone())),
            (None, Some(program)) => Some(Transport::Sendmail(program.clone())),
            (None, None) => None,
        }
    }
}

impl TryFrom<RawConfig> for Config {
    type Error = ConfigError;

    fn try_from(raw: RawConfig) -> Result<Config, ConfigError> {
        let d = raw.db;
        let socket = (!d.socket.trim().is_empty()).then(|| d.socket.trim().to_string());
        if d.host.trim().is_empty() && socket.is_none() {
            return Err(bad("db.host", "empty, and no db.socket either"));
        }
        if d.name.trim().is_empty() {
            return Err(bad("db.name", "empty"));
        }
        let tables = Tables::new(&d.prefix).map_err(|e| bad("db.prefix", e.to_string()))?;
        let db = DbSettings {
            host: d.host.trim().to_string(),
            port: port("db.port", d.port, 3306)?,
            socket,
            name: d.name.trim().to_string(),
            user: d.user,
            pass: d.pass,
        };

        let s = raw.site;
        let host = url_host(s.wwwroot.trim()).ok_or_else(|| {
            bad(
                "site.wwwroot",
                format!("'{}' is not an http(s) address", s.wwwroot),
            )
        })?;
        if !is_valid_address(&s.noreplyaddress) {
            return Err(bad(
                "site.noreplyaddress",
                format!("'{}' is not an e-mail address", s.noreplyaddress),
            ));
        }
        let timezone: Tz = s.timezone.trim().parse().map_err(|_| {
            bad(
                "site.timezone",
                format!("'{}' is not a known timezone name", s.timezone),
            )
        })?;
        let lang = if s.lang.trim().is_empty() {
            "en".to_string()
        } else {
            s.lang.trim().to_string()
        };
        let site = SiteConfig {
            site: Site {
                wwwroot: s.wwwroot.trim().trim_end_matches('/').to_string(),
                fullname: s.fullname,
                shortname: s.shortname,
                lang,
                timezone,
            },
            noreply: s.noreplyaddress.trim().to_string(),
            host: host.clone(),
        };

        let m = raw.smtp;
        let sendmail = m.sendmail.split_whitespace().next().map(str::to_string);
        if let Some(program) = &sendmail {
            if !program.starts_with('/') {
                return Err(bad(
                    "smtp.sendmail",
                    format!("'{program}' is not an absolute path"),
                ));
            }
        }
        let smtp = if m.host.trim().is_empty() {
            None
        } else {
            let security = match m.secure.trim().to_ascii_lowercase().as_str() {
                "" | "none" => Security::None,
                "tls" => Security::StartTls,
                "ssl" => Security::Implicit,
                other => {
                    return Err(bad(
                        "smtp.secure",
                        format!("'{other}' is not one of '', 'tls', 'ssl'"),
                    ))
                }
            };
            let default_port = if security == Security::Implicit {
                465
            } else {
                25
            };
            let mut fallbacks = Vec::new();
            for server in &m.fallbacks {
                let (name, number) = match server.trim().rsplit_once(':') {
                    Some((h, p))
                        if !h.is_empty()
                            && !p.is_empty()
                            && p.bytes().all(|b| b.is_ascii_digit()) =>
                    {
                        (h.trim_matches(['[', ']']), p.parse::<i64>().unwrap_or(-1))
                    }
                    _ => (server.trim(), 0),
                };
                if name.is_empty() || name.contains(char::is_whitespace) {
                    return Err(bad(
                        "smtp.fallbacks",
                        format!("'{server}' is not host:port"),
                    ));
                }
                fallbacks.push((
                    name.to_string(),
                    port("smtp.fallbacks", number, default_port)?,
                ));
            }
            Some(SmtpSettings {
                host: m.host.trim().to_string(),
                port: port("smtp.port", m.port, default_port)?,
                security,
                credentials: (!m.user.is_empty()).then_some((m.user, m.pass)),
                hello_name: host,
                fallbacks,
                timeout: match m.timeout {
                    0 => DEFAULT_TIMEOUT,
                    1..=600 => Duration::from_secs(m.timeout as u64),
                    other => {
                        return Err(bad(
                            "smtp.timeout",
                            format!("{other} is not a number of seconds from 1 to 600"),
                        ))
                    }
                },
            })
        };
        Ok(Config {
            db,
            tables,
            smtp,
            sendmail,
            site,
        })
    }
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
            Some(c) if (1..=1_000_000).contains(&c) => c as u32,
            Some(c) => {
                return Err(bad(
                    "options.cap",
                    format!("{c} is not between 1 and 1000000"),
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
        Ok(RunOptions {
            now,
            mode,
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

/// `$options` of a forecast as given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawForecast {
    /// Unix seconds; `None` reads the clock.
    pub now: Option<i64>,
    /// Days ahead.
    pub days: Option<i64>,
    /// Per-run cap.
    pub cap: Option<i64>,
    /// Runs of the task per day.
    pub runs_per_day: Option<i64>,
    /// Course ids.
    pub courses: Vec<i64>,
    /// User ids.
    pub users: Vec<i64>,
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
        })?;
        Ok(ForecastOptions {
            now: run.now,
            days: bounded("options.days", raw.days, 7, 366)?,
            cap: run.cap,
            runs_per_day: bounded("options.runs_per_day", raw.runs_per_day, 1, 1440)? as u32,
            scope: run.scope,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawConfig {
        RawConfig {
            db: RawDb {
                host: "127.0.0.1".into(),
                name: "moodle".into(),
                prefix: "mdl_".into(),
                ..Default::default()
            },
            smtp: RawSmtp {
                host: "127.0.0.1".into(),
                port: 2525,
                ..Default::default()
            },
            site: RawSite {
                wwwroot: "https://learn.example.org/moodle/".into(),
                fullname: "Learn".into(),
                shortname: "L".into(),
                noreplyaddress: "noreply@example.org".into(),
                timezone: "Europe/Paris".into(),
                lang: "".into(),
            },
        }
    }

    #[test]
    fn a_moodle_configuration_is_accepted() {
        let c = Config::try_from(raw()).unwrap();
        assert_eq!(c.db.port, 3306);
        assert_eq!(c.site.host, "learn.example.org");
        assert_eq!(c.site.site.wwwroot, "https://learn.example.org/moodle");
        assert_eq!(c.site.site.lang, "en");
        assert_eq!(c.smtp.unwrap().port, 2525);
    }

    #[test]
    fn each_bad_setting_is_named() {
        type Spoil = Box<dyn Fn(&mut RawConfig)>;
        let cases: Vec<(&str, Spoil)> = vec![
            ("db.port", Box::new(|r| r.db.port = 70000)),
            ("db.prefix", Box::new(|r| r.db.prefix = "x; DROP".into())),
            ("db.name", Box::new(|r| r.db.name = " ".into())),
            ("db.host", Box::new(|r| r.db.host = "".into())),
            (
                "site.wwwroot",
                Box::new(|r| r.site.wwwroot = "javascript:alert(1)".into()),
            ),
            (
                "site.noreplyaddress",
                Box::new(|r| r.site.noreplyaddress = "no reply".into()),
            ),
            (
                "site.timezone",
                Box::new(|r| r.site.timezone = "Mars/Olympus".into()),
            ),
            (
                "smtp.secure",
                Box::new(|r| r.smtp.secure = "starttls-please".into()),
            ),
            ("smtp.port", Box::new(|r| r.smtp.port = -1)),
            ("smtp.timeout", Box::new(|r| r.smtp.timeout = -5)),
            ("smtp.timeout", Box::new(|r| r.smtp.timeout = 86_400)),
        ];
        for (setting, spoil) in cases {
            let mut r = raw();
            spoil(&mut r);
            let e = Config::try_from(r).unwrap_err();
            assert_eq!(e.setting, setting, "{e}");
        }
    }

    #[test]
    fn empty_smtp_host_means_no_smtp_and_ssl_defaults_to_465() {
        let mut r = raw();
        r.smtp.host = "".into();
        assert!(Config::try_from(r).unwrap().smtp.is_none());
        let mut r = raw();
        r.smtp.port = 0;
        r.smtp.secure = "ssl".into();
        assert_eq!(Config::try_from(r).unwrap().smtp.unwrap().port, 465);
    }

    #[test]
    fn fallback_smtp_servers_are_parsed_and_checked() {
        let mut r = raw();
        r.smtp.fallbacks = vec![
            "mail2.example.org:2525".into(),
            "[2001:db8::25]:465".into(),
            "mail3".into(),
        ];
        let s = Config::try_from(r).unwrap().smtp.unwrap();
        assert_eq!(
            s.fallbacks,
            [
                ("mail2.example.org".into(), 2525),
                ("2001:db8::25".into(), 465),
                ("mail3".into(), 25)
            ]
        );
        let mut r = raw();
        r.smtp.fallbacks = vec!["mail2:99999".into()];
        assert_eq!(Config::try_from(r).unwrap_err().setting, "smtp.fallbacks");
        let mut r = raw();
        r.smtp.fallbacks = vec!["bad host:25".into()];
        assert_eq!(Config::try_from(r).unwrap_err().setting, "smtp.fallbacks");
    }

    #[test]
    fn passwords_never_show_in_debug_output() {
        let mut r = raw();
        r.db.pass = "s3cr3t-db".into();
        r.smtp.user = "mailer".into();
        r.smtp.pass = "s3cr3t-smtp".into();
        let shown = format!("{:?}", Config::try_from(r.clone()).unwrap());
        assert!(!shown.contains("s3cr3t"), "{shown}");
        // The settings as PHP handed them over, too (a panic message or a log may print them).
        let raw = format!("{r:?} {:?} {:?}", r.db, r.smtp);
        assert!(!raw.contains("s3cr3t"), "{raw}");
        assert!(raw.contains("<hidden>"), "{raw}");
    }

    #[test]
    fn options_are_checked() {
        let ok = RawOptions {
            now: Some(1_795_000_000),
            mode: "dryrun".into(),
            ..Default::default()
        };
        let o = RunOptions::try_from(ok.clone()).unwrap();
        assert_eq!((o.mode, o.cap), (Mode::DryRun, DEFAULT_CAP));
        let millis = RawOptions {
            now: Some(1_795_000_000_000),
            ..ok.clone()
        };
        assert!(RunOptions::try_from(millis)
            .unwrap_err()
            .problem
            .contains("milliseconds"));
        let mode = RawOptions {
            mode: "sendall".into(),
            ..ok.clone()
        };
        assert_eq!(
            RunOptions::try_from(mode).unwrap_err().setting,
            "options.mode"
        );
        let cap = RawOptions {
            cap: Some(0),
            ..ok.clone()
        };
        assert_eq!(
            RunOptions::try_from(cap).unwrap_err().setting,
            "options.cap"
        );
        let ids = RawOptions {
            courses: vec![3, -1],
            ..ok
        };
        assert_eq!(
            RunOptions::try_from(ids).unwrap_err().setting,
            "options.courses"
        );
    }
}
