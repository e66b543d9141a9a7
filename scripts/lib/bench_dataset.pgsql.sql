-- The site of scripts/lib/bench_dataset.sql, row for row, for PostgreSQL (scripts/bench --db postgres):
-- the same arithmetic on the row number over generate_series instead of MariaDB's seq_0_to_N tables,
-- CASE for IF(), integer division for DIV, booleans cast to Moodle's smallint/bigint columns, and
-- ON CONFLICT DO NOTHING for INSERT IGNORE (the same unique indexes skip the same rows). Any change
-- to one file goes into the other: scripts/bench prints each database's row counts, which must agree.
-- scripts/bench replaces __N__ (enrolments), __C__ (courses = N / 100), __U__ (users = N / 10),
-- __N1__, __C1__, __U2__ as for MariaDB, and runs it with psql -v now=UNIX-SECONDS in one session,
-- after Moodle's PostgreSQL tables and the plugin's.
\set day 86400

INSERT INTO mdl_course_categories (id, name, parent, sortorder, coursecount, visible, depth, path)
  SELECT seq, concat('Category ', seq), 0, seq * 10000, 0, (seq <> 10)::int, 1, concat('/', seq)
    FROM generate_series(1, 10) AS seq;

INSERT INTO mdl_context (id, contextlevel, instanceid, path, depth) VALUES (1, 10, 0, '/1', 1);
INSERT INTO mdl_context (id, contextlevel, instanceid, path, depth)
  SELECT 1 + seq, 40, seq, concat('/1/', 1 + seq), 2 FROM generate_series(1, 10) AS seq;

INSERT INTO mdl_course (id, category, fullname, shortname, startdate, enddate, visible, timecreated, timemodified)
  VALUES (1, 0, 'Bench site', 'bench', 0, 0, 1, :now - 400 * :day, :now - 400 * :day);
INSERT INTO mdl_course (id, category, fullname, shortname, startdate, enddate, visible, timecreated, timemodified)
  SELECT seq, 1 + seq % 10, concat('Course ', seq), concat('C', seq),
         :now - (seq % 120 + 1) * :day,
         CASE WHEN seq % 10 < 7 THEN :now + ((seq * 7) % 150 + 10) * :day ELSE 0 END,
         (seq % 50 <> 0)::int, :now - 200 * :day, :now - 200 * :day
    FROM generate_series(2, __C1__) AS seq;
INSERT INTO mdl_context (id, contextlevel, instanceid, path, depth)
  SELECT 100 + seq, 50, seq, concat('/1/', 2 + seq % 10, '/', 100 + seq), 3 FROM generate_series(2, __C1__) AS seq;

INSERT INTO mdl_block_instances (blockname, parentcontextid, showinsubcontexts, pagetypepattern, defaultregion, defaultweight, configdata, timecreated, timemodified)
  SELECT 'course_notification', 100 + seq, 0, 'course-view-*', 'side-pre', 0, '', :now - 100 * :day, :now - 100 * :day
    FROM generate_series(2, __C1__) AS seq WHERE seq % 20 <> 3;

-- Two methods per course: manual (id 2c) and self (id 2c + 1, disabled in one course in 20).
INSERT INTO mdl_enrol (id, enrol, status, courseid, sortorder, timecreated, timemodified)
  SELECT 2 * seq, 'manual', 0, seq, 0, :now - 200 * :day, :now - 200 * :day FROM generate_series(2, __C1__) AS seq;
INSERT INTO mdl_enrol (id, enrol, status, courseid, sortorder, timecreated, timemodified)
  SELECT 2 * seq + 1, 'self', (seq % 20 = 0)::int, seq, 1, :now - 200 * :day, :now - 200 * :day
    FROM generate_series(2, __C1__) AS seq;

INSERT INTO mdl_user (id, auth, confirmed, mnethostid, username, firstname, lastname, email, lang, timezone, mailformat, suspended, deleted, emailstop)
  SELECT seq, 'manual', 1, 1, concat('u', seq), concat('First', seq), concat('Last', seq),
         concat('u', seq, '@bench.example.org'), CASE WHEN seq % 5 = 0 THEN 'fr' ELSE 'en' END,
         CASE seq % 7 WHEN 0 THEN 'America/New_York' WHEN 1 THEN 'Europe/Paris' ELSE '99' END,
         1, (seq % 100 = 5)::int, (seq % 200 = 7)::int, (seq % 300 = 1)::int
    FROM generate_series(3, __U2__) AS seq;

