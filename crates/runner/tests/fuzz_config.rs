//! Bounded fuzzing (proptest) of the settings and options as PHP or the command line hand them
//! over: `Config::try_from`, `RunOptions::try_from` and `ForecastOptions::try_from` on arbitrary
//! raw values. No panic; an error names a known setting and never shows a password; what is
//! accepted is usable (a port in range, a prefix that cannot break SQL, a cap within bounds).

use course_notification_runner::config::{
    Config, ForecastOptions, RawAudience, RawConfig, RawDb, RawForecast, RawMail, RawOptions,
    RawRules, RawSite, RawSmtp, RunOptions,
};
use proptest::prelude::*;

const DB_PASS: &str = "Db-S3cret!";
const SMTP_PASS: &str = "Smtp-S3cret!";

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// A usable value, an odd one, or noise.
fn text(usable: &'static [&'static str]) -> impl Strategy<Value = String> {
    let odd = prop::sample::select(vec![
        "",
        " ",
        "\u{0}",
        "\r\n",
        "a'b",
        "x`; DROP TABLE mdl_user; --",
        "é",
        "MDL_",
        "javascript:alert(1)",
        "https://",
        "https://exa mple.org",
        "http://[::1]:8080/moodle",
        "no reply",
        "a@b",
        "ssl",
        "tls",
        "TLS",
        "none",
        "Bogus/Zone",
        "/usr/sbin/sendmail -t -i",
        "sendmail",
        "host:99999",
        "[2001:db8::1]:25",
        ":25",
    ]);
    prop_oneof![
        3 => prop::sample::select(usable.to_vec()).prop_map(str::to_string),
        2 => odd.prop_map(str::to_string),
        1 => any::<String>().prop_map(|s| s.chars().take(30).collect()),
        1 => "[a-z_0-9]{0,24}",
    ]
}

fn number() -> impl Strategy<Value = i64> {
    prop_oneof![
        2 => -2i64..70_000,
        1 => prop::sample::select(vec![0, -1, 1, 25, 465, 587, 3306, 65_535, 65_536, 600, 601, i64::MIN, i64::MAX]),
        1 => any::<i64>(),
    ]
}

fn raw_config() -> impl Strategy<Value = RawConfig> {
    let db = (
        text(&["127.0.0.1", "localhost", "db.example.org"]),
        number(),
        text(&["", "/run/mysqld/mysqld.sock"]),
        text(&["moodle", "cn_x"]),
        text(&["moodle", "cn"]),
        prop::sample::select(vec![DB_PASS, ""]),
        text(&["mdl_", "", "m42_"]),
    )
        .prop_map(|(host, port, socket, name, user, pass, prefix)| RawDb {
            host,
            port,
            socket,
            name,
            user,
            pass: pass.to_string(),
            prefix,
            ..Default::default()
        });
    let smtp = (
        text(&["", "127.0.0.1", "smtp.example.org"]),
        number(),
        text(&["", "tls", "ssl"]),
        text(&["", "mailer"]),
        prop::sample::select(vec![SMTP_PASS, ""]),
        prop::collection::vec(text(&["mail2.example.org:2525", "mail3"]), 0..3),
        text(&["", "/usr/sbin/sendmail -t -i"]),
        number(),
    )
        .prop_map(
            |(host, port, secure, user, pass, fallbacks, sendmail, timeout)| RawSmtp {
                host,
                port,
                secure,
                user,
                pass: pass.to_string(),
                fallbacks,
                sendmail,
                timeout,
                ..RawSmtp::default()
            },
        );
    let smtp = (smtp, text(&["", "LOGIN", "PLAIN", "XOAUTH2"]), number()).prop_map(
        |(smtp, authtype, maxbulk)| RawSmtp {
            authtype,
            maxbulk,
            ..smtp
        },
    );
    let mail = (
        any::<bool>(),
        text(&["", "qa@example.org", "qa@localhost"]),
        text(&["", "tester@dev.com, fred(\\+.*)?@example.com", "(?<=x)"]),
        text(&["", "[Learn]"]),
        text(&["", "X-Site: learn", "X-Site learn", "Bcc: a@b.org"]),
        text(&["", "UTF-8", "ISO-8859-1", "klingon"]),
    )
        .prop_map(
            |(noemailever, divertto, divertexcept, subjectprefix, headers, charset)| RawMail {
                noemailever,
                divertto,
                divertexcept,
                subjectprefix,
                headers,
                charset,
                ..RawMail::default()
            },
        );
    let site = (
        text(&["https://learn.example.org", "http://localhost/moodle/"]),
        text(&["Learn", "<b>Académie</b>"]),
        text(&["L"]),
        text(&["noreply@example.org"]),
        text(&["Europe/Paris", "UTC", "America/Sao_Paulo"]),
        text(&["en", "fr", ""]),
    )
        .prop_map(
            |(wwwroot, fullname, shortname, noreplyaddress, timezone, lang)| RawSite {
                wwwroot,
                fullname,
                shortname,
                noreplyaddress,
                timezone,
                lang,
            },
        );
    // $CFG's decision settings, or none (the command line reads the config table).
    let rules = prop::option::of(
        (
            text(&["2", "2,15", " 2 , 15 ", "2;15", "admin", "-2"]),
            number(),
            number(),
            number(),
            text(&["", "99", "Europe/Paris", "-3", "Mars/Olympus"]),
            any::<bool>(),
            number(),
            prop_oneof![
                Just(0.0),
                Just(0.2),
                Just(-0.5),
                Just(f64::NAN),
                any::<f64>()
            ],
        )
            .prop_map(
                |(
                    siteadmins,
                    siteguest,
                    guestroleid,
                    defaultuserroleid,
                    forcetimezone,
                    handlebounces,
                    minbounces,
                    bounceratio,
                )| RawRules {
                    siteadmins,
                    siteguest,
                    guestroleid,
                    defaultuserroleid,
                    forcetimezone,
                    handlebounces,
                    minbounces,
                    bounceratio,
                },
            ),
    );
    (db, smtp, site, mail, rules).prop_map(|(db, smtp, site, mail, rules)| RawConfig {
        db,
        smtp,
        site,
        mail,
        rules,
        audience: RawAudience::default(),
    })
}

