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
 * The block in a course, and the context its capabilities are checked in.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\local;

/**
 * Finds a course's block instance: the plugin's capabilities are defined at block level, so a page about a
 * course checks them in the course's block when there is one (a role overridden on the block counts), and
 * in the course otherwise.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class course_block {
    /**
     * The id of the course's block instance (the first, if a course has several), or null.
     *
     * @param int $courseid the course
     * @return int|null
     */
    public static function instance_id(int $courseid): ?int {
        global $DB;
        $id = $DB->get_field('block_instances', 'id', ['blockname' => 'course_notification',
            'parentcontextid' => \context_course::instance($courseid)->id], IGNORE_MULTIPLE);
        return $id ? (int) $id : null;
    }

    /**
     * Where the block's capabilities are checked for a course: its block's context, or the course's.
     *
     * @param int $courseid the course
     * @return \context
     */
    public static function capability_context(int $courseid): \context {
        $blockid = self::instance_id($courseid);
        return $blockid ? \context_block::instance($blockid) : \context_course::instance($courseid);
    }
}
