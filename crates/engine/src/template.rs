//! Templates with `{{PLACEHOLDER}}` slots, one syntax for subject and body.
//!
//! A template is parsed once into text and slots, and parsing refuses an unknown or unclosed
//! placeholder: a template that would mail `{{DATA_0}}` literally (the original's defect) cannot be
//! built. Values are escaped for HTML bodies and stripped of line breaks for subjects, so neither a
//! course name with markup nor one with CR/LF can change the message's structure.

use std::collections::HashMap;
use std::fmt;

use crate::model::{Course, Participation, Site, User};
use crate::time;

/// The values a template may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Placeholder {
    /// Course full name.
    Course,
    /// Course short name.
    CourseShort,
    /// Course id.
    CourseId,
    /// Link to the course page.
    CourseUrl,
    /// Learner's first name.
    FirstName,
    /// Learner's last name.
    LastName,
    /// Learner's username.
    Username,
    /// Site full name.
    SiteName,
    /// Site address.
    WwwRoot,
    /// The site's "contact site support" page.
    ContactUrl,
    /// The "forgotten password" page.
    ForgottenPasswordUrl,
    /// The day access opened, in the learner's timezone and language.
    AccessStart,
    /// The day access ends, in the learner's timezone and language.
    AccessEnd,
    /// Calendar days until access ends.
    DaysLeft,
    /// Calendar days since the learner last came in (since access opened if never).
    InactiveDays,
    /// The first name of the learner the message is about (the recipient's own is FIRSTNAME).
    LearnerFirstName,
    /// The last name of the learner the message is about.
    LearnerLastName,
    /// The notification's code.
    Notification,
    /// The course's contacts (Moodle's `coursecontact` roles, teachers by default), by name.
    Teachers,
}

impl Placeholder {
    /// Every placeholder, with the name written between the braces.
    pub const ALL: [(&'static str, Placeholder); 19] = [
        ("COURSE", Placeholder::Course),
        ("COURSESHORT", Placeholder::CourseShort),
        ("COURSEID", Placeholder::CourseId),
        ("COURSEURL", Placeholder::CourseUrl),
        ("FIRSTNAME", Placeholder::FirstName),
        ("LASTNAME", Placeholder::LastName),
        ("USERNAME", Placeholder::Username),
        ("SITENAME", Placeholder::SiteName),
        ("WWWROOT", Placeholder::WwwRoot),
        ("CONTACTURL", Placeholder::ContactUrl),
        ("FORGOTTENPASSWORDURL", Placeholder::ForgottenPasswordUrl),
        ("ACCESSSTART", Placeholder::AccessStart),
        ("ACCESSEND", Placeholder::AccessEnd),
        ("DAYSLEFT", Placeholder::DaysLeft),
        ("INACTIVEDAYS", Placeholder::InactiveDays),
        ("LEARNERFIRSTNAME", Placeholder::LearnerFirstName),
        ("LEARNERLASTNAME", Placeholder::LearnerLastName),
        ("NOTIFICATION", Placeholder::Notification),
        ("TEACHERS", Placeholder::Teachers),
    ];

    fn from_name(name: &str) -> Option<Placeholder> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, p)| *p)
    }
}

/// Why a template was refused, and where: the line and column (both from 1, the column in
/// characters) of the opening braces at fault, so that a form or a preview can point at them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// `{{NAME}}` where NAME is not a known placeholder.
    UnknownPlaceholder {
        /// The name between the braces.
        name: String,
        /// Line of the opening braces.
        line: usize,
        /// Column of the opening braces.
        column: usize,
    },
    /// `{{` with no matching `}}`.
    Unclosed {
        /// Line of the opening braces.
        line: usize,
        /// Column of the opening braces.
        column: usize,
    },
}

impl TemplateError {
    /// The line (from 1) of the opening braces at fault.
    pub fn line(&self) -> usize {
        match self {
            TemplateError::UnknownPlaceholder { line, .. }
            | TemplateError::Unclosed { line, .. } => *line,
        }
    }

    /// The column (from 1, in characters) of the opening braces at fault.
    pub fn column(&self) -> usize {
        match self {
            TemplateError::UnknownPlaceholder { column, .. }
            | TemplateError::Unclosed { column, .. } => *column,
        }
    }

