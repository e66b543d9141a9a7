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
 * The section of the block's course form that adds a notification to the course.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\form;

use block_course_notification\local\definitions;
use block_course_notification\local\form_saver;

/**
 * A code, a trigger, the schedule and the texts of a notification this course adds; left empty (no
 * code), it adds nothing. Field names are config_new_<field>.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class new_notification_section extends section {
    /** The field prefix. */
    public const PREFIX = 'config_new_';

    /**
     * Adds the section's elements to the form.
     */
    public function add(): void {
        $mform = $this->mform;
        $p = self::PREFIX;
        $mform->addElement('header', $p . 'header', get_string('config:add', self::COMPONENT));
        $mform->addElement('static', $p . 'intro', '', get_string('config:add_desc', self::COMPONENT));
        $mform->addElement('text', $p . 'code', get_string('config:code', self::COMPONENT), ['size' => 30]);
        $mform->setType($p . 'code', PARAM_RAW_TRIMMED);
        $mform->addHelpButton($p . 'code', 'config:code', self::COMPONENT);
        $mform->addElement('select', $p . 'trigger', get_string('config:trigger', self::COMPONENT), self::trigger_options());
        $mform->addElement('selectyesno', $p . 'enabled', get_string('config:enabled', self::COMPONENT));
        $mform->setDefault($p . 'enabled', 1);
        $this->essential_field($p, null, false);
        $mform->addGroup([
            $mform->createElement('text', $p . 'offset', '', ['size' => 5]),
            $mform->createElement('static', $p . 'offsetunit', '', get_string('config:offsetunit', self::COMPONENT)),
        ], $p . 'offset_group', get_string('config:offset', self::COMPONENT), ' ', false);
        $mform->setType($p . 'offset', PARAM_RAW_TRIMMED);
        $mform->setDefault($p . 'offset', 0);
        $mform->addGroup([
            $mform->createElement('static', $p . 'everylabel', '', get_string('config:repeatevery', self::COMPONENT)),
            $mform->createElement('text', $p . 'every', '', ['size' => 4]),
            $mform->createElement('static', $p . 'maxlabel', '', get_string('config:repeatmax', self::COMPONENT)),
            $mform->createElement('text', $p . 'max', '', ['size' => 4]),
        ], $p . 'repeat_group', get_string('config:repeat', self::COMPONENT), ' ', false);
        $mform->setType($p . 'every', PARAM_RAW_TRIMMED);
        $mform->setType($p . 'max', PARAM_RAW_TRIMMED);
        $mform->setDefault($p . 'every', 0);
        $mform->setDefault($p . 'max', 0);
        foreach ($this->langs as $lang) {
            $this->text_fields($p, $lang);
        }
    }

    /**
     * What is wrong with the new notification, on the section's elements: definitions::validate() on
     * the definition form_saver would save, and a code the form already lists; nothing when no code
     * was typed.
     *
     * @param array $data the submitted data
     * @param string[] $codes the codes of the form's other sections
     * @param string[] $langs the languages on the form
     * @return array element => message
     */
    public static function validation(array $data, array $codes, array $langs): array {
        $p = self::PREFIX;
        [$code, $fields, $texts] = form_saver::new_notification($data, $p, $langs);
        if ($code === '') {
            return [];
        }
        $errors = definitions::validate($code, $fields, $texts, true);
        if (!isset($errors['code']) && in_array($code, $codes, true)) {
            $errors['code'] = get_string('error:codeexists', self::COMPONENT);
        }
        return self::on_elements($errors, $p, ['code' => $p . 'code', 'triggertype' => $p . 'trigger',
            'essential' => $p . 'essential', 'offsetdays' => $p . 'offset_group', 'repeatevery' => $p . 'repeat_group',
            'repeatmax' => $p . 'repeat_group']);
    }
}
