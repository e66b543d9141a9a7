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
 * Upgrade helpers: the migration from the original plugin (vfremaux, version 2025011400 and older).
 *
 * Kept out of classes/ on purpose: an upgrade step must keep doing what it did when it was written,
 * whatever later versions of the plugin's classes become.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// The names below are historical facts about configurations that exist on sites, the original's and this
// plugin's before 2026120500: they say what a stored setting or column meant, and never change. They hold
// no value of the catalogue (defaults, ranges): those come from the engine (engine::catalogue()).

/** The original's one-off notification types, each with a `<type>notified` flag and a `<type>notedate`. */
const BLOCK_COURSE_NOTIFICATION_ORIGINAL_ONEOFF = ['firstassign', 'firstcall', 'secondcall', 'twoweeksnearend',
    'oneweeknearend', 'fivedaystoend', 'threedaystoend', 'onedaytoend', 'closed', 'completed'];

/** The original's catalogue, as its instance configuration names it (coldfeedback was pro-only). */
const BLOCK_COURSE_NOTIFICATION_ORIGINAL_TYPES = ['firstassign', 'firstcall', 'secondcall', 'inactive',
    'twoweeksnearend', 'oneweeknearend', 'fivedaystoend', 'threedaystoend', 'onedaytoend', 'closed', 'completed'];

/**
 * The settings that held the site's defaults until version 2026120400 (settings.php's "Default notifications"),
 * besides notif_<code> (on or off): the definition and column each one set.
 */
const BLOCK_COURSE_NOTIFICATION_SITE_DELAY_SETTINGS = ['firstcalldelay' => ['firstcall', 'offsetdays'],
    'secondcalldelay' => ['secondcall', 'offsetdays'], 'inactivitydelay' => ['inactive', 'offsetdays'],
    'inactivityfrequency' => ['inactive', 'repeatevery']];

/** Marks the outbox rows written by the migration (runtoken is otherwise the token of a sending run). */
const BLOCK_COURSE_NOTIFICATION_MIGRATED = 'migrated';

/**
 * Creates the plugin's current tables that are missing, from install.xml.
 *
 * A site that runs the original has none of them (the original had no upgrade.php and its table is
 * block_course_notification); the later steps only add fields when missing, so they then do nothing.
 *
 * @return void
 */
function block_course_notification_create_missing_tables(): void {
    global $DB;
    $dbman = $DB->get_manager();
    $file = __DIR__ . '/install.xml';
    foreach (['block_cnotif_outbox', 'block_cnotif_def', 'block_cnotif_text'] as $name) {
        if (!$dbman->table_exists($name)) {
            $dbman->install_one_table_from_xmldb_file($file, $name);
        }
    }
}

/**
 * Migrates the original plugin's state and configuration, then drops its table.
 *
 * - Who was already notified of what becomes 'sent' rows of block_cnotif_outbox under the engine's
 *   occurrence keys, dated as the original dated them, so the engine treats them as handled (rule B).
 *   The inactivity reminder repeats: the repeats of the current series (the learner's last access) that
 *   the original's last reminder stands for are marked, dated with it, so the next one goes out a full
 *   interval after it (see block_course_notification_inactivity_marks()).
 * - Every block instance on a course page keeps its settings as course-level definitions in
 *   block_cnotif_def / block_cnotif_text (the first instance of a course wins, as the original's
 *   completion observer read only the first). An instance the original would not send from (never
 *   configured, or disabled) switches every notification off in its course.
 * - The site settings move to the names of the settings this plugin had until 2026120400 (notif_<code>,
 *   firstcalldelay, ...); the step of 2026120500, which always follows, writes them into the site-level
 *   definitions (block_course_notification_site_settings_to_definitions()).
 * - The four capabilities are granted as a fresh install grants them: the original's access.php misspelt
 *   'archetypes', so no role held any of them (teachers could neither add nor set up the block).
 *
 * Idempotent: a step interrupted half-way can run again without duplicating anything.
 *
 * @param int $now the time of the upgrade
 * @return array counts: outbox rows inserted, definitions written, texts written, instances read
 */
