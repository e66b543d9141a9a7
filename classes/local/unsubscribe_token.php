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
 * The signed token of a one-click unsubscribe link (RFC 8058).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\local;

/**
 * Makes and checks `<userid>-<courseid>-<topic>-<mac>` tokens, where mac is the unpadded base64url of
 * HMAC-SHA256(key: the plugin's `unsubscribesecret`, message: `unsubscribe:<userid>-<courseid>-<topic>`).
 *
 * The engine makes the same tokens for the List-Unsubscribe header (crates/runner/src/unsubscribe.rs);
 * both sides test the same vector so they cannot drift apart. The token is the only credential of the
 * unsubscribe link: it names the learner, the course (0: every course) and the topic, so nobody can
 * unsubscribe someone else by changing an id, and rotating the secret revokes every link at once. An
 * empty secret (a site that has not generated one) refuses every token rather than accepting a MAC
 * anyone can compute.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class unsubscribe_token {
    /** The token's shape: ids, a topic as the engine names them, 43 base64url characters (32 bytes). */
    public const PATTERN = '/^(\d+)-(\d+)-([a-z0-9_]{1,64})-([A-Za-z0-9_-]{43})$/D';

    /** The plugin setting that holds the secret. */
    public const SECRET_SETTING = 'unsubscribesecret';

    /**
     * The MAC of a payload.
     *
     * @param string $secret the site's secret
     * @param string $payload `<userid>-<courseid>-<topic>`
     * @return string unpadded base64url
     */
    private static function mac(string $secret, string $payload): string {
        $raw = hash_hmac('sha256', 'unsubscribe:' . $payload, $secret, true);
        return rtrim(strtr(base64_encode($raw), '+/', '-_'), '=');
    }

    /**
     * The token for a learner's mail of a topic in a course.
     *
     * @param string $secret the site's secret (not empty)
     * @param int $userid the learner
     * @param int $courseid the course, 0 for every course
     * @param string $topic calls, inactivity, accessend, completion, a site's notification code, or all
     * @return string
     */
    public static function make(string $secret, int $userid, int $courseid, string $topic): string {
        if ($secret === '') {
            throw new \coding_exception('unsubscribe tokens need the site\'s secret');
        }
        if ($userid < 0 || $courseid < 0 || !preg_match('/^[a-z0-9_]{1,64}$/D', $topic)) {
            throw new \coding_exception('invalid unsubscribe token fields');
        }
        $payload = "{$userid}-{$courseid}-{$topic}";
        return $payload . '-' . self::mac($secret, $payload);
    }

    /**
     * The fields of a token of the right shape, before its MAC is checked; null for any other text.
     *
     * @param string $token the token as received
     * @return array|null ['userid' => int, 'courseid' => int, 'topic' => string, 'mac' => string]
     */
    public static function parse(string $token): ?array {
        if (strlen($token) > 200 || !preg_match(self::PATTERN, $token, $m)) {
            return null;
        }
        // Leading zeros or ids beyond an int would give another payload than the one signed.
        if ($m[1] !== (string) (int) $m[1] || $m[2] !== (string) (int) $m[2]) {
            return null;
        }
        return ['userid' => (int) $m[1], 'courseid' => (int) $m[2], 'topic' => $m[3], 'mac' => $m[4]];
    }

    /**
     * The learner, course and topic of a genuine token; null for a malformed, forged or altered one,
     * and for every token while the secret is empty.
     *
     * @param string $token the token as received
     * @param string $secret the site's secret
     * @return array|null ['userid' => int, 'courseid' => int, 'topic' => string]
     */
    public static function verify(string $token, string $secret): ?array {
        $fields = self::parse($token);
        if ($fields === null || $secret === '') {
            return null;
        }
        $expected = self::mac($secret, "{$fields['userid']}-{$fields['courseid']}-{$fields['topic']}");
        // Constant time: the comparison must not tell a forger how many characters were right.
        if (!hash_equals($expected, $fields['mac'])) {
            return null;
        }
        unset($fields['mac']);
        return $fields;
    }

    /**
     * The site's secret, '' when none was generated.
     *
     * @return string
     */
    public static function secret(): string {
        $secret = get_config('block_course_notification', self::SECRET_SETTING);
        return is_string($secret) ? $secret : '';
    }
}
