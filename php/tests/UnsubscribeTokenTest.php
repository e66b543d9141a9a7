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
 * Issue 15, item 2: the unsubscribe token the plugin's PHP checks is the one the engine makes
 * (crates/runner/src/unsubscribe.rs, same test vector), and nothing else passes.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use block_course_notification\local\unsubscribe_token;
use PHPUnit\Framework\TestCase;

require_once(__DIR__ . '/moodle_shim.php');
require_once(__DIR__ . '/../../classes/local/unsubscribe_token.php');

/**
 * Making and checking tokens.
 *
 * @covers \block_course_notification\local\unsubscribe_token
 */
final class UnsubscribeTokenTest extends TestCase {
    /** The engine's test vector's secret. */
    private const SECRET = '0123456789abcdef0123456789abcdef';

    /** The engine's test vector: user 42, course 7, accessend. */
    private const VECTOR = '42-7-accessend-xXU4E9ExBJK-SjBi4SVylA_ngHyRG64XrmoeHnO2U9Q';

    public function test_the_token_is_the_engines_test_vector(): void {
        $this->assertSame(self::VECTOR, unsubscribe_token::make(self::SECRET, 42, 7, 'accessend'));
        $this->assertSame(['userid' => 42, 'courseid' => 7, 'topic' => 'accessend'],
            unsubscribe_token::verify(self::VECTOR, self::SECRET));
        $every = unsubscribe_token::make(self::SECRET, 42, 0, 'all');
        $this->assertSame(['userid' => 42, 'courseid' => 0, 'topic' => 'all'], unsubscribe_token::verify($every, self::SECRET));
    }

    public function test_an_altered_token_is_refused(): void {
        $mac = substr(self::VECTOR, strlen('42-7-accessend-'));
        // Another learner, course or topic under the same MAC: the payload is signed.
        foreach (["43-7-accessend-$mac", "42-8-accessend-$mac", "42-0-accessend-$mac", "42-7-calls-$mac", "42-7-all-$mac",
                "042-7-accessend-$mac", "42-07-accessend-$mac"] as $altered) {
            $this->assertNull(unsubscribe_token::verify($altered, self::SECRET), $altered);
        }
        // One character of the MAC changed, at the start and at the end.
        $first = ($mac[0] === 'A' ? 'B' : 'A') . substr($mac, 1);
        $last = substr($mac, 0, -1) . ($mac[42] === 'A' ? 'B' : 'A');
        $this->assertNull(unsubscribe_token::verify("42-7-accessend-$first", self::SECRET));
        $this->assertNull(unsubscribe_token::verify("42-7-accessend-$last", self::SECRET));
        // Signed with another secret (rotated), or with none at all.
        $this->assertNull(unsubscribe_token::verify(self::VECTOR, 'another secret, rotated since'));
        $this->assertNull(unsubscribe_token::verify(self::VECTOR, ''));
        $forged = '42-7-accessend-' . rtrim(strtr(base64_encode(hash_hmac('sha256', 'unsubscribe:42-7-accessend', '', true)),
            '+/', '-_'), '=');
        $this->assertNull(unsubscribe_token::verify($forged, ''), 'an empty secret refuses even its own MAC');
    }

    public function test_a_malformed_token_is_refused_before_any_mac(): void {
        $mac = substr(self::VECTOR, strlen('42-7-accessend-'));
        foreach (['', 'x', self::VECTOR . "\n", ' ' . self::VECTOR, self::VECTOR . '=', substr(self::VECTOR, 0, -1),
                "42-7-AccessEnd-$mac", "42-7-access-end-$mac", "-42-7-accessend-$mac", "42--7-accessend-$mac",
                "42-7--$mac", '42-7-' . str_repeat('a', 65) . "-$mac", "42-7-accessend-" . str_repeat('+', 43),
                "99999999999999999999-7-accessend-$mac", "42-7-accessend-$mac-$mac", "42-7-accès-$mac"] as $bad) {
            $this->assertNull(unsubscribe_token::parse($bad), var_export($bad, true));
            $this->assertNull(unsubscribe_token::verify($bad, self::SECRET), var_export($bad, true));
        }
        $this->assertNotNull(unsubscribe_token::parse('1-0-' . str_repeat('a', 64) . "-$mac"), 'the longest topic');
    }

    public function test_tokens_are_never_made_without_a_secret_or_for_a_bad_topic(): void {
        foreach ([['', 42, 7, 'calls'], [self::SECRET, 42, 7, 'Calls'], [self::SECRET, -1, 7, 'calls'],
                [self::SECRET, 42, 7, '']] as [$secret, $user, $course, $topic]) {
            try {
                unsubscribe_token::make($secret, $user, $course, $topic);
                $this->fail("made a token for " . json_encode([$secret, $user, $course, $topic]));
            } catch (coding_exception $e) {
                $this->assertSame('codingerror', $e->errorcode);
            }
        }
    }

    public function test_the_secret_is_the_plugins_setting(): void {
        $GLOBALS['CN_SHIM_CONFIG'] = ['block_course_notification' => ['unsubscribesecret' => self::SECRET]];
        try {
            $this->assertSame(self::SECRET, unsubscribe_token::secret());
            $GLOBALS['CN_SHIM_CONFIG'] = [];
            $this->assertSame('', unsubscribe_token::secret(), 'never generated');
        } finally {
            unset($GLOBALS['CN_SHIM_CONFIG']);
        }
    }
}
