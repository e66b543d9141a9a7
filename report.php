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
 * Course report: each learner's state for each notification, why, and the resend and reset actions.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use block_course_notification\local\catalogue;
use block_course_notification\local\course_block;
use block_course_notification\local\engine;
use block_course_notification\local\outbox_actions;
use block_course_notification\local\report;
use block_course_notification\local\report_export;
use block_course_notification\output\block_summary;
use block_course_notification\output\report_page;
use block_course_notification\output\report_table;
use block_course_notification\output\report_why;

require(__DIR__ . '/../../config.php');
require_once($CFG->libdir . '/tablelib.php');

$courseid = required_param('id', PARAM_INT);
$notification = optional_param('notification', '', PARAM_ALPHANUMEXT);
$state = optional_param('state', '', PARAM_ALPHA);
$search = trim(optional_param('search', '', PARAM_NOTAGS));
$userid = optional_param('userid', 0, PARAM_INT);
$download = optional_param('download', '', PARAM_ALPHA);
$action = optional_param('action', '', PARAM_ALPHA);
$outboxid = optional_param('outboxid', 0, PARAM_INT);
$confirm = optional_param('confirm', 0, PARAM_BOOL);
$perpage = optional_param('perpage', 25, PARAM_INT);

$course = get_course($courseid);
require_login($course);
$coursecontext = context_course::instance($course->id);
$context = course_block::capability_context($course->id);
require_capability('block/course_notification:setup', $context);

if (!in_array($state, report::STATES, true)) {
    $state = '';
}
$perpage = max(10, min(200, $perpage));
$filters = array_filter(['notification' => $notification, 'state' => $state, 'search' => $search], fn($v) => $v !== '');
$baseurl = new moodle_url('/blocks/course_notification/report.php', ['id' => $course->id] + $filters);

$PAGE->set_url(new moodle_url($baseurl, $userid ? ['userid' => $userid] : []));
$PAGE->set_context($coursecontext);
$PAGE->set_pagelayout('report');
$PAGE->set_title(get_string('report:title', 'block_course_notification') . ': ' . format_string(
    $course->shortname,
    true,
    ['context' => $coursecontext]
));
$PAGE->set_heading(format_string($course->fullname, true, ['context' => $coursecontext]));
$PAGE->navbar->add(get_string('report:title', 'block_course_notification'), $baseurl);

$report = new report((int) $course->id, time());

// Resend or reset one learner's notification: confirmation first, then sesskey.
if ($action !== '') {
    if (!in_array($action, outbox_actions::ACTIONS, true)) {
        throw new moodle_exception('invalidaction', 'block_course_notification');
    }
    $row = outbox_actions::row($outboxid, (int) $course->id);
    $learner = core_user::get_user($row->userid, '*', MUST_EXIST);
    $returnurl = $userid ? new moodle_url($baseurl, ['userid' => $userid]) : $baseurl;
    // Both go into HTML (the confirmation, the notice): a restored code or a name is text, never markup.
    $a = (object) ['notification' => s(catalogue::name($row->notification)), 'user' => s(fullname($learner))];
    if (!outbox_actions::applies($action, $row)) {
        // Said before the confirmation (a link from a page shown before the message went out, or while
        // it is being sent), not after it.
        redirect(
            $returnurl,
            get_string('action:' . $action . '_noapply', 'block_course_notification', $a),
            null,
            \core\output\notification::NOTIFY_WARNING
        );
    }
    if (!$confirm) {
        $PAGE->navbar->add(get_string('action:' . $action, 'block_course_notification'));
        echo $OUTPUT->header();
        echo $OUTPUT->heading(get_string('action:' . $action, 'block_course_notification'));
        $continue = new moodle_url($PAGE->url, ['action' => $action, 'outboxid' => $row->id, 'confirm' => 1,
            'sesskey' => sesskey()]);
        echo $OUTPUT->confirm(
            get_string('action:' . $action . '_confirm', 'block_course_notification', $a),
            new single_button($continue, get_string('action:' . $action, 'block_course_notification'), 'post'),
            $returnurl
        );
        echo $OUTPUT->footer();
        exit;
    }
    require_sesskey();
    // The statement checks the status again: a run may have claimed the row since it was read.
    $applied = $action === 'resend' ? outbox_actions::resend($row, time()) : outbox_actions::reset($row);
    if (!$applied) {
        redirect(
            $returnurl,
            get_string('action:' . $action . '_noapply', 'block_course_notification', $a),
            null,
            \core\output\notification::NOTIFY_WARNING
        );
    }
    block_summary::invalidate((int) $course->id);
    redirect(
        $returnurl,
        get_string('action:' . $action . '_done', 'block_course_notification', $a),
        null,
        \core\output\notification::NOTIFY_SUCCESS
    );
}

