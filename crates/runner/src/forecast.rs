//! The forecast of the coming days, read from the same facts as a run, writing nothing.

use course_notification_engine::forecast::{days, Day, Learner, Tally};
use course_notification_store::{LearnerStream, Session, Store};

use crate::config::{Config, ForecastOptions};
use crate::deadline;
use crate::error::RunError;
use crate::run::read_facts;
use crate::stores::with_store;

/// How many messages each notification will send on each of the next `options.days` days, per
/// course, and how many the per-run cap will push back. Nothing is written, nothing is sent.
/// `options.deadline` bounds it as it bounds a run (see [`crate::deadline`]).
pub async fn forecast(config: &Config, options: &ForecastOptions) -> Result<Vec<Day>, RunError> {
    let config = deadline::config_for(config, options.deadline);
    with_store!(config.db.kind, store => {
        deadline::within(options.deadline, unbounded(store, &config, options)).await
    })
}

async fn unbounded<S: Store>(
    store: &S,
    config: &Config,
    options: &ForecastOptions,
) -> Result<Vec<Day>, RunError> {
    let mut session = store.open(&config.db, &config.tables).await?;
    let result = async {
        let site_tz = config.site.site.timezone;
        let facts = read_facts(&mut session, config, &options.scope).await?;
        let mut tally = Tally::default();
        let mut reader = facts
            .learners(&mut session, &options.scope, options.now)
            .await?;
        while let Some(block) = reader.next_block(&mut session).await? {
            for learner in block {
                let resolved: Vec<_> = learner
                    .rows
                    .into_iter()
                    .filter_map(|row| facts.resolve(row))
                    .collect();
                let courses: Vec<_> = resolved.iter().map(|(c, n, p)| (*c, *n, p)).collect();
                let who = Learner {
                    courses: &courses,
                    handled: &learner.handled,
                    sent_at: Some(&learner.sent_at),
                    mailed: &learner.mailed,
                };
                tally.add_learner(
                    &who,
                    &config.audience.budget,
                    site_tz,
                    options.now,
                    options.days,
                );
            }
        }
        reader.close().await;
        Ok(days(
            &tally,
            options.now,
            options.days,
            site_tz,
            u64::from(options.cap),
            u64::from(options.runs_per_day),
        ))
    }
    .await;
    session.close().await;
    result
}
