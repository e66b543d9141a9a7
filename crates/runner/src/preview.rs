//! A preview of one notification for one learner, as a run would write it now: the course form's
//! and the report's test send show it, and may mail it to the person looking at it.
//!
//! It reads what a run reads, narrowed to the course and the learner (the run's own read path:
//! [`read_facts`] and the learner stream), decides with the run's own decider (dry run), and
//! writes the message with the function the run queues messages with ([`compose`]): no second
//! renderer can drift from what learners receive. Nothing is written and nothing is sent.

use std::sync::Arc;
use std::time::Duration;

use course_notification_engine::template::{Template, TemplateError};
use course_notification_engine::texts;
use course_notification_store::{LearnerStream, Scope, Session, Store};

use crate::config::{Config, ConfigError, Detail, Mode};
use crate::deadline;
use crate::decisions::{compose, Decider};
use crate::error::RunError;
use crate::report::DecisionRow;
use crate::run::read_facts;
use crate::stores::with_store;

/// What a preview is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewOptions {
    /// The instant to write and decide for (Unix seconds).
    pub now: i64,
    /// Languages whose template problems to list besides those the notification has texts in
    /// (a site's installed languages: a reader of one without texts gets another's).
    pub langs: Vec<String>,
    /// Bounds the call as a page's dry run is bounded (see [`crate::deadline`]).
    pub deadline: Option<Duration>,
    /// Whose links the footer carries (`None`: the learner's, as delivered). A test mailed to
    /// someone else carries theirs, so that following its unsubscribe link never changes the
    /// learner's choices.
    pub links_for: Option<i64>,
}

/// The template problems of the texts a reader of one language gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LangProblems {
    /// The reader's language.
    pub lang: String,
    /// The language of the texts they get (another when the notification has none in theirs).
    pub uses: String,
    /// The subject template's problems.
    pub subject: Vec<TemplateError>,
    /// The body template's problems.
    pub body: Vec<TemplateError>,
}

/// One notification written for one learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// The language the message is written in.
    pub lang: String,
    /// The learner's timezone (the site's forced one when it forces one).
    pub timezone: String,
    /// The learner's address.
    pub email: String,
    /// The learner's name.
    pub fullname: String,
    /// Subject (empty when the message cannot be written: see `error`).
    pub subject: String,
    /// HTML body, footer included.
    pub html: String,
    /// Plain-text body, footer included.
    pub text: String,
    /// Why the message cannot be written, when it cannot.
    pub error: Option<String>,
    /// When the learner's current occurrence is due (`None`: none now).
    pub due: Option<i64>,
    /// What a run would decide now for the learner's copy (`None`: the notification is off, or
    /// its trigger has no moment for this learner).
    pub decision: Option<DecisionRow>,
    /// Template problems, per reader language.
    pub problems: Vec<LangProblems>,
}

/// Writes notification `code` of course `course_id` for learner `user_id` as a run at
/// `options.now` would, and says what the run would decide. Reads only; a course the engine does
/// not run for, a user not enrolled in it or a code that does not apply there is a clear error.
pub async fn preview(
    config: &Config,
    course_id: i64,
    user_id: i64,
    code: &str,
    options: &PreviewOptions,
) -> Result<Preview, RunError> {
    for (setting, id) in [("courseid", course_id), ("userid", user_id)] {
        if id <= 0 {
            return Err(invalid(setting, format!("{id} is not a valid id")));
        }
    }
    let config = deadline::config_for(config, options.deadline);
    with_store!(config.db.kind, store => {
        deadline::within(
            options.deadline,
            read(store, &config, course_id, user_id, code, options),
        )
        .await
    })
}

fn invalid(setting: &str, problem: String) -> RunError {
    RunError::Config(ConfigError {
        setting: setting.into(),
        problem,
    })
}

