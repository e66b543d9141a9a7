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
 * What a fresh install needs beyond the tables of install.xml.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

/**
 * Runs once, after install.xml's tables are created.
 *
 * The unsubscribe secret signs the one-click unsubscribe links: a site must have one before its first
 * mail goes out, and it is never shown, so it cannot be a setting with a default.
 *
 * @return bool true
 */
function xmldb_block_course_notification_install() {
    global $CFG;
    require_once($CFG->dirroot . '/blocks/course_notification/db/upgradelib.php');
    block_course_notification_ensure_unsubscribe_secret();
    return true;
}
