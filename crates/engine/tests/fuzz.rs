//! Bounded fuzzing (proptest) of everything the engine parses or computes from untrusted input:
//! templates and placeholders, dates and timezones, and decisions and rendering over hostile rows
//! (huge or negative times, end before start, 10 kB names, markup and CR/LF in names). No panic;
//! a clear error or a sensible value. Case counts are fixed so the whole file runs in a second or two.

use chrono_tz::Tz;
use course_notification_engine::catalogue::Catalogue;
use course_notification_engine::decide::{decide, Handled, Outcome, Run};
use course_notification_engine::model::{enrolment_end, Course, Participation, Site, User};
use course_notification_engine::template::{escape_html, one_line, Escape, Template, Values};
use course_notification_engine::texts;
use course_notification_engine::time;
use course_notification_engine::DAY;
use proptest::prelude::*;

/// 2026-11-22 00:00 UTC.
const NOW: i64 = 1_795_305_600;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text built from pieces a template or a name can hold, hostile ones included.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "{{",
        "}}",
        "{",
        "}",
        "{{COURSE}}",
        "{{ FIRSTNAME }}",
        "{{firstname}}",
        "{{NOPE}}",
        "{{{{",
        "é",
        "日本",
        "\u{0}",
        "\r\n",
        "\n",
        "<script>alert(1)</script>",
        "&amp;",
        "\"'",
        "Bcc: thief@example.org",
        " ",
        "text",
        "\u{202e}",
        "🙂",
    ]);
    (
        prop::collection::vec(piece, 0..24),
        any::<String>().prop_map(|s| s.chars().take(40).collect::<String>()),
    )
        .prop_map(|(pieces, noise)| {
            let mut s = pieces.concat();
            s.push_str(&noise);
            s
        })
}

fn timezone() -> impl Strategy<Value = Tz> {
    prop::sample::select(vec![
        chrono_tz::UTC,
        chrono_tz::Europe::Paris,
        chrono_tz::America::Sao_Paulo,
        chrono_tz::Asia::Kolkata,
        chrono_tz::Pacific::Apia,
        chrono_tz::Australia::Lord_Howe,
        chrono_tz::America::St_Johns,
    ])
}

/// Any i64, with the edges and Moodle's usual values made likely.
fn instant() -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => NOW - 400 * DAY..NOW + 400 * DAY,
        1 => prop::sample::select(vec![
            0,
            -1,
            1,
            i64::MIN,
            i64::MAX,
            i64::MIN + 1,
            i64::MAX - 1,
            2_147_483_647,
            NOW * 1000,
            -NOW,
            8_210_298_412_799,
            8_210_298_412_800,
        ]),
        1 => any::<i64>(),
    ]
}

