//! PHP arrays in, PHP arrays out.
//!
//! Input arrays are read strictly (an int where an int is expected), and every problem names the
//! key, so `new Engine(['db' => ['port' => '3306']])` says `db.port must be an int, got string`
//! rather than failing somewhere inside. Values are only copied here; they are judged by the
//! runner's `TryFrom` conversions.

use course_notification_engine::catalogue::{CatchUp, Recipient};
use course_notification_engine::forecast::Day;
use course_notification_engine::inherit::{DefinitionError, Effective, Source};
use course_notification_runner::config::{
    RawAudience, RawConfig, RawDb, RawForecast, RawMail, RawOptions, RawRules, RawSite, RawSmtp,
};
use course_notification_runner::report::Report;
use course_notification_runner::Preview;
use ext_php_rs::boxed::ZBox;
use ext_php_rs::types::{ZendHashTable, Zval};

/// A key that is missing or of the wrong type.
pub type Problem = String;

fn describe(v: &Zval) -> String {
    format!("{:?}", v.get_type()).to_lowercase()
}

fn section<'a>(
    arr: &'a ZendHashTable,
    key: &str,
    path: &str,
) -> Result<&'a ZendHashTable, Problem> {
    match arr.get(key) {
        Some(v) => v
            .array()
            .ok_or_else(|| format!("{path}{key} must be an array, got {}", describe(v))),
        None => Err(format!("{path}{key} is missing")),
    }
}

/// Why a value is not a usable string: not a string at all, or one that is not UTF-8 (Moodle's
/// database and forms are UTF-8, so such bytes come from a wrongly encoded config.php). The value
/// itself is never shown: it may be a password.
fn not_a_string(v: &Zval, what: &str) -> Problem {
    if v.is_string() {
        format!("{what} is not valid UTF-8 text (check the encoding of config.php)")
    } else {
        format!("{what} must be a string, got {}", describe(v))
    }
}

fn string(arr: &ZendHashTable, key: &str, path: &str) -> Result<String, Problem> {
    match arr.get(key) {
        None => Ok(String::new()),
        Some(v) if v.is_null() => Ok(String::new()),
        Some(v) => v
            .str()
            .map(str::to_string)
            .ok_or_else(|| not_a_string(v, &format!("{path}{key}"))),
    }
}

fn int(arr: &ZendHashTable, key: &str, path: &str) -> Result<Option<i64>, Problem> {
    match arr.get(key) {
        None => Ok(None),
        Some(v) if v.is_null() => Ok(None),
        Some(v) if v.is_long() => Ok(v.long()),
        Some(v) => Err(format!("{path}{key} must be an int, got {}", describe(v))),
    }
}

/// A list under `key` whose items `item` reads (`kind` names them in messages); absent or null is
/// an empty list.
fn list<T>(
    arr: &ZendHashTable,
    key: &str,
    path: &str,
    kind: &str,
    item: impl Fn(&Zval) -> Option<T>,
) -> Result<Vec<T>, Problem> {
    match arr.get(key) {
        None => Ok(Vec::new()),
        Some(v) if v.is_null() => Ok(Vec::new()),
        Some(v) => {
            let list = v.array().ok_or_else(|| {
                format!(
                    "{path}{key} must be an array of {kind}, got {}",
                    describe(v)
                )
            })?;
            list.iter()
                .map(|(_, x)| {
                    item(x).ok_or_else(|| {
                        if x.is_string() && kind == "strings" {
                            not_a_string(x, &format!("an item of {path}{key}"))
                        } else {
                            format!("{path}{key} must hold {kind}, got {}", describe(x))
                        }
                    })
                })
                .collect()
        }
    }
}

fn strings(arr: &ZendHashTable, key: &str, path: &str) -> Result<Vec<String>, Problem> {
    list(arr, key, path, "strings", Zval::string)
}

fn ids(arr: &ZendHashTable, key: &str, path: &str) -> Result<Vec<i64>, Problem> {
    list(arr, key, path, "ints", Zval::long)
}

