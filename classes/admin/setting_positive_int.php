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
 * Admin setting holding a whole number greater than zero.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\admin;

/**
 * A text setting that only accepts a whole number greater than zero.
 *
 * admin_setting_configtext with PARAM_INT accepts "0" and "-5", and saves an empty field as 0. For
 * the per-run cap none of these makes sense (the original read 0 as "unlimited", which is what the cap
 * exists to prevent), so they are refused with a message naming the rule.
 *
 * Only loaded from settings.php, where adminlib.php (and so admin_setting_configtext) is loaded.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class setting_positive_int extends \admin_setting_configtext {

    /**
     * Builds the setting.
     *
     * @param string $name 'plugin/setting'
     * @param string $visiblename localised label
     * @param string $description localised help
     * @param int $defaultsetting default value, greater than zero
     */
    public function __construct($name, $visiblename, $description, $defaultsetting) {
        parent::__construct($name, $visiblename, $description, $defaultsetting, PARAM_INT);
    }

    /**
     * Accepts digits only, with a value greater than zero.
     *
     * @param string $data the submitted value
     * @return true|string true, or the error to show
     */
    public function validate($data) {
        $data = trim((string) $data);
        if (!ctype_digit($data) || (int) $data <= 0) {
            return get_string('settings:positiveint', 'block_course_notification');
        }
        return true;
    }
}
