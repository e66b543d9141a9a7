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
 * Notification definitions in any context (site, category, course): load, validate, save.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\local;

/**
 * Reads and writes block_cnotif_def / block_cnotif_text rows, which the engine reads at every run.
 *
 * A NULL column inherits from the context above (the site inherits from the engine's built-in catalogue),
 * so a save writes only the columns it is given and leaves the others as they are. The site's defaults
 * are the system context's rows, edited on the Site notifications page (sitenotifications.php) and
 * nowhere else. What a definition may hold (codes, triggers, ranges) is the engine's rule, read from
 * catalogue.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class definitions {
    /** Columns of block_cnotif_def a definition may set (NULL inherits). */
    public const FIELDS = ['enabled', 'triggertype', 'offsetdays', 'repeatevery', 'repeatmax', 'latelimit',
        'neveraccessed', 'notcompleted', 'duringaccess', 'priority', 'recipients', 'essential'];

    /** The longest subject, in characters: block_cnotif_text.subject's length (install.xml). */
    public const SUBJECT_MAX = 1333;

    /**
     * The definitions stored in a context, by code, each with ->texts = [lang => ['subject', 'body']].
     *
     * @param int $contextid the context
     * @return \stdClass[]
     */
    public static function load_context(int $contextid): array {
        global $DB;
        $defs = [];
        $byid = [];
        foreach ($DB->get_records('block_cnotif_def', ['contextid' => $contextid], 'id') as $def) {
            $def->texts = [];
            $defs[$def->code] = $def;
            $byid[$def->id] = $def;
        }
        if ($byid) {
            [$insql, $params] = $DB->get_in_or_equal(array_keys($byid), SQL_PARAMS_NAMED);
            foreach ($DB->get_records_select('block_cnotif_text', "defid $insql", $params, 'lang') as $text) {
                $byid[$text->defid]->texts[$text->lang] = ['subject' => $text->subject, 'body' => $text->body];
            }
        }
        return $defs;
    }

    /**
     * One definition of a context, or null.
     *
     * @param int $contextid the context
     * @param string $code the notification
     * @return \stdClass|null with ->texts
     */
    public static function load(int $contextid, string $code): ?\stdClass {
        return self::load_context($contextid)[$code] ?? null;
    }

    /**
     * What is wrong with a definition before it is saved, by field: the one set of rules of every form
     * that writes definitions (the site form, the course form), from the engine's catalogue.
     *
     * Numbers are checked as typed: "abc", "7.5" or "1e2" are refused, not cast to a whole number.
     *
     * @param string $code the notification code
     * @param array $fields column => value as typed (null: inherit, not checked)
     * @param array|null $texts lang => ['subject' => string, 'body' => string]; null leaves the texts alone
     * @param bool $added whether it adds a notification (then it needs a trigger and a text)
     * @return array field (column, 'code', or "text:<lang>:subject|body") => message
     */
    public static function validate(string $code, array $fields, ?array $texts, bool $added): array {
        $component = 'block_course_notification';
        $errors = [];
        if (!catalogue::valid_code($code)) {
            $errors['code'] = get_string('error:code', $component);
        }
        $trigger = $fields['triggertype'] ?? null;
        if (($added && $trigger === null) || ($trigger !== null && !in_array($trigger, catalogue::triggers(), true))) {
            $errors['triggertype'] = get_string('error:trigger', $component);
        }
        foreach (catalogue::column_bounds() as $column => [$min, $max]) {
            $value = $fields[$column] ?? null;
            if ($value !== null && !self::whole_number_in($value, $min, $max)) {
                $errors[$column] = get_string('error:range', $component, (object) ['min' => $min, 'max' => $max]);
            }
        }
        // Essential (sent whatever the learner opted out of, never held by the daily budget): 1, 0 or inherit.
        $essential = $fields['essential'] ?? null;
        if ($essential !== null && !in_array((string) $essential, ['0', '1'], true)) {
            $errors['essential'] = get_string('error:essential', $component);
        }
        if (
            isset($fields['recipients']) && !preg_match(
                '/^\s*(learner|role:[1-9][0-9]*)(\s*,\s*(learner|role:[1-9][0-9]*))*\s*$/',
                (string) $fields['recipients']
            )
        ) {
            $errors['recipients'] = get_string('error:recipients', $component);
        }
        foreach ($texts ?? [] as $lang => $text) {
            foreach (['subject', 'body'] as $part) {
                $value = trim((string) ($text[$part] ?? ''));
                $other = trim((string) ($text[$part === 'subject' ? 'body' : 'subject'] ?? ''));
                // One part written and not the other: a text has both (a language without either is no text).
                $message = ($value === '' && $other !== '') ? get_string('error:textpair', 'block_course_notification')
                    : self::text_problem($part, $value);
                if ($message !== null) {
                    $errors["text:{$lang}:{$part}"] = $message;
                }
            }
        }
        // An added notification has no built-in text to fall back on.
        if ($added && $texts !== null && !$texts) {
            $errors['text:en:subject'] = get_string('error:notext', $component);
        }
        return $errors;
    }

    /**
     * What is wrong with a subject or a body: missing, a subject on more than one line or longer than
     * SUBJECT_MAX characters, a template the engine cannot render (unknown placeholder, unclosed braces).
     *
     * @param string $part 'subject' or 'body'
     * @param string $value the text as typed
     * @return string|null the message, null when it is fine
     */
    private static function text_problem(string $part, string $value): ?string {
        $component = 'block_course_notification';
        $value = trim($value);
        if ($value === '') {
            return get_string('error:required', $component);
        }
        if ($part === 'subject' && preg_match('/[\r\n]/', $value)) {
            return get_string('error:oneline', $component);
        }
        if ($part === 'subject' && \core_text::strlen($value) > self::SUBJECT_MAX) {
            return get_string('error:toolong', $component, self::SUBJECT_MAX);
        }
        $problems = engine::template_problems($value);
        return $problems ? get_string('error:template', $component, implode('; ', $problems)) : null;
    }

    /**
     * Whether a value, as typed or as stored, is a whole number within bounds.
     *
     * @param mixed $value an int, or a string of digits with an optional sign
     * @param int $min lowest allowed
     * @param int $max highest allowed
     * @return bool
     */
    public static function whole_number_in($value, int $min, int $max): bool {
        if (!is_int($value)) {
            // A string of digits too long for an int becomes PHP_INT_MAX, out of any bound.
            if (!is_string($value) || !preg_match('/^[+-]?\d+$/', trim($value))) {
                return false;
            }
            $value = (int) trim($value);
        }
        return $value >= $min && $value <= $max;
    }

    /**
     * Writes a definition: the columns given (null stores NULL, that is inherit), the others unchanged.
     *
     * @param int $contextid the context
     * @param string $code the notification
     * @param array $fields column => value, only columns of FIELDS
     * @param array|null $texts null leaves the texts alone; an array replaces them (a language absent is removed)
     * @param int $now the time
     * @return int the definition's id, 0 when nothing remained to store (the row was removed)
     */
    public static function save(int $contextid, string $code, array $fields, ?array $texts, int $now): int {
        global $DB;
        $transaction = $DB->start_delegated_transaction();
        $row = $DB->get_record('block_cnotif_def', ['contextid' => $contextid, 'code' => $code]);
        $wason = $row && $row->enabled !== null && (int) $row->enabled === 1;
        if (!$row) {
            $row = (object) ['contextid' => $contextid, 'code' => $code, 'timecreated' => $now];
            foreach (self::FIELDS as $column) {
                $row->$column = null;
            }
        }
        foreach ($fields as $column => $value) {
            if (in_array($column, self::FIELDS, true)) {
                $row->$column = $value;
            }
        }
        // An added notification sends only what becomes due after it was switched on (Totara's rule).
        $added = !catalogue::is_builtin($code) && $row->triggertype !== null;
        if ($added && (int) $row->enabled === 1 && (!$wason || empty($row->timeenabled))) {
            $row->timeenabled = $now;
        }
        $row->timemodified = $now;

        $hastexts = $texts !== null ? (bool) $texts
            : (!empty($row->id) && $DB->record_exists('block_cnotif_text', ['defid' => $row->id]));
        $hasfields = false;
        foreach (self::FIELDS as $column) {
            $hasfields = $hasfields || $row->$column !== null;
        }
        if (!$hasfields && !$hastexts) {
            if (!empty($row->id)) {
                self::delete($contextid, $code);
            }
            $transaction->allow_commit();
            return 0;
        }
        if (empty($row->id)) {
            $row->id = $DB->insert_record('block_cnotif_def', $row);
        } else {
            $DB->update_record('block_cnotif_def', $row);
        }
        if ($texts !== null) {
            $stored = $DB->get_records('block_cnotif_text', ['defid' => $row->id], '', 'lang, id');
            foreach ($texts as $lang => $text) {
                $record = (object) ['defid' => $row->id, 'lang' => (string) $lang,
                    'subject' => trim((string) $text['subject']),
                    'body' => trim(str_replace("\r\n", "\n", (string) $text['body'])), 'timemodified' => $now];
                if (isset($stored[$lang])) {
                    $record->id = $stored[$lang]->id;
                    $DB->update_record('block_cnotif_text', $record);
                } else {
                    $DB->insert_record('block_cnotif_text', $record);
                }
            }
            $gone = array_diff(array_keys($stored), array_map('strval', array_keys($texts)));
            if ($gone) {
                [$insql, $params] = $DB->get_in_or_equal($gone, SQL_PARAMS_NAMED);
                $params['defid'] = $row->id;
                $DB->delete_records_select('block_cnotif_text', "defid = :defid AND lang $insql", $params);
            }
        }
        $transaction->allow_commit();
        return (int) $row->id;
    }

    /**
     * Removes a definition and its texts from a context.
     *
     * @param int $contextid the context
     * @param string $code the notification
     */
    public static function delete(int $contextid, string $code): void {
        global $DB;
        $id = $DB->get_field('block_cnotif_def', 'id', ['contextid' => $contextid, 'code' => $code]);
        if ($id) {
            $DB->delete_records('block_cnotif_text', ['defid' => $id]);
            $DB->delete_records('block_cnotif_def', ['id' => $id]);
        }
    }

    /**
     * Removes every definition of a context (a course or category was deleted).
     *
     * @param int $contextid the context
     */
    public static function delete_context(int $contextid): void {
        global $DB;
        $ids = $DB->get_fieldset_select('block_cnotif_def', 'id', 'contextid = ?', [$contextid]);
        if ($ids) {
            [$insql, $params] = $DB->get_in_or_equal($ids);
            $DB->delete_records_select('block_cnotif_text', "defid $insql", $params);
            $DB->delete_records('block_cnotif_def', ['contextid' => $contextid]);
        }
    }
}
