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
 * The per-run cap's admin setting: a whole number from 1 to the engine's maximum.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use block_course_notification\admin\setting_positive_int;
use block_course_notification\local\engine;
use PHPUnit\Framework\TestCase;

// Moodle's admin settings, shared with SettingAudienceTest (one definition of each class per process).
require_once(__DIR__ . '/admin_setting_shim.php');
require_once(__DIR__ . '/../../classes/admin/setting_positive_int.php');

/**
 * setting_positive_int refuses what the engine would refuse, naming the rule.
 *
 * @covers \block_course_notification\admin\setting_positive_int
 */
final class SettingPositiveIntTest extends TestCase {

    public function test_the_cap_is_a_whole_number_from_one_to_the_engines_maximum(): void {
        $cap = new setting_positive_int('block_course_notification/cap', 'Cap', '', engine::DEFAULT_CAP, engine::MAX_CAP);
        foreach (['1', '200', ' 1000000 '] as $ok) {
            $this->assertTrue($cap->validate($ok), $ok);
        }
        foreach (['0', '-5', 'abc', ''] as $bad) {
            $this->assertSame('Enter a whole number greater than zero.', $cap->validate($bad), $bad);
        }
        foreach (['1000001', '99999999999999999999999', '0000000000001000001'] as $big) {
            $this->assertSame('Enter a whole number from 1 to 1000000.', $cap->validate($big), $big);
        }
        $this->assertTrue($cap->validate('0001000000'), 'leading zeros');
    }

    public function test_without_a_maximum_any_positive_number_is_taken(): void {
        $delay = new setting_positive_int('block_course_notification/firstcalldelay', 'Delay', '', 7);
        $this->assertTrue($delay->validate('1000001'));
    }
}