function block_course_notification_migrate_original(int $now): array {
    global $DB;
    $dbman = $DB->get_manager();
    $counts = ['outbox' => 0, 'definitions' => 0, 'texts' => 0, 'instances' => 0, 'skippedtexts' => 0];

    // Configuration first: the inactivity schedule of each course decides which repeats to mark.
    $schedules = block_course_notification_migrate_instances($now, $counts);
    block_course_notification_migrate_settings();
    block_course_notification_grant_declared_capabilities();

    if ($dbman->table_exists('block_course_notification')) {
        block_course_notification_migrate_marks($now, $schedules, $counts);
        $dbman->drop_table(new xmldb_table('block_course_notification'));
    }
    return $counts;
}

/**
 * Turns the block instances' configdata into course-level definitions.
 *
 * @param int $now the time
 * @param array $counts counts to update
 * @return array courseid => ['offset' => days, 'every' => days] of the inactivity reminder, where set
 */
function block_course_notification_migrate_instances(int $now, array &$counts): array {
    global $DB;
    $schedules = [];
    $sql = "SELECT bi.id, bi.configdata, ctx.id AS contextid, ctx.instanceid AS courseid
              FROM {block_instances} bi
              JOIN {context} ctx ON ctx.id = bi.parentcontextid AND ctx.contextlevel = :level
             WHERE bi.blockname = :name AND ctx.instanceid <> :siteid
          ORDER BY bi.id";
    $instances = $DB->get_recordset_sql($sql, ['level' => CONTEXT_COURSE, 'name' => 'course_notification',
        'siteid' => SITEID]);
    $done = [];
    $langs = block_course_notification_migration_languages();
    // A delay beyond the engine's range is left to inherit; without the extension the range is unknown, and
    // the engine reports (and ignores) such a value once it runs.
    try {
        $maxdays = (int) \block_course_notification\local\engine::catalogue()['bounds']['offset_days']['max'];
    } catch (moodle_exception $e) {
        $maxdays = null;
    }
    foreach ($instances as $instance) {
        $counts['instances']++;
        if (isset($done[$instance->courseid])) {
            continue;
        }
        $done[$instance->courseid] = true;
        $config = null;
        if (!empty($instance->configdata)) {
            $config = @unserialize_object(base64_decode($instance->configdata));
        }
        $config = is_object($config) ? $config : null;
        // The original sent nothing from an instance never configured or switched off.
        $on = $config !== null && !empty($config->enable);
        $reminders = (string) ($config->courseeventsreminders ?? '');
        foreach (BLOCK_COURSE_NOTIFICATION_ORIGINAL_TYPES as $code) {
            $fields = ['enabled' => 0];
            if ($on) {
                if (in_array($code, ['fivedaystoend', 'threedaystoend', 'onedaytoend'], true)) {
                    // The original read these from courseeventsreminders ('1', '13', '135').
                    $digit = ['fivedaystoend' => '5', 'threedaystoend' => '3', 'onedaytoend' => '1'][$code];
                    $fields['enabled'] = (int) (strpos($reminders, $digit) !== false);
                } else {
                    $fields['enabled'] = (int) !empty($config->$code);
                }
            }
            $days = fn($name) => (isset($config->$name) && is_numeric($config->$name) && (int) $config->$name > 0
                && ($maxdays === null || (int) $config->$name <= $maxdays)) ? (int) $config->$name : null;
            if ($code === 'firstcall') {
                $fields['offsetdays'] = $days('firstcalldelay');
            } else if ($code === 'secondcall') {
                $fields['offsetdays'] = $days('secondcalldelay');
            } else if ($code === 'inactive') {
                $fields['offsetdays'] = $days('inactivitydelayindays');
                $fields['repeatevery'] = $days('inactivityfrequency');
                $schedules[$instance->courseid] = ['offset' => $fields['offsetdays'], 'every' => $fields['repeatevery']];
            }
            $texts = $config ? block_course_notification_migration_texts($config, $code, $langs, $counts) : [];
            block_course_notification_write_definition((int) $instance->contextid, $code, $fields, $texts, $now);
            $counts['definitions']++;
            $counts['texts'] += count($texts);
        }
    }
    $instances->close();
    return $schedules;
}

