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
 * Issue 16, item 3: the review before the first run, on the demo site in MariaDB with the built extension and
 * the SMTP catcher. Its figures are the engine's forecast of the next run, per notification and per course;
 * "start from now" records what is due as done (outbox rows in state marked) and a following send run sends
 * none of it; "send what is due" turns the site on and the following run sends it; both refuse a request
 * without the sesskey or the capability; the site switch shows the review's link while off and a checkbox
 * while on, and refuses a forged "on"; the block asks for the choice until it is made.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use block_course_notification\admin\setting_enable_switch;
use block_course_notification\local\engine;
use block_course_notification\local\first_run;
use block_course_notification\output\block_summary;
use block_course_notification\output\firstrun_page;
use block_course_notification\privacy\provider;
use core_privacy\local\metadata\collection;
use core_privacy\local\request\approved_contextlist;
use core_privacy\local\request\approved_userlist;
use core_privacy\local\request\userlist;
use core_privacy\local\request\writer;
use PHPUnit\Framework\TestCase;

require_once(__DIR__ . '/demo_site.php');
require_once(__DIR__ . '/moodle_dml.php');
require_once(__DIR__ . '/moodle_users_shim.php');
require_once(__DIR__ . '/moodle_learner_shim.php');
require_once(__DIR__ . '/moodle_page_shim.php');
require_once(__DIR__ . '/admin_setting_shim.php');
require_once(__DIR__ . '/privacy_shim.php');

require_once(__DIR__ . '/moodle_category_shim.php');
if (!function_exists('sesskey')) {
    /**
     * Moodle's sesskey(): the session's key.
     *
     * @return string
     */
    function sesskey() {
        return 'shimsesskey';
    }
}
require_once(__DIR__ . '/../../classes/output/firstrun_page.php');
require_once(__DIR__ . '/../../classes/admin/setting_enable_switch.php');
require_once(__DIR__ . '/../../classes/local/outbox_forget.php');
require_once(__DIR__ . '/../../classes/local/preferences.php');
require_once(__DIR__ . '/../../classes/privacy/provider.php');

/**
 * The review of the first run against a real engine.
 *
 * @covers \block_course_notification\local\first_run
 * @covers \block_course_notification\output\firstrun_page
 * @covers \block_course_notification\admin\setting_enable_switch
 * @covers \block_course_notification\output\block_summary
 * @covers \block_course_notification\privacy\provider
 */
final class FirstRunTest extends TestCase {
    use demo_site;

    /** @var string the test database */
    private const DB = 'cn_php_firstrun';

    /** @var int the time (2026-11-22 00:00 UTC) */
    private const NOW = 1795305600;

    /** @var mysqli the fixture's connection */
    private $mysqli;

    protected function setUp(): void {
        global $DB, $CFG, $SITE, $USER;
        if (!extension_loaded('course_notification')) {
            $this->markTestSkipped('the course_notification extension is not loaded');
        }
        $this->mysqli = $this->load_demo_site(self::db(), self::NOW);
        $DB = new shim_moodle_database(self::db());
        $CFG = (object) ['dbtype' => 'mariadb', 'dbhost' => '127.0.0.1', 'dbname' => self::db(), 'dbuser' => 'cn',
            'dbpass' => 'cn', 'prefix' => 'mdl_', 'dboptions' => ['dbport' => '3306', 'dbsocket' => ''],
            'wwwroot' => 'https://learn.example.org', 'smtphosts' => '127.0.0.1:' . self::env('CN_TEST_SMTP_PORT'),
            'smtpsecure' => '', 'smtpuser' => '', 'smtppass' => '', 'noreplyaddress' => 'noreply@learn.example.org',
            'timezone' => 'Europe/Paris', 'lang' => 'en', 'handlebounces' => '1',
            'maildomain' => 'bounces.learn.example.org', 'siteidentifier' => 'demo', 'hiddenuserfields' => '',
            'showuseridentity' => 'email'];
        $SITE = (object) ['fullname' => 'Demo Academy', 'shortname' => 'demo'];
        $USER = (object) ['id' => 2, 'firstname' => 'Admin', 'lastname' => 'User'];
        $GLOBALS['CN_SHIM_CAPABILITIES'] = ['moodle/site:config', 'block/course_notification:setup'];
        $GLOBALS['CN_SHIM_SESSKEY'] = true;
        // A generous deadline: this machine is shared; the forecast is the page's and bounded by it.
        $GLOBALS['CN_SHIM_CONFIG'] = ['block_course_notification' => ['pagedeadline' => '60']];
        $GLOBALS['CN_SHIM_CACHE'] = [];
        $GLOBALS['CN_SHIM_DEBUGGING'] = [];
    }

