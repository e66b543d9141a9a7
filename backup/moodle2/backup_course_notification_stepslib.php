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
 * Backup structure step of the course notifications block.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

/**
 * The definitions of the block's course context, each with its texts. The outbox (who was sent what)
 * is user data tied to this site's history and is not backed up.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class backup_course_notification_block_structure_step extends backup_block_structure_step {
    /**
     * Defines the structure.
     *
     * @return backup_nested_element
     */
    protected function define_structure() {
        $root = new backup_nested_element('course_notification', ['id'], null);
        $defs = new backup_nested_element('definitions');
        $def = new backup_nested_element('definition', ['id'], ['code', 'enabled', 'triggertype', 'offsetdays',
            'repeatevery', 'repeatmax', 'latelimit', 'neveraccessed', 'notcompleted', 'duringaccess', 'priority',
            'timeenabled', 'recipients', 'essential', 'timecreated', 'timemodified']);
        $texts = new backup_nested_element('texts');
        $text = new backup_nested_element('text', ['id'], ['lang', 'subject', 'body', 'timemodified']);

        $root->add_child($defs);
        $defs->add_child($def);
        $def->add_child($texts);
        $texts->add_child($text);

        $root->set_source_array([(object) ['id' => $this->task->get_blockid()]]);
        $coursecontext = context_course::instance($this->task->get_courseid());
        $def->set_source_table('block_cnotif_def', ['contextid' => backup_helper::is_sqlparam($coursecontext->id)], 'id ASC');
        $text->set_source_table('block_cnotif_text', ['defid' => backup::VAR_PARENTID], 'id ASC');
        $this->annotate_recipient_roles($coursecontext->id);

        return $this->prepare_block_structure($root);
    }

    /**
     * Puts the roles named in the definitions' recipients (role:<id>) into the backup, so that the
     * restore maps them to the target site's roles (by archetype and short name, as it maps role
     * assignments) even when nobody in the course holds them.
     *
     * @param int $contextid the course context
     */
    private function annotate_recipient_roles(int $contextid): void {
        global $DB;
        $lists = $DB->get_fieldset_select(
            'block_cnotif_def',
            'recipients',
            'contextid = ? AND recipients IS NOT NULL',
            [$contextid]
        );
        foreach ($lists as $list) {
            preg_match_all('/\brole:([1-9][0-9]*)\b/', (string) $list, $matches);
            foreach ($matches[1] as $roleid) {
                backup_structure_dbops::insert_backup_ids_record($this->get_backupid(), 'role', (int) $roleid);
            }
        }
    }
}
