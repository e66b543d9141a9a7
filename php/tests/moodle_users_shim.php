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
 * Moodle 5.0's user field and enrolment SQL as the report uses them, outside Moodle: \core_user\fields
 * (user/classes/fields.php: identity fields by $CFG->showuseridentity, moodle/site:viewuseridentity,
 * hiddenuserfields and custom profile fields' visibility; get_sql() with the profile fields' joins),
 * get_enrolled_join() (lib/enrollib.php, all enrolments) and \core\dml\sql_join. Ported from Moodle's
 * code with its logic kept; the caches and the profile field classes are read from the tables directly.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace {
    // A developer file, under the web root in a full clone: does nothing unless run from the command line.
    PHP_SAPI === 'cli' || exit();
}

namespace core\dml {

    defined('MOODLE_INTERNAL') || die();

    if (!class_exists(sql_join::class)) {
        /**
         * SQL join fragments (lib/classes/dml/sql_join.php).
         *
         * @package    block_course_notification
         * @copyright  2026 block_course_notification contributors
         * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
         */
        class sql_join {
            /** @var string joins */
            public $joins;
            /** @var string wheres */
            public $wheres;
            /** @var array params */
            public $params;
            /** @var bool never matches */
            public $cannotmatchanyrows;

            /**
             * The fragments.
             *
             * @param string $joins joins
             * @param string $wheres wheres
             * @param array $params params
             * @param bool $cannotmatchanyrows never matches
             */
            public function __construct($joins = '', $wheres = '', $params = [], $cannotmatchanyrows = false) {
                $this->joins = $joins;
                $this->wheres = $wheres;
                $this->params = $params;
                $this->cannotmatchanyrows = $cannotmatchanyrows;
            }
        }
    }
}

namespace core_user {

    defined('MOODLE_INTERNAL') || die();

