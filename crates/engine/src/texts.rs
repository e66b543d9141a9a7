//! Default message texts per notification and language, and rendering a message for a learner.
//!
//! The learner's language (`user.lang`) wins, then the site's, then English; a regional variant
//! (`fr_ca`) falls back to its base language (`fr`). The subject is rendered in the same language
//! as the body (the original rendered it in the cron user's language). The texts name dates and
//! counts through placeholders, never as literal numbers, so tuning a delay cannot make a message
//! lie. A body is written once as plain text, paragraphs separated by blank lines; its HTML form
//! wraps each paragraph, and a paragraph that is a single link placeholder becomes a link.

use crate::catalogue::Notification;
use crate::model::{Course, Participation, Site, User};
use crate::template::{Escape, Template, TemplateError, Values};

/// The source texts of one notification in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Texts {
    /// Language code.
    pub lang: &'static str,
    /// Subject template.
    pub subject: &'static str,
    /// Body template: plain text, paragraphs separated by a blank line.
    pub body: &'static str,
}

const fn t(lang: &'static str, subject: &'static str, body: &'static str) -> Texts {
    Texts {
        lang,
        subject,
        body,
    }
}

const END_EN: &str = "Hello {{FIRSTNAME}},\n\nYour access to the course \"{{COURSE}}\" ends on {{ACCESSEND}}. \
There is still time to finish what you started:\n\n{{COURSEURL}}\n\nIf you need help, contact us:\n\n{{CONTACTURL}}";
const END_FR: &str = "Bonjour {{FIRSTNAME}},\n\nVotre accès au cours « {{COURSE}} » se termine le {{ACCESSEND}}. \
Il est encore temps de terminer ce que vous avez commencé :\n\n{{COURSEURL}}\n\nBesoin d'aide ? Contactez-nous :\n\n{{CONTACTURL}}";
const END_SUBJECT_EN: &str = "{{SITENAME}}: your access to {{COURSE}} ends on {{ACCESSEND}}";
const END_SUBJECT_FR: &str = "{{SITENAME}} : votre accès à {{COURSE}} se termine le {{ACCESSEND}}";
const END: [Texts; 2] = [
    t("en", END_SUBJECT_EN, END_EN),
    t("fr", END_SUBJECT_FR, END_FR),
];

/// What a member of the course's staff receives about a learner when the notification has no text
/// of its own for them.
const STAFF: [Texts; 2] = [
    t("en", "{{SITENAME}}: {{NOTIFICATION}} for {{LEARNERFIRSTNAME}} {{LEARNERLASTNAME}} in {{COURSE}}",
      "Hello {{FIRSTNAME}},\n\nThe notification \"{{NOTIFICATION}}\" went to {{LEARNERFIRSTNAME}} {{LEARNERLASTNAME}} \
in the course \"{{COURSE}}\". You receive this copy as a member of the course's staff.\n\n{{COURSEURL}}"),
    t("fr", "{{SITENAME}} : {{NOTIFICATION}} pour {{LEARNERFIRSTNAME}} {{LEARNERLASTNAME}} dans {{COURSE}}",
      "Bonjour {{FIRSTNAME}},\n\nLa notification « {{NOTIFICATION}} » a été envoyée à {{LEARNERFIRSTNAME}} \
{{LEARNERLASTNAME}} dans le cours « {{COURSE}} ». Vous recevez cette copie en tant que membre de l'équipe du cours.\n\n\
{{COURSEURL}}"),
];

