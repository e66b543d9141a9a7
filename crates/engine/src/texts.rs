//! Default message texts per notification and language, and rendering a message for a learner.
//!
//! The learner's language (`user.lang`) wins, then the site's, then English; a regional variant
//! (`fr_ca`) falls back to its base language (`fr`). The subject is rendered in the same language
//! as the body (the original rendered it in the cron user's language).

use crate::model::{Course, Site, User};
use crate::template::{Escape, Template, TemplateError, Values};

/// The source texts of one notification in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Texts {
    /// Language code.
    pub lang: &'static str,
    /// Subject template.
    pub subject: &'static str,
    /// Plain-text body template.
    pub text: &'static str,
    /// HTML body template.
    pub html: &'static str,
}

const FIRSTASSIGN: [Texts; 2] = [
    Texts {
        lang: "en",
        subject: "{{SITENAME}}: your course {{COURSE}} is open",
        text: "Hello {{FIRSTNAME}},\n\n\
Your access to the course \"{{COURSE}}\" is now open.\n\n\
Go to the course: {{COURSEURL}}\n\
Your username: {{USERNAME}}\n\
Forgotten your password? {{FORGOTTENPASSWORDURL}}\n\n\
If you need help, contact us: {{CONTACTURL}}\n\n\
{{SITENAME}}\n",
        html: "<p>Hello {{FIRSTNAME}},</p>\
<p>Your access to the course <strong>{{COURSE}}</strong> is now open.</p>\
<p><a href=\"{{COURSEURL}}\">Go to the course</a></p>\
<p>Your username: {{USERNAME}}<br>\
<a href=\"{{FORGOTTENPASSWORDURL}}\">Forgotten your password?</a></p>\
<p>If you need help, <a href=\"{{CONTACTURL}}\">contact us</a>.</p>\
<p>{{SITENAME}}</p>",
    },
    Texts {
        lang: "fr",
        subject: "{{SITENAME}} : votre cours {{COURSE}} est ouvert",
        text: "Bonjour {{FIRSTNAME}},\n\n\
Votre accès au cours « {{COURSE}} » est maintenant ouvert.\n\n\
Accéder au cours : {{COURSEURL}}\n\
Votre identifiant : {{USERNAME}}\n\
Mot de passe oublié ? {{FORGOTTENPASSWORDURL}}\n\n\
Besoin d'aide ? Contactez-nous : {{CONTACTURL}}\n\n\
{{SITENAME}}\n",
        html: "<p>Bonjour {{FIRSTNAME}},</p>\
<p>Votre accès au cours <strong>{{COURSE}}</strong> est maintenant ouvert.</p>\
<p><a href=\"{{COURSEURL}}\">Accéder au cours</a></p>\
<p>Votre identifiant : {{USERNAME}}<br>\
<a href=\"{{FORGOTTENPASSWORDURL}}\">Mot de passe oublié ?</a></p>\
<p>Besoin d'aide ? <a href=\"{{CONTACTURL}}\">Contactez-nous</a>.</p>\
<p>{{SITENAME}}</p>",
    },
];

/// The texts of `notification` in every language it has.
pub fn defaults(notification: &str) -> &'static [Texts] {
    match notification {
        "firstassign" => &FIRSTASSIGN,
        _ => &[],
    }
}

/// Picks the texts for a learner: their language, then the site's, then English.
pub fn choose<'a>(available: &'a [Texts], user_lang: &str, site_lang: &str) -> Option<&'a Texts> {
    let find = |lang: &str| {
        let lang = lang.trim().to_ascii_lowercase();
        let base = lang.split(['_', '-']).next().unwrap_or("").to_string();
        available
            .iter()
            .find(|t| t.lang == lang)
            .or_else(|| available.iter().find(|t| t.lang == base))
    };
    find(user_lang)
        .or_else(|| find(site_lang))
        .or_else(|| find("en"))
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

/// Renders the default texts of `notification` for `user` in `course`.
pub fn render(
    notification: &str,
    site: &Site,
    course: &Course,
    user: &User,
) -> Result<RenderedMessage, RenderError> {
    let texts = choose(defaults(notification), &user.lang, &site.lang).ok_or_else(|| {
        RenderError::NoTexts {
            notification: notification.to_string(),
        }
    })?;
    let parse = |source: &str| {
        Template::parse(source).map_err(|error| RenderError::Template {
            notification: notification.to_string(),
            lang: texts.lang.to_string(),
            error,
        })
    };
    let values = Values::for_learner(site, course, user);
    Ok(RenderedMessage {
        lang: texts.lang.to_string(),
        subject: parse(texts.subject)?.render(&values, Escape::HeaderLine),
        text: parse(texts.text)?.render(&values, Escape::None),
        html: parse(texts.html)?.render(&values, Escape::Html),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_text_parses() {
        for code in ["firstassign"] {
            for t in defaults(code) {
                for source in [t.subject, t.text, t.html] {
                    Template::parse(source).unwrap_or_else(|e| panic!("{code} {}: {e}", t.lang));
                }
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
        let site = Site {
            wwwroot: "https://m.example.org".into(),
            fullname: "Académie".into(),
            shortname: "AC".into(),
            lang: "en".into(),
        };
        let course = Course {
            id: 5,
            shortname: "C5".into(),
            fullname: "Chimie".into(),
            startdate: 0,
            enddate: 0,
        };
        let user = User {
            id: 1,
            username: "lise".into(),
            email: "lise@example.org".into(),
            firstname: "Lise".into(),
            lastname: "Untel".into(),
            lang: "fr".into(),
            timezone: "99".into(),
            mailformat: 1,
        };
        let m = render("firstassign", &site, &course, &user).unwrap();
        assert_eq!(m.lang, "fr");
        assert_eq!(m.subject, "Académie : votre cours Chimie est ouvert");
        assert!(m.text.contains("Bonjour Lise"));
        assert!(m
            .html
            .contains("https://m.example.org/course/view.php?id=5"));
    }
}
