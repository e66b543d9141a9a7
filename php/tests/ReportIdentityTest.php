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
 * The report and its export show the identity fields the site allows ($CFG->showuseridentity, and
 * moodle/site:viewuseridentity), custom profile fields included, and never an e-mail address the
 * viewer may not see: the plugin's report, its export and the engine's dry run on the demo site.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use block_course_notification\local\report;
use block_course_notification\local\report_export;
use PHPUnit\Framework\TestCase;

require_once(__DIR__ . '/demo_site.php');
require_once(__DIR__ . '/moodle_dml.php');
require_once(__DIR__ . '/moodle_users_shim.php');
foreach (['course_definitions', 'report', 'report_export'] as $class) {
    require_once(__DIR__ . "/../../classes/local/{$class}.php");
}

/**
 * Identity fields in the report.
 *
 * @covers \block_course_notification\local\report
 * @covers \block_course_notification\local\report_export
 */
final class ReportIdentityTest extends TestCase {
    use demo_site;

    /** @var string the test database */
    private const DB = 'cn_php_identity';

    /** @var int the time (2026-11-22 00:00 UTC) */
    private const NOW = 1795305600;

    /** @var array the exported notification */
    private const COLUMNS = ['firstassign' => ['name' => 'Welcome', 'enabled' => true]];

    /** @var mysqli the fixture's connection */
    private $mysqli;

