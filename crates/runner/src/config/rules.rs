//! Moodle's decision settings as `$CFG` holds them (`$config['rules']`), validated: Moodle reads
//! them leniently (a list of admins that is not ids simply matches nobody, a negative ratio
//! makes every counted bounce "over"), so a wrong value in config.php would silently change who
//! is mailed. Here it is refused, naming the setting, before anything is decided.

use course_notification_engine::model::BounceThreshold;
use course_notification_store::CfgSettings;

use super::{bad, ConfigError, RawRules};

/// The given settings, checked.
pub(crate) fn rules(raw: RawRules) -> Result<CfgSettings, ConfigError> {
    let admins = admins(&raw.siteadmins)?;
    let id = |setting: &str, value: i64| -> Result<Option<i64>, ConfigError> {
        match value {
            0 => Ok(None),
            1.. => Ok(Some(value)),
            _ => Err(bad(setting, format!("{value} is not an id (0: not set)"))),
        }
    };
    let siteguest = id("rules.siteguest", raw.siteguest)?.unwrap_or(0);
    let guestroleid = id("rules.guestroleid", raw.guestroleid)?;
    let defaultuserroleid = id("rules.defaultuserroleid", raw.defaultuserroleid)?;
    if raw.minbounces < 0 {
        return Err(bad(
            "rules.minbounces",
            format!("{} is negative (0: Moodle's default, 10)", raw.minbounces),
        ));
    }
    if !raw.bounceratio.is_finite() || raw.bounceratio < 0.0 {
        return Err(bad(
            "rules.bounceratio",
            format!(
                "{} is not a ratio of 0 or more (0: Moodle's default, 0.20)",
                raw.bounceratio
            ),
        ));
    }
    // Moodle reads both with empty(): 0 means the default.
    let bounces = raw.handlebounces.then_some(BounceThreshold {
        min: match raw.minbounces {
            0 => BounceThreshold::DEFAULT_MIN,
            n => n as f64,
        },
        ratio: if raw.bounceratio == 0.0 {
            BounceThreshold::DEFAULT_RATIO
        } else {
            raw.bounceratio
        },
    });
    let forced = raw.forcetimezone.trim();
    if forced.chars().any(char::is_control) {
        return Err(bad("rules.forcetimezone", "holds control characters"));
    }
    Ok(CfgSettings {
        admins,
        siteguest,
        guestroleid,
        defaultuserroleid,
        bounces,
        // Unknown names and legacy values are normalised as core_date does, when applied.
        forcetimezone: (!forced.is_empty()).then(|| forced.to_string()),
    })
}

/// `$CFG->siteadmins`: user ids separated by commas (white space around each is allowed, as
/// PHP's loose comparison in `is_siteadmin()` allows it).
fn admins(list: &str) -> Result<Vec<i64>, ConfigError> {
    if list.trim().is_empty() {
        return Ok(Vec::new());
    }
    list.split(',')
        .map(|item| {
            item.trim()
                .parse::<i64>()
                .ok()
                .filter(|&v| v > 0)
                .ok_or_else(|| {
                    bad(
                        "rules.siteadmins",
                        format!(
                            "'{}' is not a user id: expected user ids separated by commas, \
                         for example '2,15'",
                            item.trim()
                        ),
                    )
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn given() -> RawRules {
        RawRules {
            siteadmins: "2, 15".into(),
            siteguest: 1,
            guestroleid: 6,
            defaultuserroleid: 7,
            forcetimezone: " Europe/Paris ".into(),
            handlebounces: true,
            minbounces: 0,
            bounceratio: 0.0,
        }
    }

    #[test]
    fn given_settings_are_taken_as_moodle_reads_them() {
        let r = rules(given()).unwrap();
        assert_eq!(r.admins, [2, 15]);
        assert_eq!(r.siteguest, 1);
        assert_eq!((r.guestroleid, r.defaultuserroleid), (Some(6), Some(7)));
        assert_eq!(
            r.bounces,
            Some(BounceThreshold {
                min: 10.0,
                ratio: 0.20
            }),
            "0 is empty(): the defaults"
        );
        assert_eq!(r.forcetimezone.as_deref(), Some("Europe/Paris"));
        let off = rules(RawRules {
            handlebounces: false,
            siteadmins: String::new(),
            forcetimezone: String::new(),
            minbounces: 3,
            bounceratio: 0.5,
            ..given()
        })
        .unwrap();
        assert_eq!(
            (off.bounces, off.admins, off.forcetimezone),
            (None, vec![], None)
        );
    }

    #[test]
    fn each_bad_value_is_refused_with_the_setting_named() {
        type Spoil = fn(&mut RawRules);
        let cases: [(&str, Spoil); 9] = [
            ("rules.siteadmins", |r| r.siteadmins = "2;15".into()),
            ("rules.siteadmins", |r| r.siteadmins = "admin".into()),
            ("rules.siteadmins", |r| r.siteadmins = "2,,15".into()),
            ("rules.siteadmins", |r| r.siteadmins = "-2".into()),
            ("rules.siteguest", |r| r.siteguest = -1),
            ("rules.defaultuserroleid", |r| r.defaultuserroleid = -7),
            ("rules.minbounces", |r| r.minbounces = -1),
            ("rules.bounceratio", |r| r.bounceratio = -0.2),
            ("rules.bounceratio", |r| r.bounceratio = f64::NAN),
        ];
        for (setting, spoil) in cases {
            let mut r = given();
            spoil(&mut r);
            let e = rules(r.clone()).unwrap_err();
            assert_eq!(e.setting, setting, "{r:?}: {e}");
        }
        let e = rules(RawRules {
            siteadmins: "2,x".into(),
            ..given()
        })
        .unwrap_err();
        assert!(e.to_string().contains("'x' is not a user id"), "{e}");
    }
}
