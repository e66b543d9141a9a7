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
 * Issue 15, items 1 and 2, end to end over HTTP: the learner's pages served by PHP's built-in web server
 * against the demo site in MariaDB.
 *
 * unsubscribe.php: a POST as a mail provider sends it (RFC 8058: List-Unsubscribe=One-Click, no cookie)
 * unsubscribes at once; a GET, as a mail scanner sends it, only asks; a forged, altered or malformed
 * token, or a user who is gone, is refused and changes nothing; no response sets a cookie.
 * preferences.php: only for a logged-in user holding the capability, and no change without the
 * session's key.
 *
 * The site is a web root made for the test: the plugin's pages as they are, its classes, strings and
 * templates, and a config.php on the shims (web_site_config.php), copied without the command-line
 * guard that keeps them silent in a real web root.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use block_course_notification\local\unsubscribe_token;
use PHPUnit\Framework\TestCase;

require_once(__DIR__ . '/demo_site.php');
require_once(__DIR__ . '/moodle_shim.php');
require_once(__DIR__ . '/../../classes/local/unsubscribe_token.php');

/**
 * unsubscribe.php and preferences.php over real HTTP.
 *
 * @coversNothing
 */
final class LearnerPagesHttpTest extends TestCase {
    use demo_site;

    /** @var string the test database */
    private const DB = 'cn_php_learner_pages';

    /** @var int the time (2026-11-22 00:00 UTC) */
    private const NOW = 1795305600;

    /** @var string the site's secret */
    private const SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

    /** The guard the developer files start with, dropped from the copies the test site serves. */
    private const GUARD = "PHP_SAPI === 'cli' || exit();";

    /** @var mysqli the fixture's connection */
    private static $mysqli;

    /** @var resource the server's process */
    private static $server;

    /** @var string the server's base URL */
    private static $base;

    /** @var string the test site's folder */
    private static $tmp;

