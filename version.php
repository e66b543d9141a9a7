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
 * Version information for the course notifications block.
 *
 * The component name is the original plugin's, and the version is above the original's last one
 * (2025011400), so that a site running the original upgrades in place instead of installing twice.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$plugin->component = 'block_course_notification';
$plugin->version   = 2026120501; // 2026120500: the site's defaults move from the settings page to the site-level
                                 // definitions (Site notifications), the catalogue read from the engine.
                                 // 2026120501: the choices before a first run (block_cnotif_firstrun).
$plugin->requires  = 2024100700; // Moodle 4.5.
$plugin->supported = [405, 500];
$plugin->maturity  = MATURITY_ALPHA;
$plugin->release   = '0.3.0';
