//! The effective notifications at a context (the site, a category, a course), for the pages that
//! show and edit them.

use std::time::Duration;

use course_notification_engine::catalogue::Catalogue;
use course_notification_engine::inherit::{effective, DefinitionError, Effective};
use course_notification_store::{path_contexts, Session, SiteReads, Store};

use crate::config::{Config, ConfigError};
use crate::deadline;
use crate::error::RunError;
use crate::stores::with_store;

/// The effective set and the definitions on its path that cannot apply.
type EffectiveSet = (Vec<Effective>, Vec<DefinitionError>);

/// The longest context path accepted: far deeper than any Moodle site's category tree, short
/// enough that a path typed into a URL cannot make a long query.
const MAX_PATH_DEPTH: usize = 64;

/// Where the path of the effective set comes from: a course (its context path is read in the same
/// session), or a context path the caller already has.
enum At<'a> {
    Course(i64),
    Path(&'a str),
}

/// The notifications that apply in course `course_id`, each field with where it came from, and
/// the definitions on its path that cannot apply; within `deadline` when one is given (a web page,
/// see [`crate::deadline`]).
pub async fn notifications(
    config: &Config,
    course_id: i64,
    deadline: Option<Duration>,
) -> Result<EffectiveSet, RunError> {
    if course_id <= 0 {
        return Err(ConfigError {
            setting: "courseid".into(),
            problem: format!("{course_id} is not a valid id"),
        }
        .into());
    }
    read(config, At::Course(course_id), deadline).await
}

/// The notifications that apply at the context whose Moodle context path is `path`: `/1` for the
/// site, `/1/3` for a category, `/1/3/15` for a course; as [`notifications`] gives them for a
/// course. A malformed path is refused before any connection.
pub async fn notifications_in(
    config: &Config,
    path: &str,
    deadline: Option<Duration>,
) -> Result<EffectiveSet, RunError> {
    check_path(path)?;
    read(config, At::Path(path), deadline).await
}

/// A context path as Moodle writes them: `/` followed by positive context ids separated by `/`.
fn check_path(path: &str) -> Result<(), ConfigError> {
    let refuse = |why: &str| ConfigError {
        setting: "contextpath".into(),
        problem: format!(
            "'{}' is not a context path ({why}); expected one like /1/3/15",
            path.chars().take(80).collect::<String>()
        ),
    };
    let Some(rest) = path.strip_prefix('/') else {
        return Err(refuse("it must start with /"));
    };
    let parts: Vec<&str> = rest.split('/').collect();
    if parts.len() > MAX_PATH_DEPTH {
        return Err(refuse("too deep"));
    }
    for part in parts {
        let valid = !part.is_empty()
            && part.len() <= 18
            && part.bytes().all(|b| b.is_ascii_digit())
            && part.parse::<i64>().is_ok_and(|id| id > 0);
        if !valid {
            return Err(refuse("every step must be a positive context id"));
        }
    }
    Ok(())
}

async fn read(
    config: &Config,
    at: At<'_>,
    deadline: Option<Duration>,
) -> Result<EffectiveSet, RunError> {
    let config = deadline::config_for(config, deadline);
    with_store!(config.db.kind, store => {
        deadline::within(deadline, read_effective(store, &config, &at)).await
    })
}

async fn read_effective<S: Store>(
    store: &S,
    config: &Config,
    at: &At<'_>,
) -> Result<EffectiveSet, RunError> {
    let mut session = store.open(&config.db, &config.tables).await?;
    let result = async {
        let path = match *at {
            At::Path(path) => path.to_string(),
            At::Course(course_id) => {
                session
                    .course_context_path(course_id)
                    .await?
                    .ok_or_else(|| {
                        RunError::from(ConfigError {
                            setting: "courseid".into(),
                            problem: format!("course {course_id} does not exist"),
                        })
                    })?
            }
        };
        let definitions = session.definitions(Some(&path_contexts(&path))).await?;
        Ok(effective(&Catalogue::builtin(), &definitions, &path))
    }
    .await;
    session.close().await;
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_paths_as_moodle_writes_them_pass() {
        for path in ["/1", "/1/3", "/1/3/15", "/1/30/31/4000000"] {
            assert!(check_path(path).is_ok(), "{path}");
        }
    }

    #[test]
    fn malformed_context_paths_are_refused_with_the_reason() {
        for (path, why) in [
            ("", "start with /"),
            ("1/3", "start with /"),
            ("/", "positive context id"),
            ("/1/", "positive context id"),
            ("/1//3", "positive context id"),
            ("/1/0", "positive context id"),
            ("/1/-3", "positive context id"),
            ("/1/+3", "positive context id"),
            ("/1/3a", "positive context id"),
            ("/1/ 3", "positive context id"),
            ("/1/99999999999999999999", "positive context id"),
            ("/1/٣", "positive context id"),
        ] {
            let e = check_path(path).unwrap_err();
            assert_eq!(e.setting, "contextpath");
            assert!(e.problem.contains(why), "{path}: {}", e.problem);
        }
        let deep = "/1".repeat(MAX_PATH_DEPTH + 1);
        assert!(check_path(&deep).unwrap_err().problem.contains("too deep"));
        let long = format!("/{}", "x".repeat(10_000));
        assert!(check_path(&long).unwrap_err().problem.len() < 300);
    }
}
