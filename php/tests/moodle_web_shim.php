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
 * The least of Moodle's page API that the plugin's web pages need to answer a real HTTP request in the
 * test site of UnsubscribeHttpTest (web_site_config.php): request parameters as optional_param() cleans
 * them, $PAGE, $OUTPUT (header, heading, notification, footer) and renderers that render the plugin's
 * own mustache templates (the subset of mustache they use: variables, sections, inverted sections,
 * comments and the str helper), core_user::get_user(). Inside Moodle this file is never loaded.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

require_once(__DIR__ . '/moodle_learner_shim.php');

foreach (['PARAM_RAW' => 'raw', 'PARAM_RAW_TRIMMED' => 'raw_trimmed', 'PARAM_INT' => 'int', 'PARAM_ALPHA' => 'alpha',
        'PARAM_ALPHANUMEXT' => 'alphanumext', 'PARAM_BOOL' => 'bool'] as $name => $value) {
    defined($name) || define($name, $value);
}

/**
 * Moodle's clean_param() for the types the pages use.
 *
 * @param mixed $value the value
 * @param string $type PARAM_*
 * @return mixed
 */
function clean_param($value, $type) {
    switch ($type) {
        case PARAM_RAW:
            return $value;
        case PARAM_RAW_TRIMMED:
            return trim((string) $value);
        case PARAM_INT:
            return (int) $value;
        case PARAM_BOOL:
            return in_array(strtolower((string) $value), ['1', 'yes', 'true', 'on'], true) ? 1 : 0;
        case PARAM_ALPHA:
            return preg_replace('/[^a-zA-Z]/', '', (string) $value);
        default:
            return preg_replace('/[^a-zA-Z0-9_-]/', '', (string) $value);
    }
}

/**
 * Moodle 5.0's optional_param() (\core\param): POST first, then GET; an array where a value is expected
 * throws a coding_exception.
 *
 * @param string $name the parameter
 * @param mixed $default its default
 * @param string $type PARAM_*
 * @return mixed
 */
function optional_param($name, $default, $type) {
    $value = $_POST[$name] ?? $_GET[$name] ?? null;
    if ($value === null) {
        return $default;
    }
    if (is_array($value)) {
        throw new coding_exception('clean() can not process arrays, please use clean_array() instead.');
    }
    return clean_param($value, $type);
}

/**
 * Moodle's required_param().
 *
 * @param string $name the parameter
 * @param string $type PARAM_*
 * @return mixed
 */
function required_param($name, $type) {
    $value = optional_param($name, null, $type);
    if ($value === null) {
        throw new moodle_exception('missingparam', '', '', $name);
    }
    return $value;
}

if (!class_exists('moodle_url')) {
    /**
     * Moodle's moodle_url on $CFG->wwwroot.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    class moodle_url {
        /** @var string the path */
        private $path;
        /** @var array the parameters */
        private $params;

        /**
         * A URL of the site.
         *
         * @param string|moodle_url $path the path from the site's root, or a URL to extend
         * @param array $params the parameters
         */
        public function __construct($path, array $params = []) {
            if ($path instanceof moodle_url) {
                $this->path = $path->path;
                $this->params = array_replace($path->params, $params);
                return;
            }
            $this->path = (string) $path;
            $this->params = $params;
        }

        /**
         * The URL.
         *
         * @param bool $escaped & as &amp;
         * @return string
         */
        public function out($escaped = true) {
            global $CFG;
            $query = $this->params ? '?' . http_build_query($this->params, '', $escaped ? '&amp;' : '&') : '';
            return $CFG->wwwroot . $this->path . $query;
        }
    }
}

/**
 * Moodle's core_user, what the pages read.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class core_user {
    /**
     * A user, or false.
     *
     * @param int $userid the user
     * @param string $fields the columns
     * @param int $strictness IGNORE_MISSING or MUST_EXIST
     * @return \stdClass|false
     */
    public static function get_user($userid, $fields = '*', $strictness = IGNORE_MISSING) {
        global $DB;
        return $DB->get_record('user', ['id' => $userid], $fields, $strictness);
    }
}

