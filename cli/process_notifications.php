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
 * Runs the course notifications once from the command line, or forecasts the coming days.
 *
 * Exit codes: 0 done, 1 the engine, the database or the mail server failed, 2 bad arguments,
 * 3 nothing done (the site switch is off, or another run holds the lock).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

define('CLI_SCRIPT', true);

require(__DIR__ . '/../../../config.php');
require_once($CFG->libdir . '/clilib.php');

use block_course_notification\local\audit;
use block_course_notification\local\engine;
use block_course_notification\local\messages;
use block_course_notification\task\notification_task;

/** Exit status: the run went through. */
const BLOCK_COURSE_NOTIFICATION_EXIT_OK = 0;
/** Exit status: the run could not complete (the extension is missing, or the engine failed). */
const BLOCK_COURSE_NOTIFICATION_EXIT_FAILED = 1;
/** Exit status: the options are wrong. */
const BLOCK_COURSE_NOTIFICATION_EXIT_USAGE = 2;
/** Exit status: nothing ran (the site switch is off, or another run holds the lock). */
const BLOCK_COURSE_NOTIFICATION_EXIT_NOTHING = 3;

$component = 'block_course_notification';

/**
 * Prints an argument error and the hint, then exits with code 2.
 *
 * @param string $message what is wrong
 * @return never
 */
function block_course_notification_cli_usage_error(string $message) {
    fwrite(STDERR, $message . "\n" . get_string('cli:seehelp', 'block_course_notification') . "\n");
    exit(BLOCK_COURSE_NOTIFICATION_EXIT_USAGE);
}

/**
 * Parses a list of ids such as "2,5,9".
 *
 * @param string $name the option's name, for the error
 * @param mixed $value the option's value
 * @return int[]
 */
function block_course_notification_cli_ids(string $name, $value): array {
    $value = is_string($value) ? trim($value) : '';
    if (!preg_match('/^[1-9][0-9]*(\s*,\s*[1-9][0-9]*)*$/', $value)) {
        block_course_notification_cli_usage_error(get_string('cli:badids', 'block_course_notification', $name));
    }
    return array_values(array_unique(array_map('intval', preg_split('/\s*,\s*/', $value))));
}

[$options, $unrecognised] = cli_get_params([
    'courses' => false,
    'users' => false,
    'dryrun' => false,
    'markonly' => false,
    'verbose' => false,
    'forecast' => false,
    'json' => false,
    'force' => false,
    'help' => false,
], [
    'c' => 'courses',
    'u' => 'users',
    'n' => 'dryrun',
    'm' => 'markonly',
    'v' => 'verbose',
    'f' => 'forecast',
    'j' => 'json',
    'h' => 'help',
]);

if ($options['help']) {
    echo get_string('cli:help', $component) . "\n";
    exit(BLOCK_COURSE_NOTIFICATION_EXIT_OK);
}
if ($unrecognised) {
    block_course_notification_cli_usage_error(get_string('cli:unknownoption', $component, implode(' ', $unrecognised)));
}
foreach (['dryrun', 'markonly', 'verbose', 'json', 'force'] as $flag) {
    if ($options[$flag] !== false && $options[$flag] !== true) {
        block_course_notification_cli_usage_error(get_string('cli:novalue', $component, $flag));
    }
}
if ($options['dryrun'] && $options['markonly']) {
    block_course_notification_cli_usage_error(get_string('cli:exclusive', $component));
}
$scope = [];
if ($options['courses'] !== false) {
    $scope['courses'] = block_course_notification_cli_ids('courses', $options['courses']);
}
if ($options['users'] !== false) {
    $scope['users'] = block_course_notification_cli_ids('users', $options['users']);
}
$forecastdays = null;
if ($options['forecast'] !== false) {
    $days = is_string($options['forecast']) ? trim($options['forecast']) : '';
    if (!ctype_digit($days) || (int) $days < 1 || (int) $days > 366) {
        block_course_notification_cli_usage_error(get_string('cli:badforecast', $component));
    }
    $forecastdays = (int) $days;
    if ($options['dryrun'] || $options['markonly']) {
        block_course_notification_cli_usage_error(get_string('cli:exclusive', $component));
    }
}

$json = (bool) $options['json'];
$verbose = (bool) $options['verbose'];
$now = time();

/**
 * Prints the result as JSON or text and exits.
 *
 * @param bool $json JSON output
 * @param array $result what to print as JSON
 * @param string[] $lines what to print as text
 * @param int $code the exit code
 * @return never
 */
