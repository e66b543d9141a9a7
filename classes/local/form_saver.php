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
 * Turns the block instance form's notification fields into course definitions.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\local;

/**
 * Maps the course form's data (edit_form.php) to definitions, for validation and for saving.
 *
 * One mapping serves both: section() and new_notification() give the values as typed, which
 * definitions::validate() checks ("abc" or "7.5" is refused, not cast to 0); save() stores the same
 * mapping with the numbers made whole. An unticked "override" maps to NULL (the field inherits); a
 * ticked one to the value typed.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class form_saver {
    /** Columns the course form sets that hold a number. */
    private const NUMBERS = ['offsetdays', 'repeatevery', 'repeatmax'];

    /**
     * Saves every notification section and the new notification, if one was typed.
     *
     * @param int $contextid the course context
     * @param \stdClass $data the form's config data without the 'config_' prefix
     * @param int $now the time
     */
    public static function save(int $contextid, \stdClass $data, int $now): void {
        $data = (array) $data;
        $langs = course_definitions::languages();
        $stored = course_definitions::load($contextid);
        $count = (int) ($data['n_count'] ?? 0);
        for ($i = 0; $i < $count; $i++) {
            $p = "n{$i}_";
            $code = (string) ($data[$p . 'code'] ?? '');
            if (!catalogue::valid_code($code)) {
                continue;
            }
            $added = !catalogue::is_builtin($code) && isset($stored[$code])
                && $stored[$code]->triggertype !== null;
            if ($added && !empty($data[$p . 'delete'])) {
                course_definitions::delete($contextid, $code);
                continue;
            }
            [$fields, $texts] = self::section($data, $p, $added, $langs);
            if ($added && !in_array($fields['triggertype'], catalogue::triggers(), true)) {
                $fields['triggertype'] = $stored[$code]->triggertype;
            }
            course_definitions::save($contextid, $code, self::whole($fields), $texts, $now);
        }

        [$code, $fields, $texts] = self::new_notification($data, 'new_', $langs);
        if ($code !== '' && catalogue::valid_code($code) && !isset($stored[$code])) {
            course_definitions::save($contextid, $code, self::whole($fields), $texts, $now);
        }
    }

    /**
     * A notification section's definition, values as typed.
     *
     * @param array $data form data
     * @param string $p the section's prefix ("config_n0_" on the form, "n0_" in the block's config data)
     * @param bool $added whether the notification was added in this course (every field is its own)
     * @param string[] $langs languages on the form
     * @return array [fields (column => value, null inherits), texts (lang => subject, body)]
     */
    public static function section(array $data, string $p, bool $added, array $langs): array {
        $fields = [
            'enabled' => ($added || !empty($data[$p . 'enabled_ovr'])) ? (int) !empty($data[$p . 'enabled']) : null,
            'offsetdays' => ($added || !empty($data[$p . 'offset_days_ovr'])) ? self::typed($data, $p . 'offset') : null,
            'repeatevery' => null,
            'repeatmax' => null,
            'triggertype' => $added ? (string) ($data[$p . 'trigger'] ?? '') : null,
        ];
        if ($added || !empty($data[$p . 'repeat_ovr'])) {
            $fields['repeatevery'] = self::typed($data, $p . 'every');
            $fields['repeatmax'] = self::typed($data, $p . 'max');
        }
        return [$fields + self::essential($data, $p), self::texts($data, $p, $langs, true)];
    }

    /**
     * The new notification's definition, values as typed; its code is '' when none was typed.
     *
     * @param array $data form data
     * @param string $p the section's prefix ("config_new_" on the form, "new_" in the block's config data)
     * @param string[] $langs languages on the form
     * @return array [code, fields, texts]
     */
    public static function new_notification(array $data, string $p, array $langs): array {
        $fields = [
            'enabled' => (int) !empty($data[$p . 'enabled']),
            'triggertype' => (string) ($data[$p . 'trigger'] ?? ''),
            'offsetdays' => self::typed($data, $p . 'offset'),
            'repeatevery' => self::typed($data, $p . 'every'),
            'repeatmax' => self::typed($data, $p . 'max'),
        ];
        $code = trim((string) ($data[$p . 'code'] ?? ''));
        return [$code, $fields + self::essential($data, $p), self::texts($data, $p, $langs, false)];
    }

    /**
     * A number field as typed; a field the browser did not send (disabled) counts as 0, as it always has.
     *
     * @param array $data form data
     * @param string $name the field
     * @return string
     */
    private static function typed(array $data, string $name): string {
        return trim((string) ($data[$name] ?? '0'));
    }

    /**
     * Fields checked by definitions::validate(), as stored: numbers whole.
     *
     * @param array $fields column => value as typed
     * @return array
     */
    private static function whole(array $fields): array {
        foreach (self::NUMBERS as $column) {
            if (isset($fields[$column])) {
                $fields[$column] = (int) $fields[$column];
            }
        }
        return $fields;
    }

    /**
     * The essential select's value: '' inherits (NULL), otherwise 1 or 0; only an administrator sets it.
     *
     * Anyone else leaves it as stored, whatever the request holds (the form shows them no such field):
     * then the field is absent, which course_definitions::save() keeps.
     *
     * @param array $data form data
     * @param string $p the section's prefix
     * @return array ['essential' => int|null] or []
     */
    private static function essential(array $data, string $p): array {
        if (!array_key_exists($p . 'essential', $data) || !course_definitions::can_mark_essential()) {
            return [];
        }
        $value = $data[$p . 'essential'];
        if ($value === null || $value === '') {
            return ['essential' => null];
        }
        return ['essential' => (int) ((string) $value === '1')];
    }

    /**
     * The texts a section sets, by language.
     *
     * @param array $data form data
     * @param string $p the section's prefix
     * @param string[] $langs languages on the form
     * @param bool $needsoverride whether a language counts only when its "override" box is ticked
     * @return array lang => ['subject' => string, 'body' => string]
     */
    private static function texts(array $data, string $p, array $langs, bool $needsoverride): array {
        $texts = [];
        foreach ($langs as $lang) {
            $subject = trim((string) ($data["{$p}t_{$lang}_subject"] ?? ''));
            $body = trim(str_replace("\r\n", "\n", (string) ($data["{$p}t_{$lang}_body"] ?? '')));
            if ($needsoverride ? empty($data["{$p}t_{$lang}_ovr"]) : ($subject === '' && $body === '')) {
                continue;
            }
            $texts[$lang] = ['subject' => $subject, 'body' => $body];
        }
        return $texts;
    }
}
