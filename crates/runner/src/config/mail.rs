//! The site's e-mail switches, as Moodle's `email_to_user()` (lib/moodlelib.php) applies them:
//! `noemailever`, `divertallemailsto` with `divertallemailsexcept`, `emailsubjectprefix`,
//! `emailheaders`, `sitemailcharset` and the DKIM key of `emaildkimselector`; and Moodle's
//! `validate_email()` (lib/weblib.php), which every address Moodle mails must pass.

use std::sync::Arc;

use course_notification_mailer::{load_dkim, parse_charset, parse_headers, Dressing};
use regex::Regex;

use super::{bad, ConfigError, RawMail};

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
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MailPolicy {
    /// `$CFG->noemailever`: nothing is sent; messages wait in the outbox.
    pub off: bool,
    /// `$CFG->divertallemailsto`, when set.
    pub divert: Option<Divert>,
    /// `$CFG->emailsubjectprefix` (Moodle's template core/email_subject: `prefix subject`).
    pub subject_prefix: String,
    /// Extra headers, charset, DKIM.
    pub dressing: Dressing,
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
        Ok(MailPolicy {
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

/// Moodle's `validate_email()`: PHPMailer's `validateAddress()` with its default validator, PHP's
/// `filter_var($address, FILTER_VALIDATE_EMAIL)`, and no `<` or `>`. PHP's filter is one regular
/// expression (ext/filter/logical_filters.c) with look-aheads the `regex` crate lacks; they only
/// bound lengths, checked here in code. The grammar:
/// - local part: dot-separated atoms of ASCII letters, digits and ``!#$%&'*+-/=?^_`{|}~``, or
///   quoted strings (no space, no bare quote or backslash), at most 64 characters;
/// - domain: two or more labels (`xn--`, letters, digits, inner hyphens), each under 64 characters,
///   the last starting with a letter (or `xn--`); or an address literal, `[1.2.3.4]` or
///   `[IPv6:...]`; so `noreply@127.0.0.1` and `noreply@localhost` are refused, as Moodle refuses
///   them;
/// - no more than 254 characters, ASCII only, no line break.
pub fn moodle_validate_email(address: &str) -> bool {
    use std::sync::OnceLock;
    static LOCAL: OnceLock<Regex> = OnceLock::new();
    static DOMAIN: OnceLock<Regex> = OnceLock::new();
    if address.is_empty()
        || !address.is_ascii()
        || address.len() > 254
        || address.contains(['<', '>'])
    {
        return false;
    }
    let Some((local, domain)) = address.rsplit_once('@') else {
        return false;
    };
    let local_ok = LOCAL.get_or_init(|| {
        let atom = r"[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+";
        let quoted = r#""(?:[\x01-\x08\x0B\x0C\x0E-\x1F\x21\x23-\x5B\x5D-\x7F]|\\[\x00-\x7F])*""#;
        Regex::new(&format!(r"^(?:{atom}|{quoted})(?:\.(?:{atom}|{quoted}))*$")).expect("valid")
    });
    if local.len() > 64 || !local_ok.is_match(local) {
        return false;
    }
    if let Some(literal) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        return match literal.get(..5) {
            Some(tag) if tag.eq_ignore_ascii_case("IPv6:") => {
                literal[5..].parse::<std::net::Ipv6Addr>().is_ok()
            }
            _ => literal.parse::<std::net::Ipv4Addr>().is_ok(),
        };
    }
    let domain_ok = DOMAIN.get_or_init(|| {
        Regex::new(
            r"(?i)^(?:(?:xn--)?[a-z0-9]+(?:-+[a-z0-9]+)*\.)+(?:[a-z][a-z0-9]*|xn--[a-z0-9]+)(?:-+[a-z0-9]+)*$",
        )
        .expect("valid")
    });
    domain_ok.is_match(domain) && domain.split('.').all(|label| label.len() < 64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each address with PHP 8.2's answer (`filter_var($a, FILTER_VALIDATE_EMAIL) !== false &&
    /// !preg_match('/[<>]/', $a)`, that is Moodle's validate_email()), asked of PHP itself.
    #[test]
    fn addresses_are_judged_as_moodle_validate_email_judges_them() {
        let x63 = "x".repeat(63);
        let x64 = "x".repeat(64);
        let x65 = "x".repeat(65);
        let cases: Vec<(String, bool)> = vec![
            ("noreply@127.0.0.1".into(), false),
            ("noreply@localhost".into(), false),
            ("a@b.c".into(), true),
            ("a@b.co".into(), true),
            ("a@1.com".into(), true),
            ("a@b.1".into(), false),
            ("a@b-.com".into(), false),
            ("a@-b.com".into(), false),
            ("a@b.c-d".into(), true),
            ("a@b.c1".into(), true),
            ("a@xn--b.com".into(), true),
            ("a@b.xn--p1ai".into(), true),
            ("a.b@c.org".into(), true),
            ("a..b@c.org".into(), false),
            (".a@c.org".into(), false),
            ("a.@c.org".into(), false),
            ("\"a b\"@c.org".into(), false),
            ("a+b@c.org".into(), true),
            ("a@[127.0.0.1]".into(), true),
            ("a@[IPv6:::1]".into(), true),
            ("a@b..com".into(), false),
            ("a@b.com.".into(), false),
            ("ü@b.com".into(), false),
            ("a@bü.com".into(), false),
            ("a b@c.org".into(), false),
            ("a<b@c.org".into(), false),
            ("a@b_c.com".into(), false),
            ("a@B.COM".into(), true),
            ("a@b.c-".into(), false),
            (format!("a@{x63}.com"), true),
            (format!("a@{x64}.com"), false),
            (format!("{x64}@b.com"), true),
            (format!("{x65}@b.com"), false),
            ("a@b.com\n".into(), false),
            ("!#$%&*+/=?^_`{|}~-@b.com".into(), true),
            ("a\"b@c.org".into(), false),
            ("a@b.c.d.e.f".into(), true),
            ("a@1.2.3.4".into(), false),
            ("a@sub.example-site.org".into(), true),
            ("a@ex--ample.org".into(), true),
            ("a@e.x1y".into(), true),
            ("x@y.-z".into(), false),
        ];
        for (address, php) in cases {
            assert_eq!(moodle_validate_email(&address), php, "{address:?}");
        }
    }

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
