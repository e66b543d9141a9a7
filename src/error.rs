//! The one place where failures become PHP exceptions.
//!
//! Every failure of the engine reaches PHP as `CourseNotification\Exception` (a plain `\Exception`
//! subclass, so Moodle's `catch (\Exception $e)` sees it), with a message a site administrator can
//! act on. A call that ran out of time (a web page's deadline) throws its subclass
//! `CourseNotification\TimeoutException`, so that a page can tell "try again later" from a fault
//! to fix, while every existing `catch (\CourseNotification\Exception)` still catches it. A Rust
//! panic is caught in [`guard`] and becomes the same exception: ext-php-rs would
//! otherwise throw a PHP `Error`, which `catch (\Exception)` does not catch.

use std::panic::{catch_unwind, AssertUnwindSafe};

use course_notification_runner::RunError;
use ext_php_rs::exception::PhpException;
use ext_php_rs::prelude::*;
use ext_php_rs::zend::ce;

/// `CourseNotification\Exception`: every failure of the extension.
#[php_class]
#[php(name = "CourseNotification\\Exception")]
#[php(extends(ce = ce::exception, stub = "\\Exception"))]
#[derive(Default)]
pub struct Exception;

/// `CourseNotification\TimeoutException`: the call's deadline passed (the database was slow or a
/// table locked); nothing was written.
#[php_class]
#[php(name = "CourseNotification\\TimeoutException")]
#[php(extends(Exception))]
#[derive(Default)]
pub struct TimeoutException;

/// An exception of our class with `message`.
pub fn exception(message: impl std::fmt::Display) -> PhpException {
    PhpException::from_class::<Exception>(format!("course_notification: {message}"))
}

/// Converts a run failure: a timeout to [`TimeoutException`], anything else to [`Exception`].
pub fn run_error(e: RunError) -> PhpException {
    if e.is_timeout() {
        PhpException::from_class::<TimeoutException>(format!("course_notification: {e}"))
    } else {
        exception(e)
    }
}

/// Runs `f`, turning a panic into our exception instead of letting a PHP `Error` escape.
pub fn guard<T>(f: impl FnOnce() -> PhpResult<T>) -> PhpResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(exception(format!(
                "internal error, please report it: {what}"
            )))
        }
    }
}

/// Replaces Rust's default hook, which prints a backtrace into php-fpm's log for every panic,
/// with one line naming the extension.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("course_notification: internal error: {info}");
    }));
}

/// Registers the exception classes, the parent first.
pub fn build_module(module: ModuleBuilder) -> ModuleBuilder {
    module.class::<Exception>().class::<TimeoutException>()
}