if (!function_exists('get_string_manager')) {
    /**
     * Stand-in for Moodle's string manager: the shims hold English only.
     *
     * @return object
     */
    function get_string_manager() {
        return new class {
            /**
             * Whether a language pack is installed: English only here.
             *
             * @param string $lang the language
             * @param bool $includeall unused
             * @return bool
             */
            public function translation_exists($lang, $includeall = true) {
                return $lang === 'en';
            }
        };
    }
}

if (!function_exists('force_current_language')) {
    /**
     * Stand-in for Moodle's force_current_language(): the shims speak English only.
     *
     * @param string $language the language
     * @return string the previous one
     */
    function force_current_language($language) {
        return 'en';
    }
}

if (!interface_exists('renderable')) {
    /**
     * Moodle's renderable marker.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    interface renderable {
    }

    /**
     * Moodle's templatable.
     *
     * @package    block_course_notification
     * @copyright  2026 block_course_notification contributors
     * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
     */
    interface templatable {
        /**
         * Context for the template.
         *
         * @param renderer_base $output the renderer
         * @return mixed
         */
        public function export_for_template(renderer_base $output);
    }
}

/**
 * Moodle's renderer base: render() calls render_<class>() or the renderable's template.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class renderer_base {
    /**
     * A renderable's HTML.
     *
     * @param renderable $widget the renderable
     * @return string
     */
    public function render(renderable $widget) {
        $parts = explode('\\', get_class($widget));
        $method = 'render_' . end($parts);
        if (method_exists($this, $method)) {
            return $this->$method($widget);
        }
        return $this->render_from_template($parts[0] . '/' . end($parts), $widget->export_for_template($this));
    }

    /**
     * A plugin's template rendered with a context.
     *
     * @param string $name component/template (the plugin's own)
     * @param array $context the context
     * @return string
     */
    public function render_from_template($name, $context) {
        [$component, $template] = explode('/', $name, 2);
        if ($component !== 'block_course_notification') {
            throw new coding_exception("template of another component: $name");
        }
        return shim_mustache::render(file_get_contents(__DIR__ . "/../../templates/{$template}.mustache"), [$context]);
    }
}

/**
 * Moodle's plugin_renderer_base.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class plugin_renderer_base extends renderer_base {
    /**
     * A renderer of a page.
     *
     * @param shim_moodle_page $page the page
     * @param string|null $target unused
     */
    public function __construct($page, $target = null) {
    }
}

/**
 * The core renderer's page parts; header() sends the status Moodle would (200 unless set before).
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class shim_core_renderer extends renderer_base {
    /**
     * The page's start.
     *
     * @return string
     */
    public function header() {
        global $PAGE;
        $notifications = '';
        // What redirect() left for this page, as Moodle's header shows it.
        foreach ($_SESSION['notifications'] ?? [] as [$message, $type]) {
            $notifications .= $this->notification($message, $type);
        }
        unset($_SESSION['notifications']);
        return '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>' . s($PAGE->title) . '</title></head>' .
            '<body class="pagelayout-' . s($PAGE->pagelayout) . '"><header>' . s($PAGE->heading) . '</header><main>' .
            $notifications;
    }

    /**
     * A heading.
     *
     * @param string $text HTML
     * @return string
     */
    public function heading($text) {
        return '<h2>' . $text . '</h2>';
    }

    /**
     * A notification.
     *
     * @param string $message HTML
     * @param string $type error, success...
     * @param bool $closebutton unused
     * @return string
     */
    public function notification($message, $type = 'info', $closebutton = true) {
        return '<div class="alert alert-' . s($type) . '" role="alert">' . $message . '</div>';
    }

    /**
     * The page's end.
     *
     * @return string
     */
    public function footer() {
        return '</main></body></html>';
    }
}