/**
 * The languages a migrated text is written for: the original used its overrides for every recipient.
 *
 * @return string[]
 */
function block_course_notification_migration_languages(): array {
    $langs = ['en', 'fr'];
    foreach (array_keys(get_string_manager()->get_list_of_translations()) as $lang) {
        if (!in_array($lang, $langs, true)) {
            $langs[] = $lang;
        }
    }
    return $langs;
}

/**
 * The subject and body an instance overrode for one type, in the engine's template syntax.
 *
 * The original's subject override used {KEY} and its body {{KEY}} in HTML; the engine takes {{KEY}} and a
 * plain-text body. {{DATA_0}} (never filled by the original) is the inactivity delay. A text the engine
 * would still refuse is left out, so the default text applies rather than no mail at all. A field the
 * instance did not override is written empty: the engine then uses its built-in text for that field, in
 * the recipient's language (an instance that changed only the subject keeps the full default message).
 *
 * @param \stdClass $config the instance configuration
 * @param string $code the type
 * @param string[] $langs languages to write
 * @param array $counts counts to update
 * @return array lang => ['subject' => string, 'body' => string]
 */
function block_course_notification_migration_texts(\stdClass $config, string $code, array $langs, array &$counts): array {
    $subjectkey = $code . '_object_ovl';
    $bodykey = $code . '_ovl';
    $subject = trim((string) ($config->$subjectkey ?? ''));
    $body = $config->$bodykey ?? '';
    if (is_array($body) || is_object($body)) {
        $body = (string) (((array) $body)['text'] ?? '');
    }
    $body = trim(strip_tags((string) $body)) === '' ? '' : (string) $body;
    if ($subject === '' && $body === '') {
        return [];
    }
    $subject = preg_replace('/(?<!\{)\{([A-Z][A-Z0-9_]*)\}(?!\})/', '{{$1}}', $subject);
    if ($body !== '') {
        $body = trim(html_to_text($body, 0, false));
        $body = preg_replace("/\n{3,}/", "\n\n", str_replace("\r\n", "\n", $body));
    }
    $s = str_replace('{{DATA_0}}', '{{INACTIVEDAYS}}', $subject);
    $b = str_replace('{{DATA_0}}', '{{INACTIVEDAYS}}', $body);
    $problems = array_merge(
        \block_course_notification\local\engine::template_problems($s),
        \block_course_notification\local\engine::template_problems($b)
    );
    if ($problems) {
        $counts['skippedtexts']++;
        return [];
    }
    $text = ['subject' => core_text::substr($s, 0, 1333), 'body' => $b];
    return array_fill_keys($langs, $text);
}

/**
 * Writes a definition and its texts, merging with what the context already holds.
 *
 * @param int $contextid the context
 * @param string $code the notification
 * @param array $fields column => value (null inherits)
 * @param array $texts lang => ['subject' => string, 'body' => string]
 * @param int $now the time
 * @return void
 */
function block_course_notification_write_definition(
    int $contextid,
    string $code,
    array $fields,
    array $texts,
    int $now
): void {
    global $DB;
    $row = $DB->get_record('block_cnotif_def', ['contextid' => $contextid, 'code' => $code]);
    if (!$row) {
        $row = (object) ['contextid' => $contextid, 'code' => $code, 'timecreated' => $now];
    }
    foreach ($fields as $column => $value) {
        $row->$column = $value;
    }
    $row->timemodified = $now;
    if (empty($row->id)) {
        $row->id = $DB->insert_record('block_cnotif_def', $row);
    } else {
        $DB->update_record('block_cnotif_def', $row);
    }
    foreach ($texts as $lang => $text) {
        $existing = $DB->get_record('block_cnotif_text', ['defid' => $row->id, 'lang' => $lang]);
        $record = (object) ['defid' => $row->id, 'lang' => $lang, 'subject' => $text['subject'],
            'body' => $text['body'], 'timemodified' => $now];
        if ($existing) {
            $record->id = $existing->id;
            $DB->update_record('block_cnotif_text', $record);
        } else {
            $DB->insert_record('block_cnotif_text', $record);
        }
    }
}

