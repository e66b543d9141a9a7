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
 * Backup task of the course notifications block.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

require_once($CFG->dirroot . '/blocks/course_notification/backup/moodle2/backup_course_notification_stepslib.php');

/**
 * Backs up the block with the course's notification definitions and texts (block_cnotif_def/_text).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class backup_course_notification_block_task extends backup_block_task {
    /**
     * No settings of its own.
     */
    protected function define_my_settings() {
    }

    /**
     * One structure step: the course's definitions.
     */
    protected function define_my_steps() {
        $this->add_step(new backup_course_notification_block_structure_step(
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
     * No links to encode.
     *
     * @param string $content content
     * @return string
     */
    public static function encode_content_links($content) {
        return $content;
    }
}