    protected function tearDown(): void {
        global $DB, $CFG, $USER;
        if ($DB) {
            $DB->dispose();
        }
        $DB = null;
        $CFG = null;
        $USER = null;
        unset($GLOBALS['CN_SHIM_CAPABILITIES'], $GLOBALS['CN_SHIM_CONFIG'], $GLOBALS['CN_SHIM_CACHE'],
            $GLOBALS['CN_SHIM_SESSKEY']);
        if ($this->mysqli) {
            $this->mysqli->close();
        }
    }

    /**
     * The mails the catcher holds.
     *
     * @return int
     */
    private function delivered(): int {
        return count(glob(self::env('CN_TEST_MAILDIR') . '/*.eml') ?: []);
    }

    /**
     * Outbox rows by course and status.
     *
     * @return array "courseid status" => count
     */
    private function outbox(): array {
        $rows = $this->mysqli->query('SELECT courseid, status, COUNT(1) AS n FROM mdl_block_cnotif_outbox
            GROUP BY courseid, status ORDER BY courseid, status')->fetch_all(MYSQLI_ASSOC);
        $counts = [];
        foreach ($rows as $row) {
            $counts[$row['courseid'] . ' ' . $row['status']] = (int) $row['n'];
        }
        return $counts;
    }

    /**
     * The forecast's first day, summed per notification and per course, as the test reads it.
     *
     * @param int[]|null $courses the scope
     * @return array [due, by notification, by course]
     */
    private function forecast_first_day(?array $courses = null): array {
        $options = ['now' => self::NOW, 'days' => 1, 'cap' => 200, 'runs_per_day' => 1];
        if ($courses !== null) {
            $options['courses'] = $courses;
        }
        $day = engine::forecast($options)[0];
        $bynotification = [];
        $bycourse = [];
        foreach ($day['by'] as $by) {
            $bynotification[$by['notification']] = ($bynotification[$by['notification']] ?? 0) + $by['count'];
            $bycourse[$by['courseid']] = ($bycourse[$by['courseid']] ?? 0) + $by['count'];
        }
        return [(int) $day['due'], $bynotification, $bycourse];
    }

    /**
     * A run of the task as it sends (after the site is on): the same engine call.
     *
     * @param int $now the time
     * @return array the report
     */
    private function send_run(int $now): array {
        return engine::run(['now' => $now, 'mode' => 'send', 'cap' => 200, 'detail' => 'none']);
    }

    public function test_the_figures_per_notification_and_per_course_are_the_forecasts_next_run(): void {
        [$due, $bynotification, $bycourse] = $this->forecast_first_day();
        $this->assertGreaterThan(3, $due, 'the demo site has a backlog');
        $figures = first_run::figures(null, self::NOW);
        $this->assertSame($due, $figures['due']);
        $this->assertEqualsCanonicalizing($bynotification, $figures['bynotification']);
        $this->assertEqualsCanonicalizing($bycourse, $figures['bycourse']);
        $this->assertSame($due, array_sum($figures['bynotification']));
        $this->assertSame($due, array_sum($figures['bycourse']));
        $counts = array_values($figures['bycourse']);
        $sorted = $counts;
        rsort($sorted);
        $this->assertSame($sorted, $counts, 'largest first');
        $this->assertSame([$due, 0, 1], [$figures['nextrun'], $figures['spill'], $figures['drainruns']], 'under the cap of 200');

        // One course: its own figures, the same as the site's for that course.
        $course2 = first_run::figures(2, self::NOW);
        $this->assertSame($bycourse[2], $course2['due']);
        $this->assertSame([2], array_keys($course2['bycourse']));
        [$due2, $bynotification2] = $this->forecast_first_day([2]);
        $this->assertSame($due2, $course2['due']);
        $this->assertEqualsCanonicalizing($bynotification2, $course2['bynotification']);

        // A cap of 3: the next run sends 3, the rest spills over the following runs.
        $GLOBALS['CN_SHIM_CONFIG']['block_course_notification']['cap'] = '3';
        $capped = first_run::figures(null, self::NOW);
        $this->assertSame([3, $due - 3, (int) ceil($due / 3)], [$capped['nextrun'], $capped['spill'], $capped['drainruns']]);
        // Without the task's schedule (no task here), one run a day is assumed, and said to be an estimate.
        $this->assertSame([1, false, 3], [$capped['runsperday'], $capped['scheduleknown'], $capped['capacity']]);
        $this->assertSame($due - 3, $capped['pushedback'], 'the forecast carries what the day\'s runs cannot send');

        // The page shows them: names, links, the figures in words, the CLI.
        $context = (new firstrun_page(null, $capped, null))->export_for_template(new renderer_base());
        $this->assertSame($due, $context['due']);
        $this->assertSame(array_keys($capped['bycourse']), array_column($context['courses'], 'id'));
        $names = array_column($context['courses'], 'name', 'id');
        $this->assertSame('Algebra & ', $names[2], 'a course name as format_string() gives it, unescaped: the template escapes');
        $this->assertStringContainsString('firstrun.php?courseid=2', $context['courses'][array_search(2,
            array_column($context['courses'], 'id'))]['reviewurl']);
        $this->assertSame(array_keys($capped['bynotification']), array_column($context['notifications'], 'code'));
        $this->assertStringContainsString((string) (int) ceil($due / 3) . ' runs', $context['draintext']);
        $this->assertStringContainsString('--markonly --force', $context['climarkonly'], 'the site is off');
        $this->assertTrue($context['showcli'], 'an administrator sees the command line');
        $GLOBALS['CN_SHIM_CAPABILITIES'] = ['block/course_notification:setup'];
        $teacher = (new firstrun_page(2, $capped, null))->export_for_template(new renderer_base());
        $this->assertFalse($teacher['showcli'], 'a teacher reviewing a course is not shown it');
        $GLOBALS['CN_SHIM_CAPABILITIES'] = ['moodle/site:config', 'block/course_notification:setup'];
        $this->assertFalse($context['confirming']);
        $this->assertSame(['send', 'fromnow'], array_column($context['choices'], 'choice'));

        // The confirmation repeats the count and posts the sesskey.
        $confirm = (new firstrun_page(null, $capped, null, first_run::FROMNOW))->export_for_template(new renderer_base());
        $this->assertTrue($confirm['confirming']);
        $this->assertStringContainsString("({$due} messages", $confirm['confirm']['question']);
        $this->assertSame(['shimsesskey', 'fromnow', $due], [$confirm['confirm']['sesskey'], $confirm['confirm']['choice'],
            $confirm['confirm']['due']]);
    }

    public function test_start_from_now_marks_what_is_due_and_the_next_send_run_sends_none_of_it(): void {
        $due = first_run::figures(null, self::NOW)['due'];
        $before = $this->outbox();
        $mails = $this->delivered();

        $choice = first_run::choose(null, first_run::FROMNOW, $due, self::NOW);
        $this->assertSame('1', get_config('block_course_notification', 'enable'), 'the site is on');
        $this->assertGreaterThanOrEqual($due, $choice->marked);
        $marked = array_sum(array_filter($this->outbox(), fn($k) => str_ends_with($k, ' marked'), ARRAY_FILTER_USE_KEY))
            - array_sum(array_filter($before, fn($k) => str_ends_with($k, ' marked'), ARRAY_FILTER_USE_KEY));
        $this->assertSame($choice->marked, $marked, 'the outbox holds the marked rows');
        $this->assertSame($mails, $this->delivered(), 'nothing sent by the marking');

        $report = $this->send_run(self::NOW + 60);
        $this->assertSame(0, $report['counts']['sent'], json_encode($report['failures']));
        $this->assertSame($mails, $this->delivered());
        $this->assertSame(0, first_run::figures(null, self::NOW + 60)['due']);

        // Recorded: who, when, what, how many; the page and the settings say so.
        $last = first_run::last_choice(null);
        $this->assertSame(['fromnow', 2, self::NOW, $choice->marked, 'Admin User'], [$last->choice, (int) $last->userid,
            (int) $last->timecreated, (int) $last->marked, $last->byname]);
        $this->assertStringContainsString("by Admin User: {$choice->marked} messages recorded as done", first_run::describe($last));
    }

    public function test_start_from_now_for_one_course_marks_only_that_course(): void {
        [$due, , $bycourse] = $this->forecast_first_day();
        $mails = $this->delivered();
        $choice = first_run::choose(2, first_run::FROMNOW, $bycourse[2], self::NOW);
        $this->assertFalse(get_config('block_course_notification', 'enable'), 'a course\'s choice leaves the site switch');
        $this->assertGreaterThanOrEqual($bycourse[2], $choice->marked);
        $outbox = $this->outbox();
        $this->assertSame($choice->marked, $outbox['2 marked']);
        $this->assertArrayNotHasKey('3 marked', $outbox);

        $report = $this->send_run(self::NOW + 60);
        $this->assertSame($due - $bycourse[2], $report['counts']['sent'], json_encode($report['failures']));
        $this->assertSame($mails + $due - $bycourse[2], $this->delivered());
        $sent2 = (int) $this->mysqli->query("SELECT COUNT(1) FROM mdl_block_cnotif_outbox WHERE courseid = 2
            AND status = 'sent' AND timecreated >= " . self::NOW)->fetch_row()[0];
        $this->assertSame(0, $sent2, 'nothing of course 2 was sent');
        $this->assertSame($choice->marked, (int) first_run::last_choice(2)->marked);
        $this->assertNull(first_run::last_choice(null), 'no choice for the site');
    }

    public function test_send_what_is_due_turns_the_site_on_and_the_next_run_sends_it(): void {
        $due = first_run::figures(null, self::NOW)['due'];
        $mails = $this->delivered();
        $choice = first_run::choose(null, first_run::SEND, $due, self::NOW);
        $this->assertSame([0, $due], [$choice->marked, $choice->due]);
        $this->assertSame('1', get_config('block_course_notification', 'enable'));
        $this->assertArrayNotHasKey('2 marked', $this->outbox(), 'nothing marked');

        $report = $this->send_run(self::NOW + 60);
        $this->assertSame($due, $report['counts']['sent'], json_encode($report['failures']));
        $this->assertSame($mails + $due, $this->delivered());
        $this->assertStringContainsString("({$due} messages at the time)", first_run::describe(first_run::last_choice(null)));
    }

    public function test_a_choice_without_the_sesskey_or_the_capability_changes_nothing(): void {
        $before = $this->outbox();
        $refused = function (?int $courseid, string $choice, string $code): void {
            try {
                first_run::choose($courseid, $choice, 5, self::NOW);
                $this->fail("{$choice} for " . ($courseid ?? 'the site') . ' was accepted');
            } catch (moodle_exception $e) {
                $this->assertSame($code, $e->errorcode);
            }
        };
        $GLOBALS['CN_SHIM_SESSKEY'] = false;
        $refused(null, first_run::FROMNOW, 'invalidsesskey');
        $refused(2, first_run::SEND, 'invalidsesskey');
        $GLOBALS['CN_SHIM_SESSKEY'] = true;
        // A teacher (setup in the course) cannot choose for the site; a manager without setup not for a course.
        $GLOBALS['CN_SHIM_CAPABILITIES'] = ['block/course_notification:setup'];
        $refused(null, first_run::FROMNOW, 'nopermissions');
        $refused(null, first_run::SEND, 'nopermissions');
        $GLOBALS['CN_SHIM_CAPABILITIES'] = ['moodle/site:config'];
        $refused(2, first_run::FROMNOW, 'nopermissions');
        $GLOBALS['CN_SHIM_CAPABILITIES'] = ['block/course_notification:setup', 'moodle/site:config'];
        $refused(4, first_run::FROMNOW, 'firstrun:noblock');
        $refused(2, 'everything', 'invalidaction');

        $this->assertSame($before, $this->outbox(), 'nothing marked');
        $this->assertFalse(get_config('block_course_notification', 'enable'), 'the site still off');
        $this->assertSame(0, (int) $this->mysqli->query('SELECT COUNT(1) FROM mdl_block_cnotif_firstrun')->fetch_row()[0]);
    }

    public function test_the_site_switch_links_to_the_review_while_off_and_is_a_checkbox_while_on(): void {
        $setting = new setting_enable_switch('block_course_notification/enable', 'Send course notifications', 'When off...');
        $off = $setting->output_html($setting->get_setting());
        $this->assertStringContainsString('/blocks/course_notification/firstrun.php', $off);
        $this->assertStringContainsString(get_string('firstrun:review', 'block_course_notification'), $off);
        $this->assertStringNotContainsString('<input', $off, 'no box to tick blind, and saving the page keeps it off');
        // A forged "on" is refused, "off" is saved.
        $this->assertSame(get_string('settings:enable_fromreview', 'block_course_notification'), $setting->write_setting('1'));
        $this->assertFalse(get_config('block_course_notification', 'enable'));
        $this->assertSame('', $setting->write_setting('0'));
        $this->assertSame('0', get_config('block_course_notification', 'enable'));

        first_run::choose(null, first_run::SEND, 7, self::NOW);
        $on = $setting->output_html($setting->get_setting());
        $this->assertMatchesRegularExpression('/<input type="checkbox" name="s_block_course_notification_enable" value="1" checked>/', $on);
        $this->assertStringContainsString('Sending what was due, chosen on', $on);
        $this->assertStringContainsString('by Admin User (7 messages at the time)', $on);
        $this->assertSame('When off...', $setting->description, 'the description is the setting\'s again');
        // While on, it turns off as any checkbox.
        $this->assertSame('', $setting->write_setting('0'));
        $this->assertSame('0', get_config('block_course_notification', 'enable'));
        $off = $setting->output_html($setting->get_setting());
        $this->assertStringContainsString('Sending what was due, chosen on', $off, 'the last choice, while off again');
    }

    public function test_the_block_asks_for_the_choice_until_it_is_made_or_the_course_had_its_first_run(): void {
        // The block computes at the page's time, not the demo site's.
        $due = first_run::figures(2, time())['due'];
        $this->assertGreaterThan(0, $due);
        $context = (new block_summary(2))->export_for_template(new renderer_base());
        $this->assertTrue($context['firstrun']);
        $this->assertStringContainsString("would send {$due} messages", $context['firstrunnotice']);
        $this->assertStringContainsString('firstrun.php?courseid=2', $context['firstrunurl']);

        first_run::choose(2, first_run::SEND, $due, self::NOW);
        $this->assertFalse((new block_summary(2))->export_for_template(new renderer_base())['firstrun'], 'chosen');
        $this->assertTrue(first_run::course_pending(3), 'another course still asks');

        // An evaluating run of the task since the block was added: course 3 had its first run.
        $GLOBALS['CN_SHIM_CONFIG']['block_course_notification']['lastevaluation'] = (string) (self::NOW - 3600);
        $this->assertFalse(first_run::course_pending(3));
        // A block added after that run: asked again (course 8's block is 30 days old: move it to now).
        $this->mysqli->query('UPDATE mdl_block_instances SET timecreated = ' . self::NOW . ' WHERE id = 7');
        $this->assertTrue(first_run::course_pending(8));
        // The site's choice made since the block was added covers it.
        first_run::choose(null, first_run::SEND, 0, self::NOW + 10);
        $this->assertFalse(first_run::course_pending(8));
        $this->assertFalse(first_run::course_pending(4), 'no block, nothing to ask');
    }

    public function test_privacy_declares_exports_and_forgets_who_chose(): void {
        first_run::choose(null, first_run::SEND, 9, self::NOW);
        first_run::choose(2, first_run::SEND, 4, self::NOW + 1);
        $GLOBALS['USER'] = (object) ['id' => 7];
        first_run::choose(3, first_run::SEND, 2, self::NOW + 2);

        $metadata = (provider::get_metadata(new collection('block_course_notification')))->items;
        $table = array_values(array_filter($metadata, fn($i) => $i[1] === 'block_cnotif_firstrun'))[0];
        $this->assertSame(['userid', 'courseid', 'choice', 'due', 'marked', 'timecreated'], array_keys($table[2]));
        foreach (array_merge([$table[3]], array_values($table[2])) as $key) {
            $this->assertStringNotContainsString('[[', get_string($key, 'block_course_notification'), $key);
        }

        // The administrator's: the site's choice in the system context (1), course 2's in its own (12).
        $contexts = provider::get_contexts_for_userid(2)->get_contextids();
        sort($contexts);
        $this->assertSame([1, 12], array_map('intval', $contexts));
        $users = new userlist(context_course::instance(3), 'block_course_notification');
        provider::get_users_in_context($users);
        $this->assertContains(7, array_map('intval', $users->get_userids()));
        $users = new userlist(context_system::instance(), 'block_course_notification');
        provider::get_users_in_context($users);
        $this->assertSame([2], array_map('intval', $users->get_userids()));

        writer::$exported = [];
        provider::export_user_data(new approved_contextlist((object) ['id' => 2], 'block_course_notification', [1, 12]));
        $path = 'Course notifications/First run choices';
        $this->assertSame([9], array_map(fn($c) => $c->due, writer::$exported[1][$path]->choices));
        $this->assertSame(['send'], array_map(fn($c) => $c->choice, writer::$exported[12][$path]->choices));

        // Forgotten: who chose, not the choice (it still tells what the first run did).
        provider::delete_data_for_user(new approved_contextlist((object) ['id' => 2], 'block_course_notification', [1, 12]));
        $rows = $this->mysqli->query('SELECT courseid, userid FROM mdl_block_cnotif_firstrun ORDER BY courseid')
            ->fetch_all();
        $this->assertSame([['0', '0'], ['2', '0'], ['3', '7']], $rows);
        $this->assertStringContainsString('by a deleted user', first_run::describe(first_run::last_choice(null)));
        provider::delete_data_for_users(new approved_userlist(context_course::instance(3), 'block_course_notification', [7]));
        $this->assertSame('0', $this->mysqli->query('SELECT userid FROM mdl_block_cnotif_firstrun WHERE courseid = 3')
            ->fetch_row()[0]);
        $this->assertFalse(first_run::course_pending(3), 'the choice stands');
    }

    public function test_one_message_is_written_in_the_singular(): void {
        $choice = (object) ['choice' => first_run::FROMNOW, 'timecreated' => 1796320000, 'byname' => 'Admin User',
            'marked' => 1, 'due' => 1];
        $this->assertStringContainsString('by Admin User: 1 message recorded as done without being sent',
            first_run::describe($choice));
        $choice->choice = first_run::SEND;
        $this->assertStringContainsString('(1 message at the time)', first_run::describe($choice));
        $choice->due = 2;
        $this->assertStringContainsString('(2 messages at the time)', first_run::describe($choice));
    }
}
