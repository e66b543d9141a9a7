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
 * The least of Moodle's task, check, config, string and page APIs that the plugin's tasks, status check
 * and hook callback need, recording what they do, for the tests in this folder (no Moodle site).
 *
 * Strings come from the plugin's real lang/en file, so the tests read what an administrator reads.
 * Inside Moodle this file is never loaded.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace {
    // A developer file, under the web root in a full clone: does nothing unless run from the command line.
    PHP_SAPI === 'cli' || exit();
}

namespace core\task {
    /**
     * Stand-in for Moodle's scheduled task base class.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    abstract class scheduled_task {
        /**
         * The task's name.
         *
         * @return string
         */
        abstract public function get_name();

        /**
         * The task's work.
         */
        abstract public function execute();
    }

    /**
     * Stand-in for Moodle's adhoc task: custom data and next run time.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    abstract class adhoc_task {
        /** @var string|null custom data, JSON as Moodle stores it */
        private $customdata = null;
        /** @var int|null when the task may run */
        private $nextruntime = null;

        /**
         * The task's work.
         */
        abstract public function execute();

        /**
         * Sets the custom data.
         *
         * @param mixed $data anything json_encode takes
         */
        public function set_custom_data($data) {
            $this->customdata = json_encode($data);
        }

        /**
         * The custom data, decoded as Moodle does (objects).
         *
         * @return mixed
         */
        public function get_custom_data() {
            return json_decode($this->customdata ?? 'null');
        }

        /**
         * Sets when the task may run.
         *
         * @param int $time the time
         */
        public function set_next_run_time($time) {
            $this->nextruntime = $time;
        }

        /**
         * When the task may run.
         *
         * @return int|null
         */
        public function get_next_run_time() {
            return $this->nextruntime;
        }
    }

    /**
     * Stand-in for the task manager: remembers the queued adhoc tasks.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class manager {
        /** @var array[] class, customdata and nextruntime of each queued task */
        public static $queued = [];

        /**
         * Queues a task.
         *
         * @param adhoc_task $task the task
         * @param bool $checkforexisting whether to skip an identical queued task
         * @return bool
         */
        public static function queue_adhoc_task(adhoc_task $task, $checkforexisting = false) {
            self::$queued[] = ['class' => get_class($task), 'customdata' => $task->get_custom_data(),
                'nextruntime' => $task->get_next_run_time(), 'checkforexisting' => $checkforexisting];
            return true;
        }
    }
}

namespace core\check {
    /**
     * Stand-in for Moodle's check base class.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    abstract class check {
        /**
         * The result.
         *
         * @return result
         */
        abstract public function get_result(): result;
    }

    /**
     * Stand-in for Moodle's check result (same constants and getters).
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class result {
        /** Everything is fine. */
        const OK = 'ok';
        /** Something is wrong. */
        const ERROR = 'error';
        /** Something is badly wrong. */
        const CRITICAL = 'critical';
        /** Something may be wrong. */
        const WARNING = 'warning';

        /**
         * A result.
         *
         * @param string $status one of the constants
         * @param string $summary one line
         * @param string $details more
         */
        public function __construct(
            /** @var string one of the constants */
            private string $status,
            /** @var string one line */
            private string $summary,
            /** @var string more */
            private string $details = ''
        ) {
        }

        /**
         * The status.
         *
         * @return string
         */
        public function get_status(): string {
            return $this->status;
        }

        /**
         * The summary.
         *
         * @return string
         */
        public function get_summary(): string {
            return $this->summary;
        }

        /**
         * The details.
         *
         * @return string
         */
        public function get_details(): string {
            return $this->details;
        }
    }
}

namespace core\hook\output {
    /**
     * Stand-in for the hook Moodle dispatches before a page's headers.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class before_http_headers {
    }
}

namespace core {
    /**
     * Stand-in for Moodle's notification queue: remembers what was added.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class notification {
        /** Error level. */
        const ERROR = 'error';
        /** @var array[] message and level of each notification */
        public static $added = [];

        /**
         * Adds a notification.
         *
         * @param string $message HTML
         * @param string $level a level
         */
        public static function add($message, $level = null) {
            self::$added[] = ['message' => $message, 'level' => $level];
        }
    }
}

namespace {
    defined('MOODLE_INTERNAL') || define('MOODLE_INTERNAL', true);
    require_once(__DIR__ . '/moodle_shim.php');

