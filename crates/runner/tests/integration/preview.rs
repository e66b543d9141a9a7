//! The test send's preview: one notification written for one learner as a run writes it, in their
//! language and timezone, with what a run would decide, and the template problems with their line.

use course_notification_runner::config::Config;
use course_notification_runner::{preview, Preview, PreviewOptions};

use crate::support::{TestDb, NOW};

const DEMO: &str = include_str!("../../../../tests/fixtures/demo-site.sql");

fn options() -> PreviewOptions {
    PreviewOptions {
        now: NOW,
        langs: vec!["de".into()],
        deadline: None,
        links_for: None,
    }
}

async fn show(config: &Config, course: i64, user: i64, code: &str) -> Preview {
    preview(config, course, user, code, &options())
        .await
        .unwrap_or_else(|e| panic!("preview of {code} for {user}: {e}"))
}

#[tokio::test]
async fn a_learner_sees_the_message_a_run_queues_for_them_in_their_language_and_zone() {
    let db = TestDb::new("preview").await;
    db.load(DEMO, NOW).await;
    let mut raw = db.raw_config();
    raw.audience.secret = "preview-secret-of-this-test-site".into();
    let config = Config::try_from(raw).unwrap();

    // Lise reads French, in Paris: her access opened yesterday, 21 November in Paris.
    let lise = show(&config, 2, 4, "firstcall").await;
    assert_eq!(
        (lise.lang.as_str(), lise.timezone.as_str()),
        ("fr", "Europe/Paris")
    );
    assert_eq!(
        lise.subject,
        "Test Academy : le cours Algebra & <Logic> vous attend"
    );
    assert!(
        lise.text.contains("ouvert depuis le 21 novembre 2026"),
        "{}",
        lise.text
    );
    assert!(
        lise.html.contains("Algebra &amp; &lt;Logic&gt;"),
        "{}",
        lise.html
    );
    // Her first call is due a week after access opened: not yet (rule E), due in six days.
    let d = lise.decision.as_ref().expect("a run decides it");
    assert_eq!((d.outcome, d.rule), ("trapped", "E"));
    assert_eq!(lise.due, Some(NOW - 86_400 + 7 * 86_400));
    assert!(lise.error.is_none());

    // Pedro reads English in São Paulo: his access opened at midnight UTC three days ago, the
    // evening before in his zone.
    let pedro = show(&config, 2, 8, "firstcall").await;
    assert_eq!(
        (pedro.lang.as_str(), pedro.timezone.as_str()),
        ("en", "America/Sao_Paulo")
    );
    assert!(
        pedro.text.contains("opened on 18 November 2026"),
        "{}",
        pedro.text
    );

    // The welcome a run is about to send her: the preview is the very message the run queues,
    // footer and unsubscribe link included.
    let welcome = show(&config, 2, 4, "firstassign").await;
    let d = welcome.decision.as_ref().unwrap();
    assert_eq!((d.outcome, welcome.due), ("accepted", Some(NOW - 86_400)));
    let r = course_notification_runner::run(
        &config,
        &course_notification_runner::config::RunOptions::try_from(
            course_notification_runner::config::RawOptions {
                now: Some(NOW),
                mode: "markonly".into(),
                courses: vec![2],
                users: vec![4],
                ..Default::default()
            },
        )
        .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(r.counts.queued, 1, "{:?}", r.trace);
    let rows = db
        .rows("SELECT subject, bodytext, bodyhtml FROM mdl_block_cnotif_outbox WHERE occkey LIKE 'firstassign/c2/u4/%'")
        .await;
    assert_eq!(
        rows,
        vec![vec![
            Some(welcome.subject.clone()),
            Some(welcome.text.clone()),
            Some(welcome.html.clone())
        ]]
    );
    assert!(
        welcome.text.contains("unsubscribe.php?token="),
        "{}",
        welcome.text
    );
    // Once sent, a run would not send it again (rule B), and the preview says so.
    let again = show(&config, 2, 4, "firstassign").await;
    assert_eq!(again.decision.unwrap().rule, "B");
    // Every language the notification has texts in, and the ones asked for, are checked.
    let langs: Vec<&str> = again.problems.iter().map(|p| p.lang.as_str()).collect();
    assert_eq!(langs, ["en", "fr", "de"]);
    assert!(again
        .problems
        .iter()
        .all(|p| p.subject.is_empty() && p.body.is_empty()));
    assert_eq!(
        again.problems[2].uses, "en",
        "German readers get the site's language"
    );
}

#[tokio::test]
async fn a_broken_template_is_shown_with_its_line_and_unknown_things_are_clear_errors() {
    let db = TestDb::new("preview_errors").await;
    db.load(DEMO, NOW).await;
    // A French text stored without the form's check (a restore, an old upgrade).
    db.load(
        "INSERT INTO mdl_block_cnotif_def (id, contextid, code) VALUES (1, 12, 'inactive');
         INSERT INTO mdl_block_cnotif_text (defid, lang, subject, body)
           VALUES (1, 'fr', 'Revenez dans {{COURSE}}', 'Bonjour,\n\nIl reste {{JOURS}} jours.');",
        NOW,
    )
    .await;
    let config = db.config();
    let lise = show(&config, 2, 4, "inactive").await;
    let error = lise.error.expect("it cannot be written");
    assert!(
        error.contains("line 3, column 10: unknown placeholder {{JOURS}}"),
        "{error}"
    );
    assert!(lise.subject.is_empty() && lise.text.is_empty());
    let fr = lise.problems.iter().find(|p| p.lang == "fr").unwrap();
    assert!(fr.subject.is_empty());
    assert_eq!(
        (
            fr.body[0].line(),
            fr.body[0].column(),
            fr.body[0].placeholder()
        ),
        (3, 10, Some("JOURS"))
    );
    // English readers still get the default English text.
    let pedro = show(&config, 2, 8, "inactive").await;
    assert!(pedro.error.is_none() && pedro.text.starts_with("Hello Pedro"));

    for (course, user, code, said) in [
        (
            2,
            4,
            "nope",
            "no notification 'nope' applies in course 2; known: firstassign",
        ),
        (2, 2, "firstassign", "user 2 is not enrolled in course 2"),
        (99, 4, "firstassign", "user 4 is not enrolled in course 99"),
        (0, 4, "firstassign", "courseid: 0 is not a valid id"),
    ] {
        let e = preview(&config, course, user, code, &options())
            .await
            .expect_err(code)
            .to_string();
        assert!(e.contains(said), "{e}");
    }
}
