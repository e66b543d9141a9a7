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
 * The settings of what each learner receives (settings.php) and the rotation of the unsubscribe secret.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use block_course_notification\admin\setting_bounded_int;
use block_course_notification\admin\setting_rotate_secret;
use block_course_notification\local\engine_config;
use PHPUnit\Framework\TestCase;

require_once(__DIR__ . '/admin_setting_shim.php');
require_once(__DIR__ . '/moodle_page_shim.php');
foreach (['admin/setting_positive_int', 'admin/setting_bounded_int', 'admin/setting_rotate_secret', 'local/definitions'] as $class) {
    require_once(__DIR__ . "/../../classes/{$class}.php");
}

/**
 * setting_bounded_int, setting_rotate_secret and the audience part of settings.php.
 *
 * @covers \block_course_notification\admin\setting_bounded_int
 * @covers \block_course_notification\admin\setting_rotate_secret
 */
final class SettingAudienceTest extends TestCase {
    /** @var mixed $DB before the test */
    private $db;

    protected function setUp(): void {
        global $DB;
        $this->db = $DB ?? null;
        // context_system::instance() reads the system context's row; nothing else is read here.
        $DB = new class {
            /**
             * The system context's row.
             *
             * @return \stdClass
             */
            public function get_record() {
                return (object) ['id' => 1, 'contextlevel' => CONTEXT_SYSTEM, 'instanceid' => 0, 'path' => '/1'];
            }
        };
        $GLOBALS['CN_SHIM_CONFIG'] = ['block_course_notification' => ['unsubscribesecret' => str_repeat('0f', 32)]];
        $GLOBALS['CN_SHIM_CONFIG_LOG'] = [];
        $GLOBALS['CN_SHIM_CHECKS'] = [];
    }

    protected function tearDown(): void {
        global $DB;
        $DB = $this->db;
        unset($GLOBALS['CN_SHIM_CONFIG'], $GLOBALS['CN_SHIM_CONFIG_LOG'], $GLOBALS['CN_SHIM_CHECKS'],
            $GLOBALS['CN_SHIM_SESSKEY'], $GLOBALS['CN_SHIM_CAPABILITIES']);
    }

    /**
     * The settings settings.php adds, by name.
     *
     * @return array name => setting
     */
    private static function settings(): array {
        $collect = new class {
            /** @var bool Moodle builds the settings themselves only on the settings page */
            public $fulltree = true;
            /** @var array what was added */
            public $added = [];

            /**
             * Adds a setting, or a page to a category.
             *
             * @param mixed ...$args the setting, or the category and the page
             */
            public function add(...$args) {
                $item = end($args);
                $this->added[$item->name] = $item;
            }
        };
        (function ($ADMIN, $settings) {
            require(__DIR__ . '/../../settings.php');
        })($collect, $collect);
        return $collect->added;
    }

    public function test_the_budget_and_the_gap_take_zero_and_the_engines_range(): void {
        $budget = new setting_bounded_int('block_course_notification/dailybudget', 'Budget', '', 3, 0, engine_config::MAX_DAILY_BUDGET);
        foreach (['0', '3', ' 1000 ', '0001000'] as $ok) {
            $this->assertTrue($budget->validate($ok), $ok);
        }
        foreach (['-1', '1001', 'three', '', '1.5', '99999999999999999999999'] as $bad) {
            $this->assertSame('Enter a whole number from 0 to 1000.', $budget->validate($bad), $bad);
        }
        $gap = new setting_bounded_int('block_course_notification/mingap', 'Gap', '', 0, 0, engine_config::MAX_MIN_GAP);
        $this->assertTrue($gap->validate('10080'));
        $this->assertSame('Enter a whole number from 0 to 10080.', $gap->validate('10081'));
    }

