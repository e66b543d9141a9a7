//! The server's errors (SQLSTATE) classified as the store's [`DbError`].

use tokio_postgres::error::SqlState;

use crate::DbError;

/// Classifies a driver error raised while `doing` something.
///
/// PostgreSQL names its errors by SQLSTATE, whatever the server's language: 57014 (a statement
/// cancelled by `statement_timeout`) and 55P03 (`lock_timeout`) are the session's limits, so
/// timeouts; 42P01 is a missing table (wrong prefix); 3D000 an unknown database; 28P01 and 28000
/// refused credentials.
pub fn classify(doing: &'static str, e: tokio_postgres::Error) -> DbError {
    let Some(db) = e.as_db_error() else {
        return DbError::Query {
            doing,
            detail: e.to_string(),
        };
    };
    let detail = db.message().to_string();
    let code = db.code();
    if *code == SqlState::QUERY_CANCELED || *code == SqlState::LOCK_NOT_AVAILABLE {
        DbError::Timeout { doing, detail }
    } else if *code == SqlState::UNDEFINED_TABLE {
        DbError::MissingTable { detail }
    } else if *code == SqlState::INVALID_CATALOG_NAME {
        DbError::UnknownDatabase { name: detail }
    } else if *code == SqlState::INVALID_PASSWORD
        || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
    {
        DbError::AccessDenied {
            user: String::new(),
            detail,
        }
    } else {
        DbError::Query { doing, detail }
    }
}
