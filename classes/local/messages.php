<?php
// This file is part of Moodle - http://moodle.org/
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
// along with Moodle.  If not, see <http://www.gnu.org/licenses/>.

namespace block_course_notification\local;

/**
 * Hands the outbox rows queued for Moodle's message API to message_send().
 *
 * The engine decides and renders, and queues a 'message' row beside each e-mail when the site asks
 * for Moodle notifications; only Moodle can deliver those (bell, mobile app, each user's
 * preferences), so the task does it here. A Moodle lock keeps two cron nodes from handing the same
 * row over twice.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification developers
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class messages {
    /** @var string the outbox table */
    private const TABLE = 'block_cnotif_outbox';

    /** @var int hand-overs that ended the process before a row is given up (the engine's MAX_ATTEMPTS for e-mail) */
    public const MAX_ATTEMPTS = 5;

    /**
     * Sends up to $cap pending message rows, most urgent first.
     *
     * @param int $cap at most this many
     * @param int $now the run's time
     * @return array ['sent' => int, 'failed' => int, 'skipped' => bool]
     */
    public static function deliver(int $cap, int $now): array {
        global $DB;
        $result = ['sent' => 0, 'failed' => 0, 'skipped' => false];
        $factory = \core\lock\lock_config::get_lock_factory('block_course_notification');
        $lock = $factory->get_lock('messages', 0);
        if (!$lock) {
            $result['skipped'] = true;
            return $result;
        }
        try {
            $rows = $DB->get_records(
                self::TABLE,
                ['status' => 'pending', 'output' => 'message'],
                'priority ASC, timedue ASC, id ASC',
                '*',
                0,
                $cap
            );
            foreach ($rows as $row) {
                if ($row->attempts >= self::MAX_ATTEMPTS) {
                    // Every earlier hand-over of this row ended the process before its outcome was
                    // recorded: it is given up rather than tried at every run for ever.
                    $DB->update_record(self::TABLE, (object) ['id' => $row->id, 'status' => 'failed',
                        'timemodified' => $now, 'lasterror' => get_string('messages:crashed', 'block_course_notification')]);
                    $result['failed']++;
                    continue;
                }
                // The attempt counts before the hand-over, committed: a message whose sending kills
                // the process (a fatal error in a message processor) has used it up all the same.
                $DB->set_field(self::TABLE, 'attempts', $row->attempts + 1, ['id' => $row->id]);
                $sent = self::send($row);
                $DB->update_record(self::TABLE, (object) [
                    'id' => $row->id,
                    'status' => $sent ? 'sent' : 'failed',
                    'timesent' => $sent ? $now : 0,
                    'timemodified' => $now,
                    'lasterror' => $sent ? null : get_string('messages:notsent', 'block_course_notification'),
                ]);
                $result[$sent ? 'sent' : 'failed']++;
            }
        } finally {
            $lock->release();
        }
        return $result;
    }

    /**
     * Sends one row through message_send().
     *
     * @param \stdClass $row an outbox row
     * @return bool whether Moodle accepted it
     */
    private static function send(\stdClass $row): bool {
        global $DB;
        $userto = $DB->get_record('user', ['id' => $row->recipientid, 'deleted' => 0]);
        if (!$userto) {
            return false;
        }
        $message = new \core\message\message();
        $message->component = 'block_course_notification';
        $message->name = 'notification';
        $message->userfrom = \core_user::get_noreply_user();
        $message->userto = $userto;
        $message->subject = $row->subject;
        $message->fullmessage = $row->bodytext;
        $message->fullmessageformat = FORMAT_PLAIN;
        $message->fullmessagehtml = $row->bodyhtml;
        $message->smallmessage = $row->subject;
        $message->notification = 1;
        $message->courseid = (int) $row->courseid;
        $message->contexturl = (new \moodle_url('/course/view.php', ['id' => $row->courseid]))->out(false);
        $message->contexturlname = get_string('messages:course', 'block_course_notification');
        return (bool) message_send($message);
    }
}
