//! The envelope sender (Return-Path) Moodle's `email_to_user()` gives a message when
//! `$CFG->handlebounces` is on, so that Moodle's bounce handler (tool_messageinbound) counts the
//! bounces of these messages too, and rule T (`over_bounce_threshold()`) sees them.
//!
//! lib/moodlelib.php, Moodle 5.0:
//! `$modargs = 'B'.base64_encode(pack('V', $user->id)).substr(md5($user->email), 0, 16);`
//! `$mail->Sender = generate_email_processing_address(0, $modargs);` where
//! `generate_email_processing_address()` is
//! `$header = $CFG->mailprefix . substr(base64_encode(pack('C', $modid)), 0, 2) . $modargs;`
//! `return $header . substr(md5($header . get_site_identifier()), 0, 16) . '@' . $CFG->maildomain;`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use md5::{Digest, Md5};

use course_notification_engine::address::moodle_validate_email;

/// What the bounce address is made of: `$CFG->mailprefix`, `$CFG->maildomain`,
/// `$CFG->siteidentifier`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BounceAddress {
    /// `$CFG->mailprefix` (config.php only; unset is '').
    pub prefix: String,
    /// `$CFG->maildomain` (config.php only).
    pub domain: String,
    /// `get_site_identifier()`.
    pub site_identifier: String,
}

fn md5_hex16(text: &str) -> String {
    Md5::digest(text.as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl BounceAddress {
    /// Moodle's envelope sender for the user `user_id` mailed at `email` (the address the message
    /// goes to, after `divertallemailsto`: Moodle replaces `$user->email` before this point).
    pub fn for_recipient(&self, user_id: i64, email: &str) -> String {
        // pack('V', $id): 32-bit little-endian, the id's low 32 bits.
        let id = STANDARD.encode((user_id as u32).to_le_bytes());
        let modargs = format!("B{id}{}", md5_hex16(email));
        // substr(base64_encode(pack('C', 0)), 0, 2) is "AA".
        let header = format!("{}AA{modargs}", self.prefix);
        let check = md5_hex16(&format!("{header}{}", self.site_identifier));
        format!("{header}{check}@{}", self.domain)
    }

    /// With `handlebounces` on, Moodle sets this address whatever it is; PHPMailer then refuses an
    /// invalid one (`preSend()`: "Invalid address (Sender)") and no message leaves, for example
    /// when `maildomain` is unset. The shape does not depend on the user (the base64 and md5
    /// parts have fixed lengths and characters a local part takes), so one sample answers for
    /// every recipient. The engine refuses to send, naming the settings, instead of failing each
    /// message.
    pub fn check(&self) -> Result<(), String> {
        let sample = self.for_recipient(2, "user@example.org");
        if moodle_validate_email(&sample) {
            return Ok(());
        }
        let why = if self.domain.trim().is_empty() {
            "$CFG->maildomain is not set".to_string()
        } else {
            format!(
                "'{sample}' (from $CFG->mailprefix '{}' and $CFG->maildomain '{}') is not a valid \
                 address",
                self.prefix, self.domain
            )
        };
        Err(format!(
            "no bounce address: $CFG->handlebounces is on but {why}, so Moodle's own mail fails \
             too (PHPMailer refuses the envelope sender); set $CFG->maildomain (and a short \
             $CFG->mailprefix) in config.php, or turn handlebounces off"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> BounceAddress {
        BounceAddress {
            prefix: "mdl+".into(),
            domain: "bounces.example.org".into(),
            site_identifier: "K3jq2mXvN8pR4tYw6zB1cD5fG7hJ9kLmlearn.example.org".into(),
        }
    }

    /// Values computed by PHP 8.2 running Moodle's two expressions (scripts/lib/bounce_address.php
    /// PREFIX DOMAIN SITEIDENTIFIER USERID EMAIL).
    #[test]
    fn the_address_is_moodles_generate_email_processing_address() {
        let cases = [
            (
                7,
                "serge@example.org",
                "mdl+AABBwAAAA==9cdda9eb4af8d74e8e4f27ef8d35a01c@bounces.example.org",
            ),
            (
                123456,
                "ana@example.org",
                "mdl+AABQOIBAA==ee63465620787644f07fc0e7e8519d28@bounces.example.org",
            ),
            // pack('V') keeps the low 32 bits of a larger id.
            (
                5_000_000_000,
                "ana@example.org",
                "mdl+AABAPIFKg==ee634656207876440c08d150ca764407@bounces.example.org",
            ),
        ];
        for (id, email, php) in cases {
            assert_eq!(site().for_recipient(id, email), php, "{id} {email}");
        }
    }

    #[test]
    fn a_bounce_address_moodle_cannot_use_is_refused_naming_the_setting() {
        assert_eq!(site().check(), Ok(()));
        let no_domain = BounceAddress {
            domain: String::new(),
            ..site()
        };
        let e = no_domain.check().unwrap_err();
        assert!(e.contains("$CFG->maildomain is not set"), "{e}");
        let bad_prefix = BounceAddress {
            prefix: "a b".into(),
            ..site()
        };
        assert!(bad_prefix.check().unwrap_err().contains("mailprefix"));
        assert_eq!(
            BounceAddress {
                prefix: String::new(),
                ..site()
            }
            .check(),
            Ok(())
        );
    }
}
