//! Table names with the site's prefix.

use crate::error::DbError;

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

    /// The quoted, prefixed name of a Moodle table: `` `mdl_user` ``.
    pub fn t(&self, name: &str) -> String {
        format!("`{}{}`", self.prefix, name)
    }

    /// The unquoted, prefixed name (for messages).
    pub fn plain(&self, name: &str) -> String {
        format!("{}{}", self.prefix, name)
    }

    /// Expands `{table}` markers in a statement written with Moodle's own brace convention.
    pub fn sql(&self, statement: &str) -> String {
        let mut out = String::with_capacity(statement.len() + 64);
        let mut rest = statement;
        while let Some(open) = rest.find('{') {
            match rest[open..].find('}') {
                Some(len) => {
                    out.push_str(&rest[..open]);
                    out.push_str(&self.t(&rest[open + 1..open + len]));
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

    #[test]
    fn braces_become_prefixed_names() {
        let t = Tables::new("mdl_").unwrap();
        assert_eq!(
            t.sql("SELECT 1 FROM {user} u JOIN {enrol} e"),
            "SELECT 1 FROM `mdl_user` u JOIN `mdl_enrol` e"
        );
    }
}
