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
 * The part of Moodle's moodle_database the plugin's PHP uses, on a real MariaDB connection.
 *
 * It behaves as Moodle's mysqli driver does where the plugin's code depends on it: {table} takes the
 * prefix, ? and :named parameters are bound as escaped literals (Moodle's mysqli driver emulates
 * bound parameters the same way), a failed write throws dml_write_exception and a failed read
 * dml_read_exception, fields that are not columns of the table are dropped on insert and update,
 * delegated transactions nest and run READ COMMITTED, a rollback rethrows. No Moodle site needed.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/moodle_shim.php');

if (!class_exists('moodle_transaction')) {
    /**
     * Moodle's delegated transaction (lib/dml/moodle_transaction.php): commit or roll back once.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class moodle_transaction {
        /** @var shim_moodle_database|null the database, null once disposed */
        private $database;

        /**
         * A transaction of $database.
         *
         * @param shim_moodle_database $database the database
         */
        public function __construct($database) {
            $this->database = $database;
        }

        /**
         * Whether it was committed or rolled back already.
         *
         * @return bool
         */
        public function is_disposed() {
            return empty($this->database);
        }

        /**
         * Marks it used.
         */
        public function dispose() {
            $this->database = null;
        }

        /**
         * Commits (for real when it is the outermost one).
         */
        public function allow_commit() {
            if ($this->is_disposed()) {
                throw new dml_transaction_exception('Transactions already disposed', $this);
            }
            $this->database->commit_delegated_transaction($this);
        }

        /**
         * Rolls everything back and rethrows $e, as Moodle's does.
         *
         * @param \Throwable $e the reason
         */
        public function rollback($e) {
            if ($this->is_disposed()) {
                throw new dml_transaction_exception('Transactions already disposed', $this);
            }
            $this->database->rollback_delegated_transaction($this, $e);
        }
    }
}

