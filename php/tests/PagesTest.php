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
 * Issue 13, items 1 and 3: the pages never hang on the engine and never show its words. With tables the
 * engine reads locked by another connection (as a backup or a long upgrade step would), the block's
 * summary, the learner's upcoming view and the report's Why view come back within the page deadline,
 * without the engine's part and with a notice; an engine that fails for another reason is "unavailable",
 * never "refused user 'cn' at 127.0.0.1"; the detail goes to debugging().
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use block_course_notification\local\engine;
use block_course_notification\local\report;
use block_course_notification\output\block_summary;
use block_course_notification\output\learner_upcoming;
use block_course_notification\output\report_page;
use block_course_notification\output\report_why;
use PHPUnit\Framework\TestCase;

require_once(__DIR__ . '/demo_site.php');
require_once(__DIR__ . '/moodle_dml.php');
require_once(__DIR__ . '/moodle_users_shim.php');
require_once(__DIR__ . '/moodle_page_shim.php');

/**
 * The pages with a slow, locked or unreachable database.
 *
 * @covers \block_course_notification\local\engine
 * @covers \block_course_notification\output\block_summary
 * @covers \block_course_notification\output\learner_upcoming
 * @covers \block_course_notification\local\report
 */
final class PagesTest extends TestCase {
    use demo_site;

    /** @var string the test database */
    private const DB = 'cn_php_pages';

    /** @var int the time (2026-11-22 00:00 UTC) */
    private const NOW = 1795305600;

    /** @var int the page deadline the tests set (seconds) */
    private const DEADLINE = 1;

    /** @var float what a page may take with that deadline: the lock's wait, the margin, a loaded machine */
    private const PAGE_WAIT = 5.0;

    /** @var mysqli the fixture's connection, which holds the locks */
    private $mysqli;

    protected function setUp(): void {
        global $DB, $CFG, $SITE;
        if (!extension_loaded('course_notification')) {
            $this->markTestSkipped('the course_notification extension is not loaded');
        }
        $this->mysqli = $this->load_demo_site(self::db(), self::NOW);
        $DB = new shim_moodle_database(self::db());
        $CFG = (object) ['dbtype' => 'mariadb', 'dbhost' => '127.0.0.1', 'dbname' => self::db(), 'dbuser' => 'cn',
            'dbpass' => 'cn', 'prefix' => 'mdl_', 'dboptions' => ['dbport' => '3306', 'dbsocket' => ''],
            'wwwroot' => 'https://learn.example.org', 'smtphosts' => '127.0.0.1:9', 'smtpsecure' => '', 'smtpuser' => '',
            'smtppass' => '', 'noreplyaddress' => 'noreply@learn.example.org', 'timezone' => 'Europe/Paris', 'lang' => 'en',
            'siteidentifier' => 'demo', 'hiddenuserfields' => '', 'showuseridentity' => 'email'];
        $SITE = (object) ['fullname' => 'Demo Academy', 'shortname' => 'demo'];
        $GLOBALS['CN_SHIM_CAPABILITIES'] = ['moodle/site:viewuseridentity'];
        $GLOBALS['CN_SHIM_CONFIG'] = ['block_course_notification' => ['pagedeadline' => (string) self::DEADLINE]];
        $GLOBALS['CN_SHIM_DEBUGGING'] = [];
        $GLOBALS['CN_SHIM_CACHE'] = [];
        self::forget_timeout();
    }

    protected function tearDown(): void {
        global $DB, $CFG;
        if ($DB) {
            $DB->dispose();
        }
        $DB = null;
        $CFG = null;
        unset($GLOBALS['CN_SHIM_CAPABILITIES'], $GLOBALS['CN_SHIM_CONFIG'], $GLOBALS['CN_SHIM_CACHE']);
        self::forget_timeout();
        if ($this->mysqli) {
            $this->mysqli->close();
        }
    }

    /**
     * A new request: the facade forgets that a call of the previous one timed out.
     */
    private static function forget_timeout(): void {
        if (!property_exists(engine::class, 'pagespent')) {
            return;
        }
        $spent = new ReflectionProperty(engine::class, 'pagespent');
        $spent->setAccessible(true);
        $spent->setValue(null, 0.0);
    }

    /**
     * Locks what every engine call reads (the roles, the notification definitions) and nothing the
     * pages' own queries read, from the fixture's connection, as a backup's LOCK TABLES would.
     */
    private function lock(): void {
        $this->assertTrue($this->mysqli->query('LOCK TABLES mdl_role WRITE, mdl_block_cnotif_def WRITE'));
    }

