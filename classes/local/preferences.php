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
 * A learner's opt-outs: what the preferences page shows and changes, and what a one-click link records.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\local;

/**
 * Reads and writes block_cnotif_pref, which the engine reads at every run (rule O).
 *
 * A row is an opt-out of a topic in a course (course 0: every course); the topic 'all' stands for every
 * topic. Deleting the row opts back in. Topics are those of crates/engine/src/audience.rs: the built-in
 * notifications grouped into four families, and every notification a site added as a topic of its own,
 * named by its code. A notification an administrator marked essential (block_cnotif_def.essential,
 * inherited down the contexts like every other field) is sent whatever the opt-outs say; the page lists
 * those as "always sent" so that the learner is not misled.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class preferences {
    /** The table. */
    public const TABLE = 'block_cnotif_pref';

    /** The topic that stands for every topic (and, with course 0, for everything). */
    public const ALL = 'all';

    /** The built-in topics, in the order the page lists them (audience.rs BUILTIN_TOPICS). */
    public const BUILTIN_TOPICS = ['calls', 'inactivity', 'accessend', 'completion'];

    /** The topic of each built-in notification (audience.rs topic()). */
    public const TOPIC_OF = [
        'firstassign' => 'calls', 'firstcall' => 'calls', 'secondcall' => 'calls',
        'inactive' => 'inactivity',
        'twoweeksnearend' => 'accessend', 'oneweeknearend' => 'accessend', 'fivedaystoend' => 'accessend',
        'threedaystoend' => 'accessend', 'onedaytoend' => 'accessend', 'closed' => 'accessend',
        'completed' => 'completion', 'coldfeedback' => 'completion',
    ];

    /** Where an opt-out came from: the learner's page, or a List-Unsubscribe link. */
    public const SOURCES = ['preferences', 'oneclick'];

    /** A topic as stored: the engine's codes. */
    public const TOPIC_PATTERN = '/^[a-z0-9_]{1,64}$/D';

    /** A toggle's key in the page's form: `<courseid>-<topic>` (Moodle's array keys allow [a-z0-9_-]). */
    private const KEY_PATTERN = '/^(\d+)-([a-z0-9_]{1,64})$/D';

    /**
     * The topic of a notification.
     *
     * @param string $code the notification's code
     * @return string
     */
    public static function topic(string $code): string {
        return self::TOPIC_OF[$code] ?? $code;
    }

    /**
     * A topic's name for the learner.
     *
     * @param string $topic a built-in topic, all, or a site's notification code
     * @return string
     */
    public static function topic_name(string $topic): string {
        if ($topic === self::ALL || in_array($topic, self::BUILTIN_TOPICS, true)) {
            return get_string('topic:' . $topic, 'block_course_notification');
        }
        return catalogue::name($topic);
    }

    /**
     * The key of a toggle.
     *
     * @param int $courseid the course, 0 for every course
     * @param string $topic the topic
     * @return string
     */
    public static function key(int $courseid, string $topic): string {
        return $courseid . '-' . $topic;
    }

    /**
     * Records an opt-out; nothing happens when it is there already (a second click, a mail provider
     * that posts twice, two requests at once).
     *
     * @param int $userid the learner
     * @param int $courseid the course, 0 for every course
     * @param string $topic the topic, or all
     * @param string $source preferences or oneclick
     * @param int $now the time
     * @return bool whether a row was added
     */
    public static function opt_out(int $userid, int $courseid, string $topic, string $source, int $now): bool {
        global $DB;
        if ($userid <= 0 || $courseid < 0 || !preg_match(self::TOPIC_PATTERN, $topic) || !in_array($source, self::SOURCES, true)) {
            throw new \coding_exception('invalid opt-out');
        }
        $key = ['userid' => $userid, 'courseid' => $courseid, 'topic' => $topic];
        if ($DB->record_exists(self::TABLE, $key)) {
            return false;
        }
        try {
            $DB->insert_record(self::TABLE, (object) ($key + ['source' => $source, 'timecreated' => $now]));
        } catch (\dml_write_exception $e) {
            // The unique index (userid, courseid, topic): another request recorded it between the check
            // and the insert. Anything else is a real failure.
            if (!$DB->record_exists(self::TABLE, $key)) {
                throw $e;
            }
            return false;
        }
        return true;
    }

    /**
     * Removes an opt-out: the learner receives that topic again.
     *
     * @param int $userid the learner
     * @param int $courseid the course, 0 for every course
     * @param string $topic the topic, or all
     * @return bool whether there was one
     */
    public static function opt_in(int $userid, int $courseid, string $topic): bool {
        global $DB;
        $key = ['userid' => $userid, 'courseid' => $courseid, 'topic' => $topic];
        if (!$DB->record_exists(self::TABLE, $key)) {
            return false;
        }
        $DB->delete_records(self::TABLE, $key);
        return true;
    }

    /**
     * The learner's opt-outs, by key.
     *
     * @param int $userid the learner
     * @return \stdClass[] key => row
     */
    public static function opt_outs(int $userid): array {
        global $DB;
        $rows = [];
        foreach ($DB->get_records(self::TABLE, ['userid' => $userid], 'courseid, topic') as $row) {
            $rows[self::key((int) $row->courseid, $row->topic)] = $row;
        }
        return $rows;
    }

    /**
     * The courses the learner is enrolled in (any enrolment, the site's front page left out), with the
     * path of their context, by name.
     *
     * @param int $userid the learner
     * @return \stdClass[] id => {id, fullname, shortname, contextid, path}
     */
    public static function courses(int $userid): array {
        global $DB;
        $sql = "SELECT c.id, c.fullname, c.shortname, ctx.id AS contextid, ctx.path
                  FROM {course} c
                  JOIN {context} ctx ON ctx.instanceid = c.id AND ctx.contextlevel = :courselevel
                 WHERE c.category <> 0
                   AND EXISTS (SELECT 1
                                 FROM {user_enrolments} ue
                                 JOIN {enrol} e ON e.id = ue.enrolid
                                WHERE e.courseid = c.id AND ue.userid = :userid)
              ORDER BY c.fullname, c.id";
        return $DB->get_records_sql($sql, ['courselevel' => CONTEXT_COURSE, 'userid' => $userid]);
    }

    /**
     * The ids of the contexts the learner's notifications are defined in: the site, and every
     * category and course on the way to the learner's courses.
     *
     * @param \stdClass[] $courses the learner's courses (courses())
     * @return int[]
     */
    private static function context_ids(array $courses): array {
        $ids = [(int) \context_system::instance()->id];
        foreach ($courses as $course) {
            foreach (explode('/', trim((string) $course->path, '/')) as $id) {
                if ($id !== '') {
                    $ids[] = (int) $id;
                }
            }
        }
        return array_values(array_unique($ids));
    }

    /**
     * The notifications a site added (not built-in) that reach the learner's courses, each a topic.
     *
     * @param \stdClass[] $courses the learner's courses (courses())
     * @return string[] codes, sorted
     */
    public static function site_topics(array $courses): array {
        global $DB;
        [$insql, $params] = $DB->get_in_or_equal(self::context_ids($courses), SQL_PARAMS_NAMED);
        $codes = $DB->get_fieldset_select('block_cnotif_def', 'DISTINCT code', "contextid $insql", $params);
        $codes = array_values(array_filter($codes, fn($code) => !isset(self::TOPIC_OF[$code]) && $code !== self::ALL
            && preg_match(self::TOPIC_PATTERN, $code)));
        sort($codes);
        return $codes;
    }

    /**
     * The notifications an administrator marked essential for the learner: the nearest context that
     * says something decides (the course, then its categories, then the site), as for every field.
     *
     * @param \stdClass[] $courses the learner's courses (courses())
     * @return array code => course ids where it is essential (empty: the site's rule, no course yet)
     */
    public static function essentials(array $courses): array {
        global $DB;
        [$insql, $params] = $DB->get_in_or_equal(self::context_ids($courses), SQL_PARAMS_NAMED);
        $marks = [];
        foreach ($DB->get_recordset_select('block_cnotif_def', "contextid $insql AND essential IS NOT NULL", $params,
                'id', 'id, contextid, code, essential') as $row) {
            $marks[$row->code][(int) $row->contextid] = (int) $row->essential === 1;
        }
        $systemid = (int) \context_system::instance()->id;
        $essentials = [];
        foreach ($marks as $code => $bycontext) {
            if (!$courses) {
                if (!empty($bycontext[$systemid])) {
                    $essentials[$code] = [];
                }
                continue;
            }
            foreach ($courses as $course) {
                $essential = false;
                // The path runs from the site to the course: the last context that says something wins.
                foreach (explode('/', trim((string) $course->path, '/')) as $id) {
                    if (isset($bycontext[(int) $id])) {
                        $essential = $bycontext[(int) $id];
                    }
                }
                if ($essential) {
                    $essentials[$code][] = (int) $course->id;
                }
            }
        }
        ksort($essentials);
        return $essentials;
    }

    /**
     * The toggles the page offers, by key: everything, each topic everywhere, each course entirely.
     *
     * @param \stdClass[] $courses the learner's courses (courses())
     * @param string[] $sitetopics the site's topics (site_topics())
     * @return array key => [courseid, topic]
     */
    public static function toggles(array $courses, array $sitetopics): array {
        $toggles = [self::key(0, self::ALL) => [0, self::ALL]];
        foreach (array_merge(self::BUILTIN_TOPICS, $sitetopics) as $topic) {
            $toggles[self::key(0, $topic)] = [0, $topic];
        }
        foreach ($courses as $course) {
            $toggles[self::key((int) $course->id, self::ALL)] = [(int) $course->id, self::ALL];
        }
        return $toggles;
    }

    /**
     * Everything the preferences page shows, names included.
     *
     * @param int $userid the learner
     * @return array ['all' => toggle, 'topics' => toggle[], 'courses' => toggle[], 'specific' => item[],
     *               'essentials' => item[]]; a toggle is ['key', 'name', 'receive' (bool)], an item of
     *               specific ['courseid', 'topic', 'name', 'course', 'source'], of essentials ['name', 'where']
     */
    public static function state(int $userid): array {
        global $DB;
        $courses = self::courses($userid);
        $sitetopics = self::site_topics($courses);
        $optouts = self::opt_outs($userid);
        $toggle = function (int $courseid, string $topic, string $name) use ($optouts): array {
            $key = self::key($courseid, $topic);
            return ['key' => $key, 'name' => $name, 'receive' => !isset($optouts[$key])];
        };

        $state = ['all' => $toggle(0, self::ALL, get_string('topic:all', 'block_course_notification')), 'topics' => [],
            'courses' => [], 'specific' => [], 'essentials' => []];
        foreach (array_merge(self::BUILTIN_TOPICS, $sitetopics) as $topic) {
            $state['topics'][] = $toggle(0, $topic, self::topic_name($topic));
        }
        $names = [];
        foreach ($courses as $course) {
            $names[(int) $course->id] = format_string($course->fullname, true,
                ['context' => \context_course::instance($course->id), 'escape' => false]);
            $state['courses'][] = $toggle((int) $course->id, self::ALL, $names[(int) $course->id]);
        }

        // What the toggles do not show: a (course, topic) from a one-click link, or a course left since.
        $toggles = self::toggles($courses, $sitetopics);
        $missing = [];
        foreach ($optouts as $key => $row) {
            if (!isset($toggles[$key]) && (int) $row->courseid > 0 && !isset($names[(int) $row->courseid])) {
                $missing[] = (int) $row->courseid;
            }
        }
        if ($missing) {
            [$insql, $params] = $DB->get_in_or_equal(array_unique($missing), SQL_PARAMS_NAMED);
            foreach ($DB->get_records_select('course', "id $insql", $params, '', 'id, fullname') as $course) {
                $names[(int) $course->id] = format_string($course->fullname, true,
                    ['context' => \context_course::instance($course->id), 'escape' => false]);
            }
        }
        foreach ($optouts as $key => $row) {
            if (isset($toggles[$key])) {
                continue;
            }
            $courseid = (int) $row->courseid;
            $state['specific'][] = ['courseid' => $courseid, 'topic' => $row->topic, 'name' => self::topic_name($row->topic),
                'course' => $courseid === 0 ? get_string('prefs:everycourse', 'block_course_notification')
                    : ($names[$courseid] ?? get_string('prefs:coursegone', 'block_course_notification')),
                'source' => $row->source];
        }

        foreach (self::essentials($courses) as $code => $courseids) {
            $everywhere = !$courseids || count($courseids) === count($courses);
            $state['essentials'][] = ['name' => catalogue::name($code), 'topic' => self::topic_name(self::topic($code)),
                'where' => $everywhere ? get_string('prefs:everycourse', 'block_course_notification')
                    : implode(', ', array_map(fn($id) => $names[$id], $courseids))];
        }
        return $state;
    }

    /**
     * Applies the page's form: each toggle shown on it is set as the learner left it; a key the page
     * does not offer (forged, or a course left since the page was shown) is ignored.
     *
     * @param int $userid the learner
     * @param string[] $shown the keys of the toggles the form showed
     * @param array $receive key => whether the learner wants that (a ticked box); absent: not wanted
     * @param int $now the time
     * @return int how many opt-outs were added or removed
     */
    public static function save(int $userid, array $shown, array $receive, int $now): int {
        global $DB;
        $courses = self::courses($userid);
        $toggles = self::toggles($courses, self::site_topics($courses));
        $changed = 0;
        $transaction = $DB->start_delegated_transaction();
        foreach (array_unique($shown) as $key) {
            if (!is_string($key) || !preg_match(self::KEY_PATTERN, $key) || !isset($toggles[$key])) {
                continue;
            }
            [$courseid, $topic] = $toggles[$key];
            $changed += !empty($receive[$key]) ? (int) self::opt_in($userid, $courseid, $topic)
                : (int) self::opt_out($userid, $courseid, $topic, 'preferences', $now);
        }
        $transaction->allow_commit();
        return $changed;
    }

    /**
     * What a one-click link stops, in words: the topic, and the course or every course.
     *
     * @param int $courseid the course, 0 for every course
     * @param string $topic the topic, or all
     * @return \stdClass ['topic' => name, 'course' => name] (plain text, for get_string's $a)
     */
    public static function describe(int $courseid, string $topic): \stdClass {
        global $DB;
        $course = get_string('prefs:everycourse', 'block_course_notification');
        if ($courseid > 0) {
            $fullname = $DB->get_field('course', 'fullname', ['id' => $courseid]);
            $course = $fullname === false ? get_string('prefs:coursegone', 'block_course_notification')
                : format_string($fullname, true, ['context' => \context_course::instance($courseid), 'escape' => false]);
        }
        return (object) ['topic' => self::topic_name($topic), 'course' => $course];
    }
}
