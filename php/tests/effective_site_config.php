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
 * The config.php of EffectivePagesHttpTest's site: web_site_config.php's, plus what the category and
 * course pages need: the database settings the engine connects with, category and block contexts, the
 * capabilities they check (held unless the request says X-CN-Test-Nocaps) and $OUTPUT->confirm().
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

require_once(__DIR__ . '/web_site_config.php');
require_once(__DIR__ . '/moodle_category_shim.php');

global $CFG, $OUTPUT;
$CFG = (object) ((array) $CFG + ['dbtype' => 'mariadb', 'dbhost' => '127.0.0.1', 'dbname' => (string) getenv('CN_WEB_DB'),
    'dbuser' => 'cn', 'dbpass' => 'cn', 'prefix' => 'mdl_', 'dboptions' => ['dbport' => '3306', 'dbsocket' => ''],
    'smtphosts' => '127.0.0.1:9', 'smtpsecure' => '', 'smtpuser' => '', 'smtppass' => '',
    'noreplyaddress' => 'noreply@learn.example.org', 'timezone' => 'Europe/Paris', 'siteidentifier' => 'demo']);

$GLOBALS['CN_SHIM_CAPABILITIES'] = empty($_SERVER['HTTP_X_CN_TEST_NOCAPS'])
    ? ['moodle/category:manage', 'block/course_notification:setup'] : [];

/**
 * The core renderer with Moodle's confirm(): the question, then Continue and Cancel as links.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class shim_confirm_renderer extends shim_core_renderer {
    /**
     * A confirmation.
     *
     * @param string $message the question
     * @param moodle_url $continue where Continue goes
     * @param moodle_url $cancel where Cancel goes
     * @return string
     */
    public function confirm($message, $continue, $cancel) {
        return '<div class="confirmation"><p>' . $message . '</p><a class="continue" href="' . s($continue->out(false)) .
            '">Continue</a> <a class="cancel" href="' . s($cancel->out(false)) . '">Cancel</a></div>';
    }
}
$OUTPUT = new shim_confirm_renderer();
