//! The decisions about one block of learners, taken on two worker threads while the main thread
//! reads the next block: deciding is pure CPU work (about 0.9 µs per occurrence), reading is the
//! database's, so the two overlap instead of taking turns.
//!
//! The workers see only plain data (the facts, the block, the site) and give back the block's
//! report and outbox rows; the halves are merged in order, so a run's report is the same as if
//! one thread had decided everything. A worker that panics becomes an error of the run, never a
//! panic in PHP's thread.

use std::sync::Arc;

use course_notification_engine::decide::{decide, Outcome, Run};
use course_notification_engine::texts;
use course_notification_store::{Learner, NewRow};

use crate::config::{Detail, Mode, SiteConfig};
use crate::error::RunError;
use crate::report::{Failure, Report};
use crate::run::Facts;

/// What the workers need to decide and render, shared with them.
#[derive(Clone)]
pub(crate) struct Decider {
    pub(crate) facts: Arc<Facts>,
    /// The same facts with codes of their own, for the second thread (see
    /// [`Facts::for_another_thread`]).
    pub(crate) second: Arc<Facts>,
    pub(crate) site: Arc<SiteConfig>,
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

    /// Decides every occurrence of `learners`, renders the accepted ones (unless dry run).
    fn learners(&self, facts: &Facts, learners: Vec<Learner>) -> Part {
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
            for row in learner.rows {
                let Some((course, catalogue, p)) = facts.resolve(row) else {
                    continue;
                };
                for d in decide(catalogue, course, &p, run) {
                    part.report.record(&d, self.detail);
                    if d.outcome != Outcome::Accepted || self.mode == Mode::DryRun {
                        continue;
                    }
                    let Some(n) = catalogue.get(&d.occurrence.notification) else {
                        continue;
                    };
                    // The recipient: the learner, or the member of staff this copy goes to.
                    let to = match d.occurrence.recipient {
                        None => &*p.user,
                        Some(id) => match course.staff.iter().find(|(_, u)| u.id == id) {
                            Some((_, u)) => u,
                            None => continue,
                        },
                    };
                    let occkey = d.occurrence.key().0;
                    match texts::render(n, site, course, &p, to, self.now) {
                        Ok(m) => {
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
                                // Cut to the outbox's column sizes: one over-long name must not
                                // fail the batch it is written in.
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
                            // The same message for the bell and the mobile app: its own row, so
                            // each output is delivered (and recorded) once.
                            if self.message {
                                let occkey = format!("{}/message", row.occkey);
                                part.rows.push(NewRow {
                                    occkey,
                                    output: "message",
                                    ..row.clone()
                                });
                            }
                            part.rows.push(row);
                        }
                        Err(e) => part.report.failures.push(Failure {
                            occkey,
                            email: to.email.clone(),
                            error: e.to_string(),
                        }),
                    }
                }
            }
        }
        part
    }
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
