//! The site's settings, validated: database, mail server, site, Moodle's decision settings.

use std::time::Duration;

use chrono_tz::Tz;

use course_notification_engine::model::Site;
use course_notification_engine::time;
use course_notification_mailer::{
    is_valid_address, AuthType, Security, SmtpSettings, Transport, DEFAULT_TIMEOUT,
};
use course_notification_store::CfgSettings;
use course_notification_store::{DbKind, DbSettings, Tables};

use super::audience::Audience;
use super::mail::{moodle_validate_email, MailPolicy};
use super::rules::rules;
use super::{bad, ConfigError, RawConfig};

/// Site information the engine and the messages need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteConfig {
    /// For templates.
    pub site: Site,
    /// The sender address, or why there is none that Moodle would use: messages then wait in
    /// the outbox, and a sending run says why (dry runs and forecasts still work).
    pub noreply: Result<String, String>,
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
    /// The e-mail switches of `email_to_user()`.
    pub mail: MailPolicy,
    /// Moodle's decision settings as `$CFG` holds them; `None`: read from the `config` table.
    pub rules: Option<CfgSettings>,
    /// What learners receive: the unsubscribe secret, the daily budget, digests.
    pub audience: Audience,
}

/// The sender address exactly as Moodle's `email_to_user()` picks it: `$CFG->noreplyaddress`, or
/// `noreply@<wwwroot's host>` when it is empty or fails `validate_email()`. Moodle does not check
/// that fallback; PHPMailer then refuses it as From and Moodle's own mail fails on that site (for
/// example `noreply@127.0.0.1`). The engine says so instead, naming the setting.
fn sender_address(configured: &str, host: &str) -> Result<String, String> {
    let fallback = format!("noreply@{host}");
    let configured = configured.trim();
    let chosen = if !configured.is_empty() && moodle_validate_email(configured) {
        configured.to_string()
    } else {
        fallback
    };
    if moodle_validate_email(&chosen) && is_valid_address(&chosen) {
        return Ok(chosen);
    }
    let why = if configured.is_empty() {
        "noreplyaddress is empty".to_string()
    } else {
        format!("noreplyaddress '{configured}' is not a valid address")
    };
    Err(format!(
        "no sender address: {why} and Moodle's fallback '{chosen}' (noreply@ the site's host) is \
         refused by Moodle's validate_email(), so Moodle's own mail fails too; set a valid \
         no-reply address (Site administration > Server > Email > Outgoing mail configuration: \
         noreplyaddress)"
    ))
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
        let kind = DbKind::from_moodle(&d.kind).ok_or_else(|| {
            bad(
                "db.type",
                format!(
                    "'{}' is not a database the engine serves (MariaDB, MySQL or PostgreSQL)",
                    d.kind
                ),
            )
        })?;
        let schema = match (kind, d.schema.trim()) {
            (_, "") => None,
            (DbKind::Postgres, s) => {
                Some(DbSettings::schema_name(s).map_err(|e| bad("db.schema", e.to_string()))?)
            }
            (DbKind::Mysql, _) => return Err(bad("db.schema", "only PostgreSQL has schemas")),
        };
        let db = DbSettings {
            kind,
            host: d.host.trim().to_string(),
            port: port("db.port", d.port, kind.default_port())?,
            socket,
            schema,
            name: d.name.trim().to_string(),
            user: d.user,
            pass: d.pass,
            // Set per call, from the run's deadline (see `crate::deadline`).
            statement_timeout: None,
        };

        let s = raw.site;
        let host = url_host(s.wwwroot.trim()).ok_or_else(|| {
            bad(
                "site.wwwroot",
                format!("'{}' is not an http(s) address", s.wwwroot),
            )
        })?;
        let noreply = sender_address(&s.noreplyaddress, &host);
        // Legacy values ('-3', '5.5', 'UTC+2') are normalised as core_date does.
        let timezone: Tz = time::known(s.timezone.trim()).ok_or_else(|| {
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
            noreply,
            host: host.clone(),
        };
        let mail = MailPolicy::from_raw(raw.mail, site.noreply.as_ref().ok().map(String::as_str))?;
        let rules = raw.rules.map(rules).transpose()?;
        let audience = Audience::try_from(raw.audience)?;

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
            // Moodle's smtpauthtype (admin/settings/server.php offers LOGIN, PLAIN and, with an
            // OAuth 2 issuer, XOAUTH2; PHPMailer also knows CRAM-MD5). Checked only where it is
            // used, with a user, and before any message is claimed.
            let auth_type = match m.authtype.trim().to_ascii_uppercase().as_str() {
                "" | "LOGIN" => AuthType::Login,
                "PLAIN" => AuthType::Plain,
                _ if m.user.is_empty() => AuthType::Login,
                other => {
                    return Err(bad(
                        "smtp.authtype",
                        format!(
                            "'{other}' is not supported by the engine (only LOGIN and PLAIN): \
                             set smtpauthtype to LOGIN or PLAIN, or send with Moodle's own mailer"
                        ),
                    ))
                }
            };
            let per_connection = match m.maxbulk {
                0 => None,
                1..=100_000 => Some(m.maxbulk as u32),
                other => {
                    return Err(bad(
                        "smtp.maxbulk",
                        format!("{other} is not a number of messages from 1 to 100000"),
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
                auth_type,
                allow_plain_auth: m.allowplain,
                per_connection,
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
            mail,
            rules,
            audience,
        })
    }
}

#[cfg(test)]
mod timezone_tests {
    use super::*;
    use crate::config::{RawDb, RawSite};

    fn with_timezone(tz: &str) -> Result<Config, ConfigError> {
        Config::try_from(RawConfig {
            db: RawDb {
                host: "127.0.0.1".into(),
                name: "moodle".into(),
                prefix: "mdl_".into(),
                ..Default::default()
            },
            site: RawSite {
                wwwroot: "https://learn.example.org".into(),
                noreplyaddress: "noreply@learn.example.org".into(),
                timezone: tz.into(),
                ..Default::default()
            },
            ..Default::default()
        })
    }

    /// The site's timezone as Moodle's `core_date::get_server_timezone()` normalises a stored
    /// value: legacy numbers and `UTC±N` are mapped, names PHP does not know are refused.
    #[test]
    fn the_site_timezone_takes_legacy_values_as_core_date_does() {
        for (given, zone) in [
            ("Europe/Paris", "Europe/Paris"),
            ("-3", "Etc/GMT+3"),
            ("5.5", "Asia/Kolkata"),
            ("UTC+2", "Etc/GMT-2"),
        ] {
            let c = with_timezone(given).unwrap_or_else(|e| panic!("{given}: {e}"));
            assert_eq!(c.site.site.timezone.name(), zone, "{given}");
        }
        for refused in ["Mars/Olympus", "99", ""] {
            assert_eq!(with_timezone(refused).unwrap_err().setting, "site.timezone");
        }
    }
}
