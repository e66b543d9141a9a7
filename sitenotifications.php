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
        get_string('sitenotifications:deleteconfirm', $component, definitions::name($code)),
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
        : get_string('sitenotifications:edit', $component, definitions::name($code)));
    $form->display();
    echo $OUTPUT->footer();
    exit;
}

echo $OUTPUT->header();
echo $OUTPUT->heading(get_string('sitenotifications', $component));
echo html_writer::tag('p', get_string('sitenotifications:intro', $component));

$stored = definitions::load_context($context->id);
$table = new html_table();
$table->head = [get_string('report:notification', $component), get_string('config:enabled', $component),
    get_string('config:trigger', $component), get_string('sitenotifications:offsetdays', $component),
    get_string('sitenotifications:texts', $component), ''];
$inherit = get_string('source:builtin', $component);
$codes = array_unique(array_merge(catalogue::codes(), array_keys($stored)));
foreach ($codes as $rowcode) {
    $def = $stored[$rowcode] ?? null;
    $value = fn($field) => ($def && $def->$field !== null) ? s((string) $def->$field) : $inherit;
    $enabled = $inherit;
    if ($def && $def->enabled !== null) {
        $enabled = get_string($def->enabled ? 'config:on' : 'config:off', $component);
    }
    $trigger = ($def && $def->triggertype !== null) ? get_string('trigger:' . $def->triggertype, $component) : $inherit;
    $actions = html_writer::link(new moodle_url($baseurl, ['action' => 'edit', 'def' => $rowcode]), get_string('edit'));
    if ($def) {
        $actions .= ' ' . html_writer::link(
            new moodle_url($baseurl, ['action' => 'delete', 'def' => $rowcode]),
            get_string('delete')
        );
    }
    $table->data[] = [s(definitions::name($rowcode)) . html_writer::tag('div', s($rowcode), ['class' => 'small text-muted']),
        $enabled, $trigger, $value('offsetdays'), $def && $def->texts ? s(implode(', ', array_keys($def->texts))) : $inherit,
        $actions];
}
echo html_writer::table($table);
echo $OUTPUT->single_button(new moodle_url($baseurl, ['action' => 'edit']), get_string('sitenotifications:add', $component), 'get');
echo $OUTPUT->footer();
