//! Building the MIME message.

use lettre::address::Envelope;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::Message;

use crate::dkim;
use crate::dressing::{Dkim, Dressing};
use crate::error::SendError;

/// A message as the outbox holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// Sender display name (the site's name).
    pub from_name: String,
    /// Sender address (`noreplyaddress`).
    pub from_address: String,
    /// Recipient display name.
    pub to_name: String,
    /// Recipient address.
    pub to_address: String,
    /// Subject.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// HTML body; `None` sends text only (`user.mailformat = 0`).
    pub html: Option<String>,
    /// Message-ID, with its angle brackets.
    pub message_id: String,
    /// Envelope sender (SMTP `MAIL FROM`, sendmail `-f`, the Return-Path the receiver writes):
    /// Moodle's bounce address with `handlebounces`; `None`: the sender address.
    pub envelope_from: Option<String>,
    /// The one-click unsubscribe link (RFC 8058): when set, the message carries
    /// `List-Unsubscribe: <URL>` and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, both
    /// covered by the DKIM signature when the site signs. `None`: neither header.
    pub unsubscribe: Option<String>,
}

/// `Auto-Submitted: auto-generated` (RFC 3834), so autoresponders do not answer.
#[derive(Debug, Clone)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoSubmitted)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_string())
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058 section 3.1, this exact value):
/// tells the receiver that a POST to the `List-Unsubscribe` https URL unsubscribes without any
/// further step.
#[derive(Debug, Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_string())
    }
}

/// The longest `List-Unsubscribe` value written: with its name, the line stays under RFC 5322's
/// 998 characters (the value is one word, which lettre never folds: see [`list_unsubscribe`]).
const MAX_UNSUBSCRIBE: usize = 998 - "List-Unsubscribe: ".len();

/// `List-Unsubscribe: <URL>` (RFC 2369). The URL is made one printable ASCII word: control
/// characters dropped, and anything a header or the angle brackets could misread (space, `<`, `>`,
/// `"`, non-ASCII) percent-encoded, as a browser turns an IRI into a URI. Being one word, lettre
/// writes it on one line, unfolded, so no receiver has to rejoin a URL and DKIM's relaxed
/// canonicalisation sees it exactly as written.
fn list_unsubscribe(url: &str) -> Result<HeaderValue, SendError> {
    let mut value = String::with_capacity(url.len() + 2);
    value.push('<');
    for c in url.trim().chars().filter(|c| !c.is_control()) {
        if c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"') {
            value.push(c);
        } else {
            for b in c.to_string().bytes() {
                value.push_str(&format!("%{b:02X}"));
            }
        }
    }
    value.push('>');
    if value.len() > MAX_UNSUBSCRIBE {
        return Err(SendError::permanent(format!(
            "the unsubscribe link is {} characters long, more than a header line holds",
            value.len()
        )));
    }
    Ok(HeaderValue::new(
        HeaderName::new_from_ascii_str("List-Unsubscribe"),
        value,
    ))
}

/// Control characters never reach a header, whoever built the value.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn mailbox(name: &str, address: &str, role: &str) -> Result<Mailbox, SendError> {
    let address = address
        .trim()
        .parse()
        .map_err(|e| SendError::permanent(format!("invalid {role} address '{address}': {e}")))?;
    let name = one_line(name).trim().to_string();
    Ok(Mailbox::new(
        if name.is_empty() { None } else { Some(name) },
        address,
    ))
}

/// The envelope of `message`: its recipients, and `m.envelope_from` as the sender when set.
pub fn envelope(m: &Outgoing, message: &Message) -> Result<Envelope, SendError> {
    let Some(from) = &m.envelope_from else {
        return Ok(message.envelope().clone());
    };
    let from = from.trim().parse().map_err(|e| {
        SendError::permanent(format!("invalid envelope sender address '{from}': {e}"))
    })?;
    Envelope::new(Some(from), message.envelope().to().to_vec())
        .map_err(|e| SendError::permanent(format!("cannot build the envelope: {e}")))
}

/// Whether `address` is one lettre will accept as a mailbox address.
pub fn is_valid_address(address: &str) -> bool {
    address.trim().parse::<lettre::Address>().is_ok()
}

/// Builds the message; an unusable address is a permanent failure of this message only.
pub fn build(m: &Outgoing) -> Result<Message, SendError> {
    build_with(m, &Dressing::default())
}

/// A body part in the site's mail charset: UTF-8 by default; in `$CFG->sitemailcharset` when set,
/// as Moodle converts its bodies (characters that charset lacks become numeric character
/// references, where Moodle's iconv would transliterate or drop them).
fn part(kind: &str, text: &str, dressing: &Dressing) -> Result<SinglePart, SendError> {
    let (charset, bytes) = match dressing.charset {
        None => ("utf-8", text.as_bytes().to_vec()),
        Some(enc) => (enc.name(), enc.encode(text).0.into_owned()),
    };
    let content_type = ContentType::parse(&format!("text/{kind}; charset={charset}"))
        .map_err(|e| SendError::permanent(format!("cannot build the message: {e}")))?;
    Ok(SinglePart::builder().header(content_type).body(bytes))
}

