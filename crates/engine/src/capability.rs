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
    /// (role, permission), sorted by role: a course's few roles are found faster by a binary
    /// search than by hashing, twice per participation of a full run.
    by_role: Vec<(i64, i64)>,
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
        let mut by_role: Vec<(i64, i64)> = by_role.into_iter().collect();
        by_role.sort_unstable();
        Resolved { by_role }
    }

    /// Whether a user holding `roles` on the course path has the capability.
    pub fn granted(&self, roles: &[i64]) -> bool {
        self.granted_to(roles.iter().copied())
    }

    /// [`Resolved::granted`] on roles given one by one: asked twice for every participation of a
    /// full run, it allocates nothing.
    fn granted_to(&self, roles: impl Iterator<Item = i64>) -> bool {
        // `has_capability_in_accessdata()`: a prohibit in any role denies, else only `CAP_ALLOW` grants.
        let mut allowed = false;
        for role in roles {
            let found = self.by_role.binary_search_by_key(&role, |&(r, _)| r);
            match found.ok().map(|i| self.by_role[i].1) {
                Some(PROHIBIT) => return false,
                Some(ALLOW) => allowed = true,
                _ => {}
            }
        }
        allowed
    }
}

/// The site's special accounts and roles, as `has_capability()` treats them (Moodle 5.0,
/// lib/accesslib.php): site administrators hold every capability (`$doanything`, through
/// `is_siteadmin()` and `$CFG->siteadmins`); the guest user (`$CFG->siteguest`) holds the guest role
/// (`get_guest_role()`: `$CFG->guestroleid`, else the first role of archetype `guest`) at system
/// level and nothing else (`get_user_accessdata()` ignores its assignments); every other user
/// holds the default user role (`$CFG->defaultuserroleid`) at system level on top of their
/// assignments (`get_user_access_sitewide()`). Both capabilities are `read` ones with no risk,
/// so `has_capability()`'s refusal of risky or write capabilities to the guest never applies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Accounts {
    /// `$CFG->siteadmins`.
    pub admins: Vec<i64>,
    /// `$CFG->siteguest` (0: none).
    pub guest_user: i64,
    /// The guest role, as `get_guest_role()` finds it.
    pub guest_role: Option<i64>,
    /// `$CFG->defaultuserroleid` (`None`: not set).
    pub default_role: Option<i64>,
}

impl Accounts {
    /// Whether `user`, holding `assigned` on the course path, has the capability `resolved` in
    /// the course context, as `has_capability($capability, $coursecontext, $user)` answers.
    pub fn has(&self, resolved: &Resolved, user: i64, assigned: &[i64]) -> bool {
        if self.admins.contains(&user) {
            return true;
        }
        if user == self.guest_user && user != 0 {
            return self.guest_role.is_some_and(|r| resolved.granted(&[r]));
        }
        match self.default_role {
            Some(role) if !assigned.contains(&role) => {
                resolved.granted_to(assigned.iter().copied().chain(std::iter::once(role)))
            }
            _ => resolved.granted(assigned),
        }
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

    /// (case, accounts, definitions, user, assigned roles, Moodle's answer, where Moodle decides)
    type Case<'a> = (
        &'a str,
        &'a Accounts,
        Vec<Definition>,
        i64,
        Vec<i64>,
        bool,
        &'a str,
    );

    /// `has_capability($cap, $coursecontext, $userid)` in Moodle 5.0, case by case (lib/accesslib.php):
    /// the site and roles are those of a new site (student 5, teacher 3, guest 6, authenticated
    /// user 7 as `defaultuserroleid`, admin user 2, guest user 1).
    #[test]
    fn capabilities_resolve_as_has_capability_does() {
        const GUEST_ROLE: i64 = 6;
        const USER_ROLE: i64 = 7;
        const ADMIN: i64 = 2;
        const GUEST: i64 = 1;
        const LEARNER: i64 = 40;
        let site = Accounts {
            admins: vec![ADMIN],
            guest_user: GUEST,
            guest_role: Some(GUEST_ROLE),
            default_role: Some(USER_ROLE),
        };
        let no_default = Accounts {
            default_role: None,
            ..site.clone()
        };
        let path = "/1/2/15";
        // (case, accounts, definitions, user, assigned roles, Moodle's answer, where Moodle decides)
        let cases: Vec<Case> = vec![
            ("a student, the student role allows at site level", &site,
             vec![def(STUDENT, 1, 1, ALLOW)], LEARNER, vec![STUDENT], true,
             "has_capability_in_accessdata(): CAP_ALLOW in one role"),
            ("enrolled with no role, nothing for the default role", &site,
             vec![def(STUDENT, 1, 1, ALLOW)], LEARNER, vec![], false,
             "has_capability_in_accessdata(): no role allows"),
            ("enrolled with no role, the default user role allows", &site,
             vec![def(USER_ROLE, 1, 1, ALLOW)], LEARNER, vec![], true,
             "get_user_access_sitewide(): $CFG->defaultuserroleid at system level for every user"),
            ("a student, the default user role prohibits", &site,
             vec![def(STUDENT, 1, 1, ALLOW), def(USER_ROLE, 1, 1, PROHIBIT)], LEARNER, vec![STUDENT], false,
             "has_capability_in_accessdata(): CAP_PROHIBIT in any role denies"),
            ("a student, the default user role prevents", &site,
             vec![def(STUDENT, 1, 1, ALLOW), def(USER_ROLE, 1, 1, PREVENT)], LEARNER, vec![STUDENT], true,
             "has_capability_in_accessdata(): CAP_ALLOW in any role wins over a prevent"),
            ("a site administrator with no role", &site,
             vec![], ADMIN, vec![], true,
             "has_capability(): $doanything and is_siteadmin() ($CFG->siteadmins)"),
            ("a site administrator whose role is prohibited", &site,
             vec![def(STUDENT, 15, 3, PROHIBIT)], ADMIN, vec![STUDENT], true,
             "has_capability(): is_siteadmin() is checked before any role"),
            ("the guest user holding a student assignment", &site,
             vec![def(STUDENT, 1, 1, ALLOW)], GUEST, vec![STUDENT], false,
             "get_user_accessdata(): isguestuser() gets get_role_access(guest role) only"),
            ("the guest user, the guest role allows", &site,
             vec![def(GUEST_ROLE, 1, 1, ALLOW)], GUEST, vec![], true,
             "get_user_accessdata(): the guest role at system level"),
            ("the guest user, only the default user role allows", &site,
             vec![def(USER_ROLE, 1, 1, ALLOW)], GUEST, vec![], false,
             "get_user_accessdata(): the guest does not get $CFG->defaultuserroleid"),
            ("no default user role set", &no_default,
             vec![def(USER_ROLE, 1, 1, ALLOW)], LEARNER, vec![], false,
             "get_user_access_sitewide(): empty($CFG->defaultuserroleid) adds nothing"),
            ("the default user role overridden in the course", &site,
             vec![def(USER_ROLE, 1, 1, ALLOW), def(USER_ROLE, 15, 3, PREVENT)], LEARNER, vec![], false,
             "has_capability_in_accessdata(): the nearest definition of a role wins"),
        ];
        for (case, accounts, defs, user, roles, moodle, why) in cases {
            let resolved = Resolved::for_path(&defs, path);
            assert_eq!(
                accounts.has(&resolved, user, &roles),
                moodle,
                "{case} ({why})"
            );
        }
    }
}
