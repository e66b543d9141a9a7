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
 * Forgetting outbox rows without forgetting what was sent.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\local;

/**
 * Deletes outbox rows (privacy requests) without making the engine send again what it already sent.
 *
 * The outbox is the engine's only memory of what went out: a deleted 'sent' row whose occurrence is still
 * within its late-send limit would be decided again and mailed a second time. So the rows of messages
 * sent (or marked) that are due within the longest late-send limit are kept as bare records (no address,
 * name, subject, body, language or error: the occurrence key, the learner, the status and the dates), and
 * every other row is deleted. Rows past that limit are deleted too, since the engine can no longer send them.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class outbox_forget {
    /** Statuses of a message that went out (or was marked as gone out). */
    public const SENT = ['sent', 'marked'];

    /**
     * Days a sent record can still stop a second send: the longest late-send limit, built-in (the engine's
     * catalogue) or defined.
     *
     * @return int|null days; null without the extension, whose built-in limits are then unknown: every sent
     *     record is kept (bare), since one forgotten too early could let the engine send it again
     */
    public static function horizon_days(): ?int {
        global $DB;
        if (!catalogue::available()) {
            return null;
        }
        $builtin = max(array_column(catalogue::notifications(), 'late_limit_days'));
        $defined = (int) $DB->get_field_sql('SELECT MAX(latelimit) FROM {block_cnotif_def}');
        return max($builtin, $defined);
    }

    /**
     * Forgets the outbox rows matching $select.
     *
     * @param string $select SQL condition on block_cnotif_outbox, with named parameters
     * @param array $params its parameters
     * @param int $now the time
     */
    public static function rows(string $select, array $params, int $now): void {
        global $DB;
        $keep = "status IN ('sent', 'marked') AND timedue >= :bcnforgetsince";
        $horizon = self::horizon_days();
        $params['bcnforgetsince'] = $horizon === null ? 0 : $now - $horizon * DAYSECS;
        $DB->execute("UPDATE {block_cnotif_outbox}
                         SET recipient = '', recipientname = '', subject = '', bodytext = '', bodyhtml = '',
                             messageid = '', lasterror = NULL, lang = '', timezone = ''
                       WHERE ($select) AND $keep", $params);
        $DB->delete_records_select('block_cnotif_outbox', "($select) AND NOT ($keep)", $params);
    }
}
