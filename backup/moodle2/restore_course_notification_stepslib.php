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

use block_course_notification\local\catalogue;
use block_course_notification\local\course_definitions;
use block_course_notification\local\restored_definition;

/**
 * Writes the backed-up definitions into the target course's context (the contextid is mapped to the new
 * course); a definition of the same code already there (restore into an existing course) is replaced.
 *
 * A backup is checked as a form checks what a teacher types (restored_definition): what is invalid is
 * skipped, with a warning in the restore's log, and never stored; roles in the recipients are mapped to
 * this site's by the restore's role mapping.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class restore_course_notification_block_structure_step extends restore_structure_step {
    /** @var string[] new definition id => its code, for the texts' warnings */
    private array $codes = [];

    /** @var array new definition id => lang => true, the texts restored (one per language) */
    private array $langs = [];

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
     * One definition, checked; an invalid one is skipped with its texts.
     *
     * @param array $data the backed-up row
     * @return int|null SKIP_ALL_CHILDREN when it is not restored
     */
    public function process_definition($data) {
        global $DB;
        if (!$this->task->get_blockid()) {
            // The block was not restored (duplicate, not allowed): neither are its definitions.
            return self::SKIP_ALL_CHILDREN;
        }
        if (!catalogue::available()) {
            // What a definition may hold is the engine's rule: without the extension nothing can be checked,
            // so nothing unchecked is stored. The backup still holds them; restore again once it is there.
            $this->warn(['skipped a notification definition: the course_notification extension is not loaded, ' .
                'so it cannot be checked']);
            return self::SKIP_ALL_CHILDREN;
        }
        $data = (array) $data;
        [$row, $warnings] = restored_definition::definition($data, fn(int $roleid): int => $this->map_role($roleid), time());
        $this->warn($warnings);
        if ($row === null) {
            return self::SKIP_ALL_CHILDREN;
        }
        $context = context_course::instance($this->get_courseid());
        if (
            !catalogue::is_builtin($row->code) && $row->triggertype === null
            && !$this->added_above($row->code, $context)
        ) {
            // It changes a notification the source site added above the course; this site has none.
            $this->warn(["{$row->code}: skipped, as it changes a notification that this site does not define"]);
            return self::SKIP_ALL_CHILDREN;
        }
        $row->contextid = $context->id;
        $existing = $DB->get_record('block_cnotif_def', ['contextid' => $row->contextid, 'code' => $row->code]);
        // Essential overrides the learners' opt-outs: only an administrator sets it, in a form or by a
        // restore. Anyone else's restore keeps what the course had (nothing, in a new course).
        if (!course_definitions::can_mark_essential((int) $this->task->get_userid())) {
            $stored = ($existing && $existing->essential !== null) ? (int) $existing->essential : null;
            if ($row->essential !== null && $row->essential !== $stored) {
                $this->warn(["{$row->code}: left out essential, which only a site administrator sets"]);
            }
            $row->essential = $stored;
        }
        if ($existing) {
            $row->id = $existing->id;
            $row->timecreated = $existing->timecreated;
            $DB->update_record('block_cnotif_def', $row);
            $DB->delete_records('block_cnotif_text', ['defid' => $existing->id]);
            $newid = (int) $existing->id;
        } else {
            $newid = (int) $DB->insert_record('block_cnotif_def', $row);
        }
        $this->codes[$newid] = $row->code;
        $this->langs[$newid] = [];
        $this->set_mapping('definition', $data['id'] ?? 0, $newid);
        return null;
    }

    /**
     * One text of the current definition, checked; one language once.
     *
     * @param array $data the backed-up row
     */
    public function process_text($data) {
        global $DB;
        $defid = (int) $this->get_new_parentid('definition');
        if (!$defid || !isset($this->codes[$defid])) {
            return;
        }
        $code = $this->codes[$defid];
        [$text, $warnings] = restored_definition::text((array) $data, $code, time());
        $this->warn($warnings);
        if ($text === null) {
            return;
        }
        if (isset($this->langs[$defid][$text->lang])) {
            $this->warn(["{$code}: skipped a second {$text->lang} text"]);
            return;
        }
        // Markup goes into the messages' HTML as it is: only someone who may write it in the form
        // (setup carries RISK_XSS) brings it in from a backup.
        $context = context_course::instance($this->get_courseid());
        if (
            restored_definition::has_markup($text)
            && !has_capability('block/course_notification:setup', $context, $this->task->get_userid())
        ) {
            $this->warn(["{$code}: skipped the {$text->lang} text, which holds markup, as the user restoring " .
                'may not configure course notifications']);
            return;
        }
        $text->defid = $defid;
        $DB->insert_record('block_cnotif_text', $text);
        $this->langs[$defid][$text->lang] = true;
    }

    /**
     * Whether a notification of this code is added (with a trigger) in a context above the course.
     *
     * @param string $code the code
     * @param context_course $context the course's context
     * @return bool
     */
    private function added_above(string $code, context_course $context): bool {
        global $DB;
        $above = $context->get_parent_context_ids();
        if (!$above) {
            return false;
        }
        [$insql, $params] = $DB->get_in_or_equal($above, SQL_PARAMS_NAMED, 'ctx');
        return $DB->record_exists_select(
            'block_cnotif_def',
            "code = :code AND triggertype IS NOT NULL AND contextid $insql",
            $params + ['code' => $code]
        );
    }

    /**
     * A backed-up role id as a role of this site: the restore's role mapping, 0 when the role is not
     * mapped (not in the backup, or mapped to none) or does not exist here.
     *
     * @param int $roleid the role id in the backup
     * @return int
     */
    private function map_role(int $roleid): int {
        global $DB;
        $mapped = (int) $this->get_mappingid('role', $roleid);
        return ($mapped > 0 && $DB->record_exists('role', ['id' => $mapped])) ? $mapped : 0;
    }

    /**
     * Writes warnings to the restore's log.
     *
     * @param string[] $warnings what was skipped or dropped
     */
    private function warn(array $warnings): void {
        foreach ($warnings as $warning) {
            $this->log('block_course_notification: ' . $warning, backup::LOG_WARNING);
        }
    }
}
