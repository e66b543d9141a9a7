<?php
// This file is part of Moodle - https://moodle.org/
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
// along with Moodle.  If not, see <https://www.gnu.org/licenses/>.

/**
 * The facade over the course_notification PHP extension.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\local;

// This file must stay loadable outside Moodle (php/tests/ConfigFromCfgTest.php loads it with a
// tiny shim), so it requires no Moodle file at file scope and touches Moodle only inside run().

/**
 * The only PHP class that talks to the extension.
 *
 * Everything else in the plugin (block, tasks, settings, status check) goes through here, so that a
 * missing or mismatched extension is handled in one place and never becomes a fatal "class not found".
 * The mapping from Moodle's $CFG to the engine's configuration array is a pure function, tested
 * outside Moodle, because the engine's types are strict (a port given as the string "3306" is refused).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class engine {
    /** Name of the PHP extension, as extension_loaded() knows it. */
    public const EXTENSION = 'course_notification';

    /** Version of the extension this plugin release was written against (the crate's CARGO_PKG_VERSION). */
    public const EXPECTED_ENGINE_VERSION = '0.2.0';

    /** Default maximum number of messages one run may send, as in the original seed (200 per run). */
    public const DEFAULT_CAP = 200;

    /** Largest cap the engine accepts (MAX_CAP in crates/runner/src/config/options.rs). */
    public const MAX_CAP = 1000000;

    /** Mails a learner receives a day at most by default (DEFAULT_DAILY_BUDGET in crates/runner/src/config/audience.rs). */
    public const DEFAULT_DAILY_BUDGET = 3;

    /** Largest daily budget the engine accepts (crates/runner/src/config/audience.rs). */
    public const MAX_DAILY_BUDGET = 1000;

    /** Longest gap between two mails to a learner the engine accepts, in minutes (a week). */
    public const MAX_MIN_GAP = 10080;

    /** Seconds a web page waits for the engine by default (admin setting pagedeadline). */
    public const DEFAULT_PAGE_DEADLINE = 5;

    /** The longest deadline the engine accepts (crates/runner/src/config/options.rs, MAX_DEADLINE_SECS). */
    public const MAX_PAGE_DEADLINE = 300;

    /** The first extension version that takes a deadline (and throws TimeoutException). */
    private const DEADLINE_SINCE = '0.2.0';

    /** @var float seconds this request's bounded engine calls took (INF once one ran out of time) */
    private static $pagespent = 0.0;

    /** Database types the engine can read: Moodle's MySQL-protocol drivers and its PostgreSQL driver. */
    private const SUPPORTED_DBTYPES = ['mysqli', 'mariadb', 'auroramysql', 'pgsql'];

    /** PostgreSQL's port when dboptions['dbport'] is empty, as Moodle's pgsql driver passes it. */
    public const PGSQL_DEFAULT_PORT = 5432;

    /**
     * The directory of libpq's default Unix socket (DEFAULT_PGSOCKET_DIR as Debian and Ubuntu build it), where
     * Moodle's pgsql driver connects when dboptions['dbsocket'] is set but names no directory.
     */
    public const PGSQL_DEFAULT_SOCKET_DIR = '/var/run/postgresql';

    /** Values Moodle's smtpsecure setting may take ('' is plain SMTP). */
    private const SMTP_SECURE = ['', 'ssl', 'tls'];

    /**
     * Whether the extension is loaded and exposes the engine class.
     *
     * Both are checked: a stale build could load under the right name without the class.
     *
     * @return bool
     */
    public static function is_available(): bool {
        return extension_loaded(self::EXTENSION) && class_exists(\CourseNotification\Engine::class, false);
    }

    /**
     * The version the loaded extension reports, or null when it is not available.
     *
     * @return string|null
     */
    public static function extension_version(): ?string {
        if (!self::is_available()) {
            return null;
        }
        return (string) \CourseNotification\Engine::version();
    }

    /**
     * Runs the engine once with the site's own configuration.
     *
     * @param array $options engine options: now, mode, and optionally courses, users, cap, deadline (a dry run
     *        from a page gets the page's deadline when it has none)
     * @return array the engine's report (decisions, trace, counts, failures)
     * @throws \moodle_exception extensionmissing when the extension is not loaded, enginetimeout when a
     *         page's dry run ran out of time, enginefailed when the engine refuses its input or fails (the
     *         engine's message is kept as the error's detail)
     */
    public static function run(array $options): array {
        // Only a dry run may be bounded: one that sends or marks must not be cut mid-way (the engine
        // refuses a deadline for it).
        if (($options['mode'] ?? 'send') === 'dryrun') {
            $options = self::with_page_deadline($options);
        }
        $options = self::normalise_options($options);
        $engine = self::instance();
        return self::call(fn() => $engine->run($options), isset($options['deadline']));
    }

    /**
     * What the next days will send, without writing or sending anything.
     *
     * @param array $options engine forecast options: now, days, cap, runs_per_day, courses, users
     * @return array one entry per day (date, due, capacity, pushed_back, held, by)
     * @throws \moodle_exception extensionmissing or enginefailed, as run()
     */
    public static function forecast(array $options): array {
        foreach (['now', 'days', 'cap', 'runs_per_day'] as $key) {
            if (array_key_exists($key, $options)) {
                $options[$key] = (int) $options[$key];
            }
        }
        $options = self::normalise_options(self::with_page_deadline($options));
        $engine = self::instance();
        return self::call(fn() => $engine->forecast($options), isset($options['deadline']));
    }

    /**
     * The notifications that apply in a course, each field with where its value comes from.
     *
     * @param int $courseid the course
     * @return array ['notifications' => array[], 'errors' => string[]] (see the extension's stub)
     * @throws \moodle_exception extensionmissing, enginetimeout (from a page) or enginefailed, as run()
     */
    public static function notifications(int $courseid): array {
        $deadline = self::with_page_deadline([])['deadline'] ?? null;
        $engine = self::instance();
        // Without a deadline, one argument: an older build takes no second one.
        return self::call(
            fn() => $deadline === null ? $engine->notifications($courseid) : $engine->notifications($courseid, $deadline),
            $deadline !== null
        );
    }

    /**
     * One notification written for one learner as a run would write it now (the test send page).
     *
     * @param int $courseid the course
     * @param int $userid the learner
     * @param string $code the notification
     * @param array $options now, langs (languages whose template problems to list too)
     * @return array lang, timezone, email, fullname, subject, html, text, error, due, decision, problems,
     *     texts_lang (see the extension's stub)
     * @throws \moodle_exception extensionmissing, enginetimeout (from a page) or enginefailed, as run()
     */
    public static function preview(int $courseid, int $userid, string $code, array $options = []): array {
        $options = self::with_page_deadline($options);
        $engine = self::instance();
        return self::call(fn() => $engine->preview($courseid, $userid, $code, $options), isset($options['deadline']));
    }

    /**
     * Calls the extension, turning its exceptions into Moodle's, and counting the time of a bounded call
     * against the page's deadline.
     *
     * @param callable $call the extension call
     * @param bool $bounded whether it was given the page's deadline
     * @return array what the call returned
     * @throws \moodle_exception enginetimeout or enginefailed
     */
    private static function call(callable $call, bool $bounded): array {
        $started = microtime(true);
        try {
            return $call();
        } catch (\CourseNotification\TimeoutException $e) {
            // The database is slow or locked now: the page's other calls give up at once.
            self::$pagespent = INF;
            throw new \moodle_exception('enginetimeout', 'block_course_notification', '', null, $e->getMessage());
        } catch (\CourseNotification\Exception $e) {
            throw new \moodle_exception('enginefailed', 'block_course_notification', '', $e->getMessage());
        } finally {
            if ($bounded) {
                self::$pagespent += microtime(true) - $started;
            }
        }
    }

    /**
     * How long a web page waits for the engine: the pagedeadline setting (seconds), or null on the
     * command line and in cron, which have no page waiting and must not be cut short.
     *
     * @return int|null seconds, 1 to MAX_PAGE_DEADLINE
     */
    public static function page_deadline(): ?int {
        if (defined('CLI_SCRIPT') && CLI_SCRIPT) {
            return null;
        }
        $seconds = (int) get_config('block_course_notification', 'pagedeadline');
        if ($seconds <= 0) {
            $seconds = self::DEFAULT_PAGE_DEADLINE;
        }
        return min($seconds, self::MAX_PAGE_DEADLINE);
    }

    /**
     * The options with the page's deadline, unless the caller set one, there is no page or the extension
     * is too old to take one.
     *
     * The deadline is the page's, not each call's: a page making three calls waits for the engine at most
     * the setting's seconds in all (give or take the engine's whole seconds and margin). Each call gets what
     * the earlier ones left, rounded up to whole seconds; when nothing is left, or once a call ran out of
     * time, the next ones give up at once.
     *
     * @param array $options engine options
     * @return array
     * @throws \moodle_exception enginetimeout when the page's time for the engine is used up
     */
    private static function with_page_deadline(array $options): array {
        $deadline = self::page_deadline();
        $version = self::extension_version();
        // An older build (a PHP update without a rebuild, say) refuses the option, and its notifications()
        // takes no second argument: it runs unbounded, and the status check reports the version.
        if ($deadline === null || $version === null || version_compare($version, self::DEADLINE_SINCE, '<')) {
            return $options;
        }
        $left = $deadline - self::$pagespent;
        if ($left <= 0) {
            throw new \moodle_exception(
                'enginetimeout',
                'block_course_notification',
                '',
                null,
                'the page\'s ' . $deadline . ' s for the engine are used up by its earlier calls'
            );
        }
        return $options + ['deadline' => (int) ceil($left)];
    }

    /**
     * What a page shows a teacher or a learner when the engine's part is missing: that it could not be
     * computed in time, or that it is unavailable. Never the engine's own words, which may name the
     * database host, its name or its user; those go to debugging (developer level) for administrators.
     *
     * @param \moodle_exception $e what the facade threw
     * @return string the notice, plain text
     */
    public static function page_notice(\moodle_exception $e): string {
        $detail = trim($e->getMessage() . (empty($e->debuginfo) ? '' : ' ' . $e->debuginfo));
        debugging('block_course_notification: ' . $detail, DEBUG_DEVELOPER);
        $key = $e->errorcode === 'enginetimeout' ? 'enginetimeout' : 'engineunavailable';
        return get_string($key, 'block_course_notification');
    }

    /**
     * What is wrong with a subject or body template, in words a teacher can act on.
     *
     * The engine knows the placeholders and the syntax, so it judges. Without the extension (or with
     * a build older than Engine::template_problems), only unknown {{NAMES}} are reported, from the
     * list below, so that a form still refuses the most common mistake.
     *
     * @param string $template the template as typed
     * @return string[] problems, empty when the template is fine
     */
    public static function template_problems(string $template): array {
        if (self::is_available() && method_exists(\CourseNotification\Engine::class, 'template_problems')) {
            try {
                return array_values(array_map('strval', \CourseNotification\Engine::template_problems($template)));
            } catch (\CourseNotification\Exception $e) {
                return [$e->getMessage()];
            }
        }
        $problems = [];
        preg_match_all('/\{\{\s*([^{}]*?)\s*\}\}/', $template, $matches);
        foreach (array_unique($matches[1]) as $name) {
            if (!in_array($name, self::PLACEHOLDERS, true)) {
                $problems[] = "unknown placeholder {{{$name}}}";
            }
        }
        return $problems;
    }

    /** Placeholders the engine's templates know (crates/engine/src/template.rs), for the fallback check only. */
    public const PLACEHOLDERS = ['COURSE', 'COURSESHORT', 'COURSEID', 'COURSEURL', 'FIRSTNAME', 'LASTNAME',
        'USERNAME', 'SITENAME', 'WWWROOT', 'CONTACTURL', 'FORGOTTENPASSWORDURL', 'ACCESSSTART', 'ACCESSEND',
        'DAYSLEFT', 'INACTIVEDAYS', 'LEARNERFIRSTNAME', 'LEARNERLASTNAME', 'NOTIFICATION', 'TEACHERS'];

    /**
     * An engine bound to this site's configuration, as run() builds it.
     *
     * @return \CourseNotification\Engine
     * @throws \moodle_exception extensionmissing, enginefailed, unsupporteddbtype, unsupportedsmtpsecure
     */
    private static function instance(): \CourseNotification\Engine {
        global $CFG, $SITE;

        if (!self::is_available()) {
            throw new \moodle_exception('extensionmissing', 'block_course_notification');
        }
        // The pure mapping cannot know the server's timezone when the site setting is 99 ("server
        // timezone"); core_date resolves that, and normalises legacy values, here where globals are allowed.
        $cfg = clone $CFG;
        $cfg->timezone = \core_date::get_server_timezone();
        // The bounce address hashes the site identifier, which get_site_identifier() sets up when missing.
        if (!empty($cfg->handlebounces)) {
            $cfg->siteidentifier = get_site_identifier();
        }
        $config = self::config_from_cfg($cfg, $SITE ?? get_site(), get_config('block_course_notification'));
        $config['db']['socket'] = self::mysqli_socket($config['db']);
        if ($config['smtp']['host'] === '') {
            // With no SMTP host Moodle sends through PHP's mail(), that is through sendmail_path.
            $config['smtp']['sendmail'] = (string) ini_get('sendmail_path');
        }
        // The block's own choice: an SMTP password may cross an unencrypted connection (off by default).
        $config['smtp']['allowplain'] = (bool) get_config('block_course_notification', 'smtpallowplainauth');
        try {
            return new \CourseNotification\Engine($config);
        } catch (\CourseNotification\Exception $e) {
            throw new \moodle_exception('enginefailed', 'block_course_notification', '', $e->getMessage());
        }
    }

    /**
     * The socket mysqli would use: given "localhost" and no socket, mysqli (as Moodle uses it) talks to
     * PHP's default MySQL socket, not to TCP port 3306; the engine must reach the same server the same way.
     * A PostgreSQL site's socket is left as db_config() chose it.
     *
     * @param array $db the db part of the engine config
     * @return string socket path, or '' for TCP
     */
    private static function mysqli_socket(array $db): string {
        // On PostgreSQL "localhost" is TCP (libpq), and db_config() already chose the socket as pg_connect() does.
        if ($db['type'] === 'pgsql' || $db['socket'] !== '' || $db['host'] !== 'localhost') {
            return $db['socket'];
        }
        $default = (string) ini_get('mysqli.default_socket');
        return $default !== '' && file_exists($default) ? $default : '';
    }

    /**
     * Casts run options to the exact types the engine accepts.
     *
     * Course and user ids often come from the database or the command line as strings.
     *
     * @param array $options options as the caller built them
     * @return array the same options with ints as ints and id lists as lists of ints
     */
    public static function normalise_options(array $options): array {
        foreach (['now', 'cap', 'deadline'] as $key) {
            if (array_key_exists($key, $options)) {
                $options[$key] = (int) $options[$key];
            }
        }
        if (array_key_exists('message', $options)) {
            $options['message'] = (bool) $options['message'];
        }
        foreach (['mode', 'detail'] as $key) {
            if (array_key_exists($key, $options)) {
                $options[$key] = (string) $options[$key];
            }
        }
        foreach (['courses', 'users'] as $key) {
            if (array_key_exists($key, $options)) {
                $options[$key] = array_values(array_map('intval', (array) $options[$key]));
            }
        }
        return $options;
    }

    /**
     * Maps Moodle's configuration to the engine's configuration array.
     *
     * Pure: it reads only its arguments, so it can be tested without a Moodle site.
     *
     * @param \stdClass $cfg Moodle's $CFG, or a copy of the fields used here
     * @param \stdClass $site the site course ($SITE): fullname and shortname
     * @param \stdClass|null $plugin the plugin's settings, get_config('block_course_notification'); null
     *        gives the defaults (no unsubscribe secret)
     * @return array ['db' => [...], 'smtp' => [...], 'site' => [...], 'mail' => [...], 'rules' => [...],
     *         'audience' => [...]] with the engine's strict types
     * @throws \moodle_exception unsupporteddbtype or unsupportedsmtpsecure
     */
    public static function config_from_cfg(\stdClass $cfg, \stdClass $site, ?\stdClass $plugin = null): array {
        $wwwroot = (string) ($cfg->wwwroot ?? '');
        return [
            'db' => self::db_config($cfg),
            'smtp' => self::smtp_config($cfg),
            'site' => [
                'wwwroot' => $wwwroot,
                'fullname' => (string) ($site->fullname ?? ''),
                'shortname' => (string) ($site->shortname ?? ''),
                'noreplyaddress' => self::noreply_address($cfg),
                'timezone' => self::timezone($cfg),
                'lang' => (string) (empty($cfg->lang) ? 'en' : $cfg->lang),
            ],
            'mail' => self::mail_config($cfg),
            'rules' => self::rules_config($cfg),
            'audience' => self::audience_config($plugin ?? new \stdClass()),
        ];
    }

    /**
     * What each learner receives across the site's courses (settings.php, "Learners' mail"): the key the
     * unsubscribe links are signed with, the daily budget (0: no limit), the minimum gap between two
     * mails in minutes, and digests. A setting never saved gets the engine's default; a value of the
     * wrong kind is passed as it is, for the engine to refuse and name.
     *
     * @param \stdClass $plugin the plugin's settings
     * @return array
     */
    private static function audience_config(\stdClass $plugin): array {
        $budget = $plugin->dailybudget ?? null;
        return [
            'secret' => (string) ($plugin->unsubscribesecret ?? ''),
            // '0' is a saved value (no limit); unset or empty is the default.
            'dailybudget' => ($budget === null || $budget === '' || $budget === false)
                ? self::DEFAULT_DAILY_BUDGET : self::cfg_int($budget),
            'mingap' => self::cfg_int($plugin->mingap ?? null),
            'digest' => !empty($plugin->digest),
        ];
    }

    /**
     * The settings of Moodle's own that decide who is mailed and in which timezone, as $CFG holds
     * them: has_capability() (siteadmins, siteguest, guestroleid, defaultuserroleid),
     * email_to_user()'s bounce threshold (handlebounces, minbounces, bounceratio) and core_date
     * (forcetimezone). $CFG includes what config.php forces, which the config table does not hold,
     * so the engine decides as Moodle does. The engine judges the values (a list of admins that is
     * not ids, a negative ratio) and names the setting; a value of the wrong type is passed as it
     * is, for the engine to name it too.
     *
     * @param \stdClass $cfg Moodle's configuration
     * @return array
     */
    private static function rules_config(\stdClass $cfg): array {
        $siteadmins = $cfg->siteadmins ?? '';
        $forcetimezone = $cfg->forcetimezone ?? '';
        return [
            'siteadmins' => is_int($siteadmins) ? (string) $siteadmins : $siteadmins,
            'siteguest' => self::cfg_int($cfg->siteguest ?? null),
            'guestroleid' => self::cfg_int($cfg->guestroleid ?? null),
            'defaultuserroleid' => self::cfg_int($cfg->defaultuserroleid ?? null),
            // A legacy numeric value (config.php may say 99 or -3) is a string to the engine.
            'forcetimezone' => is_int($forcetimezone) || is_float($forcetimezone) ? (string) $forcetimezone : $forcetimezone,
            'handlebounces' => !empty($cfg->handlebounces),
            'minbounces' => self::cfg_int($cfg->minbounces ?? null),
            'bounceratio' => self::cfg_float($cfg->bounceratio ?? null),
        ];
    }

    /**
     * An integer setting as the engine takes it: unset or empty is 0 (not set), an integer written
     * as a string (the config table's values are strings) is cast; anything else is left as it is.
     *
     * @param mixed $value the $CFG value
     * @return mixed int, or the value unchanged for the engine to refuse
     */
    private static function cfg_int($value) {
        if ($value === null || $value === '' || $value === false) {
            return 0;
        }
        if (is_string($value) && preg_match('/^\s*[+-]?\d+\s*$/', $value)) {
            return (int) $value;
        }
        return $value;
    }

    /**
     * A decimal setting as the engine takes it: unset or empty is 0.0 (Moodle's default), a number
     * or numeric string is cast; anything else is left as it is.
     *
     * @param mixed $value the $CFG value
     * @return mixed float, or the value unchanged for the engine to refuse
     */
    private static function cfg_float($value) {
        if ($value === null || $value === '' || $value === false) {
            return 0.0;
        }
        if (is_int($value) || is_float($value) || (is_string($value) && is_numeric($value))) {
            return (float) $value;
        }
        return $value;
    }

    /**
     * The e-mail switches email_to_user() obeys (lib/moodlelib.php), passed as they are: the engine
     * applies them as Moodle does (see the README, "Running it on a production site").
     *
     * @param \stdClass $cfg Moodle's configuration
     * @return array
     */
    private static function mail_config(\stdClass $cfg): array {
        return [
            // Hidden setting of config.php (development and staging sites): nothing is sent.
            'noemailever' => !empty($cfg->noemailever),
            'divertto' => trim((string) ($cfg->divertallemailsto ?? '')),
            'divertexcept' => (string) ($cfg->divertallemailsexcept ?? ''),
            'subjectprefix' => (string) ($cfg->emailsubjectprefix ?? ''),
            'headers' => (string) ($cfg->emailheaders ?? ''),
            // The admin setting stores '0' for UTF-8, and email_to_user() tests it with empty().
            'charset' => empty($cfg->sitemailcharset) ? '' : (string) $cfg->sitemailcharset,
            'dkimselector' => trim((string) ($cfg->emaildkimselector ?? '')),
            'dataroot' => (string) ($cfg->dataroot ?? ''),
            // Config.php only: the envelope sender becomes Moodle's bounce address, made of these
            // (generate_email_processing_address()); maildomain unset makes Moodle's mail fail, so the
            // engine refuses to send and names it.
            'handlebounces' => !empty($cfg->handlebounces),
            'mailprefix' => (string) ($cfg->mailprefix ?? ''),
            'maildomain' => (string) ($cfg->maildomain ?? ''),
            'siteidentifier' => (string) ($cfg->siteidentifier ?? ''),
        ];
    }

    /**
     * Whether the engine reads a site whose $CFG->dbtype is this: MariaDB, MySQL (and Aurora) or PostgreSQL.
     *
     * @param string $dbtype Moodle's dbtype
     * @return bool
     */
    public static function supports_dbtype(string $dbtype): bool {
        return in_array($dbtype, self::SUPPORTED_DBTYPES, true);
    }

    /**
     * Database part of the configuration, read the way Moodle's driver for the site's dbtype reads it.
     *
     * @param \stdClass $cfg Moodle's configuration
     * @return array type (Moodle's dbtype), host, port, socket, name, user, pass, prefix, schema (PostgreSQL only)
     * @throws \moodle_exception unsupporteddbtype
     */
    private static function db_config(\stdClass $cfg): array {
        $dbtype = (string) ($cfg->dbtype ?? '');
        if (!self::supports_dbtype($dbtype)) {
            throw new \moodle_exception('unsupporteddbtype', 'block_course_notification', '', $dbtype);
        }
        if ($dbtype === 'pgsql') {
            return self::pgsql_db_config($cfg);
        }

        $options = (array) ($cfg->dboptions ?? []);
        [$host, $hostport] = self::split_host_port(trim((string) ($cfg->dbhost ?? '')));
        if ($host === '') {
            // Mysqli connects to localhost when given no host; say so instead of leaving it implicit.
            $host = 'localhost';
        }
        // The documented dboptions['dbport'] wins over a port written into dbhost: it is what the mysqli
        // driver passes as the port. 0 tells the engine to use the default, 3306.
        $port = empty($options['dbport']) ? $hostport : (int) $options['dbport'];

        return [
            'type' => $dbtype,
            'host' => $host,
            'port' => $port,
            'socket' => self::socket_path($options['dbsocket'] ?? ''),
            'name' => (string) ($cfg->dbname ?? ''),
            'user' => (string) ($cfg->dbuser ?? ''),
            'pass' => (string) ($cfg->dbpass ?? ''),
            'prefix' => (string) ($cfg->prefix ?? ''),
            'schema' => '',
        ];
    }

    /**
     * Database part of the configuration of a PostgreSQL site, read the way Moodle's pgsql driver
     * (lib/dml/pgsql_native_moodle_database.php, connect()) builds its pg_connect() string.
     *
     * - dboptions['dbsocket'] counts only when it is not empty and dbhost is exactly 'localhost' or '127.0.0.1':
     *   then the driver connects through a Unix socket, in dbsocket's directory when it contains a '/', else in
     *   libpq's default directory (PGSQL_DEFAULT_SOCKET_DIR); dbhost is not used.
     * - Otherwise it connects over TCP to dbhost as written (libpq takes no port inside the host).
     * - The port, over TCP or in the socket's name, is dboptions['dbport'], or 5432 when it is empty.
     * - dboptions['dbschema'], when not empty, is the schema the tables are in (the driver's search_path).
     * - An empty dbhost is libpq's default: its socket.
     *
     * @param \stdClass $cfg Moodle's configuration
     * @return array as db_config()
     */
    private static function pgsql_db_config(\stdClass $cfg): array {
        $options = (array) ($cfg->dboptions ?? []);
        $host = trim((string) ($cfg->dbhost ?? ''));
        $dbsocket = $options['dbsocket'] ?? '';
        $socket = '';
        if (!empty($dbsocket) && ($host === 'localhost' || $host === '127.0.0.1')) {
            $socket = is_string($dbsocket) && strpos($dbsocket, '/') !== false ? trim($dbsocket) : self::PGSQL_DEFAULT_SOCKET_DIR;
        } else if ($host === '') {
            // Pg_connect() given host='' uses libpq's default socket; the engine is given its directory.
            $socket = self::PGSQL_DEFAULT_SOCKET_DIR;
        }
        $schema = $options['dbschema'] ?? '';

        return [
            'type' => 'pgsql',
            'host' => $host === '' ? 'localhost' : $host,
            'port' => empty($options['dbport']) ? self::PGSQL_DEFAULT_PORT : (int) $options['dbport'],
            'socket' => $socket,
            'name' => (string) ($cfg->dbname ?? ''),
            'user' => (string) ($cfg->dbuser ?? ''),
            'pass' => (string) ($cfg->dbpass ?? ''),
            'prefix' => (string) ($cfg->prefix ?? ''),
            'schema' => empty($schema) ? '' : trim((string) $schema),
        ];
    }

    /**
     * The socket to use, or '' for none.
     *
     * Moodle's mysqli driver uses dboptions['dbsocket'] only when it looks like a path (it contains a
     * slash or a backslash); true, 1 or any other value means "the default socket", which only exists
     * when connecting to localhost. So only a path is passed on, and the engine decides from the host.
     *
     * @param mixed $dbsocket the raw dboptions['dbsocket'] value
     * @return string
     */
    private static function socket_path($dbsocket): string {
        if (!is_string($dbsocket)) {
            return '';
        }
        $dbsocket = trim($dbsocket);
        if (strpos($dbsocket, '/') === false && strpos($dbsocket, '\\') === false) {
            return '';
        }
        return $dbsocket;
    }

    /**
     * SMTP part of the configuration, following the first host of Moodle's smtphosts.
     *
     * Moodle (through PHPMailer) accepts 'host', 'host:port', '[ipv6]:port', a 'ssl://' or 'tls://'
     * prefix, several hosts separated by ';', and the special value 'qmail'. The engine takes one host
     * for now: the first, which is the one PHPMailer tries first.
     *
     * @param \stdClass $cfg Moodle's configuration
     * @return array
     * @throws \moodle_exception unsupportedsmtpsecure
     */
    private static function smtp_config(\stdClass $cfg): array {
        $secure = strtolower(trim((string) ($cfg->smtpsecure ?? '')));
        if (!in_array($secure, self::SMTP_SECURE, true)) {
            // Refused rather than downgraded to plain SMTP: that would send passwords in clear.
            throw new \moodle_exception('unsupportedsmtpsecure', 'block_course_notification', '', $secure);
        }

        $hosts = array_values(array_filter(
            array_map('trim', explode(';', (string) ($cfg->smtphosts ?? ''))),
            fn(string $h): bool => $h !== ''
        ));
        $first = $hosts[0] ?? '';
        // The value 'qmail' makes Moodle hand mail to the local qmail binary: there is no SMTP server to talk to.
        // As get_mailer(): an unset smtpmaxbulk is 1 message per SMTP session.
        $common = [
            'authtype' => strtoupper(trim((string) ($cfg->smtpauthtype ?? ''))),
            'allowplain' => false,
            'maxbulk' => max(1, (int) ($cfg->smtpmaxbulk ?? 1)),
        ];
        if ($first === '' || strtolower($first) === 'qmail') {
            return ['host' => '', 'port' => 0, 'secure' => $secure, 'user' => '', 'pass' => '', 'fallbacks' => []] + $common;
        }

        if (preg_match('#^(ssl|tls)://(.*)$#i', $first, $m)) {
            // PHPMailer lets a host carry its own encryption; the site-wide setting still wins when set.
            $secure = $secure !== '' ? $secure : strtolower($m[1]);
            $first = $m[2];
        }
        [$host, $port] = self::split_host_port($first);
        // Moodle tries the hosts in order when one cannot be reached; the engine does the same.
        $fallbacks = [];
        foreach (array_slice($hosts, 1) as $other) {
            [$otherhost, $otherport] = self::split_host_port(preg_replace('#^(ssl|tls)://#i', '', $other));
            $fallbacks[] = (strpos($otherhost, ':') !== false ? "[{$otherhost}]" : $otherhost) . ':' .
                ($otherport === 0 ? 25 : $otherport);
        }

        return [
            'host' => $host,
            'port' => $port === 0 ? 25 : $port,
            'secure' => $secure,
            'user' => (string) ($cfg->smtpuser ?? ''),
            'pass' => (string) ($cfg->smtppass ?? ''),
            'fallbacks' => $fallbacks,
        ] + $common;
    }

    /**
     * Splits 'host', 'host:port', '[ipv6]' or '[ipv6]:port'; a bare IPv6 address has no port.
     *
     * @param string $value the host as written in the configuration
     * @return array [string host, int port], port 0 when none is written
     */
    private static function split_host_port(string $value): array {
        if (preg_match('/^\[([^\]]+)\](?::(\d+))?$/', $value, $m)) {
            return [$m[1], isset($m[2]) ? (int) $m[2] : 0];
        }
        if (substr_count($value, ':') === 1) {
            [$host, $port] = explode(':', $value);
            if (ctype_digit($port)) {
                return [$host, (int) $port];
            }
        }
        return [$value, 0];
    }

    /**
     * The no-reply setting as it is: the engine picks the sender as email_to_user() does (this
     * address when validate_email() takes it, else noreply@ the host of wwwroot) and refuses to send
     * when neither is valid, naming the setting (crates/runner/src/config/settings.rs).
     *
     * @param \stdClass $cfg Moodle's configuration
     * @return string
     */
    private static function noreply_address(\stdClass $cfg): string {
        return trim((string) ($cfg->noreplyaddress ?? ''));
    }

    /**
     * The site's timezone: 99 (Moodle's "server timezone") and empty fall back to UTC here.
     *
     * run() replaces $cfg->timezone with the resolved server timezone first, so UTC is only what a
     * caller without a Moodle site gets.
     *
     * @param \stdClass $cfg Moodle's configuration
     * @return string an IANA timezone name
     */
    private static function timezone(\stdClass $cfg): string {
        $timezone = trim((string) ($cfg->timezone ?? ''));
        return ($timezone === '' || $timezone === '99') ? 'UTC' : $timezone;
    }
}
