//! Tests of the pure engine as a whole, one binary, a module per area:
//!
//! - `support`: builders for a learner in a situation where a given notification is accepted.
//! - `defects`: one test per defect of the original plugin, named after it.
//! - `scenarios`: the table of every built-in notification against every rule that can trap it,
//!   each with the exact trace line an operator reads.
//! - `properties`: random enrolment timelines run day by day: nothing is accepted twice, no end
//!   reminder follows a nearer one, suspended learners get nothing.

mod defects;
mod properties;
mod scenarios;
mod support;
