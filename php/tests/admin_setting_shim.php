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
 * The part of Moodle's admin settings API (lib/adminlib.php) that settings.php and classes/admin use,
 * and the checks a state change makes (require_sesskey(), require_capability()). No Moodle site needed.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

defined('MOODLE_INTERNAL') || define('MOODLE_INTERNAL', true);
defined('PARAM_INT') || define('PARAM_INT', 'int');
defined('PARAM_RAW') || define('PARAM_RAW', 'raw');
require_once(__DIR__ . '/moodle_shim.php');

if (!class_exists('admin_setting')) {
    /**
     * Moodle's admin_setting: a named value of a plugin's config, with its label, description and default.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    abstract class admin_setting {
        /** @var string the setting's name */
        public $name;
        /** @var string|null the plugin */
        public $plugin;
        /** @var string label */
        public $visiblename;
        /** @var string description */
        public $description;
        /** @var mixed default */
        public $defaultsetting;
        /** @var string|null the callback after a change */
        public $updatedcallback;

        /**
         * As Moodle's constructor: 'plugin/name' splits.
         *
         * @param string $name
         * @param string $visiblename
         * @param string $description
         * @param mixed $defaultsetting
         */
        public function __construct($name, $visiblename, $description, $defaultsetting) {
            $parts = explode('/', $name, 2);
            [$this->plugin, $this->name] = count($parts) === 2 ? $parts : [null, $name];
            $this->visiblename = $visiblename;
            $this->description = $description;
            $this->defaultsetting = $defaultsetting;
        }

        /**
         * The stored value (Moodle's config_read()).
         *
         * @return mixed null when never saved
         */
        public function get_setting() {
            $value = get_config($this->plugin ?? 'core', $this->name);
            return $value === false ? null : $value;
        }

        /**
         * Stores a value (Moodle's config_write(), with its config log entry).
         *
         * @param mixed $data
         * @return string '' (no error)
         */
        public function write_setting($data) {
            $old = $this->get_setting();
            set_config($this->name, $data, $this->plugin ?? 'core');
            add_to_config_log($this->name, $old, $data, $this->plugin);
            return '';
        }

        /**
         * The callback after a change.
         *
         * @param string $callback
         */
        public function set_updatedcallback($callback) {
            $this->updatedcallback = $callback;
        }
    }

    /**
     * Moodle's admin_setting_configtext.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class admin_setting_configtext extends admin_setting {
        /** @var mixed PARAM_* */
        public $paramtype;

        /**
         * As Moodle's constructor.
         *
         * @param string $name
         * @param string $visiblename
         * @param string $description
         * @param mixed $defaultsetting
         * @param mixed $paramtype
         * @param int|null $size
         */
        public function __construct($name, $visiblename, $description, $defaultsetting, $paramtype = PARAM_RAW, $size = null) {
            parent::__construct($name, $visiblename, $description, $defaultsetting);
            $this->paramtype = $paramtype;
        }
    }

    /**
     * Moodle's admin_setting_configcheckbox.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class admin_setting_configcheckbox extends admin_setting {
        /**
         * As Moodle's constructor.
         *
         * @param string $name
         * @param string $visiblename
         * @param string $description
         * @param string $defaultsetting
         * @param string $yes
         * @param string $no
         */
        public function __construct($name, $visiblename, $description, $defaultsetting, $yes = '1', $no = '0') {
            parent::__construct($name, $visiblename, $description, $defaultsetting);
        }

        /**
         * The box, as Moodle's: a hidden "no" and the checkbox, in format_admin_setting()'s frame.
         *
         * @param mixed $data the current value
         * @param string $query the admin search
         * @return string
         */
        public function output_html($data, $query = '') {
            $name = 's_' . $this->plugin . '_' . $this->name;
            $element = '<input type="hidden" name="' . $name . '" value="0">' .
                '<input type="checkbox" name="' . $name . '" value="1"' . ((string) $data === '1' ? ' checked' : '') . '>';
            return format_admin_setting($this, $this->visiblename, $element, $this->description, true, '', null, $query);
        }
    }

    /**
     * Moodle's admin_setting_configselect.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class admin_setting_configselect extends admin_setting {
        /** @var array the choices */
        public $choices;

        /**
         * As Moodle's constructor.
         *
         * @param string $name
         * @param string $visiblename
         * @param string $description
         * @param mixed $defaultsetting
         * @param array $choices
         */
        public function __construct($name, $visiblename, $description, $defaultsetting, $choices) {
            parent::__construct($name, $visiblename, $description, $defaultsetting);
            $this->choices = $choices;
        }
    }

    /**
     * Moodle's admin_setting_heading.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class admin_setting_heading extends admin_setting {
        /**
         * As Moodle's constructor.
         *
         * @param string $name
         * @param string $heading
         * @param string $information
         */
        public function __construct($name, $heading, $information) {
            parent::__construct($name, $heading, $information, '');
        }
    }

    /**
     * Moodle's admin_externalpage.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class admin_externalpage {
        /** @var string name */
        public $name;
        /** @var string the capability the page requires */
        public $capability;

        /**
         * As Moodle's constructor.
         *
         * @param string $name
         * @param string $visiblename
         * @param mixed $url
         * @param string $capability
         */
        public function __construct($name, $visiblename, $url, $capability = 'moodle/site:config') {
            $this->name = $name;
            $this->capability = $capability;
        }
    }
}

