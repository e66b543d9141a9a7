<?php
// This file is part of Moodle - http://moodle.org/
//
// Moodle is free software: you can redistribute it and/or modify
// it under the terms of the GNU General Public License as published by
// the Free Software Foundation, either version 3 of the License, or
// (at your option) any later version.
//
// Moodle is distributed in the hope that it will be useful,
// but WITHOUT ANY WARRANTY; without even the implied warranty of
// MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
// GNU General Public License for more details.
//
// You should have received a copy of the GNU General Public License
// along with Moodle.  If not, see <http://www.gnu.org/licenses/>.

/**
 * IDE and static-analysis stub of the course_notification PHP extension.
 *
 * Never loaded at run time (the extension defines these). php/tests/StubTest.php fails when this
 * file and the built extension disagree on any class, method, parameter or type.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification developers
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace {
    // A developer file, under the web root in a full clone: does nothing unless run from the command line.
    PHP_SAPI === 'cli' || exit();
}

namespace CourseNotification {

    /**
     * Every failure of the extension: a setting, an option, the database or the mail server. The
     * message says what is wrong in words a site administrator can act on.
     */
    class Exception extends \Exception {
        /**
         * Only the extension throws it: `new` from PHP raises "You cannot instantiate this class".
         */
        public function __construct() {
        }
    }

    /**
     * The call's deadline passed (a web page's dry run, forecast or list of notifications): the
     * database was slow or a table locked. Nothing was written; try again later.
     */
    class TimeoutException extends Exception {
        /**
         * Only the extension throws it, as its parent.
         */
        public function __construct() {
        }
    }

    /**
     * The notification engine bound to one Moodle site's settings.
     */
    class Engine {
        /**
         * Validates the site's settings; connects to nothing yet.
         *
         * @param array $config ['db' => [type ($CFG->dbtype: '' or mariadb, mysqli, auroramysql, pgsql), host,
         *         port (0: 3306, or 5432 for pgsql), socket (a path, or PostgreSQL's socket directory), name, user,
         *         pass, prefix, schema (PostgreSQL's dboptions['dbschema'], '' for none)],
         *     'smtp' => [host, port, secure, user, pass, fallbacks, sendmail, timeout (seconds, 30),
         *         authtype ('' | 'LOGIN' | 'PLAIN'), allowplain (bool: the password may cross an unencrypted
         *         connection), maxbulk (messages per SMTP session, 0: no limit)],
         *     'site' => [wwwroot, fullname, shortname, noreplyaddress ('' : noreply@ the host of wwwroot, as
         *         email_to_user()), timezone, lang],
         *     'mail' => [noemailever (bool), divertto, divertexcept, subjectprefix, headers, charset,
         *         dkimselector, dataroot, handlebounces (bool: the envelope sender is Moodle's bounce address),
         *         mailprefix, maildomain, siteidentifier] (optional: $CFG's e-mail switches, as email_to_user()
         *         applies them),
         *     'rules' => [siteadmins (string: user ids separated by commas), siteguest (int, 0: none),
         *         guestroleid (int, 0: not set), defaultuserroleid (int, 0: not set), forcetimezone (string,
         *         '' : not set, '99': not forced), handlebounces (bool), minbounces (int, 0: 10),
         *         bounceratio (float, 0.0: 0.20)] (optional: $CFG's values, config.php's included, which
         *         has_capability(), email_to_user() and core_date decide by; without it they are read
         *         from the config table, where a value forced in config.php is not),
         *     'audience' => [secret (string: block_course_notification/unsubscribesecret, the key the
         *         unsubscribe links are signed with; at least 16 characters, '' : no unsubscribe link),
         *         dailybudget (int, 0-1000: mails a learner receives a day at most, 0 no limit, 3 when
         *         absent), mingap (int, 0-10080: minutes between two mails to the same learner, 0 none),
         *         digest (bool: a learner's messages of one run go in one mail)] (optional: the defaults,
         *         and no unsubscribe link)]
         * @throws Exception naming the first invalid setting
         */
        public function __construct(array $config) {
        }

        /**
         * Runs the engine once.
         *
         * @param array $options ['now' => int, 'mode' => 'send'|'dryrun'|'markonly',
         *     'courses' => int[], 'users' => int[], 'cap' => int,
         *     'detail' => 'all'|'accepted'|'none' (which decisions are listed; counts cover all),
         *     'window' => ['start' => hour, 'end' => hour, 'weekdays' => bool] (recipient's time),
         *     'connections' => int (1-16), 'message' => bool (also queue Moodle notifications),
         *     'evaluate' => bool (true; false only delivers what the outbox holds: the cheap
         *     every-minute run between two evaluations),
         *     'deadline' => int (seconds, 1-300, dry runs only: every statement and the whole run
         *     are bounded by it, for a web page)]
         * @return array ['decisions' => array[], 'trace' => string[], 'counts' => array (evaluated, accepted,
         *     trapped by rule, queued, sent, failed, deferred, recovered, outside_window), 'failures' => array[],
         *     'skipped' => ?string (why a sending run did nothing: another run holds the lock),
         *     'mailoff' => ?string (set when $CFG->noemailever held every message back)]
         * @throws TimeoutException when the deadline passed
         * @throws Exception when a setting, the database or the mail server fails
         */
        public function run(array $options): array {
        }

        /**
         * What the next days will send, without writing or sending anything.
         *
         * @param array $options ['now' => int, 'days' => int (7), 'cap' => int (200),
         *     'runs_per_day' => int (1), 'courses' => int[], 'users' => int[],
         *     'deadline' => int (seconds, 1-300, as for run())]
         * @return array one entry per day: ['date' => 'YYYY-MM-DD', 'due' => int, 'capacity' => int,
         *     'pushed_back' => int, 'held' => int, 'by' => [['courseid' => int, 'notification' => string, 'count' => int], ...]]
         * @throws TimeoutException when the deadline passed
         * @throws Exception when a setting, an option or the database fails
         */
        public function forecast(array $options): array {
        }

        /**
         * The notifications that apply in a course: the built-ins with every definition on its path
         * (site, categories, course), each field with where it comes from.
         *
         * @param int $courseid
         * @param int|null $deadline seconds (1-300) the call may take; null: no limit
         * @return array ['notifications' => [['code' => string, 'enabled' => bool, 'trigger' => string,
         *     'offset_days' => int, 'repeat_every' => int, 'repeat_max' => int, 'late_limit_days' => int,
         *     'only_never_accessed' => bool, 'only_not_completed' => bool, 'only_during_access' => bool,
         *     'priority' => int, 'essential' => bool, 'catch_up' => 'bounded'|'since', 'since' => ?int,
         *     'recipients' => string ('learner', 'role:<id>', comma-separated),
         *     'texts' => [lang => ['subject' => string, 'body' => string]],
         *     'default_texts' => [lang => ['subject' => string, 'body' => string]] (the built-in texts,
         *     used where 'texts' has none; an empty subject or body there falls back to its default),
         *     'sources' => [field => 'builtin'|'context:<id>']], ...], 'errors' => string[]]
         * @throws TimeoutException when the deadline passed
         * @throws Exception when the course does not exist or the database fails
         */
        public function notifications(int $courseid, ?int $deadline = null): array {
        }

        /**
         * The notifications that apply at any context, given its Moodle context path: the site
         * ('/1'), a category ('/1/3') or a course ('/1/3/15'); the built-ins with every definition
         * on the path, as notifications() gives them for a course.
         *
         * @param string $contextpath the context's path ($context->path)
         * @param int|null $deadline seconds (1-300) the call may take; null: no limit
         * @return array as notifications()
         * @throws TimeoutException when the deadline passed
         * @throws Exception naming 'contextpath' when the path is malformed, or when the database fails
         */
        public function notifications_in(string $contextpath, ?int $deadline = null): array {
        }

        /**
         * One notification written for one learner as a run would write it now, for the test send
         * page: the run's reads narrowed to the course and the learner, its decider, its renderer and
         * footer. Reads only: nothing is written, nothing is sent.
         *
         * @param int $courseid
         * @param int $userid the learner
         * @param string $code the notification
         * @param array $options ['now' => int (the clock when absent), 'langs' => string[] (languages
         *     whose template problems to list besides the notification's own), 'deadline' => int
         *     (seconds, 1-300, as for run()), 'links_for' => int (whose links the footer carries: a
         *     test mailed to someone else carries theirs; absent: the learner's, as delivered)]
         * @return array ['lang' => string, 'timezone' => string, 'email' => string, 'fullname' => string,
         *     'subject' => string, 'html' => string, 'text' => string (all three with the footer; empty
         *     when the message cannot be written), 'error' => ?string (why not), 'due' => ?int (when the
         *     learner's current occurrence is due; null: none now), 'decision' => ?['outcome' =>
         *     'accepted'|'trapped', 'rule' => string, 'reason' => string, 'due' => int] (what a run
         *     would decide now; null: the notification is off or has no moment for the learner),
         *     'problems' => [lang => ['subject' => string[], 'body' => string[]]] (each problem says
         *     its line, column and placeholder), 'texts_lang' => [lang => the language of the texts
         *     readers of lang get]]
         * @throws TimeoutException when the deadline passed
         * @throws Exception when the course is not one the engine runs for, the user is not enrolled
         *     in it, no notification has that code there, or the database fails
         */
        public function preview(int $courseid, int $userid, string $code, array $options): array {
        }

        /**
         * What is wrong with a subject or body template, for a form to show before it is saved:
         * unknown placeholders (with the list of known ones, or the right spelling) and unclosed
         * `{{`, each with its line and column ("line 3, column 12: unknown placeholder {{FOO}}; ..."). A template with a problem is never mailed; the run reports it instead.
         *
         * @param string $template
         * @return string[] one sentence per problem, in order; empty when the template can be used
         */
        public static function template_problems(string $template): array {
        }

        /**
         * The placeholder names a template may use (without the braces), for forms to list.
         *
         * @return string[] for example ['COURSE', 'COURSESHORT', ..., 'TEACHERS']
         */
        public static function placeholders(): array {
        }

        /**
         * The engine's catalogue, the one source of the plugin's forms, restore and upgrade: no
         * configuration, no database.
         *
         * @return array ['notifications' => [['code' => string, 'name' => string (lang string id,
         *     'notif:<code>'), 'enabled' => bool, 'trigger' => string (as block_cnotif_def.triggertype
         *     stores it), 'offset_days' => int, 'repeat_every' => int (0: no repeat), 'repeat_max' => int
         *     (0: no limit), 'late_limit_days' => int, 'only_never_accessed' => bool,
         *     'only_not_completed' => bool, 'only_during_access' => bool, 'priority' => int,
         *     'recipients' => string, 'essential' => bool, 'family' => ?string ('calls', 'accessend'),
         *     'topic' => string (what a learner opts out of),
         *     'catch_up' => 'bounded'|'since', 'default_texts' => [lang => ['subject' => string,
         *     'body' => string]]], ...] (evaluation order),
         *     'triggers' => string[] (stored names, in order),
         *     'bounds' => [field => ['min' => int, 'max' => int]] (offset_days, repeat_every, repeat_max,
         *     late_limit_days, priority, code_length),
         *     'code_pattern' => string (a PCRE for preg_match()), 'placeholders' => string[],
         *     'topics' => string[] (the built-in topics, in the order the preferences page lists them)]
         */
        public static function catalogue(): array {
        }

        /**
         * The extension's version.
         *
         * @return string
         */
        public static function version(): string {
        }
    }
}
