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
 * php/course_notification.stub.php describes exactly what the built extension exposes.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification developers
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

use PHPUnit\Framework\TestCase;

require_once(__DIR__ . '/describe_api.php');

/**
 * The stub and the extension agree.
 *
 * @coversNothing
 */
final class StubTest extends TestCase {

    public function test_stub_matches_the_extension(): void {
        $ext = new ReflectionExtension('course_notification');
        $actual = cn_describe_api(array_keys($ext->getClasses()), array_keys($ext->getFunctions()));

        // The stub declares the same names, so it is described in a PHP without the extension (-n).
        $cmd = escapeshellarg(PHP_BINARY) . ' -n ' . escapeshellarg(__DIR__ . '/describe_api.php') . ' '
            . escapeshellarg(__DIR__ . '/../course_notification.stub.php');
        exec($cmd, $lines, $status);
        $this->assertSame(0, $status, implode("\n", $lines));
        $stub = json_decode(implode("\n", $lines), true);

        $this->assertNotEmpty($actual['classes'], 'the extension exposes classes');
        $this->assertSame(json_encode($actual, JSON_PRETTY_PRINT), json_encode($stub, JSON_PRETTY_PRINT),
            'php/course_notification.stub.php is out of date with the extension');
    }
}
