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
 * The review of the first run: its figures, the two choices, and their confirmation.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\output;

use block_course_notification\local\catalogue;
use block_course_notification\local\first_run;

/**
 * What the next run would send, for the whole site or one course, and the choice between sending it and
 * starting from now; with a choice given, the confirmation that repeats the figures (POST, sesskey).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class firstrun_page implements \renderable, \templatable {
    /**
     * Builds the page.
     *
     * @param int|null $courseid the course, or null for the whole site
     * @param array|null $figures first_run::figures(), or null when the engine could not compute them
     * @param string|null $problem why the figures are missing (engine::page_notice())
     * @param string $choice '' for the review, or the choice to confirm (first_run::SEND or FROMNOW)
     */
    public function __construct(
        /** @var int|null the course, or null for the whole site */
        private readonly ?int $courseid,
        /** @var array|null first_run::figures(), or null when the engine could not compute them */
        private readonly ?array $figures,
        /** @var string|null why the figures are missing */
        private readonly ?string $problem,
        /** @var string '' for the review, or the choice to confirm */
        private readonly string $choice = '',
    ) {
    }

    /**
     * The page's URL with parameters.
     *
     * @param array $params more parameters
     * @return \moodle_url
     */
    private function url(array $params = []): \moodle_url {
        $base = $this->courseid === null ? [] : ['courseid' => $this->courseid];
        return new \moodle_url('/blocks/course_notification/firstrun.php', $base + $params);
    }

    /**
     * A duration in minutes in words (estimate).
     *
     * @param int $minutes minutes
     * @return string
     */
    private static function duration(int $minutes): string {
        if ($minutes < 120) {
            return get_string('firstrun:minutes', 'block_course_notification', max(1, $minutes));
        }
        if ($minutes < 2880) {
            return get_string('firstrun:hours', 'block_course_notification', (int) round($minutes / 60));
        }
        return get_string('firstrun:days', 'block_course_notification', (int) round($minutes / 1440));
    }

    /**
     * Context for templates/firstrun.mustache.
     *
     * @param \renderer_base $output the renderer
     * @return array
     */
    public function export_for_template(\renderer_base $output): array {
        $component = 'block_course_notification';
        $issite = $this->courseid === null;
        $context = [
            'issite' => $issite,
            'enabled' => (bool) get_config($component, 'enable'),
            'hasproblem' => $this->problem !== null,
            'problem' => (string) $this->problem,
            'hasfigures' => $this->figures !== null,
            // The command line is the server administrator's: a teacher reviewing a course is not shown it.
            'showcli' => has_capability('moodle/site:config', \context_system::instance()),
            'cliforecast' => 'php blocks/course_notification/cli/process_notifications.php --forecast=7 --verbose' .
                ($issite ? '' : ' --courses=' . $this->courseid),
            'climarkonly' => 'php blocks/course_notification/cli/process_notifications.php --markonly' .
                ($issite ? '' : ' --courses=' . $this->courseid) .
                (get_config($component, 'enable') ? '' : ' --force'),
        ];
        if (!$issite) {
            $course = first_run::block_courses([$this->courseid])[$this->courseid] ?? null;
            $context['coursename'] = $course ? format_string($course->fullname, true,
                ['context' => \context_course::instance($this->courseid), 'escape' => false]) : '';
            $context['courseurl'] = (new \moodle_url('/course/view.php', ['id' => $this->courseid]))->out(false);
        }
        $last = first_run::last_choice($this->courseid);
        $context['haschosen'] = $last !== null;
        $context['chosen'] = $last ? first_run::describe($last) : '';
        if ($this->figures !== null) {
            $context += $this->figures_context($this->figures);
        }
        $context['due'] = $this->figures['due'] ?? 0;
        if ($this->choice === '') {
            $context['choices'] = [
                ['choice' => first_run::SEND, 'label' => get_string('firstrun:send_' . ($issite ? 'site' : 'course'), $component),
                    'help' => get_string('firstrun:send_' . ($issite ? 'site' : 'course') . '_help', $component),
                    'url' => $this->url(['choice' => first_run::SEND])->out(false), 'primary' => false],
                ['choice' => first_run::FROMNOW, 'label' => get_string('firstrun:fromnow', $component),
                    'help' => get_string('firstrun:fromnow_' . ($issite ? 'site' : 'course') . '_help', $component),
                    'url' => $this->url(['choice' => first_run::FROMNOW])->out(false), 'primary' => true],
            ];
            $context['confirming'] = false;
            return $context;
        }
        $scope = $issite ? 'site' : 'course';
        $context['confirming'] = true;
        $context['confirm'] = [
            'question' => get_string('firstrun:confirm_' . $this->choice . '_' . $scope
                . (($this->figures['due'] ?? null) === 1 ? 'one' : ''), $component,
                $this->figures === null ? '?' : (int) $this->figures['due']),
            'actionurl' => $this->url()->out(false),
            'sesskey' => sesskey(),
            'choice' => $this->choice,
            'due' => (int) ($this->figures['due'] ?? 0),
            'button' => get_string($this->choice === first_run::SEND ? 'firstrun:send_' . $scope : 'firstrun:fromnow', $component),
            'cancelurl' => $this->url()->out(false),
        ];
        return $context;
    }

    /**
     * The figures as the template shows them.
     *
     * @param array $figures first_run::figures()
     * @return array
     */
    private function figures_context(array $figures): array {
        $notifications = [];
        foreach ($figures['bynotification'] as $code => $count) {
            $notifications[] = ['code' => (string) $code, 'name' => catalogue::name((string) $code), 'count' => $count];
        }
        $courses = [];
        if ($this->courseid === null) {
            $names = first_run::block_courses(array_keys($figures['bycourse']));
            foreach ($figures['bycourse'] as $id => $count) {
                $name = isset($names[$id]) ? format_string($names[$id]->fullname, true,
                    ['context' => \context_course::instance($id), 'escape' => false]) : (string) $id;
                $courses[] = ['id' => $id, 'name' => $name, 'count' => $count,
                    'url' => (new \moodle_url('/course/view.php', ['id' => $id]))->out(false),
                    'reviewurl' => (new \moodle_url('/blocks/course_notification/firstrun.php', ['courseid' => $id]))->out(false)];
            }
        }
        $component = 'block_course_notification';
        return [
            'nextrun' => $figures['nextrun'],
            'cap' => $figures['cap'],
            'spill' => $figures['spill'],
            'hasspill' => $figures['spill'] > 0,
            'draintext' => get_string('firstrun:drain', $component, (object) ['runs' => $figures['drainruns'],
                'duration' => self::duration($figures['drainminutes'])]),
            'estimatetext' => $figures['scheduleknown']
                ? get_string('firstrun:estimate', $component, $figures['runsperday'])
                : get_string('firstrun:estimate_unknown', $component),
            'taskdisabled' => !$figures['taskenabled'],
            'pushedbacktext' => get_string('firstrun:pushedback', $component, (object) ['capacity' => $figures['capacity'],
                'pushedback' => $figures['pushedback']]),
            'haspushedback' => $figures['pushedback'] > 0,
            'held' => $figures['held'],
            'hasheld' => $figures['held'] > 0,
            'latertext' => get_string($figures['later'] === 1 ? 'firstrun:laterone' : 'firstrun:later', $component,
                (object) ['later' => $figures['later'], 'days' => $figures['laterdays']]),
            'notifications' => $notifications,
            'hasnotifications' => !empty($notifications),
            'courses' => $courses,
            'hascourses' => !empty($courses),
            'nothingdue' => $figures['due'] === 0,
        ];
    }
}
