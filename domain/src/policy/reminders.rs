//! When people are reminded of what is due: offsets before each kind of deadline, part of
//! the gate policy so that a network that wants earlier or fewer reminders changes its
//! policy file (and its version), not the code.

use super::PolicyError;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// The most offsets one kind of deadline may have: more would be nagging, and a typo
/// that repeats a list should not send dozens of messages.
pub const MAX_OFFSETS: usize = 8;

/// The earliest a reminder may come, in days before its deadline.
pub const MAX_OFFSET_DAYS: u32 = 365;

/// How long before each kind of deadline its reminders are sent. A list may be empty:
/// that kind is then never reminded of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Reminders {
    /// Before a panelist's review of a submitted document version is due.
    pub review_due: Vec<Offset>,
    /// Before the founders' revision of a document is due.
    pub revision_due: Vec<Offset>,
    /// Before a committee vote closes, to the members who have not voted.
    pub vote_closes: Vec<Offset>,
    /// Before an interview, to the founders.
    pub interview: Vec<Offset>,
}

impl Default for Reminders {
    /// What a policy file without a `[reminders]` section gets: the offsets of the
    /// shipped default policy, so that policies stored before reminders existed load
    /// and remind alike.
    fn default() -> Self {
        let days = |n| Offset::new(n, Unit::Days);
        let hours = |n| Offset::new(n, Unit::Hours);
        Self {
            review_due: vec![days(7), days(1)],
            revision_due: vec![days(7), days(1)],
            vote_closes: vec![hours(48), hours(4)],
            interview: vec![days(1)],
        }
    }
}

impl Reminders {
    /// Each kind's name, as in the policy file, with its offsets.
    pub fn kinds(&self) -> [(&'static str, &[Offset]); 4] {
        [
            ("review_due", &self.review_due),
            ("revision_due", &self.revision_due),
            ("vote_closes", &self.vote_closes),
            ("interview", &self.interview),
        ]
    }

    /// Refuses offsets that would remind at no useful time: none before the deadline
    /// (0), too many, the same time twice (also when written two ways, as "2d" and
    /// "48h"), or more than a year ahead.
    pub(super) fn check(&self) -> Result<(), PolicyError> {
        for (kind, offsets) in self.kinds() {
            if offsets.len() > MAX_OFFSETS {
                return Err(PolicyError::TooManyReminders {
                    kind,
                    max: MAX_OFFSETS,
                });
            }
            for (i, offset) in offsets.iter().enumerate() {
                if offset.amount == 0 {
                    return Err(PolicyError::ZeroReminderOffset { kind });
                }
                if offset.minutes() > u64::from(MAX_OFFSET_DAYS) * 24 * 60 {
                    return Err(PolicyError::ReminderTooEarly {
                        kind,
                        offset: *offset,
                        max_days: MAX_OFFSET_DAYS,
                    });
                }
                if let Some(same) = offsets[..i]
                    .iter()
                    .find(|o| o.minutes() == offset.minutes())
                {
                    return Err(PolicyError::RepeatedReminder {
                        kind,
                        first: *same,
                        again: *offset,
                    });
                }
            }
        }
        Ok(())
    }
}

/// The unit an offset is written in; kept so that "7d" is written back as "7d".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Days,
    Hours,
    Minutes,
}

impl Unit {
    fn minutes(self) -> u64 {
        match self {
            Unit::Days => 24 * 60,
            Unit::Hours => 60,
            Unit::Minutes => 1,
        }
    }

    fn suffix(self) -> char {
        match self {
            Unit::Days => 'd',
            Unit::Hours => 'h',
            Unit::Minutes => 'm',
        }
    }
}

/// How long before a deadline a reminder is sent, written `"7d"`, `"48h"` or `"30m"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Offset {
    pub amount: u32,
    pub unit: Unit,
}

impl Offset {
    pub const fn new(amount: u32, unit: Unit) -> Self {
        Self { amount, unit }
    }

    /// The offset in minutes: what two offsets are compared by.
    pub fn minutes(self) -> u64 {
        u64::from(self.amount) * self.unit.minutes()
    }

    /// The offset as a span of time.
    pub fn duration(self) -> chrono::Duration {
        // At most u32::MAX days in minutes: far inside what an i64 of minutes holds.
        chrono::Duration::minutes(i64::try_from(self.minutes()).unwrap_or(i64::MAX))
    }
}

impl fmt::Display for Offset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.amount, self.unit.suffix())
    }
}

impl FromStr for Offset {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wrong = || {
            format!(
                "expected a reminder offset like \"7d\", \"48h\" or \"30m\" (days, hours, \
                 minutes), got {s:?}"
            )
        };
        let unit = match s.chars().last() {
            Some('d') => Unit::Days,
            Some('h') => Unit::Hours,
            Some('m') => Unit::Minutes,
            _ => return Err(wrong()),
        };
        let digits = &s[..s.len() - 1];
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(wrong());
        }
        let amount = digits.parse::<u32>().map_err(|_| wrong())?;
        Ok(Offset::new(amount, unit))
    }
}

