//! Table names with the site's prefix, quoted as PostgreSQL quotes identifiers.

use crate::Tables;

/// The statements' table names: [`Tables`] is the store's (the prefix, validated to
/// `[a-z0-9_]`); the quoting is PostgreSQL's.
pub(crate) trait Quoted {
    /// Expands `{table}` markers in a statement written with Moodle's own brace convention into
    /// quoted, prefixed names: `{user}` is `"mdl_user"`.
    fn sql(&self, statement: &str) -> String;
}

impl Quoted for Tables {
    fn sql(&self, statement: &str) -> String {
        self.expand(statement, '"')
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
