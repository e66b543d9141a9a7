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
 * The upgrade to 2026120500 on a real MariaDB database: the settings that held the site's defaults
 * (notif_<code>, the delays) become the site-level definitions, and go.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use block_course_notification\local\engine_config;
use CourseNotification\Engine as Extension;
use PHPUnit\Framework\TestCase;

require_once(__DIR__ . '/demo_site.php');
require_once(__DIR__ . '/moodle_ddl_shim.php');

/**
 * xmldb_block_course_notification_upgrade() from 2026120400, and after the original plugin's settings moved.
 *
 * @covers ::xmldb_block_course_notification_upgrade
 * @covers ::block_course_notification_site_settings_to_definitions
 * @covers ::block_course_notification_migrate_settings
 */
final class UpgradeSiteDefaultsTest extends TestCase {
    use demo_site;

    /** @var string the test database */
    private const DB = 'cn_php_upgrade_defaults';

    /** @var int the demo site's time */
    private const NOW = 1795305600;

    /** @var int a course of the demo site */
    private const COURSE = 2;

    /** @var mysqli the fixture's connection */
    private $mysqli;

    /** @var string a directory whose blocks/course_notification is this plugin, as $CFG->dirroot */
    private static $dirroot;

    /** @var mixed $CFG before the test */
    private $cfg;

    public static function setUpBeforeClass(): void {
        // upgrade.php requires upgradelib.php from $CFG->dirroot: the same file, so require_once keeps one copy.
        self::$dirroot = sys_get_temp_dir() . '/cn-dirroot-defaults-' . getmypid();
        @mkdir(self::$dirroot . '/blocks', 0700, true);
        if (!file_exists(self::$dirroot . '/blocks/course_notification')) {
            symlink(dirname(__DIR__, 2), self::$dirroot . '/blocks/course_notification');
        }
        require_once(self::$dirroot . '/blocks/course_notification/db/upgrade.php');
        require_once(self::$dirroot . '/blocks/course_notification/db/upgradelib.php');
    }

    public static function tearDownAfterClass(): void {
        @unlink(self::$dirroot . '/blocks/course_notification');
        @rmdir(self::$dirroot . '/blocks');
        @rmdir(self::$dirroot);
    }

