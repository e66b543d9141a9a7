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
 * The engine's catalogue as the plugin reads it: Engine::catalogue(), and the catalogue class over it.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use block_course_notification\local\catalogue;
use block_course_notification\local\engine_config;
use CourseNotification\Engine as Extension;
use PHPUnit\Framework\TestCase;

require_once(__DIR__ . '/demo_site.php');

/**
 * One source of truth: what the forms, the restore and the upgrade check is what the engine applies.
 *
 * @covers \CourseNotification\Engine::catalogue
 * @covers \block_course_notification\local\catalogue
 */
final class CatalogueTest extends TestCase {
    use demo_site;

    /** @var string the test database */
    private const DB = 'cn_php_catalogue';

    /** @var int the demo site's time */
    private const NOW = 1795305600;

    protected function setUp(): void {
        if (!extension_loaded('course_notification')) {
            $this->markTestSkipped('the course_notification extension is not loaded');
        }
        catalogue::reset();
    }

    public function test_the_extension_exports_the_catalogue_without_configuration(): void {
        $c = Extension::catalogue();
        $this->assertSame(['notifications', 'triggers', 'bounds', 'code_pattern', 'placeholders', 'topics'], array_keys($c));
        $this->assertSame(['firstassign', 'firstcall', 'secondcall', 'inactive', 'twoweeksnearend', 'oneweeknearend',
            'fivedaystoend', 'threedaystoend', 'onedaytoend', 'closed', 'completed', 'coldfeedback'],
            array_column($c['notifications'], 'code'), 'evaluation order');
        $inactive = $c['notifications'][3];
        $this->assertSame(['code' => 'inactive', 'name' => 'notif:inactive', 'enabled' => true, 'trigger' => 'lastaccess',
            'offset_days' => 14, 'repeat_every' => 7, 'repeat_max' => 0, 'late_limit_days' => 7,
            'only_never_accessed' => false, 'only_not_completed' => true, 'only_during_access' => true, 'priority' => 8,
            'recipients' => 'learner', 'essential' => false, 'family' => null, 'topic' => 'inactivity',
            'catch_up' => 'bounded'],
            array_diff_key($inactive, ['default_texts' => 1]));
        $this->assertSame(['en', 'fr'], array_keys($inactive['default_texts']));
        $this->assertNotSame('', $inactive['default_texts']['fr']['subject']);
        $this->assertSame('calls', $c['notifications'][1]['family']);
        $this->assertFalse($c['notifications'][11]['enabled'], 'coldfeedback is off by default');
        $this->assertSame(['accessstart', 'accessend', 'coursestart', 'courseend', 'lastaccess', 'completion', 'enrolment'],
            $c['triggers']);
        $this->assertSame(['offset_days' => ['min' => -365, 'max' => 365], 'repeat_every' => ['min' => 0, 'max' => 365],
            'repeat_max' => ['min' => 0, 'max' => 1000], 'late_limit_days' => ['min' => 0, 'max' => 365],
            'priority' => ['min' => 0, 'max' => 99], 'code_length' => ['min' => 1, 'max' => 64]], $c['bounds']);
        $this->assertSame(Extension::placeholders(), $c['placeholders']);
    }

    public function test_the_learner_pages_topics_are_the_engines(): void {
        // The preferences and unsubscribe pages keep their own list: a learner must be able to opt out even
        // when the extension is missing. This keeps that list the engine's.
        require_once(__DIR__ . '/../../classes/local/preferences.php');
        $c = Extension::catalogue();
        $this->assertSame($c['topics'], \block_course_notification\local\preferences::BUILTIN_TOPICS);
        $this->assertSame(
            array_column($c['notifications'], 'topic', 'code'),
            \block_course_notification\local\preferences::TOPIC_OF
        );
    }

    public function test_the_observers_list_of_nudges_a_visit_cancels_is_the_engines(): void {
        // The course-view observer keeps its own list (it runs on every page view, also without the extension):
        // the notifications that only make sense until the learner comes in, that is those only for learners who
        // never accessed the course and those counted from the last access. This keeps that list the engine's.
        require_once(__DIR__ . '/../../classes/observer.php');
        $expected = [];
        foreach (Extension::catalogue()['notifications'] as $n) {
            if ($n['only_never_accessed'] || $n['trigger'] === 'lastaccess') {
                $expected[] = $n['code'];
            }
        }
        $list = (new \ReflectionClassConstant(\block_course_notification\observer::class, 'UNTIL_ACCESS'))->getValue();
        $this->assertSame($expected, $list);
    }

    public function test_the_code_pattern_is_the_engines_rule_in_php(): void {
        $pattern = Extension::catalogue()['code_pattern'];
        foreach (['a', 'welcome_back2', str_repeat('x', 64)] as $ok) {
            $this->assertSame(1, preg_match($pattern, $ok), $ok);
        }
        // "abc\n" passes /^...$/ in PCRE; the engine refuses it.
        foreach (['', 'Welcome', 'a-b', "abc\n", 'é', str_repeat('x', 65)] as $bad) {
            $this->assertSame(0, preg_match($pattern, $bad), json_encode($bad));
        }
    }

