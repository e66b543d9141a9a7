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
 * What the course form's sections share.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\form;

use block_course_notification\local\catalogue;
use block_course_notification\local\course_definitions;
use block_course_notification\local\course_notifications;

/**
 * The fields both sections of the block's course form have (essential, a language's texts) and the
 * mapping of definitions::validate()'s error keys to a section's elements.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
abstract class section {
    /** The plugin's component, for its strings. */
    protected const COMPONENT = 'block_course_notification';

    /** @var \MoodleQuickForm the form */
    protected $mform;

    /** @var course_notifications the course's notifications */
    protected course_notifications $set;

    /** @var string[] the languages texts are written in */
    protected array $langs;

    /**
     * A section of the form.
     *
     * @param \MoodleQuickForm $mform the form
     * @param course_notifications $set the course's notifications
     * @param string[] $langs the languages texts are written in (course_definitions::languages())
     */
    public function __construct($mform, course_notifications $set, array $langs) {
        $this->mform = $mform;
        $this->set = $set;
        $this->langs = $langs;
    }

    /**
     * The trigger choices.
     *
     * @return string[] stored name => label
     */
    protected static function trigger_options(): array {
        $options = [];
        foreach (catalogue::triggers() as $trigger) {
            $options[$trigger] = get_string('trigger:' . $trigger, self::COMPONENT);
        }
        return $options;
    }

    /**
     * A language's name, as Moodle lists it, or its code when it is not installed.
     *
     * @param string $lang the code
     * @return string
     */
    protected static function language_name(string $lang): string {
        $names = get_string_manager()->get_list_of_languages();
        return $names[$lang] ?? $lang;
    }

    /**
     * A language's subject and body.
     *
     * @param string $p the section's field prefix
     * @param string $lang the language
     */
    protected function text_fields(string $p, string $lang): void {
        $langname = self::language_name($lang);
        $this->mform->addElement(
            'text',
            "{$p}t_{$lang}_subject",
            get_string('config:subject', self::COMPONENT, $langname),
            ['size' => 60]
        );
        $this->mform->setType("{$p}t_{$lang}_subject", PARAM_RAW_TRIMMED);
        $this->mform->addElement(
            'textarea',
            "{$p}t_{$lang}_body",
            get_string('config:body', self::COMPONENT, $langname),
            ['rows' => 6, 'cols' => 60]
        );
        $this->mform->setType("{$p}t_{$lang}_body", PARAM_RAW);
    }

    /**
     * Essential (sent whatever the learner opted out of, never held back by the daily budget): inherit,
     * yes or no, for an administrator; for anyone else, only a line saying so when it is essential.
     *
     * @param string $p the section's field prefix
     * @param array|null $n the effective notification (null: the new notification's section)
     * @param bool $added whether the notification was added in this course
     */
    protected function essential_field(string $p, ?array $n, bool $added): void {
        $mform = $this->mform;
        if (!course_definitions::can_mark_essential()) {
            // The engine's effective value; without the engine, what this course stores.
            $stored = $this->set->stored($n['code'] ?? '');
            if (!empty($n['essential']) || (!array_key_exists('essential', $n ?? []) && !empty($stored->essential))) {
                $mform->addElement(
                    'static',
                    $p . 'essentialstate',
                    get_string('config:essential', self::COMPONENT),
                    get_string('config:essentialset', self::COMPONENT)
                );
            }
            return;
        }
        $inherit = get_string('config:essentialinherit', self::COMPONENT);
        $source = $n['sources']['essential'] ?? 'builtin';
        if ($n !== null && array_key_exists('essential', $n) && !$this->set->overridden($source)) {
            $inherit = get_string('config:essentialinherited', self::COMPONENT, (object) [
                'value' => get_string(!empty($n['essential']) ? 'yes' : 'no'),
                'source' => course_definitions::source_name($source, $this->set->contextid()),
            ]);
        }
        $mform->addElement(
            'select',
            $p . 'essential',
            get_string('config:essential', self::COMPONENT),
            ['' => $inherit, '1' => get_string('yes'), '0' => get_string('no')]
        );
        $mform->addHelpButton($p . 'essential', 'config:essential', self::COMPONENT);
        if ($added) {
            $mform->disabledIf($p . 'essential', $p . 'delete', 'checked');
        }
    }

    /**
     * definitions::validate()'s errors on a section's elements; where two fields share an element (the
     * repeat group), the first error stays.
     *
     * @param array $errors definitions::validate()'s errors (column, 'code', "text:<lang>:<part>")
     * @param string $p the section's field prefix
     * @param array $elements column or 'code' => element name; a key absent is not on the section
     * @return array element => message
     */
    protected static function on_elements(array $errors, string $p, array $elements): array {
        $mapped = [];
        foreach ($errors as $key => $message) {
            if (strpos($key, 'text:') === 0) {
                [, $lang, $part] = explode(':', $key);
                $element = "{$p}t_{$lang}_{$part}";
            } else {
                $element = $elements[$key] ?? null;
            }
            if ($element !== null && !isset($mapped[$element])) {
                $mapped[$element] = $message;
            }
        }
        return $mapped;
    }
}
