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
 * A PHP without the extension (a PHP update without a rebuild): the environment only recommends it,
 * the status check and the Notifications page say what is wrong and what to do, the tasks say so and
 * lose nothing.
 *
 * Each scenario runs in a PHP process of its own (plugin_scenario.php): `php -n` has no extension
 * whatever this PHPUnit process loads, and the shim's Moodle functions stay out of this process.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use block_course_notification\local\engine;
use PHPUnit\Framework\TestCase;

/**
 * The status check, the admin notice, the tasks and environment.xml without the extension.
 *
 * @covers \block_course_notification\check\engine
 * @covers \block_course_notification\hook_callbacks
 * @covers \block_course_notification\task\process_user_task
 * @covers \block_course_notification\task\notification_task
 * @covers \block_course_notification\local\catalogue
 */
final class ExtensionMissingTest extends TestCase {
    /**
     * Runs plugin_scenario.php in a PHP of its own.
     *
     * @param bool $extension false runs `php -n` (no extension); true runs this PHP's configuration
     * @param string ...$args the scenario and its arguments
     * @return array what the scenario printed, decoded
     */
    private function scenario(bool $extension, string ...$args): array {
        $cmd = escapeshellarg(PHP_BINARY) . ($extension ? '' : ' -n') . ' '
            . escapeshellarg(__DIR__ . '/plugin_scenario.php') . ' ' . implode(' ', array_map('escapeshellarg', $args));
        exec($cmd . ' 2>&1', $lines, $status);
        $this->assertSame(0, $status, implode("\n", $lines));
        $out = json_decode(implode("\n", $lines), true);
        $this->assertIsArray($out, implode("\n", $lines));
        $this->assertSame($extension && extension_loaded('course_notification'), $out['extension']);
        return $out;
    }

    public function test_the_check_is_an_error_that_says_what_to_do_when_the_extension_is_missing(): void {
        $result = $this->scenario(false, 'check')['result'];
        $this->assertSame('error', $result['status']);
        $this->assertStringContainsString('does not load the course_notification extension', $result['summary']);
        $this->assertStringContainsString(PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION, $result['summary']);
        $this->assertStringContainsString('php-config', $result['details']);
        $this->assertStringContainsString('"After a PHP update"', $result['details']);
        $this->assertStringContainsString('upgrades are not blocked', $result['details']);
    }

    public function test_without_the_extension_the_catalogue_says_extensionmissing(): void {
        $out = $this->scenario(false, 'catalogue');
        $this->assertFalse($out['available']);
        $this->assertSame('extensionmissing', $out['error']);
        if (extension_loaded('course_notification')) {
            $out = $this->scenario(true, 'catalogue');
            $this->assertTrue($out['available']);
            $this->assertNull($out['error']);
        }
    }

    public function test_the_check_is_ok_with_the_extension_loaded(): void {
        if (!extension_loaded('course_notification')) {
            $this->markTestSkipped('the course_notification extension is not loaded');
        }
        $result = $this->scenario(true, 'check')['result'];
        $this->assertSame('ok', $result['status'], $result['summary']);
        $this->assertStringContainsString(engine::EXPECTED_ENGINE_VERSION, $result['summary']);
    }

    public function test_the_check_is_an_error_for_another_version(): void {
        $out = $this->scenario(false, 'result_for', '9.9.9', 'none');
        $this->assertSame('error', $out['result']['status']);
        $this->assertStringContainsString(
            'extension 9.9.9; this plugin expects ' . engine::EXPECTED_ENGINE_VERSION,
            $out['result']['summary']
        );
        $this->assertStringContainsString('"After a PHP update"', $out['result']['details']);
        $this->assertStringContainsString('9.9.9', $out['notice']);
    }

    public function test_the_check_reports_what_cron_found(): void {
        $expected = engine::EXPECTED_ENGINE_VERSION;
        $missing = $this->scenario(false, 'result_for', $expected, '-')['result'];
        $this->assertSame('error', $missing['status']);
        $this->assertStringContainsString('The PHP that runs cron, 8.3 (NTS), does not load', $missing['summary']);
        $other = $this->scenario(false, 'result_for', $expected, '0.0.9')['result'];
        $this->assertSame('error', $other['status']);
        $this->assertStringContainsString("extension 0.0.9; this plugin expects $expected", $other['summary']);
        foreach ([$expected, 'none'] as $cron) {
            $out = $this->scenario(false, 'result_for', $expected, $cron);
            $this->assertSame('ok', $out['result']['status']);
            $this->assertNull($out['notice'], 'no notice when all is well');
        }
    }

