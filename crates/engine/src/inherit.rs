//! Totara's model: notifications defined at site, category and course level, inherited downwards.
//!
//! The built-in catalogue is the site level's starting point. A definition in a context on a
//! course's path (the site, each category above it, the course itself) either overrides an
//! inherited notification of the same code, field by field (a field left empty inherits), and can
//! switch it off there; or adds a notification of its own, on any trigger, inherited in turn by
//! the contexts below. [`effective`] computes a course's set, and records for every field where
//! its value came from, so the block can show "overridden here" or "inherited from the site".

use std::collections::BTreeMap;
use std::fmt;

use crate::catalogue::{
    Catalogue, CatchUp, CustomText, Notification, Recipient, Repeat, Trigger, START_LATE_LIMIT_DAYS,
};

/// The range a whole-number field of a definition must fall in. A stored value outside it is
/// reported as a [`DefinitionError`] and the field inherits; forms and restores check the same
/// ranges (the plugin reads them from `CourseNotification\Engine::catalogue()`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    /// The field's name, as the catalogue export and the effective notifications name it.
    pub field: &'static str,
    /// Smallest value accepted.
    pub min: i64,
    /// Largest value accepted.
    pub max: i64,
}

impl Bound {
    /// `value` when it is in range, else what is wrong with it.
    pub fn check(&self, value: i64) -> Result<i64, String> {
        if (self.min..=self.max).contains(&value) {
            Ok(value)
        } else {
            Err(format!(
                "{}: {value} is not between {} and {}",
                self.field, self.min, self.max
            ))
        }
    }
}

/// Days after the trigger: a year either way.
pub const OFFSET_DAYS: Bound = Bound {
    field: "offset_days",
    min: -365,
    max: 365,
};
/// Days between repeats (0: no repeat).
pub const REPEAT_EVERY_DAYS: Bound = Bound {
    field: "repeat_every",
    min: 0,
    max: 365,
};
/// Occurrences per series (0: no limit).
pub const REPEAT_MAX: Bound = Bound {
    field: "repeat_max",
    min: 0,
    max: 1000,
};
/// Late-send limit in days.
pub const LATE_LIMIT_DAYS: Bound = Bound {
    field: "late_limit_days",
    min: 0,
    max: 365,
};
/// Delivery priority (`block_cnotif_def.priority` holds two digits).
pub const PRIORITY: Bound = Bound {
    field: "priority",
    min: 0,
    max: 99,
};
/// Every bound a definition's fields are held to.
pub const BOUNDS: [Bound; 5] = [
    OFFSET_DAYS,
    REPEAT_EVERY_DAYS,
    REPEAT_MAX,
    LATE_LIMIT_DAYS,
    PRIORITY,
];

/// Fields a definition may set; `None` inherits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// Switched on or off here.
    pub enabled: Option<bool>,
    /// What it counts from (required for a notification added here).
    pub trigger: Option<Trigger>,
    /// Days after the trigger (negative: before).
    pub offset_days: Option<i64>,
    /// Days between repeats (0: no repeat).
    pub repeat_every_days: Option<i64>,
    /// At most this many per series (0: no limit).
    pub repeat_max: Option<i64>,
    /// Late-send limit in days.
    pub late_limit_days: Option<i64>,
    /// Only for learners who never came in.
    pub only_never_accessed: Option<bool>,
    /// Only for learners who did not complete.
    pub only_not_completed: Option<bool>,
    /// Only while access lasts.
    pub only_during_access: Option<bool>,
    /// Delivery priority (lower first).
    pub priority: Option<i64>,
    /// Sent whatever the learner opted out of, never held by the daily budget.
    pub essential: Option<bool>,
    /// When it was switched on: for a notification added here, only what becomes due after that
    /// instant is ever sent (Totara's rule: creating a notification never mails the past).
    pub enabled_since: Option<i64>,
    /// Who receives it, as stored: `learner`, `role:<id>`, comma-separated.
    pub recipients: Option<String>,
    /// Texts written here, per language.
    pub texts: Vec<CustomText>,
}

