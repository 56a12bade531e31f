//! Who is in the demo network, and the parts a founding team's story is made of.

use charter_domain::application::Stage;

/// The association's secretariat.
pub const SECRETARIAT: &str = "Elena Marchetti";

/// The Membership Committee: hub representatives seated from the start of the story. The
/// hubs themselves, and their delegates, are in `hubs.rs`.
pub const COMMITTEE: [&str; 7] = [
    "Henrik Sørensen",
    "Amara Okafor",
    "Beatriz Lima",
    "Daniel Weiss",
    "Yuki Tanaka",
    "Fatima Benali",
    "Rafael Duarte",
];

/// The member who takes over a seat part way through, and the member whose seat ends
/// then (an index into [`COMMITTEE`]).
pub const NEW_MEMBER: &str = "Sophie Laurent";
pub const LEAVING_MEMBER: usize = 6;
/// Days after the start of the story when the seat changes hands.
pub const HANDOVER_DAY: i64 = 880;

/// The expert panel pool: name and areas of expertise.
pub const PANELISTS: [(&str, &[&str]); 10] = [
    ("Nadia Rahman", &["finance", "impact investment"]),
    ("Tomás Herrera", &["real estate", "space design"]),
    ("Ingrid Olsen", &["community building"]),
    ("Kofi Boateng", &["impact measurement", "social enterprise"]),
    ("Marta Kowalska", &["finance", "hub operations"]),
    ("Lars Eriksson", &["architecture", "space design"]),
    ("Aisha Khan", &["social enterprise", "programmes"]),
    ("Paolo Conti", &["hospitality", "hub operations"]),
    ("Rebecca Stein", &["legal", "governance"]),
    ("Mei Lin", &["community programmes", "partnerships"]),
];

/// How an unanswered revision request stands at the end of the story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    /// Its deadline is still ahead.
    Ahead,
    /// Its deadline has passed; the scheduler marks it overdue.
    Passed,
}

/// Work toward the next gate that has not yet passed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// How many of the next gate's documents are in.
    pub documents: usize,
    /// Whether the panel has reviewed them all (otherwise some await review).
    pub reviewed: bool,
    /// An unanswered revision request on the first of them.
    pub revision: Option<Deadline>,
    /// An interview booked for a day after the end of the story.
    pub interview_booked: bool,
}

impl Progress {
    pub const NONE: Progress = Progress {
        documents: 0,
        reviewed: false,
        revision: None,
        interview_booked: false,
    };

    /// `documents` in, some awaiting review.
    pub const fn submitted(documents: usize) -> Progress {
        Progress {
            documents,
            ..Progress::NONE
        }
    }

    /// `documents` in and reviewed.
    pub const fn reviewed(documents: usize) -> Progress {
        Progress {
            documents,
            reviewed: true,
            ..Progress::NONE
        }
    }
}

/// How an appeal ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Granted,
    Dismissed,
    /// The appeal vote is still open at the end of the story.
    Pending,
}

/// Which signatures are on the membership agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signatures {
    FoundersOnly,
    Both,
}

/// One part of an application's story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chapter {
    /// Passes every gate up to and including this stage.
    Reach(Stage),
    /// Works toward the next gate without passing it.
    Work(Progress),
    /// The secretariat rejects the application at the eligibility gate.
    RejectAtEligibility,
    /// The committee votes to reject the application.
    RejectByVote,
    /// The founders appeal the rejection; the electorate the policy names decides (in the
    /// demo's policy, the network in an open ballot).
    Appeal(Verdict),
    /// The founders withdraw.
    Withdraw,
    /// The next gate's work is done and the committee votes, but the motion fails.
    VoteFails,
    /// The next gate's work is done and its vote is still open at the end, with some
    /// members not yet voted.
    VoteOpenAtEnd,
    /// The next gate's work is done and the committee's vote passes, but the network's
    /// fails: the member hubs do not admit the new co-owner.
    NetworkVoteFails,
    /// The next gate's work is done, the committee's vote passes, and the network's is
    /// still open at the end, with some hubs not yet voted.
    NetworkVoteOpenAtEnd,
    /// The membership agreement is signed.
    Sign(Signatures),
}