    /// The placeholder at fault, as written between the braces (`None`: unclosed braces).
    pub fn placeholder(&self) -> Option<&str> {
        match self {
            TemplateError::UnknownPlaceholder { name, .. } => Some(name),
            TemplateError::Unclosed { .. } => None,
        }
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: ", self.line(), self.column())?;
        match self {
            TemplateError::UnknownPlaceholder { name, .. } => {
                let upper = name.to_uppercase();
                if Placeholder::from_name(&upper).is_some() {
                    return write!(
                        f,
                        "unknown placeholder {{{{{name}}}}}: placeholders are written in capitals, {{{{{upper}}}}}"
                    );
                }
                let known: Vec<&str> = Placeholder::ALL.iter().map(|(n, _)| *n).collect();
                write!(
                    f,
                    "unknown placeholder {{{{{name}}}}}; known: {}",
                    known.join(", ")
                )
            }
            TemplateError::Unclosed { .. } => write!(f, "'{{{{' is never closed"),
        }
    }
}

impl std::error::Error for TemplateError {}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Slot(Placeholder),
}

/// A parsed, valid template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pieces: Vec<Piece>,
}

impl Template {
    /// Parses `source`, refusing unknown and unclosed placeholders (the first one found).
    pub fn parse(source: &str) -> Result<Template, TemplateError> {
        let (pieces, problems) = scan(source);
        match problems.into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(Template { pieces }),
        }
    }

    /// Every problem in `source`, in order; empty when it parses. A form shows them all at once,
    /// where a run needs only to know that a template cannot be used.
    pub fn problems(source: &str) -> Vec<TemplateError> {
        scan(source).1
    }

    /// Renders with `values`, passing each value through `escape`.
    pub fn render(&self, values: &Values, escape: Escape) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Slot(p) => {
                    let v = values.get(*p);
                    match escape {
                        Escape::None => out.push_str(v),
                        Escape::Html => out.push_str(&escape_html(v)),
                        Escape::HeaderLine => out.push_str(&one_line(v)),
                    }
                }
            }
        }
        out
    }
}

/// How values are written into the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    /// As they are (plain-text bodies).
    None,
    /// HTML-escaped (HTML bodies: a name with markup stays text).
    Html,
    /// On one line (subjects: CR, LF and other controls become spaces).
    HeaderLine,
}

/// The placeholder values for one message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Values {
    map: HashMap<Placeholder, String>,
}

impl Values {
    /// Values for a message about learner `p` in a course, to `to` (the learner, or a member of
    /// the course's staff), about notification `code` at `now`, dates written in `lang` and in the
    /// recipient's timezone.
    pub fn for_message(
        site: &Site,
        course: &Course,
        p: &Participation,
        to: &User,
        code: &str,
        lang: &str,
        now: i64,
    ) -> Values {
        let root = site.wwwroot.trim_end_matches('/');
        let tz = to.tz(site.timezone);
        let start = p.access_start(course);
        let end = p.access_end(course);
        let since = p.last_access.filter(|&t| t > 0).unwrap_or(start);
        let user = to;
        let map = HashMap::from([
            (Placeholder::Course, course.fullname.clone()),
            (Placeholder::CourseShort, course.shortname.clone()),
            (Placeholder::CourseId, course.id.to_string()),
            (
                Placeholder::CourseUrl,
                format!("{root}/course/view.php?id={}", course.id),
            ),
            (Placeholder::FirstName, user.firstname.clone()),
            (Placeholder::LastName, user.lastname.clone()),
            (Placeholder::Username, user.username.clone()),
            (Placeholder::SiteName, site.fullname.clone()),
            (Placeholder::WwwRoot, root.to_string()),
            (
                Placeholder::ContactUrl,
                format!("{root}/user/contactsitesupport.php"),
            ),
            (
                Placeholder::ForgottenPasswordUrl,
                format!("{root}/login/forgot_password.php"),
            ),
            (Placeholder::AccessStart, time::long_date(start, tz, lang)),
            (
                Placeholder::AccessEnd,
                end.map(|e| time::long_date(e, tz, lang))
                    .unwrap_or_default(),
            ),
            (
                Placeholder::DaysLeft,
                end.map(|e| time::days_between(now, e, tz).max(0).to_string())
                    .unwrap_or_default(),
            ),
            (
                Placeholder::InactiveDays,
                time::days_between(since, now, tz).max(0).to_string(),
            ),
            (Placeholder::LearnerFirstName, p.user.firstname.clone()),
            (Placeholder::LearnerLastName, p.user.lastname.clone()),
            (Placeholder::Notification, code.to_string()),
            (Placeholder::Teachers, course.teachers.join(", ")),
        ]);
        Values { map }
    }

