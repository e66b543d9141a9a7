//! The driver's errors classified as the store's [`DbError`].

pub use course_notification_store::DbError;

/// MariaDB's and MySQL's errors in the words of [`DbError`] (a trait: `DbError` is the store's).
pub(crate) trait FromDriver {
    /// Classifies a driver error raised while `doing` something.
    fn from_driver(doing: &'static str, e: mysql_async::Error) -> DbError;
}

impl FromDriver for DbError {
    fn from_driver(doing: &'static str, e: mysql_async::Error) -> DbError {
        if let mysql_async::Error::Server(s) = &e {
            match s.code {
                1146 => {
                    return DbError::MissingTable {
                        detail: s.message.clone(),
                    }
                }
                1049 => {
                    return DbError::UnknownDatabase {
                        name: s.message.clone(),
                    };
                }
                // MariaDB's max_statement_time, MySQL's max_execution_time, lock_wait_timeout and
                // innodb_lock_wait_timeout (the latter two share 1205).
                1969 | 3024 | 1205 => {
                    return DbError::Timeout {
                        doing,
                        detail: s.message.clone(),
                    };
                }
                _ => {}
            }
        }
        // The driver nests its I/O errors and names the nesting twice.
        let detail = e.to_string().replacen(
            "Input/output error: Input/output error: ",
            "Input/output error: ",
            1,
        );
        DbError::Query { doing, detail }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(code: u16, message: &str) -> mysql_async::Error {
        mysql_async::Error::Server(mysql_async::ServerError {
            code,
            message: message.into(),
            state: "HY000".into(),
        })
    }

    #[test]
    fn statement_and_lock_timeouts_are_timeouts() {
        for code in [1969, 3024, 1205] {
            let e = DbError::from_driver("reading courses", server(code, "too slow"));
            assert!(matches!(e, DbError::Timeout { .. }), "{code}: {e:?}");
        }
        let e = DbError::from_driver("reading courses", server(1064, "syntax"));
        assert!(matches!(e, DbError::Query { .. }), "{e:?}");
    }
}
