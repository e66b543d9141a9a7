//! `course_notification`: the PHP extension of block_course_notification.
//!
//! Thin bindings only (ext-php-rs): [`engine`] exposes `CourseNotification\Engine`, [`convert`]
//! turns PHP arrays into the runner's raw settings and reports back into arrays, [`error`] maps
//! every failure to `CourseNotification\Exception`, and [`runtime`] owns the Tokio runtime. The
//! decisions are made by `course_notification_engine`; the I/O by the runner's adapters.

use ext_php_rs::prelude::*;
use ext_php_rs::zend::ModuleEntry;
use ext_php_rs::{info_table_end, info_table_row, info_table_start};

pub mod catalogue;
pub mod convert;
pub mod engine;
pub mod error;
pub mod runtime;

/// The extension's version, which the Moodle plugin compares with the one it expects.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// `phpinfo()` section.
pub extern "C" fn module_info(_module: *mut ModuleEntry) {
    info_table_start!();
    info_table_row!("course_notification", "enabled");
    info_table_row!("version", VERSION);
    info_table_end!();
}

/// Module start-up (MINIT). It runs in php-fpm's master before the workers fork, so it creates no
/// runtime, pool or socket (see [`runtime`]); it only installs the panic hook.
extern "C" fn startup(_type: i32, _module_number: i32) -> i32 {
    error::install_panic_hook();
    0
}

/// Module shutdown (MSHUTDOWN): stops the runtime of the thread it runs on, bounded in time (under
/// ZTS, the other threads' runtimes stop with their threads).
extern "C" fn shutdown(_type: i32, _module_number: i32) -> i32 {
    runtime::shutdown();
    0
}

#[php_module]
pub fn get_module(module: ModuleBuilder) -> ModuleBuilder {
    let module = module
        .startup_function(startup)
        .shutdown_function(shutdown)
        .info_function(module_info);
    engine::build_module(error::build_module(module))
}
