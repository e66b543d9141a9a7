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
 * A PostgreSQL site's $CFG, mapped by the plugin's facade, runs the extension against PostgreSQL.
 *
 * Needs what scripts/test provides: the extension, MariaDB (user cn) and the schemas for the MariaDB
 * side (CN_TEST_MOODLE_SCHEMA, CN_TEST_PLUGIN_SCHEMA), and PostgreSQL on 127.0.0.1:5432 with trust
 * authentication for the role postgres (CN_TEST_PG_HOST, CN_TEST_PG_PORT, CN_TEST_PG_USER override them).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

defined('MOODLE_INTERNAL') || define('MOODLE_INTERNAL', true);
require_once(__DIR__ . '/moodle_shim.php');
require_once(__DIR__ . '/demo_site.php');
require_once(__DIR__ . '/../../classes/local/engine.php');
require_once(__DIR__ . '/../../classes/local/engine_config.php');

use block_course_notification\local\engine_config;
use CourseNotification\Engine as Extension;
use PHPUnit\Framework\TestCase;

/**
 * The demo site on PostgreSQL (as scripts/demo --db postgres loads it), reached through engine_config::config_from_cfg().
 *
 * @covers \block_course_notification\local\engine
 */
final class PgsqlSiteTest extends TestCase {
    use demo_site;

    /** @var string the test databases (the same name on MariaDB and PostgreSQL) */
    private const DB = 'cn_php_pgsite';

    /** @var int the instant the tests decide at (2026-11-22 00:00 UTC) */
    private const NOW = 1795305600;

    /** @var string the repository's root */
    private const ROOT = __DIR__ . '/../..';

    /**
     * Skips without the extension or the PostgreSQL PHP extension (the test loads PostgreSQL with it).
     */
    protected function setUp(): void {
        if (!extension_loaded('course_notification')) {
            $this->markTestSkipped('the course_notification extension is not loaded');
        }
        if (!function_exists('pg_connect')) {
            $this->markTestSkipped('PHP\'s pgsql extension is not loaded (php8.2-pgsql)');
        }
    }

    /**
     * Drops the PostgreSQL database the test made.
     */
    protected function tearDown(): void {
        if (function_exists('pg_connect')) {
            $admin = self::pg('postgres');
            pg_query($admin, 'DROP DATABASE IF EXISTS ' . self::db() . ' WITH (FORCE)');
            pg_close($admin);
        }
    }

    /**
     * PostgreSQL's host, port and role for the tests.
     *
     * @return array [host, port, user]
     */
    private static function pg_server(): array {
        return [getenv('CN_TEST_PG_HOST') ?: '127.0.0.1', (int) (getenv('CN_TEST_PG_PORT') ?: 5432),
            getenv('CN_TEST_PG_USER') ?: 'postgres'];
    }

    /**
     * A connection to database $name.
     *
     * @param string $name the database
     * @return \PgSql\Connection
     */
    private static function pg(string $name) {
        [$host, $port, $user] = self::pg_server();
        $conn = pg_connect("host=$host port=$port user=$user dbname=$name connect_timeout=10", PGSQL_CONNECT_FORCE_NEW);
        self::assertNotFalse($conn, "PostgreSQL at $host:$port, role $user, database $name");
        return $conn;
    }

