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
 * The least of Moodle that classes/local/engine.php needs to load and run its pure functions.
 *
 * Used by the PHP-level tests in this folder, which run under a plain phpunit without a Moodle site.
 * Inside Moodle this file is never loaded.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

if (!defined('MOODLE_INTERNAL')) {
    define('MOODLE_INTERNAL', true);
}

if (!class_exists('moodle_exception')) {
    /**
     * Stand-in for Moodle's moodle_exception: keeps the error code, component and $a for assertions.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class moodle_exception extends \Exception {
        /** @var string lang string key */
        public $errorcode;
        /** @var string component of the lang string */
        public $module;
        /** @var string url to continue to */
        public $link;
        /** @var mixed value for the lang string placeholder */
        public $a;
        /** @var string|null extra detail for developers */
        public $debuginfo;

        /**
         * Same signature as Moodle's constructor.
         *
         * @param string $errorcode lang string key
         * @param string $module component
         * @param string $link url
         * @param mixed $a placeholder value
         * @param string|null $debuginfo detail
         */
        public function __construct($errorcode, $module = '', $link = '', $a = null, $debuginfo = null) {
            $this->errorcode = $errorcode;
            $this->module = $module;
            $this->link = $link;
            $this->a = $a;
            $this->debuginfo = $debuginfo;
            $detail = is_scalar($a) ? (string) $a : json_encode($a);
            parent::__construct("{$module}/{$errorcode}" . ($a === null ? '' : ": {$detail}"));
        }
    }
}

if (!class_exists('coding_exception')) {
    /**
     * Stand-in for Moodle's coding_exception (lib/setuplib.php): a programming error.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class coding_exception extends moodle_exception {
        /**
         * Same signature as Moodle's constructor.
         *
         * @param string $hint what went wrong
         * @param string|null $debuginfo detail
         */
        public function __construct($hint, $debuginfo = null) {
            parent::__construct('codingerror', 'debug', '', $hint, $debuginfo);
        }
    }
}

if (!class_exists('dml_exception')) {
    /**
     * Stand-in for Moodle's dml_exception (lib/dmllib.php), the parent of every database error.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class dml_exception extends moodle_exception {
        /**
         * Same signature as Moodle's constructor.
         *
         * @param string $errorcode lang string key
         * @param mixed $a placeholder value
         * @param string|null $debuginfo detail
         */
        public function __construct($errorcode, $a = null, $debuginfo = null) {
            parent::__construct($errorcode, '', '', $a, $debuginfo);
        }
    }

    /**
     * What Moodle's dml_read_exception and dml_write_exception share here: the database's error, the
     * statement and its parameters, kept as Moodle keeps them.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    abstract class shim_dml_statement_exception extends dml_exception {
        /** @var string the database's error */
        public $error;
        /** @var string|null the statement */
        public $sql;
        /** @var array|null its parameters */
        public $params;

        /**
         * Same signature as Moodle's constructors.
         *
         * @param string $error the database's error
         * @param string|null $sql the statement
         * @param array|null $params its parameters
         */
        public function __construct($error, $sql = null, ?array $params = null) {
            $this->error = $error;
            $this->sql = $sql;
            $this->params = $params;
            parent::__construct(static::CODE, null, $error . "\n" . $sql);
            $this->message .= ': ' . $error;
        }
    }

    /**
     * Stand-in for Moodle's dml_read_exception: a statement that reads failed.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class dml_read_exception extends shim_dml_statement_exception {
        /** Moodle's error code. */
        protected const CODE = 'dmlreadexception';
    }

    /**
     * Stand-in for Moodle's dml_write_exception: a statement that writes failed (a duplicate key, say).
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class dml_write_exception extends shim_dml_statement_exception {
        /** Moodle's error code. */
        protected const CODE = 'dmlwriteexception';
    }

    /**
     * Stand-in for Moodle's dml_missing_record_exception: MUST_EXIST found nothing.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class dml_missing_record_exception extends dml_exception {
        /**
         * Same signature as Moodle's constructor.
         *
         * @param string $tablename the table
         * @param string $sql the statement
         * @param array|null $params its parameters
         */
        public function __construct($tablename, $sql = '', ?array $params = null) {
            parent::__construct('invalidrecord', $tablename, $sql);
        }
    }

    /**
     * Stand-in for Moodle's dml_multiple_records_exception: one record expected, several found.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class dml_multiple_records_exception extends dml_exception {
        /**
         * Same signature as Moodle's constructor.
         *
         * @param string $sql the statement
         * @param array|null $params its parameters
         */
        public function __construct($sql = '', ?array $params = null) {
            parent::__construct('multiplerecordsfound', null, $sql);
        }
    }

    /**
     * Stand-in for Moodle's dml_transaction_exception: a transaction used wrongly.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class dml_transaction_exception extends dml_exception {
        /**
         * Same signature as Moodle's constructor.
         *
         * @param string|null $debuginfo detail
         * @param mixed $transaction the transaction
         */
        public function __construct($debuginfo = null, $transaction = null) {
            parent::__construct('dmltransactionexception', $debuginfo, $debuginfo);
        }
    }
}

