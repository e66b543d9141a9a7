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
 * The block's course form (edit_form.php and its sections), its loader and the validator it shares with
 * the site form, against the demo site's MariaDB and the engine's catalogue.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use block_course_notification\form\site_definition;
use block_course_notification\local\catalogue;
use block_course_notification\local\course_definitions;
use block_course_notification\local\course_notifications;
use block_course_notification\local\definitions;
use block_course_notification\local\form_saver;
use PHPUnit\Framework\TestCase;

require_once(__DIR__ . '/demo_site.php');
require_once(__DIR__ . '/moodle_dml.php');
require_once(__DIR__ . '/moodle_users_shim.php');
// debugging(), which the engine's facade tells why it failed.
require_once(__DIR__ . '/moodle_page_shim.php');
require_once(__DIR__ . '/moodle_form_shim.php');
foreach (['local/course_definitions', 'local/definitions', 'local/form_saver', 'local/course_notifications',
        'form/section', 'form/notification_section', 'form/new_notification_section'] as $class) {
    require_once(__DIR__ . "/../../classes/{$class}.php");
}
require_once(__DIR__ . '/../../edit_form.php');

/**
 * The course form: its sections, set_data(), validation() through definitions::validate(); the loader.
 *
 * @covers \block_course_notification_edit_form
 * @covers \block_course_notification\form\notification_section
 * @covers \block_course_notification\form\new_notification_section
 * @covers \block_course_notification\local\course_notifications
 * @covers \block_course_notification\local\definitions
 * @covers \block_course_notification\local\form_saver
 */
final class CourseFormTest extends TestCase {
    use demo_site;

    /** @var string the test database */
    private const DB = 'cn_php_courseform';

    /** @var int the demo site's time */
    private const NOW = 1795305600;

    /** @var int the course */
    private const COURSEID = 2;

    /** @var int its context */
    private const CONTEXT = 12;

    /** @var string[] an administrator's capabilities */
    private const ADMIN = ['block/course_notification:setup', 'moodle/site:config'];

    /** @var mysqli the fixture's connection */
    private $mysqli;

    public static function setUpBeforeClass(): void {
        global $CFG;
        // The site form's file requires formslib.php: a stand-in moodleform, the form's mapping is what is tested.
        if (!class_exists(site_definition::class, false)) {
            $libdir = sys_get_temp_dir() . '/cn-libdir-' . getmypid();
            @mkdir($libdir, 0700, true);
            file_put_contents($libdir . '/formslib.php', "<?php\nif (!class_exists('moodleform')) {\n" .
                "    abstract class moodleform {\n    }\n}\n");
            $saved = $CFG ?? null;
            $CFG = (object) ['libdir' => $libdir];
            require_once(__DIR__ . '/../../classes/form/site_definition.php');
            $CFG = $saved;
            unlink($libdir . '/formslib.php');
            rmdir($libdir);
        }
    }

    protected function setUp(): void {
        global $DB, $CFG, $SITE;
        if (!extension_loaded('course_notification')) {
            $this->markTestSkipped('the course_notification extension is not loaded');
        }
        $this->mysqli = $this->load_demo_site(self::db(), self::NOW);
        $DB = new shim_moodle_database(self::db());
        $CFG = (object) ['dbtype' => 'mariadb', 'dbhost' => '127.0.0.1', 'dbname' => self::db(), 'dbuser' => 'cn',
            'dbpass' => 'cn', 'prefix' => 'mdl_', 'dboptions' => ['dbport' => '3306', 'dbsocket' => ''],
            'wwwroot' => 'https://learn.example.org', 'smtphosts' => '127.0.0.1:9', 'smtpsecure' => '', 'smtpuser' => '',
            'smtppass' => '', 'noreplyaddress' => 'noreply@learn.example.org', 'timezone' => 'Europe/Paris', 'lang' => 'en',
            'siteidentifier' => 'demo'];
        $SITE = (object) ['fullname' => 'Demo Academy', 'shortname' => 'demo'];
        $GLOBALS['CN_SHIM_CAPABILITIES'] = self::ADMIN;
        $GLOBALS['CN_SHIM_DEBUGGING'] = [];
    }

    protected function tearDown(): void {
        global $DB, $CFG;
        if ($DB) {
            $DB->dispose();
        }
        $DB = null;
        $CFG = null;
        unset($GLOBALS['CN_SHIM_CAPABILITIES'], $GLOBALS['CN_SHIM_DEBUGGING']);
        if ($this->mysqli) {
            $this->mysqli->close();
        }
    }