    fn get(&self, p: Placeholder) -> &str {
        self.map.get(&p).map(String::as_str).unwrap_or("")
    }
}

/// Splits `source` into text and slots, and lists what cannot be a slot.
fn scan(source: &str) -> (Vec<Piece>, Vec<TemplateError>) {
    let mut pieces = Vec::new();
    let mut problems = Vec::new();
    let mut rest = source;
    // Where `rest` starts, as a line and column: advanced over what each step consumes, so finding
    // the position of a problem never rescans the template (a hostile one may have thousands).
    let mut at = Position { line: 1, column: 1 };
    while let Some(open) = rest.find("{{") {
        if open > 0 {
            pieces.push(Piece::Text(rest[..open].to_string()));
        }
        let here = at.after(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            problems.push(TemplateError::Unclosed {
                line: here.line,
                column: here.column,
            });
            return (pieces, problems);
        };
        let name = after[..close].trim();
        match Placeholder::from_name(name) {
            Some(slot) => pieces.push(Piece::Slot(slot)),
            None => problems.push(TemplateError::UnknownPlaceholder {
                name: name.to_string(),
                line: here.line,
                column: here.column,
            }),
        }
        let consumed = open + 2 + close + 2;
        at = here.after(&rest[open..consumed]);
        rest = &rest[consumed..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_string()));
    }
    (pieces, problems)
}

/// A line and a column, both from 1, the column in characters.
#[derive(Debug, Clone, Copy)]
struct Position {
    line: usize,
    column: usize,
}

impl Position {
    /// Where the text after `passed` starts, `passed` starting here. A CR LF pair is one line
    /// break (the LF counts it), as a lone LF is.
    fn after(self, passed: &str) -> Position {
        match passed.rfind('\n') {
            Some(last) => Position {
                line: self.line + passed.matches('\n').count(),
                column: passed[last + 1..].chars().count() + 1,
            },
            None => Position {
                line: self.line,
                column: self.column + passed.chars().count(),
            },
        }
    }
}

