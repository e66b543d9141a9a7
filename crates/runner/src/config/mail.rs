//! The site's e-mail switches, as Moodle's `email_to_user()` (lib/moodlelib.php) applies them:
//! `noemailever`, `divertallemailsto` with `divertallemailsexcept`, `emailsubjectprefix`,
//! `emailheaders`, `sitemailcharset` and the DKIM key of `emaildkimselector`. Moodle's
//! `validate_email()` is the engine's (`course_notification_engine::address`), shared with rule W.

use std::sync::Arc;

use course_notification_mailer::{load_dkim, parse_charset, parse_headers, Dressing};
use regex::Regex;

use super::bounce::BounceAddress;
use super::{bad, ConfigError, RawMail};
pub use course_notification_engine::address::moodle_validate_email;

/// Where `divertallemailsto` sends, and who is let through.
#[derive(Debug, Clone)]
pub struct Divert {
    /// `divertallemailsto`.
    pub to: String,
    /// `divertallemailsexcept`, compiled.
    pub except: Vec<Regex>,
}

impl PartialEq for Divert {
    fn eq(&self, other: &Self) -> bool {
        let patterns = |d: &Divert| {
            d.except
                .iter()
                .map(|r| r.as_str().to_string())
                .collect::<Vec<_>>()
        };
        self.to == other.to && patterns(self) == patterns(other)
    }
}

impl Divert {
    /// Moodle's `email_should_be_diverted($email)`: every address is diverted unless one of the
    /// exception patterns matches it (PHP's `preg_match("/{$pattern}/i", $email)`: anywhere in the
    /// address, ignoring case).
    pub fn applies_to(&self, email: &str) -> bool {
        !self.except.iter().any(|r| r.is_match(email))
    }

    /// Moodle's subject for a diverted message: `[DIVERTED <original address>] <subject>`.
    pub fn subject(original: &str, subject: &str) -> String {
        format!("[DIVERTED {original}] {subject}")
    }
}

/// What the site's settings do to every message.
#[derive(Debug, Clone, PartialEq)]
pub struct MailPolicy {
    /// `$CFG->noemailever`: nothing is sent; messages wait in the outbox.
    pub off: bool,
    /// `$CFG->divertallemailsto`, when set.
    pub divert: Option<Divert>,
    /// `$CFG->emailsubjectprefix` (Moodle's template core/email_subject: `prefix subject`).
    pub subject_prefix: String,
    /// Extra headers, charset, DKIM.
    pub dressing: Dressing,
    /// `$CFG->handlebounces`: the envelope sender is Moodle's bounce address, or why Moodle
    /// could not make one (nothing is sent then). `Ok(None)`: the sender address.
    pub bounces: Result<Option<BounceAddress>, String>,
}

impl Default for MailPolicy {
    fn default() -> MailPolicy {
        MailPolicy {
            off: false,
            divert: None,
            subject_prefix: String::new(),
            dressing: Dressing::default(),
            bounces: Ok(None),
        }
    }
}

impl MailPolicy {
    /// The subject as Moodle's `email_to_user()` writes it: the diversion mark first (added before
    /// the template), then the template's prefix.
    pub fn subject(&self, original_recipient: &str, diverted: bool, subject: &str) -> String {
        let subject = if diverted {
            Divert::subject(original_recipient, subject)
        } else {
            subject.to_string()
        };
        if self.subject_prefix.is_empty() {
            subject
        } else {
            format!("{} {subject}", self.subject_prefix)
        }
    }

    /// The envelope sender (SMTP `MAIL FROM`, sendmail `-f`) of a message to the user `user_id` at
    /// `to` (the address it goes to, after diversion), as `email_to_user()` sets `$mail->Sender`:
    /// the bounce address with `handlebounces`, else `None` (the sender address).
    pub fn envelope_sender(&self, user_id: i64, to: &str) -> Option<String> {
        match &self.bounces {
            Ok(Some(b)) => Some(b.for_recipient(user_id, to)),
            _ => None,
        }
    }