const SETTINGS: &[&str] = &[
    "db.host",
    "db.port",
    "db.name",
    "db.prefix",
    "site.wwwroot",
    "site.noreplyaddress",
    "site.timezone",
    "smtp.sendmail",
    "smtp.secure",
    "smtp.fallbacks",
    "smtp.port",
    "smtp.timeout",
    "smtp.authtype",
    "smtp.maxbulk",
    "mail.divertto",
    "mail.divertexcept",
    "mail.headers",
    "mail.charset",
    "rules.siteadmins",
    "rules.siteguest",
    "rules.guestroleid",
    "rules.defaultuserroleid",
    "rules.forcetimezone",
    "rules.minbounces",
    "rules.bounceratio",
];

fn opt_number() -> impl Strategy<Value = Option<i64>> {
    prop::option::of(number())
}

fn raw_options() -> impl Strategy<Value = RawOptions> {
    (
        prop::option::of(prop_oneof![
            1_795_305_600i64..1_795_305_601,
            number(),
            Just(1_795_305_600_000i64)
        ]),
        text(&["send", "dryrun", "markonly"]),
        prop::collection::vec(number(), 0..4),
        prop::collection::vec(number(), 0..4),
        opt_number(),
        text(&["", "all", "accepted", "none"]),
        prop::option::of((number(), number(), any::<bool>())),
        opt_number(),
        any::<bool>(),
    )
        .prop_map(
            |(now, mode, courses, users, cap, detail, window, connections, message)| RawOptions {
                now,
                mode,
                courses,
                users,
                cap,
                detail,
                window,
                connections,
                message,
                ..RawOptions::default()
            },
        )
}

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn settings_are_usable_or_named(raw in raw_config()) {
        let shown = format!("{raw:?}");
        prop_assert!(!shown.contains("S3cret"), "{}", shown);
        match Config::try_from(raw.clone()) {
            Ok(c) => {
                prop_assert!(c.db.port >= 1);
                prop_assert!(raw.db.prefix.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'));
                prop_assert!(!c.site.host.is_empty());
                prop_assert!(!c.site.host.contains(['/', ' ', '\r', '\n', '<']));
                if let Some(s) = &c.smtp {
                    prop_assert!(s.port >= 1);
                    prop_assert!((1..=600).contains(&s.timeout.as_secs()));
                }
                if let Some(r) = &c.rules {
                    prop_assert!(r.admins.iter().all(|&id| id > 0));
                    prop_assert!(r.bounces.iter().all(|b| b.min >= 0.0 && b.ratio >= 0.0 && b.ratio.is_finite()));
                }
                let debug = format!("{c:?}");
                prop_assert!(!debug.contains("S3cret"), "{}", debug);
            }
            Err(e) => {
                prop_assert!(SETTINGS.contains(&e.setting.as_str()), "{}", e);
                prop_assert!(!e.problem.is_empty());
                let message = e.to_string();
                prop_assert!(!message.contains("S3cret"), "{}", message);
                let head = format!("invalid setting {}: ", e.setting);
                prop_assert!(message.starts_with(&head), "{}", message);
            }
        }
    }

    #[test]
    fn options_are_usable_or_named(raw in raw_options()) {
        match RunOptions::try_from(raw.clone()) {
            Ok(o) => {
                prop_assert!((1..=32_503_680_000).contains(&o.now));
                prop_assert!((1..=1_000_000).contains(&o.cap));
                prop_assert!((1..=16).contains(&o.connections));
                prop_assert!(o.scope.courses.iter().chain(&o.scope.users).all(|&id| id > 0));
                if let Some(w) = o.window {
                    prop_assert!(w.start_hour <= 24 && w.end_hour <= 24);
                }
            }
            Err(e) => {
                prop_assert!(e.setting.starts_with("options."), "{}", e);
                prop_assert!(!e.problem.is_empty());
            }
        }
        let forecast = RawForecast {
            now: raw.now,
            days: raw.cap,
            cap: raw.connections,
            runs_per_day: raw.window.map(|w| w.0),
            courses: raw.courses,
            users: raw.users,
            deadline: None,
        };
        match ForecastOptions::try_from(forecast) {
            Ok(f) => prop_assert!((1..=366).contains(&f.days) && (1..=1440).contains(&f.runs_per_day)),
            Err(e) => prop_assert!(e.setting.starts_with("options."), "{}", e),
        }
    }
}