    /**
     * The course form of course 2's block, built as Moodle builds it.
     *
     * @return block_course_notification_edit_form
     */
    private static function form(): block_course_notification_edit_form {
        $context = \context_course::instance(self::COURSEID);
        $block = (object) ['instance' => (object) ['id' => 1], 'context' => $context];
        $page = (object) ['context' => $context, 'course' => (object) ['id' => self::COURSEID]];
        return new block_course_notification_edit_form($block, $page);
    }

    /**
     * What the form submits untouched: its defaults, as set_data() filled them, and its hidden fields.
     *
     * @param block_course_notification_edit_form $form the form
     * @return array
     */
    private static function submitted(block_course_notification_edit_form $form): array {
        $form->set_data([]);
        $data = $form->data + $form->form()->defaults;
        foreach ($form->form()->elements as $name => $element) {
            if ($element->type === 'hidden') {
                $data[$name] = $element->args[0];
            }
        }
        return $data;
    }

    /**
     * The section index of a code on the form.
     *
     * @param array $data submitted data
     * @param string $code the notification
     * @return int
     */
    private static function index(array $data, string $code): int {
        for ($i = 0; $i < $data['config_n_count']; $i++) {
            if ($data["config_n{$i}_code"] === $code) {
                return $i;
            }
        }
        throw new \coding_exception("no section for $code");
    }

    /**
     * The range message of a catalogue bound.
     *
     * @param string $field the bound
     * @return string
     */
    private static function range(string $field): string {
        [$min, $max] = catalogue::bound($field);
        return get_string('error:range', 'block_course_notification', (object) ['min' => $min, 'max' => $max]);
    }

    public function test_a_section_per_notification_then_the_add_section_and_the_defaults(): void {
        $form = self::form();
        $mform = $form->form();
        $data = self::submitted($form);
        $this->assertSame(count(catalogue::codes()), $data['config_n_count'], 'the demo course defines no added one');
        $this->assertSame(1, $data['config_n_form']);
        $i = self::index($data, catalogue::codes()[0]);
        foreach (['header', 'enabled_group', 'essential', 'offset_days_group', 'repeat_group', 't_en_ovr', 't_fr_subject',
                't_fr_body', 'placeholders'] as $field) {
            $this->assertArrayHasKey("config_n{$i}_{$field}", $mform->elements, $field);
        }
        foreach (['code', 'trigger', 'essential', 'offset_group', 'repeat_group', 't_en_subject', 't_fr_body'] as $field) {
            $this->assertArrayHasKey("config_new_{$field}", $mform->elements, $field);
        }
        $this->assertSame('select', $mform->elements["config_n{$i}_essential"]->type);
        // Each section links to the test send page of its notification in this course.
        $this->assertStringContainsString('testsend.php?courseid=' . self::COURSEID . '&amp;code=' . catalogue::codes()[0],
            implode(' ', array_map('strval', $mform->elements["config_n{$i}_testsend"]->args)));
        $this->assertSame(catalogue::builtin(catalogue::codes()[0])['offset_days'], $data["config_n{$i}_offset"]);
        $this->assertSame(0, $data["config_n{$i}_offset_days_ovr"], 'inherited');

        // A teacher: no essential select, and the field is not mapped even if sent.
        $GLOBALS['CN_SHIM_CAPABILITIES'] = ['block/course_notification:setup'];
        $this->assertArrayNotHasKey("config_n{$i}_essential", self::form()->form()->elements);
        $this->assertArrayNotHasKey('essential', form_saver::section(['n0_essential' => '1'], 'n0_', false, ['en'])[0]);
        // Without setup, only the learners' switch.
        $GLOBALS['CN_SHIM_CAPABILITIES'] = [];
        $this->assertSame(['config_header_display', 'config_showlearners'], array_keys(self::form()->form()->elements));
    }

    public function test_the_untouched_form_is_valid(): void {
        $form = self::form();
        $this->assertSame([], $form->validation(self::submitted($form), []));
    }