    /// Reads the switches; `sender` is the validated sender address (its domain names the key).
    pub(crate) fn from_raw(m: RawMail, sender: Option<&str>) -> Result<MailPolicy, ConfigError> {
        let divert = match m.divertto.trim() {
            "" => None,
            to => {
                // Moodle mails the diverted message only if validate_email() takes the address.
                if !moodle_validate_email(to) {
                    return Err(bad(
                        "mail.divertto",
                        format!("'{to}' is not an address Moodle's validate_email() accepts"),
                    ));
                }
                let mut except = Vec::new();
                // Moodle: preg_split("/[\s,]+/", divertallemailsexcept, -1, PREG_SPLIT_NO_EMPTY).
                for pattern in m
                    .divertexcept
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|p| !p.is_empty())
                {
                    except.push(Regex::new(&format!("(?i){pattern}")).map_err(|e| {
                        bad(
                            "mail.divertexcept",
                            format!(
                                "'{pattern}' is not a regular expression the engine can use: {e}"
                            ),
                        )
                    })?);
                }
                Some(Divert {
                    to: to.to_string(),
                    except,
                })
            }
        };
        let headers = parse_headers(&m.headers).map_err(|e| bad("mail.headers", e))?;
        let charset = parse_charset(&m.charset).map_err(|e| bad("mail.charset", e))?;
        let selector = m.dkimselector.trim();
        let dkim = match sender {
            Some(sender) if !selector.is_empty() => load_dkim(&m.dataroot, selector, sender)
                .map_err(|e| bad("mail.dkimselector", e))?
                .map(Arc::new),
            _ => None,
        };
        let bounces = if m.handlebounces {
            let b = BounceAddress {
                // PHPMailer trims the whole address (preSend), so only its two ends.
                prefix: m.mailprefix.trim_start().to_string(),
                domain: m.maildomain.trim_end().to_string(),
                site_identifier: m.siteidentifier,
            };
            b.check().map(|()| Some(b))
        } else {
            Ok(None)
        };
        Ok(MailPolicy {
            bounces,
            off: m.noemailever,
            divert,
            subject_prefix: m.subjectprefix.trim().to_string(),
            dressing: Dressing {
                headers,
                charset,
                dkim,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(divertexcept: &str) -> RawMail {
        RawMail {
            divertto: "qa@example.org".into(),
            divertexcept: divertexcept.into(),
            ..RawMail::default()
        }
    }

    #[test]
    fn diversion_follows_email_should_be_diverted() {
        // Moodle's config-dist.php example: 'tester@dev.com, fred(\+.*)?@example.com'.
        let p =
            MailPolicy::from_raw(raw("tester@dev.com, fred(\\+.*)?@example.com"), None).unwrap();
        let d = p.divert.unwrap();
        assert!(!d.applies_to("tester@dev.com"));
        assert!(!d.applies_to("FRED+x@Example.com"), "case is ignored (/i)");
        assert!(
            !d.applies_to("alfred@example.com"),
            "unanchored, as preg_match"
        );
        assert!(d.applies_to("ana@example.org"));
        // Separated by new lines too (the admin setting is a text area).
        let p = MailPolicy::from_raw(raw("a@x\\.org\n\nb@y\\.org"), None).unwrap();
        let d = p.divert.unwrap();
        assert!(!d.applies_to("b@y.org") && d.applies_to("c@z.org"));
        // No exception: everything is diverted.
        assert!(MailPolicy::from_raw(raw(""), None)
            .unwrap()
            .divert
            .unwrap()
            .applies_to("tester@dev.com"));
        // A pattern the engine cannot read is named, not ignored.
        let e = MailPolicy::from_raw(raw("(?<=x)y"), None).unwrap_err();
        assert_eq!(e.setting, "mail.divertexcept");
    }

    #[test]
    fn the_subject_carries_the_diversion_then_the_prefix_as_moodle_writes_it() {
        let p = MailPolicy {
            subject_prefix: "[Learn]".into(),
            ..MailPolicy::default()
        };
        assert_eq!(
            p.subject("ana@example.org", true, "Welcome"),
            "[Learn] [DIVERTED ana@example.org] Welcome"
        );
        assert_eq!(
            p.subject("ana@example.org", false, "Welcome"),
            "[Learn] Welcome"
        );
        assert_eq!(
            MailPolicy::default().subject("a@b.org", false, "Welcome"),
            "Welcome"
        );
    }
}
