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
 * Capabilities of the course notifications block.
 *
 * The four names are the original plugin's, so role overrides made on a site running it keep working.
 * Three things differ on purpose:
 * - the key is 'archetypes': the original wrote 'archetype', so no role ever received
 *   excludefromnotification and teachers were mailed as learners;
 * - addinstance and setup carry RISK_SPAM and RISK_XSS, because whoever configures the block writes the
 *   subject and HTML body of mails sent to every learner of the course;
 * - benotified and excludefromnotification are course-level: the engine resolves them in the course
 *   context, where enrolments and role assignments live, not on one block instance.
 *
 * Archetypes are only applied when a capability is first installed. On a site upgraded from the
 * original, existing roles keep what they had, so the upgrade from the original has to grant
 * excludefromnotification explicitly.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$capabilities = [

    // Adding the block is what lets someone configure mails, so it follows the same risks as setup.
    // Non-editing teachers had it in the original; they cannot edit the course page, so they lose it.
    'block/course_notification:addinstance' => [
        'riskbitmask' => RISK_SPAM | RISK_XSS,
        'captype' => 'write',
        'contextlevel' => CONTEXT_BLOCK,
        'archetypes' => [
            'editingteacher' => CAP_ALLOW,
            'manager' => CAP_ALLOW,
        ],
        'clonepermissionsfrom' => 'moodle/site:manageblocks',
    ],

    // Sees the block's status and report, and edits notification content and schedules.
    'block/course_notification:setup' => [
        'riskbitmask' => RISK_SPAM | RISK_XSS,
        'captype' => 'write',
        'contextlevel' => CONTEXT_BLOCK,
        'archetypes' => [
            'editingteacher' => CAP_ALLOW,
            'manager' => CAP_ALLOW,
        ],
    ],

    // Marks who receives learner notifications. The original declared it and never checked it; the
    // engine is to require it (with overrides resolved in the course), so that removing it from a
    // role is how a course stops mailing that role.
    'block/course_notification:benotified' => [
        'captype' => 'read',
        'contextlevel' => CONTEXT_COURSE,
        'archetypes' => [
            'student' => CAP_ALLOW,
        ],
    ],

    // Staff enrolled in a course must not get the learners' reminders. It wins over benotified, so a
    // teacher who also holds a student role stays quiet. Course creators and managers are usually
    // assigned above the course; the capability reaches the course context by inheritance.
    'block/course_notification:excludefromnotification' => [
        'captype' => 'read',
        'contextlevel' => CONTEXT_COURSE,
        'archetypes' => [
            'editingteacher' => CAP_ALLOW,
            'teacher' => CAP_ALLOW,
            'manager' => CAP_ALLOW,
            'coursecreator' => CAP_ALLOW,
        ],
    ],
];
