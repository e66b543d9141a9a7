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
 * Admin setting that rotates the unsubscribe secret.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\admin;

/**
 * A checkbox that, ticked and saved, replaces the secret the unsubscribe links are signed with.
 *
 * The secret itself (block_course_notification/unsubscribesecret) is no setting: it is never shown,
 * never in a form, never in the config log. This box stores nothing either: it reads unticked every
 * time, and saving it ticked makes a new secret. Every unsubscribe link already mailed is then
 * refused (the learner can still opt out from their preferences page): the way to revoke links after
 * a leak. The settings page that saves it requires moodle/site:config and the session key already;
 * write_setting() checks both again, as a state change must wherever it is reached from.
 *
 * Only loaded from settings.php, where adminlib.php (and so admin_setting_configcheckbox) is loaded.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class setting_rotate_secret extends \admin_setting_configcheckbox {
    /** The plugin config that holds the secret. */
    public const SECRET = 'unsubscribesecret';

    /** The plugin config that holds when it was last rotated (Unix seconds). */
    public const ROTATED = 'unsubscribesecretrotated';

    /**
     * Builds the setting, unticked.
     *
     * @param string $name 'plugin/setting'
     * @param string $visiblename localised label
     * @param string $description localised help
     */
    public function __construct($name, $visiblename, $description) {
        parent::__construct($name, $visiblename, $description, '0');
    }

    /**
     * Always unticked: the box is an action, not a stored value (and never null, so Moodle does not
     * list it among the new settings after an upgrade).
     *
     * @return string
     */
    public function get_setting() {
        return '0';
    }

    /**
     * Ticked: a new secret. Unticked: nothing.
     *
     * @param mixed $data '1' when ticked
     * @return string '' (no error)
     */
    public function write_setting($data) {
        if ((string) $data !== '1') {
            return '';
        }
        if (!(defined('CLI_SCRIPT') && CLI_SCRIPT)) {
            require_sesskey();
            require_capability('moodle/site:config', \context_system::instance());
        }
        self::rotate(time());
        return '';
    }

    /**
     * Replaces the secret with 32 new random bytes (64 hex characters), and says so in the config log
     * without the value.
     *
     * @param int $now the time
     * @return void
     */
    public static function rotate(int $now): void {
        set_config(self::SECRET, bin2hex(random_bytes(32)), 'block_course_notification');
        set_config(self::ROTATED, $now, 'block_course_notification');
        add_to_config_log(self::SECRET, '(hidden)', '(rotated)', 'block_course_notification');
    }
}
