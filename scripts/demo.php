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
 * The demo's PHP side: calls the extension exactly as the plugin's task does, against the demo
 * database and the local SMTP catcher that scripts/demo prepared.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification developers
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A developer file, under the web root in a full clone: does nothing unless run from the command line.
PHP_SAPI === 'cli' || exit();

if (!extension_loaded('course_notification')) {
    fwrite(STDERR, "the course_notification extension is not loaded\n");
    exit(1);
}
[$db, $smtpport, $maildir] = [getenv('CN_DEMO_DB'), (int)getenv('CN_DEMO_SMTP_PORT'), getenv('CN_DEMO_MAILDIR')];
// As Moodle's $CFG->dbtype says it: MariaDB (scripts/demo) or PostgreSQL (scripts/demo --db postgres).
$pgsql = getenv('CN_DEMO_DB_KIND') === 'postgres';

// The learner's pages (one-click unsubscribe) on PHP's built-in server, on MariaDB: the site's
// wwwroot is that server, so the links in the messages lead to it.
require_once(__DIR__ . '/lib/learner_pages_site.php');
$secret = bin2hex(random_bytes(32));
$pages = $pgsql ? null : learner_pages_start($db, $secret, (int) getenv('CN_DEMO_WEB_PORT'));
$wwwroot = $pages ? $pages[1] : 'http://demo.localhost';

$engine = new \CourseNotification\Engine([
    'db' => ['type' => $pgsql ? 'pgsql' : 'mariadb', 'host' => '127.0.0.1', 'port' => $pgsql ? 5432 : 3306,
        'name' => $db, 'user' => 'cn', 'pass' => 'cn', 'prefix' => 'mdl_'],
    'smtp' => ['host' => '127.0.0.1', 'port' => $smtpport, 'secure' => '', 'user' => '', 'pass' => ''],
    'site' => ['wwwroot' => $wwwroot, 'fullname' => 'Demo Academy', 'shortname' => 'demo',
        'noreplyaddress' => 'noreply@demo.localhost', 'timezone' => 'Europe/Paris', 'lang' => 'en'],
    'audience' => ['secret' => $secret],
]);

/**
 * Prints the counts of a report on one line.
 *
 * @param array $report
 */
function counts(array $report): void {
    $c = $report['counts'];
    $trapped = [];
    foreach ($c['trapped'] as $rule => $n) {
        $trapped[] = "$rule=$n";
    }
    printf("evaluated %d, accepted %d, trapped [%s], queued %d, sent %d, failed %d, deferred %d\n",
        $c['evaluated'], $c['accepted'], implode(' ', $trapped), $c['queued'], $c['sent'], $c['failed'], $c['deferred']);
    foreach ($report['failures'] as $f) {
        printf("  failed: %s <%s>: %s\n", $f['occkey'], $f['email'], $f['error']);
    }
}

/**
 * Lists the messages the SMTP catcher holds.
 *
 * @param string $maildir
 * @return string[] file names
 */
function delivered(string $maildir): array {
    $files = glob("$maildir/*.eml") ?: [];
    sort($files);
    return $files;
}

$now = time();
echo "\n-- 1. Dry run (no mail, nothing written): the trace of every decision\n";
$report = $engine->run(['now' => $now, 'mode' => 'dryrun']);
echo implode("\n", $report['trace']), "\n";
counts($report);

echo "\n   per notification: accepted, then trapped by rule\n";
$table = [];
foreach ($report['decisions'] as $d) {
    $table[$d['notification']][$d['rule'] === '' ? 'accepted' : $d['rule']] =
        ($table[$d['notification']][$d['rule'] === '' ? 'accepted' : $d['rule']] ?? 0) + 1;
}
foreach ($table as $notification => $row) {
    $accepted = $row['accepted'] ?? 0;
    unset($row['accepted']);
    ksort($row);
    $rules = [];
    foreach ($row as $rule => $n) {
        $rules[] = "$rule=$n";
    }
    printf("   %-16s accepted %2d   %s\n", $notification, $accepted, implode(' ', $rules));
}

