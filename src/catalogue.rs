//! `Engine::catalogue()`: the engine's notification catalogue, as the plugin's PHP reads it.
//!
//! The built-in notifications, the triggers, the bounds of a definition's fields, the rule of a
//! code and the placeholders exist once, in the engine; forms, the restore and the upgrade read
//! them from here instead of keeping copies that drift. [`describe`] builds the answer as plain
//! Rust values (tested without PHP); [`to_php`] only turns them into arrays.

use course_notification_engine::audience::{topic, BUILTIN_TOPICS};
use course_notification_engine::catalogue::{Catalogue, CatchUp, Notification, Recipient, Trigger};
use course_notification_engine::code::{Code, CODE_MAX_LEN};
use course_notification_engine::inherit::BOUNDS;
use course_notification_engine::template::Placeholder;
use course_notification_engine::texts;
use ext_php_rs::boxed::ZBox;
use ext_php_rs::types::ZendHashTable;

use crate::convert::Problem;

/// A PHP value, before it is one.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An int.
    Int(i64),
    /// A string.
    Str(String),
    /// A list (`[a, b]`).
    List(Vec<Value>),
    /// An ordered map with string keys.
    Map(Vec<(String, Value)>),
}

impl Value {
    /// The entry `key` of a map.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

fn map<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn s(v: &str) -> Value {
    Value::Str(v.to_string())
}

/// The catalogue: `notifications`, `triggers`, `bounds`, `code_pattern`, `placeholders`, `topics`.
pub fn describe() -> Value {
    let notifications = Catalogue::builtin()
        .notifications
        .iter()
        .map(notification)
        .collect();
    let triggers = Trigger::ALL.iter().map(|t| s(t.stored_name())).collect();
    let mut bounds: Vec<(String, Value)> = BOUNDS
        .iter()
        .map(|b| {
            let range = map([("min", Value::Int(b.min)), ("max", Value::Int(b.max))]);
            (b.field.to_string(), range)
        })
        .collect();
    bounds.push((
        "code_length".into(),
        map([
            ("min", Value::Int(1)),
            ("max", Value::Int(CODE_MAX_LEN as i64)),
        ]),
    ));
    let placeholders = Placeholder::ALL.iter().map(|(name, _)| s(name)).collect();
    map([
        ("notifications", Value::List(notifications)),
        ("triggers", Value::List(triggers)),
        ("bounds", Value::Map(bounds)),
        ("code_pattern", Value::Str(Code::pattern())),
        ("placeholders", Value::List(placeholders)),
        (
            "topics",
            Value::List(BUILTIN_TOPICS.iter().map(|t| s(t)).collect()),
        ),
    ])
}

/// One built-in notification with its defaults.
fn notification(n: &Notification) -> Value {
    let default_texts = texts::defaults(&n.code)
        .iter()
        .map(|t| {
            let text = map([("subject", s(t.subject)), ("body", s(t.body))]);
            (t.lang.to_string(), text)
        })
        .collect();
    let catch_up = match n.catch_up {
        CatchUp::Bounded => "bounded",
        CatchUp::Since(_) => "since",
    };
    map([
        ("code", s(&n.code)),
        ("name", Value::Str(format!("notif:{}", n.code))),
        ("enabled", Value::Bool(n.enabled)),
        ("trigger", s(n.trigger.stored_name())),
        ("offset_days", Value::Int(n.offset_days)),
        (
            "repeat_every",
            Value::Int(n.repeat.map_or(0, |r| r.every_days)),
        ),
        (
            "repeat_max",
            Value::Int(n.repeat.and_then(|r| r.max).map_or(0, i64::from)),
        ),
        ("late_limit_days", Value::Int(n.late_limit_days)),
        ("only_never_accessed", Value::Bool(n.only_never_accessed)),
        ("only_not_completed", Value::Bool(n.only_not_completed)),
        ("only_during_access", Value::Bool(n.only_during_access)),
        ("priority", Value::Int(i64::from(n.priority))),
        (
            "recipients",
            Value::Str(Recipient::format_list(&n.recipients)),
        ),
        ("essential", Value::Bool(n.essential)),
        ("family", n.family.map_or(Value::Null, |f| s(f.name()))),
        ("topic", s(topic(&n.code))),
        ("catch_up", s(catch_up)),
        ("default_texts", Value::Map(default_texts)),
    ])
}

/// A list or map as a PHP array.
pub fn to_php(value: &Value) -> Result<ZBox<ZendHashTable>, Problem> {
    let put = |e: ext_php_rs::error::Error| format!("cannot build the catalogue array: {e:?}");
    let mut out = ZendHashTable::new();
    let entries: Vec<(Option<&str>, &Value)> = match value {
        Value::List(items) => items.iter().map(|v| (None, v)).collect(),
        Value::Map(entries) => entries.iter().map(|(k, v)| (Some(k.as_str()), v)).collect(),
        other => return Err(format!("{other:?} is not an array")),
    };
    for (key, v) in entries {
        macro_rules! add {
            ($x:expr) => {
                match key {
                    Some(k) => out.insert(k, $x).map_err(put)?,
                    None => out.push($x).map_err(put)?,
                }
            };
        }
        match v {
            Value::Null => add!(()),
            Value::Bool(b) => add!(*b),
            Value::Int(i) => add!(*i),
            Value::Str(t) => add!(t.as_str()),
            Value::List(_) | Value::Map(_) => add!(to_php(v)?),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
        match v.get(key) {
            Some(Value::List(items)) => items,
            other => panic!("{key}: {other:?}"),
        }
    }

    #[test]
    fn the_export_is_the_engines_catalogue_in_its_order() {
        let c = describe();
        let builtin = Catalogue::builtin();
        let notifications = list(&c, "notifications");
        let codes: Vec<&Value> = notifications
            .iter()
            .map(|n| n.get("code").unwrap())
            .collect();
        let expected: Vec<Value> = builtin.notifications.iter().map(|n| s(&n.code)).collect();
        assert_eq!(codes, expected.iter().collect::<Vec<_>>());
        let inactive = &notifications[3];
        assert_eq!(inactive.get("code"), Some(&s("inactive")));
        assert_eq!(inactive.get("name"), Some(&s("notif:inactive")));
        assert_eq!(inactive.get("trigger"), Some(&s("lastaccess")));
        assert_eq!(inactive.get("offset_days"), Some(&Value::Int(14)));
        assert_eq!(inactive.get("repeat_every"), Some(&Value::Int(7)));
        assert_eq!(inactive.get("repeat_max"), Some(&Value::Int(0)));
        assert_eq!(inactive.get("family"), Some(&Value::Null));
        assert_eq!(inactive.get("topic"), Some(&s("inactivity")));
        let firstcall = &notifications[1];
        assert_eq!(firstcall.get("family"), Some(&s("calls")));
        assert_eq!(
            firstcall.get("only_never_accessed"),
            Some(&Value::Bool(true))
        );
        let coldfeedback = notifications.last().unwrap();
        assert_eq!(coldfeedback.get("enabled"), Some(&Value::Bool(false)));
        assert_eq!(coldfeedback.get("catch_up"), Some(&s("bounded")));
        match firstcall.get("default_texts") {
            Some(Value::Map(langs)) => {
                let langs: Vec<&str> = langs.iter().map(|(l, _)| l.as_str()).collect();
                assert!(langs.contains(&"en") && langs.contains(&"fr"), "{langs:?}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_export_carries_the_engines_triggers_bounds_code_rule_and_placeholders() {
        let c = describe();
        let triggers: Vec<Option<Trigger>> = list(&c, "triggers")
            .iter()
            .map(|t| match t {
                Value::Str(name) => Trigger::from_stored(name),
                _ => None,
            })
            .collect();
        assert_eq!(triggers, Trigger::ALL.map(Some));
        let bound = |field: &str| {
            let b = c.get("bounds").and_then(|b| b.get(field)).expect(field);
            (b.get("min").cloned(), b.get("max").cloned())
        };
        assert_eq!(
            bound("offset_days"),
            (Some(Value::Int(-365)), Some(Value::Int(365)))
        );
        assert_eq!(bound("repeat_max").1, Some(Value::Int(1000)));
        assert_eq!(bound("priority").1, Some(Value::Int(99)));
        assert_eq!(bound("late_limit_days").1, Some(Value::Int(365)));
        assert_eq!(bound("code_length").1, Some(Value::Int(64)));
        assert_eq!(c.get("code_pattern"), Some(&Value::Str(Code::pattern())));
        assert_eq!(
            list(&c, "placeholders").len(),
            Placeholder::ALL.len(),
            "every placeholder"
        );
        assert!(list(&c, "placeholders").contains(&s("COURSE")));
        assert_eq!(list(&c, "topics").len(), BUILTIN_TOPICS.len());
    }
}
