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
 * Hook callbacks of the course notifications block (registered in db/hooks.php).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification;

use block_course_notification\check\engine as engine_check;
use core\check\result;

/**
 * Puts the engine check's error on Site administration > Notifications.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class hook_callbacks {
    /** Page type of admin/index.php, the Notifications page (and the upgrade screens). */
    public const NOTIFICATIONS_PAGETYPE = 'admin-index';

    /**
     * Before the header of any page: on the Notifications page, for a site administrator, the status
     * check's error (extension missing, or not the expected version) as an error notification.
     *
     * Costs a string comparison on every other page. Any failure here is reported to developers only:
     * this page also runs Moodle's upgrades, which a notice must never stop.
     *
     * @param \core\hook\output\before_http_headers $hook the hook (unused: the page is global)
     */
    public static function before_http_headers(\core\hook\output\before_http_headers $hook): void {
        global $PAGE;
        if ($PAGE->pagetype !== self::NOTIFICATIONS_PAGETYPE || during_initial_install()) {
            return;
        }
        try {
            if (!has_capability('moodle/site:config', \context_system::instance())) {
                return;
            }
            $notice = self::notice((new engine_check())->get_result());
            if ($notice !== null) {
                \core\notification::add($notice, \core\notification::ERROR);
            }
        } catch (\Throwable $e) {
            debugging('block_course_notification: the engine notice failed: ' . $e->getMessage(), DEBUG_DEVELOPER);
        }
    }

    /**
     * The notice for a result of the engine check, or null when there is nothing to say.
     *
     * @param result $result the check's result
     * @return string|null HTML
     */
    public static function notice(result $result): ?string {
        if ($result->get_status() === result::OK) {
            return null;
        }
        $a = (object) [
            'summary' => $result->get_summary(),
            'url' => (new \moodle_url('/report/status/index.php', ['detail' => 'block_course_notification_engine']))->out(),
        ];
        return get_string('adminnotice:engine', 'block_course_notification', $a);
    }
}
