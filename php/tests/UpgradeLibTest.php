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
 * The pure parts of the upgrade from the original plugin (db/upgradelib.php): which inactivity repeats
 * the original's last reminder stands for, and which permissions the upgrade grants.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

defined('MOODLE_INTERNAL') || define('MOODLE_INTERNAL', true);
require_once(__DIR__ . '/moodle_shim.php');
require_once(__DIR__ . '/../../db/upgradelib.php');

use PHPUnit\Framework\TestCase;

/**
 * block_course_notification_inactivity_marks() and block_course_notification_capability_grants().
 *
 * @covers ::block_course_notification_inactivity_marks
 * @covers ::block_course_notification_capability_grants
 * @covers ::block_course_notification_migration_texts
 */
final class UpgradeLibTest extends TestCase {

    /** Last access of the learner: the series' anchor (2026-10-01 09:17 UTC). */
    private const ANCHOR = 1790846220;

    /**
     * The original's reminders, each with the repeats of the engine's series it stands for.
     *
     * @return array name => [last send, expected repeat => date]
     */
    public static function sends(): array {
        $a = self::ANCHOR;
        $d = 86400;
        return [
            // The original's daily run reminded at 22:00 on day 14: the first repeat (09:17 that day).
            'on the first date' => [$a + 14 * $d + 46380, [0 => $a + 14 * $d]],
            // Its run came three days after the second repeat's date: that one, not the third.
            'late after the second' => [$a + 24 * $d, [0 => $a + 14 * $d, 1 => $a + 21 * $d]],
            // One hour before a date (a DST change in the learner's timezone): that date is covered.
            'an hour early' => [$a + 21 * $d - 3600, [0 => $a + 14 * $d, 1 => $a + 21 * $d]],
            // A reminder of this silence before the engine's first date stands for the first.
            'before the first date' => [$a + 8 * $d, [0 => $a + 14 * $d]],
            // A reminder before the last access was about an earlier silence.
            'before the visit' => [$a - $d, []],
        ];
    }

    /**
     * @dataProvider sends
     * @param int $last the original's last inactivity reminder
     * @param array $expected repeat => date
     */
    public function test_the_last_reminder_stands_for_the_repeats_due_when_it_was_sent(int $last, array $expected): void {
        $this->assertSame($expected, block_course_notification_inactivity_marks(self::ANCHOR, 14, 7, $last));
    }

    public function test_every_capability_gets_what_a_fresh_install_gives_and_nothing_set_is_touched(): void {
        $capabilities = [];
        require(__DIR__ . '/../../db/access.php');
        $roles = [1 => 'manager', 2 => 'coursecreator', 3 => 'editingteacher', 4 => 'teacher', 5 => 'student',
            9 => '', 10 => 'editingteacher'];
        $sys = 1;
        // What the administrator set on the site running the original: kept as it is.
        $existing = [['block/course_notification:setup', 10, $sys], ['block/course_notification:benotified', 5, 77]];
        // addinstance clones moodle/site:manageblocks, overrides included, as update_capabilities() does.
        $clones = ['moodle/site:manageblocks' => [[1, $sys, CAP_ALLOW], [3, $sys, CAP_ALLOW], [3, 77, CAP_PREVENT],
            [10, $sys, CAP_ALLOW]]];
        $grants = block_course_notification_capability_grants($capabilities, $roles, $existing, $clones, $sys);
        $this->assertEqualsCanonicalizing([
            ['block/course_notification:addinstance', 1, $sys, CAP_ALLOW],
            ['block/course_notification:addinstance', 3, $sys, CAP_ALLOW],
            ['block/course_notification:addinstance', 3, 77, CAP_PREVENT],
            ['block/course_notification:addinstance', 10, $sys, CAP_ALLOW],
            ['block/course_notification:setup', 1, $sys, CAP_ALLOW],
            ['block/course_notification:setup', 3, $sys, CAP_ALLOW],
            ['block/course_notification:benotified', 5, $sys, CAP_ALLOW],
            ['block/course_notification:excludefromnotification', 1, $sys, CAP_ALLOW],
            ['block/course_notification:excludefromnotification', 2, $sys, CAP_ALLOW],
            ['block/course_notification:excludefromnotification', 3, $sys, CAP_ALLOW],
            ['block/course_notification:excludefromnotification', 4, $sys, CAP_ALLOW],
            ['block/course_notification:excludefromnotification', 10, $sys, CAP_ALLOW],
        ], $grants);
        // Without the capability to clone from, the archetypes apply.
        $grants = block_course_notification_capability_grants($capabilities, $roles, [], [], $sys);
        $addinstance = array_values(array_filter($grants, fn($g) => $g[0] === 'block/course_notification:addinstance'));
        $this->assertEqualsCanonicalizing([
            ['block/course_notification:addinstance', 1, $sys, CAP_ALLOW],
            ['block/course_notification:addinstance', 3, $sys, CAP_ALLOW],
            ['block/course_notification:addinstance', 10, $sys, CAP_ALLOW],
        ], $addinstance);
    }

    public function test_a_field_the_instance_did_not_override_is_left_to_the_built_in_text(): void {
        if (!extension_loaded('course_notification')) {
            $this->markTestSkipped('the course_notification extension is not loaded');
        }
        $counts = ['skippedtexts' => 0];
        // The original's subject override syntax ({KEY}); no body override.
        $config = (object) ['firstcall_object_ovl' => 'Come in, {FIRSTNAME}: {COURSE} waits'];
        $texts = block_course_notification_migration_texts($config, 'firstcall', ['en', 'fr'], $counts);
        $this->assertSame([
            'en' => ['subject' => 'Come in, {{FIRSTNAME}}: {{COURSE}} waits', 'body' => ''],
            'fr' => ['subject' => 'Come in, {{FIRSTNAME}}: {{COURSE}} waits', 'body' => ''],
        ], $texts, 'an empty body: the engine mails its own default body in the recipient\'s language');
        $this->assertSame(0, $counts['skippedtexts']);

        // Nothing overridden: nothing written. A refused template: left out and counted.
        $this->assertSame([], block_course_notification_migration_texts((object) [], 'firstcall', ['en'], $counts));
        $bad = (object) ['firstcall_object_ovl' => 'Hi {NOSUCHKEY}'];
        $this->assertSame([], block_course_notification_migration_texts($bad, 'firstcall', ['en'], $counts));
        $this->assertSame(1, $counts['skippedtexts']);
    }
}