    public function test_a_sections_fields_are_checked_by_the_shared_validator_on_its_elements(): void {
        $form = self::form();
        $data = self::submitted($form);
        $p = 'config_n' . self::index($data, 'closed') . '_';
        // An override unticked inherits: what its inputs hold is neither saved nor checked.
        $this->assertSame([], $form->validation([$p . 'offset' => 'abc', $p . 'every' => '7.5'] + $data, []));

        $errors = $form->validation([$p . 'offset_days_ovr' => 1, $p . 'offset' => '100000',
            $p . 'repeat_ovr' => 1, $p . 'every' => '7.5', $p . 'max' => 'abc',
            $p . 't_fr_ovr' => 1, $p . 't_fr_subject' => 'Cours {{COURSE}}', $p . 't_fr_body' => 'Bonjour {{PRENOM}}',
            $p . 't_en_ovr' => 1, $p . 't_en_subject' => "Two\nlines", $p . 't_en_body' => 'Hello'] + $data, []);
        $this->assertSame(self::range('offset_days'), $errors[$p . 'offset_days_group']);
        $this->assertSame(self::range('repeat_every'), $errors[$p . 'repeat_group'], '7.5 is refused, not cast to 7');
        $this->assertSame(get_string('error:oneline', 'block_course_notification'), $errors[$p . 't_en_subject']);
        $this->assertStringStartsWith('The template cannot be used: ', $errors[$p . 't_fr_body']);
        $this->assertStringContainsString('unknown placeholder {{PRENOM}}', $errors[$p . 't_fr_body']);
        $this->assertSame([$p . 'offset_days_group', $p . 'repeat_group', $p . 't_en_subject', $p . 't_fr_body'],
            array_keys($errors));

        // The repeat's second number, and a subject too long, or missing.
        $errors = $form->validation([$p . 'repeat_ovr' => 1, $p . 'every' => '1', $p . 'max' => 'abc',
            $p . 't_en_ovr' => 1, $p . 't_en_subject' => str_repeat('é', 1334), $p . 't_en_body' => 'Hi',
            $p . 't_fr_ovr' => 1, $p . 't_fr_subject' => ' ', $p . 't_fr_body' => 'Salut'] + $data, []);
        $this->assertSame([$p . 'repeat_group' => self::range('repeat_max'),
            $p . 't_en_subject' => get_string('error:toolong', 'block_course_notification', 1333),
            $p . 't_fr_subject' => get_string('error:textpair', 'block_course_notification')], $errors);
    }

    public function test_the_new_notification_is_checked_by_the_shared_validator_on_its_elements(): void {
        $form = self::form();
        $data = self::submitted($form);
        $new = ['config_new_code' => 'welcome_back', 'config_new_trigger' => catalogue::triggers()[0],
            'config_new_enabled' => 1, 'config_new_offset' => '0', 'config_new_every' => '0', 'config_new_max' => '0',
            'config_new_t_fr_subject' => 'Bon retour', 'config_new_t_fr_body' => 'Bonjour {{FIRSTNAME}}'];
        $this->assertSame([], $form->validation($new + $data, []));
        $this->assertSame([], $form->validation(['config_new_code' => ' '] + $new + $data, []), 'no code: nothing added');

        $errors = $form->validation(['config_new_code' => 'Bad code!', 'config_new_trigger' => 'whenever',
            'config_new_offset' => '1e2', 'config_new_every' => '-1'] + $new + $data, []);
        $this->assertSame([
            'config_new_code' => get_string('error:code', 'block_course_notification'),
            'config_new_trigger' => get_string('error:trigger', 'block_course_notification'),
            'config_new_offset_group' => self::range('offset_days'),
            'config_new_repeat_group' => self::range('repeat_every'),
        ], $errors);

        $errors = $form->validation(['config_new_code' => 'closed', 'config_new_t_fr_subject' => '',
            'config_new_t_fr_body' => ''] + $new + $data, []);
        $this->assertSame([
            'config_new_t_en_subject' => get_string('error:notext', 'block_course_notification'),
            'config_new_code' => get_string('error:codeexists', 'block_course_notification'),
        ], $errors);
    }

    public function test_an_added_notification_is_validated_whole_and_can_be_deleted(): void {
        course_definitions::save(self::CONTEXT, 'welcome_back', ['enabled' => 1, 'triggertype' => catalogue::triggers()[0],
            'offsetdays' => 0, 'repeatevery' => 0, 'repeatmax' => 0],
            ['en' => ['subject' => 'Welcome back', 'body' => 'Hello {{FIRSTNAME}}']], self::NOW);
        $form = self::form();
        $data = self::submitted($form);
        $p = 'config_n' . self::index($data, 'welcome_back') . '_';
        $this->assertArrayHasKey($p . 'delete', $form->form()->elements);
        $this->assertSame(catalogue::triggers()[0], $data[$p . 'trigger']);
        $this->assertSame([], $form->validation($data, []));

        $bad = [$p . 'trigger' => 'whenever', $p . 'offset_days_ovr' => 0, $p . 'offset' => 'soon'] + $data;
        $this->assertSame([$p . 'trigger' => get_string('error:trigger', 'block_course_notification'),
            $p . 'offset_days_group' => self::range('offset_days')], $form->validation($bad, []),
            'an added notification owns its fields: checked whatever the override box says');
        $this->assertSame([], $form->validation([$p . 'delete' => 1] + $bad, []), 'deleted: nothing to check');
    }

