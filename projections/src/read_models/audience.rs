//! Who may read what the panel does: the one rule the timeline's milestones and the panel
//! reviews are both read by.

/// Who may see a milestone or a panel review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Founders included: of the panel's work, only the feedback released to them.
    Everyone,
    /// The panel, the committee and the secretariat.
    Staff,
}

impl Audience {
    /// As the queries bind it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Audience::Everyone => "everyone",
            Audience::Staff => "staff",
        }
    }
}
