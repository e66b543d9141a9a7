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
 * Prints the envelope sender Moodle 5.0 gives a message when $CFG->handlebounces is on.
 *
 * Usage: php scripts/lib/bounce_address.php PREFIX DOMAIN SITEIDENTIFIER USERID EMAIL
 *
 * The engine's tests compare their address with this one, computed in PHP with the expressions of
 * lib/moodlelib.php (email_to_user() and generate_email_processing_address()), an independent
 * reference rather than a second copy of the engine's code.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification developers
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

if ($argc !== 6) {
    fwrite(STDERR, "usage: bounce_address.php PREFIX DOMAIN SITEIDENTIFIER USERID EMAIL\n");
    exit(2);
}
[, $prefix, $domain, $siteidentifier, $userid, $email] = $argv;

// Email_to_user(): the $modargs of the bounce address, from the user's id and (diverted) address.
$modargs = 'B' . base64_encode(pack('V', (int) $userid)) . substr(md5($email), 0, 16);
// Generate_email_processing_address(0, $modargs).
$header = $prefix . substr(base64_encode(pack('C', 0)), 0, 2) . $modargs;
echo $header . substr(md5($header . $siteidentifier), 0, 16) . '@' . $domain, "\n";
