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
 * The least of Moodle that the learner's side (opt-outs, the preferences page's logic, the unsubscribe
 * link, the Preferences page's link) needs besides moodle_shim.php and moodle_dml.php: format_string(),
 * context_user, isguestuser() and navigation_node, as Moodle 5.0 has them where the plugin depends on
 * them. Inside Moodle this file is never loaded.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

require_once(__DIR__ . '/moodle_shim.php');

defined('CONTEXT_USER') || define('CONTEXT_USER', 30);
defined('PARAM_ALPHANUMEXT') || define('PARAM_ALPHANUMEXT', 'alphanumext');

if (!function_exists('format_string')) {
    /**
     * Moodle's format_string() without filters: tags stripped, escaped unless 'escape' => false.
     *
     * @param string $string the text
     * @param bool $striplinks unused
     * @param array $options 'escape' (default true), 'context'
     * @return string
     */
    function format_string($string, $striplinks = true, $options = []) {
        $text = strip_tags((string) $string);
        return ($options['escape'] ?? true) ? s($text) : $text;
    }
}

if (!class_exists('context_user')) {
    /**
     * Stand-in for Moodle's context_user, read from the context table like the shim's other contexts.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class context_user extends context {
        /**
         * A user's context.
         *
         * @param int $userid the user
         * @param int $strictness MUST_EXIST or IGNORE_MISSING
         * @return context_user|false
         */
        public static function instance($userid, $strictness = MUST_EXIST) {
            $row = self::row(CONTEXT_USER, (int) $userid, $strictness);
            return $row ? new context_user($row) : false;
        }

        /**
         * Any context by its id, as the right class (Moodle's context::instance_by_id()).
         *
         * @param int $id the context's id
         * @param int $strictness MUST_EXIST or IGNORE_MISSING
         * @return context|false
         */
        public static function any_by_id(int $id, $strictness = MUST_EXIST) {
            global $DB;
            $row = $DB->get_record('context', ['id' => $id], '*', $strictness);
            if (!$row) {
                return false;
            }
            switch ((int) $row->contextlevel) {
                case CONTEXT_USER:
                    return context_user::instance($row->instanceid);
                case CONTEXT_COURSE:
                    return context_course::instance($row->instanceid);
                default:
                    return context_system::instance();
            }
        }
    }
}

if (!function_exists('isguestuser')) {
    /**
     * Moodle's isguestuser(): the guest is user 1 on the demo site ($CFG->siteguest).
     *
     * @param mixed $user a user or an id (null: the current user)
     * @return bool
     */
    function isguestuser($user = null) {
        global $USER;
        $id = $user === null ? ($USER->id ?? 0) : (is_object($user) ? $user->id : $user);
        return (int) $id === 1;
    }
}

if (!class_exists('navigation_node')) {
    /**
     * Moodle's navigation_node, what a plugin's navigation callback uses: children by key, add(), find().
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class navigation_node {
        /** A container. */
        const TYPE_CONTAINER = 90;
        /** A setting. */
        const TYPE_SETTING = 70;

        /** @var string the text */
        public $text;
        /** @var moodle_url|null the link */
        public $action;
        /** @var int the type */
        public $type;
        /** @var string the key */
        public $key;
        /** @var navigation_node[] the children, in order */
        public $children = [];

        /**
         * A node.
         *
         * @param string $text the text
         * @param moodle_url|null $action the link
         * @param int $type the type
         * @param string $key the key
         */
        public function __construct($text, $action = null, $type = self::TYPE_SETTING, $key = '') {
            $this->text = $text;
            $this->action = $action;
            $this->type = $type;
            $this->key = $key;
        }

        /**
         * Adds a child.
         *
         * @param string $text the text
         * @param moodle_url|null $action the link
         * @param int $type the type
         * @param string|null $shorttext unused
         * @param string|int|null $key the key
         * @return navigation_node
         */
        public function add($text, $action = null, $type = self::TYPE_SETTING, $shorttext = null, $key = null) {
            $node = new navigation_node($text, $action, $type, (string) $key);
            $this->children[] = $node;
            return $node;
        }

        /**
         * A node below with this key and type, or false.
         *
         * @param string $key the key
         * @param int $type the type
         * @return navigation_node|false
         */
        public function find($key, $type) {
            foreach ($this->children as $child) {
                if ($child->key === (string) $key && ($type === null || $child->type === $type)) {
                    return $child;
                }
                $found = $child->find($key, $type);
                if ($found) {
                    return $found;
                }
            }
            return false;
        }
    }
}
