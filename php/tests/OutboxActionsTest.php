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
 * The report's Resend and Reset (outbox_actions) against rows a run is sending, or claimed between the
 * page that showed them and the teacher's confirmation: real MariaDB, the plugin's own PHP.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use block_course_notification\local\outbox_actions;
use PHPUnit\Framework\TestCase;

require_once(__DIR__ . '/demo_site.php');
require_once(__DIR__ . '/moodle_dml.php');
require_once(__DIR__ . '/../../classes/local/outbox_actions.php');

/**
 * Resend and Reset never touch a row being sent.
 *
 * @covers \block_course_notification\local\outbox_actions
 */
final class OutboxActionsTest extends TestCase {
    use demo_site;

    /** @var string the test database */
    private const DB = 'cn_php_actions';

    /** @var int the time (2026-11-22 00:00 UTC) */
    private const NOW = 1795305600;

    /** @var mysqli the fixture's connection, which plays the run */
    private $mysqli;

    protected function setUp(): void {
        global $DB;
        $this->mysqli = $this->load_demo_site(self::db(), self::NOW);
        $DB = new shim_moodle_database(self::db());
    }

    protected function tearDown(): void {
        global $DB;
        $DB->dispose();
        $DB = null;
        $this->mysqli->close();
    }

    /**
     * Lise's (4) welcome in course 2, in a status, as a run or the page left it.
     *
     * @param string $status the row's status
     * @param string|null $token the run that claimed it
     * @return int its id
     */
    private function welcome(string $status, ?string $token = null): int {
        $this->mysqli->query("INSERT INTO mdl_block_cnotif_outbox (occkey, notification, courseid, userid, recipientid,
                status, attempts, runtoken, recipient, recipientname, lang, timezone, subject, bodytext, bodyhtml, messageid,
                timedue, timesent, timecreated, timemodified)
            VALUES ('firstassign/2/4/0', 'firstassign', 2, 4, 4, '$status', 1, " . ($token === null ? 'NULL' : "'$token'") .
            ", 'lise@example.org', 'Lise', 'en', '', 'Welcome', 'Hello', '<p>Hello</p>', '<m@example.org>', " . self::NOW . ', ' .
            ($status === 'sent' ? self::NOW : 0) . ', ' . self::NOW . ', ' . self::NOW . ')');
        $this->assertSame('', $this->mysqli->error);
        return (int) $this->mysqli->insert_id;
    }

    /**
     * The row as it is now.
     *
     * @param int $id the row
     * @return array|null status, attempts, runtoken
     */
    private function now(int $id): ?array {
        return $this->mysqli->query("SELECT status, attempts, runtoken FROM mdl_block_cnotif_outbox WHERE id = $id")
            ->fetch_assoc();
    }

    /**
     * A run claims the row (status 'sending', its token), as the engine's claim does.
     *
     * @param int $id the row
     * @param string $token the run's token
     */
    private function claim(int $id, string $token): void {
        $this->mysqli->query("UPDATE mdl_block_cnotif_outbox SET status = 'sending', runtoken = '$token',
            attempts = attempts + 1 WHERE id = $id");
    }

    public function test_resend_is_offered_and_accepted_only_for_a_message_that_went_out_or_failed(): void {
        foreach (['sent' => true, 'marked' => true, 'failed' => true, 'pending' => false, 'sending' => false] as $status => $ok) {
            $this->assertSame($ok, outbox_actions::can_resend((object) ['status' => $status]), $status);
            $this->assertSame($ok, outbox_actions::applies('resend', (object) ['status' => $status]), $status);
        }
        foreach (['pending' => true, 'failed' => true, 'sent' => false, 'marked' => false, 'sending' => false] as $status => $ok) {
            $this->assertSame($ok, outbox_actions::applies('reset', (object) ['status' => $status]), $status);
        }
    }

    public function test_resend_leaves_a_message_being_sent_to_its_run(): void {
        global $DB;
        $id = $this->welcome('sending', 'run-a');
        $row = outbox_actions::row($id, 2);
        $applied = outbox_actions::resend($row, self::NOW + 60);
        // Still the run's: its recording of the outcome (WHERE runtoken = its token) still applies.
        $this->assertSame(['status' => 'sending', 'attempts' => '1', 'runtoken' => 'run-a'], $this->now($id));
        $this->assertSame(0, $DB->count_records('block_cnotif_outbox', ['runtoken' => null, 'id' => $id]));
        $this->assertFalse($applied, 'the page says Resend no longer applies');
    }

    public function test_resend_of_a_row_claimed_since_the_page_read_it_changes_nothing_and_says_so(): void {
        // The page read the row as sent; then another teacher resent it and a run claimed it.
        $id = $this->welcome('sent');
        $read = outbox_actions::row($id, 2);
        $this->mysqli->query("UPDATE mdl_block_cnotif_outbox SET status = 'pending', attempts = 0 WHERE id = $id");
        $this->claim($id, 'run-b');

        $applied = outbox_actions::resend($read, self::NOW + 60);
        $this->assertSame(['status' => 'sending', 'attempts' => '1', 'runtoken' => 'run-b'], $this->now($id));
        $this->assertFalse($applied, 'the page says Resend no longer applies');
    }

    public function test_resend_of_a_sent_message_queues_it_afresh(): void {
        $id = $this->welcome('sent');
        $this->assertTrue(outbox_actions::resend(outbox_actions::row($id, 2), self::NOW + 60));
        $this->assertSame(['status' => 'pending', 'attempts' => '0', 'runtoken' => null], $this->now($id));
        // The run that comes next claims it as any pending row.
        $this->claim($id, 'run-c');
        $this->assertSame('sending', $this->now($id)['status']);
    }

    public function test_reset_of_a_row_claimed_since_the_page_read_it_changes_nothing_and_says_so(): void {
        $id = $this->welcome('pending');
        $read = outbox_actions::row($id, 2);
        $this->claim($id, 'run-d');

        $applied = outbox_actions::reset($read);
        $this->assertSame(['status' => 'sending', 'attempts' => '2', 'runtoken' => 'run-d'], $this->now($id));
        $this->assertFalse($applied, 'the page says Reset no longer applies');
    }

    public function test_reset_of_a_pending_message_deletes_it(): void {
        $id = $this->welcome('pending');
        $this->assertTrue(outbox_actions::reset(outbox_actions::row($id, 2)));
        $this->assertNull($this->now($id));
    }

    public function test_a_row_of_another_course_is_refused(): void {
        $id = $this->welcome('sent');
        $this->expectException(dml_missing_record_exception::class);
        outbox_actions::row($id, 3);
    }
}
