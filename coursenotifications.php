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
 * The notifications in effect in a course, each value with where it comes from (read only: the
 * block's settings form changes the course's own values).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

require(__DIR__ . '/../../config.php');

use block_course_notification\local\course_block;
use block_course_notification\local\engine;
use block_course_notification\output\effective_table;

$courseid = required_param('id', PARAM_INT);

$course = get_course($courseid);
require_login($course);
$coursecontext = context_course::instance($course->id);
// Those who set the block up, or who edit the course.
if (!has_capability('block/course_notification:setup', course_block::capability_context($course->id))) {
    require_capability('moodle/course:update', $coursecontext);
}

$url = new moodle_url('/blocks/course_notification/coursenotifications.php', ['id' => $course->id]);
$PAGE->set_url($url);
$PAGE->set_context($coursecontext);
$PAGE->set_pagelayout('report');
$PAGE->set_title(get_string('coursenotifications', 'block_course_notification') . ': ' . format_string(
    $course->shortname,
    true,
    ['context' => $coursecontext]
));
$PAGE->set_heading(format_string($course->fullname, true, ['context' => $coursecontext]));
$PAGE->navbar->add(get_string('coursenotifications', 'block_course_notification'), $url);

echo $OUTPUT->header();
echo $OUTPUT->heading(get_string('coursenotifications', 'block_course_notification'));
echo html_writer::tag('p', get_string('coursenotifications:intro', 'block_course_notification'));
try {
    echo $OUTPUT->render(new effective_table($coursecontext, engine::notifications_in($coursecontext)));
} catch (moodle_exception $e) {
    echo $OUTPUT->notification(engine::page_notice($e), 'warning');
}
echo $OUTPUT->footer();
