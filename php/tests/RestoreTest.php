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
 * A course restore stores only what the forms would accept: the block's restore step (the plugin's own
 * code, in restore_shim.php's framework) against the demo site's MariaDB, with a backup that brings bad
 * codes, fields out of range, unknown triggers, unmapped roles and broken templates; the engine then
 * reads what was stored.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use block_course_notification\local\course_definitions;
use block_course_notification\local\engine_config;
use CourseNotification\Engine as Extension;
use PHPUnit\Framework\TestCase;

require_once(__DIR__ . '/demo_site.php');
require_once(__DIR__ . '/moodle_dml.php');
require_once(__DIR__ . '/restore_shim.php');
foreach (['course_definitions', 'definitions', 'restored_definition'] as $class) {
    require_once(__DIR__ . "/../../classes/local/{$class}.php");
}
require_once(__DIR__ . '/../../backup/moodle2/restore_course_notification_stepslib.php');

/**
 * The restore step of the block.
 *
 * @covers \restore_course_notification_block_structure_step
 * @covers \block_course_notification\local\restored_definition
 */
final class RestoreTest extends TestCase {
    use demo_site;

    /** @var string the test database */
    private const DB = 'cn_php_restore';

    /** @var int the demo site's time (2026-11-22 00:00 UTC) */
    private const NOW = 1795305600;

    /** @var string a definition's path in the backup */
    private const DEF = '/block/course_notification/definitions/definition';

    /** @var string a text's path in the backup */
    private const TEXT = self::DEF . '/texts/text';

    /** @var mysqli the fixture's connection */
    private $mysqli;

