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
 * The review of the first run: what the next run would send, for the whole site or one course, and the
 * choice between sending it and starting from now (recording it as done without sending it).
 *
 * The whole site requires moodle/site:config and turns the site switch on; one course (?courseid=) requires
 * block/course_notification:setup in the course's block.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use block_course_notification\local\engine;
use block_course_notification\local\first_run;
use block_course_notification\output\firstrun_page;

require(__DIR__ . '/../../config.php');

$courseid = optional_param('courseid', 0, PARAM_INT);
$choice = optional_param('choice', '', PARAM_ALPHA);
$confirm = optional_param('confirm', 0, PARAM_BOOL);
$component = 'block_course_notification';

if ($courseid) {
    $course = get_course($courseid);
    require_login($course);
    $coursecontext = context_course::instance($course->id);
    first_run::require_can_choose((int) $course->id);
    $PAGE->set_context($coursecontext);
    $PAGE->set_pagelayout('report');
    $PAGE->set_heading(format_string($course->fullname, true, ['context' => $coursecontext]));
    $scope = (int) $course->id;
} else {
    require_login();
    first_run::require_can_choose(null);
    $PAGE->set_context(context_system::instance());
    $PAGE->set_pagelayout('admin');
    $PAGE->set_heading(get_string('pluginname', $component));
    $scope = null;
}
$url = new moodle_url('/blocks/course_notification/firstrun.php', $scope === null ? [] : ['courseid' => $scope]);
$PAGE->set_url($url);
$PAGE->set_title(get_string('firstrun:title', $component));
$PAGE->navbar->add(get_string('firstrun:title', $component), $url);

if ($choice !== '' && !in_array($choice, first_run::CHOICES, true)) {
    throw new moodle_exception('invalidaction', $component);
}

if ($choice !== '' && $confirm) {
    // A POST from the confirmation: first_run::choose() checks the sesskey and the capability again.
    if ($choice === first_run::FROMNOW) {
        // Marking every learner of a large site takes a while; the engine's markonly is never cut short.
        core_php_time_limit::raise();
    }
    try {
        $done = first_run::choose($scope, $choice, optional_param('due', 0, PARAM_INT), time());
    } catch (moodle_exception $e) {
        if ($e->errorcode !== 'firstrun:busy' && $e->errorcode !== 'enginefailed' && $e->errorcode !== 'extensionmissing') {
            throw $e;
        }
        redirect($url, $e->errorcode === 'firstrun:busy' ? $e->getMessage() : engine::page_notice($e), null,
            \core\output\notification::NOTIFY_ERROR);
    }
    $returnurl = $scope === null ? new moodle_url('/admin/settings.php', ['section' => 'blocksettingcourse_notification'])
        : new moodle_url('/course/view.php', ['id' => $scope]);
    redirect($returnurl, s(first_run::describe(first_run::last_choice($scope))), null, \core\output\notification::NOTIFY_SUCCESS);
}

// The forecast is the page's: bounded by the page deadline, with a notice when it runs out.
$figures = null;
$problem = null;
try {
    $figures = first_run::figures($scope, time());
} catch (moodle_exception $e) {
    $problem = engine::page_notice($e);
}

if ($choice !== '') {
    $PAGE->navbar->add(get_string('firstrun:confirm', $component));
}
echo $OUTPUT->header();
echo $OUTPUT->heading(get_string($choice === '' ? 'firstrun:title' : 'firstrun:confirm', $component));
$page = new firstrun_page($scope, $figures, $problem, $choice);
echo $OUTPUT->render_from_template('block_course_notification/firstrun', $page->export_for_template($OUTPUT));
echo $OUTPUT->footer();
