//! Signing ahead of sending. A delivery sends on each connection in turn (send, then wait until
//! the outcome is committed, then the next), so a signature made just before its send adds its
//! whole time to every message: about 0.7 to 2 ms for a 2048-bit key here, more than the send and
//! the commit together. The run knows its messages a page in advance, so it hands each one over
//! here as soon as it is made ([`Dressing::prepare`]); worker threads (as many as the machine has
//! cores, at most four) render and sign them in that order while the connections send, and
//! [`Dressing::rendered`] takes a message's result when its turn comes: it is the same bytes, only
//! made earlier. A message not prepared, or not started yet when its turn comes, is rendered
//! there and then, as before; nothing waits on a worker that has not begun.
//!
//! The workers are plain threads that end as soon as there is nothing left to sign: none outlives
//! the delivery that started it (so none is inherited by a process php-fpm forks later).

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::oneshot;

use crate::dressing::Dressing;
use crate::error::SendError;
use crate::message::{render, Outgoing, Rendered};

/// Messages prepared and not taken yet, at most: a run whose sending stopped early (a database
/// error) leaves its prepared messages behind, and they must not pile up.
const MAX_WAITING: usize = 4096;

const QUEUED: u8 = 0;
const STARTED: u8 = 1;
const TAKEN_BACK: u8 = 2;

type Outcome = (Outgoing, Result<Rendered, SendError>);

struct Job {
    message: Outgoing,
    state: Arc<AtomicU8>,
    done: oneshot::Sender<Outcome>,
}

struct Waiting {
    state: Arc<AtomicU8>,
    done: oneshot::Receiver<Outcome>,
}

#[derive(Default)]
struct State {
    queue: VecDeque<Job>,
    /// By Message-ID.
    waiting: HashMap<String, Waiting>,
    workers: usize,
}

/// The queue of messages to sign ahead, one per key, shared by every clone of the [`Dressing`].
#[derive(Default)]
pub(crate) struct Ahead {
    state: Mutex<State>,
}

fn max_workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

impl Dressing {
    /// Starts rendering and signing `m` on a worker thread, for [`Mailer::send`] to take when its
    /// turn comes. Does nothing when the site does not sign (rendering alone takes microseconds).
    ///
    /// [`Mailer::send`]: crate::Mailer::send
    pub fn prepare(&self, m: &Outgoing) {
        let Some(dkim) = &self.dkim else {
            return;
        };
        let Ok(mut state) = dkim.ahead.state.lock() else {
            return;
        };
        if state.waiting.len() >= MAX_WAITING {
            return;
        }
        let (done, receiver) = oneshot::channel();
        let flag = Arc::new(AtomicU8::new(QUEUED));
        state.waiting.insert(
            m.message_id.clone(),
            Waiting {
                state: flag.clone(),
                done: receiver,
            },
        );
        state.queue.push_back(Job {
            message: m.clone(),
            state: flag,
            done,
        });
        if state.workers < max_workers() {
            let dressing = self.clone();
            let started = std::thread::Builder::new()
                .name("cn-dkim".into())
                .spawn(move || dressing.work());
            // No thread to be had: the messages are rendered when sent, as without this.
            if started.is_ok() {
                state.workers += 1;
            }
        }
    }

    /// A worker: signs what is queued, in order, and ends when nothing is.
    fn work(&self) {
        let Some(dkim) = &self.dkim else {
            return;
        };
        loop {
            let job = {
                let Ok(mut state) = dkim.ahead.state.lock() else {
                    return;
                };
                match state.queue.pop_front() {
                    Some(job) => job,
                    None => {
                        state.workers -= 1;
                        return;
                    }
                }
            };
            // Taken back by its sender meanwhile: nothing to do.
            if job
                .state
                .compare_exchange(QUEUED, STARTED, Ordering::AcqRel, Ordering::Acquire)
                .is_err()
            {
                continue;
            }
            let rendered = render(&job.message, self);
            let _ = job.done.send((job.message, rendered));
        }
    }

