//! Digests: the messages one run has for the same recipient, sent as one mail that lists them,
//! each under its subject with its course's link, in the recipient's language. The outbox still
//! holds a row per occurrence, and each is recorded as sent when the digest is.

use course_notification_engine::template::escape_html;

/// One message of a digest, as the outbox holds it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Item<'a> {
    pub(crate) subject: &'a str,
    pub(crate) text: &'a str,
    pub(crate) html: &'a str,
    pub(crate) course_id: i64,
}

/// A digest's subject and bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Digest {
    pub(crate) subject: String,
    pub(crate) text: String,
    pub(crate) html: String,
}

struct Words {
    subject: &'static str,
    intro: &'static str,
    course: &'static str,
}

const EN: Words = Words {
    subject: "{site}: {n} course notifications",
    intro: "Here are your {n} course notifications.",
    course: "Course page:",
};

const FR: Words = Words {
    subject: "{site} : {n} notifications de cours",
    intro: "Voici vos {n} notifications de cours.",
    course: "Page du cours :",
};

fn words(lang: &str) -> &'static Words {
    match course_notification_engine::texts::base_language(lang) {
        "fr" => &FR,
        _ => &EN,
    }
}

/// The digest of `items` for a reader of `lang`.
pub(crate) fn compose(items: &[Item], lang: &str, site: &str, wwwroot: &str) -> Digest {
    let w = words(lang);
    let n = items.len().to_string();
    let fill = |s: &str| s.replace("{site}", site).replace("{n}", &n);
    let mut text = format!("{}\n", fill(w.intro));
    let mut html = format!("<p>{}</p>", escape_html(&fill(w.intro)));
    for (k, item) in items.iter().enumerate() {
        let url = format!("{wwwroot}/course/view.php?id={}", item.course_id);
        text.push_str(&format!(
            "\n{}. {}\n{} {url}\n\n{}\n",
            k + 1,
            item.subject,
            w.course,
            item.text.trim_end()
        ));
        html.push_str(&format!(
            "<hr><h2>{}. {}</h2><p>{} <a href=\"{}\">{}</a></p>{}",
            k + 1,
            escape_html(item.subject),
            escape_html(w.course),
            escape_html(&url),
            escape_html(&url),
            item.html
        ));
    }
    Digest {
        subject: fill(w.subject),
        text,
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_lists_each_message_with_its_course_link_in_the_readers_language() {
        let items = [
            Item {
                subject: "Your access to Algebra ends",
                text: "Hello Ana,\n\nTwo weeks left.\n",
                html: "<p>Hello Ana,</p>",
                course_id: 12,
            },
            Item {
                subject: "We miss you in <Chemistry>",
                text: "Hello Ana,\n\nCome back.\n",
                html: "<p>Come back.</p>",
                course_id: 13,
            },
        ];
        let d = compose(&items, "fr_ca", "Académie", "https://m.example.org");
        assert_eq!(d.subject, "Académie : 2 notifications de cours");
        assert!(d.text.contains("1. Your access to Algebra ends\nPage du cours : https://m.example.org/course/view.php?id=12"));
        assert!(d.text.contains("2. We miss you in <Chemistry>"));
        assert!(d.html.contains("We miss you in &lt;Chemistry&gt;"));
        assert!(d
            .html
            .contains("href=\"https://m.example.org/course/view.php?id=13\""));
        assert_eq!(
            compose(&items, "de", "S", "https://x").subject,
            "S: 2 course notifications"
        );
    }
}
