//! Statement parameters numbered as PostgreSQL numbers them (`$1`, `$2`, ...), with the Rust type
//! of each column's Moodle type (the driver checks them: smallint is `i16`, integer `i32`, bigint
//! `i64`).

use tokio_postgres::types::ToSql;

use crate::Scope;

/// The values of one statement, in order.
#[derive(Default)]
pub(crate) struct Params {
    values: Vec<Box<dyn ToSql + Sync + Send>>,
}

impl Params {
    /// Adds a value; returns its placeholder.
    pub fn add<T: ToSql + Sync + Send + 'static>(&mut self, value: T) -> String {
        self.values.push(Box::new(value));
        format!("${}", self.values.len())
    }

    /// The values, as the driver takes them.
    pub fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.values
            .iter()
            .map(|v| v.as_ref() as &(dyn ToSql + Sync))
            .collect()
    }

    /// ` AND <col> = ANY($n)` for each non-empty list of the scope: one parameter per list,
    /// whatever its length.
    pub fn scope(&mut self, scope: &Scope, course_col: &str, user_col: &str) -> String {
        let mut sql = String::new();
        for (col, ids) in [(course_col, &scope.courses), (user_col, &scope.users)] {
            if !ids.is_empty() {
                let mark = self.add(ids.clone());
                sql.push_str(&format!(" AND {col} = ANY({mark})"));
            }
        }
        sql
    }
}

/// A value stored in a smallint column (priority, attempts, mailformat), saturated.
pub(crate) fn small(v: i64) -> i16 {
    v.clamp(i64::from(i16::MIN), i64::from(i16::MAX)) as i16
}
