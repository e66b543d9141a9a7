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
 * What the scheduled and the adhoc task share: one engine run, printed to the task log.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\task;

use block_course_notification\local\audit;
use block_course_notification\local\engine;
use block_course_notification\local\extension_status;

/**
 * Runs the engine in send mode for a scope and prints its trace and counts with mtrace.
 *
 * The tasks only choose the scope; the per-run cap, the site switch and the output are the same for
 * both, so they live here once.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
trait engine_runner {
    /**
     * Whether this PHP lacks the extension; if so, says so and what to do. Records cron's view either way.
     *
     * A missing extension is not a task failure: after a PHP update it stays missing until someone
     * rebuilds it, and a failing task would only be pushed back (up to a day for the scheduled task) and,
     * for an adhoc task, dropped after its last attempt. The run does nothing instead: the outbox keeps
     * what is queued, and the first run after the fix evaluates everyone.
     *
     * @return bool true when the extension is missing
     */
    protected function extension_missing(): bool {
        $found = engine::extension_version();
        extension_status::record_cron($found, time());
        if ($found !== null) {
            return false;
        }
        mtrace(get_string('task:extensionmissing', 'block_course_notification', extension_status::php()));
        return true;
    }

    /**
     * Runs the engine unless the site switch is off or the extension is missing.
     *
     * @param array $scope engine options that narrow the run: 'courses' and 'users' (lists of ids)
     * @param bool $evaluate false only delivers what the outbox holds (the runs between evaluations)
     * @return bool whether the engine ran (false: switched off, extension missing, or another run holds
     *         the lock)
     * @throws \moodle_exception when the engine fails; the task API then records the failure and retries
     */
    protected function run_engine(array $scope = [], bool $evaluate = true): bool {
        if (!get_config('block_course_notification', 'enable')) {
            mtrace(get_string('task:sitedisabled', 'block_course_notification'));
            return false;
        }
        if ($this->extension_missing()) {
            return false;
        }
        $found = engine::extension_version();
        if ($found !== engine::EXPECTED_ENGINE_VERSION) {
            // It may still work; the status check shows the same as an error.
            $a = (object) ['found' => $found, 'expected' => engine::EXPECTED_ENGINE_VERSION];
            mtrace(get_string('task:extensionmismatch', 'block_course_notification', $a));
        }

        // A run every minute re-evaluates every learner: the report lists only what is sent,
        // unless developer debugging asks for every decision, as the original printed its rule
        // trace only then. The counts always cover every decision. The trace keeps the seed's form
        // (course, notification, recipient, rule, reason), which operators already read, and is
        // not translated.
        global $CFG;
        $options = self::run_options($scope, 'send', empty($CFG->debugdeveloper) ? 'accepted' : 'all', time());
        $options['evaluate'] = $evaluate;
        $report = engine::run($options);
        $message = (bool) get_config('block_course_notification', 'messageoutput');
        if ($message && ($options['mode'] ?? 'send') === 'send') {
            // Queued by this run or an earlier one; handed to Moodle after the run, under a lock.
            $handed = \block_course_notification\local\messages::deliver((int) $options['cap'], (int) $options['now']);
            mtrace(get_string('task:messages', 'block_course_notification', (object) $handed));
        }
        if (!empty($report['skipped'])) {
            // Another cron node holds the run lock: not a failure, the next run picks up the work.
            mtrace(get_string('task:skipped', 'block_course_notification'));
            return false;
        }

        // The events and the audit of what this run (or an interrupted earlier one) delivered.
        $audited = audit::record((int) $options['now'] - audit::CATCHUP);
        if ($audited['sent'] || $audited['failed']) {
            mtrace(get_string('task:audited', 'block_course_notification', (object) $audited));
        }

        foreach ($report['trace'] ?? [] as $line) {
            mtrace($line);
        }
        if (!empty($report['mailoff'])) {
            // Mail is off ($CFG->noemailever): decided and queued, nothing sent; the messages wait (README).
            mtrace(get_string('task:mailoff', 'block_course_notification', (int) ($report['counts']['deferred'] ?? 0)));
        }
        foreach ($report['failures'] ?? [] as $failure) {
            mtrace(get_string('task:failure', 'block_course_notification', (object) $failure));
        }
        mtrace(get_string('task:summary', 'block_course_notification', self::summary($report['counts'] ?? [])));
        return true;
    }

    /**
     * The engine options of a run with the site's settings: cap, send window, Moodle notifications.
     *
     * Shared by the tasks and cli/process_notifications.php.
     *
     * @param array $scope 'courses' and 'users' (lists of ids), or nothing for the whole site
     * @param string $mode send, dryrun or markonly
     * @param string $detail all, accepted or none
     * @param int $now the run's time
     * @return array
     */
    public static function run_options(array $scope, string $mode, string $detail, int $now): array {
        $cap = (int) get_config('block_course_notification', 'cap');
        $options = $scope + [
            'now' => $now,
            'mode' => $mode,
            'cap' => $cap > 0 ? $cap : engine::DEFAULT_CAP,
            'detail' => $detail,
            'message' => (bool) get_config('block_course_notification', 'messageoutput'),
        ];
        $windowstart = get_config('block_course_notification', 'windowstart');
        if ($windowstart !== false && (int) $windowstart >= 0) {
            $options['window'] = [
                'start' => (int) $windowstart,
                'end' => (int) get_config('block_course_notification', 'windowend'),
                'weekdays' => (bool) get_config('block_course_notification', 'windowweekdays'),
            ];
        }
        return $options;
    }

    /**
     * Flattens the engine's counts for the summary string; trapped counts are listed per rule.
     *
     * @param array $counts the report's counts
     * @return \stdClass
     */
    public static function summary(array $counts): \stdClass {
        $trapped = [];
        foreach ($counts['trapped'] ?? [] as $rule => $count) {
            $trapped[] = "{$rule}={$count}";
        }
        return (object) [
            'evaluated' => (int) ($counts['evaluated'] ?? 0),
            'accepted' => (int) ($counts['accepted'] ?? 0),
            'queued' => (int) ($counts['queued'] ?? 0),
            'trapped' => $trapped ? implode(' ', $trapped) : '0',
            'sent' => (int) ($counts['sent'] ?? 0),
            'failed' => (int) ($counts['failed'] ?? 0),
            'deferred' => (int) ($counts['deferred'] ?? 0),
        ];
    }
}
