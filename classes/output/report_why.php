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
 * The "why" view: everything the engine decides about one learner in the course.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\output;

use block_course_notification\local\catalogue;

/**
 * One learner: the dry run's decisions with rule and reason, the trace lines, and the outbox rows.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class report_why implements \renderable, \templatable {
    /**
     * Builds the view.
     *
     * @param \stdClass $user the learner
     * @param array $why report::why() for the learner
     * @param \moodle_url $pageurl the report page (without userid), for the back link and the actions
     */
    public function __construct(
        /** @var \stdClass the learner */
        private readonly \stdClass $user,
        /** @var array report::why() for the learner */
        private readonly array $why,
        /** @var \moodle_url the report page (without userid), for the back link and the actions */
        private readonly \moodle_url $pageurl,
    ) {
    }

    /**
     * Context for templates/report_why.mustache.
     *
     * @param \renderer_base $output the renderer
     * @return array
     */
    public function export_for_template(\renderer_base $output): array {
        $format = get_string('strftimedatetimeshort', 'langconfig');
        $decisions = [];
        foreach ($this->why['decisions'] as $d) {
            $decisions[] = [
                'notification' => catalogue::name((string) $d['notification']),
                'accepted' => $d['outcome'] === 'accepted',
                'rule' => (string) $d['rule'],
                'reason' => (string) $d['reason'],
                'due' => (int) $d['timedue'] > 0 ? userdate((int) $d['timedue'], $format) : '',
            ];
        }
        $outbox = [];
        foreach ($this->why['outbox'] as $row) {
            $cell = ['state' => ['sent' => 'sent', 'marked' => 'sent', 'failed' => 'failed'][$row->status] ?? 'pending',
                'time' => 0, 'rule' => '', 'reason' => '', 'error' => '', 'outboxid' => (int) $row->id, 'status' => $row->status];
            $outbox[] = [
                'notification' => catalogue::name((string) $row->notification),
                'repeatno' => (int) $row->repeatno,
                'output' => get_string('output:' . ($row->output === 'message' ? 'message' : 'email'), 'block_course_notification'),
                'status' => get_string('outbox:' . $row->status, 'block_course_notification'),
                'due' => $row->timedue ? userdate((int) $row->timedue, $format) : '',
                'sent' => $row->timesent ? userdate((int) $row->timesent, $format) : '',
                'attempts' => (int) $row->attempts,
                'error' => (string) ($row->lasterror ?? ''),
                'subject' => (string) $row->subject,
                'actions' => report_page::cell_context($cell, $this->pageurl)['actions'],
            ];
        }
        return [
            'fullname' => fullname($this->user),
            // The identity fields the viewer may see (report::why()), as the report's table shows them.
            'identity' => implode(', ', array_filter($this->why['identity'] ?? [], fn($v) => $v !== '')),
            'backurl' => $this->pageurl->out(false),
            'decisions' => $decisions,
            'hasdecisions' => !empty($decisions),
            'outbox' => $outbox,
            'hasoutbox' => !empty($outbox),
            'trace' => implode("\n", $this->why['trace']),
            'hastrace' => !empty($this->why['trace']),
            'problem' => (string) ($this->why['problem'] ?? ''),
            'hasproblem' => !empty($this->why['problem']),
        ];
    }
}
