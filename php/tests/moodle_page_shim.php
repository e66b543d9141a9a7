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
 * The least of Moodle's output, cache, task and debugging APIs that the plugin's pages (the block's
 * summary, the learner's upcoming view, the report's Why view) need to build their template context,
 * for PagesTest (no Moodle site). debugging() is recorded, so a test can tell what a page shows from
 * what it only tells developers. Inside Moodle this file is never loaded.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace {
    // A developer file, under the web root in a full clone: does nothing unless run from the command line.
    PHP_SAPI === 'cli' || exit();

    defined('DEBUG_DEVELOPER') || define('DEBUG_DEVELOPER', E_ALL);

    if (!function_exists('debugging')) {
        /**
         * Moodle's debugging(): remembered in $GLOBALS['CN_SHIM_DEBUGGING'], never shown.
         *
         * @param string $message the message
         * @param int $level the level
         * @return bool
         */
        function debugging($message = '', $level = 0) {
            $GLOBALS['CN_SHIM_DEBUGGING'][] = [$message, $level];
            return true;
        }
    }

    if (!interface_exists('renderable')) {
        /**
         * Moodle's renderable marker.
         *
         * @package    block_course_notification
         * @copyright  2026 block_course_notification contributors
         * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
         */
        interface renderable {
        }

        /**
         * Moodle's templatable.
         *
         * @package    block_course_notification
         * @copyright  2026 block_course_notification contributors
         * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
         */
        interface templatable {
            /**
             * Context for the template.
             *
             * @param renderer_base $output the renderer
             * @return mixed
             */
            public function export_for_template(renderer_base $output);
        }

        /**
         * Moodle's renderer base: the pages only pass it along.
         *
         * @package    block_course_notification
         * @copyright  2026 block_course_notification contributors
         * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
         */
        class renderer_base {
        }
    }

    if (!class_exists('moodle_url')) {
        /**
         * Moodle's moodle_url: a path and parameters (a URL and more parameters).
         *
         * @package    block_course_notification
         * @copyright  2026 block_course_notification contributors
         * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
         */
        class moodle_url {
            /** @var string the path from the site's root */
            private $path;
            /** @var array query parameters */
            private $params;

            /**
             * A URL on the site.
             *
             * @param string|moodle_url $url the path, or a URL to extend
             * @param array $params query parameters
             */
            public function __construct($url, array $params = []) {
                if ($url instanceof moodle_url) {
                    $this->path = $url->path;
                    $this->params = $params + $url->params;
                } else {
                    $this->path = (string) $url;
                    $this->params = $params;
                }
            }

            /**
             * A parameter.
             *
             * @param string $name its name
             * @return mixed
             */
            public function param($name) {
                return $this->params[$name] ?? null;
            }

            /**
             * The URL.
             *
             * @param bool $escaped & as &amp;
             * @return string
             */
            public function out($escaped = true) {
                $query = $this->params ? '?' . http_build_query($this->params, '', $escaped ? '&amp;' : '&') : '';
                return 'https://learn.example.org' . $this->path . $query;
            }

            /**
             * The URL without its query.
             *
             * @return string
             */
            public function out_omit_querystring() {
                return 'https://learn.example.org' . $this->path;
            }
        }
    }

    if (!class_exists('cache')) {
        /**
         * Moodle's cache store modes.
         *
         * @package    block_course_notification
         * @copyright  2026 block_course_notification contributors
         * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
         */
        class cache_store {
            /** Application cache. */
            const MODE_APPLICATION = 1;
        }

        /**
         * Moodle's cache: an array per area, for this process ($GLOBALS['CN_SHIM_CACHE']).
         *
         * @package    block_course_notification
         * @copyright  2026 block_course_notification contributors
         * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
         */
        class cache {
            /** @var string component/area */
            private $area;

            /**
             * The cache of an area.
             *
             * @param int $mode the mode
             * @param string $component the component
             * @param string $area the area
             * @param array $identifiers unused
             * @param array $options unused
             * @return cache
             */
            public static function make_from_params($mode, $component, $area, array $identifiers = [], array $options = []) {
                $cache = new cache();
                $cache->area = "$component/$area";
                return $cache;
            }

            /**
             * A value, or false.
             *
             * @param string|int $key the key
             * @return mixed
             */
            public function get($key) {
                return $GLOBALS['CN_SHIM_CACHE'][$this->area][$key] ?? false;
            }

            /**
             * Stores a value.
             *
             * @param string|int $key the key
             * @param mixed $value the value
             * @return bool
             */
            public function set($key, $value) {
                $GLOBALS['CN_SHIM_CACHE'][$this->area][$key] = $value;
                return true;
            }

            /**
             * Forgets a value.
             *
             * @param string|int $key the key
             * @return bool
             */
            public function delete($key) {
                unset($GLOBALS['CN_SHIM_CACHE'][$this->area][$key]);
                return true;
            }
        }
    }
}

namespace core\task {
    if (!class_exists(manager::class)) {
        /**
         * Moodle's task manager, for the block's "last run": the task never ran.
         *
         * @package    block_course_notification
         * @copyright  2026 block_course_notification contributors
         * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
         */
        class manager {
            /**
             * The scheduled task: none here.
             *
             * @param string $classname the task's class
             * @return null
             */
            public static function get_scheduled_task($classname) {
                return null;
            }
        }
    }
}

namespace {
    $classes = ['local/course_block', 'local/course_definitions', 'local/first_run', 'local/report', 'output/block_summary',
        'output/learner_upcoming', 'output/report_page', 'output/report_why'];
    foreach ($classes as $class) {
        require_once(__DIR__ . "/../../classes/{$class}.php");
    }
}
