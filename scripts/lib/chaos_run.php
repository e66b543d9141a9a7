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
 * One sending run through the PHP extension, for scripts/chaos (run it with
 * `php -d extension=... -d max_execution_time=1 -d memory_limit=...`).
 *
 * usage: php chaos_run.php DB SMTP_PORT WWWROOT NOW CAP DETAIL [BURN_MS]
 * (CN_CHAOS_DB_KIND=postgres: DB is on PostgreSQL, 127.0.0.1:5432, rather than MariaDB)
 * Prints the counts as JSON, or `exception: <message>` and exits 2. BURN_MS spends that much CPU in
 * PHP first (as the other tasks of a cron run do), so that max_execution_time, which counts CPU
 * time, runs out while the extension works.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification developers
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

if (PHP_SAPI !== 'cli' || $argc < 7) {
    fwrite(STDERR, "usage: php chaos_run.php DB SMTP_PORT WWWROOT NOW CAP DETAIL\n");
    exit(64);
}
[, $db, $port, $wwwroot, $now, $cap, $detail] = $argv;
$burn = (int)($argv[7] ?? 0);
$pgsql = getenv('CN_CHAOS_DB_KIND') === 'postgres';
for ($until = hrtime(true) + $burn * 1000000; hrtime(true) < $until;) {
    // Burning CPU time.
}
try {
    $engine = new \CourseNotification\Engine([
        'db' => ['type' => $pgsql ? 'pgsql' : 'mariadb', 'host' => '127.0.0.1', 'port' => $pgsql ? 5432 : 3306,
            'name' => $db, 'user' => 'cn', 'pass' => 'cn', 'prefix' => 'mdl_'],
        'smtp' => ['host' => '127.0.0.1', 'port' => (int)$port, 'timeout' => 2],
        'site' => ['wwwroot' => $wwwroot, 'fullname' => 'Chaos', 'shortname' => 'C',
            'noreplyaddress' => 'noreply@chaos.example.org', 'timezone' => 'UTC', 'lang' => 'en'],
    ]);
    $report = $engine->run(['now' => (int)$now, 'mode' => 'send', 'cap' => (int)$cap, 'detail' => $detail]);
    echo json_encode($report['counts'] + ['skipped' => $report['skipped'] !== null]), "\n";
} catch (\CourseNotification\Exception $e) {
    echo 'exception: ', $e->getMessage(), "\n";
    exit(2);
}
