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
 * The cost of the course-viewed observer per call, for scripts/bench: `php bench_observer.php N`.
 *
 * Runs the plugin's own observer::course_viewed() N times over 100 courses (with and without the
 * block) and 1,000 users, outside Moodle: Moodle's cache and $DB are replaced by an in-memory
 * cache and a recorder of statements, so the figure is the observer's own PHP, what every course
 * page pays; the first view of a course per session and 10 minutes also runs one DELETE (not
 * timed here: its cost is the database's). Prints `observer: calls=N ms_per_call=X statements=S`.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace {
    // A developer file, under the web root in a full clone: does nothing unless run from the command line.
    PHP_SAPI === 'cli' || exit();
}

namespace core\event {
    /** Stand-in for Moodle's event: the two fields the observer reads. */
    class course_viewed {
        /** @var int */
        public $courseid;
        /** @var int */
        public $userid;
    }
}

namespace {
    define('MOODLE_INTERNAL', true);
    define('SITEID', 1);
    define('CONTEXT_COURSE', 50);
    define('SQL_PARAMS_NAMED', 1);

    /** Stand-in for Moodle's application cache with static acceleration: an array. */
    class cache {
        /** @var array[] */
        private static $stores = [];
        /** @var string */
        private $name;
        public static function make($component, $area) {
            $c = new self();
            $c->name = "$component/$area";
            return $c;
        }
        public function get($key) {
            return self::$stores[$this->name][$key] ?? false;
        }
        public function set($key, $value) {
            self::$stores[$this->name][$key] = $value;
            return true;
        }
    }

    /** Records the statements the observer sends; courses with an even id carry the block. */
    class recorder {
        /** @var int */
        public $statements = 0;
        public function record_exists_sql($sql, $params) {
            $this->statements++;
            return $params['courseid'] % 2 === 0;
        }
        public function get_in_or_equal($values, $type) {
            return ['IN (' . implode(',', array_fill(0, count($values), '?')) . ')', $values];
        }
        public function delete_records_select($table, $where, $params) {
            $this->statements++;
            return true;
        }
    }

    $DB = new recorder();
    $SESSION = new stdClass();
    require(__DIR__ . '/../../classes/observer.php');

    $calls = (int) ($argv[1] ?? 200000);
    $event = new \core\event\course_viewed();
    $start = hrtime(true);
    for ($i = 0; $i < $calls; $i++) {
        $event->courseid = 2 + $i % 100;
        $event->userid = 3 + intdiv($i, 100) % 1000;
        \block_course_notification\observer::course_viewed($event);
    }
    $ms = (hrtime(true) - $start) / 1e6 / $calls;
    printf("observer: calls=%d ms_per_call=%.5f statements=%d\n", $calls, $ms, $DB->statements);
}
