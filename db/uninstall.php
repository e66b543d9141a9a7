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
 * Uninstall of the course notifications block.
 *
 * Moodle itself drops the tables of install.xml, the plugin's config, capabilities, tasks, events,
 * message providers and caches. What is left is the original plugin's table, when a site uninstalls
 * without ever upgrading it away.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

/**
 * Removes what Moodle's uninstall does not know about.
 *
 * @return bool
 */
function xmldb_block_course_notification_uninstall() {
    global $DB;
    $dbman = $DB->get_manager();
    $table = new xmldb_table('block_course_notification');
    if ($dbman->table_exists($table)) {
        $dbman->drop_table($table);
    }
    unset_all_config_for_plugin('block_course_notification');
    return true;
}
