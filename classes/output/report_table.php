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
 * The report's table: one row per learner, one column per notification.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\output;

use block_course_notification\local\report;

defined('MOODLE_INTERNAL') || die();

require_once($CFG->libdir . '/tablelib.php');

/**
 * Learners by notification state, paged and sortable by name; the page fills it one page at a time.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class report_table extends \flexible_table {
    /** @var array code => ['name' => string, 'enabled' => bool] shown as columns */
    private array $notifications;

    /** @var \moodle_url the report page with its filters */
    private \moodle_url $pageurl;

    /** @var report the report, for the identity fields and the sort */
    private report $report;

    /** @var string[] identity field => name, the columns after the learner's name */
    private array $identity;

    /**
     * Defines the columns.
     *
     * @param int $courseid the course
     * @param array $notifications code => ['name' => string, 'enabled' => bool], the columns
     * @param \moodle_url $pageurl the page with its filters
     * @param report $report the report the table shows
     */
    public function __construct(int $courseid, array $notifications, \moodle_url $pageurl, report $report) {
        parent::__construct('block_course_notification-report-' . $courseid);
        $this->notifications = $notifications;
        $this->pageurl = $pageurl;
        $this->report = $report;
        // The identity fields the site shows and the viewer may see, as Moodle's participants page shows them.
        $this->identity = $report->identity_fields();
        $columns = array_merge(['fullname'], array_keys($this->identity));
        $headers = array_merge([get_string('fullnameuser')], array_values($this->identity));
        foreach ($notifications as $code => $n) {
            $columns[] = 'n_' . $code;
            // A notification added in a course (or restored) is named by its code: text, never markup.
            $name = s($n['name']);
            $headers[] = $n['enabled'] ? $name : get_string('report:off', 'block_course_notification', $name);
        }
        $columns[] = 'why';
        $headers[] = get_string('report:why', 'block_course_notification');
        $this->define_columns($columns);
        $this->define_headers($headers);
        $this->define_baseurl($pageurl);
        $this->sortable(true, 'lastname');
        foreach ($columns as $column) {
            if ($column !== 'fullname' && !isset($this->identity[$column])) {
                $this->no_sorting($column);
            }
        }
        $this->set_attribute('class', 'generaltable block_course_notification-report');
        $this->pageable(true);
    }

    /**
     * The ORDER BY the learners query should use: the table's sort, on the name and identity columns only.
     *
     * @return string
     */
    public function order_by(): string {
        return $this->report->order_by($this->get_sort_columns());
    }

    /**
     * Adds a learner's row.
     *
     * @param \stdClass $user the learner
     * @param array $cells code => cell (report::cells)
     * @param \renderer_base $output the renderer, for the badges
     * @param bool $decided whether the engine's part is there: without it, a cell the outbox says nothing of
     *     is "not computed", not "nothing"
     */
    public function add_learner(\stdClass $user, array $cells, \renderer_base $output, bool $decided = true): void {
        $row = [
            'fullname' => \html_writer::link(new \moodle_url('/user/view.php', ['id' => $user->id,
                'course' => $this->pageurl->param('id')]), s(fullname($user))),
        ];
        foreach (report::identity_of($user, array_keys($this->identity)) as $field => $value) {
            $row[$field] = s($value);
        }
        foreach (array_keys($this->notifications) as $code) {
            $cell = $cells[$code] ?? ['state' => $decided ? 'none' : 'unknown', 'time' => 0, 'rule' => '', 'reason' => '',
                'error' => '', 'outboxid' => 0];
            $row['n_' . $code] = $output->render_from_template(
                'block_course_notification/report_cell',
                report_page::cell_context($cell, $this->pageurl)
            );
        }
        $why = new \moodle_url($this->pageurl, ['userid' => $user->id]);
        $row['why'] = \html_writer::link($why, get_string('report:why', 'block_course_notification'));
        $this->add_data_keyed($row);
    }
}
