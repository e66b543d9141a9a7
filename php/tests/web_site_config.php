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
 * The config.php of UnsubscribeHttpTest's site: what Moodle's config.php and lib/setup.php give a page,
 * on the shims, against the test's database (CN_WEB_DB, on the server CN_TEST_DB_* name).
 *
 * The test copies this file and the shims into a web root of its own, without their command-line guard
 * (PHP's built-in server is not the command line), and serves it on 127.0.0.1 only for the test's
 * length. As Moodle does, a page that did not define NO_MOODLE_COOKIES gets a session, hence a cookie:
 * the test sees it in the response's headers.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

define('MOODLE_INTERNAL', true);

// Every notice, warning or deprecation is a failure of the page: shown in the body, where the test looks.
error_reporting(E_ALL);
ini_set('display_errors', '1');

require_once(__DIR__ . '/moodle_shim.php');
require_once(__DIR__ . '/moodle_dml.php');
require_once(__DIR__ . '/moodle_web_shim.php');

spl_autoload_register(function (string $class): void {
    $prefix = 'block_course_notification\\';
    if (str_starts_with($class, $prefix)) {
        $file = __DIR__ . '/../../classes/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        if (is_file($file)) {
            require_once($file);
        }
    }
});

global $CFG, $DB, $SITE, $USER, $PAGE, $OUTPUT;
$CFG = (object) ['wwwroot' => getenv('CN_WEB_WWWROOT') ?: 'https://learn.example.org', 'lang' => 'en'];
$DB = new shim_moodle_database((string) getenv('CN_WEB_DB'));
$SITE = $DB->get_record('course', ['id' => 1]);
$GLOBALS['CN_SHIM_CONFIG'] = ['block_course_notification' => ['unsubscribesecret' => (string) getenv('CN_WEB_SECRET')]];
$PAGE = new shim_moodle_page();
$OUTPUT = new shim_core_renderer();

// Moodle's exception handler: an error page, never the exception's trace.
set_exception_handler(function (\Throwable $e): void {
    http_response_code($e instanceof moodle_exception && in_array($e->errorcode, ['invalidsesskey', 'nopermissions',
        'requireloginerror'], true) ? 403 : 500);
    echo '<!DOCTYPE html><html><body><div class="alert alert-danger">' . s(get_class($e) . ': ' .
        ($e instanceof moodle_exception ? $e->errorcode : $e->getMessage())) . '</div></body></html>';
});

// The capability the learner's pages check: every user holds it, unless the test says otherwise.
$GLOBALS['CN_SHIM_CAPABILITIES'] = empty($_SERVER['HTTP_X_CN_TEST_NOCAPS']) ? ['moodle/user:editownmessageprofile'] : [];

if (defined('NO_MOODLE_COOKIES') && NO_MOODLE_COOKIES) {
    // Moodle's \core\session\manager: no session at all; the visitor is nobody.
    $USER = (object) ['id' => 0];
} else {
    session_name('MoodleSession');
    session_start();
    if (empty($_SESSION['sesskey'])) {
        $_SESSION['sesskey'] = bin2hex(random_bytes(5));
    }
    // The test logs a user in by naming them (on a real site: the login page, then the session's cookie).
    if (!empty($_SERVER['HTTP_X_CN_TEST_LOGIN'])) {
        $_SESSION['userid'] = (int) $_SERVER['HTTP_X_CN_TEST_LOGIN'];
    }
    $USER = $DB->get_record('user', ['id' => $_SESSION['userid'] ?? 0]) ?: (object) ['id' => 0];
}
