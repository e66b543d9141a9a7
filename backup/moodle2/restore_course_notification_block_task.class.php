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
 * Restore task of the course notifications block.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

require_once($CFG->dirroot . '/blocks/course_notification/backup/moodle2/restore_course_notification_stepslib.php');

/**
 * Restores the block and the course's notification definitions into the target course's context.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class restore_course_notification_block_task extends restore_block_task {
    /**
     * No settings of its own.
     */
    protected function define_my_settings() {
    }

    /**
     * One structure step: the course's definitions.
     */
    protected function define_my_steps() {
        $this->add_step(new restore_course_notification_block_structure_step(
            'course_notification_structure',
            'course_notification.xml'
        ));
    }

    /**
     * No file areas.
     *
     * @return array
     */
    public function get_fileareas() {
        return [];
    }

    /**
     * Nothing encoded in configdata.
     *
     * @return array
     */
    public function get_configdata_encoded_attributes() {
        return [];
    }

    /**
     * No content to decode.
     *
     * @return array
     */
    public static function define_decode_contents() {
        return [];
    }

    /**
     * No decode rules.
     *
     * @return array
     */
    public static function define_decode_rules() {
        return [];
    }
}
