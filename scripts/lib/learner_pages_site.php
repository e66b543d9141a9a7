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
 * The learner's pages (unsubscribe.php, preferences.php) served by PHP's built-in web server against a
 * Moodle-schema database in MariaDB, for the demo: the plugin's pages as they are, on the test shims
 * (php/tests/web_site_config.php), in a web root of their own (the shims copied without the
 * command-line guard that keeps them silent in a real web root), as LearnerPagesHttpTest serves them.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

/**
 * Starts the server on a free loopback port; returns [process, base URL, web root].
 *
 * @param string $db the database
 * @param string $secret the site's unsubscribe secret
 * @param int $port the port (free)
 * @return array
 */
function learner_pages_start(string $db, string $secret, int $port): array {
    $guard = "PHP_SAPI === 'cli' || exit();";
    $root = dirname(__DIR__, 2);
    $tmp = sys_get_temp_dir() . '/cn-demo-pages-' . getmypid();
    $plugin = "$tmp/www/blocks/course_notification";
    @mkdir("$plugin/php/tests", 0777, true);
    copy("$root/unsubscribe.php", "$plugin/unsubscribe.php");
    copy("$root/preferences.php", "$plugin/preferences.php");
    foreach (['classes', 'lang', 'templates'] as $dir) {
        @symlink("$root/$dir", "$plugin/$dir");
    }
    foreach (['moodle_shim', 'moodle_dml', 'moodle_learner_shim', 'moodle_web_shim', 'web_site_config'] as $file) {
        $code = file_get_contents("$root/php/tests/$file.php");
        file_put_contents("$plugin/php/tests/$file.php", str_replace($guard, '', $code));
    }
    file_put_contents("$tmp/www/config.php",
        "<?php\nrequire(__DIR__ . '/blocks/course_notification/php/tests/web_site_config.php');\n");
    $base = "http://127.0.0.1:$port";
    $env = getenv();
    $env['CN_WEB_DB'] = $db;
    $env['CN_WEB_SECRET'] = $secret;
    $env['CN_WEB_WWWROOT'] = $base;
    $server = proc_open([PHP_BINARY, '-S', "127.0.0.1:$port", '-t', "$tmp/www"],
        [0 => ['file', '/dev/null', 'r'], 1 => ['file', "$tmp/server.log", 'w'], 2 => ['file', "$tmp/server.log", 'a']],
        $pipes, null, $env);
    for ($i = 0; $i < 100; $i++) {
        $socket = @fsockopen('127.0.0.1', $port, $errno, $errstr, 0.2);
        if ($socket) {
            fclose($socket);
            return [$server, $base, $tmp];
        }
        usleep(50000);
    }
    throw new RuntimeException("PHP's built-in server did not start on $port: " . @file_get_contents("$tmp/server.log"));
}

/**
 * POSTs as a mail provider does for a one-click unsubscribe (RFC 8058 section 3.2): no cookie, the body
 * `List-Unsubscribe=One-Click`. Returns the HTTP status line.
 *
 * @param string $url the List-Unsubscribe URL
 * @return string
 */
function learner_pages_one_click(string $url): string {
    $context = stream_context_create(['http' => ['method' => 'POST', 'ignore_errors' => true,
        'header' => "Content-Type: application/x-www-form-urlencoded\r\n", 'content' => 'List-Unsubscribe=One-Click']]);
    file_get_contents($url, false, $context);
    return $http_response_header[0] ?? '(no answer)';
}

/**
 * Stops the server and removes its web root.
 *
 * @param array $site what learner_pages_start() returned
 */
function learner_pages_stop(array $site): void {
    [$server, , $tmp] = $site;
    proc_terminate($server);
    proc_close($server);
    exec('rm -rf ' . escapeshellarg($tmp));
}
