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
 * One-click unsubscribe (RFC 8058): the URL of every message's List-Unsubscribe header.
 *
 * GET shows what the link stops and a button; it changes nothing, because mail scanners and link
 * previews follow links. POST with the body List-Unsubscribe=One-Click (what a mail provider sends, and
 * what the button sends) records the opt-out at once.
 *
 * Why no login, no session and no sesskey, against Moodle's convention for a change of state: RFC 8058
 * section 3 has the mail provider POST to this URL without cookies and without any user interaction,
 * so there is no session for a sesskey to belong to. The credential is the token itself: an HMAC-SHA256
 * of the user, the course and the topic with the site's secret (classes/local/unsubscribe_token.php),
 * which only the site can make, which names exactly one learner's choice (changing any id breaks it),
 * and which the site revokes by rotating the secret. A forged request can at worst stop mail its
 * sender received the link for, which is what the link is for. NO_MOODLE_COOKIES keeps the request
 * free of any session: nothing is read from a cookie and none is set, and the POST does no more than
 * check the token, read the user and write one row before answering.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use block_course_notification\local\preferences;
use block_course_notification\local\unsubscribe_token;
use block_course_notification\output\unsubscribe_page;

// No session: see above. Before config.php, which reads it.
define('NO_MOODLE_COOKIES', true);

require(__DIR__ . '/../../config.php');

// Moodle's parameters throw on an array (?token[]=...): that is no token, and no List-Unsubscribe=One-Click;
// refused below with the reason, as any other.
try {
    $token = optional_param('token', '', PARAM_RAW_TRIMMED);
} catch (coding_exception $e) {
    $token = '';
}
try {
    $oneclick = optional_param('List-Unsubscribe', '', PARAM_RAW);
} catch (coding_exception $e) {
    $oneclick = '';
}
$ispost = ($_SERVER['REQUEST_METHOD'] ?? 'GET') === 'POST';

$PAGE->set_context(context_system::instance());
// The page's own URL leaves the token out: Moodle puts $PAGE->url into other links (language menu, login).
$PAGE->set_url(new moodle_url('/blocks/course_notification/unsubscribe.php'));
$PAGE->set_pagelayout('login');

// Refusals change nothing and say why: 400 for a request that is not one, 403 for a token the site did
// not make (forged, altered, or signed with a secret rotated since) or a user who is gone.
$refusal = null;
$status = 200;
$fields = unsubscribe_token::parse($token);
if ($fields === null) {
    [$status, $refusal] = [400, 'unsubscribe:malformed'];
} else if (($fields = unsubscribe_token::verify($token, unsubscribe_token::secret())) === null) {
    [$status, $refusal] = [403, 'unsubscribe:invalid'];
} else {
    $user = core_user::get_user($fields['userid'], 'id, deleted, lang');
    // No session carries the learner's language here: once the token names them, the page speaks it,
    // as the message they clicked in did.
    if ($user && !empty($user->lang) && get_string_manager()->translation_exists($user->lang, false)) {
        force_current_language($user->lang);
    }
    if (!$user || !empty($user->deleted)) {
        [$status, $refusal] = [403, 'unsubscribe:nouser'];
    } else if ($ispost && $oneclick !== 'One-Click') {
        [$status, $refusal] = [400, 'unsubscribe:nopost'];
    }
}

$PAGE->set_title(get_string('unsubscribe:title', 'block_course_notification'));
$PAGE->set_heading(format_string($SITE->fullname, true, ['context' => context_system::instance()]));

if ($refusal !== null) {
    http_response_code($status);
    echo $OUTPUT->header();
    echo $OUTPUT->heading(get_string('unsubscribe:title', 'block_course_notification'));
    echo $OUTPUT->notification(get_string($refusal, 'block_course_notification'), 'error', false);
    echo $OUTPUT->footer();
    exit;
}

if ($ispost) {
    // Recorded before anything is sent back: a provider that drops the connection early still unsubscribed.
    ignore_user_abort(true);
    preferences::opt_out($fields['userid'], $fields['courseid'], $fields['topic'], 'oneclick', time());
}

$actionurl = new moodle_url('/blocks/course_notification/unsubscribe.php', ['token' => $token]);
$page = new unsubscribe_page(
    $ispost,
    preferences::describe($fields['courseid'], $fields['topic']),
    $actionurl,
    new moodle_url('/blocks/course_notification/preferences.php')
);
echo $OUTPUT->header();
echo $OUTPUT->heading(get_string('unsubscribe:title', 'block_course_notification'));
echo $PAGE->get_renderer('block_course_notification')->render($page);
echo $OUTPUT->footer();
