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
 * The page of a one-click unsubscribe link.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\output;

/**
 * What an unsubscribe link stops: asked first (a GET, which mail scanners send too, changes nothing),
 * then confirmed once the POST recorded it.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class unsubscribe_page implements \renderable, \templatable {
    /**
     * The page.
     *
     * @param bool $done whether the opt-out was recorded (false: the confirmation to ask)
     * @param \stdClass $what {topic, course}: names in plain text (preferences::describe())
     * @param \moodle_url $actionurl the link itself, which the button posts to
     * @param \moodle_url $preferencesurl the learner's preferences page
     */
    public function __construct(
        /** @var bool whether the opt-out was recorded */
        private readonly bool $done,
        /** @var \stdClass the topic's and the course's names */
        private readonly \stdClass $what,
        /** @var \moodle_url the link */
        private readonly \moodle_url $actionurl,
        /** @var \moodle_url the preferences page */
        private readonly \moodle_url $preferencesurl,
    ) {
    }

    /**
     * Context for templates/unsubscribe.mustache.
     *
     * @param \renderer_base $output the renderer
     * @return array
     */
    public function export_for_template(\renderer_base $output): array {
        return [
            'done' => $this->done,
            'message' => get_string($this->done ? 'unsubscribe:done' : 'unsubscribe:confirm', 'block_course_notification',
                $this->what),
            'actionurl' => $this->actionurl->out(false),
            'preferencesurl' => $this->preferencesurl->out(false),
        ];
    }
}
