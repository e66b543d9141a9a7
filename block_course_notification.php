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

use block_course_notification\local\course_definitions;
use block_course_notification\local\form_saver;
use block_course_notification\output\block_summary;
use block_course_notification\output\learner_upcoming;
use block_course_notification\output\status;

/**
 * Course notifications block: status, forecast and counts for the people who configure notifications.
 *
 * Learners see nothing, unless the course shows them their own upcoming reminders. The engine does
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
     * For holders of setup: the status, what is on, the forecast, the counts and a link to the report.
     * For learners: nothing, or their own upcoming reminders when the course shows them.
     *
     * @return stdClass
     */
    public function get_content() {
        global $USER;

        if ($this->content !== null) {
            return $this->content;
        }

        $this->content = (object) ['text' => '', 'footer' => ''];
        $course = $this->page->course;
        if (empty($course->id) || $course->id == SITEID) {
            return $this->content;
        }
        $renderer = $this->page->get_renderer('block_course_notification');
        if (has_capability('block/course_notification:setup', $this->context)) {
            $this->content->text = $renderer->render(status::current()) .
                $renderer->render(new block_summary((int) $course->id));
            return $this->content;
        }
        if (!empty($this->config->showlearners) && isloggedin() && !isguestuser()) {
            // Empty content hides the block when the learner has nothing coming.
            $this->content->text = $renderer->render(new learner_upcoming((int) $course->id, (int) $USER->id));
        }
        return $this->content;
    }

    /**
     * Saves the form: the notification fields go to the plugin's definition tables for the course
     * context (what the engine reads), the rest to the block's configdata.
     *
     * @param stdClass $data the form's config_ fields, without the prefix
     * @param bool $nolongerused unused
     */
    public function instance_config_save($data, $nolongerused = false) {
        $data = (object) $data;
        if (!empty($data->n_form) && has_capability('block/course_notification:setup', $this->context)) {
            form_saver::save($this->context->get_course_context()->id, $data, time());
            block_summary::invalidate((int) $this->context->get_course_context()->instanceid);
        }
        foreach (array_keys((array) $data) as $key) {
            if (preg_match('/^(n\d*_|new_|header_|engineproblem)/', $key)) {
                unset($data->$key);
            }
        }
        parent::instance_config_save($data, $nolongerused);
    }

    /**
     * Deleting the block removes the course's notification definitions: without the block the course
     * is not notified, and a new block starts from the inherited values.
     *
     * @return bool
     */
    public function instance_delete() {
        $coursecontext = $this->context->get_course_context(false);
        if ($coursecontext) {
            course_definitions::delete_context($coursecontext->id);
        }
        return true;
    }
}
