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
 * Event observers of the course notifications block.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification;

use block_course_notification\task\process_user_task;

/**
 * Turns Moodle events into engine work queued for the next cron run.
 *
 * Observers never send mail themselves: an SMTP round trip inside the event dispatch would slow down
 * the page that completed the course, and a failure there would bypass the engine's outbox, cap and
 * audit. The original mailed from the observer and so ignored the site switch, the exclusion
 * capability and the cap.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class observer {

    /**
     * A learner completed a course: have the engine evaluate that learner in that course at next cron.
     *
     * @param \core\event\course_completed $event the completion event
     */
    public static function course_completed(\core\event\course_completed $event): void {
        if (!get_config('block_course_notification', 'enable')) {
            return;
        }
        $userid = (int) $event->relateduserid;
        $courseid = (int) $event->courseid;
        if ($userid <= 0 || $courseid <= 0) {
            return;
        }

        $task = new process_user_task();
        $task->set_custom_data(['courseid' => $courseid, 'userid' => $userid]);
        // Completion can be recalculated several times; one pending evaluation per pair is enough.
        \core\task\manager::queue_adhoc_task($task, true);
    }
}
