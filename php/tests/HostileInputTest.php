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
 * Hostile input from PHP: config and options arrays of wrong types, nested junk, huge ints,
 * non-UTF-8 strings. Each gives a CourseNotification\Exception naming the key (or, for a non-UTF-8
 * string argument, the TypeError ext-php-rs raises), never a fatal error, and no password is shown.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification developers
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use CourseNotification\Engine as Extension;
use CourseNotification\Exception as EngineException;
use PHPUnit\Framework\TestCase;

/**
 * CourseNotification\Engine against input nobody should send.
 *
 * @covers \CourseNotification\Engine
 */
final class HostileInputTest extends TestCase {

    /** @var string a password that must never appear in a message */
    private const SECRET = 'Pa55-S3cret';

    protected function setUp(): void {
        if (!extension_loaded('course_notification')) {
            $this->markTestSkipped('the course_notification extension is not loaded');
        }
    }

    private static function config(): array {
        return [
            'db' => ['host' => '127.0.0.1', 'port' => 3306, 'name' => 'cn_php_hostile', 'user' => 'cn',
                'pass' => self::SECRET, 'prefix' => 'mdl_'],
            'smtp' => ['host' => '127.0.0.1', 'port' => 2549, 'user' => 'mailer', 'pass' => self::SECRET],
            'site' => ['wwwroot' => 'https://learn.example.org', 'fullname' => 'Learn', 'shortname' => 'L',
                'noreplyaddress' => 'noreply@example.org', 'timezone' => 'Europe/Paris', 'lang' => 'en'],
        ];
    }

    /**
     * @param callable $call what to run
     * @return string the exception's message
     */
    private function refused(callable $call): string {
        try {
            $call();
        } catch (EngineException $e) {
            $this->assertStringNotContainsString(self::SECRET, $e->getMessage());
            $this->assertStringStartsWith('course_notification: ', $e->getMessage());
            return $e->getMessage();
        }
        $this->fail('no exception');
    }

    /**
     * @return array[] a spoilt config and the words its message must hold
     */
    public static function bad_configs(): array {
        $huge = PHP_INT_MAX;
        return [
            'port as a string' => [['db', 'port', '3306'], 'db.port must be an int, got string'],
            'port as a float' => [['db', 'port', 3306.0], 'db.port must be an int, got double'],
            'huge port' => [['db', 'port', $huge], "invalid setting db.port: $huge is not a TCP port"],
            'negative smtp port' => [['smtp', 'port', PHP_INT_MIN], 'invalid setting smtp.port'],
            'host as an array' => [['db', 'host', ['127.0.0.1']], 'db.host must be a string, got array'],
            'nested junk' => [['db', 'name', ['a' => ['b' => [new stdClass()]]]], 'db.name must be a string, got array'],
            'object' => [['site', 'wwwroot', new stdClass()], 'site.wwwroot must be a string, got object'],
            'bool' => [['site', 'timezone', true], 'site.timezone must be a string, got'],
            'non-UTF-8 password' => [['db', 'pass', "\xff\xfe" . self::SECRET], 'db.pass is not valid UTF-8 text'],
            'non-UTF-8 smtp password' => [['smtp', 'pass', self::SECRET . "\xc3\x28"], 'smtp.pass is not valid UTF-8'],
            'non-UTF-8 name' => [['site', 'fullname', "Acad\xe9mie"], 'site.fullname is not valid UTF-8 text'],
            'non-UTF-8 fallback' => [['smtp', 'fallbacks', ["mail\xff:25"]], 'an item of smtp.fallbacks is not valid UTF-8'],
            'fallbacks of ints' => [['smtp', 'fallbacks', [25]], 'smtp.fallbacks must hold strings, got long'],
            'prefix with SQL' => [['db', 'prefix', "mdl_`; DROP TABLE mdl_user; --"], 'invalid setting db.prefix'],
            'prefix with a quote' => [['db', 'prefix', "o'mdl_"], 'invalid setting db.prefix'],
            'timeout too long' => [['smtp', 'timeout', $huge], 'invalid setting smtp.timeout'],
            'divert address with CR/LF' => [['mail', 'divertto', "qa@example.org\r\nBcc: x@example.org"],
                'invalid setting mail.divertto'],
            'extra header smuggling a line' => [['mail', 'headers', "X-Site: learn\r\nBcc: x@example.org"],
                'invalid setting mail.headers'],
            'extra header without a colon' => [['mail', 'headers', 'X-Site learn'], 'invalid setting mail.headers'],
            'noemailever as a string' => [['mail', 'noemailever', '1'], 'mail.noemailever must be a bool, got string'],
            'maxbulk as a string' => [['smtp', 'maxbulk', '20'], 'smtp.maxbulk must be an int, got string'],
            'XOAUTH2' => [['smtp', 'authtype', 'XOAUTH2'], 'invalid setting smtp.authtype'],
            'mail not an array' => [['mail', null, 'off'], 'mail must be an array, got string'],
            'siteadmins not comma-separated ids' => [['rules', 'siteadmins', '2;15'],
                "invalid setting rules.siteadmins: '2;15' is not a user id"],
            'siteadmins with a name' => [['rules', 'siteadmins', '2,admin'], "'admin' is not a user id"],
            'siteadmins as an array' => [['rules', 'siteadmins', [2, 15]], 'rules.siteadmins must be a string, got array'],
            'negative bounce ratio' => [['rules', 'bounceratio', -0.5], 'invalid setting rules.bounceratio'],
            'bounce ratio as a string' => [['rules', 'bounceratio', 'a fifth'], 'rules.bounceratio must be a float, got string'],
            'bounce ratio NaN' => [['rules', 'bounceratio', NAN], 'invalid setting rules.bounceratio'],
            'negative minbounces' => [['rules', 'minbounces', -1], 'invalid setting rules.minbounces'],
            'minbounces as a float' => [['rules', 'minbounces', 1.5], 'rules.minbounces must be an int, got double'],
            'siteguest as a string' => [['rules', 'siteguest', 'guest'], 'rules.siteguest must be an int, got string'],
            'negative default role' => [['rules', 'defaultuserroleid', -7], 'invalid setting rules.defaultuserroleid'],
            'handlebounces as a string' => [['rules', 'handlebounces', '1'], 'rules.handlebounces must be a bool, got string'],
            'forcetimezone with a line break' => [['rules', 'forcetimezone', "Europe/Paris\nX"],
                'invalid setting rules.forcetimezone'],
            'misspelt rules key' => [['rules', 'siteadmin', '2'], 'unknown setting rules.siteadmin'],
            'rules not an array' => [['rules', null, '2,15'], 'rules must be an array, got string'],
            'section not an array' => [['db', null, 'mysql://cn:' . self::SECRET . '@localhost'], 'db must be an array, got string'],
        ];
    }

