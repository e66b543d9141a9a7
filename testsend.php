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
 * Test send: one notification written for one learner of the course, in their language and time zone,
 * with its template problems, and sent as a test to the person asking (never as the learner's message).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use block_course_notification\local\catalogue;
use block_course_notification\local\course_block;
use block_course_notification\local\engine;
use block_course_notification\output\testsend_page;

require(__DIR__ . '/../../config.php');

$courseid = required_param('courseid', PARAM_INT);
$code = optional_param('code', '', PARAM_ALPHANUMEXT);
$userid = optional_param('userid', 0, PARAM_INT);
$send = optional_param('send', 0, PARAM_BOOL);

$course = get_course($courseid);
require_login($course);
$coursecontext = context_course::instance($course->id);
$context = course_block::capability_context($course->id);
require_capability(testsend_page::CAPABILITY, $context);

$pageurl = new moodle_url('/blocks/course_notification/testsend.php', ['courseid' => $course->id]);
$PAGE->set_url(new moodle_url($pageurl, array_filter(['code' => $code, 'userid' => $userid])));
$PAGE->set_context($coursecontext);
$PAGE->set_pagelayout('report');
$title = get_string('testsend:title', 'block_course_notification');
$PAGE->set_title($title . ': ' . format_string($course->shortname, true, ['context' => $coursecontext]));
$PAGE->set_heading(format_string($course->fullname, true, ['context' => $coursecontext]));
$PAGE->navbar->add($title, $pageurl);

$learner = null;
if ($userid) {
    $learner = core_user::get_user($userid, '*', MUST_EXIST);
    if (!is_enrolled($coursecontext, $learner, '', false)) {
        throw new moodle_exception('notenrolled', 'block_course_notification');
    }
}

if ($send) {
    if ($learner === null || $code === '') {
        throw new moodle_exception('missingparam', 'error', '', 'userid, code');
    }
    // Capability and sesskey are checked inside, before anything is read or sent.
    $sent = testsend_page::send_test($context, (int) $course->id, $learner, $code);
    redirect(
        new moodle_url($pageurl, ['code' => $code, 'userid' => $userid]),
        get_string($sent ? 'testsend:sent' : 'testsend:notsent', 'block_course_notification', s($USER->email)),
        null,
        $sent ? \core\output\notification::NOTIFY_SUCCESS : \core\output\notification::NOTIFY_WARNING
    );
}

$problem = null;
$notifications = [];
$preview = null;
try {
    foreach (engine::notifications((int) $course->id)['notifications'] as $n) {
        $name = catalogue::name($n['code']);
        $notifications[$n['code']] = $n['enabled'] ? $name : get_string('report:off', 'block_course_notification', $name);
    }
    if ($learner !== null && $code !== '') {
        // With the viewer's own footer links: the learner's unsubscribe token is theirs alone, never shown.
        $preview = testsend_page::preview((int) $course->id, (int) $learner->id, $code, null, (int) $USER->id);
    }
} catch (moodle_exception $e) {
    $problem = testsend_page::notice($e);
}
// The course's learners, by name; a very large course lists the first ones, and the chosen one always.
$learners = [];
foreach (get_enrolled_users($coursecontext, '', 0, 'u.*', 'u.lastname, u.firstname, u.id', 0, 1000) as $u) {
    $learners[(int) $u->id] = fullname($u);
}
if ($learner !== null) {
    $learners[(int) $learner->id] = fullname($learner);
}

$renderer = $PAGE->get_renderer('block_course_notification');
echo $OUTPUT->header();
echo $OUTPUT->heading($title);
echo $renderer->render(new testsend_page($pageurl, $notifications, $learners, $code, $userid, $preview, $problem,
    (string) $USER->email));
echo $OUTPUT->footer();
