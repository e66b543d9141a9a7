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
 * Site notifications: the notifications defined at site level, with their texts (list, add, edit, delete).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

require(__DIR__ . '/../../config.php');
require_once($CFG->libdir . '/adminlib.php');

use block_course_notification\form\site_definition;
use block_course_notification\local\catalogue;
use block_course_notification\local\definitions;

$action = optional_param('action', '', PARAM_ALPHA);
// The notification a page is about; 'def', not 'code', since the add form posts a field named code.
$code = optional_param('def', '', PARAM_ALPHANUMEXT);

admin_externalpage_setup('block_course_notification_sitenotifications');
// The edit and delete pages (?action=...) keep the admin tree's node and breadcrumb of the list.
navigation_node::override_active_url(new moodle_url('/blocks/course_notification/sitenotifications.php'));
$context = context_system::instance();
require_capability('moodle/site:config', $context);
$baseurl = new moodle_url('/blocks/course_notification/sitenotifications.php');
$component = 'block_course_notification';

if (!catalogue::available()) {
    // The built-in notifications and what a definition may hold are the engine's: without it, say so.
    echo $OUTPUT->header();
    echo $OUTPUT->heading(get_string('sitenotifications', $component));
    echo $OUTPUT->notification(get_string('extensionmissing', $component), \core\output\notification::NOTIFY_ERROR);
    echo $OUTPUT->footer();
    exit;
}

if ($action === 'delete' && $code !== '') {
    if (optional_param('confirm', 0, PARAM_BOOL) && confirm_sesskey()) {
        definitions::delete($context->id, $code);
        redirect($baseurl, get_string('sitenotifications:deleted', $component), null, \core\output\notification::NOTIFY_SUCCESS);
    }
    echo $OUTPUT->header();
    echo $OUTPUT->confirm(
        get_string('sitenotifications:deleteconfirm', $component, catalogue::name($code)),
        new moodle_url($baseurl, ['action' => 'delete', 'def' => $code, 'confirm' => 1, 'sesskey' => sesskey()]),
        $baseurl
    );
    echo $OUTPUT->footer();
    exit;
}

if ($action === 'edit') {
    $url = new moodle_url($baseurl, ['action' => 'edit', 'def' => $code]);
    $form = new site_definition($url, ['code' => $code]);
    if ($form->is_cancelled()) {
        redirect($baseurl);
    }
    if ($data = $form->get_data()) {
        [$savecode, $fields, $texts] = site_definition::to_definition($data);
        definitions::save($context->id, $savecode, $fields, $texts, time());
        redirect($baseurl, get_string('sitenotifications:saved', $component), null, \core\output\notification::NOTIFY_SUCCESS);
    }
    $stored = $code !== '' ? definitions::load($context->id, $code) : null;
    if ($stored) {
        $form->set_data(site_definition::from_definition($stored));
    } else if ($code !== '') {
        $form->set_data(['code' => $code]);
    }
    echo $OUTPUT->header();
    echo $OUTPUT->heading($code === '' ? get_string('sitenotifications:add', $component)
        : get_string('sitenotifications:edit', $component, catalogue::name($code)));
    $form->display();
    echo $OUTPUT->footer();
    exit;
}

echo $OUTPUT->header();
echo $OUTPUT->heading(get_string('sitenotifications', $component));
echo html_writer::tag('p', get_string('sitenotifications:intro', $component));

// The notifications in effect at site level (the built-ins with the site's values), each value with
// where it comes from; Delete removes the site's own values of a notification.
$stored = definitions::load_context($context->id);
try {
    $effective = \block_course_notification\local\engine::notifications_in($context);
    $actions = [];
    $codes = array_unique(array_merge(array_column($effective['notifications'], 'code'), array_keys($stored)));
    foreach ($codes as $rowcode) {
        $link = fn(string $action) => (new moodle_url($baseurl, ['action' => $action, 'def' => $rowcode]))->out(false);
        $actions[$rowcode] = [['url' => $link('edit'), 'label' => get_string('edit')]];
        if (isset($stored[$rowcode])) {
            $actions[$rowcode][] = ['url' => $link('delete'), 'label' => get_string('delete')];
        }
    }
    echo $OUTPUT->render(new \block_course_notification\output\effective_table($context, $effective, $actions));
    // A site definition that cannot apply (listed among the errors) can still be edited or deleted.
    foreach (array_diff(array_keys($stored), array_column($effective['notifications'], 'code')) as $rowcode) {
        echo html_writer::div(s($rowcode) . ' ' . implode(' ', array_map(
            fn($a) => html_writer::link($a['url'], $a['label']),
            $actions[$rowcode]
        )), 'small');
    }
} catch (moodle_exception $e) {
    echo $OUTPUT->notification(\block_course_notification\local\engine::page_notice($e), 'warning');
}
echo $OUTPUT->single_button(new moodle_url($baseurl, ['action' => 'edit']), get_string('sitenotifications:add', $component), 'get');
echo $OUTPUT->footer();
