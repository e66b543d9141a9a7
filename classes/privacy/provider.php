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
 * Privacy API implementation for the course notifications block.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\privacy;

use block_course_notification\local\outbox_forget;
use block_course_notification\local\preferences;
use core_privacy\local\metadata\collection;
use core_privacy\local\request\approved_contextlist;
use core_privacy\local\request\approved_userlist;
use core_privacy\local\request\contextlist;
use core_privacy\local\request\transform;
use core_privacy\local\request\userlist;
use core_privacy\local\request\writer;

/**
 * Declares, exports and deletes the messages the plugin keeps about a user.
 *
 * Each outbox row is a message to one user about one course, and each audit row the outcome of one
 * delivery, so data lives in course contexts. The original declared a null provider although it
 * stored user ids and send dates. Notification definitions (block_cnotif_def, block_cnotif_text) hold
 * settings and texts written for a context, not data about a person.
 *
 * A learner's opt-outs (block_cnotif_pref) are their own choices: one about a course lives in that
 * course's context, one about every course (course 0) in the learner's user context. Deleting the user
 * context (the user is deleted) removes all of them.
 *
 * The choices made before a first run (block_cnotif_firstrun) name who made them: one about a course in
 * that course's context, one about the whole site in the system context. Deleting forgets who (userid 0)
 * and keeps the choice, which still tells what the first run did.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class provider implements
    \core_privacy\local\metadata\provider,
    \core_privacy\local\request\core_userlist_provider,
    \core_privacy\local\request\plugin\provider {
    /** The table holding one row per message. */
    private const TABLE = 'block_cnotif_outbox';

    /** The table holding one row per delivery outcome. */
    private const AUDIT = 'block_cnotif_audit';

    /** Both tables: each has courseid, userid (the learner) and recipientid (who received it). */
    private const TABLES = [self::TABLE, self::AUDIT];

    /** The table holding a learner's opt-outs. */
    private const PREF = 'block_cnotif_pref';

    /** The table holding the choices made before a first run, and who made them. */
    private const FIRSTRUN = 'block_cnotif_firstrun';

    /**
     * Describes what is stored and what leaves the site.
     *
     * @param collection $collection the collection to fill
     * @return collection
     */
    public static function get_metadata(collection $collection): collection {
        $fields = [];
        foreach (
            ['userid', 'recipientid', 'output', 'courseid', 'notification', 'recipient', 'recipientname', 'mailformat',
                'lang', 'subject', 'bodytext', 'bodyhtml', 'status', 'timedue', 'timesent', 'lasterror', 'timecreated'] as $field
        ) {
            $fields[$field] = 'privacy:metadata:block_cnotif_outbox:' . $field;
        }
        $collection->add_database_table(self::TABLE, $fields, 'privacy:metadata:block_cnotif_outbox');

        $fields = [];
        foreach (['userid', 'recipientid', 'courseid', 'notification', 'output', 'status', 'detail', 'timeoutcome'] as $field) {
            $fields[$field] = 'privacy:metadata:block_cnotif_audit:' . $field;
        }
        $collection->add_database_table(self::AUDIT, $fields, 'privacy:metadata:block_cnotif_audit');

        $fields = [];
        foreach (['userid', 'courseid', 'topic', 'source', 'timecreated'] as $field) {
            $fields[$field] = 'privacy:metadata:block_cnotif_pref:' . $field;
        }
        $collection->add_database_table(self::PREF, $fields, 'privacy:metadata:block_cnotif_pref');

        $fields = [];
        foreach (['userid', 'courseid', 'choice', 'due', 'marked', 'timecreated'] as $field) {
            $fields[$field] = 'privacy:metadata:block_cnotif_firstrun:' . $field;
        }
        $collection->add_database_table(self::FIRSTRUN, $fields, 'privacy:metadata:block_cnotif_firstrun');

        // Mails go to the site's SMTP relay, which is outside Moodle.
        $collection->add_external_location_link('smtp', [
            'recipient' => 'privacy:metadata:smtp:recipient',
            'subject' => 'privacy:metadata:smtp:subject',
            'body' => 'privacy:metadata:smtp:body',
        ], 'privacy:metadata:smtp');

        // With "Also send as Moodle notifications", messages go through Moodle's message API.
        $collection->add_subsystem_link('core_message', [], 'privacy:metadata:core_message');

        return $collection;
    }

    /**
     * Course contexts of the courses the user has messages, audit rows or opt-outs about, or received messages
     * about; the user's own context when they opted out of something in every course.
     *
     * @param int $userid the user
     * @return contextlist
     */
    public static function get_contexts_for_userid(int $userid): contextlist {
        $contextlist = new contextlist();
        foreach (self::TABLES as $table) {
            $sql = "SELECT ctx.id
                      FROM {context} ctx
                      JOIN {" . $table . "} t ON t.courseid = ctx.instanceid AND ctx.contextlevel = :contextlevel
                     WHERE t.userid = :userid OR t.recipientid = :recipientid";
            $contextlist->add_from_sql($sql, ['contextlevel' => CONTEXT_COURSE, 'userid' => $userid,
                'recipientid' => $userid]);
        }
        $sql = "SELECT ctx.id
                  FROM {context} ctx
                  JOIN {" . self::PREF . "} p ON p.courseid = ctx.instanceid AND ctx.contextlevel = :contextlevel
                 WHERE p.userid = :userid";
        $contextlist->add_from_sql($sql, ['contextlevel' => CONTEXT_COURSE, 'userid' => $userid]);
        $sql = "SELECT ctx.id
                  FROM {context} ctx
                  JOIN {" . self::PREF . "} p ON p.userid = ctx.instanceid AND ctx.contextlevel = :contextlevel
                 WHERE p.userid = :userid AND p.courseid = 0";
        $contextlist->add_from_sql($sql, ['contextlevel' => CONTEXT_USER, 'userid' => $userid]);
        // Who chose what a first run does: in the course's context, or the system's for the whole site.
        $sql = "SELECT ctx.id
                  FROM {context} ctx
                  JOIN {" . self::FIRSTRUN . "} f ON f.courseid = ctx.instanceid AND ctx.contextlevel = :contextlevel
                 WHERE f.userid = :userid";
        $contextlist->add_from_sql($sql, ['contextlevel' => CONTEXT_COURSE, 'userid' => $userid]);
        $sql = "SELECT ctx.id
                  FROM {context} ctx
                 WHERE ctx.contextlevel = :contextlevel
                   AND EXISTS (SELECT 1 FROM {" . self::FIRSTRUN . "} f WHERE f.courseid = 0 AND f.userid = :userid)";
        $contextlist->add_from_sql($sql, ['contextlevel' => CONTEXT_SYSTEM, 'userid' => $userid]);
        return $contextlist;
    }

    /**
     * Users who have messages, audit rows or opt-outs about the course of this context, or received them; in
     * a user context, that user when they opted out of something in every course.
     *
     * @param userlist $userlist the list to fill
     */
    public static function get_users_in_context(userlist $userlist) {
        $context = $userlist->get_context();
        if ($context instanceof \context_user) {
            $sql = "SELECT userid FROM {" . self::PREF . "} WHERE userid = :userid AND courseid = 0";
            $userlist->add_from_sql('userid', $sql, ['userid' => $context->instanceid]);
            return;
        }
        if ($context instanceof \context_system || $context instanceof \context_course) {
            $sql = "SELECT userid FROM {" . self::FIRSTRUN . "} WHERE courseid = :courseid AND userid > 0";
            $userlist->add_from_sql('userid', $sql, ['courseid' => $context instanceof \context_course ? $context->instanceid : 0]);
        }
        if (!$context instanceof \context_course) {
            return;
        }
        $sql = "SELECT userid FROM {" . self::PREF . "} WHERE courseid = :courseid";
        $userlist->add_from_sql('userid', $sql, ['courseid' => $context->instanceid]);
        foreach (self::TABLES as $table) {
            $sql = "SELECT userid FROM {" . $table . "} WHERE courseid = :courseid";
            $userlist->add_from_sql('userid', $sql, ['courseid' => $context->instanceid]);
            // Members of staff who received copies about learners.
            $sql = "SELECT recipientid FROM {" . $table . "} WHERE courseid = :courseid AND recipientid <> userid";
            $userlist->add_from_sql('recipientid', $sql, ['courseid' => $context->instanceid]);
        }
    }

    /**
     * Exports the user's messages, delivery outcomes and opt-outs, per course (opt-outs of every course in
     * the user's context).
     *
     * @param approved_contextlist $contextlist the approved course contexts
     */
    public static function export_user_data(approved_contextlist $contextlist) {
        global $DB;

        self::export_opt_outs($contextlist);
        self::export_first_run_choices($contextlist);
        $contexts = self::course_contexts($contextlist->get_contexts());
        if (!$contexts) {
            return;
        }
        $userid = $contextlist->get_user()->id;
        [$insql, $params] = $DB->get_in_or_equal(array_keys($contexts), SQL_PARAMS_NAMED);
        $params['userid'] = $userid;
        $params['recipientid'] = $userid;
        $select = "(userid = :userid OR recipientid = :recipientid) AND courseid {$insql}";

        // One query per table for all courses rather than one per context.
        $bycourse = [];
        $rows = $DB->get_recordset_select(self::TABLE, $select, $params, 'courseid, timedue, id');
        foreach ($rows as $row) {
            $bycourse[$row->courseid]['messages'][] = (object) [
                'notification' => $row->notification,
                'output' => $row->output,
                'recipient' => $row->recipient,
                'recipientname' => $row->recipientname,
                'mailformat' => $row->mailformat,
                'lang' => $row->lang,
                'subject' => $row->subject,
                'bodytext' => $row->bodytext,
                'bodyhtml' => $row->bodyhtml,
                'status' => $row->status,
                'timedue' => transform::datetime($row->timedue),
                'timesent' => $row->timesent ? transform::datetime($row->timesent) : null,
                'lasterror' => $row->lasterror,
                'timecreated' => transform::datetime($row->timecreated),
            ];
        }
        $rows->close();
        $rows = $DB->get_recordset_select(self::AUDIT, $select, $params, 'courseid, timeoutcome, id');
        foreach ($rows as $row) {
            $bycourse[$row->courseid]['deliveries'][] = (object) [
                'notification' => $row->notification,
                'output' => $row->output,
                'status' => $row->status,
                'detail' => $row->detail,
                'aboutyou' => transform::yesno((int) $row->userid === (int) $userid),
                'toyou' => transform::yesno((int) $row->recipientid === (int) $userid),
                'time' => transform::datetime($row->timeoutcome),
            ];
        }
        $rows->close();

        $subcontext = [get_string('privacy:path', 'block_course_notification')];
        foreach ($bycourse as $courseid => $data) {
            writer::with_context($contexts[$courseid])->export_data($subcontext, (object) $data);
        }
    }

    /**
     * Deletes every user's messages, audit rows and opt-outs about the course of this context; in a user
     * context (the user is deleted), every opt-out of that user.
     *
     * @param \context $context the context being deleted
     */
    public static function delete_data_for_all_users_in_context(\context $context) {
        global $DB;

        if ($context instanceof \context_user) {
            // The user is being deleted: every choice of theirs goes, whatever course it is about.
            $DB->delete_records(self::PREF, ['userid' => $context->instanceid]);
        }
        if ($context instanceof \context_course || $context instanceof \context_system) {
            // The choice stays (it still says what the course's or the site's first run did); who made it goes.
            $DB->set_field(self::FIRSTRUN, 'userid', 0,
                ['courseid' => $context instanceof \context_course ? $context->instanceid : 0]);
        }
        if ($context instanceof \context_course) {
            $DB->delete_records(self::PREF, ['courseid' => $context->instanceid]);
            // What was sent stays as a bare record while it could otherwise be sent again (outbox_forget).
            outbox_forget::rows('courseid = :courseid', ['courseid' => $context->instanceid], time());
            $DB->delete_records(self::AUDIT, ['courseid' => $context->instanceid]);
        }
    }

    /**
     * Deletes the user's messages, audit rows and opt-outs in the approved course contexts, and every opt-out
     * of theirs when their own context is approved.
     *
     * @param approved_contextlist $contextlist the approved contexts
     */
    public static function delete_data_for_user(approved_contextlist $contextlist) {
        global $DB;

        $userid = (int) $contextlist->get_user()->id;
        foreach ($contextlist->get_contexts() as $context) {
            if ($context instanceof \context_user && (int) $context->instanceid === $userid) {
                $DB->delete_records(self::PREF, ['userid' => $userid]);
            }
            if ($context instanceof \context_course || $context instanceof \context_system) {
                $DB->set_field(self::FIRSTRUN, 'userid', 0, ['userid' => $userid,
                    'courseid' => $context instanceof \context_course ? $context->instanceid : 0]);
            }
        }
        $contexts = self::course_contexts($contextlist->get_contexts());
        if (!$contexts) {
            return;
        }
        [$insql, $params] = $DB->get_in_or_equal(array_keys($contexts), SQL_PARAMS_NAMED);
        $DB->delete_records_select(self::PREF, "userid = :userid AND courseid {$insql}", $params + ['userid' => $userid]);
        $params['userid'] = $contextlist->get_user()->id;
        $params['recipientid'] = $contextlist->get_user()->id;
        $select = "(userid = :userid OR recipientid = :recipientid) AND courseid {$insql}";
        outbox_forget::rows($select, $params, time());
        $DB->delete_records_select(self::AUDIT, $select, $params);
    }

    /**
     * Deletes the messages, audit rows and opt-outs of the approved users in one course context, or the
     * opt-outs of the user of a user context.
     *
     * @param approved_userlist $userlist the approved users and their context
     */
    public static function delete_data_for_users(approved_userlist $userlist) {
        global $DB;

        $context = $userlist->get_context();
        $userids = $userlist->get_userids();
        if ($context instanceof \context_user && in_array((int) $context->instanceid, array_map('intval', $userids), true)) {
            $DB->delete_records(self::PREF, ['userid' => $context->instanceid]);
        }
        if (($context instanceof \context_course || $context instanceof \context_system) && $userids) {
            [$insql, $params] = $DB->get_in_or_equal($userids, SQL_PARAMS_NAMED, 'f');
            $params['courseid'] = $context instanceof \context_course ? $context->instanceid : 0;
            $DB->set_field_select(self::FIRSTRUN, 'userid', 0, "courseid = :courseid AND userid {$insql}", $params);
        }
        if (!$context instanceof \context_course || !$userids) {
            return;
        }
        [$insql, $params] = $DB->get_in_or_equal($userids, SQL_PARAMS_NAMED, 'p');
        $DB->delete_records_select(self::PREF, "courseid = :courseid AND userid {$insql}",
            $params + ['courseid' => $context->instanceid]);
        [$insql, $params] = $DB->get_in_or_equal($userids, SQL_PARAMS_NAMED, 'u');
        [$insql2, $params2] = $DB->get_in_or_equal($userids, SQL_PARAMS_NAMED, 'r');
        $params = array_merge($params, $params2, ['courseid' => $context->instanceid]);
        $select = "courseid = :courseid AND (userid {$insql} OR recipientid {$insql2})";
        outbox_forget::rows($select, $params, time());
        $DB->delete_records_select(self::AUDIT, $select, $params);
    }

    /**
     * Exports the user's opt-outs: those about a course in its context, those about every course in the
     * user's own context.
     *
     * @param approved_contextlist $contextlist the approved contexts
     */
    private static function export_opt_outs(approved_contextlist $contextlist): void {
        global $DB;

        $userid = (int) $contextlist->get_user()->id;
        $where = [];
        foreach ($contextlist->get_contexts() as $context) {
            if ($context instanceof \context_course) {
                $where[(int) $context->instanceid] = $context;
            } else if ($context instanceof \context_user && (int) $context->instanceid === $userid) {
                $where[0] = $context;
            }
        }
        if (!$where) {
            return;
        }
        [$insql, $params] = $DB->get_in_or_equal(array_keys($where), SQL_PARAMS_NAMED);
        $params['userid'] = $userid;
        $bycourse = [];
        $rows = $DB->get_recordset_select(self::PREF, "userid = :userid AND courseid {$insql}", $params, 'courseid, topic');
        foreach ($rows as $row) {
            $bycourse[(int) $row->courseid][] = (object) [
                'topic' => $row->topic,
                'name' => preferences::topic_name($row->topic),
                'source' => $row->source,
                'timecreated' => transform::datetime($row->timecreated),
            ];
        }
        $rows->close();
        $subcontext = [get_string('privacy:path', 'block_course_notification'),
            get_string('privacy:path:optouts', 'block_course_notification')];
        foreach ($bycourse as $courseid => $optouts) {
            writer::with_context($where[$courseid])->export_data($subcontext, (object) ['optouts' => $optouts]);
        }
    }

    /**
     * Exports the choices the user made before a first run: a course's in its context, the whole site's in
     * the system context.
     *
     * @param approved_contextlist $contextlist the approved contexts
     */
    private static function export_first_run_choices(approved_contextlist $contextlist): void {
        global $DB;

        $userid = (int) $contextlist->get_user()->id;
        $subcontext = [get_string('privacy:path', 'block_course_notification'),
            get_string('privacy:path:firstrun', 'block_course_notification')];
        foreach ($contextlist->get_contexts() as $context) {
            if (!$context instanceof \context_course && !$context instanceof \context_system) {
                continue;
            }
            $courseid = $context instanceof \context_course ? (int) $context->instanceid : 0;
            $choices = [];
            foreach ($DB->get_records(self::FIRSTRUN, ['userid' => $userid, 'courseid' => $courseid], 'timecreated, id') as $row) {
                $choices[] = (object) [
                    'choice' => $row->choice,
                    'due' => (int) $row->due,
                    'marked' => (int) $row->marked,
                    'timecreated' => transform::datetime($row->timecreated),
                ];
            }
            if ($choices) {
                writer::with_context($context)->export_data($subcontext, (object) ['choices' => $choices]);
            }
        }
    }

    /**
     * Keeps the course contexts of a list, keyed by course id.
     *
     * @param \context[] $contexts contexts of any level
     * @return \context_course[] course id => context
     */
    private static function course_contexts(array $contexts): array {
        $courses = [];
        foreach ($contexts as $context) {
            if ($context instanceof \context_course) {
                $courses[(int) $context->instanceid] = $context;
            }
        }
        return $courses;
    }
}
