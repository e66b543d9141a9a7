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
 * One measured run of the extension for scripts/bench, in a PHP process of its own so that its
 * peak RSS is the run's: `php bench_engine.php DB full|idle|user|course NOW [mariadb|postgres]`
 * (the database: MariaDB on 127.0.0.1:3306 by default, PostgreSQL on 127.0.0.1:5432).
 *
 * full: a dry run of the whole catalogue over every learner (counts only, as a scheduled run).
 * idle: the every-minute run between two evaluations (send mode, outbox only).
 * user: a dry run narrowed to user 3 (a learner's page, the task after their enrolment).
 * course: a dry run narrowed to course 2 (the teacher's block, the report).
 * Prints one line: `seconds=S rss_mb=M evaluated=E accepted=A sent=N rows_read=R connections=C`.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

[, $db, $what, $now, $kind] = $argv + [null, '', '', '0', 'mariadb'];
$pgsql = $kind === 'postgres';
// No SMTP server is needed (the idle run finds nothing to send). Without CN_BENCH_SMTP_PORT, a port
// nothing listens on, chosen by the kernel: a fixed one may be held by a server that would get mail.
$smtpport = (int) getenv('CN_BENCH_SMTP_PORT');
if ($smtpport <= 0) {
    $probe = stream_socket_server('tcp://127.0.0.1:0');
    $smtpport = (int) substr(strrchr(stream_socket_get_name($probe, false), ':'), 1);
    fclose($probe);
}
$engine = new \CourseNotification\Engine([
    'db' => ['type' => $pgsql ? 'pgsql' : 'mariadb', 'host' => '127.0.0.1', 'port' => $pgsql ? 5432 : 3306,
        'socket' => '', 'name' => $db,
        'user' => 'cn', 'pass' => 'cn', 'prefix' => 'mdl_'],
    'smtp' => ['host' => '127.0.0.1', 'port' => $smtpport, 'secure' => '',
        'user' => '', 'pass' => ''],
    'site' => ['wwwroot' => 'https://bench.example.org', 'fullname' => 'Bench', 'shortname' => 'B',
        'noreplyaddress' => 'noreply@bench.example.org', 'timezone' => 'Europe/Paris', 'lang' => 'en'],
]);
$dryrun = ['now' => (int) $now, 'mode' => 'dryrun', 'detail' => 'none'];
$options = match ($what) {
    'full' => $dryrun,
    'user' => $dryrun + ['users' => [3]],
    'course' => $dryrun + ['courses' => [2]],
    default => ['now' => (int) $now, 'mode' => 'send', 'detail' => 'none', 'evaluate' => false],
};
$start = hrtime(true);
$report = $engine->run($options);
$seconds = (hrtime(true) - $start) / 1e9;
// VmHWM: the process's peak resident memory, the extension's allocations included.
preg_match('/VmHWM:\s+(\d+) kB/', (string) file_get_contents('/proc/self/status'), $m);
$counts = $report['counts'];
printf("seconds=%.3f rss_mb=%.0f evaluated=%d accepted=%d sent=%d rows_read=%d connections=%d\n", $seconds,
    ($m[1] ?? 0) / 1024, $counts['evaluated'], $counts['accepted'], $counts['sent'], $counts['rows_read'],
    $counts['connections']);
