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
// tiny shim), so it requires no Moodle file at file scope and touches Moodle only inside its calls.

/**
 * The only PHP class that talks to the extension.
 *
 * Everything else in the plugin (block, tasks, settings, status check) goes through here, so that a
 * missing or mismatched extension is handled in one place and never becomes a fatal "class not found".
 * The mapping from Moodle's $CFG to the engine's configuration is engine_config's; this class only
 * calls the extension, bounds a page's calls by its deadline and turns the engine's errors into Moodle's.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class engine {
    /** Name of the PHP extension, as extension_loaded() knows it. */
    public const EXTENSION = 'course_notification';

    /** Version of the extension this plugin release was written against (the crate's CARGO_PKG_VERSION). */
    public const EXPECTED_ENGINE_VERSION = '0.3.0';

    /** Default maximum number of messages one run may send, as in the original seed (200 per run). */
    public const DEFAULT_CAP = 200;

    /** Largest cap the engine accepts (MAX_CAP in crates/runner/src/config/options.rs). */
    public const MAX_CAP = 1000000;

    /** Seconds a web page waits for the engine by default (admin setting pagedeadline). */
    public const DEFAULT_PAGE_DEADLINE = 5;

    /** The longest deadline the engine accepts (crates/runner/src/config/options.rs, MAX_DEADLINE_SECS). */
    public const MAX_PAGE_DEADLINE = 300;

    /** The first extension version that takes a deadline (and throws TimeoutException). */
    private const DEADLINE_SINCE = '0.2.0';

    /** @var float seconds this request's bounded engine calls took (INF once one ran out of time) */
    private static $pagespent = 0.0;

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
     * The notifications that apply at a context (the site, a category, a course), each field with where
     * its value comes from, as notifications() gives them for a course; within the page's deadline.
     *
     * @param \context $context the site's, a category's or a course's context
     * @return array ['notifications' => array[], 'errors' => string[]] (see the extension's stub)
     * @throws \moodle_exception extensionmissing, enginetimeout (from a page) or enginefailed, as run()
     */
    public static function notifications_in(\context $context): array {
        $deadline = self::with_page_deadline([])['deadline'] ?? null;
        $engine = self::instance();
        return self::call(fn() => $engine->notifications_in($context->path, $deadline), $deadline !== null);
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
     * The engine knows the placeholders and the syntax, so it judges.
     *
     * @param string $template the template as typed
     * @return string[] problems, empty when the template is fine
     * @throws \moodle_exception extensionmissing without the extension
     */
    public static function template_problems(string $template): array {
        if (self::is_available() && method_exists(\CourseNotification\Engine::class, 'template_problems')) {
            try {
                return array_values(array_map('strval', \CourseNotification\Engine::template_problems($template)));
            } catch (\CourseNotification\Exception $e) {
                return [$e->getMessage()];
            }
        }
        // Without the engine the placeholders are unknown (the catalogue is the engine's): the forms
        // that take templates show the extension notice instead, and a restore skips the definitions.
        throw new \moodle_exception('extensionmissing', 'block_course_notification');
    }

    /**
     * The engine's catalogue: built-in notifications, triggers, bounds, code rule, placeholders. Read it
     * through catalogue, which keeps it for the request.
     *
     * @return array as CourseNotification\Engine::catalogue() returns it
     * @throws \moodle_exception extensionmissing when the extension (or a build with catalogue()) is not loaded
     */
    public static function catalogue(): array {
        if (!self::is_available() || !method_exists(\CourseNotification\Engine::class, 'catalogue')) {
            throw new \moodle_exception('extensionmissing', 'block_course_notification');
        }
        return self::call(fn() => \CourseNotification\Engine::catalogue(), false);
    }

    /**
     * An engine bound to this site's configuration (engine_config::for_site()).
     *
     * @return \CourseNotification\Engine
     * @throws \moodle_exception extensionmissing, enginefailed, unsupporteddbtype, unsupportedsmtpsecure
     */
    private static function instance(): \CourseNotification\Engine {
        if (!self::is_available()) {
            throw new \moodle_exception('extensionmissing', 'block_course_notification');
        }
        $config = engine_config::for_site();
        try {
            return new \CourseNotification\Engine($config);
        } catch (\CourseNotification\Exception $e) {
            throw new \moodle_exception('enginefailed', 'block_course_notification', '', $e->getMessage());
        }
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
}