    public function test_the_catalogue_class_reads_it_once_and_answers_from_it(): void {
        $this->assertTrue(catalogue::available());
        $this->assertSame(catalogue::get(), catalogue::get());
        $this->assertSame('firstassign', catalogue::codes()[0]);
        $this->assertTrue(catalogue::is_builtin('coldfeedback'));
        $this->assertFalse(catalogue::is_builtin('welcome_back'));
        $this->assertSame(14, catalogue::builtin('secondcall')['offset_days']);
        $this->assertSame([-365, 365], catalogue::bound('offsetdays'));
        $this->assertSame([-365, 365], catalogue::bound('offset_days'));
        $this->assertSame(['offsetdays' => [-365, 365], 'repeatevery' => [0, 365], 'repeatmax' => [0, 1000],
            'latelimit' => [0, 365], 'priority' => [0, 99]], catalogue::column_bounds());
        $this->assertTrue(catalogue::valid_code('welcome_back'));
        $this->assertFalse(catalogue::valid_code("welcome\n"));
        $this->assertContains('COURSE', catalogue::placeholders());
        $this->assertSame('welcome_back', catalogue::name('welcome_back'));
        $this->assertSame(get_string('notif:firstcall', 'block_course_notification'), catalogue::name('firstcall'));
    }

    public function test_the_catalogues_defaults_are_what_the_engine_applies_where_nothing_is_defined(): void {
        $this->load_demo_site(self::db(), self::NOW)->close();
        $cfg = (object) ['dbtype' => 'mariadb', 'dbhost' => '127.0.0.1', 'dbname' => self::db(), 'dbuser' => 'cn',
            'dbpass' => 'cn', 'prefix' => 'mdl_', 'dboptions' => ['dbport' => '3306', 'dbsocket' => ''],
            'wwwroot' => 'https://learn.example.org', 'smtphosts' => '127.0.0.1:25', 'smtpsecure' => '', 'smtpuser' => '',
            'smtppass' => '', 'noreplyaddress' => 'noreply@learn.example.org', 'timezone' => 'Europe/Paris', 'lang' => 'en'];
        $engine = new Extension(engine_config::config_from_cfg($cfg, (object) ['fullname' => 'Demo', 'shortname' => 'demo']));
        $compared = 0;
        foreach ($engine->notifications(2)['notifications'] as $n) {
            if (!catalogue::is_builtin($n['code']) || array_diff(array_values($n['sources']), ['builtin'])) {
                continue;
            }
            $builtin = catalogue::builtin($n['code']);
            foreach (['enabled', 'trigger', 'offset_days', 'repeat_every', 'repeat_max', 'late_limit_days',
                    'only_never_accessed', 'only_not_completed', 'only_during_access', 'priority', 'recipients',
                    'catch_up', 'default_texts'] as $field) {
                $this->assertSame($builtin[$field], $n[$field], "{$n['code']}.{$field}");
            }
            $compared++;
        }
        $this->assertGreaterThan(5, $compared, 'most built-ins are untouched in course 2');
    }

    public function test_the_engine_reports_a_stored_value_out_of_the_catalogues_range_and_ignores_it(): void {
        $db = $this->load_demo_site(self::db(), self::NOW);
        $max = catalogue::bound('offsetdays')[1];
        $db->query("INSERT INTO mdl_block_cnotif_def (contextid, code, offsetdays, timecreated, timemodified)
            VALUES (1, 'secondcall', " . ($max + 1) . ", 0, 0)");
        $db->close();
        $cfg = (object) ['dbtype' => 'mariadb', 'dbhost' => '127.0.0.1', 'dbname' => self::db(), 'dbuser' => 'cn',
            'dbpass' => 'cn', 'prefix' => 'mdl_', 'dboptions' => ['dbport' => '3306', 'dbsocket' => ''],
            'wwwroot' => 'https://learn.example.org', 'smtphosts' => '127.0.0.1:25', 'smtpsecure' => '', 'smtpuser' => '',
            'smtppass' => '', 'noreplyaddress' => 'noreply@learn.example.org', 'timezone' => 'Europe/Paris', 'lang' => 'en'];
        $engine = new Extension(engine_config::config_from_cfg($cfg, (object) ['fullname' => 'Demo', 'shortname' => 'demo']));
        $set = $engine->notifications(2);
        $secondcall = array_column($set['notifications'], null, 'code')['secondcall'];
        $this->assertSame(14, $secondcall['offset_days']);
        $this->assertSame('builtin', $secondcall['sources']['offset_days']);
        $this->assertStringContainsString('offset_days: 366 is not between -365 and 365', implode(' ', $set['errors']));
    }
}