    public static function setUpBeforeClass(): void {
        // The fixture, once: each test looks at its own user's rows.
        self::$mysqli = (new self('fixture'))->load_demo_site(self::db(), self::NOW);
        // Lucie's user context, which her preferences page is in; the guest (Moodle installs them).
        self::$mysqli->query("INSERT INTO mdl_context (id, contextlevel, instanceid, path, depth)
            VALUES (106, 30, 6, '/1/106', 2)");
        self::$mysqli->query("INSERT INTO mdl_user (id, auth, confirmed, mnethostid, username, firstname, lastname, email)
            VALUES (1, 'manual', 1, 1, 'guest', 'Guest user', ' ', 'root@localhost')");

        self::$tmp = sys_get_temp_dir() . '/cn-learner-pages-http-' . getmypid();
        $plugin = self::$tmp . '/www/blocks/course_notification';
        $root = dirname(__DIR__, 2);
        mkdir("$plugin/php/tests", 0777, true);
        copy("$root/unsubscribe.php", "$plugin/unsubscribe.php");
        copy("$root/preferences.php", "$plugin/preferences.php");
        foreach (['classes', 'lang', 'templates'] as $dir) {
            symlink("$root/$dir", "$plugin/$dir");
        }
        foreach (['moodle_shim', 'moodle_dml', 'moodle_learner_shim', 'moodle_web_shim', 'web_site_config'] as $file) {
            $code = file_get_contents(__DIR__ . "/$file.php");
            self::assertStringContainsString(self::GUARD, $code, $file);
            file_put_contents("$plugin/php/tests/$file.php", str_replace(self::GUARD, '', $code));
        }
        file_put_contents(self::$tmp . '/www/config.php',
            "<?php\nrequire(__DIR__ . '/blocks/course_notification/php/tests/web_site_config.php');\n");

        $port = self::free_port();
        self::$base = "http://127.0.0.1:$port";
        $env = getenv() + [];
        $env['CN_WEB_DB'] = self::db();
        $env['CN_WEB_SECRET'] = self::SECRET;
        $env['CN_WEB_WWWROOT'] = self::$base;
        self::$server = proc_open([PHP_BINARY, '-d', 'display_errors=1', '-d', 'error_reporting=-1', '-S', "127.0.0.1:$port",
            '-t', self::$tmp . '/www'], [0 => ['file', '/dev/null', 'r'], 1 => ['file', self::$tmp . '/server.log', 'w'],
            2 => ['file', self::$tmp . '/server.log', 'a']], $pipes, null, $env);
        for ($i = 0; $i < 100; $i++) {
            $socket = @fsockopen('127.0.0.1', $port, $errno, $errstr, 0.2);
            if ($socket) {
                fclose($socket);
                return;
            }
            usleep(50000);
        }
        self::fail("PHP's built-in server did not start on port $port: " . @file_get_contents(self::$tmp . '/server.log'));
    }

    public static function tearDownAfterClass(): void {
        if (self::$server) {
            proc_terminate(self::$server);
            proc_close(self::$server);
        }
        if (self::$tmp) {
            exec('rm -rf ' . escapeshellarg(self::$tmp));
        }
        if (self::$mysqli) {
            self::$mysqli->close();
        }
    }

    /**
     * A port nothing listens on now (the system picks it).
     *
     * @return int
     */
    private static function free_port(): int {
        $socket = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
        $name = stream_socket_get_name($socket, false);
        fclose($socket);
        return (int) substr($name, strrpos($name, ':') + 1);
    }

    /**
     * One request to a page of the plugin.
     *
     * @param string $method GET, POST or HEAD
     * @param string $page the page and its query, from the plugin's folder
     * @param string|null $body the body, form-encoded unless a Content-Type header says otherwise
     * @param string[] $headers more request headers
     * @return array [status, headers (lower-case names), body, seconds]
     */
    private function fetch(string $method, string $page, ?string $body = null, array $headers = []): array {
        if ($body !== null && !preg_grep('/^Content-Type:/i', $headers)) {
            $headers[] = 'Content-Type: application/x-www-form-urlencoded';
        }
        $context = stream_context_create(['http' => ['method' => $method, 'header' => implode("\r\n", $headers),
            'content' => $body ?? '', 'ignore_errors' => true, 'timeout' => 20, 'follow_location' => 0]]);
        $started = microtime(true);
        $text = file_get_contents(self::$base . '/blocks/course_notification/' . $page, false, $context);
        $seconds = microtime(true) - $started;
        $this->assertNotFalse($text, 'no answer: ' . @file_get_contents(self::$tmp . '/server.log'));
        $status = (int) explode(' ', $http_response_header[0])[1];
        $received = [];
        foreach (array_slice($http_response_header, 1) as $line) {
            [$name, $value] = array_map('trim', explode(':', $line, 2)) + [1 => ''];
            $received[strtolower($name)][] = $value;
        }
        // Whatever the path: no PHP notice, warning or deprecation, no missing string in the page.
        foreach (['Notice:', 'Warning:', 'Deprecated:', 'Fatal error:', 'Stack trace', '[[', 'Uncaught'] as $fault) {
            $this->assertStringNotContainsString($fault, $text, "$method $page");
        }
        return [$status, $received, $text, $seconds];
    }

    /**
     * One request to the unsubscribe link, without any cookie, as a mail provider sends it.
     *
     * @param string $method GET, POST or HEAD
     * @param string $token the token (raw: encoded here)
     * @param string|null $body the body, form-encoded unless $type says otherwise
     * @param string $type the body's content type
     * @return array [status, headers (lower-case names), body, seconds]
     */
    private function request(string $method, string $token, ?string $body = null,
            string $type = 'application/x-www-form-urlencoded'): array {
        $result = $this->fetch($method, 'unsubscribe.php?token=' . rawurlencode($token), $body,
            $body === null ? [] : ["Content-Type: $type"]);
        $this->assertArrayNotHasKey('set-cookie', $result[1], 'the page opened a session');
        return $result;
    }

    /**
     * The opt-outs of a user, as "course/topic/source".
     *
     * @param int $userid the user
     * @return string[]
     */
    private function rows(int $userid): array {
        $result = self::$mysqli->query("SELECT courseid, topic, source FROM mdl_block_cnotif_pref WHERE userid = $userid
            ORDER BY courseid, topic");
        return array_map(fn($r) => implode('/', $r), $result->fetch_all());
    }

    public function test_a_one_click_post_without_cookies_unsubscribes_at_once(): void {
        $token = unsubscribe_token::make(self::SECRET, 4, 2, 'accessend');
        [$status, , $body, $seconds] = $this->request('POST', $token, 'List-Unsubscribe=One-Click');
        $this->assertSame(200, $status, $body);
        $this->assertSame(['2/accessend/oneclick'], $this->rows(4));
        $this->assertStringContainsString('You will no longer receive these e-mails: Reminders that your access to a course ' .
            'ends, from Algebra &amp; .', $body);
        $this->assertStringContainsString('are still sent', $body, 'essential notifications');
        $this->assertStringContainsString('/blocks/course_notification/preferences.php', $body, 'the way back');
        $this->assertLessThan(5.0, $seconds);
        // The provider posts again, or the learner clicks twice: still one opt-out, still 200.
        [$status] = $this->request('POST', $token, 'List-Unsubscribe=One-Click');
        $this->assertSame(200, $status);
        $this->assertSame(['2/accessend/oneclick'], $this->rows(4));
    }

    public function test_a_multipart_post_unsubscribes_too(): void {
        // RFC 8058 allows either encoding of the body.
        $boundary = 'cn' . bin2hex(random_bytes(6));
        $body = "--$boundary\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--$boundary--\r\n";
        [$status, , $page] = $this->request('POST', unsubscribe_token::make(self::SECRET, 5, 0, 'all'), $body,
            "multipart/form-data; boundary=$boundary");
        $this->assertSame(200, $status, $page);
        $this->assertSame(['0/all/oneclick'], $this->rows(5));
        $this->assertStringContainsString('All course notifications, from all your courses', $page);
    }

    public function test_a_get_asks_and_changes_nothing(): void {
        $token = unsubscribe_token::make(self::SECRET, 3, 2, 'inactivity');
        foreach (['GET', 'HEAD'] as $method) {
            [$status, , $body] = $this->request($method, $token);
            $this->assertSame(200, $status, "$method: $body");
            $this->assertSame([], $this->rows(3), "a $method changes nothing");
        }
        [, , $body] = $this->request('GET', $token);
        $this->assertStringContainsString('Stop receiving these e-mails: Reminders when you have not visited a course for a ' .
            'while, from Algebra &amp; ?', $body);
        // The button posts exactly what a mail provider posts, to the link itself.
        $this->assertMatchesRegularExpression('~<form method="post" action="[^"]*/blocks/course_notification/unsubscribe\.php' .
            '\?token=' . preg_quote($token, '~') . '"~', $body);
        $this->assertStringContainsString('<input type="hidden" name="List-Unsubscribe" value="One-Click">', $body);
        $this->assertStringContainsString('/blocks/course_notification/preferences.php', $body);
        $this->assertStringContainsString('pagelayout-login', $body);
    }

    public function test_forged_altered_or_malformed_tokens_are_refused_and_change_nothing(): void {
        $genuine = unsubscribe_token::make(self::SECRET, 8, 2, 'calls');
        $mac = substr($genuine, strlen('8-2-calls-'));
        $cases = [
            // Someone else's id under Pedro's MAC; another course; another topic.
            ["14-2-calls-$mac", 403, 'not valid'],
            ["8-3-calls-$mac", 403, 'not valid'],
            ["8-2-all-$mac", 403, 'not valid'],
            // Signed with another secret (the site rotated its secret since).
            [unsubscribe_token::make('an older secret', 8, 2, 'calls'), 403, 'not valid'],
            // Cut short by a mail client, or nothing at all.
            [substr($genuine, 0, -3), 400, 'incomplete or damaged'],
            ['', 400, 'incomplete or damaged'],
            ["8-2-calls-$mac'><script>", 400, 'incomplete or damaged'],
        ];
        foreach ($cases as [$token, $expected, $says]) {
            foreach (['POST', 'GET'] as $method) {
                [$status, , $body] = $this->request($method, $token, $method === 'POST' ? 'List-Unsubscribe=One-Click' : null);
                $this->assertSame($expected, $status, "$method $token");
                $this->assertStringContainsString($says, $body, "$method $token");
                $this->assertStringContainsString('Nothing was changed', $body);
                $this->assertStringNotContainsString('<script>', $body);
            }
        }
        // Arrays where Moodle expects values: refused as malformed, not a coding error.
        $url = self::$base . '/blocks/course_notification/unsubscribe.php?token[]=' . rawurlencode($genuine);
        $context = stream_context_create(['http' => ['method' => 'POST', 'ignore_errors' => true,
            'header' => "Content-Type: application/x-www-form-urlencoded\r\n", 'content' => 'List-Unsubscribe[]=One-Click']]);
        $body = file_get_contents($url, false, $context);
        $this->assertStringContainsString(' 400 ', $http_response_header[0], $body);
        $this->assertStringContainsString('incomplete or damaged', $body);
        [$status, , $body] = $this->request('POST', $genuine, 'List-Unsubscribe[]=One-Click');
        $this->assertSame(400, $status, $body);
        $this->assertStringContainsString('did not ask to unsubscribe', $body);
        $this->assertSame([], $this->rows(8));
        $this->assertSame([], $this->rows(14));
    }

    public function test_a_user_who_is_gone_or_a_post_that_does_not_ask_is_refused(): void {
        // Gone (15) is a deleted account; 999 never existed: genuine tokens, nobody to unsubscribe.
        foreach ([15, 999] as $userid) {
            [$status, , $body] = $this->request('POST', unsubscribe_token::make(self::SECRET, $userid, 2, 'calls'),
                'List-Unsubscribe=One-Click');
            $this->assertSame(403, $status);
            $this->assertStringContainsString('no longer exists', $body);
            $this->assertSame([], $this->rows($userid));
        }
        // A POST without List-Unsubscribe=One-Click (a form elsewhere, a probe) is not the RFC's request.
        $token = unsubscribe_token::make(self::SECRET, 17, 2, 'calls');
        foreach (['', 'List-Unsubscribe=Yes', 'other=1'] as $body) {
            [$status, , $page] = $this->request('POST', $token, $body);
            $this->assertSame(400, $status, $body);
            $this->assertStringContainsString('did not ask to unsubscribe', $page);
        }
        $this->assertSame([], $this->rows(17));
    }

    public function test_the_preferences_page_needs_a_login_and_the_capability(): void {
        [$status, $headers] = $this->fetch('GET', 'preferences.php');
        $this->assertSame(303, $status);
        $this->assertStringEndsWith('/login/index.php', $headers['location'][0]);
        [$status, , $body] = $this->fetch('GET', 'preferences.php', null, ['X-CN-Test-Login: 1']);
        $this->assertSame(403, $status, 'the guest');
        $this->assertStringContainsString('requireloginerror', $body);
        [$status, , $body] = $this->fetch('GET', 'preferences.php', null, ['X-CN-Test-Login: 6', 'X-CN-Test-Nocaps: 1']);
        $this->assertSame(403, $status);
        $this->assertStringContainsString('nopermissions', $body);
    }

    public function test_the_preferences_page_changes_nothing_without_the_session_key(): void {
        self::$mysqli->query("INSERT INTO mdl_block_cnotif_pref (userid, courseid, topic, source, timecreated)
            VALUES (6, 2, 'accessend', 'oneclick', 1)");
        [$status, $headers, $body] = $this->fetch('GET', 'preferences.php', null, ['X-CN-Test-Login: 6']);
        $this->assertSame(200, $status, $body);
        $cookie = 'Cookie: ' . explode(';', $headers['set-cookie'][0])[0];
        $this->assertMatchesRegularExpression('/name="sesskey" value="([0-9a-f]+)"/', $body);
        preg_match('/name="sesskey" value="([0-9a-f]+)"/', $body, $m);
        $sesskey = $m[1];
        $this->assertStringContainsString('<input class="form-check-input" type="checkbox" name="receive[0-calls]" value="1" ' .
            'id="cn-pref-0-calls" checked>', $body);
        $this->assertStringContainsString('Reminders that your access to a course ends, from Algebra &amp; ', $body);

        // Untick the calls: without the key, or with another session's, nothing changes.
        $form = 'action=save&shown%5B%5D=0-all&shown%5B%5D=0-calls&receive%5B0-all%5D=1';
        foreach (['', '&sesskey=0123456789'] as $key) {
            [$status, , $page] = $this->fetch('POST', 'preferences.php', $form . $key, [$cookie]);
            $this->assertSame(403, $status);
            $this->assertStringContainsString('invalidsesskey', $page);
        }
        [$status] = $this->fetch('POST', 'preferences.php', 'action=undo&courseid=2&topic=accessend', [$cookie]);
        $this->assertSame(403, $status);
        $this->assertSame(['2/accessend/oneclick'], $this->rows(6));

        // With it: saved, then said on the page the browser is sent back to.
        [$status, $headers] = $this->fetch('POST', 'preferences.php', $form . "&sesskey=$sesskey", [$cookie]);
        $this->assertSame(303, $status);
        $this->assertStringEndsWith('/blocks/course_notification/preferences.php', $headers['location'][0]);
        $this->assertSame(['0/calls/preferences', '2/accessend/oneclick'], $this->rows(6));
        [, , $body] = $this->fetch('GET', 'preferences.php', null, [$cookie]);
        $this->assertStringContainsString('Your course notification preferences were saved.', $body);
        $this->assertStringContainsString('name="receive[0-calls]" value="1" id="cn-pref-0-calls">', $body, 'unticked');

        // The one-click opt-out undone.
        [$status] = $this->fetch('POST', 'preferences.php', "action=undo&courseid=2&topic=accessend&sesskey=$sesskey", [$cookie]);
        $this->assertSame(303, $status);
        $this->assertSame(['0/calls/preferences'], $this->rows(6));
        [, , $body] = $this->fetch('GET', 'preferences.php', null, [$cookie]);
        $this->assertStringContainsString('You will receive these again: Reminders that your access to a course ends, from ' .
            'Algebra &amp; .', $body);
        $this->assertStringNotContainsString('Stopped from an e-mail', $body);
    }
}
