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
 * The review before the first run: what it would send, and the choice between sending it and starting from now.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\local;

use block_course_notification\output\block_summary;
use block_course_notification\task\notification_task;

/**
 * Turning the block on for a site with a history, or adding it to a course with one, sends at the first run
 * everything due within the late-send limits. This reads the engine's forecast of that run before it happens,
 * and records the administrator's or the teacher's choice: send what is due, or start from now (decide
 * everything due and record it as done without sending it: the engine's markonly, as the original's).
 *
 * The figures are the first day of engine::forecast(): day 0 is the run at `now`, with everything due now;
 * the per-run cap ('cap') says how much of it the next run sends, and the rest goes at the following runs.
 *
 * A course where nobody chose yet is not held back: when the site is on, the course's first evaluation
 * (within `evaluateevery` minutes of the block being added, at the task's next run) sends what is due. The
 * block's notice is shown until then; holding the course would mean narrowing every run's scope to the
 * courses that were reviewed, which the tasks do not do (see the report of issue 16).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class first_run {
    /** The table of the choices made. */
    public const TABLE = 'block_cnotif_firstrun';

    /** The scope "the whole site" in the table's courseid. */
    public const SITE = 0;

    /** Send what is due. */
    public const SEND = 'send';

    /** Start from now: what is due is recorded as done, not sent. */
    public const FROMNOW = 'fromnow';

    /** The choices. */
    public const CHOICES = [self::SEND, self::FROMNOW];

    /** Days of forecast read: the first is the next run, the others show how the rest drains. */
    public const DAYS = 7;

    /**
     * The courses that have the block (the only ones the engine reads), by id.
     *
     * @param int[]|null $ids only these, or all
     * @return \stdClass[] id => (id, fullname, shortname, blockcreated)
     */
    public static function block_courses(?array $ids = null): array {
        global $DB;
        $where = '';
        $params = ['blockname' => 'course_notification', 'contextlevel' => CONTEXT_COURSE, 'siteid' => SITEID];
        if ($ids !== null) {
            if (!$ids) {
                return [];
            }
            [$in, $inparams] = $DB->get_in_or_equal(array_values(array_map('intval', $ids)), SQL_PARAMS_NAMED, 'c');
            $where = " AND c.id {$in}";
            $params += $inparams;
        }
        $sql = "SELECT c.id, c.fullname, c.shortname, MIN(bi.timecreated) AS blockcreated
                  FROM {course} c
                  JOIN {context} ctx ON ctx.instanceid = c.id AND ctx.contextlevel = :contextlevel
                  JOIN {block_instances} bi ON bi.parentcontextid = ctx.id AND bi.blockname = :blockname
                 WHERE c.id <> :siteid{$where}
              GROUP BY c.id, c.fullname, c.shortname";
        return $DB->get_records_sql($sql, $params);
    }

    /**
     * How many times a day the task runs, read from its schedule, and whether it is enabled.
     *
     * An estimate: the schedule says when cron starts the task, not when cron itself runs (a cron every five
     * minutes runs a task set to every minute every five minutes), nor how long a run takes.
     *
     * @param int $now the time
     * @return array ['runs' => int (at least 1), 'known' => bool (read from the schedule), 'enabled' => bool]
     */
    public static function runs_per_day(int $now): array {
        $task = \core\task\manager::get_scheduled_task(notification_task::class);
        if (!$task) {
            return ['runs' => 1, 'known' => false, 'enabled' => false];
        }
        $runs = 0;
        for ($t = $now; $runs < 1440; $runs++) {
            $t = $task->get_next_scheduled_time($t + 1);
            if ($t > $now + DAYSECS) {
                break;
            }
        }
        return ['runs' => max(1, $runs), 'known' => $runs > 0, 'enabled' => !$task->get_disabled()];
    }

    /**
     * The per-run cap the runs use.
     *
     * @return int
     */
    public static function cap(): int {
        $cap = (int) get_config('block_course_notification', 'cap');
        return $cap > 0 ? $cap : engine::DEFAULT_CAP;
    }

    /**
     * What the next run would send, for the site or one course, from the engine's forecast.
     *
     * @param int|null $courseid one course, or null for every course with the block
     * @param int $now the time
     * @return array due (the next run's messages, before the cap), cap, nextrun (what the next run sends),
     *         spill (what waits for the following runs), drainruns (runs it takes at the cap, the next one
     *         included), runsperday, scheduleknown, taskenabled, drainminutes (estimate), capacity (a day's
     *         runs), pushedback (what the day's runs cannot send), held (what the learners' daily budget holds
     *         back to a later day), bynotification [code => n], bycourse [courseid => n] (both sorted, largest
     *         first), later (due on the following days of the forecast)
     * @throws \moodle_exception as engine::forecast()
     */
    public static function figures(?int $courseid, int $now): array {
        $cap = self::cap();
        $schedule = self::runs_per_day($now);
        $options = ['now' => $now, 'days' => self::DAYS, 'cap' => $cap, 'runs_per_day' => $schedule['runs']];
        if ($courseid !== null) {
            $options['courses'] = [$courseid];
        }
        $days = engine::forecast($options);
        $first = $days[0] ?? ['due' => 0, 'capacity' => $cap * $schedule['runs'], 'pushed_back' => 0, 'held' => 0, 'by' => []];
        $bynotification = [];
        $bycourse = [];
        foreach ($first['by'] as $by) {
            $code = (string) $by['notification'];
            $bynotification[$code] = ($bynotification[$code] ?? 0) + (int) $by['count'];
            $bycourse[(int) $by['courseid']] = ($bycourse[(int) $by['courseid']] ?? 0) + (int) $by['count'];
        }
        // Largest first; equal counts by code or id, so the order does not change between two views.
        uksort($bynotification, fn($a, $b) => [$bynotification[$b], $a] <=> [$bynotification[$a], $b]);
        uksort($bycourse, fn($a, $b) => [$bycourse[$b], $a] <=> [$bycourse[$a], $b]);
        $due = (int) $first['due'];
        $drainruns = (int) ceil($due / $cap);
        $later = 0;
        foreach (array_slice($days, 1) as $day) {
            $later += (int) $day['due'];
        }
        return [
            'due' => $due,
            'cap' => $cap,
            'nextrun' => min($due, $cap),
            'spill' => max(0, $due - $cap),
            'drainruns' => $drainruns,
            'runsperday' => $schedule['runs'],
            'scheduleknown' => $schedule['known'],
            'taskenabled' => $schedule['enabled'],
            // The runs after the next one come at the schedule's pace.
            'drainminutes' => $drainruns > 1 ? (int) ceil(($drainruns - 1) * 1440 / $schedule['runs']) : 0,
            'capacity' => (int) $first['capacity'],
            'pushedback' => (int) $first['pushed_back'],
            'held' => (int) $first['held'],
            'bynotification' => $bynotification,
            'bycourse' => $bycourse,
            'later' => $later,
            'laterdays' => max(0, count($days) - 1),
        ];
    }

    /**
     * Checks that the current user may choose for this scope: moodle/site:config for the site,
     * block/course_notification:setup in the course's block for a course.
     *
     * @param int|null $courseid the course, or null for the site
     * @throws \required_capability_exception
     * @throws \moodle_exception blocknotincourse when the course has no block
     */
    public static function require_can_choose(?int $courseid): void {
        if ($courseid === null) {
            require_capability('moodle/site:config', \context_system::instance());
            return;
        }
        require_capability('block/course_notification:setup', self::block_context($courseid));
    }

    /**
     * The context of the course's block (where the setup capability is given).
     *
     * @param int $courseid the course
     * @return \context
     * @throws \moodle_exception blocknotincourse when the course has no block
     */
    public static function block_context(int $courseid): \context {
        $blockid = course_block::instance_id($courseid);
        if (!$blockid) {
            throw new \moodle_exception('firstrun:noblock', 'block_course_notification');
        }
        return \context_block::instance($blockid);
    }

    /**
     * Applies a choice, after the sesskey and the capability: "send" turns the site on (site) or only records
     * the choice (a course); "fromnow" first records everything due in scope as done without sending it (the
     * engine's markonly, unbounded: it must not stop half-way), then does the same.
     *
     * @param int|null $courseid the course, or null for the site
     * @param string $choice send or fromnow
     * @param int $due the next run's figure the confirmation showed (recorded beside the choice)
     * @param int $now the time
     * @return \stdClass the recorded choice (courseid, choice, due, marked, userid, timecreated)
     * @throws \moodle_exception invalidsesskey, nopermissions, firstrun:busy (another run holds the lock; nothing
     *         recorded), or the engine's failure
     */
    public static function choose(?int $courseid, string $choice, int $due, int $now): \stdClass {
        global $DB, $USER;
        require_sesskey();
        self::require_can_choose($courseid);
        if (!in_array($choice, self::CHOICES, true)) {
            throw new \moodle_exception('invalidaction', 'block_course_notification');
        }
        $marked = 0;
        if ($choice === self::FROMNOW) {
            // As cli/process_notifications.php --markonly, less the cap and the send window, which only
            // bound delivery: markonly delivers nothing. With Moodle notifications on, an e-mail the learner
            // turned off is still a bell's message, marked as well.
            $options = ['now' => $now, 'mode' => 'markonly', 'detail' => 'none',
                'message' => (bool) get_config('block_course_notification', 'messageoutput')];
            if ($courseid !== null) {
                $options['courses'] = [$courseid];
            }
            $report = engine::run($options);
            if (!empty($report['skipped'])) {
                throw new \moodle_exception('firstrun:busy', 'block_course_notification');
            }
            $marked = (int) ($report['counts']['queued'] ?? 0);
        }
        $record = (object) [
            'courseid' => $courseid ?? self::SITE,
            'choice' => $choice,
            'due' => max(0, $due),
            'marked' => $marked,
            'userid' => (int) ($USER->id ?? 0),
            'timecreated' => $now,
        ];
        $record->id = $DB->insert_record(self::TABLE, $record);
        if ($courseid === null) {
            // Turned on only once what was due is decided: no run can send it in between.
            set_config('enable', 1, 'block_course_notification');
            foreach (array_keys(self::block_courses()) as $id) {
                block_summary::invalidate((int) $id);
            }
        } else {
            block_summary::invalidate($courseid);
        }
        return $record;
    }

    /**
     * The latest choice made for a scope.
     *
     * @param int|null $courseid the course, or null for the site
     * @return \stdClass|null the record, with the chooser's name in `byname` ('' when the user is gone)
     */
    public static function last_choice(?int $courseid): ?\stdClass {
        global $DB;
        $rows = $DB->get_records(self::TABLE, ['courseid' => $courseid ?? self::SITE], 'timecreated DESC, id DESC', '*', 0, 1);
        $row = reset($rows);
        if (!$row) {
            return null;
        }
        $user = $row->userid ? $DB->get_record('user', ['id' => $row->userid, 'deleted' => 0]) : null;
        $row->byname = $user ? fullname($user) : '';
        return $row;
    }

    /**
     * The choice in words: "Started from now on <date> by <name>: N marked as done" or "Sending what was due
     * since <date>, chosen by <name>".
     *
     * @param \stdClass $choice a record of last_choice()
     * @return string plain text
     */
    public static function describe(\stdClass $choice): string {
        $a = (object) [
            'date' => userdate((int) $choice->timecreated),
            'name' => $choice->byname !== '' ? $choice->byname : get_string('firstrun:someone', 'block_course_notification'),
            'marked' => (int) $choice->marked,
            'due' => (int) $choice->due,
        ];
        $count = $choice->choice === self::FROMNOW ? $a->marked : $a->due;
        return get_string('firstrun:chosen_' . $choice->choice . ($count === 1 ? 'one' : ''),
            'block_course_notification', $a);
    }

    /**
     * Whether a course's block should ask for the choice: nobody chose for the course or for the site since
     * the block was added, and no evaluating run of the task has run since (the course had its first run).
     *
     * @param int $courseid the course
     * @return bool
     */
    public static function course_pending(int $courseid): bool {
        global $DB;
        $course = self::block_courses([$courseid])[$courseid] ?? null;
        if (!$course) {
            return false;
        }
        $since = (int) $course->blockcreated;
        // The task records each evaluation of every course (only when the site is on): one after the block
        // was added was the course's first run.
        if ((int) get_config('block_course_notification', 'lastevaluation') > $since) {
            return false;
        }
        $select = '(courseid = :courseid OR courseid = :site) AND timecreated >= :since';
        return !$DB->record_exists_select(self::TABLE, $select, ['courseid' => $courseid, 'site' => self::SITE,
            'since' => $since]);
    }
}
