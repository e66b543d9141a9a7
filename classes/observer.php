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
     * Notifications whose pending messages lose their point once the learner comes into the course (kept here, as the
     * observer runs on every view even without the extension; CatalogueTest ties it to the engine's catalogue).
     */
    private const UNTIL_ACCESS = ['firstassign', 'firstcall', 'secondcall', 'inactive'];

    /** A view re-checks the learner's pending messages at most this often (seconds) per course and session. */
    private const VIEW_INTERVAL = 600;

    /**
     * A learner completed a course: have the engine evaluate that learner in that course at next cron.
     *
     * @param \core\event\course_completed $event the completion event
     */
    public static function course_completed(\core\event\course_completed $event): void {
        self::queue((int) $event->courseid, (int) $event->relateduserid);
    }

    /**
     * An enrolment was created or changed (dates, status): the learner's schedule in that course moves.
     *
     * @param \core\event\base $event user_enrolment_created or user_enrolment_updated
     */
    public static function user_enrolment_changed(\core\event\base $event): void {
        self::queue((int) $event->courseid, (int) $event->relateduserid);
    }

    /**
     * An enrolment was deleted: when it was the learner's last one in the course, what is still pending
     * for them there is dropped (the engine decided it while they were enrolled); otherwise re-evaluate.
     *
     * @param \core\event\user_enrolment_deleted $event the event
     */
    public static function user_enrolment_deleted(\core\event\user_enrolment_deleted $event): void {
        global $DB;
        $courseid = (int) $event->courseid;
        $userid = (int) $event->relateduserid;
        if (!empty($event->other['userenrolment']['lastenrol'])) {
            $DB->delete_records_select(
                'block_cnotif_outbox',
                'courseid = :courseid AND userid = :userid AND status = :status',
                ['courseid' => $courseid, 'userid' => $userid, 'status' => 'pending']
            );
            return;
        }
        self::queue($courseid, $userid);
    }

    /**
     * A user's profile changed (address, language, timezone, suspension): re-evaluate them everywhere.
     *
     * @param \core\event\user_updated $event the event
     */
    public static function user_updated(\core\event\user_updated $event): void {
        self::queue(0, (int) $event->relateduserid);
    }

    /**
     * A course was viewed. Moodle already records the access (user_lastaccess), which is what the engine
     * counts inactivity from, so the timer is pushed back without any work here. What remains is the
     * messages already queued but not sent (held by the cap or the send window) that the visit makes
     * pointless: a welcome or a call to someone who just came in, an inactivity reminder. Those are
     * dropped, and the engine decides again at the next run.
     *
     * Cost: on a course without the block, one lookup in a static-accelerated application cache; with the
     * block, one indexed DELETE at most every ten minutes per course and session.
     *
     * @param \core\event\course_viewed $event the event
     */
    public static function course_viewed(\core\event\course_viewed $event): void {
        global $DB, $SESSION;
        $courseid = (int) $event->courseid;
        $userid = (int) $event->userid;
        if ($courseid <= SITEID || $userid <= 0) {
            return;
        }
        if (!self::course_has_block($courseid)) {
            return;
        }
        $now = time();
        $seen = $SESSION->block_course_notification_viewed ?? [];
        if (isset($seen[$courseid]) && $seen[$courseid] > $now - self::VIEW_INTERVAL) {
            return;
        }
        $seen[$courseid] = $now;
        $SESSION->block_course_notification_viewed = $seen;
        [$insql, $params] = $DB->get_in_or_equal(self::UNTIL_ACCESS, SQL_PARAMS_NAMED);
        $params += ['courseid' => $courseid, 'userid' => $userid, 'status' => 'pending'];
        $DB->delete_records_select(
            'block_cnotif_outbox',
            "userid = :userid AND courseid = :courseid AND status = :status AND notification $insql",
            $params
        );
    }

    /**
     * A user was deleted: every message about them or to them, and their audit rows, go.
     *
     * @param \core\event\user_deleted $event the event
     */
    public static function user_deleted(\core\event\user_deleted $event): void {
        global $DB;
        $userid = (int) $event->objectid;
        $params = ['userid' => $userid, 'recipientid' => $userid];
        $DB->delete_records_select('block_cnotif_outbox', 'userid = :userid OR recipientid = :recipientid', $params);
        $DB->delete_records_select('block_cnotif_audit', 'userid = :userid OR recipientid = :recipientid', $params);
    }

    /**
     * A course was deleted: its messages, its audit rows and the notifications defined in it go.
     *
     * @param \core\event\course_deleted $event the event
     */
    public static function course_deleted(\core\event\course_deleted $event): void {
        global $DB;
        $courseid = (int) $event->objectid;
        $DB->delete_records('block_cnotif_outbox', ['courseid' => $courseid]);
        $DB->delete_records('block_cnotif_audit', ['courseid' => $courseid]);
        \block_course_notification\local\definitions::delete_context((int) $event->contextid);
        \cache::make('block_course_notification', 'blockcourses')->delete($courseid);
    }

    /**
     * Whether the course carries the block on its own page, cached (see db/caches.php).
     *
     * @param int $courseid the course
     * @return bool
     */
    public static function course_has_block(int $courseid): bool {
        global $DB;
        $cache = \cache::make('block_course_notification', 'blockcourses');
        $has = $cache->get($courseid);
        if ($has === false) {
            $has = $DB->record_exists_sql(
                "SELECT 1 FROM {block_instances} bi
                   JOIN {context} ctx ON ctx.id = bi.parentcontextid AND ctx.contextlevel = :level
                  WHERE bi.blockname = :name AND ctx.instanceid = :courseid",
                ['level' => CONTEXT_COURSE, 'name' => 'course_notification', 'courseid' => $courseid]
            ) ? 1 : 0;
            $cache->set($courseid, $has);
        }
        return (bool) $has;
    }

    /**
     * Queues one evaluation of a learner (in one course, or in all theirs when $courseid is 0).
     *
     * @param int $courseid the course, 0 for every course
     * @param int $userid the learner
     */
    private static function queue(int $courseid, int $userid): void {
        if (
            !get_config('block_course_notification', 'enable') || $userid <= 0 || $courseid < 0
            || $courseid == SITEID
        ) {
            return;
        }
        if ($courseid > 0 && !self::course_has_block($courseid)) {
            return;
        }
        $task = new process_user_task();
        $task->set_custom_data(['courseid' => $courseid, 'userid' => $userid]);
        // The same pair may change several times in a request; one pending evaluation is enough.
        \core\task\manager::queue_adhoc_task($task, true);
    }
}
