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
use core\check\result;

/**
 * Reports, in Site administration > Reports > System status, whether the extension is loaded and is
 * the version this plugin release expects.
 *
 * A missing extension is critical: no notification can be sent. A different version is a warning: the
 * engine may run, but the PHP side was not written against it (a plugin upgraded without rebuilding
 * the extension, or the reverse).
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
     * The result.
     *
     * @return result
     */
    public function get_result(): result {
        $found = facade::extension_version();
        if ($found === null) {
            return new result(result::CRITICAL,
                get_string('check:engine:missing', 'block_course_notification'),
                get_string('check:engine:missing_details', 'block_course_notification', facade::EXTENSION));
        }

        $a = (object) ['found' => $found, 'expected' => facade::EXPECTED_ENGINE_VERSION];
        if ($found !== facade::EXPECTED_ENGINE_VERSION) {
            return new result(result::WARNING,
                get_string('check:engine:mismatch', 'block_course_notification', $a),
                get_string('check:engine:mismatch_details', 'block_course_notification', $a));
        }
        return new result(result::OK, get_string('check:engine:ok', 'block_course_notification', $a));
    }
}
