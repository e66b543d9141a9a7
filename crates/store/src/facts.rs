//! The facts of a run as plain rows: what an adapter reads from Moodle's tables and gives the
//! runner, whatever the database.

use std::collections::HashMap;

use course_notification_engine::capability::Accounts;
use course_notification_engine::catalogue::Trigger;
use course_notification_engine::decide::{Handled, SentTimes};
use course_notification_engine::model::{BounceThreshold, Course, Participation};

/// `block/course_notification:excludefromnotification`.
pub const EXCLUDE: &str = "block/course_notification:excludefromnotification";
/// `block/course_notification:benotified`.
pub const BENOTIFIED: &str = "block/course_notification:benotified";

/// A course with the path of its context (for capability resolution).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseRow {
    /// The course.
    pub course: Course,
    /// `context.path` of the course context, such as `/1/3/15`.
    pub context_path: String,
}

/// A learner in a course, and the roles they hold on the course's context path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipationRow {
    /// The facts; `excluded` and `notified` are left false for the caller to resolve from `roles`.
    pub participation: Participation,
    /// Role ids assigned in the course context or any context above it.
    pub roles: Vec<i64>,
}

/// One learner: a participation per course in scope that carries the block, and what the outbox
/// already holds about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Learner {
    /// One per course, in course id order.
    pub rows: Vec<ParticipationRow>,
    /// The learner's occurrences already in the outbox.
    pub handled: Handled,
    /// When their sent repeats of repeating notifications went out (the next waits for it).
    pub sent_at: SentTimes,
    /// Their recent e-mails, for the daily budget.
    pub mailed: course_notification_engine::budget::MailLog,
}

/// Moodle's settings that decide who is mailed and in which timezone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MoodleSettings {
    /// Administrators, guest, default roles.
    pub accounts: Accounts,
    /// The bounce threshold, `None` when `handlebounces` is off.
    pub bounces: Option<BounceThreshold>,
    /// `$CFG->forcetimezone` as stored (`None`: not set).
    pub forcetimezone: Option<String>,
    /// Moodle's site-wide message preferences for the plugin's `mail` provider.
    pub mail_provider: MailProvider,
}

/// The `user_preferences` name of a user's outputs for the plugin's `mail` message provider, and
/// the `config_plugins` name (plugin `message`) of the site's default list.
pub const MAIL_PROVIDER_ENABLED: &str = "message_provider_block_course_notification_mail_enabled";
/// The `config_plugins` name (plugin `message`) of the site's lock on e-mail for the plugin's
/// `mail` provider; written when Moodle registers the provider (the plugin's install or upgrade).
pub const MAIL_PROVIDER_LOCKED: &str = "email_provider_block_course_notification_mail_locked";

/// Moodle's site-wide facts about the plugin's `mail` message provider and the `email` processor,
/// from which `message_send()` (lib/messagelib.php) decides whether a user is e-mailed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailProvider {
    /// The `message_processors` row `email` is enabled. Moodle installs that row on every site;
    /// when it is missing it is taken as enabled (e-mail as before, rather than none at all).
    pub processor_enabled: bool,
    /// [`MAIL_PROVIDER_LOCKED`] as stored; `None` when the provider is not registered (a site that
    /// has not run the plugin's upgrade yet): e-mail stays on, as before preferences were read.
    pub locked: Option<String>,
    /// [`MAIL_PROVIDER_ENABLED`] as the site stores its default (a comma list of processor
    /// names), `None` when absent.
    pub defaults: Option<String>,
}

impl Default for MailProvider {
    /// An unregistered provider: nobody's e-mail is turned off.
    fn default() -> MailProvider {
        MailProvider {
            processor_enabled: true,
            locked: None,
            defaults: None,
        }
    }
}

/// PHP's truthiness of a stored string: empty and `"0"` are false.
fn truthy(value: &str) -> bool {
    !value.is_empty() && value != "0"
}

/// Whether a list of processor names as Moodle stores it (`email,popup`, `none`) names `email`
/// (`explode(',')` and `in_array()`: no trimming).
fn names_email(list: &str) -> bool {
    list.split(',').any(|p| p == "email")
}

