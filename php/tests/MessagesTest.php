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
 * Handing the queued Moodle notifications over (messages::deliver) when a hand-over kills the
 * process: the attempt counts before the send, so such a message is given up after MAX_ATTEMPTS
 * instead of killing every run for ever, and the messages behind it go out. Each run is a real PHP
 * process (messages_deliver_child.php) over its own connection to a real MariaDB.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use block_course_notification\local\messages;
use PHPUnit\Framework\TestCase;

require_once(__DIR__ . '/demo_site.php');
require_once(__DIR__ . '/moodle_dml.php');
require_once(__DIR__ . '/../../classes/local/messages.php');

/**
 * messages::deliver and a poison message.
 *
 * @covers \block_course_notification\local\messages
 */
final class MessagesTest extends TestCase {
    use demo_site;

    /** @var string the test database */
    private const DB = 'cn_php_messages';

    /** @var int the run's time (2026-11-22 00:00 UTC) */
    private const NOW = 1795305600;

    /** @var mysqli the fixture's connection */
    private $mysqli;

    protected function setUp(): void {
        $this->mysqli = $this->load_demo_site(self::db(), self::NOW);
        // Two Moodle notifications queued: first (by id) one whose hand-over kills the process.
        $this->mysqli->query("UPDATE mdl_user SET email = 'poison@example.org' WHERE id = 5");
        foreach ([5, 4] as $userid) {
            $this->mysqli->query("INSERT INTO mdl_block_cnotif_outbox (occkey, notification, courseid, userid, recipientid,
                    status, attempts, output, recipient, recipientname, lang, timezone, subject, bodytext, bodyhtml, messageid,
                    timedue, timesent, timecreated, timemodified)
                VALUES ('firstassign/2/$userid/0#message', 'firstassign', 2, $userid, $userid, 'pending', 0, 'message',
                    'u$userid@example.org', 'U $userid', 'en', '', 'Welcome', 'Hello', '<p>Hello</p>', '', " . self::NOW . ', 0, ' .
                self::NOW . ', ' . self::NOW . ')');
            $this->assertSame('', $this->mysqli->error);
        }
    }

    protected function tearDown(): void {
        $this->mysqli->close();
    }

    public function test_a_message_whose_hand_over_kills_the_process_is_given_up_and_the_others_go_out(): void {
        // Each run dies handing the poison message over; each death has used one attempt.
        for ($run = 1; $run <= messages::MAX_ATTEMPTS; $run++) {
            [$out, $err] = $this->deliver();
            $this->assertSame('', $out, "run $run died in message_send, before returning");
            $this->assertSame(['pending', (string) $run], $this->row(5), "run $run counted its attempt before the send");
            $this->assertSame(['pending', '0'], $this->row(4));
        }

        // The next run gives it up without handing it over again, and delivers the other one.
        [$out, $err] = $this->deliver();
        $this->assertSame(['sent' => 1, 'failed' => 1, 'skipped' => false], json_decode($out, true), $err);
        $this->assertSame(['failed', (string) messages::MAX_ATTEMPTS], $this->row(5));
        $this->assertStringContainsString('ended the process', (string) $this->mysqli->query(
            'SELECT lasterror FROM mdl_block_cnotif_outbox WHERE userid = 5')->fetch_row()[0]);
        $this->assertSame(['sent', '1'], $this->row(4));
    }

    /**
     * One cron run in its own process.
     *
     * @return string[] its standard output and error
     */
    private function deliver(): array {
        $child = proc_open([PHP_BINARY, __DIR__ . '/messages_deliver_child.php', self::db(), (string) self::NOW],
            [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $this->assertIsResource($child);
        $out = stream_get_contents($pipes[1]);
        $err = stream_get_contents($pipes[2]);
        proc_close($child);
        return [trim($out), $err];
    }

    /**
     * The status and attempts of a learner's message row.
     *
     * @param int $userid the learner
     * @return string[]
     */
    private function row(int $userid): array {
        return $this->mysqli->query("SELECT status, attempts FROM mdl_block_cnotif_outbox
            WHERE userid = $userid AND output = 'message'")->fetch_row();
    }
}
