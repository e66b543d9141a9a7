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
 * The shape Moodle asks of db/upgrade.php, read from its tokens (no Moodle site needed).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use PHPUnit\Framework\TestCase;

/**
 * Every upgrade step ends with its savepoint, in version order, none beyond version.php.
 *
 * @coversNothing
 */
final class UpgradeStepsTest extends TestCase {
    /**
     * The steps of db/upgrade.php: version => the step's code, whitespace collapsed.
     *
     * A step is `if ($oldversion < VERSION) { ... }`; its body runs to the matching brace.
     *
     * @return array<int, string>
     */
    private static function steps(): array {
        $tokens = array_values(array_filter(
            token_get_all(file_get_contents(__DIR__ . '/../../db/upgrade.php')),
            fn($t) => !is_array($t) || !in_array($t[0], [T_WHITESPACE, T_COMMENT, T_DOC_COMMENT], true)
        ));
        $text = fn($t) => is_array($t) ? $t[1] : $t;
        $steps = [];
        for ($i = 0; $i < count($tokens); $i++) {
            $head = implode(' ', array_map($text, array_slice($tokens, $i, 7)));
            if (!preg_match('/^if \( \$oldversion < (\d+) \) \{$/', $head, $m)) {
                continue;
            }
            $depth = 0;
            $body = [];
            for ($j = $i + 6; $j < count($tokens); $j++) {
                $t = $text($tokens[$j]);
                $depth += in_array($t, ['{', '${'], true) || (is_array($tokens[$j]) && $tokens[$j][0] === T_CURLY_OPEN);
                $depth -= $t === '}';
                if ($depth === 0) {
                    break;
                }
                $body[] = $t;
            }
            $steps[(int) $m[1]] = implode(' ', array_slice($body, 1));
        }
        return $steps;
    }

    public function test_every_step_ends_with_its_own_savepoint(): void {
        $steps = self::steps();
        $this->assertNotEmpty($steps);
        foreach ($steps as $version => $code) {
            $savepoint = "upgrade_block_savepoint ( true , $version , 'course_notification' ) ;";
            $this->assertStringEndsWith($savepoint, $code, "step $version does not end with its savepoint");
            $this->assertSame(1, substr_count($code, 'upgrade_block_savepoint'), "step $version has one savepoint");
        }
    }

    public function test_the_steps_are_in_order_and_not_beyond_the_plugin_version(): void {
        $versions = array_keys(self::steps());
        $sorted = $versions;
        sort($sorted);
        $this->assertSame($sorted, $versions, 'steps in increasing version order');
        $plugin = new stdClass();
        defined('MOODLE_INTERNAL') || define('MOODLE_INTERNAL', true);
        defined('MATURITY_ALPHA') || define('MATURITY_ALPHA', 50);
        require(__DIR__ . '/../../version.php');
        $this->assertLessThanOrEqual($plugin->version, end($versions));
    }
}
