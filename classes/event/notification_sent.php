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
 * Event: a course notification was sent to a user.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\event;

/**
 * A notification went out: one event per outbox row sent, triggered after the engine's run.
 *
 * objectid is the outbox row, relateduserid the user it went to, the context is the course's; other
 * holds the notification code, the learner it is about (learnerid, the recipient unless a member of
 * staff got a copy) and the output (email or message). Dry runs and mark-only runs trigger nothing.
 *
 * @property-read array $other {
 *      - string notification: the notification code
 *      - int learnerid: the learner it is about
 *      - string output: email or message
 * }
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class notification_sent extends \core\event\base {
    /**
     * Sets the event's basic properties.
     */
    protected function init() {
        $this->data['crud'] = 'c';
        $this->data['edulevel'] = self::LEVEL_OTHER;
        $this->data['objecttable'] = 'block_cnotif_outbox';
    }

    /**
     * The event's name.
     *
     * @return string
     */
    public static function get_name() {
        return get_string('event:notificationsent', 'block_course_notification');
    }

    /**
     * What happened, in words (not translated, as Moodle's event descriptions).
     *
     * @return string
     */
    public function get_description() {
        $code = s($this->other['notification'] ?? '');
        $output = s($this->other['output'] ?? 'email');
        $learner = (int) ($this->other['learnerid'] ?? $this->relateduserid);
        $about = $learner !== (int) $this->relateduserid ? " about the user with id '{$learner}'" : '';
        return "The course notification '{$code}' was sent by {$output} to the user with id '{$this->relateduserid}'"
            . "{$about} in the course with id '{$this->courseid}'.";
    }

    /**
     * Where to look: the block's report for the course.
     *
     * @return \moodle_url
     */
    public function get_url() {
        return new \moodle_url('/blocks/course_notification/report.php', ['id' => $this->courseid]);
    }

    /**
     * Checks the data given to create().
     *
     * @throws \coding_exception when a required value is missing
     */
    protected function validate_data() {
        parent::validate_data();
        if (!isset($this->relateduserid)) {
            throw new \coding_exception('The \'relateduserid\' must be set.');
        }
        if (!isset($this->other['notification'])) {
            throw new \coding_exception('The \'notification\' value must be set in other.');
        }
        if ($this->contextlevel != CONTEXT_COURSE) {
            throw new \coding_exception('Context level must be CONTEXT_COURSE.');
        }
    }

    /**
     * Backup and restore: the outbox row is not restored, so the object maps to nothing.
     *
     * @return array
     */
    public static function get_objectid_mapping() {
        return ['db' => 'block_cnotif_outbox', 'restore' => \core\event\base::NOT_MAPPED];
    }

    /**
     * Backup and restore of other: learnerid is a user.
     *
     * @return array
     */
    public static function get_other_mapping() {
        return ['learnerid' => ['db' => 'user', 'restore' => 'user']];
    }
}
