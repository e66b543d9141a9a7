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
 * The report page: filters, the learners' table, the export.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\output;

use block_course_notification\local\outbox_actions;
use block_course_notification\local\report;

/**
 * The report page around its table; the table is rendered by flexible_table and passed in as HTML.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class report_page implements \renderable, \templatable {
    /**
     * Builds the page.
     *
     * @param \moodle_url $pageurl the page with its filters
     * @param array $notifications code => ['name' => string, 'enabled' => bool]
     * @param string $notification the notification filter ('' for all)
     * @param string $state the state filter ('' for all)
     * @param string $search the name search
     * @param int $total learners matching the filters
     * @param string $tablehtml the table
     * @param string $downloadhtml the export selector
     * @param string|null $problem why the engine's part is missing, if it is
     */
    public function __construct(
        /** @var \moodle_url the page with its filters */
        private readonly \moodle_url $pageurl,
        /** @var array code => ['name' => string, 'enabled' => bool] */
        private readonly array $notifications,
        /** @var string the notification filter ('' for all) */
        private readonly string $notification,
        /** @var string the state filter ('' for all) */
        private readonly string $state,
        /** @var string the name search */
        private readonly string $search,
        /** @var int learners matching the filters */
        private readonly int $total,
        /** @var string the table */
        private readonly string $tablehtml,
        /** @var string the export selector */
        private readonly string $downloadhtml,
        /** @var string|null why the engine's part is missing, if it is */
        private readonly ?string $problem,
    ) {
    }

    /**
     * Context for templates/report.mustache.
     *
     * @param \renderer_base $output the renderer
     * @return array
     */
    public function export_for_template(\renderer_base $output): array {
        $notifications = [['value' => '', 'label' => get_string('report:allnotifications', 'block_course_notification'),
            'selected' => $this->notification === '']];
        foreach ($this->notifications as $code => $n) {
            $notifications[] = ['value' => $code, 'label' => $n['name'], 'selected' => $this->notification === $code];
        }
        $states = [['value' => '', 'label' => get_string('report:allstates', 'block_course_notification'),
            'selected' => $this->state === '']];
        foreach (report::STATES as $state) {
            $states[] = ['value' => $state, 'label' => get_string('state:' . $state, 'block_course_notification'),
                'selected' => $this->state === $state];
        }
        return [
            'action' => $this->pageurl->out_omit_querystring(),
            'courseid' => (int) $this->pageurl->param('id'),
            'notifications' => $notifications,
            'states' => $states,
            'search' => $this->search,
            'total' => get_string(
                $this->total === 1 ? 'report:totalone' : 'report:total',
                'block_course_notification',
                $this->total
            ),
            'table' => $this->tablehtml,
            'download' => $this->downloadhtml,
            'problem' => (string) $this->problem,
            'hasproblem' => $this->problem !== null,
            'legend' => get_string('report:legend', 'block_course_notification'),
            'testsendurl' => (new \moodle_url('/blocks/course_notification/testsend.php', ['courseid' => (int) $this->pageurl->param('id')]
                + ($this->notification !== '' ? ['code' => $this->notification] : [])))->out(false),
        ];
    }

    /**
     * Context of one cell (templates/report_cell.mustache): state, date, rule, reason or error, actions.
     *
     * @param array $cell a cell of report::cells
     * @param \moodle_url $pageurl the report page, for the action links
     * @return array
     */
    public static function cell_context(array $cell, \moodle_url $pageurl): array {
        $classes = ['sent' => 'bg-success', 'pending' => 'bg-info text-dark', 'failed' => 'bg-danger', 'due' => 'bg-primary',
            'trapped' => 'bg-secondary text-dark', 'none' => 'bg-light text-dark', 'unknown' => 'bg-light text-muted'];
        $state = $cell['state'];
        $context = [
            'state' => $state,
            'label' => get_string('state:' . $state, 'block_course_notification'),
            'badgeclass' => $classes[$state] ?? 'bg-light',
            'date' => $cell['time'] > 0 ? userdate($cell['time'], get_string('strftimedatetimeshort', 'langconfig')) : '',
            'rule' => $cell['rule'],
            'reason' => $cell['reason'],
            'error' => \core_text::substr((string) $cell['error'], 0, 200),
            'hasrule' => $cell['rule'] !== '',
            'actions' => [],
        ];
        if (!empty($cell['outboxid'])) {
            foreach (outbox_actions::ACTIONS as $action) {
                // Offered only where the page accepts it: never for a message being sent, and Reset only
                // for one that did not go out (the record of a sent one keeps it from being sent twice).
                if (!outbox_actions::applies($action, (object) ['status' => $cell['status'] ?? ''])) {
                    continue;
                }
                $context['actions'][] = [
                    'url' => (new \moodle_url($pageurl, ['action' => $action, 'outboxid' => $cell['outboxid']]))->out(false),
                    'label' => get_string('action:' . $action, 'block_course_notification'),
                ];
            }
        }
        return $context;
    }
}
