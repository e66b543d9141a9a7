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
 * The extension as PHP sees it: the plugin's facade builds its config, the engine runs against a
 * real MariaDB and a real SMTP server, and every failure is a CourseNotification\Exception.
 *
 * Needs what scripts/test starts: MariaDB (user cn) and the SMTP catcher (CN_TEST_SMTP_PORT,
 * CN_TEST_MAILDIR), and the schemas (CN_TEST_MOODLE_SCHEMA, CN_TEST_PLUGIN_SCHEMA).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification developers
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use block_course_notification\local\engine;
use block_course_notification\local\engine_config;
use CourseNotification\Engine as Extension;
use PHPUnit\Framework\TestCase;

require_once(__DIR__ . '/demo_site.php');

/**
 * CourseNotification\Engine from PHP.
 *
 * @covers \CourseNotification\Engine
 */
final class EngineTest extends TestCase {
    use demo_site;

    /** @var string the test database */
    private const DB = 'cn_php_engine';

    /** @var int the instant the tests decide at (2026-11-22 00:00 UTC) */
    private const NOW = 1795305600;

    /**
     * Creates the test database with Moodle's tables, the plugin's and the demo site (demo_site.php).
     */
    protected function setUp(): void {
        if (!extension_loaded('course_notification')) {
            $this->markTestSkipped('the course_notification extension is not loaded');
        }
        $this->load_demo_site(self::db(), self::NOW)->close();
    }

    /**
     * A $CFG as Moodle has it for this database and the catcher, mapped by the plugin's facade.
     *
     * @param array $overrides $CFG fields to change
     * @return array
     */
    private function config(array $overrides = []): array {
        $cfg = (object) array_merge([
            'dbtype' => 'mariadb', 'dbhost' => '127.0.0.1', 'dbname' => self::db(), 'dbuser' => 'cn', 'dbpass' => 'cn',
            'prefix' => 'mdl_', 'dboptions' => ['dbport' => '3306', 'dbsocket' => ''],
            'wwwroot' => 'https://learn.example.org', 'smtphosts' => '127.0.0.1:' . self::env('CN_TEST_SMTP_PORT'),
            'smtpsecure' => '', 'smtpuser' => '', 'smtppass' => '', 'noreplyaddress' => 'noreply@learn.example.org',
            'timezone' => 'Europe/Paris', 'lang' => 'en',
            // Loaded into $CFG from the demo site's config table, as Moodle's setup does; a site that
            // handles bounces has a mail domain for their address (else Moodle's own mail fails too).
            'handlebounces' => '1', 'maildomain' => 'bounces.learn.example.org', 'siteidentifier' => 'demo',
        ], $overrides);
        $site = (object) ['fullname' => 'Demo Academy', 'shortname' => 'demo'];
        return engine_config::config_from_cfg($cfg, $site);
    }

    private function delivered(): array {
        return glob(self::env('CN_TEST_MAILDIR') . '/*.eml') ?: [];
    }

    public function test_the_facade_config_is_accepted_and_a_dry_run_traces_every_decision(): void {
        $report = (new Extension($this->config()))->run(['now' => self::NOW, 'mode' => 'dryrun']);
        $this->assertContains('2 firstassign -lise@example.org Accepted for notification', $report['trace']);
        $this->assertContains('2 firstassign -serge@example.org trapped rule A : Already accessed course', $report['trace']);
        $this->assertContains('2 firstassign -paul@example.org trapped rule B : already sent', $report['trace']);
        $this->assertContains('2 firstassign -pierre@example.org trapped rule E : Out of concerned time range',
            $report['trace']);
        $this->assertContains('3 closed -yann@example.org Accepted for notification', $report['trace']);
        $this->assertContains('6 closed -finn@example.org trapped rule C : infinite enrol', $report['trace']);
        $counts = $report['counts'];
        $this->assertSame([14, 0, 0, 0, 0], [$counts['accepted'], $counts['queued'], $counts['sent'], $counts['failed'],
            $counts['deferred']]);
        $this->assertSame(count($report['decisions']), $counts['evaluated']);
        $this->assertSame($counts['evaluated'], $counts['accepted'] + array_sum($counts['trapped']));
        $lise = array_values(array_filter($report['decisions'],
            fn($d) => $d['userid'] === 4 && $d['notification'] === 'firstassign'));
        $this->assertSame([['courseid' => 2, 'notification' => 'firstassign', 'userid' => 4, 'email' => 'lise@example.org',
            'outcome' => 'accepted', 'rule' => '', 'reason' => 'Accepted for notification',
            'timedue' => self::NOW - 86400]], $lise);
    }

