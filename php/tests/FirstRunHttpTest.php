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
 * Issue 16, item 3, over HTTP: firstrun.php served by PHP's built-in web server (with the extension) against
 * the demo site in MariaDB. The review shows the forecast's next run; a choice goes through a confirmation
 * page, then a POST with the session's key; without the key or the capability nothing changes; "start from
 * now" for the site marks what is due and turns the site on; a course's "send what is due" is recorded.
 *
 * The site is a web root made for the test, as LearnerPagesHttpTest's, with firstrun_web_site.php as its
 * config.php.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use block_course_notification\local\engine_config;
use PHPUnit\Framework\TestCase;

require_once(__DIR__ . '/demo_site.php');
require_once(__DIR__ . '/moodle_shim.php');

/**
 * firstrun.php over real HTTP.
 *
 * @coversNothing
 */
final class FirstRunHttpTest extends TestCase {
    use demo_site;

    /** @var string the test database */
    private const DB = 'cn_php_firstrun_http';

    /** @var int the demo site's time: its dates are relative to it (the page computes at the real time) */
    private const NOW = 1795305600;

    /** The guard the developer files start with, dropped from the copies the test site serves. */
    private const GUARD = "PHP_SAPI === 'cli' || exit();";

    /** The administrator's capabilities. */
    private const ADMIN = ['X-CN-Test-Login: 2', 'X-CN-Test-Caps: moodle/site:config'];

    /** A teacher's: setup in the course, not the site's configuration. */
    private const TEACHER = ['X-CN-Test-Login: 7', 'X-CN-Test-Caps: block/course_notification:setup'];

    /** @var mysqli the fixture's connection */
    private $mysqli;

    /** @var resource the server's process */
    private $server;

    /** @var string the server's base URL */
    private $base;

    /** @var string the test site's folder */
    private $tmp;

    /** @var string the session's cookie */
    private $cookie = '';

    protected function setUp(): void {
        if (!extension_loaded('course_notification')) {
            $this->markTestSkipped('the course_notification extension is not loaded');
        }
        $this->mysqli = $this->load_demo_site(self::db(), self::NOW);
        $this->tmp = sys_get_temp_dir() . '/cn-firstrun-http-' . getmypid();
        $plugin = $this->tmp . '/www/blocks/course_notification';
        $root = dirname(__DIR__, 2);
        mkdir("$plugin/php/tests", 0777, true);
        copy("$root/firstrun.php", "$plugin/firstrun.php");
        foreach (['classes', 'lang', 'templates'] as $dir) {
            symlink("$root/$dir", "$plugin/$dir");
        }
        foreach (['moodle_shim', 'moodle_dml', 'moodle_learner_shim', 'moodle_web_shim', 'web_site_config',
                'moodle_page_shim', 'moodle_category_shim', 'firstrun_web_site'] as $file) {
            $code = file_get_contents(__DIR__ . "/$file.php");
            $this->assertStringContainsString(self::GUARD, $code, $file);
            file_put_contents("$plugin/php/tests/$file.php", str_replace(self::GUARD, '', $code));
        }
        file_put_contents($this->tmp . '/www/config.php',
            "<?php\nrequire(__DIR__ . '/blocks/course_notification/php/tests/firstrun_web_site.php');\n");

        $socket = stream_socket_server('tcp://127.0.0.1:0');
        $name = stream_socket_get_name($socket, false);
        fclose($socket);
        $port = (int) substr($name, strrpos($name, ':') + 1);
        $this->base = "http://127.0.0.1:$port";
        $env = getenv() + [];
        $env['CN_WEB_DB'] = self::db();
        $env['CN_WEB_WWWROOT'] = $this->base;
        $this->server = proc_open([PHP_BINARY, '-d', 'display_errors=1', '-d', 'error_reporting=-1', '-S', "127.0.0.1:$port",
            '-t', $this->tmp . '/www'], [0 => ['file', '/dev/null', 'r'], 1 => ['file', $this->tmp . '/server.log', 'w'],
            2 => ['file', $this->tmp . '/server.log', 'a']], $pipes, null, $env);
        for ($i = 0; $i < 100; $i++) {
            $socket = @fsockopen('127.0.0.1', $port, $errno, $errstr, 0.2);
            if ($socket) {
                fclose($socket);
                return;
            }
            usleep(50000);
        }
        $this->fail("PHP's built-in server did not start on port $port");
    }

    protected function tearDown(): void {
        if ($this->server) {
            proc_terminate($this->server);
            proc_close($this->server);
        }
        if ($this->tmp) {
            exec('rm -rf ' . escapeshellarg($this->tmp));
        }
        if ($this->mysqli) {
            $this->mysqli->close();
        }
    }

