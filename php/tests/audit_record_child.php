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
 * A second cron node for AuditTest: records the audit (audit::record) over its own connection to the
 * test database, then prints what it recorded and the events it triggered as JSON.
 *
 * Usage: php audit_record_child.php <database> <since>
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

define('MOODLE_INTERNAL', true);
require_once(__DIR__ . '/moodle_dml.php');
require_once(__DIR__ . '/event_recorder.php');
require_once(__DIR__ . '/../../classes/local/audit.php');

$DB = new shim_moodle_database($argv[1]);
$done = \block_course_notification\local\audit::record((int) $argv[2]);
echo json_encode(['done' => $done, 'events' => \block_course_notification\event\notification_sent::$triggered]), "\n";