const TEXTS: &[(&str, &[Texts])] = &[
    ("firstassign", &[
        t("en", "{{SITENAME}}: your course {{COURSE}} is open",
          "Hello {{FIRSTNAME}},\n\nYour access to the course \"{{COURSE}}\" is now open.\n\n{{COURSEURL}}\n\n\
Your username is {{USERNAME}}. If you have forgotten your password, you can choose a new one here:\n\n\
{{FORGOTTENPASSWORDURL}}\n\nIf you need help, contact us:\n\n{{CONTACTURL}}"),
        t("fr", "{{SITENAME}} : votre cours {{COURSE}} est ouvert",
          "Bonjour {{FIRSTNAME}},\n\nVotre accès au cours « {{COURSE}} » est maintenant ouvert.\n\n{{COURSEURL}}\n\n\
Votre identifiant est {{USERNAME}}. Si vous avez oublié votre mot de passe, vous pouvez en choisir un nouveau ici :\n\n\
{{FORGOTTENPASSWORDURL}}\n\nBesoin d'aide ? Contactez-nous :\n\n{{CONTACTURL}}"),
    ]),
    ("firstcall", &[
        t("en", "{{SITENAME}}: {{COURSE}} is waiting for you",
          "Hello {{FIRSTNAME}},\n\nYour course \"{{COURSE}}\" opened on {{ACCESSSTART}} and you have not come in yet. \
Everything is ready for you:\n\n{{COURSEURL}}\n\nYour username is {{USERNAME}}. Forgotten your password?\n\n\
{{FORGOTTENPASSWORDURL}}"),
        t("fr", "{{SITENAME}} : le cours {{COURSE}} vous attend",
          "Bonjour {{FIRSTNAME}},\n\nVotre cours « {{COURSE}} » est ouvert depuis le {{ACCESSSTART}} et vous n'y êtes pas \
encore venu. Tout est prêt pour vous :\n\n{{COURSEURL}}\n\nVotre identifiant est {{USERNAME}}. Mot de passe oublié ?\n\n\
{{FORGOTTENPASSWORDURL}}"),
    ]),
    ("secondcall", &[
        t("en", "{{SITENAME}}: have you started {{COURSE}}?",
          "Hello {{FIRSTNAME}},\n\nYour course \"{{COURSE}}\" opened on {{ACCESSSTART}} and we have not seen you there yet. \
If something is in the way, tell us, we can help:\n\n{{CONTACTURL}}\n\nTo start the course:\n\n{{COURSEURL}}"),
        t("fr", "{{SITENAME}} : avez-vous commencé {{COURSE}} ?",
          "Bonjour {{FIRSTNAME}},\n\nVotre cours « {{COURSE}} » est ouvert depuis le {{ACCESSSTART}} et nous ne vous y \
avons pas encore vu. Si quelque chose vous en empêche, dites-le-nous, nous pouvons vous aider :\n\n{{CONTACTURL}}\n\n\
Pour commencer le cours :\n\n{{COURSEURL}}"),
    ]),
    ("inactive", &[
        t("en", "{{SITENAME}}: we miss you in {{COURSE}}",
          "Hello {{FIRSTNAME}},\n\nYou have not been in the course \"{{COURSE}}\" for {{INACTIVEDAYS}} days. \
Pick up where you left off:\n\n{{COURSEURL}}"),
        t("fr", "{{SITENAME}} : vous nous manquez dans {{COURSE}}",
          "Bonjour {{FIRSTNAME}},\n\nVous n'êtes pas venu dans le cours « {{COURSE}} » depuis {{INACTIVEDAYS}} jours. \
Reprenez là où vous vous étiez arrêté :\n\n{{COURSEURL}}"),
    ]),
    ("twoweeksnearend", &END),
    ("oneweeknearend", &END),
    ("fivedaystoend", &END),
    ("threedaystoend", &END),
    ("onedaytoend", &END),
    ("closed", &[
        t("en", "{{SITENAME}}: your access to {{COURSE}} has ended",
          "Hello {{FIRSTNAME}},\n\nYour access to the course \"{{COURSE}}\" ended on {{ACCESSEND}}. Thank you for taking \
part. If you need more time, contact us:\n\n{{CONTACTURL}}"),
        t("fr", "{{SITENAME}} : votre accès à {{COURSE}} est terminé",
          "Bonjour {{FIRSTNAME}},\n\nVotre accès au cours « {{COURSE}} » s'est terminé le {{ACCESSEND}}. Merci de votre \
participation. S'il vous faut plus de temps, contactez-nous :\n\n{{CONTACTURL}}"),
    ]),
    ("completed", &[
        t("en", "{{SITENAME}}: congratulations, you completed {{COURSE}}",
          "Hello {{FIRSTNAME}},\n\nCongratulations: you have completed the course \"{{COURSE}}\". \
It stays available for you to come back to:\n\n{{COURSEURL}}"),
        t("fr", "{{SITENAME}} : félicitations, vous avez terminé {{COURSE}}",
          "Bonjour {{FIRSTNAME}},\n\nFélicitations : vous avez terminé le cours « {{COURSE}} ». \
Il reste à votre disposition si vous souhaitez y revenir :\n\n{{COURSEURL}}"),
    ]),
    ("coldfeedback", &[
        t("en", "{{SITENAME}}: how was {{COURSE}}?",
          "Hello {{FIRSTNAME}},\n\nYou completed the course \"{{COURSE}}\" a little while ago. Now that you have had time \
to put it into practice, we would like to hear what you thought of it:\n\n{{COURSEURL}}"),
        t("fr", "{{SITENAME}} : qu'avez-vous pensé de {{COURSE}} ?",
          "Bonjour {{FIRSTNAME}},\n\nVous avez terminé le cours « {{COURSE}} » il y a quelque temps. Maintenant que vous avez \
pu le mettre en pratique, nous aimerions savoir ce que vous en avez pensé :\n\n{{COURSEURL}}"),
    ]),
];

