//! What the site's e-mail settings add to every message, as Moodle's `email_to_user()` applies
//! them: `$CFG->emailheaders`, `$CFG->sitemailcharset` and the DKIM key of
//! `$CFG->emaildkimselector`. Each is checked once, when the settings are read, so a message is
//! never half-dressed.

use std::fmt;
use std::sync::Arc;

use crate::ahead::Ahead;
use crate::dkim::Key;

/// Headers the message itself sets: an extra header may not add a second one (a second
/// `List-Unsubscribe` would also escape the DKIM signature, which covers the first of a name).
const OWN_HEADERS: &[&str] = &[
    "from",
    "to",
    "cc",
    "bcc",
    "reply-to",
    "sender",
    "subject",
    "date",
    "message-id",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
    "auto-submitted",
    "dkim-signature",
    "return-path",
    "list-unsubscribe",
    "list-unsubscribe-post",
];

/// Site-wide additions to every message.
#[derive(Clone, Default)]
pub struct Dressing {
    /// `$CFG->emailheaders`, each `(name, value)`, in order.
    pub headers: Vec<(String, String)>,
    /// `$CFG->sitemailcharset` when it is not UTF-8: bodies are sent in it.
    pub charset: Option<&'static encoding_rs::Encoding>,
    /// The DKIM signing key and where it applies.
    pub dkim: Option<Arc<Dkim>>,
}

/// A DKIM key ready to sign (`d=` the sender's domain, `s=` the selector).
pub struct Dkim {
    /// The selector (`$CFG->emaildkimselector`).
    pub selector: String,
    /// The signing domain: the sender address's domain, as Moodle takes it.
    pub domain: String,
    pub(crate) key: Key,
    /// Messages being signed ahead of their turn (see `ahead.rs`).
    pub(crate) ahead: Ahead,
}

impl fmt::Debug for Dressing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dressing")
            .field("headers", &self.headers)
            .field("charset", &self.charset.map(|c| c.name()))
            .field(
                "dkim",
                &self
                    .dkim
                    .as_ref()
                    .map(|d| format!("{}._domainkey.{}", d.selector, d.domain)),
            )
            .finish()
    }
}

impl PartialEq for Dressing {
    fn eq(&self, other: &Self) -> bool {
        let key = |d: &Dressing| {
            d.dkim
                .as_ref()
                .map(|k| (k.selector.clone(), k.domain.clone()))
        };
        self.headers == other.headers && self.charset == other.charset && key(self) == key(other)
    }
}

/// `$CFG->emailheaders` (Moodle: one header per line, each line trimmed, empty lines skipped, then
/// PHPMailer's `addCustomHeader('Name: value')`). Stricter than PHPMailer, which would silently
/// turn a line without a colon into an empty header: such a line, a name that is not a header
/// name, or a header the message sets itself is refused with the line's number.
pub fn parse_headers(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut headers = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let n = i + 1;
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("line {n} '{line}' is not 'Name: value'"));
        };
        let name = name.trim();
        // RFC 5322 field names: printable ASCII but ':' (and, in practice, no space).
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic() && b != b':') {
            return Err(format!("line {n}: '{name}' is not a header name"));
        }
        if name.len() > 76 {
            return Err(format!("line {n}: the header name '{name}' is too long"));
        }
        if OWN_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            return Err(format!(
                "line {n}: {name} is set by the message itself and cannot be added"
            ));
        }
        let value = value.trim();
        if value.chars().any(char::is_control) {
            return Err(format!(
                "line {n}: the value of {name} holds a control character"
            ));
        }
        headers.push((name.to_string(), value.to_string()));
    }
    Ok(headers)
}

/// `$CFG->sitemailcharset`: `None` for UTF-8 (Moodle's default, also when empty or `0`: the admin
/// setting stores `'0'` for "UTF-8" and `email_to_user()` tests it with `empty()`), the encoding
/// for any charset Moodle lists (`get_list_of_charsets()`: ISO-8859-x, windows-125x, KOI8-R,
/// EUC-JP, Shift_JIS, ISO-2022-JP, EUC-KR, GB18030, Big5...), an error for a name no encoder knows.
pub fn parse_charset(name: &str) -> Result<Option<&'static encoding_rs::Encoding>, String> {
    let name = name.trim();
    if name.is_empty()
        || name == "0"
        || name.eq_ignore_ascii_case("utf-8")
        || name.eq_ignore_ascii_case("utf8")
    {
        return Ok(None);
    }
    match encoding_rs::Encoding::for_label(name.as_bytes()) {
        Some(e) if e == encoding_rs::UTF_8 => Ok(None),
        // These decode only (the WHATWG set has no encoder for them): sending in them is impossible.
        Some(e) if e.output_encoding() != e => Err(format!(
            "'{name}' cannot be used to write mail (use UTF-8, Moodle's default)"
        )),
        Some(e) => Ok(Some(e)),
        None => Err(format!("'{name}' is not a character set the engine knows")),
    }
}

