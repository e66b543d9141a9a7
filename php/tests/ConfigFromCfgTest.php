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
 * Tests of the pure mapping from Moodle's $CFG to the engine's configuration, outside Moodle.
 *
 * Run: phpunit php/tests/ConfigFromCfgTest.php (Debian's phpunit 9.6; no Moodle site, no extension).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

defined('MOODLE_INTERNAL') || define('MOODLE_INTERNAL', true);
require_once(__DIR__ . '/moodle_shim.php');
require_once(__DIR__ . '/../../classes/local/engine.php');
require_once(__DIR__ . '/../../classes/local/engine_config.php');

use block_course_notification\local\engine;
use block_course_notification\local\engine_config;
use PHPUnit\Framework\TestCase;

/**
 * engine_config::config_from_cfg() and engine::normalise_options().
 *
 * @covers \block_course_notification\local\engine
 */
final class ConfigFromCfgTest extends TestCase {

    /**
     * A $CFG as a typical MariaDB site has it; each test changes what it is about.
     *
     * @param array $overrides fields to replace
     * @return stdClass
     */
    private static function cfg(array $overrides = []): stdClass {
        return (object) array_merge([
            'dbtype' => 'mariadb',
            'dbhost' => 'localhost',
            'dbname' => 'moodle',
            'dbuser' => 'moodleuser',
            'dbpass' => 's3cret',
            'prefix' => 'mdl_',
            'dboptions' => ['dbpersist' => 0, 'dbport' => '', 'dbsocket' => ''],
            'wwwroot' => 'https://learn.example.org',
            'smtphosts' => '',
            'smtpsecure' => '',
            'smtpuser' => '',
            'smtppass' => '',
            'noreplyaddress' => 'noreply@example.org',
            'timezone' => 'Europe/Paris',
            'lang' => 'fr',
            // As the config table gives them to $CFG: strings.
            'siteadmins' => '2',
            'siteguest' => '1',
            'guestroleid' => '6',
            'defaultuserroleid' => '7',
            'forcetimezone' => '99',
            'handlebounces' => '0',
            'minbounces' => '10',
            'bounceratio' => '.20',
        ], $overrides);
    }

    /**
     * The site course as $SITE holds it.
     *
     * @return stdClass
     */
    private static function site(): stdClass {
        return (object) ['id' => 1, 'fullname' => 'Learning site', 'shortname' => 'LS'];
    }

    public function test_typical_site_maps_with_strict_types(): void {
        $config = engine_config::config_from_cfg(self::cfg(), self::site());

        $this->assertSame([
            'type' => 'mariadb', 'host' => 'localhost', 'port' => 0, 'socket' => '', 'name' => 'moodle',
            'user' => 'moodleuser', 'pass' => 's3cret', 'prefix' => 'mdl_', 'schema' => '',
        ], $config['db']);
        $this->assertSame(['host' => '', 'port' => 0, 'secure' => '', 'user' => '', 'pass' => '', 'fallbacks' => [],
            'authtype' => '', 'allowplain' => false, 'maxbulk' => 1], $config['smtp']);
        $this->assertSame(['noemailever' => false, 'divertto' => '', 'divertexcept' => '', 'subjectprefix' => '',
            'headers' => '', 'charset' => '', 'dkimselector' => '', 'dataroot' => '', 'handlebounces' => false,
            'mailprefix' => '', 'maildomain' => '', 'siteidentifier' => ''], $config['mail']);
        $this->assertSame([
            'wwwroot' => 'https://learn.example.org', 'fullname' => 'Learning site', 'shortname' => 'LS',
            'noreplyaddress' => 'noreply@example.org', 'timezone' => 'Europe/Paris', 'lang' => 'fr',
        ], $config['site']);
        $this->assertSame(['siteadmins' => '2', 'siteguest' => 1, 'guestroleid' => 6, 'defaultuserroleid' => 7,
            'forcetimezone' => '99', 'handlebounces' => false, 'minbounces' => 10, 'bounceratio' => 0.2],
            $config['rules']);
        // No plugin settings given: the engine's defaults, and no key to sign unsubscribe links with.
        $this->assertSame(['secret' => '', 'dailybudget' => 3, 'mingap' => 0, 'digest' => false], $config['audience']);
    }

    /**
     * Issue 15: the plugin's settings of what each learner receives, as get_config() returns them
     * (strings), with the engine's strict types.
     */
    public function test_the_audience_settings_are_passed_with_strict_types(): void {
        $secret = str_repeat('ab', 32);
        $plugin = (object) ['unsubscribesecret' => $secret, 'dailybudget' => '5', 'mingap' => '90', 'digest' => '1',
            'enable' => '1'];
        $this->assertSame(['secret' => $secret, 'dailybudget' => 5, 'mingap' => 90, 'digest' => true],
            engine_config::config_from_cfg(self::cfg(), self::site(), $plugin)['audience']);
        // 0 is a saved value: no limit; digest off is '0'.
        $plugin = (object) ['unsubscribesecret' => $secret, 'dailybudget' => '0', 'mingap' => '0', 'digest' => '0'];
        $this->assertSame(['secret' => $secret, 'dailybudget' => 0, 'mingap' => 0, 'digest' => false],
            engine_config::config_from_cfg(self::cfg(), self::site(), $plugin)['audience']);
    }

    public function test_audience_settings_never_saved_get_the_engines_defaults(): void {
        $plugin = (object) ['dailybudget' => '', 'enable' => '1'];
        $this->assertSame(['secret' => '', 'dailybudget' => engine_config::DEFAULT_DAILY_BUDGET, 'mingap' => 0, 'digest' => false],
            engine_config::config_from_cfg(self::cfg(), self::site(), $plugin)['audience']);
    }

    public function test_audience_settings_of_the_wrong_kind_are_left_for_the_engine_to_name(): void {
        $audience = engine_config::config_from_cfg(self::cfg(), self::site(), (object) ['dailybudget' => 'three',
            'mingap' => '1.5'])['audience'];
        $this->assertSame(['three', '1.5'], [$audience['dailybudget'], $audience['mingap']]);
    }

    public function test_the_engine_takes_the_audience_section(): void {
        if (!extension_loaded('course_notification')) {
            $this->markTestSkipped('the course_notification extension is not loaded');
        }
        $config = engine_config::config_from_cfg(self::cfg(), self::site(), (object) ['unsubscribesecret' => str_repeat('ab', 32),
            'dailybudget' => '2', 'mingap' => '30', 'digest' => '1']);
        $this->assertInstanceOf(\CourseNotification\Engine::class, new \CourseNotification\Engine($config));
        // What the engine refuses, it names: a budget out of its range.
        $config['audience']['dailybudget'] = 1001;
        try {
            new \CourseNotification\Engine($config);
            $this->fail('a budget of 1001 is refused');
        } catch (\CourseNotification\Exception $e) {
            $this->assertStringContainsString('audience.dailybudget', $e->getMessage());
        }
    }

    /**
     * Issue 12, items 3, 7 and 8: the decision settings are $CFG's, so values forced in config.php
     * (which the config table does not hold) reach the engine, with its strict types.
     */
    public function test_decision_settings_forced_in_config_php_are_passed(): void {
        $config = engine_config::config_from_cfg(self::cfg([
            'siteadmins' => '2,15', 'forcetimezone' => 'Europe/Paris', 'handlebounces' => true,
            'minbounces' => 5, 'bounceratio' => 0.5, 'siteguest' => 1, 'defaultuserroleid' => 9,
        ]), self::site());
        $this->assertSame(['siteadmins' => '2,15', 'siteguest' => 1, 'guestroleid' => 6, 'defaultuserroleid' => 9,
            'forcetimezone' => 'Europe/Paris', 'handlebounces' => true, 'minbounces' => 5, 'bounceratio' => 0.5],
            $config['rules']);
        // A legacy numeric timezone and a single admin written as numbers in config.php.
        $rules = engine_config::config_from_cfg(self::cfg(['forcetimezone' => -3, 'siteadmins' => 2, 'bounceratio' => 1]),
            self::site())['rules'];
        $this->assertSame(['-3', '2', 1.0], [$rules['forcetimezone'], $rules['siteadmins'], $rules['bounceratio']]);
    }

    public function test_unset_decision_settings_mean_not_set_or_moodles_default(): void {
        $cfg = self::cfg();
        foreach (['siteadmins', 'siteguest', 'guestroleid', 'defaultuserroleid', 'forcetimezone', 'handlebounces',
                'minbounces', 'bounceratio'] as $name) {
            unset($cfg->$name);
        }
        $this->assertSame(['siteadmins' => '', 'siteguest' => 0, 'guestroleid' => 0, 'defaultuserroleid' => 0,
            'forcetimezone' => '', 'handlebounces' => false, 'minbounces' => 0, 'bounceratio' => 0.0],
            engine_config::config_from_cfg($cfg, self::site())['rules']);
    }

    public function test_decision_settings_of_the_wrong_type_are_left_for_the_engine_to_name(): void {
        $rules = engine_config::config_from_cfg(self::cfg(['siteguest' => 'guest', 'siteadmins' => [2, 15],
            'minbounces' => '1.5', 'bounceratio' => 'a fifth']), self::site())['rules'];
        $this->assertSame(['guest', [2, 15], '1.5', 'a fifth'],
            [$rules['siteguest'], $rules['siteadmins'], $rules['minbounces'], $rules['bounceratio']]);
    }

    public function test_port_written_in_dbhost_is_split_off(): void {
        $db = engine_config::config_from_cfg(self::cfg(['dbhost' => 'db.internal:3307']), self::site())['db'];
        $this->assertSame('db.internal', $db['host']);
        $this->assertSame(3307, $db['port']);
    }

    public function test_dbport_option_is_cast_to_int_and_wins_over_dbhost_port(): void {
        $cfg = self::cfg(['dbhost' => 'db.internal:3307', 'dboptions' => ['dbport' => '3308']]);
        $db = engine_config::config_from_cfg($cfg, self::site())['db'];
        $this->assertSame('db.internal', $db['host']);
        $this->assertSame(3308, $db['port']);
    }

    public function test_bracketed_ipv6_host_with_and_without_port(): void {
        $db = engine_config::config_from_cfg(self::cfg(['dbhost' => '[::1]:3309']), self::site())['db'];
        $this->assertSame(['::1', 3309], [$db['host'], $db['port']]);

        $db = engine_config::config_from_cfg(self::cfg(['dbhost' => '::1']), self::site())['db'];
        $this->assertSame(['::1', 0], [$db['host'], $db['port']]);
    }

    public function test_empty_dbhost_means_localhost(): void {
        $db = engine_config::config_from_cfg(self::cfg(['dbhost' => '']), self::site())['db'];
        $this->assertSame('localhost', $db['host']);
    }

    public function test_socket_path_is_kept(): void {
        $cfg = self::cfg(['dboptions' => ['dbsocket' => '/run/mysqld/mysqld.sock']]);
        $db = engine_config::config_from_cfg($cfg, self::site())['db'];
        $this->assertSame('/run/mysqld/mysqld.sock', $db['socket']);
    }

    /**
     * dbsocket true or 1 asks for the default socket: no path, the engine decides from the host.
     *
     * @dataProvider default_socket_values
     * @param mixed $value the dboptions['dbsocket'] value
     */
    public function test_default_socket_values_map_to_no_path($value): void {
        $cfg = self::cfg(['dboptions' => ['dbsocket' => $value]]);
        $this->assertSame('', engine_config::config_from_cfg($cfg, self::site())['db']['socket']);
    }

    /**
     * Values Moodle's mysqli driver reads as "default socket".
     *
     * @return array
     */
    public static function default_socket_values(): array {
        return ['true' => [true], 'int 1' => [1], 'string 1' => ['1'], 'false' => [false], 'empty' => ['']];
    }

    public function test_missing_dboptions_and_prefix_give_defaults(): void {
        $cfg = self::cfg();
        unset($cfg->dboptions, $cfg->prefix);
        $db = engine_config::config_from_cfg($cfg, self::site())['db'];
        $this->assertSame([0, '', ''], [$db['port'], $db['socket'], $db['prefix']]);
    }

    /**
     * Every MySQL-protocol driver Moodle has is accepted.
     *
     * @dataProvider mysql_family
     * @param string $dbtype Moodle's dbtype
     */
    public function test_mysql_family_is_accepted(string $dbtype): void {
        $db = engine_config::config_from_cfg(self::cfg(['dbtype' => $dbtype]), self::site())['db'];
        $this->assertSame('moodle', $db['name']);
    }

    /**
     * Moodle's MySQL-protocol drivers.
     *
     * @return array
     */
    public static function mysql_family(): array {
        return ['mysqli' => ['mysqli'], 'mariadb' => ['mariadb'], 'auroramysql' => ['auroramysql']];
    }

    /**
     * The engine is told which of Moodle's drivers the site uses; a MySQL-family site has no schema, even
     * when a dbschema is left in its dboptions (the mysqli driver ignores it, the engine would refuse it).
     */
    public function test_mysql_family_passes_its_dbtype_and_no_schema(): void {
        $cfg = self::cfg(['dbtype' => 'auroramysql', 'dboptions' => ['dbschema' => 'moodle']]);
        $db = engine_config::config_from_cfg($cfg, self::site())['db'];
        $this->assertSame(['auroramysql', ''], [$db['type'], $db['schema']]);
    }

    /**
     * Database types Moodle has and the engine does not serve (SQL Server, the removed Oracle driver, a typo).
     *
     * @dataProvider unsupported_dbtypes
     * @param string $dbtype Moodle's dbtype
     */
    public function test_other_database_types_are_refused_with_the_type_named(string $dbtype): void {
        try {
            engine_config::config_from_cfg(self::cfg(['dbtype' => $dbtype]), self::site());
            $this->fail($dbtype . ' must be refused');
        } catch (moodle_exception $e) {
            $this->assertSame('unsupporteddbtype', $e->errorcode);
            $this->assertSame('block_course_notification', $e->module);
            $this->assertSame($dbtype, $e->a);
        }
    }

    /**
     * Database types the engine refuses.
     *
     * @return array
     */
    public static function unsupported_dbtypes(): array {
        return ['sqlsrv' => ['sqlsrv'], 'oci' => ['oci'], 'postgres' => ['postgres'], 'empty' => ['']];
    }

    /**
     * A PostgreSQL site as Moodle's installer writes it: TCP to dbhost, port 5432 when dboptions has none
     * (pg_connect() is given "port='5432'"), the site's own schema when none is set.
     */
    public function test_pgsql_site_maps_to_tcp_on_port_5432(): void {
        $cfg = self::cfg(['dbtype' => 'pgsql', 'dbhost' => 'db.internal',
            'dboptions' => ['dbpersist' => 0, 'dbport' => '', 'dbsocket' => '']]);
        $this->assertSame([
            'type' => 'pgsql', 'host' => 'db.internal', 'port' => 5432, 'socket' => '', 'name' => 'moodle',
            'user' => 'moodleuser', 'pass' => 's3cret', 'prefix' => 'mdl_', 'schema' => '',
        ], engine_config::config_from_cfg($cfg, self::site())['db']);

        $cfg = self::cfg(['dbtype' => 'pgsql', 'dbhost' => 'localhost']);
        unset($cfg->dboptions);
        $db = engine_config::config_from_cfg($cfg, self::site())['db'];
        $this->assertSame(['localhost', 5432, ''], [$db['host'], $db['port'], $db['socket']]);
    }

    public function test_pgsql_dbport_is_cast_to_int(): void {
        $cfg = self::cfg(['dbtype' => 'pgsql', 'dbhost' => 'db.internal', 'dboptions' => ['dbport' => '6432']]);
        $this->assertSame(6432, engine_config::config_from_cfg($cfg, self::site())['db']['port']);
    }

    /**
     * The pgsql driver passes dbhost to libpq as it is: a port written into it is not split off (libpq
     * would look up the name "db.internal:6432"), unlike the mysqli driver's.
     */
    public function test_pgsql_dbhost_is_taken_as_written(): void {
        $cfg = self::cfg(['dbtype' => 'pgsql', 'dbhost' => 'db.internal:6432']);
        $db = engine_config::config_from_cfg($cfg, self::site())['db'];
        $this->assertSame(['db.internal:6432', 5432], [$db['host'], $db['port']]);
    }

    /**
     * A dbsocket with a '/' is the directory of the socket, used when dbhost is localhost or 127.0.0.1;
     * dboptions['dbport'] still names the socket file (.s.PGSQL.PORT).
     *
     * @dataProvider pgsql_local_hosts
     * @param string $host dbhost
     */
    public function test_pgsql_socket_directory_is_used_for_a_local_host(string $host): void {
        $cfg = self::cfg(['dbtype' => 'pgsql', 'dbhost' => $host,
            'dboptions' => ['dbsocket' => '/srv/pgsql/run', 'dbport' => '5433']]);
        $db = engine_config::config_from_cfg($cfg, self::site())['db'];
        $this->assertSame(['/srv/pgsql/run', 5433], [$db['socket'], $db['port']]);
    }

    /**
     * The hosts for which the pgsql driver honours dbsocket.
     *
     * @return array
     */
    public static function pgsql_local_hosts(): array {
        return ['localhost' => ['localhost'], '127.0.0.1' => ['127.0.0.1']];
    }

    /**
     * A dbsocket without a '/' (true, 1, a word) asks for libpq's default socket directory.
     *
     * @dataProvider pgsql_default_socket_values
     * @param mixed $value the dboptions['dbsocket'] value
     */
    public function test_pgsql_dbsocket_without_a_directory_is_libpqs_default(mixed $value): void {
        $cfg = self::cfg(['dbtype' => 'pgsql', 'dbhost' => 'localhost', 'dboptions' => ['dbsocket' => $value]]);
        $db = engine_config::config_from_cfg($cfg, self::site())['db'];
        $this->assertSame(['/var/run/postgresql', 5432], [$db['socket'], $db['port']]);
    }

    /**
     * Values of dbsocket that are not empty() and name no directory.
     *
     * @return array
     */
    public static function pgsql_default_socket_values(): array {
        return ['true' => [true], 'int 1' => [1], 'string 1' => ['1'], 'word' => ['socket']];
    }

    /**
     * The driver ignores dbsocket for any other host, and when it is empty() ('0' included).
     */
    public function test_pgsql_dbsocket_is_ignored_unless_set_and_the_host_is_local(): void {
        $cfg = self::cfg(['dbtype' => 'pgsql', 'dbhost' => 'db.internal', 'dboptions' => ['dbsocket' => '/srv/pgsql/run']]);
        $db = engine_config::config_from_cfg($cfg, self::site())['db'];
        $this->assertSame(['db.internal', 5432, ''], [$db['host'], $db['port'], $db['socket']]);

        foreach (['', '0', 0, false, null] as $value) {
            $cfg = self::cfg(['dbtype' => 'pgsql', 'dbhost' => 'localhost', 'dboptions' => ['dbsocket' => $value]]);
            $db = engine_config::config_from_cfg($cfg, self::site())['db'];
            $this->assertSame(['localhost', ''], [$db['host'], $db['socket']], var_export($value, true));
        }
    }

    /**
     * An empty dbhost gives pg_connect() host='', which libpq reads as its default socket.
     */
    public function test_pgsql_empty_dbhost_is_libpqs_default_socket(): void {
        $cfg = self::cfg(['dbtype' => 'pgsql', 'dbhost' => '', 'dboptions' => ['dbport' => 5434]]);
        $db = engine_config::config_from_cfg($cfg, self::site())['db'];
        $this->assertSame(['/var/run/postgresql', 5434], [$db['socket'], $db['port']]);
    }

    public function test_pgsql_dbschema_is_passed_as_the_schema(): void {
        $cfg = self::cfg(['dbtype' => 'pgsql', 'dboptions' => ['dbschema' => ' moodle ']]);
        $this->assertSame('moodle', engine_config::config_from_cfg($cfg, self::site())['db']['schema']);

        $cfg = self::cfg(['dbtype' => 'pgsql', 'dboptions' => ['dbschema' => '']]);
        $this->assertSame('', engine_config::config_from_cfg($cfg, self::site())['db']['schema']);
    }

    /**
     * PHP's default MySQL socket stands in for "localhost" on MySQL sites only: libpq's "localhost" is TCP.
     */
    public function test_mysqli_default_socket_is_not_applied_to_pgsql(): void {
        $socket = new ReflectionMethod(engine_config::class, 'mysqli_socket');
        $socket->setAccessible(true);
        $previous = ini_set('mysqli.default_socket', __FILE__);
        try {
            $db = ['type' => 'mariadb', 'host' => 'localhost', 'socket' => ''];
            $this->assertSame(__FILE__, $socket->invoke(null, $db));
            $db['type'] = 'pgsql';
            $this->assertSame('', $socket->invoke(null, $db));
        } finally {
            ini_set('mysqli.default_socket', (string) $previous);
        }
    }

    public function test_several_smtp_hosts_give_the_first_and_its_fallbacks(): void {
        $cfg = self::cfg([
            'smtphosts' => 'mail1.example.org:587;mail2.example.org:2525;ssl://[2001:db8::25]',
            'smtpsecure' => 'tls', 'smtpuser' => 'mailer', 'smtppass' => 'pw',
        ]);
        $this->assertSame(
            ['host' => 'mail1.example.org', 'port' => 587, 'secure' => 'tls', 'user' => 'mailer', 'pass' => 'pw',
                'fallbacks' => ['mail2.example.org:2525', '[2001:db8::25]:25'],
                'authtype' => '', 'allowplain' => false, 'maxbulk' => 1],
            engine_config::config_from_cfg($cfg, self::site())['smtp']
        );
    }

    public function test_smtp_port_defaults_to_25(): void {
        $cfg = self::cfg(['smtphosts' => ' mail.example.org ; mail2.example.org:26']);
        $smtp = engine_config::config_from_cfg($cfg, self::site())['smtp'];
        $this->assertSame(['mail.example.org', 25], [$smtp['host'], $smtp['port']]);
    }

    public function test_smtp_ipv6_host_and_leading_empty_entries(): void {
        $cfg = self::cfg(['smtphosts' => ';[2001:db8::25]:465', 'smtpsecure' => 'ssl']);
        $smtp = engine_config::config_from_cfg($cfg, self::site())['smtp'];
        $this->assertSame(['2001:db8::25', 465, 'ssl'], [$smtp['host'], $smtp['port'], $smtp['secure']]);
    }

    public function test_scheme_prefix_on_host_gives_encryption_when_the_setting_is_empty(): void {
        $smtp = engine_config::config_from_cfg(self::cfg(['smtphosts' => 'ssl://mail.example.org:465']), self::site())['smtp'];
        $this->assertSame(['mail.example.org', 465, 'ssl'], [$smtp['host'], $smtp['port'], $smtp['secure']]);

        $cfg = self::cfg(['smtphosts' => 'ssl://mail.example.org:465', 'smtpsecure' => 'tls']);
        $this->assertSame('tls', engine_config::config_from_cfg($cfg, self::site())['smtp']['secure']);
    }

    public function test_smtpsecure_is_case_insensitive(): void {
        $cfg = self::cfg(['smtphosts' => 'mail.example.org', 'smtpsecure' => 'TLS']);
        $this->assertSame('tls', engine_config::config_from_cfg($cfg, self::site())['smtp']['secure']);
    }

    public function test_unknown_smtpsecure_is_refused_rather_than_sent_in_clear(): void {
        $this->expectException(moodle_exception::class);
        $this->expectExceptionMessage('block_course_notification/unsupportedsmtpsecure: starttls');
        engine_config::config_from_cfg(self::cfg(['smtphosts' => 'mail.example.org', 'smtpsecure' => 'starttls']), self::site());
    }

    public function test_qmail_means_no_smtp(): void {
        $smtp = engine_config::config_from_cfg(self::cfg(['smtphosts' => 'qmail', 'smtpuser' => 'x']), self::site())['smtp'];
        $this->assertSame(['', 0, ''], [$smtp['host'], $smtp['port'], $smtp['user']]);
    }

    /**
     * The setting goes as it is: the engine applies email_to_user()'s fallback (noreply@ the host of
     * wwwroot) and validate_email() itself, and refuses to send when neither address is valid.
     */
    public function test_noreply_is_passed_as_set_for_the_engine_to_apply_moodles_fallback(): void {
        $cfg = self::cfg(['noreplyaddress' => ' ', 'wwwroot' => 'https://learn.example.org:8443/moodle']);
        $this->assertSame('', engine_config::config_from_cfg($cfg, self::site())['site']['noreplyaddress']);

        $cfg = self::cfg();
        unset($cfg->noreplyaddress);
        $this->assertSame('', engine_config::config_from_cfg($cfg, self::site())['site']['noreplyaddress']);
    }

    /**
     * The switches of email_to_user() reach the engine with strict types (issue 12: noemailever,
     * diversion, subject prefix, extra headers, charset, DKIM, smtpmaxbulk, smtpauthtype, and the
     * handlebounces, mailprefix, maildomain and siteidentifier of the bounce address).
     */
    public function test_the_mail_switches_of_email_to_user_are_passed_with_strict_types(): void {
        $cfg = self::cfg([
            'smtphosts' => 'mail.example.org', 'smtpauthtype' => 'xoauth2', 'smtpmaxbulk' => '20',
            'noemailever' => '1', 'divertallemailsto' => ' qa@example.org ',
            'divertallemailsexcept' => "tester@dev\\.com,\nfred(\\+.*)?@example\\.com",
            'emailsubjectprefix' => '[Learn]', 'emailheaders' => "X-Site: learn\nList-Id: <l.example.org>",
            'sitemailcharset' => 'ISO-8859-1', 'emaildkimselector' => ' mdl2026 ', 'dataroot' => '/var/moodledata',
            'handlebounces' => '1', 'mailprefix' => 'mdl+', 'maildomain' => 'bounces.example.org',
            'siteidentifier' => 'Xq81bLr0learn.example.org',
        ]);
        $config = engine_config::config_from_cfg($cfg, self::site());
        $this->assertSame(['XOAUTH2', false, 20],
            [$config['smtp']['authtype'], $config['smtp']['allowplain'], $config['smtp']['maxbulk']]);
        $this->assertSame([
            'noemailever' => true, 'divertto' => 'qa@example.org',
            'divertexcept' => "tester@dev\\.com,\nfred(\\+.*)?@example\\.com",
            'subjectprefix' => '[Learn]', 'headers' => "X-Site: learn\nList-Id: <l.example.org>",
            'charset' => 'ISO-8859-1', 'dkimselector' => 'mdl2026', 'dataroot' => '/var/moodledata',
            'handlebounces' => true, 'mailprefix' => 'mdl+', 'maildomain' => 'bounces.example.org',
            'siteidentifier' => 'Xq81bLr0learn.example.org',
        ], $config['mail']);

        // A site that kept Moodle's default charset stores '0' (Site administration > Server > Email): UTF-8.
        $this->assertSame('', engine_config::config_from_cfg(self::cfg(['sitemailcharset' => '0']), self::site())['mail']['charset']);

        // Moodle's get_mailer(): unset or 0 is one message per SMTP session.
        $this->assertSame(1, engine_config::config_from_cfg(self::cfg(['smtpmaxbulk' => 0]), self::site())['smtp']['maxbulk']);
        $this->assertFalse(engine_config::config_from_cfg(self::cfg(['noemailever' => false]), self::site())['mail']['noemailever']);
    }

    /**
     * Moodle's "server timezone" (99, as int or string) and an unset timezone become UTC.
     *
     * @dataProvider server_timezone_values
     * @param mixed $value $CFG->timezone
     */
    public function test_server_timezone_falls_back_to_utc($value): void {
        $cfg = self::cfg(['timezone' => $value]);
        $this->assertSame('UTC', engine_config::config_from_cfg($cfg, self::site())['site']['timezone']);
    }

    /**
     * Values that mean "no explicit site timezone".
     *
     * @return array
     */
    public static function server_timezone_values(): array {
        return ['int 99' => [99], 'string 99' => ['99'], 'empty' => [''], 'null' => [null]];
    }

    public function test_missing_lang_defaults_to_english(): void {
        $cfg = self::cfg();
        unset($cfg->lang);
        $this->assertSame('en', engine_config::config_from_cfg($cfg, self::site())['site']['lang']);
    }

    public function test_options_are_cast_to_the_engine_types(): void {
        $options = engine::normalise_options([
            'now' => '1795312016', 'mode' => 'dryrun', 'cap' => '200',
            'courses' => ['196', 7 => '12'], 'users' => '42',
        ]);
        $this->assertSame(
            ['now' => 1795312016, 'mode' => 'dryrun', 'cap' => 200, 'courses' => [196, 12], 'users' => [42]],
            $options
        );
        $this->assertSame(['mode' => 'send'], engine::normalise_options(['mode' => 'send']));
    }
}
