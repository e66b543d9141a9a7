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
 * The part of Moodle's DDL (lib/ddl, lib/xmldb) and upgrade API that db/upgrade.php and db/install.php
 * use, on a real MariaDB database: xmldb_table / xmldb_field / xmldb_key / xmldb_index, a database
 * manager that answers table_exists(), field_exists() and index_exists() from the server and creates
 * tables and fields with the column types of Moodle's MySQL generator (as scripts/lib/xmldb_to_sql.php
 * writes install.xml), and the savepoints, recorded. No Moodle site needed.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/moodle_dml.php');

foreach ([
    'XMLDB_TYPE_INTEGER' => 1, 'XMLDB_TYPE_NUMBER' => 2, 'XMLDB_TYPE_FLOAT' => 3, 'XMLDB_TYPE_CHAR' => 4,
    'XMLDB_TYPE_TEXT' => 5, 'XMLDB_TYPE_BINARY' => 6, 'XMLDB_UNSIGNED' => true, 'XMLDB_NOTNULL' => true,
    'XMLDB_SEQUENCE' => true, 'XMLDB_KEY_PRIMARY' => 1, 'XMLDB_KEY_UNIQUE' => 2, 'XMLDB_KEY_FOREIGN' => 3,
    'XMLDB_KEY_FOREIGN_UNIQUE' => 5, 'XMLDB_INDEX_UNIQUE' => true, 'XMLDB_INDEX_NOTUNIQUE' => false,
] as $constant => $value) {
    defined($constant) || define($constant, $value);
}

if (!class_exists('xmldb_field')) {
    /**
     * Moodle's xmldb_field: a column's definition.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class xmldb_field {
        /** @var string name */
        public $name;
        /** @var int XMLDB_TYPE_* */
        public $type;
        /** @var string|null length */
        public $length;
        /** @var bool not null */
        public $notnull;
        /** @var bool auto-increment */
        public $sequence;
        /** @var string|null default */
        public $default;
        /** @var string|null the field it goes after */
        public $previous;

        /**
         * As Moodle's constructor (set_attributes()).
         *
         * @param string $name
         * @param int|null $type
         * @param string|null $precision
         * @param bool|null $unsigned
         * @param bool|null $notnull
         * @param bool|null $sequence
         * @param mixed $default
         * @param string|null $previous
         */
        public function __construct($name, $type = null, $precision = null, $unsigned = null, $notnull = null,
                $sequence = null, $default = null, $previous = null) {
            $this->name = $name;
            $this->type = $type;
            $this->length = $precision;
            $this->notnull = (bool) $notnull;
            $this->sequence = (bool) $sequence;
            $this->default = $default;
            $this->previous = $previous;
        }

        /**
         * The name.
         *
         * @return string
         */
        public function getName() {
            return $this->name;
        }
    }

    /**
     * Moodle's xmldb_key.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class xmldb_key {
        /** @var string name */
        public $name;
        /** @var int XMLDB_KEY_* */
        public $type;
        /** @var string[] fields */
        public $fields;

        /**
         * As Moodle's constructor.
         *
         * @param string $name
         * @param int|null $type
         * @param array $fields
         * @param string|null $reftable
         * @param array|null $reffields
         */
        public function __construct($name, $type = null, $fields = [], $reftable = null, $reffields = null) {
            $this->name = $name;
            $this->type = $type;
            $this->fields = $fields;
        }
    }

    /**
     * Moodle's xmldb_index.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class xmldb_index {
        /** @var string name */
        public $name;
        /** @var bool unique */
        public $unique;
        /** @var string[] fields */
        public $fields;

        /**
         * As Moodle's constructor.
         *
         * @param string $name
         * @param bool|null $type XMLDB_INDEX_UNIQUE or XMLDB_INDEX_NOTUNIQUE
         * @param array $fields
         * @param array $hints
         */
        public function __construct($name, $type = null, $fields = [], $hints = []) {
            $this->name = $name;
            $this->unique = (bool) $type;
            $this->fields = $fields;
        }
    }

    /**
     * Moodle's xmldb_table.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class xmldb_table {
        /** @var string name */
        public $name;
        /** @var xmldb_field[] */
        public $fields = [];
        /** @var xmldb_key[] */
        public $keys = [];
        /** @var xmldb_index[] */
        public $indexes = [];

        /**
         * A table of this name.
         *
         * @param string $name
         */
        public function __construct($name) {
            $this->name = $name;
        }

        /**
         * The name.
         *
         * @return string
         */
        public function getName() {
            return $this->name;
        }

        /**
         * Adds a field.
         *
         * @param string $name
         * @param int|null $type
         * @param string|null $precision
         * @param bool|null $unsigned
         * @param bool|null $notnull
         * @param bool|null $sequence
         * @param mixed $default
         * @param string|null $previous
         * @return xmldb_field
         */
        public function add_field($name, $type, $precision = null, $unsigned = null, $notnull = null, $sequence = null,
                $default = null, $previous = null) {
            return $this->fields[] = new xmldb_field($name, $type, $precision, $unsigned, $notnull, $sequence, $default,
                $previous);
        }

        /**
         * Adds a key.
         *
         * @param string $name
         * @param int $type
         * @param array $fields
         * @param string|null $reftable
         * @param array|null $reffields
         * @return xmldb_key
         */
        public function add_key($name, $type, $fields, $reftable = null, $reffields = null) {
            return $this->keys[] = new xmldb_key($name, $type, $fields, $reftable, $reffields);
        }

        /**
         * Adds an index.
         *
         * @param string $name
         * @param bool $type
         * @param array $fields
         * @param array $hints
         * @return xmldb_index
         */
        public function add_index($name, $type, $fields, $hints = []) {
            return $this->indexes[] = new xmldb_index($name, $type, $fields, $hints);
        }
    }
}