    protected function setUp(): void {
        global $CFG;
        if (!extension_loaded('course_notification')) {
            $this->markTestSkipped('the course_notification extension is not loaded');
        }
        $this->mysqli = $this->load_demo_site(self::db(), self::NOW);
        // The demo site's own site-level definitions stay out of the comparison.
        $this->mysqli->query('DELETE t FROM mdl_block_cnotif_text t JOIN mdl_block_cnotif_def d ON d.id = t.defid
            WHERE d.contextid = 1');
        $this->mysqli->query('DELETE FROM mdl_block_cnotif_def WHERE contextid = 1');
        $this->cfg = $CFG ?? null;
        $CFG = (object) ['dirroot' => self::$dirroot];
        $GLOBALS['CN_SHIM_CONFIG'] = [];
        $GLOBALS['CN_SHIM_SAVEPOINTS'] = [];
    }

    protected function tearDown(): void {
        global $CFG, $DB;
        if ($DB instanceof shim_moodle_database) {
            $DB->dispose();
        }
        $DB = null;
        $CFG = $this->cfg;
        unset($GLOBALS['CN_SHIM_CONFIG'], $GLOBALS['CN_SHIM_SAVEPOINTS']);
        $this->mysqli->close();
    }

    /**
     * Runs the upgrade from $from, as Moodle does, with a fresh database object.
     *
     * @param int $from the version installed
     */
    private function upgrade(int $from): void {
        global $DB;
        if ($DB instanceof shim_moodle_database) {
            $DB->dispose();
        }
        $DB = new shim_ddl_database(self::db());
        $this->assertTrue(xmldb_block_course_notification_upgrade($from));
    }

    /**
     * What applies in the course, as the engine computes it: code => [field => value] for the fields the
     * settings set, with where each came from.
     *
     * @return array
     */
    private function effective(): array {
        $cfg = (object) ['dbtype' => 'mariadb', 'dbhost' => '127.0.0.1', 'dbname' => self::db(), 'dbuser' => 'cn',
            'dbpass' => 'cn', 'prefix' => 'mdl_', 'dboptions' => ['dbport' => '3306', 'dbsocket' => ''],
            'wwwroot' => 'https://learn.example.org', 'smtphosts' => '127.0.0.1:25', 'smtpsecure' => '', 'smtpuser' => '',
            'smtppass' => '', 'noreplyaddress' => 'noreply@learn.example.org', 'timezone' => 'Europe/Paris', 'lang' => 'en'];
        $engine = new Extension(engine_config::config_from_cfg($cfg, (object) ['fullname' => 'Demo', 'shortname' => 'demo']));
        $set = $engine->notifications(self::COURSE);
        $this->assertSame([], $set['errors']);
        $out = [];
        foreach ($set['notifications'] as $n) {
            $out[$n['code']] = ['enabled' => $n['enabled'], 'offset_days' => $n['offset_days'],
                'repeat_every' => $n['repeat_every'],
                'from' => [$n['sources']['enabled'], $n['sources']['offset_days'], $n['sources']['repeat']]];
        }
        return $out;
    }

    /**
     * The system context's definitions: code => the columns set.
     *
     * @return array
     */
    private function site_rows(): array {
        $rows = [];
        $result = $this->mysqli->query('SELECT code, enabled, offsetdays, repeatevery, essential FROM mdl_block_cnotif_def
            WHERE contextid = 1 ORDER BY code');
        foreach ($result->fetch_all(MYSQLI_ASSOC) as $row) {
            $rows[array_shift($row)] = array_filter($row, fn($v) => $v !== null);
        }
        return $rows;
    }

    public function test_the_settings_become_site_definitions_and_go(): void {
        $before = $this->effective();
        // A 2026120400 site: its settings as Moodle stored them (every default written at install), three changed.
        $settings = ['enable' => '1', 'cap' => '200', 'notif_firstcall' => '0', 'firstcalldelay' => '10',
            'inactivityfrequency' => '3', 'secondcalldelay' => '14', 'inactivitydelay' => '14'];
        foreach ($before as $code => $n) {
            $settings += ['notif_' . $code => $n['enabled'] ? '1' : '0'];
        }
        $GLOBALS['CN_SHIM_CONFIG']['block_course_notification'] = $settings;
        // An administrator marked closed essential on the Site notifications page: left alone.
        $this->mysqli->query("INSERT INTO mdl_block_cnotif_def (contextid, code, essential, timecreated, timemodified)
            VALUES (1, 'closed', 1, 0, 0)");

        $this->upgrade(2026120400);

        $this->assertSame([[true, 2026120500, 'course_notification'], [true, 2026120501, 'course_notification']],
            $GLOBALS['CN_SHIM_SAVEPOINTS']);
        $this->assertSame(['enable' => '1', 'cap' => '200'], $GLOBALS['CN_SHIM_CONFIG']['block_course_notification'],
            'no setting of the defaults is left');
        $this->assertSame(['closed' => ['essential' => '1'], 'firstcall' => ['enabled' => '0', 'offsetdays' => '10'],
            'inactive' => ['repeatevery' => '3']], $this->site_rows(), 'NULL where the value is the built-in one');

        $after = $this->effective();
        $this->assertSame(['enabled' => false, 'offset_days' => 10, 'repeat_every' => 0,
            'from' => ['context:1', 'context:1', 'builtin']], $after['firstcall']);
        $this->assertSame([14, 3, ['builtin', 'builtin', 'context:1']], [$after['inactive']['offset_days'],
            $after['inactive']['repeat_every'], $after['inactive']['from']]);
        $expected = $before;
        $expected['firstcall'] = $after['firstcall'];
        $expected['inactive'] = $after['inactive'];
        $this->assertSame($expected, $after, 'nothing else changed');

        // Idempotent: a second run finds nothing to move.
        $GLOBALS['CN_SHIM_SAVEPOINTS'] = [];
        $this->upgrade(2026120400);
        $this->assertSame($after, $this->effective());
    }

    public function test_the_original_plugins_settings_still_land_in_the_site_definitions(): void {
        // The original's names; its migration (2026112207) moves them, the step of 2026120500 writes them.
        $GLOBALS['CN_SHIM_CONFIG']['block_course_notification'] = ['defaultfirstcall' => '0',
            'defaultfirstcalldelay' => '10', 'defaultinactivityfrequency' => '3', 'defaultsecondcalldelay' => '900',
            'defaultcompleted' => '1', 'bulklimit' => '50'];
        block_course_notification_migrate_settings();
        $this->upgrade(2026120400);

        $this->assertSame(['cap' => '50'], $GLOBALS['CN_SHIM_CONFIG']['block_course_notification']);
        $this->assertSame(['firstcall' => ['enabled' => '0', 'offsetdays' => '10'], 'inactive' => ['repeatevery' => '3'],
            'secondcall' => ['offsetdays' => '365']], $this->site_rows(), 'a delay beyond the range is brought to its end');
        $after = $this->effective();
        $this->assertFalse($after['firstcall']['enabled']);
        $this->assertSame(10, $after['firstcall']['offset_days']);
        $this->assertSame(3, $after['inactive']['repeat_every']);
        $this->assertSame(365, $after['secondcall']['offset_days']);
    }
}
