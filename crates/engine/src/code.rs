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

impl Code {
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
}
