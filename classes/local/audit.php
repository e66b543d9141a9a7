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
 * The audit of deliveries and the events of sent notifications.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\local;

use block_course_notification\event\notification_sent;

/**
 * Records each delivery outcome once, after the run that produced it.
 *
 * The extension sends the mail itself, so PHP learns what went out from the outbox: rows sent (or failed
 * for good) recently that have no audit row yet. The audit row is written with the event, so each
 * sending fires exactly one event, even when a process died between the run and this step (the next
 * run catches up, within a day). The outbox is never pruned (it is what prevents a second sending);
 * the audit is, after the retention set in the site settings. Moodle's logs hold the events under
 * their own retention. Rows the upgrade migrated from the original are not deliveries of this plugin.
 * Two cron nodes may record at once: each outcome is recorded, and its event triggered, by one of them
 * (record_once()).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class audit {
    /** How far back a run looks for outcomes not audited yet (seconds). */
    public const CATCHUP = DAYSECS;

    /** At most this many outcomes recorded per call; the rest wait for the next run. */
    public const BATCH = 5000;

    /**
     * Audits the outcomes since $since and triggers an event for each sent notification.
     *
     * @param int $since outcomes at or after this time
     * @return array ['sent' => int, 'failed' => int] outcomes this call recorded
     */
    public static function record(int $since): array {
        global $DB;
        $done = ['sent' => 0, 'failed' => 0];
        $now = time();
        $sql = "SELECT o.id, o.occkey, o.notification, o.courseid, o.userid, o.recipientid, o.output, o.status,
                       o.lasterror, o.timesent, o.timemodified
                  FROM {block_cnotif_outbox} o
             LEFT JOIN {block_cnotif_audit} a ON a.outboxid = o.id AND a.status = o.status
                 WHERE a.id IS NULL AND %s
                   AND (o.runtoken IS NULL OR o.runtoken <> :migrated)
              ORDER BY o.id";
        $queries = [
            'sent' => [sprintf($sql, 'o.status = :status AND o.timesent >= :since'), 'sent'],
            'failed' => [sprintf($sql, 'o.status = :status AND o.timemodified >= :since'), 'failed'],
        ];
        foreach ($queries as $status => [$query, $value]) {
            $rows = $DB->get_recordset_sql(
                $query,
                ['status' => $value, 'since' => $since, 'migrated' => 'migrated'],
                0,
                self::BATCH
            );
            foreach ($rows as $row) {
                $record = (object) [
                    'outboxid' => $row->id,
                    'occkey' => $row->occkey,
                    'notification' => $row->notification,
                    'courseid' => $row->courseid,
                    'userid' => $row->userid,
                    'recipientid' => $row->recipientid ?: $row->userid,
                    'output' => $row->output,
                    'status' => $status,
                    'detail' => $status === 'failed' ? $row->lasterror : null,
                    'timeoutcome' => $status === 'sent' ? $row->timesent : $row->timemodified,
                    'timecreated' => $now,
                ];
                if (self::record_once($record)) {
                    $done[$status]++;
                }
            }
            $rows->close();
        }
        return $done;
    }

    /**
     * Writes one audit row and triggers its event together, unless another process recorded it first.
     *
     * Two cron nodes (or the scheduled task and an adhoc one) may both find an outcome not audited
     * yet and both insert its row: the unique index (outboxid, status) lets one through and the
     * other's insert fails (after waiting for the first to commit). The loser then finds the row
     * there and goes on: the outcome is audited, and its event triggered, once, by the winner. Any
     * other write failure is rethrown. Called outside any transaction (the tasks), so the rollback
     * that ends a failed insert is the whole transaction's.
     *
     * @param \stdClass $record the audit row
     * @return bool whether this call recorded it (false: another process had)
     * @throws \dml_write_exception when the insert fails for another reason
     */
    private static function record_once(\stdClass $record): bool {
        global $DB;
        $transaction = $DB->start_delegated_transaction();
        try {
            $DB->insert_record('block_cnotif_audit', $record);
        } catch (\dml_write_exception $e) {
            try {
                // Moodle's rollback() rethrows what it is given, once the transaction is rolled back.
                $transaction->rollback($e);
            } catch (\dml_write_exception $rolledback) {
                // Rolled back; whether to rethrow depends on what is now in the table.
                unset($rolledback);
            }
            if ($DB->record_exists('block_cnotif_audit', ['outboxid' => $record->outboxid, 'status' => $record->status])) {
                return false;
            }
            throw $e;
        }
        if ($record->status === 'sent') {
            self::trigger($record);
        }
        $transaction->allow_commit();
        return true;
    }

    /**
     * Triggers the event of one sent notification, when its course still exists.
     *
     * @param \stdClass $record the audit row
     */
    private static function trigger(\stdClass $record): void {
        $context = \context_course::instance((int) $record->courseid, IGNORE_MISSING);
        if (!$context) {
            return;
        }
        notification_sent::create([
            'objectid' => (int) $record->outboxid,
            'context' => $context,
            'courseid' => (int) $record->courseid,
            'relateduserid' => (int) $record->recipientid,
            'other' => [
                'notification' => (string) $record->notification,
                'learnerid' => (int) $record->userid,
                'output' => (string) $record->output,
            ],
        ])->trigger();
    }

    /**
     * Deletes audit rows older than the retention (days; 0 keeps everything).
     *
     * @param int $now the time
     * @return int rows deleted
     */
    public static function cleanup(int $now): int {
        global $DB;
        $days = (int) get_config('block_course_notification', 'auditretention');
        if ($days <= 0) {
            return 0;
        }
        // Never shorter than the catch-up window, or a pruned outcome would be audited again.
        $cutoff = $now - max($days * DAYSECS, 2 * self::CATCHUP);
        $count = $DB->count_records_select('block_cnotif_audit', 'timecreated < ?', [$cutoff]);
        if ($count) {
            $DB->delete_records_select('block_cnotif_audit', 'timecreated < ?', [$cutoff]);
        }
        return $count;
    }
}
