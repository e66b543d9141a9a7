//! Which courses and users a run concerns.

/// Restricts a run to some courses and/or users; empty lists mean "all".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// Course ids.
    pub courses: Vec<i64>,
    /// User ids.
    pub users: Vec<i64>,
}

impl Scope {
    /// Whether the run is narrowed to some courses or users (a web page, an event's task): its
    /// reads are then bounded by the scope, on one connection.
    pub fn is_narrowed(&self) -> bool {
        !self.courses.is_empty() || !self.users.is_empty()
    }
}