    protected function setUp(): void {
        global $DB, $CFG, $SITE;
        if (!extension_loaded('course_notification')) {
            $this->markTestSkipped('the course_notification extension is not loaded');
        }
        $this->mysqli = $this->load_demo_site(self::db(), self::NOW);
        // A custom profile field everybody may see, and ID numbers.
        $this->mysqli->query("INSERT INTO mdl_user_info_field (id, shortname, name, datatype, categoryid, visible)
            VALUES (1, 'team', 'Team', 'text', 1, 2)");
        $this->mysqli->query("INSERT INTO mdl_user_info_data (userid, fieldid, data) VALUES (4, 1, 'Blue'), (5, 1, 'Red')");
        $this->mysqli->query("UPDATE mdl_user SET idnumber = CONCAT('L-', id)");
        $this->assertSame('', $this->mysqli->error);
        $DB = new shim_moodle_database(self::db());
        $CFG = (object) ['dbtype' => 'mariadb', 'dbhost' => '127.0.0.1', 'dbname' => self::db(), 'dbuser' => 'cn',
            'dbpass' => 'cn', 'prefix' => 'mdl_', 'dboptions' => ['dbport' => '3306', 'dbsocket' => ''],
            'wwwroot' => 'https://learn.example.org', 'smtphosts' => '127.0.0.1:9', 'smtpsecure' => '', 'smtpuser' => '',
            'smtppass' => '', 'noreplyaddress' => 'noreply@learn.example.org', 'timezone' => 'Europe/Paris', 'lang' => 'en',
            'siteidentifier' => 'demo', 'hiddenuserfields' => '', 'showuseridentity' => 'email'];
        $SITE = (object) ['fullname' => 'Demo Academy', 'shortname' => 'demo'];
        $GLOBALS['CN_SHIM_CAPABILITIES'] = ['moodle/site:viewuseridentity'];
    }

    protected function tearDown(): void {
        global $DB, $CFG;
        if ($DB) {
            $DB->dispose();
        }
        $DB = null;
        $CFG = null;
        unset($GLOBALS['CN_SHIM_CAPABILITIES']);
        if ($this->mysqli) {
            $this->mysqli->close();
        }
    }

    /**
     * The export of course 2's welcome.
     *
     * @param string $search the search
     * @return array [headers, rows by user's full name]
     */
    private function export(string $search = ''): array {
        $export = new report_export(new report(2, self::NOW), self::COLUMNS);
        $rows = [];
        foreach ($export->rows($search, '', '') as $row) {
            $rows[$row['fullname']] = $row;
        }
        return [$export->headers(), $rows];
    }

    public function test_the_export_has_the_identity_fields_the_site_shows_custom_ones_included(): void {
        global $CFG;
        $CFG->showuseridentity = 'idnumber,profile_field_team';
        [$headers, $rows] = $this->export();
        $this->assertSame(['fullname', 'idnumber', 'profile_field_team', 'notification', 'state', 'date', 'rule', 'reason',
            'error'], array_keys($headers));
        $this->assertSame(['Full name', 'ID number', 'Team'], array_slice(array_values($headers), 0, 3));
        $this->assertSame(['Lise Untel', 'L-4', 'Blue', 'firstassign', 'due'],
            array_slice(array_values($rows['Lise Untel']), 0, 5));
        $this->assertSame(['Pierre Untelh', 'L-5', 'Red'], array_slice(array_values($rows['Pierre Untelh']), 0, 3));
        $this->assertSame(array_keys($headers), array_keys($rows['Serge Untel']), 'every row in the headers\' order');
        $this->assertSame('', $rows['Serge Untel']['profile_field_team']);
        $this->assert_no_email($rows);
    }

    public function test_without_viewuseridentity_the_export_shows_no_identity_field_and_no_email(): void {
        $GLOBALS['CN_SHIM_CAPABILITIES'] = [];
        [$headers, $rows] = $this->export();
        $this->assertSame(['fullname', 'notification', 'state', 'date', 'rule', 'reason', 'error'], array_keys($headers));
        $this->assertArrayHasKey('Lise Untel', $rows);
        $this->assert_no_email($rows);
    }

    public function test_the_email_shows_when_the_site_shows_it(): void {
        [$headers, $rows] = $this->export();
        $this->assertSame('Email address', $headers['email']);
        $this->assertSame('lise@example.org', $rows['Lise Untel']['email']);
    }

    public function test_the_search_matches_only_what_the_viewer_may_see(): void {
        global $CFG;
        $report = new report(2, self::NOW);
        $this->assertSame(1, $report->count_learners('lise@example', '', ''), 'e-mail shown: found by it');
        $CFG->showuseridentity = 'idnumber,profile_field_team';
        $report = new report(2, self::NOW);
        $this->assertSame(0, $report->count_learners('lise@example', '', ''), 'e-mail not shown: not an oracle for it');
        $this->assertSame(1, $report->count_learners('Blue', '', ''), 'a custom field shown: found by it');
        $this->assertSame(1, $report->count_learners('Lise', '', ''));
        $GLOBALS['CN_SHIM_CAPABILITIES'] = [];
        $report = new report(2, self::NOW);
        $this->assertSame(0, $report->count_learners('Blue', '', ''));
    }

    public function test_the_learners_page_can_be_sorted_by_an_identity_field(): void {
        global $CFG;
        $CFG->showuseridentity = 'profile_field_team';
        $report = new report(2, self::NOW);
        $users = $report->learners('', '', '', 0, 2, $report->order_by(['profile_field_team' => SORT_DESC]));
        $this->assertSame(['Red', 'Blue'], array_values(array_map(fn($u) => $u->profile_field_team, $users)));
    }

    public function test_the_why_trace_hides_the_email_the_viewer_may_not_see(): void {
        global $CFG;
        $shown = (new report(2, self::NOW))->why(4);
        $this->assertNotEmpty($shown['trace']);
        $this->assertStringContainsString(' -lise@example.org ', $shown['trace'][0], 'e-mail shown: the engine\'s line');
        $CFG->showuseridentity = 'idnumber';
        $hidden = (new report(2, self::NOW))->why(4);
        $this->assertSame(count($shown['trace']), count($hidden['trace']));
        foreach ($hidden['trace'] as $line) {
            $this->assertStringNotContainsString('@example.org', $line);
            $this->assertMatchesRegularExpression('/^2 \S+ -user4 /', $line);
        }
    }

    /**
     * No e-mail address anywhere in the rows.
     *
     * @param array $rows the export's rows
     */
    private function assert_no_email(array $rows): void {
        foreach ($rows as $name => $row) {
            foreach ($row as $value) {
                $this->assertStringNotContainsString('@example.org', (string) $value, $name);
            }
        }
    }
}
