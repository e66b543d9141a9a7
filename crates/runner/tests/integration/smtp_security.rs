//! SMTP as Moodle's mailer should behave (issue 12, item 5), against real SMTP servers this test
//! starts (the catcher with STARTTLS and AUTH) and a certificate authority it makes with openssl:
//! STARTTLS whenever offered, certificates checked against the system's trust store (read through
//! rustls-native-certs, which honours SSL_CERT_FILE), and no password over an unencrypted
//! connection unless the administrator allowed it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use course_notification_runner::config::Config;
use course_notification_runner::RunError;

use crate::support::{domain, openssl, Scenario, TestDb, DAY, NOW};

/// A catcher of this test's own, stopped when dropped.
struct OwnCatcher {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl OwnCatcher {
    fn start(dir: &Path, extra: &[&str]) -> OwnCatcher {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let script =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/lib/smtp_catcher.py");
        let mut child = Command::new("python3")
            .arg(script)
            .args(["--port", &port.to_string(), "--dir", dir.to_str().unwrap()])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(line.contains("listening"), "catcher: {line}");
        OwnCatcher {
            child,
            port,
            dir: dir.to_path_buf(),
        }
    }

    fn mails(&self) -> Vec<String> {
        let mut found: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        found.sort();
        found
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    }
}

impl Drop for OwnCatcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A CA and a server certificate it signed for 127.0.0.1 (as an internal CA would).
fn make_pki(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let p = |name: &str| dir.join(name).to_string_lossy().into_owned();
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=Test Internal CA",
        "-keyout",
        &p("ca.key"),
        "-out",
        &p("ca.pem"),
    ]);
    openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        &p("server.key"),
        "-out",
        &p("server.csr"),
    ]);
    std::fs::write(
        dir.join("san.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n",
    )
    .unwrap();
    openssl(&[
        "x509",
        "-req",
        "-in",
        &p("server.csr"),
        "-CA",
        &p("ca.pem"),
        "-CAkey",
        &p("ca.key"),
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        &p("san.ext"),
        "-out",
        &p("server.pem"),
    ]);
    (
        dir.join("ca.pem"),
        dir.join("server.pem"),
        dir.join("server.key"),
    )
}

fn header(raw: &str, name: &str) -> String {
    raw.lines()
        .find_map(|l| l.strip_prefix(&format!("X-Catcher-{name}: ")))
        .unwrap_or_default()
        .to_string()
}

async fn pending(db: &TestDb) -> i64 {
    db.count(
        "SELECT COUNT(*) FROM {p}block_cnotif_outbox WHERE status = 'pending' AND attempts = 0",
    )
    .await
}

/// One test, not several: the trust store is chosen with SSL_CERT_FILE, which is process-wide (no
/// other test of this binary opens TLS).
#[tokio::test]
async fn starttls_when_offered_certificates_checked_and_no_password_in_clear() {
    let work = std::env::temp_dir().join(format!("cn-smtptls-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    let (ca, cert, key) = make_pki(&work);
    let empty = work.join("empty.pem");
    std::fs::write(&empty, "").unwrap();
    let (cert, key) = (cert.to_str().unwrap(), key.to_str().unwrap());

    let db = TestDb::new("smtp_security").await;
    let d = domain("smtpsecurity");
    db.load(
        Scenario::new()
            .course(7, NOW - DAY)
            .learner(100, &format!("a@{d}"), 7, NOW - DAY)
            .sql(),
        NOW,
    )
    .await;
    let config = |port: u16, user: &str, allow: bool| {
        let mut raw = db.raw_config();
        raw.smtp.port = port as i64;
        raw.smtp.secure = String::new();
        if !user.is_empty() {
            raw.smtp.user = user.into();
            raw.smtp.pass = "s3cret".into();
        }
        raw.smtp.allowplain = allow;
        Config::try_from(raw).unwrap()
    };

    // 1. The server offers STARTTLS with a certificate of a CA the system does not trust: the
    //    engine tries it (smtpsecure empty), refuses the certificate, sends nothing in clear.
    std::env::set_var("SSL_CERT_FILE", &empty);
    let tls = OwnCatcher::start(&work.join("tls"), &["--tls-cert", cert, "--tls-key", key]);
    let e = db
        .try_run(&config(tls.port, "", false), "send", NOW, None)
        .await
        .unwrap_err();
    assert!(matches!(e, RunError::Smtp(_)), "{e}");
    assert!(e.to_string().contains("STARTTLS failed"), "{e}");
    assert_eq!(pending(&db).await, 1);
    assert!(tls.mails().is_empty());

    // 2. The CA in the trust store (as update-ca-certificates puts it in /etc/ssl/certs): the
    //    message goes, encrypted.
    std::env::set_var("SSL_CERT_FILE", &ca);
    let r = db
        .try_run(&config(tls.port, "", false), "send", NOW + 60, None)
        .await
        .unwrap();
    assert_eq!(r.counts.sent, 1);
    let mails = tls.mails();
    assert_eq!(mails.len(), 1);
    assert_eq!(header(&mails[0], "TLS"), "yes", "STARTTLS was used");
    drop(tls);

    // 3. A server without STARTTLS that asks for a password: refused before the password leaves.
    db.load(
        &Scenario::new()
            .learner(101, &format!("b@{d}"), 7, NOW - DAY)
            .sql()
            .replace(Scenario::new().sql(), ""),
        NOW,
    )
    .await;
    let plain = OwnCatcher::start(&work.join("plain"), &["--auth", "mailer:s3cret"]);
    let e = db
        .try_run(
            &config(plain.port, "mailer", false),
            "send",
            NOW + 120,
            None,
        )
        .await
        .unwrap_err();
    assert!(
        e.to_string().contains("refusing to send the password"),
        "{e}"
    );
    assert!(e.to_string().contains("smtpsecure"), "{e}");
    assert_eq!(pending(&db).await, 1);
    assert!(plain.mails().is_empty());

    // 4. Unless the administrator allowed it.
    let r = db
        .try_run(&config(plain.port, "mailer", true), "send", NOW + 180, None)
        .await
        .unwrap();
    assert_eq!(r.counts.sent, 1);
    let mails = plain.mails();
    assert_eq!(
        (
            header(&mails[0], "TLS").as_str(),
            header(&mails[0], "Auth").as_str()
        ),
        ("no", "mailer")
    );
    drop(plain);

    // 5. STARTTLS and a password: the password goes over TLS, allowed or not.
    db.load(
        &Scenario::new()
            .learner(102, &format!("c@{d}"), 7, NOW - DAY)
            .sql()
            .replace(Scenario::new().sql(), ""),
        NOW,
    )
    .await;
    let both = OwnCatcher::start(
        &work.join("both"),
        &[
            "--tls-cert",
            cert,
            "--tls-key",
            key,
            "--auth",
            "mailer:s3cret",
        ],
    );
    let r = db
        .try_run(&config(both.port, "mailer", false), "send", NOW + 240, None)
        .await
        .unwrap();
    assert_eq!(r.counts.sent, 1);
    let mails = both.mails();
    assert_eq!(
        (
            header(&mails[0], "TLS").as_str(),
            header(&mails[0], "Auth").as_str()
        ),
        ("yes", "mailer")
    );
    std::env::remove_var("SSL_CERT_FILE");
    drop(both);
    let _ = std::fs::remove_dir_all(&work);
}
