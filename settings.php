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
 * Site settings of the course notifications block.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use block_course_notification\admin\setting_bounded_int;
use block_course_notification\admin\setting_enable_switch;
use block_course_notification\admin\setting_positive_int;
use block_course_notification\admin\setting_rotate_secret;
use block_course_notification\local\engine;
use block_course_notification\local\engine_config;

defined('MOODLE_INTERNAL') || die();

if ($ADMIN->fulltree) {
    // First what the administrator needs before anything else works: is the extension there.
    $version = engine::extension_version();
    if ($version === null) {
        $enginestate = get_string('settings:enginemissing', 'block_course_notification', engine::EXTENSION);
    } else {
        $enginestate = get_string(
            'settings:engineloaded',
            'block_course_notification',
            (object) ['found' => $version, 'expected' => engine::EXPECTED_ENGINE_VERSION]
        );
    }
    $settings->add(new admin_setting_heading(
        'block_course_notification/engine',
        get_string('settings:engine', 'block_course_notification'),
        $enginestate
    ));

    // Off on install, as in the original: nothing is mailed until an administrator decides so, and turns it
    // on from the review of what the first run would send (firstrun.php), not by ticking a box blind.
    $settings->add(new setting_enable_switch(
        'block_course_notification/enable',
        get_string('settings:enable', 'block_course_notification'),
        get_string('settings:enable_desc', 'block_course_notification')
    ));

    // The site's defaults of each notification (on or off, delays, texts) are edited in one place, the Site
    // notifications page, which writes the site-level definitions the engine reads: only a link here.
    $settings->add(new admin_setting_heading(
        'block_course_notification/catalogue',
        get_string('settings:catalogue', 'block_course_notification'),
        get_string(
            'settings:catalogue_desc',
            'block_course_notification',
            (new moodle_url('/blocks/course_notification/sitenotifications.php'))->out()
        )
    ));

    $settings->add(new admin_setting_heading(
        'block_course_notification/delivery',
        get_string('settings:delivery', 'block_course_notification'),
        ''
    ));
    $settings->add(new setting_positive_int(
        'block_course_notification/cap',
        get_string('settings:cap', 'block_course_notification'),
        get_string('settings:cap_desc', 'block_course_notification'),
        engine::DEFAULT_CAP,
        engine::MAX_CAP
    ));
    // How often the task reads every learner; between two evaluations it only delivers the outbox.
    $settings->add(new admin_setting_configtext(
        'block_course_notification/evaluateevery',
        get_string('settings:evaluateevery', 'block_course_notification'),
        get_string('settings:evaluateevery_desc', 'block_course_notification'),
        15,
        PARAM_INT
    ));

    // How long a page waits for the engine before it shows itself without the engine's part.
    $settings->add(new admin_setting_configtext(
        'block_course_notification/pagedeadline',
        get_string('settings:pagedeadline', 'block_course_notification'),
        get_string('settings:pagedeadline_desc', 'block_course_notification'),
        engine::DEFAULT_PAGE_DEADLINE,
        PARAM_INT
    ));

    // Moodle notifications beside the e-mail: the bell and the mobile app, by each user's preferences.
    $settings->add(new admin_setting_configcheckbox(
        'block_course_notification/messageoutput',
        get_string('settings:messageoutput', 'block_course_notification'),
        get_string('settings:messageoutput_desc', 'block_course_notification'),
        0
    ));

    // The send window, in each recipient's own timezone: what it holds back goes first when it opens.
    $hours = [-1 => get_string('settings:window_none', 'block_course_notification')];
    for ($h = 0; $h <= 23; $h++) {
        $hours[$h] = sprintf('%02d:00', $h);
    }
    $settings->add(new admin_setting_configselect(
        'block_course_notification/windowstart',
        get_string('settings:windowstart', 'block_course_notification'),
        get_string('settings:windowstart_desc', 'block_course_notification'),
        -1,
        $hours
    ));
    unset($hours[-1]);
    $settings->add(new admin_setting_configselect(
        'block_course_notification/windowend',
        get_string('settings:windowend', 'block_course_notification'),
        get_string('settings:windowend_desc', 'block_course_notification'),
        20,
        $hours
    ));
    $settings->add(new admin_setting_configcheckbox(
        'block_course_notification/windowweekdays',
        get_string('settings:windowweekdays', 'block_course_notification'),
        get_string('settings:windowweekdays_desc', 'block_course_notification'),
        0
    ));

    // What each learner receives across every course: the fatigue budget, the gap, digests, and the key of
    // the unsubscribe links. The engine reads them at each run (engine_config::config_from_cfg(), 'audience').
    $settings->add(new admin_setting_heading(
        'block_course_notification/audience',
        get_string('settings:audience', 'block_course_notification'),
        get_string('settings:audience_desc', 'block_course_notification')
    ));
    $settings->add(new setting_bounded_int(
        'block_course_notification/dailybudget',
        get_string('settings:dailybudget', 'block_course_notification'),
        get_string('settings:dailybudget_desc', 'block_course_notification'),
        engine_config::DEFAULT_DAILY_BUDGET,
        0,
        engine_config::MAX_DAILY_BUDGET
    ));
    $settings->add(new setting_bounded_int(
        'block_course_notification/mingap',
        get_string('settings:mingap', 'block_course_notification'),
        get_string('settings:mingap_desc', 'block_course_notification'),
        0,
        0,
        engine_config::MAX_MIN_GAP
    ));
    $settings->add(new admin_setting_configcheckbox(
        'block_course_notification/digest',
        get_string('settings:digest', 'block_course_notification'),
        get_string('settings:digest_desc', 'block_course_notification'),
        0
    ));
    // The secret is never shown; the box below replaces it. Its description says when it last was.
    $rotated = (int) get_config('block_course_notification', setting_rotate_secret::ROTATED);
    $settings->add(new setting_rotate_secret(
        'block_course_notification/rotateunsubscribesecret',
        get_string('settings:rotatesecret', 'block_course_notification'),
        get_string('settings:rotatesecret_desc', 'block_course_notification') . ' ' . ($rotated > 0
            ? get_string('settings:rotatesecret_last', 'block_course_notification', userdate($rotated))
            : get_string('settings:rotatesecret_never', 'block_course_notification'))
    ));

    // Off by default: with smtpsecure empty and a server that offers no STARTTLS, the engine refuses to
    // send the SMTP password in clear unless the administrator ticks this.
    $settings->add(new admin_setting_configcheckbox(
        'block_course_notification/smtpallowplainauth',
        get_string('settings:smtpallowplainauth', 'block_course_notification'),
        get_string('settings:smtpallowplainauth_desc', 'block_course_notification'),
        0
    ));

    // The audit of deliveries (block_cnotif_audit) and the events in the site's logs; 0 keeps it forever.
    $settings->add(new admin_setting_configtext(
        'block_course_notification/auditretention',
        get_string('settings:auditretention', 'block_course_notification'),
        get_string('settings:auditretention_desc', 'block_course_notification'),
        365,
        PARAM_INT
    ));
}

// Notifications defined at site level, with their texts: a page of their own.
$ADMIN->add('blocksettings', new admin_externalpage(
    'block_course_notification_sitenotifications',
    get_string('sitenotifications', 'block_course_notification'),
    new moodle_url('/blocks/course_notification/sitenotifications.php'),
    'moodle/site:config'
));
