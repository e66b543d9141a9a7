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
 * Notification definitions in any context (site, category, course): load, validate, save, and the site
 * settings written as site-level definitions.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\local;

/**
 * Reads and writes block_cnotif_def / block_cnotif_text rows, which the engine reads at every run.
 *
 * A NULL column inherits from the context above (the site inherits from the built-in catalogue), so a
 * save writes only the columns it is given and leaves the others as they are. Site settings (on/off per
 * notification, delays, inactivity frequency) are stored as config and mirrored by sync_site_settings()
 * into the system context's rows, NULL where they equal the built-in value, so the provenance the
 * engine reports stays "built-in" until an administrator changes something.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class definitions {
    /** The built-in catalogue with the values the site settings can change (crates/engine/src/catalogue.rs). */
    public const BUILTIN = [
        'firstassign' => ['enabled' => 1, 'offsetdays' => 0],
        'firstcall' => ['enabled' => 1, 'offsetdays' => 7],
        'secondcall' => ['enabled' => 1, 'offsetdays' => 14],
        'inactive' => ['enabled' => 1, 'offsetdays' => 14, 'repeatevery' => 7],
        'twoweeksnearend' => ['enabled' => 1, 'offsetdays' => -14],
        'oneweeknearend' => ['enabled' => 1, 'offsetdays' => -7],
        'fivedaystoend' => ['enabled' => 1, 'offsetdays' => -5],
        'threedaystoend' => ['enabled' => 1, 'offsetdays' => -3],
        'onedaytoend' => ['enabled' => 1, 'offsetdays' => -1],
        'closed' => ['enabled' => 1, 'offsetdays' => 0],
        'completed' => ['enabled' => 1, 'offsetdays' => 0],
        'coldfeedback' => ['enabled' => 0, 'offsetdays' => 7],
    ];

    /** Site settings that hold a delay, and the notification and column they set. */
    public const DELAY_SETTINGS = [
        'firstcalldelay' => ['firstcall', 'offsetdays'],
        'secondcalldelay' => ['secondcall', 'offsetdays'],
        'inactivitydelay' => ['inactive', 'offsetdays'],
        'inactivityfrequency' => ['inactive', 'repeatevery'],
    ];

    /** Columns of block_cnotif_def a definition may set (NULL inherits). */
    public const FIELDS = ['enabled', 'triggertype', 'offsetdays', 'repeatevery', 'repeatmax', 'latelimit',
        'neveraccessed', 'notcompleted', 'duringaccess', 'priority', 'recipients', 'essential'];

    /** Triggers a notification can count from (the stored names the engine reads). */
    public const TRIGGERS = ['accessstart', 'accessend', 'coursestart', 'courseend', 'lastaccess', 'completion',
        'enrolment'];

    /** Valid code of a notification added in a context (the engine's rule). */
    public const CODE_PATTERN = '/^[a-z0-9_]{1,64}$/';

    /** Bounds of the day fields. */
    public const DAYS_MIN = -365;
    /** Upper bound of the day fields. */
    public const DAYS_MAX = 365;

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
     * What is wrong with a definition before it is saved, by field.
     *
     * @param string $code the notification code
     * @param array $fields column => value as save() takes them
     * @param array|null $texts lang => ['subject' => string, 'body' => string]
     * @param bool $added whether it adds a notification (then it needs a trigger)
     * @return array field (column, 'code', or "text:<lang>:subject|body") => message
     */
    public static function validate(string $code, array $fields, ?array $texts, bool $added): array {
        $errors = [];
        if (!preg_match(self::CODE_PATTERN, $code)) {
            $errors['code'] = get_string('error:code', 'block_course_notification');
        }
        $trigger = $fields['triggertype'] ?? null;
        if (($added && $trigger === null) || ($trigger !== null && !in_array($trigger, self::TRIGGERS, true))) {
            $errors['triggertype'] = get_string('error:trigger', 'block_course_notification');
        }
        foreach (['offsetdays', 'repeatevery', 'repeatmax', 'latelimit'] as $column) {
            $value = $fields[$column] ?? null;
            if ($value === null) {
                continue;
            }
            $min = $column === 'offsetdays' ? self::DAYS_MIN : 0;
            $max = $column === 'repeatmax' ? 1000 : self::DAYS_MAX;
            if (!is_numeric($value) || (int) $value != $value || $value < $min || $value > $max) {
                $errors[$column] = get_string('error:range', 'block_course_notification', (object) ['min' => $min, 'max' => $max]);
            }
        }
        // Essential (sent whatever the learner opted out of, never held by the daily budget): 1, 0 or inherit.
        $essential = $fields['essential'] ?? null;
        if ($essential !== null && !in_array((string) $essential, ['0', '1'], true)) {
            $errors['essential'] = get_string('error:essential', 'block_course_notification');
        }
        if (
            isset($fields['recipients']) && !preg_match(
                '/^\s*(learner|role:[1-9][0-9]*)(\s*,\s*(learner|role:[1-9][0-9]*))*\s*$/',
                (string) $fields['recipients']
            )
        ) {
            $errors['recipients'] = get_string('error:recipients', 'block_course_notification');
        }
        foreach ($texts ?? [] as $lang => $text) {
            foreach (['subject', 'body'] as $part) {
                $value = trim((string) ($text[$part] ?? ''));
                if ($value === '') {
                    $errors["text:{$lang}:{$part}"] = get_string('error:notext', 'block_course_notification');
                    continue;
                }
                $problems = engine::template_problems($value);
                if ($problems) {
                    $errors["text:{$lang}:{$part}"] = implode('; ', $problems);
                }
            }
        }
        return $errors;
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
        $added = !array_key_exists($code, self::BUILTIN) && $row->triggertype !== null;
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

    /**
     * The value a site setting holds for a notification's column, or the built-in one.
     *
     * @param string $code the notification
     * @param string $column enabled, offsetdays or repeatevery
     * @return int|null null when the built-in catalogue has no such value
     */
    public static function site_value(string $code, string $column): ?int {
        $builtin = self::BUILTIN[$code][$column] ?? null;
        if ($column === 'enabled') {
            $value = get_config('block_course_notification', 'notif_' . $code);
            return ($value === false || $value === '') ? $builtin : (int) $value;
        }
        foreach (self::DELAY_SETTINGS as $name => [$forcode, $forcolumn]) {
            if ($forcode === $code && $forcolumn === $column) {
                $value = get_config('block_course_notification', $name);
                return ($value === false || $value === '' || !is_numeric($value)) ? $builtin : (int) $value;
            }
        }
        return $builtin;
    }

    /**
     * Mirrors the site settings into the system context's definitions, which the engine reads.
     *
     * Used as the settings' updated callback (Moodle passes the setting's full name) and by the upgrade.
     *
     * @param string $unused the name of the setting that changed
     */
    public static function sync_site_settings(string $unused = ''): void {
        $contextid = \context_system::instance()->id;
        $now = time();
        foreach (self::BUILTIN as $code => $builtin) {
            $fields = [];
            foreach ($builtin as $column => $default) {
                if ($column !== 'enabled' && !self::is_setting($code, $column)) {
                    continue;
                }
                $value = self::site_value($code, $column);
                $fields[$column] = ($value === $default) ? null : $value;
            }
            self::save($contextid, $code, $fields, null, $now);
        }
    }

    /**
     * Whether a site setting holds this column of this notification.
     *
     * @param string $code the notification
     * @param string $column the column
     * @return bool
     */
    private static function is_setting(string $code, string $column): bool {
        foreach (self::DELAY_SETTINGS as [$forcode, $forcolumn]) {
            if ($forcode === $code && $forcolumn === $column) {
                return true;
            }
        }
        return false;
    }

    /**
     * The human name of a notification: the catalogue's string for a built-in one, its code otherwise.
     *
     * @param string $code the notification
     * @return string
     */
    public static function name(string $code): string {
        if (array_key_exists($code, self::BUILTIN)) {
            return get_string('notif:' . $code, 'block_course_notification');
        }
        return $code;
    }
}
