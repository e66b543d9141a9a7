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
 * Upgrade steps of the course notifications block.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

/**
 * Upgrades the plugin from $oldversion to the version in version.php.
 *
 * A fresh install gets its tables from install.xml. A site running the original
 * plugin (version 2025011400 or older, table block_course_notification, which had no upgrade.php on any
 * branch) comes through here instead, and needs a step that creates block_cnotif_outbox, carries the
 * per-type sent flags over as sent rows so nobody is mailed twice, converts the block configuration and
 * grants the capabilities, which the original never granted: the tables are created first (from
 * install.xml, since the steps below only add fields when missing) and step 2026112207 migrates
 * (db/upgradelib.php).
 *
 * @param int $oldversion the version installed before this upgrade
 * @return bool true when every step succeeded
 */
function xmldb_block_course_notification_upgrade($oldversion) {
    global $CFG, $DB;
    require_once($CFG->dirroot . '/blocks/course_notification/db/upgradelib.php');
    $dbman = $DB->get_manager();

    if ($oldversion < 2026112200) {
        // The original plugin (2025011400 and older): none of this version's tables exist yet.
        block_course_notification_create_missing_tables();
        upgrade_block_savepoint(true, 2026112200, 'course_notification');
    }

    if ($oldversion < 2026112201) {
        // Notifications defined or overridden in a context, and their texts per language.
        $table = new xmldb_table('block_cnotif_def');
        $table->add_field('id', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, XMLDB_SEQUENCE, null);
        $table->add_field('contextid', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, null);
        $table->add_field('code', XMLDB_TYPE_CHAR, '64', null, XMLDB_NOTNULL, null, null);
        $table->add_field('enabled', XMLDB_TYPE_INTEGER, '1', null, null, null, null);
        $table->add_field('triggertype', XMLDB_TYPE_CHAR, '20', null, null, null, null);
        $table->add_field('offsetdays', XMLDB_TYPE_INTEGER, '5', null, null, null, null);
        $table->add_field('repeatevery', XMLDB_TYPE_INTEGER, '5', null, null, null, null);
        $table->add_field('repeatmax', XMLDB_TYPE_INTEGER, '5', null, null, null, null);
        $table->add_field('latelimit', XMLDB_TYPE_INTEGER, '5', null, null, null, null);
        $table->add_field('neveraccessed', XMLDB_TYPE_INTEGER, '1', null, null, null, null);
        $table->add_field('notcompleted', XMLDB_TYPE_INTEGER, '1', null, null, null, null);
        $table->add_field('duringaccess', XMLDB_TYPE_INTEGER, '1', null, null, null, null);
        $table->add_field('priority', XMLDB_TYPE_INTEGER, '2', null, null, null, null);
        $table->add_field('timeenabled', XMLDB_TYPE_INTEGER, '10', null, null, null, null);
        $table->add_field('timecreated', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_field('timemodified', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_key('primary', XMLDB_KEY_PRIMARY, ['id']);
        $table->add_key('contextid', XMLDB_KEY_FOREIGN, ['contextid'], 'context', ['id']);
        $table->add_index('contextid-code', XMLDB_INDEX_UNIQUE, ['contextid', 'code']);
        if (!$dbman->table_exists($table)) {
            $dbman->create_table($table);
        }

        $table = new xmldb_table('block_cnotif_text');
        $table->add_field('id', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, XMLDB_SEQUENCE, null);
        $table->add_field('defid', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, null);
        $table->add_field('lang', XMLDB_TYPE_CHAR, '30', null, XMLDB_NOTNULL, null, null);
        $table->add_field('subject', XMLDB_TYPE_CHAR, '1333', null, XMLDB_NOTNULL, null, null);
        $table->add_field('body', XMLDB_TYPE_TEXT, null, null, XMLDB_NOTNULL, null, null);
        $table->add_field('timemodified', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_key('primary', XMLDB_KEY_PRIMARY, ['id']);
        $table->add_key('defid', XMLDB_KEY_FOREIGN, ['defid'], 'block_cnotif_def', ['id']);
        $table->add_index('defid-lang', XMLDB_INDEX_UNIQUE, ['defid', 'lang']);
        if (!$dbman->table_exists($table)) {
            $dbman->create_table($table);
        }

        upgrade_block_savepoint(true, 2026112201, 'course_notification');
    }

    if ($oldversion < 2026112202) {
        // Who receives a notification: the learner and/or the holders of a role in the course.
        $table = new xmldb_table('block_cnotif_def');
        $field = new xmldb_field('recipients', XMLDB_TYPE_CHAR, '255', null, null, null, null, 'timeenabled');
        if (!$dbman->field_exists($table, $field)) {
            $dbman->add_field($table, $field);
        }
        upgrade_block_savepoint(true, 2026112202, 'course_notification');
    }

    if ($oldversion < 2026112203) {
        // Retries wait longer after each temporary failure.
        $table = new xmldb_table('block_cnotif_outbox');
        $field = new xmldb_field('timenext', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0', 'attempts');
        if (!$dbman->field_exists($table, $field)) {
            $dbman->add_field($table, $field);
        }
        upgrade_block_savepoint(true, 2026112203, 'course_notification');
    }

    if ($oldversion < 2026112204) {
        // The recipient's timezone, so the send window opens at their hours.
        $table = new xmldb_table('block_cnotif_outbox');
        $field = new xmldb_field('timezone', XMLDB_TYPE_CHAR, '100', null, XMLDB_NOTNULL, null, null, 'lang');
        if (!$dbman->field_exists($table, $field)) {
            $dbman->add_field($table, $field);
        }
        upgrade_block_savepoint(true, 2026112204, 'course_notification');
    }

    if ($oldversion < 2026112205) {
        // Moodle notifications (bell, mobile app) beside e-mail, and who each row goes to.
        $table = new xmldb_table('block_cnotif_outbox');
        $field = new xmldb_field('output', XMLDB_TYPE_CHAR, '16', null, XMLDB_NOTNULL, null, 'email', 'attempts');
        if (!$dbman->field_exists($table, $field)) {
            $dbman->add_field($table, $field);
        }
        $field = new xmldb_field('recipientid', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0', 'output');
        if (!$dbman->field_exists($table, $field)) {
            $dbman->add_field($table, $field);
        }
        // Rows written before this version went to the learner they are about.
        $DB->execute('UPDATE {block_cnotif_outbox} SET recipientid = userid WHERE recipientid = 0');
        upgrade_block_savepoint(true, 2026112205, 'course_notification');
    }

    if ($oldversion < 2026112206) {
        // The audit of delivery outcomes, and what a run has just sent found by its date.
        $table = new xmldb_table('block_cnotif_audit');
        $table->add_field('id', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, XMLDB_SEQUENCE, null);
        $table->add_field('outboxid', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, null);
        $table->add_field('occkey', XMLDB_TYPE_CHAR, '191', null, XMLDB_NOTNULL, null, null);
        $table->add_field('notification', XMLDB_TYPE_CHAR, '64', null, XMLDB_NOTNULL, null, null);
        $table->add_field('courseid', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_field('userid', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_field('recipientid', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_field('output', XMLDB_TYPE_CHAR, '16', null, XMLDB_NOTNULL, null, 'email');
        $table->add_field('status', XMLDB_TYPE_CHAR, '16', null, XMLDB_NOTNULL, null, 'sent');
        $table->add_field('detail', XMLDB_TYPE_TEXT, null, null, null, null, null);
        $table->add_field('timeoutcome', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_field('timecreated', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_key('primary', XMLDB_KEY_PRIMARY, ['id']);
        $table->add_key('courseid', XMLDB_KEY_FOREIGN, ['courseid'], 'course', ['id']);
        $table->add_key('userid', XMLDB_KEY_FOREIGN, ['userid'], 'user', ['id']);
        $table->add_key('recipientid', XMLDB_KEY_FOREIGN, ['recipientid'], 'user', ['id']);
        $table->add_index('outboxid-status', XMLDB_INDEX_UNIQUE, ['outboxid', 'status']);
        $table->add_index('timecreated', XMLDB_INDEX_NOTUNIQUE, ['timecreated']);
        if (!$dbman->table_exists($table)) {
            $dbman->create_table($table);
        }

        $table = new xmldb_table('block_cnotif_outbox');
        $index = new xmldb_index('timesent', XMLDB_INDEX_NOTUNIQUE, ['timesent']);
        if (!$dbman->index_exists($table, $index)) {
            $dbman->add_index($table, $index);
        }
        upgrade_block_savepoint(true, 2026112206, 'course_notification');
    }

    if ($oldversion < 2026112207) {
        // A site that ran the original: its marks, its block instances and its settings, then its table.
        // The table tells, not the version alone: an upgrade from the original that stopped after the
        // savepoint of 2026112200 comes back with that version, and the table still there.
        if ($dbman->table_exists('block_course_notification') || $oldversion < 2026112200) {
            $counts = block_course_notification_migrate_original(time());
            mtrace(get_string('migrate:done', 'block_course_notification', (object) $counts));
        }
        // Every earlier version of this plugin mirrored its settings into the site-level definitions at each
        // save; the step of 2026120500 moves them there one last time, for these sites and the original's.
        upgrade_block_savepoint(true, 2026112207, 'course_notification');
    }

    if ($oldversion < 2026112209) {
        // The migration of 2026112207 and 2026112208 granted benotified and excludefromnotification only, so
        // on a site it upgraded from the original no role holds addinstance or setup: a capability no role
        // holds in any context gets what a fresh install gives it (on any other site this does nothing).
        block_course_notification_grant_declared_capabilities(true);
        upgrade_block_savepoint(true, 2026112209, 'course_notification');
    }

    if ($oldversion < 2026120400) {
        // Learners in control (issue 15): what each learner opted out of, as install.xml defines it.
        $table = new xmldb_table('block_cnotif_pref');
        $table->add_field('id', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, XMLDB_SEQUENCE, null);
        $table->add_field('userid', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, null);
        $table->add_field('courseid', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_field('topic', XMLDB_TYPE_CHAR, '64', null, XMLDB_NOTNULL, null, null);
        $table->add_field('source', XMLDB_TYPE_CHAR, '16', null, XMLDB_NOTNULL, null, 'preferences');
        $table->add_field('timecreated', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_key('primary', XMLDB_KEY_PRIMARY, ['id']);
        $table->add_key('userid', XMLDB_KEY_FOREIGN, ['userid'], 'user', ['id']);
        $table->add_index('userid-courseid-topic', XMLDB_INDEX_UNIQUE, ['userid', 'courseid', 'topic']);
        if (!$dbman->table_exists($table)) {
            $dbman->create_table($table);
        }

        // A definition an administrator marks essential is sent whatever the learner opted out of.
        $table = new xmldb_table('block_cnotif_def');
        $field = new xmldb_field('essential', XMLDB_TYPE_INTEGER, '1', null, null, null, null, 'recipients');
        if (!$dbman->field_exists($table, $field)) {
            $dbman->add_field($table, $field);
        }

        // The key of the unsubscribe links, and the bell's provider no longer e-mails (the engine does).
        block_course_notification_ensure_unsubscribe_secret();
        block_course_notification_lock_bell_email();
        upgrade_block_savepoint(true, 2026120400, 'course_notification');
    }

    if ($oldversion < 2026120500) {
        // The site's defaults are edited on the Site notifications page only: the settings that held them
        // (notif_<code>, the delays) become the site-level definitions one last time, and go.
        block_course_notification_site_settings_to_definitions(time());
        upgrade_block_savepoint(true, 2026120500, 'course_notification');
    }

    if ($oldversion < 2026120501) {
        // The review before the first run (issue 16): the choices made, as install.xml defines them.
        $table = new xmldb_table('block_cnotif_firstrun');
        $table->add_field('id', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, XMLDB_SEQUENCE, null);
        $table->add_field('courseid', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_field('choice', XMLDB_TYPE_CHAR, '16', null, XMLDB_NOTNULL, null, null);
        $table->add_field('due', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_field('marked', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_field('userid', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_field('timecreated', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_key('primary', XMLDB_KEY_PRIMARY, ['id']);
        $table->add_index('courseid-timecreated', XMLDB_INDEX_NOTUNIQUE, ['courseid', 'timecreated']);
        $table->add_index('userid', XMLDB_INDEX_NOTUNIQUE, ['userid']);
        if (!$dbman->table_exists($table)) {
            $dbman->create_table($table);
        }
        upgrade_block_savepoint(true, 2026120501, 'course_notification');
    }

    return true;
}
