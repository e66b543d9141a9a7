//! The fixtures' SQL is written for MariaDB; this is the one translation the PostgreSQL runs
//! apply to it, and nothing cleverer (a test whose SQL needs more gives the statement per kind).
//!
//! Outside string literals and comments:
//! - `SET @x = expr;` is dropped and every later `@x` becomes `(expr)` (`@now` is given);
//! - `INSERT IGNORE INTO ...;` becomes `INSERT INTO ... ON CONFLICT DO NOTHING;`;
//! - `UNIX_TIMESTAMP()` becomes the epoch seconds of `now()`, `CAST(x AS SIGNED)` `CAST(x AS BIGINT)`;
//! - `` `name` `` becomes `"name"`.
//!
//! String literals are re-written in PostgreSQL's standard form: MariaDB's backslash escapes
//! (`\'`, `\\`, `\n`...) are resolved and quotes doubled, so the value stored is the same.

use std::collections::HashMap;

/// `sql` (MariaDB dialect) as PostgreSQL runs it, with `@now` = `now`.
pub fn to_pg(sql: &str, now: i64) -> String {
    let mut vars: HashMap<String, String> = HashMap::new();
    vars.insert("now".into(), now.to_string());
    let mut out = String::with_capacity(sql.len() + 64);
    for statement in split(sql) {
        let translated = translate(&statement, &vars);
        let trimmed = translated.trim();
        if let Some(set) = set_variable(trimmed) {
            vars.insert(set.0, set.1);
            continue;
        }
        let (body, ignore) = strip_insert_ignore(&translated);
        out.push_str(&body);
        if ignore {
            // The statement's own `;` (if any) ends it after the clause.
            let end = out.trim_end().len();
            let has_semicolon = out[..end].ends_with(';');
            let cut = if has_semicolon { end - 1 } else { end };
            let tail = out[cut..].to_string();
            out.truncate(cut);
            out.push_str(" ON CONFLICT DO NOTHING");
            if has_semicolon {
                out.push_str(&tail);
            } else {
                out.push_str(&tail);
                out.push(';');
            }
        }
    }
    out
}

