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
 * The language files keep Moodle's order and agree, for scripts/test: `php lang_sorted.php`.
 *
 * Every lang/<lang>/block_course_notification.php defines its strings once each, in the byte order of
 * their keys (strcmp, as moodle-cs's LangFilesOrdering sniff and Moodle's language tools sort them),
 * and every language has exactly the keys of English. Prints the first key out of order, a duplicate,
 * or the keys missing or extra in a language, and exits non-zero; prints one line and exits 0 otherwise.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

/**
 * The keys of a language file, in the order the file defines them (duplicates included).
 *
 * Read from the tokens rather than by including the file: an include keeps one entry per key.
 *
 * @param string $path the file
 * @return string[]
 */
function cn_lang_keys(string $path): array {
    $tokens = array_values(array_filter(
        token_get_all(file_get_contents($path)),
        fn($t) => !is_array($t) || !in_array($t[0], [T_WHITESPACE, T_COMMENT, T_DOC_COMMENT], true)
    ));
    $keys = [];
    foreach ($tokens as $i => $token) {
        if (
            is_array($token) && $token[0] === T_VARIABLE && $token[1] === '$string' && ($tokens[$i + 1] ?? null) === '['
                && is_array($tokens[$i + 2] ?? null) && $tokens[$i + 2][0] === T_CONSTANT_ENCAPSED_STRING
        ) {
            $keys[] = stripcslashes(substr($tokens[$i + 2][1], 1, -1));
        }
    }
    return $keys;
}

$root = dirname(__DIR__, 2);
$files = glob("$root/lang/*/block_course_notification.php");
$faults = [];
$bylang = [];
foreach ($files as $path) {
    $lang = basename(dirname($path));
    $keys = cn_lang_keys($path);
    $bylang[$lang] = $keys;
    $name = "lang/$lang/block_course_notification.php";
    if (!$keys) {
        $faults[] = "$name: no strings found";
        continue;
    }
    for ($i = 1; $i < count($keys); $i++) {
        $order = strcmp($keys[$i - 1], $keys[$i]);
        if ($order === 0) {
            $faults[] = "$name: '{$keys[$i]}' is defined twice";
            break;
        }
        if ($order > 0) {
            $faults[] = "$name: '{$keys[$i]}' is out of order: it must come before '{$keys[$i - 1]}'";
            break;
        }
    }
}
if (!isset($bylang['en'])) {
    $faults[] = 'lang/en/block_course_notification.php is missing';
} else {
    foreach ($bylang as $lang => $keys) {
        $missing = array_diff($bylang['en'], $keys);
        $extra = array_diff($keys, $bylang['en']);
        if ($missing) {
            $faults[] = "lang/$lang lacks " . count($missing) . " key(s) of lang/en: " . implode(', ', array_slice($missing, 0, 10));
        }
        if ($extra) {
            $faults[] = "lang/$lang has " . count($extra) . " key(s) lang/en lacks: " . implode(', ', array_slice($extra, 0, 10));
        }
    }
}
if ($faults) {
    fwrite(STDERR, implode("\n", $faults) . "\n");
    exit(1);
}
printf("language strings: %s, %d keys each, in order\n", implode(' and ', array_keys($bylang)), count($bylang['en']));
