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
 * What the repository's PHP files do when a web server is asked for them, for scripts/test.
 *
 *   php scripts/lib/web_exposure.php PORT1 PORT2
 *
 * A full clone installed as <moodle>/blocks/course_notification puts scripts/, php/ and every other
 * file under the web root. This copies every PHP file of the checkout (`git ls-files -co`) into a
 * Moodle-shaped web root whose config.php stops the request (as Moodle does for an anonymous visitor
 * of a page that requires a login), serves it with PHP's built-in server and requests each file:
 *
 * - with display_errors on (the worst case), every file that is not part of the Moodle plugin
 *   (scripts/, php/, crates/, src/, tests/) must answer an empty body, quickly; its first statement
 *   must be the guard `PHP_SAPI === 'cli' || exit();`;
 * - with display_errors off (production, as Moodle's "Displayed PHP errors" check asks), every file,
 *   the plugin's included, must answer an empty body, quickly: the plugin's pages include config.php
 *   before anything else, its included files die without MOODLE_INTERNAL, its class files only
 *   declare a class (with display_errors on, a class whose parent is not loaded makes PHP print
 *   "Class ... not found", as Moodle's own class files do; it runs nothing).
 *
 * Prints one line per file that answered something, and exits non-zero if any did.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

/** Folders whose PHP files are developer tools, not the Moodle plugin. */
const CN_DEVELOPER_DIRS = ['scripts/', 'php/', 'crates/', 'src/', 'tests/'];

/** A request slower than this (seconds) is a file doing work. */
const CN_QUICK = 2.0;

/** The guard a developer file starts with. */
const CN_GUARD = "PHP_SAPI === 'cli' || exit();";

if ($argc !== 3) {
    fwrite(STDERR, "usage: php web_exposure.php PORT1 PORT2 (two free ports)\n");
    exit(2);
}
$root = dirname(__DIR__, 2);
$files = array_filter(explode("\n", shell_exec('cd ' . escapeshellarg($root) .
    " && git ls-files -co --exclude-standard '*.php'") ?? ''));
sort($files);

/**
 * Whether a file of the checkout is a developer tool rather than part of the Moodle plugin.
 *
 * @param string $file path from the checkout's root
 * @return bool
 */
function cn_is_developer_file(string $file): bool {
    foreach (CN_DEVELOPER_DIRS as $dir) {
        if (str_starts_with($file, $dir)) {
            return true;
        }
    }
    return false;
}

/**
 * The file's code from its first statement on, comments and blank space removed, on one line; inside
 * a global `namespace {` block when the file starts with one.
 *
 * @param string $path the file
 * @return string
 */
function cn_first_code(string $path): string {
    $code = '';
    foreach (token_get_all(file_get_contents($path)) as $token) {
        if (is_array($token) && in_array($token[0], [T_OPEN_TAG, T_COMMENT, T_DOC_COMMENT], true)) {
            continue;
        }
        $code .= is_array($token) ? $token[1] : $token;
        if (strlen($code) > 400) {
            break;
        }
    }
    return preg_replace('/^namespace \{ ?/', '', trim(preg_replace('/\s+/', ' ', $code)));
}

/**
 * Serves $docroot on $port with $ini settings, and requests each file; returns the faults.
 *
 * @param string $docroot the web root
 * @param int $port a free port
 * @param string[] $urls file => URL path
 * @param string[] $ini PHP settings of the server
 * @return string[] one line per file that answered something or slowly
 */
function cn_request_all(string $docroot, int $port, array $urls, array $ini): array {
    $cmd = [PHP_BINARY];
    foreach ($ini as $setting) {
        array_push($cmd, '-d', $setting);
    }
    array_push($cmd, '-S', "127.0.0.1:$port", '-t', $docroot);
    $log = fopen($docroot . "/../server-$port.log", 'w');
    $server = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => $log, 2 => $log], $pipes);
    $up = false;
    for ($i = 0; $i < 100 && !$up; $i++) {
        usleep(50000);
        $socket = @fsockopen('127.0.0.1', $port, $errno, $errstr, 0.2);
        if ($socket) {
            fclose($socket);
            $up = true;
        }
    }
    if (!$up) {
        proc_terminate($server);
        return ["the PHP built-in server did not start on port $port"];
    }
    $context = stream_context_create(['http' => ['timeout' => 30, 'ignore_errors' => true]]);
    $faults = [];
    foreach ($urls as $file => $path) {
        $start = hrtime(true);
        $body = @file_get_contents("http://127.0.0.1:$port$path", false, $context);
        $seconds = (hrtime(true) - $start) / 1e9;
        if ($body === false) {
            $faults[] = sprintf('%s: no answer (%.2f s)', $file, $seconds);
        } else if ($body !== '' || $seconds > CN_QUICK) {
            $faults[] = sprintf(
                '%s: %d bytes in %.2f s: %s',
                $file,
                strlen($body),
                $seconds,
                substr(preg_replace('/\s+/', ' ', strip_tags($body)), 0, 160)
            );
        }
    }
    proc_terminate($server);
    proc_close($server);
    return $faults;
}

// A Moodle-shaped web root: config.php stops every request, the plugin is in blocks/.
$tmp = sys_get_temp_dir() . '/cn-web-exposure-' . getmypid();
$docroot = "$tmp/www";
$plugin = "$docroot/blocks/course_notification";
@mkdir($plugin, 0777, true);
file_put_contents("$docroot/config.php", "<?php\n// Moodle would redirect an anonymous visitor to the login page here.\nexit;\n");
$developer = [];
$all = [];
$faults = [];
foreach ($files as $file) {
    @mkdir(dirname("$plugin/$file"), 0777, true);
    copy("$root/$file", "$plugin/$file");
    $all[$file] = "/blocks/course_notification/$file";
    if (cn_is_developer_file($file)) {
        $developer[$file] = $all[$file];
        if (!str_starts_with(cn_first_code("$root/$file"), CN_GUARD)) {
            $faults[] = "$file: does not start with the guard " . CN_GUARD;
        }
    }
}

$worst = cn_request_all($docroot, (int) $argv[1], $developer, ['display_errors=1', 'error_reporting=-1']);
foreach ($worst as $line) {
    $faults[] = "display_errors=1: $line";
}
$production = cn_request_all($docroot, (int) $argv[2], $all, ['display_errors=0', 'log_errors=0']);
foreach ($production as $line) {
    $faults[] = "display_errors=0: $line";
}
exec('rm -rf ' . escapeshellarg($tmp));

if ($faults) {
    echo implode("\n", $faults), "\n";
    printf("web exposure: %d of %d PHP files answer over HTTP or lack the guard\n", count($faults), count($files));
    exit(1);
}
printf(
    "web exposure: %d PHP files requested (%d developer files with display_errors on): every body empty\n",
    count($files),
    count($developer)
);
