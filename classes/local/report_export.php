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
 * The report's export: one row per learner and notification.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\local;

/**
 * Headers and rows for Moodle's dataformat API (\core\dataformat::download_data), a chunk of learners
 * at a time. A learner is named, then identified by the identity fields the site shows and the viewer
 * may see, as in the report's table (report::identity_fields()): never by an e-mail address they may not.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class report_export {
    /** The columns after the learner's, in order. */
    private const FIELDS = ['notification', 'state', 'date', 'rule', 'reason', 'error'];

    /**
     * An export of a report.
     *
     * @param report $report the report
     * @param array $columns code => notification, the notifications exported
     */
    public function __construct(
        /** @var report the report exported */
        private readonly report $report,
        /** @var array code => notification, the notifications exported */
        private readonly array $columns,
    ) {
    }

    /**
     * The headers, by column.
     *
     * @return string[]
     */
    public function headers(): array {
        $headers = ['fullname' => get_string('export:fullname', 'block_course_notification')];
        $headers += $this->report->identity_fields();
        foreach (self::FIELDS as $field) {
            $headers[$field] = get_string('export:' . $field, 'block_course_notification');
        }
        return $headers;
    }

    /**
     * The rows of the learners matching the filters, in the headers' order.
     *
     * @param string $search name or identity search
     * @param string $state state filter
     * @param string $notification notification filter
     * @return \Generator of arrays
     */
    public function rows(string $search, string $state, string $notification): \Generator {
        $identity = array_keys($this->report->identity_fields());
        foreach ($this->report->all_rows($search, $state, $notification) as [$user, $cells]) {
            $learner = ['fullname' => fullname($user)] + report::identity_of($user, $identity);
            foreach ($this->columns as $code => $n) {
                $cell = $cells[$code] ?? ['state' => 'none', 'time' => 0, 'rule' => '', 'reason' => '', 'error' => ''];
                yield $learner + [
                    'notification' => $code,
                    'state' => $cell['state'],
                    'date' => $cell['time'] > 0 ? userdate($cell['time'], '%Y-%m-%d %H:%M', 99, false) : '',
                    'rule' => $cell['rule'],
                    'reason' => $cell['reason'],
                    'error' => $cell['error'],
                ];
            }
        }
    }
}
