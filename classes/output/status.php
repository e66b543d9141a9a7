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
 * Status panel shown in the block.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\output;

use block_course_notification\local\engine;
use block_course_notification\local\engine_config;
use block_course_notification\task\notification_task;

/**
 * Whether notifications can go out at all: the site's database, site switch, extension, scheduled task, and the site's
 * e-mail switches ($CFG->noemailever, $CFG->divertallemailsto) that hold or redirect every message.
 *
 * These are the three things that silently stop every mail, so a teacher sees at once why nothing is
 * sent. The values are passed in, so the renderable itself reads no global state.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class status implements \renderable, \templatable {
    /**
     * Builds the status.
     *
     * @param bool $enabled the site setting block_course_notification/enable
     * @param string|null $engineversion version of the loaded extension, null when it is not loaded
     * @param bool $taskenabled whether the scheduled task is enabled
     * @param bool $mailoff $CFG->noemailever: no e-mail leaves the site
     * @param int $waiting messages waiting in the outbox
     * @param string $divertto $CFG->divertallemailsto ('' when mail is not diverted)
     * @param string $dbtype $CFG->dbtype: the engine reads MariaDB, MySQL and PostgreSQL only
     */
    public function __construct(
        /** @var bool the site setting block_course_notification/enable */
        private readonly bool $enabled,
        /** @var string|null version of the loaded extension, null when it is not loaded */
        private readonly ?string $engineversion,
        /** @var bool whether the scheduled task is enabled */
        private readonly bool $taskenabled,
        /** @var bool $CFG->noemailever: no e-mail leaves the site */
        private readonly bool $mailoff = false,
        /** @var int messages waiting in the outbox */
        private readonly int $waiting = 0,
        /** @var string $CFG->divertallemailsto ('' when mail is not diverted) */
        private readonly string $divertto = '',
        /** @var string $CFG->dbtype: the engine reads MariaDB, MySQL and PostgreSQL only */
        private readonly string $dbtype = 'mariadb',
    ) {
    }

    /**
     * The status of this site now.
     *
     * @return self
     */
    public static function current(): self {
        global $CFG, $DB;
        $task = \core\task\manager::get_scheduled_task(notification_task::class);
        $mailoff = !empty($CFG->noemailever);
        return new self(
            (bool) get_config('block_course_notification', 'enable'),
            engine::extension_version(),
            $task !== false && !$task->get_disabled(),
            $mailoff,
            // Counted only when mail is off: the operator must see what would go out when it is on again.
            $mailoff ? $DB->count_records('block_cnotif_outbox', ['status' => 'pending', 'output' => 'email']) : 0,
            trim((string) ($CFG->divertallemailsto ?? '')),
            (string) ($CFG->dbtype ?? ''),
        );
    }

    /**
     * Context for templates/status.mustache.
     *
     * @param \renderer_base $output the renderer
     * @return array
     */
    public function export_for_template(\renderer_base $output): array {
        $available = $this->engineversion !== null;
        $dbsupported = engine_config::supports_dbtype($this->dbtype);
        return [
            'dbsupported' => $dbsupported,
            'dbtype' => $this->dbtype,
            'enabled' => $this->enabled,
            'engineavailable' => $available,
            'engineversion' => (string) $this->engineversion,
            'expectedversion' => engine::EXPECTED_ENGINE_VERSION,
            'versionmismatch' => $available && $this->engineversion !== engine::EXPECTED_ENGINE_VERSION,
            'taskenabled' => $this->taskenabled,
            'mailoff' => $this->mailoff,
            'waiting' => $this->waiting,
            'diverted' => $this->divertto !== '',
            'divertto' => $this->divertto,
            'ready' => $dbsupported && $this->enabled && $available && $this->taskenabled && !$this->mailoff,
        ];
    }
}
