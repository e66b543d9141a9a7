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
 * Issue 16, item 2, over HTTP: categorynotifications.php and coursenotifications.php served by PHP's
 * built-in server against the demo site in MariaDB, with the extension. Each page needs a login and its
 * capability; the category page shows the effective set with the category's values highlighted, and its
 * Reset removes the category's values only with the session's key.
 *
 * The site is a web root made for the test, as LearnerPagesHttpTest's: the plugin's pages as they are,
 * its classes, strings and templates, and a config.php on the shims (effective_site_config.php).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use PHPUnit\Framework\TestCase;

require_once(__DIR__ . '/demo_site.php');

/**
 * The category and course views over real HTTP.
 *
 * @coversNothing
 */
final class EffectivePagesHttpTest extends TestCase {
    use demo_site;

    /** @var string the test database */
    private const DB = 'cn_php_effective_pages';

    /** @var int the time (2026-11-22 00:00 UTC) */
    private const NOW = 1795305600;

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
        if (!extension_loaded('course_notification')) {
            return;
        }
        self::$mysqli = (new self('fixture'))->load_demo_site(self::db(), self::NOW);
        // Category Miscellaneous (context 2) switches the first call off and gives it a late limit.
        self::$mysqli->query("INSERT INTO mdl_block_cnotif_def (id, contextid, code, enabled, latelimit)
            VALUES (1, 2, 'firstcall', 0, 3)");
        self::$mysqli->query("INSERT INTO mdl_block_cnotif_def (id, contextid, code, priority) VALUES (2, 12, 'inactive', 2)");
        // Course 2's block has its context, as on any Moodle site (the capability is checked there).
        self::$mysqli->query("INSERT INTO mdl_context (id, contextlevel, instanceid, path, depth)
            SELECT 1000 + id, 80, id, CONCAT('/1/2/12/', 1000 + id), 4 FROM mdl_block_instances WHERE parentcontextid = 12");

        self::$tmp = sys_get_temp_dir() . '/cn-effective-pages-http-' . getmypid();
        $plugin = self::$tmp . '/www/blocks/course_notification';
        $root = dirname(__DIR__, 2);
        mkdir("$plugin/php/tests", 0777, true);
        foreach (['categorynotifications.php', 'coursenotifications.php'] as $page) {
            copy("$root/$page", "$plugin/$page");
        }
        foreach (['classes', 'lang', 'templates'] as $dir) {
            symlink("$root/$dir", "$plugin/$dir");
        }
        foreach (['moodle_shim', 'moodle_dml', 'moodle_learner_shim', 'moodle_web_shim', 'web_site_config',
                'moodle_category_shim', 'effective_site_config'] as $file) {
            $code = file_get_contents(__DIR__ . "/$file.php");
            self::assertStringContainsString(self::GUARD, $code, $file);
            file_put_contents("$plugin/php/tests/$file.php", str_replace(self::GUARD, '', $code));
        }
        file_put_contents(self::$tmp . '/www/config.php',
            "<?php\nrequire(__DIR__ . '/blocks/course_notification/php/tests/effective_site_config.php');\n");

        $socket = stream_socket_server('tcp://127.0.0.1:0');
        $name = stream_socket_get_name($socket, false);
        fclose($socket);
        $port = (int) substr($name, strrpos($name, ':') + 1);
        self::$base = "http://127.0.0.1:$port";
        $env = getenv();
        $env['CN_WEB_DB'] = self::db();
        $env['CN_WEB_WWWROOT'] = self::$base;
        self::$server = proc_open([PHP_BINARY, '-d', 'display_errors=1', '-d', 'error_reporting=-1', '-S', "127.0.0.1:$port",
            '-t', self::$tmp . '/www'], [0 => ['file', '/dev/null', 'r'], 1 => ['file', self::$tmp . '/server.log', 'w'],
            2 => ['file', self::$tmp . '/server.log', 'a']], $pipes, null, $env);
        for ($i = 0; $i < 100; $i++) {
            $connection = @fsockopen('127.0.0.1', $port, $errno, $errstr, 0.2);
            if ($connection) {
                fclose($connection);
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

    protected function setUp(): void {
        if (!extension_loaded('course_notification')) {
            $this->markTestSkipped('the course_notification extension is not loaded');
        }
    }

    /**
     * One GET of a page of the plugin.
     *
     * @param string $page the page and its query, from the plugin's folder
     * @param string[] $headers request headers
     * @return array [status, headers (lower-case names), body]
     */
    private function fetch(string $page, array $headers = []): array {
        $context = stream_context_create(['http' => ['method' => 'GET', 'header' => implode("\r\n", $headers),
            'ignore_errors' => true, 'timeout' => 20, 'follow_location' => 0]]);
        $text = file_get_contents(self::$base . '/blocks/course_notification/' . $page, false, $context);
        $this->assertNotFalse($text, 'no answer: ' . @file_get_contents(self::$tmp . '/server.log'));
        $status = (int) explode(' ', $http_response_header[0])[1];
        $received = [];
        foreach (array_slice($http_response_header, 1) as $line) {
            [$name, $value] = array_map('trim', explode(':', $line, 2)) + [1 => ''];
            $received[strtolower($name)][] = $value;
        }
        foreach (['Notice:', 'Warning:', 'Deprecated:', 'Fatal error:', 'Stack trace', '[[', 'Uncaught'] as $fault) {
            $this->assertStringNotContainsString($fault, $text, $page);
        }
        return [$status, $received, $text];
    }

    /**
     * The category's definitions, by code.
     *
     * @return string[]
     */
    private function category_codes(): array {
        $result = self::$mysqli->query('SELECT code FROM mdl_block_cnotif_def WHERE contextid = 2 ORDER BY code');
        return array_column($result->fetch_all(), 0);
    }

    /**
     * A table cell of a notification's row, as the page shows it.
     *
     * @param string $body the page
     * @param string $code the notification
     * @param string $column the column
     * @return string the cell's opening tag and contents
     */
    private function cell(string $body, string $code, string $column): string {
        $this->assertMatchesRegularExpression('/<tr data-code="' . $code . '"/', $body);
        $row = substr($body, strpos($body, '<tr data-code="' . $code . '"'));
        $row = substr($row, 0, strpos($row, '</tr>'));
        $this->assertTrue((bool) preg_match('/<td data-column="' . $column . '"[^>]*>.*?<\/td>/s', $row, $m), "$code $column");
        return preg_replace('/\s+/', ' ', $m[0]);
    }

    public function test_the_pages_need_a_login_and_the_capability(): void {
        foreach (['categorynotifications.php?id=1', 'coursenotifications.php?id=2'] as $page) {
            [$status, $headers] = $this->fetch($page);
            $this->assertSame(303, $status, $page);
            $this->assertStringEndsWith('/login/index.php', $headers['location'][0]);
            [$status, , $body] = $this->fetch($page, ['X-CN-Test-Login: 2', 'X-CN-Test-Nocaps: 1']);
            $this->assertSame(403, $status, $page);
            $this->assertStringContainsString('nopermissions', $body);
            $this->assertStringNotContainsString('data-code=', $body);
        }
    }

    public function test_the_category_page_shows_the_effective_set_and_what_the_category_sets(): void {
        [$status, , $body] = $this->fetch('categorynotifications.php?id=1', ['X-CN-Test-Login: 2']);
        $this->assertSame(200, $status, $body);
        $enabled = $this->cell($body, 'firstcall', 'enabled');
        $this->assertStringContainsString('data-here="1"', $enabled);
        $this->assertStringContainsString('off', $enabled);
        $this->assertStringContainsString('category Miscellaneous', $enabled);
        $this->assertStringContainsString('3 days', $this->cell($body, 'firstcall', 'latelimit'));
        $when = $this->cell($body, 'firstcall', 'when');
        $this->assertStringNotContainsString('data-here', $when);
        $this->assertStringContainsString("7 days after start of the learner&#039;s access", $when);
        $this->assertStringContainsString('built-in', $when);
        // The course's own value is below the category: not shown here.
        $priority = $this->cell($body, 'inactive', 'priority');
        $this->assertStringContainsString('built-in', $priority);
        $this->assertStringNotContainsString('data-here', $priority);
        // Edit on every notification, Reset only where the category has values.
        $this->assertStringContainsString('categorynotifications.php?id=1&amp;action=reset&amp;def=firstcall', $body);
        $this->assertStringNotContainsString('action=reset&amp;def=inactive', $body);
        $this->assertStringContainsString('categorynotifications.php?id=1&amp;action=edit&amp;def=inactive', $body);
    }

    public function test_the_course_page_shows_the_course_values_and_where_the_others_come_from(): void {
        [$status, , $body] = $this->fetch('coursenotifications.php?id=2', ['X-CN-Test-Login: 2']);
        $this->assertSame(200, $status, $body);
        $priority = $this->cell($body, 'inactive', 'priority');
        $this->assertStringContainsString('data-here="1"', $priority);
        $this->assertStringContainsString('this course', $priority);
        $enabled = $this->cell($body, 'firstcall', 'enabled');
        $this->assertStringNotContainsString('data-here', $enabled);
        $this->assertStringContainsString('category Miscellaneous', $enabled);
        $this->assertStringNotContainsString('action=', $body, 'a view: no actions');
    }

    public function test_reset_asks_first_and_removes_the_category_values_only_with_the_session_key(): void {
        self::$mysqli->query("INSERT INTO mdl_block_cnotif_def (id, contextid, code, offsetdays) VALUES (3, 2, 'secondcall', 20)");
        [$status, $headers, $body] = $this->fetch('categorynotifications.php?id=1&action=reset&def=secondcall',
            ['X-CN-Test-Login: 2']);
        $this->assertSame(200, $status, $body);
        $this->assertStringContainsString('Remove this category', $body);
        $this->assertSame(['firstcall', 'secondcall'], $this->category_codes(), 'asking changes nothing');
        $cookie = 'Cookie: ' . explode(';', $headers['set-cookie'][0])[0];
        $this->assertTrue((bool) preg_match('/class="continue" href="[^"]*\/blocks\/course_notification\/([^"]+)"/', $body, $m));
        $continue = html_entity_decode($m[1]);
        $this->assertStringContainsString('sesskey=', $continue);

        // Without the key, or with another one, or in another session: refused, nothing removed.
        $withoutkey = preg_replace('/&sesskey=[^&]*/', '', $continue);
        foreach ([[$withoutkey, $cookie], [$withoutkey . '&sesskey=0123456789', $cookie], [$continue, 'X-None: 1']] as [$url, $c]) {
            [$status, , $page] = $this->fetch($url, [$c, 'X-CN-Test-Login: 2']);
            $this->assertSame(403, $status, $url);
            $this->assertStringContainsString('invalidsesskey', $page);
            $this->assertSame(['firstcall', 'secondcall'], $this->category_codes());
        }

        [$status, $headers] = $this->fetch($continue, [$cookie]);
        $this->assertSame(303, $status);
        $this->assertStringContainsString('categorynotifications.php?id=1', $headers['location'][0]);
        $this->assertSame(['firstcall'], $this->category_codes(), 'only that notification, only this category');
        [$status, , $body] = $this->fetch('categorynotifications.php?id=1', [$cookie]);
        $this->assertStringContainsString('Reset: the inherited values apply again.', $body);
        $this->assertStringContainsString('14 days after', $this->cell($body, 'secondcall', 'when'));
        $this->assertStringNotContainsString('data-here', $this->cell($body, 'secondcall', 'when'));
    }
}
