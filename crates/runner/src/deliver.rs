//! Delivering what the outbox holds, up to the per-run cap.

use course_notification_engine::time;
use std::cell::Cell;

use course_notification_mailer::{Mailer, Outgoing, SendError};
use course_notification_store::{Claimed, Outbox, CLAIM_PAGE};
use futures_util::future::{join_all, FutureExt};
use tokio::sync::{mpsc, oneshot};

use crate::config::{Config, RunOptions};
use crate::digest;
use crate::error::RunError;
use crate::report::{Failure, Report};

/// A token unique to this run, so that its claimed rows are its own.
fn run_token(now: i64) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "{}-{}-{}-{}",
        std::process::id(),
        now,
        nanos,
        SEQ.fetch_add(1, Ordering::Relaxed)
    )
}

/// The message as `email_to_user()` would send it now: diverted when `divertallemailsto` says so
/// (to the divert address, the original address in the subject, the recipient's name kept), the
/// subject prefixed with `emailsubjectprefix`, the envelope sender Moodle's bounce address with
/// `handlebounces` (made from the address the message goes to: Moodle diverts first); with the
/// site's unsubscribe secret, the one-click unsubscribe link of its recipient, course and topic.
fn outgoing(config: &Config, sender: &str, row: &Claimed) -> Outgoing {
    let mail = &config.mail;
    let divert = mail
        .divert
        .as_ref()
        .filter(|d| d.applies_to(&row.recipient));
    let to_address = divert.map_or_else(|| row.recipient.clone(), |d| d.to.clone());
    let m = Outgoing {
        from_name: config.site.site.fullname.clone(),
        from_address: sender.to_string(),
        to_name: row.recipient_name.clone(),
        envelope_from: mail.envelope_sender(row.recipient_id, &to_address),
        to_address,
        subject: mail.subject(&row.recipient, divert.is_some(), &row.subject),
        text: row.text.clone(),
        html: (row.mailformat != 0).then(|| row.html.clone()),
        message_id: row.message_id.clone(),
        unsubscribe: unsubscribe_link(config, row),
    };
    // Signing is the dearest part of a signed message: it starts now, on worker threads, while
    // the connections send the messages before it (the mailer's ahead.rs).
    mail.dressing.prepare(&m);
    m
}

/// The link that stops this kind of mail from this course for this recipient (the recipient of
/// the row: a member of staff who gets a copy unsubscribes themselves, not the learner). `None`
/// without a secret: no link can be signed, so the message carries no unsubscribe headers.
fn unsubscribe_link(config: &Config, row: &Claimed) -> Option<String> {
    let secret = config.audience.secret.as_deref()?;
    Some(crate::unsubscribe::url(
        &config.site.site.wwwroot,
        secret,
        row.recipient_id,
        row.course_id,
        course_notification_engine::audience::topic(&row.notification),
    ))
}

