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
 * Form of one site-level notification definition.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\form;

defined('MOODLE_INTERNAL') || die();

require_once($CFG->libdir . '/formslib.php');

use block_course_notification\local\catalogue;
use block_course_notification\local\definitions;

/**
 * Edits a built-in notification's site values and texts, or a notification added at site level; with
 * customdata 'contextid' (and 'inherited': the codes in effect at the level above), the same at a
 * category's level.
 *
 * An empty field inherits (the built-in value, or the level above's); the field checks are
 * definitions::validate(), shared with the course form (edit_form.php).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class site_definition extends \moodleform {
    /** Numeric fields, empty meaning "inherit". */
    private const NUMBERS = ['offsetdays', 'repeatevery', 'repeatmax', 'latelimit'];

    /**
     * The fields.
     */
    protected function definition() {
        $mform = $this->_form;
        $code = $this->_customdata['code'] ?? '';
        $component = 'block_course_notification';

        if ($code === '') {
            $mform->addElement('text', 'code', get_string('config:code', $component));
            $mform->addHelpButton('code', 'config:code', $component);
            $mform->addRule('code', null, 'required', null, 'client');
        } else {
            $mform->addElement('static', 'codename', get_string('config:code', $component), s($code));
            $mform->addElement('hidden', 'code', $code);
        }
        $mform->setType('code', PARAM_ALPHANUMEXT);

        // At site level an empty field is the built-in value; below it, whatever the level above has.
        $inherit = self::is_site($this->_customdata) ? get_string('source:builtin', $component)
            : get_string('effective:inherit', $component);
        // What an empty field stands for, shown in the "inherit" choice and as the fields' placeholders: the
        // notification in effect at the level above (customdata 'above'), at site level the built-in one.
        $above = $this->_customdata['above'] ?? (self::is_site($this->_customdata) && $code !== ''
            ? catalogue::builtin($code) : null);
        $inheritof = fn(string $value) => $above === null ? $inherit
            : get_string('effective:inheritvalue', $component, (object) ['inherit' => $inherit, 'value' => $value]);
        $onoff = fn($on) => get_string(!empty($on) ? 'config:on' : 'config:off', $component);
        $mform->addElement(
            'select',
            'enabled',
            get_string('config:enabled', $component),
            ['' => $inheritof($onoff($above['enabled'] ?? false)), '1' => $onoff(true), '0' => $onoff(false)]
        );
        // Essential: sent whatever the learner opted out of, never held back by the daily budget.
        $mform->addElement(
            'select',
            'essential',
            get_string('config:essential', $component),
            ['' => $inheritof(get_string(!empty($above['essential']) ? 'yes' : 'no')), '1' => get_string('yes'),
                '0' => get_string('no')]
        );
        $mform->addHelpButton('essential', 'config:essential', $component);
        $triggers = ['' => $inheritof(isset($above['trigger']) ? get_string('trigger:' . $above['trigger'], $component) : '')];
        foreach (catalogue::triggers() as $trigger) {
            $triggers[$trigger] = get_string('trigger:' . $trigger, $component);
        }
        $mform->addElement('select', 'triggertype', get_string('config:trigger', $component), $triggers);
        $engine = ['offsetdays' => 'offset_days', 'repeatevery' => 'repeat_every', 'repeatmax' => 'repeat_max',
            'latelimit' => 'late_limit_days'];
        foreach (self::NUMBERS as $field) {
            $attributes = ['size' => 6] + (isset($above[$engine[$field]]) ? ['placeholder' => (int) $above[$engine[$field]]] : []);
            $mform->addElement('text', $field, get_string('sitenotifications:' . $field, $component), $attributes);
            $mform->setType($field, PARAM_RAW_TRIMMED);
        }
        $attributes = ['size' => 30] + (isset($above['recipients']) ? ['placeholder' => (string) $above['recipients']] : []);
        $mform->addElement('text', 'recipients', get_string('sitenotifications:recipients', $component), $attributes);
        $mform->setType('recipients', PARAM_RAW_TRIMMED);

        $mform->addElement('header', 'textsheader', get_string('sitenotifications:texts', $component));
        $mform->addElement('static', 'placeholders', '', get_string(
            'config:placeholders',
            $component,
            '{{' . implode('}}, {{', catalogue::placeholders()) . '}}'
        ));
        foreach (self::languages() as $lang) {
            // The inherited text as the placeholder: what the learners get while both fields are empty.
            $text = $above['texts'][$lang] ?? $above['default_texts'][$lang] ?? null;
            $mform->addElement('text', "subject_{$lang}", get_string('config:subject', $component, $lang),
                ['size' => 70] + ($text ? ['placeholder' => $text['subject']] : []));
            $mform->setType("subject_{$lang}", PARAM_RAW_TRIMMED);
            $mform->addElement(
                'textarea',
                "body_{$lang}",
                get_string('config:body', $component, $lang),
                ['rows' => 8, 'cols' => 70] + ($text ? ['placeholder' => $text['body']] : [])
            );
            $mform->setType("body_{$lang}", PARAM_RAW);
        }
        $this->add_action_buttons();
    }

    /**
     * Whether the form edits the site's definitions (customdata without 'contextid', or the site's).
     *
     * @param array|null $customdata the form's custom data
     * @return bool
     */
    private static function is_site(?array $customdata): bool {
        $contextid = $customdata['contextid'] ?? null;
        return $contextid === null || (int) $contextid === (int) \context_system::instance()->id;
    }

    /**
     * The languages texts can be written in: English and French always, and every installed language.
     *
     * @return string[]
     */
    public static function languages(): array {
        return \block_course_notification\local\course_definitions::languages();
    }

    /**
     * The form's data as definitions::save() takes it, or as definitions::validate() checks it.
     *
     * @param \stdClass $data submitted data
     * @param bool $astyped numbers as typed, for validation ("7.5" must be refused, not saved as 7)
     * @return array [code, fields, texts]
     */
    public static function to_definition(\stdClass $data, bool $astyped = false): array {
        $fields = [
            'enabled' => ($data->enabled ?? '') === '' ? null : (int) $data->enabled,
            'triggertype' => ($data->triggertype ?? '') === '' ? null : (string) $data->triggertype,
            'recipients' => ($data->recipients ?? '') === '' ? null : (string) $data->recipients,
            'essential' => ($data->essential ?? '') === '' ? null : (int) $data->essential,
        ];
        foreach (self::NUMBERS as $field) {
            $value = trim((string) ($data->$field ?? ''));
            $fields[$field] = $value === '' ? null : (!$astyped && is_numeric($value) ? (int) $value : $value);
        }
        $texts = [];
        foreach (self::languages() as $lang) {
            $subject = trim((string) ($data->{"subject_{$lang}"} ?? ''));
            $body = trim((string) ($data->{"body_{$lang}"} ?? ''));
            if ($subject !== '' || $body !== '') {
                $texts[$lang] = ['subject' => $subject, 'body' => $body];
            }
        }
        return [trim((string) $data->code), $fields, $texts];
    }

    /**
     * The form's fields from a stored definition.
     *
     * @param \stdClass $def a definition as definitions::load() returns it
     * @return \stdClass
     */
    public static function from_definition(\stdClass $def): \stdClass {
        $data = (object) ['code' => $def->code];
        foreach (array_merge(['enabled', 'triggertype', 'recipients', 'essential'], self::NUMBERS) as $field) {
            $data->$field = ($def->$field ?? null) === null ? '' : (string) $def->$field;
        }
        foreach ($def->texts as $lang => $text) {
            $data->{"subject_{$lang}"} = $text['subject'];
            $data->{"body_{$lang}"} = $text['body'];
        }
        return $data;
    }

    /**
     * Checks every field with the shared rules.
     *
     * @param array $data submitted data
     * @param array $files submitted files
     * @return array field => error
     */
    public function validation($data, $files) {
        $errors = parent::validation($data, $files);
        [$code, $fields, $texts] = self::to_definition((object) $data, true);
        // Below the site, a notification is added unless the level above already has it.
        $inherited = $this->_customdata['inherited'] ?? catalogue::codes();
        $added = !in_array($code, $inherited, true);
        $contextid = $this->_customdata['contextid'] ?? \context_system::instance()->id;
        if (($this->_customdata['code'] ?? '') === '' && definitions::load($contextid, $code)) {
            $errors['code'] = get_string('error:codeexists', 'block_course_notification');
        }
        foreach (definitions::validate($code, $fields, $texts, $added) as $field => $message) {
            if (strpos($field, 'text:') === 0) {
                [, $lang, $part] = explode(':', $field);
                $errors["{$part}_{$lang}"] = $message;
            } else {
                $errors[$field] = $message;
            }
        }
        return $errors;
    }
}