/// The notifications that have default texts.
pub fn codes() -> impl Iterator<Item = &'static str> {
    TEXTS.iter().map(|(code, _)| *code)
}

/// The texts of `notification` in every language it has.
pub fn defaults(notification: &str) -> &'static [Texts] {
    TEXTS
        .iter()
        .find(|(code, _)| *code == notification)
        .map_or(&[], |(_, texts)| texts)
}

/// Picks the texts for a learner: their language, then the site's, then English.
pub fn choose<'a>(available: &'a [Texts], user_lang: &str, site_lang: &str) -> Option<&'a Texts> {
    let langs: Vec<&str> = available.iter().map(|t| t.lang).collect();
    pick(&langs, user_lang, site_lang).map(|i| &available[i])
}

/// The base language of a Moodle language code: `fr` for `fr_ca` (or `fr-CA`).
pub fn base_language(lang: &str) -> &str {
    lang.split(['_', '-']).next().unwrap_or("")
}

/// The index in `langs` of the language to write in: the learner's (or its base language), the
/// site's, English.
fn pick(langs: &[&str], user_lang: &str, site_lang: &str) -> Option<usize> {
    let find = |lang: &str| {
        let lang = lang.trim().to_ascii_lowercase();
        let base = base_language(&lang).to_string();
        langs
            .iter()
            .position(|l| *l == lang)
            .or_else(|| langs.iter().position(|l| *l == base))
    };
    find(user_lang)
        .or_else(|| find(site_lang))
        .or_else(|| find("en"))
}

/// The HTML form of a plain-text body template: a `<p>` per paragraph, lines joined with `<br>`,
/// and a paragraph that is only a link placeholder made a link. The template's own text is ours
/// and trusted; the values are escaped when rendered.
fn html_template(body: &str) -> String {
    body.split("\n\n")
        .map(|para| {
            let para = para.trim();
            if para.starts_with("{{") && para.ends_with("URL}}") && para.matches("{{").count() == 1
            {
                format!("<p><a href=\"{para}\">{para}</a></p>")
            } else {
                format!("<p>{}</p>", para.replace('\n', "<br>"))
            }
        })
        .collect()
}

/// A message ready for delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMessage {
    /// The language it was written in.
    pub lang: String,
    /// One line, no control characters.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// HTML body (values escaped).
    pub html: String,
}

/// Why a message could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderError {
    /// The notification has no text in any language.
    NoTexts {
        /// Notification code.
        notification: String,
    },
    /// A template is invalid.
    Template {
        /// Notification code.
        notification: String,
        /// Language of the faulty template.
        lang: String,
        /// What is wrong.
        error: TemplateError,
    },
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::NoTexts { notification } => {
                write!(f, "notification '{notification}' has no message text")
            }
            RenderError::Template {
                notification,
                lang,
                error,
            } => {
                write!(f, "template of '{notification}' ({lang}): {error}")
            }
        }
    }
}

impl std::error::Error for RenderError {}

/// The templates a message of `n` is written from, and their language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sources<'a> {
    /// The language they are written in.
    pub lang: &'a str,
    /// Subject template.
    pub subject: &'a str,
    /// Body template (plain text; the HTML form derives from it).
    pub body: &'a str,
}

