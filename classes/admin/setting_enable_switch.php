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
 * The site switch, turned on only from the review of the first run.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\admin;

use block_course_notification\local\first_run;

/**
 * block_course_notification/enable: while off, no box to tick but a link to the review of the first run
 * (firstrun.php), which shows what the first run would send and turns the site on once the administrator
 * chose to send it or to start from now; while on, a plain checkbox to turn it off.
 *
 * An administrator thus sees the count before the first sending run. Turning it on by other means stays
 * possible for operators (admin/cli/cfg.php), and the settings form refuses a forged "on".
 *
 * Only loaded from settings.php, where adminlib.php (and so admin_setting_configcheckbox) is loaded.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class setting_enable_switch extends \admin_setting_configcheckbox {
    /**
     * Builds the switch, off by default.
     *
     * @param string $name 'plugin/setting'
     * @param string $visiblename localised label
     * @param string $description localised help
     */
    public function __construct($name, $visiblename, $description) {
        parent::__construct($name, $visiblename, $description, '0');
    }

    /**
     * Whether the site is on.
     *
     * @return bool
     */
    private function is_on(): bool {
        return (string) $this->get_setting() === '1';
    }

    /**
     * Off may always be saved; on only when it already is (from the review page, which asks first). The
     * default (off) is written at install as any setting's.
     *
     * @param mixed $data '1' for on
     * @return string '' or the error the settings page shows
     */
    public function write_setting($data) {
        if ((string) $data === '1' && !$this->is_on()) {
            return get_string('settings:enable_fromreview', 'block_course_notification');
        }
        return parent::write_setting($data);
    }

    /**
     * While off: the state, the link to the review, and the last choice if any; no input, so that saving the
     * page never changes the switch. While on: the checkbox, and the last choice in the description.
     *
     * @param mixed $data the current value
     * @param string $query the admin search
     * @return string HTML
     */
    public function output_html($data, $query = '') {
        try {
            $choice = first_run::last_choice(null);
        } catch (\dml_exception $e) {
            // The plugin's code is newer than its tables (the upgrade has not run yet): no choice to show.
            $choice = null;
        }
        $chosen = $choice ? '<div class="block_course_notification-firstrun-chosen">' . s(first_run::describe($choice)) . '</div>' : '';
        $url = new \moodle_url('/blocks/course_notification/firstrun.php');
        if ($this->is_on()) {
            $saved = $this->description;
            $this->description .= $chosen . '<div><a href="' . s($url->out(false)) . '">' .
                s(get_string('firstrun:reviewagain', 'block_course_notification')) . '</a></div>';
            try {
                return parent::output_html($data, $query);
            } finally {
                $this->description = $saved;
            }
        }
        $element = '<div class="form-control-static block_course_notification-enable-off">' .
            '<p>' . s(get_string('settings:enable_off', 'block_course_notification')) . '</p>' .
            '<a class="btn btn-primary" href="' . s($url->out(false)) . '">' .
            s(get_string('firstrun:review', 'block_course_notification')) . '</a></div>';
        return format_admin_setting($this, $this->visiblename, $element, $this->description . $chosen, false, '', null, $query);
    }
}
