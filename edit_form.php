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
 * The block instance form: the course's notifications, each field inheriting or overridden here.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use block_course_notification\form\new_notification_section;
use block_course_notification\form\notification_section;
use block_course_notification\local\catalogue;
use block_course_notification\local\course_definitions;
use block_course_notification\local\course_notifications;

/**
 * Per-course configuration of the course notifications: a section per notification of the course's
 * effective set (notification_section), each field inheriting or overridden here, and one that adds a
 * notification (new_notification_section). The block's instance_config_save() stores the notification
 * fields with form_saver; the checks are definitions::validate(), the site form's too.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class block_course_notification_edit_form extends block_edit_form {
    /** @var course_notifications|null the course's notifications (null: the form has no notification section) */
    private ?course_notifications $notifications = null;

    /** @var notification_section[] the sections on the form, in order */
    private array $sections = [];

    /**
     * The notifications section, for holders of setup; the learners' view switch for every editor.
     *
     * @param \MoodleQuickForm $mform the form
     */
    protected function specific_definition($mform) {
        $mform->addElement('header', 'config_header_display', get_string('config:display', 'block_course_notification'));
        $mform->addElement('selectyesno', 'config_showlearners', get_string('config:showlearners', 'block_course_notification'));
        $mform->addHelpButton('config_showlearners', 'config:showlearners', 'block_course_notification');
        $mform->setDefault('config_showlearners', 0);
        if (!$this->can_setup()) {
            return;
        }
        if (!catalogue::available()) {
            // The built-in notifications, the triggers and the ranges are the engine's: without it there is
            // nothing to configure against, and nothing is stored (no config_n_form).
            $this->engine_notice($mform, get_string('extensionmissing', 'block_course_notification'));
            return;
        }
        $set = $this->notifications = course_notifications::load((int) $this->page->course->id);
        // Marks that the notification fields were on the form, so that saving writes them.
        $mform->addElement('hidden', 'config_n_form', 1);
        $mform->setType('config_n_form', PARAM_INT);
        if ($set->problem() !== null) {
            $this->engine_notice($mform, $set->problem());
        }
        $langs = course_definitions::languages();
        foreach (array_values($set->effective()) as $i => $n) {
            $this->sections[$i] = new notification_section($mform, $set, $langs, $i, $n);
            $this->sections[$i]->add();
        }
        $mform->addElement('hidden', 'config_n_count', count($this->sections));
        $mform->setType('config_n_count', PARAM_INT);
        (new new_notification_section($mform, $set, $langs))->add();
    }

    /**
     * Fills the notification fields: the value that applies now, and whether it is set here.
     *
     * @param \stdClass|array $defaults the block instance's defaults
     */
    public function set_data($defaults) {
        // Without setup or the catalogue the form has no notification section (specific_definition() says why).
        $defaults = (object) $defaults;
        foreach ($this->sections as $section) {
            foreach ($section->defaults() as $field => $value) {
                $defaults->$field = $value;
            }
        }
        parent::set_data($defaults);
    }

    /**
     * Checks every section with definitions::validate(), the errors on the section's elements.
     *
     * @param array $data submitted data
     * @param array $files submitted files
     * @return array field => error
     */
    public function validation($data, $files) {
        $errors = parent::validation($data, $files);
        if (empty($data['config_n_form']) || $this->notifications === null) {
            return $errors;
        }
        $langs = course_definitions::languages();
        $codes = [];
        for ($i = 0; $i < (int) ($data['config_n_count'] ?? 0); $i++) {
            $code = (string) ($data[notification_section::prefix($i) . 'code'] ?? '');
            $codes[] = $code;
            $errors += notification_section::validation($data, $i, $this->notifications->added_here($code), $langs);
        }
        return $errors + new_notification_section::validation($data, $codes, $langs);
    }

    /**
     * Whether the current user may configure the course's notifications.
     *
     * @return bool
     */
    private function can_setup(): bool {
        $context = !empty($this->block->instance->id) ? $this->block->context : $this->page->context;
        return has_capability('block/course_notification:setup', $context);
    }

    /**
     * A warning the teacher must see, in its own expanded section (Moodle collapses all but the first).
     *
     * @param \MoodleQuickForm $mform the form
     * @param string $message the warning, as text
     */
    private function engine_notice($mform, string $message): void {
        $mform->addElement('header', 'config_header_engine', get_string('config:notifications', 'block_course_notification'));
        $mform->addElement('static', 'config_engineproblem', '', html_writer::div(s($message), 'alert alert-warning'));
        $mform->setExpanded('config_header_engine', true);
    }
}