/**
 * Moves the original's site settings to this version's names and writes the site-level definitions.
 *
 * @return void
 */
function block_course_notification_migrate_settings(): void {
    $old = (array) get_config('block_course_notification');
    $moves = ['defaultfirstcalldelay' => 'firstcalldelay', 'defaultsecondcalldelay' => 'secondcalldelay',
        'defaultinactivitydelayindays' => 'inactivitydelay', 'defaultinactivityfrequency' => 'inactivityfrequency'];
    foreach (BLOCK_COURSE_NOTIFICATION_ORIGINAL_TYPES as $code) {
        $moves['default' . $code] = 'notif_' . $code;
    }
    foreach ($moves as $from => $to) {
        if (array_key_exists($from, $old)) {
            $value = trim((string) $old[$from]);
            if ($to === 'notif_' . substr($from, 7)) {
                set_config($to, empty($value) ? 0 : 1, 'block_course_notification');
            } else if (is_numeric($value) && (int) $value > 0) {
                // The engine's range applies when the value becomes a definition (2026120500).
                set_config($to, (int) $value, 'block_course_notification');
            }
            unset_config($from, 'block_course_notification');
        }
    }
    if (array_key_exists('bulklimit', $old)) {
        // The original's 0 meant "no limit": the closest this version has is a very large cap.
        $limit = (int) $old['bulklimit'];
        set_config('cap', $limit > 0 ? $limit : 100000, 'block_course_notification');
        unset_config('bulklimit', 'block_course_notification');
    }
    $sendanyway = !empty($old['sendfirstassignanyway']);
    foreach (['sendfirstassignanyway', 'emulatecommunity', 'licensekey', 'licenseprovider'] as $name) {
        unset_config($name, 'block_course_notification');
    }
    if ($sendanyway) {
        // The welcome went to those who already came in as well.
        block_course_notification_write_definition(
            context_system::instance()->id,
            'firstassign',
            ['neveraccessed' => 0],
            [],
            time()
        );
    }
}

/**
 * Writes the settings that held the site's defaults until 2026120400 into the system context's definitions,
 * which the Site notifications page edits, and removes the settings: the defaults now have one home.
 *
 * Each value set (notif_<code>, firstcalldelay, secondcalldelay, inactivitydelay, inactivityfrequency) sets
 * its column of the site-level definition; NULL where it equals the engine's built-in value, so the
 * provenance stays "built-in" (as the settings' mirror did), and a row left with nothing is removed. A value
 * outside the engine's range is brought to its nearest end (the engine would ignore it). Without the
 * extension the built-in values are unknown: the values are written as they are, which keeps what is sent
 * the same (only the provenance then says "site"). Values of the settings for codes that are not built-in
 * (none the settings page ever offered) are dropped. Idempotent: a second run finds no setting.
 *
 * @param int $now the time of the upgrade
 * @return array ['written' => definitions written or updated, 'removed' => settings removed]
 */
