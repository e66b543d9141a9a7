//! Where the site's database is and which tables are Moodle's: what every adapter connects with.

use std::time::Duration;

use crate::error::DbError;

/// Moodle's `$CFG->dbhost`, `dboptions['dbport']`, `dboptions['dbsocket']`, `dbname`, `dbuser`,
/// `dbpass`.
#[derive(Clone, PartialEq, Eq)]
pub struct DbSettings {
    /// Host name or address.
    pub host: String,
    /// TCP port (3306 when Moodle's is empty).
    pub port: u16,
    /// Unix socket path; when set it is used instead of TCP.
    pub socket: Option<String>,
    /// Database name.
    pub name: String,
    /// User.
    pub user: String,
    /// Password (never printed: see the `Debug` impl).
    pub pass: String,
    /// When set, no statement of the session may run (or wait for a lock) longer than this: a web
    /// page's engine call gives up instead of hanging on a slow or locked database.
    pub statement_timeout: Option<Duration>,
}

impl std::fmt::Debug for DbSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DbSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("socket", &self.socket)
            .field("name", &self.name)
            .field("user", &self.user)
            .field("pass", &"<hidden>")
            .field("statement_timeout", &self.statement_timeout)
            .finish()
    }
}

impl DbSettings {
    /// Where the server is, for messages: `host:port` or `socket <path>`.
    pub fn target(&self) -> String {
        match &self.socket {
            Some(path) => format!("socket {path}"),
            None => format!("{}:{}", self.host, self.port),
        }
    }
}

/// Moodle's table prefix, validated, and the names built from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tables {
    prefix: String,
}

impl Tables {
    /// Accepts Moodle-style prefixes (`mdl_`, `m42_`, empty): lower-case letters, digits and `_`,
    /// at most 20 characters. Anything else would be spliced into SQL, so it is refused.
    pub fn new(prefix: &str) -> Result<Tables, DbError> {
        let ok = prefix.len() <= 20
            && prefix
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if ok {
            Ok(Tables {
                prefix: prefix.to_string(),
            })
        } else {
            Err(DbError::BadPrefix {
                prefix: prefix.to_string(),
            })
        }
    }

    /// The unquoted, prefixed name: for messages, and for each adapter to quote its own way.
    pub fn plain(&self, name: &str) -> String {
        format!("{}{}", self.prefix, name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moodle_prefixes_are_accepted() {
        for p in ["mdl_", "", "m42_", "moodle_prod_"] {
            assert!(Tables::new(p).is_ok(), "{p}");
        }
    }

    #[test]
    fn hostile_prefixes_are_refused() {
        for p in [
            "mdl`; DROP TABLE x; --",
            "MDL_",
            "mdl-",
            "mdl_ ",
            "a'b",
            "é_",
        ] {
            assert!(
                matches!(Tables::new(p), Err(DbError::BadPrefix { .. })),
                "{p}"
            );
        }
    }
}
