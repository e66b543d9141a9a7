//! Moodle's capability resolution, for the two capabilities the engine reads.
//!
//! Moodle decides `has_capability()` in a context like this: for each role the user holds in the
//! context or above it, the role's permission is the one defined in the *nearest* context on the
//! path (an override in the course beats the site definition), except that `CAP_PROHIBIT`
//! anywhere on the path wins for that role; then the user has the capability when some role
//! allows it and none prohibits it. The adapter reads the few rows of `role_capabilities` for the
//! capability, and each learner's roles on the course path, with one query each; this module does
//! the rest without one query per user.

use std::collections::HashMap;

/// `CAP_ALLOW`.
pub const ALLOW: i64 = 1;
/// `CAP_PREVENT`.
pub const PREVENT: i64 = -1;
/// `CAP_PROHIBIT`.
pub const PROHIBIT: i64 = -1000;

/// One row of `role_capabilities` for the capability, with the depth of its context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Definition {
    /// `role_capabilities.roleid`.
    pub role: i64,
    /// `context.id` of the definition.
    pub context: i64,
    /// `context.depth` (system = 1).
    pub depth: i64,
    /// `role_capabilities.permission`.
    pub permission: i64,
}

/// Every role's resolved permission in one course context.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolved {
    by_role: HashMap<i64, i64>,
}

impl Resolved {
    /// Resolves the definitions that apply to a course: `path` is the course context's path
    /// (`/1/3/15`), and only definitions in a context on that path count.
    pub fn for_path(definitions: &[Definition], path: &str) -> Resolved {
        let on_path: Vec<i64> = path.split('/').filter_map(|s| s.parse().ok()).collect();
        let mut best: HashMap<i64, (i64, i64)> = HashMap::new(); // role -> (depth, permission)
        let mut prohibited: Vec<i64> = Vec::new();
        for d in definitions.iter().filter(|d| on_path.contains(&d.context)) {
            if d.permission == PROHIBIT {
                prohibited.push(d.role);
            }
            let entry = best.entry(d.role).or_insert((i64::MIN, 0));
            if d.depth > entry.0 {
                *entry = (d.depth, d.permission);
            }
        }
        let mut by_role: HashMap<i64, i64> = best.into_iter().map(|(r, (_, p))| (r, p)).collect();
        for r in prohibited {
            by_role.insert(r, PROHIBIT);
        }
        Resolved { by_role }
    }

    /// Whether a user holding `roles` on the course path has the capability.
    pub fn granted(&self, roles: &[i64]) -> bool {
        let perms: Vec<i64> = roles
            .iter()
            .filter_map(|r| self.by_role.get(r).copied())
            .collect();
        !perms.contains(&PROHIBIT) && perms.iter().any(|&p| p > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STUDENT: i64 = 5;
    const TEACHER: i64 = 3;

    fn def(role: i64, context: i64, depth: i64, permission: i64) -> Definition {
        Definition {
            role,
            context,
            depth,
            permission,
        }
    }

    #[test]
    fn a_site_definition_applies_to_every_course() {
        let r = Resolved::for_path(&[def(STUDENT, 1, 1, ALLOW)], "/1/2/15");
        assert!(r.granted(&[STUDENT]));
        assert!(
            !r.granted(&[TEACHER]),
            "a role with no definition has nothing"
        );
        assert!(!r.granted(&[]), "no role, no capability");
    }

    #[test]
    fn a_course_override_beats_the_site_definition() {
        let defs = [def(STUDENT, 1, 1, ALLOW), def(STUDENT, 15, 3, PREVENT)];
        assert!(!Resolved::for_path(&defs, "/1/2/15").granted(&[STUDENT]));
        assert!(
            Resolved::for_path(&defs, "/1/2/16").granted(&[STUDENT]),
            "another course keeps it"
        );
    }

    #[test]
    fn a_category_override_applies_below_it_and_a_course_can_undo_it() {
        let defs = [
            def(STUDENT, 1, 1, ALLOW),
            def(STUDENT, 2, 2, PREVENT),
            def(STUDENT, 15, 3, ALLOW),
        ];
        assert!(Resolved::for_path(&defs, "/1/2/15").granted(&[STUDENT]));
        assert!(!Resolved::for_path(&defs, "/1/2/16").granted(&[STUDENT]));
    }

    #[test]
    fn prohibit_anywhere_on_the_path_wins_over_a_nearer_allow() {
        let defs = [def(STUDENT, 2, 2, PROHIBIT), def(STUDENT, 15, 3, ALLOW)];
        assert!(!Resolved::for_path(&defs, "/1/2/15").granted(&[STUDENT]));
    }

    #[test]
    fn any_allowing_role_grants_unless_one_prohibits() {
        let defs = [def(STUDENT, 1, 1, ALLOW), def(TEACHER, 1, 1, PREVENT)];
        let r = Resolved::for_path(&defs, "/1/2/15");
        assert!(r.granted(&[TEACHER, STUDENT]));
        let defs = [def(STUDENT, 1, 1, ALLOW), def(TEACHER, 1, 1, PROHIBIT)];
        assert!(!Resolved::for_path(&defs, "/1/2/15").granted(&[TEACHER, STUDENT]));
    }

    #[test]
    fn definitions_off_the_path_are_ignored() {
        let defs = [def(STUDENT, 99, 2, ALLOW)];
        assert!(!Resolved::for_path(&defs, "/1/2/15").granted(&[STUDENT]));
        assert!(!Resolved::for_path(&defs, "garbage").granted(&[STUDENT]));
    }
}
