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
 * The least of Moodle that the effective notifications' table and pages (effective_table,
 * categorynotifications.php, coursenotifications.php) use beyond the other shims: category and block
 * contexts, role names, get_course(), html_writer. For EffectiveTableTest and EffectivePagesHttpTest (no
 * Moodle site); inside Moodle this file is never loaded.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

defined('CONTEXT_COURSECAT') || define('CONTEXT_COURSECAT', 40);

if (!class_exists('context_coursecat')) {
    /**
     * Stand-in for Moodle's context_coursecat, read from the context table like the shim's other contexts.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class context_coursecat extends context {
        /**
         * A category's context.
         *
         * @param int $categoryid the category
         * @param int $strictness MUST_EXIST or IGNORE_MISSING
         * @return context_coursecat|false
         */
        public static function instance($categoryid, $strictness = MUST_EXIST) {
            $row = self::row(CONTEXT_COURSECAT, (int) $categoryid, $strictness);
            if (!$row) {
                if ($strictness === MUST_EXIST) {
                    throw new moodle_exception('invalidcategoryid', 'error');
                }
                return false;
            }
            return new context_coursecat($row);
        }
    }
}

if (!class_exists('context_block')) {
    /**
     * Stand-in for Moodle's context_block.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class context_block extends context {
        /**
         * A block's context.
         *
         * @param int $blockid the block instance
         * @param int $strictness MUST_EXIST or IGNORE_MISSING
         * @return context_block|false
         */
        public static function instance($blockid, $strictness = MUST_EXIST) {
            // A fixture that made the block instance without its context row (the shim's capabilities hold in
            // every context, so only the level counts there) gets a context of id 0.
            $row = self::row(CONTEXT_BLOCK, (int) $blockid, IGNORE_MISSING)
                ?: (object) ['id' => 0, 'contextlevel' => CONTEXT_BLOCK, 'instanceid' => (int) $blockid];
            return new context_block($row);
        }
    }
}

if (!function_exists('role_get_name')) {
    /**
     * Moodle's role_get_name(): the role's name, or for a role without one (as Moodle installs them), a
     * name from its short name.
     *
     * @param stdClass $role the role row
     * @param context|null $context unused (no course aliases here)
     * @return string
     */
    function role_get_name($role, $context = null) {
        $names = ['editingteacher' => 'Teacher', 'teacher' => 'Non-editing teacher', 'student' => 'Student'];
        return (string) $role->name !== '' ? (string) $role->name : ($names[$role->shortname] ?? $role->shortname);
    }
}

if (!function_exists('get_course')) {
    /**
     * Moodle's get_course().
     *
     * @param int $courseid the course
     * @return stdClass
     */
    function get_course($courseid) {
        global $DB;
        $course = $DB->get_record('course', ['id' => (int) $courseid]);
        if (!$course) {
            throw new moodle_exception('invalidcourseid', 'error');
        }
        return $course;
    }
}

if (!class_exists('html_writer')) {
    /**
     * Moodle's html_writer, the few tags the pages write.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class html_writer {
        /**
         * A tag.
         *
         * @param string $tag the tag
         * @param string $contents HTML
         * @param array $attributes name => value
         * @return string
         */
        public static function tag($tag, $contents, array $attributes = []) {
            $attrs = '';
            foreach ($attributes as $name => $value) {
                $attrs .= ' ' . $name . '="' . s((string) $value) . '"';
            }
            return "<{$tag}{$attrs}>{$contents}</{$tag}>";
        }

        /**
         * A div.
         *
         * @param string $contents HTML
         * @param string $class its class
         * @return string
         */
        public static function div($contents, $class = '') {
            return self::tag('div', $contents, $class === '' ? [] : ['class' => $class]);
        }

        /**
         * A link.
         *
         * @param moodle_url|string $url where to
         * @param string $text HTML
         * @param array $attributes name => value
         * @return string
         */
        public static function link($url, $text, array $attributes = []) {
            return self::tag('a', $text, ['href' => $url instanceof moodle_url ? $url->out(false) : (string) $url]
                + $attributes);
        }
    }
}
