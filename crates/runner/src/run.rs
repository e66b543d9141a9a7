//! One run: read, decide, queue, deliver.

use std::collections::HashMap;
use std::sync::Arc;

use chrono_tz::Tz;
use course_notification_engine::capability::Resolved;
use course_notification_engine::catalogue::{Catalogue, Recipient};
use course_notification_engine::code::Code;
use course_notification_engine::inherit::{effective, DefinitionError};
use course_notification_engine::model::{Course, Participation, User};
use course_notification_engine::time;
use course_notification_store::learners::JoinFacts;
use course_notification_store::{
    contexts_of, reads, CourseRow, Initial, LearnerStream, MoodleSettings, ParticipationRow, Scope,
    Session, SiteReads, Store, BENOTIFIED, EXCLUDE,
};

use crate::config::{Config, Mode, RunOptions};
use crate::deadline;
use crate::decisions::Decider;
use crate::deliver::deliver;
use crate::error::RunError;
use crate::report::{Failure, Report};
use crate::stores::with_store;

/// Runs the engine once: decides every occurrence in scope at `options.now`, records the accepted
/// ones in the outbox (unless dry run) and delivers up to the cap (in send mode).
///
/// The connection is closed on every path, including errors. With `options.deadline` (dry runs,
/// for web pages) every statement and the whole run are bounded by it (see [`crate::deadline`]).
/// The report counts the rows the run read and the connections it opened.
pub async fn run(config: &Config, options: &RunOptions) -> Result<Report, RunError> {
    with_store!(config.db.kind, store => run_in(store, config, options).await)
}

/// [`run`] on the database of `store`.
async fn run_in<S: Store>(
    store: &S,
    config: &Config,
    options: &RunOptions,
) -> Result<Report, RunError> {
    let config = deadline::config_for(config, options.deadline);
    let (result, reads) = reads::counted(deadline::within(options.deadline, async {
        let mut session = store.open(&config.db, &config.tables).await?;
        let result = locked(&mut session, &config, options).await;
        session.close().await;
        result
    }))
    .await;
    let mut report = result?;
    report.counts.rows_read = reads.rows;
    report.counts.connections = reads.connections;
    Ok(report)
}

/// One run at a time across every cron node: a run that writes takes the database's named lock
/// first (without waiting), and one that cannot get it does nothing and says so. Dry runs only
/// read, and run beside anything.
async fn locked<S: Session>(
    session: &mut S,
    config: &Config,
    options: &RunOptions,
) -> Result<Report, RunError> {
    if options.mode == Mode::DryRun {
        return run_on(session, config, options).await;
    }
    if !session.try_lock().await? {
        let skipped = Some(
            "another run of the course notifications is in progress; this one did nothing".into(),
        );
        return Ok(Report {
            skipped,
            ..Report::default()
        });
    }
    let result = run_on(session, config, options).await;
    let unlocked = session.unlock().await;
    // The run's own error says what went wrong; releasing the lock then fails for the same reason
    // (a dead connection releases it anyway).
    let report = result?;
    unlocked?;
    Ok(report)
}

/// The two capabilities the engine needs, resolved in one course context.
#[derive(Clone)]
struct Capabilities {
    exclude: Resolved,
    notified: Resolved,
}

/// A course in scope and what its decisions need.
#[derive(Clone)]
struct CourseFacts {
    row: CourseRow,
    capabilities: Capabilities,
    /// The course's effective notifications (built-ins with the definitions on its path).
    catalogue: Catalogue,
}

/// What a run reads before it streams the enrolments: the courses, their capabilities and
/// effective notifications, the outbox.
#[derive(Clone)]
pub(crate) struct Facts {
    /// Moodle's settings the decisions follow (administrators, guest, default role, bounces).
    pub(crate) settings: MoodleSettings,
    /// `$CFG->forcetimezone`, normalised, when the site forces one.
    pub(crate) forced_tz: Option<Tz>,
    /// Each course with what deciding about its learners needs: one look-up per participation.
    courses: HashMap<i64, CourseFacts>,
    /// Definitions that could not apply (reported; the others still apply).
    pub(crate) definition_errors: Vec<DefinitionError>,
}

