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
 * The block's panel for the people who configure the course's notifications.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\output;

use block_course_notification\local\catalogue;
use block_course_notification\local\engine;
use block_course_notification\local\first_run;
use block_course_notification\task\notification_task;

/**
 * What is on, what the next days will send, the outbox counts, what is trapped, the last run.
 *
 * The engine's part (forecast and a dry run over the course) is cached for a few minutes per course,
 * so that a teacher's course page does not evaluate every learner on each view; saving the block's
 * form, an action of the report or a run of the task makes it recompute.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class block_summary implements \renderable, \templatable {
    /** Seconds the engine's figures stay cached. */
    private const CACHE_SECONDS = 300;

    /** Days of forecast shown. */
    private const FORECAST_DAYS = 7;

    /**
     * Builds the summary of a course.
     *
     * @param int $courseid the course
     */
    public function __construct(
        /** @var int the course */
        private readonly int $courseid,
    ) {
    }

    /**
     * The cache of the engine's figures (an ad hoc application cache: no definition needed).
     *
     * @return \cache
     */
    private static function cache(): \cache {
        return \cache::make_from_params(
            \cache_store::MODE_APPLICATION,
            'block_course_notification',
            'blocksummary',
            [],
            ['simplekeys' => true, 'simpledata' => false]
        );
    }

    /**
     * Forgets a course's cached figures (its configuration changed, or the report changed a row).
     *
     * @param int $courseid the course
     */
    public static function invalidate(int $courseid): void {
        self::cache()->delete($courseid);
    }

    /**
     * The engine's figures: enabled notifications, forecast and dry-run counts (cached).
     *
     * @param int $now the time
     * @param int $lastrun when the task last ran (0: never)
     * @return array ['enabled' => string[], 'forecast' => array[], 'counts' => array, 'time' => int, 'problem' => ?string]
     */
    private function engine_figures(int $now, int $lastrun): array {
        $cache = self::cache();
        $cached = $cache->get($this->courseid);
        // A run since the figures were computed changes them: recompute rather than show stale ones.
        if (is_array($cached) && $cached['time'] > $now - self::CACHE_SECONDS && $cached['time'] > $lastrun) {
            return $cached;
        }
        $figures = ['enabled' => [], 'forecast' => [], 'counts' => [], 'time' => $now, 'problem' => null];
        try {
            foreach (engine::notifications($this->courseid)['notifications'] as $n) {
                if ($n['enabled']) {
                    $figures['enabled'][] = $n['code'];
                }
            }
            $cap = (int) get_config('block_course_notification', 'cap');
            $figures['forecast'] = engine::forecast(['now' => $now, 'days' => self::FORECAST_DAYS,
                'cap' => $cap > 0 ? $cap : engine::DEFAULT_CAP, 'courses' => [$this->courseid]]);
            $run = engine::run(['now' => $now, 'mode' => 'dryrun', 'courses' => [$this->courseid], 'detail' => 'none']);
            $figures['counts'] = $run['counts'];
        } catch (\moodle_exception $e) {
            // Not cached: the next view tries again. The teacher reads a notice, never the engine's
            // words (they may name the database host or user).
            $figures['problem'] = engine::page_notice($e);
            return $figures;
        }
        $cache->set($this->courseid, $figures);
        return $figures;
    }

    /**
     * Context for templates/block_summary.mustache.
     *
     * @param \renderer_base $output the renderer
     * @return array
     */
    public function export_for_template(\renderer_base $output): array {
        global $DB;
        $now = time();
        $task = \core\task\manager::get_scheduled_task(notification_task::class);
        $lastrun = $task ? (int) $task->get_last_run_time() : 0;
        $figures = $this->engine_figures($now, $lastrun);

        $outbox = ['sent' => 0, 'pending' => 0, 'failed' => 0];
        $sql = 'SELECT status, COUNT(1) AS n FROM {block_cnotif_outbox} WHERE courseid = ? GROUP BY status';
        foreach ($DB->get_records_sql_menu($sql, [$this->courseid]) as $status => $n) {
            $key = ['marked' => 'sent', 'sending' => 'pending'][$status] ?? $status;
            if (isset($outbox[$key])) {
                $outbox[$key] += (int) $n;
            }
        }

        $trapped = 0;
        $rules = [];
        foreach ($figures['counts']['trapped'] ?? [] as $rule => $n) {
            if (in_array((string) $rule, ['B', 'Q', 'F'], true)) {
                // Already sent, queued or failed: counted above from the outbox, not held back.
                continue;
            }
            $trapped += (int) $n;
            $rules[] = ['rule' => (string) $rule, 'count' => (int) $n];
        }

        $days = [];
        $dateformat = get_string('strftimedaydate', 'langconfig');
        foreach ($figures['forecast'] as $day) {
            if ((int) $day['due'] === 0) {
                continue;
            }
            $names = [];
            foreach ($day['by'] as $by) {
                $names[] = catalogue::name((string) $by['notification']) . ' (' . (int) $by['count'] . ')';
            }
            $time = strtotime($day['date'] . ' 12:00:00');
            $days[] = ['date' => $time ? userdate($time, $dateformat) : $day['date'], 'due' => (int) $day['due'],
                'detail' => implode(', ', $names)];
        }

        // Until someone chose for this course (or it had its first run), what the first run would send here.
        $firstdue = (int) ($figures['forecast'][0]['due'] ?? 0);
        $firstrun = $firstdue > 0 && first_run::course_pending($this->courseid);

        return [
            'firstrun' => $firstrun,
            'firstrunnotice' => $firstrun ? get_string($firstdue === 1 ? 'block:firstrunone' : 'block:firstrun',
                'block_course_notification', $firstdue) : '',
            'firstrunurl' => (new \moodle_url('/blocks/course_notification/firstrun.php', ['courseid' => $this->courseid]))->out(false),
            'enabled' => array_map(fn($code) => ['name' => catalogue::name($code)], $figures['enabled']),
            'hasenabled' => !empty($figures['enabled']),
            'days' => $days,
            'hasdays' => !empty($days),
            'forecastdays' => self::FORECAST_DAYS,
            'sent' => $outbox['sent'],
            'pending' => $outbox['pending'],
            'failed' => $outbox['failed'],
            'due' => (int) ($figures['counts']['accepted'] ?? 0),
            'trapped' => $trapped,
            'rules' => $rules,
            'lastrun' => $lastrun > 0 ? userdate($lastrun) : get_string('block:never', 'block_course_notification'),
            'computed' => userdate($figures['time'], get_string('strftimetime', 'langconfig')),
            'problem' => (string) $figures['problem'],
            'hasproblem' => $figures['problem'] !== null,
            // Engine failed: its sections are left out, not shown as "nothing on, nothing due".
            'hasfigures' => $figures['problem'] === null,
            'reporturl' => (new \moodle_url('/blocks/course_notification/report.php', ['id' => $this->courseid]))->out(false),
        ];
    }
}