/// Builds the message with the site's extra headers, charset and DKIM signature (Moodle's
/// `emailheaders`, `sitemailcharset`, `emaildkimselector`).
pub fn build_with(m: &Outgoing, dressing: &Dressing) -> Result<Message, SendError> {
    let mut builder = Message::builder()
        .from(mailbox(&m.from_name, &m.from_address, "sender")?)
        .to(mailbox(&m.to_name, &m.to_address, "recipient")?)
        .subject(one_line(&m.subject))
        .message_id(Some(one_line(&m.message_id)))
        .header(AutoSubmitted);
    for (name, value) in &dressing.headers {
        // Names and values were checked when the settings were read (dressing::parse_headers).
        let name = HeaderName::new_from_ascii(name.clone())
            .map_err(|e| SendError::permanent(format!("extra header '{name}': {e}")))?;
        builder = builder.raw_header(HeaderValue::new(name, one_line(value)));
    }
    // After the site's headers, which may not name these two (dressing::OWN_HEADERS): DKIM signs
    // the first header of a name, and a receiver must see one link only.
    if let Some(url) = &m.unsubscribe {
        builder = builder
            .raw_header(list_unsubscribe(url)?)
            .header(ListUnsubscribePost);
    }
    let built = match &m.html {
        Some(html) => builder.multipart(
            MultiPart::alternative()
                .singlepart(part("plain", &m.text, dressing)?)
                .singlepart(part("html", html, dressing)?),
        ),
        None => builder.singlepart(part("plain", &m.text, dressing)?),
    };
    let mut message =
        built.map_err(|e| SendError::permanent(format!("cannot build the message: {e}")))?;
    if let Some(dkim) = &dressing.dkim {
        let header = sign(&message.formatted(), dkim)?;
        let value = header
            .trim_end()
            .strip_prefix("DKIM-Signature: ")
            .unwrap_or_default()
            .to_string();
        // Pre-encoded: the value is ASCII, folded by dkim::signature, and must stay exactly so.
        message
            .headers_mut()
            .insert_raw(HeaderValue::dangerous_new_pre_encoded(
                HeaderName::new_from_ascii_str("DKIM-Signature"),
                value.clone(),
                value,
            ));
    }
    Ok(message)
}

/// The `DKIM-Signature` header of `formatted` (the message as sent).
fn sign(formatted: &[u8], dkim: &Dkim) -> Result<String, SendError> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Not this message's fault (the key's, or the machine's): retried like a temporary failure.
    dkim::signature(formatted, &dkim.domain, &dkim.selector, &dkim.key, now).map_err(|detail| {
        SendError {
            permanent: false,
            detail,
        }
    })
}

/// A message ready for the wire: its envelope and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rendered {
    pub(crate) envelope: Envelope,
    pub(crate) bytes: Vec<u8>,
}

