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
 * Issue 16, item 4: the test send. A teacher sees a notification written for a chosen learner, in the
 * learner's language and time zone, with its template problems (line, column, placeholder), and may send
 * it to their own address: one mail through email_to_user(), marked as a test, and nothing recorded as
 * the learner's (no outbox row, no audit row, no notification_sent event). Refused without the
 * capability or the session key.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use block_course_notification\event\notification_sent;
use block_course_notification\output\testsend_page;
use PHPUnit\Framework\TestCase;

require_once(__DIR__ . '/demo_site.php');
require_once(__DIR__ . '/moodle_dml.php');
require_once(__DIR__ . '/moodle_users_shim.php');
require_once(__DIR__ . '/moodle_page_shim.php');
require_once(__DIR__ . '/event_recorder.php');
require_once(__DIR__ . '/../../classes/output/testsend_page.php');

if (!function_exists('email_to_user')) {
    /**
     * Moodle's email_to_user() as far as the test send uses it: records the mail and says it went.
     *
     * @param stdClass $user the recipient
     * @param stdClass $from the sender
     * @param string $subject the subject
     * @param string $text the plain-text body
     * @param string $html the HTML body
     * @return bool
     */
    function email_to_user($user, $from, $subject, $text, $html = '') {
        $GLOBALS['CN_SHIM_MAILS'][] = ['to' => $user->email, 'from' => $from->email, 'subject' => $subject, 'text' => $text,
            'html' => $html];
        return true;
    }
}

if (!function_exists('require_sesskey')) {
    /**
     * Moodle's require_sesskey(): $GLOBALS['CN_SHIM_SESSKEY'] says whether the request carries a good one.
     *
     * @throws moodle_exception invalidsesskey
     */
    function require_sesskey() {
        $GLOBALS['CN_SHIM_CHECKS'][] = 'sesskey';
        if (empty($GLOBALS['CN_SHIM_SESSKEY'])) {
            throw new moodle_exception('invalidsesskey', 'error');
        }
    }
}

if (!function_exists('require_capability')) {
    /**
     * Moodle's require_capability() over the shim's has_capability().
     *
     * @param string $capability
     * @param context $context
     * @param mixed $userid
     * @throws moodle_exception nopermissions
     */
    function require_capability($capability, $context, $userid = null) {
        $GLOBALS['CN_SHIM_CHECKS'][] = $capability;
        if (!has_capability($capability, $context, $userid)) {
            throw new moodle_exception('nopermissions', 'error', '', $capability);
        }
    }
}

if (!function_exists('sesskey')) {
    /**
     * The session's key.
     *
     * @return string
     */
    function sesskey() {
        return 'shimsesskey';
    }
}

if (!class_exists('core_user')) {
    /**
     * core_user as the test send uses it.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class core_user {
        /**
         * A user.
         *
         * @param int $userid the user
         * @param string $fields the columns
         * @param int $strictness IGNORE_MISSING or MUST_EXIST
         * @return stdClass|false
         */
        public static function get_user($userid, $fields = '*', $strictness = IGNORE_MISSING) {
            global $DB;
            return $DB->get_record('user', ['id' => $userid], $fields, $strictness);
        }

        /**
         * The no-reply user.
         *
         * @return stdClass
         */
        public static function get_noreply_user() {
            return (object) ['id' => -10, 'email' => 'noreply@learn.example.org', 'firstname' => 'No', 'lastname' => 'Reply'];
        }
    }
}

/**
 * The test send page's preview and send.
 *
 * @covers \block_course_notification\output\testsend_page
 * @covers \block_course_notification\local\engine
 */
final class TestSendTest extends TestCase {
    use demo_site;