    /// `m` as it goes on the wire: the result of [`Dressing::prepare`] when a worker has it or is
    /// making it (and it was made from this very message), rendered here otherwise.
    pub(crate) async fn rendered(&self, m: &Outgoing) -> Result<Rendered, SendError> {
        let waiting = self.dkim.as_ref().and_then(|dkim| {
            let mut state = dkim.ahead.state.lock().ok()?;
            state.waiting.remove(&m.message_id)
        });
        if let Some(w) = waiting {
            let started = w
                .state
                .compare_exchange(QUEUED, TAKEN_BACK, Ordering::AcqRel, Ordering::Acquire)
                .is_err();
            if started {
                if let Ok((prepared, result)) = w.done.await {
                    if prepared == *m {
                        return result;
                    }
                }
            }
        }
        render(m, self)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::dressing::dkim_from_pem;

    fn signing() -> Dressing {
        let dir = std::env::temp_dir().join(format!("cn-ahead-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("k.private");
        let out = std::process::Command::new("openssl")
            .args(["genrsa", "-out", path.to_str().unwrap(), "2048"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let pem = std::fs::read_to_string(&path).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        Dressing {
            dkim: Some(Arc::new(dkim_from_pem("s", "example.org", &pem).unwrap())),
            ..Dressing::default()
        }
    }

    fn message(i: usize) -> Outgoing {
        Outgoing {
            from_name: "Learn".into(),
            from_address: "noreply@example.org".into(),
            to_name: format!("Learner {i}"),
            to_address: format!("l{i}@example.org"),
            subject: format!("Welcome {i}"),
            text: "Hello".into(),
            html: None,
            message_id: format!("<firstassign.c1.u{i}.r0@example.org>"),
            envelope_from: None,
            unsubscribe: None,
        }
    }

    /// The bytes after the signature header (its t= may differ by a second).
    fn unsigned_part(r: &Rendered) -> Vec<u8> {
        let text = String::from_utf8(r.bytes.clone()).unwrap();
        assert!(text.starts_with("DKIM-Signature: "), "{text}");
        let end = text.find("\r\nFrom: ").unwrap_or(0);
        // The Date header is the clock's when each was rendered: on a loaded machine the two renders
        // may fall in different seconds, so it is left out of the comparison.
        text[end + 2..]
            .split("\r\n")
            .filter(|line| !line.starts_with("Date: "))
            .collect::<Vec<_>>()
            .join("\r\n")
            .into_bytes()
    }

    /// What is signed ahead is what would have been signed in turn; a message changed after it
    /// was prepared is rendered as it is now; the workers end when nothing is left.
    #[tokio::test]
    async fn what_is_signed_ahead_is_what_is_sent() {
        let dressing = signing();
        let messages: Vec<Outgoing> = (0..20).map(message).collect();
        for m in &messages {
            dressing.prepare(m);
        }
        let mut changed = messages[7].clone();
        changed.subject = "Changed after it was prepared".into();
        for (i, m) in messages.iter().enumerate() {
            let m = if i == 7 { &changed } else { m };
            let ahead = dressing.rendered(m).await.unwrap();
            let now = render(m, &dressing).unwrap();
            assert_eq!(unsigned_part(&ahead), unsigned_part(&now), "{i}");
            assert_eq!(ahead.envelope, now.envelope);
        }
        let text = String::from_utf8(dressing.rendered(&changed).await.unwrap().bytes).unwrap();
        assert!(text.contains("Changed after it was prepared"));
        // A message never prepared is rendered in turn.
        assert!(dressing.rendered(&message(99)).await.is_ok());
        let ahead = &dressing.dkim.as_ref().unwrap().ahead;
        for _ in 0..200 {
            if ahead.state.lock().unwrap().workers == 0 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let state = ahead.state.lock().unwrap();
        assert_eq!((state.workers, state.waiting.len()), (0, 0));
    }

    #[tokio::test]
    async fn without_a_key_nothing_is_queued() {
        let dressing = Dressing::default();
        dressing.prepare(&message(1));
        assert!(dressing.rendered(&message(1)).await.is_ok());
    }
}