/// `m` as it goes on the wire, signed when the site signs: the signature header first, as
/// signers write it, over the bytes that follow it.
pub(crate) fn render(m: &Outgoing, dressing: &Dressing) -> Result<Rendered, SendError> {
    let unsigned = Dressing {
        dkim: None,
        ..dressing.clone()
    };
    let message = build_with(m, &unsigned)?;
    let envelope = envelope(m, &message)?;
    let formatted = message.formatted();
    let bytes = match &dressing.dkim {
        None => formatted,
        Some(dkim) => {
            let mut bytes = sign(&formatted, dkim)?.into_bytes();
            bytes.extend_from_slice(&formatted);
            bytes
        }
    };
    Ok(Rendered { envelope, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outgoing() -> Outgoing {
        Outgoing {
            from_name: "Académie\r\nBcc: thief@example.org".into(),
            from_address: "noreply@example.org".into(),
            to_name: "Ana\nX-Injected: yes".into(),
            to_address: "ana@example.org".into(),
            subject: "Welcome\r\nBcc: thief@example.org".into(),
            text: "Hello".into(),
            html: Some("<p>Hello</p>".into()),
            message_id: "<firstassign.c1.u2.r0@example.org>".into(),
            envelope_from: None,
            unsubscribe: None,
        }
    }

    fn headers(raw: &[u8]) -> Vec<String> {
        let s = String::from_utf8_lossy(raw);
        let head = s.split("\r\n\r\n").next().unwrap_or("").to_string();
        // Unfold continuation lines: a header is a line that does not start with white space.
        head.split("\r\n")
            .filter(|l| !l.starts_with([' ', '\t']))
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn no_value_can_add_a_header() {
        let raw = build(&outgoing()).unwrap().formatted();
        let names: Vec<String> = headers(&raw)
            .iter()
            .map(|h| h.split(':').next().unwrap_or("").to_string())
            .collect();
        assert!(
            !names.iter().any(|n| n.eq_ignore_ascii_case("bcc")),
            "{names:?}"
        );
        assert!(
            !names.iter().any(|n| n.eq_ignore_ascii_case("x-injected")),
            "{names:?}"
        );
        assert!(names.contains(&"Auto-Submitted".to_string()));
        assert!(names.contains(&"Message-ID".to_string()));
    }

    #[test]
    fn text_only_when_the_learner_wants_plain_text() {
        let m = Outgoing {
            html: None,
            ..outgoing()
        };
        let raw = String::from_utf8(build(&m).unwrap().formatted()).unwrap();
        assert!(raw.contains("Content-Type: text/plain"));
        assert!(!raw.contains("text/html"));
    }

    #[test]
    fn a_bad_recipient_is_a_permanent_failure() {
        let m = Outgoing {
            to_address: "not an address".into(),
            ..outgoing()
        };
        let e = build(&m).unwrap_err();
        assert!(e.permanent);
        assert!(e.detail.contains("recipient"));
    }

    const URL: &str =
        "https://learn.example.org/blocks/course_notification/unsubscribe.php?token=42-7-calls-abc";

    /// The header lines of `name` as written (continuation lines kept).
    fn raw_header(raw: &[u8], name: &str) -> Vec<String> {
        let s = String::from_utf8_lossy(raw);
        let head = s.split("\r\n\r\n").next().unwrap_or("").to_string();
        let prefix = format!("{}:", name.to_ascii_lowercase());
        let mut found = Vec::new();
        let mut lines = head.split("\r\n").peekable();
        while let Some(line) = lines.next() {
            if line.to_ascii_lowercase().starts_with(&prefix) {
                let mut whole = line.to_string();
                while lines.peek().is_some_and(|l| l.starts_with([' ', '\t'])) {
                    whole.push_str("\r\n");
                    whole.push_str(lines.next().unwrap_or_default());
                }
                found.push(whole);
            }
        }
        found
    }

    #[test]
    fn one_click_unsubscribe_is_the_two_headers_of_rfc_8058() {
        let m = Outgoing {
            unsubscribe: Some(URL.into()),
            ..outgoing()
        };
        let raw = build(&m).unwrap().formatted();
        assert_eq!(
            raw_header(&raw, "List-Unsubscribe"),
            [format!("List-Unsubscribe: <{URL}>")]
        );
        assert_eq!(
            raw_header(&raw, "List-Unsubscribe-Post"),
            ["List-Unsubscribe-Post: List-Unsubscribe=One-Click"]
        );
        // Without a link, neither.
        let raw = build(&outgoing()).unwrap().formatted();
        assert!(raw_header(&raw, "List-Unsubscribe").is_empty());
        assert!(raw_header(&raw, "List-Unsubscribe-Post").is_empty());
    }

    /// A link far longer than a folded line (a long wwwroot, a long custom topic) stays one
    /// unfolded line: lettre folds only between words and the value is one word.
    #[test]
    fn a_long_link_stays_whole_on_one_line() {
        let long = format!(
            "https://learn.example.org/{}/blocks/course_notification/unsubscribe.php?token=123456-789-{}-{}",
            "moodle".repeat(30),
            "a_custom_reminder_code".repeat(3),
            "x".repeat(43)
        );
        let m = Outgoing {
            unsubscribe: Some(long.clone()),
            ..outgoing()
        };
        let raw = build(&m).unwrap().formatted();
        assert_eq!(
            raw_header(&raw, "List-Unsubscribe"),
            [format!("List-Unsubscribe: <{long}>")]
        );
        // Beyond what a header line may hold: this message fails, nothing is cut.
        let m = Outgoing {
            unsubscribe: Some(format!("https://e.org/?t={}", "x".repeat(1000))),
            ..outgoing()
        };
        assert!(build(&m).unwrap_err().permanent);
    }

    /// Nothing in the link can end the header or its angle brackets: line breaks are dropped,
    /// spaces, brackets, quotes and non-ASCII percent-encoded.
    #[test]
    fn the_link_cannot_break_out_of_its_header() {
        let m = Outgoing {
            unsubscribe: Some("https://é.org/u?t=a b>\r\nBcc: thief@example.org<\"".into()),
            ..outgoing()
        };
        let raw = build(&m).unwrap().formatted();
        assert_eq!(
            raw_header(&raw, "List-Unsubscribe"),
            ["List-Unsubscribe: <https://%C3%A9.org/u?t=a%20b%3EBcc:%20thief@example.org%3C%22>"]
        );
        assert!(raw_header(&raw, "Bcc").is_empty());
    }
}