-- Enrolment i: user 3 + i mod U, in ten different courses per user (k = i div U).
CREATE TEMPORARY TABLE bench_enrol (i bigint PRIMARY KEY, userid bigint, courseid bigint);
INSERT INTO bench_enrol
  SELECT seq, 3 + seq % __U__, 2 + ((seq % __U__) * 7 + (seq / __U__) * 1009) % __C__
    FROM generate_series(0::bigint, __N1__) AS seq;

INSERT INTO mdl_user_enrolments (status, enrolid, userid, timestart, timeend, modifierid, timecreated, timemodified)
  SELECT (i % 50 = 7)::int, 2 * courseid + (i % 5 = 0)::int, userid,
         CASE WHEN i % 10 < 3 THEN 0 ELSE :now - ((i * 13) % 90) * :day END,
         CASE WHEN i % 10 < 4 THEN 0 ELSE :now + ((i * 17) % 140 - 20) * :day END,
         2, :now - ((i * 13) % 90 + 1) * :day, :now - ((i * 13) % 90 + 1) * :day
    FROM bench_enrol ORDER BY i
  ON CONFLICT DO NOTHING;

INSERT INTO mdl_user_lastaccess (userid, courseid, timeaccess)
  SELECT userid, courseid, :now - ((i * 11) % 40) * :day FROM bench_enrol WHERE i % 10 < 6 ORDER BY i
  ON CONFLICT DO NOTHING;

INSERT INTO mdl_course_completions (userid, course, timeenrolled, timestarted, timecompleted, reaggregate)
  SELECT userid, courseid, :now - 60 * :day, :now - 60 * :day, :now - ((i * 3) % 30) * :day, 0
    FROM bench_enrol WHERE i % 10 = 9 ORDER BY i
  ON CONFLICT DO NOTHING;

-- Roles as Moodle installs them; every learner a student in the course context, one editing
-- teacher per course (a user who may learn elsewhere), listed as course contact.
INSERT INTO mdl_role (id, name, shortname, description, sortorder, archetype) VALUES
  (3, '', 'editingteacher', '', 3, 'editingteacher'),
  (5, '', 'student', '', 5, 'student');
INSERT INTO mdl_role_capabilities (contextid, roleid, capability, permission, timemodified, modifierid) VALUES
  (1, 3, 'block/course_notification:excludefromnotification', 1, :now - 300 * :day, 2),
  (1, 5, 'block/course_notification:benotified', 1, :now - 300 * :day, 2);
INSERT INTO mdl_role_assignments (roleid, contextid, userid, timemodified, modifierid)
  SELECT 5, 100 + courseid, userid, :now - 90 * :day, 2 FROM bench_enrol ORDER BY i
  ON CONFLICT DO NOTHING;
INSERT INTO mdl_role_assignments (roleid, contextid, userid, timemodified, modifierid)
  SELECT 3, 100 + seq, 3 + (seq * 31) % __U__, :now - 200 * :day, 2 FROM generate_series(2, __C1__) AS seq
  ON CONFLICT DO NOTHING;
INSERT INTO mdl_config (name, value) VALUES ('coursecontact', '3');

DROP TABLE bench_enrol;

-- Explicit ids leave the sequences behind (MariaDB's AUTO_INCREMENT follows them).
SELECT setval(pg_get_serial_sequence(t, 'id'), m)
  FROM (VALUES ('mdl_course_categories', (SELECT max(id) FROM mdl_course_categories)),
               ('mdl_context', (SELECT max(id) FROM mdl_context)),
               ('mdl_course', (SELECT max(id) FROM mdl_course)),
               ('mdl_enrol', (SELECT max(id) FROM mdl_enrol)),
               ('mdl_user', (SELECT max(id) FROM mdl_user)),
               ('mdl_role', (SELECT max(id) FROM mdl_role))) AS s (t, m);