/// Reads the courses in scope, resolves the two capabilities and the effective notifications of
/// each.
pub(crate) async fn read_facts<S: SiteReads>(
    session: &mut S,
    config: &Config,
    scope: &Scope,
) -> Result<Facts, RunError> {
    let settings = session.moodle_settings(config.rules.as_ref()).await?;
    let forced_tz = time::forced_zone(settings.forcetimezone.as_deref(), config.site.site.timezone);
    let mut courses = session.courses(scope).await?;
    // A narrowed run (a web page, an event's task) reads what its courses need, never the whole
    // site: the capability overrides and definitions on their context paths, their staff.
    let (contexts, course_ids) = if scope.is_narrowed() {
        let mut ids: Vec<i64> = courses.keys().copied().collect();
        ids.sort_unstable();
        let paths = courses.values().map(|c| c.context_path.as_str());
        (Some(contexts_of(paths)), Some(ids))
    } else {
        (None, None)
    };
    let (contexts, course_ids) = (contexts.as_deref(), course_ids.as_deref());
    let exclude = session.capability(EXCLUDE, contexts).await?;
    let notified = session.capability(BENOTIFIED, contexts).await?;
    let definitions = session.definitions(contexts).await?;
    let builtin = Catalogue::builtin();
    let mut capabilities = HashMap::new();
    let mut catalogues = HashMap::new();
    let mut definition_errors = Vec::new();
    for (&id, c) in &courses {
        let path = c.context_path.as_str();
        capabilities.insert(
            id,
            Capabilities {
                exclude: Resolved::for_path(&exclude, path),
                notified: Resolved::for_path(&notified, path),
            },
        );
        let (set, errors) = effective(&builtin, &definitions, path);
        // A definition in a category reaches every course below it: report its problem once.
        for e in errors {
            if !definition_errors.contains(&e) {
                definition_errors.push(e);
            }
        }
        let notifications = set.into_iter().map(|e| e.notification).collect();
        catalogues.insert(id, Catalogue { notifications });
    }
    // The holders of the roles some notification is also sent to (one statement, none when no
    // notification names a role).
    let mut roles: Vec<i64> = catalogues
        .values()
        .flat_map(|c: &Catalogue| c.enabled().flat_map(|n| n.recipients.iter()))
        .filter_map(|r| match r {
            Recipient::Role(id) => Some(*id),
            Recipient::Learner => None,
        })
        .collect();
    // The course contacts, named by {{TEACHERS}}: read only when some text names them.
    let named = catalogues
        .values()
        .flat_map(|c: &Catalogue| c.enabled().flat_map(|n| n.texts.iter()))
        .any(|t| t.subject.contains("TEACHERS") || t.body.contains("TEACHERS"));
    let contacts = if named {
        session.course_contact_roles().await?
    } else {
        Vec::new()
    };
    roles.extend(&contacts);
    roles.sort_unstable();
    roles.dedup();
    let staff = session.staff(course_ids, &roles, settings.bounces).await?;
    for (id, mut staff) in staff {
        if let Some(forced) = forced_tz {
            for (_, u) in &mut staff {
                force_zone(u, forced);
            }
        }
        if let Some(c) = courses.get_mut(&id) {
            c.course.teachers = contact_names(&staff, &contacts);
            c.course.staff = staff;
        }
    }
    // Every course got its capabilities and catalogue above.
    let courses = courses
        .into_iter()
        .filter_map(|(id, row)| {
            Some((
                id,
                CourseFacts {
                    row,
                    capabilities: capabilities.remove(&id)?,
                    catalogue: catalogues.remove(&id)?,
                },
            ))
        })
        .collect();
    Ok(Facts {
        settings,
        forced_tz,
        courses,
        definition_errors,
    })
}

/// `$CFG->forcetimezone` wins over the user's own timezone (`core_date::get_user_timezone()`):
/// written into the user's facts, so decisions, texts and the send window all use it.
fn force_zone(u: &mut User, forced: Tz) {
    u.timezone = forced.name().to_string();
}

/// The names of the holders of the contact roles, in the order Moodle lists the roles, each
/// person once.
fn contact_names(staff: &[(i64, User)], contacts: &[i64]) -> Vec<String> {
    let mut seen = Vec::new();
    let mut names = Vec::new();
    for role in contacts {
        for (_, u) in staff.iter().filter(|(r, _)| r == role) {
            if !seen.contains(&u.id) {
                seen.push(u.id);
                names.push(format!("{} {}", u.firstname, u.lastname).trim().to_string());
            }
        }
    }
    names
}

