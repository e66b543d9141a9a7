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
 * Prints the DDL of db/install.xml, the way Moodle's mysql (default) or postgres generator would write it.
 *
 * Test and demo databases are built from the plugin's one schema source, db/install.xml, so
 * fixtures cannot drift from what Moodle installs.
 * Usage: php xmldb_to_sql.php install.xml [prefix] [mysql|pgsql]
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification developers
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

if ($argc < 2) {
    fwrite(STDERR, "usage: php xmldb_to_sql.php path/to/install.xml [prefix]\n");
    exit(2);
}
$prefix = $argv[2] ?? 'mdl_';
if (!preg_match('/^[a-z0-9_]*$/', $prefix)) {
    fwrite(STDERR, "invalid prefix '$prefix'\n");
    exit(2);
}
$dialect = $argv[3] ?? 'mysql';
if (!in_array($dialect, ['mysql', 'pgsql'], true)) {
    fwrite(STDERR, "unknown dialect '$dialect' (mysql or pgsql)\n");
    exit(2);
}
$xml = @simplexml_load_file($argv[1]);
if ($xml === false) {
    fwrite(STDERR, "cannot parse {$argv[1]}\n");
    exit(1);
}

/**
 * Column type as lib/ddl/mysql_sql_generator.php maps XMLDB types.
 *
 * @param SimpleXMLElement $field
 * @return string
 */
function column_type(SimpleXMLElement $field): string {
    $length = (int)($field['LENGTH'] ?? 0);
    switch ((string)$field['TYPE']) {
        case 'int':
            $length = $length ?: 10;
            $type = $length > 9 ? 'BIGINT' : ($length > 6 ? 'INT' : ($length > 4 ? 'MEDIUMINT' : ($length > 2 ? 'SMALLINT' : 'TINYINT')));
            return "$type($length)";
        case 'number':
            return 'DECIMAL(' . $length . ',' . (int)($field['DECIMALS'] ?? 0) . ')';
        case 'float':
            return 'DOUBLE';
        case 'char':
            return 'VARCHAR(' . ($length ?: 255) . ')';
        case 'text':
            return 'LONGTEXT';
        case 'binary':
            return 'LONGBLOB';
    }
    throw new RuntimeException('unknown XMLDB type ' . $field['TYPE'] . ' of field ' . $field['NAME']);
}

/**
 * Object name as sql_generator::getNameForObject() makes it: the first 4 letters of each word of the
 * table, the first 3 of each field, cut to 30 characters with the suffix, a counter on a clash.
 *
 * The same on MySQL and PostgreSQL (names_max_length 30 in both). Moodle numbers a clash (mdl_user_las2_ix)
 * by asking the database too; here only the names of this file are known, as on a fresh install.
 *
 * @param string $prefix table prefix
 * @param string $table table name without the prefix
 * @param string[] $fields
 * @param string $suffix pk, uix or ix
 * @param array $used names given so far (name => true), updated
 * @return string
 */
function object_name(string $prefix, string $table, array $fields, string $suffix, array &$used): string {
    $name = '';
    foreach (explode('_', $table) as $word) {
        $name .= substr($word, 0, 4);
    }
    $name .= '_';
    foreach ($fields as $field) {
        $name .= substr($field, 0, 3);
    }
    $name = $prefix . $name;
    $max = 30 - strlen($suffix) - 1;
    $candidate = substr($name, 0, $max) . '_' . $suffix;
    for ($counter = 2; isset($used[$candidate]); $counter++) {
        $candidate = substr($name, 0, $max - strlen((string)$counter)) . $counter . '_' . $suffix;
    }
    $used[$candidate] = true;
    return $candidate;
}

/**
 * Field names of a KEY or INDEX element.
 *
 * @param SimpleXMLElement $element
 * @return string[]
 */
function key_fields(SimpleXMLElement $element): array {
    return array_map('trim', explode(',', (string)$element['FIELDS']));
}

require_once(__DIR__ . '/xmldb_to_pgsql.php');
if ($dialect === 'pgsql') {
    echo pgsql_ddl($xml, $prefix);
    exit(0);
}

$used = [];
foreach ($xml->TABLES->TABLE as $table) {
    $name = $prefix . $table['NAME'];
    $lines = [];
    foreach ($table->FIELDS->FIELD as $field) {
        $line = '`' . $field['NAME'] . '` ' . column_type($field);
        $line .= ((string)$field['NOTNULL'] === 'true') ? ' NOT NULL' : ' DEFAULT NULL';
        if ((string)$field['SEQUENCE'] === 'true') {
            $line .= ' AUTO_INCREMENT';
        } else if (isset($field['DEFAULT'])) {
            $line .= " DEFAULT '" . addslashes((string)$field['DEFAULT']) . "'";
        } else if ((string)$field['NOTNULL'] === 'true' && (string)$field['TYPE'] === 'char') {
            // Moodle's MySQL generator gives NOT NULL char columns an empty default ($default_for_char).
            $line .= " DEFAULT ''";
        }
        $lines[] = $line;
    }
    // Moodle's order and names: the INDEXES, then the indexes it backs unique and foreign KEYS with.
    $indexes = [];
    foreach ($table->INDEXES->INDEX ?? [] as $index) {
        $indexes[] = [(string)$index['UNIQUE'] === 'true', key_fields($index)];
    }
    foreach ($table->KEYS->KEY as $key) {
        $type = (string)$key['TYPE'];
        if ($type === 'primary') {
            $lines[] = 'PRIMARY KEY (`' . implode('`,`', key_fields($key)) . '`)';
        } else {
            $indexes[] = [$type === 'unique' || $type === 'foreign-unique', key_fields($key)];
        }
    }
    foreach ($indexes as [$unique, $fields]) {
        $iname = object_name($prefix, (string)$table['NAME'], $fields, $unique ? 'uix' : 'ix', $used);
        $lines[] = ($unique ? 'UNIQUE ' : '') . "KEY `$iname` (`" . implode('`,`', $fields) . '`)';
    }
    echo "DROP TABLE IF EXISTS `$name`;\n";
    echo "CREATE TABLE `$name` (\n  " . implode(",\n  ", $lines) . "\n)"
        . " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci ROW_FORMAT=DYNAMIC"
        . " COMMENT='" . addslashes((string)$table['COMMENT']) . "';\n";
}
