//! Settings and options as PHP hands them over, not yet judged.

use std::fmt;

/// `$config['db']` as given (its `Debug` hides the password).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RawDb {
    /// Moodle's `$CFG->dbtype` ('' : MariaDB/MySQL).
    pub kind: String,
    /// Host.
    pub host: String,
    /// Port (0: default).
    pub port: i64,
    /// Socket path ('' : none).
    pub socket: String,
    /// Database name.
    pub name: String,
    /// User.
    pub user: String,
    /// Password.
    pub pass: String,
    /// Table prefix.
    pub prefix: String,
    /// PostgreSQL's `dboptions['dbschema']` ('' : the server's `search_path`).
    pub schema: String,
}

/// `$config['smtp']` as given (its `Debug` hides the password).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RawSmtp {
    /// Host ('' : no SMTP server configured).
    pub host: String,
    /// Port (0: default for the security mode).
    pub port: i64,
    /// '', 'tls' or 'ssl'.
    pub secure: String,
    /// User ('' : no authentication).
    pub user: String,
    /// Password.
    pub pass: String,
    /// Further servers (`host:port`, `[ipv6]:port`), tried in order when the first cannot be reached.
    pub fallbacks: Vec<String>,
    /// PHP's `sendmail_path` (its first word is the program), used when `host` is empty.
    pub sendmail: String,
    /// Seconds a server may stay silent (0: the default, 30).
    pub timeout: i64,
    /// `$CFG->smtpauthtype` ('' or 'LOGIN': LOGIN, Moodle's default; 'PLAIN'; anything else,
    /// XOAUTH2 included, is refused).
    pub authtype: String,
    /// The block's setting allowing the SMTP password over an unencrypted connection.
    pub allowplain: bool,
    /// `$CFG->smtpmaxbulk`: messages per SMTP session (0: no limit).
    pub maxbulk: i64,
}

/// `$config['mail']` as given: the switches `email_to_user()` obeys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawMail {
    /// `$CFG->noemailever`.
    pub noemailever: bool,
    /// `$CFG->divertallemailsto`.
    pub divertto: String,
    /// `$CFG->divertallemailsexcept` (regular expressions, separated by commas or white space).
    pub divertexcept: String,
    /// `$CFG->emailsubjectprefix`.
    pub subjectprefix: String,
    /// `$CFG->emailheaders` (one `Name: value` per line).
    pub headers: String,
    /// `$CFG->sitemailcharset` ('' : UTF-8).
    pub charset: String,
    /// `$CFG->emaildkimselector`.
    pub dkimselector: String,
    /// `$CFG->dataroot` (where Moodle keeps the DKIM keys: `dkim/<domain>/<selector>.private`).
    pub dataroot: String,
    /// `$CFG->handlebounces`: the envelope sender is Moodle's bounce address.
    pub handlebounces: bool,
    /// `$CFG->mailprefix`.
    pub mailprefix: String,
    /// `$CFG->maildomain`.
    pub maildomain: String,
    /// `get_site_identifier()`.
    pub siteidentifier: String,
}

/// `$config['rules']` as given: the settings of Moodle's own that decide who is mailed and in
/// which timezone, as `$CFG` holds them (config.php's forced values included).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawRules {
    /// `$CFG->siteadmins`: user ids separated by commas.
    pub siteadmins: String,
    /// `$CFG->siteguest` (0: none).
    pub siteguest: i64,
    /// `$CFG->guestroleid` (0: not set).
    pub guestroleid: i64,
    /// `$CFG->defaultuserroleid` (0: not set).
    pub defaultuserroleid: i64,
    /// `$CFG->forcetimezone` ('' : not set; '99': not forced).
    pub forcetimezone: String,
    /// `$CFG->handlebounces`.
    pub handlebounces: bool,
    /// `$CFG->minbounces` (0: Moodle's default, 10).
    pub minbounces: i64,
    /// `$CFG->bounceratio` (0: Moodle's default, 0.20).
    pub bounceratio: f64,
}

/// What `Debug` shows of a password: whether there is one, never its characters.
fn hidden(pass: &str) -> &'static str {
    if pass.is_empty() {
        ""
    } else {
        "<hidden>"
    }
}