/// Sends `claimed` over `mailers` at once (each connection takes the next message when it is free)
/// and records each outcome as it arrives, on the run's one database session. One connection's
/// sending overlaps the others' recording, never its own (see the acknowledgement below).
#[allow(clippy::too_many_arguments)]
async fn send_all<S: Outbox>(
    session: &mut S,
    config: &Config,
    sender: &str,
    options: &RunOptions,
    token: &str,
    claimed: &[Claimed],
    mailers: &mut [Mailer],
    report: &mut Report,
) -> Result<(), RunError> {
    // What goes out: a mail per row, or with digests a mail per recipient listing their rows.
    let groups = groups(claimed, config.audience.budget.digest);
    let messages: Vec<Outgoing> = groups
        .iter()
        .map(|rows| match rows.as_slice() {
            [one] => outgoing(config, sender, &claimed[*one]),
            many => outgoing(config, sender, &digest_row(config, claimed, many)),
        })
        .collect();
    let next = Cell::new(0usize);
    // The next message to send, for whichever connection asks first.
    let take = || {
        let i = next.get();
        (i < messages.len()).then(|| {
            next.set(i + 1);
            i
        })
    };
    // Each connection has its attempt counted before sending (so a message whose sending kills
    // the process is not retried forever), then hands its outcome over, and waits for each
    // acknowledgement: it sends its next message only once the previous one is committed, so at
    // any instant at most one message per connection has been accepted by the server without
    // being recorded (a crash then can duplicate at most that many). The attempt of a
    // connection's first message is a step of its own; each outcome carries the connection's
    // next message (taken before handing it over), whose attempt the same statement counts: one
    // statement per message, the attempt still committed before its send.
    enum Step {
        Trying(usize),
        Outcome(usize, Result<(), SendError>, Option<usize>),
    }
    let (tx, rx) = mpsc::unbounded_channel::<(Step, oneshot::Sender<()>)>();
    // Hands `step` to the recorder and waits until it is committed; false when recording stopped.
    let commit = |tx: &mpsc::UnboundedSender<(Step, oneshot::Sender<()>)>, step: Step| {
        let (ack, committed) = oneshot::channel();
        let handed = tx.send((step, ack)).is_ok();
        async move { handed && committed.await.is_ok() }
    };
    let senders: Vec<_> = mailers
        .iter_mut()
        .map(|mailer| {
            let (tx, take, messages) = (tx.clone(), &take, &messages);
            async move {
                let Some(mut i) = take() else {
                    return;
                };
                // Recording stopped (a database error) or did not commit: stop sending too (a
                // message taken but not tried stays claimed, for recovery, its attempt unused).
                if !commit(&tx, Step::Trying(i)).await {
                    return;
                }
                loop {
                    let result = mailer.send(&messages[i]).await;
                    let following = take();
                    if !commit(&tx, Step::Outcome(i, result, following)).await {
                        return;
                    }
                    match following {
                        Some(j) => i = j,
                        None => return,
                    }
                }
            }
        })
        .collect();
    drop(tx);
    // The recorder owns the receiving end: when it stops on an error, dropping it drops every
    // step still queued with its acknowledgement, so each connection waiting for one (or about
    // to hand one over) sees the recording gone and stops, and the run returns the error instead
    // of waiting forever for acknowledgements nobody will send.
    let record = async move {
        let mut rx = rx;
        while let Some((step, ack)) = rx.recv().await {
            // A mail's rows are recorded one by one; the last one's statement also counts the
            // attempt of the connection's next mail's first row, and the others of that mail are
            // counted right after, all before it is sent.
            let (rows, result, following) = match step {
                Step::Trying(g) => {
                    for &i in &groups[g] {
                        session
                            .mark_trying(claimed[i].id, token, options.now)
                            .await?;
                    }
                    let _ = ack.send(());
                    continue;
                }
                Step::Outcome(g, result, following) => (&groups[g], result, following),
            };
            let next_rows: &[usize] = following.map_or(&[], |f| &groups[f]);
            for (k, &i) in rows.iter().enumerate() {
                let row = &claimed[i];
                let next = (k + 1 == rows.len())
                    .then(|| next_rows.first().map(|&j| claimed[j].id))
                    .flatten();
                match &result {
                    Ok(()) => {
                        session.mark_sent(row.id, next, token, options.now).await?;
                        report.counts.sent += 1;
                    }
                    Err(e) => {
                        let error = e.to_string();
                        let (permanent, now) = (e.permanent, options.now);
                        session
                            .mark_failed(row, next, token, &error, permanent, now)
                            .await?;
                        report.counts.failed += 1;
                        report.failures.push(Failure {
                            occkey: row.occkey.clone(),
                            email: row.recipient.clone(),
                            error,
                        });
                    }
                }
            }
            for &j in next_rows.iter().skip(1) {
                session
                    .mark_trying(claimed[j].id, token, options.now)
                    .await?;
            }
            let _ = ack.send(());
        }
        Ok::<(), RunError>(())
    };
    let ((), recorded) = tokio::join!(join_all(senders).map(|_| ()), record);
    recorded
}

