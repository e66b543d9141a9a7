//! The SMTP adapter of block_course_notification, over lettre.
//!
//! Two things are done by hand here, each for a measured reason:
//! - The socket is opened by us with `TCP_NODELAY`. lettre 0.11.23 never sets it and writes the
//!   end-of-data marker as a second small write, which Nagle holds until the peer's delayed ACK:
//!   about 45 ms per message, 22 messages/s per connection. With it, one connection sends in the
//!   thousands per second (see `shared/reference/ext-php-rs-notes.md`, section 5).
//! - Messages are built from values the engine already made safe (subjects on one line, HTML
//!   escaped), and lettre encodes every header, so no name, subject or address can add a header.
#![deny(missing_docs)]

mod ahead;
mod connection;
mod dkim;
mod dressing;
mod error;
mod message;

pub use connection::{AuthType, Mailer, Security, SmtpSettings, Transport, DEFAULT_TIMEOUT};
pub use dressing::{dkim_from_pem, load_dkim, parse_charset, parse_headers, Dkim, Dressing};
pub use error::{ConnectError, SendError};
pub use message::{build, build_with, envelope, is_valid_address, Outgoing};