    /**
     * Issue 12, items 3 and 7: the decisions follow $CFG, as Moodle's do, whatever the config table
     * says (it says handlebounces 1 and no administrator); values forced in config.php are $CFG's.
     */
    public function test_the_decisions_follow_cfg_not_the_config_table(): void {
        $welcome = function(array $overrides, string $email): string {
            $report = (new Extension($this->config($overrides)))->run(['now' => self::NOW, 'mode' => 'dryrun']);
            $lines = array_values(array_filter($report['trace'],
                fn(string $l): bool => strpos($l, "2 firstassign -$email ") === 0));
            $this->assertCount(1, $lines, $email);
            return substr($lines[0], strlen("2 firstassign -$email "));
        };
        $this->assertSame('trapped rule T : Over the bounce threshold', $welcome([], 'tom@example.org'));
        $this->assertSame('Accepted for notification', $welcome(['handlebounces' => false], 'tom@example.org'),
            '$CFG->handlebounces = false; in config.php');
        $this->assertSame('Accepted for notification', $welcome([], 'lise@example.org'));
        $this->assertSame('trapped rule X : Excluded from notification', $welcome(['siteadmins' => '2,4'],
            'lise@example.org'), '$CFG->siteadmins = \'2,4\'; in config.php: is_siteadmin() holds every capability');
    }

    public function test_a_real_run_delivers_once_and_a_second_sends_nothing(): void {
        $engine = new Extension($this->config());
        $before = count($this->delivered());
        $first = $engine->run(['now' => self::NOW, 'mode' => 'send', 'cap' => 200]);
        $this->assertSame(14, $first['counts']['sent'], json_encode($first['failures']));
        $this->assertCount($before + 14, $this->delivered());
        $second = $engine->run(['now' => self::NOW + 60, 'mode' => 'send']);
        $this->assertSame(0, $second['counts']['sent']);
        $this->assertSame(15, $second['counts']['trapped']['B']);
        $this->assertCount($before + 14, $this->delivered());
    }

    public function test_the_forecast_counts_each_day_and_what_the_cap_pushes_back(): void {
        $days = (new Extension($this->config()))->forecast(['now' => self::NOW, 'days' => 8, 'cap' => 5]);
        $this->assertCount(8, $days);
        $this->assertSame(['date' => '2026-11-22', 'due' => 14, 'capacity' => 5, 'pushed_back' => 9, 'held' => 0],
            array_diff_key($days[0], ['by' => 1]));
        $this->assertContains(['courseid' => 3, 'notification' => 'closed', 'count' => 1], $days[0]['by']);
        $this->assertGreaterThan(14, array_sum(array_column($days, 'due')), 'later days bring new reminders');
        $this->expectException(\CourseNotification\Exception::class);
        $this->expectExceptionMessage('options.days');
        (new Extension($this->config()))->forecast(['now' => self::NOW, 'days' => 0]);
    }

    public function test_a_scheduled_run_lists_only_what_it_sends_but_counts_everything(): void {
        $engine = new Extension($this->config());
        $all = $engine->run(['now' => self::NOW, 'mode' => 'dryrun']);
        $accepted = $engine->run(['now' => self::NOW, 'mode' => 'dryrun', 'detail' => 'accepted']);
        $none = $engine->run(['now' => self::NOW, 'mode' => 'dryrun', 'detail' => 'none']);
        $this->assertSame($all['counts'], $accepted['counts']);
        $this->assertSame($all['counts'], $none['counts']);
        $this->assertCount(14, $accepted['decisions']);
        $this->assertSame(['accepted'], array_values(array_unique(array_column($accepted['decisions'], 'outcome'))));
        $this->assertSame([], $none['trace']);
    }

