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
 * A text setting that only accepts a whole number greater than zero, and at most a maximum if given.
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
    /** @var int|null the largest value accepted, null for none */
    private $max;

    /**
     * Builds the setting.
     *
     * @param string $name 'plugin/setting'
     * @param string $visiblename localised label
     * @param string $description localised help
     * @param int $defaultsetting default value, greater than zero
     * @param int|null $max the largest value accepted (the engine refuses a larger cap), null for none
     */
    public function __construct($name, $visiblename, $description, $defaultsetting, $max = null) {
        parent::__construct($name, $visiblename, $description, $defaultsetting, PARAM_INT);
        $this->max = $max;
    }

    /**
     * Accepts digits only, with a value greater than zero and not above the maximum.
     *
     * @param string $data the submitted value
     * @return true|string true, or the error to show
     */
    public function validate($data) {
        $data = trim((string) $data);
        if (!ctype_digit($data) || (int) $data <= 0) {
            return get_string('settings:positiveint', 'block_course_notification');
        }
        // Compared as digits too: a value beyond PHP's integers would wrap when cast.
        if ($this->max !== null && (strlen(ltrim($data, '0')) > strlen((string) $this->max) || (int) $data > $this->max)) {
            return get_string('settings:positiveintmax', 'block_course_notification', $this->max);
        }
        return true;
    }
}
