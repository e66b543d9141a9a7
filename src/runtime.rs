//! The Tokio runtimes that drive the async adapters: one per PHP thread, created on first use.
//!
//! Why lazily and per process: php-fpm loads extensions in its master process and then forks the
//! workers. A runtime (or a pool, or a socket) created before the fork would be shared by every
//! worker: a multi-thread runtime's workers do not survive `fork()` (calls hang), and a
//! current-thread one shares one epoll descriptor between processes (one worker steals another's
//! events). So nothing is created in MINIT; the first call builds a current-thread runtime (no
//! extra threads, `block_on` on the PHP thread), and the stored pid detects a forked child, which
//! builds its own and *forgets* the inherited one: dropping it would deregister sockets that belong
//! to the parent.
//!
//! Why per thread: under ZTS PHP (Apache's worker MPM, FrankenPHP) requests run on several threads
//! of one process. One runtime behind a process-wide lock held for a whole `block_on` made every
//! other thread's engine call wait for the running one (a report page behind a cron run). A
//! current-thread runtime per thread (`thread_local!`) needs no lock at all: threads never wait on
//! each other, and each runtime's sockets stay on the thread that uses them. Under NTS there is one
//! thread per process, so this is the same single runtime as before.

use std::cell::RefCell;
use std::future::Future;
use std::time::Duration;

use tokio::runtime::{Builder, Runtime};

/// A runtime and the process that built it.
struct Owned {
    pid: u32,
    rt: Option<Runtime>,
}

impl Drop for Owned {
    /// At thread exit: the runtime is dropped only in the process that built it (an inherited one is
    /// forgotten, as in [`block_on`]).
    fn drop(&mut self) {
        if let Some(rt) = self.rt.take() {
            if self.pid == std::process::id() {
                rt.shutdown_background();
            } else {
                std::mem::forget(rt);
            }
        }
    }
}

thread_local! {
    static RUNTIME: RefCell<Option<Owned>> = const { RefCell::new(None) };
}

/// Runs `future` to completion on this thread's runtime.
pub fn block_on<F: Future>(future: F) -> Result<F::Output, String> {
    RUNTIME.with(|slot| {
        {
            let mut slot = slot
                .try_borrow_mut()
                .map_err(|_| "the async runtime is already running on this thread".to_string())?;
            let pid = std::process::id();
            if slot.as_ref().is_some_and(|owned| owned.pid != pid) {
                // A forked child: the inherited runtime is the parent's (Owned's drop forgets it).
                slot.take();
            }
            if slot.is_none() {
                let rt = Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| format!("cannot start the async runtime: {e}"))?;
                *slot = Some(Owned { pid, rt: Some(rt) });
            }
        }
        let slot = slot.borrow();
        match slot.as_ref().and_then(|owned| owned.rt.as_ref()) {
            Some(rt) => Ok(rt.block_on(future)),
            None => Err("the async runtime is not available".into()),
        }
    })
}

/// Stops this thread's runtime at module shutdown, waiting at most 200 ms for its tasks.
pub fn shutdown() {
    // During the thread's own teardown the slot may be gone already: nothing left to stop.
    let _ = RUNTIME.try_with(|slot| {
        if let Ok(mut slot) = slot.try_borrow_mut() {
            if let Some(mut owned) = slot.take() {
                if let Some(rt) = owned.rt.take() {
                    if owned.pid == std::process::id() {
                        rt.shutdown_timeout(Duration::from_millis(200));
                    } else {
                        std::mem::forget(rt);
                    }
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{mpsc, Arc, Barrier};

    /// This thread's runtime (its address) and the process that built it, if any.
    fn current() -> Option<(usize, u32)> {
        RUNTIME.with(|slot| {
            slot.borrow().as_ref().and_then(|owned| {
                let rt = owned.rt.as_ref()?;
                Some((std::ptr::from_ref(rt) as usize, owned.pid))
            })
        })
    }

    /// Two threads inside `block_on` at the same time, each waiting for the other: with one
    /// process-wide lock held across `block_on`, the second never gets in and both wait forever.
    #[test]
    fn two_threads_run_at_once() {
        let barrier = Arc::new(Barrier::new(2));
        let (done, finished) = mpsc::channel();
        for n in 0..2 {
            let (barrier, done) = (Arc::clone(&barrier), done.clone());
            std::thread::spawn(move || {
                let r = block_on(async move {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    barrier.wait();
                    n
                });
                let _ = done.send(r);
            });
        }
        for _ in 0..2 {
            let r = finished
                .recv_timeout(Duration::from_secs(10))
                .expect("both threads ran at once (a shared lock would hold one back for good)");
            assert!(r.is_ok(), "{r:?}");
        }
    }

    /// A thread's runtime is its own and is kept between calls.
    #[test]
    fn a_thread_reuses_its_runtime() {
        let id = || {
            block_on(async {}).unwrap();
            current().map(|(rt, _)| rt)
        };
        let first = id();
        assert!(first.is_some());
        assert_eq!(id(), first);
        let on_another_thread = std::thread::spawn(move || {
            let mine = id();
            (mine, mine == id())
        })
        .join()
        .unwrap();
        assert_ne!(on_another_thread.0, first);
        assert!(on_another_thread.1, "kept between calls on that thread too");
    }

    /// A forked child builds its own runtime and forgets the parent's; both go on working.
    #[test]
    fn a_forked_child_runs_on_its_own_runtime() {
        block_on(async {}).unwrap();
        let parent = current();
        // SAFETY: the child only builds a runtime, runs a timer on it and leaves with _exit(), as
        // a php-fpm worker forked from its master would start; alarm() bounds a hang.
        let pid = unsafe { libc::fork() };
        assert!(pid >= 0, "fork failed");
        if pid == 0 {
            unsafe { libc::alarm(10) };
            let ran = block_on(tokio::time::sleep(Duration::from_millis(10)));
            let code = match (ran, current()) {
                (Ok(()), Some((_, owner))) if owner == std::process::id() => 0,
                (Ok(()), _) => 2,
                (Err(_), _) => 3,
            };
            unsafe { libc::_exit(code) };
        }
        let mut status = 0;
        // SAFETY: waits for the child forked above.
        let waited = unsafe { libc::waitpid(pid, &mut status, 0) };
        assert_eq!(waited, pid);
        assert!(
            libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
            "child status {status}: 2 = the parent's runtime reused, 3 = no runtime, signal = hung"
        );
        block_on(async {}).unwrap();
        assert_eq!(current(), parent, "the parent keeps its own");
    }
}
