//! The decisions about one block of learners, taken on two worker threads while the main thread
//! reads the next block: deciding is pure CPU work (about 0.9 µs per occurrence), reading is the
//! database's, so the two overlap instead of taking turns.
//!
//! The workers see only plain data (the facts, the block, the site) and give back the block's
//! report and outbox rows; the halves are merged in order, so a run's report is the same as if
//! one thread had decided everything. A worker that panics becomes an error of the run, never a
//! panic in PHP's thread.

use std::sync::Arc;

use course_notification_engine::audience;
use course_notification_engine::budget::MailLog;
use course_notification_engine::catalogue::{Catalogue, Notification};
use course_notification_engine::decide::{decide, Decision, Outcome, Run};
use course_notification_engine::footer;
use course_notification_engine::model::{Course, Participation, User};
use course_notification_engine::rules::Rule;
use course_notification_engine::texts;
use course_notification_store::{Learner, NewRow};

use crate::config::{Audience, Detail, Mode, SiteConfig};
use crate::error::RunError;
use crate::report::{Failure, Report};
use crate::run::Facts;
use crate::unsubscribe;

/// What the workers need to decide and render, shared with them.
#[derive(Clone)]
pub(crate) struct Decider {
    pub(crate) facts: Arc<Facts>,
    /// The same facts with codes of their own, for the second thread (see
    /// [`Facts::for_another_thread`]).
    pub(crate) second: Arc<Facts>,
    pub(crate) site: Arc<SiteConfig>,
    /// The unsubscribe secret and the daily budget.
    pub(crate) audience: Arc<Audience>,
    pub(crate) now: i64,
    pub(crate) mode: Mode,
    pub(crate) detail: Detail,
    pub(crate) message: bool,
}

/// The outcome of deciding some learners: the report's share and the rows to queue.
#[derive(Default)]
pub(crate) struct Part {
    pub(crate) report: Report,
    pub(crate) rows: Vec<NewRow>,
}

impl Decider {
    /// Starts deciding `block` on two threads; await the result when it is needed.
    pub(crate) fn start(&self, mut block: Vec<Learner>) -> Pending {
        let second = block.split_off(block.len() / 2);
        Pending {
            halves: [(block, &self.facts), (second, &self.second)].map(|(learners, facts)| {
                let (tx, rx) = tokio::sync::oneshot::channel();
                let decider = self.clone();
                let facts = Arc::clone(facts);
                std::thread::spawn(move || {
                    let _ = tx.send(decider.learners(&facts, learners));
                });
                rx
            }),
        }
    }

    /// Decides every occurrence of `learners`, weighs each learner's accepted mail against the
    /// daily budget, and renders what goes (unless dry run).
    pub(crate) fn learners(&self, facts: &Facts, learners: Vec<Learner>) -> Part {
        let mut part = Part::default();
        let site = &self.site.site;
        for learner in learners {
            let run = Run {
                now: self.now,
                site_tz: site.timezone,
                handled: &learner.handled,
                simulated: None,
                sent_at: Some(&learner.sent_at),
            };
            let courses: Vec<_> = learner
                .rows
                .into_iter()
                .filter_map(|row| facts.resolve(row))
                .collect();
            let mut decided: Vec<(usize, Decision)> = Vec::new();
            for (i, (course, catalogue, p)) in courses.iter().enumerate() {
                decided.extend(
                    decide(catalogue, course, p, run)
                        .into_iter()
                        .map(|d| (i, d)),
                );
            }
            if self.mode != Mode::MarkOnly {
                self.hold_over_budget(&courses, &learner.mailed, &mut decided);
            }
            for (i, d) in decided {
                part.report.record(&d, self.detail);
                let (course, catalogue, p) = &courses[i];
                // An e-mail the learner's Moodle preferences turn off still rings the bell.
                let outputs = match d.outcome {
                    _ if self.mode == Mode::DryRun => continue,
                    Outcome::Accepted => Outputs::Both,
                    Outcome::Trapped(Rule::EmailOff) if self.message => Outputs::MessageOnly,
                    Outcome::Trapped(_) => continue,
                };
                self.queue(&mut part, course, catalogue, p, &d, outputs);
            }
        }
        part
    }

    /// Traps the learner's accepted e-mails that the daily budget holds back (rules Y and G):
    /// their own copies only, across all their courses at once (see [`course_notification_engine::budget`]).
    fn hold_over_budget(
        &self,
        courses: &[(&Course, &Catalogue, Participation)],
        mailed: &MailLog,
        decided: &mut [(usize, Decision)],
    ) {
        // No limit: nothing to weigh, and no list built on this per-learner path.
        if !self.audience.budget.limits() {
            return;
        }
        let weighed: Vec<_> = decided
            .iter()
            .map(|(i, d)| {
                let (course, catalogue, p) = &courses[*i];
                (*course, *catalogue, p, d)
            })
            .collect();
        let verdicts =
            self.audience
                .budget
                .weigh(mailed, self.now, self.site.site.timezone, &weighed);
        for ((_, d), verdict) in decided.iter_mut().zip(verdicts) {
            if let Some(rule) = verdict {
                d.outcome = Outcome::Trapped(rule);
            }
        }
    }

