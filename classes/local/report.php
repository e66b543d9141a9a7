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
 * Data of the course report: each learner's state for each notification.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\local;

/**
 * Combines the outbox (what was sent, is pending or failed) with a dry run of the engine restricted to
 * the course and to the learners shown (what would go out now, and what is trapped, by which rule).
 *
 * Learners are paged in SQL, and the engine runs only for the page's users, so a page costs the same
 * with 10,000 learners as with 10. Only the "due" and "trapped" filters, which the database cannot
 * answer, run the engine over the whole course (one set-based run) to find the matching learners.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class report {
    /** States a cell can be in, in the order the filter lists them. */
    public const STATES = ['sent', 'pending', 'failed', 'due', 'trapped', 'none'];

    /** Rules that only repeat what the outbox holds (already sent, queued, failed). */
    private const OUTBOX_RULES = ['B', 'Q', 'F'];

    /** Learners the engine evaluates in one call when the whole course is needed. */
    private const CHUNK = 1000;

    /** @var int the course */
    private int $courseid;

    /** @var \context_course its context */
    private \context_course $context;

    /** @var int the time the report is computed for */
    private int $now;

    /** @var \stdClass|null SQL of the identity fields the viewer may see (selects, joins, params, mappings) */
    private ?\stdClass $identity = null;

    /**
     * Builds the report of a course.
     *
     * @param int $courseid the course
     * @param int $now the time ("now" of the engine's dry runs)
     */
    public function __construct(int $courseid, int $now) {
        $this->courseid = $courseid;
        $this->context = \context_course::instance($courseid);
        $this->now = $now;
    }

    /**
     * The notifications shown as columns: those that apply in the course (on or off), then any code
     * the outbox holds that no longer applies.
     *
     * @return array code => ['name' => string, 'enabled' => bool]
     */
    public function notifications(): array {
        global $DB;
        $codes = [];
        try {
            foreach (engine::notifications($this->courseid)['notifications'] as $n) {
                $codes[$n['code']] = ['name' => catalogue::name($n['code']), 'enabled' => (bool) $n['enabled']];
            }
        } catch (\moodle_exception $e) {
            // The engine cannot say what applies: the built-in codes, when at least its catalogue is there.
            foreach (catalogue::available() ? catalogue::codes() : [] as $code) {
                $codes[$code] = ['name' => catalogue::name($code), 'enabled' => true];
            }
        }
        $sql = 'SELECT DISTINCT notification FROM {block_cnotif_outbox} WHERE courseid = ?';
        foreach ($DB->get_fieldset_sql($sql, [$this->courseid]) as $code) {
            if (!isset($codes[$code])) {
                $codes[$code] = ['name' => catalogue::name($code), 'enabled' => false];
            }
        }
        return $codes;
    }

    /**
     * The identity fields the site shows ($CFG->showuseridentity) and the viewer may see in the course
     * (moodle/site:viewuseridentity, hidden user fields, custom profile fields' visibility), as Moodle's
     * own user lists show them: the report's columns, its export's, and what its search looks in.
     *
     * @return string[] field (a user column or profile_field_<shortname>) => its name for display
     */
    public function identity_fields(): array {
        $fields = [];
        foreach (array_keys($this->identity_sql()->mappings) as $field) {
            $fields[$field] = \core_user\fields::get_display_name($field);
        }
        return $fields;
    }

    /**
     * The SQL that reads the identity fields, built once per report (its join aliases and parameter
     * names are unique to it, so every query of the report uses the same).
     *
     * @return \stdClass selects (with a leading comma), joins, params (named), mappings (field => SQL)
     */
    private function identity_sql(): \stdClass {
        if ($this->identity === null) {
            $this->identity = \core_user\fields::for_identity($this->context, true)->get_sql('u', true);
        }
        return $this->identity;
    }

    /**
     * The ORDER BY of a sort on name or identity columns; anything else is ignored, and the user id ends it.
     *
     * @param array $sortcolumns column => SORT_ASC or SORT_DESC (flexible_table::get_sort_columns())
     * @return string
     */
    public function order_by(array $sortcolumns): string {
        $allowed = ['firstname' => 'u.firstname', 'lastname' => 'u.lastname'] + $this->identity_sql()->mappings;
        $parts = [];
        foreach ($sortcolumns as $column => $direction) {
            if (isset($allowed[$column])) {
                $parts[] = $allowed[$column] . ($direction == SORT_DESC ? ' DESC' : ' ASC');
            }
        }
        $parts[] = 'u.id';
        return implode(', ', $parts);
    }

    /**
     * The learners matching the filters: every user enrolled in the course (active or not, so the
     * report can say why the suspended get nothing), by name.
     *
     * @param string $search part of a name or of an identity field the viewer may see
     * @param string $state one of STATES, or '' for any
     * @param string $notification a code, or '' for any
     * @return array [string from-and-where SQL, array params]
     */
    private function learners_sql(string $search, string $state, string $notification): array {
        global $DB;
        $enrolled = get_enrolled_join($this->context, 'u.id', false);
        $identity = $this->identity_sql();
        $where = $enrolled->wheres . ' AND u.deleted = 0';
        $params = $enrolled->params + $identity->params;
        if ($search !== '') {
            // The name, and the identity fields the viewer sees: a hidden e-mail address is not searched,
            // or the search would tell who has it.
            $value = '%' . $DB->sql_like_escape($search) . '%';
            $likes = [$DB->sql_like($DB->sql_fullname('u.firstname', 'u.lastname'), ':search0', false, false)];
            $params['search0'] = $value;
            foreach (array_values($identity->mappings) as $i => $column) {
                $likes[] = $DB->sql_like($column, ':search' . ($i + 1), false, false);
                $params['search' . ($i + 1)] = $value;
            }
            $where .= ' AND (' . implode(' OR ', $likes) . ')';
        }
        if (in_array($state, ['sent', 'pending', 'failed'], true)) {
            $statuses = ['sent' => ['sent', 'marked'], 'pending' => ['pending', 'sending'], 'failed' => ['failed']][$state];
            [$insql, $inparams] = $DB->get_in_or_equal($statuses, SQL_PARAMS_NAMED, 'st');
            $where .= " AND EXISTS (SELECT 1 FROM {block_cnotif_outbox} o
                                     WHERE o.courseid = :ocourseid AND o.userid = u.id AND o.status $insql" .
                ($notification !== '' ? ' AND o.notification = :onotification' : '') . ')';
            $params += $inparams + ['ocourseid' => $this->courseid];
            if ($notification !== '') {
                $params['onotification'] = $notification;
            }
        } else if (in_array($state, ['due', 'trapped', 'none'], true)) {
            $ids = $this->users_in_state($state, $notification);
            if (!$ids) {
                $where .= ' AND 1 = 0';
            } else {
                [$insql, $inparams] = $DB->get_in_or_equal($ids, SQL_PARAMS_NAMED, 'uid');
                $where .= " AND u.id $insql";
                $params += $inparams;
            }
        }
        return ["FROM {user} u {$enrolled->joins} {$identity->joins} WHERE $where", $params];
    }

    /**
     * How many learners match the filters.
     *
     * @param string $search name or identity search
     * @param string $state state filter
     * @param string $notification notification filter
     * @return int
     */
    public function count_learners(string $search, string $state, string $notification): int {
        global $DB;
        [$sql, $params] = $this->learners_sql($search, $state, $notification);
        return (int) $DB->count_records_sql("SELECT COUNT(DISTINCT u.id) $sql", $params);
    }

    /**
     * One page of learners matching the filters.
     *
     * @param string $search name or identity search
     * @param string $state state filter
     * @param string $notification notification filter
     * @param int $from offset
     * @param int $limit page size (0: all)
     * @param string $sort ORDER BY clause built by order_by()
     * @return \stdClass[] users by id, with their name fields and the identity fields the viewer may see
     */
    public function learners(
        string $search,
        string $state,
        string $notification,
        int $from,
        int $limit,
        string $sort = ''
    ): array {
        global $DB;
        [$sql, $params] = $this->learners_sql($search, $state, $notification);
        $names = \core_user\fields::for_name()->get_sql('u', false, '', '', false)->selects;
        $order = $sort !== '' ? $sort : 'u.lastname, u.firstname, u.id';
        return $DB->get_records_sql(
            "SELECT DISTINCT u.id, $names {$this->identity_sql()->selects} $sql ORDER BY $order",
            $params,
            $from,
            $limit
        );
    }

    /**
     * The state of every (learner, notification) pair for the given learners.
     *
     * @param int[] $userids the learners (one page)
     * @return array userid => code => cell (state, time, rule, reason, error, outboxid, repeat)
     * @throws \moodle_exception when the engine fails
     */
    public function cells(array $userids): array {
        if (!$userids) {
            return [];
        }
        return self::combine($userids, $this->decisions($userids), $this->outbox($userids));
    }

    /**
     * What the outbox alone says of the given learners, for a page whose engine part failed: what was
     * sent, failed or waits, without what the engine would decide now (no "due", no "trapped").
     *
     * @param int[] $userids the learners (one page)
     * @return array userid => code => cell, as cells()
     */
    public function recorded_cells(array $userids): array {
        return $userids ? self::combine($userids, [], $this->outbox($userids)) : [];
    }

    /**
     * The cells of the given learners from the dry run's decisions and the outbox rows.
     *
     * @param int[] $userids the learners
     * @param array $decisions userid => code => decisions
     * @param array $outbox userid => code => latest outbox row
     * @return array userid => code => cell
     */
    private static function combine(array $userids, array $decisions, array $outbox): array {
        $cells = [];
        foreach ($userids as $userid) {
            $cells[$userid] = [];
            $codes = array_unique(array_merge(array_keys($decisions[$userid] ?? []), array_keys($outbox[$userid] ?? [])));
            foreach ($codes as $code) {
                $cells[$userid][$code] = self::cell($outbox[$userid][$code] ?? null, $decisions[$userid][$code] ?? []);
            }
        }
        return $cells;
    }

    /**
     * One cell: the outbox row says what happened; the dry run says what would happen now.
     *
     * An accepted decision for an occurrence later than the outbox row (the next repeat) wins: it is
     * what the next run does. Without an outbox row, the first trap explains why nothing goes out.
     *
     * @param \stdClass|null $row the latest outbox row of the pair
     * @param array[] $decisions the dry run's decisions for the pair
     * @return array
     */
    private static function cell(?\stdClass $row, array $decisions): array {
        $accepted = null;
        $trapped = null;
        foreach ($decisions as $d) {
            if ($d['outcome'] === 'accepted') {
                $accepted = $accepted ?? $d;
            } else if (
                !in_array($d['rule'], self::OUTBOX_RULES, true)
                && ($trapped === null || $d['timedue'] > $trapped['timedue'])
            ) {
                $trapped = $d;
            }
        }
        if ($accepted !== null && ($row === null || $accepted['timedue'] > (int) $row->timedue)) {
            return ['state' => 'due', 'time' => (int) $accepted['timedue'], 'rule' => '', 'reason' => (string) $accepted['reason'],
                'error' => '', 'outboxid' => 0];
        }
        if ($row !== null) {
            $state = ['sent' => 'sent', 'marked' => 'sent', 'pending' => 'pending', 'sending' => 'pending',
                'failed' => 'failed'][$row->status] ?? 'pending';
            return ['state' => $state, 'time' => $state === 'sent' ? (int) $row->timesent : (int) $row->timedue, 'rule' => '',
                'reason' => '', 'error' => (string) ($row->lasterror ?? ''), 'outboxid' => (int) $row->id,
                'status' => $row->status];
        }
        if ($trapped !== null) {
            return ['state' => 'trapped', 'time' => (int) $trapped['timedue'], 'rule' => (string) $trapped['rule'],
                'reason' => (string) $trapped['reason'], 'error' => '', 'outboxid' => 0];
        }
        return ['state' => 'none', 'time' => 0, 'rule' => '', 'reason' => '', 'error' => '', 'outboxid' => 0];
    }

    /**
     * The dry run's decisions for some learners of the course.
     *
     * @param int[] $userids learners
     * @return array userid => code => decision[]
     */
    private function decisions(array $userids): array {
        $report = engine::run(['now' => $this->now, 'mode' => 'dryrun', 'courses' => [$this->courseid],
            'users' => array_values($userids), 'detail' => 'all']);
        $by = [];
        foreach ($report['decisions'] as $d) {
            $by[(int) $d['userid']][$d['notification']][] = $d;
        }
        return $by;
    }

    /**
     * The latest outbox row of each (learner, notification) pair: the learner's own e-mail first (a
     * copy to a teacher or a Moodle notification only when there is no e-mail row).
     *
     * @param int[] $userids learners
     * @return array userid => code => row
     */
    private function outbox(array $userids): array {
        global $DB;
        [$insql, $params] = $DB->get_in_or_equal($userids, SQL_PARAMS_NAMED);
        $params['courseid'] = $this->courseid;
        $rows = $DB->get_records_select(
            'block_cnotif_outbox',
            "courseid = :courseid AND userid $insql",
            $params,
            'id',
            'id, notification, userid, recipientid, output, repeatno, timedue, status, attempts, lasterror, timesent'
        );
        $by = [];
        foreach ($rows as $row) {
            $own = (int) ($row->recipientid == $row->userid && $row->output === 'email');
            $rank = [$own, (int) $row->repeatno, (int) $row->timedue];
            $current = $by[$row->userid][$row->notification] ?? null;
            if ($current === null || $rank > $current[0]) {
                $by[$row->userid][$row->notification] = [$rank, $row];
            }
        }
        foreach ($by as $userid => $codes) {
            foreach ($codes as $code => $pair) {
                $by[$userid][$code] = $pair[1];
            }
        }
        return $by;
    }

    /**
     * The learners with at least one cell in a state (for one notification, or any): the engine runs
     * over the whole course, in chunks of learners.
     *
     * @param string $state due, trapped or none
     * @param string $notification a code, or '' for any
     * @return int[]
     */
    private function users_in_state(string $state, string $notification): array {
        global $DB;
        $enrolled = get_enrolled_join($this->context, 'u.id', false);
        $all = $DB->get_fieldset_sql("SELECT DISTINCT u.id FROM {user} u {$enrolled->joins}
                                       WHERE {$enrolled->wheres} AND u.deleted = 0", $enrolled->params);
        $codes = $notification !== '' ? [$notification] : array_keys($this->notifications());
        $matching = [];
        foreach (array_chunk($all, self::CHUNK) as $chunk) {
            foreach ($this->cells($chunk) as $userid => $cells) {
                foreach ($codes as $code) {
                    if (($cells[$code]['state'] ?? 'none') === $state) {
                        $matching[] = (int) $userid;
                        break;
                    }
                }
            }
        }
        return $matching;
    }

    /**
     * Everything about one learner: the identity fields the viewer may see, the dry run's decisions and
     * trace lines, and the outbox rows.
     *
     * @param int $userid the learner
     * @return array ['identity' => field => value, 'decisions' => array[], 'trace' => string[] (without the learner's
     *     e-mail address unless the viewer may see it), 'outbox' => \stdClass[], 'problem' => ?string (why the
     *     decisions are missing: engine::page_notice())]
     */
    public function why(int $userid): array {
        global $DB;
        $identity = $this->identity_values($userid);
        $problem = null;
        try {
            $report = engine::run(['now' => $this->now, 'mode' => 'dryrun', 'courses' => [$this->courseid],
                'users' => [$userid], 'detail' => 'all']);
        } catch (\moodle_exception $e) {
            // The identity and the outbox still show; the decisions are said to be missing.
            $problem = engine::page_notice($e);
            $report = ['decisions' => [], 'trace' => []];
        }
        $outbox = $DB->get_records(
            'block_cnotif_outbox',
            ['courseid' => $this->courseid, 'userid' => $userid],
            'timedue, id',
            'id, notification, repeatno, output, recipient, status, attempts, timedue, timesent, timenext, lasterror, subject'
        );
        $trace = array_key_exists('email', $identity) ? $report['trace'] : self::without_email($report['trace'], $userid);
        return ['identity' => $identity, 'decisions' => $report['decisions'], 'trace' => $trace, 'outbox' => $outbox,
            'problem' => $problem];
    }

    /**
     * Trace lines with the address the engine writes after the notification (`2 firstassign -x@y ...`)
     * replaced by the user id, for a viewer who may not see the learner's e-mail address.
     *
     * @param string[] $lines the engine's trace lines for one learner
     * @param int $userid the learner
     * @return string[]
     */
    private static function without_email(array $lines, int $userid): array {
        return array_map(fn(string $line) => preg_replace('/^(\S+ \S+ -)\S*/', '${1}user' . $userid, $line), $lines);
    }

    /**
     * One user's identity fields that the viewer may see.
     *
     * @param int $userid the user
     * @return string[] field => value (empty when not set)
     */
    public function identity_values(int $userid): array {
        global $DB;
        $identity = $this->identity_sql();
        if (!$identity->mappings) {
            return [];
        }
        $user = $DB->get_record_sql(
            "SELECT u.id {$identity->selects} FROM {user} u {$identity->joins} WHERE u.id = :shownuserid",
            $identity->params + ['shownuserid' => $userid]
        );
        return $user ? self::identity_of($user, array_keys($identity->mappings)) : [];
    }

    /**
     * The identity fields of a user row as learners() returns it.
     *
     * @param \stdClass $user the row
     * @param string[] $fields the fields
     * @return string[] field => value (empty when not set)
     */
    public static function identity_of(\stdClass $user, array $fields): array {
        $values = [];
        foreach ($fields as $field) {
            $values[$field] = (string) ($user->$field ?? '');
        }
        return $values;
    }

    /**
     * Every matching learner's cells, for the export, computed a chunk of learners at a time.
     *
     * @param string $search name or identity search
     * @param string $state state filter
     * @param string $notification notification filter
     * @return \Generator of [\stdClass user, array cells]
     */
    public function all_rows(string $search, string $state, string $notification): \Generator {
        $from = 0;
        do {
            $users = $this->learners($search, $state, $notification, $from, self::CHUNK);
            $cells = $this->cells(array_keys($users));
            foreach ($users as $user) {
                yield [$user, $cells[$user->id] ?? []];
            }
            $from += self::CHUNK;
        } while (count($users) === self::CHUNK);
    }
}