/// The DKIM key as Moodle's mailer finds it: `<dataroot>/dkim/<domain>/<selector>.private`, with
/// `domain` the sender address's domain. `Ok(None)` when there is no such file: Moodle then sends
/// unsigned (it only notes it in developer debugging), and so does the engine. A file that exists
/// but holds no RSA key in PEM form (PKCS#1 `BEGIN RSA PRIVATE KEY` or PKCS#8 `BEGIN PRIVATE
/// KEY`, as `openssl genrsa` writes them) is an error: PHPMailer would fail every message.
pub fn load_dkim(dataroot: &str, selector: &str, sender: &str) -> Result<Option<Dkim>, String> {
    let domain = sender.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
    if selector.is_empty() || domain.is_empty() {
        return Ok(None);
    }
    if selector.contains(['/', '\\']) || selector.starts_with('.') || domain.contains(['/', '\\']) {
        return Err(format!("'{selector}' is not a DKIM selector"));
    }
    let path = std::path::Path::new(dataroot)
        .join("dkim")
        .join(domain)
        .join(format!("{selector}.private"));
    let pem = match std::fs::read_to_string(&path) {
        Ok(pem) => pem,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let dkim =
        dkim_from_pem(selector, domain, &pem).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Some(dkim))
}

/// A signing configuration from an RSA private key in PEM (PKCS#1 or PKCS#8). PHPMailer signs
/// relaxed/relaxed, and so does the engine (`dkim.rs`, with the headers it lists).
pub fn dkim_from_pem(selector: &str, domain: &str, pem: &str) -> Result<Dkim, String> {
    Ok(Dkim {
        selector: selector.to_string(),
        domain: domain.to_ascii_lowercase(),
        key: Key::from_pem(pem)?,
        ahead: Ahead::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_headers_are_read_as_moodle_reads_them_and_malformed_lines_refused() {
        let ok = parse_headers("X-Site: learn\r\n\n  List-Id:  <learn.example.org>  \n").unwrap();
        assert_eq!(
            ok,
            [
                ("X-Site".to_string(), "learn".to_string()),
                ("List-Id".to_string(), "<learn.example.org>".to_string())
            ]
        );
        for (bad, says) in [
            // The engine writes the one-click unsubscribe headers itself (RFC 8058).
            (
                "X-Site: learn\r\n\n  List-Unsubscribe: <mailto:u@example.org>  \n",
                "line 3: List-Unsubscribe is set by the message",
            ),
            (
                "list-unsubscribe-post: List-Unsubscribe=One-Click",
                "set by the message",
            ),
            ("X-Site learn", "line 1"),
            ("\nBad Name: x", "line 2"),
            ("Bcc: thief@example.org", "set by the message"),
            ("subject: x", "set by the message"),
            ("X-A: a\u{7}b", "control"),
        ] {
            let e = parse_headers(bad).unwrap_err();
            assert!(e.contains(says), "{bad:?}: {e}");
        }
    }

    /// Both PEM forms `openssl genrsa` writes (PKCS#8 since OpenSSL 3, PKCS#1 with -traditional)
    /// load, as PHPMailer loads both; anything else is refused with a reason.
    #[test]
    fn dkim_keys_load_in_both_pem_forms_openssl_writes() {
        let dir = std::env::temp_dir().join(format!("cn-dkimkeys-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("dkim/example.org")).unwrap();
        for (selector, extra) in [("pkcs8", None), ("pkcs1", Some("-traditional"))] {
            let path = dir.join(format!("dkim/example.org/{selector}.private"));
            let mut c = std::process::Command::new("openssl");
            c.arg("genrsa");
            if let Some(flag) = extra {
                c.arg(flag);
            }
            let out = c
                .args(["-out", path.to_str().unwrap(), "1024"])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let key = load_dkim(dir.to_str().unwrap(), selector, "noreply@example.org")
                .unwrap()
                .unwrap_or_else(|| panic!("{selector}: no key"));
            assert_eq!(
                (key.selector.as_str(), key.domain.as_str()),
                (selector, "example.org")
            );
        }
        let pem = std::fs::read_to_string(dir.join("dkim/example.org/pkcs1.private")).unwrap();
        assert!(
            pem.contains("BEGIN RSA PRIVATE KEY"),
            "-traditional writes PKCS#1"
        );
        // No file: unsigned, as Moodle. A path in the selector: refused.
        assert!(
            load_dkim(dir.to_str().unwrap(), "none", "noreply@example.org")
                .unwrap()
                .is_none()
        );
        assert!(load_dkim(dir.to_str().unwrap(), "../x", "noreply@example.org").is_err());
        std::fs::write(dir.join("dkim/example.org/junk.private"), "junk").unwrap();
        assert!(load_dkim(dir.to_str().unwrap(), "junk", "noreply@example.org").is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn charsets_moodle_lists_are_known_and_utf8_is_the_default() {
        assert_eq!(parse_charset("").unwrap(), None);
        assert_eq!(parse_charset("UTF-8").unwrap(), None);
        // What Moodle stores for its default (Site administration > Server > Email > sitemailcharset).
        assert_eq!(parse_charset("0").unwrap(), None);
        for name in [
            "ISO-8859-1",
            "windows-1252",
            "KOI8-R",
            "Shift_JIS",
            "EUC-JP",
            "Big5",
            "GB18030",
        ] {
            assert!(parse_charset(name).unwrap().is_some(), "{name}");
        }
        assert!(parse_charset("klingon-1").is_err());
    }
}
