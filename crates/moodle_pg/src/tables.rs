//! Table names with the site's prefix, quoted as PostgreSQL quotes identifiers.

use crate::Tables;

/// The statements' table names: [`Tables`] is the store's (the prefix, validated to
/// `[a-z0-9_]`); the quoting is PostgreSQL's.
pub(crate) trait Quoted {
    /// The quoted, prefixed name of a Moodle table: `"mdl_user"`.
    fn t(&self, name: &str) -> String;
    /// Expands `{table}` markers in a statement written with Moodle's own brace convention.
    fn sql(&self, statement: &str) -> String;
}

impl Quoted for Tables {
    fn t(&self, name: &str) -> String {
        format!("\"{}\"", self.plain(name))
    }

    fn sql(&self, statement: &str) -> String {
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
    fn braces_become_quoted_prefixed_names() {
        let t = Tables::new("mdl_").unwrap();
        assert_eq!(
            t.sql("SELECT 1 FROM {user} u JOIN {enrol} e"),
            "SELECT 1 FROM \"mdl_user\" u JOIN \"mdl_enrol\" e"
        );
    }
}
