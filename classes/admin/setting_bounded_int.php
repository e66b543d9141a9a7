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
 * Admin setting holding a whole number within a range that may include zero.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\admin;

/**
 * A text setting that accepts a whole number from a minimum to a maximum, and nothing else.
 *
 * For the settings where 0 means something (a daily budget of 0 is no limit, a gap of 0 minutes is
 * none), which setting_positive_int refuses; the range is the engine's (crates/runner/src/config/
 * audience.rs), so a value saved here is never one the engine would refuse at the next run.
 *
 * Only loaded from settings.php, where adminlib.php (and so admin_setting_configtext) is loaded.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class setting_bounded_int extends \admin_setting_configtext {
    /** @var int the smallest value accepted */
    private $min;

    /** @var int the largest value accepted */
    private $max;

    /**
     * Builds the setting.
     *
     * @param string $name 'plugin/setting'
     * @param string $visiblename localised label
     * @param string $description localised help
     * @param int $defaultsetting default value, within the range
     * @param int $min the smallest value accepted (0 or more)
     * @param int $max the largest value accepted
     */
    public function __construct($name, $visiblename, $description, $defaultsetting, int $min, int $max) {
        parent::__construct($name, $visiblename, $description, $defaultsetting, PARAM_INT);
        $this->min = $min;
        $this->max = $max;
    }

    /**
     * Accepts digits only, with a value within the range.
     *
     * @param string $data the submitted value
     * @return true|string true, or the error to show
     */
    public function validate($data) {
        $data = trim((string) $data);
        // Compared as digits first: a value beyond PHP's integers would wrap when cast.
        if (
            !ctype_digit($data) || strlen(ltrim($data, '0')) > strlen((string) $this->max)
            || (int) $data < $this->min || (int) $data > $this->max
        ) {
            return get_string(
                'settings:boundedint',
                'block_course_notification',
                (object) ['min' => $this->min, 'max' => $this->max]
            );
        }
        return true;
    }
}
