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
 * Maps the validated form data (edit_form.php) to block_cnotif_def / block_cnotif_text rows.
 *
 * An unticked "override" stores NULL (the field inherits); a ticked one stores the value typed.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class form_saver {
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
        // Only an administrator marks a notification essential: anyone else leaves it as stored, whatever
        // the request holds (the form shows them no such field).
        $essential = course_definitions::can_mark_essential();
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
            $fields = [
                'enabled' => ($added || !empty($data[$p . 'enabled_ovr'])) ? (int) !empty($data[$p . 'enabled']) : null,
                'offsetdays' => ($added || !empty($data[$p . 'offset_days_ovr'])) ? (int) ($data[$p . 'offset'] ?? 0) : null,
                'repeatevery' => null,
                'repeatmax' => null,
                'triggertype' => null,
            ];
            if ($added || !empty($data[$p . 'repeat_ovr'])) {
                $fields['repeatevery'] = (int) ($data[$p . 'every'] ?? 0);
                $fields['repeatmax'] = (int) ($data[$p . 'max'] ?? 0);
            }
            if ($added) {
                $trigger = (string) ($data[$p . 'trigger'] ?? '');
                $fields['triggertype'] = in_array($trigger, catalogue::triggers(), true)
                    ? $trigger : $stored[$code]->triggertype;
            }
            if ($essential && array_key_exists($p . 'essential', $data)) {
                $fields['essential'] = self::essential($data[$p . 'essential']);
            }
            course_definitions::save($contextid, $code, $fields, self::texts($data, $p, $langs, true), $now);
        }

        $code = trim((string) ($data['new_code'] ?? ''));
        if ($code !== '' && catalogue::valid_code($code) && !isset($stored[$code])) {
            $fields = [
                'enabled' => (int) !empty($data['new_enabled']),
                'triggertype' => (string) $data['new_trigger'],
                'offsetdays' => (int) ($data['new_offset'] ?? 0),
                'repeatevery' => (int) ($data['new_every'] ?? 0),
                'repeatmax' => (int) ($data['new_max'] ?? 0),
            ];
            if ($essential && array_key_exists('new_essential', $data)) {
                $fields['essential'] = self::essential($data['new_essential']);
            }
            course_definitions::save($contextid, $code, $fields, self::texts($data, 'new_', $langs, false), $now);
        }
    }

    /**
     * The essential select's value as stored: '' inherits (NULL), otherwise 1 or 0.
     *
     * @param mixed $value the submitted value ('', '1' or '0')
     * @return int|null
     */
    private static function essential($value): ?int {
        if ($value === null || $value === '') {
            return null;
        }
        return (int) ((string) $value === '1');
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
