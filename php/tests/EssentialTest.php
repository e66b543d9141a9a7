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
 * The essential flag of a definition: saved from the site form, the course form (by an administrator
 * only) and the shared save, and read back, against the demo site's MariaDB.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use block_course_notification\form\site_definition;
use block_course_notification\local\course_definitions;
use block_course_notification\local\definitions;
use block_course_notification\local\form_saver;
use PHPUnit\Framework\TestCase;

require_once(__DIR__ . '/demo_site.php');
require_once(__DIR__ . '/moodle_dml.php');
// The string manager the forms ask.
require_once(__DIR__ . '/moodle_form_shim.php');
foreach (['course_definitions', 'definitions', 'form_saver'] as $class) {
    require_once(__DIR__ . "/../../classes/local/{$class}.php");
}

/**
 * definitions, course_definitions, form_saver and the site form's mapping, on the essential column.
 *
 * @covers \block_course_notification\local\definitions
 * @covers \block_course_notification\local\course_definitions
 * @covers \block_course_notification\local\form_saver
 * @covers \block_course_notification\form\site_definition
 */
final class EssentialTest extends TestCase {
    use demo_site;

    /** @var string the test database */
    private const DB = 'cn_php_essential';

    /** @var int the demo site's time */
    private const NOW = 1795305600;

    /** @var int course 2's context */
    private const COURSE = 12;

    /** @var mysqli the fixture's connection */
    private $mysqli;

    /** @var mixed $CFG before the test */
    private $cfg;

    public static function setUpBeforeClass(): void {
        global $CFG;
        // The site form's file requires formslib.php: a stand-in moodleform, the form's mapping is what is tested.
        $libdir = sys_get_temp_dir() . '/cn-libdir-' . getmypid();
        @mkdir($libdir, 0700, true);
        file_put_contents($libdir . '/formslib.php', "<?php\nif (!class_exists('moodleform')) {\n    abstract class moodleform {\n    }\n}\n");
        $saved = $CFG ?? null;
        $CFG = (object) ['libdir' => $libdir];
        require_once(__DIR__ . '/../../classes/form/site_definition.php');
        $CFG = $saved;
        unlink($libdir . '/formslib.php');
        rmdir($libdir);
    }

    protected function setUp(): void {
        global $DB;
        $this->mysqli = $this->load_demo_site(self::db(), self::NOW);
        $DB = new shim_moodle_database(self::db());
        $GLOBALS['CN_SHIM_CAPABILITIES'] = ['block/course_notification:setup', 'moodle/site:config'];
    }

    protected function tearDown(): void {
        global $DB;
        $DB->dispose();
        $DB = null;
        unset($GLOBALS['CN_SHIM_CAPABILITIES']);
        $this->mysqli->close();
    }

