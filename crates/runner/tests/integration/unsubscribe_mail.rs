//! One-click unsubscribe on the wire (issue 15, items 2 and 3): with the site's secret every
//! delivered message carries `List-Unsubscribe` (the link of its recipient, course and topic) and
//! `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, both under the site's DKIM signature.
//! Checked on what the real SMTP catcher received, read back by an independent parser and DKIM
//! verifier (`scripts/lib/mail_check.py`: Python's e-mail package and dkimpy, handed the public
//! key as the selector's TXT record, no DNS).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use course_notification_engine::audience::topic;
use course_notification_runner::config::{Config, RawConfig};
use course_notification_runner::unsubscribe::token;
use serde_json::Value;

use crate::support::{delivered_to, dkim_site_key, domain, settle, Scenario, TestDb, DAY, NOW};

const SECRET: &str = "5f1c0e6a9b7d4c3e2a1f0b9c8d7e6f5a";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What mail_check.py reads in `raw` (with the DKIM verdict given the TXT record).
fn check(raw: &str, dkim_txt: &str) -> Value {
    let dir = std::env::temp_dir().join(format!("cn-unsubcheck-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{:x}.eml", raw.len() ^ raw.as_ptr() as usize));
    std::fs::write(&file, raw).unwrap();
    let out = Command::new("python3")
        .arg(root().join("scripts/lib/mail_check.py"))
        .arg(&file)
        .args(["--dkim-txt", dkim_txt])
        .output()
        .expect("python3");
    let _ = std::fs::remove_file(&file);
    assert!(
        out.status.success(),
        "mail_check.py: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Every value of header `name` (the parser's reading: unfolded).
fn headers(message: &Value, name: &str) -> Vec<String> {
    message["headers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h[0].as_str().is_some_and(|n| n.eq_ignore_ascii_case(name)))
        .filter_map(|h| h[1].as_str().map(str::to_string))
        .collect()
}

/// The `h=` tag of the DKIM signature: the names it covers, lower-case.
fn signed_names(message: &Value) -> Vec<String> {
    let tags: String = message["dkim_tags"]
        .as_str()
        .unwrap_or_else(|| panic!("not signed: {message}"))
        .split_whitespace()
        .collect();
    let h = tags
        .split(';')
        .find_map(|t| t.trim().strip_prefix("h="))
        .unwrap_or_else(|| panic!("no h= in {tags}"));
    h.split(':').map(str::to_ascii_lowercase).collect()
}

/// Course 7: one new learner (a welcome: topic calls) and one whose access closed yesterday
/// (topic accessend); course 8: one new learner. Two courses, two topics, three recipients.
fn site(d: &str) -> String {
    let s = Scenario::new()
        .course(7, NOW - DAY)
        .course(8, NOW - DAY)
        .learner(100, &format!("ana@{d}"), 7, NOW - DAY)
        .learner(101, &format!("bo@{d}"), 8, NOW - DAY);
    format!(
        "{}INSERT INTO mdl_user (id, auth, confirmed, mnethostid, username, email, lang) VALUES (300, 'manual', 1, 1, 'u300', 'closing@{d}', 'en');
         INSERT INTO mdl_user_enrolments (status, enrolid, userid, timestart, timeend) VALUES (0, 7, 300, {start}, {end});
         INSERT INTO mdl_user_lastaccess (userid, courseid, timeaccess) VALUES (300, 7, {start});
         INSERT INTO mdl_role_assignments (roleid, contextid, userid) VALUES (5, 107, 300);",
        s.sql(),
        start = NOW - 30 * DAY,
        end = NOW - DAY
    )
}

fn signing(db: &TestDb, dataroot: &Path) -> RawConfig {
    let mut raw = db.raw_config();
    raw.mail.dkimselector = "mdl2026".into();
    raw.mail.dataroot = dataroot.to_string_lossy().into_owned();
    raw
}

fn config(raw: RawConfig) -> Config {
    Config::try_from(raw).unwrap_or_else(|e| panic!("{e}"))
}

/// The sent rows by Message-ID: (recipient id, course id, notification code).
async fn sent_rows(db: &TestDb) -> HashMap<String, (i64, i64, String)> {
    db.rows(
        "SELECT messageid, recipientid, courseid, notification FROM {p}block_cnotif_outbox \
          WHERE status = 'sent'",
    )
    .await
    .into_iter()
    .map(|r| {
        let f = |i: usize| r[i].clone().unwrap_or_default();
        (f(0), (f(1).parse().unwrap(), f(2).parse().unwrap(), f(3)))
    })
    .collect()
}

#[tokio::test]
async fn every_message_carries_its_signed_one_click_unsubscribe_link() {
    let db = TestDb::new("unsub_signed").await;
    let d = domain("unsubsigned");
    db.load(&site(&d), NOW).await;
    let (dataroot, txt) = dkim_site_key("unsub-signed");
    let mut raw = signing(&db, &dataroot);
    raw.audience.secret = SECRET.into();
    let wwwroot = raw.site.wwwroot.clone();
    let r = db.try_run(&config(raw), "send", NOW, None).await.unwrap();
    assert_eq!((r.counts.sent, r.counts.failed), (3, 0), "{:?}", r.failures);
    settle().await;

    let rows = sent_rows(&db).await;
    let mail = delivered_to(&d);
    assert_eq!(mail.len(), 3);
    let mut seen = BTreeSet::new();
    for raw in &mail {
        let m = check(raw, &txt);
        let id = headers(&m, "Message-ID").remove(0);
        let (user, course, code) = rows
            .get(&id)
            .unwrap_or_else(|| panic!("{id} is not a sent row"))
            .clone();
        seen.insert((course, topic(&code).to_string()));
        // The link the plugin's PHP will check: this recipient, this course, this topic.
        let expected = format!(
            "<{wwwroot}/blocks/course_notification/unsubscribe.php?token={}>",
            token(SECRET, user, course, topic(&code))
        );
        assert_eq!(headers(&m, "List-Unsubscribe"), [expected], "{id}");
        assert_eq!(
            headers(&m, "List-Unsubscribe-Post"),
            ["List-Unsubscribe=One-Click"],
            "{id}"
        );
        // Signed, and the signature covers both.
        assert_eq!(m["dkim"], true, "{m}");
        let names = signed_names(&m);
        for name in ["list-unsubscribe", "list-unsubscribe-post"] {
            assert!(
                names.iter().any(|n| n == name),
                "{name} not in h= {names:?}"
            );
        }
        // One character of the link changed on the way: the signature fails.
        let line = raw
            .lines()
            .find(|l| l.starts_with("List-Unsubscribe: <"))
            .expect("the header is one line as written");
        let at = line.len() - 2;
        let flipped = if &line[at..at + 1] == "A" { "B" } else { "A" };
        let tampered = raw.replacen(line, &format!("{}{flipped}>", &line[..at]), 1);
        assert_ne!(&tampered, raw);
        assert_eq!(check(&tampered, &txt)["dkim"], false, "{id}: {tampered}");
    }
    assert_eq!(
        seen,
        BTreeSet::from([
            (7, "accessend".to_string()),
            (7, "calls".to_string()),
            (8, "calls".to_string())
        ])
    );
    let _ = std::fs::remove_dir_all(&dataroot);
}

/// Without a secret no link can be signed: no unsubscribe header at all (and the signature still
/// holds, both names signed as absent so none can be added on the way).
#[tokio::test]
async fn without_a_secret_no_unsubscribe_headers() {
    let db = TestDb::new("unsub_nosecret").await;
    let d = domain("unsubnosecret");
    db.load(&site(&d), NOW).await;
    let (dataroot, txt) = dkim_site_key("unsub-nosecret");
    let r = db
        .try_run(&config(signing(&db, &dataroot)), "send", NOW, None)
        .await
        .unwrap();
    assert_eq!(r.counts.sent, 3);
    settle().await;
    let mail = delivered_to(&d);
    assert_eq!(mail.len(), 3);
    for raw in &mail {
        let m = check(raw, &txt);
        assert!(headers(&m, "List-Unsubscribe").is_empty(), "{m}");
        assert!(headers(&m, "List-Unsubscribe-Post").is_empty(), "{m}");
        assert_eq!(m["dkim"], true, "{m}");
        let added = raw.replacen(
            "\r\nSubject:",
            "\r\nList-Unsubscribe: <https://elsewhere.example.net/u>\r\nSubject:",
            1,
        );
        assert_ne!(&added, raw);
        assert_eq!(check(&added, &txt)["dkim"], false);
    }
    let _ = std::fs::remove_dir_all(&dataroot);
}
