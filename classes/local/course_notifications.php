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
 * A course's notifications as a page configures them: what applies now, and what the course stores.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\local;

/**
 * The course's effective set (the engine computes it: built-in catalogue, then site, categories and the
 * course) with the course's own stored definitions, read once.
 *
 * When the engine cannot compute the set (a slow or unreachable database), a page still works on what
 * the course stores, over the built-in codes of the catalogue, and problem() says why in words that name
 * nothing of the site's setup.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class course_notifications {
    /** @var int the course */
    private int $courseid;

    /** @var int the course's context */
    private int $contextid;

    /** @var array the effective notifications, by code */
    private array $effective;

    /** @var \stdClass[] the stored definitions, by code */
    private array $stored;

    /** @var string|null why the effective set is incomplete */
    private ?string $problem;

    /**
     * A set already read.
     *
     * @param int $courseid the course
     * @param int $contextid the course's context
     * @param array $effective the effective notifications, by code, as the engine reports them
     * @param \stdClass[] $stored the course's stored definitions, by code (course_definitions::load())
     * @param string|null $problem why the effective set is incomplete or missing, null when it is not
     */
    private function __construct(int $courseid, int $contextid, array $effective, array $stored, ?string $problem) {
        $this->courseid = $courseid;
        $this->contextid = $contextid;
        $this->effective = $effective;
        $this->stored = $stored;
        $this->problem = $problem;
    }

    /**
     * Reads a course's set from the engine and its definitions from the database.
     *
     * @param int $courseid the course
     * @return self
     */
    public static function load(int $courseid): self {
        $contextid = (int) \context_course::instance($courseid)->id;
        $stored = course_definitions::load($contextid);
        $effective = [];
        $problem = null;
        try {
            $set = engine::notifications($courseid);
            foreach ($set['notifications'] as $n) {
                $effective[$n['code']] = $n;
            }
            if (!empty($set['errors'])) {
                $problem = implode(' ', array_map('strval', $set['errors']));
            }
        } catch (\moodle_exception $e) {
            // The teacher reads why in words that name nothing of the site's setup; the detail goes to debugging.
            $problem = get_string('config:noengine', 'block_course_notification', engine::page_notice($e));
            foreach (array_merge(catalogue::codes(), array_keys($stored)) as $code) {
                $effective[$code] = self::unknown($code);
            }
        }
        return new self($courseid, $contextid, $effective, $stored, $problem);
    }

    /**
     * A notification whose effective values are unknown (the engine could not compute them).
     *
     * @param string $code the notification
     * @return array shaped as the engine reports one, every value null
     */
    private static function unknown(string $code): array {
        return ['code' => $code, 'enabled' => null, 'trigger' => null, 'offset_days' => null,
            'repeat_every' => null, 'repeat_max' => null, 'texts' => [], 'sources' => []];
    }

    /**
     * The course's id.
     *
     * @return int
     */
    public function courseid(): int {
        return $this->courseid;
    }

    /**
     * The course context's id.
     *
     * @return int
     */
    public function contextid(): int {
        return $this->contextid;
    }

    /**
     * The effective notifications, by code, in the engine's order.
     *
     * @return array[] code => notification (enabled, trigger, offset_days, ..., texts, sources)
     */
    public function effective(): array {
        return $this->effective;
    }

    /**
     * What the course stores for a notification, or null.
     *
     * @param string $code the notification
     * @return \stdClass|null the definition row with ->texts
     */
    public function stored(string $code): ?\stdClass {
        return $this->stored[$code] ?? null;
    }

    /**
     * Why the effective set is incomplete or missing, or null.
     *
     * @return string|null
     */
    public function problem(): ?string {
        return $this->problem;
    }

    /**
     * Whether a notification was added in this course (its definition here carries a trigger).
     *
     * @param string $code the notification
     * @return bool
     */
    public function added_here(string $code): bool {
        return !catalogue::is_builtin($code) && isset($this->stored[$code])
            && $this->stored[$code]->triggertype !== null;
    }

    /**
     * Whether an engine source says the value is set in this course.
     *
     * @param string|null $source 'builtin' or 'context:<id>'
     * @return bool
     */
    public function overridden(?string $source): bool {
        return $source === 'context:' . $this->contextid;
    }
}