    /**
     * Runs a program with $input on its standard input, and returns its output; the test fails when it fails.
     *
     * @param array $command the program and its arguments
     * @param string $input what it reads
     * @return string
     */
    private static function filter(array $command, string $input = ''): string {
        $process = proc_open($command, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        fwrite($pipes[0], $input);
        fclose($pipes[0]);
        $out = stream_get_contents($pipes[1]);
        $err = stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        self::assertSame(0, proc_close($process), implode(' ', $command) . ': ' . $err);
        return $out;
    }

    /**
     * Creates the PostgreSQL database with Moodle 5.0's tables as Moodle creates them on PostgreSQL, the
     * plugin's (db/install.xml), and the demo site translated from its MySQL fixture, in $schema.
     *
     * @param string $schema the schema the tables go in
     */
    private function load_pg_demo_site(string $schema): void {
        $admin = self::pg('postgres');
        pg_query($admin, 'DROP DATABASE IF EXISTS ' . self::db() . ' WITH (FORCE)');
        $this->assertNotFalse(pg_query($admin, 'CREATE DATABASE ' . self::db() . " ENCODING 'UTF8' TEMPLATE template0"));
        pg_close($admin);

        $plugin = self::filter([PHP_BINARY, self::ROOT . '/scripts/lib/xmldb_to_sql.php', self::ROOT . '/db/install.xml',
            'mdl_', 'pgsql']);
        $site = self::filter(['python3', self::ROOT . '/scripts/lib/mysql_to_pgsql.py'],
            'SET @now = ' . self::NOW . ";\n" . file_get_contents(self::ROOT . '/tests/fixtures/demo-site.sql'));
        $db = self::pg(self::db());
        pg_query($db, 'SET client_min_messages = warning');
        foreach (["CREATE SCHEMA IF NOT EXISTS $schema", "SET search_path = $schema",
                file_get_contents(self::ROOT . '/tests/fixtures/moodle-5.0-schema.pgsql.sql'), $plugin, $site] as $sql) {
            $this->assertNotFalse(@pg_query($db, $sql), pg_last_error($db));
        }
        pg_close($db);
    }

    /**
     * A $CFG as Moodle's installer writes it for the PostgreSQL site, mapped by the facade.
     *
     * @param array $overrides $CFG fields to change
     * @return array
     */
    private function config(array $overrides = []): array {
        [$host, $port, $user] = self::pg_server();
        $cfg = (object) array_merge([
            'dbtype' => 'pgsql', 'dbhost' => $host, 'dbname' => self::db(), 'dbuser' => $user, 'dbpass' => '',
            'prefix' => 'mdl_', 'dboptions' => ['dbpersist' => 0, 'dbport' => (string) $port, 'dbsocket' => ''],
            'wwwroot' => 'https://learn.example.org', 'smtphosts' => '127.0.0.1:1', 'smtpsecure' => '',
            'noreplyaddress' => 'noreply@learn.example.org', 'timezone' => 'Europe/Paris', 'lang' => 'en',
            'handlebounces' => '1', 'maildomain' => 'bounces.learn.example.org', 'siteidentifier' => 'demo',
        ], $overrides);
        return engine_config::config_from_cfg($cfg, (object) ['fullname' => 'Demo Academy', 'shortname' => 'demo']);
    }

    /**
     * The dry run's trace of the demo site.
     *
     * @param array $config the engine's configuration
     * @return string[]
     */
    private static function trace(array $config): array {
        return (new Extension($config))->run(['now' => self::NOW, 'mode' => 'dryrun'])['trace'];
    }

    /**
     * Issue 14: a PostgreSQL site gets the decisions a MariaDB site with the same data gets, line for line.
     */
    public function test_a_pgsql_site_decides_as_the_same_site_on_mariadb(): void {
        $this->load_pg_demo_site('public');
        $pgsql = self::trace($this->config());
        $this->assertContains('2 firstassign -lise@example.org Accepted for notification', $pgsql);
        $this->assertContains('6 closed -finn@example.org trapped rule C : infinite enrol', $pgsql);

        $this->load_demo_site(self::db(), self::NOW)->close();
        $mariadb = self::trace($this->config(['dbtype' => 'mariadb', 'dbhost' => '127.0.0.1', 'dbuser' => 'cn',
            'dbpass' => 'cn', 'dboptions' => ['dbport' => '3306', 'dbsocket' => '']]));
        $this->assertSame($mariadb, $pgsql);
    }

    /**
     * Moodle's dboptions['dbschema']: the tables are in that schema, not in public.
     */
    public function test_the_tables_are_found_in_the_schema_dboptions_names(): void {
        $this->load_pg_demo_site('moodle');
        $trace = self::trace($this->config(['dboptions' => ['dbport' => (string) self::pg_server()[1],
            'dbschema' => 'moodle']]));
        $this->assertContains('2 firstassign -lise@example.org Accepted for notification', $trace);

        try {
            self::trace($this->config());
            $this->fail('without dbschema the tables are not on the search_path');
        } catch (\CourseNotification\Exception $e) {
            $this->assertStringContainsString('mdl_', $e->getMessage());
        }
    }

    /**
     * Moodle's dboptions['dbsocket'] with dbhost localhost: libpq's default socket directory, as pg_connect().
     */
    public function test_dbsocket_reaches_the_server_through_its_unix_socket(): void {
        [, $port] = self::pg_server();
        if (!file_exists(engine_config::PGSQL_DEFAULT_SOCKET_DIR . '/.s.PGSQL.' . $port)) {
            $this->markTestSkipped('no PostgreSQL socket in ' . engine_config::PGSQL_DEFAULT_SOCKET_DIR);
        }
        $this->load_pg_demo_site('public');
        $config = $this->config(['dbhost' => 'localhost', 'dboptions' => ['dbport' => (string) $port, 'dbsocket' => true]]);
        $this->assertSame(engine_config::PGSQL_DEFAULT_SOCKET_DIR, $config['db']['socket']);
        $this->assertContains('2 firstassign -lise@example.org Accepted for notification', self::trace($config));

        // The same through a directory written in dbsocket; a directory without the socket fails (not TCP).
        $config = $this->config(['dbhost' => 'localhost',
            'dboptions' => ['dbport' => (string) $port, 'dbsocket' => engine_config::PGSQL_DEFAULT_SOCKET_DIR . '/']]);
        $this->assertContains('2 firstassign -lise@example.org Accepted for notification', self::trace($config));
        try {
            self::trace($this->config(['dbhost' => 'localhost',
                'dboptions' => ['dbport' => (string) $port, 'dbsocket' => sys_get_temp_dir() . '/cn-no-pg-here']]));
            $this->fail('a socket directory without the server must not connect');
        } catch (\CourseNotification\Exception $e) {
            $this->assertStringContainsString('cn-no-pg-here', $e->getMessage());
        }
    }
}
