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

// Moodle's constants that db/access.php and db/upgradelib.php use (values as in lib/setuplib.php and
// lib/accesslib.php).
foreach (['DAYSECS' => 86400, 'HOURSECS' => 3600, 'CAP_INHERIT' => 0, 'CAP_ALLOW' => 1, 'CAP_PREVENT' => -1,
        'CAP_PROHIBIT' => -1000, 'RISK_XSS' => 0x0004, 'RISK_SPAM' => 0x0010, 'CONTEXT_SYSTEM' => 10,
        'CONTEXT_COURSE' => 50, 'CONTEXT_BLOCK' => 80] as $name => $value) {
    if (!defined($name)) {
        define($name, $value);
    }
}
