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
 * Renderer of the course notifications block.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\output;

/**
 * Renders the block's renderables through their mustache templates.
 *
 * Themes override the templates, or this class, to change the markup.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class renderer extends \plugin_renderer_base {
    /**
     * Renders the status panel.
     *
     * @param status $status the status
     * @return string HTML
     */
    protected function render_status(status $status): string {
        return $this->render_from_template('block_course_notification/status', $status->export_for_template($this));
    }

    /**
     * Renders the block's panel for the people who configure notifications.
     *
     * @param block_summary $summary the summary
     * @return string HTML
     */
    protected function render_block_summary(block_summary $summary): string {
        return $this->render_from_template('block_course_notification/block_summary', $summary->export_for_template($this));
    }

    /**
     * Renders a learner's upcoming reminders, or nothing when there are none and nothing to say (the block
     * then hides).
     *
     * @param learner_upcoming $upcoming the list
     * @return string HTML
     */
    protected function render_learner_upcoming(learner_upcoming $upcoming): string {
        $context = $upcoming->export_for_template($this);
        return $context['hasitems'] || $context['hasproblem']
            ? $this->render_from_template('block_course_notification/learner_upcoming', $context) : '';
    }

    /**
     * Renders the report page.
     *
     * @param report_page $page the page
     * @return string HTML
     */
    protected function render_report_page(report_page $page): string {
        return $this->render_from_template('block_course_notification/report', $page->export_for_template($this));
    }

    /**
     * Renders the "why" view of one learner.
     *
     * @param report_why $why the view
     * @return string HTML
     */
    protected function render_report_why(report_why $why): string {
        return $this->render_from_template('block_course_notification/report_why', $why->export_for_template($this));
    }

    /**
     * Renders a learner's course notification preferences.
     *
     * @param preferences_page $page the page
     * @return string HTML
     */
    protected function render_preferences_page(preferences_page $page): string {
        return $this->render_from_template('block_course_notification/preferences', $page->export_for_template($this));
    }

    /**
     * Renders the confirmation, or the result, of a one-click unsubscribe link.
     *
     * @param unsubscribe_page $page the page
     * @return string HTML
     */
    protected function render_unsubscribe_page(unsubscribe_page $page): string {
        return $this->render_from_template('block_course_notification/unsubscribe', $page->export_for_template($this));
    }

    /**
     * Renders the test send page.
     *
     * @param testsend_page $page the page
     * @return string HTML
     */
    protected function render_testsend_page(testsend_page $page): string {
        return $this->render_from_template('block_course_notification/testsend', $page->export_for_template($this));
    }
}
