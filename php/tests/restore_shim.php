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
 * The part of Moodle's restore framework a block's structure step meets, outside Moodle: the step's
 * paths (restore_path_element), the dispatch of each parsed element to process_<name>() with
 * SKIP_ALL_CHILDREN honoured, the id mappings (set_mapping, get_new_parentid, get_mappingid), and the
 * log. As backup/util/plan/restore_structure_step.class.php does it, minus the XML parser: a test hands
 * the elements in document order, as the parser would.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

defined('MOODLE_INTERNAL') || die();

if (!class_exists('backup')) {
    /**
     * Moodle's backup constants (backup/backup.class.php) the steps use.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    abstract class backup {
        /** Log level: debug. */
        const LOG_DEBUG = 50;
        /** Log level: info. */
        const LOG_INFO = 40;
        /** Log level: warning. */
        const LOG_WARNING = 30;
        /** Log level: error. */
        const LOG_ERROR = 20;
    }

    /**
     * A path of the backup's XML and the step method it goes to (restore_path_element).
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class restore_path_element {
        /** @var string the element's name */
        public $name;
        /** @var string its path */
        public $path;

        /**
         * A path.
         *
         * @param string $name the name (process_<name>() handles it)
         * @param string $path the path in the XML
         */
        public function __construct($name, $path) {
            $this->name = $name;
            $this->path = $path;
        }
    }

    /**
     * What the step asks its task: the block, the course, the user restoring, the role mappings.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class shim_restore_task {
        /**
         * A task.
         *
         * @param int $courseid the target course
         * @param int $blockid the restored block (0: the block was not restored)
         * @param int $userid the user restoring
         * @param array $mappings itemname => old id => new id (the restore's backup_ids_temp)
         */
        public function __construct(
            public int $courseid,
            public int $blockid,
            public int $userid,
            public array $mappings,
        ) {
        }

        /**
         * The restored block's id.
         *
         * @return int
         */
        public function get_blockid() {
            return $this->blockid;
        }

        /**
         * The target course.
         *
         * @return int
         */
        public function get_courseid() {
            return $this->courseid;
        }

        /**
         * The user restoring.
         *
         * @return int
         */
        public function get_userid() {
            return $this->userid;
        }
    }

    /**
     * restore_structure_step's dispatch and mappings.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    abstract class restore_structure_step {
        /** Returned by a process_ method: its element's children are not dispatched. */
        const SKIP_ALL_CHILDREN = -991399;

        /** @var shim_restore_task the task */
        protected $task;
        /** @var array path => restore_path_element */
        private $pathelements = [];
        /** @var array name => latest new id */
        private $elementsnewid = [];
        /** @var string|null the path whose children are skipped */
        private $pathlock = null;
        /** @var array[] the log: [message, level] */
        public $logged = [];

        /**
         * A step of a task.
         *
         * @param string $name the step's name
         * @param string $filename the XML file
         * @param shim_restore_task $task the task
         */
        public function __construct($name, $filename, $task) {
            $this->task = $task;
            foreach ($this->define_structure() as $element) {
                $this->pathelements[$element->path] = $element;
                $this->elementsnewid[$element->name] = null;
            }
        }

        /**
         * The paths.
         *
         * @return restore_path_element[]
         */
        abstract protected function define_structure();

        /**
         * Hands the parsed elements to the step, in document order (the parser's job in Moodle).
         *
         * @param array[] $elements [path, tags]
         */
        public function feed(array $elements): void {
            foreach ($elements as [$path, $tags]) {
                $element = $this->pathelements[$path];
                if ($this->pathlock !== null && strpos($path, $this->pathlock) === false) {
                    $this->pathlock = null;
                }
                if ($this->pathlock === null) {
                    $method = 'process_' . $element->name;
                    if ($this->$method($tags) === self::SKIP_ALL_CHILDREN) {
                        $this->pathlock = $path . '/';
                    }
                }
            }
        }

        /**
         * The target course.
         *
         * @return int
         */
        protected function get_courseid() {
            return $this->task->get_courseid();
        }

        /**
         * Records a mapping; the latest new id of an element is its children's parent.
         *
         * @param string $itemname the item
         * @param int $oldid the id in the backup
         * @param int $newid the id here
         */
        public function set_mapping($itemname, $oldid, $newid) {
            $this->task->mappings[$itemname][$oldid] = $newid;
            if (array_key_exists($itemname, $this->elementsnewid)) {
                $this->elementsnewid[$itemname] = $newid;
            }
        }

        /**
         * The latest new id of an element.
         *
         * @param string $itemname the element
         * @return int|null
         */
        public function get_new_parentid($itemname) {
            return $this->elementsnewid[$itemname] ?? null;
        }

        /**
         * The new id of a backed-up item, as the restore mapped it.
         *
         * @param string $itemname the item
         * @param int $oldid the id in the backup
         * @param mixed $ifnotfound what to return when it is not mapped
         * @return mixed
         */
        public function get_mappingid($itemname, $oldid, $ifnotfound = false) {
            return $this->task->mappings[$itemname][$oldid] ?? $ifnotfound;
        }

        /**
         * Logs a message.
         *
         * @param string $message the message
         * @param int $level backup::LOG_*
         */
        public function log($message, $level) {
            $this->logged[] = [$message, $level];
        }
    }
}