impl Facts {
    /// A copy for a second worker thread whose notification codes are its own: every occurrence
    /// names its notification by a shared code, and two threads counting references to the same
    /// codes millions of times would fight over the same cache lines.
    pub(crate) fn for_another_thread(&self) -> Facts {
        let mut facts = self.clone();
        for c in facts.courses.values_mut() {
            for n in &mut c.catalogue.notifications {
                n.code = Code::from(n.code.as_str());
            }
        }
        facts
    }

    /// Opens the stream of every learner in scope, block by block (see [`LearnerStream`]); `now`:
    /// the run's instant (each learner's mail log holds their e-mails of the days before it).
    pub(crate) async fn learners<S: SiteReads>(
        &self,
        session: &mut S,
        scope: &Scope,
        now: i64,
    ) -> Result<S::Learners, RunError> {
        let paths = self
            .courses
            .iter()
            .map(|(&id, c)| (id, c.row.context_path.as_str()))
            .collect();
        let facts = JoinFacts {
            bounces: self.settings.bounces,
            mail: self.settings.mail_provider.clone(),
            now,
        };
        Ok(session.learners(scope, &paths, &facts).await?)
    }

    /// A learner's participation in a course with the capabilities resolved, with the course and
    /// its effective notifications; `None` for a course the facts do not hold.
    pub(crate) fn resolve(
        &self,
        row: ParticipationRow,
    ) -> Option<(&Course, &Catalogue, Participation)> {
        let id = row.participation.course_id;
        let facts = self.courses.get(&id)?;
        let (course, caps, catalogue) = (&facts.row, &facts.capabilities, &facts.catalogue);
        let mut p = row.participation;
        let accounts = &self.settings.accounts;
        p.excluded = accounts.has(&caps.exclude, p.user.id, &row.roles);
        p.notified = accounts.has(&caps.notified, p.user.id, &row.roles);
        if let Some(forced) = self.forced_tz {
            force_zone(Arc::make_mut(&mut p.user), forced);
        }
        Some((&course.course, catalogue, p))
    }
}

async fn run_on<S: Session>(
    session: &mut S,
    config: &Config,
    options: &RunOptions,
) -> Result<Report, RunError> {
    let mut report = Report::default();
    if options.mode == Mode::Send {
        report.counts.recovered = session.recover(options.now).await?;
    }
    // The every-minute run between two evaluations decides nothing: only what the outbox holds
    // goes out.
    if options.evaluate {
        evaluate(session, config, options, &mut report).await?;
    }
    if options.mode == Mode::Send {
        deliver(session, config, options, &mut report).await?;
    }
    Ok(report)
}

/// Decides every occurrence in scope and writes the accepted ones to the outbox (unless dry run).
async fn evaluate<S: Session>(
    session: &mut S,
    config: &Config,
    options: &RunOptions,
    report: &mut Report,
) -> Result<(), RunError> {
    let facts = read_facts(session, config, &options.scope).await?;
    for e in &facts.definition_errors {
        let occkey = format!("definition/{}/x{}", e.code, e.context);
        report.failures.push(Failure {
            occkey,
            email: String::new(),
            error: e.to_string(),
        });
    }
    let initial = match options.mode {
        Mode::MarkOnly => Initial::Marked,
        _ => Initial::Pending,
    };
    let facts = Arc::new(facts);
    let decider = Decider {
        second: Arc::new(facts.for_another_thread()),
        facts: Arc::clone(&facts),
        site: Arc::new(config.site.clone()),
        audience: Arc::new(config.audience.clone()),
        now: options.now,
        mode: options.mode,
        detail: options.detail,
        message: options.message,
    };
    let mut queue = Vec::new();
    let mut reader = facts.learners(session, &options.scope, options.now).await?;
    let mut next = reader.next_block(session).await?;
    while let Some(block) = next {
        // The workers decide this block while this thread reads the next one.
        let deciding = decider.start(block);
        next = reader.next_block(session).await?;
        let part = deciding.finish().await?;
        report.absorb(part.report);
        queue.extend(part.rows);
        // Written as the run goes, so memory holds a block, not every accepted message.
        if queue.len() >= QUEUE_FLUSH {
            report.counts.queued += session.insert(&queue, initial, options.now).await?;
            queue.clear();
        }
    }
    reader.close().await;
    if options.mode != Mode::DryRun {
        report.counts.queued += session.insert(&queue, initial, options.now).await?;
    }
    Ok(())
}

/// Accepted messages held before they are written to the outbox.
const QUEUE_FLUSH: usize = 1_000;