/// `$config` to the runner's raw settings.
pub fn raw_config(config: &ZendHashTable) -> Result<RawConfig, Problem> {
    let db = section(config, "db", "config ")?;
    let smtp = section(config, "smtp", "config ")?;
    let site = section(config, "site", "config ")?;
    // Optional: a caller that predates it gets Moodle's defaults (mail on, undiverted).
    let mail = match config.get("mail") {
        None => None,
        Some(_) => Some(section(config, "mail", "config ")?),
    };
    Ok(RawConfig {
        db: RawDb {
            kind: string(db, "type", "db.")?,
            host: string(db, "host", "db.")?,
            port: int(db, "port", "db.")?.unwrap_or(0),
            socket: string(db, "socket", "db.")?,
            name: string(db, "name", "db.")?,
            user: string(db, "user", "db.")?,
            pass: string(db, "pass", "db.")?,
            prefix: string(db, "prefix", "db.")?,
            schema: string(db, "schema", "db.")?,
        },
        smtp: RawSmtp {
            host: string(smtp, "host", "smtp.")?,
            port: int(smtp, "port", "smtp.")?.unwrap_or(0),
            secure: string(smtp, "secure", "smtp.")?,
            user: string(smtp, "user", "smtp.")?,
            pass: string(smtp, "pass", "smtp.")?,
            fallbacks: strings(smtp, "fallbacks", "smtp.")?,
            sendmail: string(smtp, "sendmail", "smtp.")?,
            timeout: int(smtp, "timeout", "smtp.")?.unwrap_or(0),
            authtype: string(smtp, "authtype", "smtp.")?,
            allowplain: flag(smtp, "allowplain", "smtp.", false)?,
            maxbulk: int(smtp, "maxbulk", "smtp.")?.unwrap_or(0),
        },
        site: RawSite {
            wwwroot: string(site, "wwwroot", "site.")?,
            fullname: string(site, "fullname", "site.")?,
            shortname: string(site, "shortname", "site.")?,
            noreplyaddress: string(site, "noreplyaddress", "site.")?,
            timezone: string(site, "timezone", "site.")?,
            lang: string(site, "lang", "site.")?,
        },
        mail: match mail {
            None => RawMail::default(),
            Some(m) => RawMail {
                noemailever: flag(m, "noemailever", "mail.", false)?,
                divertto: string(m, "divertto", "mail.")?,
                divertexcept: string(m, "divertexcept", "mail.")?,
                subjectprefix: string(m, "subjectprefix", "mail.")?,
                headers: string(m, "headers", "mail.")?,
                charset: string(m, "charset", "mail.")?,
                dkimselector: string(m, "dkimselector", "mail.")?,
                dataroot: string(m, "dataroot", "mail.")?,
                handlebounces: flag(m, "handlebounces", "mail.", false)?,
                mailprefix: string(m, "mailprefix", "mail.")?,
                maildomain: string(m, "maildomain", "mail.")?,
                siteidentifier: string(m, "siteidentifier", "mail.")?,
            },
        },
        rules: match config.get("rules") {
            None => None,
            Some(_) => Some(raw_rules(section(config, "rules", "config ")?)?),
        },
        audience: match config.get("audience") {
            None => RawAudience::default(),
            Some(_) => {
                let a = section(config, "audience", "config ")?;
                RawAudience {
                    secret: string(a, "secret", "audience.")?,
                    dailybudget: int(a, "dailybudget", "audience.")?,
                    mingap: int(a, "mingap", "audience.")?.unwrap_or(0),
                    digest: flag(a, "digest", "audience.", false)?,
                }
            }
        },
    })
}

/// The keys of `$config['rules']`.
const RULES: [&str; 8] = [
    "siteadmins",
    "siteguest",
    "guestroleid",
    "defaultuserroleid",
    "forcetimezone",
    "handlebounces",
    "minbounces",
    "bounceratio",
];

/// `$config['rules']`: Moodle's decision settings as `$CFG` holds them. Given, it replaces the
/// `config` table's values as a whole, so a misspelt key (an administrator list silently lost)
/// is refused.
fn raw_rules(r: &ZendHashTable) -> Result<RawRules, Problem> {
    for (key, _) in r.iter() {
        let name = key.to_string();
        if !RULES.contains(&name.as_str()) {
            return Err(format!(
                "unknown setting rules.{name} (known: {})",
                RULES.join(", ")
            ));
        }
    }
    let id = |key: &str| int(r, key, "rules.").map(|v| v.unwrap_or(0));
    Ok(RawRules {
        siteadmins: string(r, "siteadmins", "rules.")?,
        siteguest: id("siteguest")?,
        guestroleid: id("guestroleid")?,
        defaultuserroleid: id("defaultuserroleid")?,
        forcetimezone: string(r, "forcetimezone", "rules.")?,
        handlebounces: flag(r, "handlebounces", "rules.", false)?,
        minbounces: id("minbounces")?,
        bounceratio: float(r, "bounceratio", "rules.")?,
    })
}