/// The templates `n` is written from for a reader of `lang` (`staff`: a member of the course's
/// staff, who gets the staff copy's defaults): the notification's own texts in that language when
/// it has them, else the default texts, else its own texts in any language. The one choice both
/// [`render`] and a preview's problem list make.
pub fn sources<'a>(
    n: &'a Notification,
    lang: &str,
    site_lang: &str,
    staff: bool,
) -> Result<Sources<'a>, RenderError> {
    let own: Vec<&str> = n.texts.iter().map(|t| t.lang.as_str()).collect();
    let defaults: &[Texts] = if staff { &STAFF } else { defaults(&n.code) };
    let (lang, subject, body): (&str, &str, &str) = match pick(&own, lang, site_lang) {
        Some(i) => {
            // An empty subject or body (a definition that overrides only the other) falls back
            // to the default of that field in the same language.
            let own = &n.texts[i];
            let default = choose(defaults, &own.lang, site_lang);
            let subject = match own.subject.trim() {
                "" => default.map_or("", |d| d.subject),
                _ => own.subject.as_str(),
            };
            let body = match own.body.trim() {
                "" => default.map_or("", |d| d.body),
                _ => own.body.as_str(),
            };
            (own.lang.as_str(), subject, body)
        }
        None => match choose(defaults, lang, site_lang) {
            Some(t) => (t.lang, t.subject, t.body),
            None => match n.texts.first() {
                Some(t) => (&t.lang, &t.subject, &t.body),
                None => {
                    return Err(RenderError::NoTexts {
                        notification: n.code.to_string(),
                    })
                }
            },
        },
    };
    Ok(Sources {
        lang,
        subject,
        body,
    })
}

/// The languages `n` has texts in: its own, then its defaults' (each once).
pub fn languages(n: &Notification) -> Vec<String> {
    let mut langs: Vec<String> = n.texts.iter().map(|t| t.lang.clone()).collect();
    for t in defaults(&n.code) {
        if !langs.iter().any(|l| l == t.lang) {
            langs.push(t.lang.to_string());
        }
    }
    langs
}