// The "why" view of one learner.
if ($userid) {
    $user = core_user::get_user($userid, '*', MUST_EXIST);
    if (!is_enrolled($coursecontext, $user, '', false)) {
        throw new moodle_exception('notenrolled', 'block_course_notification');
    }
    $PAGE->navbar->add(fullname($user));
    $renderer = $PAGE->get_renderer('block_course_notification');
    echo $OUTPUT->header();
    echo $OUTPUT->heading(get_string('why:title', 'block_course_notification', s(fullname($user))));
    // Without the engine (or past its deadline) the view still shows the learner and the outbox, and
    // says why the decisions are missing (report::why()).
    echo $renderer->render(new report_why($user, $report->why($userid), $baseurl));
    echo $OUTPUT->footer();
    exit;
}

$notifications = $report->notifications();
if ($notification !== '' && !isset($notifications[$notification])) {
    $notification = '';
}
$columns = $notification !== '' ? [$notification => $notifications[$notification]] : $notifications;

// Export: one row per learner and notification, through Moodle's dataformat API.
$problem = null;
if ($download !== '') {
    $export = new report_export($report, $columns);
    $rows = $export->rows($search, $state, $notification);
    try {
        // The first rows call the engine: a failure there shows the page with the notice instead of
        // sending an error page as the file.
        $rows->current();
    } catch (moodle_exception $e) {
        $problem = engine::page_notice($e);
        $download = '';
    }
}
if ($download !== '') {
    \core\dataformat::download_data('course_notifications_' . $course->id, $download, $export->headers(), $rows);
    exit;
}

$renderer = $PAGE->get_renderer('block_course_notification');
$table = new report_table((int) $course->id, $columns, $baseurl, $report);
$table->setup();
$users = [];
$cells = [];
// The engine's part (the cells, and a filter on a state it decides) may fail or run out of time. The page
// then shows what it can, with a notice that names nothing of the site's setup: see the facade's notice.
try {
    $total = $report->count_learners($search, $state, $notification);
    $table->pagesize($perpage, $total);
    $users = $report->learners(
        $search,
        $state,
        $notification,
        $table->get_page_start(),
        $table->get_page_size(),
        $table->order_by()
    );
    $cells = $report->cells(array_keys($users));
} catch (moodle_exception $e) {
    $problem = engine::page_notice($e);
    if (!isset($total)) {
        $total = 0;
        $table->pagesize($perpage, $total);
    }
    // What was sent, failed or waits is the outbox's: shown even when the engine's part is missing.
    $cells = $report->recorded_cells(array_keys($users));
}
ob_start();
foreach ($users as $user) {
    $table->add_learner($user, $cells[$user->id] ?? [], $renderer, $problem === null);
}
$table->finish_output();
$tablehtml = ob_get_clean();

$downloadhtml = $OUTPUT->download_dataformat_selector(
    get_string('report:download', 'block_course_notification'),
    $baseurl->out_omit_querystring(),
    'download',
    ['id' => $course->id] + $filters
);

echo $OUTPUT->header();
echo $OUTPUT->heading(get_string('report:title', 'block_course_notification'));
// Which notifications apply here, and where each value comes from.
echo html_writer::tag('p', html_writer::link(
    new moodle_url('/blocks/course_notification/coursenotifications.php', ['id' => $course->id]),
    get_string('coursenotifications', 'block_course_notification')
), ['class' => 'small']);
echo $renderer->render(new report_page(
    $baseurl,
    $notifications,
    $notification,
    $state,
    $search,
    $total,
    $tablehtml,
    $downloadhtml,
    $problem
));
echo $OUTPUT->footer();