echo "\n-- 2. Real run: accepted occurrences go to the outbox, then to the SMTP server\n";
$report = $engine->run(['now' => $now, 'mode' => 'send', 'cap' => 200]);
counts($report);
foreach (delivered($maildir) as $file) {
    $raw = file_get_contents($file);
    preg_match('/^To: (.*)$/mi', $raw, $to);
    preg_match('/^Subject: ([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/mi', $raw, $subject);
    printf("  delivered %s  To: %s  Subject: %s\n", basename($file), trim($to[1] ?? '?'),
        mb_decode_mimeheader(preg_replace('/\r?\n[ \t]/', ' ', $subject[1] ?? '?')));
}

echo "\n-- 3. Second real run: nothing new is sent\n";
$before = count(delivered($maildir));
$report = $engine->run(['now' => time(), 'mode' => 'send']);
counts($report);
foreach ($report['trace'] as $line) {
    if (strpos($line, 'rule B') !== false) {
        echo "$line\n";
    }
}
printf("messages in the catcher: %d before, %d after\n", $before, count(delivered($maildir)));
$ok = count(delivered($maildir)) === $before;

if ($pages) {
    echo "\n-- 4. One click: a learner unsubscribes from a message's List-Unsubscribe header\n";
    $unsubscribed = null;
    // A welcome: the learner's next reminder of that topic (the first call) is a week ahead.
    $files = delivered($maildir);
    usort($files, fn($a, $b) => (int) !str_contains(file_get_contents($a), 'Message-ID: <firstassign.')
        <=> (int) !str_contains(file_get_contents($b), 'Message-ID: <firstassign.'));
    foreach ($files as $file) {
        $raw = preg_replace('/\r?\n[ \t]+/', ' ', file_get_contents($file));
        if (preg_match('/^List-Unsubscribe: <([^>]+)>/mi', $raw, $m)
                && preg_match('/token=(\d+)-(\d+)-([a-z0-9_]+)-/', $m[1], $t)) {
            printf("  %s: List-Unsubscribe: <%s>\n", basename($file), $m[1]);
            printf("  POST List-Unsubscribe=One-Click (no cookie, as a mail provider sends it): %s\n",
                learner_pages_one_click($m[1]));
            preg_match('/^Message-ID: <([a-z0-9_]+)\./mi', $raw, $code);
            $unsubscribed = ['user' => (int) $t[1], 'course' => (int) $t[2], 'topic' => $t[3], 'code' => $code[1] ?? ''];
            break;
        }
    }
    if (!$unsubscribed) {
        echo "  no delivered message carries a List-Unsubscribe header\n";
        $ok = false;
    } else {
        printf("  user %d opted out of '%s' in course %d\n", $unsubscribed['user'], $unsubscribed['topic'],
            $unsubscribed['course']);
        echo "\n-- 5. The next run: that learner's next reminder of that topic is trapped by rule O\n";
        $found = false;
        for ($day = 1; $day <= 60 && !$found; $day++) {
            $report = $engine->run(['now' => $now + $day * 86400, 'mode' => 'dryrun',
                'users' => [$unsubscribed['user']], 'courses' => [$unsubscribed['course']]]);
            foreach ($report['trace'] as $line) {
                // The next one: not the notification already sent (rule O is checked before B).
                if (!$found && strpos($line, 'rule O') !== false
                        && !preg_match('/^\d+ ' . preg_quote($unsubscribed['code'], '/') . ' /', $line)) {
                    printf("  in %d day(s): %s\n", $day, $line);
                    $found = true;
                }
            }
        }
        if (!$found) {
            echo "  no reminder of that topic comes in the next 60 days for that learner\n";
        }
        $ok = $ok && $found;
    }
    learner_pages_stop($pages);
}
exit($ok ? 0 : 1);
