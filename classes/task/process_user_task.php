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
 * Adhoc task that evaluates one learner in one course.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\task;

/**
 * Evaluates one (course, learner) pair right after an event, instead of waiting for the next full run.
 *
 * Queued by the observers (completion, enrolment changes, profile changes) with custom data {courseid,
 * userid}; courseid 0 means every course of that learner. The engine applies the
 * same rules as in a full run, so a mail it sends here is never sent again by the scheduled task.
 *
 * When the extension is missing (a PHP update without a rebuild) the task queues a copy of itself for
 * an hour later and ends normally: failing instead would spend Moodle's attempts (12, about two and a
 * half days of back-off) and then drop the evaluation. The scheduled task's full runs cover the same
 * learner too, once the extension is back.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class process_user_task extends \core\task\adhoc_task {
    use engine_runner;

    /** How long a copy waits before trying again while the extension is missing (seconds). */
    public const RETRY_DELAY = HOURSECS;

    /**
     * Name shown in the task logs.
     *
     * @return string
     */
    public function get_name(): string {
        return get_string('task:processuser', 'block_course_notification');
    }

    /**
     * One run narrowed to the queued course and learner.
     */
    public function execute(): void {
        $data = $this->get_custom_data();
        $courseid = (int) ($data->courseid ?? 0);
        $userid = (int) ($data->userid ?? 0);
        if ($courseid < 0 || $userid <= 0) {
            // An empty list would widen the run to the whole site; a malformed task does nothing.
            return;
        }
        if (get_config('block_course_notification', 'enable') && $this->extension_missing()) {
            $this->retry_later(time() + self::RETRY_DELAY);
            return;
        }
        // Course 0: the learner in every course (their profile changed).
        $this->run_engine($courseid > 0 ? ['courses' => [$courseid], 'users' => [$userid]] : ['users' => [$userid]]);
    }

    /**
     * Queues a copy of this evaluation to run at $when.
     *
     * A new task rather than this one rescheduled: this one is deleted when execute() returns, and a
     * duplicate check would find this very task and queue nothing.
     *
     * @param int $when the time the copy may run
     */
    private function retry_later(int $when): void {
        $copy = new self();
        $copy->set_custom_data($this->get_custom_data());
        $copy->set_next_run_time($when);
        \core\task\manager::queue_adhoc_task($copy);
        mtrace(get_string('task:retrylater', 'block_course_notification', userdate($when)));
    }
}
