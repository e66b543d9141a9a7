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
 * Status check of the notification engine extension.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\check;

use block_course_notification\local\engine as facade;
use block_course_notification\local\engine_config;
use block_course_notification\local\extension_status;
use core\check\result;

/**
 * Reports, in Site administration > Reports > System status, whether the extension is loaded and is
 * the version this plugin release expects, by this PHP and by the PHP that runs cron.
 *
 * Missing and mismatched are both errors: the environment check only recommends the extension (so that
 * a PHP update without a rebuild does not block Moodle's upgrades), which makes this check, and the
 * notice on Site administration > Notifications built from it, the place where the fault is shown.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class engine extends \core\check\check {
    /**
     * Name of the check.
     *
     * @return string
     */
    public function get_name(): string {
        return get_string('check:engine', 'block_course_notification');
    }

    /**
     * Link to the plugin settings, where the extension state is shown too.
     *
     * @return \action_link|null
     */
    public function get_action_link(): ?\action_link {
        return new \action_link(
            new \moodle_url('/admin/settings.php', ['section' => 'blocksettingcourse_notification']),
            get_string('settings:title', 'block_course_notification')
        );
    }

    /**
     * The result for this PHP and for cron's.
     *
     * @return result
     */
    public function get_result(): result {
        global $CFG;
        return self::result_for(
            facade::extension_version(),
            extension_status::php(),
            extension_status::cron(),
            (string) ($CFG->dbtype ?? '')
        );
    }

    /**
     * The result for what this PHP and cron's have loaded.
     *
     * @param string|null $found the version this PHP has loaded, null when none
     * @param string $php this PHP, as extension_status::php() says it
     * @param \stdClass|null $cron what cron's PHP had loaded at the last task (extension_status::cron()),
     *        null when no task has run yet
     * @param string $dbtype the site's $CFG->dbtype
     * @return result
     */
    public static function result_for(?string $found, string $php, ?\stdClass $cron, string $dbtype): result {
        $expected = facade::EXPECTED_ENGINE_VERSION;
        // On a database the engine does not read (SQL Server, Oracle), nothing else matters: say that first.
        if (!engine_config::supports_dbtype($dbtype)) {
            return new result(
                result::ERROR,
                get_string('check:engine:database', 'block_course_notification', $dbtype),
                get_string('check:engine:database_details', 'block_course_notification')
            );
        }
        $a = (object) ['found' => $found, 'expected' => $expected, 'php' => $php, 'since' => ''];
        if ($found === null) {
            return self::error('missing', $a);
        }
        if ($found !== $expected) {
            return self::error('mismatch', $a);
        }
        if ($cron !== null && $cron->version !== $expected) {
            $a = (object) ['found' => $cron->version, 'expected' => $expected, 'php' => $cron->php,
                'since' => userdate($cron->since)];
            return self::error($cron->version === null ? 'cronmissing' : 'cronmismatch', $a);
        }
        return new result(result::OK, get_string('check:engine:ok', 'block_course_notification', $a));
    }

    /**
     * An error: what is wrong, then what to do about it.
     *
     * @param string $what missing, mismatch, cronmissing or cronmismatch
     * @param \stdClass $a found, expected, php, since
     * @return result
     */
    private static function error(string $what, \stdClass $a): result {
        $details = get_string('check:engine:' . $what . '_details', 'block_course_notification', $a) . ' ' .
            get_string('check:engine:fix', 'block_course_notification', $a);
        return new result(result::ERROR, get_string('check:engine:' . $what, 'block_course_notification', $a), $details);
    }
}