/// A float under `key`, 0 when absent or null.
fn float(arr: &ZendHashTable, key: &str, path: &str) -> Result<f64, Problem> {
    match arr.get(key) {
        None => Ok(0.0),
        Some(v) if v.is_null() => Ok(0.0),
        Some(v) if v.is_double() => Ok(v.double().unwrap_or(0.0)),
        Some(v) => Err(format!("{path}{key} must be a float, got {}", describe(v))),
    }
}

/// Refuses keys a caller could only have misspelt.
fn known_keys(options: &ZendHashTable, known: &[&str]) -> Result<(), Problem> {
    for (key, _) in options.iter() {
        let name = key.to_string();
        if !known.contains(&name.as_str()) {
            return Err(format!(
                "unknown option '{name}' (known: {})",
                known.join(", ")
            ));
        }
    }
    Ok(())
}

/// `$options` of a forecast to the runner's raw options.
pub fn raw_forecast(options: &ZendHashTable) -> Result<RawForecast, Problem> {
    known_keys(
        options,
        &[
            "now",
            "days",
            "cap",
            "runs_per_day",
            "courses",
            "users",
            "deadline",
        ],
    )?;
    Ok(RawForecast {
        now: int(options, "now", "options.")?,
        days: int(options, "days", "options.")?,
        cap: int(options, "cap", "options.")?,
        runs_per_day: int(options, "runs_per_day", "options.")?,
        courses: ids(options, "courses", "options.")?,
        users: ids(options, "users", "options.")?,
        deadline: int(options, "deadline", "options.")?,
    })
}

/// `$options` to the runner's raw options.
pub fn raw_options(options: &ZendHashTable) -> Result<RawOptions, Problem> {
    known_keys(
        options,
        &[
            "now",
            "mode",
            "courses",
            "users",
            "cap",
            "detail",
            "window",
            "connections",
            "message",
            "evaluate",
            "deadline",
        ],
    )?;
    let mode = string(options, "mode", "options.")?;
    Ok(RawOptions {
        now: int(options, "now", "options.")?,
        mode: if mode.is_empty() { "send".into() } else { mode },
        courses: ids(options, "courses", "options.")?,
        users: ids(options, "users", "options.")?,
        cap: int(options, "cap", "options.")?,
        detail: string(options, "detail", "options.")?,
        window: window(options)?,
        connections: int(options, "connections", "options.")?,
        message: flag(options, "message", "options.", false)?,
        evaluate: Some(flag(options, "evaluate", "options.", true)?),
        deadline: int(options, "deadline", "options.")?,
    })
}

/// A bool under `key`, `default` when absent.
fn flag(arr: &ZendHashTable, key: &str, path: &str, default: bool) -> Result<bool, Problem> {
    match arr.get(key) {
        None => Ok(default),
        Some(v) => v
            .bool()
            .ok_or_else(|| format!("{path}{key} must be a bool, got {}", describe(v))),
    }
}

/// `'window' => ['start' => 8, 'end' => 20, 'weekdays' => true]`, or absent.
fn window(options: &ZendHashTable) -> Result<Option<(i64, i64, bool)>, Problem> {
    match options.get("window") {
        None => Ok(None),
        Some(v) if v.is_null() => Ok(None),
        Some(_) => {
            let w = section(options, "window", "options.")?;
            known_keys(w, &["start", "end", "weekdays"])?;
            let hour = |key: &str| {
                int(w, key, "options.window.")?
                    .ok_or_else(|| format!("options.window.{key} is missing"))
            };
            let weekdays = flag(w, "weekdays", "options.window.", false)?;
            Ok(Some((hour("start")?, hour("end")?, weekdays)))
        }
    }
}

/// A PHP-array-building failure (out of memory in the Zend allocator, in practice).
fn put(e: ext_php_rs::error::Error) -> Problem {
    format!("cannot build the report array: {e}")
}