/// Renders `n` about learner `p` for `to` (the learner, or a member of the staff) at `now`: the
/// notification's own texts in the recipient's language when it has them, else the default texts
/// (for the staff, the staff copy), else its own texts in any language.
pub fn render(
    n: &Notification,
    site: &Site,
    course: &Course,
    p: &Participation,
    to: &User,
    now: i64,
) -> Result<RenderedMessage, RenderError> {
    let Sources {
        lang,
        subject,
        body,
    } = sources(n, &to.lang, &site.lang, to.id != p.user.id)?;
    let parse = |source: &str| {
        Template::parse(source).map_err(|error| RenderError::Template {
            notification: n.code.to_string(),
            lang: lang.to_string(),
            error,
        })
    };
    let values = Values::for_message(site, course, p, to, &n.code, lang, now);
    Ok(RenderedMessage {
        lang: lang.to_string(),
        subject: parse(subject)?.render(&values, Escape::HeaderLine),
        text: parse(body)?.render(&values, Escape::None) + "\n\n-- \n" + &site.fullname + "\n",
        html: parse(&html_template(body))?.render(&values, Escape::Html)
            + "<p>--<br>"
            + &crate::template::escape_html(&site.fullname)
            + "</p>",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;
    use crate::model::User;

    fn site() -> Site {
        Site {
            wwwroot: "https://m.example.org".into(),
            fullname: "Académie".into(),
            shortname: "AC".into(),
            lang: "en".into(),
            timezone: chrono_tz::Europe::Paris,
        }
    }

    #[test]
    fn every_notification_of_the_catalogue_has_valid_english_and_french_texts() {
        for n in &Catalogue::builtin().notifications {
            let all = defaults(&n.code);
            for lang in ["en", "fr"] {
                let t = all
                    .iter()
                    .find(|t| t.lang == lang)
                    .unwrap_or_else(|| panic!("{} has no {lang}", n.code));
                for source in [
                    t.subject.to_string(),
                    t.body.to_string(),
                    html_template(t.body),
                ] {
                    Template::parse(&source).unwrap_or_else(|e| panic!("{} {lang}: {e}", n.code));
                }
            }
        }
    }

    #[test]
    fn no_default_text_hard_codes_a_number_of_days() {
        for code in codes() {
            for t in defaults(code) {
                let text = format!("{} {}", t.subject, t.body);
                assert!(
                    !text.chars().any(|c| c.is_ascii_digit()),
                    "{code} ({}) writes a number: {text}",
                    t.lang
                );
            }
        }
    }

    #[test]
    fn language_falls_back_from_user_to_site_to_english() {
        let all = defaults("firstassign");
        assert_eq!(choose(all, "fr", "en").unwrap().lang, "fr");
        assert_eq!(choose(all, "fr_ca", "en").unwrap().lang, "fr");
        assert_eq!(choose(all, "de", "fr").unwrap().lang, "fr");
        assert_eq!(choose(all, "", "sv").unwrap().lang, "en");
    }

    #[test]
    fn subject_and_body_share_the_learner_language() {
        let mut course = Course::new(5, 1_795_000_000, 0);
        course.fullname = "Chimie".into();
        let mut user = User::new(1, "lise@example.org");
        user.firstname = "Lise".into();
        user.lang = "fr".into();
        let p = Participation::new(5, user, 1_795_000_000);
        let m = render(
            Catalogue::builtin().get("firstassign").unwrap(),
            &site(),
            &course,
            &p,
            &p.user,
            1_795_305_600,
        )
        .unwrap();
        assert_eq!(m.lang, "fr");
        assert_eq!(m.subject, "Académie : votre cours Chimie est ouvert");
        assert!(m.text.contains("Bonjour Lise"));
        assert!(m
            .html
            .contains("<a href=\"https://m.example.org/course/view.php?id=5\">"));
    }

    /// `closed` with its own French text, a course that ends at the render instant, and a
    /// learner in `lang`.
    fn closed_in_french(
        subject: &str,
        body: &str,
        lang: &str,
    ) -> (Notification, Course, Participation) {
        let mut n = Catalogue::builtin().get("closed").unwrap().clone();
        n.texts.push(crate::catalogue::CustomText {
            lang: "fr".into(),
            subject: subject.into(),
            body: body.into(),
        });
        let course = Course::new(5, 1_795_000_000, 1_795_305_600);
        let mut user = User::new(1, "a@example.org");
        user.lang = lang.into();
        user.firstname = "Ana".into();
        (n, course, Participation::new(5, user, 1_795_000_000))
    }

    #[test]
    fn an_empty_subject_or_body_falls_back_to_that_field_of_the_default() {
        let (n, course, p) = closed_in_french("  ", "Merci {{FIRSTNAME}}.", "fr");
        let m = render(&n, &site(), &course, &p, &p.user, 1_795_305_600).unwrap();
        let default = choose(defaults("closed"), "fr", "en").unwrap();
        assert!(!m.subject.trim().is_empty());
        assert_eq!(
            m.subject.split("Course 5").count(),
            default.subject.split("{{COURSE}}").count()
        );
        assert!(m.text.starts_with("Merci Ana."), "{}", m.text);
    }

    #[test]
    fn own_texts_win_in_their_language_and_the_defaults_fill_the_others() {
        let (mut n, course, p) =
            closed_in_french("Fin de {{COURSE}}", "Merci {{FIRSTNAME}}.", "fr_ca");
        let fr = render(&n, &site(), &course, &p, &p.user, 1_795_305_600).unwrap();
        assert_eq!(
            (fr.lang.as_str(), fr.subject.as_str()),
            ("fr", "Fin de Course 5")
        );
        let mut en = p.clone();
        std::sync::Arc::make_mut(&mut en.user).lang = "en".into();
        assert!(render(&n, &site(), &course, &en, &en.user, 1_795_305_600)
            .unwrap()
            .subject
            .contains("has ended"));
        n.texts[0].body = "{{NOPE}}".into();
        assert!(matches!(
            render(&n, &site(), &course, &p, &p.user, 1_795_305_600),
            Err(RenderError::Template { .. })
        ));
    }

    #[test]
    fn a_staff_copy_names_the_learner_and_greets_the_recipient() {
        let n = Catalogue::builtin().get("inactive").unwrap().clone();
        let course = Course::new(5, 1_795_000_000, 0);
        let mut learner = User::new(1, "bob@example.org");
        learner.firstname = "Bob".into();
        let p = Participation::new(5, learner, 1_795_000_000);
        let mut teacher = User::new(9, "marc@example.org");
        teacher.firstname = "Marc".into();
        teacher.lang = "fr".into();
        let m = render(&n, &site(), &course, &p, &teacher, 1_795_305_600).unwrap();
        assert_eq!(m.lang, "fr");
        assert!(m.subject.contains("inactive pour Bob"), "{}", m.subject);
        assert!(m.text.starts_with("Bonjour Marc"), "{}", m.text);
    }

    #[test]
    fn the_inactivity_mail_says_how_many_days_instead_of_data_0() {
        // The original mailed "{{DATA_0}}" literally: nobody passed the number.
        let course = Course::new(5, 1_795_000_000 - 90 * 86_400, 0);
        let mut p = Participation::new(5, User::new(1, "a@example.org"), course.startdate);
        p.last_access = Some(1_795_305_600 - 16 * 86_400);
        let m = render(
            Catalogue::builtin().get("inactive").unwrap(),
            &site(),
            &course,
            &p,
            &p.user,
            1_795_305_600,
        )
        .unwrap();
        assert!(m.text.contains("for 16 days"), "{}", m.text);
        assert!(!m.text.contains("{{") && !m.html.contains("{{"));
    }
}