impl Serialize for Offset {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Offset {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{Policy, DEFAULT_POLICY};

    fn offsets(list: &[&str]) -> Vec<Offset> {
        list.iter().map(|s| s.parse().expect("an offset")).collect()
    }

    #[test]
    fn an_offset_is_read_and_written_back_in_its_own_unit() {
        for text in ["7d", "48h", "30m", "1d", "365d"] {
            let offset: Offset = text.parse().expect("an offset");
            assert_eq!(offset.to_string(), text);
        }
        assert_eq!("2d".parse::<Offset>().map(Offset::minutes), Ok(2 * 24 * 60));
        assert_eq!(
            "48h".parse::<Offset>().map(Offset::duration),
            Ok(chrono::Duration::hours(48))
        );
        for bad in [
            "",
            "d",
            "7",
            "7w",
            "-1d",
            "+1d",
            "1.5d",
            " 7d",
            "7 d",
            "99999999999d",
        ] {
            let refused = bad.parse::<Offset>();
            assert!(refused.is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn a_policy_without_reminders_gets_the_default_offsets() {
        let (before, after) = DEFAULT_POLICY
            .split_once("[reminders]")
            .expect("the shipped policy names its reminders");
        // The section runs to the next table or the end of the file.
        let rest = after.find("\n[").map(|i| &after[i..]).unwrap_or("");
        let without = format!("{before}{rest}");
        assert!(!without.contains("review_due"), "{without}");
        let policy = Policy::from_toml(&without).expect("still a valid policy");
        assert_eq!(policy.reminders, Reminders::default());
        assert_eq!(policy.reminders, Policy::default().reminders);
    }

    #[test]
    fn the_shipped_reminders_survive_a_round_trip_through_toml() {
        let policy = Policy::default();
        assert_eq!(policy.reminders.review_due, offsets(&["7d", "1d"]));
        assert_eq!(policy.reminders.vote_closes, offsets(&["48h", "4h"]));
        let text = policy.to_toml();
        assert!(text.contains("[reminders]"), "{text}");
        assert!(text.contains("\"48h\""), "{text}");
        assert_eq!(Policy::from_toml(&text), Ok(policy));
    }

    #[test]
    fn an_empty_list_turns_a_kind_of_reminder_off() {
        let mut policy = Policy::default();
        policy.reminders.interview.clear();
        assert_eq!(policy.validate(), Ok(()));
        assert_eq!(Policy::from_toml(&policy.to_toml()), Ok(policy));
    }

    #[test]
    fn useless_offsets_are_refused_with_the_kind_they_belong_to() {
        let mut policy = Policy::default();
        policy.reminders.review_due = offsets(&["7d", "0h"]);
        assert_eq!(
            policy.validate(),
            Err(PolicyError::ZeroReminderOffset { kind: "review_due" })
        );

        let mut policy = Policy::default();
        policy.reminders.vote_closes = offsets(&["48h", "2d"]);
        let refused = policy.validate();
        assert_eq!(
            refused,
            Err(PolicyError::RepeatedReminder {
                kind: "vote_closes",
                first: Offset::new(48, Unit::Hours),
                again: Offset::new(2, Unit::Days),
            })
        );
        let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            message.contains("\"2d\"") && message.contains("\"48h\""),
            "{message}"
        );

        let mut policy = Policy::default();
        policy.reminders.interview = offsets(&["366d"]);
        assert!(matches!(
            policy.validate(),
            Err(PolicyError::ReminderTooEarly {
                kind: "interview",
                ..
            })
        ));
        policy.reminders.interview = offsets(&["365d", "8760h"]);
        assert!(matches!(
            policy.validate(),
            Err(PolicyError::RepeatedReminder { .. })
        ));

        let mut policy = Policy::default();
        policy.reminders.revision_due = (1..=9).map(|n| Offset::new(n, Unit::Days)).collect();
        assert_eq!(
            policy.validate(),
            Err(PolicyError::TooManyReminders {
                kind: "revision_due",
                max: MAX_OFFSETS
            })
        );
        policy.reminders.revision_due.pop();
        assert_eq!(policy.validate(), Ok(()));
    }

    #[test]
    fn a_bad_offset_in_the_file_is_refused_with_its_place() {
        let typo = DEFAULT_POLICY.replacen("[\"48h\"", "[\"48 hours\"", 1);
        let Err(PolicyError::Unreadable(message)) = Policy::from_toml(&typo) else {
            panic!("a bad offset must be refused");
        };
        assert!(message.contains("48 hours"), "{message}");
        assert!(message.contains("vote_closes"), "{message}");
        let unknown = DEFAULT_POLICY.replacen("interview = [", "interviews = [", 1);
        assert!(matches!(
            Policy::from_toml(&unknown),
            Err(PolicyError::Unreadable(_))
        ));
    }
}
