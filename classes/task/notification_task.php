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
 * Scheduled task that sends the course notifications that are due.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\task;

/**
 * Evaluates every course and sends what is due, up to the per-run cap.
 *
 * The class name is the original plugin's, so the schedule an administrator set survives the upgrade.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class notification_task extends \core\task\scheduled_task {
    use engine_runner;

    /**
     * Name shown in the scheduled tasks admin page.
     *
     * @return string
     */
    public function get_name(): string {
        return get_string('task:notification', 'block_course_notification');
    }

    /**
     * One run over all courses.
     */
    public function execute(): void {
        // Every learner is read at most every "evaluateevery" minutes; the runs between only
        // deliver what waits in the outbox (changes to one learner are evaluated by the observers'
        // adhoc tasks at once).
        $every = (int) get_config('block_course_notification', 'evaluateevery');
        $last = (int) get_config('block_course_notification', 'lastevaluation');
        $now = time();
        $evaluate = $every <= 0 || $now - $last >= $every * 60 || $last > $now;
        if (!$evaluate) {
            mtrace(get_string('task:deliveronly', 'block_course_notification', $every));
        }
        if ($this->run_engine([], $evaluate) && $evaluate) {
            set_config('lastevaluation', $now, 'block_course_notification');
        }
    }
}
