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
 * Event observers of the course notifications block.
 *
 * Observers only queue an adhoc task or delete the plugin's own rows. They stay internal (called at
 * once, inside the caller's transaction): a rolled-back change queues and deletes nothing.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$observers = [
    [
        'eventname' => '\core\event\course_completed',
        'callback' => '\block_course_notification\observer::course_completed',
    ],
    [
        'eventname' => '\core\event\user_enrolment_created',
        'callback' => '\block_course_notification\observer::user_enrolment_changed',
    ],
    [
        'eventname' => '\core\event\user_enrolment_updated',
        'callback' => '\block_course_notification\observer::user_enrolment_changed',
    ],
    [
        'eventname' => '\core\event\user_enrolment_deleted',
        'callback' => '\block_course_notification\observer::user_enrolment_deleted',
    ],
    [
        'eventname' => '\core\event\user_updated',
        'callback' => '\block_course_notification\observer::user_updated',
    ],
    [
        'eventname' => '\core\event\course_viewed',
        'callback' => '\block_course_notification\observer::course_viewed',
    ],
    [
        'eventname' => '\core\event\user_deleted',
        'callback' => '\block_course_notification\observer::user_deleted',
    ],
    [
        'eventname' => '\core\event\course_deleted',
        'callback' => '\block_course_notification\observer::course_deleted',
    ],
];
