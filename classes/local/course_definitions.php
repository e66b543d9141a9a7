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
 * The notifications a course defines or overrides, as stored in block_cnotif_def and block_cnotif_text.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\local;

/**
 * Reads and writes one context's definitions; the engine applies them (crates/engine/src/inherit.rs).
 *
 * A NULL field inherits from the context above, so "not overridden" is stored as NULL, never as a copy
 * of the inherited value: a later change at the site or category level then still reaches the course.
 * The built-in codes, the triggers and the ranges are the engine's (catalogue).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class course_definitions {
    /**
     * Definitions stored in a context, by code, each with its texts by language.
     *
     * @param int $contextid the context (a course context for the block's form)
     * @return \stdClass[] code => definition row, with ->texts = [lang => row]
     */
    public static function load(int $contextid): array {
        global $DB;
        $defs = [];
        foreach ($DB->get_records('block_cnotif_def', ['contextid' => $contextid], 'id') as $def) {
            $def->texts = [];
            $defs[$def->code] = $def;
        }
        if (!$defs) {
            return [];
        }
        $byid = [];
        foreach ($defs as $def) {
            $byid[$def->id] = $def;
        }
        [$insql, $params] = $DB->get_in_or_equal(array_keys($byid), SQL_PARAMS_NAMED);
        foreach ($DB->get_records_select('block_cnotif_text', "defid $insql", $params, 'lang') as $text) {
            $byid[$text->defid]->texts[$text->lang] = $text;
        }
        return $defs;
    }

    /**
     * Writes one notification's definition in a context; NULL fields inherit.
     *
     * @param int $contextid the context
     * @param string $code the notification code
     * @param array $fields enabled, triggertype, offsetdays, repeatevery, repeatmax (null: inherit), and
     *        essential (null: inherit; absent: left as stored, for an editor who may not set it)
     * @param array $texts lang => ['subject' => string, 'body' => string]; a language absent inherits
     * @param int $now the time, for timemodified and for timeenabled of an added notification
     */
    public static function save(int $contextid, string $code, array $fields, array $texts, int $now): void {
        global $DB;
        $existing = $DB->get_record('block_cnotif_def', ['contextid' => $contextid, 'code' => $code]);
        $columns = ['enabled', 'triggertype', 'offsetdays', 'repeatevery', 'repeatmax'];
        $values = [];
        foreach ($columns as $column) {
            $values[$column] = $fields[$column] ?? null;
        }
        $values['essential'] = array_key_exists('essential', $fields)
            ? ($fields['essential'] === null ? null : (int) (bool) $fields['essential'])
            : ($existing->essential ?? null);
        $empty = !$texts && !array_filter($values, fn($v) => $v !== null);
        if ($empty) {
            if ($existing) {
                self::delete($contextid, $code);
            }
            return;
        }

        $transaction = $DB->start_delegated_transaction();
        $row = $existing ?: (object) ['contextid' => $contextid, 'code' => $code, 'timecreated' => $now];
        foreach ($values as $column => $value) {
            $row->$column = $value;
        }
        // A notification added here sends only what becomes due after it was switched on (Totara's
        // rule: creating or re-enabling one never mails the past); overrides of inherited ones leave it.
        $added = !catalogue::is_builtin($code) && $values['triggertype'] !== null;
        $wason = $existing && $existing->enabled !== null && (int) $existing->enabled === 1;
        if ($added && (int) $values['enabled'] === 1 && (!$wason || empty($existing->timeenabled))) {
            $row->timeenabled = $now;
        }
        $row->timemodified = $now;
        if ($existing) {
            $DB->update_record('block_cnotif_def', $row);
        } else {
            $row->id = $DB->insert_record('block_cnotif_def', $row);
        }

        $stored = $DB->get_records('block_cnotif_text', ['defid' => $row->id], '', 'lang, id');
        foreach ($texts as $lang => $text) {
            $record = (object) ['defid' => $row->id, 'lang' => $lang, 'subject' => (string) $text['subject'],
                'body' => (string) $text['body'], 'timemodified' => $now];
            if (isset($stored[$lang])) {
                $record->id = $stored[$lang]->id;
                $DB->update_record('block_cnotif_text', $record);
            } else {
                $DB->insert_record('block_cnotif_text', $record);
            }
        }
        $gone = array_diff(array_keys($stored), array_keys($texts));
        if ($gone) {
            [$insql, $params] = $DB->get_in_or_equal($gone, SQL_PARAMS_NAMED);
            $params['defid'] = $row->id;
            $DB->delete_records_select('block_cnotif_text', "defid = :defid AND lang $insql", $params);
        }
        $transaction->allow_commit();
    }

    /**
     * Whether the current user may mark a notification essential, or not, in a course.
     *
     * An essential notification is sent whatever the learner opted out of: an administrator's decision
     * (for example where a contract requires a notice), which the learners' right to unsubscribe leaves
     * to the site, not to whoever configures a course's notifications.
     *
     * @param int|null $userid the user, null for the current one
     * @return bool
     */
    public static function can_mark_essential(?int $userid = null): bool {
        return has_capability('moodle/site:config', \context_system::instance(), $userid);
    }

    /**
     * Removes a notification's definition (and texts) from a context: it inherits again, or, when it
     * was added there, no longer exists.
     *
     * @param int $contextid the context
     * @param string $code the notification code
     */
    public static function delete(int $contextid, string $code): void {
        definitions::delete($contextid, $code);
    }

    /**
     * Removes every definition of a context (the block was deleted from the course).
     *
     * @param int $contextid the context
     */
    public static function delete_context(int $contextid): void {
        definitions::delete_context($contextid);
    }

    /**
     * The languages texts can be written in: English and French always, and every installed language.
     *
     * @return string[] language codes, English first
     */
    public static function languages(): array {
        $langs = ['en', 'fr'];
        foreach (array_keys(get_string_manager()->get_list_of_translations()) as $lang) {
            if (!in_array($lang, $langs, true)) {
                $langs[] = $lang;
            }
        }
        return $langs;
    }

    /**
     * Where a field's value comes from, in words: the built-in default, the site, a category, this course.
     *
     * @param string|null $source the engine's source ('builtin' or 'context:<id>')
     * @param int $coursecontextid the course's context, named "this course"
     * @return string
     */
    public static function source_name(?string $source, int $coursecontextid): string {
        if ($source === null || $source === 'builtin') {
            return get_string('source:builtin', 'block_course_notification');
        }
        $id = (int) substr($source, strlen('context:'));
        if ($id === $coursecontextid) {
            return get_string('source:course', 'block_course_notification');
        }
        $context = \context::instance_by_id($id, IGNORE_MISSING);
        if (!$context) {
            return get_string('source:builtin', 'block_course_notification');
        }
        if ($context->contextlevel == CONTEXT_SYSTEM) {
            return get_string('source:site', 'block_course_notification');
        }
        return get_string('source:context', 'block_course_notification', $context->get_context_name(false));
    }
}
