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
 * The notifications in effect at a context, each value with where it comes from.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\output;

use block_course_notification\local\catalogue;

/**
 * The effective set the engine computed for the site, a category or a course (engine::notifications_in()),
 * one row per notification: switch, trigger and offset, repeat, late limit, recipients, conditions,
 * priority, essential and texts, each with its origin (built-in, site, category, this course). The
 * values set in the context shown are highlighted, so that what this level changes stands out from
 * what it inherits.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class effective_table implements \renderable, \templatable {
    /** Columns shown, each with the engine's field its origin is read from (sources). */
    private const COLUMNS = [
        'enabled' => 'enabled',
        'when' => 'offset_days',
        'repeat' => 'repeat',
        'latelimit' => 'late_limit_days',
        'recipients' => 'recipients',
        'conditions' => 'conditions',
        'priority' => 'priority',
        'essential' => 'essential',
    ];

    /** @var array context id => ['level' => int, 'name' => string] of the origins named */
    private array $contexts = [];

    /** @var array role id => name */
    private array $roles = [];

    /**
     * The table of one context's effective set.
     *
     * @param \context $context the context shown (its own values are highlighted)
     * @param array $effective what engine::notifications_in() returned for it
     * @param array $actions code => list of ['url' => string, 'label' => string] links per notification
     */
    public function __construct(
        /** @var \context the context shown */
        private readonly \context $context,
        /** @var array the engine's effective set */
        private readonly array $effective,
        /** @var array code => links */
        private readonly array $actions = [],
    ) {
    }

    /**
     * One row per notification, as the template shows them.
     *
     * @return array list of ['code', 'name', 'enabled' (bool), 'here' (bool: a value is set in this context),
     *     'cells' => list of ['column', 'value', 'origin', 'here'], 'actions' => list of ['url', 'label']]
     */
    public function rows(): array {
        $this->load_names();
        $rows = [];
        foreach ($this->effective['notifications'] ?? [] as $n) {
            $cells = [];
            foreach (self::COLUMNS as $column => $field) {
                $source = $n['sources'][$field] ?? 'builtin';
                $cells[] = [
                    'column' => $column,
                    'value' => $this->value($column, $n),
                    'origin' => $this->origin($source),
                    'here' => $this->is_here($source),
                ];
            }
            // The trigger can be set apart from the offset: "when" is set here if either is.
            if ($this->is_here($n['sources']['trigger'] ?? 'builtin')) {
                $cells[1]['here'] = true;
                $cells[1]['origin'] = $this->origin($n['sources']['trigger']);
            }
            $cells[] = $this->texts_cell($n);
            $rows[] = [
                'code' => (string) $n['code'],
                'name' => catalogue::name((string) $n['code']),
                'enabled' => !empty($n['enabled']),
                'here' => (bool) array_filter($cells, fn($c) => $c['here']),
                'cells' => $cells,
                'actions' => array_values($this->actions[$n['code']] ?? []),
            ];
        }
        return $rows;
    }

    /**
     * The template's context.
     *
     * @param \renderer_base $output the renderer
     * @return array
     */
    public function export_for_template(\renderer_base $output): array {
        $errors = array_map(fn($e) => ['error' => (string) $e], $this->effective['errors'] ?? []);
        return [
            'rows' => $this->rows(),
            'errors' => $errors,
            'haserrors' => (bool) $errors,
            'hasactions' => (bool) $this->actions,
        ];
    }

    /**
     * A column's value in words.
     *
     * @param string $column a key of COLUMNS
     * @param array $n the notification
     * @return string plain text
     */
    private function value(string $column, array $n): string {
        $component = 'block_course_notification';
        switch ($column) {
            case 'enabled':
                return get_string(!empty($n['enabled']) ? 'config:on' : 'config:off', $component);
            case 'when':
                $trigger = get_string('trigger:' . $n['trigger'], $component);
                // Mid-sentence: "7 days after start of the learner's access".
                $trigger = mb_strtolower(mb_substr($trigger, 0, 1)) . mb_substr($trigger, 1);
                $days = (int) $n['offset_days'];
                if ($days === 0) {
                    return get_string('effective:whenon', $component, $trigger);
                }
                if (abs($days) === 1) {
                    // "1 day before", not "1 days before".
                    return get_string($days > 0 ? 'effective:whenafterday' : 'effective:whenbeforeday', $component, $trigger);
                }
                $key = $days > 0 ? 'effective:whenafter' : 'effective:whenbefore';
                return get_string($key, $component, (object) ['days' => abs($days), 'trigger' => $trigger]);
            case 'repeat':
                $every = (int) $n['repeat_every'];
                $max = (int) $n['repeat_max'];
                if ($every <= 0) {
                    return get_string('effective:repeatnone', $component);
                }
                if ($every === 1) {
                    return $max <= 0 ? get_string('effective:repeatdaily', $component)
                        : get_string('effective:repeatdailymax', $component, $max);
                }
                if ($max <= 0) {
                    return get_string('effective:repeatevery', $component, $every);
                }
                return get_string('effective:repeateverymax', $component, (object) ['every' => $every, 'max' => $max]);
            case 'latelimit':
                $limit = (int) $n['late_limit_days'];
                return $limit === 1 ? get_string('effective:day', $component) : get_string('effective:days', $component, $limit);
            case 'recipients':
                $names = [];
                foreach (array_filter(array_map('trim', explode(',', (string) $n['recipients']))) as $recipient) {
                    if ($recipient === 'learner') {
                        $names[] = get_string('effective:learner', $component);
                    } else if (preg_match('/^role:(\d+)$/', $recipient, $m)) {
                        $names[] = $this->roles[(int) $m[1]] ?? get_string('effective:role', $component, (int) $m[1]);
                    } else {
                        $names[] = $recipient;
                    }
                }
                return implode(', ', $names);
            case 'conditions':
                $conditions = [];
                foreach (['only_never_accessed' => 'neveraccessed', 'only_not_completed' => 'notcompleted',
                        'only_during_access' => 'duringaccess'] as $field => $word) {
                    if (!empty($n[$field])) {
                        $conditions[] = get_string('effective:' . $word, $component);
                    }
                }
                return $conditions ? implode(', ', $conditions) : get_string('effective:noconditions', $component);
            case 'priority':
                return (string) (int) $n['priority'];
            default:
                return get_string(!empty($n['essential']) ? 'yes' : 'no');
        }
    }

    /**
     * The texts cell: each language with a text of its own (its subject and origin), then the languages
     * of the built-in texts used elsewhere.
     *
     * @param array $n the notification
     * @return array a cell, with 'texts' => list of ['lang', 'subject', 'origin', 'here']
     */
    private function texts_cell(array $n): array {
        $component = 'block_course_notification';
        $texts = [];
        $here = false;
        foreach ($n['texts'] ?? [] as $lang => $text) {
            $source = $n['sources']['texts:' . $lang] ?? 'builtin';
            $here = $here || $this->is_here($source);
            $texts[] = ['lang' => (string) $lang, 'subject' => (string) $text['subject'],
                'origin' => $this->origin($source), 'here' => $this->is_here($source)];
        }
        $builtin = array_diff(array_keys($n['default_texts'] ?? []), array_keys($n['texts'] ?? []));
        return [
            'column' => 'texts',
            'value' => $builtin ? get_string('effective:textsbuiltin', $component, implode(', ', $builtin)) : '',
            'origin' => '',
            'here' => $here,
            'texts' => $texts,
        ];
    }

    /**
     * Whether a value was set in the context shown.
     *
     * @param string $source the engine's source ('builtin' or 'context:<id>')
     * @return bool
     */
    private function is_here(string $source): bool {
        return $source === 'context:' . $this->context->id;
    }

    /**
     * Where a value comes from, in a word or two: built-in, site, category <name>, this course.
     *
     * @param string $source the engine's source
     * @return string plain text
     */
    private function origin(string $source): string {
        $component = 'block_course_notification';
        $id = strpos($source, 'context:') === 0 ? (int) substr($source, strlen('context:')) : 0;
        $context = $this->contexts[$id] ?? null;
        if ($context === null) {
            return get_string('effective:builtin', $component);
        }
        switch ($context['level']) {
            case CONTEXT_SYSTEM:
                return get_string('effective:site', $component);
            case CONTEXT_COURSECAT:
                return get_string('effective:category', $component, $context['name']);
            default:
                return $id === (int) $this->context->id ? get_string('effective:thiscourse', $component)
                    : get_string('effective:course', $component, $context['name']);
        }
    }

    /**
     * The names of the contexts the values come from and of the roles named, in two queries.
     */
    private function load_names(): void {
        global $DB;
        $ids = [];
        $roleids = [];
        foreach ($this->effective['notifications'] ?? [] as $n) {
            foreach ($n['sources'] ?? [] as $source) {
                if (strpos($source, 'context:') === 0) {
                    $ids[(int) substr($source, strlen('context:'))] = true;
                }
            }
            if (preg_match_all('/role:(\d+)/', (string) ($n['recipients'] ?? ''), $m)) {
                foreach ($m[1] as $roleid) {
                    $roleids[(int) $roleid] = true;
                }
            }
        }
        if ($ids) {
            [$insql, $params] = $DB->get_in_or_equal(array_keys($ids), SQL_PARAMS_NAMED);
            $params += ['catlevel' => CONTEXT_COURSECAT, 'courselevel' => CONTEXT_COURSE];
            $rows = $DB->get_records_sql(
                "SELECT ctx.id, ctx.contextlevel, cat.name AS categoryname, c.fullname AS coursename
                   FROM {context} ctx
              LEFT JOIN {course_categories} cat ON ctx.contextlevel = :catlevel AND cat.id = ctx.instanceid
              LEFT JOIN {course} c ON ctx.contextlevel = :courselevel AND c.id = ctx.instanceid
                  WHERE ctx.id $insql",
                $params
            );
            foreach ($rows as $row) {
                $name = (string) ($row->categoryname ?? $row->coursename ?? '');
                $this->contexts[(int) $row->id] = ['level' => (int) $row->contextlevel, 'name' => format_string(
                    $name,
                    true,
                    ['context' => $this->context, 'escape' => false]
                )];
            }
        }
        if ($roleids) {
            [$insql, $params] = $DB->get_in_or_equal(array_keys($roleids));
            foreach ($DB->get_records_select('role', "id $insql", $params) as $role) {
                $this->roles[(int) $role->id] = role_get_name($role, $this->context);
            }
        }
    }
}