proptest! {
    #![proptest_config(config(2048))]

    /// Any text: parse and problems agree, never panic, and a parsed template renders.
    #[test]
    fn templates_parse_or_explain(source in hostile_text()) {
        let problems = Template::problems(&source);
        match Template::parse(&source) {
            Ok(t) => {
                prop_assert!(problems.is_empty(), "{problems:?}");
                let _ = t.render(&Values::default(), Escape::Html);
            }
            Err(e) => {
                prop_assert_eq!(problems.first(), Some(&e));
                // Every problem is a sentence a form can show.
                for p in &problems {
                    prop_assert!(!p.to_string().is_empty());
                }
            }
        }
    }

    /// Values never bring markup into HTML, nor a line break into a subject, whatever they hold.
    #[test]
    fn values_stay_text(name in hostile_text(), course in hostile_text(), tz in timezone()) {
        let site = Site {
            wwwroot: "https://learn.example.org".into(),
            fullname: name.clone(),
            shortname: "L".into(),
            lang: "en".into(),
            timezone: tz,
        };
        let mut c = Course::new(2, NOW - DAY, 0);
        c.fullname = course.clone();
        c.teachers = vec![name.clone()];
        let mut u = User::new(7, "ana@example.org");
        u.firstname = name.clone();
        u.lastname = course.clone();
        let p = Participation::new(2, u.clone(), NOW - DAY);
        let values = Values::for_message(&site, &c, &p, &u, "firstassign", "fr", NOW);
        let t = Template::parse("<p>{{COURSE}} {{FIRSTNAME}} {{LASTNAME}} {{SITENAME}} {{TEACHERS}}</p>").unwrap();
        let html = t.render(&values, Escape::Html);
        let inner = &html[3..html.len() - 4];
        prop_assert!(!inner.contains(['<', '>', '"', '\'']), "{html}");
        prop_assert_eq!(escape_html(&course).contains('<'), false);
        let subject = Template::parse("{{COURSE}}: {{FIRSTNAME}}").unwrap().render(&values, Escape::HeaderLine);
        prop_assert!(!subject.chars().any(char::is_control), "{subject:?}");
        prop_assert!(!one_line(&name).contains(['\r', '\n']));
    }

    /// Dates and timezones: no panic for any instant; moderate instants keep their arithmetic.
    #[test]
    fn dates_never_panic(t in instant(), days in prop_oneof![-400i64..400, any::<i64>()], tz in timezone(),
                         zone in "[A-Za-z/_+0-9 -]{0,30}", lang in "[a-z_-]{0,8}") {
        let resolved = time::resolve(&zone, tz);
        let moved = time::add_days(t, days, resolved);
        let _ = time::local_date(t, resolved);
        let _ = time::long_date(t, resolved, &lang);
        let between = time::days_between(t, moved, resolved);
        let _ = enrolment_end(t);
        if (NOW - 400 * DAY..NOW + 400 * DAY).contains(&t) && (-400..400).contains(&days) {
            prop_assert_eq!(between, days, "{} + {} days in {}", t, days, resolved);
            prop_assert_eq!(time::add_days(t, 0, resolved), t);
            prop_assert_eq!(time::local_date(t, resolved).len(), 10);
        }
    }

    /// Decisions and rendering over rows a database may hold: no panic, and what is accepted renders.
    #[test]
    fn hostile_rows_decide_and_render(
        start in instant(), end in instant(), cstart in instant(), cend in instant(),
        last in prop::option::of(instant()), done in prop::option::of(instant()),
        enrolled in instant(), now in prop_oneof![NOW - DAY..NOW + DAY, 1i64..32_503_680_000],
        big in 0usize..10_240, name in hostile_text(), email in hostile_text(),
        zone in prop::sample::select(vec!["99", "", "Europe/Paris", "Bogus/Zone", "UTC+99", "\u{0}"]),
        lang in prop::sample::select(vec!["en", "fr", "fr_ca", "", "xx", "\u{0}"]),
        mailformat in any::<i64>(), id in any::<i64>(),
    ) {
        let mut course = Course::new(id, cstart, cend);
        course.fullname = format!("{name}{}", "x".repeat(big));
        let mut user = User::new(id, &email);
        user.firstname = "é".repeat(big / 2);
        user.lastname = name.clone();
        user.timezone = zone.to_string();
        user.lang = lang.to_string();
        user.mailformat = mailformat;
        let mut p = Participation::new(id, user.clone(), start);
        p.enrol_end = enrolment_end(end);
        p.enrolled_at = enrolled;
        p.last_access = last;
        p.completed_at = done;
        let catalogue = Catalogue::builtin();
        let handled = Handled::new();
        let run = Run { now, site_tz: chrono_tz::Europe::Paris, handled: &handled, simulated: None, sent_at: None };
        let site = Site {
            wwwroot: "https://learn.example.org".into(),
            fullname: "Learn".into(),
            shortname: "L".into(),
            lang: "en".into(),
            timezone: chrono_tz::Europe::Paris,
        };
        for d in decide(&catalogue, &course, &p, run) {
            let _ = d.occurrence.key();
            if d.outcome == Outcome::Accepted {
                let n = catalogue.get(&d.occurrence.notification).unwrap();
                let m = texts::render(n, &site, &course, &p, &user, now);
                prop_assert!(m.is_ok(), "{:?}", m.err());
                let m = m.unwrap();
                prop_assert!(!m.subject.chars().any(char::is_control));
            }
        }
    }
}