function block_course_notification_site_settings_to_definitions(int $now): array {
    global $DB;
    $component = 'block_course_notification';
    $config = (array) get_config($component);
    $values = [];
    $names = [];
    foreach ($config as $name => $value) {
        $value = trim((string) $value);
        if (strpos($name, 'notif_') === 0) {
            $names[] = $name;
            $values[substr($name, strlen('notif_'))]['enabled'] = empty($value) ? 0 : 1;
        } else if (isset(BLOCK_COURSE_NOTIFICATION_SITE_DELAY_SETTINGS[$name])) {
            $names[] = $name;
            [$code, $column] = BLOCK_COURSE_NOTIFICATION_SITE_DELAY_SETTINGS[$name];
            if (is_numeric($value)) {
                $values[$code][$column] = (int) $value;
            }
        }
    }
    $builtin = null;
    $bounds = [];
    try {
        $catalogue = \block_course_notification\local\engine::catalogue();
        $builtin = array_column($catalogue['notifications'], null, 'code');
        $bounds = ['offsetdays' => $catalogue['bounds']['offset_days'], 'repeatevery' => $catalogue['bounds']['repeat_every']];
    } catch (moodle_exception $e) {
        mtrace('block_course_notification: the extension is not loaded; the site settings become site definitions as they are');
    }
    $fieldof = ['enabled' => 'enabled', 'offsetdays' => 'offset_days', 'repeatevery' => 'repeat_every'];
    $contextid = context_system::instance()->id;
    $written = 0;
    foreach ($values as $code => $columns) {
        if ($builtin !== null && !isset($builtin[$code])) {
            continue;
        }
        $row = $DB->get_record('block_cnotif_def', ['contextid' => $contextid, 'code' => $code]);
        if (!$row) {
            $row = (object) ['contextid' => $contextid, 'code' => (string) $code, 'timecreated' => $now];
        }
        foreach ($columns as $column => $value) {
            if ($builtin !== null) {
                if (isset($bounds[$column])) {
                    $value = max((int) $bounds[$column]['min'], min((int) $bounds[$column]['max'], $value));
                }
                if ($value === (int) $builtin[$code][$fieldof[$column]]) {
                    $value = null;
                }
            }
            $row->$column = $value;
        }
        $row->timemodified = $now;
        $fields = ['enabled', 'triggertype', 'offsetdays', 'repeatevery', 'repeatmax', 'latelimit', 'neveraccessed',
            'notcompleted', 'duringaccess', 'priority', 'recipients', 'essential'];
        $set = array_filter($fields, fn($f) => isset($row->$f));
        if (!$set && (empty($row->id) || !$DB->record_exists('block_cnotif_text', ['defid' => $row->id]))) {
            if (!empty($row->id)) {
                $DB->delete_records('block_cnotif_def', ['id' => $row->id]);
            }
            continue;
        }
        if (empty($row->id)) {
            $DB->insert_record('block_cnotif_def', $row);
        } else {
            $DB->update_record('block_cnotif_def', $row);
        }
        $written++;
    }
    foreach ($names as $name) {
        unset_config($name, $component);
    }
    return ['written' => $written, 'removed' => count($names)];
}

/**
 * Grants the plugin's capabilities as a fresh install grants them, where nothing is set.
 *
 * Moodle applies a capability's defaults only when it installs the capability (update_capabilities()).
 * A site upgraded from the original already has the four capabilities, and no role holds any of them:
 * the original declared its defaults under a misspelt key ('archetype'). So the upgrade grants them
 * here, with Moodle's install rule (the permissions of 'clonepermissionsfrom', else the archetypes),
 * leaving alone every permission an administrator set.
 *
 * @param bool $onlyunheld only the capabilities no role holds in any context (the later step that
 *     repairs sites migrated by versions that granted two of the four)
 * @return int permissions assigned
 */
function block_course_notification_grant_declared_capabilities(bool $onlyunheld = false): int {
    global $DB;
    $syscontext = context_system::instance();
    $defs = load_capability_def('block_course_notification');
    $roles = $DB->get_records_menu('role', null, 'id', 'id, archetype');
    $existing = [];
    [$insql, $params] = $DB->get_in_or_equal(array_keys($defs) ?: [''], SQL_PARAMS_NAMED);
    foreach (
        $DB->get_records_select(
            'role_capabilities',
            "capability $insql",
            $params,
            'id',
            'id, capability, roleid, contextid'
        ) as $row
    ) {
        $existing[] = [$row->capability, (int) $row->roleid, (int) $row->contextid];
    }
    if ($onlyunheld) {
        $held = array_unique(array_column($existing, 0));
        $defs = array_diff_key($defs, array_flip($held));
    }
    $clones = [];
    foreach ($defs as $def) {
        $from = $def['clonepermissionsfrom'] ?? null;
        if ($from !== null && !isset($clones[$from]) && $DB->record_exists('capabilities', ['name' => $from])) {
            $clones[$from] = [];
            foreach ($DB->get_records('role_capabilities', ['capability' => $from], 'id') as $row) {
                $clones[$from][] = [(int) $row->roleid, (int) $row->contextid, (int) $row->permission];
            }
        }
    }
    $grants = block_course_notification_capability_grants($defs, $roles, $existing, $clones, (int) $syscontext->id);
    foreach ($grants as [$capability, $roleid, $contextid, $permission]) {
        assign_capability($capability, $permission, $roleid, $contextid);
    }
    return count($grants);
}

