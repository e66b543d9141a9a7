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
 * The upgrade to 2026120400 (learners in control) on a real MariaDB database, and the install: the
 * opt-out table and the essential column as install.xml makes them, the unsubscribe secret, and the
 * message providers' defaults as Moodle 5.0 stores and applies them.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use PHPUnit\Framework\TestCase;

require_once(__DIR__ . '/demo_site.php');
require_once(__DIR__ . '/moodle_ddl_shim.php');

foreach (['MESSAGE_DEFAULT_ENABLED' => 0x01, 'MESSAGE_DISALLOWED' => 0x04, 'MESSAGE_PERMITTED' => 0x08,
        'MESSAGE_FORCED' => 0x0c, 'MESSAGE_PERMITTED_MASK' => 0x0c] as $constant => $value) {
    defined($constant) || define($constant, $value);
}

/**
 * xmldb_block_course_notification_upgrade() from 2026120301, and xmldb_block_course_notification_install().
 *
 * @covers ::xmldb_block_course_notification_upgrade
 * @covers ::xmldb_block_course_notification_install
 * @covers ::block_course_notification_ensure_unsubscribe_secret
 * @covers ::block_course_notification_lock_bell_email
 */
final class UpgradeAudienceTest extends TestCase {
    use demo_site;

    /** @var string the test database */
    private const DB = 'cn_php_upgrade';

    /** @var int the demo site's time */
    private const NOW = 1795305600;

    /** @var string the bell provider's preference base */
    private const BELL = 'block_course_notification_notification';

    /** @var mysqli the fixture's connection */
    private $mysqli;

    /** @var string a directory whose blocks/course_notification is this plugin, as $CFG->dirroot */
    private static $dirroot;

    /** @var mixed $CFG before the test */
    private $cfg;

    public static function setUpBeforeClass(): void {
        // upgrade.php requires upgradelib.php from $CFG->dirroot: the same file, so require_once keeps one copy.
        self::$dirroot = sys_get_temp_dir() . '/cn-dirroot-' . getmypid();
        @mkdir(self::$dirroot . '/blocks', 0700, true);
        if (!file_exists(self::$dirroot . '/blocks/course_notification')) {
            symlink(dirname(__DIR__, 2), self::$dirroot . '/blocks/course_notification');
        }
        require_once(self::$dirroot . '/blocks/course_notification/db/upgrade.php');
        require_once(self::$dirroot . '/blocks/course_notification/db/install.php');
        require_once(self::$dirroot . '/blocks/course_notification/db/upgradelib.php');
    }

    public static function tearDownAfterClass(): void {
        @unlink(self::$dirroot . '/blocks/course_notification');
        @rmdir(self::$dirroot . '/blocks');
        @rmdir(self::$dirroot);
    }