async fn read<S: Store>(
    store: &S,
    config: &Config,
    course_id: i64,
    user_id: i64,
    code: &str,
    options: &PreviewOptions,
) -> Result<Preview, RunError> {
    let mut session = store.open(&config.db, &config.tables).await?;
    let result = async {
        let scope = Scope {
            courses: vec![course_id],
            users: vec![user_id],
        };
        let facts = read_facts(&mut session, config, &scope).await?;
        let mut reader = facts.learners(&mut session, &scope, options.now).await?;
        let mut found = None;
        while let Some(block) = reader.next_block(&mut session).await? {
            found = found.or_else(|| {
                block.into_iter().find(|l| {
                    l.rows.iter().any(|r| {
                        r.participation.course_id == course_id && r.participation.user.id == user_id
                    })
                })
            });
        }
        reader.close().await;
        Ok::<_, RunError>((facts, found))
    }
    .await;
    session.close().await;
    let (facts, learner) = result?;
    let learner = learner.ok_or_else(|| {
        invalid(
            "userid",
            format!(
                "user {user_id} is not enrolled in course {course_id}, or the course does not \
                 exist or has no course notifications block"
            ),
        )
    })?;
    let row = learner
        .rows
        .iter()
        .find(|r| r.participation.course_id == course_id)
        .cloned();
    let facts = Arc::new(facts);
    let (course, catalogue, p) = row
        .and_then(|row| facts.resolve(row))
        .ok_or_else(|| invalid("courseid", format!("course {course_id} cannot be read")))?;
    let n = catalogue.get(code).ok_or_else(|| {
        let known: Vec<&str> = catalogue.notifications.iter().map(|n| &*n.code).collect();
        invalid(
            "code",
            format!(
                "no notification '{code}' applies in course {course_id}; known: {}",
                known.join(", ")
            ),
        )
    })?;
    let site = &config.site.site;
    // The run's decider on this one learner, as a dry run decides: the budget weighed too.
    let decider = Decider {
        facts: Arc::clone(&facts),
        second: Arc::clone(&facts),
        site: Arc::new(config.site.clone()),
        audience: Arc::new(config.audience.clone()),
        now: options.now,
        mode: Mode::DryRun,
        detail: Detail::All,
        message: false,
    };
    let decision = decider
        .learners(&facts, vec![learner.clone()])
        .report
        .decisions
        .into_iter()
        .find(|d| {
            d.notification == code
                && d.course_id == course_id
                && d.user_id == user_id
                && d.email == p.user.email
        });
    let written = compose(
        &config.site,
        &config.audience,
        n,
        course,
        &p,
        &p.user,
        options.links_for.unwrap_or(p.user.id),
        options.now,
    );
    let (subject, html, text, lang, error) = match written {
        Ok(m) => (m.subject, m.html, m.text, m.lang, None),
        Err(e) => {
            let lang = texts::sources(n, &p.user.lang, &site.lang, false)
                .map_or_else(|_| p.user.lang.clone(), |s| s.lang.to_string());
            (
                String::new(),
                String::new(),
                String::new(),
                lang,
                Some(e.to_string()),
            )
        }
    };
    let mut langs = texts::languages(n);
    for l in &options.langs {
        if !langs.contains(l) {
            langs.push(l.clone());
        }
    }
    let problems = langs
        .into_iter()
        .filter_map(|lang| {
            let s = texts::sources(n, &lang, &site.lang, false).ok()?;
            Some(LangProblems {
                uses: s.lang.to_string(),
                subject: Template::problems(s.subject),
                body: Template::problems(s.body),
                lang,
            })
        })
        .collect();
    Ok(Preview {
        lang,
        timezone: p.user.tz(site.timezone).name().to_string(),
        email: p.user.email.clone(),
        fullname: format!("{} {}", p.user.firstname, p.user.lastname)
            .trim()
            .to_string(),
        subject,
        html,
        text,
        error,
        due: decision.as_ref().map(|d| d.due).filter(|&due| due > 0),
        decision,
        problems,
    })
}
