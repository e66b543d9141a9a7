//! Reading values out of rows without trusting them: NULL where a LEFT JOIN found nothing reads
//! as 0 or empty. Every integer column is selected cast to `bigint` (Moodle's smallint, integer
//! and bigint alike), so that one Rust type reads them all.

use tokio_postgres::Row;

/// A `bigint` column; NULL reads as `None`.
pub(crate) fn opt_int(row: &Row, i: usize) -> Option<i64> {
    row.get::<_, Option<i64>>(i)
}

/// A `bigint` column where NULL means 0 (Moodle's "not set").
pub(crate) fn int(row: &Row, i: usize) -> i64 {
    opt_int(row, i).unwrap_or(0)
}

/// A text column; NULL reads as empty.
pub(crate) fn text(row: &Row, i: usize) -> String {
    row.get::<_, Option<String>>(i).unwrap_or_default()
}
