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
 * The course notifications block.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use block_course_notification\output\status;

/**
 * Course notifications block: for now, a status panel for the people who configure notifications.
 *
 * Learners see nothing: the block only exists so that teachers have a place to look. The engine does
 * its work from cron, never from a page view (the original recomputed everything on each view).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class block_course_notification extends block_base {

    /**
     * Sets the block title.
     */
    public function init() {
        $this->title = get_string('pluginname', 'block_course_notification');
    }

    /**
     * Course pages only: notifications are about a course's learners, so the front page, the
     * dashboard and category pages have nothing to show.
     *
     * @return array
     */
    public function applicable_formats() {
        return [
            'all' => false,
            'course-view' => true,
            'site' => false,
            'my' => false,
            'course-index-category' => false,
        ];
    }

    /**
     * The block has site settings (settings.php).
     *
     * @return bool
     */
    public function has_config() {
        return true;
    }

    /**
     * One block per course: a second one would only show the same course's notifications again.
     *
     * @return bool
     */
    public function instance_allow_multiple() {
        return false;
    }

    /**
     * The status panel, for holders of block/course_notification:setup only.
     *
     * @return stdClass
     */
    public function get_content() {
        if ($this->content !== null) {
            return $this->content;
        }

        $this->content = (object) ['text' => '', 'footer' => ''];
        if (!has_capability('block/course_notification:setup', $this->context)) {
            // Empty content hides the block for everyone else.
            return $this->content;
        }

        $renderer = $this->page->get_renderer('block_course_notification');
        $this->content->text = $renderer->render(status::current());
        return $this->content;
    }
}
