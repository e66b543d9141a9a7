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
 * Issue 16, item 2: the effective notifications at the site, a category and a course, through the
 * extension (Engine::notifications_in) against the demo site in MariaDB: each value in words, where it
 * comes from (built-in, site, category <name>, this course), and the values set at the level shown
 * marked as such.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

PHP_SAPI === 'cli' || exit();

use block_course_notification\local\engine;
use block_course_notification\output\effective_table;
use PHPUnit\Framework\TestCase;

require_once(__DIR__ . '/demo_site.php');
require_once(__DIR__ . '/moodle_dml.php');
require_once(__DIR__ . '/moodle_users_shim.php');
require_once(__DIR__ . '/moodle_page_shim.php');
require_once(__DIR__ . '/moodle_learner_shim.php');
require_once(__DIR__ . '/moodle_category_shim.php');
require_once(__DIR__ . '/../../classes/local/definitions.php');
require_once(__DIR__ . '/../../classes/output/effective_table.php');

/**
 * effective_table over engine::notifications_in().
 *
 * @covers \block_course_notification\output\effective_table
 * @covers \block_course_notification\local\engine
 */
final class EffectiveTableTest extends TestCase {
    use demo_site;

    /** @var string the test database */
    private const DB = 'cn_php_effective';

    /** @var int the demo site's time */
    private const NOW = 1795305600;