    public function test_the_site_form_has_the_same_rules(): void {
        $site = ['code' => 'closed', 'enabled' => '', 'triggertype' => '', 'recipients' => '', 'essential' => '',
            'offsetdays' => '', 'repeatevery' => '', 'repeatmax' => '', 'latelimit' => ''];
        $check = fn(array $changes) => definitions::validate(...array_merge(
            site_definition::to_definition((object) ($changes + $site), true),
            [false]
        ));
        $this->assertSame([], $check(['offsetdays' => '3', 'subject_fr' => 'Accès fermé', 'body_fr' => 'Bonjour {{FIRSTNAME}}']));
        // Numbers as typed: not cast to a whole number before they are checked.
        $this->assertSame(['offsetdays' => self::range('offset_days')], $check(['offsetdays' => '7.5']));
        $this->assertSame(['repeatmax' => self::range('repeat_max')], $check(['repeatmax' => '1e2']));
        $this->assertSame(7, site_definition::to_definition((object) (['offsetdays' => '7'] + $site))[1]['offsetdays']);
        // A subject on one line, required, at most 1333 characters, as on the course form.
        $this->assertSame(['text:en:subject' => get_string('error:oneline', 'block_course_notification')],
            $check(['subject_en' => "Access\r\nclosed", 'body_en' => 'Hello']));
        $this->assertSame(['text:en:subject' => get_string('error:textpair', 'block_course_notification')],
            $check(['subject_en' => '', 'body_en' => 'Hello']));
        $this->assertSame(['text:en:subject' => get_string('error:toolong', 'block_course_notification', 1333)],
            $check(['subject_en' => str_repeat('x', 1334), 'body_en' => 'Hello']));
        // An added notification needs a trigger and a text.
        $this->assertSame(['triggertype', 'text:en:subject'], array_keys(definitions::validate('welcome_back',
            ['triggertype' => null], [], true)));
    }

    public function test_the_form_saver_maps_as_typed_and_saves_whole_numbers(): void {
        [$fields] = form_saver::section(['n0_offset_days_ovr' => 1, 'n0_offset' => ' 7.5 '], 'n0_', false, ['en']);
        $this->assertSame('7.5', $fields['offsetdays'], 'validation sees what was typed');
        form_saver::save(self::CONTEXT, (object) ['n_form' => 1, 'n_count' => 1, 'n0_code' => 'closed',
            'n0_offset_days_ovr' => 1, 'n0_offset' => '-3', 'n0_repeat_ovr' => 1, 'n0_every' => '+2', 'n0_max' => '04'],
            self::NOW);
        $row = course_definitions::load(self::CONTEXT)['closed'];
        $this->assertSame(['-3', '2', '4'], [$row->offsetdays, $row->repeatevery, $row->repeatmax]);
    }

    public function test_the_loader_reads_the_effective_set_once_and_falls_back_without_the_engine(): void {
        global $CFG;
        course_definitions::save(self::CONTEXT, 'welcome_back', ['enabled' => 1, 'triggertype' => catalogue::triggers()[0],
            'offsetdays' => 0, 'repeatevery' => 0, 'repeatmax' => 0], [], self::NOW);
        $set = course_notifications::load(self::COURSEID);
        $this->assertNull($set->problem());
        $this->assertSame(self::CONTEXT, $set->contextid());
        $this->assertArrayHasKey('welcome_back', $set->effective());
        $this->assertTrue($set->added_here('welcome_back'));
        $this->assertFalse($set->added_here('closed'));
        $this->assertTrue($set->overridden('context:' . self::CONTEXT));
        $this->assertFalse($set->overridden('builtin'));

        // The engine cannot reach the database: the built-in codes and what the course stores, values unknown.
        $CFG->dbpass = 'wrong-password';
        $set = course_notifications::load(self::COURSEID);
        $this->assertStringStartsWith(explode('{$a}', get_string('config:noengine', 'block_course_notification'))[0],
            $set->problem());
        $this->assertStringNotContainsString('cn_php', $set->problem());
        $this->assertSame(array_merge(catalogue::codes(), ['welcome_back']), array_keys($set->effective()));
        $this->assertNull($set->effective()['closed']['trigger']);
        $this->assertSame('0', $set->stored('welcome_back')->offsetdays);

        // The form shows the notice and still has every section.
        $form = self::form();
        $this->assertArrayHasKey('config_engineproblem', $form->form()->elements);
        $this->assertSame(count(catalogue::codes()) + 1, self::submitted($form)['config_n_count']);
    }
}