/**
 * Moodle's $PAGE, what the pages set.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class shim_moodle_page {
    /** @var context|null the context */
    public $context;
    /** @var moodle_url|null the URL */
    public $url;
    /** @var string the layout */
    public $pagelayout = 'base';
    /** @var string the title */
    public $title = '';
    /** @var string the heading */
    public $heading = '';
    /** @var shim_navbar the breadcrumb */
    public $navbar;

    /**
     * A page.
     */
    public function __construct() {
        $this->navbar = new shim_navbar();
    }

    /**
     * Sets the context.
     *
     * @param context $context the context
     */
    public function set_context($context) {
        $this->context = $context;
    }

    /**
     * Sets the URL.
     *
     * @param moodle_url $url the URL
     */
    public function set_url($url) {
        $this->url = $url;
    }

    /**
     * Sets the layout; Moodle refuses a page without a context or URL only later, so does this.
     *
     * @param string $layout the layout
     */
    public function set_pagelayout($layout) {
        $this->pagelayout = $layout;
    }

    /**
     * Sets the title.
     *
     * @param string $title the title
     */
    public function set_title($title) {
        $this->title = $title;
    }

    /**
     * Sets the heading.
     *
     * @param string $heading the heading
     */
    public function set_heading($heading) {
        $this->heading = $heading;
    }

    /**
     * A plugin's renderer.
     *
     * @param string $component the plugin
     * @return plugin_renderer_base
     */
    public function get_renderer($component) {
        $class = "\\{$component}\\output\\renderer";
        return new $class($this, null);
    }
}

/**
 * The subset of mustache the plugin's templates use, with Moodle's str helper.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class shim_mustache {
    /**
     * A template rendered with a context stack.
     *
     * @param string $template the template
     * @param array $stack contexts, innermost last
     * @return string
     */
    public static function render(string $template, array $stack): string {
        $out = '';
        $pos = 0;
        while (preg_match('/\{\{(\{?)\s*([#^\/!]?)\s*(.*?)\s*\}\}(\}?)/s', $template, $m, PREG_OFFSET_CAPTURE, $pos)) {
            $out .= substr($template, $pos, $m[0][1] - $pos);
            $pos = $m[0][1] + strlen($m[0][0]);
            [$type, $name] = [$m[2][0], $m[3][0]];
            if ($type === '!') {
                continue;
            }
            if ($type === '/') {
                throw new coding_exception("unopened section {$name}");
            }
            if ($type === '#' || $type === '^') {
                [$inner, $pos] = self::section($template, $pos, $name);
                if ($type === '#' && $name === 'str') {
                    [$identifier, $component] = array_map('trim', explode(',', $inner)) + [1 => 'core'];
                    $out .= get_string($identifier, $component);
                    continue;
                }
                $value = self::lookup($stack, $name);
                if ($type === '^') {
                    $out .= empty($value) ? self::render($inner, $stack) : '';
                } else if (is_array($value) && array_is_list($value)) {
                    foreach ($value as $item) {
                        $out .= self::render($inner, array_merge($stack, [$item]));
                    }
                } else if (is_array($value)) {
                    $out .= self::render($inner, array_merge($stack, [$value]));
                } else if (!empty($value)) {
                    $out .= self::render($inner, $stack);
                }
                continue;
            }
            $value = (string) self::lookup($stack, $name);
            $out .= $m[1][0] === '{' ? $value : htmlspecialchars($value, ENT_QUOTES);
        }
        return $out . substr($template, $pos);
    }

    /**
     * The body of the section opened just before $pos, and where the template goes on after it.
     *
     * @param string $template the template
     * @param int $pos after the opening tag
     * @param string $name the section
     * @return array [string, int]
     */
    private static function section(string $template, int $pos, string $name): array {
        $depth = 1;
        $quoted = preg_quote($name, '/');
        $start = $pos;
        while (preg_match('/\{\{\s*([#^\/])\s*' . $quoted . '\s*\}\}/', $template, $m, PREG_OFFSET_CAPTURE, $pos)) {
            $pos = $m[0][1] + strlen($m[0][0]);
            $depth += $m[1][0] === '/' ? -1 : 1;
            if ($depth === 0) {
                return [substr($template, $start, $m[0][1] - $start), $pos];
            }
        }
        throw new coding_exception("unclosed section {$name}");
    }

    /**
     * A name in the context stack, innermost first.
     *
     * @param array $stack the contexts
     * @param string $name the name
     * @return mixed
     */
    private static function lookup(array $stack, string $name) {
        for ($i = count($stack) - 1; $i >= 0; $i--) {
            if (is_array($stack[$i]) && array_key_exists($name, $stack[$i])) {
                return $stack[$i][$name];
            }
        }
        return null;
    }
}

