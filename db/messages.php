<?php
// This file is part of Moodle - http://moodle.org/
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
// along with Moodle.  If not, see <http://www.gnu.org/licenses/>.

/**
 * Message providers of the course notifications.
 *
 * - notification: course notifications in the bell and the mobile app, by each user's preferences. Its
 *   e-mail output is disallowed (locked off): the engine sends the e-mail itself, so a learner who
 *   switched e-mail on for it would otherwise receive every reminder twice. Moodle writes a provider's
 *   defaults only when they are missing, so sites installed before 2026120400 are brought in line by
 *   that upgrade step (block_course_notification_lock_bell_email() in db/upgradelib.php).
 * - mail: nothing is ever sent through it. It is the learner's switch, on their notification
 *   preferences page, for the e-mails the engine sends: turned off, the engine does not e-mail them
 *   (the bell still works). Only its e-mail output exists, on by default; the others are disallowed so
 *   that the page shows one switch, not three of which two do nothing.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification developers
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$messageproviders = [
    'notification' => [
        'defaults' => [
            'popup' => MESSAGE_PERMITTED + MESSAGE_DEFAULT_ENABLED,
            'airnotifier' => MESSAGE_PERMITTED + MESSAGE_DEFAULT_ENABLED,
            'email' => MESSAGE_DISALLOWED,
        ],
    ],
    'mail' => [
        'defaults' => [
            'email' => MESSAGE_PERMITTED + MESSAGE_DEFAULT_ENABLED,
            'popup' => MESSAGE_DISALLOWED,
            'airnotifier' => MESSAGE_DISALLOWED,
        ],
    ],
];