/// What sets a story apart on its way through the gates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Twists {
    /// A panelist asks for changes to the first document; the secretariat requests a
    /// revision and the founders answer it.
    pub revision_answered: bool,
    /// A panelist revises a review after talking to the founders.
    pub revised_review: bool,
    /// A third panelist declares a conflict of interest and is recused.
    pub conflict: bool,
    /// The first interview is cancelled and held later.
    pub cancelled_interview: bool,
    /// The interview is moved to a later day before it is held.
    pub moved_interview: bool,
    /// The first gate vote falls short of its quorum and is closed by Charter at its
    /// closing time; a second vote passes.
    pub no_quorum_first: bool,
    /// A committee member recuses themselves from a vote.
    pub recusal: bool,
    /// A hub's delegate declares the hub's conflict of interest in a network vote.
    pub hub_recusal: bool,
    /// A hub's delegate casts its ballot in a network vote, then their term ends, and the
    /// hub's new delegate changes the ballot before the vote closes.
    pub handover: bool,
    /// Every hub votes in a secret network vote, so the secretariat may close it early.
    pub full_turnout: bool,
}

impl Twists {
    pub const NONE: Twists = Twists {
        revision_answered: false,
        revised_review: false,
        conflict: false,
        cancelled_interview: false,
        moved_interview: false,
        no_quorum_first: false,
        recusal: false,
        hub_recusal: false,
        handover: false,
        full_turnout: false,
    };
}

/// A founding team and what happens to its application.
#[derive(Debug, Clone, Copy)]
pub struct Story {
    pub city: &'static str,
    /// An ASCII name of the city for addresses and file names.
    pub slug: &'static str,
    pub country: &'static str,
    /// Name and the local part of their e-mail address.
    pub founders: [(&'static str, &'static str); 2],
    pub chapters: &'static [Chapter],
    pub twists: Twists,
    /// How many days (from, to) the application has been quiet at the end of the story.
    pub quiet_days: (i64, i64),
    /// The application whose founders' token the demo prints.
    pub showcase: bool,
}

impl Story {
    /// A story without twists.
    pub const fn new(
        city: &'static str,
        slug: &'static str,
        country: &'static str,
        founders: [(&'static str, &'static str); 2],
        chapters: &'static [Chapter],
        quiet_days: (i64, i64),
    ) -> Story {
        Story {
            city,
            slug,
            country,
            founders,
            chapters,
            twists: Twists::NONE,
            quiet_days,
            showcase: false,
        }
    }

    /// The story with `twists`.
    pub const fn with(self, twists: Twists) -> Story {
        Story { twists, ..self }
    }

    /// The story whose founders' token the demo prints.
    pub const fn showcased(self) -> Story {
        Story {
            showcase: true,
            ..self
        }
    }

    /// The stage the application is in at the end of the story.
    pub fn final_stage(&self) -> Stage {
        let mut stage = Stage::Applied;
        let mut rejected_in = Stage::Applied;
        for chapter in self.chapters {
            match chapter {
                Chapter::Reach(to) => stage = *to,
                Chapter::RejectAtEligibility | Chapter::RejectByVote => {
                    rejected_in = stage;
                    stage = Stage::Rejected;
                }
                Chapter::Appeal(Verdict::Granted) => stage = rejected_in,
                Chapter::Withdraw => stage = Stage::Withdrawn,
                Chapter::Sign(Signatures::Both) => stage = Stage::Initiative,
                Chapter::Work(_)
                | Chapter::Appeal(_)
                | Chapter::VoteFails
                | Chapter::VoteOpenAtEnd
                | Chapter::NetworkVoteFails
                | Chapter::NetworkVoteOpenAtEnd
                | Chapter::Sign(_) => {}
            }
        }
        stage
    }

    /// The team's hub.
    pub fn hub_name(&self) -> String {
        format!("Impact Hub {}", self.city)
    }
}
