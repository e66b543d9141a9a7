//! No value can add a header: CR, LF and other controls in names, subjects, addresses and the
//! Message-ID either stay inside their header (encoded, on one line) or make the message a
//! permanent failure of its own. Fuzzed over hostile values, then checked on the wire format.

use course_notification_mailer::{build, is_valid_address, Outgoing};

fn outgoing() -> Outgoing {
    Outgoing {
        from_name: "Learn".into(),
        from_address: "noreply@example.org".into(),
        to_name: "Ana".into(),
        to_address: "ana@example.org".into(),
        subject: "Welcome".into(),
        text: "Hello".into(),
        html: Some("<p>Hello</p>".into()),
        message_id: "<firstassign.c1.u2.r0@example.org>".into(),
        envelope_from: None,
        unsubscribe: None,
    }
}

/// The header names of a formatted message (continuation lines folded in).
fn header_names(raw: &[u8]) -> Vec<String> {
    let s = String::from_utf8_lossy(raw);
    let head = s.split("\r\n\r\n").next().unwrap_or("").to_string();
    head.split("\r\n")
        .filter(|l| !l.starts_with([' ', '\t']))
        .map(|l| l.split(':').next().unwrap_or("").to_ascii_lowercase())
        .collect()
}

const HOSTILE: &[&str] = &[
    "\r\nBcc: thief@example.org",
    "\nBcc: thief@example.org",
    "\rBcc: thief@example.org",
    "\r\n\r\nX-Body: yes",
    "\u{0}Bcc: thief@example.org",
    "\u{85}Bcc: thief@example.org",
    "\u{2028}Bcc: thief@example.org",
    "=?utf-8?q?x=0D=0ABcc:_thief@example.org?=",
    "\" <thief@example.org>, \"x",
];

#[test]
fn names_subjects_and_message_ids_stay_in_their_header() {
    let expected = header_names(&build(&outgoing()).unwrap().formatted());
    for evil in HOSTILE {
        let cases = [
            Outgoing {
                from_name: format!("Learn{evil}"),
                ..outgoing()
            },
            Outgoing {
                to_name: format!("Ana{evil}"),
                ..outgoing()
            },
            Outgoing {
                subject: format!("Welcome{evil}"),
                ..outgoing()
            },
            Outgoing {
                subject: evil.repeat(200),
                ..outgoing()
            },
            Outgoing {
                message_id: format!("<x{evil}@example.org>"),
                ..outgoing()
            },
        ];
        for m in cases {
            // A value lettre refuses is a failure of this message only, never a forged header.
            let Ok(built) = build(&m) else { continue };
            let raw = built.formatted();
            let names = header_names(&raw);
            assert_eq!(names, expected, "{evil:?} changed the headers: {m:?}");
            let text = String::from_utf8_lossy(&raw);
            assert!(
                !text.to_ascii_lowercase().contains("\r\nbcc:"),
                "{evil:?}: {text}"
            );
        }
    }
}

#[test]
fn addresses_with_line_breaks_are_refused() {
    for evil in HOSTILE {
        let address = format!("ana@example.org{evil}");
        assert!(!is_valid_address(&address), "{address:?} was accepted");
        let to = Outgoing {
            to_address: address.clone(),
            ..outgoing()
        };
        let e = build(&to).expect_err("a recipient address with a line break");
        assert!(e.permanent, "{e}");
        let from = Outgoing {
            from_address: address,
            ..outgoing()
        };
        assert!(build(&from).is_err());
    }
    assert!(!is_valid_address("ana@example.org, thief@example.org"));
    assert!(!is_valid_address("Thief <thief@example.org>"));
}