/**
 * The permissions a fresh install gives these capabilities and that are not set yet.
 *
 * As update_capabilities() does on install: a capability whose 'clonepermissionsfrom' names an existing
 * capability gets that one's permissions (in every context, overrides included) and its archetypes are
 * ignored; otherwise each role of a declared archetype gets the declared permission in the system
 * context. A role, capability and context that already have a permission are left as they are.
 *
 * @param array $defs capability => definition, as db/access.php declares it
 * @param array $roles role id => archetype ('' for a role of the site's own)
 * @param array $existing list of [capability, role id, context id] that have a permission
 * @param array $clones name of an existing capability => its permissions, list of [role id, context id, permission]
 * @param int $syscontextid the system context's id
 * @return array list of [capability, role id, context id, permission], in the order to assign them
 */
function block_course_notification_capability_grants(
    array $defs,
    array $roles,
    array $existing,
    array $clones,
    int $syscontextid
): array {
    $set = [];
    foreach ($existing as [$capability, $roleid, $contextid]) {
        $set["$capability/$roleid/$contextid"] = true;
    }
    $grants = [];
    $grant = function (string $capability, int $roleid, int $contextid, int $permission) use (&$set, &$grants) {
        if (!isset($set["$capability/$roleid/$contextid"])) {
            $set["$capability/$roleid/$contextid"] = true;
            $grants[] = [$capability, $roleid, $contextid, $permission];
        }
    };
    foreach ($defs as $capability => $def) {
        $from = $def['clonepermissionsfrom'] ?? null;
        if ($from !== null && array_key_exists($from, $clones)) {
            foreach ($clones[$from] as [$roleid, $contextid, $permission]) {
                $grant($capability, $roleid, $contextid, $permission);
            }
            continue;
        }
        foreach ($def['archetypes'] ?? [] as $archetype => $permission) {
            foreach ($roles as $roleid => $rolearchetype) {
                if ($rolearchetype === $archetype) {
                    $grant($capability, (int) $roleid, $syscontextid, (int) $permission);
                }
            }
        }
    }
    return $grants;
}

/**
 * Writes a 'sent' outbox row for every notification the original marked.
 *
 * @param int $now the time
 * @param array $schedules courseid => inactivity schedule overridden by the course
 * @param array $counts counts to update
 * @return void
 */
