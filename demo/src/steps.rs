//! The steps the demo's script is made of: what happens to the network, and to one
//! application.

use charter_domain::application::{DocumentKind, Recommendation, Stage};
use charter_domain::policy::Electorate;
use charter_domain::vote::{Choice, Motion, Outcome};
use chrono::Duration;
use std::collections::BTreeMap;

/// What happens to the network as a whole.
#[derive(Debug, Clone, PartialEq)]
pub enum NetworkStep {
    /// The secretariat, the committee and the panel pool get their tokens and seats.
    EnrolStaff,
    /// The secretariat registers the association's member hubs, older than Charter, and
    /// appoints their delegates, who get their tokens.
    RegisterHubs,
    /// The new committee member takes a seat from today.
    SeatNewMember,
    /// A committee member's seat ends today (an index into the committee).
    EndSeat(usize),
}

/// What happens to one application. Panelists are indices into the panel pool; `slot`
/// is a place in the vote's electorate, resolved to a member (or, in a network vote, a
/// hub) when the vote opens. A network vote's slots are planned for the largest network
/// the story can have: a slot beyond the hubs voting that day is nobody, and is skipped.
#[derive(Debug, Clone, PartialEq)]
pub enum AppStep {
    /// The founders get their token and open the application.
    Open,
    GrantEligibility {
        note: &'static str,
    },
    RejectAtEligibility {
        reason: &'static str,
    },
    Submit {
        kind: DocumentKind,
        version: u32,
    },
    Assign {
        panelist: usize,
    },
    DeclareConflict {
        panelist: usize,
        reason: &'static str,
    },
    Review {
        panelist: usize,
        kind: DocumentKind,
        version: u32,
        recommendation: Recommendation,
        scores: BTreeMap<String, u8>,
        comments: &'static str,
    },
    /// The panelist revises their review of that version.
    ReviseReview {
        panelist: usize,
        kind: DocumentKind,
        version: u32,
        recommendation: Recommendation,
        scores: BTreeMap<String, u8>,
        comments: &'static str,
    },
    /// The secretariat releases the panel's reviews of that version to the founders, each
    /// at its latest revision.
    ReleaseFeedback {
        kind: DocumentKind,
        version: u32,
        note: &'static str,
    },
    RequestRevision {
        kind: DocumentKind,
        /// The deadline, counted from the request.
        due_in: Duration,
        reason: &'static str,
    },
    ScheduleInterview {
        /// When it takes place, counted from the scheduling.
        after: Duration,
        location: &'static str,
    },
    /// Moves the interview scheduled last.
    RescheduleInterview {
        /// When it now takes place, counted from the move.
        after: Duration,
        location: &'static str,
    },
    /// Records the interview scheduled last as held.
    RecordInterview {
        notes: &'static str,
    },
    /// Cancels the interview scheduled last.
    CancelInterview {
        reason: &'static str,
    },
    Advance {
        to: Stage,
    },
    /// The secretariat opens a vote on `motion`, put to `electorate`.
    OpenVote {
        motion: Motion,
        electorate: Electorate,
    },
    Cast {
        slot: usize,
        choice: Choice,
    },
    Recuse {
        slot: usize,
        reason: &'static str,
    },
    /// In a network vote: the term of the delegate of the hub in `slot` ends today, a new
    /// delegate is appointed, and they change the hub's ballot to `choice`.
    Handover {
        slot: usize,
        choice: Choice,
    },
    /// The secretariat closes the open vote; `expect` is the outcome the story needs.
    CloseVote {
        expect: Outcome,
    },
    /// Charter's scheduler closes the open vote at its closing time.
    CloseAtClosingTime {
        expect: Outcome,
    },
    /// Charter's scheduler makes its round: it marks revision requests past their
    /// deadline.
    SchedulerRound,
    Appeal {
        grounds: &'static str,
    },
    Withdraw {
        reason: &'static str,
    },
    /// The founders (`founders`) or the association sign the agreement.
    Sign {
        founders: bool,
    },
    /// Once the application is an initiative, Charter admits its hub as a member; the
    /// secretariat appoints the first founder its delegate.
    JoinNetwork,
}

/// One step of the script.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Network(NetworkStep),
    /// A step of the application of story `.0`.
    App(usize, AppStep),
}