    if (!class_exists(fields::class)) {
        /**
         * Moodle 5.0's \core_user\fields, the purposes the plugin uses (name, identity, includes).
         *
         * @package    block_course_notification
         * @copyright  2026 block_course_notification contributors
         * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
         */
        class fields {
            /** Prefix of custom profile fields. */
            const PROFILE_FIELD_PREFIX = 'profile_field_';
            /** Regex of custom profile fields. */
            const PROFILE_FIELD_REGEX = '~^' . self::PROFILE_FIELD_PREFIX . '(.*)$~';
            /** Purpose: identity. */
            const PURPOSE_IDENTITY = 0;
            /** Purpose: user picture. */
            const PURPOSE_USERPIC = 1;
            /** Purpose: name. */
            const PURPOSE_NAME = 2;
            /** Purpose: included by hand. */
            const CUSTOM_INCLUDE = 3;

            /** @var array purpose => bool */
            protected $purposes = [self::PURPOSE_IDENTITY => false, self::PURPOSE_USERPIC => false,
                self::PURPOSE_NAME => false];
            /** @var string[] included */
            protected $include = [];
            /** @var string[] excluded */
            protected $exclude = [];
            /** @var \context|null context of the identity checks */
            protected $context = null;
            /** @var bool custom profile fields allowed */
            protected $allowcustom = true;
            /** @var array|null field => purposes, once computed */
            protected $fields = null;
            /** @var int makes aliases unique per get_sql() call */
            protected static $uniqueidentifier = 1;

            /**
             * Fields for some purposes.
             *
             * @param int ...$purposes the purposes
             */
            protected function __construct(int ...$purposes) {
                foreach ($purposes as $purpose) {
                    $this->purposes[$purpose] = true;
                }
            }

            /**
             * No field yet.
             *
             * @return fields
             */
            public static function empty(): fields {
                return new fields();
            }

            /**
             * Identity fields the current user may see in $context.
             *
             * @param \context|null $context the context (null: no checks)
             * @param bool $allowcustom custom profile fields allowed
             * @return fields
             */
            public static function for_identity(?\context $context, bool $allowcustom = true): fields {
                $fields = new fields(self::PURPOSE_IDENTITY);
                $fields->context = $context;
                $fields->allowcustom = $allowcustom;
                return $fields;
            }

            /**
             * Name fields.
             *
             * @return fields
             */
            public static function for_name(): fields {
                return new fields(self::PURPOSE_NAME);
            }

            /**
             * Adds the name fields.
             *
             * @return fields
             */
            public function with_name(): fields {
                $this->purposes[self::PURPOSE_NAME] = true;
                return $this;
            }

            /**
             * Adds the identity fields.
             *
             * @param \context|null $context the context (null: no checks)
             * @param bool $allowcustom custom profile fields allowed
             * @return fields
             */
            public function with_identity(?\context $context, bool $allowcustom = true): fields {
                $this->context = $context;
                $this->allowcustom = $allowcustom;
                $this->purposes[self::PURPOSE_IDENTITY] = true;
                return $this;
            }

            /**
             * Adds fields.
             *
             * @param string ...$include fields
             * @return fields
             */
            public function including(string ...$include): fields {
                $this->include = array_merge($this->include, $include);
                return $this;
            }

            /**
             * Leaves fields out.
             *
             * @param string ...$exclude fields
             * @return fields
             */
            public function excluding(...$exclude): fields {
                $this->exclude = array_merge($this->exclude, $exclude);
                return $this;
            }

            /**
             * The fields, id first when present.
             *
             * @param array $limitpurposes only these purposes
             * @return string[]
             */
            public function get_required_fields(array $limitpurposes = []): array {
                if ($this->fields === null) {
                    $this->fields = [];
                    if ($this->purposes[self::PURPOSE_IDENTITY]) {
                        foreach (self::get_identity_fields($this->context, $this->allowcustom) as $field) {
                            $this->fields[$field] = [self::PURPOSE_IDENTITY => true];
                        }
                    }
                    if ($this->purposes[self::PURPOSE_NAME]) {
                        foreach (self::get_name_fields() as $field) {
                            $this->fields[$field][self::PURPOSE_NAME] = true;
                        }
                    }
                    foreach ($this->include as $field) {
                        if ($this->allowcustom || !preg_match(self::PROFILE_FIELD_REGEX, $field)) {
                            $this->fields[$field][self::CUSTOM_INCLUDE] = true;
                        }
                    }
                    foreach ($this->exclude as $field) {
                        unset($this->fields[$field]);
                    }
                    if (array_key_exists('id', $this->fields)) {
                        $this->fields = ['id' => $this->fields['id']] + $this->fields;
                    }
                }
                if (!$limitpurposes) {
                    return array_keys($this->fields);
                }
                $result = [];
                foreach ($this->fields as $key => $purposes) {
                    if (array_intersect($limitpurposes, array_keys($purposes))) {
                        $result[] = $key;
                    }
                }
                return $result;
            }

            /**
             * Name fields, in fullname()'s order.
             *
             * @param bool $differentorder first and last name first
             * @return string[]
             */
            public static function get_name_fields(bool $differentorder = false): array {
                $fields = ['firstnamephonetic', 'lastnamephonetic', 'middlename', 'alternatename', 'firstname', 'lastname'];
                return $differentorder ? array_merge(array_slice($fields, -2), array_slice($fields, 0, -2)) : $fields;
            }

            /**
             * The identity fields the current user may see in $context, as Moodle 5.0 decides them.
             *
             * @param \context|null $context the context (null: all, no checks)
             * @param bool $allowcustom custom profile fields allowed
             * @return string[]
             */
            public static function get_identity_fields(?\context $context, bool $allowcustom = true): array {
                global $CFG;
                if ($context && !has_capability('moodle/site:viewuseridentity', $context)) {
                    return [];
                }
                $extra = array_filter(explode(',', $CFG->showuseridentity ?? ''));
                foreach ($extra as $key => $field) {
                    if (preg_match(self::PROFILE_FIELD_REGEX, $field, $matches)) {
                        $allowed = false;
                        if ($allowcustom) {
                            $profilefield = self::profile_field($matches[1]);
                            if ($profilefield !== null) {
                                $allowed = self::profile_field_visible($profilefield, $context);
                            }
                        }
                        if (!$allowed) {
                            unset($extra[$key]);
                        }
                    }
                }
                $hiddenfields = array_filter(explode(',', $CFG->hiddenuserfields ?? ''));
                $hiddenidentifiers = array_intersect($extra, $hiddenfields);
                if ($hiddenidentifiers) {
                    if (!$context) {
                        $canviewhiddenuserfields = true;
                    } else if ($context->get_course_context(false)) {
                        $canviewhiddenuserfields = has_capability('moodle/course:viewhiddenuserfields', $context);
                    } else {
                        $canviewhiddenuserfields = has_capability('moodle/user:viewhiddendetails', $context);
                    }
                    if (!$canviewhiddenuserfields) {
                        $extra = array_diff($extra, $hiddenidentifiers);
                    }
                }
                return array_map([\core_text::class, 'strtolower'], array_values($extra));
            }

            /**
             * A custom profile field by short name, case-insensitively (profile_get_custom_field_data_by_shortname()).
             *
             * @param string $shortname the short name
             * @return \stdClass|null
             */
            private static function profile_field(string $shortname): ?\stdClass {
                global $DB;
                foreach ($DB->get_records('user_info_field', null, 'sortorder ASC') as $field) {
                    if (strcasecmp($field->shortname, $shortname) === 0) {
                        return $field;
                    }
                }
                return null;
            }

            /**
             * Whether a custom profile field is visible in $context (profile_field_base::is_visible() for
             * userid 0, as get_identity_fields() asks it).
             *
             * @param \stdClass $field the field
             * @param \context|null $context the context
             * @return bool
             */
            private static function profile_field_visible(\stdClass $field, ?\context $context): bool {
                switch ((int) $field->visible) {
                    case 3: // PROFILE_VISIBLE_TEACHERS.
                        if (!empty($field->signup)) {
                            return true;
                        }
                        return has_capability('moodle/site:viewuseridentity', $context);
                    case 2: // PROFILE_VISIBLE_ALL.
                        return true;
                    case 1: // PROFILE_VISIBLE_PRIVATE.
                        if (!empty($field->signup)) {
                            return true;
                        }
                        return has_capability('moodle/user:viewalldetails', $context);
                    default: // PROFILE_VISIBLE_NONE.
                        return has_capability('moodle/user:viewalldetails', $context);
                }
            }

            /**
             * The SQL that reads the fields: selects (leading comma unless asked), joins, params, mappings.
             *
             * @param string $alias the user table's alias
             * @param bool $namedparams :named parameters instead of ?
             * @param string $prefix prefix of the fields' names
             * @param string $renameid name of the id field
             * @param bool $leadingcomma start the selects with a comma
             * @return \stdClass
             */
            public function get_sql(string $alias = '', bool $namedparams = false, string $prefix = '',
                    string $renameid = '', bool $leadingcomma = true): \stdClass {
                global $DB;
                $fields = $this->get_required_fields();
                $selects = '';
                $joins = '';
                $params = [];
                $mappings = [];
                $unique = self::$uniqueidentifier++;
                $fieldcount = 0;
                if ($alias) {
                    $usertable = $alias . '.';
                } else {
                    $usertable = preg_grep(self::PROFILE_FIELD_REGEX, $fields) ? '{user}.' : '';
                }
                foreach ($fields as $field) {
                    if (preg_match(self::PROFILE_FIELD_REGEX, $field, $matches)) {
                        $fieldcount++;
                        $fieldalias = 'uf' . $unique . 'f_' . $fieldcount;
                        $dataalias = 'uf' . $unique . 'd_' . $fieldcount;
                        if ($namedparams) {
                            $withoutcolon = 'uf' . $unique . 's' . $fieldcount;
                            $placeholder = ':' . $withoutcolon;
                            $params[$withoutcolon] = $matches[1];
                        } else {
                            $placeholder = '?';
                            $params[] = $matches[1];
                        }
                        $joins .= " JOIN {user_info_field} $fieldalias ON " .
                            $DB->sql_equal($fieldalias . '.shortname', $placeholder, false) . "
                               LEFT JOIN {user_info_data} $dataalias ON $dataalias.fieldid = $fieldalias.id
                                         AND $dataalias.userid = {$usertable}id";
                        $fieldsql = $DB->sql_compare_text($dataalias . '.data', 255);
                        $selects .= ", $fieldsql AS $prefix$field";
                        $mappings[$field] = $fieldsql;
                    } else {
                        $selects .= ", $usertable$field";
                        if ($field === 'id' && $renameid && $renameid !== 'id') {
                            $selects .= " AS $renameid";
                        } else if ($prefix) {
                            $selects .= " AS $prefix$field";
                        }
                        $mappings[$field] = "$usertable$field";
                    }
                }
                if ($joins) {
                    $joins .= ' ';
                }
                if (!$leadingcomma) {
                    $selects = ltrim($selects, ' ,');
                }
                return (object) ['selects' => $selects, 'joins' => $joins, 'params' => $params, 'mappings' => $mappings];
            }

            /**
             * The name of a field for display: its core string, or a custom profile field's name.
             *
             * @param string $field the field
             * @return string
             */
            public static function get_display_name(string $field): string {
                if (preg_match(self::PROFILE_FIELD_REGEX, $field, $matches)) {
                    $info = self::profile_field($matches[1]);
                    return $info ? (string) $info->name : $field;
                }
                return get_string($field);
            }

            /**
             * Starts the aliases afresh (for tests).
             */
            public static function reset_unique_identifier() {
                self::$uniqueidentifier = 1;
            }

            /**
             * The short name of a custom profile field name, or ''.
             *
             * @param string $fieldname the field
             * @return string
             */
            public static function match_custom_field(string $fieldname): string {
                return preg_match(self::PROFILE_FIELD_REGEX, $fieldname, $matches) ? $matches[1] : '';
            }
        }
    }
}

