//! The site's e-mail settings, applied as Moodle's `email_to_user()` applies them (issue 12, items
//! 1, 2, 4 and 6), checked on what the real SMTP catcher received, read back by an independent
//! parser (`scripts/lib/mail_check.py`: Python's e-mail package and dkimpy).

use std::path::PathBuf;
use std::process::Command;

use course_notification_runner::config::{Config, RawConfig};
use course_notification_runner::RunError;
use serde_json::Value;

use crate::support::{
    delivered_to, dkim_site_key, domain, settle, through_sendmail, Scenario, TestDb, DAY, NOW,
};

fn course_with(learners: &[&str]) -> String {
    let mut s = Scenario::new().course(7, NOW - DAY);
    for (i, email) in learners.iter().enumerate() {
        s = s.learner(100 + i as i64, email, 7, NOW - DAY);
    }
    s.sql().to_string()
}

fn config(raw: RawConfig) -> Config {
    Config::try_from(raw).unwrap_or_else(|e| panic!("{e}"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The message as Python's e-mail parser reads it (and its DKIM verdict, given the TXT record).
fn check(raw: &str, dkim_txt: Option<&str>) -> Value {
    let dir = std::env::temp_dir().join(format!("cn-mailcheck-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{:x}.eml", raw.len() ^ raw.as_ptr() as usize));
    std::fs::write(&file, raw).unwrap();
    let mut c = Command::new("python3");
    c.arg(root().join("scripts/lib/mail_check.py")).arg(&file);
    if let Some(txt) = dkim_txt {
        c.args(["--dkim-txt", txt]);
    }
    let out = c.output().expect("python3");
    assert!(
        out.status.success(),
        "mail_check.py: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn header(message: &Value, name: &str) -> Option<String> {
    message["headers"]
        .as_array()?
        .iter()
        .find(|h| h[0].as_str().is_some_and(|n| n.eq_ignore_ascii_case(name)))
        .and_then(|h| h[1].as_str().map(str::to_string))
}

fn catcher(raw: &str, name: &str) -> String {
    raw.lines()
        .find_map(|l| l.strip_prefix(&format!("X-Catcher-{name}: ")))
        .unwrap_or_default()
        .to_string()
}

/// Item 1: `$CFG->noemailever`: nothing reaches the server, decisions are queued, the messages wait
/// as pending and the report says e-mail is off; once the switch is off they are sent.
#[tokio::test]
async fn noemailever_sends_nothing_and_keeps_every_message_waiting() {
    let db = TestDb::new("mail_noemailever").await;
    let d = domain("noemailever");
    db.load(&course_with(&[&format!("a@{d}"), &format!("b@{d}")]), NOW)
        .await;
    let mut raw = db.raw_config();
    raw.mail.noemailever = true;
    let off = config(raw);
    let r = db.try_run(&off, "send", NOW, None).await.unwrap();
    assert_eq!(
        (
            r.counts.accepted,
            r.counts.queued,
            r.counts.sent,
            r.counts.deferred
        ),
        (2, 2, 0, 2)
    );
    let said = r.mail_off.expect("the report says e-mail is off");
    assert!(
        said.contains("noemailever") && said.contains("2 message"),
        "{said}"
    );
    assert_eq!(
        db.count(
            "SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE status = 'pending' AND attempts = 0"
        )
        .await,
        2
    );
    // A second run while off: still nothing, nothing queued twice.
    let again = db.try_run(&off, "send", NOW + 600, None).await.unwrap();
    assert_eq!(
        (
            again.counts.queued,
            again.counts.sent,
            again.counts.deferred
        ),
        (0, 0, 2)
    );
    settle().await;
    assert!(delivered_to(&d).is_empty());

    // The switch off again: the waiting messages go (README: "When e-mail is off").
    let on = db.run("send", NOW + 1200).await;
    assert_eq!((on.counts.sent, on.mail_off), (2, None));
    settle().await;
    assert_eq!(delivered_to(&d).len(), 2);
}

/// Item 2: divertallemailsto/divertallemailsexcept as email_should_be_diverted(), the subject as
/// email_to_user() writes it; with the subject prefix and the extra headers of item 4.
#[tokio::test]
async fn diverted_mail_goes_to_the_divert_address_marked_as_moodle_marks_it() {
    let db = TestDb::new("mail_divert").await;
    let d = domain("divert");
    let qa = domain("divertqa");
    db.load(
        &course_with(&[&format!("ana@{d}"), &format!("tester@{d}")]),
        NOW,
    )
    .await;
    let mut raw = db.raw_config();
    raw.mail.divertto = format!("qa@{qa}");
    raw.mail.divertexcept = format!("TESTER@{}", d.replace('.', "\\."));
    raw.mail.subjectprefix = "[Learn]".into();
    raw.mail.headers = "X-Site: learn\nList-Id: <learn.example.org>\n".into();
    let r = db.try_run(&config(raw), "send", NOW, None).await.unwrap();
    assert_eq!(r.counts.sent, 2);
    settle().await;

    let diverted = delivered_to(&qa);
    assert_eq!(diverted.len(), 1, "ana's welcome is diverted");
    let m = check(&diverted[0], None);
    let subject = header(&m, "Subject").unwrap();
    assert!(
        subject.starts_with(&format!("[Learn] [DIVERTED ana@{d}] ")),
        "{subject}"
    );
    assert_eq!(catcher(&diverted[0], "To"), format!("qa@{qa}"));
    assert!(header(&m, "To").unwrap().contains(&format!("qa@{qa}")));
    assert!(
        header(&m, "To").unwrap().contains("First100 Last100"),
        "the name is kept"
    );
    assert_eq!(header(&m, "X-Site").as_deref(), Some("learn"));

    let through: Vec<String> = delivered_to(&d);
    assert_eq!(
        through.len(),
        1,
        "the exception (case ignored) goes through"
    );
    let m = check(&through[0], None);
    assert_eq!(catcher(&through[0], "To"), format!("tester@{d}"));
    let subject = header(&m, "Subject").unwrap();
    assert!(
        subject.starts_with("[Learn] ") && !subject.contains("DIVERTED"),
        "{subject}"
    );
    assert_eq!(
        header(&m, "List-Id").as_deref(),
        Some("<learn.example.org>")
    );
}

/// Item 4: sitemailcharset: the bodies are written in it, and read back in it. ISO-8859-1 is
/// written as its superset windows-1252, as the WHATWG encoding standard (encoding_rs) maps the
/// label, and declared so: the bytes and the declared charset always agree.
#[tokio::test]
async fn the_site_mail_charset_is_the_bodies_charset() {
    let db = TestDb::new("mail_charset").await;
    let d = domain("charset");
    db.load(&course_with(&[&format!("zoe@{d}")]), NOW).await;
    db.load("UPDATE mdl_user SET firstname = 'Zoé' WHERE id = 100;", NOW)
        .await;
    let mut raw = db.raw_config();
    raw.mail.charset = "ISO-8859-1".into();
    assert_eq!(
        db.try_run(&config(raw), "send", NOW, None)
            .await
            .unwrap()
            .counts
            .sent,
        1
    );
    settle().await;
    let mail = delivered_to(&d);
    let m = check(&mail[0], None);
    let parts = m["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 2);
    for p in parts {
        assert_eq!(p["charset"], "windows-1252", "{p}");
        assert!(p["text"].as_str().unwrap().contains("Zoé"), "{p}");
    }
}

/// Item 4: smtpmaxbulk: a session carries at most that many messages, then a new one is opened.
#[tokio::test]
async fn smtpmaxbulk_bounds_the_messages_of_one_smtp_session() {
    let db = TestDb::new("mail_maxbulk").await;
    let d = domain("maxbulk");
    let learners: Vec<String> = (0..5).map(|i| format!("l{i}@{d}")).collect();
    let refs: Vec<&str> = learners.iter().map(String::as_str).collect();
    db.load(&course_with(&refs), NOW).await;
    let mut raw = db.raw_config();
    raw.smtp.maxbulk = 2;
    assert_eq!(
        db.try_run(&config(raw), "send", NOW, None)
            .await
            .unwrap()
            .counts
            .sent,
        5
    );
    settle().await;
    let mut sessions: Vec<String> = delivered_to(&d)
        .iter()
        .map(|m| catcher(m, "Session"))
        .collect();
    sessions.sort();
    let per: Vec<usize> = {
        let mut counts = std::collections::BTreeMap::new();
        for s in &sessions {
            *counts.entry(s.clone()).or_insert(0usize) += 1;
        }
        let mut v: Vec<usize> = counts.into_values().collect();
        v.sort();
        v
    };
    assert_eq!(per, vec![1, 2, 2], "sessions {sessions:?}");
}

/// The DNS TXT record of a DKIM public key (the base64 of its DER SubjectPublicKeyInfo).
/// Item 4: DKIM as Moodle signs: the key at <dataroot>/dkim/<sender's domain>/<selector>.private
/// (made here by `openssl genrsa`, PKCS#8 as OpenSSL 3 writes it) signs every message; dkimpy
/// verifies the delivered message with the public key; a missing key sends unsigned, as Moodle.
#[tokio::test]
async fn messages_are_dkim_signed_with_the_sites_key_and_verify_independently() {
    let db = TestDb::new("mail_dkim").await;
    let d = domain("dkim");
    db.load(
        &course_with(&[&format!("ana@{d}"), &format!("bo@{d}")]),
        NOW,
    )
    .await;
    let (dataroot, txt) = dkim_site_key("dkim");
    let keydir = dataroot.join("dkim/learn.example.org");
    let mut raw = db.raw_config();
    raw.mail.dkimselector = "mdl2026".into();
    raw.mail.dataroot = dataroot.to_string_lossy().into_owned();
    raw.mail.subjectprefix = "[Learn]".into();
    raw.mail.headers = "X-Site: learn".into();
    assert_eq!(
        db.try_run(&config(raw.clone()), "send", NOW, None)
            .await
            .unwrap()
            .counts
            .sent,
        2
    );
    settle().await;
    for mail in delivered_to(&d) {
        let m = check(&mail, Some(&txt));
        assert_eq!(m["dkim"], true, "{m}");
        let tags = m["dkim_tags"].as_str().unwrap();
        assert!(
            tags.contains("d=learn.example.org") && tags.contains("s=mdl2026"),
            "{tags}"
        );
    }
    // The same message with a byte changed no longer verifies: the verifier does check.
    let tampered = delivered_to(&d)[0].replace("[Learn]", "[Lear n]");
    assert_eq!(check(&tampered, Some(&txt))["dkim"], false);

    // Another selector, with no key file: sent unsigned, as Moodle does.
    let db2 = TestDb::new("mail_dkim_nokey").await;
    let d2 = domain("dkimnokey");
    db2.load(&course_with(&[&format!("cy@{d2}")]), NOW).await;
    let mut raw2 = db2.raw_config();
    raw2.mail.dkimselector = "nosuchkey".into();
    raw2.mail.dataroot = raw.mail.dataroot.clone();
    assert_eq!(
        db2.try_run(&config(raw2), "send", NOW, None)
            .await
            .unwrap()
            .counts
            .sent,
        1
    );
    settle().await;
    let m = check(&delivered_to(&d2)[0], Some(&txt));
    assert_eq!(m["dkim_tags"], Value::Null);

    // A key file that is not a key is refused when the settings are read, naming the setting.
    std::fs::write(keydir.join("broken.private"), "not a key").unwrap();
    let mut bad = db.raw_config();
    bad.mail.dkimselector = "broken".into();
    bad.mail.dataroot = raw.mail.dataroot.clone();
    assert_eq!(
        Config::try_from(bad).unwrap_err().setting,
        "mail.dkimselector"
    );
    let _ = std::fs::remove_dir_all(&dataroot);
}

/// Item 6: with noreplyaddress empty on a site at http://127.0.0.1, Moodle's fallback
/// noreply@127.0.0.1 fails validate_email(): nothing is claimed, the error names the setting, the
/// messages wait; a dry run still works.
#[tokio::test]
async fn no_valid_sender_means_nothing_claimed_and_the_setting_named() {
    let db = TestDb::new("mail_nosender").await;
    let d = domain("nosender");
    db.load(&course_with(&[&format!("a@{d}")]), NOW).await;
    let mut raw = db.raw_config();
    raw.site.noreplyaddress = String::new();
    raw.site.wwwroot = "http://127.0.0.1/moodle".into();
    let c = config(raw);
    assert!(db.try_run(&c, "dryrun", NOW, None).await.is_ok());
    let e = db.try_run(&c, "send", NOW, None).await.unwrap_err();
    assert!(matches!(e, RunError::NoSender { waiting: 1, .. }), "{e}");
    let said = e.to_string();
    assert!(
        said.contains("noreplyaddress") && said.contains("noreply@127.0.0.1"),
        "{said}"
    );
    assert_eq!(
        db.count(
            "SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE status = 'pending' AND attempts = 0"
        )
        .await,
        1
    );
    settle().await;
    assert!(delivered_to(&d).is_empty());
}

/// Moodle's envelope sender for `user_id` at `email`, computed by PHP with lib/moodlelib.php's
/// expressions (scripts/lib/bounce_address.php), independently of the engine.
fn php_bounce_address(prefix: &str, domain: &str, site: &str, user_id: i64, email: &str) -> String {
    let out = Command::new("php")
        .arg(root().join("scripts/lib/bounce_address.php"))
        .args([prefix, domain, site, &user_id.to_string(), email])
        .output()
        .expect("php");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// With `$CFG->handlebounces`, the SMTP envelope sender (MAIL FROM) is Moodle's bounce address,
/// made from the recipient's user id and the address the message goes to (the divert address when
/// diverted: Moodle diverts first); without it, the no-reply address.
#[tokio::test]
async fn the_envelope_sender_is_moodles_bounce_address_with_handlebounces() {
    let db = TestDb::new("mail_bounceaddr").await;
    let d = domain("bounceaddr");
    let qa = domain("bounceaddrqa");
    db.load(
        &course_with(&[&format!("ana@{d}"), &format!("tester@{d}")]),
        NOW,
    )
    .await;
    let site = "Xq81bLr0aZ9kPw2mTn4cVy6hJd3sGf5elearn.example.org";
    let mut raw = db.raw_config();
    raw.mail.handlebounces = true;
    raw.mail.mailprefix = "mdl+".into();
    raw.mail.maildomain = "bounces.example.org".into();
    raw.mail.siteidentifier = site.into();
    raw.mail.divertto = format!("qa@{qa}");
    raw.mail.divertexcept = format!("tester@{}", d.replace('.', "\\."));
    let r = db.try_run(&config(raw), "send", NOW, None).await.unwrap();
    assert_eq!(r.counts.sent, 2);
    settle().await;
    // Ana (user 100) is diverted: the md5 is of the divert address, the id still hers.
    let diverted = delivered_to(&qa);
    assert_eq!(diverted.len(), 1);
    let expected = php_bounce_address(
        "mdl+",
        "bounces.example.org",
        site,
        100,
        &format!("qa@{qa}"),
    );
    assert!(expected.starts_with("mdl+AABZAAAAA==") && expected.ends_with("@bounces.example.org"));
    assert_eq!(catcher(&diverted[0], "From"), expected);
    // Tester (user 101) is not.
    let through = delivered_to(&d);
    assert_eq!(through.len(), 1);
    assert_eq!(
        catcher(&through[0], "From"),
        php_bounce_address(
            "mdl+",
            "bounces.example.org",
            site,
            101,
            &format!("tester@{d}")
        )
    );
    // The header sender stays the no-reply address.
    let m = check(&through[0], None);
    assert!(header(&m, "From")
        .unwrap()
        .contains("noreply@learn.example.org"));
}

/// Without handlebounces the envelope sender is the no-reply address; with it but no maildomain,
/// Moodle's address ends in '@' and PHPMailer refuses it, so no message leaves Moodle either: the
/// engine claims nothing and names the setting, the messages wait.
#[tokio::test]
async fn without_handlebounces_the_envelope_sender_is_noreply_and_a_bounce_address_needs_maildomain(
) {
    let db = TestDb::new("mail_bounceoff").await;
    let d = domain("bounceoff");
    db.load(&course_with(&[&format!("ana@{d}")]), NOW).await;
    let mut raw = db.raw_config();
    raw.mail.handlebounces = true;
    raw.mail.siteidentifier = "abc".into();
    let c = config(raw);
    let e = db.try_run(&c, "send", NOW, None).await.unwrap_err();
    assert!(matches!(e, RunError::NoSender { waiting: 1, .. }), "{e}");
    assert!(e.to_string().contains("maildomain"), "{e}");
    settle().await;
    assert!(delivered_to(&d).is_empty());

    let r = db.run("send", NOW + 600).await;
    assert_eq!(r.counts.sent, 1);
    settle().await;
    let sent = delivered_to(&d);
    assert_eq!(sent.len(), 1);
    assert_eq!(catcher(&sent[0], "From"), "noreply@learn.example.org");
}

/// Through sendmail (no SMTP host, Moodle's PHP mail()), the bounce address is given as `-f`, as
/// PHPMailer does: here msmtp, a sendmail-compatible program, relays it to the catcher as MAIL FROM.
#[tokio::test]
async fn through_sendmail_the_bounce_address_is_given_with_f() {
    let db = TestDb::new("mail_bouncesendmail").await;
    let d = domain("bouncesendmail");
    db.load(&course_with(&[&format!("ana@{d}")]), NOW).await;
    let mut raw = db.raw_config();
    let dir = through_sendmail(&mut raw, "bouncesendmail");
    raw.mail.handlebounces = true;
    raw.mail.maildomain = "bounces.example.org".into();
    raw.mail.siteidentifier = "s1te".into();
    let r = db.try_run(&config(raw), "send", NOW, None).await.unwrap();
    assert_eq!((r.counts.sent, r.counts.failed), (1, 0), "{:?}", r.failures);
    settle().await;
    let sent = delivered_to(&d);
    assert_eq!(sent.len(), 1);
    assert_eq!(
        catcher(&sent[0], "From"),
        php_bounce_address("", "bounces.example.org", "s1te", 100, &format!("ana@{d}"))
    );
    let _ = std::fs::remove_dir_all(&dir);
}
