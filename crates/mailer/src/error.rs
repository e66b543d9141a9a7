//! Failures of the mail server, split the way the outbox needs them: the run cannot send at all
//! ([`ConnectError`]), or one message failed, temporarily or for good ([`SendError`]).

use std::fmt;

/// The mail server could not be used at all; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectError {
    /// host:port.
    pub server: String,
    /// What went wrong, in the server's or the system's words (never the password).
    pub detail: String,
}

impl fmt::Display for ConnectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot use the SMTP server {}: {}",
            self.server, self.detail
        )
    }
}

impl std::error::Error for ConnectError {}

/// One message was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendError {
    /// True for a 5xx reply or a message that can never be built (bad address): retrying will not
    /// help. False for 4xx replies, timeouts and dropped connections.
    pub permanent: bool,
    /// The server's reply or the reason.
    pub detail: String,
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.permanent {
            "permanent"
        } else {
            "temporary"
        };
        write!(f, "{kind} failure: {}", self.detail)
    }
}

impl std::error::Error for SendError {}

impl SendError {
    pub(crate) fn from_smtp(e: &lettre::transport::smtp::Error) -> SendError {
        SendError {
            permanent: e.is_permanent(),
            detail: e.to_string(),
        }
    }

    pub(crate) fn permanent(detail: impl Into<String>) -> SendError {
        SendError {
            permanent: true,
            detail: detail.into(),
        }
    }
}
