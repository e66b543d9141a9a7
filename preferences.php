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
 * The learner's own course notification preferences: linked from every message's footer and from the
 * user's Moodle Preferences page.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use block_course_notification\local\preferences;
use block_course_notification\output\preferences_page;

require(__DIR__ . '/../../config.php');

require_login(null, false);
if (isguestuser()) {
    // A guest's choices would be everyone's.
    throw new require_login_exception('Guests are not allowed here.');
}
$usercontext = context_user::instance($USER->id);
// Which mail one receives is a messaging preference: the capability of Moodle's own notification
// preferences page.
require_capability('moodle/user:editownmessageprofile', $usercontext);

$url = new moodle_url('/blocks/course_notification/preferences.php');
$PAGE->set_context($usercontext);
$PAGE->set_url($url);
$PAGE->set_pagelayout('standard');
$PAGE->set_title(get_string('prefs:title', 'block_course_notification'));
$PAGE->set_heading(fullname($USER));
// No navbar items of its own: Moodle builds the trail (Preferences > this page) from the settings
// navigation node lib.php adds; adding them here printed it twice.

$action = optional_param('action', '', PARAM_ALPHA);
if ($action === 'save') {
    require_sesskey();
    preferences::save(
        (int) $USER->id,
        optional_param_array('shown', [], PARAM_ALPHANUMEXT),
        optional_param_array('receive', [], PARAM_BOOL),
        time()
    );
    redirect($url, get_string('prefs:saved', 'block_course_notification'), null, \core\output\notification::NOTIFY_SUCCESS);
}
if ($action === 'undo') {
    require_sesskey();
    $courseid = required_param('courseid', PARAM_INT);
    $topic = required_param('topic', PARAM_ALPHANUMEXT);
    preferences::opt_in((int) $USER->id, $courseid, $topic);
    // The names are text (a course's name may hold "<"): escaped for the notification's HTML.
    $what = preferences::describe($courseid, $topic);
    $a = (object) ['topic' => s($what->topic), 'course' => s($what->course)];
    redirect($url, get_string('prefs:undone', 'block_course_notification', $a), null,
        \core\output\notification::NOTIFY_SUCCESS);
}

echo $OUTPUT->header();
echo $OUTPUT->heading(get_string('prefs:title', 'block_course_notification'));
echo $PAGE->get_renderer('block_course_notification')->render(
    new preferences_page(preferences::state((int) $USER->id), $url, sesskey())
);
echo $OUTPUT->footer();
