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
 * The notification catalogue, as the engine defines it.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\local;

/**
 * The built-in notifications, the triggers, the bounds of a definition's fields, the rule of a code and the
 * placeholders: read from the engine (CourseNotification\Engine::catalogue()) once per request.
 *
 * The engine applies the definitions, so it alone says what they may hold; the plugin keeps no copy that
 * could drift from it. Without the extension every accessor throws moodle_exception 'extensionmissing'
 * (available() says so beforehand), and a page that needs the catalogue shows that notice.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class catalogue {
    /** The block_cnotif_def column each bounded field of the catalogue is stored in. */
    private const COLUMNS = ['offsetdays' => 'offset_days', 'repeatevery' => 'repeat_every',
        'repeatmax' => 'repeat_max', 'latelimit' => 'late_limit_days', 'priority' => 'priority'];

    /** @var array|null the engine's answer, for the rest of the request */
    private static $catalogue = null;

    /**
     * The engine's catalogue, read once per request.
     *
     * @return array notifications (code => entry, in evaluation order), triggers, bounds, code_pattern, placeholders
     * @throws \moodle_exception extensionmissing
     */
    public static function get(): array {
        if (self::$catalogue === null) {
            $catalogue = engine::catalogue();
            $bycode = [];
            foreach ($catalogue['notifications'] as $entry) {
                $bycode[$entry['code']] = $entry;
            }
            $catalogue['notifications'] = $bycode;
            self::$catalogue = $catalogue;
        }
        return self::$catalogue;
    }

    /**
     * Whether the catalogue can be read (the extension is loaded and has it).
     *
     * @return bool
     */
    public static function available(): bool {
        try {
            self::get();
            return true;
        } catch (\moodle_exception $e) {
            return false;
        }
    }

    /**
     * Forgets what was read (tests, which switch the extension off between calls).
     */
    public static function reset(): void {
        self::$catalogue = null;
    }

    /**
     * The built-in notifications, by code, in the engine's evaluation order.
     *
     * @return array[] code => entry (code, name, enabled, trigger, offset_days, repeat_every, ...)
     */
    public static function notifications(): array {
        return self::get()['notifications'];
    }

    /**
     * The codes of the built-in notifications, in evaluation order.
     *
     * @return string[]
     */
    public static function codes(): array {
        return array_keys(self::notifications());
    }

    /**
     * Whether a code is one of the built-in notifications.
     *
     * @param string $code the notification
     * @return bool
     */
    public static function is_builtin(string $code): bool {
        return isset(self::notifications()[$code]);
    }

    /**
     * A built-in notification, or null.
     *
     * @param string $code the notification
     * @return array|null
     */
    public static function builtin(string $code): ?array {
        return self::notifications()[$code] ?? null;
    }

    /**
     * The triggers, as block_cnotif_def.triggertype stores them, in the order forms list them.
     *
     * @return string[]
     */
    public static function triggers(): array {
        return self::get()['triggers'];
    }

    /**
     * The range the engine accepts for a field.
     *
     * @param string $field a catalogue field (offset_days, repeat_every, repeat_max, late_limit_days, priority,
     *        code_length) or its block_cnotif_def column (offsetdays, repeatevery, repeatmax, latelimit)
     * @return int[] [min, max]
     */
    public static function bound(string $field): array {
        $bound = self::get()['bounds'][self::COLUMNS[$field] ?? $field];
        return [(int) $bound['min'], (int) $bound['max']];
    }

    /**
     * The block_cnotif_def columns that have a range, with it.
     *
     * @return array column => [min, max]
     */
    public static function column_bounds(): array {
        $bounds = [];
        foreach (array_keys(self::COLUMNS) as $column) {
            $bounds[$column] = self::bound($column);
        }
        return $bounds;
    }

    /**
     * The engine's rule for the code of a notification added in a context, as a PCRE.
     *
     * @return string
     */
    public static function code_pattern(): string {
        return self::get()['code_pattern'];
    }

    /**
     * Whether a code follows the engine's rule.
     *
     * @param string $code the code
     * @return bool
     */
    public static function valid_code(string $code): bool {
        return (bool) preg_match(self::code_pattern(), $code);
    }

    /**
     * The placeholders a template may use, without braces.
     *
     * @return string[]
     */
    public static function placeholders(): array {
        return self::get()['placeholders'];
    }

    /**
     * The human name of a notification: the catalogue's string for a built-in one, its code otherwise.
     *
     * Also without the extension (a report or a log page still names what was sent): then the block's
     * notif:<code> string, where there is one, names it.
     *
     * @param string $code the notification
     * @return string
     */
    public static function name(string $code): string {
        if (self::available()) {
            $entry = self::builtin($code);
            return $entry === null ? $code : get_string($entry['name'], 'block_course_notification');
        }
        if (get_string_manager()->string_exists('notif:' . $code, 'block_course_notification')) {
            return get_string('notif:' . $code, 'block_course_notification');
        }
        return $code;
    }
}
