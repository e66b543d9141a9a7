//! The store of the site's database: the one place the runner names its adapters.

/// Evaluates `$body` with `$store` bound to the store of database kind `$kind` (a
/// `course_notification_store::DbKind`): each arm is its own monomorphised call, so the runner
/// stays generic over [`Store`](course_notification_store::Store) with no `dyn`.
macro_rules! with_store {
    ($kind:expr, $store:ident => $body:expr) => {
        match $kind {
            course_notification_store::DbKind::Mysql => {
                let $store = &course_notification_moodle_db::Mysql;
                $body
            }
            course_notification_store::DbKind::Postgres => {
                let $store = &course_notification_moodle_pg::Postgres;
                $body
            }
        }
    };
}

pub(crate) use with_store;
