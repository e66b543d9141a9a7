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
 * A learner's course notification preferences.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\output;

/**
 * The toggles (everything, each topic, each course), the opt-outs made from e-mails with their undo,
 * and what is always sent, from preferences::state().
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class preferences_page implements \renderable, \templatable {
    /**
     * The page.
     *
     * @param array $state preferences::state()
     * @param \moodle_url $actionurl where the forms post
     * @param string $sesskey the session key every form carries
     */
    public function __construct(
        /** @var array what preferences::state() returned */
        private readonly array $state,
        /** @var \moodle_url where the forms post */
        private readonly \moodle_url $actionurl,
        /** @var string the session key */
        private readonly string $sesskey,
    ) {
    }

    /**
     * Context for templates/preferences.mustache.
     *
     * @param \renderer_base $output the renderer
     * @return array
     */
    public function export_for_template(\renderer_base $output): array {
        $specific = [];
        foreach ($this->state['specific'] as $item) {
            $specific[] = [
                'label' => get_string('prefs:specificitem', 'block_course_notification',
                    (object) ['topic' => $item['name'], 'course' => $item['course']]),
                'courseid' => $item['courseid'],
                'topic' => $item['topic'],
            ];
        }
        $essentials = [];
        foreach ($this->state['essentials'] as $item) {
            $essentials[] = ['label' => get_string('prefs:essentialitem', 'block_course_notification', (object) $item)];
        }
        return [
            'actionurl' => $this->actionurl->out(false),
            'sesskey' => $this->sesskey,
            'all' => $this->state['all'],
            'topics' => $this->state['topics'],
            'courses' => $this->state['courses'],
            'hascourses' => !empty($this->state['courses']),
            'specific' => $specific,
            'hasspecific' => !empty($specific),
            'essentials' => $essentials,
            'hasessentials' => !empty($essentials),
        ];
    }
}
