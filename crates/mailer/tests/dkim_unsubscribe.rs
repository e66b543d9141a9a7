//! The one-click unsubscribe headers under the site's DKIM signature (RFC 8058 section 4), checked
//! by an independent verifier: dkimpy, through `scripts/lib/mail_check.py`, handed the public key
//! as the selector's TXT record (no DNS). Short and long links (a long wwwroot and a long custom
//! topic: the line lettre cannot fold) must verify; a changed link, or a link added to a message
//! signed without one, must not.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use course_notification_mailer::{build_with, dkim_from_pem, Dressing, Outgoing};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn openssl(args: &[&str]) -> Vec<u8> {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A key of `bits` as `openssl genrsa` writes it, and its TXT record.
fn key(dir: &Path, bits: &str) -> (String, String) {
    let private = dir.join(format!("k{bits}.private"));
    openssl(&["genrsa", "-out", private.to_str().unwrap(), bits]);
    let public = String::from_utf8(openssl(&[
        "rsa",
        "-in",
        private.to_str().unwrap(),
        "-pubout",
    ]))
    .unwrap();
    let b64: String = public.lines().filter(|l| !l.starts_with("-----")).collect();
    (
        std::fs::read_to_string(private).unwrap(),
        format!("v=DKIM1; k=rsa; p={b64}"),
    )
}

/// dkimpy's verdict and the signature's tags, as mail_check.py reports them.
fn verify(dir: &Path, raw: &[u8], txt: &str) -> (bool, String) {
    let file = dir.join(format!("m{}.eml", raw.len()));
    std::fs::write(&file, raw).unwrap();
    let out = Command::new("python3")
        .arg(root().join("scripts/lib/mail_check.py"))
        .arg(&file)
        .args(["--dkim-txt", txt])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = String::from_utf8(out.stdout).unwrap();
    let ok = json.contains("\"dkim\": true");
    assert!(ok || json.contains("\"dkim\": false"), "{json}");
    (ok, json)
}

fn outgoing(unsubscribe: Option<String>) -> Outgoing {
    Outgoing {
        from_name: "Académie".into(),
        from_address: "noreply@learn.example.org".into(),
        to_name: "Ana".into(),
        to_address: "ana@example.org".into(),
        subject: "Your access ends in a week".into(),
        text: "Hello".into(),
        html: Some("<p>Hello</p>".into()),
        message_id: "<oneweeknearend.c7.u42.r0@learn.example.org>".into(),
        envelope_from: None,
        unsubscribe,
    }
}

#[test]
fn the_unsubscribe_headers_are_signed_and_verify_independently() {
    let dir = std::env::temp_dir().join(format!("cn-dkim-unsub-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (pem, txt) = key(&dir, "2048");
    let dressing = Dressing {
        dkim: Some(Arc::new(
            dkim_from_pem("mdl2026", "learn.example.org", &pem).unwrap(),
        )),
        ..Dressing::default()
    };
    let short = "https://learn.example.org/blocks/course_notification/unsubscribe.php?\
                 token=42-7-accessend-xXU4E9ExBJK-SjBi4SVylA_ngHyRG64XrmoeHnO2U9Q"
        .to_string();
    let long = format!(
        "https://learn.example.org/{}/blocks/course_notification/unsubscribe.php?\
         token=123456789-987654-{}-xXU4E9ExBJK-SjBi4SVylA_ngHyRG64XrmoeHnO2U9Q",
        "campus/moodle".repeat(12),
        "a_very_long_custom_reminder_code_of_the_site_x"
    );
    assert!(long.len() > 300);
    for url in [short, long] {
        let raw = build_with(&outgoing(Some(url.clone())), &dressing)
            .unwrap()
            .formatted();
        let (ok, json) = verify(&dir, &raw, &txt);
        assert!(ok, "{url}: {json}");
        assert!(
            json.contains("list-unsubscribe:list-unsubscribe-post"),
            "h= lists both: {json}"
        );
        // One character of the link changed: the signature no longer holds.
        let text = String::from_utf8(raw.clone()).unwrap();
        let changed = text
            .replacen("token=1", "token=2", 1)
            .replacen("token=4", "token=5", 1);
        assert_ne!(changed, text);
        assert!(!verify(&dir, changed.as_bytes(), &txt).0, "{url}");
        // Nor may the one-click header be dropped.
        let dropped = text.replace("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n", "");
        assert_ne!(dropped, text);
        assert!(!verify(&dir, dropped.as_bytes(), &txt).0, "{url}");
    }

    // A message without a link is signed with both names in h= all the same: a link added on the
    // way (by a list server, or anyone) breaks the signature.
    let raw = build_with(&outgoing(None), &dressing).unwrap().formatted();
    let (ok, json) = verify(&dir, &raw, &txt);
    assert!(ok, "{json}");
    assert!(
        json.contains("list-unsubscribe:list-unsubscribe-post"),
        "{json}"
    );
    let text = String::from_utf8(raw).unwrap();
    let added = text.replacen(
        "\r\nSubject:",
        "\r\nList-Unsubscribe: <https://evil.example.net/u>\r\nSubject:",
        1,
    );
    assert_ne!(added, text);
    assert!(!verify(&dir, added.as_bytes(), &txt).0);

    // A 1024-bit key (older guides made them; ring refuses them, the rsa crate signs): verifies.
    let (pem, txt) = key(&dir, "1024");
    let dressing = Dressing {
        dkim: Some(Arc::new(
            dkim_from_pem("old", "learn.example.org", &pem).unwrap(),
        )),
        ..Dressing::default()
    };
    let raw = build_with(
        &outgoing(Some("https://learn.example.org/u?token=1".into())),
        &dressing,
    )
    .unwrap()
    .formatted();
    let (ok, json) = verify(&dir, &raw, &txt);
    assert!(ok, "{json}");
    let _ = std::fs::remove_dir_all(&dir);
}
