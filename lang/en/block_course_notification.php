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
 * English strings of the course notifications block.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$string['action:resend'] = 'Resend';
$string['action:resend_confirm'] = 'Send "{$a->notification}" to {$a->user} again? The message goes back to the queue and is sent at the next run.';
$string['action:resend_done'] = '"{$a->notification}" will be sent again to {$a->user} at the next run.';
$string['action:resend_noapply'] = 'Resend no longer applies to "{$a->notification}" for {$a->user}: the message is being sent, or waits to be sent, right now. The report shows where it stands now.';
$string['action:reset'] = 'Reset';
$string['action:reset_confirm'] = 'Reset "{$a->notification}" for {$a->user}? The record of this message, which was not sent, is deleted, so the engine decides again at its next run, and queues it again if it is still due.';
$string['action:reset_done'] = '"{$a->notification}" was reset for {$a->user}.';
$string['action:reset_noapply'] = 'Reset no longer applies to "{$a->notification}" for {$a->user}: the message was sent, or is being sent, right now. The report shows where it stands now.';
$string['adminnotice:engine'] = 'Course notifications: {$a->summary} Nothing is sent until it is fixed; the queued messages and the learners\' changes wait, and Moodle\'s own upgrades are not blocked. <a href="{$a->url}">What to do</a>';
$string['block:computed'] = 'Forecast and trapped count computed at {$a}.';
$string['block:counts'] = 'Messages in this course';
$string['block:duenext'] = 'Due at the next run';
$string['block:enabled'] = 'Notifications switched on';
$string['block:forecast'] = 'The next {$a} days';
$string['block:forecastday'] = '{$a} due';
$string['block:forecastnone'] = 'Nothing is due in the coming days.';
$string['block:lastrun'] = 'Last run of the task: {$a}';
$string['block:never'] = 'never';
$string['block:noneenabled'] = 'No notification is switched on in this course.';
$string['block:upcoming'] = 'Your upcoming reminders in this course:';
$string['cachedef_blockcourses'] = 'Courses that carry the course notifications block';
$string['cannotresendforgotten'] = 'This message was removed at the user\'s request (privacy): only the record that it was sent remains, so it cannot be resent.';
$string['cannotresetsent'] = 'A message that was sent, or is being sent, cannot be reset: its record is what keeps it from being sent twice. Use Resend to send it again.';
$string['check:engine'] = 'Course notifications engine';
$string['check:engine:cronmismatch'] = 'The PHP that runs cron, {$a->php}, loads the course_notification extension {$a->found}; this plugin expects {$a->expected}.';
$string['check:engine:cronmismatch_details'] = 'So the tasks found it at their runs since {$a->since}, while the web server\'s PHP loads the expected version: the command line\'s ini points to another build, or cron runs another PHP.';
$string['check:engine:cronmissing'] = 'The PHP that runs cron, {$a->php}, does not load the course_notification extension: the tasks send nothing.';
$string['check:engine:cronmissing_details'] = 'So the tasks found it at their runs since {$a->since}, while the web server\'s PHP loads it: the command line has its own ini (for example /etc/php/X.Y/cli/conf.d) that does not enable the extension, or cron runs another PHP version.';
$string['check:engine:database'] = 'The notification engine does not read this site\'s database (\'{$a}\'): no course notification is sent.';
$string['check:engine:database_details'] = 'The engine reads MariaDB, MySQL and PostgreSQL databases, the ones Moodle\'s mariadb, mysqli, auroramysql and pgsql drivers use. On SQL Server or Oracle the block shows its pages but its tasks send nothing and say so in their log.';
$string['check:engine:fix'] = 'What to do: the extension is built for one PHP minor version and thread mode, so a PHP update (8.2 to 8.3, say) needs a rebuild. In a clone of the source of this plugin release, build it for the PHP that runs Moodle (<code>PHP_CONFIG=/usr/bin/php-config8.3 cargo build --release</code>), enable <code>extension=/path/to/target/release/libcourse_notification.so</code> in the ini of both the command line (cron) and the web server, restart PHP-FPM, then reload this page. The plugin\'s README gives each step under "After a PHP update". Meanwhile Moodle\'s own upgrades are not blocked, the tasks send nothing and say so in their log, and the queued messages and the learners\' changes wait: the first run after the fix processes them.';
$string['check:engine:mismatch'] = 'This PHP, {$a->php}, loads the course_notification extension {$a->found}; this plugin expects {$a->expected}.';
$string['check:engine:mismatch_details'] = 'The extension and the plugin do not come from the same release: the plugin was upgraded without rebuilding the extension, or the reverse. The engine may still run, but it was not written for this plugin\'s PHP side.';
$string['check:engine:missing'] = 'This PHP, {$a->php}, does not load the course_notification extension: no course notification is sent.';
$string['check:engine:missing_details'] = 'After a PHP update this is expected: PHP refuses an extension built for another minor version (its log says "Module compiled with module API=…"), and the new PHP\'s ini does not enable it yet.';
$string['check:engine:ok'] = 'The course_notification extension {$a->found} is loaded by this PHP, {$a->php}.';
$string['cli:badforecast'] = '--forecast takes a number of days from 1 to 366.';
$string['cli:badids'] = '--{$a} takes a comma-separated list of ids, for example --{$a}=2,5.';
$string['cli:exclusive'] = '--dryrun, --markonly and --forecast cannot be combined.';
$string['cli:forecastby'] = 'course {$a->courseid} {$a->notification}: {$a->count}';
$string['cli:forecastday'] = '{$a->date}: due {$a->due}, capacity {$a->capacity}, pushed back {$a->pushed_back}, held by the daily budget {$a->held}';
$string['cli:forecastheader'] = 'Forecast for the next {$a->days} days (runs a day, as the scheduled task is set: {$a->runs}):';
$string['cli:forecasttotal'] = 'Total due: {$a}';
$string['cli:help'] = 'Runs the course notifications once, or forecasts the coming days.

