//! One-click unsubscribe links (RFC 8058): a token that names the recipient, the course and the
//! topic, signed with the site's secret, so that the link needs no login and cannot be forged or
//! altered; rotating the secret revokes every link at once.
//!
//! The format is shared with the plugin's PHP (`classes/local/unsubscribe_token.php`), which
//! checks it: `<userid>-<courseid>-<topic>-<mac>`, where `mac` is the unpadded base64url of
//! HMAC-SHA256(secret, `unsubscribe:<userid>-<courseid>-<topic>`). Topics are lower-case letters,
//! digits and `_` (codes as the definitions allow them), so `-` separates unambiguously, and the
//! whole token is safe in a URL as it is.

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The script the links point to, under the site's `wwwroot`.
pub const SCRIPT: &str = "/blocks/course_notification/unsubscribe.php";

/// The learner's preferences page, under the site's `wwwroot`.
pub const PREFERENCES: &str = "/blocks/course_notification/preferences.php";

/// The token for `user_id`'s mail of `topic` in `course_id` (0: every course).
pub fn token(secret: &str, user_id: i64, course_id: i64, topic: &str) -> String {
    let payload = format!("{user_id}-{course_id}-{topic}");
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(b"unsubscribe:");
    mac.update(payload.as_bytes());
    let mac = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{payload}-{mac}")
}

/// The https (or http, as the site is) link of that token.
pub fn url(wwwroot: &str, secret: &str, user_id: i64, course_id: i64, topic: &str) -> String {
    format!(
        "{}{SCRIPT}?token={}",
        wwwroot.trim_end_matches('/'),
        token(secret, user_id, course_id, topic)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value computed independently (`php -r 'echo rtrim(strtr(base64_encode(hash_hmac(
    /// "sha256", "unsubscribe:42-7-accessend", "0123456789abcdef0123456789abcdef", true)),
    /// "+/", "-_"), "=");'`), so Rust and PHP cannot drift apart unnoticed.
    #[test]
    fn the_token_is_the_documented_hmac() {
        assert_eq!(
            token("0123456789abcdef0123456789abcdef", 42, 7, "accessend"),
            format!("42-7-accessend-{}", EXPECTED)
        );
    }

    const EXPECTED: &str = "xXU4E9ExBJK-SjBi4SVylA_ngHyRG64XrmoeHnO2U9Q";

    #[test]
    fn any_change_changes_the_mac() {
        let s = "0123456789abcdef0123456789abcdef";
        let t = token(s, 42, 7, "accessend");
        assert_ne!(t, token(s, 43, 7, "accessend"));
        assert_ne!(t, token(s, 42, 0, "accessend"));
        assert_ne!(t, token(s, 42, 7, "calls"));
        assert_ne!(t, token("another secret, rotated", 42, 7, "accessend"));
        assert!(url("https://learn.example.org/", s, 42, 7, "all")
            .starts_with("https://learn.example.org/blocks/course_notification/unsubscribe.php?token=42-7-all-"));
    }
}