/**
 * moodle_database's calls, on mysqli.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class shim_moodle_database {

    /** @var \mysqli the connection */
    private $mysqli;

    /** @var string the table prefix */
    private $prefix;

    /** @var moodle_transaction[] the open delegated transactions, outermost first */
    private $transactions = [];

    /** @var bool whether an inner rollback condemned the outer transaction */
    private $forcerollback = false;

    /** @var int counter for get_in_or_equal()'s parameter names */
    private $inorequaluniqueindex = 1;

    /** @var array table => column names, read once */
    private $columns = [];

    /**
     * Opens a connection of its own to database $name, as Moodle does per request.
     *
     * @param string $name the database
     * @param string $prefix the table prefix
     */
    public function __construct(string $name, string $prefix = 'mdl_') {
        $this->mysqli = new \mysqli(getenv('CN_TEST_DB_HOST') ?: '127.0.0.1', getenv('CN_TEST_DB_USER') ?: 'cn',
            getenv('CN_TEST_DB_PASS') ?: 'cn', $name, (int) (getenv('CN_TEST_DB_PORT') ?: 3306));
        $this->mysqli->set_charset('utf8mb4');
        $this->prefix = $prefix;
    }

    /**
     * Closes the connection.
     */
    public function dispose(): void {
        $this->mysqli->close();
    }

    /**
     * The connection's id on the server (CONNECTION_ID()), for tests that watch it.
     *
     * @return int
     */
    public function connection_id(): int {
        return (int) $this->mysqli->thread_id;
    }

    // Statements.

    /**
     * The statement with the prefix and the parameters in place (Moodle's emulate_bound_params).
     *
     * @param string $sql with {table}, ? or :named
     * @param array|null $params the values
     * @return string
     */
    private function raw(string $sql, ?array $params): string {
        $sql = preg_replace('/\{([a-z][a-z0-9_]*)\}/', $this->prefix . '$1', $sql);
        $params = (array) $params;
        $literal = function ($v): string {
            if ($v === null) {
                return 'NULL';
            }
            if (is_bool($v)) {
                return (string) (int) $v;
            }
            if (is_int($v)) {
                return (string) $v;
            }
            return "'" . $this->mysqli->real_escape_string((string) $v) . "'";
        };
        // Moodle's fix_sql_params(): one kind of placeholder, each named one used once, none missing.
        $named = preg_match_all('/(?<!:):[a-z][a-z0-9_]*/', $sql, $matches);
        $marks = substr_count($sql, '?');
        if ($named && $marks) {
            throw new dml_exception('mixedtypesqlparam');
        }
        if ($marks) {
            if ($marks > count($params)) {
                throw new dml_exception('invalidqueryparam');
            }
            $values = array_values($params);
            return preg_replace_callback('/\?/', function () use (&$values, $literal): string {
                return $literal(array_shift($values));
            }, $sql);
        }
        $names = array_map(fn($m) => substr($m, 1), $matches[0]);
        if (count(array_unique($names)) !== count($names)) {
            throw new dml_exception('duplicateparaminsql');
        }
        return preg_replace_callback('/(?<!:):([a-z][a-z0-9_]*)/', function (array $m) use ($params, $literal): string {
            if (!array_key_exists($m[1], $params)) {
                throw new dml_exception('missingkeyinsql', $m[1]);
            }
            return $literal($params[$m[1]]);
        }, $sql);
    }

    /**
     * Runs a statement; a failure throws as Moodle's query_end() does.
     *
     * @param string $sql the statement
     * @param array|null $params the values
     * @param bool $write whether it writes (dml_write_exception) or reads (dml_read_exception)
     * @return \mysqli_result|bool
     */
    private function query(string $sql, ?array $params, bool $write) {
        $raw = $this->raw($sql, $params);
        try {
            $result = $this->mysqli->query($raw);
            $error = $result === false ? $this->mysqli->error : '';
        } catch (\mysqli_sql_exception $e) {
            $result = false;
            $error = $e->getMessage();
        }
        if ($result === false) {
            throw $write ? new dml_write_exception($error, $raw, $params) : new dml_read_exception($error, $raw, $params);
        }
        return $result;
    }

    /**
     * The columns of a table.
     *
     * @param string $table without prefix
     * @return string[]
     */
    private function columns(string $table): array {
        if (!isset($this->columns[$table])) {
            $result = $this->query("SHOW COLUMNS FROM {{$table}}", null, false);
            $this->columns[$table] = array_column($result->fetch_all(MYSQLI_ASSOC), 'Field');
        }
        return $this->columns[$table];
    }

    /**
     * WHERE clause and parameters of a conditions array.
     *
     * @param array $conditions column => value (null: IS NULL)
     * @return array [string, array]
     */
    private function where(array $conditions): array {
        if (!$conditions) {
            return ['1 = 1', []];
        }
        $where = [];
        $params = [];
        foreach ($conditions as $column => $value) {
            if ($value === null) {
                $where[] = "$column IS NULL";
            } else {
                $where[] = "$column = ?";
                $params[] = $value;
            }
        }
        return [implode(' AND ', $where), $params];
    }

    /**
     * LIMIT clause.
     *
     * @param int $from offset
     * @param int $num count (0: all)
     * @return string
     */
    private static function limit(int $from, int $num): string {
        if ($num > 0) {
            return " LIMIT $from, $num";
        }
        return $from > 0 ? " LIMIT $from, 18446744073709551615" : '';
    }

    /**
     * Runs any statement that writes (Moodle's execute()).
     *
     * @param string $sql the statement
     * @param array|null $params the values
     * @return bool
     */
    public function execute($sql, ?array $params = null) {
        $this->query($sql, $params, true);
        return true;
    }

    // Reads.

    /**
     * Records of a query, keyed by their first column (Moodle's get_records_sql()).
     *
     * @param string $sql the query
     * @param array|null $params the values
     * @param int $limitfrom offset
     * @param int $limitnum count
     * @return \stdClass[]
     */
    public function get_records_sql($sql, ?array $params = null, $limitfrom = 0, $limitnum = 0) {
        $result = $this->query($sql . self::limit((int) $limitfrom, (int) $limitnum), $params, false);
        $records = [];
        while ($row = $result->fetch_assoc()) {
            $records[reset($row)] = (object) $row;
        }
        return $records;
    }

    /**
     * The first column => the second, of a query (Moodle's get_records_sql_menu()).
     *
     * @param string $sql the query
     * @param array|null $params the values
     * @param int $limitfrom offset
     * @param int $limitnum count
     * @return array
     */
    public function get_records_sql_menu($sql, ?array $params = null, $limitfrom = 0, $limitnum = 0) {
        $menu = [];
        foreach ($this->get_records_sql_list($sql, $params, (int) $limitfrom, (int) $limitnum) as $row) {
            $values = array_values((array) $row);
            $menu[$values[0]] = $values[1] ?? null;
        }
        return $menu;
    }

    /**
     * A recordset: iterable, closed by close() (Moodle's get_recordset_sql(), buffered as in mysqli).
     *
     * @param string $sql the query
     * @param array|null $params the values
     * @param int $limitfrom offset
     * @param int $limitnum count
     * @return shim_recordset
     */
    public function get_recordset_sql($sql, ?array $params = null, $limitfrom = 0, $limitnum = 0) {
        return new shim_recordset(array_values($this->get_records_sql_list($sql, $params, (int) $limitfrom, (int) $limitnum)));
    }

    /**
     * Every row of a query, in order, not keyed (a recordset may repeat its first column).
     *
     * @param string $sql the query
     * @param array|null $params the values
     * @param int $from offset
     * @param int $num count
     * @return \stdClass[]
     */
    private function get_records_sql_list(string $sql, ?array $params, int $from, int $num): array {
        $result = $this->query($sql . self::limit($from, $num), $params, false);
        return array_map(fn($row) => (object) $row, $result->fetch_all(MYSQLI_ASSOC));
    }

    /**
     * A recordset of a table.
     *
     * @param string $table the table
     * @param string $select WHERE clause
     * @param array|null $params the values
     * @param string $sort ORDER BY
     * @param string $fields columns
     * @param int $limitfrom offset
     * @param int $limitnum count
     * @return shim_recordset
     */
    public function get_recordset_select($table, $select, ?array $params = null, $sort = '', $fields = '*', $limitfrom = 0,
            $limitnum = 0) {
        return $this->get_recordset_sql("SELECT $fields FROM {{$table}}" . ($select !== '' ? " WHERE $select" : '') .
            ($sort !== '' ? " ORDER BY $sort" : ''), $params, $limitfrom, $limitnum);
    }

    /**
     * Records of a table matching a WHERE clause.
     *
     * @param string $table the table
     * @param string $select WHERE clause
     * @param array|null $params the values
     * @param string $sort ORDER BY
     * @param string $fields columns
     * @param int $limitfrom offset
     * @param int $limitnum count
     * @return \stdClass[]
     */
    public function get_records_select($table, $select, ?array $params = null, $sort = '', $fields = '*', $limitfrom = 0,
            $limitnum = 0) {
        return $this->get_records_sql("SELECT $fields FROM {{$table}}" . ($select !== '' ? " WHERE $select" : '') .
            ($sort !== '' ? " ORDER BY $sort" : ''), $params, $limitfrom, $limitnum);
    }

    /**
     * Records of a table matching conditions.
     *
     * @param string $table the table
     * @param array|null $conditions column => value
     * @param string $sort ORDER BY
     * @param string $fields columns
     * @param int $limitfrom offset
     * @param int $limitnum count
     * @return \stdClass[]
     */
    public function get_records($table, ?array $conditions = null, $sort = '', $fields = '*', $limitfrom = 0, $limitnum = 0) {
        [$select, $params] = $this->where((array) $conditions);
        return $this->get_records_select($table, $select, $params, $sort, $fields, $limitfrom, $limitnum);
    }

    /**
     * One record of a query.
     *
     * @param string $sql the query
     * @param array|null $params the values
     * @param int $strictness IGNORE_MISSING, IGNORE_MULTIPLE or MUST_EXIST
     * @return \stdClass|false
     */
    public function get_record_sql($sql, ?array $params = null, $strictness = IGNORE_MISSING) {
        $records = $this->get_records_sql_list($sql, $params, 0, $strictness == IGNORE_MULTIPLE ? 1 : 0);
        if (!$records) {
            if ($strictness == MUST_EXIST) {
                throw new dml_missing_record_exception('', $sql, $params);
            }
            return false;
        }
        if (count($records) > 1 && $strictness == MUST_EXIST) {
            throw new dml_multiple_records_exception($sql, $params);
        }
        return reset($records);
    }

    /**
     * One record of a table matching a WHERE clause.
     *
     * @param string $table the table
     * @param string $select WHERE clause
     * @param array|null $params the values
     * @param string $fields columns
     * @param int $strictness IGNORE_MISSING, IGNORE_MULTIPLE or MUST_EXIST
     * @return \stdClass|false
     */
    public function get_record_select($table, $select, ?array $params = null, $fields = '*', $strictness = IGNORE_MISSING) {
        return $this->get_record_sql("SELECT $fields FROM {{$table}} WHERE $select", $params, $strictness);
    }

    /**
     * One record of a table matching conditions.
     *
     * @param string $table the table
     * @param array $conditions column => value
     * @param string $fields columns
     * @param int $strictness IGNORE_MISSING, IGNORE_MULTIPLE or MUST_EXIST
     * @return \stdClass|false
     */
    public function get_record($table, array $conditions, $fields = '*', $strictness = IGNORE_MISSING) {
        [$select, $params] = $this->where($conditions);
        return $this->get_record_select($table, $select, $params, $fields, $strictness);
    }

    /**
     * The first column of the first row of a query.
     *
     * @param string $sql the query
     * @param array|null $params the values
     * @param int $strictness IGNORE_MISSING or MUST_EXIST
     * @return mixed|false
     */
    public function get_field_sql($sql, ?array $params = null, $strictness = IGNORE_MISSING) {
        $record = $this->get_record_sql($sql, $params, $strictness == MUST_EXIST ? MUST_EXIST : IGNORE_MULTIPLE);
        if (!$record) {
            return false;
        }
        // reset() on an object is deprecated since PHP 8.1: its first field through an array.
        $values = (array) $record;
        return reset($values);
    }

    /**
     * One column of one record of a table matching conditions.
     *
     * @param string $table the table
     * @param string $return the column
     * @param array $conditions column => value
     * @param int $strictness IGNORE_MISSING or MUST_EXIST
     * @return mixed|false
     */
    public function get_field($table, $return, array $conditions, $strictness = IGNORE_MISSING) {
        [$select, $params] = $this->where($conditions);
        return $this->get_field_sql("SELECT $return FROM {{$table}} WHERE $select", $params, $strictness);
    }

    /**
     * The first column of every row of a query.
     *
     * @param string $sql the query
     * @param array|null $params the values
     * @return array
     */
    public function get_fieldset_sql($sql, ?array $params = null) {
        return array_map(fn($r) => reset($r), array_map(fn($o) => (array) $o, $this->get_records_sql_list($sql, $params, 0, 0)));
    }

    /**
     * One column of the records of a table matching a WHERE clause.
     *
     * @param string $table the table
     * @param string $return the column
     * @param string $select WHERE clause
     * @param array|null $params the values
     * @return array
     */
    public function get_fieldset_select($table, $return, $select, ?array $params = null) {
        return $this->get_fieldset_sql("SELECT $return FROM {{$table}}" . ($select !== '' ? " WHERE $select" : ''), $params);
    }

    /**
     * A COUNT query's result.
     *
     * @param string $sql the query
     * @param array|null $params the values
     * @return int
     */
    public function count_records_sql($sql, ?array $params = null) {
        return (int) $this->get_field_sql($sql, $params);
    }

    /**
     * How many records of a table match a WHERE clause.
     *
     * @param string $table the table
     * @param string $select WHERE clause
     * @param array|null $params the values
     * @return int
     */
    public function count_records_select($table, $select, ?array $params = null) {
        return $this->count_records_sql("SELECT COUNT(*) FROM {{$table}}" . ($select !== '' ? " WHERE $select" : ''), $params);
    }

    /**
     * How many records of a table match conditions.
     *
     * @param string $table the table
     * @param array|null $conditions column => value
     * @return int
     */
    public function count_records($table, ?array $conditions = null) {
        [$select, $params] = $this->where((array) $conditions);
        return $this->count_records_select($table, $select, $params);
    }

    /**
     * Whether a record of a table matches conditions.
     *
     * @param string $table the table
     * @param array $conditions column => value
     * @return bool
     */
    public function record_exists($table, array $conditions) {
        [$select, $params] = $this->where($conditions);
        return $this->record_exists_select($table, $select, $params);
    }

    /**
     * Whether a record of a table matches a WHERE clause.
     *
     * @param string $table the table
     * @param string $select WHERE clause
     * @param array|null $params the values
     * @return bool
     */
    public function record_exists_select($table, $select, ?array $params = null) {
        return (bool) $this->get_record_sql("SELECT 'x' FROM {{$table}} WHERE $select", $params, IGNORE_MULTIPLE);
    }

    // Writes.

    /**
     * Inserts a record; the fields that are not columns are left out, as Moodle does.
     *
     * @param string $table the table
     * @param object|array $dataobject the record (an id in it is ignored)
     * @param bool $returnid whether to return the new id
     * @param bool $bulk unused
     * @return int|bool
     */
    public function insert_record($table, $dataobject, $returnid = true, $bulk = false) {
        $data = array_intersect_key((array) $dataobject, array_flip($this->columns($table)));
        unset($data['id']);
        if (!$data) {
            throw new coding_exception('insert_record() no fields found.');
        }
        $this->query("INSERT INTO {{$table}} (" . implode(', ', array_keys($data)) . ') VALUES (' .
            implode(', ', array_fill(0, count($data), '?')) . ')', array_values($data), true);
        return $returnid ? (int) $this->mysqli->insert_id : true;
    }

    /**
     * Updates a record by its id; the fields that are not columns are left out.
     *
     * @param string $table the table
     * @param object|array $dataobject the record, with its id
     * @param bool $bulk unused
     * @return bool
     */
    public function update_record($table, $dataobject, $bulk = false) {
        $data = array_intersect_key((array) $dataobject, array_flip($this->columns($table)));
        if (empty($data['id'])) {
            throw new coding_exception('update_record() needs an id.');
        }
        $id = $data['id'];
        unset($data['id']);
        if (!$data) {
            return true;
        }
        $sets = implode(', ', array_map(fn($c) => "$c = ?", array_keys($data)));
        $this->query("UPDATE {{$table}} SET $sets WHERE id = ?", array_merge(array_values($data), [$id]), true);
        return true;
    }

    /**
     * Sets one column of the records matching a WHERE clause.
     *
     * @param string $table the table
     * @param string $newfield the column
     * @param mixed $newvalue its value
     * @param string $select WHERE clause
     * @param array|null $params the values (? style when the clause uses ?)
     * @return bool
     */
    public function set_field_select($table, $newfield, $newvalue, $select, ?array $params = null) {
        $params = (array) $params;
        if (array_is_list($params)) {
            return $this->execute("UPDATE {{$table}} SET $newfield = ? WHERE $select", array_merge([$newvalue], $params));
        }
        return $this->execute("UPDATE {{$table}} SET $newfield = :shimnewvalue WHERE $select",
            $params + ['shimnewvalue' => $newvalue]);
    }

    /**
     * Sets one column of the records matching conditions.
     *
     * @param string $table the table
     * @param string $newfield the column
     * @param mixed $newvalue its value
     * @param array|null $conditions column => value
     * @return bool
     */
    public function set_field($table, $newfield, $newvalue, ?array $conditions = null) {
        [$select, $params] = $this->where((array) $conditions);
        return $this->set_field_select($table, $newfield, $newvalue, $select, $params);
    }

    /**
     * Deletes the records matching a WHERE clause.
     *
     * @param string $table the table
     * @param string $select WHERE clause
     * @param array|null $params the values
     * @return bool
     */
    public function delete_records_select($table, $select, ?array $params = null) {
        return $this->execute("DELETE FROM {{$table}}" . ($select !== '' ? " WHERE $select" : ''), $params);
    }

    /**
     * Deletes the records matching conditions.
     *
     * @param string $table the table
     * @param array|null $conditions column => value
     * @return bool
     */
    public function delete_records($table, ?array $conditions = null) {
        [$select, $params] = $this->where((array) $conditions);
        return $this->delete_records_select($table, $select, $params);
    }

    // Transactions.

    /**
     * Starts a delegated transaction (the real one only at the outermost level, READ COMMITTED as
     * Moodle's mysqli driver sets it).
     *
     * @return moodle_transaction
     */
    public function start_delegated_transaction() {
        $transaction = new moodle_transaction($this);
        if (!$this->transactions) {
            $this->query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED', null, false);
            $this->query('START TRANSACTION', null, false);
        }
        $this->transactions[] = $transaction;
        return $transaction;
    }

    /**
     * Whether a delegated transaction is open.
     *
     * @return bool
     */
    public function is_transaction_started() {
        return !empty($this->transactions);
    }

    /**
     * Commits a delegated transaction; the real commit happens with the outermost one.
     *
     * @param moodle_transaction $transaction the innermost open one
     */
    public function commit_delegated_transaction(moodle_transaction $transaction) {
        if ($this->forcerollback) {
            throw new dml_transaction_exception('Tried to commit transaction after lower level rollback', $transaction);
        }
        if (end($this->transactions) !== $transaction) {
            throw new dml_transaction_exception('Invalid transaction commit attempt', $transaction);
        }
        $transaction->dispose();
        array_pop($this->transactions);
        if (!$this->transactions) {
            $this->query('COMMIT', null, false);
        }
    }

    /**
     * Rolls back (everything, as Moodle does: one rollback at any level rolls back all) and rethrows $e.
     *
     * @param moodle_transaction $transaction the innermost open one
     * @param \Throwable $e the reason, rethrown
     */
    public function rollback_delegated_transaction(moodle_transaction $transaction, $e) {
        $transaction->dispose();
        $this->forcerollback = true;
        if (!$this->transactions || end($this->transactions) !== $transaction) {
            throw $e;
        }
        if (count($this->transactions) === 1) {
            $this->query('ROLLBACK', null, false);
        }
        array_pop($this->transactions);
        if (!$this->transactions) {
            $this->forcerollback = false;
        }
        throw $e;
    }

    // SQL helpers.

    /**
     * IN or = with parameters (Moodle's get_in_or_equal()).
     *
     * @param mixed $items a value or a list
     * @param int $type SQL_PARAMS_QM or SQL_PARAMS_NAMED
     * @param string $prefix named parameters' prefix
     * @param bool $equal IN (true) or NOT IN
     * @param mixed $onemptyitems what an empty list stands for (false: refused)
     * @return array [string, array]
     */
    public function get_in_or_equal($items, $type = SQL_PARAMS_QM, $prefix = 'param', $equal = true, $onemptyitems = false) {
        if (is_array($items) && !$items) {
            if ($onemptyitems === false) {
                throw new coding_exception('moodle_database::get_in_or_equal() does not accept empty arrays');
            }
            if ($onemptyitems === null) {
                return [$equal ? ' IS NULL' : ' IS NOT NULL', []];
            }
            $items = [$onemptyitems];
        }
        $items = array_values((array) $items);
        if ($type == SQL_PARAMS_QM) {
            $marks = implode(',', array_fill(0, count($items), '?'));
            $sql = count($items) === 1 ? ($equal ? '= ?' : '<> ?') : ($equal ? "IN ($marks)" : "NOT IN ($marks)");
            return [$sql, $items];
        }
        $params = [];
        foreach ($items as $item) {
            $params[($prefix ?: 'param') . $this->inorequaluniqueindex++] = $item;
        }
        $names = array_map(fn($n) => ":$n", array_keys($params));
        $sql = count($items) === 1 ? ($equal ? "= {$names[0]}" : "<> {$names[0]}")
            : ($equal ? 'IN (' . implode(',', $names) . ')' : 'NOT IN (' . implode(',', $names) . ')');
        return [$sql, $params];
    }

    /**
     * LIKE, case-insensitive or not, accent-insensitive or not (the mysqli driver's sql_like()).
     *
     * @param string $fieldname the column or expression
     * @param string $param the placeholder
     * @param bool $casesensitive case-sensitive
     * @param bool $accentsensitive accent-sensitive
     * @param bool $notlike NOT LIKE
     * @param string $escapechar escape character
     * @return string
     */
    public function sql_like($fieldname, $param, $casesensitive = true, $accentsensitive = true, $notlike = false,
            $escapechar = '\\') {
        $like = $notlike ? 'NOT LIKE' : 'LIKE';
        $escapechar = $this->mysqli->real_escape_string($escapechar);
        if ($casesensitive) {
            return "$fieldname $like $param COLLATE utf8mb4_bin ESCAPE '$escapechar'";
        }
        // The tables' collation (utf8mb4_unicode_ci) ignores case and accents.
        return "$fieldname $like $param ESCAPE '$escapechar'";
    }

    /**
     * Escapes LIKE's wildcards.
     *
     * @param string $text the text
     * @param string $escapechar escape character
     * @return string
     */
    public function sql_like_escape($text, $escapechar = '\\') {
        return str_replace(['\\', '_', '%'], ['\\\\', '\\_', '\\%'], $text);
    }

    /**
     * First and last name in one expression.
     *
     * @param string $first first name column
     * @param string $last last name column
     * @return string
     */
    public function sql_fullname($first = 'firstname', $last = 'lastname') {
        return $this->sql_concat($first, "' '", $last);
    }

    /**
     * CONCAT of expressions.
     *
     * @param string ...$arr expressions
     * @return string
     */
    public function sql_concat(...$arr) {
        return 'CONCAT(' . implode(', ', $arr) . ')';
    }

    /**
     * A text column as comparable text (MySQL compares TEXT directly).
     *
     * @param string $fieldname the column
     * @param int $numchars unused on MySQL
     * @return string
     */
    public function sql_compare_text($fieldname, $numchars = 32) {
        return $fieldname;
    }

    /**
     * Equality, case-sensitive or not.
     *
     * @param string $fieldname the column
     * @param string $param the placeholder
     * @param bool $casesensitive case-sensitive
     * @param bool $accentsensitive accent-sensitive
     * @param bool $notequal <> instead of =
     * @return string
     */
    public function sql_equal($fieldname, $param, $casesensitive = true, $accentsensitive = true, $notequal = false) {
        $op = $notequal ? '<>' : '=';
        return $casesensitive ? "$fieldname COLLATE utf8mb4_bin $op $param" : "$fieldname $op $param";
    }
}

/**
 * A buffered recordset (moodle_recordset): iterate, then close().
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class shim_recordset implements \IteratorAggregate {
    /** @var \stdClass[] the rows */
    private $rows;

    /**
     * The rows of a query.
     *
     * @param \stdClass[] $rows the rows
     */
    public function __construct(array $rows) {
        $this->rows = $rows;
    }

    /**
     * The rows.
     *
     * @return \Iterator
     */
    public function getIterator(): \Iterator {
        return new \ArrayIterator($this->rows);
    }

    /**
     * Whether it holds any row.
     *
     * @return bool
     */
    public function valid() {
        return !empty($this->rows);
    }

    /**
     * Frees it.
     */
    public function close() {
        $this->rows = [];
    }
}
