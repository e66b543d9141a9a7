//! One SMTP connection, opened with Moodle's settings.

use std::time::Duration;

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSendmailTransport, AsyncTransport, Tokio1Executor};
use tokio::net::TcpStream;

use crate::dressing::Dressing;
use crate::error::{ConnectError, SendError};
use crate::message::Outgoing;

/// How long a server (or the sendmail program) may stay silent before it is reported, not waited
/// for, unless the settings say otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Moodle's `smtpsecure`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// `smtpsecure` empty: STARTTLS when the server offers it (PHPMailer's `SMTPAutoTLS`, which
    /// Moodle itself switches off, MDL-52637: see the README), plain SMTP otherwise.
    None,
    /// STARTTLS after connecting (`tls`).
    StartTls,
    /// TLS from the first byte (`ssl`, usually port 465).
    Implicit,
}

/// Moodle's `smtpauthtype`: the SASL mechanism used when there is a user. PHPMailer uses exactly
/// the one set (Moodle's default is LOGIN); XOAUTH2 and CRAM-MD5 are refused when the settings
/// are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthType {
    /// `LOGIN`.
    Login,
    /// `PLAIN`.
    Plain,
}

/// Where and how to send.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
    /// Encryption.
    pub security: Security,
    /// `smtpuser`/`smtppass`; `None` sends without authentication.
    pub credentials: Option<(String, String)>,
    /// `smtpauthtype`.
    pub auth_type: AuthType,
    /// Whether the password may cross an unencrypted connection (the plugin's setting
    /// `smtpallowplainauth`, off by default): without it, AUTH over a connection that neither
    /// `smtpsecure` nor the server's STARTTLS encrypted is refused before the password is sent.
    pub allow_plain_auth: bool,
    /// Messages per connection (Moodle's `smtpmaxbulk`): after this many the connection says
    /// QUIT and a new one is opened. `None`: no limit.
    pub per_connection: Option<u32>,
    /// Name announced in EHLO (the site's host name).
    pub hello_name: String,
    /// Further servers (host, port), tried in order when the one before cannot be used.
    pub fallbacks: Vec<(String, u16)>,
    /// Longest silence accepted from a server, when connecting as for each reply: a stalled
    /// server costs one message this long, never the whole run.
    pub timeout: Duration,
}

impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("user", &self.credentials.as_ref().map(|(u, _)| u))
            .field("auth_type", &self.auth_type)
            .field("allow_plain_auth", &self.allow_plain_auth)
            .field("per_connection", &self.per_connection)
            .field("hello_name", &self.hello_name)
            .field("fallbacks", &self.fallbacks)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl SmtpSettings {
    fn server(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

/// How messages leave: an SMTP server, or the local sendmail program (Moodle's way when
/// `smtphosts` is empty: PHP's `mail()` hands messages to `sendmail_path`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transport {
    /// SMTP, with Moodle's settings.
    Smtp(SmtpSettings),
    /// The sendmail-compatible program at this path (run as `path -i -f FROM -- TO`).
    Sendmail(String),
}

/// An open SMTP connection that reconnects once when the server drops it between messages, or
/// the sendmail program.
pub struct Mailer {
    inner: Inner,
    dressing: Dressing,
}

enum Inner {
    Smtp {
        settings: SmtpSettings,
        conn: Option<Box<AsyncSmtpConnection>>,
        /// Messages sent on `conn` (for `per_connection`).
        sent: u32,
    },
    Sendmail(AsyncSendmailTransport<Tokio1Executor>),
}

impl Mailer {
    /// Opens the connection (and STARTTLS and AUTH as configured), or checks that the sendmail
    /// program is there.
    /// `dressing` is added to every message (extra headers, charset, DKIM signature).
    pub async fn connect(
        transport: &Transport,
        dressing: &Dressing,
    ) -> Result<Mailer, ConnectError> {
        let inner = match transport {
            Transport::Smtp(settings) => Inner::Smtp {
                settings: settings.clone(),
                conn: Some(Box::new(open(settings).await?)),
                sent: 0,
            },
            Transport::Sendmail(path) => {
                let fail = |detail: String| ConnectError {
                    server: format!("sendmail {path}"),
                    detail,
                };
                let meta = std::fs::metadata(path).map_err(|e| fail(e.to_string()))?;
                if !meta.is_file() {
                    return Err(fail("not a program".into()));
                }
                Inner::Sendmail(AsyncSendmailTransport::new_with_command(path))
            }
        };
        Ok(Mailer {
            inner,
            dressing: dressing.clone(),
        })
    }

    /// Sends one message; the server's refusal is returned, never raised for the whole run.
    pub async fn send(&mut self, m: &Outgoing) -> Result<(), SendError> {
        let rendered = self.dressing.rendered(m).await?;
        let (envelope, bytes) = (rendered.envelope, rendered.bytes);
        let (settings, conn, sent) = match &mut self.inner {
            Inner::Sendmail(sendmail) => {
                let sent =
                    tokio::time::timeout(DEFAULT_TIMEOUT, sendmail.send_raw(&envelope, &bytes))
                        .await;
                // sendmail gives no SMTP reply to judge by: a failure may pass (a full queue), so
                // it is retried like a temporary one.
                return match sent {
                    Ok(Ok(())) => Ok(()),
                    Ok(Err(e)) => Err(SendError {
                        permanent: false,
                        detail: format!("sendmail: {e}"),
                    }),
                    Err(_) => Err(SendError {
                        permanent: false,
                        detail: format!(
                            "sendmail did not finish within {} s",
                            DEFAULT_TIMEOUT.as_secs()
                        ),
                    }),
                };
            }
            Inner::Smtp {
                settings,
                conn,
                sent,
            } => (settings, conn, sent),
        };
        // Moodle's smtpmaxbulk: a session carries at most this many messages, then QUIT.
        if settings.per_connection.is_some_and(|max| *sent >= max) {
            if let Some(mut old) = conn.take() {
                let _ = tokio::time::timeout(Duration::from_secs(2), old.quit()).await;
            }
        }
        if conn.as_ref().is_none_or(|c| c.has_broken()) {
            *conn = None;
            *sent = 0;
            *conn = Some(Box::new(open(settings).await.map_err(|e| SendError {
                permanent: false,
                detail: e.to_string(),
            })?));
        }
        let Some(connection) = conn.as_mut() else {
            return Err(SendError {
                permanent: false,
                detail: "no connection".into(),
            });
        };
        let timeout = settings.timeout;
        let result = tokio::time::timeout(timeout, connection.send(&envelope, &bytes)).await;
        *sent += 1;
        match result {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(SendError::from_smtp(&e)),
            Err(_) => {
                // The server stalled mid-message: the connection is in an unknown state.
                *conn = None;
                Err(SendError {
                    permanent: false,
                    detail: format!("no reply within {} s", timeout.as_secs()),
                })
            }
        }
    }

    /// Says QUIT (bounded in time; a server that does not answer is simply left).
    pub async fn quit(self) {
        if let Inner::Smtp {
            conn: Some(mut conn),
            ..
        } = self.inner
        {
            let _ = tokio::time::timeout(Duration::from_secs(2), conn.quit()).await;
        }
    }
}

fn hello(settings: &SmtpSettings) -> ClientId {
    if settings.hello_name.is_empty() {
        ClientId::default()
    } else {
        ClientId::Domain(settings.hello_name.clone())
    }
}

/// Opens a connection to the first server that can be used, in the order Moodle lists them; the
/// error names every server tried.
async fn open(s: &SmtpSettings) -> Result<AsyncSmtpConnection, ConnectError> {
    let mut failures = Vec::new();
    let servers = std::iter::once((s.host.clone(), s.port)).chain(s.fallbacks.iter().cloned());
    for (host, port) in servers {
        let one = SmtpSettings {
            host,
            port,
            fallbacks: Vec::new(),
            ..s.clone()
        };
        // One bound for the whole opening (TCP, greeting, STARTTLS, AUTH): a server may stall
        // at any of these steps.
        match tokio::time::timeout(s.timeout, open_one(&one)).await {
            Ok(Ok(conn)) => return Ok(conn),
            Ok(Err(e)) => failures.push(e),
            Err(_) => failures.push(ConnectError {
                server: one.server(),
                detail: format!("no answer within {} s", s.timeout.as_secs()),
            }),
        }
    }
    match failures.len() {
        1 => Err(failures.remove(0)),
        _ => Err(ConnectError {
            server: failures
                .iter()
                .map(|f| f.server.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            detail: failures
                .iter()
                .map(|f| format!("{}: {}", f.server, f.detail))
                .collect::<Vec<_>>()
                .join("; "),
        }),
    }
}

async fn open_one(s: &SmtpSettings) -> Result<AsyncSmtpConnection, ConnectError> {
    let fail = |detail: String| ConnectError {
        server: s.server(),
        detail,
    };
    let hello = hello(s);
    // TLS parameters check the server's certificate against the system's trust store
    // (rustls-native-certs: /etc/ssl/certs, where update-ca-certificates puts an internal CA;
    // SSL_CERT_FILE or SSL_CERT_DIR when set) and its name against the configured host.
    let tls = || TlsParameters::new(s.host.clone()).map_err(|e| fail(format!("TLS: {e}")));
    let (mut conn, encrypted) = match s.security {
        Security::Implicit => (
            AsyncSmtpConnection::connect_tokio1(
                (s.host.as_str(), s.port),
                Some(s.timeout),
                &hello,
                Some(tls()?),
                None,
            )
            .await
            .map_err(|e| fail(e.to_string()))?,
            true,
        ),
        Security::None | Security::StartTls => {
            let stream = TcpStream::connect((s.host.as_str(), s.port))
                .await
                .map_err(|e| fail(e.to_string()))?;
            // See the crate docs: without this a connection sends about 22 messages per second.
            stream.set_nodelay(true).map_err(|e| fail(e.to_string()))?;
            let mut conn = AsyncSmtpConnection::connect_with_transport(Box::new(stream), &hello)
                .await
                .map_err(|e| fail(e.to_string()))?;
            let offered = conn.can_starttls();
            if s.security == Security::StartTls && !offered {
                return Err(fail(
                    "the server does not offer STARTTLS (smtpsecure = tls)".into(),
                ));
            }
            // smtpsecure empty: STARTTLS whenever the server offers it. A failed handshake (an
            // untrusted certificate, a name mismatch) is an error, never a silent fall back to
            // plain text.
            if offered {
                conn.starttls(tls()?, &hello).await.map_err(|e| {
                    fail(format!(
                        "STARTTLS failed: {e} (is the server's certificate trusted by this system?)"
                    ))
                })?;
            }
            (conn, offered)
        }
    };
    if let Some((user, pass)) = &s.credentials {
        if !encrypted && !s.allow_plain_auth {
            return Err(fail(format!(
                "refusing to send the password of '{user}' over an unencrypted connection: the \
                 server offers no STARTTLS and smtpsecure is empty; set smtpsecure to tls or ssl, \
                 or allow it in the block's setting 'SMTP password without encryption'"
            )));
        }
        let mechanism = match s.auth_type {
            AuthType::Login => Mechanism::Login,
            AuthType::Plain => Mechanism::Plain,
        };
        let creds = Credentials::new(user.clone(), pass.clone());
        conn.auth(&[mechanism], &creds)
            .await
            .map_err(|e| fail(format!("authentication as '{user}' failed: {e}")))?;
    }
    Ok(conn)
}
