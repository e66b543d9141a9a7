//! What the site promises its learners: the unsubscribe secret, the daily budget, digests.

use course_notification_engine::budget::Budget;

use super::{bad, ConfigError, RawAudience};

/// The daily budget a site gets when it says nothing (the default: three mails a day).
pub const DEFAULT_DAILY_BUDGET: u32 = 3;

/// The shortest secret accepted: 16 bytes of text (the plugin generates 64 hex characters).
const MIN_SECRET: usize = 16;

/// The audience settings, validated.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Audience {
    /// The key unsubscribe tokens are signed with (`block_course_notification/unsubscribesecret`);
    /// `None`: no unsubscribe link can be made (a caller that predates it).
    pub secret: Option<String>,
    /// The fatigue budget and digests.
    pub budget: Budget,
}

impl std::fmt::Debug for Audience {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Audience")
            .field("secret", &self.secret.as_ref().map(|_| "<hidden>"))
            .field("budget", &self.budget)
            .finish()
    }
}

impl TryFrom<RawAudience> for Audience {
    type Error = ConfigError;

    fn try_from(raw: RawAudience) -> Result<Audience, ConfigError> {
        let secret = raw.secret.trim();
        if !secret.is_empty() && secret.len() < MIN_SECRET {
            return Err(bad(
                "audience.secret",
                format!(
                    "shorter than {MIN_SECRET} characters: tokens signed with it could be forged"
                ),
            ));
        }
        let per_day = match raw.dailybudget {
            None => DEFAULT_DAILY_BUDGET,
            Some(n @ 0..=1000) => n as u32,
            Some(n) => {
                return Err(bad(
                    "audience.dailybudget",
                    format!("{n} is not a number of mails a day (0 for no limit, at most 1000)"),
                ))
            }
        };
        let min_gap = match raw.mingap {
            m @ 0..=10_080 => m * 60,
            m => {
                return Err(bad(
                    "audience.mingap",
                    format!("{m} is not a number of minutes (0 to 10080, a week)"),
                ))
            }
        };
        Ok(Audience {
            secret: (!secret.is_empty()).then(|| secret.to_string()),
            budget: Budget {
                per_day,
                min_gap,
                digest: raw.digest,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_three_mails_a_day_no_gap_no_digest() {
        let a = Audience::try_from(RawAudience::default()).unwrap();
        assert_eq!(a.secret, None);
        assert_eq!(
            a.budget,
            Budget {
                per_day: 3,
                min_gap: 0,
                digest: false
            }
        );
    }

    #[test]
    fn bad_values_are_refused_with_the_setting_named() {
        let short = RawAudience {
            secret: "abc".into(),
            ..RawAudience::default()
        };
        assert_eq!(
            Audience::try_from(short).unwrap_err().setting,
            "audience.secret"
        );
        let budget = RawAudience {
            dailybudget: Some(-1),
            ..RawAudience::default()
        };
        assert_eq!(
            Audience::try_from(budget).unwrap_err().setting,
            "audience.dailybudget"
        );
        let gap = RawAudience {
            mingap: 20_000,
            ..RawAudience::default()
        };
        assert_eq!(
            Audience::try_from(gap).unwrap_err().setting,
            "audience.mingap"
        );
        let ok = RawAudience {
            secret: "0123456789abcdef0123".into(),
            dailybudget: Some(0),
            mingap: 90,
            digest: true,
        };
        let a = Audience::try_from(ok).unwrap();
        assert_eq!(a.budget.min_gap, 5400);
        assert!(a.budget.digest && a.budget.per_day == 0);
        assert!(!format!("{a:?}").contains("0123456789"));
    }
}
