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
 * What a course backup brings of the notification definitions, checked before the restore stores it.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\local;

/**
 * Cleans a backed-up definition or text by the rules the forms apply, so that a restore never stores
 * what a teacher could not have saved: a backup file is input from anywhere (another site, an older
 * version, an edited archive).
 *
 * A definition whose code breaks the engine's rule (1 to 64 lower-case letters, digits or '_': the code
 * is shown in pages and traces) is skipped with its texts. A field out of its range or of the wrong
 * kind is left out (the course inherits it) and said. Roles in the recipients go through the restore's
 * role mapping, and a role the target site does not have is dropped. A text must be a template the
 * engine accepts (engine::template_problems()). Each thing skipped or dropped comes back as a warning
 * for the restore's log.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class restored_definition {
    /** Flags stored as 0 or 1 (NULL inherits); a backup of a version before essential has none: inherit. */
    private const FLAGS = ['enabled', 'neveraccessed', 'notcompleted', 'duringaccess', 'essential'];


    /** Longest subject the outbox and the text table hold (characters). */
    private const SUBJECT_MAX = 1333;

    /** A language code as Moodle names its language packs (the text table holds 30 characters). */
    private const LANG_PATTERN = '/^[a-z][a-z0-9_]{1,29}$/';

    /** Longest recipients list the definition table holds. */
    private const RECIPIENTS_MAX = 255;

    /**
     * The definition to store, or null when it must be skipped, and the warnings.
     *
     * @param array $data the backed-up row (its tags)
     * @param callable $maprole int backed-up role id => int role id on this site, 0 when there is none
     * @param int $now the restore's time
     * @return array [\stdClass|null definition (code, the FIELDS, timeenabled, timecreated, timemodified), string[] warnings]
     */
    public static function definition(array $data, callable $maprole, int $now): array {
        $code = (string) ($data['code'] ?? '');
        if (!catalogue::valid_code($code)) {
            return [null, ['skipped a notification whose code is not 1 to 64 lower-case letters, digits or "_": "' .
                self::quote($code) . '"']];
        }
        $warnings = [];
        $row = (object) ['code' => $code];
        foreach (self::FLAGS as $field) {
            $row->$field = self::number($data, $field, 0, 1, $code, $warnings);
        }
        foreach (catalogue::column_bounds() as $field => [$min, $max]) {
            $row->$field = self::number($data, $field, $min, $max, $code, $warnings);
        }
        $trigger = self::given($data, 'triggertype');
        $row->triggertype = null;
        if ($trigger !== null) {
            if (in_array($trigger, catalogue::triggers(), true)) {
                $row->triggertype = $trigger;
            } else {
                $warnings[] = "{$code}: left out the trigger \"" . self::quote($trigger) . '", which is not one the engine knows';
            }
        }
        $row->recipients = self::recipients(self::given($data, 'recipients'), $maprole, $code, $warnings);
        // A notification added in the course sends only what becomes due after it was switched on: in
        // the restored course it is switched on now, so nothing from the source course's past is mailed.
        $since = self::number($data, 'timeenabled', 0, PHP_INT_MAX, $code, $warnings);
        $row->timeenabled = $since === null ? null : max($since, $now);
        $row->timecreated = self::number($data, 'timecreated', 0, PHP_INT_MAX, $code, $warnings) ?? $now;
        $row->timemodified = $now;
        return [$row, $warnings];
    }

    /**
     * The text to store, or null when it must be skipped, and the warnings.
     *
     * @param array $data the backed-up row (lang, subject, body)
     * @param string $code the notification it belongs to, for the warnings
     * @param int $now the restore's time
     * @return array [\stdClass|null text (lang, subject, body, timemodified), string[] warnings]
     */
    public static function text(array $data, string $code, int $now): array {
        $lang = (string) ($data['lang'] ?? '');
        if (!preg_match(self::LANG_PATTERN, $lang)) {
            return [null, ["{$code}: skipped a text whose language is not a language code: \"" . self::quote($lang) . '"']];
        }
        $text = (object) ['lang' => $lang, 'timemodified' => $now];
        foreach (['subject', 'body'] as $part) {
            $value = trim(str_replace("\r\n", "\n", (string) ($data[$part] ?? '')));
            $problems = $value === '' ? ['empty'] : engine::template_problems($value);
            if ($part === 'subject' && \core_text::strlen($value) > self::SUBJECT_MAX) {
                $problems[] = 'longer than ' . self::SUBJECT_MAX . ' characters';
            }
            if ($problems) {
                return [null, ["{$code}: skipped the {$lang} text, whose {$part} cannot be used: " .
                    self::quote(implode('; ', $problems))]];
            }
            $text->$part = $value;
        }
        return [$text, []];
    }

    /**
     * Whether a text holds markup (HTML tags or entities), which only someone trusted with
     * block/course_notification:setup (RISK_XSS) may bring into the course's messages.
     *
     * @param \stdClass $text a text from text()
     * @return bool
     */
    public static function has_markup(\stdClass $text): bool {
        foreach (['subject', 'body'] as $part) {
            if (preg_match('~<[a-z!/?]|&[a-z#][a-z0-9]*;~i', $text->$part)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A backed-up value, null when absent or empty (the field inherits).
     *
     * @param array $data the row
     * @param string $field the field
     * @return string|null
     */
    private static function given(array $data, string $field): ?string {
        $value = $data[$field] ?? null;
        if ($value === null || (is_string($value) && trim($value) === '')) {
            return null;
        }
        return is_scalar($value) ? trim((string) $value) : '(' . gettype($value) . ')';
    }

    /**
     * A whole number within its range, or null (absent, or left out with a warning).
     *
     * @param array $data the row
     * @param string $field the field
     * @param int $min lowest
     * @param int $max highest
     * @param string $code the notification, for the warning
     * @param string[] $warnings the warnings so far
     * @return int|null
     */
    private static function number(array $data, string $field, int $min, int $max, string $code, array &$warnings): ?int {
        $value = self::given($data, $field);
        if ($value === null) {
            return null;
        }
        if (preg_match('/^-?\d{1,18}$/', $value) && (int) $value >= $min && (int) $value <= $max) {
            return (int) $value;
        }
        $warnings[] = "{$code}: left out {$field} \"" . self::quote($value) . "\", not a whole number from {$min} to {$max}";
        return null;
    }

    /**
     * The recipients with each role mapped to this site, or null (inherit) when none is left.
     *
     * @param string|null $list the backed-up list (learner, role:<id>, comma-separated)
     * @param callable $maprole backed-up role id => role id here, 0 when none
     * @param string $code the notification, for the warnings
     * @param string[] $warnings the warnings so far
     * @return string|null
     */
    private static function recipients(?string $list, callable $maprole, string $code, array &$warnings): ?string {
        if ($list === null) {
            return null;
        }
        $kept = [];
        foreach (array_filter(array_map('trim', explode(',', $list)), 'strlen') as $token) {
            if ($token === 'learner') {
                $kept[$token] = true;
            } else if (preg_match('/^role:([1-9][0-9]{0,9})$/', $token, $m)) {
                $role = (int) $maprole((int) $m[1]);
                if ($role > 0) {
                    $kept['role:' . $role] = true;
                } else {
                    $warnings[] = "{$code}: dropped the recipient role {$m[1]}, which has no match on this site";
                }
            } else {
                $warnings[] = "{$code}: dropped the recipient \"" . self::quote($token) . '", neither learner nor role:<id>';
            }
        }
        $result = implode(',', array_keys($kept));
        if ($result === '' || strlen($result) > self::RECIPIENTS_MAX) {
            $warnings[] = "{$code}: left out the recipients, none of which applies on this site";
            return null;
        }
        return $result;
    }

    /**
     * A backed-up value for a log line: printable, short, and no markup (wherever the log is shown).
     *
     * @param string $value the value
     * @return string
     */
    private static function quote(string $value): string {
        $value = preg_replace('/[^\x20-\x7e]|[<>&"\']/', '?', $value);
        return strlen($value) > 80 ? substr($value, 0, 77) . '...' : $value;
    }
}
