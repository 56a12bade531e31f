//! Reasons and remarks the demo's script picks from.

pub const ELIGIBILITY_NOTES: &[&str] = &[
    "Legal entity, founding team and letters of support checked.",
    "Basics in order; the team has a shortlist of buildings.",
    "Checked the statutes and the founders' declarations.",
    "All basic documents present; strong local network.",
];
pub const INELIGIBLE: &[&str] = &[
    "The founding team has no legal entity yet and no date for one.",
    "The application overlaps an initiative already serving the same city.",
];
pub const REJECTION_GROUNDS: &[&str] = &[
    "The panel found the financial projection not viable without a committed anchor partner.",
    "No credible site after eighteen months; the committee sees no path to candidacy.",
    "The community strategy relies on a single funder that has since withdrawn.",
];
pub const APPEAL_GROUNDS: &[&str] = &[
    "A municipal partner has since committed three years of rent support; letter attached.",
    "The committee relied on an outdated projection; the current one was submitted in time.",
    "The entity was registered last month; the deed is attached.",
];
pub const WITHDRAWALS: &[&str] = &[
    "The building we planned around was sold; we will reapply once we have a new site.",
    "One of the founders is relocating; the team is regrouping.",
    "Our main funding partner pulled out of the region.",
];
pub const REVISION_REASONS: &[&str] = &[
    "Please add the community survey results and the membership pricing behind them.",
    "The panel asks for a downside scenario with 40% lower occupancy in the first year.",
    "Say more about how the hub will reach founders outside the city centre.",
];
pub const CONFLICTS: &[&str] = &[
    "I advised this founding team on their business plan two years ago.",
    "One of the founders is a former colleague and close friend.",
];
pub const RECUSALS: &[&str] = &[
    "I mentored one of the founders in our hub's accelerator.",
    "My hub is in talks with this team about a joint programme.",
];
pub const HUB_RECUSALS: &[&str] = &[
    "Our hub co-hosted the founders' pilot programme and shares a funder with them.",
    "Two of our hub's board members sit on the applicants' advisory board.",
];
pub const CANCELLATIONS: &[&str] = &[
    "A founder fell ill; rescheduling with the team.",
    "The venue is unavailable that week; moving to a later date.",
];
pub const INTERVIEW_NOTES: &[&str] = &[
    "The team knows its city and its first members by name. Open question: cash runway.",
    "Clear roles between the founders; the space plan is realistic. Follow up on permits.",
    "Strong community track record; the financial plan needs a second funder.",
    "Convincing answers on governance and on how members co-own the hub.",
];
pub const LOCATIONS: &[&str] = &["Video call", "Association office, Vienna", "On site"];
pub const ADVANCE_COMMENTS: &[&str] = &[
    "Well argued and grounded in local data; ready for the next gate.",
    "A credible plan with clear milestones. Minor remarks inline.",
    "Strong on community, adequate on numbers; I recommend advancing.",
    "The team has done its homework. Good risk section.",
];
pub const REVISE_COMMENTS: &[&str] = &[
    "Promising, but the assumptions behind membership growth are not shown.",
    "The budget leaves out fit-out costs; please revise before I can recommend it.",
    "Needs a clearer account of who the first hundred members are.",
];
pub const REVISED_COMMENTS: &[&str] = &[
    "After a call with the founders the open points are answered; advancing.",
    "The clarifications sent by the team settle my concerns.",
];