impl MailProvider {
    /// From the `config_plugins` rows of plugin `message` read (name to value, of the
    /// [`MAIL_PROVIDER_LOCKED`] and [`MAIL_PROVIDER_ENABLED`] names) and the `email` processor's
    /// `enabled` (`None`: no such row).
    pub fn from_config(config: &HashMap<String, String>, processor: Option<i64>) -> MailProvider {
        MailProvider {
            processor_enabled: processor.is_none_or(|v| v != 0),
            locked: config.get(MAIL_PROVIDER_LOCKED).cloned(),
            defaults: config.get(MAIL_PROVIDER_ENABLED).cloned(),
        }
    }

    /// The answer for every user when the site decides alone (`Some(email_off)`), `None` when
    /// each user's own preference ([`MAIL_PROVIDER_ENABLED`] in `user_preferences`) decides.
    pub fn site_decides(&self) -> Option<bool> {
        let Some(locked) = &self.locked else {
            return Some(false);
        };
        if !self.processor_enabled {
            return Some(true);
        }
        if truthy(locked) {
            // Locked: forced on when the defaults name e-mail, else off for everyone.
            return Some(!self.defaults.as_deref().is_some_and(names_email));
        }
        None
    }

    /// Whether `message_send()` leaves e-mail out for a user whose own preference is
    /// `preference` (`None`: not set): the processor enabled, and forced by the site, or neither
    /// locked nor left out by the user's list (or, without one, by the site's defaults). The
    /// user's `emailstop` is rule W, not this.
    pub fn email_off(&self, preference: Option<&str>) -> bool {
        if let Some(off) = self.site_decides() {
            return off;
        }
        match preference.filter(|v| truthy(v)) {
            // `none` is a value: the user chose no output at all.
            Some(list) => !names_email(list),
            None => !self.defaults.as_deref().is_some_and(names_email),
        }
    }
}

/// The eight settings as `$CFG` holds them, validated (the runner's `rules` settings), or as the
/// `config` table stores them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CfgSettings {
    /// `$CFG->siteadmins`.
    pub admins: Vec<i64>,
    /// `$CFG->siteguest` (0: none).
    pub siteguest: i64,
    /// `$CFG->guestroleid` (`None`: not set).
    pub guestroleid: Option<i64>,
    /// `$CFG->defaultuserroleid` (`None`: not set).
    pub defaultuserroleid: Option<i64>,
    /// The bounce threshold, `None` when `handlebounces` is off.
    pub bounces: Option<BounceThreshold>,
    /// `$CFG->forcetimezone` (`None`: not set).
    pub forcetimezone: Option<String>,
}

/// The `config` table's names of the settings [`CfgSettings`] holds.
pub const CFG_NAMES: [&str; 8] = [
    "siteadmins",
    "siteguest",
    "guestroleid",
    "defaultuserroleid",
    "handlebounces",
    "minbounces",
    "bounceratio",
    "forcetimezone",
];

impl CfgSettings {
    /// The settings from the `config` table's rows (name to value, the [`CFG_NAMES`] read),
    /// read as leniently as Moodle reads them.
    pub fn from_config(config: &HashMap<String, String>) -> CfgSettings {
        let get = |name: &str| config.get(name).map_or("", String::as_str);
        let id = |name: &str| get(name).trim().parse::<i64>().ok().filter(|&v| v > 0);
        CfgSettings {
            admins: get("siteadmins")
                .split(',')
                .filter_map(|v| v.trim().parse().ok())
                .collect(),
            siteguest: id("siteguest").unwrap_or(0),
            guestroleid: id("guestroleid"),
            defaultuserroleid: id("defaultuserroleid"),
            bounces: BounceThreshold::from_settings(
                get("handlebounces"),
                get("minbounces"),
                get("bounceratio"),
            ),
            forcetimezone: config.get("forcetimezone").cloned(),
        }
    }
}

impl MoodleSettings {
    /// The settings decisions follow, from `cfg` and the roles `get_guest_role()` may pick
    /// (id and archetype, by id: the configured guest role and those of archetype `guest`).
    pub fn new(
        cfg: &CfgSettings,
        roles: &[(i64, String)],
        mail_provider: MailProvider,
    ) -> MoodleSettings {
        MoodleSettings {
            accounts: Accounts {
                admins: cfg.admins.clone(),
                guest_user: cfg.siteguest,
                guest_role: guest_role(cfg.guestroleid, roles),
                default_role: cfg.defaultuserroleid,
            },
            bounces: cfg.bounces,
            forcetimezone: cfg.forcetimezone.clone(),
            mail_provider,
        }
    }
}