/// One row of definitions: a notification code in a context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// `context.id` where it is defined.
    pub context: i64,
    /// `context.depth` (the site is 1), which orders inheritance.
    pub depth: i64,
    /// The code it overrides, or the new code it adds.
    pub code: String,
    /// What it sets.
    pub overrides: Overrides,
}

/// Where a field's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The built-in default.
    Builtin,
    /// A definition in this context.
    Context(i64),
}

/// A notification as it applies in one course, and where each field came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effective {
    /// The notification with every override applied.
    pub notification: Notification,
    /// Field name (`enabled`, `trigger`, `offset_days`, `repeat`, `late_limit_days`, `conditions`,
    /// `priority`, `catch_up`, `texts:<lang>`) to where it was set.
    pub sources: BTreeMap<String, Source>,
}

/// A definition that cannot apply; it is left out and reported, and the others still apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionError {
    /// Context of the definition.
    pub context: i64,
    /// Its code.
    pub code: String,
    /// What is wrong.
    pub problem: String,
}

impl fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "notification '{}' defined in context {}: {}",
            self.code, self.context, self.problem
        )
    }
}

impl std::error::Error for DefinitionError {}

/// The effective notifications of a course whose context path is `path` (`/1/3/15`): the built-ins,
/// then every definition on the path from the site down to the course.
pub fn effective(
    builtin: &Catalogue,
    definitions: &[Definition],
    path: &str,
) -> (Vec<Effective>, Vec<DefinitionError>) {
    let on_path: Vec<i64> = path.split('/').filter_map(|s| s.parse().ok()).collect();
    let mut applicable: Vec<&Definition> = definitions
        .iter()
        .filter(|d| on_path.contains(&d.context))
        .collect();
    applicable.sort_by_key(|d| (d.depth, d.context));

    let mut set: Vec<Effective> = builtin
        .notifications
        .iter()
        .map(|n| Effective {
            notification: n.clone(),
            sources: builtin_sources(n),
        })
        .collect();
    let mut errors = Vec::new();
    for d in applicable {
        let here = Source::Context(d.context);
        let problems = match set.iter_mut().find(|e| *e.notification.code == *d.code) {
            Some(existing) => apply(existing, &d.overrides, here),
            None => match added(d) {
                Ok(mut e) => {
                    let problems = apply(&mut e, &d.overrides, here);
                    set.push(e);
                    problems
                }
                Err(problem) => vec![problem],
            },
        };
        let code = &d.code;
        errors.extend(problems.into_iter().map(|problem| DefinitionError {
            context: d.context,
            code: code.clone(),
            problem,
        }));
    }
    (set, errors)
}

fn builtin_sources(n: &Notification) -> BTreeMap<String, Source> {
    let mut sources: BTreeMap<String, Source> = FIELDS
        .iter()
        .map(|f| (f.to_string(), Source::Builtin))
        .collect();
    sources.extend(
        n.texts
            .iter()
            .map(|t| (format!("texts:{}", t.lang), Source::Builtin)),
    );
    sources
}

const FIELDS: [&str; 10] = [
    "enabled",
    "trigger",
    "offset_days",
    "repeat",
    "late_limit_days",
    "conditions",
    "priority",
    "catch_up",
    "recipients",
    "essential",
];

