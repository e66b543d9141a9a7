//! A course's effective notifications, for the pages that show and edit them.

use std::time::Duration;

use course_notification_engine::catalogue::Catalogue;
use course_notification_engine::inherit::{effective, DefinitionError, Effective};
use course_notification_store::{path_contexts, Session, SiteReads, Store};

use crate::config::{Config, ConfigError};
use crate::deadline;
use crate::error::RunError;
use crate::stores::with_store;

/// The notifications that apply in course `course_id`, each field with where it came from, and
/// the definitions on its path that cannot apply; within `deadline` when one is given (a web page,
/// see [`crate::deadline`]).
pub async fn notifications(
    config: &Config,
    course_id: i64,
    deadline: Option<Duration>,
) -> Result<(Vec<Effective>, Vec<DefinitionError>), RunError> {
    if course_id <= 0 {
        return Err(ConfigError {
            setting: "courseid".into(),
            problem: format!("{course_id} is not a valid id"),
        }
        .into());
    }
    let config = deadline::config_for(config, deadline);
    with_store!(config.db.kind, store => {
        deadline::within(deadline, read_effective(store, &config, course_id)).await
    })
}

async fn read_effective<S: Store>(
    store: &S,
    config: &Config,
    course_id: i64,
) -> Result<(Vec<Effective>, Vec<DefinitionError>), RunError> {
    let mut session = store.open(&config.db, &config.tables).await?;
    let result = async {
        let path = session
            .course_context_path(course_id)
            .await?
            .ok_or_else(|| {
                RunError::from(ConfigError {
                    setting: "courseid".into(),
                    problem: format!("course {course_id} does not exist"),
                })
            })?;
        let definitions = session.definitions(Some(&path_contexts(&path))).await?;
        Ok(effective(&Catalogue::builtin(), &definitions, &path))
    }
    .await;
    session.close().await;
    result
}
