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
 * Restore structure step of the course notifications block.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

/**
 * Writes the backed-up definitions into the target course's context (the contextid is mapped to the new
 * course); a definition of the same code already there (restore into an existing course) is replaced.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class restore_course_notification_block_structure_step extends restore_structure_step {

    /**
     * The paths to process.
     *
     * @return restore_path_element[]
     */
    protected function define_structure() {
        return [
            new restore_path_element('definition', '/block/course_notification/definitions/definition'),
            new restore_path_element('text', '/block/course_notification/definitions/definition/texts/text'),
        ];
    }

    /**
     * One definition.
     *
     * @param array $data the backed-up row
     */
    public function process_definition($data) {
        global $DB;
        if (!$this->task->get_blockid()) {
            // The block was not restored (duplicate, not allowed): neither are its definitions.
            return;
        }
        $data = (object) $data;
        $oldid = $data->id;
        unset($data->id);
        $data->contextid = context_course::instance($this->get_courseid())->id;
        $now = time();
        // A notification added in the course sends only what becomes due after it was switched on. In
        // the restored course it is switched on now, so nothing from the source course's past is mailed.
        if ($data->timeenabled !== null && $data->timeenabled !== '') {
            $data->timeenabled = max((int) $data->timeenabled, $now);
        }
        foreach (['enabled', 'triggertype', 'offsetdays', 'repeatevery', 'repeatmax', 'latelimit', 'neveraccessed',
                'notcompleted', 'duringaccess', 'priority', 'timeenabled', 'recipients'] as $field) {
            if (!property_exists($data, $field) || $data->$field === '') {
                $data->$field = null;
            }
        }
        $existing = $DB->get_record('block_cnotif_def', ['contextid' => $data->contextid, 'code' => $data->code]);
        if ($existing) {
            $data->id = $existing->id;
            $DB->update_record('block_cnotif_def', $data);
            $DB->delete_records('block_cnotif_text', ['defid' => $existing->id]);
            $newid = $existing->id;
        } else {
            $newid = $DB->insert_record('block_cnotif_def', $data);
        }
        $this->set_mapping('definition', $oldid, $newid);
    }

    /**
     * One text of the current definition.
     *
     * @param array $data the backed-up row
     */
    public function process_text($data) {
        global $DB;
        $data = (object) $data;
        $defid = $this->get_new_parentid('definition');
        if (!$defid) {
            return;
        }
        unset($data->id);
        $data->defid = $defid;
        $DB->insert_record('block_cnotif_text', $data);
    }
}
