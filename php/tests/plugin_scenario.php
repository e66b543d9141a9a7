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
 * Runs one scenario of the plugin's tasks, status check or hook over moodle_task_shim.php and prints
 * what happened as JSON, for ExtensionMissingTest.
 *
 *   php [-n] plugin_scenario.php check
 *   php [-n] plugin_scenario.php result_for FOUND|- CRONVERSION|-|none [DBTYPE]
 *   php [-n] plugin_scenario.php tasks
 *   php [-n] plugin_scenario.php notice PAGETYPE ADMIN(0|1)
 *
 * A process of its own: with -n it runs without the extension whatever the test's PHP loads, and the
 * shim's Moodle functions never meet the PHPUnit process.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

require_once(__DIR__ . '/moodle_task_shim.php');

use block_course_notification\check\engine as engine_check;
use block_course_notification\hook_callbacks;
use block_course_notification\local\extension_status;
use block_course_notification\task\notification_task;
use block_course_notification\task\process_user_task;

/**
 * A check result as an array.
 *
 * @param \core\check\result $result the result
 * @return array
 */
function cn_result(\core\check\result $result): array {
    return ['status' => $result->get_status(), 'summary' => $result->get_summary(), 'details' => $result->get_details()];
}

/**
 * Runs a task's execute(), capturing its output and any exception.
 *
 * @param object $task the task
 * @return array output, exception
 */
function cn_execute($task): array {
    ob_start();
    $exception = null;
    try {
        $task->execute();
    } catch (\Throwable $e) {
        $exception = get_class($e) . ': ' . $e->getMessage();
    }
    return ['output' => ob_get_clean(), 'exception' => $exception];
}

// As a site's config.php sets it: the check reads the site's database type.
$CFG = $CFG ?? new stdClass();
$CFG->dbtype = $CFG->dbtype ?? 'mariadb';

$scenario = $argv[1] ?? '';
$out = ['extension' => extension_loaded('course_notification')];
switch ($scenario) {
    case 'check':
        $out['result'] = cn_result((new engine_check())->get_result());
        break;
    case 'result_for':
        $found = $argv[2] === '-' ? null : $argv[2];
        $cron = null;
        if ($argv[3] !== 'none') {
            $cron = (object) ['version' => $argv[3] === '-' ? null : $argv[3], 'php' => '8.3 (NTS)', 'since' => 1790000000];
        }
        $dbtype = $argv[4] ?? 'mariadb';
        $out['result'] = cn_result(engine_check::result_for($found, '8.2 (NTS)', $cron, $dbtype));
        $out['notice'] = hook_callbacks::notice(engine_check::result_for($found, '8.2 (NTS)', $cron, $dbtype));
        break;
    case 'tasks':
        set_config('enable', 1, 'block_course_notification');
        set_config('evaluateevery', 0, 'block_course_notification');
        $start = time();
        $out['scheduled'] = cn_execute(new notification_task());
        $adhoc = new process_user_task();
        $adhoc->set_custom_data(['courseid' => 5, 'userid' => 7]);
        $out['adhoc'] = cn_execute($adhoc);
        $out['start'] = $start;
        $out['queued'] = \core\task\manager::$queued;
        $out['config'] = $GLOBALS['cnshimconfig']['block_course_notification'];
        $out['cron'] = extension_status::cron();
        $out['check'] = cn_result((new engine_check())->get_result());
        break;
    case 'notice':
        $GLOBALS['PAGE']->pagetype = $argv[2];
        $GLOBALS['cnshimadmin'] = $argv[3] === '1';
        hook_callbacks::before_http_headers(new \core\hook\output\before_http_headers());
        $out['added'] = \core\notification::$added;
        $out['debugging'] = $GLOBALS['cnshimdebugging'];
        break;
    case 'catalogue':
        require_once(__DIR__ . '/../../classes/local/catalogue.php');
        $out['available'] = \block_course_notification\local\catalogue::available();
        try {
            \block_course_notification\local\catalogue::codes();
            $out['error'] = null;
        } catch (\moodle_exception $e) {
            $out['error'] = $e->errorcode;
        }
        break;
    default:
        fwrite(STDERR, "unknown scenario '$scenario'\n");
        exit(2);
}
echo json_encode($out, JSON_PRETTY_PRINT), "\n";