/// The report as a PHP array (`decisions`, `trace`, `counts`, `failures`).
pub fn report(r: &Report) -> Result<ZBox<ZendHashTable>, Problem> {
    let mut decisions =
        ZendHashTable::with_capacity(r.decisions.len().min(u32::MAX as usize) as u32);
    for d in &r.decisions {
        let mut row = ZendHashTable::new();
        row.insert("courseid", d.course_id).map_err(put)?;
        row.insert("notification", d.notification.as_str())
            .map_err(put)?;
        row.insert("userid", d.user_id).map_err(put)?;
        row.insert("email", d.email.as_str()).map_err(put)?;
        row.insert("outcome", d.outcome).map_err(put)?;
        row.insert("rule", d.rule).map_err(put)?;
        row.insert("reason", d.reason).map_err(put)?;
        row.insert("timedue", d.due).map_err(put)?;
        decisions.push(row).map_err(put)?;
    }
    let mut trace = ZendHashTable::new();
    for line in &r.trace {
        trace.push(line.as_str()).map_err(put)?;
    }
    let c = &r.counts;
    let mut trapped = ZendHashTable::new();
    for (rule, n) in &c.trapped {
        trapped.insert(*rule, *n as i64).map_err(put)?;
    }
    let mut counts = ZendHashTable::new();
    counts
        .insert("evaluated", c.evaluated as i64)
        .map_err(put)?;
    counts.insert("accepted", c.accepted as i64).map_err(put)?;
    counts.insert("trapped", trapped).map_err(put)?;
    counts.insert("queued", c.queued as i64).map_err(put)?;
    counts.insert("sent", c.sent as i64).map_err(put)?;
    counts.insert("failed", c.failed as i64).map_err(put)?;
    counts.insert("deferred", c.deferred as i64).map_err(put)?;
    counts
        .insert("recovered", c.recovered as i64)
        .map_err(put)?;
    counts
        .insert("rows_read", c.rows_read as i64)
        .map_err(put)?;
    counts
        .insert("connections", c.connections as i64)
        .map_err(put)?;
    let mut failures = ZendHashTable::new();
    for f in &r.failures {
        let mut row = ZendHashTable::new();
        row.insert("occkey", f.occkey.as_str()).map_err(put)?;
        row.insert("email", f.email.as_str()).map_err(put)?;
        row.insert("error", f.error.as_str()).map_err(put)?;
        failures.push(row).map_err(put)?;
    }
    let mut out = ZendHashTable::new();
    out.insert("decisions", decisions).map_err(put)?;
    out.insert("trace", trace).map_err(put)?;
    out.insert("counts", counts).map_err(put)?;
    out.insert("failures", failures).map_err(put)?;
    out.insert("skipped", r.skipped.as_deref()).map_err(put)?;
    out.insert("mailoff", r.mail_off.as_deref()).map_err(put)?;
    Ok(out)
}

/// The forecast as a PHP array, one entry per day.
pub fn forecast(days: &[Day]) -> Result<ZBox<ZendHashTable>, Problem> {
    let mut out = ZendHashTable::new();
    for d in days {
        let mut by = ZendHashTable::new();
        for (course, code, n) in &d.by {
            let mut row = ZendHashTable::new();
            row.insert("courseid", *course).map_err(put)?;
            row.insert("notification", code.as_str()).map_err(put)?;
            row.insert("count", *n as i64).map_err(put)?;
            by.push(row).map_err(put)?;
        }
        let mut day = ZendHashTable::new();
        day.insert("date", d.date.as_str()).map_err(put)?;
        day.insert("due", d.due as i64).map_err(put)?;
        day.insert("capacity", d.capacity as i64).map_err(put)?;
        day.insert("pushed_back", d.pushed_back as i64)
            .map_err(put)?;
        day.insert("held", d.held as i64).map_err(put)?;
        day.insert("by", by).map_err(put)?;
        out.push(day).map_err(put)?;
    }
    Ok(out)
}

/// A course's effective notifications as a PHP array: `notifications` and `errors`.
pub fn effective(
    set: &[Effective],
    errors: &[DefinitionError],
) -> Result<ZBox<ZendHashTable>, Problem> {
    let mut list = ZendHashTable::new();
    for e in set {
        let n = &e.notification;
        let mut row = ZendHashTable::new();
        row.insert("code", &*n.code).map_err(put)?;
        row.insert("enabled", n.enabled).map_err(put)?;
        row.insert("trigger", n.trigger.stored_name())
            .map_err(put)?;
        row.insert("offset_days", n.offset_days).map_err(put)?;
        row.insert("repeat_every", n.repeat.map_or(0, |r| r.every_days))
            .map_err(put)?;
        row.insert(
            "repeat_max",
            n.repeat.and_then(|r| r.max).map_or(0, i64::from),
        )
        .map_err(put)?;
        row.insert("late_limit_days", n.late_limit_days)
            .map_err(put)?;
        row.insert("only_never_accessed", n.only_never_accessed)
            .map_err(put)?;
        row.insert("only_not_completed", n.only_not_completed)
            .map_err(put)?;
        row.insert("only_during_access", n.only_during_access)
            .map_err(put)?;
        row.insert("priority", i64::from(n.priority)).map_err(put)?;
        row.insert("essential", n.essential).map_err(put)?;
        let (catch_up, since) = match n.catch_up {
            CatchUp::Bounded => ("bounded", None),
            CatchUp::Since(t) => ("since", Some(t)),
        };
        row.insert("catch_up", catch_up).map_err(put)?;
        row.insert("recipients", Recipient::format_list(&n.recipients))
            .map_err(put)?;
        row.insert("since", since).map_err(put)?;
        let mut texts = ZendHashTable::new();
        for t in &n.texts {
            let mut text = ZendHashTable::new();
            text.insert("subject", t.subject.as_str()).map_err(put)?;
            text.insert("body", t.body.as_str()).map_err(put)?;
            texts.insert(t.lang.as_str(), text).map_err(put)?;
        }
        row.insert("texts", texts).map_err(put)?;
        // What applies where the notification has no text of its own (forms pre-fill from it).
        let mut defaults = ZendHashTable::new();
        for t in course_notification_engine::texts::defaults(&n.code) {
            let mut text = ZendHashTable::new();
            text.insert("subject", t.subject).map_err(put)?;
            text.insert("body", t.body).map_err(put)?;
            defaults.insert(t.lang, text).map_err(put)?;
        }
        row.insert("default_texts", defaults).map_err(put)?;
        let mut sources = ZendHashTable::new();
        for (field, source) in &e.sources {
            let s = match source {
                Source::Builtin => "builtin".to_string(),
                Source::Context(id) => format!("context:{id}"),
            };
            sources.insert(field.as_str(), s).map_err(put)?;
        }
        row.insert("sources", sources).map_err(put)?;
        list.push(row).map_err(put)?;
    }
    let mut problems = ZendHashTable::new();
    for e in errors {
        problems.push(e.to_string()).map_err(put)?;
    }
    let mut out = ZendHashTable::new();
    out.insert("notifications", list).map_err(put)?;
    out.insert("errors", problems).map_err(put)?;
    Ok(out)
}

