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
 * What the PHP that runs cron had loaded, as the tasks last saw it.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\local;

/**
 * The extension as cron's PHP sees it, recorded by the tasks for the status check.
 *
 * The web server and the command line have their own ini files, and a PHP update rebuilds neither:
 * a status check rendered by the web server cannot see that cron's PHP lacks the extension. The tasks
 * record what they found (only when it changes, so a run costs no write), and the check reads it.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class extension_status {
    /** Plugin setting holding cron's view: JSON {version: string|null, php: string, since: int}. */
    public const CRON_SETTING = 'cronextension';

    /**
     * This PHP in a few words, as a rebuild must match it: minor version and thread mode.
     *
     * @return string for example "8.2 (NTS)"
     */
    public static function php(): string {
        return PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION . ' (' . (PHP_ZTS ? 'ZTS' : 'NTS') . ')';
    }

    /**
     * Records what this PHP (cron's, when a task calls it) has loaded, if that changed.
     *
     * @param string|null $found the extension's version, null when it is not loaded
     * @param int $now the time of the observation
     */
    public static function record_cron(?string $found, int $now): void {
        $seen = self::cron();
        if ($seen !== null && $seen->version === $found && $seen->php === self::php()) {
            return;
        }
        $record = ['version' => $found, 'php' => self::php(), 'since' => $now];
        set_config(self::CRON_SETTING, json_encode($record), 'block_course_notification');
    }

    /**
     * What cron's PHP had loaded at the tasks' last run, or null when no task has run yet.
     *
     * @return \stdClass|null version (string|null), php (string), since (int)
     */
    public static function cron(): ?\stdClass {
        $raw = get_config('block_course_notification', self::CRON_SETTING);
        $seen = is_string($raw) && $raw !== '' ? json_decode($raw) : null;
        if (!is_object($seen) || !property_exists($seen, 'version')) {
            return null;
        }
        return (object) [
            'version' => $seen->version === null ? null : (string) $seen->version,
            'php' => (string) ($seen->php ?? ''),
            'since' => (int) ($seen->since ?? 0),
        ];
    }
}
