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
 * Issue 15, item 1: a learner's opt-outs, as the preferences page and a one-click link set them, against
 * the demo site in MariaDB through the DML shim; the link on Moodle's Preferences page; the privacy
 * provider's part for block_cnotif_pref (declare, export, delete).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use block_course_notification\local\preferences;
use block_course_notification\output\preferences_page;
use block_course_notification\privacy\provider;
use core_privacy\local\metadata\collection;
use core_privacy\local\request\approved_contextlist;
use core_privacy\local\request\approved_userlist;
use core_privacy\local\request\userlist;
use core_privacy\local\request\writer;
use PHPUnit\Framework\TestCase;

require_once(__DIR__ . '/demo_site.php');
require_once(__DIR__ . '/moodle_dml.php');
require_once(__DIR__ . '/moodle_learner_shim.php');
require_once(__DIR__ . '/moodle_page_shim.php');
require_once(__DIR__ . '/privacy_shim.php');
foreach (['local/definitions', 'local/outbox_forget', 'local/preferences', 'output/preferences_page',
        'privacy/provider'] as $class) {
    require_once(__DIR__ . "/../../classes/{$class}.php");
}
require_once(__DIR__ . '/../../lib.php');

/**
 * Opt-outs, the preferences page's logic, its link, and privacy.
 *
 * @covers \block_course_notification\local\preferences
 * @covers \block_course_notification\output\preferences_page
 * @covers \block_course_notification\privacy\provider
 * @covers ::block_course_notification_extend_navigation_user_settings
 */
final class PreferencesTest extends TestCase {
    use demo_site;

    /** @var string the test database */
    private const DB = 'cn_php_preferences';

    /** @var int the time (2026-11-22 00:00 UTC) */
    private const NOW = 1795305600;

    /** Lise: enrolled in course 2 (Algebra & <Logic>, context 12) and 4 (Course without the block, 14). */
    private const LISE = 4;

    /** @var mysqli the fixture's connection */
    private $mysqli;

    protected function setUp(): void {
        global $DB, $USER;
        $this->mysqli = $this->load_demo_site(self::db(), self::NOW);
        $DB = new shim_moodle_database(self::db());
        $USER = (object) ['id' => self::LISE];
        $GLOBALS['CN_SHIM_CAPABILITIES'] = ['moodle/user:editownmessageprofile'];
        writer::$exported = [];
    }

    protected function tearDown(): void {
        global $DB, $USER;
        if ($DB) {
            $DB->dispose();
        }
        $DB = null;
        $USER = null;
        unset($GLOBALS['CN_SHIM_CAPABILITIES']);
        if ($this->mysqli) {
            $this->mysqli->close();
        }
    }

