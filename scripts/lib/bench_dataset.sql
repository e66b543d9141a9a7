-- A Moodle-schema site of any size for scripts/bench, built by bulk INSERT ... SELECT over
-- MariaDB's sequence tables (seq_0_to_N), never row by row.
-- scripts/bench replaces __N__ (enrolments), __C__ (courses = N / 100), __U__ (users = N / 10)
-- and runs it after moodle-5.0-schema.sql and the plugin's tables; @now is set before.
-- Each user holds about ten enrolments; the mix is fixed by arithmetic on the row number so every
-- run of the benchmark reads the same site:
--   enrolments: 20 % through a second (self) method, 2 % suspended, 30 % without a start date,
--     40 % open-ended, the others ending from 20 days ago to 4 months ahead;
--   60 % came in (last access over the past 40 days), 10 % completed;
--   users: 1 % suspended, 0.5 % deleted, 20 % French, some in New York and Paris time;
--   courses: 2 % hidden, 70 % with an end date, 95 % carry the block, one editing teacher each.
SET @day = 86400;
SET SESSION unique_checks = 0, foreign_key_checks = 0, max_heap_table_size = 536870912;

INSERT INTO mdl_course_categories (id, name, parent, sortorder, coursecount, visible, depth, path)
  SELECT seq, CONCAT('Category ', seq), 0, seq * 10000, 0, seq <> 10, 1, CONCAT('/', seq)
    FROM seq_1_to_10;

INSERT INTO mdl_context (id, contextlevel, instanceid, path, depth) VALUES (1, 10, 0, '/1', 1);
INSERT INTO mdl_context (id, contextlevel, instanceid, path, depth)
  SELECT 1 + seq, 40, seq, CONCAT('/1/', 1 + seq), 2 FROM seq_1_to_10;

INSERT INTO mdl_course (id, category, fullname, shortname, startdate, enddate, visible, timecreated, timemodified)
  VALUES (1, 0, 'Bench site', 'bench', 0, 0, 1, @now - 400 * @day, @now - 400 * @day);
INSERT INTO mdl_course (id, category, fullname, shortname, startdate, enddate, visible, timecreated, timemodified)
  SELECT seq, 1 + seq % 10, CONCAT('Course ', seq), CONCAT('C', seq),
         @now - (seq % 120 + 1) * @day,
         IF(seq % 10 < 7, @now + ((seq * 7) % 150 + 10) * @day, 0),
         seq % 50 <> 0, @now - 200 * @day, @now - 200 * @day
    FROM seq_2_to___C1__;
INSERT INTO mdl_context (id, contextlevel, instanceid, path, depth)
  SELECT 100 + seq, 50, seq, CONCAT('/1/', 2 + seq % 10, '/', 100 + seq), 3 FROM seq_2_to___C1__;

INSERT INTO mdl_block_instances (blockname, parentcontextid, showinsubcontexts, pagetypepattern, defaultregion, defaultweight, configdata, timecreated, timemodified)
  SELECT 'course_notification', 100 + seq, 0, 'course-view-*', 'side-pre', 0, '', @now - 100 * @day, @now - 100 * @day
    FROM seq_2_to___C1__ WHERE seq % 20 <> 3;

-- Two methods per course: manual (id 2c) and self (id 2c + 1, disabled in one course in 20).
INSERT INTO mdl_enrol (id, enrol, status, courseid, sortorder, timecreated, timemodified)
  SELECT 2 * seq, 'manual', 0, seq, 0, @now - 200 * @day, @now - 200 * @day FROM seq_2_to___C1__;
INSERT INTO mdl_enrol (id, enrol, status, courseid, sortorder, timecreated, timemodified)
  SELECT 2 * seq + 1, 'self', seq % 20 = 0, seq, 1, @now - 200 * @day, @now - 200 * @day FROM seq_2_to___C1__;

INSERT INTO mdl_user (id, auth, confirmed, mnethostid, username, firstname, lastname, email, lang, timezone, mailformat, suspended, deleted, emailstop)
  SELECT seq, 'manual', 1, 1, CONCAT('u', seq), CONCAT('First', seq), CONCAT('Last', seq),
         CONCAT('u', seq, '@bench.example.org'), IF(seq % 5 = 0, 'fr', 'en'),
         CASE seq % 7 WHEN 0 THEN 'America/New_York' WHEN 1 THEN 'Europe/Paris' ELSE '99' END,
         1, seq % 100 = 5, seq % 200 = 7, seq % 300 = 1
    FROM seq_3_to___U2__;

-- Enrolment i: user 3 + i mod U, in ten different courses per user (k = i div U).
CREATE TEMPORARY TABLE bench_enrol (
  i INT PRIMARY KEY, userid BIGINT, courseid BIGINT
) ENGINE = MEMORY
  SELECT seq AS i, 3 + seq % __U__ AS userid,
         2 + ((seq % __U__) * 7 + (seq DIV __U__) * 1009) % __C__ AS courseid
    FROM seq_0_to___N1__;

INSERT IGNORE INTO mdl_user_enrolments (status, enrolid, userid, timestart, timeend, modifierid, timecreated, timemodified)
  SELECT i % 50 = 7, 2 * courseid + (i % 5 = 0), userid,
         IF(i % 10 < 3, 0, @now - ((i * 13) % 90) * @day),
         IF(i % 10 < 4, 0, @now + ((i * 17) % 140 - 20) * @day),
         2, @now - ((i * 13) % 90 + 1) * @day, @now - ((i * 13) % 90 + 1) * @day
    FROM bench_enrol;

INSERT IGNORE INTO mdl_user_lastaccess (userid, courseid, timeaccess)
  SELECT userid, courseid, @now - ((i * 11) % 40) * @day FROM bench_enrol WHERE i % 10 < 6;

INSERT IGNORE INTO mdl_course_completions (userid, course, timeenrolled, timestarted, timecompleted, reaggregate)
  SELECT userid, courseid, @now - 60 * @day, @now - 60 * @day, @now - ((i * 3) % 30) * @day, 0
    FROM bench_enrol WHERE i % 10 = 9;

-- Roles as Moodle installs them; every learner a student in the course context, one editing
-- teacher per course (a user who may learn elsewhere), listed as course contact.
INSERT INTO mdl_role (id, name, shortname, description, sortorder, archetype) VALUES
  (3, '', 'editingteacher', '', 3, 'editingteacher'),
  (5, '', 'student', '', 5, 'student');
INSERT INTO mdl_role_capabilities (contextid, roleid, capability, permission, timemodified, modifierid) VALUES
  (1, 3, 'block/course_notification:excludefromnotification', 1, @now - 300 * @day, 2),
  (1, 5, 'block/course_notification:benotified', 1, @now - 300 * @day, 2);
INSERT IGNORE INTO mdl_role_assignments (roleid, contextid, userid, timemodified, modifierid)
  SELECT 5, 100 + courseid, userid, @now - 90 * @day, 2 FROM bench_enrol;
INSERT IGNORE INTO mdl_role_assignments (roleid, contextid, userid, timemodified, modifierid)
  SELECT 3, 100 + seq, 3 + (seq * 31) % __U__, @now - 200 * @day, 2 FROM seq_2_to___C1__;
INSERT INTO mdl_config (name, value) VALUES ('coursecontact', '3');

DROP TEMPORARY TABLE bench_enrol;
