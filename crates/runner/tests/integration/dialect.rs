//! The fixtures' SQL is written for MariaDB; the PostgreSQL pass translates it with the project's
//! one translator, `scripts/lib/mysql_to_pgsql.py` (the same the scripts load the demo site with:
//! variables, `INSERT IGNORE`, `UNIX_TIMESTAMP()`, `CAST(... AS SIGNED)`, backticks, MariaDB's
//! backslash escapes; then every id sequence moved past the ids written). Nothing cleverer: a test
//! whose SQL needs more gives the statement per kind. These tests pin its rules.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// `sql` (MariaDB dialect) as PostgreSQL runs it, with `@now` = `now`; with `sequences`, followed
/// by the statement that moves every id sequence past the ids written. Panics with the
/// translator's message on SQL it refuses (a fixture's mistake).
pub fn translate(sql: &str, now: i64, sequences: bool) -> String {
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/lib/mysql_to_pgsql.py");
    let mut args = vec![
        script.display().to_string(),
        "--now".into(),
        now.to_string(),
    ];
    if !sequences {
        args.push("--no-sequences".into());
    }
    let mut child = Command::new("python3")
        .args(&args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3, to translate the fixtures for PostgreSQL");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(sql.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The translation alone (what the unit tests below pin).
pub fn to_pg(sql: &str, now: i64) -> String {
    translate(sql, now, false)
}

/// Moves every id sequence past the largest id of its table (after rows written with explicit
/// ids outside a fixture load).
pub fn reset_sequences() -> String {
    translate("", 0, true)
}

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
    #[should_panic(expected = "@later is used before it is set")]
    fn a_variable_used_before_it_is_set_is_an_error() {
        to_pg("SELECT @later;", 1);
    }
}