    protected function setUp(): void {
        global $DB;
        $this->mysqli = $this->load_demo_site(self::db(), self::NOW);
        $DB = new shim_moodle_database(self::db());
        $GLOBALS['CN_SHIM_CAPABILITIES'] = ['block/course_notification:setup'];
        // A notification this site adds for every course.
        $this->mysqli->query("INSERT INTO mdl_block_cnotif_def (contextid, code, enabled, triggertype, timeenabled)
            VALUES (1, 'survey', 1, 'completion', " . self::NOW . ')');
    }

    protected function tearDown(): void {
        global $DB;
        $DB->dispose();
        $DB = null;
        unset($GLOBALS['CN_SHIM_CAPABILITIES']);
        $this->mysqli->close();
    }

    /**
     * A backup of another site's course: one valid override with junk around it, a code with markup,
     * an added notification with fields out of range, an unknown trigger.
     *
     * @return array[] [path, tags] in document order
     */
    private static function backup(): array {
        $text = fn(string $lang, string $subject, string $body) => [self::TEXT,
            ['id' => '9', 'lang' => $lang, 'subject' => $subject, 'body' => $body, 'timemodified' => '1']];
        // A backup file has every field of the element (null ones as $@NULL@$, which the parser makes null).
        $def = fn(array $tags) => [self::DEF, $tags + array_fill_keys(['code', 'enabled', 'triggertype', 'offsetdays',
            'repeatevery', 'repeatmax', 'latelimit', 'neveraccessed', 'notcompleted', 'duringaccess', 'priority', 'timeenabled',
            'recipients', 'essential'], null) + ['timecreated' => '1', 'timemodified' => '1']];
        return [
            $def(['id' => '1', 'code' => 'firstcall', 'enabled' => '1', 'offsetdays' => '5', 'essential' => '1',
                'recipients' => 'learner, role:30, role:40, role:50, teachers', 'timecreated' => '1']),
            $text('en', 'Still there, {{FIRSTNAME}}?', "Hello {{FIRSTNAME}},\n\nsee {{COURSEURL}}"),
            $text('en', 'A second English text', 'Hello'),
            $text('fr', 'Toujours là ?', 'Bonjour {{NOPE}}'),
            $text('../../x', 'Subject', 'Body'),
            $def(['id' => '2', 'code' => '<img src=x onerror=alert(1)>', 'enabled' => '1', 'triggertype' => 'accessstart']),
            $text('en', 'Hello', 'A text of the skipped notification'),
            $def(['id' => '3', 'code' => 'halfway', 'enabled' => '1', 'triggertype' => 'accessstart',
                'offsetdays' => '99999', 'repeatevery' => 'x', 'repeatmax' => '-1', 'priority' => '500', 'duringaccess' => '7',
                'timeenabled' => '100', 'essential' => '2']),
            $text('en', 'Halfway through {{COURSE}}', '<b>Well done</b>, {{FIRSTNAME}}.'),
            $def(['id' => '4', 'code' => 'bogus_trigger', 'triggertype' => 'whenever', 'enabled' => '0']),
            $text('en', 'Never', 'Never sent'),
            // Changes the site's "survey", added at site level here (below); the source site's "poll", not here.
            $def(['id' => '5', 'code' => 'survey', 'enabled' => '0']),
            $def(['id' => '6', 'code' => 'poll', 'enabled' => '0']),
        ];
    }

    /**
     * Restores the backup into course 2 with roles 30 => 3 (exists here), 40 => 4 (no such role here)
     * and 50 not mapped.
     *
     * @return restore_course_notification_block_structure_step the step, with its log
     */
    private function restore(): restore_course_notification_block_structure_step {
        $task = new shim_restore_task(2, 99, 2, ['role' => [30 => 3, 40 => 4]]);
        $step = new restore_course_notification_block_structure_step('course_notification_structure',
            'course_notification.xml', $task);
        $step->feed(self::backup());
        return $step;
    }

    /**
     * The definitions stored in course 2's context, by code, with their texts by language.
     *
     * @return array
     */
    private function stored(): array {
        $defs = [];
        $result = $this->mysqli->query('SELECT d.*, t.lang, t.subject, t.body FROM mdl_block_cnotif_def d
            LEFT JOIN mdl_block_cnotif_text t ON t.defid = d.id
            WHERE d.contextid = (SELECT id FROM mdl_context WHERE contextlevel = 50 AND instanceid = 2) ORDER BY d.id, t.lang');
        while ($row = $result->fetch_assoc()) {
            $defs[$row['code']] = $defs[$row['code']] ?? $row + ['texts' => []];
            if ($row['lang'] !== null) {
                $defs[$row['code']]['texts'][$row['lang']] = [$row['subject'], $row['body']];
            }
        }
        return $defs;
    }

    public function test_a_restore_stores_only_what_the_forms_accept_and_logs_the_rest(): void {
        $step = $this->restore();
        $defs = $this->stored();

        $this->assertSame(['firstcall', 'halfway', 'survey'], array_keys($defs), 'the code with markup is not stored');
        $firstcall = $defs['firstcall'];
        $this->assertSame(['1', '5', 'learner,role:3'],
            [$firstcall['enabled'], $firstcall['offsetdays'], $firstcall['recipients']]);
        $this->assertSame(['en'], array_keys($firstcall['texts']), 'one English text, no broken French one, no odd language');
        $this->assertSame('Still there, {{FIRSTNAME}}?', $firstcall['texts']['en'][0]);
        $this->assertStringNotContainsString('skipped notification', json_encode($defs), 'its texts went with it');

        $halfway = $defs['halfway'];
        $this->assertSame(['accessstart', '1', null, null, null, null, null], [$halfway['triggertype'],
            $halfway['enabled'], $halfway['offsetdays'], $halfway['repeatevery'], $halfway['repeatmax'], $halfway['priority'],
            $halfway['duringaccess']]);
        $this->assertGreaterThanOrEqual(time() - 60, (int) $halfway['timeenabled'], 'switched on at the restore');
        $this->assertSame('<b>Well done</b>, {{FIRSTNAME}}.', $halfway['texts']['en'][1], 'markup from someone who may write it');
        $this->assertSame([null, '0'], [$defs['survey']['triggertype'], $defs['survey']['enabled']]);

        $log = implode("\n", array_column($step->logged, 0));
        foreach (['code is not 1 to 64', 'role 40', 'role 50', '"teachers"', 'second en text', 'fr text, whose body',
                'language is not a language code', 'offsetdays "99999"', 'repeatevery "x"', 'repeatmax "-1"', 'priority "500"',
                'duringaccess "7"', 'trigger "whenever"', 'bogus_trigger: skipped, as it changes a notification',
                'poll: skipped'] as $said) {
            $this->assertStringContainsString($said, $log);
        }
        $this->assertSame([backup::LOG_WARNING], array_values(array_unique(array_column($step->logged, 1))));
        $this->assertStringNotContainsString('<img', $log, 'the log quotes no markup either');

        // The engine finds nothing to refuse in what was stored.
        $set = $this->engine()->notifications(2);
        $this->assertSame([], $set['errors']);
        $this->assertContains('halfway', array_column($set['notifications'], 'code'));
    }

    /**
     * Issue 15: essential comes back with the course when an administrator restores it, is checked like
     * the other flags, and nobody else brings it in (it overrides the learners' opt-outs).
     */
    public function test_essential_is_restored_by_an_administrator_only(): void {
        $this->assertNull($this->stored()['firstcall']['essential'] ?? null);
        $step = $this->restore();
        $defs = $this->stored();
        $this->assertSame([null, null], [$defs['firstcall']['essential'], $defs['halfway']['essential']],
            'restored by a teacher: left out');
        $log = implode("\n", array_column($step->logged, 0));
        $this->assertStringContainsString('firstcall: left out essential, which only a site administrator sets', $log);
        $this->assertStringContainsString('halfway: left out essential "2"', $log);

        $GLOBALS['CN_SHIM_CAPABILITIES'][] = 'moodle/site:config';
        $this->restore();
        $defs = $this->stored();
        $this->assertSame(['1', null], [$defs['firstcall']['essential'], $defs['halfway']['essential']]);
        // Read back as the forms read it.
        $this->assertSame('1', course_definitions::load(12)['firstcall']->essential);

        // A teacher's restore over the course keeps what the administrator set.
        $GLOBALS['CN_SHIM_CAPABILITIES'] = ['block/course_notification:setup'];
        $this->mysqli->query("UPDATE mdl_block_cnotif_def SET essential = 0 WHERE code = 'halfway'");
        $this->restore();
        $defs = $this->stored();
        $this->assertSame(['1', '0'], [$defs['firstcall']['essential'], $defs['halfway']['essential']]);
    }

    public function test_the_backup_carries_every_column_of_a_definition(): void {
        $xml = simplexml_load_file(__DIR__ . '/../../db/install.xml');
        $columns = [];
        foreach ($xml->TABLES->TABLE as $table) {
            if ((string) $table['NAME'] === 'block_cnotif_def') {
                foreach ($table->FIELDS->FIELD as $field) {
                    $columns[] = (string) $field['NAME'];
                }
            }
        }
        $source = file_get_contents(__DIR__ . '/../../backup/moodle2/backup_course_notification_stepslib.php');
        $this->assertMatchesRegularExpression("/new backup_nested_element\\('definition', \\['id'\\], \\[([^\\]]*)\\]/", $source);
        preg_match("/new backup_nested_element\\('definition', \\['id'\\], \\[([^\\]]*)\\]/", $source, $m);
        preg_match_all("/'([a-z]+)'/", $m[1], $fields);
        $this->assertEqualsCanonicalizing(array_values(array_diff($columns, ['id', 'contextid'])), $fields[1]);
    }

    public function test_markup_in_a_text_needs_someone_who_may_write_it(): void {
        $GLOBALS['CN_SHIM_CAPABILITIES'] = [];
        $step = $this->restore();
        $this->assertSame([], $this->stored()['halfway']['texts']);
        $this->assertStringContainsString('halfway: skipped the en text, which holds markup',
            implode("\n", array_column($step->logged, 0)));
        $this->assertSame(['en'], array_keys($this->stored()['firstcall']['texts']), 'plain text is restored');
    }

    public function test_a_restore_into_a_course_that_has_the_notification_replaces_it(): void {
        $this->restore();
        $step = $this->restore();
        $defs = $this->stored();
        $this->assertSame(['firstcall', 'halfway', 'survey'], array_keys($defs));
        $this->assertSame(['en'], array_keys($defs['firstcall']['texts']));
        $this->assertNotEmpty($step->logged);
    }

    public function test_nothing_is_restored_when_the_block_is_not(): void {
        $task = new shim_restore_task(2, 0, 2, []);
        $step = new restore_course_notification_block_structure_step('course_notification_structure',
            'course_notification.xml', $task);
        $step->feed(self::backup());
        $this->assertSame([], $this->stored());
    }

    /**
     * The engine on the test database.
     *
     * @return Extension
     */
    private function engine(): Extension {
        if (!extension_loaded('course_notification')) {
            $this->markTestSkipped('the course_notification extension is not loaded');
        }
        $cfg = (object) ['dbtype' => 'mariadb', 'dbhost' => '127.0.0.1', 'dbname' => self::db(), 'dbuser' => 'cn',
            'dbpass' => 'cn', 'prefix' => 'mdl_', 'dboptions' => ['dbport' => '3306', 'dbsocket' => ''],
            'wwwroot' => 'https://learn.example.org', 'smtphosts' => '127.0.0.1:9', 'smtpsecure' => '', 'smtpuser' => '',
            'smtppass' => '', 'noreplyaddress' => 'noreply@learn.example.org', 'timezone' => 'Europe/Paris', 'lang' => 'en'];
        return new Extension(engine_config::config_from_cfg($cfg, (object) ['fullname' => 'Demo', 'shortname' => 'demo']));
    }
}