/// Splits `sql` into statements, each with its `;` and what follows up to the next statement
/// (comments and blank lines stay with the statement before them).
fn split(sql: &str) -> Vec<String> {
    let mut statements = Vec::new();
    let mut current = String::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        match c {
            '\'' | '"' | '`' => {
                while let Some(d) = chars.next() {
                    current.push(d);
                    if d == '\\' && c != '`' {
                        if let Some(e) = chars.next() {
                            current.push(e);
                        }
                    } else if d == c {
                        if chars.peek() == Some(&c) {
                            current.push(chars.next().unwrap());
                        } else {
                            break;
                        }
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                for d in chars.by_ref() {
                    current.push(d);
                    if d == '\n' {
                        break;
                    }
                }
            }
            ';' => statements.push(std::mem::take(&mut current)),
            _ => {}
        }
    }
    if !current.is_empty() {
        statements.push(current);
    }
    statements
}

/// `SET @name = value;` (value already translated): the variable and its value.
fn set_variable(statement: &str) -> Option<(String, String)> {
    // Leading comments belong to the statement: skip them.
    let mut rest = statement;
    while rest.starts_with("--") {
        rest = rest.split_once('\n').map_or("", |(_, r)| r).trim_start();
    }
    let lower = rest.to_ascii_lowercase();
    if !lower.starts_with("set ") {
        return None;
    }
    let assignment = rest[4..].trim().trim_end_matches(';').trim();
    let (name, value) = assignment.split_once('=')?;
    let name = name.trim().strip_prefix('(')?.strip_suffix(')')?.trim();
    Some((name.to_string(), value.trim().to_string()))
}

/// Removes `IGNORE` from a leading `INSERT IGNORE`; whether it did.
fn strip_insert_ignore(statement: &str) -> (String, bool) {
    let start = statement.len() - statement.trim_start().len();
    let mut rest = &statement[start..];
    let mut offset = start;
    while rest.starts_with("--") {
        let skip = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let next = &rest[skip..];
        let trimmed = next.trim_start();
        offset += skip + (next.len() - trimmed.len());
        rest = trimmed;
    }
    let words: Vec<&str> = rest.splitn(3, char::is_whitespace).collect();
    if words.len() == 3
        && words[0].eq_ignore_ascii_case("insert")
        && words[1].eq_ignore_ascii_case("ignore")
    {
        let mut s = statement[..offset].to_string();
        s.push_str("INSERT ");
        s.push_str(words[2]);
        (s, true)
    } else {
        (statement.to_string(), false)
    }
}

/// One statement's words: variables, backticks, functions; literals re-written.
fn translate(statement: &str, vars: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(statement.len());
    let chars: Vec<char> = statement.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            // MariaDB's double quotes are strings too (no ANSI_QUOTES).
            '\'' | '"' => {
                let (value, next) = mysql_string(&chars, i);
                out.push('\'');
                out.push_str(&value.replace('\'', "''"));
                out.push('\'');
                i = next;
            }
            '`' => {
                out.push('"');
                i += 1;
                while i < chars.len() && chars[i] != '`' {
                    out.push(chars[i]);
                    i += 1;
                }
                out.push('"');
                i += 1;
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                while i < chars.len() && chars[i] != '\n' {
                    out.push(chars[i]);
                    i += 1;
                }
            }
            '@' => {
                let mut j = i + 1;
                while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                    j += 1;
                }
                let name: String = chars[i + 1..j].iter().collect();
                let set = statement_is_set(&out);
                match vars.get(&name) {
                    Some(value) if !set => {
                        out.push('(');
                        out.push_str(value);
                        out.push(')');
                    }
                    _ if set => {
                        out.push('(');
                        out.push_str(&name);
                        out.push(')');
                    }
                    _ => panic!("the fixture uses @{name} before setting it"),
                }
                i = j;
            }
            _ if c.is_ascii_alphabetic() && (i == 0 || !is_word(chars[i - 1])) => {
                let mut j = i;
                while j < chars.len() && is_word(chars[j]) {
                    j += 1;
                }
                let word: String = chars[i..j].iter().collect();
                let rest: String = chars[j..].iter().take(12).collect();
                if word.eq_ignore_ascii_case("unix_timestamp") && rest.starts_with("()") {
                    out.push_str("CAST(EXTRACT(EPOCH FROM now()) AS BIGINT)");
                    i = j + 2;
                } else if word.eq_ignore_ascii_case("signed")
                    && out.trim_end().to_ascii_lowercase().ends_with(" as")
                {
                    out.push_str("BIGINT");
                    i = j;
                } else {
                    out.push_str(&word);
                    i = j;
                }
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Whether the statement written so far is `SET` and the variable comes next (its name is kept).
fn statement_is_set(so_far: &str) -> bool {
    let mut rest = so_far.trim_start();
    while rest.starts_with("--") {
        rest = rest.split_once('\n').map_or("", |(_, r)| r).trim_start();
    }
    rest.trim_end().eq_ignore_ascii_case("set")
}

/// The value of the MariaDB string literal starting at `chars[start]` (a `'` or `"`), and the
/// index after it.
fn mysql_string(chars: &[char], start: usize) -> (String, usize) {
    let quote = chars[start];
    let mut value = String::new();
    let mut i = start + 1;
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() => {
                let e = chars[i + 1];
                match e {
                    '0' => value.push('\0'),
                    'n' => value.push('\n'),
                    'r' => value.push('\r'),
                    't' => value.push('\t'),
                    'b' => value.push('\u{8}'),
                    'Z' => value.push('\u{1a}'),
                    // LIKE's escapes keep their backslash, as in MariaDB.
                    '%' | '_' => {
                        value.push('\\');
                        value.push(e);
                    }
                    other => value.push(other),
                }
                i += 2;
            }
            q if q == quote && chars.get(i + 1) == Some(&quote) => {
                value.push(quote);
                i += 2;
            }
            q if q == quote => return (value, i + 1),
            other => {
                value.push(other);
                i += 1;
            }
        }
    }
    panic!("unterminated string literal in the fixture");
}

/// After a load on PostgreSQL: every id sequence moved past the largest id of its table, as the
/// explicit ids of the fixtures leave them behind (MariaDB's AUTO_INCREMENT follows by itself).
pub const RESET_SEQUENCES: &str = "DO $$ DECLARE r record; BEGIN \
    FOR r IN SELECT c.relname AS t, pg_get_serial_sequence(quote_ident(c.relname), 'id') AS s \
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
              WHERE c.relkind = 'r' AND n.nspname = current_schema() \
                AND EXISTS (SELECT 1 FROM pg_attribute a \
                             WHERE a.attrelid = c.oid AND a.attname = 'id' AND NOT a.attisdropped) LOOP \
      IF r.s IS NOT NULL THEN \
        EXECUTE format('SELECT setval(%L, COALESCE((SELECT max(id) FROM %I), 0) + 1, false)', r.s, r.t); \
      END IF; \
    END LOOP; END $$;";