    /** @var mysqli the fixture's connection */
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
            'siteidentifier' => 'demo'];
        $SITE = (object) ['fullname' => 'Demo Academy', 'shortname' => 'demo'];
        $GLOBALS['CN_SHIM_CONFIG'] = ['block_course_notification' => []];
        // The site's values, category Miscellaneous' (context 2) and course 2's (context 12).
        $this->assertTrue($this->mysqli->multi_query(
            "INSERT INTO mdl_block_cnotif_def (id, contextid, code, offsetdays, recipients)
                VALUES (1, 1, 'firstcall', 10, 'learner,role:3');
             INSERT INTO mdl_block_cnotif_def (id, contextid, code, enabled, latelimit) VALUES (2, 2, 'firstcall', 0, 3);
             INSERT INTO mdl_block_cnotif_def (id, contextid, code, repeatevery, repeatmax) VALUES (3, 2, 'inactive', 5, 4);
             INSERT INTO mdl_block_cnotif_text (defid, lang, subject, body) VALUES (2, 'fr', 'Vous nous manquez', 'Bonjour');
             INSERT INTO mdl_block_cnotif_def (id, contextid, code, priority, essential) VALUES (4, 12, 'firstcall', 2, 1);"
        ));
        while ($this->mysqli->more_results() && $this->mysqli->next_result()) {
            continue;
        }
        $this->assertSame('', $this->mysqli->error);
    }

    protected function tearDown(): void {
        global $DB, $CFG;
        if ($DB) {
            $DB->dispose();
        }
        $DB = null;
        $CFG = null;
        unset($GLOBALS['CN_SHIM_CONFIG']);
        if ($this->mysqli) {
            $this->mysqli->close();
        }
    }

    /**
     * One notification's cells at a context, by column: [value, origin, set here].
     *
     * @param context $context the context
     * @param string $code the notification
     * @return array column => [value, origin, here], and 'texts' => [lang => [subject, origin, here]]
     */
    private function cells(context $context, string $code): array {
        $rows = (new effective_table($context, engine::notifications_in($context)))->rows();
        $row = array_values(array_filter($rows, fn($r) => $r['code'] === $code))[0] ?? null;
        $this->assertNotNull($row, $code);
        $cells = [];
        foreach ($row['cells'] as $cell) {
            $cells[$cell['column']] = [$cell['value'], $cell['origin'], $cell['here']];
            foreach ($cell['texts'] ?? [] as $text) {
                $cells['texts'][$text['lang']] = [$text['subject'], $text['origin'], $text['here']];
            }
        }
        return $cells;
    }

    public function test_the_site_shows_its_own_values_over_the_built_in_ones(): void {
        $site = context_system::instance();
        $c = $this->cells($site, 'firstcall');
        $this->assertSame(["10 days after start of the learner's access", 'site', true], $c['when']);
        $this->assertSame(['the learner, Teacher', 'site', true], $c['recipients']);
        $this->assertSame(['on', 'built-in', false], $c['enabled']);
        $this->assertSame(['7 days', 'built-in', false], $c['latelimit']);
        $this->assertSame(['never accessed, not completed, during access', 'built-in', false], $c['conditions']);
        $this->assertSame(['no repeat', 'built-in', false], $c['repeat']);
        $this->assertSame(['No', 'built-in', false], $c['essential']);
        $this->assertSame(['built-in texts: en, fr', '', false], $c['texts']);
        // Category Miscellaneous' values are below: the site does not see them.
        $inactive = $this->cells($site, 'inactive');
        $this->assertSame(['every 7 days', 'built-in', false], $inactive['repeat']);
    }

    public function test_one_day_is_said_in_the_singular(): void {
        $this->assertTrue($this->mysqli->query(
            "INSERT INTO mdl_block_cnotif_def (id, contextid, code, repeatevery, latelimit) VALUES (5, 1, 'completed', 1, 1)"
        ));
        $site = context_system::instance();
        $c = $this->cells($site, 'onedaytoend');
        $this->assertSame("1 day before end of the learner's access", $c['when'][0]);
        $c = $this->cells($site, 'completed');
        $this->assertSame(['every day', 'site', true], $c['repeat']);
        $this->assertSame(['1 day', 'site', true], $c['latelimit']);
    }

    public function test_a_category_shows_its_values_and_what_it_inherits_from_the_site(): void {
        $category = context_coursecat::instance(1);
        $c = $this->cells($category, 'firstcall');
        $this->assertSame(['off', 'category Miscellaneous', true], $c['enabled']);
        $this->assertSame(['3 days', 'category Miscellaneous', true], $c['latelimit']);
        $this->assertSame(["10 days after start of the learner's access", 'site', false], $c['when']);
        $this->assertSame(['the learner, Teacher', 'site', false], $c['recipients']);
        $this->assertSame(['6', 'built-in', false], $c['priority']);
        $this->assertSame(['Vous nous manquez', 'category Miscellaneous', true], $c['texts']['fr']);
        $this->assertSame('built-in texts: en', $c['texts'][0], 'English keeps its built-in text');
        $inactive = $this->cells($category, 'inactive');
        $this->assertSame(['every 5 days, at most 4 times', 'category Miscellaneous', true], $inactive['repeat']);

        // Another category sees the site's values, not Miscellaneous'.
        $archive = $this->cells(context_coursecat::instance(2), 'firstcall');
        $this->assertSame(['on', 'built-in', false], $archive['enabled']);
        $this->assertSame(["10 days after start of the learner's access", 'site', false], $archive['when']);
    }

    public function test_a_course_shows_its_values_the_categorys_and_the_sites(): void {
        $course = context_course::instance(2);
        $c = $this->cells($course, 'firstcall');
        $this->assertSame(['2', 'this course', true], $c['priority']);
        $this->assertSame(['Yes', 'this course', true], $c['essential']);
        $this->assertSame(['off', 'category Miscellaneous', false], $c['enabled']);
        $this->assertSame(['3 days', 'category Miscellaneous', false], $c['latelimit']);
        $this->assertSame(["10 days after start of the learner's access", 'site', false], $c['when']);
        $this->assertSame(['Vous nous manquez', 'category Miscellaneous', false], $c['texts']['fr']);
        // A course that sets nothing has nothing highlighted, and the course view matches the engine's
        // list for the course (notifications()).
        $other = context_course::instance(3);
        $rows = (new effective_table($other, engine::notifications_in($other)))->rows();
        $this->assertSame([], array_filter(array_column($rows, 'here')));
        $this->assertEquals(engine::notifications(3), engine::notifications_in($other));
    }

    public function test_the_template_context_carries_the_actions_and_the_definitions_that_cannot_apply(): void {
        // A definition of the category that adds a notification without a trigger cannot apply.
        $this->mysqli->query("INSERT INTO mdl_block_cnotif_def (id, contextid, code) VALUES (5, 2, 'orphan')");
        $category = context_coursecat::instance(1);
        $actions = ['firstcall' => [['url' => 'https://learn.example.org/x', 'label' => 'Reset']]];
        $data = (new effective_table($category, engine::notifications_in($category), $actions))
            ->export_for_template(new renderer_base());
        $this->assertTrue($data['haserrors']);
        $this->assertStringContainsString("'orphan'", $data['errors'][0]['error']);
        $this->assertTrue($data['hasactions']);
        $byname = array_column($data['rows'], null, 'code');
        $this->assertSame($actions['firstcall'], $byname['firstcall']['actions']);
        $this->assertSame([], $byname['secondcall']['actions']);
        $this->assertTrue($byname['firstcall']['here']);
        $this->assertFalse($byname['secondcall']['here']);
        $this->assertFalse($byname['firstcall']['enabled']);
    }

    public function test_a_malformed_path_is_the_engines_error_never_a_crash(): void {
        $this->expectException(\CourseNotification\Exception::class);
        $this->expectExceptionMessage('contextpath');
        $engine = new ReflectionMethod(engine::class, 'instance');
        $engine->setAccessible(true);
        $engine->invoke(null)->notifications_in('/1//2');
    }
}
