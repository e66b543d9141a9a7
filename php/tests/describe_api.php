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
 * Describes a PHP API (classes, methods, parameters, types) as plain arrays, so that the stub and the
 * built extension can be compared. Run as a script with a stub path, it prints the stub's description
 * as JSON (in a PHP without the extension, where the stub's classes can be declared).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification developers
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

/**
 * Describes classes and functions by name.
 *
 * @param string[] $classes
 * @param string[] $functions
 * @return array
 */
// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

function cn_describe_api(array $classes, array $functions): array {
    $type = fn(?ReflectionType $t) => $t === null ? null : (string)$t;
    $params = fn(ReflectionFunctionAbstract $f) => array_map(fn(ReflectionParameter $p) => [
        'name' => $p->getName(), 'type' => $type($p->getType()), 'optional' => $p->isOptional(),
    ], $f->getParameters());
    $out = ['classes' => [], 'functions' => []];
    sort($classes);
    foreach ($classes as $name) {
        $c = new ReflectionClass($name);
        $methods = [];
        foreach ($c->getMethods() as $m) {
            if ($m->getDeclaringClass()->getName() !== $c->getName()) {
                continue;
            }
            $methods[$m->getName()] = ['static' => $m->isStatic(), 'params' => $params($m),
                'return' => $type($m->getReturnType())];
        }
        ksort($methods);
        $parent = $c->getParentClass();
        $out['classes'][$c->getName()] = ['parent' => $parent ? $parent->getName() : null,
            'final' => $c->isFinal(), 'methods' => $methods];
    }
    sort($functions);
    foreach ($functions as $name) {
        $f = new ReflectionFunction($name);
        $out['functions'][$f->getName()] = ['params' => $params($f), 'return' => $type($f->getReturnType())];
    }
    return $out;
}

if (PHP_SAPI === 'cli' && realpath($_SERVER['SCRIPT_FILENAME'] ?? '') === __FILE__) {
    $before = [get_declared_classes(), get_defined_functions()['user']];
    require($argv[1]);
    $classes = array_values(array_diff(get_declared_classes(), $before[0]));
    $functions = array_values(array_diff(get_defined_functions()['user'], $before[1], ['cn_describe_api']));
    echo json_encode(cn_describe_api($classes, $functions), JSON_PRETTY_PRINT), "\n";
}