/**
 * database_manager's calls, on mysqli.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class shim_database_manager {
    /** @var \mysqli the connection */
    private $mysqli;

    /** @var string the table prefix */
    private $prefix;

    /** @var string[] the statements run, in order */
    public $statements = [];

    /**
     * A manager of database $name.
     *
     * @param string $name the database
     * @param string $prefix the table prefix
     */
    public function __construct(string $name, string $prefix = 'mdl_') {
        $this->mysqli = new \mysqli(getenv('CN_TEST_DB_HOST') ?: '127.0.0.1', getenv('CN_TEST_DB_USER') ?: 'cn',
            getenv('CN_TEST_DB_PASS') ?: 'cn', $name, (int) (getenv('CN_TEST_DB_PORT') ?: 3306));
        $this->prefix = $prefix;
    }

    /**
     * Closes the connection.
     */
    public function dispose(): void {
        $this->mysqli->close();
    }

    /**
     * A table's name with the prefix.
     *
     * @param xmldb_table|string $table
     * @return string
     */
    private function name($table): string {
        return $this->prefix . (is_string($table) ? $table : $table->getName());
    }

    /**
     * Runs a statement (DDL commits on its own in MariaDB, as on Moodle's MySQL).
     *
     * @param string $sql
     * @return \mysqli_result|bool
     */
    private function run(string $sql) {
        $this->statements[] = $sql;
        return $this->mysqli->query($sql);
    }

    /**
     * Whether the table exists.
     *
     * @param xmldb_table|string $table
     * @return bool
     */
    public function table_exists($table) {
        $name = $this->mysqli->real_escape_string($this->name($table));
        return (bool) $this->mysqli->query("SHOW TABLES LIKE '$name'")->num_rows;
    }

    /**
     * Whether the field exists.
     *
     * @param xmldb_table|string $table
     * @param xmldb_field|string $field
     * @return bool
     */
    public function field_exists($table, $field) {
        $name = $this->mysqli->real_escape_string(is_string($field) ? $field : $field->getName());
        return (bool) $this->mysqli->query('SHOW COLUMNS FROM `' . $this->name($table) . "` LIKE '$name'")->num_rows;
    }

    /**
     * Whether an index on these fields exists (Moodle looks it up by its fields, not its name).
     *
     * @param xmldb_table $table
     * @param xmldb_index $index
     * @return bool
     */
    public function index_exists($table, $index) {
        $columns = [];
        foreach ($this->mysqli->query('SHOW INDEX FROM `' . $this->name($table) . '`')->fetch_all(MYSQLI_ASSOC) as $row) {
            $columns[$row['Key_name']][(int) $row['Seq_in_index']] = $row['Column_name'];
        }
        foreach ($columns as $fields) {
            ksort($fields);
            if (array_values($fields) === array_values($index->fields)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A column's definition as Moodle's MySQL generator writes it.
     *
     * @param xmldb_field $field
     * @return string
     */
    private static function column(xmldb_field $field): string {
        $length = (int) $field->length;
        switch ($field->type) {
            case XMLDB_TYPE_INTEGER:
                $length = $length ?: 10;
                $type = $length > 9 ? 'BIGINT' : ($length > 6 ? 'INT' : ($length > 4 ? 'MEDIUMINT'
                    : ($length > 2 ? 'SMALLINT' : 'TINYINT')));
                $type .= "($length)";
                break;
            case XMLDB_TYPE_CHAR:
                $type = 'VARCHAR(' . ($length ?: 255) . ')';
                break;
            case XMLDB_TYPE_TEXT:
                $type = 'LONGTEXT';
                break;
            default:
                throw new coding_exception('type not in the shim: ' . $field->type);
        }
        $sql = '`' . $field->getName() . '` ' . $type . ($field->notnull ? ' NOT NULL' : ' DEFAULT NULL');
        if ($field->sequence) {
            $sql .= ' AUTO_INCREMENT';
        } else if ($field->default !== null) {
            $sql .= " DEFAULT '" . addslashes((string) $field->default) . "'";
        } else if ($field->notnull && $field->type === XMLDB_TYPE_CHAR) {
            $sql .= " DEFAULT ''";
        }
        return $sql;
    }

    /**
     * Creates the table; it must not exist (Moodle throws ddl_exception then).
     *
     * @param xmldb_table $table
     */
    public function create_table($table) {
        if ($this->table_exists($table)) {
            throw new coding_exception('table exists: ' . $table->getName());
        }
        $lines = array_map([self::class, 'column'], $table->fields);
        foreach ($table->keys as $key) {
            $fields = '`' . implode('`, `', $key->fields) . '`';
            if ($key->type === XMLDB_KEY_PRIMARY) {
                $lines[] = "PRIMARY KEY ($fields)";
            } else if ($key->type === XMLDB_KEY_UNIQUE || $key->type === XMLDB_KEY_FOREIGN_UNIQUE) {
                $lines[] = "UNIQUE KEY `{$key->name}` ($fields)";
            } else {
                // Moodle backs a foreign key with an index, and declares no constraint.
                $lines[] = "KEY `{$key->name}` ($fields)";
            }
        }
        foreach ($table->indexes as $index) {
            $lines[] = ($index->unique ? 'UNIQUE ' : '') . "KEY `{$index->name}` (`" . implode('`, `', $index->fields) . '`)';
        }
        $this->check($this->run('CREATE TABLE `' . $this->name($table) . "` (\n" . implode(",\n", $lines)
            . "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci ROW_FORMAT=Dynamic"));
    }

    /**
     * Adds the field; it must not exist (Moodle throws ddl_exception then).
     *
     * @param xmldb_table $table
     * @param xmldb_field $field
     */
    public function add_field($table, $field) {
        if ($this->field_exists($table, $field)) {
            throw new coding_exception('field exists: ' . $field->getName());
        }
        $after = $field->previous !== null ? ' AFTER `' . $field->previous . '`' : '';
        $this->check($this->run('ALTER TABLE `' . $this->name($table) . '` ADD ' . self::column($field) . $after));
    }

    /**
     * Fails on a failed statement.
     *
     * @param mixed $result
     */
    private function check($result): void {
        if ($result === false) {
            throw new coding_exception('DDL failed: ' . $this->mysqli->error);
        }
    }
}

/**
 * The shim's database with a DDL manager, for the upgrade.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class shim_ddl_database extends shim_moodle_database {
    /** @var shim_database_manager the manager */
    private $manager;

    /**
     * The database $name and its manager.
     *
     * @param string $name the database
     * @param string $prefix the table prefix
     */
    public function __construct(string $name, string $prefix = 'mdl_') {
        parent::__construct($name, $prefix);
        $this->manager = new shim_database_manager($name, $prefix);
    }

    /**
     * The DDL manager.
     *
     * @return shim_database_manager
     */
    public function get_manager() {
        return $this->manager;
    }

    /**
     * Closes both connections.
     */
    public function dispose(): void {
        $this->manager->dispose();
        parent::dispose();
    }
}

if (!function_exists('upgrade_block_savepoint')) {
    /**
     * Records a savepoint in $GLOBALS['CN_SHIM_SAVEPOINTS'] (Moodle writes the block's version).
     *
     * @param bool $result
     * @param int $version
     * @param string $blockname
     */
    function upgrade_block_savepoint($result, $version, $blockname) {
        $GLOBALS['CN_SHIM_SAVEPOINTS'][] = [$result, $version, $blockname];
    }
}

if (!function_exists('set_config')) {
    /**
     * Moodle's set_config() over the shim's get_config() values ($GLOBALS['CN_SHIM_CONFIG']); null unsets.
     *
     * @param string $name
     * @param mixed $value
     * @param string $plugin
     * @return bool
     */
    function set_config($name, $value, $plugin = 'core') {
        if ($value === null) {
            unset($GLOBALS['CN_SHIM_CONFIG'][$plugin][$name]);
        } else {
            // The config table holds text: false is '', true is '1'.
            $GLOBALS['CN_SHIM_CONFIG'][$plugin][$name] = (string) $value;
        }
        return true;
    }
}

if (!function_exists('unset_config')) {
    /**
     * Moodle's unset_config() over the shim's get_config() values.
     *
     * @param string $name
     * @param string $plugin
     * @return bool
     */
    function unset_config($name, $plugin = 'core') {
        unset($GLOBALS['CN_SHIM_CONFIG'][$plugin][$name]);
        return true;
    }
}

if (!function_exists('add_to_config_log')) {
    /**
     * Records a config log entry in $GLOBALS['CN_SHIM_CONFIG_LOG'].
     *
     * @param string $name
     * @param mixed $oldvalue
     * @param mixed $value
     * @param string|null $plugin
     */
    function add_to_config_log($name, $oldvalue, $value, $plugin) {
        $GLOBALS['CN_SHIM_CONFIG_LOG'][] = [$name, $oldvalue, $value, $plugin];
    }
}

if (!function_exists('mtrace')) {
    /**
     * Moodle's mtrace(): prints a line.
     *
     * @param string $string
     * @param string $eol
     */
    function mtrace($string, $eol = "\n") {
        echo $string, $eol;
    }
}
