//! What each learner chose to receive: opt-outs by topic and course.
//!
//! A learner opts out of a *topic* (the calls, inactivity, the end of access, completion, or one
//! custom notification by its code), in one course or in every course, or of everything. The
//! built-in notifications are grouped into the topics a learner recognises; a notification added
//! by a site is a topic of its own, named by its code. An essential notification (set by an
//! administrator: "access has ended" where a contract requires it) is sent whatever the opt-outs
//! say.

/// The topic that stands for every topic (and, with course 0, for every course).
pub const ALL: &str = "all";

/// The built-in topics, in the order a preferences page lists them.
pub const BUILTIN_TOPICS: [&str; 4] = ["calls", "inactivity", "accessend", "completion"];

/// The topic notification `code` belongs to.
pub fn topic(code: &str) -> &str {
    match code {
        "firstassign" | "firstcall" | "secondcall" => "calls",
        "inactive" => "inactivity",
        "twoweeksnearend" | "oneweeknearend" | "fivedaystoend" | "threedaystoend"
        | "onedaytoend" | "closed" => "accessend",
        "completed" | "coldfeedback" => "completion",
        custom => custom,
    }
}

/// One opt-out as the plugin stores it (`block_cnotif_pref`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OptOut {
    /// The course it applies to; 0 for every course.
    pub course_id: i64,
    /// The topic (see [`topic`]), or [`ALL`].
    pub topic: String,
}

/// Whether `opt_outs` stop notifications of `topic` in course `course_id`.
pub fn opted_out(opt_outs: &[OptOut], course_id: i64, topic: &str) -> bool {
    opt_outs.iter().any(|o| {
        (o.course_id == 0 || o.course_id == course_id) && (o.topic == ALL || o.topic == topic)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(course_id: i64, topic: &str) -> OptOut {
        OptOut {
            course_id,
            topic: topic.into(),
        }
    }

    #[test]
    fn every_builtin_code_has_a_builtin_topic_and_custom_codes_are_their_own() {
        for n in crate::catalogue::Catalogue::builtin().notifications {
            assert!(BUILTIN_TOPICS.contains(&topic(&n.code)), "{}", n.code);
        }
        assert_eq!(topic("myreminder"), "myreminder");
    }

    #[test]
    fn an_opt_out_covers_its_course_and_topic_and_zero_and_all_widen_it() {
        let none: [OptOut; 0] = [];
        assert!(!opted_out(&none, 5, "calls"));
        assert!(opted_out(&[out(5, "calls")], 5, "calls"));
        assert!(!opted_out(&[out(5, "calls")], 6, "calls"));
        assert!(!opted_out(&[out(5, "calls")], 5, "accessend"));
        assert!(opted_out(&[out(0, "calls")], 6, "calls"));
        assert!(opted_out(&[out(5, ALL)], 5, "accessend"));
        assert!(!opted_out(&[out(5, ALL)], 6, "accessend"));
        assert!(opted_out(&[out(0, ALL)], 9, "myreminder"));
    }
}