    /**
     * @dataProvider bad_configs
     * @param array $spoil [section, key, value]; a null key replaces the section
     * @param string $expected words of the message
     */
    public function test_a_bad_config_names_the_setting(array $spoil, string $expected): void {
        [$section, $key, $value] = $spoil;
        $config = self::config();
        if ($key === null) {
            $config[$section] = $value;
        } else {
            $config[$section][$key] = $value;
        }
        $message = $this->refused(fn() => new Extension($config));
        $this->assertStringContainsString($expected, $message);
    }

    /**
     * @return array[] options and the words their message must hold
     */
    public static function bad_options(): array {
        return [
            'now in milliseconds' => [['now' => 1795305600000], 'milliseconds instead of seconds'],
            'now huge' => [['now' => PHP_INT_MAX], 'invalid setting options.now'],
            'now negative' => [['now' => PHP_INT_MIN], 'invalid setting options.now'],
            'now as a string' => [['now' => '1795305600'], 'options.now must be an int, got string'],
            'cap as a float' => [['cap' => 1.5], 'options.cap must be an int, got double'],
            'cap huge' => [['cap' => PHP_INT_MAX], 'invalid setting options.cap'],
            'courses nested' => [['courses' => [[1]]], 'options.courses must hold ints, got array'],
            'courses of strings' => [['courses' => ['1']], 'options.courses must hold ints, got string'],
            'courses negative' => [['courses' => [PHP_INT_MIN]], 'invalid setting options.courses'],
            'courses as a string' => [['courses' => '1,2'], 'options.courses must be an array of ints, got string'],
            'unknown key' => [['caps' => 5], "unknown option 'caps'"],
            'integer key' => [[0 => 'send'], "unknown option '0'"],
            'mode non-UTF-8' => [['mode' => "send\xff"], 'options.mode is not valid UTF-8 text'],
            'mode unknown' => [['mode' => 'sendall'], "invalid setting options.mode: 'sendall'"],
            'window as a string' => [['window' => '8-20'], 'options.window must be an array, got string'],
            'window junk key' => [['window' => ['start' => 8, 'end' => 20, 'x' => 1]], "unknown option 'x'"],
            'window hour huge' => [['window' => ['start' => PHP_INT_MAX, 'end' => 20]], 'options.window.start'],
            'message as an int' => [['message' => 1], 'options.message must be a bool, got long'],
            'connections zero' => [['connections' => 0], 'invalid setting options.connections'],
        ];
    }

    /**
     * Options are checked before the database is touched, so these need no server.
     *
     * @dataProvider bad_options
     * @param array $options the run's options
     * @param string $expected words of the message
     */
    public function test_bad_options_name_the_option(array $options, string $expected): void {
        $engine = new Extension(self::config());
        $message = $this->refused(fn() => $engine->run($options + ['now' => 1795305600, 'mode' => 'dryrun']));
        $this->assertStringContainsString($expected, $message);
    }

    public function test_bad_forecast_options_name_the_option(): void {
        $engine = new Extension(self::config());
        $this->assertStringContainsString('invalid setting options.days',
            $this->refused(fn() => $engine->forecast(['now' => 1795305600, 'days' => PHP_INT_MAX])));
        $this->assertStringContainsString('options.runs_per_day must be an int, got array',
            $this->refused(fn() => $engine->forecast(['now' => 1795305600, 'runs_per_day' => [24]])));
    }

    public function test_a_non_utf8_template_is_a_type_error_not_a_fatal(): void {
        // ext-php-rs refuses a non-UTF-8 string argument before our code runs: a catchable TypeError.
        try {
            Extension::template_problems("Bonjour {{FIRSTNAME}} \xe9");
            $this->fail('accepted a non-UTF-8 template');
        } catch (\TypeError $e) {
            $this->assertNotSame('', $e->getMessage());
        }
        $this->assertSame([], Extension::template_problems(str_repeat('é{{COURSE}}', 2000)));
        $this->assertNotEmpty(Extension::template_problems(str_repeat('{{', 5000)));
    }

    public function test_a_refused_database_password_is_not_shown(): void {
        $db = getenv('CN_TEST_DB_HOST');
        if ($db === false || $db === '') {
            $this->markTestSkipped('no test MariaDB (CN_TEST_DB_HOST): run through scripts/test');
        }
        $config = self::config();
        $config['db']['host'] = $db;
        $engine = new Extension($config);
        $message = $this->refused(fn() => $engine->run(['now' => 1795305600, 'mode' => 'dryrun']));
        $this->assertStringContainsString('cn', $message, 'the user is named');
    }
}