/// `get_guest_role()`: `$CFG->guestroleid` when that role exists, else the first role of
/// archetype `guest`.
fn guest_role(configured: Option<i64>, roles: &[(i64, String)]) -> Option<i64> {
    configured
        .filter(|id| roles.iter().any(|(r, _)| r == id))
        .or_else(|| roles.iter().find(|(_, a)| a == "guest").map(|(r, _)| *r))
}

/// Maps a trigger as `block_cnotif_def.triggertype` stores it; `None` for an empty or unknown
/// one (it inherits, or the engine reports an addition without trigger).
pub fn stored_trigger(name: &str) -> Option<Trigger> {
    Trigger::from_stored(name)
}

/// The ids of the contexts on a context path (`/1/3/15`: 1, 3 and 15).
pub fn path_contexts(path: &str) -> Vec<i64> {
    path.split('/').filter_map(|s| s.parse().ok()).collect()
}

/// The contexts on the paths of `paths`, each once, in order.
pub fn contexts_of<'a>(paths: impl IntoIterator<Item = &'a str>) -> Vec<i64> {
    let mut ids: Vec<i64> = paths.into_iter().flat_map(path_contexts).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(
        processor: Option<i64>,
        locked: Option<&str>,
        defaults: Option<&str>,
    ) -> MailProvider {
        let mut config = HashMap::new();
        if let Some(l) = locked {
            config.insert(MAIL_PROVIDER_LOCKED.to_string(), l.to_string());
        }
        if let Some(d) = defaults {
            config.insert(MAIL_PROVIDER_ENABLED.to_string(), d.to_string());
        }
        MailProvider::from_config(&config, processor)
    }

    /// `message_send()`'s choice of the `email` processor, case by case (lib/messagelib.php).
    #[test]
    fn email_is_off_where_message_send_would_not_use_the_email_processor() {
        let open = provider(Some(1), Some("0"), Some("email,popup"));
        assert!(!open.email_off(None), "no choice: the site's defaults");
        assert!(!open.email_off(Some("email,popup")));
        assert!(open.email_off(Some("popup")));
        assert!(open.email_off(Some("none")), "'none' is a choice");
        assert!(!open.email_off(Some("")), "empty: the defaults");
        assert!(!open.email_off(Some("0")), "PHP's falsy '0': the defaults");
        assert!(
            open.email_off(Some("popup, email")),
            "no trimming, as explode()"
        );
        assert_eq!(open.site_decides(), None);
        let popup_default = provider(Some(1), Some("0"), Some("popup"));
        assert!(popup_default.email_off(None));
        assert!(!popup_default.email_off(Some("email")));
        assert!(
            provider(Some(1), Some(""), None).email_off(None),
            "no defaults at all"
        );
        let forced = provider(Some(1), Some("1"), Some("email"));
        assert!(
            !forced.email_off(Some("none")),
            "forced over the user's choice"
        );
        assert_eq!(forced.site_decides(), Some(false));
        let locked_off = provider(Some(1), Some("1"), Some("popup"));
        assert!(locked_off.email_off(Some("email")), "locked, not forced");
        assert_eq!(locked_off.site_decides(), Some(true));
        let disabled = provider(Some(0), Some("0"), Some("email"));
        assert!(
            disabled.email_off(Some("email")),
            "the processor is disabled"
        );
        let unregistered = provider(Some(0), None, None);
        assert!(
            !unregistered.email_off(Some("none")),
            "not registered: as before"
        );
        assert_eq!(MailProvider::default(), provider(None, None, None));
        assert!(
            !provider(None, Some("0"), Some("email")).email_off(None),
            "no processor row"
        );
    }

    #[test]
    fn the_guest_role_is_found_as_get_guest_role_finds_it() {
        let roles = vec![
            (5, "student".to_string()),
            (6, "guest".to_string()),
            (9, "guest".to_string()),
        ];
        assert_eq!(guest_role(Some(9), &roles), Some(9));
        assert_eq!(
            guest_role(None, &roles),
            Some(6),
            "the first guest archetype"
        );
        assert_eq!(
            guest_role(Some(42), &roles),
            Some(6),
            "a role that no longer exists"
        );
        assert_eq!(guest_role(None, &[]), None);
    }
}
