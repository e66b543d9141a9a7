//! Which addresses Moodle mails: its `validate_email()` (lib/weblib.php), that `email_to_user()`
//! (lib/moodlelib.php) asks of the recipient and the sender, and the reserved `.invalid` domain it
//! skips. One port, used by rule W and by the runner's checks of the sender and divert addresses.

use regex::Regex;

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

/// `email_to_user()`'s last check: an address ending in `.invalid` (RFC 2606's reserved domain,
/// which sites use to switch a user's mail off) is skipped, as PHP's
/// `substr($user->email, -8) == '.invalid'` (case matters there, so it does here).
pub fn reserved_invalid(address: &str) -> bool {
    address.ends_with(".invalid")
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

    /// PHP's `substr($a, -8) == '.invalid'` for each, asked of PHP 8.2.
    #[test]
    fn the_reserved_invalid_domain_is_recognised_as_moodle_does() {
        for (address, php) in [
            ("ana@example.invalid", true),
            ("ana@invalid", false),
            ("ana@example.INVALID", false),
            ("ana@example.invalid.org", false),
            (".invalid", true),
            ("ana@example.org", false),
        ] {
            assert_eq!(reserved_invalid(address), php, "{address:?}");
        }
    }
}