    /**
     * The rows of block_cnotif_pref, as "user/course/topic/source".
     *
     * @return string[]
     */
    private function rows(): array {
        $rows = [];
        $result = $this->mysqli->query('SELECT userid, courseid, topic, source FROM mdl_block_cnotif_pref
            ORDER BY userid, courseid, topic');
        foreach ($result->fetch_all() as $row) {
            $rows[] = implode('/', $row);
        }
        return $rows;
    }

    /**
     * A definition row.
     *
     * @param int $contextid the context
     * @param string $code the notification
     * @param int|null $essential the essential column
     * @param string|null $trigger the trigger (an added notification has one)
     */
    private function define(int $contextid, string $code, ?int $essential, ?string $trigger = null): void {
        $stmt = $this->mysqli->prepare('INSERT INTO mdl_block_cnotif_def (contextid, code, essential, triggertype, enabled,
            timecreated, timemodified) VALUES (?, ?, ?, ?, 1, 0, 0)');
        $stmt->bind_param('isis', $contextid, $code, $essential, $trigger);
        $this->assertTrue($stmt->execute());
    }

    public function test_an_opt_out_is_recorded_once_and_undone(): void {
        $this->assertTrue(preferences::opt_out(self::LISE, 2, 'accessend', 'oneclick', self::NOW));
        // A provider that posts twice, or the learner who clicks again.
        $this->assertFalse(preferences::opt_out(self::LISE, 2, 'accessend', 'oneclick', self::NOW + 5));
        $this->assertFalse(preferences::opt_out(self::LISE, 2, 'accessend', 'preferences', self::NOW + 9));
        $this->assertSame(['4/2/accessend/oneclick'], $this->rows(), 'one row, as first recorded');
        $this->assertSame((string) self::NOW, (string) $this->mysqli->query(
            'SELECT timecreated FROM mdl_block_cnotif_pref')->fetch_row()[0]);
        $this->assertTrue(preferences::opt_in(self::LISE, 2, 'accessend'));
        $this->assertFalse(preferences::opt_in(self::LISE, 2, 'accessend'));
        $this->assertSame([], $this->rows());
        foreach ([[0, 2, 'calls', 'oneclick'], [4, -1, 'calls', 'oneclick'], [4, 2, 'Calls', 'oneclick'],
                [4, 2, 'calls', 'somewhere']] as [$user, $course, $topic, $source]) {
            try {
                preferences::opt_out($user, $course, $topic, $source, self::NOW);
                $this->fail('recorded ' . json_encode([$user, $course, $topic, $source]));
            } catch (coding_exception $e) {
                $this->assertSame([], $this->rows());
            }
        }
    }

    public function test_the_topics_are_the_engines(): void {
        foreach (definitions_codes() as $code) {
            $this->assertContains(preferences::topic($code), preferences::BUILTIN_TOPICS, $code);
        }
        $this->assertSame('myreminder', preferences::topic('myreminder'));
        $this->assertSame('Reminders that your access to a course ends', preferences::topic_name('accessend'));
        $this->assertSame('All course notifications', preferences::topic_name('all'));
        $this->assertSame('myreminder', preferences::topic_name('myreminder'));
    }

    public function test_the_page_shows_every_toggle_the_one_click_opt_outs_and_what_is_always_sent(): void {
        $this->define(12, 'myreminder', null, 'enrolment');     // Added in Lise's course 2: her topic.
        $this->define(13, 'histquiz', null, 'enrolment');       // Added in course 3, not hers: not shown.
        $this->define(1, 'closed', 1);                          // Essential everywhere.
        $this->define(1, 'fivedaystoend', 1);                   // Essential on the site...
        $this->define(12, 'fivedaystoend', 0);                  // ...but not in course 2.
        $this->define(13, 'onedaytoend', 1);                    // Essential in course 3 only: not Lise's.
        preferences::opt_out(self::LISE, 0, 'calls', 'preferences', self::NOW);
        preferences::opt_out(self::LISE, 2, 'all', 'oneclick', self::NOW);
        preferences::opt_out(self::LISE, 2, 'accessend', 'oneclick', self::NOW);
        preferences::opt_out(self::LISE, 3, 'inactivity', 'oneclick', self::NOW);
        preferences::opt_out(self::LISE, 99, 'completion', 'oneclick', self::NOW);
        preferences::opt_out(5, 0, 'all', 'preferences', self::NOW);  // Pierre's: not on Lise's page.

        $state = preferences::state(self::LISE);
        $this->assertSame(['key' => '0-all', 'name' => 'All course notifications', 'receive' => true], $state['all']);
        $this->assertSame(['0-calls' => false, '0-inactivity' => true, '0-accessend' => true, '0-completion' => true,
            '0-myreminder' => true], array_column($state['topics'], 'receive', 'key'));
        // As text: Moodle's format_string() strips the tags, the template escapes the rest.
        $this->assertSame(['2-all' => 'Algebra & ', '4-all' => 'Course without the block'],
            array_column($state['courses'], 'name', 'key'), 'her courses by name');
        $this->assertSame(['2-all' => false, '4-all' => true], array_column($state['courses'], 'receive', 'key'));
        $this->assertSame([
            ['courseid' => 2, 'topic' => 'accessend', 'name' => 'Reminders that your access to a course ends',
                'course' => 'Algebra & ', 'source' => 'oneclick'],
            ['courseid' => 3, 'topic' => 'inactivity', 'name' => 'Reminders when you have not visited a course for a while',
                'course' => 'Histoire de l\'art', 'source' => 'oneclick'],
            ['courseid' => 99, 'topic' => 'completion', 'name' => 'Messages about completing a course',
                'course' => 'a course that no longer exists', 'source' => 'oneclick'],
        ], $state['specific']);
        $this->assertSame([
            ['name' => 'Access has ended', 'topic' => 'Reminders that your access to a course ends',
                'where' => 'all your courses'],
            ['name' => 'Access ends in 5 days', 'topic' => 'Reminders that your access to a course ends',
                'where' => 'Course without the block'],
        ], $state['essentials']);

        // The template's context: the forms post to the page with the session key; labels from the strings.
        $context = (new preferences_page($state, new moodle_url('/blocks/course_notification/preferences.php'), 'key123'))
            ->export_for_template(new renderer_base());
        $this->assertSame('key123', $context['sesskey']);
        $this->assertTrue($context['hasspecific']);
        $this->assertSame('Reminders that your access to a course ends, from Algebra & ', $context['specific'][0]['label']);
        $this->assertSame('Access has ended (all your courses)', $context['essentials'][0]['label']);
        $this->assertStringEndsWith('/blocks/course_notification/preferences.php', $context['actionurl']);
    }

    public function test_nothing_essential_and_no_course_still_offers_every_topic(): void {
        $state = preferences::state(5);   // Pierre: course 2 only, no opt-out, nothing essential.
        $this->assertSame(['0-calls', '0-inactivity', '0-accessend', '0-completion'], array_column($state['topics'], 'key'));
        $this->assertSame([], $state['specific']);
        $this->assertSame([], $state['essentials']);
        $this->define(1, 'closed', 1);
        $state = preferences::state(2);   // Admin: enrolled nowhere; the site's rule still shows.
        $this->assertSame([], $state['courses']);
        $this->assertSame('all your courses', $state['essentials'][0]['where']);
    }

    public function test_saving_the_form_sets_what_it_showed_and_nothing_else(): void {
        $this->define(12, 'myreminder', null, 'enrolment');
        preferences::opt_out(self::LISE, 2, 'accessend', 'oneclick', self::NOW);
        preferences::opt_out(self::LISE, 0, 'inactivity', 'preferences', self::NOW);
        $shown = ['0-all', '0-calls', '0-inactivity', '0-myreminder', '2-all', '4-all',
            // Not offered to Lise: a course she is not in, a topic nobody defined, garbage.
            '3-all', '0-histquiz', '0-Calls', 'x', '2-calls'];
        $receive = ['0-all' => 1, '0-inactivity' => 1, '2-all' => 1, '4-all' => 1, '3-all' => 0];
        $this->assertSame(3, preferences::save(self::LISE, $shown, $receive, self::NOW + 60));
        $this->assertSame(['4/0/calls/preferences', '4/0/myreminder/preferences', '4/2/accessend/oneclick'], $this->rows(),
            'calls and myreminder unticked; inactivity ticked again; the one-click opt-out untouched');
        // Saving the same form again changes nothing; a toggle the form did not show is left alone.
        $this->assertSame(0, preferences::save(self::LISE, $shown, $receive, self::NOW + 120));
        $this->assertSame(0, preferences::save(self::LISE, [], [], self::NOW + 180));
        $this->assertCount(3, $this->rows());
    }

    public function test_describe_names_the_topic_and_the_course(): void {
        $this->assertEquals((object) ['topic' => 'Reminders that your access to a course ends', 'course' => 'Algebra & '],
            preferences::describe(2, 'accessend'));
        $this->assertEquals((object) ['topic' => 'All course notifications', 'course' => 'all your courses'],
            preferences::describe(0, 'all'));
        $this->assertEquals((object) ['topic' => 'myreminder', 'course' => 'a course that no longer exists'],
            preferences::describe(99, 'myreminder'));
    }

    public function test_the_preferences_page_links_to_the_page_for_the_user_only(): void {
        global $USER;
        $build = function (int $userid): navigation_node {
            $settings = new navigation_node('Preferences', null, navigation_node::TYPE_CONTAINER, 'usercurrentsettings');
            $settings->add('User account', null, navigation_node::TYPE_CONTAINER, null, 'useraccount');
            block_course_notification_extend_navigation_user_settings($settings, (object) ['id' => $userid],
                null, (object) ['id' => 1], null);
            return $settings;
        };
        $node = $build(self::LISE)->find('block_course_notification_preferences', navigation_node::TYPE_SETTING);
        $this->assertNotFalse($node, 'added');
        $this->assertSame('Course notification preferences', $node->text);
        $this->assertStringEndsWith('/blocks/course_notification/preferences.php', $node->action->out(false));
        $account = $build(self::LISE)->find('useraccount', navigation_node::TYPE_CONTAINER);
        $this->assertSame(['block_course_notification_preferences'], array_map(fn($n) => $n->key, $account->children),
            'in the User account group');
        $this->assertFalse($build(5)->find('block_course_notification_preferences', navigation_node::TYPE_SETTING),
            'not on someone else\'s preferences');
        $USER = (object) ['id' => 1];
        $this->assertFalse($build(1)->find('block_course_notification_preferences', navigation_node::TYPE_SETTING), 'guest');
        $USER = (object) ['id' => self::LISE];
        $GLOBALS['CN_SHIM_CAPABILITIES'] = [];
        $this->assertFalse($build(self::LISE)->find('block_course_notification_preferences', navigation_node::TYPE_SETTING),
            'without moodle/user:editownmessageprofile');
    }

    public function test_privacy_declares_exports_and_deletes_the_opt_outs(): void {
        $this->mysqli->query('INSERT INTO mdl_context (id, contextlevel, instanceid, path, depth) VALUES
            (104, 30, 4, \'/1/104\', 2), (105, 30, 5, \'/1/105\', 2)');
        preferences::opt_out(self::LISE, 0, 'calls', 'preferences', self::NOW);
        preferences::opt_out(self::LISE, 2, 'accessend', 'oneclick', self::NOW);
        preferences::opt_out(5, 2, 'all', 'oneclick', self::NOW);
        preferences::opt_out(5, 0, 'all', 'preferences', self::NOW);

        $metadata = (provider::get_metadata(new collection('block_course_notification')))->items;
        $pref = array_values(array_filter($metadata, fn($i) => $i[1] === 'block_cnotif_pref'))[0];
        $this->assertSame(['userid', 'courseid', 'topic', 'source', 'timecreated'], array_keys($pref[2]));
        foreach (array_merge([$pref[3]], array_values($pref[2])) as $key) {
            $this->assertStringNotContainsString('[[', get_string($key, 'block_course_notification'), $key);
        }

        // Lise's: the course one in course 2's context, the every-course one in her own.
        $contexts = provider::get_contexts_for_userid(self::LISE)->get_contextids();
        sort($contexts);
        $this->assertSame([12, 104], $contexts);
        $users = new userlist(context_course::instance(2), 'block_course_notification');
        provider::get_users_in_context($users);
        // With the users of the outbox and audit rows of course 2.
        $this->assertContains(self::LISE, $users->get_userids());
        $this->assertContains(5, $users->get_userids());
        $users = new userlist(context_user::instance(5), 'block_course_notification');
        provider::get_users_in_context($users);
        $this->assertSame([5], $users->get_userids());

        provider::export_user_data(new approved_contextlist((object) ['id' => self::LISE], 'block_course_notification',
            [12, 104]));
        $path = 'Course notifications/Notifications you chose not to receive';
        $this->assertSame('accessend', writer::$exported[12][$path]->optouts[0]->topic);
        $this->assertSame('oneclick', writer::$exported[12][$path]->optouts[0]->source);
        $this->assertCount(1, writer::$exported[12][$path]->optouts, 'not Pierre\'s');
        $this->assertSame('Welcome and reminders to start a course', writer::$exported[104][$path]->optouts[0]->name);

        // Lise asks for her data in course 2 to go: only that opt-out goes.
        provider::delete_data_for_user(new approved_contextlist((object) ['id' => self::LISE], 'block_course_notification', [12]));
        $this->assertSame(['4/0/calls/preferences', '5/0/all/preferences', '5/2/all/oneclick'], $this->rows());
        // Pierre in course 2's user list.
        provider::delete_data_for_users(new approved_userlist(context_course::instance(2), 'block_course_notification', [5]));
        $this->assertSame(['4/0/calls/preferences', '5/0/all/preferences'], $this->rows());
        // Pierre's user context (he is deleted): everything of his.
        preferences::opt_out(5, 3, 'calls', 'oneclick', self::NOW);
        provider::delete_data_for_all_users_in_context(context_user::instance(5));
        $this->assertSame(['4/0/calls/preferences'], $this->rows());
        // Lise's own context through the user list, then a course deleted with opt-outs about it.
        preferences::opt_out(self::LISE, 4, 'all', 'preferences', self::NOW);
        provider::delete_data_for_users(new approved_userlist(context_user::instance(self::LISE), 'block_course_notification',
            [self::LISE]));
        $this->assertSame([], $this->rows());
        preferences::opt_out(self::LISE, 3, 'calls', 'oneclick', self::NOW);
        preferences::opt_out(5, 3, 'calls', 'oneclick', self::NOW);
        preferences::opt_out(5, 2, 'calls', 'oneclick', self::NOW);
        provider::delete_data_for_all_users_in_context(context_course::instance(3));
        $this->assertSame(['5/2/calls/oneclick'], $this->rows());
    }
}

/**
 * The built-in codes.
 *
 * @return string[]
 */
function definitions_codes(): array {
    return \block_course_notification\local\catalogue::codes();
}