    public function test_settings_php_offers_the_audience_settings_with_the_issues_defaults(): void {
        $settings = self::settings();
        $this->assertInstanceOf(setting_bounded_int::class, $settings['dailybudget']);
        $this->assertSame([3, 'block_course_notification'], [$settings['dailybudget']->defaultsetting,
            $settings['dailybudget']->plugin]);
        $this->assertInstanceOf(setting_bounded_int::class, $settings['mingap']);
        $this->assertSame(0, $settings['mingap']->defaultsetting);
        $this->assertInstanceOf(admin_setting_configcheckbox::class, $settings['digest']);
        $this->assertSame(0, $settings['digest']->defaultsetting);
        $this->assertInstanceOf(setting_rotate_secret::class, $settings['rotateunsubscribesecret']);
        $this->assertStringContainsString('already mailed then stops working', $settings['rotateunsubscribesecret']->description);
        $this->assertStringContainsString('has not been replaced', $settings['rotateunsubscribesecret']->description);
        // The secret appears nowhere on the page.
        $this->assertStringNotContainsString(str_repeat('0f', 32), serialize($settings));
        $this->assertArrayNotHasKey('unsubscribesecret', $settings);
    }

    public function test_the_site_defaults_are_only_a_link_to_the_site_notifications_page(): void {
        $settings = self::settings();
        $names = array_keys($settings);
        $notif = array_values(array_filter($names, fn($n) => strpos($n, 'notif_') === 0));
        $this->assertSame([], $notif, 'no on/off per notification');
        foreach (['firstcalldelay', 'secondcalldelay', 'inactivitydelay', 'inactivityfrequency'] as $delay) {
            $this->assertArrayNotHasKey($delay, $settings);
        }
        $this->assertInstanceOf(admin_setting_heading::class, $settings['catalogue']);
        $this->assertStringContainsString('/blocks/course_notification/sitenotifications.php', $settings['catalogue']->description);
        $this->assertArrayHasKey('block_course_notification_sitenotifications', $settings);
        // The engine status, the switch and the delivery and audience settings stay.
        foreach (['engine', 'enable', 'cap', 'windowstart', 'dailybudget'] as $kept) {
            $this->assertArrayHasKey($kept, $settings);
        }
    }

    public function test_rotating_needs_the_session_key_and_site_config_and_never_shows_the_secret(): void {
        $old = str_repeat('0f', 32);
        $setting = new setting_rotate_secret('block_course_notification/rotateunsubscribesecret', 'Rotate', '');
        $this->assertSame('0', $setting->get_setting(), 'unticked, never null (not a new setting after an upgrade)');
        $this->assertSame('', $setting->write_setting('0'));
        $this->assertSame($old, get_config('block_course_notification', 'unsubscribesecret'), 'unticked: nothing');

        // A forged request (no session key), then a user without moodle/site:config: refused, nothing changed.
        $GLOBALS['CN_SHIM_CAPABILITIES'] = ['moodle/site:config'];
        try {
            $setting->write_setting('1');
            $this->fail('refused without the session key');
        } catch (moodle_exception $e) {
            $this->assertSame('invalidsesskey', $e->errorcode);
        }
        $GLOBALS['CN_SHIM_SESSKEY'] = true;
        $GLOBALS['CN_SHIM_CAPABILITIES'] = [];
        try {
            $setting->write_setting('1');
            $this->fail('refused without moodle/site:config');
        } catch (moodle_exception $e) {
            $this->assertSame('nopermissions', $e->errorcode);
        }
        $this->assertSame($old, get_config('block_course_notification', 'unsubscribesecret'));

        $GLOBALS['CN_SHIM_CAPABILITIES'] = ['moodle/site:config'];
        $before = time();
        $this->assertSame('', $setting->write_setting('1'));
        $new = get_config('block_course_notification', 'unsubscribesecret');
        $this->assertMatchesRegularExpression('/^[0-9a-f]{64}$/', $new);
        $this->assertNotSame($old, $new);
        $this->assertGreaterThanOrEqual($before, (int) get_config('block_course_notification', 'unsubscribesecretrotated'));
        $this->assertSame('0', $setting->get_setting(), 'unticked again');
        $log = serialize($GLOBALS['CN_SHIM_CONFIG_LOG']);
        $this->assertStringNotContainsString($old, $log);
        $this->assertStringNotContainsString($new, $log);
        $this->assertSame([['unsubscribesecret', '(hidden)', '(rotated)', 'block_course_notification']],
            $GLOBALS['CN_SHIM_CONFIG_LOG']);
        $this->assertStringContainsString('was last replaced on', self::settings()['rotateunsubscribesecret']->description);
    }
}
