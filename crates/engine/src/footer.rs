//! The lines under every message that put the learner in control: where to choose what they
//! receive, and a link that stops this kind of message at once (the same one as the
//! `List-Unsubscribe` header). In the message's language; English where the engine has no words.

use crate::template::escape_html;
use crate::texts::RenderedMessage;

/// The links a footer gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    /// The learner's preferences page.
    pub preferences: String,
    /// The one-click unsubscribe page for this message's topic and course (`None`: the site has
    /// no secret to sign it with).
    pub unsubscribe: Option<String>,
}

struct Words {
    choose: &'static str,
    stop: &'static str,
    essential: &'static str,
}

const EN: Words = Words {
    choose: "Choose which course notifications you receive:",
    stop: "Stop messages like this one:",
    essential: "This notice is one the site must send you; you can still choose which other \
notifications you receive:",
};

const FR: Words = Words {
    choose: "Choisissez les notifications de cours que vous recevez :",
    stop: "Ne plus recevoir ce type de message :",
    essential: "Le site est tenu de vous envoyer cet avis ; vous pouvez choisir les autres \
notifications que vous recevez :",
};

fn words(lang: &str) -> &'static Words {
    match crate::texts::base_language(lang) {
        "fr" => &FR,
        _ => &EN,
    }
}

/// Appends the footer to `m`. An essential notification offers no unsubscribe link (opting out
/// would not stop it), only the preferences page.
pub fn append(m: &mut RenderedMessage, links: &Links, essential: bool) {
    let w = words(&m.lang);
    let stop = links.unsubscribe.as_deref().filter(|_| !essential);
    let first = if essential { w.essential } else { w.choose };
    m.text
        .push_str(&format!("\n{first}\n{}\n", links.preferences));
    m.html.push_str(&format!(
        "<p style=\"font-size:smaller\">{} <a href=\"{}\">{}</a>",
        escape_html(first),
        escape_html(&links.preferences),
        escape_html(&links.preferences)
    ));
    if let Some(url) = stop {
        m.text.push_str(&format!("{}\n{url}\n", w.stop));
        m.html.push_str(&format!(
            "<br>{} <a href=\"{}\">{}</a>",
            escape_html(w.stop),
            escape_html(url),
            escape_html(url)
        ));
    }
    m.html.push_str("</p>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(lang: &str) -> RenderedMessage {
        RenderedMessage {
            lang: lang.into(),
            subject: "s".into(),
            text: "Hello\n\n-- \nSite\n".into(),
            html: "<p>Hello</p>".into(),
        }
    }

    fn links() -> Links {
        Links {
            preferences: "https://m.example.org/blocks/course_notification/preferences.php".into(),
            unsubscribe: Some("https://m.example.org/u.php?token=1-2-calls-x&y".into()),
        }
    }

    #[test]
    fn both_links_in_both_forms_in_the_message_language() {
        let mut m = message("fr");
        append(&mut m, &links(), false);
        assert!(m.text.contains("Choisissez"));
        assert!(m.text.contains("preferences.php\n"));
        assert!(m.text.contains("token=1-2-calls-x&y\n"));
        assert!(m
            .html
            .contains("href=\"https://m.example.org/u.php?token=1-2-calls-x&amp;y\""));
        let mut en = message("de");
        append(&mut en, &links(), false);
        assert!(en.text.contains("Stop messages like this one:"));
    }

    #[test]
    fn an_essential_notice_offers_no_unsubscribe_link() {
        let mut m = message("en");
        append(&mut m, &links(), true);
        assert!(!m.text.contains("token="));
        assert!(m.text.contains("must send you"));
        assert!(m.text.contains("preferences.php"));
    }
}
