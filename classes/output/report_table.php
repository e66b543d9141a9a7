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

    /**
     * Defines the columns.
     *
     * @param int $courseid the course
     * @param array $notifications code => ['name' => string, 'enabled' => bool], the columns
     * @param \moodle_url $pageurl the page with its filters
     */
    public function __construct(int $courseid, array $notifications, \moodle_url $pageurl) {
        parent::__construct('block_course_notification-report-' . $courseid);
        $this->notifications = $notifications;
        $this->pageurl = $pageurl;
        $columns = ['fullname', 'email'];
        $headers = [get_string('fullname'), get_string('email')];
        foreach ($notifications as $code => $n) {
            $columns[] = 'n_' . $code;
            $headers[] = $n['enabled'] ? $n['name'] : get_string('report:off', 'block_course_notification', $n['name']);
        }
        $columns[] = 'why';
        $headers[] = get_string('report:why', 'block_course_notification');
        $this->define_columns($columns);
        $this->define_headers($headers);
        $this->define_baseurl($pageurl);
        $this->sortable(true, 'lastname');
        foreach ($columns as $column) {
            if (!in_array($column, ['fullname', 'email'], true)) {
                $this->no_sorting($column);
            }
        }
        $this->set_attribute('class', 'generaltable block_course_notification-report');
        $this->pageable(true);
    }

    /**
     * The ORDER BY the learners query should use: the table's sort, on known user columns only.
     *
     * @return string
     */
    public function order_by(): string {
        $allowed = ['firstname', 'lastname', 'email'];
        $parts = [];
        foreach ($this->get_sort_columns() as $column => $direction) {
            if (in_array($column, $allowed, true)) {
                $parts[] = 'u.' . $column . ($direction == SORT_DESC ? ' DESC' : ' ASC');
            }
        }
        $parts[] = 'u.id';
        return implode(', ', $parts);
    }

    /**
     * Adds a learner's row.
     *
     * @param \stdClass $user the learner
     * @param array $cells code => cell (report::cells)
     * @param \renderer_base $output the renderer, for the badges
     */
    public function add_learner(\stdClass $user, array $cells, \renderer_base $output): void {
        $row = [
            'fullname' => \html_writer::link(new \moodle_url('/user/view.php', ['id' => $user->id,
                'course' => $this->pageurl->param('id')]), s(fullname($user))),
            'email' => s($user->email),
        ];
        foreach (array_keys($this->notifications) as $code) {
            $cell = $cells[$code] ?? ['state' => 'none', 'time' => 0, 'rule' => '', 'reason' => '', 'error' => '', 'outboxid' => 0];
            $row['n_' . $code] = $output->render_from_template('block_course_notification/report_cell',
                report_page::cell_context($cell, $this->pageurl));
        }
        $why = new \moodle_url($this->pageurl, ['userid' => $user->id]);
        $row['why'] = \html_writer::link($why, get_string('report:why', 'block_course_notification'));
        $this->add_data_keyed($row);
    }
}
