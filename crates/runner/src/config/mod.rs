//! Settings and options as PHP hands them over, and their validated form.
//!
//! The binding copies PHP arrays into the `Raw*` structs without judging them; [`Config::try_from`]
//! and [`RunOptions::try_from`] check every value once and name the offending setting and value, so
//! nothing downstream handles an invalid port, prefix, address, timezone or mode.
//!
//! `raw.rs` holds the shapes as given, `settings.rs` the site's settings, `rules.rs` Moodle's
//! decision settings, `options.rs` the options of one run or forecast.

use std::fmt;

mod audience;
mod bounce;
mod mail;
mod options;
mod raw;
mod rules;
mod settings;

pub use audience::{Audience, DEFAULT_DAILY_BUDGET};
pub use bounce::BounceAddress;
pub use mail::{moodle_validate_email, Divert, MailPolicy};
pub use options::{
    deadline, Detail, ForecastOptions, Mode, RunOptions, DEFAULT_CAP, MAX_CAP, MAX_DEADLINE_SECS,
};
pub use raw::{
    RawAudience, RawConfig, RawDb, RawForecast, RawMail, RawOptions, RawRules, RawSite, RawSmtp,
};
pub use settings::{Config, SiteConfig};

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

pub(crate) fn bad(setting: &str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        setting: setting.to_string(),
        problem: problem.into(),
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
            mail: RawMail::default(),
            rules: None,
            audience: RawAudience::default(),
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
            ("smtp.maxbulk", Box::new(|r| r.smtp.maxbulk = -1)),
            (
                "smtp.authtype",
                Box::new(|r| {
                    r.smtp.user = "mailer".into();
                    r.smtp.authtype = "XOAUTH2".into();
                }),
            ),
            (
                "mail.headers",
                Box::new(|r| r.mail.headers = "X-Ok: 1\nBcc: thief@example.org".into()),
            ),
            (
                "mail.charset",
                Box::new(|r| r.mail.charset = "klingon-1".into()),
            ),
            (
                "mail.divertto",
                Box::new(|r| r.mail.divertto = "qa@localhost".into()),
            ),
        ];
        for (setting, spoil) in cases {
            let mut r = raw();
            spoil(&mut r);
            let e = Config::try_from(r).unwrap_err();
            assert_eq!(e.setting, setting, "{e}");
        }
    }

    /// Item 6 of issue 12: the sender is the address Moodle's email_to_user() would use, or none.
    #[test]
    fn the_sender_is_the_one_moodle_would_use_or_none_with_the_setting_named() {
        let sender = |noreply: &str, wwwroot: &str| {
            let mut r = raw();
            r.site.noreplyaddress = noreply.into();
            r.site.wwwroot = wwwroot.into();
            Config::try_from(r).unwrap().site.noreply
        };
        assert_eq!(
            sender("", "https://learn.example.org/moodle"),
            Ok("noreply@learn.example.org".into())
        );
        assert_eq!(
            sender("no reply", "https://learn.example.org"),
            Ok("noreply@learn.example.org".into()),
            "an invalid noreplyaddress falls back as in Moodle"
        );
        assert_eq!(
            sender("helpdesk@example.org", "http://127.0.0.1"),
            Ok("helpdesk@example.org".into())
        );
        for wwwroot in ["http://127.0.0.1", "http://localhost:8080"] {
            let e = sender("", wwwroot).unwrap_err();
            assert!(e.contains("noreplyaddress"), "{e}");
            assert!(e.contains("validate_email"), "{e}");
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
            ..ok.clone()
        };
        assert_eq!(
            RunOptions::try_from(ids).unwrap_err().setting,
            "options.courses"
        );
    }

    /// Issue 13, item 1: a page's dry run or forecast takes a deadline; a run that sends or marks
    /// refuses one, saying why.
    #[test]
    fn a_deadline_is_for_dry_runs_and_forecasts_only() {
        let dry = RawOptions {
            now: Some(1_795_000_000),
            mode: "dryrun".into(),
            deadline: Some(5),
            ..Default::default()
        };
        let o = RunOptions::try_from(dry.clone()).unwrap();
        assert_eq!(o.deadline, Some(std::time::Duration::from_secs(5)));
        for mode in ["send", "markonly"] {
            let e = RunOptions::try_from(RawOptions {
                mode: mode.into(),
                ..dry.clone()
            })
            .unwrap_err();
            assert_eq!(e.setting, "options.deadline");
            assert!(e.problem.contains("cut mid-way"), "{e}");
            assert!(e.problem.contains(mode), "{e}");
        }
        for bad in [0, -1, MAX_DEADLINE_SECS + 1] {
            let e = RunOptions::try_from(RawOptions {
                deadline: Some(bad),
                ..dry.clone()
            })
            .unwrap_err();
            assert_eq!(e.setting, "options.deadline", "{bad}");
        }
        let f = ForecastOptions::try_from(RawForecast {
            deadline: Some(2),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(f.deadline, Some(std::time::Duration::from_secs(2)));
    }

    #[test]
    fn a_cap_up_to_the_maximum_is_taken_and_a_larger_one_refused_naming_it() {
        let with = |cap: i64| {
            RunOptions::try_from(RawOptions {
                now: Some(1_795_000_000),
                mode: "send".into(),
                cap: Some(cap),
                ..Default::default()
            })
        };
        assert_eq!(with(i64::from(MAX_CAP)).unwrap().cap, 1_000_000);
        for too_many in [1_000_001, i64::MAX] {
            let e = with(too_many).unwrap_err();
            assert_eq!(e.setting, "options.cap");
            assert!(e.problem.contains("maximum of 1000000"), "{}", e.problem);
        }
    }
}
