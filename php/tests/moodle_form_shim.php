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
 * A MoodleQuickForm that records what a form adds, for the course form's tests (no Moodle site).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

foreach (['PARAM_INT' => 'int', 'PARAM_RAW' => 'raw', 'PARAM_RAW_TRIMMED' => 'raw_trimmed',
        'PARAM_ALPHANUMEXT' => 'alphanumext'] as $name => $value) {
    defined($name) || define($name, $value);
}

if (!class_exists('MoodleQuickForm')) {
    /**
     * An element made by createElement(), as far as the forms ask it.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class shim_form_element {
        /** @var string the type */
        public $type;
        /** @var string the name */
        public $name;
        /** @var array the other arguments */
        public $args;

        /**
         * An element.
         *
         * @param string $type the type
         * @param string $name the name
         * @param array $args the label and the rest
         */
        public function __construct($type, $name, array $args) {
            $this->type = $type;
            $this->name = $name;
            $this->args = $args;
        }

        /**
         * The type.
         *
         * @return string
         */
        public function getType() { // phpcs:ignore moodle.NamingConventions.ValidFunctionName
            return $this->type;
        }

        /**
         * The name.
         *
         * @return string
         */
        public function getName() { // phpcs:ignore moodle.NamingConventions.ValidFunctionName
            return $this->name;
        }
    }

    /**
     * Stand-in for Moodle's MoodleQuickForm: every call is recorded in $calls, elements by name in
     * $elements (a group's members too, as Moodle finds them).
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class MoodleQuickForm { // phpcs:ignore
        /** @var array[] the calls, in order: [method, arguments] */
        public $calls = [];
        /** @var shim_form_element[] the elements added, by name */
        public $elements = [];
        /** @var array name => default */
        public $defaults = [];
        /** @var array name => PARAM_* */
        public $types = [];

        /**
         * Records a call.
         *
         * @param string $method the method
         * @param array $args its arguments, elements as [type, name, args]
         */
        private function record(string $method, array $args): void {
            $this->calls[] = [$method, array_map(fn($a) => $a instanceof shim_form_element
                ? [$a->type, $a->name, $a->args] : (is_array($a) ? array_map(fn($e) => $e instanceof shim_form_element
                ? [$e->type, $e->name, $e->args] : $e, $a) : $a), $args)];
        }

        /**
         * Makes an element without adding it.
         *
         * @param string $type the type
         * @param string $name the name
         * @param mixed ...$args the rest
         * @return shim_form_element
         */
        public function createElement($type, $name, ...$args) { // phpcs:ignore
            return new shim_form_element($type, $name, $args);
        }

        /**
         * Adds an element.
         *
         * @param string $type the type
         * @param string $name the name
         * @param mixed ...$args the rest
         * @return shim_form_element
         */
        public function addElement($type, $name, ...$args) { // phpcs:ignore
            $this->record('addElement', array_merge([$type, $name], $args));
            return $this->elements[$name] = new shim_form_element($type, $name, $args);
        }

        /**
         * Adds a group.
         *
         * @param shim_form_element[] $elements the members
         * @param string $name the group's name
         * @param string $label its label
         * @param string $separator between members
         * @param bool $appendname whether members' names are prefixed
         */
        public function addGroup($elements, $name, $label, $separator = ' ', $appendname = true) { // phpcs:ignore
            $this->record('addGroup', [$elements, $name, $label, $separator, $appendname]);
            $this->elements[$name] = new shim_form_element('group', $name, [$label]);
            foreach ($elements as $element) {
                $this->elements[$element->name] = $element;
            }
        }

        /**
         * Records a type.
         *
         * @param string $name the element
         * @param string $type PARAM_*
         */
        public function setType($name, $type) { // phpcs:ignore
            $this->record('setType', [$name, $type]);
            $this->types[$name] = $type;
        }

        /**
         * Records a default.
         *
         * @param string $name the element
         * @param mixed $value the default
         */
        public function setDefault($name, $value) { // phpcs:ignore
            $this->record('setDefault', [$name, $value]);
            $this->defaults[$name] = $value;
        }

        /**
         * Records a help button.
         *
         * @param mixed ...$args the element, the string, the component
         */
        public function addHelpButton(...$args) { // phpcs:ignore
            $this->record('addHelpButton', $args);
        }

        /**
         * Records a condition.
         *
         * @param mixed ...$args the element, the one it depends on, the condition
         */
        public function disabledIf(...$args) { // phpcs:ignore
            $this->record('disabledIf', $args);
        }

        /**
         * Records an expanded header.
         *
         * @param mixed ...$args the header, whether expanded
         */
        public function setExpanded(...$args) { // phpcs:ignore
            $this->record('setExpanded', $args);
        }
    }
}

if (!function_exists('get_string_manager')) {
    /**
     * Moodle's string manager, as far as the forms ask it: English is installed, French is a known language.
     *
     * @return object
     */
    function get_string_manager() {
        return new class {
            /**
             * The installed languages.
             *
             * @return array
             */
            public function get_list_of_translations() {
                return ['en' => 'English'];
            }

            /**
             * Every language's name.
             *
             * @return array
             */
            public function get_list_of_languages() {
                return ['en' => 'English', 'fr' => 'French'];
            }
        };
    }
}

// html_writer (div, link, tag), shared with the category pages' tests.
require_once(__DIR__ . '/moodle_category_shim.php');

if (!class_exists('block_edit_form')) {
    /**
     * Stand-in for Moodle's block_edit_form: builds the form on a recording MoodleQuickForm, keeps what
     * set_data() was given; its own validation finds nothing.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    abstract class block_edit_form {
        /** @var object the block: ->instance->id, ->context */
        public $block;
        /** @var object the page: ->context, ->course->id */
        public $page;
        /** @var MoodleQuickForm the form */
        protected $_form; // phpcs:ignore
        /** @var array what set_data() was given */
        public $data = [];

        /**
         * Builds the form, as Moodle's constructor does.
         *
         * @param object $block the block
         * @param object $page the page
         */
        public function __construct($block, $page) {
            $this->block = $block;
            $this->page = $page;
            $this->_form = new MoodleQuickForm();
            $this->specific_definition($this->_form);
        }

        /**
         * The block's own fields.
         *
         * @param MoodleQuickForm $mform the form
         */
        abstract protected function specific_definition($mform);

        /**
         * The form.
         *
         * @return MoodleQuickForm
         */
        public function form() {
            return $this->_form;
        }

        /**
         * Keeps the defaults.
         *
         * @param \stdClass|array $defaults the defaults
         */
        public function set_data($defaults) {
            $this->data = (array) $defaults;
        }

        /**
         * Moodle's own checks: none here.
         *
         * @param array $data submitted data
         * @param array $files submitted files
         * @return array
         */
        public function validation($data, $files) {
            return [];
        }
    }
}
