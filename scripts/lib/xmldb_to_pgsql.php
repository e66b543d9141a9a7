<?php
// This file is part of Moodle - http://moodle.org/
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
// along with Moodle.  If not, see <http://www.gnu.org/licenses/>.

/**
 * The pgsql dialect of xmldb_to_sql.php (which defines object_name() and key_fields() it uses):
 * install.xml as lib/ddl/postgres_sql_generator.php writes it.
 *
 * Checked against what a real Moodle 5.0 creates on PostgreSQL 15 (scripts/lib/pg_fixture_check.sh):
 * the same columns, types, defaults, primary keys and index names, uniqueness and columns.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification developers
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

/**
 * Column type as postgres_sql_generator::getTypeSQL() maps XMLDB types.
 *
 * @param SimpleXMLElement $field
 * @return string
 */
function pgsql_column_type(SimpleXMLElement $field): string {
    $length = (int)($field['LENGTH'] ?? 0);
    switch ((string)$field['TYPE']) {
        case 'int':
            $length = $length ?: 10;
            return $length > 9 ? 'BIGINT' : ($length > 4 ? 'INTEGER' : 'SMALLINT');
        case 'number':
            $decimals = (int)($field['DECIMALS'] ?? 0);
            return 'NUMERIC' . ($length ? '(' . $length . ($decimals ? ",$decimals" : '') . ')' : '');
        case 'float':
            $decimals = (int)($field['DECIMALS'] ?? 0);
            return ($decimals && $decimals < 6) ? 'REAL' : 'DOUBLE PRECISION';
        case 'char':
            return 'VARCHAR(' . ($length ?: 255) . ')';
        case 'text':
            return 'TEXT';
        case 'binary':
            return 'BYTEA';
    }
    throw new RuntimeException('unknown XMLDB type ' . $field['TYPE'] . ' of field ' . $field['NAME']);
}

/**
 * The whole DDL: per table, DROP, CREATE TABLE with the primary key, COMMENT, then its indexes in
 * Moodle's order (the INDEXES, then the unique and foreign KEYS, which PostgreSQL gets as indexes).
 *
 * @param SimpleXMLElement $xml install.xml
 * @param string $prefix table prefix
 * @return string
 */
function pgsql_ddl(SimpleXMLElement $xml, string $prefix): string {
    $used = [];
    $out = '';
    foreach ($xml->TABLES->TABLE as $table) {
        $short = (string)$table['NAME'];
        $name = $prefix . $short;
        $lines = [];
        foreach ($table->FIELDS->FIELD as $field) {
            if ((string)$field['SEQUENCE'] === 'true') {
                // BIGSERIAL: a bigint NOT NULL column defaulting to its own sequence's nextval().
                $lines[] = $field['NAME'] . ' BIGSERIAL';
                continue;
            }
            $line = $field['NAME'] . ' ' . pgsql_column_type($field);
            $notnull = (string)$field['NOTNULL'] === 'true';
            $line .= $notnull ? ' NOT NULL' : '';
            if (isset($field['DEFAULT'])) {
                $default = (string)$field['DEFAULT'];
                $numeric = in_array((string)$field['TYPE'], ['int', 'number', 'float'], true);
                $line .= ' DEFAULT ' . ($numeric ? $default : "'" . str_replace("'", "''", $default) . "'");
            } else if ($notnull && (string)$field['TYPE'] === 'char') {
                // Like MySQL's, Moodle's postgres generator gives NOT NULL char columns '' ($default_for_char).
                $line .= " DEFAULT ''";
            }
            $lines[] = $line;
        }
        $indexes = [];
        foreach ($table->INDEXES->INDEX ?? [] as $index) {
            $indexes[] = [(string)$index['UNIQUE'] === 'true', key_fields($index)];
        }
        foreach ($table->KEYS->KEY as $key) {
            $type = (string)$key['TYPE'];
            if ($type === 'primary') {
                $pk = object_name($prefix, $short, key_fields($key), 'pk', $used);
                $lines[] = "CONSTRAINT $pk PRIMARY KEY (" . implode(', ', key_fields($key)) . ')';
            } else {
                // Moodle creates no unique or foreign constraints on PostgreSQL, only their indexes.
                $indexes[] = [$type === 'unique' || $type === 'foreign-unique', key_fields($key)];
            }
        }
        $out .= "DROP TABLE IF EXISTS $name;\n";
        $out .= "CREATE TABLE $name (\n    " . implode(",\n    ", $lines) . "\n);\n";
        $out .= "COMMENT ON TABLE $name IS '" . str_replace("'", "''", (string)$table['COMMENT']) . "';\n";
        foreach ($indexes as [$unique, $fields]) {
            $iname = object_name($prefix, $short, $fields, $unique ? 'uix' : 'ix', $used);
            $out .= 'CREATE ' . ($unique ? 'UNIQUE ' : '') . "INDEX $iname ON $name (" . implode(', ', $fields) . ");\n";
        }
    }
    return $out;
}
