//! A notification's code (`firstassign`), shared rather than copied.
//!
//! A full evaluation of a large site names a notification in every one of its millions of
//! decisions; a shared code makes each of those names a reference count, not an allocation.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// A notification code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code(Arc<str>);

/// Longest code a definition may add (`block_cnotif_def.code` holds 64 characters).
pub const CODE_MAX_LEN: usize = 64;

impl Code {
    /// Whether `code` may name a notification added in a context: 1 to [`CODE_MAX_LEN`] lower-case
    /// ASCII letters, digits or `_` (codes appear in traces, occurrence keys and URLs).
    pub fn is_valid(code: &str) -> bool {
        !code.is_empty()
            && code.len() <= CODE_MAX_LEN
            && code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    }

    /// [`Code::is_valid`] as a PCRE for PHP's `preg_match()`. `\z`, not `$`: PCRE's `$` also
    /// matches before a final newline, which the rule refuses.
    pub fn pattern() -> String {
        format!("/^[a-z0-9_]{{1,{CODE_MAX_LEN}}}\\z/")
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Code {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Code {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Code {
    fn from(s: &str) -> Code {
        Code(Arc::from(s))
    }
}

impl From<String> for Code {
    fn from(s: String) -> Code {
        Code(Arc::from(s))
    }
}

impl From<&String> for Code {
    fn from(s: &String) -> Code {
        Code(Arc::from(s.as_str()))
    }
}

impl From<Code> for String {
    fn from(c: Code) -> String {
        c.0.to_string()
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Code {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Code> for String {
    fn eq(&self, other: &Code) -> bool {
        **self == *other.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_compares_and_prints_as_its_text() {
        let c = Code::from("closed");
        assert_eq!(c, "closed");
        assert_eq!(c.clone(), Code::from(String::from("closed")));
        assert_eq!(c.to_string(), "closed");
        assert_eq!(c.len(), 6);
    }

    #[test]
    fn the_code_rule_and_its_pattern_say_the_same() {
        assert_eq!(Code::pattern(), "/^[a-z0-9_]{1,64}\\z/");
        for ok in ["a", "first_call2", &"x".repeat(64)] {
            assert!(Code::is_valid(ok), "{ok}");
        }
        for bad in ["", "Bad", "a-b", "a b", "a\n", "é", &"x".repeat(65)] {
            assert!(!Code::is_valid(bad), "{bad:?}");
        }
    }
}