    /**
     * One request to firstrun.php, in the test's session.
     *
     * @param string $method GET or POST
     * @param string $query the query string
     * @param array|null $post the form's fields
     * @param string[] $headers more request headers (who is logged in, with which capabilities)
     * @return array [status, location, body]
     */
    private function fetch(string $method, string $query, ?array $post, array $headers): array {
        if ($this->cookie !== '') {
            $headers[] = 'Cookie: ' . $this->cookie;
        }
        if ($post !== null) {
            $headers[] = 'Content-Type: application/x-www-form-urlencoded';
        }
        $context = stream_context_create(['http' => ['method' => $method, 'header' => implode("\r\n", $headers),
            'content' => $post === null ? '' : http_build_query($post), 'ignore_errors' => true, 'timeout' => 60,
            'follow_location' => 0]]);
        $text = file_get_contents($this->base . '/blocks/course_notification/firstrun.php' . $query, false, $context);
        $this->assertNotFalse($text, 'no answer: ' . @file_get_contents($this->tmp . '/server.log'));
        $status = (int) explode(' ', $http_response_header[0])[1];
        $location = '';
        foreach (array_slice($http_response_header, 1) as $line) {
            [$name, $value] = array_map('trim', explode(':', $line, 2)) + [1 => ''];
            if (strtolower($name) === 'set-cookie') {
                $this->cookie = explode(';', $value)[0];
            }
            if (strtolower($name) === 'location') {
                $location = $value;
            }
        }
        foreach (['Notice:', 'Warning:', 'Deprecated:', 'Fatal error:', 'Stack trace', '[[', 'Uncaught'] as $fault) {
            $this->assertStringNotContainsString($fault, $text, "$method $query");
        }
        return [$status, $location, $text];
    }

    /**
     * What the engine forecasts for the next run now, as the page computes it.
     *
     * @param int[]|null $courses the scope
     * @return int
     */
    private function due_now(?array $courses = null): int {
        $cfg = (object) ['dbtype' => 'mariadb', 'dbhost' => '127.0.0.1', 'dbname' => self::db(), 'dbuser' => 'cn',
            'dbpass' => 'cn', 'prefix' => 'mdl_', 'dboptions' => ['dbport' => '3306', 'dbsocket' => ''],
            'wwwroot' => 'https://learn.example.org', 'smtphosts' => '127.0.0.1:9', 'smtpsecure' => '', 'smtpuser' => '',
            'smtppass' => '', 'noreplyaddress' => 'noreply@learn.example.org', 'timezone' => 'Europe/Paris', 'lang' => 'en'];
        $engine = new \CourseNotification\Engine(engine_config::config_from_cfg($cfg, (object) ['fullname' => 'Demo Academy',
            'shortname' => 'demo']));
        $options = ['now' => time(), 'days' => 1, 'cap' => 200, 'runs_per_day' => 1];
        if ($courses !== null) {
            $options['courses'] = $courses;
        }
        return (int) $engine->forecast($options)[0]['due'];
    }

    /**
     * A count from the test's database.
     *
     * @param string $sql the query
     * @return int
     */
    private function rows_of(string $sql): int {
        return (int) $this->mysqli->query($sql)->fetch_row()[0];
    }