// Moodle's constants that db/access.php and db/upgradelib.php use (values as in lib/setuplib.php and
// lib/accesslib.php).
foreach (['DAYSECS' => 86400, 'HOURSECS' => 3600, 'CAP_INHERIT' => 0, 'CAP_ALLOW' => 1, 'CAP_PREVENT' => -1,
        'CAP_PROHIBIT' => -1000, 'RISK_XSS' => 0x0004, 'RISK_SPAM' => 0x0010, 'CONTEXT_SYSTEM' => 10,
        'CONTEXT_COURSE' => 50, 'CONTEXT_BLOCK' => 80, 'SITEID' => 1,
        // lib/dmllib.php and lib/dml/moodle_database.php.
        'IGNORE_MISSING' => 0, 'IGNORE_MULTIPLE' => 1, 'MUST_EXIST' => 2, 'SQL_PARAMS_NAMED' => 1, 'SQL_PARAMS_QM' => 2,
        ] as $name => $value) {
    if (!defined($name)) {
        define($name, $value);
    }
}

if (!class_exists('context') && !class_exists('context_system')) {
    /**
     * Stand-in for Moodle's context (lib/classes/context.php): id, level and instance, read from the
     * context table of the test database through $DB.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    abstract class context {
        /** @var int context.id */
        public $id;
        /** @var int context.contextlevel */
        public $contextlevel;
        /** @var int context.instanceid */
        public $instanceid;
        /** @var string context.path */
        public $path;

        /**
         * A context from its row.
         *
         * @param \stdClass $record the context row
         */
        protected function __construct(\stdClass $record) {
            $this->id = (int) $record->id;
            $this->contextlevel = (int) $record->contextlevel;
            $this->instanceid = (int) $record->instanceid;
            $this->path = (string) ($record->path ?? '');
        }

        /**
         * The row of a level and instance.
         *
         * @param int $level CONTEXT_*
         * @param int $instanceid the instance
         * @param int $strictness MUST_EXIST or IGNORE_MISSING
         * @return \stdClass|false
         */
        protected static function row(int $level, int $instanceid, int $strictness) {
            global $DB;
            return $DB->get_record('context', ['contextlevel' => $level, 'instanceid' => $instanceid], '*', $strictness);
        }

        /**
         * The ids of the contexts above, nearest first (as Moodle's).
         *
         * @param bool $includeself with this one first
         * @return string[]
         */
        public function get_parent_context_ids($includeself = false) {
            if ($this->path === '') {
                return [];
            }
            $ids = explode('/', trim($this->path, '/'));
            if (!$includeself) {
                array_pop($ids);
            }
            return array_reverse($ids);
        }

        /**
         * The course context this context is in, or false (as Moodle's).
         *
         * @param bool $strict throw when there is none
         * @return context_course|false
         */
        public function get_course_context($strict = true) {
            return $this instanceof context_course ? $this : false;
        }
    }

    /**
     * Stand-in for Moodle's context_system.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class context_system extends context {
        /**
         * The site's context.
         *
         * @return context_system
         */
        public static function instance() {
            return new context_system(self::row(CONTEXT_SYSTEM, 0, MUST_EXIST));
        }
    }

    /**
     * Stand-in for Moodle's context_course.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class context_course extends context {
        /**
         * A course's context.
         *
         * @param int $courseid the course
         * @param int $strictness MUST_EXIST or IGNORE_MISSING
         * @return context_course|false
         */
        public static function instance($courseid, $strictness = MUST_EXIST) {
            $row = self::row(CONTEXT_COURSE, (int) $courseid, $strictness);
            return $row ? new context_course($row) : false;
        }
    }
}

if (!function_exists('get_string')) {
    /**
     * Stand-in for Moodle's get_string(): the plugin's English strings from its lang file, and the few
     * core strings the plugin's pages use, as Moodle 5.0's lang/en/moodle.php has them; $a replaced as
     * Moodle does ({$a} and {$a->name}).
     *
     * @param string $identifier the key
     * @param string $component block_course_notification, or '' / 'moodle' for core
     * @param mixed $a the placeholder value
     * @return string
     */
    function get_string($identifier, $component = '', $a = null) {
        static $plugin = null;
        $core = ['address' => 'Address', 'cancel' => 'Cancel', 'city' => 'City/town', 'country' => 'Country', 'department' => 'Department',
            'email' => 'Email address', 'fullnameuser' => 'User full name', 'idnumber' => 'ID number',
            'institution' => 'Institution', 'phone1' => 'Phone', 'phone2' => 'Mobile phone', 'preferences' => 'Preferences',
            'username' => 'Username', 'edit' => 'Edit', 'delete' => 'Delete', 'yes' => 'Yes', 'no' => 'No'];
        if ($component === 'block_course_notification') {
            if ($plugin === null) {
                $string = [];
                include(__DIR__ . '/../../lang/en/block_course_notification.php');
                $plugin = $string;
            }
            $text = $plugin[$identifier] ?? null;
        } else {
            $text = $core[$identifier] ?? null;
        }
        if ($text === null) {
            return "[[{$identifier}]]";
        }
        if ($a !== null && (is_object($a) || is_array($a))) {
            foreach ((array) $a as $name => $value) {
                if (is_scalar($value) || $value === null) {
                    $text = str_replace('{$a->' . $name . '}', (string) $value, $text);
                }
            }
        } else if ($a !== null) {
            $text = str_replace('{$a}', (string) $a, $text);
        }
        return $text;
    }
}