if (!function_exists('format_admin_setting')) {
    /**
     * Moodle's format_admin_setting(): the setting's label, its form element and its description.
     *
     * @param admin_setting $setting the setting
     * @param string $title its label
     * @param string $form its element
     * @param string $description its description (HTML)
     * @param bool $label whether the title labels the element
     * @param string $warning a warning
     * @param mixed $defaultinfo the default, shown
     * @param string $query the admin search
     * @return string
     */
    function format_admin_setting($setting, $title = '', $form = '', $description = '', $label = true, $warning = '',
            $defaultinfo = null, $query = '') {
        return '<div class="form-item"><div class="form-label">' . $title . '</div><div class="form-setting">' . $form .
            '</div><div class="form-description">' . $description . '</div></div>';
    }
}

if (!function_exists('require_sesskey')) {
    /**
     * Moodle's require_sesskey(): $GLOBALS['CN_SHIM_SESSKEY'] says whether the request carries a good one.
     *
     * @throws moodle_exception invalidsesskey
     */
    function require_sesskey() {
        $GLOBALS['CN_SHIM_CHECKS'][] = 'sesskey';
        if (empty($GLOBALS['CN_SHIM_SESSKEY'])) {
            throw new moodle_exception('invalidsesskey', 'error');
        }
    }
}

if (!function_exists('require_capability')) {
    /**
     * Moodle's require_capability() over the shim's has_capability().
     *
     * @param string $capability
     * @param context $context
     * @param mixed $userid
     * @throws required_capability_exception as Moodle does (a moodle_exception here)
     */
    function require_capability($capability, $context, $userid = null) {
        $GLOBALS['CN_SHIM_CHECKS'][] = $capability;
        if (!has_capability($capability, $context, $userid)) {
            throw new moodle_exception('nopermissions', 'error', '', $capability);
        }
    }
}

if (!function_exists('set_config')) {
    /**
     * Moodle's set_config() over the shim's get_config() values ($GLOBALS['CN_SHIM_CONFIG']); null unsets.
     *
     * @param string $name
     * @param mixed $value
     * @param string $plugin
     * @return bool
     */
    function set_config($name, $value, $plugin = 'core') {
        if ($value === null) {
            unset($GLOBALS['CN_SHIM_CONFIG'][$plugin][$name]);
        } else {
            $GLOBALS['CN_SHIM_CONFIG'][$plugin][$name] = (string) $value;
        }
        return true;
    }
}

if (!function_exists('add_to_config_log')) {
    /**
     * Records a config log entry in $GLOBALS['CN_SHIM_CONFIG_LOG'].
     *
     * @param string $name
     * @param mixed $oldvalue
     * @param mixed $value
     * @param string|null $plugin
     */
    function add_to_config_log($name, $oldvalue, $value, $plugin) {
        $GLOBALS['CN_SHIM_CONFIG_LOG'][] = [$name, $oldvalue, $value, $plugin];
    }
}
