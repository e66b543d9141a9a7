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
 * Site settings of the course notifications block.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use block_course_notification\admin\setting_positive_int;
use block_course_notification\local\engine;

defined('MOODLE_INTERNAL') || die();

if ($ADMIN->fulltree) {
    // First what the administrator needs before anything else works: is the extension there.
    $version = engine::extension_version();
    if ($version === null) {
        $enginestate = get_string('settings:enginemissing', 'block_course_notification', engine::EXTENSION);
    } else {
        $enginestate = get_string('settings:engineloaded', 'block_course_notification',
            (object) ['found' => $version, 'expected' => engine::EXPECTED_ENGINE_VERSION]);
    }
    $settings->add(new admin_setting_heading('block_course_notification/engine',
        get_string('settings:engine', 'block_course_notification'), $enginestate));

    // Off on install, as in the original: nothing is mailed until an administrator decides so.
    $settings->add(new admin_setting_configcheckbox('block_course_notification/enable',
        get_string('settings:enable', 'block_course_notification'),
        get_string('settings:enable_desc', 'block_course_notification'), 0));

    $settings->add(new setting_positive_int('block_course_notification/cap',
        get_string('settings:cap', 'block_course_notification'),
        get_string('settings:cap_desc', 'block_course_notification'), engine::DEFAULT_CAP));

    // Moodle notifications beside the e-mail: the bell and the mobile app, by each user's preferences.
    $settings->add(new admin_setting_configcheckbox('block_course_notification/messageoutput',
        get_string('settings:messageoutput', 'block_course_notification'),
        get_string('settings:messageoutput_desc', 'block_course_notification'), 0));

    // The send window, in each recipient's own timezone: what it holds back goes first when it opens.
    $hours = [-1 => get_string('settings:window_none', 'block_course_notification')];
    for ($h = 0; $h <= 23; $h++) {
        $hours[$h] = sprintf('%02d:00', $h);
    }
    $settings->add(new admin_setting_configselect('block_course_notification/windowstart',
        get_string('settings:windowstart', 'block_course_notification'),
        get_string('settings:windowstart_desc', 'block_course_notification'), -1, $hours));
    unset($hours[-1]);
    $settings->add(new admin_setting_configselect('block_course_notification/windowend',
        get_string('settings:windowend', 'block_course_notification'),
        get_string('settings:windowend_desc', 'block_course_notification'), 20, $hours));
    $settings->add(new admin_setting_configcheckbox('block_course_notification/windowweekdays',
        get_string('settings:windowweekdays', 'block_course_notification'),
        get_string('settings:windowweekdays_desc', 'block_course_notification'), 0));
}