function block_course_notification_cli_finish(bool $json, array $result, array $lines, int $code) {
    if ($json) {
        echo json_encode($result + ['exitcode' => $code], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES |
            JSON_UNESCAPED_UNICODE | JSON_PARTIAL_OUTPUT_ON_ERROR) . "\n";
    } else {
        foreach ($lines as $line) {
            echo $line . "\n";
        }
    }
    exit($code);
}

try {
    if ($forecastdays !== null) {
        // Runs per day as the scheduled task is set, so the cap's effect is forecast as cron will apply it.
        $task = \core\task\manager::get_scheduled_task(notification_task::class);
        $runs = 0;
        if ($task && !$task->get_disabled()) {
            for ($t = $now; $runs < 1440; $runs++) {
                $t = $task->get_next_scheduled_time($t + 1);
                if ($t > $now + DAYSECS) {
                    break;
                }
            }
        }
        $cap = (int) get_config($component, 'cap');
        $days = engine::forecast($scope + ['now' => $now, 'days' => $forecastdays,
            'cap' => $cap > 0 ? $cap : engine::DEFAULT_CAP, 'runs_per_day' => max(1, $runs)]);
        $lines = [get_string('cli:forecastheader', $component, (object) ['days' => $forecastdays, 'runs' => max(1, $runs)])];
        $total = 0;
        foreach ($days as $day) {
            $total += (int) $day['due'];
            $lines[] = get_string('cli:forecastday', $component, (object) $day);
            if ($verbose) {
                foreach ($day['by'] ?? [] as $by) {
                    $lines[] = '    ' . get_string('cli:forecastby', $component, (object) $by);
                }
            }
        }
        $lines[] = get_string('cli:forecasttotal', $component, $total);
        block_course_notification_cli_finish(
            $json,
            ['forecast' => $days, 'total' => $total],
            $lines,
            BLOCK_COURSE_NOTIFICATION_EXIT_OK
        );
    }

    $mode = $options['dryrun'] ? 'dryrun' : ($options['markonly'] ? 'markonly' : 'send');
    if (!get_config($component, 'enable') && $mode !== 'dryrun' && !$options['force']) {
        block_course_notification_cli_finish(
            $json,
            ['mode' => $mode, 'skipped' => 'disabled'],
            [get_string('task:sitedisabled', $component)],
            BLOCK_COURSE_NOTIFICATION_EXIT_NOTHING
        );
    }
    $runoptions = notification_task::run_options($scope, $mode, $verbose ? 'all' : 'accepted', $now);
    $report = engine::run($runoptions);
    if (!empty($report['skipped'])) {
        block_course_notification_cli_finish(
            $json,
            ['mode' => $mode, 'skipped' => $report['skipped']],
            [get_string('task:skipped', $component)],
            BLOCK_COURSE_NOTIFICATION_EXIT_NOTHING
        );
    }
    $lines = [get_string('cli:mode', $component, $mode)];
    $extra = [];
    if ($mode === 'send') {
        if (!empty($runoptions['message'])) {
            $extra['messages'] = messages::deliver((int) $runoptions['cap'], $now);
            $lines[] = get_string('task:messages', $component, (object) $extra['messages']);
        }
        $extra['audited'] = audit::record($now - audit::CATCHUP);
        $lines[] = get_string('task:audited', $component, (object) $extra['audited']);
    }
    if ($verbose) {
        $lines = array_merge($lines, $report['trace'] ?? []);
    }
    foreach ($report['failures'] ?? [] as $failure) {
        $lines[] = get_string('task:failure', $component, (object) $failure);
    }
    $lines[] = get_string('task:summary', $component, notification_task::summary($report['counts'] ?? []));
    if (!$verbose) {
        unset($report['trace']);
    }
    // A message refused by the server (listed in failures, retried or recorded) is an outcome of a run
    // that completed; 1 is kept for a run that could not complete.
    block_course_notification_cli_finish(
        $json,
        ['mode' => $mode] + $report + $extra,
        $lines,
        BLOCK_COURSE_NOTIFICATION_EXIT_OK
    );
} catch (\moodle_exception $e) {
    $message = $e->getMessage() . (empty($e->debuginfo) ? '' : ': ' . $e->debuginfo);
    if ($json) {
        echo json_encode(['error' => $message, 'exitcode' => BLOCK_COURSE_NOTIFICATION_EXIT_FAILED]) . "\n";
    } else {
        fwrite(STDERR, $message . "\n");
    }
    exit(BLOCK_COURSE_NOTIFICATION_EXIT_FAILED);
}
