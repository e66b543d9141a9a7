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
 * Stands in for the plugin's event class outside Moodle (no event manager, no log store): the
 * tests count the events a call triggers, which is what the audit promises (one per sending).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace {
    // A developer file, under the web root in a full clone: does nothing unless run from the command line.
    PHP_SAPI === 'cli' || exit();
}

namespace block_course_notification\event {
    defined('MOODLE_INTERNAL') || die();

    /**
     * notification_sent as audit.php uses it: create(), then trigger(), which records the event.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class notification_sent {
        /** @var array[] the data of every event triggered in this process */
        public static $triggered = [];

        /** @var array this event's data */
        private $data;

        /**
         * An event with its data, as \core\event\base::create() takes it.
         *
         * @param array $data objectid, context, courseid, relateduserid, other
         * @return notification_sent
         */
        public static function create(array $data) {
            $event = new notification_sent();
            $event->data = $data;
            return $event;
        }

        /**
         * Records the event.
         */
        public function trigger() {
            unset($this->data['context']);
            self::$triggered[] = $this->data;
        }
    }
}