    public function test_the_check_is_an_error_on_a_database_the_engine_does_not_read(): void {
        $expected = engine::EXPECTED_ENGINE_VERSION;
        $out = $this->scenario(false, 'result_for', $expected, 'none', 'sqlsrv');
        $this->assertSame('error', $out['result']['status']);
        $this->assertStringContainsString("'sqlsrv'", $out['result']['summary']);
        $this->assertStringContainsString('PostgreSQL', $out['result']['details']);
        $this->assertStringContainsString('sqlsrv', $out['notice']);
        foreach (['pgsql', 'mariadb', 'mysqli', 'auroramysql'] as $dbtype) {
            $ok = $this->scenario(false, 'result_for', $expected, 'none', $dbtype)['result'];
            $this->assertSame('ok', $ok['status'], $dbtype);
        }
    }

    public function test_the_tasks_say_the_extension_is_missing_and_lose_nothing(): void {
        $out = $this->scenario(false, 'tasks');
        $missing = 'The course_notification PHP extension is not loaded by this PHP';

        // The scheduled task ends normally (a failure would push its next run back by up to a day),
        // says what is wrong and what to do, and does not count as an evaluation.
        $this->assertNull($out['scheduled']['exception']);
        $this->assertStringStartsWith($missing, $out['scheduled']['output']);
        $this->assertStringContainsString('"After a PHP update"', $out['scheduled']['output']);
        $this->assertArrayNotHasKey('lastevaluation', $out['config']);

        // The adhoc task ends normally too, and its evaluation is queued again, not dropped.
        $this->assertNull($out['adhoc']['exception']);
        $this->assertStringStartsWith($missing, $out['adhoc']['output']);
        $this->assertStringContainsString('queued again', $out['adhoc']['output']);
        $this->assertCount(1, $out['queued']);
        $copy = $out['queued'][0];
        $this->assertSame('block_course_notification\task\process_user_task', $copy['class']);
        $this->assertSame(['courseid' => 5, 'userid' => 7], $copy['customdata']);
        $this->assertGreaterThanOrEqual($out['start'] + HOURSECS, $copy['nextruntime']);
        $this->assertFalse($copy['checkforexisting'], 'the running task itself would be found and nothing queued');

        // What cron saw is recorded, and the check says it.
        $this->assertNull($out['cron']['version']);
        $this->assertSame('error', $out['check']['status']);
    }

    public function test_the_notifications_page_shows_the_error_to_administrators_only(): void {
        $shown = $this->scenario(false, 'notice', 'admin-index', '1');
        $this->assertCount(1, $shown['added']);
        $this->assertSame('error', $shown['added'][0]['level']);
        $this->assertStringContainsString('does not load the course_notification extension', $shown['added'][0]['message']);
        $this->assertStringContainsString(
            '/report/status/index.php?detail=block_course_notification_engine',
            $shown['added'][0]['message']
        );
        $this->assertSame([], $shown['debugging']);
        $this->assertSame([], $this->scenario(false, 'notice', 'admin-index', '0')['added'], 'not an administrator');
        $this->assertSame([], $this->scenario(false, 'notice', 'course-view-topics', '1')['added'], 'another page');
    }

    public function test_the_hook_is_registered(): void {
        $callbacks = [];
        require(__DIR__ . '/../../db/hooks.php');
        require_once(__DIR__ . '/../../classes/hook_callbacks.php');
        $this->assertCount(1, $callbacks);
        $this->assertSame('core\hook\output\before_http_headers', $callbacks[0]['hook']);
        $this->assertTrue(is_callable($callbacks[0]['callback']));
    }

    public function test_the_environment_only_recommends_the_extension(): void {
        $xml = simplexml_load_file(__DIR__ . '/../../environment.xml');
        $extensions = $xml->xpath('//PLUGIN[@name="block_course_notification"]//PHP_EXTENSION[@name="course_notification"]');
        $this->assertCount(1, $extensions);
        // Required would block every Moodle upgrade while the extension is missing.
        $this->assertSame('optional', (string) $extensions[0]['level']);
        // Moodle counts ON_ERROR under an optional level as a malformed check, which fails.
        $this->assertCount(0, $extensions[0]->xpath('FEEDBACK/ON_ERROR'));
        $feedback = $extensions[0]->xpath('FEEDBACK/ON_CHECK');
        $this->assertCount(1, $feedback);
        $this->assertSame('block_course_notification', (string) $feedback[0]['plugin']);
        foreach (['en', 'fr'] as $lang) {
            $string = [];
            require(__DIR__ . "/../../lang/$lang/block_course_notification.php");
            $this->assertArrayHasKey((string) $feedback[0]['message'], $string, $lang);
        }
    }
}
