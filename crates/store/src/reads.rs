//! What a run costs the database: the rows its statements fetched and the connections it opened.
//!
//! A run narrowed to some users or courses (a web page, the ad-hoc task after an event) must read
//! a number of rows that does not grow with the site, and use one connection: these counts show
//! it. They are carried by the run's future (a task-local), so that every statement of the
//! adapter adds to the run that made it without a counter threaded through each reader, and two
//! runs at once (threads, tests in parallel) never add to each other's.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};

tokio::task_local! {
    static TALLY: Tally;
}

/// The counts of one run so far.
#[derive(Debug, Default)]
struct Tally {
    rows: AtomicU64,
    connections: AtomicU64,
}

/// What one run read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reads {
    /// Rows fetched by the run's statements.
    pub rows: u64,
    /// Database connections opened.
    pub connections: u64,
}

/// Runs `run`, counting the rows its statements fetch and the connections it opens.
pub async fn counted<F: Future>(run: F) -> (F::Output, Reads) {
    TALLY
        .scope(Tally::default(), async {
            let out = run.await;
            let reads = TALLY.with(|t| Reads {
                rows: t.rows.load(Ordering::Relaxed),
                connections: t.connections.load(Ordering::Relaxed),
            });
            (out, reads)
        })
        .await
}

/// Adds `n` fetched rows to the current run (nothing outside [`counted`]); every adapter calls it
/// for the rows its statements fetch.
pub fn rows(n: usize) {
    let _ = TALLY.try_with(|t| t.rows.fetch_add(n as u64, Ordering::Relaxed));
}

/// Adds an opened connection to the current run (nothing outside [`counted`]); every adapter
/// calls it for each connection it opens.
pub fn connection() {
    let _ = TALLY.try_with(|t| t.connections.fetch_add(1, Ordering::Relaxed));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn each_run_counts_its_own_reads() {
        let (_, outside) = counted(async {}).await;
        assert_eq!(outside, Reads::default());
        rows(5); // outside any run: counted nowhere
        let ((_, inner), outer) = counted(async {
            rows(2);
            connection();
            counted(async { rows(7) }).await
        })
        .await;
        assert_eq!(
            (inner.rows, outer.rows, outer.connections),
            (7, 2, 1),
            "a nested run counts apart"
        );
    }
}
