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
 * A cron process for MessagesTest: hands the queued Moodle notifications over (messages::deliver)
 * through a message_send() that kills this very process (SIGKILL) for the recipient named
 * poison@example.org, as a fatal error inside a message processor would, and accepts the others.
 * Prints what deliver() returned as JSON, when it returns.
 *
 * Usage: php messages_deliver_child.php <database> <now>
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace {
    // A developer file, under the web root in a full clone: does nothing unless run from the command line.
    PHP_SAPI === 'cli' || exit();
}

namespace core\lock {
    /**
     * Moodle's lock factory, reduced to a lock that is always free (one process runs here).
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class lock_config {
        /**
         * A factory whose locks are always granted.
         *
         * @param string $type the lock type
         * @return object
         */
        public static function get_lock_factory($type) {
            return new class {
                /**
                 * A lock that releases nothing.
                 *
                 * @param string $resource the resource
                 * @param int $timeout seconds
                 * @return object
                 */
                public function get_lock($resource, $timeout) {
                    return new class {
                        /** Releases the lock. */
                        public function release() {
                        }
                    };
                }
            };
        }
    }
}

namespace core\message {
    /**
     * Moodle's message: the properties messages::send() sets.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    #[\AllowDynamicProperties]
    class message {
    }
}

namespace {
    define('MOODLE_INTERNAL', true);
    define('FORMAT_PLAIN', 2);
    require_once(__DIR__ . '/moodle_dml.php');
    require_once(__DIR__ . '/../../classes/local/messages.php');

    /**
     * Moodle's core_user, for the no-reply sender.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class core_user {
        /**
         * The no-reply user.
         *
         * @return stdClass
         */
        public static function get_noreply_user() {
            return (object) ['id' => -10, 'email' => 'noreply@example.org'];
        }
    }

    /**
     * Moodle's moodle_url, as far as messages::send() uses it.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class moodle_url {
        /** @var string the URL */
        private $url;

        /**
         * A URL of the site.
         *
         * @param string $path the path
         * @param array $params the query
         */
        public function __construct($path, array $params = []) {
            $this->url = 'https://moodle.example.org' . $path . '?' . http_build_query($params);
        }

        /**
         * The URL as text.
         *
         * @param bool $escaped whether to escape &
         * @return string
         */
        public function out($escaped = true) {
            return $this->url;
        }
    }

    /**
     * Moodle's message_send(): the poison recipient's hand-over kills the process.
     *
     * @param \core\message\message $message the message
     * @return int a message id
     */
    function message_send($message) {
        if ($message->userto->email === 'poison@example.org') {
            posix_kill(getmypid(), SIGKILL);
        }
        return 1;
    }

    $DB = new shim_moodle_database($argv[1]);
    echo json_encode(\block_course_notification\local\messages::deliver(200, (int) $argv[2])), "\n";
}
