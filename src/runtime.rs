//! The Tokio runtime that drives the async adapters, one per PHP process, created on first use.
//!
//! Why lazily and per process: php-fpm loads extensions in its master process and then forks the
//! workers. A runtime (or a pool, or a socket) created before the fork would be shared by every
//! worker: a multi-thread runtime's workers do not survive `fork()` (calls hang), and a
//! current-thread one shares one epoll descriptor between processes (one worker steals another's
//! events). So nothing is created in MINIT; the first call in a process builds a current-thread
//! runtime (no extra threads, `block_on` on the PHP thread), and the stored pid detects a forked
//! child, which builds its own and *forgets* the inherited one: dropping it would close or write to
//! sockets that belong to the parent.

use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

use tokio::runtime::{Builder, Runtime};

static RUNTIME: Mutex<Option<(u32, Runtime)>> = Mutex::new(None);

/// Runs `future` to completion on this process's runtime.
pub fn block_on<F: Future>(future: F) -> Result<F::Output, String> {
    // A panic while the lock was held poisons it; the runtime itself is still usable.
    let mut slot = RUNTIME.lock().unwrap_or_else(|p| p.into_inner());
    let pid = std::process::id();
    if slot.as_ref().is_some_and(|(owner, _)| *owner != pid) {
        if let Some(inherited) = slot.take() {
            std::mem::forget(inherited);
        }
    }
    if slot.is_none() {
        let rt = Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the async runtime: {e}"))?;
        *slot = Some((pid, rt));
    }
    match slot.as_ref() {
        Some((_, rt)) => Ok(rt.block_on(future)),
        None => Err("the async runtime is not available".into()),
    }
}

/// Stops this process's runtime at module shutdown, waiting at most 200 ms for its tasks.
pub fn shutdown() {
    let mut slot = RUNTIME.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((owner, rt)) = slot.take() {
        if owner == std::process::id() {
            rt.shutdown_timeout(Duration::from_millis(200));
        } else {
            std::mem::forget(rt);
        }
    }
}