namespace {

    defined('MOODLE_INTERNAL') || die();

    if (!function_exists('get_enrolled_join')) {
        /**
         * Moodle 5.0's get_enrolled_join() for a course context: every enrolment, or only active ones.
         *
         * @param context $context the course context
         * @param string $useridcolumn the user id column of the query
         * @param bool $onlyactive only active enrolments
         * @param bool $onlysuspended unsupported here
         * @param int $enrolid one enrolment instance
         * @return \core\dml\sql_join
         */
        function get_enrolled_join(context $context, $useridcolumn, $onlyactive = false, $onlysuspended = false, $enrolid = 0) {
            static $i = 0;
            $i++;
            $prefix = 'ej' . $i . '_';
            $coursecontext = $context->get_course_context();
            $wheres = ['1 = 1'];
            $conditions = ["{$prefix}e.id = {$prefix}ue.enrolid", "{$prefix}e.courseid = :{$prefix}courseid"];
            $params = [$prefix . 'courseid' => $coursecontext->instanceid];
            if ($enrolid) {
                $conditions[] = "{$prefix}e.id = :{$prefix}enrolid";
                $params[$prefix . 'enrolid'] = $enrolid;
            }
            $joins = ["JOIN {user_enrolments} {$prefix}ue ON {$prefix}ue.userid = $useridcolumn",
                "JOIN {enrol} {$prefix}e ON (" . implode(' AND ', $conditions) . ')'];
            if ($onlyactive) {
                $now = round(time(), -2);
                $wheres[] = "{$prefix}ue.status = :{$prefix}active AND {$prefix}e.status = :{$prefix}enabled AND " .
                    "{$prefix}ue.timestart < :{$prefix}now1 AND ({$prefix}ue.timeend = 0 OR {$prefix}ue.timeend > :{$prefix}now2)";
                $params += [$prefix . 'enabled' => 0, $prefix . 'active' => 0, $prefix . 'now1' => $now, $prefix . 'now2' => $now];
            }
            return new \core\dml\sql_join(implode("\n", $joins), implode(' AND ', $wheres), $params);
        }
    }
}
