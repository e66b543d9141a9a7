//! Delivering what the outbox holds, up to the per-run cap.

use course_notification_engine::time;
use course_notification_mailer::{Mailer, Outgoing};
use course_notification_moodle_db::outbox::{self, Claimed};
use mysql_async::Conn;

use crate::config::{Config, RunOptions};
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

fn outgoing(config: &Config, row: &Claimed) -> Outgoing {
    Outgoing {
        from_name: config.site.site.fullname.clone(),
        from_address: config.site.noreply.clone(),
        to_name: row.recipient_name.clone(),
        to_address: row.recipient.clone(),
        subject: row.subject.clone(),
        text: row.text.clone(),
        html: (row.mailformat != 0).then(|| row.html.clone()),
        message_id: row.message_id.clone(),
    }
}

/// Claims up to `options.cap` pending messages in scope and sends them, recording each outcome.
/// Messages the cap holds back stay pending and are counted as deferred.
pub(crate) async fn deliver(
    conn: &mut Conn,
    config: &Config,
    options: &RunOptions,
    report: &mut Report,
) -> Result<(), RunError> {
    let tables = &config.tables;
    let token = run_token(options.now);
    // With a send window, only the recipients whose day it now is; the others wait their turn.
    let (open, closed) = match options.window {
        None => (None, None),
        Some(window) => {
            let site_tz = config.site.site.timezone;
            let (open, closed): (Vec<String>, Vec<String>) =
                outbox::pending_timezones(conn, tables, &options.scope, options.now)
                    .await?
                    .into_iter()
                    .partition(|tz| window.open_at(options.now, time::resolve(tz, site_tz)));
            (Some(open), Some(closed))
        }
    };
    let claimed = outbox::claim(
        conn,
        tables,
        &options.scope,
        &token,
        options.cap,
        options.now,
        open.as_deref(),
    )
    .await?;
    if !claimed.is_empty() {
        let Some(smtp) = &config.smtp else {
            let e = RunError::NoSmtp {
                waiting: claimed.len(),
            };
            outbox::release(conn, tables, &token, &e.to_string(), options.now).await?;
            return Err(e);
        };
        let mut mailer = match Mailer::connect(smtp).await {
            Ok(m) => m,
            Err(e) => {
                outbox::release(conn, tables, &token, &e.to_string(), options.now).await?;
                return Err(RunError::Smtp(e));
            }
        };
        for row in &claimed {
            match mailer.send(&outgoing(config, row)).await {
                Ok(()) => {
                    outbox::mark_sent(conn, tables, row.id, &token, options.now).await?;
                    report.counts.sent += 1;
                }
                Err(e) => {
                    let error = e.to_string();
                    outbox::mark_failed(
                        conn,
                        tables,
                        row,
                        &token,
                        &error,
                        e.permanent,
                        options.now,
                    )
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
        mailer.quit().await;
    }
    report.counts.deferred = outbox::count_pending(conn, tables, &options.scope, None).await?;
    if let Some(closed) = &closed {
        report.counts.outside_window =
            outbox::count_pending(conn, tables, &options.scope, Some(closed)).await?;
    }
    Ok(())
}
