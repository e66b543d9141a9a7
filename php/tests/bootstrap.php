<?php
// This file is part of Moodle - http://moodle.org/
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
// along with Moodle.  If not, see <http://www.gnu.org/licenses/>.

/**
 * PHPUnit bootstrap: with CN_REQUIRE_EXT=1 (scripts/test sets it) a missing extension fails the
 * run instead of letting the extension's tests be skipped.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification developers
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

if (getenv('CN_REQUIRE_EXT') && !extension_loaded('course_notification')) {
    fwrite(STDERR, "The course_notification extension is not loaded: run through scripts/test, or set " .
        "PHP_INI_SCAN_DIR=:php/ini after building it.\n");
    exit(1);
}
defined('MOODLE_INTERNAL') || define('MOODLE_INTERNAL', true);
require_once(__DIR__ . '/moodle_shim.php');
require_once(__DIR__ . '/../../classes/local/engine.php');
require_once(__DIR__ . '/../../classes/local/engine_config.php');
require_once(__DIR__ . '/../../classes/local/catalogue.php');
