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
 * A learner's own upcoming reminders in a course, when the course shows them.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\output;

use block_course_notification\local\catalogue;
use block_course_notification\local\engine;

/**
 * What the engine forecasts for this learner in the next days, and what waits in the outbox for them.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class learner_upcoming implements \renderable, \templatable {
    /** Days ahead shown. */
    private const DAYS = 14;

    /**
     * Builds the list.
     *
     * @param int $courseid the course
     * @param int $userid the learner
     */
    public function __construct(
        /** @var int the course */
        private readonly int $courseid,
        /** @var int the learner */
        private readonly int $userid,
    ) {
    }

    /**
     * Context for templates/learner_upcoming.mustache; 'hasitems' and 'hasproblem' false leave the block
     * empty (hidden).
     *
     * @param \renderer_base $output the renderer
     * @return array
     */
    public function export_for_template(\renderer_base $output): array {
        global $DB;
        $items = [];
        $dateformat = get_string('strftimedaydate', 'langconfig');
        $pending = $DB->get_records_select(
            'block_cnotif_outbox',
            "courseid = ? AND userid = ? AND recipientid = userid AND status IN ('pending', 'sending')",
            [$this->courseid, $this->userid],
            'timedue',
            'id, notification, timedue'
        );
        foreach ($pending as $row) {
            $items[] = [
                'name' => catalogue::name($row->notification),
                'date' => userdate((int) $row->timedue, $dateformat),
            ];
        }
        $problem = null;
        try {
            $days = engine::forecast(['now' => time(), 'days' => self::DAYS, 'courses' => [$this->courseid],
                'users' => [$this->userid]]);
        } catch (\moodle_exception $e) {
            // What waits in the outbox still shows. A forecast that ran out of time is said to be missing
            // (try again later); any other failure is the teacher's block's to explain, not the learner's.
            $notice = engine::page_notice($e);
            $problem = $e->errorcode === 'enginetimeout' ? $notice : null;
            $days = [];
        }
        foreach ($days as $day) {
            $time = strtotime($day['date'] . ' 12:00:00');
            foreach ($day['by'] as $by) {
                $items[] = ['name' => catalogue::name((string) $by['notification']),
                    'date' => $time ? userdate($time, $dateformat) : $day['date']];
            }
        }
        return ['items' => $items, 'hasitems' => !empty($items), 'problem' => (string) $problem,
            'hasproblem' => $problem !== null];
    }
}