/// The rows of `claimed` each mail carries, in claim order: one row a mail, or with `digest` all
/// of a recipient's rows in one mail (placed where their first row was). A digest gathers what one
/// page of the claim holds for the recipient; a page is a thousand rows in priority order, so a
/// learner's messages of one run are almost always on the same page.
fn groups(claimed: &[Claimed], digest: bool) -> Vec<Vec<usize>> {
    if !digest {
        return (0..claimed.len()).map(|i| vec![i]).collect();
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut at: std::collections::HashMap<(i64, &str), usize> = std::collections::HashMap::new();
    for (i, row) in claimed.iter().enumerate() {
        let key = (row.recipient_id, row.recipient.as_str());
        match at.get(&key) {
            Some(&g) => groups[g].push(i),
            None => {
                at.insert(key, groups.len());
                groups.push(vec![i]);
            }
        }
    }
    groups
}

/// One claimed row standing for the digest of `rows`: the first row's recipient, the digest's
/// subject and bodies in its language, a Message-ID derived from the first row's (the same digest
/// sent again after a crash is recognisable), and, for the unsubscribe link, the course they all
/// share (or every course) and every topic.
fn digest_row(config: &Config, claimed: &[Claimed], rows: &[usize]) -> Claimed {
    let first = &claimed[rows[0]];
    let items: Vec<digest::Item> = rows
        .iter()
        .map(|&i| {
            let r = &claimed[i];
            digest::Item {
                subject: &r.subject,
                text: &r.text,
                html: &r.html,
                course_id: r.course_id,
            }
        })
        .collect();
    let site = &config.site.site;
    let d = digest::compose(&items, &first.lang, &site.fullname, &site.wwwroot);
    let same_course = rows
        .iter()
        .all(|&i| claimed[i].course_id == first.course_id);
    Claimed {
        subject: d.subject,
        text: d.text,
        html: d.html,
        message_id: format!("<digest.{}", first.message_id.trim_start_matches('<')),
        course_id: if same_course { first.course_id } else { 0 },
        notification: course_notification_engine::audience::ALL.to_string(),
        ..first.clone()
    }
}

/// Sends what the run claimed, one page of [`CLAIM_PAGE`] rows at a time over the same
/// connections, so that a large cap never holds every body in memory at once.
async fn send_pages<S: Outbox>(
    session: &mut S,
    config: &Config,
    sender: &str,
    options: &RunOptions,
    token: &str,
    mailers: &mut [Mailer],
    report: &mut Report,
) -> Result<(), RunError> {
    let mut after = None;
    loop {
        let page = session.claimed_page(token, after, CLAIM_PAGE).await?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = Some(last.position);
        send_all(
            session, config, sender, options, token, &page, mailers, report,
        )
        .await?;
        // As Moodle's set_send_count(): the bounce ratio counts these messages too.
        let ids: Vec<i64> = page.iter().map(|row| row.id).collect();
        session.count_sends(&ids).await?;
    }
}

/// Claims up to `options.cap` pending messages in scope and sends them, recording each outcome.
/// Messages the cap holds back stay pending and are counted as deferred.
pub(crate) async fn deliver<S: Outbox>(
    session: &mut S,
    config: &Config,
    options: &RunOptions,
    report: &mut Report,
) -> Result<(), RunError> {
    // $CFG->noemailever: nothing leaves, nothing is claimed; what was decided waits in the outbox.
    if config.mail.off {
        let waiting = session.count_pending(&options.scope, None).await?;
        report.counts.deferred = waiting;
        report.mail_off = Some(format!(
            "e-mail is off for this site ($CFG->noemailever): nothing was sent; {waiting} message(s) \
             wait in the outbox"
        ));
        return Ok(());
    }
    // No sender Moodle would use (From, or the bounce address of handlebounces): nothing is
    // claimed either, and the run says which setting to fix.
    let usable = config
        .site
        .noreply
        .as_ref()
        .and_then(|s| config.mail.bounces.as_ref().map(|_| s));
    let sender = match usable {
        Ok(sender) => sender.as_str(),
        Err(problem) => {
            let waiting = session.count_pending(&options.scope, None).await?;
            report.counts.deferred = waiting;
            if waiting == 0 {
                return Ok(());
            }
            return Err(RunError::NoSender {
                problem: problem.clone(),
                waiting,
            });
        }
    };
    let token = run_token(options.now);
    // With a send window, only the recipients whose day it now is; the others wait their turn.
    let (open, closed) = match options.window {
        None => (None, None),
        Some(window) => {
            let site_tz = config.site.site.timezone;
            let (open, closed): (Vec<String>, Vec<String>) = session
                .pending_timezones(&options.scope, options.now)
                .await?
                .into_iter()
                .partition(|tz| window.open_at(options.now, time::resolve(tz, site_tz)));
            (Some(open), Some(closed))
        }
    };
    let claimed = session
        .claim(
            &options.scope,
            &token,
            options.cap,
            options.now,
            open.as_deref(),
        )
        .await?;
    if claimed > 0 {
        let claimed = usize::try_from(claimed).unwrap_or(usize::MAX);
        let Some(transport) = config.transport() else {
            let e = RunError::NoSmtp { waiting: claimed };
            session.release(&token, &e.to_string(), options.now).await?;
            return Err(e);
        };
        let dressing = &config.mail.dressing;
        let first = match Mailer::connect(&transport, dressing).await {
            Ok(m) => m,
            Err(e) => {
                session.release(&token, &e.to_string(), options.now).await?;
                return Err(RunError::Smtp(e));
            }
        };
        // More connections when asked for (a server that refuses one more just gets fewer).
        let wanted = (options.connections as usize).clamp(1, claimed);
        let mut mailers = vec![first];
        while mailers.len() < wanted {
            match Mailer::connect(&transport, dressing).await {
                Ok(m) => mailers.push(m),
                Err(_) => break,
            }
        }
        let sent = send_pages(
            session,
            config,
            sender,
            options,
            &token,
            &mut mailers,
            report,
        )
        .await;
        join_all(mailers.into_iter().map(Mailer::quit)).await;
        sent?;
    }
    report.counts.deferred = session.count_pending(&options.scope, None).await?;
    if let Some(closed) = &closed {
        report.counts.outside_window = session.count_pending(&options.scope, Some(closed)).await?;
    }
    Ok(())
}
