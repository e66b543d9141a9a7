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
 * Two cron nodes recording the audit of the same deliveries at once (audit::record), each over its
 * own connection to a real MariaDB: this process is one node, a second PHP process the other.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use block_course_notification\event\notification_sent;
use block_course_notification\local\audit;
use PHPUnit\Framework\TestCase;

require_once(__DIR__ . '/demo_site.php');
require_once(__DIR__ . '/moodle_dml.php');
require_once(__DIR__ . '/event_recorder.php');
require_once(__DIR__ . '/../../classes/local/audit.php');

/**
 * audit::record on two nodes.
 *
 * @covers \block_course_notification\local\audit
 */
final class AuditTest extends TestCase {
    use demo_site;

    /** @var string the test database */
    private const DB = 'cn_php_audit';

    /** @var int the deliveries' time (2026-11-22 00:00 UTC) */
    private const NOW = 1795305600;

    /** @var mysqli the fixture's connection */
    private $mysqli;

    protected function setUp(): void {
        global $DB;
        $this->mysqli = $this->load_demo_site(self::db(), self::NOW);
        // Three messages the engine sent in course 2 (to Lise, Pierre and Ana).
        foreach ([4, 5, 6] as $userid) {
            $this->mysqli->query("INSERT INTO mdl_block_cnotif_outbox (occkey, notification, courseid, userid, recipientid,
                    status, attempts, recipient, recipientname, lang, timezone, subject, bodytext, bodyhtml, messageid, timedue,
                    timesent, timecreated, timemodified)
                VALUES ('firstassign/2/$userid/0', 'firstassign', 2, $userid, $userid, 'sent', 1, 'u$userid@example.org',
                    'U $userid', 'en', '', 'Welcome', 'Hello', '<p>Hello</p>', '<m$userid@example.org>', " . self::NOW . ', ' .
                (self::NOW + 60) . ', ' . self::NOW . ', ' . (self::NOW + 60) . ')');
        }
        $this->assertSame('', $this->mysqli->error);
        // With the demo site's own sent welcome (Serge's, the day before): four deliveries to audit.
        $this->assertSame('4', (string) $this->mysqli->query(
            "SELECT COUNT(*) FROM mdl_block_cnotif_outbox WHERE status = 'sent'")->fetch_row()[0]);
        $DB = new shim_moodle_database(self::db());
        notification_sent::$triggered = [];
    }

    protected function tearDown(): void {
        global $DB;
        if ($DB) {
            $DB->dispose();
        }
        $DB = null;
        $this->mysqli->close();
    }

    /**
     * Node A records the audit and, before it commits, node B reads the same deliveries (none audited
     * yet for B) and inserts its audit rows: B's first insert waits on A's row and, once A commits,
     * hits the unique index. B must go on as if it had found the rows audited: no failure of the task,
     * no second event. A's transaction is held open by the test so that the order is certain.
     */
    public function test_a_second_node_recording_the_same_deliveries_at_once_does_not_fail(): void {
        global $DB;
        $since = self::NOW - audit::CATCHUP;

        // Node A: everything recorded, in a transaction the test holds open.
        $holder = $DB->start_delegated_transaction();
        $this->assertSame(['sent' => 4, 'failed' => 0], audit::record($since));

        // Node B: its own process and connection; its first insert waits on A's uncommitted row.
        $child = proc_open([PHP_BINARY, __DIR__ . '/audit_record_child.php', self::db(), (string) $since],
            [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $this->assertIsResource($child);
        $this->wait_for_blocked_insert();
        $holder->allow_commit();

        $out = stream_get_contents($pipes[1]);
        $err = stream_get_contents($pipes[2]);
        $status = proc_close($child);
        $this->assertSame(0, $status, "node B failed:\n$out\n$err");
        $b = json_decode($out, true);
        $this->assertSame(['sent' => 0, 'failed' => 0], $b['done'], 'node B recorded nothing A had recorded');
        $this->assertSame([], $b['events'], 'node B triggered no second event');
        $this->assertCount(4, notification_sent::$triggered, 'node A triggered one event per sending');
        $this->assertSame('4', (string) $this->mysqli->query('SELECT COUNT(*) FROM mdl_block_cnotif_audit')->fetch_row()[0]);
    }

    /**
     * When the other node gives up its row (its transaction rolls back), this one records the delivery.
     */
    public function test_a_delivery_the_other_node_did_not_record_after_all_is_recorded(): void {
        global $DB;
        $since = self::NOW - audit::CATCHUP;
        $other = new shim_moodle_database(self::db());
        $holder = $other->start_delegated_transaction();
        $row = $other->get_record('block_cnotif_outbox', ['occkey' => 'firstassign/2/4/0']);
        $other->insert_record('block_cnotif_audit', (object) ['outboxid' => $row->id, 'occkey' => $row->occkey,
            'notification' => $row->notification, 'courseid' => 2, 'userid' => 4, 'recipientid' => 4, 'output' => 'email',
            'status' => 'sent', 'timeoutcome' => $row->timesent, 'timecreated' => self::NOW + 60]);

        $child = proc_open([PHP_BINARY, __DIR__ . '/audit_record_child.php', self::db(), (string) $since],
            [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $this->wait_for_blocked_insert();
        try {
            $holder->rollback(new \RuntimeException('the other node failed'));
        } catch (\RuntimeException $e) {
            $other->dispose();
        }
        $out = stream_get_contents($pipes[1]);
        $err = stream_get_contents($pipes[2]);
        $this->assertSame(0, proc_close($child), "node B failed:\n$out\n$err");
        $b = json_decode($out, true);
        $this->assertSame(['sent' => 4, 'failed' => 0], $b['done']);
        $this->assertCount(4, $b['events']);
    }

    /**
     * Waits until the other process's connection is blocked inserting an audit row (it shows in the
     * process list with its INSERT for as long as it waits on the lock).
     */
    private function wait_for_blocked_insert(): void {
        $deadline = microtime(true) + 20;
        while (microtime(true) < $deadline) {
            $found = $this->mysqli->query("SELECT COUNT(*) FROM information_schema.PROCESSLIST
                WHERE DB = '" . self::db() . "' AND INFO LIKE 'INSERT INTO mdl_block_cnotif_audit%'")->fetch_row()[0];
            if ((int) $found > 0) {
                return;
            }
            usleep(20000);
        }
        $this->fail('the second node never reached its insert');
    }
}