if (!function_exists('has_capability')) {
    /**
     * Stand-in for Moodle's has_capability(): the current user holds the capabilities a test lists in
     * $GLOBALS['CN_SHIM_CAPABILITIES'] (in every context), and no other.
     *
     * @param string $capability the capability
     * @param context $context the context
     * @param mixed $user unused (the current user)
     * @return bool
     */
    function has_capability($capability, $context, $user = null) {
        return in_array($capability, $GLOBALS['CN_SHIM_CAPABILITIES'] ?? [], true);
    }
}

if (!function_exists('s')) {
    /**
     * Moodle's s(): text made safe for HTML (lib/weblib.php).
     *
     * @param mixed $var the text
     * @return string
     */
    function s($var) {
        if ($var === false) {
            return '0';
        }
        return preg_replace('/&amp;#(\d+|x[0-9a-f]+);/i', '&#$1;',
            htmlspecialchars($var ?? '', ENT_QUOTES | ENT_HTML401 | ENT_SUBSTITUTE));
    }
}

if (!function_exists('fullname')) {
    /**
     * Stand-in for Moodle's fullname() with the default name format (English: first name, last name).
     *
     * @param \stdClass $user the user
     * @param bool $override unused
     * @return string
     */
    function fullname($user, $override = false) {
        return trim(($user->firstname ?? '') . ' ' . ($user->lastname ?? ''));
    }
}

if (!function_exists('userdate')) {
    /**
     * Stand-in for Moodle's userdate() in UTC (the tests' timezone), with strftime's %Y %m %d %H %M.
     *
     * @param int $date the time
     * @param string $format strftime format
     * @return string
     */
    function userdate($date, $format = '') {
        return gmdate(strtr($format ?: '%Y-%m-%d %H:%M', ['%Y' => 'Y', '%m' => 'm', '%d' => 'd', '%H' => 'H', '%M' => 'i']),
            (int) $date);
    }
}

if (!class_exists('core_text')) {
    /**
     * Stand-in for Moodle's core_text (lib/classes/text.php): the multibyte functions the plugin uses.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class core_text {
        /**
         * Lower case.
         *
         * @param string $text the text
         * @return string
         */
        public static function strtolower($text) {
            return mb_strtolower((string) $text, 'UTF-8');
        }

        /**
         * Length in characters.
         *
         * @param string $text the text
         * @return int
         */
        public static function strlen($text) {
            return mb_strlen((string) $text, 'UTF-8');
        }

        /**
         * Part of a string.
         *
         * @param string $text the text
         * @param int $start start
         * @param int|null $len length
         * @return string
         */
        public static function substr($text, $start, $len = null) {
            return mb_substr((string) $text, $start, $len, 'UTF-8');
        }
    }
}

if (!function_exists('get_config')) {
    /**
     * Stand-in for Moodle's get_config(): the values a test puts in $GLOBALS['CN_SHIM_CONFIG'][plugin][name],
     * false for any other (as Moodle returns for a setting never saved).
     *
     * @param string $plugin the component
     * @param string|null $name the setting
     * @return mixed
     */
    function get_config($plugin, $name = null) {
        $config = $GLOBALS['CN_SHIM_CONFIG'][$plugin] ?? [];
        return $name === null ? (object) $config : ($config[$name] ?? false);
    }
}

if (!function_exists('get_site_identifier')) {
    /**
     * Stand-in for Moodle's get_site_identifier(): $CFG->siteidentifier.
     *
     * @return string
     */
    function get_site_identifier() {
        global $CFG;
        return (string) ($CFG->siteidentifier ?? '');
    }
}

if (!class_exists('core_date')) {
    /**
     * Stand-in for Moodle's core_date: the server timezone is $CFG->timezone (the tests set a real one).
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class core_date {
        /**
         * The server's timezone.
         *
         * @return string
         */
        public static function get_server_timezone() {
            global $CFG;
            return (string) ($CFG->timezone ?? 'UTC');
        }
    }
}
