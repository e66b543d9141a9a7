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
 * Callbacks Moodle looks for in lib.php.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

/**
 * Adds the engine check to Site administration > Reports > System status.
 *
 * @return \core\check\check[]
 */
function block_course_notification_status_checks(): array {
    return [new \block_course_notification\check\engine()];
}

/**
 * Adds "Course notification preferences" to the user's own Preferences page (user/preferences.php), in
 * its "User account" group beside Moodle's notification preferences.
 *
 * Moodle 5.0 builds that page from the settings navigation's user node, and lets every plugin extend it
 * through this callback (settings_navigation::generate_user_settings()).
 *
 * @param navigation_node $usersetting the user's settings node
 * @param stdClass $user the user whose settings these are
 * @param context_user $usercontext their context
 * @param stdClass $course the current course
 * @param context_course $coursecontext its context
 */
function block_course_notification_extend_navigation_user_settings(
    navigation_node $usersetting,
    stdClass $user,
    $usercontext,
    stdClass $course,
    $coursecontext
): void {
    global $USER;
    // The page sets the current user's own choices only: no link on someone else's preferences.
    if ((int) $user->id !== (int) $USER->id || isguestuser($user)
            || !has_capability('moodle/user:editownmessageprofile', $usercontext)) {
        return;
    }
    $parent = $usersetting->find('useraccount', navigation_node::TYPE_CONTAINER) ?: $usersetting;
    $parent->add(
        get_string('prefs:link', 'block_course_notification'),
        new moodle_url('/blocks/course_notification/preferences.php'),
        navigation_node::TYPE_SETTING,
        null,
        'block_course_notification_preferences'
    );
}

/**
 * Adds "Course notifications" to a category's settings menu, for those who manage the category: the
 * notifications in effect in its courses, with this category's own values to edit or reset.
 *
 * @param navigation_node $navigation the category's settings node
 * @param context_coursecat $context the category's context
 */
function block_course_notification_extend_navigation_category_settings(navigation_node $navigation, $context): void {
    if (!has_capability('moodle/category:manage', $context)) {
        return;
    }
    $navigation->add(
        get_string('categorynotifications', 'block_course_notification'),
        new moodle_url('/blocks/course_notification/categorynotifications.php', ['id' => $context->instanceid]),
        navigation_node::TYPE_SETTING,
        null,
        'block_course_notification_category',
        new pix_icon('i/email', '')
    );
}
