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
 * The part of Moodle 5.0's privacy API (privacy/classes/local/...) that classes/privacy/provider.php
 * uses, with the semantics the provider depends on: contextlist and userlist collect ids from SQL (run on
 * the DML shim), the writer records what is exported per context and subcontext (the last export to the
 * same place wins, as Moodle's content writer overwrites data.json). Inside Moodle this file is never
 * loaded.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace {
    // A developer file, under the web root in a full clone: does nothing unless run from the command line.
    PHP_SAPI === 'cli' || exit();

    require_once(__DIR__ . '/moodle_learner_shim.php');
}

namespace core_privacy\local\metadata {
    if (!interface_exists(provider::class)) {
        /**
         * Marker: the plugin describes what it stores.
         *
         * @package    block_course_notification
         * @copyright  2026 block_course_notification contributors
         * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
         */
        interface provider {
        }

        /**
         * What a plugin declares: each item as [kind, name, fields, summary].
         *
         * @package    block_course_notification
         * @copyright  2026 block_course_notification contributors
         * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
         */
        class collection {
            /** @var array the items */
            public $items = [];

            /**
             * A table.
             *
             * @param string $name the table
             * @param array $fields field => lang key
             * @param string $summary lang key
             * @return collection
             */
            public function add_database_table($name, array $fields, $summary = '') {
                $this->items[] = ['table', $name, $fields, $summary];
                return $this;
            }

            /**
             * A place outside Moodle.
             *
             * @param string $name the place
             * @param array $fields field => lang key
             * @param string $summary lang key
             * @return collection
             */
            public function add_external_location_link($name, array $fields, $summary = '') {
                $this->items[] = ['external', $name, $fields, $summary];
                return $this;
            }

            /**
             * A subsystem.
             *
             * @param string $name the subsystem
             * @param array $privacyfields unused
             * @param string $summary lang key
             * @return collection
             */
            public function add_subsystem_link($name, array $privacyfields = [], $summary = '') {
                $this->items[] = ['subsystem', $name, $privacyfields, $summary];
                return $this;
            }
        }
    }
}

namespace core_privacy\local\request {
    if (!interface_exists(core_userlist_provider::class)) {
        /**
         * Marker: the plugin lists the users of a context.
         *
         * @package    block_course_notification
         * @copyright  2026 block_course_notification contributors
         * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
         */
        interface core_userlist_provider {
        }

        /**
         * Context ids collected from SQL.
         *
         * @package    block_course_notification
         * @copyright  2026 block_course_notification contributors
         * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
         */
        class contextlist {
            /** @var int[] the ids */
            protected $ids = [];

            /**
             * Adds the ids a query returns (first column).
             *
             * @param string $sql the query
             * @param array $params its parameters
             * @return contextlist
             */
            public function add_from_sql($sql, $params) {
                global $DB;
                $this->ids = array_values(array_unique(array_merge($this->ids,
                    array_map('intval', $DB->get_fieldset_sql($sql, $params)))));
                return $this;
            }

            /**
             * The ids.
             *
             * @return int[]
             */
            public function get_contextids() {
                return $this->ids;
            }
        }

        /**
         * The contexts a user approved, with the user.
         *
         * @package    block_course_notification
         * @copyright  2026 block_course_notification contributors
         * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
         */
        class approved_contextlist {
            /** @var \stdClass the user */
            private $user;
            /** @var int[] the context ids */
            private $ids;

            /**
             * The list.
             *
             * @param \stdClass $user the user
             * @param string $component unused
             * @param int[] $contextids the contexts
             */
            public function __construct($user, $component, array $contextids) {
                $this->user = $user;
                $this->ids = $contextids;
            }

            /**
             * The user.
             *
             * @return \stdClass
             */
            public function get_user() {
                return $this->user;
            }

            /**
             * The ids.
             *
             * @return int[]
             */
            public function get_contextids() {
                return $this->ids;
            }

            /**
             * The contexts.
             *
             * @return \context[]
             */
            public function get_contexts() {
                return array_map(fn($id) => \context_user::any_by_id((int) $id), $this->ids);
            }
        }

        /**
         * User ids of one context, collected from SQL.
         *
         * @package    block_course_notification
         * @copyright  2026 block_course_notification contributors
         * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
         */
        class userlist {
            /** @var \context the context */
            protected $context;
            /** @var int[] the ids */
            protected $ids = [];

            /**
             * The list of a context.
             *
             * @param \context $context the context
             * @param string $component unused
             */
            public function __construct(\context $context, $component) {
                $this->context = $context;
            }

            /**
             * The context.
             *
             * @return \context
             */
            public function get_context() {
                return $this->context;
            }

            /**
             * Adds the users a query returns.
             *
             * @param string $fieldname the column
             * @param string $sql the query
             * @param array $params its parameters
             * @return userlist
             */
            public function add_from_sql($fieldname, $sql, $params) {
                global $DB;
                foreach ($DB->get_records_sql($sql, $params) as $row) {
                    $this->ids[] = (int) $row->$fieldname;
                }
                $this->ids = array_values(array_unique($this->ids));
                return $this;
            }

            /**
             * The ids.
             *
             * @return int[]
             */
            public function get_userids() {
                return $this->ids;
            }
        }

        /**
         * The users of a context approved for deletion.
         *
         * @package    block_course_notification
         * @copyright  2026 block_course_notification contributors
         * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
         */
        class approved_userlist extends userlist {
            /**
             * The list.
             *
             * @param \context $context the context
             * @param string $component unused
             * @param int[] $userids the users
             */
            public function __construct(\context $context, $component, array $userids) {
                parent::__construct($context, $component);
                $this->ids = $userids;
            }
        }

        /**
         * What the provider exported: [contextid][subcontext joined by '/'] => data.
         *
         * @package    block_course_notification
         * @copyright  2026 block_course_notification contributors
         * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
         */
        class writer {
            /** @var array the exports */
            public static $exported = [];
            /** @var \context the context of the next export */
            private $context;

            /**
             * The writer of a context.
             *
             * @param \context $context the context
             * @return writer
             */
            public static function with_context(\context $context) {
                $writer = new writer();
                $writer->context = $context;
                return $writer;
            }

            /**
             * Exports data under a subcontext; a second export to the same place replaces the first.
             *
             * @param array $subcontext the path
             * @param \stdClass $data the data
             * @return writer
             */
            public function export_data(array $subcontext, \stdClass $data) {
                self::$exported[$this->context->id][implode('/', $subcontext)] = $data;
                return $this;
            }
        }

        /**
         * Moodle's transform: dates as text.
         *
         * @package    block_course_notification
         * @copyright  2026 block_course_notification contributors
         * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
         */
        class transform {
            /**
             * A date.
             *
             * @param int $datetime the time
             * @return string
             */
            public static function datetime($datetime) {
                return gmdate('Y-m-d H:i', (int) $datetime);
            }

            /**
             * Yes or no.
             *
             * @param bool $value the value
             * @return string
             */
            public static function yesno($value) {
                return $value ? 'Yes' : 'No';
            }
        }
    }
}

namespace core_privacy\local\request\plugin {
    if (!interface_exists(provider::class)) {
        /**
         * Marker: the plugin exports and deletes its data.
         *
         * @package    block_course_notification
         * @copyright  2026 block_course_notification contributors
         * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
         */
        interface provider {
        }
    }
}