#[cfg(test)]
mod tests {
    use super::to_pg;

    #[test]
    fn variables_are_replaced_by_their_values_and_their_settings_dropped() {
        let sql = "SET @day = 86400;\nINSERT INTO t (a, b) VALUES (@now - 2 * @day, @day);\n";
        assert_eq!(
            to_pg(sql, 1000),
            "\nINSERT INTO t (a, b) VALUES ((1000) - 2 * (86400), (86400));\n"
        );
        // A variable set from another one, and names that start alike.
        let sql = "SET @d = @now + 1; SET @dd = 7; SELECT @d, @dd;";
        assert_eq!(to_pg(sql, 5), " SELECT ((5) + 1), (7);");
    }

    #[test]
    fn strings_and_comments_are_left_alone_but_backslash_escapes_are_resolved() {
        let sql = "-- mail @now's owner at x@day.org\nINSERT INTO t VALUES ('a@now.org', 'O\\'Brien \\\\ ''q''', \"x\");";
        assert_eq!(
            to_pg(sql, 1),
            "-- mail @now's owner at x@day.org\nINSERT INTO t VALUES ('a@now.org', 'O''Brien \\ ''q''', 'x');"
        );
        assert_eq!(
            to_pg("SELECT \"a 'b' \"\"c\"\"\";", 1),
            "SELECT 'a ''b'' \"c\"';"
        );
        assert_eq!(to_pg("SELECT 'a\\nb', 'c;d';", 1), "SELECT 'a\nb', 'c;d';");
    }

    #[test]
    fn insert_ignore_becomes_on_conflict_do_nothing() {
        let sql = "INSERT IGNORE INTO mdl_user (id) VALUES (1);\n  insert ignore into mdl_x (id) VALUES (2)";
        assert_eq!(
            to_pg(sql, 1),
            "INSERT INTO mdl_user (id) VALUES (1) ON CONFLICT DO NOTHING;\n  INSERT into mdl_x (id) VALUES (2) ON CONFLICT DO NOTHING;"
        );
        // Only at the start of a statement, and not in a string.
        let sql = "INSERT INTO t VALUES ('INSERT IGNORE INTO');";
        assert_eq!(to_pg(sql, 1), sql);
        // After a comment.
        assert_eq!(
            to_pg("-- a\nINSERT IGNORE INTO t VALUES (1);", 1),
            "-- a\nINSERT INTO t VALUES (1) ON CONFLICT DO NOTHING;"
        );
    }

    #[test]
    fn mysql_functions_and_quoting_become_postgresqls() {
        assert_eq!(
            to_pg("SELECT CAST(value AS SIGNED), unix_timestamp() FROM `mdl_user`;", 1),
            "SELECT CAST(value AS BIGINT), CAST(EXTRACT(EPOCH FROM now()) AS BIGINT) FROM \"mdl_user\";"
        );
        // Words that only contain them are left alone.
        assert_eq!(
            to_pg("SELECT unsigned, signedx FROM t;", 1),
            "SELECT unsigned, signedx FROM t;"
        );
    }

    /// On a real PostgreSQL (whatever the pass): after a load, the next row a table numbers
    /// itself follows the ids the fixture wrote, also with a table of the test's own that has no
    /// id column.
    #[tokio::test]
    async fn a_load_on_postgresql_moves_every_sequence_past_the_ids_written() {
        use crate::support::{Kind, TestDb};
        let db = TestDb::create("dialect_sequences", "mdl_", Kind::Pgsql).await;
        db.exec("CREATE TABLE {p}noid (x BIGINT)").await;
        db.load(
            "INSERT INTO mdl_course (id, category, fullname, shortname) VALUES (7, 1, 'A', 'A'), (3, 1, 'B', 'B');\n\
             INSERT IGNORE INTO mdl_course (id, category, fullname, shortname) VALUES (7, 1, 'again', 'again');",
            1,
        )
        .await;
        db.exec("INSERT INTO {p}course (category, fullname, shortname) VALUES (1, 'C', 'C')")
            .await;
        assert_eq!(
            db.count("SELECT id FROM {p}course WHERE shortname = 'C'")
                .await,
            8
        );
        assert_eq!(db.count("SELECT COUNT(*) FROM {p}course").await, 3);
    }

    #[test]
    #[should_panic(expected = "@later before setting it")]
    fn a_variable_used_before_it_is_set_is_an_error() {
        to_pg("SELECT @later;", 1);
    }
}