    /**
     * The stored essential value of a definition, false when there is no row.
     *
     * @param int $contextid the context
     * @param string $code the notification
     * @return string|null|false
     */
    private function essential(int $contextid, string $code) {
        $row = $this->mysqli->query("SELECT essential FROM mdl_block_cnotif_def WHERE contextid = $contextid
            AND code = '$code'")->fetch_assoc();
        return $row === null ? false : $row['essential'];
    }

    public function test_the_site_form_saves_essential_and_reads_it_back(): void {
        $data = (object) ['code' => 'closed', 'enabled' => '', 'triggertype' => '', 'recipients' => '', 'essential' => '1',
            'offsetdays' => '', 'repeatevery' => '', 'repeatmax' => '', 'latelimit' => ''];
        [$code, $fields, $texts] = site_definition::to_definition($data);
        $this->assertSame(1, $fields['essential']);
        $this->assertSame([], definitions::validate($code, $fields, $texts, false));
        definitions::save(1, $code, $fields, $texts, self::NOW);
        $this->assertSame('1', $this->essential(1, 'closed'));
        $this->assertSame('1', site_definition::from_definition(definitions::load(1, 'closed'))->essential);

        // No: stored as 0 (it overrides an essential value above); inherit: NULL, and a row with nothing left goes.
        definitions::save(1, 'closed', site_definition::to_definition((object) (['essential' => '0'] + (array) $data))[1],
            null, self::NOW);
        $this->assertSame('0', $this->essential(1, 'closed'));
        definitions::save(1, 'closed', site_definition::to_definition((object) (['essential' => ''] + (array) $data))[1],
            null, self::NOW);
        $this->assertFalse($this->essential(1, 'closed'), 'nothing set: the row is removed, the notification inherits');
        $this->assertSame(['essential' => get_string('error:essential', 'block_course_notification')],
            definitions::validate('closed', ['essential' => 2], null, false));
    }

    public function test_a_text_with_a_subject_and_no_body_asks_for_both_or_neither(): void {
        $errors = definitions::validate('closed', [], ['fr' => ['subject' => '{{COURSE}} : fermé', 'body' => '']], false);
        $this->assertSame(['text:fr:body' => get_string('error:textpair', 'block_course_notification')], $errors);
    }

    /**
     * The course form's data for the first section.
     *
     * @param array $section n0_* fields without the prefix
     * @return \stdClass
     */
    private static function course_form(array $section): \stdClass {
        $data = ['n_form' => 1, 'n_count' => 1];
        foreach ($section + ['code' => 'closed'] as $name => $value) {
            $data['n0_' . $name] = $value;
        }
        return (object) $data;
    }

    public function test_an_administrator_marks_a_course_notification_essential_and_others_cannot_change_it(): void {
        form_saver::save(self::COURSE, self::course_form(['essential' => '1']), self::NOW);
        $this->assertSame('1', $this->essential(self::COURSE, 'closed'));
        $this->assertSame('1', course_definitions::load(self::COURSE)['closed']->essential);

        // A teacher (setup, not site:config): what they send about essential is ignored, the rest saved.
        $GLOBALS['CN_SHIM_CAPABILITIES'] = ['block/course_notification:setup'];
        form_saver::save(self::COURSE, self::course_form(['essential' => '0', 'offset_days_ovr' => 1, 'offset' => '2']),
            self::NOW);
        $this->assertSame('1', $this->essential(self::COURSE, 'closed'));
        $this->assertSame('2', course_definitions::load(self::COURSE)['closed']->offsetdays);
        // Nor can they add an essential notification.
        form_saver::save(self::COURSE, (object) ['n_form' => 1, 'n_count' => 0, 'new_code' => 'reminder',
            'new_trigger' => 'accessstart', 'new_enabled' => 1, 'new_essential' => '1',
            'new_t_en_subject' => 'Hi', 'new_t_en_body' => 'Hello'], self::NOW);
        $this->assertNull($this->essential(self::COURSE, 'reminder'));

        // The administrator sets it back to inherit.
        $GLOBALS['CN_SHIM_CAPABILITIES'] = ['block/course_notification:setup', 'moodle/site:config'];
        form_saver::save(self::COURSE, self::course_form(['essential' => '', 'offset_days_ovr' => 1, 'offset' => '2']),
            self::NOW);
        $this->assertNull($this->essential(self::COURSE, 'closed'));
        form_saver::save(self::COURSE, (object) ['n_form' => 1, 'n_count' => 0, 'new_code' => 'notice',
            'new_trigger' => 'accessend', 'new_enabled' => 1, 'new_essential' => '1',
            'new_t_en_subject' => 'Access ended', 'new_t_en_body' => 'Your access has ended.'], self::NOW);
        $this->assertSame('1', $this->essential(self::COURSE, 'notice'));
    }

    public function test_a_course_row_with_only_essential_is_kept(): void {
        course_definitions::save(self::COURSE, 'closed', ['essential' => 0], [], self::NOW);
        $this->assertSame('0', $this->essential(self::COURSE, 'closed'));
        // A save that does not name essential keeps it; one that sets every field to inherit removes the row.
        course_definitions::save(self::COURSE, 'closed', ['offsetdays' => 3], [], self::NOW);
        $this->assertSame('0', $this->essential(self::COURSE, 'closed'));
        course_definitions::save(self::COURSE, 'closed', ['essential' => null], [], self::NOW);
        $this->assertFalse($this->essential(self::COURSE, 'closed'));
    }
}