    public function test_the_site_review_then_start_from_now_behind_its_confirmation_and_sesskey(): void {
        $due = $this->due_now();
        $this->assertGreaterThan(0, $due);
        [$status, , $body] = $this->fetch('GET', '', null, self::ADMIN);
        $this->assertSame(200, $status, $body);
        $this->assertStringContainsString('<td data-figure="due">' . $due . '</td>', $body);
        $this->assertStringContainsString('data-course="2"', $body);
        $this->assertStringContainsString('>Algebra &amp; </a>', $body, 'escaped once');
        $this->assertStringContainsString('firstrun.php?choice=fromnow', $body);
        $this->assertStringContainsString('process_notifications.php --markonly --force', $body);
        $this->assertStringNotContainsString('name="sesskey"', $body, 'the review changes nothing: no form');

        // A teacher: not the site's.
        [$status, , $body] = $this->fetch('GET', '', null, self::TEACHER);
        $this->assertSame(403, $status);
        $this->assertStringContainsString('nopermissions', $body);

        // The confirmation repeats the count, and posts the session's key.
        [$status, , $body] = $this->fetch('GET', '?choice=fromnow', null, self::ADMIN);
        $this->assertSame(200, $status, $body);
        $this->assertStringContainsString("({$due} messages at the next run)", $body);
        $this->assertSame(1, preg_match('/name="sesskey" value="([0-9a-f]+)"/', $body, $m), $body);
        $sesskey = $m[1];
        $this->assertStringContainsString('method="post"', $body);

        // Without the key, or by a GET with every field, nothing.
        [$status] = $this->fetch('POST', '', ['choice' => 'fromnow', 'confirm' => 1, 'due' => $due], self::ADMIN);
        $this->assertSame(403, $status);
        [$status] = $this->fetch('POST', '', ['choice' => 'fromnow', 'confirm' => 1, 'due' => $due, 'sesskey' => $sesskey],
            self::TEACHER);
        $this->assertSame(403, $status, 'the key without the capability');
        $this->assertSame(0, $this->rows_of("SELECT COUNT(1) FROM mdl_block_cnotif_outbox WHERE status = 'marked'"));
        $this->assertSame(0, $this->rows_of('SELECT COUNT(1) FROM mdl_block_cnotif_firstrun'));
        $this->assertSame(0, $this->rows_of("SELECT COUNT(1) FROM mdl_config_plugins WHERE name = 'enable' AND value = '1'"));

        [$status, $location] = $this->fetch('POST', '', ['choice' => 'fromnow', 'confirm' => 1, 'due' => $due,
            'sesskey' => $sesskey], self::ADMIN);
        $this->assertSame(303, $status);
        $this->assertStringContainsString('/admin/settings.php?section=blocksettingcourse_notification', $location);
        $marked = $this->rows_of("SELECT COUNT(1) FROM mdl_block_cnotif_outbox WHERE status = 'marked'");
        $this->assertGreaterThanOrEqual($due, $marked);
        $this->assertSame(1, $this->rows_of("SELECT COUNT(1) FROM mdl_config_plugins WHERE plugin = 'block_course_notification'
            AND name = 'enable' AND value = '1'"), 'the site is on');
        $this->assertSame(1, $this->rows_of("SELECT COUNT(1) FROM mdl_block_cnotif_firstrun WHERE courseid = 0
            AND choice = 'fromnow' AND userid = 2 AND due = $due AND marked = $marked"));
        $this->assertSame(0, $this->due_now(), 'nothing left for the next run');

        // The review again: the choice, and nothing due.
        [$status, , $body] = $this->fetch('GET', '', null, self::ADMIN);
        $this->assertSame(200, $status, $body);
        $this->assertStringContainsString("by Admin User: {$marked} messages recorded as done without being sent", $body);
        $this->assertStringContainsString('The next run would send nothing.', $body);
    }

    public function test_a_course_review_and_its_send_choice(): void {
        $due = $this->due_now([2]);
        [$status, , $body] = $this->fetch('GET', '?courseid=2', null, self::TEACHER);
        $this->assertSame(200, $status, $body);
        $this->assertStringContainsString('<td data-figure="due">' . $due . '</td>', $body);
        $this->assertStringNotContainsString('data-course=', $body, 'one course: no list of courses');
        $this->assertStringNotContainsString('--markonly', $body, 'the command line is not shown to a teacher');
        $this->assertStringContainsString('The site is off: nothing is sent in any course', $body);
        // An administrator without setup in the course: not theirs to choose here.
        [$status] = $this->fetch('GET', '?courseid=2', null, self::ADMIN);
        $this->assertSame(403, $status);
        // No block in course 4.
        [$status, , $body] = $this->fetch('GET', '?courseid=4', null, self::TEACHER);
        $this->assertSame(500, $status);
        $this->assertStringContainsString('firstrun:noblock', $body);

        [, , $body] = $this->fetch('GET', '?courseid=2&choice=send', null, self::TEACHER);
        $this->assertStringContainsString("send the {$due} messages due in this course?", $body);
        preg_match('/name="sesskey" value="([0-9a-f]+)"/', $body, $m);
        $this->assertStringContainsString('action="' . $this->base . '/blocks/course_notification/firstrun.php?courseid=2"',
            $body);
        [$status, $location, $body] = $this->fetch('POST', '?courseid=2', ['choice' => 'send', 'confirm' => 1, 'due' => $due,
            'sesskey' => $m[1]], self::TEACHER);
        $this->assertSame(303, $status, $body);
        $this->assertStringContainsString('/course/view.php?id=2', $location);
        $this->assertSame(1, $this->rows_of("SELECT COUNT(1) FROM mdl_block_cnotif_firstrun WHERE courseid = 2
            AND choice = 'send' AND userid = 7 AND marked = 0"));
        $this->assertSame(0, $this->rows_of("SELECT COUNT(1) FROM mdl_block_cnotif_outbox WHERE status = 'marked'"));
        $this->assertSame(0, $this->rows_of("SELECT COUNT(1) FROM mdl_config_plugins WHERE name = 'enable'"),
            'a course\'s choice leaves the site switch');
    }
}