    public function test_a_course_shows_its_notifications_and_where_each_field_comes_from(): void {
        $db = new mysqli('127.0.0.1', 'cn', 'cn', self::db(), 3306);
        $db->query("INSERT INTO mdl_block_cnotif_def (id, contextid, code, offsetdays) VALUES (1, 2, 'firstcall', 10)");
        $db->query("INSERT INTO mdl_block_cnotif_def (id, contextid, code, enabled) VALUES (2, 12, 'coldfeedback', 1)");
        $db->query("INSERT INTO mdl_block_cnotif_text (defid, lang, subject, body) VALUES (2, 'fr', 'Votre avis', 'Merci')");
        $db->close();
        $set = (new Extension($this->config()))->notifications(2);
        $this->assertSame([], $set['errors']);
        $byCode = array_column($set['notifications'], null, 'code');
        $this->assertCount(12, $byCode);
        $this->assertSame(10, $byCode['firstcall']['offset_days']);
        $this->assertSame('context:2', $byCode['firstcall']['sources']['offset_days']);
        $this->assertSame('builtin', $byCode['firstcall']['sources']['trigger']);
        $this->assertTrue($byCode['coldfeedback']['enabled']);
        $this->assertSame(['fr' => ['subject' => 'Votre avis', 'body' => 'Merci']], $byCode['coldfeedback']['texts']);
        $this->assertSame('context:12', $byCode['coldfeedback']['sources']['texts:fr']);
        // The built-in texts a form pre-fills an override from, in every language the engine has.
        $this->assertSame(['en', 'fr'], array_keys($byCode['firstcall']['default_texts']));
        $this->assertStringContainsString('{{COURSE}}', $byCode['firstcall']['default_texts']['fr']['subject']);
        $other = array_column((new Extension($this->config()))->notifications(6)['notifications'], null, 'code');
        $this->assertFalse($other['coldfeedback']['enabled'], 'course 6 is not under course 2');
        $this->expectException(\CourseNotification\Exception::class);
        $this->expectExceptionMessage('course 999 does not exist');
        (new Extension($this->config()))->notifications(999);
    }

    public function test_moodle_notifications_are_queued_beside_each_mail(): void {
        $report = (new Extension($this->config()))->run(['now' => self::NOW, 'mode' => 'markonly', 'message' => true]);
        $this->assertSame(28, $report['counts']['queued'], 'one e-mail row and one Moodle notification row per message');
        $db = new mysqli('127.0.0.1', 'cn', 'cn', self::db(), 3306);
        $rows = $db->query("SELECT output, COUNT(*) FROM mdl_block_cnotif_outbox WHERE occkey LIKE '%/message' GROUP BY output")
            ->fetch_all();
        $db->close();
        $this->assertSame([['message', '14']], $rows);
    }

    public function test_the_run_can_be_restricted_to_users_and_courses(): void {
        $report = (new Extension($this->config()))->run(['now' => self::NOW, 'mode' => 'dryrun', 'users' => [4, 11]]);
        $this->assertSame([4, 11], array_values(array_unique(array_column($report['decisions'], 'userid'))));
        $this->assertContains('2 firstassign -lise@example.org Accepted for notification', $report['trace']);
        $this->assertContains('8 firstassign -omar@example.org trapped rule E : Out of concerned time range', $report['trace']);
        $report = (new Extension($this->config()))->run(['now' => self::NOW, 'mode' => 'dryrun', 'courses' => [3]]);
        $this->assertSame([3], array_values(array_unique(array_column($report['decisions'], 'courseid'))));
        $this->assertSame(6, $report['counts']['accepted']);
        // A narrowed run (the teacher's block, the report) reads its course's rows on one connection.
        $this->assertSame(1, $report['counts']['connections']);
        $this->assertGreaterThan(0, $report['counts']['rows_read']);
    }

