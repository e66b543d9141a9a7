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
 * The test send page: one notification written for one learner, and the test mail to oneself.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace block_course_notification\output;

use block_course_notification\local\catalogue;
use block_course_notification\local\course_definitions;
use block_course_notification\local\engine;

/**
 * What testsend.php shows (templates/testsend.mustache), and the test send itself.
 *
 * The message is the engine's (engine::preview(): the run's reads, decider, renderer and footer), so
 * what is shown and mailed here is what the learner would receive. A test mail goes to the person who
 * asks for it, through Moodle's email_to_user() (so noemailever and divertallemailsto apply), marked as
 * a test; it is never the learner's occurrence: nothing is written to the outbox or the audit, and no
 * notification_sent event is triggered.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class testsend_page implements \renderable, \templatable {
    /** The capability the page and the send require, in the course's block context (as report.php). */
    public const CAPABILITY = 'block/course_notification:setup';

    /**
     * Builds the page.
     *
     * @param \moodle_url $pageurl the page, with courseid
     * @param array $notifications code => name (the course's effective set)
     * @param array $learners user id => name (enrolled users)
     * @param string $code the chosen notification ('' : none yet)
     * @param int $userid the chosen learner (0: none yet)
     * @param array|null $preview engine::preview()'s answer, when both are chosen and it worked
     * @param string|null $problem why there is no preview, when there is none
     * @param string $myaddress the current user's address (where a test goes)
     */
    public function __construct(
        /** @var \moodle_url the page, with courseid */
        private readonly \moodle_url $pageurl,
        /** @var array code => name */
        private readonly array $notifications,
        /** @var array user id => name */
        private readonly array $learners,
        /** @var string the chosen notification */
        private readonly string $code,
        /** @var int the chosen learner */
        private readonly int $userid,
        /** @var array|null the preview */
        private readonly ?array $preview,
        /** @var string|null why there is no preview */
        private readonly ?string $problem,
        /** @var string the current user's address */
        private readonly string $myaddress,
    ) {
    }

    /**
     * The preview of notification $code for learner $userid in course $courseid now, with the template
     * problems of every language the site has installed.
     *
     * @param int $courseid the course
     * @param int $userid the learner
     * @param string $code the notification
     * @param int|null $now the instant to write for (null: now)
     * @param int|null $linksfor whose links the footer carries (null: the learner's, as delivered)
     * @return array engine::preview()'s answer
     * @throws \moodle_exception enginefailed (unknown course, learner or code), enginetimeout, extensionmissing
     */
    public static function preview(int $courseid, int $userid, string $code, ?int $now = null, ?int $linksfor = null): array {
        $options = ['now' => $now ?? time(), 'langs' => course_definitions::languages()];
        if ($linksfor !== null) {
            $options['links_for'] = $linksfor;
        }
        return engine::preview($courseid, $userid, $code, $options);
    }

    /**
     * Sends the preview of $code for $learner to the current user, as a test: the capability and the
     * session key are checked first, the subject is marked and the body says whom it was written for.
     *
     * @param \context $context where the capability is checked (the course's block, or the course)
     * @param int $courseid the course
     * @param \stdClass $learner the learner the message is written for
     * @param string $code the notification
     * @param int|null $now the instant to write for (null: now)
     * @return bool what email_to_user() answered
     * @throws \moodle_exception nopermissions, invalidsesskey, or the engine's
     */
    public static function send_test(\context $context, int $courseid, \stdClass $learner, string $code,
            ?int $now = null): bool {
        global $USER;
        require_capability(self::CAPABILITY, $context);
        require_sesskey();
        // The footer's links are the sender's own: following the test's unsubscribe link changes only
        // their choices, never the learner's.
        $preview = self::preview($courseid, (int) $learner->id, $code, $now, (int) $USER->id);
        if ($preview['error'] !== null) {
            throw new \moodle_exception('testsend:cannotwrite', 'block_course_notification', '', null, $preview['error']);
        }
        $me = \core_user::get_user($USER->id, '*', MUST_EXIST);
        $a = (object) ['learner' => fullname($learner), 'notification' => catalogue::name($code)];
        $subject = get_string('testsend:subjectprefix', 'block_course_notification') . $preview['subject'];
        $text = get_string('testsend:bodyline', 'block_course_notification', $a) . "\n\n" . $preview['text'];
        $html = '<p><strong>' . s(get_string('testsend:bodyline', 'block_course_notification', $a)) . '</strong></p>'
            . $preview['html'];
        // From the site's no-reply address, to the current user: email_to_user() applies the site's switches.
        return email_to_user($me, \core_user::get_noreply_user(), $subject, $text, $html);
    }

    /**
     * What the page says when there is no preview: the engine's own sentence when it is about what was
     * asked (no such notification in the course, a learner not enrolled: it names nothing of the site's
     * setup), else the facade's page notice (unavailable, or out of time).
     *
     * @param \moodle_exception $e what the facade threw
     * @return string plain text
     */
    public static function notice(\moodle_exception $e): string {
        $detail = (string) ($e->debuginfo ?? '') . ' ' . $e->getMessage();
        if (preg_match('/invalid setting (?:code|userid|courseid): ([^\n]*)/', $detail, $m)) {
            return get_string('testsend:cannotpreview', 'block_course_notification', trim($m[1]));
        }
        return engine::page_notice($e);
    }

    /**
     * Context for templates/testsend.mustache.
     *
     * @param \renderer_base $output the renderer
     * @return array
     */
    public function export_for_template(\renderer_base $output): array {
        $notifications = [];
        foreach ($this->notifications as $code => $name) {
            $notifications[] = ['value' => $code, 'label' => $name, 'selected' => $this->code === (string) $code];
        }
        $learners = [];
        foreach ($this->learners as $id => $name) {
            $learners[] = ['value' => $id, 'label' => $name, 'selected' => $this->userid === (int) $id];
        }
        $context = [
            'action' => $this->pageurl->out_omit_querystring(),
            'courseid' => (int) $this->pageurl->param('courseid'),
            'code' => $this->code,
            'userid' => $this->userid,
            'notifications' => $notifications,
            'learners' => $learners,
            'problem' => (string) $this->problem,
            'hasproblem' => $this->problem !== null,
            'haspreview' => $this->preview !== null,
            'sesskey' => sesskey(),
            'sendlabel' => get_string('testsend:send', 'block_course_notification', $this->myaddress),
        ];
        if ($this->preview === null) {
            return $context;
        }
        $p = $this->preview;
        $decision = $p['decision'];
        $problems = [];
        foreach ($p['problems'] as $lang => $parts) {
            foreach ($parts as $part => $messages) {
                foreach ($messages as $message) {
                    $problems[] = ['lang' => $lang, 'uses' => $p['texts_lang'][$lang] ?? $lang,
                        'part' => get_string('testsend:part' . $part, 'block_course_notification'), 'message' => $message];
                }
            }
        }
        return $context + [
            'lang' => $p['lang'],
            'timezone' => $p['timezone'],
            // In the learner's time zone, shown beside it.
            'due' => $p['due'] !== null ? userdate($p['due'], get_string('strftimedatetime', 'langconfig'), $p['timezone']) : '',
            'hasdue' => $p['due'] !== null,
            'decision' => $decision === null ? get_string('testsend:nodecision', 'block_course_notification')
                : ($decision['outcome'] === 'accepted' ? $decision['reason'] : 'rule ' . $decision['rule'] . ' : '
                    . $decision['reason']),
            'subject' => $p['subject'],
            'text' => $p['text'],
            // Shown in a sandboxed frame (no script, no form, no same origin): the engine escapes every value,
            // and the frame keeps even a template's own markup from touching this page.
            'html' => $p['html'],
            'error' => (string) $p['error'],
            'haserror' => $p['error'] !== null,
            'problems' => $problems,
            'hasproblems' => $problems !== [],
            'cansend' => $p['error'] === null,
        ];
    }
}