impl fmt::Debug for RawDb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawDb")
            .field("kind", &self.kind)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("socket", &self.socket)
            .field("name", &self.name)
            .field("user", &self.user)
            .field("pass", &hidden(&self.pass))
            .field("prefix", &self.prefix)
            .field("schema", &self.schema)
            .finish()
    }
}

impl fmt::Debug for RawSmtp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawSmtp")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("secure", &self.secure)
            .field("user", &self.user)
            .field("pass", &hidden(&self.pass))
            .field("fallbacks", &self.fallbacks)
            .field("sendmail", &self.sendmail)
            .field("timeout", &self.timeout)
            .field("authtype", &self.authtype)
            .field("allowplain", &self.allowplain)
            .field("maxbulk", &self.maxbulk)
            .finish()
    }
}

/// `$config['site']` as given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawSite {
    /// `$CFG->wwwroot`.
    pub wwwroot: String,
    /// Site full name.
    pub fullname: String,
    /// Site short name.
    pub shortname: String,
    /// `$CFG->noreplyaddress`.
    pub noreplyaddress: String,
    /// IANA timezone name.
    pub timezone: String,
    /// `$CFG->lang`.
    pub lang: String,
}

/// `$config['audience']` as given: the plugin's settings for what learners receive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawAudience {
    /// `unsubscribesecret`: the key of the unsubscribe tokens ('' : no unsubscribe link).
    pub secret: String,
    /// `dailybudget`: mails per learner per day, 0 for no limit; `None`: the default (3).
    pub dailybudget: Option<i64>,
    /// `mingap`: minutes between two mails to the same learner, 0 for none.
    pub mingap: i64,
    /// `digest`: one mail per learner and run, listing their messages.
    pub digest: bool,
}

/// `$config` as given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawConfig {
    /// Database.
    pub db: RawDb,
    /// Mail server.
    pub smtp: RawSmtp,
    /// Site.
    pub site: RawSite,
    /// E-mail switches (absent: Moodle's defaults, mail on and undiverted).
    pub mail: RawMail,
    /// Moodle's decision settings as `$CFG` holds them; `None` (the command line, which has no
    /// `$CFG`): read from the `config` table.
    pub rules: Option<RawRules>,
    /// What learners receive (absent: the defaults, and no unsubscribe link).
    pub audience: RawAudience,
}

/// `$options` as given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawOptions {
    /// Unix seconds; `None` reads the clock.
    pub now: Option<i64>,
    /// 'send', 'dryrun' or 'markonly'.
    pub mode: String,
    /// Course ids.
    pub courses: Vec<i64>,
    /// User ids.
    pub users: Vec<i64>,
    /// Per-run cap; `None` for the default.
    pub cap: Option<i64>,
    /// 'all', 'accepted' or 'none' ('' : all).
    pub detail: String,
    /// Send window: first hour open, first hour closed (recipient's time), weekdays only.
    pub window: Option<(i64, i64, bool)>,
    /// SMTP connections used at once; `None`: one.
    pub connections: Option<i64>,
    /// Also queue every message for Moodle's message API (bell, mobile app).
    pub message: bool,
    /// Decide (read every learner in scope) before delivering; `Some(false)` only delivers what
    /// the outbox holds (the every-minute run between two evaluations). `None`: decide.
    pub evaluate: Option<bool>,
    /// Seconds the run may take (web pages); `None`: no limit. Dry runs only.
    pub deadline: Option<i64>,
}

/// `$options` of a forecast as given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawForecast {
    /// Unix seconds; `None` reads the clock.
    pub now: Option<i64>,
    /// Days ahead.
    pub days: Option<i64>,
    /// Per-run cap.
    pub cap: Option<i64>,
    /// Runs of the task per day.
    pub runs_per_day: Option<i64>,
    /// Course ids.
    pub courses: Vec<i64>,
    /// User ids.
    pub users: Vec<i64>,
    /// Seconds the forecast may take (web pages); `None`: no limit.
    pub deadline: Option<i64>,
}
