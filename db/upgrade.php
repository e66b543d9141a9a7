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
 * Upgrade steps of the course notifications block.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

/**
 * Upgrades the plugin from $oldversion to the version in version.php.
 *
 * There is no step yet. A fresh install gets its tables from install.xml. A site running the original
 * plugin (version 2025011400 or older, table block_course_notification, which had no upgrade.php on any
 * branch) comes through here instead, and needs a step that creates block_cnotif_outbox, carries the
 * per-type sent flags over as sent rows so nobody is mailed twice, converts the block configuration and
 * grants excludefromnotification, which the original never granted. That step is issue 5's job; until
 * it exists, upgrading a site that runs the original leaves it without the outbox table.
 *
 * @param int $oldversion the version installed before this upgrade
 * @return bool true when every step succeeded
 */
function xmldb_block_course_notification_upgrade($oldversion) {
    return true;
}