    /// Renders decision `d` and queues its rows: the e-mail and, when the site hands messages
    /// to Moodle too, the copy for the bell and the mobile app.
    fn queue(
        &self,
        part: &mut Part,
        course: &Course,
        catalogue: &Catalogue,
        p: &Participation,
        d: &Decision,
        outputs: Outputs,
    ) {
        let site = &self.site.site;
        let Some(n) = catalogue.get(&d.occurrence.notification) else {
            return;
        };
        // The recipient: the learner, or the member of staff this copy goes to.
        let to = match d.occurrence.recipient {
            None => &*p.user,
            Some(id) => match course.staff.iter().find(|(_, u)| u.id == id) {
                Some((_, u)) => u,
                None => return,
            },
        };
        let occkey = d.occurrence.key().0;
        let m = match compose(
            &self.site,
            &self.audience,
            n,
            course,
            p,
            to,
            to.id,
            self.now,
        ) {
            Ok(m) => m,
            Err(e) => {
                part.report.failures.push(Failure {
                    occkey,
                    email: to.email.clone(),
                    error: e.to_string(),
                });
                return;
            }
        };
        let row = NewRow {
            message_id: message_id(&occkey, &self.site.host),
            occkey,
            notification: n.code.to_string(),
            course_id: course.id,
            user_id: p.user.id,
            repeat: d.occurrence.repeat,
            due: d.occurrence.due,
            priority: n.priority,
            output: "email",
            recipient_id: to.id,
            // Cut to the outbox's column sizes: one over-long name must not fail the batch it
            // is written in.
            recipient: to.email.clone(), // user.email is as wide
            recipient_name: truncate(
                format!("{} {}", to.firstname, to.lastname)
                    .trim()
                    .to_string(),
                255,
            ),
            mailformat: to.mailformat,
            lang: truncate(m.lang, 30),
            timezone: truncate(to.tz(site.timezone).name().to_string(), 100),
            subject: truncate(m.subject, 1333),
            text: m.text,
            html: m.html,
        };
        // The same message for the bell and the mobile app: its own row, so each output is
        // delivered (and recorded) once.
        if self.message {
            let occkey = format!("{}/message", row.occkey);
            part.rows.push(NewRow {
                occkey,
                output: "message",
                ..row.clone()
            });
        }
        if outputs == Outputs::Both {
            part.rows.push(row);
        }
    }
}

/// The message of notification `n` about learner `p` to `to` at `now`, as it is delivered: its
/// texts rendered in the recipient's language and the footer with the links of `link_user` (the
/// recipient; for a test send, the person it goes to instead). A run's queue and a preview both
/// write messages through it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn compose(
    site: &SiteConfig,
    audience: &Audience,
    n: &Notification,
    course: &Course,
    p: &Participation,
    to: &User,
    link_user: i64,
    now: i64,
) -> Result<texts::RenderedMessage, texts::RenderError> {
    let mut m = texts::render(n, &site.site, course, p, to, now)?;
    footer::append(
        &mut m,
        &links(site, audience, link_user, course.id, &n.code),
        n.essential,
    );
    Ok(m)
}

/// The footer's links for a message of notification `code` in `course_id` to `user_id`.
fn links(
    site: &SiteConfig,
    audience: &Audience,
    user_id: i64,
    course_id: i64,
    code: &str,
) -> footer::Links {
    let wwwroot = &site.site.wwwroot;
    footer::Links {
        preferences: format!("{wwwroot}{}", unsubscribe::PREFERENCES),
        unsubscribe: audience.secret.as_deref().map(|secret| {
            unsubscribe::url(wwwroot, secret, user_id, course_id, audience::topic(code))
        }),
    }
}

/// Which rows a decision queues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outputs {
    /// The e-mail, and the bell's copy when the site hands messages to Moodle.
    Both,
    /// Only the bell's copy (the learner turned e-mail off in Moodle's preferences).
    MessageOnly,
}

/// A block being decided.
pub(crate) struct Pending {
    halves: [tokio::sync::oneshot::Receiver<Part>; 2],
}

impl Pending {
    /// The block's decisions, the first half's before the second's.
    pub(crate) async fn finish(self) -> Result<Part, RunError> {
        let mut whole = Part::default();
        for half in self.halves {
            let part = half.await.map_err(|_| RunError::Internal {
                what: "deciding a block of learners failed (a worker thread stopped)".into(),
            })?;
            whole.report.absorb(part.report);
            whole.rows.extend(part.rows);
        }
        Ok(whole)
    }
}

/// `<firstassign.c12.u34.r0@learn.example.org>`: the same occurrence always has the same id, so a
/// message sent twice (the crash between the server's 250 and our commit) is recognisable.
fn message_id(occkey: &str, host: &str) -> String {
    format!("<{}@{}>", occkey.replace('/', "."), host)
}

/// Cuts `s` to at most `max` characters (the column's size), on a character boundary.
fn truncate(s: String, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((at, _)) => s[..at].to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_derive_from_the_occurrence() {
        assert_eq!(
            message_id("firstassign/c12/u34/r0", "m.example.org"),
            "<firstassign.c12.u34.r0@m.example.org>"
        );
    }

    #[test]
    fn truncation_respects_characters() {
        assert_eq!(truncate("ééé".into(), 2), "éé");
        assert_eq!(truncate("ab".into(), 5), "ab");
    }
}