/// Escapes the five HTML-significant characters.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Replaces every control character (CR and LF included) with a space.
pub fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::User;

    fn values() -> Values {
        let site = Site {
            wwwroot: "https://moodle.example.org/".into(),
            fullname: "Example <Academy>".into(),
            shortname: "EA".into(),
            lang: "en".into(),
            timezone: chrono_tz::Europe::Paris,
        };
        let mut course = Course::new(12, 1_795_000_000, 0);
        course.shortname = "ALG".into();
        course.fullname = "Algebra & <b>Logic</b>\r\nBcc: evil@example.org".into();
        let mut user = User::new(3, "ana@example.org");
        user.username = "ana".into();
        user.firstname = "Ana".into();
        user.lastname = "O'Neil".into();
        let mut p = Participation::new(12, user, 1_795_000_000);
        p.enrol_end = Some(1_795_305_600 + 3 * 86_400);
        let to = p.user.clone();
        Values::for_message(&site, &course, &p, &to, "closed", "en", 1_795_305_600)
    }

    #[test]
    fn renders_every_placeholder() {
        let t = Template::parse("{{FIRSTNAME}} {{ LASTNAME }} in {{COURSESHORT}} ({{COURSEURL}})")
            .unwrap();
        assert_eq!(
            t.render(&values(), Escape::None),
            "Ana O'Neil in ALG (https://moodle.example.org/course/view.php?id=12)"
        );
    }

    #[test]
    fn dates_and_counts_are_in_the_learner_calendar() {
        let t =
            Template::parse("{{ACCESSSTART}} / {{ACCESSEND}} / {{DAYSLEFT}} / {{INACTIVEDAYS}}")
                .unwrap();
        assert_eq!(
            t.render(&values(), Escape::None),
            "18 November 2026 / 25 November 2026 / 3 / 4"
        );
    }

    #[test]
    fn unknown_placeholder_is_refused() {
        let err = Template::parse("Hello {{DATA_0}} days").unwrap_err();
        assert_eq!(
            err,
            TemplateError::UnknownPlaceholder {
                name: "DATA_0".into(),
                line: 1,
                column: 7,
            }
        );
        assert_eq!(err.placeholder(), Some("DATA_0"));
        assert!(err
            .to_string()
            .starts_with("line 1, column 7: unknown placeholder {{DATA_0}}; known: COURSE,"));
    }

    #[test]
    fn every_problem_is_listed_and_lower_case_names_get_a_hint() {
        let found = Template::problems("{{firstname}} {{DATA_0}} {{COURSE}} {{LEFT");
        let said: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 3, "{said:?}");
        assert!(said[0].contains("capitals, {{FIRSTNAME}}"), "{said:?}");
        assert!(said[1].contains("{{DATA_0}}; known:"), "{said:?}");
        assert_eq!(
            found[2],
            TemplateError::Unclosed {
                line: 1,
                column: 37
            }
        );
        assert!(Template::problems("{{COURSE}} {{TEACHERS}}").is_empty());
    }

    #[test]
    fn problems_say_the_line_and_column_in_characters() {
        // A body of several paragraphs, CR LF line breaks and accents before the fault: the line
        // and column a person counts in their editor.
        let source = "Bonjour {{FIRSTNAME}},\r\n\r\nVotre accès à « {{COURSE}} » : {{DAYS_LEFT}} jours.\n\n  {{ACCESSEND";
        let found = Template::problems(source);
        assert_eq!(
            found,
            vec![
                TemplateError::UnknownPlaceholder {
                    name: "DAYS_LEFT".into(),
                    line: 3,
                    column: 32,
                },
                TemplateError::Unclosed { line: 5, column: 3 },
            ]
        );
        assert!(found[0]
            .to_string()
            .starts_with("line 3, column 32: unknown placeholder {{DAYS_LEFT}}; known:"));
        assert_eq!(
            found[1].to_string(),
            "line 5, column 3: '{{' is never closed"
        );
        assert_eq!((found[1].line(), found[1].placeholder()), (5, None));
        // Right after a placeholder on the same line.
        let next = Template::problems("{{COURSE}}{{NOPE}}");
        assert_eq!((next[0].line(), next[0].column()), (1, 11));
    }

    #[test]
    fn teachers_are_named_in_order() {
        let mut v = values();
        assert_eq!(
            Template::parse("[{{TEACHERS}}]")
                .unwrap()
                .render(&v, Escape::None),
            "[]"
        );
        v.map.insert(
            Placeholder::Teachers,
            ["Marie Curie", "Ada <Lovelace>"].join(", "),
        );
        assert_eq!(
            Template::parse("{{TEACHERS}}")
                .unwrap()
                .render(&v, Escape::Html),
            "Marie Curie, Ada &lt;Lovelace&gt;"
        );
    }

    #[test]
    fn unclosed_placeholder_is_refused() {
        assert_eq!(
            Template::parse("ab {{COURSE").unwrap_err(),
            TemplateError::Unclosed { line: 1, column: 4 }
        );
    }

    #[test]
    fn single_braces_are_text() {
        let t = Template::parse("{COURSE} }} {").unwrap();
        assert_eq!(t.render(&values(), Escape::None), "{COURSE} }} {");
    }

    #[test]
    fn html_values_are_escaped_but_template_markup_is_kept() {
        let t = Template::parse("<p>{{COURSE}}</p>").unwrap();
        let html = t.render(&values(), Escape::Html);
        assert!(html.starts_with("<p>Algebra &amp; &lt;b&gt;Logic&lt;/b&gt;"));
    }

    #[test]
    fn header_values_lose_line_breaks() {
        let t = Template::parse("Welcome to {{COURSE}}").unwrap();
        let subject = t.render(&values(), Escape::HeaderLine);
        assert!(!subject.contains('\r') && !subject.contains('\n'));
        assert!(
            subject.contains("Bcc: evil"),
            "kept as text on the same line"
        );
    }
}
