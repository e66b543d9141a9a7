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
 * The config.php of FirstRunHttpTest's site: web_site_config.php's, with what firstrun.php needs more: the
 * plugin's settings kept in the database between requests (config_plugins, as Moodle keeps them), the
 * engine's view of the test's database and SMTP catcher in $CFG, the capabilities the test names in the
 * X-CN-Test-Caps header, and the few Moodle functions and classes the page calls (moodle_page_shim.php's
 * cache and task manager among them).
 *
 * Copied by the test into its web root without the command-line guard, as web_site_config.php is.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace {
    // A developer file, under the web root in a full clone: does nothing unless run from the command line.
    PHP_SAPI === 'cli' || exit();

    /**
     * Moodle's get_config() over config_plugins (declared before moodle_shim.php's, which then stands aside).
     *
     * @param string $plugin the component
     * @param string|null $name the setting
     * @return mixed
     */
    function get_config($plugin, $name = null) {
        global $DB;
        $rows = $DB->get_records('config_plugins', ['plugin' => $plugin]);
        $config = [];
        foreach ($rows as $row) {
            $config[$row->name] = $row->value;
        }
        return $name === null ? (object) $config : ($config[$name] ?? false);
    }

    /**
     * Moodle's set_config() over config_plugins.
     *
     * @param string $name the setting
     * @param mixed $value its value (null removes it)
     * @param string $plugin the component
     * @return bool
     */
    function set_config($name, $value, $plugin = 'core') {
        global $DB;
        $DB->delete_records('config_plugins', ['plugin' => $plugin, 'name' => $name]);
        if ($value !== null) {
            $DB->insert_record('config_plugins', (object) ['plugin' => $plugin, 'name' => $name, 'value' => (string) $value]);
        }
        return true;
    }

    /**
     * Moodle's get_course().
     *
     * @param int $courseid the course
     * @return \stdClass
     */
    function get_course($courseid) {
        global $DB;
        return $DB->get_record('course', ['id' => $courseid], '*', MUST_EXIST);
    }

    /**
     * Moodle's core_php_time_limit: nothing to raise under the built-in server.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class core_php_time_limit {
        /**
         * Raises the time limit.
         *
         * @param int $newlimit seconds, 0 for none
         */
        public static function raise($newlimit = 0) {
            $GLOBALS['CN_SHIM_TIME_RAISED'] = true;
        }
    }

    require_once(__DIR__ . '/web_site_config.php');
    // The application cache the block's figures live in, and the task manager (no scheduled task here: the
    // page then assumes one run a day).
    require_once(__DIR__ . '/moodle_page_shim.php');

    require_once(__DIR__ . '/moodle_category_shim.php');

    // The engine reads the test's database and mails to the test's catcher, as $CFG tells it on a site.
    $CFG->dbtype = 'mariadb';
    $CFG->dbhost = '127.0.0.1';
    $CFG->dbname = (string) getenv('CN_WEB_DB');
    $CFG->dbuser = 'cn';
    $CFG->dbpass = 'cn';
    $CFG->prefix = 'mdl_';
    $CFG->dboptions = ['dbport' => '3306', 'dbsocket' => ''];
    $CFG->smtphosts = '127.0.0.1:' . getenv('CN_TEST_SMTP_PORT');
    $CFG->smtpsecure = '';
    $CFG->smtpuser = '';
    $CFG->smtppass = '';
    $CFG->noreplyaddress = 'noreply@learn.example.org';
    $CFG->timezone = 'Europe/Paris';
    $CFG->siteidentifier = 'demo';
    $GLOBALS['CN_SHIM_CAPABILITIES'] = array_filter(explode(',', (string) ($_SERVER['HTTP_X_CN_TEST_CAPS'] ?? '')));
}
