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
 * A category's notifications: the set in effect in its courses, each value with where it comes from;
 * Edit sets the category's own values (its courses inherit them), Reset removes them.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

require(__DIR__ . '/../../config.php');

use block_course_notification\form\site_definition;
use block_course_notification\local\catalogue;
use block_course_notification\local\definitions;
use block_course_notification\local\engine;
use block_course_notification\output\effective_table;

$id = required_param('id', PARAM_INT);
$action = optional_param('action', '', PARAM_ALPHA);
// The notification an action is about; 'def', not 'code', since the form posts a field named code.
$code = optional_param('def', '', PARAM_ALPHANUMEXT);

require_login();
$context = context_coursecat::instance($id);
require_capability('moodle/category:manage', $context);
$category = $DB->get_record('course_categories', ['id' => $id], '*', MUST_EXIST);
$component = 'block_course_notification';
$baseurl = new moodle_url('/blocks/course_notification/categorynotifications.php', ['id' => $id]);
$name = format_string($category->name, true, ['context' => $context]);

$PAGE->set_url($baseurl);
$PAGE->set_context($context);
$PAGE->set_pagelayout('admin');
$PAGE->set_title(get_string('categorynotifications', $component) . ': ' . $name);
$PAGE->set_heading($name);

if ($action === 'reset' && $code !== '') {
    if (optional_param('confirm', 0, PARAM_BOOL)) {
        require_sesskey();
        definitions::delete($context->id, $code);
        redirect($baseurl, get_string('categorynotifications:resetdone', $component), null,
            \core\output\notification::NOTIFY_SUCCESS);
    }
    echo $OUTPUT->header();
    echo $OUTPUT->confirm(
        get_string('categorynotifications:resetconfirm', $component, catalogue::name($code)),
        new moodle_url($baseurl, ['action' => 'reset', 'def' => $code, 'confirm' => 1, 'sesskey' => sesskey()]),
        $baseurl
    );
    echo $OUTPUT->footer();
    exit;
}

if ($action === 'edit' && $code !== '') {
    // What the level above has: there, a field left empty here takes its value, and a code it has is an
    // override rather than an addition.
    $parent = $context->get_parent_context();
    $above = array_column(engine::notifications_in($parent)['notifications'], null, 'code');
    $url = new moodle_url($baseurl, ['action' => 'edit', 'def' => $code]);
    $form = new site_definition($url, ['code' => $code, 'contextid' => $context->id, 'inherited' => array_keys($above),
        'above' => $above[$code] ?? null]);
    if ($form->is_cancelled()) {
        redirect($baseurl);
    }
    if ($data = $form->get_data()) {
        [$savecode, $fields, $texts] = site_definition::to_definition($data);
        definitions::save($context->id, $savecode, $fields, $texts, time());
        redirect($baseurl, get_string('categorynotifications:saved', $component), null,
            \core\output\notification::NOTIFY_SUCCESS);
    }
    $stored = definitions::load($context->id, $code);
    $form->set_data($stored ? site_definition::from_definition($stored) : ['code' => $code]);
    echo $OUTPUT->header();
    echo $OUTPUT->heading(get_string('categorynotifications:edit', $component, catalogue::name($code)));
    $form->display();
    echo $OUTPUT->footer();
    exit;
}

echo $OUTPUT->header();
echo $OUTPUT->heading(get_string('categorynotifications', $component));
echo html_writer::tag('p', get_string('categorynotifications:intro', $component));
try {
    $effective = engine::notifications_in($context);
    $stored = definitions::load_context($context->id);
    $actions = [];
    foreach ($effective['notifications'] as $n) {
        $links = [['url' => (new moodle_url($baseurl, ['action' => 'edit', 'def' => $n['code']]))->out(false),
            'label' => get_string('edit')]];
        if (isset($stored[$n['code']])) {
            $links[] = ['url' => (new moodle_url($baseurl, ['action' => 'reset', 'def' => $n['code']]))->out(false),
                'label' => get_string('effective:reset', $component)];
        }
        $actions[$n['code']] = $links;
    }
    echo $OUTPUT->render(new effective_table($context, $effective, $actions));
    // A definition of this category that cannot apply (listed among the errors) can still be reset.
    foreach (array_diff_key($stored, $actions) as $storedcode => $unused) {
        echo html_writer::div(s($storedcode) . ' ' . html_writer::link(
            new moodle_url($baseurl, ['action' => 'reset', 'def' => $storedcode]),
            get_string('effective:reset', $component)
        ), 'small');
    }
} catch (moodle_exception $e) {
    echo $OUTPUT->notification(engine::page_notice($e), 'warning');
}
echo $OUTPUT->footer();
