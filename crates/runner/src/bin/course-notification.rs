//! `course-notification`: one run of the engine from the command line, for operators and for the
//! crash tests (a process that can be killed at any point). Moodle sites use the PHP extension;
//! this command takes the same settings as flags and prints the counts as JSON.
//!
//! ```text
//! course-notification --db-host 127.0.0.1 --db-name moodle --db-user u --db-pass p [--prefix mdl_]
//!     [--smtp-host 127.0.0.1 --smtp-port 25] --wwwroot https://m.example.org --noreply noreply@m.example.org
//!     [--timezone Europe/Paris] [--mode send|dryrun|markonly] [--cap 200] [--now UNIX]
//! ```

use std::process::ExitCode;

use course_notification_runner::config::{
    Config, RawAudience, RawConfig, RawDb, RawMail, RawOptions, RawSite, RawSmtp, RunOptions,
};

const USAGE: &str = "usage: [CN_DB_PASS=... CN_SMTP_PASS=...] course-notification --db-name NAME --db-user USER [--db-pass PASS] [--db-host HOST] \
[--db-port PORT] [--db-socket PATH] [--db-type mariadb|mysqli|pgsql] [--db-schema SCHEMA] [--prefix mdl_] [--smtp-host HOST --smtp-port PORT] [--smtp-timeout SECONDS] --wwwroot URL --noreply ADDRESS \
[--timezone Europe/Paris] [--mode send|dryrun|markonly] [--cap 200] [--connections 1] [--deliver-only] [--now UNIX] \
[--smtp-secure tls|ssl] [--smtp-user USER] [--smtp-authtype LOGIN|PLAIN] [--smtp-allow-plain-auth] [--smtp-maxbulk N] \
[--noemailever] [--divert-to ADDRESS] [--divert-except PATTERNS] [--subject-prefix TEXT] [--email-headers TEXT] \
[--mail-charset CHARSET] [--dkim-selector SELECTOR --dataroot DIR] \
[--handlebounces --maildomain DOMAIN [--mailprefix PREFIX] --siteidentifier ID] \
[CN_UNSUBSCRIBE_SECRET=...] [--daily-budget 3] [--min-gap MINUTES] [--digest]\n\
Moodle's decision settings (siteadmins, siteguest, guestroleid, defaultuserroleid, forcetimezone, handlebounces, \
minbounces, bounceratio) are read from the site's config table: this command has no $CFG, so a value forced in \
config.php is not seen here (Moodle's scheduled task, through the PHP extension, uses $CFG's).";

fn main() -> ExitCode {
    match run() {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("course-notification: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<String, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| -> Option<String> {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let int = |name: &str| -> Result<Option<i64>, String> {
        flag(name)
            .map(|v| {
                v.parse()
                    .map_err(|_| format!("{name} takes a number, got '{v}'"))
            })
            .transpose()
    };
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(USAGE.to_string());
    }
    let raw = RawConfig {
        db: RawDb {
            kind: flag("--db-type").unwrap_or_default(),
            host: flag("--db-host").unwrap_or_else(|| "127.0.0.1".into()),
            port: int("--db-port")?.unwrap_or(0),
            socket: flag("--db-socket").unwrap_or_default(),
            name: flag("--db-name").unwrap_or_default(),
            user: flag("--db-user").unwrap_or_default(),
            // From the environment by preference: a flag is visible to every local user (ps).
            pass: flag("--db-pass")
                .or_else(|| std::env::var("CN_DB_PASS").ok())
                .unwrap_or_default(),
            prefix: flag("--prefix").unwrap_or_else(|| "mdl_".into()),
            schema: flag("--db-schema").unwrap_or_default(),
        },
        smtp: RawSmtp {
            host: flag("--smtp-host").unwrap_or_default(),
            port: int("--smtp-port")?.unwrap_or(0),
            secure: flag("--smtp-secure").unwrap_or_default(),
            user: flag("--smtp-user").unwrap_or_default(),
            pass: flag("--smtp-pass")
                .or_else(|| std::env::var("CN_SMTP_PASS").ok())
                .unwrap_or_default(),
            fallbacks: Vec::new(),
            sendmail: flag("--sendmail").unwrap_or_default(),
            timeout: int("--smtp-timeout")?.unwrap_or(0),
            authtype: flag("--smtp-authtype").unwrap_or_default(),
            allowplain: args.iter().any(|a| a == "--smtp-allow-plain-auth"),
            maxbulk: int("--smtp-maxbulk")?.unwrap_or(0),
        },
        site: RawSite {
            wwwroot: flag("--wwwroot").unwrap_or_default(),
            fullname: flag("--site-name").unwrap_or_else(|| "Moodle".into()),
            shortname: flag("--site-shortname").unwrap_or_else(|| "moodle".into()),
            noreplyaddress: flag("--noreply").unwrap_or_default(),
            timezone: flag("--timezone").unwrap_or_else(|| "UTC".into()),
            lang: flag("--lang").unwrap_or_else(|| "en".into()),
        },
        mail: RawMail {
            noemailever: args.iter().any(|a| a == "--noemailever"),
            divertto: flag("--divert-to").unwrap_or_default(),
            divertexcept: flag("--divert-except").unwrap_or_default(),
            subjectprefix: flag("--subject-prefix").unwrap_or_default(),
            headers: flag("--email-headers").unwrap_or_default(),
            charset: flag("--mail-charset").unwrap_or_default(),
            dkimselector: flag("--dkim-selector").unwrap_or_default(),
            dataroot: flag("--dataroot").unwrap_or_default(),
            handlebounces: args.iter().any(|a| a == "--handlebounces"),
            mailprefix: flag("--mailprefix").unwrap_or_default(),
            maildomain: flag("--maildomain").unwrap_or_default(),
            siteidentifier: flag("--siteidentifier").unwrap_or_default(),
        },
        // No $CFG here: the decision settings are read from Moodle's config table.
        rules: None,
        audience: RawAudience {
            // From the environment by preference, as the passwords: a flag is visible to `ps`.
            secret: std::env::var("CN_UNSUBSCRIBE_SECRET")
                .ok()
                .or_else(|| flag("--unsubscribe-secret"))
                .unwrap_or_default(),
            dailybudget: int("--daily-budget")?,
            mingap: int("--min-gap")?.unwrap_or(0),
            digest: args.iter().any(|a| a == "--digest"),
        },
    };
    let config = Config::try_from(raw).map_err(|e| e.to_string())?;
    let options = RunOptions::try_from(RawOptions {
        now: int("--now")?,
        mode: flag("--mode").unwrap_or_else(|| "dryrun".into()),
        cap: int("--cap")?,
        connections: int("--connections")?,
        message: args.iter().any(|a| a == "--message"),
        evaluate: args.iter().any(|a| a == "--deliver-only").then_some(false),
        detail: "none".into(),
        ..Default::default()
    })
    .map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let report = runtime
        .block_on(course_notification_runner::run(&config, &options))
        .map_err(|e| e.to_string())?;
    let c = &report.counts;
    Ok(format!(
        "{{\"evaluated\":{},\"accepted\":{},\"queued\":{},\"sent\":{},\"failed\":{},\"deferred\":{},\"recovered\":{},\"rows_read\":{},\"connections\":{},\"skipped\":{}}}",
        c.evaluated,
        c.accepted,
        c.queued,
        c.sent,
        c.failed,
        c.deferred,
        c.recovered,
        c.rows_read,
        c.connections,
        report.skipped.is_some()
    ))
}