    /**
     * Bad settings, bad options and unreachable services, each with the words expected in the message.
     *
     * @return array
     */
    public static function failures(): array {
        return [
            'wrong password' => [['dbpass' => 'wrong-secret'], [], "refused user 'cn'"],
            'database down' => [['dboptions' => ['dbport' => '9']], [], 'cannot reach the database server at 127.0.0.1:9'],
            'wrong prefix' => [['prefix' => 'other_'], [], 'table is missing'],
            'hostile prefix' => [['prefix' => "mdl_`; DROP TABLE x; --"], [], 'invalid table prefix'],
            'bad timezone' => [['timezone' => 'Nowhere/Atlantis'], [], 'site.timezone'],
            'bad mode' => [[], ['mode' => 'sendall'], 'options.mode'],
            'string now' => [[], ['now' => '1795305600'], 'options.now must be an int'],
            'milliseconds' => [[], ['now' => self::NOW * 1000], 'milliseconds'],
            'negative id' => [[], ['courses' => [-3]], 'options.courses'],
            'ids not ints' => [[], ['users' => ['a']], 'options.users must hold ints'],
            'unknown option' => [[], ['dryrun' => true], "unknown option 'dryrun'"],
            'zero cap' => [[], ['cap' => 0], 'options.cap'],
            'cap above the maximum' => [[], ['cap' => 1000001], 'options.cap: 1000001 is more than the maximum of 1000000'],
            'cap of PHP_INT_MAX' => [[], ['cap' => PHP_INT_MAX], 'more than the maximum of 1000000 messages per run'],
            'bad detail' => [[], ['detail' => 'some'], 'options.detail'],
            'bad window hour' => [[], ['window' => ['start' => 8, 'end' => 25]], 'options.window.end'],
            'window of the wrong shape' => [[], ['window' => '8-20'], 'options.window must be an array'],
            'smtp down' => [['smtphosts' => '127.0.0.1:9'], ['mode' => 'send'], 'stay queued'],
        ];
    }

    /**
     * @dataProvider failures
     * @param array $cfg $CFG overrides
     * @param array $options run options overrides
     * @param string $expected words of the message
     */
    public function test_every_failure_is_a_clear_course_notification_exception(array $cfg, array $options,
            string $expected): void {
        try {
            $engine = new Extension($this->config($cfg));
            $engine->run(array_merge(['now' => self::NOW, 'mode' => 'dryrun'], $options));
            $this->fail('no exception');
        } catch (\CourseNotification\Exception $e) {
            $this->assertInstanceOf(\Exception::class, $e);
            $this->assertStringContainsString($expected, $e->getMessage());
            $this->assertStringNotContainsString('wrong-secret', $e->getMessage());
        }
    }

    public function test_config_of_the_wrong_shape_is_refused_by_name(): void {
        $config = $this->config();
        $config['db']['port'] = '3306';
        $this->expectException(\CourseNotification\Exception::class);
        $this->expectExceptionMessage('db.port must be an int, got string');
        new Extension($config);
    }

    public function test_the_placeholders_a_form_lists_are_the_ones_templates_accept(): void {
        $names = Extension::placeholders();
        $this->assertContains('TEACHERS', $names);
        $this->assertContains('DAYSLEFT', $names);
        $this->assertSame([], Extension::template_problems(implode(' ', array_map(fn($n) => '{{' . $n . '}}', $names))));
    }

    public function test_a_template_is_checked_before_it_is_saved(): void {
        $this->assertSame([], Extension::template_problems('Hello {{FIRSTNAME}}, {{TEACHERS}} await you in {{COURSE}}'));
        $problems = Extension::template_problems("{{firstname}} {{DATA_0}}\r\n{{COURSE");
        $this->assertCount(3, $problems);
        $this->assertStringContainsString('{{FIRSTNAME}}', $problems[0]);
        $this->assertStringContainsString('unknown placeholder {{DATA_0}}; known: COURSE', $problems[1]);
        $this->assertStringContainsString('never closed', $problems[2]);
        // Bytes that are not UTF-8 (Moodle's forms never give them) are refused as PHP refuses a wrong type.
        $this->expectException(\TypeError::class);
        Extension::template_problems("caf\xe9");
    }

    public function test_the_extension_reports_the_version_the_plugin_expects(): void {
        $this->assertSame(engine::EXPECTED_ENGINE_VERSION, Extension::version());
    }
}