    /**
     * Nothing of the site's setup in what a page shows.
     *
     * @param string $shown the text
     */
    private function assert_names_nothing(string $shown): void {
        foreach (['127.0.0.1', '3306', self::db(), "'cn'", 'course_notification:', 'MariaDB', 'Lock wait'] as $secret) {
            $this->assertStringNotContainsString($secret, $shown);
        }
    }

    /**
     * What debugging() was told, as one text.
     *
     * @return string
     */
    private static function debugged(): string {
        return implode("\n", array_map(fn($d) => $d[0], $GLOBALS['CN_SHIM_DEBUGGING']));
    }

    public function test_the_block_shows_its_counts_and_a_notice_when_the_engine_runs_out_of_time(): void {
        $this->lock();
        $started = microtime(true);
        $context = (new block_summary(2))->export_for_template(new renderer_base());
        $took = microtime(true) - $started;
        $this->assertLessThan(self::PAGE_WAIT, $took, 'one deadline for the page, not one per engine call');
        $this->assertTrue($context['hasproblem']);
        $this->assertSame(get_string('enginetimeout', 'block_course_notification'), $context['problem']);
        $this->assert_names_nothing($context['problem']);
        // The outbox part is the block's own: it still shows.
        $this->assertSame(1, $context['sent'], 'Paul\'s welcome, sent before');
        $this->assertSame([], $context['days']);
        $this->assertFalse($context['hasfigures'], 'no "nothing switched on, nothing due" without the engine');
        $this->assertStringContainsString('deadline', self::debugged(), 'the detail is for developers');
        $this->assertSame(DEBUG_DEVELOPER, $GLOBALS['CN_SHIM_DEBUGGING'][0][1]);
        // Not cached: the next view, once the lock is gone, computes the figures.
        $this->mysqli->query('UNLOCK TABLES');
        self::forget_timeout();
        $context = (new block_summary(2))->export_for_template(new renderer_base());
        $this->assertFalse($context['hasproblem'], $context['problem']);
        $this->assertTrue($context['hasfigures']);
        $this->assertGreaterThan(0, $context['due']);
    }

    public function test_the_block_template_shows_the_engines_sections_only_with_its_figures(): void {
        $template = file_get_contents(__DIR__ . '/../../templates/block_summary.mustache');
        // Drop the comments (the documented context names every variable) and the guarded sections.
        $body = preg_replace('/\{\{!.*?\}\}/s', '', $template);
        $unguarded = preg_replace('/\{\{#hasfigures\}\}.*?\{\{\/hasfigures\}\}/s', '', $body);
        foreach (['block:enabled', 'block:noneenabled', 'block:forecastnone', 'block:duenext', 'state:trapped',
                'block:computed'] as $engines) {
            $this->assertStringContainsString($engines, $body);
            $this->assertStringNotContainsString($engines, $unguarded, "$engines is the engine's: shown only with its figures");
        }
        $this->assertStringContainsString('state:sent', $unguarded, 'the outbox counts are the block\'s own');
    }

    public function test_the_learner_view_says_its_reminders_could_not_be_computed(): void {
        $this->lock();
        $started = microtime(true);
        $context = (new learner_upcoming(2, 4))->export_for_template(new renderer_base());
        $this->assertLessThan(self::PAGE_WAIT, microtime(true) - $started);
        $this->assertTrue($context['hasproblem']);
        $this->assertSame(get_string('enginetimeout', 'block_course_notification'), $context['problem']);
        $this->assert_names_nothing($context['problem']);
    }

