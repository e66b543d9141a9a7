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

use block_course_notification\local\catalogue;
use block_course_notification\local\course_definitions;
use block_course_notification\local\engine;

/**
 * Per-course configuration of the course notifications.
 *
 * Every notification of the course's effective set (the engine computes it: built-in catalogue, then
 * site, categories and the course) gets a section. Each field shows the value that applies now and an
 * "override" checkbox: unticked, nothing is stored and the field inherits; ticked, the value is stored
 * for this course in block_cnotif_def / block_cnotif_text. The block's instance_config_save() takes the
 * notification fields out of the block's configdata and writes them there.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class block_course_notification_edit_form extends block_edit_form {
    /** @var array|null the course's effective notifications, by code (null until loaded) */
    private ?array $effective = null;

    /** @var \stdClass[] this course's stored definitions, by code */
    private array $stored = [];

    /** @var string|null why the effective set could not be computed */
    private ?string $engineproblem = null;

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
            $mform->addElement('header', 'config_header_engine', get_string('config:notifications', 'block_course_notification'));
            $mform->addElement('static', 'config_engineproblem', '', html_writer::div(
                s(get_string('extensionmissing', 'block_course_notification')),
                'alert alert-warning'
            ));
            $mform->setExpanded('config_header_engine', true);
            return;
        }
        $this->load_notifications();
        // Marks that the notification fields were on the form, so that saving writes them.
        $mform->addElement('hidden', 'config_n_form', 1);
        $mform->setType('config_n_form', PARAM_INT);

        if ($this->engineproblem !== null) {
            $mform->addElement('header', 'config_header_engine', get_string('config:notifications', 'block_course_notification'));
            $mform->addElement(
                'static',
                'config_engineproblem',
                '',
                html_writer::div(s($this->engineproblem), 'alert alert-warning')
            );
            // Moodle collapses every section after the first: the teacher must see this one.
            $mform->setExpanded('config_header_engine', true);
        }
        $langs = course_definitions::languages();
        $triggers = $this->trigger_options();
        $i = 0;
        foreach ($this->effective as $code => $n) {
            $this->notification_section($mform, $i++, $code, $n, $langs, $triggers);
        }
        $mform->addElement('hidden', 'config_n_count', $i);
        $mform->setType('config_n_count', PARAM_INT);
        $this->new_notification_section($mform, $langs, $triggers);
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
     * The course context the definitions belong to.
     *
     * @return \context_course
     */
    private function course_context(): \context_course {
        return \context_course::instance($this->page->course->id);
    }

    /**
     * Loads the effective set from the engine and this course's stored definitions.
     *
     * When the engine cannot compute the set (a slow or unreachable database), the form still works on what
     * the course stores, over the built-in codes of the catalogue.
     */
    private function load_notifications(): void {
        if ($this->effective !== null) {
            return;
        }
        $this->stored = course_definitions::load($this->course_context()->id);
        $this->effective = [];
        try {
            $set = engine::notifications((int) $this->page->course->id);
            foreach ($set['notifications'] as $n) {
                $this->effective[$n['code']] = $n;
            }
            if (!empty($set['errors'])) {
                $this->engineproblem = implode(' ', array_map('strval', $set['errors']));
            }
        } catch (\moodle_exception $e) {
            // The teacher reads why in words that name nothing of the site's setup; the detail goes to debugging.
            $this->engineproblem = get_string('config:noengine', 'block_course_notification', engine::page_notice($e));
            foreach (array_merge(catalogue::codes(), array_keys($this->stored)) as $code) {
                $this->effective[$code] = ['code' => $code, 'enabled' => null, 'trigger' => null,
                    'offset_days' => null, 'repeat_every' => null, 'repeat_max' => null, 'texts' => [], 'sources' => []];
            }
        }
    }

    /**
     * The trigger choices.
     *
     * @return string[] stored name => label
     */
    private function trigger_options(): array {
        $options = [];
        foreach (catalogue::triggers() as $trigger) {
            $options[$trigger] = get_string('trigger:' . $trigger, 'block_course_notification');
        }
        return $options;
    }

    /**
     * Whether a notification was added in this course (its definition here carries a trigger).
     *
     * @param string $code the code
     * @return bool
     */
    private function added_here(string $code): bool {
        return !catalogue::is_builtin($code) && isset($this->stored[$code])
            && $this->stored[$code]->triggertype !== null;
    }

    /**
     * One notification's section: enabled, offset, repeat, texts per language, each with "override".
     *
     * @param \MoodleQuickForm $mform the form
     * @param int $i the section's index (field names use it: codes may contain '_')
     * @param string $code the notification code
     * @param array $n the effective notification as the engine reports it
     * @param string[] $langs languages
     * @param string[] $triggers trigger choices
     */
    private function notification_section($mform, int $i, string $code, array $n, array $langs, array $triggers): void {
        $p = "config_n{$i}_";
        $added = $this->added_here($code);
        $title = course_definitions::name($code);
        if (!$added && $n['trigger'] !== null && !catalogue::is_builtin($code)) {
            $title .= ' (' . get_string('config:inheritedadded', 'block_course_notification') . ')';
        }
        // A header's text is HTML: a code added in the course (or brought by a backup) stays text.
        $mform->addElement('header', $p . 'header', s($title));
        $mform->addElement('hidden', $p . 'code', $code);
        $mform->setType($p . 'code', PARAM_ALPHANUMEXT);

        $summary = $this->summary($n);
        if ($summary !== '') {
            $mform->addElement('static', $p . 'summary', get_string('config:current', 'block_course_notification'), $summary);
        }
        // The message as a learner of this course would receive it, and a test mail to oneself.
        $testurl = new moodle_url('/blocks/course_notification/testsend.php', ['courseid' => $this->page->course->id,
            'code' => $code]);
        $mform->addElement('static', $p . 'testsend', '', html_writer::link($testurl,
            get_string('testsend:link', 'block_course_notification'), ['target' => '_blank']));

        if ($added) {
            $mform->addElement('advcheckbox', $p . 'delete', get_string('config:delete', 'block_course_notification'));
            $mform->addElement('select', $p . 'trigger', get_string('config:trigger', 'block_course_notification'), $triggers);
            $mform->disabledIf($p . 'trigger', $p . 'delete', 'checked');
        }

        // Enabled.
        $this->overridable($mform, $p, 'enabled', $n, $added, [
            $mform->createElement('selectyesno', $p . 'enabled', ''),
        ], get_string('config:enabled', 'block_course_notification'));

        $this->essential_field($mform, $p, $n, $added);

        // Offset in days.
        $offset = $mform->createElement('text', $p . 'offset', '', ['size' => 5]);
        $mform->setType($p . 'offset', PARAM_RAW_TRIMMED);
        $this->overridable(
            $mform,
            $p,
            'offset_days',
            $n,
            $added,
            [$offset,
            $mform->createElement('static', $p . 'offsetunit', '', get_string('config:offsetunit', 'block_course_notification'))],
            get_string('config:offset', 'block_course_notification'),
            'config:offset'
        );

        // Repeat every / at most.
        $mform->setType($p . 'every', PARAM_RAW_TRIMMED);
        $mform->setType($p . 'max', PARAM_RAW_TRIMMED);
        $this->overridable($mform, $p, 'repeat', $n, $added, [
            $mform->createElement('static', $p . 'everylabel', '', get_string('config:repeatevery', 'block_course_notification')),
            $mform->createElement('text', $p . 'every', '', ['size' => 4]),
            $mform->createElement('static', $p . 'maxlabel', '', get_string('config:repeatmax', 'block_course_notification')),
            $mform->createElement('text', $p . 'max', '', ['size' => 4]),
        ], get_string('config:repeat', 'block_course_notification'), 'config:repeat');

        // Texts per language.
        foreach ($langs as $lang) {
            $source = $n['sources']['texts:' . $lang] ?? null;
            $overridden = $added || $this->overridden($source);
            $langname = $this->language_name($lang);
            $mform->addElement(
                'advcheckbox',
                "{$p}t_{$lang}_ovr",
                get_string('config:texts', 'block_course_notification', $langname),
                $this->override_label($source, $overridden, $source !== null)
            );
            $mform->addElement(
                'text',
                "{$p}t_{$lang}_subject",
                get_string('config:subject', 'block_course_notification', $langname),
                ['size' => 60]
            );
            $mform->setType("{$p}t_{$lang}_subject", PARAM_RAW_TRIMMED);
            $mform->addElement(
                'textarea',
                "{$p}t_{$lang}_body",
                get_string('config:body', 'block_course_notification', $langname),
                ['rows' => 6, 'cols' => 60]
            );
            $mform->setType("{$p}t_{$lang}_body", PARAM_RAW);
            $mform->disabledIf("{$p}t_{$lang}_subject", "{$p}t_{$lang}_ovr", 'notchecked');
            $mform->disabledIf("{$p}t_{$lang}_body", "{$p}t_{$lang}_ovr", 'notchecked');
            if ($added) {
                foreach (['ovr', 'subject', 'body'] as $f) {
                    $mform->disabledIf("{$p}t_{$lang}_{$f}", $p . 'delete', 'checked');
                }
            }
        }
        $mform->addElement('static', $p . 'placeholders', '', get_string(
            'config:placeholders',
            'block_course_notification',
            implode(' ', array_map(fn($ph) => '{{' . $ph . '}}', catalogue::placeholders()))
        ));
    }

    /**
     * Essential (sent whatever the learner opted out of, never held back by the daily budget): inherit,
     * yes or no, for an administrator; for anyone else, only a line saying so when it is essential.
     *
     * @param \MoodleQuickForm $mform the form
     * @param string $p the section's field prefix
     * @param array|null $n the effective notification (null: the new notification's section)
     * @param bool $added whether the notification was added in this course
     */
    private function essential_field($mform, string $p, ?array $n, bool $added): void {
        $component = 'block_course_notification';
        if (!course_definitions::can_mark_essential()) {
            // The engine's effective value; without the engine, what this course stores.
            $code = $n['code'] ?? '';
            if (!empty($n['essential']) || (!array_key_exists('essential', $n ?? []) && !empty($this->stored[$code]->essential))) {
                $mform->addElement(
                    'static',
                    $p . 'essentialstate',
                    get_string('config:essential', $component),
                    get_string('config:essentialset', $component)
                );
            }
            return;
        }
        $inherit = get_string('config:essentialinherit', $component);
        $source = $n['sources']['essential'] ?? 'builtin';
        if ($n !== null && array_key_exists('essential', $n) && !$this->overridden($source)) {
            $inherit = get_string('config:essentialinherited', $component, (object) [
                'value' => get_string(!empty($n['essential']) ? 'yes' : 'no'),
                'source' => course_definitions::source_name($source, $this->course_context()->id),
            ]);
        }
        $mform->addElement(
            'select',
            $p . 'essential',
            get_string('config:essential', $component),
            ['' => $inherit, '1' => get_string('yes'), '0' => get_string('no')]
        );
        $mform->addHelpButton($p . 'essential', 'config:essential', $component);
        if ($added) {
            $mform->disabledIf($p . 'essential', $p . 'delete', 'checked');
        }
    }

    /**
     * A field group preceded by its "override" checkbox; the inputs are disabled while it is unticked.
     *
     * @param \MoodleQuickForm $mform the form
     * @param string $p the section's field prefix
     * @param string $field the engine's source key (enabled, offset_days, repeat)
     * @param array $n the effective notification
     * @param bool $added whether the notification was added in this course (its fields are its own)
     * @param \HTML_QuickForm_element[] $elements the inputs
     * @param string $label the group's label
     * @param string|null $help help string identifier
     */
    private function overridable(
        $mform,
        string $p,
        string $field,
        array $n,
        bool $added,
        array $elements,
        string $label,
        ?string $help = null
    ): void {
        $source = $n['sources'][$field] ?? null;
        $overridden = $added || $this->overridden($source);
        $ovr = $mform->createElement('advcheckbox', "{$p}{$field}_ovr", '', $this->override_label($source, $overridden, true));
        $group = array_merge([$ovr], $elements);
        $mform->addGroup($group, "{$p}{$field}_group", $label, ' ', false);
        if ($help !== null) {
            $mform->addHelpButton("{$p}{$field}_group", $help, 'block_course_notification');
        }
        foreach ($elements as $element) {
            if ($element->getType() !== 'static') {
                $mform->disabledIf($element->getName(), "{$p}{$field}_ovr", 'notchecked');
                if ($added) {
                    $mform->disabledIf($element->getName(), $p . 'delete', 'checked');
                }
            }
        }
    }

    /**
     * Whether a source says the value is set in this course.
     *
     * @param string|null $source 'builtin' or 'context:<id>'
     * @return bool
     */
    private function overridden(?string $source): bool {
        return $source === 'context:' . $this->course_context()->id;
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
            return get_string('config:override', 'block_course_notification');
        }
        return get_string(
            'config:overrideinherited',
            'block_course_notification',
            course_definitions::source_name($source, $this->course_context()->id)
        );
    }

    /**
     * The effective trigger and schedule in one line.
     *
     * @param array $n the effective notification
     * @return string HTML
     */
    private function summary(array $n): string {
        if ($n['trigger'] === null) {
            return '';
        }
        $a = (object) [
            'trigger' => get_string('trigger:' . $n['trigger'], 'block_course_notification'),
            'offset' => (int) $n['offset_days'],
            'state' => get_string($n['enabled'] ? 'config:on' : 'config:off', 'block_course_notification'),
        ];
        $text = get_string('config:summary', 'block_course_notification', $a);
        if ((int) $n['repeat_every'] > 0) {
            $text .= ' ' . get_string(
                'config:summaryrepeat',
                'block_course_notification',
                (object) ['every' => (int) $n['repeat_every'], 'max' => (int) $n['repeat_max']]
            );
        }
        return s($text);
    }

    /**
     * A language's name, as Moodle lists it, or its code when it is not installed.
     *
     * @param string $lang the code
     * @return string
     */
    private function language_name(string $lang): string {
        $names = get_string_manager()->get_list_of_languages();
        return $names[$lang] ?? $lang;
    }

    /**
     * The section that adds a notification to the course.
     *
     * @param \MoodleQuickForm $mform the form
     * @param string[] $langs languages
     * @param string[] $triggers trigger choices
     */
    private function new_notification_section($mform, array $langs, array $triggers): void {
        $p = 'config_new_';
        $mform->addElement('header', $p . 'header', get_string('config:add', 'block_course_notification'));
        $mform->addElement('static', $p . 'intro', '', get_string('config:add_desc', 'block_course_notification'));
        $mform->addElement('text', $p . 'code', get_string('config:code', 'block_course_notification'), ['size' => 30]);
        $mform->setType($p . 'code', PARAM_RAW_TRIMMED);
        $mform->addHelpButton($p . 'code', 'config:code', 'block_course_notification');
        $mform->addElement('select', $p . 'trigger', get_string('config:trigger', 'block_course_notification'), $triggers);
        $mform->addElement('selectyesno', $p . 'enabled', get_string('config:enabled', 'block_course_notification'));
        $mform->setDefault($p . 'enabled', 1);
        $this->essential_field($mform, $p, null, false);
        $mform->addGroup([
            $mform->createElement('text', $p . 'offset', '', ['size' => 5]),
            $mform->createElement('static', $p . 'offsetunit', '', get_string('config:offsetunit', 'block_course_notification')),
        ], $p . 'offset_group', get_string('config:offset', 'block_course_notification'), ' ', false);
        $mform->setType($p . 'offset', PARAM_RAW_TRIMMED);
        $mform->setDefault($p . 'offset', 0);
        $mform->addGroup([
            $mform->createElement('static', $p . 'everylabel', '', get_string('config:repeatevery', 'block_course_notification')),
            $mform->createElement('text', $p . 'every', '', ['size' => 4]),
            $mform->createElement('static', $p . 'maxlabel', '', get_string('config:repeatmax', 'block_course_notification')),
            $mform->createElement('text', $p . 'max', '', ['size' => 4]),
        ], $p . 'repeat_group', get_string('config:repeat', 'block_course_notification'), ' ', false);
        $mform->setType($p . 'every', PARAM_RAW_TRIMMED);
        $mform->setType($p . 'max', PARAM_RAW_TRIMMED);
        $mform->setDefault($p . 'every', 0);
        $mform->setDefault($p . 'max', 0);
        foreach ($langs as $lang) {
            $langname = $this->language_name($lang);
            $mform->addElement(
                'text',
                "{$p}t_{$lang}_subject",
                get_string('config:subject', 'block_course_notification', $langname),
                ['size' => 60]
            );
            $mform->setType("{$p}t_{$lang}_subject", PARAM_RAW_TRIMMED);
            $mform->addElement(
                'textarea',
                "{$p}t_{$lang}_body",
                get_string('config:body', 'block_course_notification', $langname),
                ['rows' => 6, 'cols' => 60]
            );
            $mform->setType("{$p}t_{$lang}_body", PARAM_RAW);
        }
    }

    /**
     * Fills the notification fields: the value that applies now, and whether it is set here.
     *
     * @param \stdClass|array $defaults the block instance's defaults
     */
    public function set_data($defaults) {
        // Without the catalogue the form has no notification fields (specific_definition() says why).
        if ($this->can_setup() && catalogue::available()) {
            $this->load_notifications();
            $defaults = (object) $defaults;
            $langs = course_definitions::languages();
            $i = 0;
            foreach ($this->effective as $code => $n) {
                $p = "config_n{$i}_";
                $i++;
                $added = $this->added_here($code);
                $defaults->{$p . 'code'} = $code;
                $defaults->{$p . 'enabled_ovr'} = (int) ($added || $this->overridden($n['sources']['enabled'] ?? null));
                $defaults->{$p . 'enabled'} = (int) !empty($n['enabled']);
                $defaults->{$p . 'offset_days_ovr'} = (int) ($added || $this->overridden($n['sources']['offset_days'] ?? null));
                $defaults->{$p . 'offset'} = $n['offset_days'] ?? '';
                $defaults->{$p . 'repeat_ovr'} = (int) ($added || $this->overridden($n['sources']['repeat'] ?? null));
                $defaults->{$p . 'every'} = $n['repeat_every'] ?? '';
                $defaults->{$p . 'max'} = $n['repeat_max'] ?? '';
                if ($added) {
                    $defaults->{$p . 'trigger'} = $this->stored[$code]->triggertype;
                }
                // What this course stores: '' inherits.
                $essential = $this->stored[$code]->essential ?? null;
                $defaults->{$p . 'essential'} = $essential === null ? '' : (string) (int) $essential;
                foreach ($langs as $lang) {
                    $source = $n['sources']['texts:' . $lang] ?? null;
                    $text = $n['texts'][$lang] ?? null;
                    if ($text === null && isset($this->stored[$code]->texts[$lang])) {
                        $text = (array) $this->stored[$code]->texts[$lang];
                    }
                    if ($text === null) {
                        // What applies now: the built-in text (English where the engine has none in this language).
                        $text = $n['default_texts'][$lang] ?? $n['default_texts']['en'] ?? null;
                    }
                    $overridden = $this->overridden($source) || isset($this->stored[$code]->texts[$lang]);
                    $defaults->{"{$p}t_{$lang}_ovr"} = (int) $overridden;
                    $defaults->{"{$p}t_{$lang}_subject"} = $text['subject'] ?? '';
                    $defaults->{"{$p}t_{$lang}_body"} = $text['body'] ?? '';
                }
            }
        }
        parent::set_data($defaults);
    }

    /**
     * Validates every overridden field: whole numbers in range, known placeholders, a valid new code.
     *
     * @param array $data submitted data
     * @param array $files submitted files
     * @return array field => error
     */
    public function validation($data, $files) {
        $errors = parent::validation($data, $files);
        if (empty($data['config_n_form'])) {
            return $errors;
        }
        $langs = course_definitions::languages();
        $count = (int) ($data['config_n_count'] ?? 0);
        $codes = [];
        for ($i = 0; $i < $count; $i++) {
            $p = "config_n{$i}_";
            $codes[] = (string) ($data[$p . 'code'] ?? '');
            if (!empty($data[$p . 'delete'])) {
                continue;
            }
            $this->validate_schedule(
                $data,
                $p,
                $errors,
                !empty($data[$p . 'offset_days_ovr']),
                !empty($data[$p . 'repeat_ovr']),
                "{$p}offset_days_group",
                "{$p}repeat_group"
            );
            foreach ($langs as $lang) {
                if (!empty($data["{$p}t_{$lang}_ovr"])) {
                    $this->validate_text($data, "{$p}t_{$lang}_", $errors);
                }
            }
        }

        $code = trim((string) ($data['config_new_code'] ?? ''));
        if ($code !== '') {
            if (!catalogue::valid_code($code)) {
                $errors['config_new_code'] = get_string('error:code', 'block_course_notification');
            } else if (in_array($code, $codes, true)) {
                $errors['config_new_code'] = get_string('error:codeexists', 'block_course_notification');
            }
            if (!in_array($data['config_new_trigger'] ?? '', catalogue::triggers(), true)) {
                $errors['config_new_trigger'] = get_string('error:trigger', 'block_course_notification');
            }
            $this->validate_schedule(
                $data,
                'config_new_',
                $errors,
                true,
                true,
                'config_new_offset_group',
                'config_new_repeat_group'
            );
            $anytext = false;
            foreach ($langs as $lang) {
                $prefix = "config_new_t_{$lang}_";
                $subject = trim((string) ($data[$prefix . 'subject'] ?? ''));
                if ($subject !== '' || trim((string) ($data[$prefix . 'body'] ?? '')) !== '') {
                    $anytext = true;
                    $this->validate_text($data, $prefix, $errors);
                }
            }
            if (!$anytext) {
                $errors['config_new_t_en_subject'] = get_string('error:notext', 'block_course_notification');
            }
        }
        return $errors;
    }

    /**
     * Checks offset and repeat fields.
     *
     * @param array $data submitted data
     * @param string $p field prefix
     * @param array $errors errors, added to
     * @param bool $offset whether the offset is submitted for saving
     * @param bool $repeat whether the repeat fields are
     * @param string $offsetgroup the element to attach offset errors to
     * @param string $repeatgroup the element to attach repeat errors to
     */
    private function validate_schedule(
        array $data,
        string $p,
        array &$errors,
        bool $offset,
        bool $repeat,
        string $offsetgroup,
        string $repeatgroup
    ): void {
        $offsetvalue = $data[$p . 'offset'] ?? '';
        [$min, $max] = catalogue::bound('offset_days');
        if ($offset && !self::is_int_in($offsetvalue, $min, $max)) {
            $errors[$offsetgroup] = get_string('error:range', 'block_course_notification', (object) ['min' => $min, 'max' => $max]);
        }
        if ($repeat) {
            [$everymin, $everymax] = catalogue::bound('repeat_every');
            [$maxmin, $maxmax] = catalogue::bound('repeat_max');
            if (!self::is_int_in($data[$p . 'every'] ?? '', $everymin, $everymax)) {
                $errors[$repeatgroup] = get_string(
                    'error:range',
                    'block_course_notification',
                    (object) ['min' => $everymin, 'max' => $everymax]
                );
            } else if (!self::is_int_in($data[$p . 'max'] ?? '', $maxmin, $maxmax)) {
                $errors[$repeatgroup] = get_string(
                    'error:range',
                    'block_course_notification',
                    (object) ['min' => $maxmin, 'max' => $maxmax]
                );
            }
        }
    }

    /**
     * Checks a subject and body: both present, one line for the subject, placeholders the engine knows.
     *
     * @param array $data submitted data
     * @param string $prefix field prefix up to 'subject' / 'body'
     * @param array $errors errors, added to
     */
    private function validate_text(array $data, string $prefix, array &$errors): void {
        $subject = trim((string) ($data[$prefix . 'subject'] ?? ''));
        $body = trim((string) ($data[$prefix . 'body'] ?? ''));
        if ($subject === '') {
            $errors[$prefix . 'subject'] = get_string('error:required', 'block_course_notification');
        } else if (preg_match('/[\r\n]/', $subject)) {
            $errors[$prefix . 'subject'] = get_string('error:oneline', 'block_course_notification');
        } else if (core_text::strlen($subject) > 1333) {
            $errors[$prefix . 'subject'] = get_string('error:toolong', 'block_course_notification', 1333);
        } else if ($problems = engine::template_problems($subject)) {
            $errors[$prefix . 'subject'] = get_string('error:template', 'block_course_notification', implode('; ', $problems));
        }
        if ($body === '') {
            $errors[$prefix . 'body'] = get_string('error:required', 'block_course_notification');
        } else if ($problems = engine::template_problems($body)) {
            $errors[$prefix . 'body'] = get_string('error:template', 'block_course_notification', implode('; ', $problems));
        }
    }

    /**
     * Whether a submitted value is a whole number within bounds.
     *
     * @param mixed $value the submitted value
     * @param int $min lowest allowed
     * @param int $max highest allowed
     * @return bool
     */
    public static function is_int_in($value, int $min, int $max): bool {
        $value = trim((string) $value);
        if (!preg_match('/^[+-]?\d{1,6}$/', $value)) {
            return false;
        }
        return (int) $value >= $min && (int) $value <= $max;
    }
}