function block_course_notification_migrate_marks(int $now, array $schedules, array &$counts): void {
    global $DB;
    $siteoffset = (int) (get_config('block_course_notification', 'inactivitydelay') ?: 14);
    $siteevery = (int) (get_config('block_course_notification', 'inactivityfrequency') ?: 7);

    // Each mark with what the engine's key and the inactivity series need: the learner's address, their
    // last access to the course and the start of their access (R), as the engine reads them.
    $sql = "SELECT b.*, u.email, u.firstname, u.lastname, u.mailformat, u.lang, u.timezone,
                   ula.timeaccess, c.startdate,
                   (SELECT MIN(ue.timestart) FROM {user_enrolments} ue JOIN {enrol} e ON e.id = ue.enrolid
                     WHERE e.courseid = b.courseid AND ue.userid = b.userid AND ue.status = 0 AND e.status = 0) AS startact,
                   (SELECT MIN(ue.timestart) FROM {user_enrolments} ue JOIN {enrol} e ON e.id = ue.enrolid
                     WHERE e.courseid = b.courseid AND ue.userid = b.userid) AS startall
              FROM {block_course_notification} b
         LEFT JOIN {user} u ON u.id = b.userid
         LEFT JOIN {user_lastaccess} ula ON ula.userid = b.userid AND ula.courseid = b.courseid
         LEFT JOIN {course} c ON c.id = b.courseid
          ORDER BY b.id";
    $rs = $DB->get_recordset_sql($sql);
    $batch = [];
    foreach ($rs as $mark) {
        if (empty($mark->courseid) || empty($mark->userid)) {
            continue;
        }
        $base = [
            'courseid' => (int) $mark->courseid,
            'userid' => (int) $mark->userid,
            'recipientid' => (int) $mark->userid,
            'recipient' => core_text::substr((string) ($mark->email ?? ''), 0, 100),
            'recipientname' => core_text::substr(trim(($mark->firstname ?? '') . ' ' . ($mark->lastname ?? '')), 0, 255),
            'mailformat' => (int) ($mark->mailformat ?? 1),
            'lang' => (string) ($mark->lang ?? ''),
            'timezone' => '',
        ];
        foreach (BLOCK_COURSE_NOTIFICATION_ORIGINAL_ONEOFF as $code) {
            $flag = $code . 'notified';
            $date = $code . 'notedate';
            if (!empty($mark->$flag)) {
                $when = (int) ($mark->$date ?? 0);
                $batch["{$code}/c{$mark->courseid}/u{$mark->userid}/r0"] = $base + ['notification' => $code,
                    'repeatno' => 0, 'timedue' => $when, 'timesent' => $when];
            }
        }
        if (!empty($mark->inactivenotified) && !empty($mark->inactivenotedate)) {
            $last = (int) $mark->inactivenotedate;
            $start = (int) ($mark->startact ?? $mark->startall ?? 0);
            $anchor = !empty($mark->timeaccess) ? (int) $mark->timeaccess : max((int) $mark->startdate, $start);
            $offset = (int) ($schedules[$mark->courseid]['offset'] ?? $siteoffset);
            $every = (int) ($schedules[$mark->courseid]['every'] ?? $siteevery);
            foreach (block_course_notification_inactivity_marks($anchor, $offset, $every, $last) as $k => $due) {
                $batch["inactive/c{$mark->courseid}/u{$mark->userid}/s{$anchor}/r{$k}"] = $base + [
                    'notification' => 'inactive', 'repeatno' => $k, 'timedue' => $due, 'timesent' => min($last, $now)];
            }
        }
        if (count($batch) >= 500) {
            $counts['outbox'] += block_course_notification_insert_marks($batch, $now);
            $batch = [];
        }
    }
    $rs->close();
    $counts['outbox'] += block_course_notification_insert_marks($batch, $now);
}

/**
 * The repeats of the engine's inactivity series that the original's last reminder stands for.
 *
 * The engine dates the repeats of a series from its anchor (the learner's last access, or the start of
 * their access): the first `offset` days after it, then one every `every` days. Every repeat already
 * due when the original sent its last reminder is marked (two hours of tolerance for a DST change in
 * the learner's timezone); a reminder of this silence sent before the first date stands for the first.
 * The marks are dated with the original's send, and the engine sends a repeat no sooner than `every`
 * days after the previous one was sent, so the series continues from the original's last reminder.
 * A reminder older than the anchor was about an earlier silence (the learner came back since): none.
 *
 * @param int $anchor the start of the series (Unix seconds)
 * @param int $offset days from the anchor to the first repeat
 * @param int $every days between repeats
 * @param int $last when the original sent its last inactivity reminder (Unix seconds)
 * @return int[] repeat number => its date, in order
 */
function block_course_notification_inactivity_marks(int $anchor, int $offset, int $every, int $last): array {
    if ($last <= 0 || $anchor <= 0 || $last < $anchor) {
        return [];
    }
    $every = max(1, $every);
    $first = $anchor + max(0, $offset) * DAYSECS;
    $marks = [$first];
    for ($k = 1; $first + $k * $every * DAYSECS <= $last + 2 * HOURSECS && $k < 1000; $k++) {
        $marks[$k] = $first + $k * $every * DAYSECS;
    }
    return $marks;
}