/**
 * Moodle's navbar: the breadcrumb's items.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class shim_navbar {
    /** @var array [text, url] */
    public $items = [];

    /**
     * Adds an item.
     *
     * @param string $text the text
     * @param moodle_url|null $url the link
     * @return shim_navbar
     */
    public function add($text, $url = null) {
        $this->items[] = [$text, $url];
        return $this;
    }
}

/**
 * Moodle's \core\output\notification levels.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class shim_output_notification {
    /** Success. */
    const NOTIFY_SUCCESS = 'success';
    /** Warning. */
    const NOTIFY_WARNING = 'warning';
    /** Error. */
    const NOTIFY_ERROR = 'error';
}
class_exists('core\\output\\notification') || class_alias('shim_output_notification', 'core\\output\\notification');

/**
 * Moodle's require_login_exception.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class require_login_exception extends moodle_exception {
    /**
     * Same signature as Moodle's.
     *
     * @param string $debuginfo detail
     */
    public function __construct($debuginfo) {
        parent::__construct('requireloginerror', 'error', '', null, $debuginfo);
    }
}

/**
 * Moodle's optional_param_array(): keys of letters, digits, _ and - only, each value cleaned.
 *
 * @param string $name the parameter
 * @param mixed $default its default
 * @param string $type PARAM_*
 * @return mixed
 */
function optional_param_array($name, $default, $type) {
    $value = $_POST[$name] ?? $_GET[$name] ?? null;
    if (!is_array($value)) {
        return $default;
    }
    $result = [];
    foreach ($value as $key => $item) {
        if (preg_match('/^[a-z0-9_-]+$/i', (string) $key) && !is_array($item)) {
            $result[$key] = clean_param($item, $type);
        }
    }
    return $result;
}

/**
 * Moodle's require_login() for a site page: the login page for a visitor who is nobody.
 *
 * @param mixed $courseorid unused (the site)
 * @param bool $autologinguest unused
 */
function require_login($courseorid = null, $autologinguest = true) {
    global $USER, $CFG;
    if (empty($USER->id)) {
        header('Location: ' . $CFG->wwwroot . '/login/index.php', true, 303);
        exit;
    }
}

/**
 * Moodle's require_capability().
 *
 * @param string $capability the capability
 * @param context $context the context
 */
function require_capability($capability, $context) {
    if (!has_capability($capability, $context)) {
        throw new moodle_exception('nopermissions', 'error', '', $capability);
    }
}

/**
 * The session's key.
 *
 * @return string
 */
function sesskey() {
    return (string) ($_SESSION['sesskey'] ?? '');
}

/**
 * Moodle's require_sesskey(): the request carries the session's key, or it stops.
 */
function require_sesskey() {
    $sent = $_POST['sesskey'] ?? $_GET['sesskey'] ?? '';
    if (!is_string($sent) || sesskey() === '' || !hash_equals(sesskey(), $sent)) {
        throw new moodle_exception('invalidsesskey', 'error');
    }
}

/**
 * Moodle's redirect() with a message shown on the next page.
 *
 * @param moodle_url|string $url where to
 * @param string $message HTML
 * @param int|null $delay unused
 * @param string|null $type the notification's level
 */
function redirect($url, $message = '', $delay = null, $type = null) {
    if ($message !== '') {
        $_SESSION['notifications'][] = [$message, $type ?? 'info'];
    }
    header('Location: ' . ($url instanceof moodle_url ? $url->out(false) : $url), true, 303);
    exit;
}
