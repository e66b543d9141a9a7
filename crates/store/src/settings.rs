//! Where the site's database is and which tables are Moodle's: what every adapter connects with.

use std::time::Duration;

use crate::error::DbError;

/// Which database server the site runs on: Moodle's `$CFG->dbtype`, by the store that serves it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DbKind {
    /// MariaDB or MySQL (`mariadb`, `mysqli`, `auroramysql`).
    #[default]
    Mysql,
    /// PostgreSQL (`pgsql`).
    Postgres,
}

impl DbKind {
    /// The kind Moodle's `$CFG->dbtype` names; `None` for a database the engine does not serve
    /// (`sqlsrv`, `oci`, anything else). An empty value is MariaDB/MySQL, as before `dbtype` was
    /// passed on.
    pub fn from_moodle(dbtype: &str) -> Option<DbKind> {
        match dbtype.trim() {
            "" | "mysqli" | "mariadb" | "auroramysql" => Some(DbKind::Mysql),
            "pgsql" => Some(DbKind::Postgres),
            _ => None,
        }
    }

    /// The server's port when Moodle's `dboptions['dbport']` is empty.
    pub fn default_port(self) -> u16 {
        match self {
            DbKind::Mysql => 3306,
            DbKind::Postgres => 5432,
        }
    }
}

/// Moodle's `$CFG->dbtype`, `dbhost`, `dboptions['dbport']`, `dboptions['dbsocket']`,
/// `dboptions['dbschema']`, `dbname`, `dbuser`, `dbpass`.
#[derive(Clone, PartialEq, Eq)]
pub struct DbSettings {
    /// The database server's kind.
    pub kind: DbKind,
    /// Host name or address.
    pub host: String,
    /// TCP port (the kind's default when Moodle's is empty).
    pub port: u16,
    /// Unix socket: its path (MariaDB/MySQL) or its directory (PostgreSQL); when set it is used
    /// instead of TCP.
    pub socket: Option<String>,
    /// PostgreSQL's schema holding Moodle's tables (`dboptions['dbschema']`); `None`: the
    /// server's `search_path` (`public`). Validated by [`DbSettings::schema_name`].
    pub schema: Option<String>,
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
            .field("kind", &self.kind)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("socket", &self.socket)
            .field("schema", &self.schema)
            .field("name", &self.name)
            .field("user", &self.user)
            .field("pass", &"<hidden>")
            .field("statement_timeout", &self.statement_timeout)
            .finish()
    }
}

impl DbSettings {
    /// Accepts a PostgreSQL schema name as Moodle sites use them (`public`, `moodle`,
    /// `moodle_prod`): a letter or `_`, then letters, digits and `_`, at most 63 bytes, folded to
    /// lower case as PostgreSQL folds the unquoted name Moodle's driver puts on its `search_path`
    /// (`Moodle` is `moodle`). Anything else would be spliced into a statement, so it is refused.
    pub fn schema_name(schema: &str) -> Result<String, DbError> {
        let folded = schema.to_ascii_lowercase();
        let b = folded.as_bytes();
        let ok = !b.is_empty()
            && b.len() <= 63
            && (b[0].is_ascii_lowercase() || b[0] == b'_')
            && b.iter()
                .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_');
        if ok {
            Ok(folded)
        } else {
            Err(DbError::BadSchema {
                schema: schema.to_string(),
            })
        }
    }

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

    /// Expands the `{table}` markers of a statement written with Moodle's own brace convention
    /// into prefixed names between `quote`s (each database's identifier quote).
    pub fn expand(&self, statement: &str, quote: char) -> String {
        let mut out = String::with_capacity(statement.len() + 64);
        let mut rest = statement;
        while let Some(open) = rest.find('{') {
            match rest[open..].find('}') {
                Some(len) => {
                    out.push_str(&rest[..open]);
                    out.push(quote);
                    out.push_str(&self.prefix);
                    out.push_str(&rest[open + 1..open + len]);
                    out.push(quote);
                    rest = &rest[open + len + 1..];
                }
                None => break,
            }
        }
        out.push_str(rest);
        out
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
    fn moodle_database_types_pick_a_kind() {
        assert_eq!(DbKind::from_moodle("mariadb"), Some(DbKind::Mysql));
        assert_eq!(DbKind::from_moodle("mysqli"), Some(DbKind::Mysql));
        assert_eq!(DbKind::from_moodle("auroramysql"), Some(DbKind::Mysql));
        assert_eq!(DbKind::from_moodle(""), Some(DbKind::Mysql));
        assert_eq!(DbKind::from_moodle("pgsql"), Some(DbKind::Postgres));
        assert_eq!(DbKind::from_moodle("sqlsrv"), None);
        assert_eq!(DbKind::from_moodle("PGSQL"), None);
        assert_eq!(DbKind::Postgres.default_port(), 5432);
    }

    #[test]
    fn schemas_are_plain_identifiers() {
        for s in ["public", "moodle", "_x", "moodle_prod2"] {
            assert_eq!(DbSettings::schema_name(s).unwrap(), s);
        }
        assert_eq!(DbSettings::schema_name("Moodle").unwrap(), "moodle");
        for s in ["", "2x", "a\"b", "a;drop", "a b", &"x".repeat(64)] {
            assert!(
                matches!(DbSettings::schema_name(s), Err(DbError::BadSchema { .. })),
                "{s}"
            );
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
