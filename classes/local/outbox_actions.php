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
        return $DB->get_record(
            'block_cnotif_outbox',
            ['id' => $outboxid, 'courseid' => $courseid],
            'id, notification, courseid, userid, status, recipient, repeatno, timedue, timesent',
            MUST_EXIST
        );
    }

    /** Statuses Resend applies to: messages that went out, or failed for good; never one being sent. */
    public const RESENDABLE = ['sent', 'marked', 'failed'];

    /** Statuses Reset applies to: messages that certainly did not go out. */
    public const RESETTABLE = ['pending', 'failed'];

    /**
     * Whether an action applies to a row as it was read: the report offers it only then, and the page
     * accepts it only then.
     *
     * @param string $action resend or reset
     * @param \stdClass $row the outbox row
     * @return bool
     */
    public static function applies(string $action, \stdClass $row): bool {
        return $action === 'resend' ? self::can_resend($row) : self::can_reset($row);
    }

    /**
     * Whether Resend applies: to a message that went out (sent, marked) or failed for good. Never to one
     * being sent ('sending': a run claimed it and records its outcome under its own token), nor to one
     * waiting to be sent (pending: it goes out anyway, and a run may claim it at any moment).
     *
     * @param \stdClass $row the outbox row
     * @return bool
     */
    public static function can_resend(\stdClass $row): bool {
        return in_array((string) $row->status, self::RESENDABLE, true);
    }

    /**
     * Resend: the row goes back to pending with no attempt, so the next run sends it again.
     *
     * The status is checked again in the statement itself: between the page that showed the row and
     * this call, a run may have claimed it (after another teacher's Resend, say). The update then
     * changes nothing, and the caller says the action no longer applies. The statement marks the row
     * it changed with a token of its own, read back in the same transaction (Moodle's DML does not
     * return the number of rows changed; its own database locks are claimed the same way), so the
     * answer is exact, and a run's claim waits for the transaction instead of slipping in between.
     *
     * @param \stdClass $row the outbox row
     * @param int $now the time
     * @return bool whether it was queued again (false: it is being sent, or waits to be, now)
     * @throws \moodle_exception cannotresendforgotten for a record left by a privacy deletion
     */
    public static function resend(\stdClass $row, int $now): bool {
        global $DB;
        if ((string) $row->recipient === '') {
            // A bare record left by a privacy deletion: there is no message to send.
            throw new \moodle_exception('cannotresendforgotten', 'block_course_notification');
        }
        if (!self::can_resend($row)) {
            return false;
        }
        $token = 'resend:' . bin2hex(random_bytes(16));
        [$insql, $params] = $DB->get_in_or_equal(self::RESENDABLE, SQL_PARAMS_NAMED, 'resendable');
        $params += ['id' => $row->id, 'token' => $token, 'now' => $now];
        $transaction = $DB->start_delegated_transaction();
        $DB->execute("UPDATE {block_cnotif_outbox}
                         SET status = 'pending', attempts = 0, timenext = 0, runtoken = :token, timemodified = :now
                       WHERE id = :id AND status $insql AND recipient <> ''", $params);
        $applied = $DB->record_exists('block_cnotif_outbox', ['id' => $row->id, 'runtoken' => $token]);
        if ($applied) {
            // A pending row carries no token: a run's claim sets its own.
            $DB->set_field('block_cnotif_outbox', 'runtoken', null, ['id' => $row->id, 'runtoken' => $token]);
        }
        $transaction->allow_commit();
        return $applied;
    }

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
     * The status is checked again in the statement: a pending row may have been claimed by a run since
     * the page was shown. The row is then still there, and the caller says the action no longer applies.
     *
     * @param \stdClass $row the outbox row
     * @return bool whether it was reset (false: a run claimed it meanwhile)
     * @throws \moodle_exception cannotresetsent for a message that was sent or is being sent
     */
    public static function reset(\stdClass $row): bool {
        global $DB;
        if (!self::can_reset($row)) {
            throw new \moodle_exception('cannotresetsent', 'block_course_notification');
        }
        [$insql, $params] = $DB->get_in_or_equal(self::RESETTABLE, SQL_PARAMS_NAMED, 'resettable');
        $params['id'] = $row->id;
        $DB->delete_records_select('block_cnotif_outbox', "id = :id AND status $insql", $params);
        // Nothing writes a row again under the same id: if it is there, the delete did not apply.
        return !$DB->record_exists('block_cnotif_outbox', ['id' => $row->id]);
    }
}