/**
 * Inserts the marks whose key is not in the outbox yet.
 *
 * @param array $batch occkey => partial row
 * @param int $now the time
 * @return int rows inserted
 */
function block_course_notification_insert_marks(array $batch, int $now): int {
    global $DB;
    if (!$batch) {
        return 0;
    }
    [$insql, $params] = $DB->get_in_or_equal(array_keys($batch), SQL_PARAMS_NAMED);
    $existing = $DB->get_records_select_menu('block_cnotif_outbox', "occkey $insql", $params, '', 'occkey, id');
    $rows = [];
    foreach ($batch as $key => $row) {
        if (isset($existing[$key])) {
            continue;
        }
        $rows[] = (object) ($row + [
            'occkey' => $key,
            'status' => 'sent',
            'priority' => 5,
            'attempts' => 1,
            'timenext' => 0,
            'runtoken' => BLOCK_COURSE_NOTIFICATION_MIGRATED,
            'output' => 'email',
            'subject' => '',
            'bodytext' => '',
            'bodyhtml' => '',
            'messageid' => '',
            'timecreated' => $now,
            'timemodified' => $now,
        ]);
    }
    if ($rows) {
        $DB->insert_records('block_cnotif_outbox', $rows);
    }
    return count($rows);
}

/** Shortest unsubscribe secret kept (the engine refuses a shorter one: tokens signed with it could be forged). */
const BLOCK_COURSE_NOTIFICATION_SECRET_MIN = 16;

/**
 * Creates the site's unsubscribe secret when there is none: 32 random bytes, as 64 hex characters.
 *
 * The key of the HMAC that signs every unsubscribe link (crates/runner/src/unsubscribe.rs, and the
 * plugin's unsubscribe page that checks it). A secret is never replaced here, so links already mailed
 * keep working across upgrades; only one too short to be safe (which the engine refuses) is, and only
 * an administrator rotates a good one (settings.php). Used by the install and by the upgrade to
 * 2026120400, run again it does nothing.
 *
 * @return bool whether a secret was created
 */
function block_course_notification_ensure_unsubscribe_secret(): bool {
    $secret = get_config('block_course_notification', 'unsubscribesecret');
    if (is_string($secret) && strlen(trim($secret)) >= BLOCK_COURSE_NOTIFICATION_SECRET_MIN) {
        return false;
    }
    set_config('unsubscribesecret', bin2hex(random_bytes(32)), 'block_course_notification');
    return true;
}

/**
 * Locks off the e-mail output of the plugin's `notification` message provider (the bell's).
 *
 * The engine e-mails the learner itself; a learner who switched e-mail on for the bell's provider got
 * every reminder twice. db/messages.php now disallows it, but Moodle writes a provider's defaults only
 * when they are missing (message_set_default_message_preference()), so a site that registered the
 * provider before keeps the old ones. Disallowed is what translate_message_default_setting() stores for
 * MESSAGE_DISALLOWED: locked, and not in the provider's list of enabled outputs (message_send() forces
 * an output that is locked and in that list, and ignores the users' own preferences for a locked one).
 * Run again it changes nothing.
 *
 * @return void
 */
function block_course_notification_lock_bell_email(): void {
    $base = 'block_course_notification_notification';
    set_config("email_provider_{$base}_locked", 1, 'message');
    $name = "message_provider_{$base}_enabled";
    $enabled = get_config('message', $name);
    if ($enabled === false) {
        // Not registered yet (a site coming from the original): Moodle writes the defaults of
        // db/messages.php after this upgrade, and keeps the lock set here.
        return;
    }
    $kept = array_values(array_diff(array_map('trim', explode(',', (string) $enabled)), ['email', '']));
    if (implode(',', $kept) !== (string) $enabled) {
        set_config($name, implode(',', $kept), 'message');
    }
}