Options:
-c, --courses=1,2   Only these courses (ids)
-u, --users=3,4     Only these users (ids)
-n, --dryrun        Decide only: no mail, nothing written, no event
-m, --markonly      Record what is due as handled without sending it
-v, --verbose       Print the trace: one line per decision, with the rule that trapped it
-f, --forecast=DAYS What the next DAYS days will send, and what the per-run cap will push back
-j, --json          Print the result as JSON
    --force         Run even when the site switch (enable) is off
-h, --help          Print this help

Exit codes:
0  done (messages refused by the mail server are listed, and retried or recorded as failed)
1  the run could not complete: engine missing, database or mail server failure
2  bad arguments
3  nothing done: notifications are disabled for the site, or another run holds the lock

Example:
php blocks/course_notification/cli/process_notifications.php --courses=2 --dryrun --verbose';
$string['cli:mode'] = 'Mode: {$a}';
$string['cli:novalue'] = '--{$a} takes no value.';
$string['cli:seehelp'] = 'See --help.';
$string['cli:unknownoption'] = 'Unknown option: {$a}';
$string['config:add'] = 'Add a notification to this course';
$string['config:add_desc'] = 'Fill in a code to add a notification of this course, on any trigger. It sends only what becomes due after it is switched on. Leave the code empty to add nothing.';
$string['config:body'] = 'Body ({$a})';
$string['config:code'] = 'Code';
$string['config:code_help'] = 'A short identifier, used in the traces and the report: 1 to 64 lower-case letters, digits or underscores, for example <code>halfway</code>. It cannot be the code of a notification the course already has.';
$string['config:current'] = 'Applies now';
$string['config:delete'] = 'Delete this notification';
$string['config:display'] = 'Display';
$string['config:enabled'] = 'Switched on';
$string['config:essential'] = 'Essential';
$string['config:essential_help'] = 'An essential notification is sent whatever the learner opted out of (this kind of notification, this course, or every course notification), and is never held back by the daily budget or the minimum gap, though it counts in them. Learners see it on their preferences page as always sent. Use it for notices a learner must receive, for example where a contract requires telling them that their access has ended. Inherit takes the value set for the site or the category.';
$string['config:essentialinherit'] = 'Inherit';
$string['config:essentialinherited'] = 'Inherit ({$a->value}, from {$a->source})';
$string['config:essentialset'] = 'Yes: sent whatever learners opted out of (set by a site administrator)';
$string['config:inheritedadded'] = 'added above this course';
$string['config:noengine'] = 'The notification engine cannot tell which values this course inherits; only what this course sets is shown. {$a}';
$string['config:notifications'] = 'Notifications';
$string['config:off'] = 'off';
$string['config:offset'] = 'When';
$string['config:offset_help'] = 'Days after the trigger (a negative number: days before it). 0 sends on the day of the trigger.';
$string['config:offsetunit'] = 'days after the trigger (negative: before)';
$string['config:on'] = 'on';
$string['config:override'] = 'Override';
$string['config:overrideinherited'] = 'Override (inherited from {$a})';
$string['config:placeholders'] = 'Placeholders you can use in subjects and bodies: {$a}';
$string['config:repeat'] = 'Repeat';
$string['config:repeat_help'] = 'Days between two sendings (0: no repeat), and at most how many sendings (0: no limit).';
$string['config:repeatevery'] = 'every (days)';
$string['config:repeatmax'] = 'at most (times)';
$string['config:showlearners'] = 'Show learners their upcoming reminders';
$string['config:showlearners_help'] = 'When on, learners see in this block the reminders they are due to receive in the next two weeks. When off, the block is hidden from them.';
$string['config:subject'] = 'Subject ({$a})';
$string['config:summary'] = '{$a->state}; {$a->offset} days from: {$a->trigger}.';
$string['config:summaryrepeat'] = 'Repeated every {$a->every} days (at most {$a->max}, 0 = no limit).';
$string['config:texts'] = 'Texts in {$a}';
$string['config:trigger'] = 'Trigger';
$string['course_notification:addinstance'] = 'Add a course notifications block';
$string['course_notification:benotified'] = 'Receive course notifications as a learner';
$string['course_notification:excludefromnotification'] = 'Be excluded from course notifications';
$string['course_notification:setup'] = 'Configure course notifications';
$string['enginefailed'] = 'The notification engine failed: {$a}';
$string['enginetimeout'] = 'The course notifications could not be computed in time: the site is busy. Try again in a few minutes.';
$string['engineunavailable'] = 'The course notifications cannot be computed at the moment. If this lasts, tell the site administrator (with debugging on, the page shows the cause).';
$string['environment:extensionmissing'] = 'Recommended: the course_notification PHP extension, built from the plugin\'s source, is the engine of the course notifications block. Without it nothing is sent (Site administration > Reports > System status then shows an error), but nothing else is affected and Moodle\'s upgrades go on. Build it for this PHP and enable it for the web server and the command line (the plugin\'s README: "Installing in a Moodle site" and "After a PHP update").';
$string['error:code'] = 'Use 1 to 64 lower-case letters, digits or underscores.';
$string['error:codeexists'] = 'This course already has a notification with this code.';
$string['error:essential'] = 'Choose inherit, yes or no.';
$string['error:notext'] = 'Write a subject and a body in at least one language.';
$string['error:oneline'] = 'The subject must fit on one line.';
$string['error:range'] = 'Enter a whole number from {$a->min} to {$a->max}.';
$string['error:recipients'] = 'Write learner and/or role:ID, separated by commas.';
$string['error:required'] = 'Required.';
$string['error:template'] = 'The template cannot be used: {$a}';
$string['error:toolong'] = 'At most {$a} characters.';
$string['error:trigger'] = 'Choose a trigger.';
$string['event:notificationsent'] = 'Course notification sent';
$string['export:date'] = 'Date';
$string['export:error'] = 'Last error';
$string['export:fullname'] = 'Full name';
$string['export:notification'] = 'Notification';
$string['export:reason'] = 'Reason';
$string['export:rule'] = 'Rule';
$string['export:state'] = 'State';
$string['extensionmissing'] = 'The course_notification PHP extension is not loaded, so course notifications cannot be processed. Ask the site administrator to install it (see Site administration > Reports > System status).';
$string['invalidaction'] = 'Unknown action.';
$string['messageprovider:mail'] = 'Course notifications by e-mail';
$string['messageprovider:notification'] = 'Reminders about your courses (access opening, ending, inactivity, completion)';
$string['messages:course'] = 'Go to the course';
$string['messages:crashed'] = 'Given up: each of the last 5 hand-overs to Moodle\'s message API ended the process before its outcome was recorded.';
$string['messages:notsent'] = 'Moodle did not accept the notification (the user may no longer exist).';
$string['migrate:done'] = 'Migrated from the original plugin: {$a->outbox} notifications already sent, {$a->instances} block instances, {$a->definitions} course settings, {$a->texts} texts ({$a->skippedtexts} texts left out because the engine refuses them).';
$string['notenrolled'] = 'This user is not enrolled in the course.';
$string['notif:closed'] = 'Access has ended';
$string['notif:coldfeedback'] = 'Feedback request after completion';
$string['notif:completed'] = 'Course completed';
$string['notif:firstassign'] = 'Welcome (access opens)';
$string['notif:firstcall'] = 'First call (never came in)';
$string['notif:fivedaystoend'] = 'Access ends in 5 days';
$string['notif:inactive'] = 'Inactivity reminder';
$string['notif:onedaytoend'] = 'Access ends tomorrow';
$string['notif:oneweeknearend'] = 'Access ends in one week';
$string['notif:secondcall'] = 'Second call (never came in)';
$string['notif:threedaystoend'] = 'Access ends in 3 days';
$string['notif:twoweeksnearend'] = 'Access ends in two weeks';
$string['outbox:failed'] = 'Failed';
$string['outbox:marked'] = 'Marked as sent (not mailed)';
$string['outbox:pending'] = 'Pending';
$string['outbox:sending'] = 'Being sent';
$string['outbox:sent'] = 'Sent';
$string['output:email'] = 'E-mail';
$string['output:message'] = 'Moodle notification';
$string['pluginname'] = 'Course notifications';
$string['prefs:coursegone'] = 'a course that no longer exists';
$string['prefs:courses'] = 'Everything from one course';
$string['prefs:courseshelp'] = 'Untick a course to stop all its notifications.';
$string['prefs:essentialitem'] = '{$a->name} ({$a->where})';
$string['prefs:essentials'] = 'Always sent';
$string['prefs:essentialshelp'] = 'The site administrator marked these notifications as essential: they are sent whatever you choose on this page.';
$string['prefs:everycourse'] = 'all your courses';
$string['prefs:intro'] = 'Choose which e-mails about your courses you receive. A ticked box means you receive them. This does not change the notifications of the rest of the site.';
$string['prefs:link'] = 'Course notification preferences';
$string['prefs:save'] = 'Save changes';
$string['prefs:saved'] = 'Your course notification preferences were saved.';
$string['prefs:specific'] = 'Stopped from an e-mail';
$string['prefs:specifichelp'] = 'You stopped these with the unsubscribe link of an e-mail.';
$string['prefs:specificitem'] = '{$a->topic}, from {$a->course}';
$string['prefs:title'] = 'Course notification preferences';
$string['prefs:topics'] = 'Kinds of notifications, in every course';
$string['prefs:undo'] = 'Receive again';
$string['prefs:undone'] = 'You will receive these again: {$a->topic}, from {$a->course}.';
$string['privacy:metadata:block_cnotif_audit'] = 'The outcome of each delivery (sent, or failed for good), kept for the audit retention set by the administrator.';
$string['privacy:metadata:block_cnotif_audit:courseid'] = 'The course the notification is about.';
$string['privacy:metadata:block_cnotif_audit:detail'] = 'The mail server\'s reply when the delivery failed.';
$string['privacy:metadata:block_cnotif_audit:notification'] = 'Which notification was delivered.';
$string['privacy:metadata:block_cnotif_audit:output'] = 'Whether it went by e-mail or as a Moodle notification.';
$string['privacy:metadata:block_cnotif_audit:recipientid'] = 'The user it went to.';
$string['privacy:metadata:block_cnotif_audit:status'] = 'Whether it was sent or failed.';
$string['privacy:metadata:block_cnotif_audit:timeoutcome'] = 'When it was sent or failed.';
$string['privacy:metadata:block_cnotif_audit:userid'] = 'The learner it is about.';
$string['privacy:metadata:block_cnotif_outbox'] = 'One row per notification message prepared for a user about a course, with its content and delivery state.';
$string['privacy:metadata:block_cnotif_outbox:bodyhtml'] = 'The HTML body of the message.';
$string['privacy:metadata:block_cnotif_outbox:bodytext'] = 'The plain text body of the message.';
$string['privacy:metadata:block_cnotif_outbox:courseid'] = 'The course the message is about.';
$string['privacy:metadata:block_cnotif_outbox:lang'] = 'The language the message was written in.';
$string['privacy:metadata:block_cnotif_outbox:lasterror'] = 'The last error met while sending the message.';
$string['privacy:metadata:block_cnotif_outbox:mailformat'] = 'Whether the user receives mail as plain text only or as text and HTML, copied from their profile when the message was prepared.';
$string['privacy:metadata:block_cnotif_outbox:notification'] = 'The kind of notification, for example a welcome or an end-of-access reminder.';
$string['privacy:metadata:block_cnotif_outbox:output'] = 'Whether the message goes by e-mail or as a Moodle notification.';
$string['privacy:metadata:block_cnotif_outbox:recipient'] = 'The email address the message is sent to.';
$string['privacy:metadata:block_cnotif_outbox:recipientid'] = 'The user the message goes to (the learner, or a member of the course staff for a copy).';
$string['privacy:metadata:block_cnotif_outbox:recipientname'] = 'The name of the recipient.';
$string['privacy:metadata:block_cnotif_outbox:status'] = 'The delivery state of the message.';
$string['privacy:metadata:block_cnotif_outbox:subject'] = 'The subject of the message.';
$string['privacy:metadata:block_cnotif_outbox:timecreated'] = 'When the message was prepared.';
$string['privacy:metadata:block_cnotif_outbox:timedue'] = 'When the message became due.';
$string['privacy:metadata:block_cnotif_outbox:timesent'] = 'When the message was sent.';
$string['privacy:metadata:block_cnotif_outbox:userid'] = 'The user the message is for.';
$string['privacy:metadata:block_cnotif_pref'] = 'What the user chose not to receive: a kind of course notification, the notifications of a course, or all of them.';
$string['privacy:metadata:block_cnotif_pref:courseid'] = 'The course the choice applies to (none: every course).';
$string['privacy:metadata:block_cnotif_pref:source'] = 'Where the choice was made: the preferences page, or the unsubscribe link of an e-mail.';
$string['privacy:metadata:block_cnotif_pref:timecreated'] = 'When the choice was made.';
$string['privacy:metadata:block_cnotif_pref:topic'] = 'The kind of notification the user no longer receives, or all of them.';
$string['privacy:metadata:block_cnotif_pref:userid'] = 'The user who made the choice.';
$string['privacy:metadata:core_message'] = 'When the site also sends them as Moodle notifications, messages go through Moodle\'s messaging system.';
$string['privacy:metadata:smtp'] = 'Notification messages are handed to the mail server (SMTP) configured for the site, which delivers them outside Moodle.';
$string['privacy:metadata:smtp:body'] = 'The body of the message.';
$string['privacy:metadata:smtp:recipient'] = 'The email address and name of the recipient.';
$string['privacy:metadata:smtp:subject'] = 'The subject of the message.';
$string['privacy:path'] = 'Course notifications';
$string['privacy:path:optouts'] = 'Notifications you chose not to receive';
$string['report:allnotifications'] = 'All notifications';
$string['report:allstates'] = 'Any state';
$string['report:back'] = 'Back to the report';
$string['report:download'] = 'Download the report';
$string['report:filter'] = 'Filter';
$string['report:legend'] = 'Sent: with its date. Pending: waiting in the queue, with its due date. Failed: with the mail server\'s last reply. Due: the next run sends it. Trapped: the engine keeps it back now, with its rule and reason. Nothing: no occurrence for this learner. Not computed: the engine\'s part is missing from this page (see the notice above); only what the queue records is shown.';
$string['report:notification'] = 'Notification';
$string['report:off'] = '{$a} (off)';
$string['report:rule'] = 'Rule {$a}';
$string['report:search'] = 'Name, or a detail shown in the table';
$string['report:state'] = 'State';
$string['report:title'] = 'Notifications report';
$string['report:total'] = '{$a} learners';
$string['report:totalone'] = '1 learner';
$string['report:why'] = 'Why?';
$string['settings:audience'] = 'What each learner receives';
$string['settings:audience_desc'] = 'These settings apply to each learner across all their courses. Learners can opt out of course notifications from the link at the foot of every e-mail, or from their preferences; notifications marked essential are always sent.';
$string['settings:auditretention'] = 'Keep the delivery audit for (days)';
$string['settings:auditretention_desc'] = 'Each delivery (sent, or failed for good) is recorded in an audit table and as an event in the site\'s logs. Audit rows older than this are deleted every night; 0 keeps them. The record that stops a notification from being sent twice is never deleted.';
$string['settings:boundedint'] = 'Enter a whole number from {$a->min} to {$a->max}.';
$string['settings:cap'] = 'Messages per run';
$string['settings:cap_desc'] = 'The most messages one run of the notification task may send. What is held back goes first on the next run, so a backlog (for example after installation) drains over several runs instead of flooding the mail server.';
$string['settings:catalogue'] = 'Default notifications';
$string['settings:catalogue_desc'] = 'Which built-in notifications apply in every course, and their delays. A course can change them in its block\'s settings; what it does not change follows these values.';
$string['settings:dailybudget'] = 'Notification e-mails per learner per day';
$string['settings:dailybudget_desc'] = 'The most notification e-mails one learner receives in a day, across all their courses (0: no limit). What is over it is never dropped: it waits for the next day, the nearest deadline first, and the forecast shows it. A learner enrolled in many courses thus receives the most urgent notices first, a few a day. Essential notifications count but are never held back.';
$string['settings:delivery'] = 'Delivery';
$string['settings:digest'] = 'One e-mail for a learner\'s notifications of a run';
$string['settings:digest_desc'] = 'When a learner has several notifications due at the same time (in several courses, or a call and a reminder), they receive one e-mail that lists them all, in their language, with a link to each course, instead of one e-mail each. A digest counts as one e-mail in the daily budget.';
$string['settings:enable'] = 'Send course notifications';
$string['settings:enable_desc'] = 'When off, the notification task and the course completion observer do nothing. The scheduled task must also be enabled in Site administration > Server > Scheduled tasks.';
$string['settings:engine'] = 'Notification engine';
$string['settings:engineloaded'] = 'The course_notification extension is loaded, version {$a->found} (this plugin expects {$a->expected}).';
$string['settings:enginemissing'] = 'The PHP extension {$a} is not loaded: no notification can be sent until it is installed and enabled.';
$string['settings:evaluateevery'] = 'Evaluate every (minutes)';
$string['settings:evaluateevery_desc'] = 'How often the notification task reads every learner to decide what is due. Between two evaluations a run only sends what is already waiting, which costs almost nothing. Notifications count in calendar days, so a few minutes make no difference to a learner; on a very large site, a longer interval spares the database. 0 evaluates at every run. Enrolments, completions and profile changes are evaluated at once whatever this says.';
$string['settings:firstcalldelay'] = 'First call after (days)';
$string['settings:firstcalldelay_desc'] = 'Days after access opens before the first call to learners who never came into the course.';
$string['settings:inactivitydelay'] = 'Inactivity reminder after (days)';
$string['settings:inactivitydelay_desc'] = 'Days without coming into the course before the first inactivity reminder.';
$string['settings:inactivityfrequency'] = 'Repeat the inactivity reminder every (days)';
$string['settings:inactivityfrequency_desc'] = 'Days between two inactivity reminders while the learner stays away.';
$string['settings:messageoutput'] = 'Also send as Moodle notifications';
$string['settings:messageoutput_desc'] = 'Every message also goes to the notification bell and the mobile app, as each user\'s notification preferences allow. The e-mail is still sent by the engine.';
$string['settings:mingap'] = 'Minimum gap between two e-mails (minutes)';
$string['settings:mingap_desc'] = 'A learner receives no notification e-mail sooner than this many minutes after the previous one (0: no gap; at most 10080, a week). What must wait goes out at a later run. Essential notifications are not held back.';
$string['settings:pagedeadline'] = 'Engine deadline for pages (seconds)';
$string['settings:pagedeadline_desc'] = 'How long the block, the learners\' upcoming reminders, the report and the notification form wait for the engine. When the database is slower than this (a long backup or upgrade locking a table, say), the page shows itself without the engine\'s figures and says so, instead of hanging. Scheduled runs and the command line have no deadline. From 1 to 300.';
$string['settings:positiveint'] = 'Enter a whole number greater than zero.';
$string['settings:positiveintmax'] = 'Enter a whole number from 1 to {$a}.';
$string['settings:rotatesecret'] = 'Revoke every unsubscribe link';
$string['settings:rotatesecret_desc'] = 'Every e-mail carries a one-click unsubscribe link, signed with a secret key of this site that is never shown. Tick this box and save to replace the key: every unsubscribe link already mailed then stops working (learners can still opt out from their preferences page, and the next e-mails carry new links). Do it if the key may have leaked, for example with a copy of the site\'s database.';
$string['settings:rotatesecret_last'] = 'The key was last replaced on {$a}.';
$string['settings:rotatesecret_never'] = 'The key has not been replaced since the plugin was installed.';
$string['settings:secondcalldelay'] = 'Second call after (days)';
$string['settings:secondcalldelay_desc'] = 'Days after access opens before the second call to learners who never came into the course.';
$string['settings:smtpallowplainauth'] = 'SMTP password without encryption';
$string['settings:smtpallowplainauth_desc'] = 'When "SMTP security" is empty, the engine uses STARTTLS whenever the mail server offers it. If the server offers no STARTTLS and SMTP authentication is configured, the engine refuses to send the password in clear text and sends nothing. Tick this only if the mail server is on a network you trust (for example the same machine).';
$string['settings:title'] = 'Course notifications settings';
$string['settings:window_none'] = 'No window: send at any hour';
$string['settings:windowend'] = 'Send window closes at';
$string['settings:windowend_desc'] = 'First hour, in the recipient\'s timezone, when messages no longer go out. A closing hour before the opening hour makes an overnight window.';
$string['settings:windowstart'] = 'Send window opens at';
$string['settings:windowstart_desc'] = 'Messages are sent only between this hour and the closing hour, in each recipient\'s own timezone. What the window holds back waits in the outbox and goes first when it opens.';
$string['settings:windowweekdays'] = 'Weekdays only';
$string['settings:windowweekdays_desc'] = 'Also hold messages back on Saturdays and Sundays (in the recipient\'s calendar).';
$string['sitenotifications'] = 'Site notifications';
$string['sitenotifications:add'] = 'Add a site notification';
$string['sitenotifications:deleteconfirm'] = 'Delete the site values and texts of "{$a}"? A built-in notification then uses its built-in values again; one added at site level disappears from every course that does not define it.';
$string['sitenotifications:deleted'] = 'Deleted: the built-in values apply again.';
$string['sitenotifications:edit'] = 'Edit {$a}';
$string['sitenotifications:intro'] = 'Notifications defined here apply in every course that carries the block, unless a course overrides them. Change a built-in notification\'s texts, or add a notification on any trigger.';
$string['sitenotifications:latelimit'] = 'Never send later than (days after due)';
$string['sitenotifications:none'] = 'No notification is defined at site level: every course uses the built-in catalogue.';
$string['sitenotifications:offsetdays'] = 'Days after the trigger (negative: before)';
$string['sitenotifications:recipients'] = 'Recipients (learner, role:ID, comma-separated)';
$string['sitenotifications:repeatevery'] = 'Repeat every (days, 0: never)';
$string['sitenotifications:repeatmax'] = 'Repeat at most (0: no limit)';
$string['sitenotifications:saved'] = 'Saved.';
$string['sitenotifications:texts'] = 'Subject and body per language (empty: the built-in text)';
$string['source:builtin'] = 'the built-in default';
$string['source:context'] = '{$a}';
$string['source:course'] = 'this course';
$string['source:site'] = 'the site';
$string['state:due'] = 'Due';
$string['state:failed'] = 'Failed';
$string['state:none'] = 'Nothing';
$string['state:pending'] = 'Pending';
$string['state:sent'] = 'Sent';
$string['state:trapped'] = 'Trapped';
$string['state:unknown'] = 'Not computed';
$string['status:disabled'] = 'Sending is turned off for the site.';
$string['status:diverted'] = 'All e-mail of this site is diverted to {$a} ($CFG->divertallemailsto): learners receive nothing directly.';
$string['status:enabled'] = 'Sending is turned on for the site.';
$string['status:engineloaded'] = 'Notification engine {$a} is loaded.';
$string['status:enginemissing'] = 'The notification engine is not installed on this server, so no notification is sent. Please tell the site administrator.';
$string['status:enginenotloaded'] = 'Notification engine not loaded.';
$string['status:mailoff'] = 'E-mail is off for this site ($CFG->noemailever): nothing is sent. {$a} message(s) wait in the outbox; they are sent once e-mail is turned back on.';
$string['status:ready'] = 'Everything is in place: due notifications are sent at each run of the task.';
$string['status:taskdisabled'] = 'The notification task is disabled.';
$string['status:taskenabled'] = 'The notification task is enabled.';
$string['status:versionmismatch'] = 'The notification engine is version {$a->found}, but this plugin expects {$a->expected}.';
$string['task:auditcleaned'] = 'Audit rows deleted: {$a}';
$string['task:auditcleanup'] = 'Course notifications: prune the delivery audit';
$string['task:audited'] = 'Audited: {$a->sent} sent (one event each), {$a->failed} failed.';
$string['task:deliveronly'] = 'Learners are evaluated every {$a} minutes: this run only sends what is waiting.';
$string['task:extensionmismatch'] = 'Warning: this PHP loads the course_notification extension {$a->found}, and this plugin expects {$a->expected}. Rebuild the extension from this release (the plugin\'s README, "After a PHP update").';
$string['task:extensionmissing'] = 'The course_notification PHP extension is not loaded by this PHP, {$a}: nothing was evaluated or sent. The queued messages and the learners\' changes wait for the first run after the fix. What to do: rebuild the extension for this PHP and enable it for the command line and the web server (the plugin\'s README, "After a PHP update"); Site administration > Reports > System status says the same.';
$string['task:failure'] = 'Failed to send {$a->occkey} to {$a->email}: {$a->error}';
$string['task:mailoff'] = 'E-mail is off for this site ($CFG->noemailever): nothing was sent; {$a} message(s) wait in the outbox.';
$string['task:messages'] = 'Moodle notifications: {$a->sent} sent, {$a->failed} failed.';
$string['task:notification'] = 'Send course notifications';
$string['task:processuser'] = 'Course notifications for one learner';
$string['task:retrylater'] = 'This learner\'s evaluation is queued again for {$a}; the scheduled task\'s full runs also cover it once the extension is back.';
$string['task:sitedisabled'] = 'Course notifications are turned off for the site: nothing to do.';
$string['task:skipped'] = 'Another run of the course notifications is in progress (on another cron node?); this one did nothing.';
$string['task:summary'] = 'Evaluated {$a->evaluated}, accepted {$a->accepted}, trapped {$a->trapped}, queued {$a->queued}, sent {$a->sent}, failed {$a->failed}, deferred {$a->deferred}.';
$string['testsend:bodyline'] = 'This is a test of the notification "{$a->notification}", written for {$a->learner} as they would receive it. It was not sent to them.';
$string['testsend:cannotpreview'] = 'This message cannot be shown: {$a}';
$string['testsend:cannotwrite'] = 'This message cannot be written, so no test was sent';
$string['testsend:decision'] = 'A run now would decide';
$string['testsend:due'] = 'Due for this learner';
$string['testsend:html'] = 'HTML message';
$string['testsend:lang'] = 'Language';
$string['testsend:learner'] = 'Learner';
$string['testsend:link'] = 'Preview and test send';
$string['testsend:nodecision'] = 'Nothing: the notification is off, or has no moment for this learner';
$string['testsend:nodue'] = 'Not now';
$string['testsend:notsent'] = 'The test could not be sent to {$a} (see the site\'s e-mail settings).';
$string['testsend:partbody'] = 'body';
$string['testsend:partsubject'] = 'subject';
$string['testsend:problems'] = 'Template problems';
$string['testsend:send'] = 'Send this test to me ({$a})';
$string['testsend:sent'] = 'The test was sent to {$a}. The learner received nothing.';
$string['testsend:show'] = 'Show';
$string['testsend:subject'] = 'Subject';
$string['testsend:subjectprefix'] = '[Test] ';
$string['testsend:text'] = 'Text message';
$string['testsend:timezone'] = 'Time zone';
$string['testsend:title'] = 'Preview and test send';
$string['topic:accessend'] = 'Reminders that your access to a course ends';
$string['topic:all'] = 'All course notifications';
$string['topic:calls'] = 'Welcome and reminders to start a course';
$string['topic:completion'] = 'Messages about completing a course';
$string['topic:inactivity'] = 'Reminders when you have not visited a course for a while';
$string['trigger:accessend'] = 'End of the learner\'s access';
$string['trigger:accessstart'] = 'Start of the learner\'s access';
$string['trigger:completion'] = 'Course completion';
$string['trigger:courseend'] = 'Course end date';
$string['trigger:coursestart'] = 'Course start date';
$string['trigger:enrolment'] = 'Enrolment';
$string['trigger:lastaccess'] = 'Last visit to the course';
$string['unsubscribe:button'] = 'Unsubscribe';
$string['unsubscribe:confirm'] = 'Stop receiving these e-mails: {$a->topic}, from {$a->course}?';
$string['unsubscribe:done'] = 'You will no longer receive these e-mails: {$a->topic}, from {$a->course}.';
$string['unsubscribe:essential'] = 'Notifications the site marked as essential (for example that your access to a course has ended) are still sent.';
$string['unsubscribe:invalid'] = 'This unsubscribe link is not valid: it was altered, or the site has renewed its links. Nothing was changed. Use the link of a recent e-mail, or log in and open your course notification preferences.';
$string['unsubscribe:malformed'] = 'This unsubscribe link is incomplete or damaged. Nothing was changed. Copy the whole link from the e-mail, or log in and open your course notification preferences.';
$string['unsubscribe:nopost'] = 'This request did not ask to unsubscribe (List-Unsubscribe=One-Click). Nothing was changed.';
$string['unsubscribe:nouser'] = 'This unsubscribe link is for an account that no longer exists. Nothing was changed.';
$string['unsubscribe:preferences'] = 'Manage your course notification preferences';
$string['unsubscribe:title'] = 'Unsubscribe';
$string['unsubscribe:undo'] = 'Changed your mind? Your course notification preferences page lets you receive them again (you will be asked to log in).';
$string['unsupporteddbtype'] = 'The notification engine reads MariaDB, MySQL and PostgreSQL databases only; this site uses \'{$a}\'.';
$string['unsupportedsmtpsecure'] = 'The site\'s SMTP security setting \'{$a}\' is not one the notification engine knows (none, ssl or tls).';
$string['why:actions'] = 'Actions';
$string['why:attempts'] = 'Attempts';
$string['why:decisions'] = 'What the engine decides now (dry run)';
$string['why:due'] = 'Due';
$string['why:error'] = 'Last error';
$string['why:nodecisions'] = 'The engine evaluates nothing for this learner in this course.';
$string['why:nooutbox'] = 'No message has been prepared for this learner in this course.';
$string['why:notrace'] = 'No trace line.';
$string['why:outbox'] = 'Messages prepared';
$string['why:outcome'] = 'Outcome';
$string['why:output'] = 'Output';
$string['why:reason'] = 'Reason';
$string['why:repeat'] = 'Repeat';
$string['why:rule'] = 'Rule';
$string['why:sent'] = 'Sent';
$string['why:subject'] = 'Subject';
$string['why:title'] = 'Notifications of {$a}';
$string['why:trace'] = 'Trace lines';
