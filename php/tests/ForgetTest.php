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
 * A privacy deletion (outbox_forget, as classes/privacy/provider.php calls it) and the report's Reset
 * (outbox_actions) do not make the engine send again what it sent: the plugin's own PHP runs against
 * the real MariaDB of the demo site, through the DML shim (moodle_dml.php).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification developers
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use block_course_notification\local\engine_config;
use block_course_notification\local\outbox_actions;
use block_course_notification\local\outbox_forget;
use CourseNotification\Engine as Extension;
use PHPUnit\Framework\TestCase;

require_once(__DIR__ . '/demo_site.php');
require_once(__DIR__ . '/moodle_dml.php');

defined('DAYSECS') || define('DAYSECS', 86400);
require_once(__DIR__ . '/../../classes/local/outbox_forget.php');
require_once(__DIR__ . '/../../classes/local/outbox_actions.php');

/**
 * Privacy deletion and Reset against the engine.
 *
 * @covers \block_course_notification\local\outbox_forget
 * @covers \block_course_notification\local\outbox_actions
 */
final class ForgetTest extends TestCase {
    use demo_site;

    /** @var string the test database */
    private const DB = 'cn_php_forget';

    /** @var int the instant the tests decide at (2026-11-22 00:00 UTC) */
    private const NOW = 1795305600;

    /** @var mysqli */
    private $mysqli;

    protected function setUp(): void {
        global $DB;
        if (!extension_loaded('course_notification')) {
            $this->markTestSkipped('the course_notification extension is not loaded');
        }
        $this->mysqli = $this->load_demo_site(self::db(), self::NOW);
        $DB = new shim_moodle_database(self::db());
    }

    protected function tearDown(): void {
        global $DB;
        if ($DB) {
            $DB->dispose();
        }
        $DB = null;
        if ($this->mysqli) {
            $this->mysqli->close();
        }
    }

    private function engine(): Extension {
        $cfg = (object) ['dbtype' => 'mariadb', 'dbhost' => '127.0.0.1', 'dbname' => self::db(), 'dbuser' => 'cn',
            'dbpass' => 'cn', 'prefix' => 'mdl_', 'dboptions' => ['dbport' => '3306', 'dbsocket' => ''],
            'wwwroot' => 'https://forget.learn.example.org',
            'smtphosts' => '127.0.0.1:' . self::env('CN_TEST_SMTP_PORT'), 'smtpsecure' => '', 'smtpuser' => '',
            'smtppass' => '', 'noreplyaddress' => 'noreply@learn.example.org', 'timezone' => 'Europe/Paris', 'lang' => 'en',
            // Loaded into $CFG from the demo site's config table, as Moodle's setup does; a site that
            // handles bounces has a mail domain for their address (else Moodle's own mail fails too).
            'handlebounces' => '1', 'maildomain' => 'bounces.learn.example.org', 'siteidentifier' => 'demo'];
        return new Extension(engine_config::config_from_cfg($cfg, (object) ['fullname' => 'Demo', 'shortname' => 'demo']));
    }

    private function welcome(int $userid): \stdClass {
        global $DB;
        return $DB->get_record('block_cnotif_outbox', ['notification' => 'firstassign', 'userid' => $userid]);
    }

    public function test_a_privacy_deletion_or_a_reset_does_not_send_the_welcome_again(): void {
        $first = $this->engine()->run(['now' => self::NOW, 'mode' => 'send']);
        $this->assertSame(14, $first['counts']['sent']);

        // Lise (4) has her data in course 2 deleted, as provider::delete_data_for_user() does.
        outbox_forget::rows('(userid = :userid OR recipientid = :recipientid) AND courseid = :courseid',
            ['userid' => 4, 'recipientid' => 4, 'courseid' => 2], self::NOW + 3600);
        $lise = $this->welcome(4);
        $this->assertSame(['sent', '', '', '', ''],
            [$lise->status, $lise->recipient, $lise->recipientname, $lise->subject, $lise->bodyhtml]);

        // A teacher presses Reset on Pedro's (8) sent welcome: refused, the record stays.
        try {
            outbox_actions::reset($this->welcome(8));
            $this->fail('a sent message was reset');
        } catch (moodle_exception $e) {
            $this->assertSame('cannotresetsent', $e->errorcode);
        }
        $this->assertSame('sent', $this->welcome(8)->status);

        $second = $this->engine()->run(['now' => self::NOW + 7200, 'mode' => 'send']);
        $this->assertSame(0, $second['counts']['sent']);
        $this->assertContains('2 firstassign -lise@example.org trapped rule B : already sent', $second['trace']);
        $this->assertContains('2 firstassign -pedro@example.org trapped rule B : already sent', $second['trace']);

        // The bare record goes once nothing could send the message again.
        outbox_forget::rows('userid = :userid', ['userid' => 4], self::NOW + 20 * DAYSECS);
        $this->assertSame('0', (string) $this->mysqli->query(
            'SELECT COUNT(*) FROM mdl_block_cnotif_outbox WHERE userid = 4')->fetch_row()[0]);
    }

    public function test_a_message_being_sent_is_not_reset(): void {
        // A run claimed Lise's (4) welcome and died after the mail server took it: the row stays 'sending'
        // until the next run recovers it. Deleting it would let the engine decide and mail it again.
        $this->engine()->run(['now' => self::NOW, 'mode' => 'markonly']);
        $this->mysqli->query("UPDATE mdl_block_cnotif_outbox SET status = 'sending', runtoken = 'dead' WHERE userid = 4");
        $this->assertFalse(outbox_actions::can_reset($this->welcome(4)));
        try {
            outbox_actions::reset($this->welcome(4));
            $this->fail('a message being sent was reset');
        } catch (moodle_exception $e) {
            $this->assertSame('cannotresetsent', $e->errorcode);
        }
        $this->assertSame('sending', $this->welcome(4)->status);
        // The report offers Reset only where it applies.
        $this->assertTrue(outbox_actions::can_reset((object) ['status' => 'failed']));
        $this->assertTrue(outbox_actions::can_reset((object) ['status' => 'pending']));
        $this->assertFalse(outbox_actions::can_reset((object) ['status' => 'marked']));
    }

    public function test_reset_of_a_message_not_sent_lets_the_engine_decide_again(): void {
        $this->engine()->run(['now' => self::NOW, 'mode' => 'markonly']);
        $this->mysqli->query("UPDATE mdl_block_cnotif_outbox SET status = 'failed' WHERE userid = 4");
        outbox_actions::reset($this->welcome(4));
        $report = $this->engine()->run(['now' => self::NOW + 60, 'mode' => 'dryrun']);
        $this->assertContains('2 firstassign -lise@example.org Accepted for notification', $report['trace']);
    }
}
