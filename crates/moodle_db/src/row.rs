//! Reading values out of rows without trusting them.
//!
//! Moodle's columns hold whatever was written into them: NULL where a LEFT JOIN found nothing,
//! invalid UTF-8 in a name imported from elsewhere, numbers as strings on the text protocol. These
//! helpers turn each into a sensible value instead of failing the whole run.

use mysql_async::{Row, Value};

/// An integer column; NULL, garbage or a missing column read as `None`.
pub(crate) fn opt_int(row: &Row, i: usize) -> Option<i64> {
    match row.as_ref(i)? {
        Value::Int(v) => Some(*v),
        Value::UInt(v) => Some(i64::try_from(*v).unwrap_or(i64::MAX)),
        Value::Bytes(b) => std::str::from_utf8(b).ok()?.trim().parse().ok(),
        Value::Float(v) => Some(*v as i64),
        Value::Double(v) => Some(*v as i64),
        _ => None,
    }
}

/// An integer column where NULL means 0 (Moodle's "not set").
pub(crate) fn int(row: &Row, i: usize) -> i64 {
    opt_int(row, i).unwrap_or(0)
}

/// A text column; NULL reads as empty, invalid UTF-8 is replaced rather than refused.
pub(crate) fn text(row: &Row, i: usize) -> String {
    match row.as_ref(i) {
        Some(Value::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
        Some(Value::Int(v)) => v.to_string(),
        Some(Value::UInt(v)) => v.to_string(),
        _ => String::new(),
    }
}