    /** @var array plugin => name => value, what get_config() and set_config() read and write */
    $GLOBALS['cnshimconfig'] = [];
    /** @var bool whether the current user holds moodle/site:config */
    $GLOBALS['cnshimadmin'] = false;
    /** @var string[] debugging() messages */
    $GLOBALS['cnshimdebugging'] = [];
    $GLOBALS['PAGE'] = (object) ['pagetype' => 'site-index'];

    /**
     * Moodle's get_config() over the shim's array.
     *
     * @param string $plugin the component
     * @param string|null $name the setting
     * @return mixed false when unset
     */
    function get_config($plugin, $name = null) {
        return $GLOBALS['cnshimconfig'][$plugin][$name] ?? false;
    }

    /**
     * Moodle's set_config() over the shim's array.
     *
     * @param string $name the setting
     * @param mixed $value its value
     * @param string $plugin the component
     */
    function set_config($name, $value, $plugin = 'core') {
        $GLOBALS['cnshimconfig'][$plugin][$name] = (string) $value;
    }

    /**
     * Moodle's get_string() over the plugin's English strings, with {$a} and {$a->field}.
     *
     * @param string $key the string
     * @param string $component must be the plugin
     * @param mixed $a the placeholder value
     * @return string
     */
    function get_string($key, $component = '', $a = null) {
        static $strings = null;
        if ($strings === null) {
            $string = [];
            require(__DIR__ . '/../../lang/en/block_course_notification.php');
            $strings = $string;
        }
        if ($component !== 'block_course_notification' || !isset($strings[$key])) {
            throw new \coding_exception("unknown string $component/$key");
        }
        $text = $strings[$key];
        if (is_object($a)) {
            foreach ((array) $a as $field => $value) {
                $text = str_replace('{$a->' . $field . '}', (string) $value, $text);
            }
        } else if ($a !== null) {
            $text = str_replace('{$a}', (string) $a, $text);
        }
        return $text;
    }

    /**
     * Moodle's mtrace(): one line on the output.
     *
     * @param string $line the line
     */
    function mtrace($line) {
        echo $line, "\n";
    }

    /**
     * Moodle's userdate(), in UTC.
     *
     * @param int $time the time
     * @return string
     */
    function userdate($time) {
        return gmdate('j F Y, H:i', (int) $time);
    }

    /**
     * Moodle's has_capability(): the shim's administrator switch.
     *
     * @param string $capability the capability
     * @param object $context the context
     * @return bool
     */
    function has_capability($capability, $context) {
        return $capability === 'moodle/site:config' && $GLOBALS['cnshimadmin'];
    }

    /**
     * Moodle's during_initial_install(): never.
     *
     * @return bool
     */
    function during_initial_install() {
        return false;
    }

    /**
     * Moodle's debugging(): remembered.
     *
     * @param string $message the message
     * @param int $level the level
     */
    function debugging($message = '', $level = 0) {
        $GLOBALS['cnshimdebugging'][] = $message;
    }

    /**
     * Stand-in for Moodle's coding_exception.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class coding_exception extends \Exception {
    }

    /**
     * Stand-in for Moodle's system context.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class context_system {
        /**
         * The system context.
         *
         * @return context_system
         */
        public static function instance() {
            return new self();
        }
    }

    /**
     * Stand-in for moodle_url: a path and parameters.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class moodle_url {
        /**
         * A URL on the site.
         *
         * @param string $path the path from the site's root
         * @param array $params query parameters
         */
        public function __construct(
            /** @var string the path from the site's root */
            private string $path,
            /** @var array query parameters */
            private array $params = []
        ) {
        }

        /**
         * The URL, escaped for HTML as Moodle's out() is.
         *
         * @return string
         */
        public function out() {
            $query = $this->params ? '?' . http_build_query($this->params, '', '&amp;') : '';
            return 'https://learn.example.org' . $this->path . $query;
        }
    }

    /**
     * Stand-in for action_link.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class action_link {
        /**
         * A link.
         *
         * @param moodle_url $url where
         * @param string $text what
         */
        public function __construct(
            /** @var moodle_url where */
            public moodle_url $url,
            /** @var string what */
            public string $text
        ) {
        }
    }

    require_once(__DIR__ . '/../../classes/local/engine.php');
    require_once(__DIR__ . '/../../classes/local/engine_config.php');
    require_once(__DIR__ . '/../../classes/local/extension_status.php');
    require_once(__DIR__ . '/../../classes/check/engine.php');
    require_once(__DIR__ . '/../../classes/hook_callbacks.php');
    require_once(__DIR__ . '/../../classes/task/engine_runner.php');
    require_once(__DIR__ . '/../../classes/task/notification_task.php');
    require_once(__DIR__ . '/../../classes/task/process_user_task.php');
}