    protected function setUp(): void {
        global $CFG;
        $this->mysqli = $this->load_demo_site(self::db(), self::NOW);
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
     * What the test compares: the opt-out table's columns and indexes, and the essential column.
     *
     * @return array
     */
    private function shape(): array {
        $columns = fn(string $table) => $this->mysqli->query("SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT,
                EXTRA, ORDINAL_POSITION FROM information_schema.COLUMNS
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '$table' ORDER BY ORDINAL_POSITION")->fetch_all(MYSQLI_ASSOC);
        $indexes = [];
        $result = $this->mysqli->query("SHOW TABLES LIKE 'mdl_block_cnotif_pref'");
        if ($result->num_rows) {
            $keys = [];
            foreach ($this->mysqli->query('SHOW INDEX FROM mdl_block_cnotif_pref')->fetch_all(MYSQLI_ASSOC) as $row) {
                $keys[$row['Key_name']]['unique'] = $row['Non_unique'] === '0';
                $keys[$row['Key_name']]['fields'][(int) $row['Seq_in_index']] = $row['Column_name'];
            }
            foreach ($keys as $key) {
                ksort($key['fields']);
                $indexes[] = ($key['unique'] ? 'unique ' : '') . implode(',', $key['fields']);
            }
            sort($indexes);
        }
        $def = $columns('mdl_block_cnotif_def');
        return [
            'pref' => $columns('mdl_block_cnotif_pref'),
            'pref indexes' => $indexes,
            'essential' => array_values(array_filter($def, fn($c) => $c['COLUMN_NAME'] === 'essential')),
            'def columns' => array_column($def, 'COLUMN_NAME'),
        ];
    }

    /**
     * Makes the database what version 2026120301 left: no opt-out table, no essential column.
     */
    private function as_2026120301(): void {
        $this->assertTrue($this->mysqli->query('DROP TABLE mdl_block_cnotif_pref'));
        $this->assertTrue($this->mysqli->query('ALTER TABLE mdl_block_cnotif_def DROP COLUMN essential'));
    }

    /**
     * Runs the upgrade from $from, as Moodle does, with a fresh database object.
     *
     * @param int $from the version installed
     * @return string[] the DDL it ran
     */
    private function upgrade(int $from): array {
        global $DB;
        if ($DB instanceof shim_moodle_database) {
            $DB->dispose();
        }
        $DB = new shim_ddl_database(self::db());
        $this->assertTrue(xmldb_block_course_notification_upgrade($from));
        return $DB->get_manager()->statements;
    }

    /**
     * What Moodle 5.0 stores for a provider's defaults when they are missing (lib/messagelib.php,
     * message_set_default_message_preference() and message/lib.php, translate_message_default_setting()),
     * on a site with the e-mail, popup and mobile outputs.
     *
     * @param array $defaults processor => MESSAGE_* as db/messages.php declares them
     * @param string $base component_provider
     * @param array $config plugin 'message' config already there
     * @return array the 'message' config afterwards
     */
    private static function moodle_defaults(array $defaults, string $base, array $config = []): array {
        $enabled = [];
        foreach (['airnotifier', 'email', 'popup'] as $processor) {
            $name = "{$processor}_provider_{$base}_locked";
            if (isset($config[$name])) {
                continue;
            }
            $value = $defaults[$processor] ?? 0;
            if (!($value & MESSAGE_PERMITTED_MASK)) {
                $value = MESSAGE_PERMITTED;
            }
            $permitted = $value & MESSAGE_PERMITTED_MASK;
            $locked = $permitted === MESSAGE_FORCED || $permitted === MESSAGE_DISALLOWED;
            $on = $permitted === MESSAGE_FORCED || ($permitted !== MESSAGE_DISALLOWED && ($value & MESSAGE_DEFAULT_ENABLED));
            $config[$name] = $locked ? '1' : '';
            if ($on) {
                $enabled[] = $processor;
            }
        }
        if ($enabled) {
            $name = "message_provider_{$base}_enabled";
            if (isset($config[$name])) {
                $enabled = array_merge($enabled, explode(',', $config[$name]));
            }
            $config[$name] = implode(',', $enabled);
        }
        return $config;
    }

    /**
     * Whether message_send() (lib/messagelib.php, Moodle 5.0) uses an output for a notification.
     *
     * @param array $config the 'message' config
     * @param string $base component_provider
     * @param string $processor the output
     * @param string|null $userpref the user's message_provider_<base>_enabled preference, null if unset
     * @return bool
     */
    private static function moodle_uses(array $config, string $base, string $processor, ?string $userpref): bool {
        $locked = !empty($config["{$processor}_provider_{$base}_locked"]);
        $enabled = $config["message_provider_{$base}_enabled"] ?? null;
        if ($locked) {
            return $enabled !== null && in_array($processor, explode(',', $enabled), true);
        }
        $list = $userpref ?: $enabled;
        return $list !== null && in_array($processor, explode(',', $list), true);
    }

    /**
     * The providers of db/messages.php.
     *
     * @return array
     */
    private static function providers(): array {
        $messageproviders = [];
        require(__DIR__ . '/../../db/messages.php');
        return $messageproviders;
    }

    public function test_the_upgrade_makes_the_table_and_the_column_as_install_xml_does_and_a_rerun_changes_nothing(): void {
        $fresh = $this->shape();
        $this->assertNotEmpty($fresh['pref'], 'install.xml has the opt-out table');
        $this->as_2026120301();
        $this->mysqli->query("INSERT INTO mdl_block_cnotif_def (contextid, code, enabled, recipients, timecreated)
            VALUES (1, 'closed', 1, 'learner', 5)");

        $ddl = $this->upgrade(2026120301);
        $this->assertCount(2, $ddl, 'one CREATE TABLE, one ALTER TABLE');
        $this->assertSame($fresh, $this->shape(), 'the upgraded site has what a fresh install has');
        $this->assertSame([[true, 2026120400, 'course_notification'], [true, 2026120500, 'course_notification'],
            [true, 2026120501, 'course_notification']], $GLOBALS['CN_SHIM_SAVEPOINTS']);
        $row = $this->mysqli->query("SELECT recipients, essential FROM mdl_block_cnotif_def WHERE code = 'closed'
            AND contextid = 1")->fetch_assoc();
        $this->assertSame(['recipients' => 'learner', 'essential' => null], $row, 'a definition keeps its values and inherits');
        $secret = $GLOBALS['CN_SHIM_CONFIG']['block_course_notification']['unsubscribesecret'] ?? '';
        $this->assertMatchesRegularExpression('/^[0-9a-f]{64}$/', $secret);

        // A step that stopped before its savepoint runs again: nothing to create, the secret kept.
        $this->assertSame([], $this->upgrade(2026120301));
        $this->assertSame($fresh, $this->shape());
        $this->assertSame($secret, $GLOBALS['CN_SHIM_CONFIG']['block_course_notification']['unsubscribesecret']);

        // A site already at the plugin's version runs no step.
        preg_match('/\$plugin->version\s*=\s*(\d+)/', file_get_contents(__DIR__ . '/../../version.php'), $version);
        $GLOBALS['CN_SHIM_SAVEPOINTS'] = [];
        $this->assertSame([], $this->upgrade((int) $version[1]));
        $this->assertSame([], $GLOBALS['CN_SHIM_SAVEPOINTS']);
    }

    /**
     * The columns and indexes of a table, as MariaDB reports them.
     *
     * @param string $table the table, with its prefix
     * @return array
     */
    private function table_shape(string $table): array {
        $columns = $this->mysqli->query("SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, ORDINAL_POSITION
            FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '$table'
            ORDER BY ORDINAL_POSITION")->fetch_all(MYSQLI_ASSOC);
        $keys = [];
        foreach ($this->mysqli->query("SHOW INDEX FROM $table")->fetch_all(MYSQLI_ASSOC) as $row) {
            $keys[$row['Key_name']][(int) $row['Seq_in_index']] = ($row['Non_unique'] === '0' ? 'unique ' : '') . $row['Column_name'];
        }
        $indexes = array_map(fn($k) => implode(',', $k), array_values($keys));
        sort($indexes);
        return ['columns' => $columns, 'indexes' => $indexes];
    }

    public function test_the_upgrade_to_2026120501_makes_the_first_run_table_as_install_xml_does(): void {
        $fresh = $this->table_shape('mdl_block_cnotif_firstrun');
        $this->assertCount(7, $fresh['columns'], 'install.xml has the first-run table');
        $this->assertTrue($this->mysqli->query('DROP TABLE mdl_block_cnotif_firstrun'));

        $ddl = $this->upgrade(2026120400);
        $this->assertCount(1, $ddl, 'one CREATE TABLE');
        $this->assertSame($fresh, $this->table_shape('mdl_block_cnotif_firstrun'));
        $this->assertContains([true, 2026120501, 'course_notification'], $GLOBALS['CN_SHIM_SAVEPOINTS']);
        // Run again (a step stopped before its savepoint): nothing to create.
        $this->assertSame([], $this->upgrade(2026120400));
    }

    public function test_the_upgrade_keeps_a_secret_and_replaces_one_too_short_to_be_safe(): void {
        $this->as_2026120301();
        $GLOBALS['CN_SHIM_CONFIG']['block_course_notification']['unsubscribesecret'] = str_repeat('k', 40);
        $this->upgrade(2026120301);
        $this->assertSame(str_repeat('k', 40), get_config('block_course_notification', 'unsubscribesecret'));

        $GLOBALS['CN_SHIM_CONFIG']['block_course_notification']['unsubscribesecret'] = 'short';
        $this->assertTrue(block_course_notification_ensure_unsubscribe_secret());
        $this->assertMatchesRegularExpression('/^[0-9a-f]{64}$/', get_config('block_course_notification', 'unsubscribesecret'));
        $this->assertFalse(block_course_notification_ensure_unsubscribe_secret(), 'run again: nothing to do');
    }

    public function test_a_fresh_install_gets_a_secret_and_keeps_one_it_finds(): void {
        $this->assertTrue(xmldb_block_course_notification_install());
        $first = get_config('block_course_notification', 'unsubscribesecret');
        $this->assertMatchesRegularExpression('/^[0-9a-f]{64}$/', $first);
        $this->assertTrue(xmldb_block_course_notification_install());
        $this->assertSame($first, get_config('block_course_notification', 'unsubscribesecret'));
    }

    public function test_the_providers_defaults_as_moodle_stores_them_on_a_fresh_install(): void {
        $providers = self::providers();
        $this->assertSame(['notification', 'mail'], array_keys($providers));
        $bell = self::moodle_defaults($providers['notification']['defaults'], self::BELL);
        $this->assertSame('1', $bell['email_provider_' . self::BELL . '_locked'], 'e-mail disallowed for the bell');
        $this->assertSame('airnotifier,popup', $bell['message_provider_' . self::BELL . '_enabled']);
        // A learner who ticks e-mail for the bell still gets no second copy of the engine's mail.
        $this->assertFalse(self::moodle_uses($bell, self::BELL, 'email', 'popup,email'));
        $this->assertTrue(self::moodle_uses($bell, self::BELL, 'popup', null));

        $base = 'block_course_notification_mail';
        $mail = self::moodle_defaults($providers['mail']['defaults'], $base);
        $this->assertSame(['airnotifier_provider_' . $base . '_locked' => '1', 'email_provider_' . $base . '_locked' => '',
            'popup_provider_' . $base . '_locked' => '1', 'message_provider_' . $base . '_enabled' => 'email'], $mail);
        $this->assertTrue(self::moodle_uses($mail, $base, 'email', null), 'on by default');
        $this->assertFalse(self::moodle_uses($mail, $base, 'email', 'none'), 'the learner turned it off');
        $this->assertFalse(self::moodle_uses($mail, $base, 'popup', 'popup'), 'only the e-mail switch exists');
    }

    /**
     * The bell provider's defaults before 2026120400 ('email' => MESSAGE_PERMITTED), as Moodle stored
     * them, and as an administrator may have changed them (e-mail on by default).
     *
     * @return array
     */
    public static function old_sites(): array {
        $old = ['popup' => MESSAGE_PERMITTED + MESSAGE_DEFAULT_ENABLED,
            'airnotifier' => MESSAGE_PERMITTED + MESSAGE_DEFAULT_ENABLED, 'email' => MESSAGE_PERMITTED];
        $stored = self::moodle_defaults($old, self::BELL);
        $byadmin = $stored;
        $byadmin['message_provider_' . self::BELL . '_enabled'] = 'popup,email,airnotifier';
        return ['as installed' => [$stored], 'e-mail on by default' => [$byadmin]];
    }

    /**
     * @dataProvider old_sites
     * @param array $before the site's 'message' config
     */
    public function test_the_upgrade_locks_the_bells_email_off_as_a_fresh_install_does(array $before): void {
        $this->as_2026120301();
        $GLOBALS['CN_SHIM_CONFIG']['message'] = $before;
        $this->assertTrue(self::moodle_uses($before, self::BELL, 'email', 'popup,email'), 'the reminder twice, before');

        $this->upgrade(2026120301);
        $after = $GLOBALS['CN_SHIM_CONFIG']['message'];
        $this->assertSame('1', $after['email_provider_' . self::BELL . '_locked']);
        $this->assertSame(['airnotifier', 'popup'], self::sorted($after['message_provider_' . self::BELL . '_enabled']));
        $this->assertSame($before['popup_provider_' . self::BELL . '_locked'], $after['popup_provider_' . self::BELL . '_locked']);
        foreach ([null, 'popup,email', 'email'] as $userpref) {
            $this->assertFalse(self::moodle_uses($after, self::BELL, 'email', $userpref), (string) $userpref);
        }
        $this->assertTrue(self::moodle_uses($after, self::BELL, 'popup', null), 'the bell still rings');

        // Run again: the same.
        $this->upgrade(2026120301);
        $this->assertSame($after, $GLOBALS['CN_SHIM_CONFIG']['message']);
    }

    public function test_a_site_coming_from_the_original_gets_the_lock_and_then_moodles_defaults(): void {
        // The original had no message provider: nothing stored before the upgrade.
        block_course_notification_lock_bell_email();
        $config = $GLOBALS['CN_SHIM_CONFIG']['message'];
        $this->assertSame(['email_provider_' . self::BELL . '_locked' => '1'], $config);
        // After the upgrade Moodle registers the provider and writes what is missing.
        $config = self::moodle_defaults(self::providers()['notification']['defaults'], self::BELL, $config);
        $fresh = self::moodle_defaults(self::providers()['notification']['defaults'], self::BELL);
        ksort($config);
        ksort($fresh);
        $this->assertSame($fresh, $config);
    }

    /**
     * A list of outputs, sorted.
     *
     * @param string $list comma-separated
     * @return string[]
     */
    private static function sorted(string $list): array {
        $items = explode(',', $list);
        sort($items);
        return $items;
    }
}
