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
 * The demo site in a MariaDB database of its own, for the tests that run the extension against it
 * (EngineTest, ForgetTest), with what scripts/test provides: MariaDB (user cn), the SMTP catcher
 * (CN_TEST_SMTP_PORT, CN_TEST_MAILDIR) and the schemas (CN_TEST_MOODLE_SCHEMA, CN_TEST_PLUGIN_SCHEMA).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification developers
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

/**
 * For a TestCase: the environment scripts/test sets, and the demo site loaded afresh.
 */
// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

trait demo_site {

    /**
     * A variable scripts/test sets; the test fails, saying so, when it is missing.
     *
     * @param string $name the variable
     * @return string its value
     */
    private static function env(string $name): string {
        $value = getenv($name);
        if ($value === false || $value === '') {
            self::fail("$name is not set: run through scripts/test");
        }
        return $value;
    }

    /**
     * The test's database: the class's DB, with CN_TEST_DB_SUFFIX when set (scripts/test sets one per run, so
     * two checkouts testing at the same time never drop each other's databases).
     *
     * @return string
     */
    private static function db(): string {
        return self::DB . (string) getenv('CN_TEST_DB_SUFFIX');
    }

    /**
     * (Re)creates database $name with Moodle's tables, the plugin's and the demo site, its dates
     * relative to $now.
     *
     * @param string $name the database
     * @param int $now the instant the demo site's dates count from
     * @return mysqli a connection to it
     */
    private function load_demo_site(string $name, int $now): mysqli {
        $db = new mysqli('127.0.0.1', 'cn', 'cn', '', 3306);
        $db->query('DROP DATABASE IF EXISTS ' . $name);
        $db->query('CREATE DATABASE ' . $name . ' CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
        $db->select_db($name);
        $db->multi_query(file_get_contents(self::env('CN_TEST_MOODLE_SCHEMA')) . "\n"
            . file_get_contents(self::env('CN_TEST_PLUGIN_SCHEMA')) . "\n"
            . 'SET @now = ' . $now . ";\n"
            . file_get_contents(__DIR__ . '/../../tests/fixtures/demo-site.sql'));
        do {
            if ($result = $db->store_result()) {
                $result->free();
            }
        } while ($db->more_results() && $db->next_result());
        $this->assertSame('', $db->error, 'fixtures load');
        return $db;
    }
}
