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
 * One notification's section of the block's course form.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\form;

use block_course_notification\local\catalogue;
use block_course_notification\local\course_definitions;
use block_course_notification\local\course_notifications;
use block_course_notification\local\definitions;
use block_course_notification\local\form_saver;

/**
 * A notification of the course's effective set: enabled, essential, offset, repeat and the texts per
 * language, each showing the value that applies now with an "override" checkbox (unticked, nothing is
 * stored and the field inherits). A notification added in this course owns every field, and can be
 * deleted. Field names are config_n<index>_<field>: the index, because codes may contain '_'.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class notification_section extends section {
    /** @var string the field prefix, config_n<index>_ */
    private string $p;

    /** @var string the notification's code */
    private string $code;

    /** @var array the effective notification, as the engine reports it */
    private array $n;

    /** @var bool whether the notification was added in this course */
    private bool $added;

    /**
     * The section of one notification.
     *
     * @param \MoodleQuickForm $mform the form
     * @param course_notifications $set the course's notifications
     * @param string[] $langs the languages texts are written in
     * @param int $index the section's place on the form
     * @param array $n the effective notification (one of $set->effective())
     */
    public function __construct($mform, course_notifications $set, array $langs, int $index, array $n) {
        parent::__construct($mform, $set, $langs);
        $this->p = self::prefix($index);
        $this->code = (string) $n['code'];
        $this->n = $n;
        $this->added = $set->added_here($this->code);
    }

    /**
     * The field prefix of the section at an index.
     *
     * @param int $index the section's place on the form
     * @return string
     */
    public static function prefix(int $index): string {
        return "config_n{$index}_";
    }

    /**
     * Adds the section's elements to the form.
     */
    public function add(): void {
        $mform = $this->mform;
        $p = $this->p;
        $title = catalogue::name($this->code);
        if (!$this->added && $this->n['trigger'] !== null && !catalogue::is_builtin($this->code)) {
            $title .= ' (' . get_string('config:inheritedadded', self::COMPONENT) . ')';
        }
        // A header's text is HTML: a code added in the course (or brought by a backup) stays text.
        $mform->addElement('header', $p . 'header', s($title));
        $mform->addElement('hidden', $p . 'code', $this->code);
        $mform->setType($p . 'code', PARAM_ALPHANUMEXT);

        $summary = $this->summary();
        if ($summary !== '') {
            $mform->addElement('static', $p . 'summary', get_string('config:current', self::COMPONENT), $summary);
        }
        // The message as a learner of this course would receive it, and a test mail to oneself.
        $testurl = new \moodle_url('/blocks/course_notification/testsend.php', ['courseid' => $this->set->courseid(),
            'code' => $this->code]);
        $mform->addElement('static', $p . 'testsend', '', \html_writer::link(
            $testurl,
            get_string('testsend:link', self::COMPONENT),
            ['target' => '_blank']
        ));

        if ($this->added) {
            $mform->addElement('advcheckbox', $p . 'delete', get_string('config:delete', self::COMPONENT));
            $mform->addElement('select', $p . 'trigger', get_string('config:trigger', self::COMPONENT), self::trigger_options());
            $mform->disabledIf($p . 'trigger', $p . 'delete', 'checked');
        }

        $this->overridable('enabled', [
            $mform->createElement('selectyesno', $p . 'enabled', ''),
        ], get_string('config:enabled', self::COMPONENT));

        $this->essential_field($p, $this->n, $this->added);

        $mform->setType($p . 'offset', PARAM_RAW_TRIMMED);
        $this->overridable('offset_days', [
            $mform->createElement('text', $p . 'offset', '', ['size' => 5]),
            $mform->createElement('static', $p . 'offsetunit', '', get_string('config:offsetunit', self::COMPONENT)),
        ], get_string('config:offset', self::COMPONENT), 'config:offset');

        $mform->setType($p . 'every', PARAM_RAW_TRIMMED);
        $mform->setType($p . 'max', PARAM_RAW_TRIMMED);
        $this->overridable('repeat', [
            $mform->createElement('static', $p . 'everylabel', '', get_string('config:repeatevery', self::COMPONENT)),
            $mform->createElement('text', $p . 'every', '', ['size' => 4]),
            $mform->createElement('static', $p . 'maxlabel', '', get_string('config:repeatmax', self::COMPONENT)),
            $mform->createElement('text', $p . 'max', '', ['size' => 4]),
        ], get_string('config:repeat', self::COMPONENT), 'config:repeat');

        foreach ($this->langs as $lang) {
            $source = $this->n['sources']['texts:' . $lang] ?? null;
            $overridden = $this->added || $this->set->overridden($source);
            $mform->addElement(
                'advcheckbox',
                "{$p}t_{$lang}_ovr",
                get_string('config:texts', self::COMPONENT, self::language_name($lang)),
                $this->override_label($source, $overridden, $source !== null)
            );
            $this->text_fields($p, $lang);
            $mform->disabledIf("{$p}t_{$lang}_subject", "{$p}t_{$lang}_ovr", 'notchecked');
            $mform->disabledIf("{$p}t_{$lang}_body", "{$p}t_{$lang}_ovr", 'notchecked');
            if ($this->added) {
                foreach (['ovr', 'subject', 'body'] as $f) {
                    $mform->disabledIf("{$p}t_{$lang}_{$f}", $p . 'delete', 'checked');
                }
            }
        }
        $mform->addElement('static', $p . 'placeholders', '', get_string(
            'config:placeholders',
            self::COMPONENT,
            implode(' ', array_map(fn($ph) => '{{' . $ph . '}}', catalogue::placeholders()))
        ));
    }

    /**
     * The section's values for set_data(): the value that applies now, and whether it is set here.
     *
     * @return array field => value
     */
    public function defaults(): array {
        $p = $this->p;
        $n = $this->n;
        $stored = $this->set->stored($this->code);
        $overridden = fn(string $field) => (int) ($this->added || $this->set->overridden($n['sources'][$field] ?? null));
        $defaults = [
            $p . 'code' => $this->code,
            $p . 'enabled_ovr' => $overridden('enabled'),
            $p . 'enabled' => (int) !empty($n['enabled']),
            $p . 'offset_days_ovr' => $overridden('offset_days'),
            $p . 'offset' => $n['offset_days'] ?? '',
            $p . 'repeat_ovr' => $overridden('repeat'),
            $p . 'every' => $n['repeat_every'] ?? '',
            $p . 'max' => $n['repeat_max'] ?? '',
        ];
        if ($this->added) {
            $defaults[$p . 'trigger'] = $stored->triggertype;
        }
        // What this course stores: '' inherits.
        $essential = $stored->essential ?? null;
        $defaults[$p . 'essential'] = $essential === null ? '' : (string) (int) $essential;
        foreach ($this->langs as $lang) {
            $text = $n['texts'][$lang] ?? null;
            if ($text === null && isset($stored->texts[$lang])) {
                $text = (array) $stored->texts[$lang];
            }
            if ($text === null) {
                // What applies now: the built-in text (English where the engine has none in this language).
                $text = $n['default_texts'][$lang] ?? $n['default_texts']['en'] ?? null;
            }
            $textovr = $this->set->overridden($n['sources']['texts:' . $lang] ?? null) || isset($stored->texts[$lang]);
            $defaults["{$p}t_{$lang}_ovr"] = (int) $textovr;
            $defaults["{$p}t_{$lang}_subject"] = $text['subject'] ?? '';
            $defaults["{$p}t_{$lang}_body"] = $text['body'] ?? '';
        }
        return $defaults;
    }

    /**
     * What is wrong with the section's submitted data, on its elements: definitions::validate() on the
     * definition form_saver would save (nothing when the notification is being deleted).
     *
     * @param array $data the submitted data
     * @param int $index the section's place on the form
     * @param bool $added whether its notification was added in this course
     * @param string[] $langs the languages on the form
     * @return array element => message
     */
    public static function validation(array $data, int $index, bool $added, array $langs): array {
        $p = self::prefix($index);
        if ($added && !empty($data[$p . 'delete'])) {
            return [];
        }
        [$fields, $texts] = form_saver::section($data, $p, $added, $langs);
        $errors = definitions::validate((string) ($data[$p . 'code'] ?? ''), $fields, $texts, $added);
        // The code is the form's own (hidden): one that is not valid is skipped when saving.
        return self::on_elements($errors, $p, ['triggertype' => $p . 'trigger', 'essential' => $p . 'essential',
            'offsetdays' => $p . 'offset_days_group', 'repeatevery' => $p . 'repeat_group', 'repeatmax' => $p . 'repeat_group']);
    }

    /**
     * A field group preceded by its "override" checkbox; the inputs are disabled while it is unticked.
     *
     * @param string $field the engine's source key (enabled, offset_days, repeat)
     * @param \HTML_QuickForm_element[] $elements the inputs
     * @param string $label the group's label
     * @param string|null $help help string identifier
     */
    private function overridable(string $field, array $elements, string $label, ?string $help = null): void {
        $mform = $this->mform;
        $p = $this->p;
        $source = $this->n['sources'][$field] ?? null;
        $overridden = $this->added || $this->set->overridden($source);
        $ovr = $mform->createElement('advcheckbox', "{$p}{$field}_ovr", '', $this->override_label($source, $overridden, true));
        $mform->addGroup(array_merge([$ovr], $elements), "{$p}{$field}_group", $label, ' ', false);
        if ($help !== null) {
            $mform->addHelpButton("{$p}{$field}_group", $help, self::COMPONENT);
        }
        foreach ($elements as $element) {
            if ($element->getType() !== 'static') {
                $mform->disabledIf($element->getName(), "{$p}{$field}_ovr", 'notchecked');
                if ($this->added) {
                    $mform->disabledIf($element->getName(), $p . 'delete', 'checked');
                }
            }
        }
    }

    /**
     * The "override" checkbox's text, saying where the value comes from while it inherits.
     *
     * @param string|null $source the engine's source
     * @param bool $overridden set in this course
     * @param bool $known whether there is an inherited value at all
     * @return string
     */
    private function override_label(?string $source, bool $overridden, bool $known): string {
        if ($overridden || !$known) {
            return get_string('config:override', self::COMPONENT);
        }
        return get_string(
            'config:overrideinherited',
            self::COMPONENT,
            course_definitions::source_name($source, $this->set->contextid())
        );
    }

    /**
     * The effective trigger and schedule in one line.
     *
     * @return string HTML
     */
    private function summary(): string {
        $n = $this->n;
        if ($n['trigger'] === null) {
            return '';
        }
        $a = (object) [
            'trigger' => get_string('trigger:' . $n['trigger'], self::COMPONENT),
            'offset' => (int) $n['offset_days'],
            'state' => get_string($n['enabled'] ? 'config:on' : 'config:off', self::COMPONENT),
        ];
        $text = get_string('config:summary', self::COMPONENT, $a);
        if ((int) $n['repeat_every'] > 0) {
            $text .= ' ' . get_string(
                'config:summaryrepeat',
                self::COMPONENT,
                (object) ['every' => (int) $n['repeat_every'], 'max' => (int) $n['repeat_max']]
            );
        }
        return s($text);
    }
}
