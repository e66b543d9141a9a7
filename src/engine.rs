//! `CourseNotification\Engine`: the class Moodle's PHP code calls.

use course_notification_engine::template::{Placeholder, Template};
use course_notification_runner::config::{self, Config, ForecastOptions, RawOptions, RunOptions};
use course_notification_runner::PreviewOptions;
use ext_php_rs::boxed::ZBox;
use ext_php_rs::prelude::*;
use ext_php_rs::types::ZendHashTable;

use crate::error::{exception, guard, run_error};
use crate::{convert, runtime};

/// The notification engine bound to one Moodle site's settings.
///
/// `$config` holds `db` (type, host, port, socket, name, user, pass, prefix, schema), `smtp`
/// (host, port, secure, user, pass) and `site` (wwwroot, fullname, shortname, noreplyaddress,
/// timezone, lang). Every value is validated here; a bad one throws `CourseNotification\Exception`
/// naming it.
#[php_class]
#[php(name = "CourseNotification\\Engine")]
pub struct PhpEngine {
    config: Config,
}

#[php_impl]
#[php(change_method_case = "snake_case")]
impl PhpEngine {
    /// Validates the site's settings. Connects to nothing yet.
    pub fn __construct(config: &ZendHashTable) -> PhpResult<Self> {
        guard(|| {
            let raw = convert::raw_config(config).map_err(exception)?;
            let config = Config::try_from(raw).map_err(exception)?;
            Ok(PhpEngine { config })
        })
    }

    /// Runs the engine once. `$options`: `now` (Unix seconds; the clock is read only when it is
    /// absent), `mode` (`send`, `dryrun`, `markonly`), `courses` and `users` (ids; empty: all),
    /// `cap` (messages per run, default 200), `deadline` (seconds, dry runs only: past it,
    /// `CourseNotification\TimeoutException`). Returns `decisions`, `trace`, `counts`, `failures`.
    pub fn run(&self, options: &ZendHashTable) -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| {
            let raw = convert::raw_options(options).map_err(exception)?;
            let options = RunOptions::try_from(raw).map_err(exception)?;
            let report = runtime::block_on(course_notification_runner::run(&self.config, &options))
                .map_err(exception)?
                .map_err(run_error)?;
            convert::report(&report).map_err(exception)
        })
    }

    /// What the next days will send, without writing or sending anything. `$options`: `now`,
    /// `days` (default 7), `cap` (messages per run, default 200), `runs_per_day` (default 1),
    /// `courses`, `users`, `deadline` (seconds, as for a run). Returns one entry per day: `date`, `due`, `capacity`, `pushed_back`, `held` (what the learners' daily budget holds back that day),
    /// and `by` (rows of `courseid`, `notification`, `count`).
    pub fn forecast(&self, options: &ZendHashTable) -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| {
            let raw = convert::raw_forecast(options).map_err(exception)?;
            let options = ForecastOptions::try_from(raw).map_err(exception)?;
            let days =
                runtime::block_on(course_notification_runner::forecast(&self.config, &options))
                    .map_err(exception)?
                    .map_err(run_error)?;
            convert::forecast(&days).map_err(exception)
        })
    }

    /// The notifications that apply in a course: the built-ins with every definition on its path
    /// (site, categories, course). Each entry has the notification's fields and `sources`, which
    /// says for each field whether it is the built-in default (`builtin`) or set in a context
    /// (`context:<id>`); `errors` lists the definitions on the path that cannot apply.
    ///
    /// `$deadline` (seconds, 1 to 300; null: none) bounds the call as `deadline` bounds a dry run:
    /// past it, `CourseNotification\TimeoutException`.
    pub fn notifications(
        &self,
        courseid: i64,
        deadline: Option<i64>,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| {
            let deadline = config::deadline(deadline).map_err(exception)?;
            let (set, errors) = runtime::block_on(course_notification_runner::notifications(
                &self.config,
                courseid,
                deadline,
            ))
            .map_err(exception)?
            .map_err(run_error)?;
            convert::effective(&set, &errors).map_err(exception)
        })
    }

    /// The notifications that apply at any context given its Moodle context path (`/1` the site,
    /// `/1/3` a category, `/1/3/15` a course), in the shape of `notifications()`. A malformed path
    /// throws `CourseNotification\Exception` naming `contextpath`.
    pub fn notifications_in(
        &self,
        contextpath: String,
        deadline: Option<i64>,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| {
            let deadline = config::deadline(deadline).map_err(exception)?;
            let (set, errors) = runtime::block_on(course_notification_runner::notifications_in(
                &self.config,
                &contextpath,
                deadline,
            ))
            .map_err(exception)?
            .map_err(run_error)?;
            convert::effective(&set, &errors).map_err(exception)
        })
    }

    /// Notification `$code` of course `$courseid` written for learner `$userid` as a run would
    /// write it now, for the test send page; reads only. `$options`: `now`, `langs` (languages
    /// whose template problems to list too), `deadline` (as for a dry run), `links_for` (whose
    /// links the footer carries; absent: the learner's). Returns `lang`,
    /// `timezone`, `email`, `fullname`, `subject`, `html`, `text`, `error` (why it cannot be
    /// written, or null), `due` (or null), `decision` (`outcome`, `rule`, `reason`, `due`, or null),
    /// `problems` (language => `subject`/`body` => messages with line and column) and
    /// `texts_lang` (language => the language of the texts its readers get).
    pub fn preview(
        &self,
        courseid: i64,
        userid: i64,
        code: String,
        options: &ZendHashTable,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| {
            let raw = convert::raw_preview(options).map_err(exception)?;
            // A dry run's options validate `now` and `deadline` as they do for a run.
            let run = RunOptions::try_from(RawOptions {
                now: raw.now,
                mode: "dryrun".into(),
                deadline: raw.deadline,
                ..Default::default()
            })
            .map_err(exception)?;
            let options = PreviewOptions {
                now: run.now,
                langs: raw.langs,
                deadline: run.deadline,
                links_for: raw.links_for,
            };
            let preview = runtime::block_on(course_notification_runner::preview(
                &self.config,
                courseid,
                userid,
                &code,
                &options,
            ))
            .map_err(exception)?
            .map_err(run_error)?;
            convert::preview(&preview).map_err(exception)
        })
    }

    /// What is wrong with a subject or body template: one sentence per problem, empty when it
    /// can be used. Forms call it before saving, so no template that would fail is ever stored.
    pub fn template_problems(template: String) -> PhpResult<Vec<String>> {
        guard(|| {
            Ok(Template::problems(&template)
                .iter()
                .map(ToString::to_string)
                .collect())
        })
    }

    /// The placeholder names a template may use, without braces, for forms to list.
    pub fn placeholders() -> Vec<String> {
        Placeholder::ALL
            .iter()
            .map(|(name, _)| name.to_string())
            .collect()
    }

    /// The built-in catalogue and the rules a definition is held to, for forms, restores and the
    /// upgrade (no configuration, no database): `notifications`, `triggers`, `bounds`,
    /// `code_pattern`, `placeholders`, `topics`.
    pub fn catalogue() -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| crate::catalogue::to_php(&crate::catalogue::describe()).map_err(exception))
    }

    /// The extension's version (the plugin warns when it differs from the one it expects).
    pub fn version() -> &'static str {
        crate::VERSION
    }
}

/// Registers the class.
pub fn build_module(module: ModuleBuilder) -> ModuleBuilder {
    module.class::<PhpEngine>()
}
