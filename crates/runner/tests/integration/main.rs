//! Integration tests of a whole run against a real database and a real SMTP server on loopback.
//!
//! Every test runs on either database: `CN_TEST_DB_KIND` (`mariadb`, the default, or `pgsql`)
//! picks the server, and `scripts/test` runs this binary once for each. It starts the servers and
//! exports where they are (`CN_TEST_*`); a test that cannot reach them fails with a message saying
//! so, it never skips. Each test builds its own database (`cn_t_<name>`) with Moodle 5.0's tables
//! and the plugin's, as each server's Moodle creates them, so tests run in parallel. A few need
//! PostgreSQL in every pass: `cross_db` (both servers; it does its work in the MariaDB pass),
//! `pg_schema` and the sequence test of `dialect` (PostgreSQL's own matters).
//!
//! - `support`: the environment, databases of either kind, a fixture builder, reading the
//!   catcher's mailbox.
//! - `dialect`: the one translation of the fixtures' MariaDB SQL for PostgreSQL.
//! - `cross_db`: the demo site on both servers: the same rows, decisions and messages.
//! - `demo_site`: the demo's database, with `now` pinned, gives exactly the documented trace.
//! - `deadline`: a page's dry run, forecast and notifications end in time on a locked table.
//! - `delivery`: queueing, sending once, modes, the cap, a mail server that is down.
//! - `crashes`: runs killed with SIGKILL at random points lose nothing.
//! - `definitions`: notifications defined at site, category and course level.
//! - `scenarios`: the engine's notification x rule table as Moodle rows, through the adapter.
//! - `failures`: database down, wrong password, missing tables, bad options.
//! - `learner_choices`: opt-outs (rule O), Moodle's message preferences (rule V) and the mail
//!   log of the daily budget, as the adapter reads them.
//! - `large_cap`: caps above the server's 65,535 placeholders, claimed at once, sent page by page.
//! - `secrets`: the command never prints a database or SMTP password.
//! - `site_mail`: the site's e-mail settings (noemailever, diversion, prefix, headers, charset,
//!   smtpmaxbulk, DKIM, the sender address) as Moodle's email_to_user() applies them.
//! - `smtp_security`: STARTTLS when offered, certificates against the trust store, no password in
//!   clear unless allowed (servers and a CA of its own).
//! - `moodle_rules`: capabilities, `nologin`, bounces and timezones as Moodle decides them.
//! - `folded`: one recording statement per message, the next message's attempt folded in.
//! - `recording`: a database fault while recording ends the run (1, 2, 4 connections), never hangs.
//! - `periods`: one-off notifications per enrolment period; privacy deletion and Reset.
//! - `odd_rows`: NULLs, odd times, invalid UTF-8, 10 kB names, quotes, markup and CR/LF in rows.
//! - `preview`: the test send's preview is the message a run queues, in the learner's language and
//!   zone, with the decision and the template problems (line and column).
//! - `pg_schema`: a PostgreSQL site in a schema of its own (`dbschema`) is read and written there.
//! - `scoped_reads`: a one-user or one-course run reads as many rows on a larger site, on one
//!   connection, and decides as the full run does.
//! - `unsubscribe_mail`: the one-click unsubscribe headers (RFC 8058) of every message, their
//!   link per recipient, course and topic, under the site's DKIM signature (dkimpy verifies).
//! - `upgrade`: after the upgrade from the original, its inactivity series go on from its last reminder.

mod crashes;
mod cross_db;
mod deadline;
mod definitions;
mod delivery;
mod demo_site;
mod dialect;
mod failures;
mod fatigue;
mod folded;
mod large_cap;
mod learner_choices;
mod moodle_rules;
mod odd_rows;
mod periods;
mod pg_schema;
mod preview;
mod recording;
mod scenarios;
mod scoped_reads;
mod secrets;
mod site_mail;
mod smtp_security;
mod support;
mod unsubscribe_mail;
mod upgrade;