/// A notification added in a context: Totara's defaults (on the moment, no repeat, no conditions,
/// only what becomes due after it was switched on).
fn added(d: &Definition) -> Result<Effective, String> {
    if !crate::code::Code::is_valid(&d.code) {
        return Err("a code is 1 to 64 lower-case letters, digits or '_'".into());
    }
    let trigger = d
        .overrides
        .trigger
        .ok_or("a notification added here needs a trigger")?;
    let notification = Notification {
        code: d.code.as_str().into(),
        trigger,
        offset_days: 0,
        repeat: None,
        late_limit_days: START_LATE_LIMIT_DAYS,
        only_never_accessed: false,
        only_not_completed: false,
        only_during_access: false,
        family: None,
        catch_up: CatchUp::Since(d.overrides.enabled_since.unwrap_or(i64::MAX)),
        priority: 5,
        enabled: true,
        essential: false,
        recipients: vec![Recipient::Learner],
        texts: Vec::new(),
    };
    let here = Source::Context(d.context);
    let sources = FIELDS.iter().map(|f| (f.to_string(), here)).collect();
    Ok(Effective {
        notification,
        sources,
    })
}

/// Applies the fields `o` sets; returns what could not be applied (the rest is).
fn apply(e: &mut Effective, o: &Overrides, here: Source) -> Vec<String> {
    let mut problems = Vec::new();
    let n = &mut e.notification;
    let mut set = |field: &str| {
        e.sources.insert(field.to_string(), here);
    };
    if let Some(v) = o.enabled {
        n.enabled = v;
        set("enabled");
    }
    if let Some(v) = o.trigger {
        n.trigger = v;
        set("trigger");
    }
    if let Some(v) = o.essential {
        n.essential = v;
        set("essential");
    }
    // A value out of its range is reported and left out: the field inherits.
    let mut bounded = |bound: &Bound, value: Option<i64>| match value.map(|v| bound.check(v)) {
        Some(Ok(v)) => Some(v),
        Some(Err(problem)) => {
            problems.push(problem);
            None
        }
        None => None,
    };
    let offset_days = bounded(&OFFSET_DAYS, o.offset_days);
    let repeat_every = bounded(&REPEAT_EVERY_DAYS, o.repeat_every_days);
    let repeat_max = bounded(&REPEAT_MAX, o.repeat_max);
    let late_limit = bounded(&LATE_LIMIT_DAYS, o.late_limit_days);
    let priority = bounded(&PRIORITY, o.priority);
    if let Some(v) = offset_days {
        n.offset_days = v;
        set("offset_days");
    }
    if repeat_every.is_some() || repeat_max.is_some() {
        let every = repeat_every.unwrap_or(n.repeat.map_or(0, |r| r.every_days));
        let max = match repeat_max {
            Some(0) => None,
            Some(m) => u32::try_from(m).ok(),
            None => n.repeat.and_then(|r| r.max),
        };
        n.repeat = (every > 0).then_some(Repeat {
            every_days: every,
            max,
        });
        set("repeat");
    }
    if let Some(v) = late_limit {
        n.late_limit_days = v;
        set("late_limit_days");
    }
    if o.only_never_accessed.is_some()
        || o.only_not_completed.is_some()
        || o.only_during_access.is_some()
    {
        n.only_never_accessed = o.only_never_accessed.unwrap_or(n.only_never_accessed);
        n.only_not_completed = o.only_not_completed.unwrap_or(n.only_not_completed);
        n.only_during_access = o.only_during_access.unwrap_or(n.only_during_access);
        set("conditions");
    }
    if let Some(v) = priority.and_then(|v| u8::try_from(v).ok()) {
        n.priority = v;
        set("priority");
    }
    if let Some(list) = &o.recipients {
        match Recipient::parse_list(list) {
            Ok(recipients) => {
                n.recipients = recipients;
                set("recipients");
            }
            Err(problem) => problems.push(format!("recipients: {problem}")),
        }
    }
    for t in &o.texts {
        n.texts.retain(|existing| existing.lang != t.lang);
        n.texts.push(t.clone());
        set(&format!("texts:{}", t.lang));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: i64 = 1;
    const CATEGORY: i64 = 2;
    const COURSE: i64 = 15;

    fn def(context: i64, depth: i64, code: &str, overrides: Overrides) -> Definition {
        Definition {
            context,
            depth,
            code: code.into(),
            overrides,
        }
    }

    fn get<'a>(set: &'a [Effective], code: &str) -> &'a Effective {
        set.iter()
            .find(|e| e.notification.code == code)
            .unwrap_or_else(|| panic!("no {code}"))
    }

    #[test]
    fn with_no_definition_a_course_has_the_builtin_catalogue() {
        let (set, errors) = effective(&Catalogue::builtin(), &[], "/1/2/15");
        assert!(errors.is_empty());
        assert_eq!(set.len(), Catalogue::builtin().notifications.len());
        assert_eq!(
            get(&set, "firstcall").sources["offset_days"],
            Source::Builtin
        );
    }

    #[test]
    fn a_course_overrides_one_field_and_inherits_the_rest() {
        let site = def(
            SITE,
            1,
            "firstcall",
            Overrides {
                offset_days: Some(5),
                ..Default::default()
            },
        );
        let course = def(
            COURSE,
            3,
            "firstcall",
            Overrides {
                texts: vec![CustomText {
                    lang: "en".into(),
                    subject: "Come in".into(),
                    body: "Please".into(),
                }],
                ..Default::default()
            },
        );
        let (set, _) = effective(&Catalogue::builtin(), &[course, site], "/1/2/15");
        let e = get(&set, "firstcall");
        assert_eq!(
            e.notification.offset_days, 5,
            "the site's tuning reaches the course"
        );
        assert_eq!(e.sources["offset_days"], Source::Context(SITE));
        assert_eq!(e.sources["texts:en"], Source::Context(COURSE));
        assert_eq!(e.sources["trigger"], Source::Builtin);
    }

    #[test]
    fn a_nearer_context_wins_and_a_course_can_switch_off_what_a_category_switched_on() {
        let defs = [
            def(
                CATEGORY,
                2,
                "coldfeedback",
                Overrides {
                    enabled: Some(true),
                    ..Default::default()
                },
            ),
            def(
                COURSE,
                3,
                "coldfeedback",
                Overrides {
                    enabled: Some(false),
                    ..Default::default()
                },
            ),
        ];
        let (here, _) = effective(&Catalogue::builtin(), &defs, "/1/2/15");
        assert!(!get(&here, "coldfeedback").notification.enabled);
        let (sibling, _) = effective(&Catalogue::builtin(), &defs, "/1/2/16");
        assert!(
            get(&sibling, "coldfeedback").notification.enabled,
            "another course of the category"
        );
        let (elsewhere, _) = effective(&Catalogue::builtin(), &defs, "/1/7/30");
        assert!(
            !get(&elsewhere, "coldfeedback").notification.enabled,
            "another category keeps the default"
        );
    }

    #[test]
    fn a_notification_added_in_a_category_is_inherited_below_and_never_mails_the_past() {
        let added = def(
            CATEGORY,
            2,
            "welcome_back",
            Overrides {
                trigger: Some(Trigger::Enrolment),
                offset_days: Some(30),
                enabled_since: Some(1000),
                ..Default::default()
            },
        );
        let (set, errors) = effective(&Catalogue::builtin(), &[added], "/1/2/15");
        assert!(errors.is_empty());
        let n = &get(&set, "welcome_back").notification;
        assert_eq!(
            (n.trigger, n.offset_days, n.catch_up),
            (Trigger::Enrolment, 30, CatchUp::Since(1000))
        );
        assert_eq!(
            get(&set, "welcome_back").sources["trigger"],
            Source::Context(CATEGORY)
        );
    }

    #[test]
    fn an_addition_without_trigger_or_with_a_bad_code_is_reported_and_the_rest_applies() {
        let defs = [
            def(COURSE, 3, "orphan", Overrides::default()),
            def(
                COURSE,
                3,
                "Bad Code!",
                Overrides {
                    trigger: Some(Trigger::CourseStart),
                    ..Default::default()
                },
            ),
            def(
                COURSE,
                3,
                "firstassign",
                Overrides {
                    enabled: Some(false),
                    ..Default::default()
                },
            ),
        ];
        let (set, errors) = effective(&Catalogue::builtin(), &defs, "/1/2/15");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].to_string().contains("needs a trigger"));
        assert!(!get(&set, "firstassign").notification.enabled);
    }

    #[test]
    fn recipients_can_be_extended_to_a_role_and_nonsense_is_reported() {
        let teachers = Overrides {
            recipients: Some("learner,role:3".into()),
            ..Default::default()
        };
        let (set, errors) = effective(
            &Catalogue::builtin(),
            &[def(CATEGORY, 2, "inactive", teachers)],
            "/1/2/15",
        );
        assert!(errors.is_empty());
        assert_eq!(
            get(&set, "inactive").notification.recipients,
            [Recipient::Learner, Recipient::Role(3)]
        );
        assert_eq!(
            get(&set, "inactive").sources["recipients"],
            Source::Context(CATEGORY)
        );
        let bad = Overrides {
            recipients: Some("teachers".into()),
            offset_days: Some(20),
            ..Default::default()
        };
        let (set, errors) = effective(
            &Catalogue::builtin(),
            &[def(COURSE, 3, "inactive", bad)],
            "/1/2/15",
        );
        assert_eq!(errors.len(), 1);
        assert!(errors[0].problem.contains("'teachers' is not a recipient"));
        assert_eq!(
            get(&set, "inactive").notification.offset_days,
            20,
            "the other fields still apply"
        );
    }

    #[test]
    fn a_value_out_of_its_bound_is_reported_and_inherits() {
        let wild = Overrides {
            offset_days: Some(OFFSET_DAYS.max + 1),
            repeat_every_days: Some(-1),
            repeat_max: Some(REPEAT_MAX.max + 1),
            late_limit_days: Some(-3),
            priority: Some(100),
            enabled: Some(false),
            ..Default::default()
        };
        let (set, errors) = effective(
            &Catalogue::builtin(),
            &[def(COURSE, 3, "inactive", wild)],
            "/1/2/15",
        );
        let problems: Vec<&str> = errors.iter().map(|e| e.problem.as_str()).collect();
        assert_eq!(
            problems,
            [
                "offset_days: 366 is not between -365 and 365",
                "repeat_every: -1 is not between 0 and 365",
                "repeat_max: 1001 is not between 0 and 1000",
                "late_limit_days: -3 is not between 0 and 365",
                "priority: 100 is not between 0 and 99",
            ]
        );
        let e = get(&set, "inactive");
        let builtin = Catalogue::builtin();
        let original = builtin.get("inactive").unwrap();
        assert_eq!(e.notification.offset_days, original.offset_days);
        assert_eq!(e.notification.repeat, original.repeat);
        assert_eq!(e.notification.late_limit_days, original.late_limit_days);
        assert_eq!(e.notification.priority, original.priority);
        assert!(!e.notification.enabled, "the fields in range still apply");
        assert_eq!(e.sources["offset_days"], Source::Builtin);
        // The bounds themselves are in range at their ends.
        for b in BOUNDS {
            assert_eq!(b.check(b.min), Ok(b.min));
            assert_eq!(b.check(b.max), Ok(b.max));
        }
    }

    #[test]
    fn repeats_can_be_switched_on_limited_and_off() {
        let on = def(
            COURSE,
            3,
            "closed",
            Overrides {
                repeat_every_days: Some(3),
                repeat_max: Some(2),
                ..Default::default()
            },
        );
        let (set, _) = effective(&Catalogue::builtin(), &[on], "/1/2/15");
        assert_eq!(
            get(&set, "closed").notification.repeat,
            Some(Repeat {
                every_days: 3,
                max: Some(2)
            })
        );
        let off = def(
            COURSE,
            3,
            "inactive",
            Overrides {
                repeat_every_days: Some(0),
                ..Default::default()
            },
        );
        let (set, _) = effective(&Catalogue::builtin(), &[off], "/1/2/15");
        assert_eq!(get(&set, "inactive").notification.repeat, None);
    }
}