    public function test_the_report_and_its_why_view_render_without_the_engine_part(): void {
        $this->lock();
        $started = microtime(true);
        $report = new report(2, self::NOW);
        // The columns fall back to the built-ins; the cells need the engine, and report.php turns their
        // failure into the notice (engine::page_notice()).
        $this->assertArrayHasKey('firstassign', $report->notifications());
        try {
            $report->cells([4]);
            $this->fail('the cells need the engine');
        } catch (moodle_exception $e) {
            $this->assertSame('enginetimeout', $e->errorcode);
            $this->assertSame(get_string('enginetimeout', 'block_course_notification'), engine::page_notice($e));
        }
        // What report.php shows instead: the outbox's own cells (Paul's welcome went out), nothing decided now.
        $recorded = $report->recorded_cells([4, 14]);
        $this->assertSame('sent', $recorded[14]['firstassign']['state']);
        $this->assertSame([], $recorded[4], 'no "due" or "trapped" without the engine');
        // A cell the outbox says nothing of reads "not computed" there, not "nothing" (report_table, report.php).
        $unknown = report_page::cell_context(['state' => 'unknown', 'time' => 0, 'rule' => '', 'reason' => '', 'error' => ''],
            new moodle_url('/blocks/course_notification/report.php', ['id' => 2]));
        $this->assertSame(get_string('state:unknown', 'block_course_notification'), $unknown['label']);
        $this->assertNotSame(get_string('state:none', 'block_course_notification'), $unknown['label']);
        $why = $report->why(4);
        $this->assertLessThan(self::PAGE_WAIT, microtime(true) - $started, 'the whole report page, one deadline');
        $this->assertSame(get_string('enginetimeout', 'block_course_notification'), $why['problem']);
        $this->assertSame([], $why['decisions']);
        $this->assertSame('lise@example.org', $why['identity']['email'], 'what is not the engine\'s still shows');
        $lise = (object) ['firstname' => 'Lise', 'lastname' => 'Untel'];
        $view = new report_why($lise, $why, new moodle_url('/blocks/course_notification/report.php', ['id' => 2]));
        $context = $view->export_for_template(new renderer_base());
        $this->assertTrue($context['hasproblem']);
        $this->assert_names_nothing($context['problem']);
    }

    public function test_an_engine_that_fails_otherwise_is_unavailable_and_names_no_host_database_or_user(): void {
        global $CFG;
        $CFG->dbpass = 'wrong-password';
        $context = (new block_summary(2))->export_for_template(new renderer_base());
        $this->assertSame(get_string('engineunavailable', 'block_course_notification'), $context['problem']);
        $this->assert_names_nothing($context['problem']);
        $this->assertStringContainsString("refused user 'cn'", self::debugged(), 'the administrator\'s detail');
        $upcoming = (new learner_upcoming(2, 4))->export_for_template(new renderer_base());
        $this->assertFalse($upcoming['hasproblem'], 'a learner is not told about a broken setup');
        $why = (new report(2, self::NOW))->why(4);
        $this->assertSame(get_string('engineunavailable', 'block_course_notification'), $why['problem']);
    }

    public function test_the_deadline_is_the_pages_not_each_calls(): void {
        $spent = new ReflectionProperty(engine::class, 'pagespent');
        $spent->setAccessible(true);
        $GLOBALS['CN_SHIM_CONFIG']['block_course_notification']['pagedeadline'] = '3';
        // 2.5 s of earlier calls leave some time: the call runs (with 1 s), and its time counts.
        $spent->setValue(null, 2.5);
        $this->assertNotEmpty(engine::notifications(2)['notifications']);
        $this->assertGreaterThan(2.5, $spent->getValue());
        // Nothing left: the call gives up at once, without asking the database.
        $spent->setValue(null, 3.0);
        $started = microtime(true);
        try {
            engine::forecast(['now' => self::NOW, 'courses' => [2]]);
            $this->fail('no time left for the engine');
        } catch (moodle_exception $e) {
            $this->assertSame('enginetimeout', $e->errorcode);
            $this->assertStringContainsString('used up', $e->debuginfo);
        }
        $this->assertLessThan(0.1, microtime(true) - $started);
    }

    public function test_the_page_deadline_is_the_setting_bounded_and_five_seconds_by_default(): void {
        $this->assertSame(self::DEADLINE, engine::page_deadline());
        $GLOBALS['CN_SHIM_CONFIG']['block_course_notification']['pagedeadline'] = '';
        $this->assertSame(engine::DEFAULT_PAGE_DEADLINE, engine::page_deadline());
        $GLOBALS['CN_SHIM_CONFIG']['block_course_notification']['pagedeadline'] = '100000';
        $this->assertSame(engine::MAX_PAGE_DEADLINE, engine::page_deadline());
    }

    public function test_a_sending_run_gets_no_deadline_from_a_page(): void {
        // A page never sends, but if one did, the engine would refuse a deadline for it: the facade adds
        // none, and the run is refused only for its SMTP server (port 9), not its options.
        try {
            engine::run(['now' => self::NOW, 'mode' => 'send', 'courses' => [2]]);
            $this->fail('nothing listens on port 9');
        } catch (moodle_exception $e) {
            $this->assertSame('enginefailed', $e->errorcode);
            $this->assertStringNotContainsString('options.deadline', $e->getMessage());
        }
    }
}