    /** @var string the test database */
    private const DB = 'cn_php_testsend';

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
            'wwwroot' => 'https://learn.example.org', 'smtphosts' => '127.0.0.1:9', 'smtpsecure' => '', 'smtpuser' => '',
            'smtppass' => '', 'noreplyaddress' => 'noreply@learn.example.org', 'timezone' => 'Europe/Paris', 'lang' => 'en',
            'siteidentifier' => 'demo', 'hiddenuserfields' => '', 'showuseridentity' => 'email'];
        $SITE = (object) ['fullname' => 'Demo Academy', 'shortname' => 'demo'];
        // Marc, the course's editing teacher, asks.
        $USER = (object) ['id' => 7, 'email' => 'marc@example.org'];
        $GLOBALS['CN_SHIM_CAPABILITIES'] = [testsend_page::CAPABILITY];
        $GLOBALS['CN_SHIM_SESSKEY'] = true;
        $GLOBALS['CN_SHIM_CONFIG'] = ['block_course_notification' => ['pagedeadline' => '5',
            'unsubscribesecret' => 'a-secret-of-the-test-send-site']];
        $GLOBALS['CN_SHIM_MAILS'] = [];
        $GLOBALS['CN_SHIM_DEBUGGING'] = [];
        $GLOBALS['CN_SHIM_CACHE'] = [];
        notification_sent::$triggered = [];
    }

    protected function tearDown(): void {
        global $DB, $CFG, $USER;
        if ($DB) {
            $DB->dispose();
        }
        $DB = null;
        $CFG = null;
        $USER = null;
        unset($GLOBALS['CN_SHIM_CAPABILITIES'], $GLOBALS['CN_SHIM_SESSKEY'], $GLOBALS['CN_SHIM_CONFIG'],
            $GLOBALS['CN_SHIM_MAILS'], $GLOBALS['CN_SHIM_CACHE']);
        if ($this->mysqli) {
            $this->mysqli->close();
        }
    }

    /**
     * How many rows a plugin table holds.
     *
     * @param string $table the table, without prefix
     * @return int
     */
    private function rows_in(string $table): int {
        return (int) $this->mysqli->query("SELECT COUNT(*) FROM mdl_$table")->fetch_row()[0];
    }

    public function test_the_preview_is_the_learners_message_in_their_language_and_zone(): void {
        $before = [$this->rows_in('block_cnotif_outbox'), $this->rows_in('block_cnotif_audit')];
        // Lise reads French and lives in Paris; her access opened yesterday.
        $p = testsend_page::preview(2, 4, 'firstcall', self::NOW);
        $this->assertSame(['fr', 'Europe/Paris'], [$p['lang'], $p['timezone']]);
        $this->assertSame('Demo Academy : le cours Algebra & <Logic> vous attend', $p['subject']);
        $this->assertStringContainsString('ouvert depuis le 21 novembre 2026', $p['text']);
        $this->assertStringContainsString('Algebra &amp; &lt;Logic&gt;', $p['html']);
        $this->assertSame(['trapped', 'E'], [$p['decision']['outcome'], $p['decision']['rule']]);
        $this->assertSame(self::NOW + 6 * 86400, $p['due']);
        $this->assertNull($p['error']);
        // Every language the site offers for texts is checked, each part with no problem.
        foreach (['en', 'fr'] as $lang) {
            $this->assertSame(['subject' => [], 'body' => []], $p['problems'][$lang]);
        }
        // Pedro reads English in São Paulo: his access opened at midnight UTC, the evening before there.
        $pedro = testsend_page::preview(2, 8, 'firstcall', self::NOW);
        $this->assertSame(['en', 'America/Sao_Paulo'], [$pedro['lang'], $pedro['timezone']]);
        $this->assertStringContainsString('opened on 18 November 2026', $pedro['text']);

        // The page shows it: the HTML only in a sandboxed frame, the send button with the teacher's address.
        $page = new testsend_page(new moodle_url('/blocks/course_notification/testsend.php', ['courseid' => 2]),
            ['firstcall' => 'First call'], [4 => 'Lise Untel'], 'firstcall', 4, $p, null, 'marc@example.org');
        $context = $page->export_for_template(new renderer_base());
        $this->assertSame($p['html'], $context['html']);
        $this->assertTrue($context['cansend']);
        $this->assertSame('Send this test to me (marc@example.org)', $context['sendlabel']);
        $this->assertSame('rule E : Out of concerned time range', $context['decision']);
        $this->assertSame([], $context['problems']);
        // Reading wrote nothing.
        $this->assertSame($before, [$this->rows_in('block_cnotif_outbox'), $this->rows_in('block_cnotif_audit')]);
    }

    public function test_a_template_error_is_shown_with_its_line_and_placeholder_and_nothing_is_sent(): void {
        // A French text stored without the form's check (a restore, an old upgrade).
        $this->mysqli->query("INSERT INTO mdl_block_cnotif_def (id, contextid, code) VALUES (1, 12, 'inactive')");
        $this->mysqli->query("INSERT INTO mdl_block_cnotif_text (defid, lang, subject, body)
            VALUES (1, 'fr', 'Revenez', 'Bonjour,\n\nIl reste {{JOURS}} jours.')");
        $this->assertSame('', $this->mysqli->error);
        $p = testsend_page::preview(2, 4, 'inactive', self::NOW);
        $this->assertStringContainsString('line 3, column 10: unknown placeholder {{JOURS}}', (string) $p['error']);
        $this->assertSame([], $p['problems']['fr']['subject']);
        $this->assertStringStartsWith('line 3, column 10: unknown placeholder {{JOURS}}; known: COURSE',
            $p['problems']['fr']['body'][0]);
        $this->assertSame([], $p['problems']['en']['body'], 'English readers get the default text');
        $page = new testsend_page(new moodle_url('/blocks/course_notification/testsend.php', ['courseid' => 2]),
            [], [], 'inactive', 4, $p, null, 'marc@example.org');
        $context = $page->export_for_template(new renderer_base());
        $this->assertFalse($context['cansend']);
        $this->assertSame([['lang' => 'fr', 'uses' => 'fr', 'part' => 'body', 'message' => $p['problems']['fr']['body'][0]]],
            $context['problems']);

        $lise = core_user::get_user(4);
        try {
            testsend_page::send_test(context_course::instance(2), 2, $lise, 'inactive', self::NOW);
            $this->fail('a message that cannot be written is not sent');
        } catch (moodle_exception $e) {
            $this->assertSame('testsend:cannotwrite', $e->errorcode);
        }
        $this->assertSame([], $GLOBALS['CN_SHIM_MAILS']);
    }

    public function test_an_unknown_notification_or_learner_is_said_in_words(): void {
        foreach ([[4, 'nope', "no notification 'nope' applies in course 2"], [2, 'firstcall', 'user 2 is not enrolled']] as
                [$userid, $code, $said]) {
            try {
                testsend_page::preview(2, $userid, $code, self::NOW);
                $this->fail("$code for $userid");
            } catch (moodle_exception $e) {
                $this->assertStringContainsString($said, testsend_page::notice($e));
                $this->assertStringNotContainsString('127.0.0.1', testsend_page::notice($e));
            }
        }
    }

    public function test_without_the_capability_or_the_session_key_nothing_is_sent(): void {
        $lise = core_user::get_user(4);
        $GLOBALS['CN_SHIM_CAPABILITIES'] = [];
        try {
            testsend_page::send_test(context_course::instance(2), 2, $lise, 'firstassign', self::NOW);
            $this->fail('sent without the capability');
        } catch (moodle_exception $e) {
            $this->assertSame('nopermissions', $e->errorcode);
        }
        $GLOBALS['CN_SHIM_CAPABILITIES'] = [testsend_page::CAPABILITY];
        $GLOBALS['CN_SHIM_SESSKEY'] = false;
        try {
            testsend_page::send_test(context_course::instance(2), 2, $lise, 'firstassign', self::NOW);
            $this->fail('sent without the session key');
        } catch (moodle_exception $e) {
            $this->assertSame('invalidsesskey', $e->errorcode);
        }
        $this->assertSame([], $GLOBALS['CN_SHIM_MAILS']);
    }

    public function test_a_test_goes_to_the_teacher_only_and_is_never_the_learners_occurrence(): void {
        $before = [$this->rows_in('block_cnotif_outbox'), $this->rows_in('block_cnotif_audit')];
        $preview = testsend_page::preview(2, 4, 'firstassign', self::NOW);
        $this->assertSame('accepted', $preview['decision']['outcome'], 'a run would send it to Lise now');

        $lise = core_user::get_user(4);
        $this->assertTrue(testsend_page::send_test(context_course::instance(2), 2, $lise, 'firstassign', self::NOW));

        $this->assertCount(1, $GLOBALS['CN_SHIM_MAILS']);
        $mail = $GLOBALS['CN_SHIM_MAILS'][0];
        $this->assertSame('marc@example.org', $mail['to']);
        $this->assertSame('[Test] ' . $preview['subject'], $mail['subject']);
        $this->assertStringStartsWith('This is a test of the notification "Welcome (access opens)", written for Lise Untel',
            $mail['text']);
        // The learner's message, but for the footer's links: Marc's own (his unsubscribe link changes his
        // choices, never Lise's).
        $this->assertStringContainsString('unsubscribe.php?token=4-2-', $preview['text']);
        $this->assertStringContainsString('unsubscribe.php?token=7-2-', $mail['text']);
        $this->assertStringNotContainsString('token=4-', $mail['text'] . $mail['html']);
        $cut = fn(string $t) => explode('token=', $t)[0];
        $this->assertStringEndsWith($cut($preview['text']), $cut($mail['text']));
        $this->assertStringContainsString($cut($preview['html']), $mail['html']);
        // Nothing recorded as Lise's: no outbox or audit row, no event; a run would still send her welcome.
        $this->assertSame($before, [$this->rows_in('block_cnotif_outbox'), $this->rows_in('block_cnotif_audit')]);
        $this->assertSame([], notification_sent::$triggered);
        $this->assertSame('accepted', testsend_page::preview(2, 4, 'firstassign', self::NOW)['decision']['outcome']);
    }
}