/// `$options` of a preview as given.
pub struct RawPreview {
    /// `now` (Unix seconds; the clock when absent).
    pub now: Option<i64>,
    /// `langs`: languages whose template problems to list too.
    pub langs: Vec<String>,
    /// `deadline` (seconds).
    pub deadline: Option<i64>,
    /// `links_for`: whose links the footer carries (absent: the learner's).
    pub links_for: Option<i64>,
}

/// `$options` of a preview: `now`, `langs` (language codes), `deadline`, `links_for`.
pub fn raw_preview(options: &ZendHashTable) -> Result<RawPreview, Problem> {
    known_keys(options, &["now", "langs", "deadline", "links_for"])?;
    Ok(RawPreview {
        now: int(options, "now", "options.")?,
        langs: strings(options, "langs", "options.")?,
        deadline: int(options, "deadline", "options.")?,
        links_for: int(options, "links_for", "options.")?,
    })
}

/// A preview as a PHP array: `lang`, `timezone`, `email`, `fullname`, `subject`, `html`, `text`,
/// `error`, `due`, `decision` (`outcome`, `rule`, `reason`, `due`, or null), `problems`
/// (language => `subject`/`body` => messages) and `texts_lang` (language => the language of the
/// texts its readers get).
pub fn preview(p: &Preview) -> Result<ZBox<ZendHashTable>, Problem> {
    let mut out = ZendHashTable::new();
    for (key, value) in [
        ("lang", &p.lang),
        ("timezone", &p.timezone),
        ("email", &p.email),
        ("fullname", &p.fullname),
        ("subject", &p.subject),
        ("html", &p.html),
        ("text", &p.text),
    ] {
        out.insert(key, value.as_str()).map_err(put)?;
    }
    out.insert("error", p.error.as_deref()).map_err(put)?;
    out.insert("due", p.due).map_err(put)?;
    match &p.decision {
        Some(d) => {
            let mut row = ZendHashTable::new();
            row.insert("outcome", d.outcome).map_err(put)?;
            row.insert("rule", d.rule).map_err(put)?;
            row.insert("reason", d.reason).map_err(put)?;
            row.insert("due", d.due).map_err(put)?;
            out.insert("decision", row).map_err(put)?;
        }
        None => out.insert("decision", ()).map_err(put)?,
    }
    let mut problems = ZendHashTable::new();
    let mut uses = ZendHashTable::new();
    for l in &p.problems {
        let mut parts = ZendHashTable::new();
        for (part, found) in [("subject", &l.subject), ("body", &l.body)] {
            let said: Vec<String> = found.iter().map(ToString::to_string).collect();
            parts.insert(part, said).map_err(put)?;
        }
        problems.insert(l.lang.as_str(), parts).map_err(put)?;
        uses.insert(l.lang.as_str(), l.uses.as_str()).map_err(put)?;
    }
    out.insert("problems", problems).map_err(put)?;
    out.insert("texts_lang", uses).map_err(put)?;
    Ok(out)
}
