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
 * The report's actions on one outbox row: resend and reset.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\local;

/**
 * Changes one learner's notification state. The page checks capability, sesskey and confirmation.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class outbox_actions {

    /** The actions the report offers. */
    public const ACTIONS = ['resend', 'reset'];

    /**
     * The outbox row, only if it belongs to the course (an id from another course is refused).
     *
     * @param int $outboxid the row
     * @param int $courseid the course of the page
     * @return \stdClass
     * @throws \dml_missing_record_exception when it does not exist in this course
     */
    public static function row(int $outboxid, int $courseid): \stdClass {
        global $DB;
        return $DB->get_record('block_cnotif_outbox', ['id' => $outboxid, 'courseid' => $courseid],
            'id, notification, courseid, userid, status, recipient, repeatno, timedue, timesent', MUST_EXIST);
    }

    /**
     * Resend: the row goes back to pending with no attempt, so the next run sends it again.
     *
     * @param \stdClass $row the outbox row
     * @param int $now the time
     */
    public static function resend(\stdClass $row, int $now): void {
        global $DB;
        if ((string) $row->recipient === '') {
            // A bare record left by a privacy deletion: there is no message to send.
            throw new \moodle_exception('cannotresendforgotten', 'block_course_notification');
        }
        $DB->update_record('block_cnotif_outbox', (object) ['id' => $row->id, 'status' => 'pending', 'attempts' => 0,
            'timenext' => 0, 'runtoken' => null, 'timemodified' => $now]);
    }

    /** Statuses Reset applies to: messages that certainly did not go out. */
    public const RESETTABLE = ['pending', 'failed'];

    /**
     * Whether Reset applies: only to a message that certainly did not go out (pending, failed). The row
     * of a sent (or marked) message is what keeps the engine from sending it a second time, and a
     * 'sending' one is being delivered right now (or was, by a run that died after the server took it);
     * Resend is how a teacher sends a message again.
     *
     * @param \stdClass $row the outbox row
     * @return bool
     */
    public static function can_reset(\stdClass $row): bool {
        return in_array((string) $row->status, self::RESETTABLE, true);
    }

    /**
     * Reset: the row of a message that did not go out (pending, failed) is deleted, so the engine decides
     * this occurrence again at its next run (and queues it if it is still due and within its late-send limit).
     *
     * @param \stdClass $row the outbox row
     * @throws \moodle_exception cannotresetsent for a message that was sent or is being sent
     */
    public static function reset(\stdClass $row): void {
        global $DB;
        if (!self::can_reset($row)) {
            throw new \moodle_exception('cannotresetsent', 'block_course_notification');
        }
        // The status again in the statement: the row may have been claimed since the page was shown.
        $DB->delete_records_select('block_cnotif_outbox', "id = :id AND status IN ('pending', 'failed')",
            ['id' => $row->id]);
    }
}
