//! What happens to each founding team of the demo.
//!
//! The stories are written out by hand rather than drawn at random, so that every stage,
//! ending and twist the dashboards can show is there on every run; the random generator
//! only decides the gaps between steps, the scores and the words. `quiet_days` is how
//! long (from, to) the application has been quiet when the story ends, which places it
//! in time: a long quiet spell after the last step makes an application overdue.

use super::network::{Chapter::*, Deadline, Progress, Signatures, Story, Twists, Verdict};
use charter_domain::application::Stage::*;

const INITIATIVE: &[super::network::Chapter] = &[Reach(Approved), Sign(Signatures::Both)];
const NONE: Twists = Twists::NONE;

/// Every founding team of the demo, with the end its application reaches.
#[rustfmt::skip]
pub const STORIES: &[Story] = &[
    // Initiatives: both signatures are on the agreement.
    Story::new("Lisbon", "lisbon", "PT", [("Ana Sousa", "ana"), ("Tiago Martins", "tiago")],
        INITIATIVE, (300, 420))
        .with(Twists { revision_answered: true, full_turnout: true, ..NONE }),
    Story::new("Utrecht", "utrecht", "NL", [("Sanne de Vries", "sanne"), ("Daan Bakker", "daan")],
        INITIATIVE, (150, 250))
        .with(Twists { conflict: true, cancelled_interview: true, handover: true, ..NONE }),
    Story::new("Nairobi", "nairobi", "KE", [("Wanjiru Kamau", "wanjiru"), ("Otieno Odhiambo", "otieno")],
        INITIATIVE, (30, 150))
        .with(Twists { revised_review: true, recusal: true, hub_recusal: true, ..NONE }),
    Story::new("Medellín", "medellin", "CO", [("Valentina Restrepo", "valentina"), ("Santiago Gómez", "santiago")],
        INITIATIVE, (20, 90))
        .with(Twists { no_quorum_first: true, ..NONE }),
    Story::new("Ghent", "ghent", "BE", [("Lotte Peeters", "lotte"), ("Pieter De Smet", "pieter")],
        INITIATIVE, (450, 600))
        .with(Twists { moved_interview: true, ..NONE }),
    Story::new("Aarhus", "aarhus", "DK", [("Freja Jensen", "freja"), ("Mads Nielsen", "mads")],
        INITIATIVE, (5, 40))
        .with(Twists { revision_answered: true, conflict: true, ..NONE }),

    // Approved: the agreement awaits its signatures.
    Story::new("Porto", "porto", "PT", [("Inês Carvalho", "ines"), ("Rui Pereira", "rui")],
        &[Reach(Approved), Sign(Signatures::FoundersOnly)], (3, 20)),
    Story::new("Cork", "cork", "IE", [("Aoife Murphy", "aoife"), ("Cian O'Brien", "cian")],
        &[Reach(Approved)], (200, 260)),
    Story::new("Kigali", "kigali", "RW", [("Aline Uwase", "aline"), ("Jean-Paul Habimana", "jeanpaul")],
        &[Reach(Approved)], (10, 60))
        .with(Twists { cancelled_interview: true, ..NONE }),
    Story::new("Tartu", "tartu", "EE", [("Kadri Tamm", "kadri"), ("Martin Saar", "martin")],
        &[Reach(Approved)], (30, 90))
        .with(Twists { revised_review: true, ..NONE }),

    // Candidates: Valencia's approval is before the committee, Pune's before the network;
    // the network declined Cape Town's.
    Story::new("Valencia", "valencia", "ES", [("Lucía Navarro", "lucia"), ("Javier Romero", "javier")],
        &[Reach(Candidate), VoteOpenAtEnd], (0, 2)),
    Story::new("Leipzig", "leipzig", "DE", [("Jana Becker", "jana"), ("Felix Wagner", "felix")],
        &[Reach(Candidate), Work(Progress { interview_booked: true, ..Progress::reviewed(2) })], (1, 10)),
    Story::new("Accra", "accra", "GH", [("Akosua Mensah", "akosua"), ("Kwame Asante", "kwame")],
        &[Reach(PreCandidate), Work(Progress::submitted(1)), RejectByVote, Appeal(Verdict::Granted),
          Reach(Candidate), Work(Progress::submitted(1))], (10, 40)),
    Story::new("Cape Town", "capetown", "ZA", [("Thandiwe Nkosi", "thandiwe"), ("Pieter van der Merwe", "pieter")],
        &[Reach(Candidate), NetworkVoteFails], (100, 300)),
    Story::new("Curitiba", "curitiba", "BR", [("Mariana Costa", "mariana"), ("Lucas Oliveira", "lucas")],
        &[Reach(Candidate), Work(Progress { revision: Some(Deadline::Ahead), ..Progress::submitted(1) })], (5, 20))
        .showcased(),
    Story::new("Pune", "pune", "IN", [("Priya Deshpande", "priya"), ("Arjun Kulkarni", "arjun")],
        &[Reach(Candidate), NetworkVoteOpenAtEnd], (0, 2))
        .with(Twists { conflict: true, ..NONE }),

    // Pre-candidates.
    Story::new("Turin", "turin", "IT", [("Giulia Ferri", "giulia"), ("Marco Bianchi", "marco")],
        &[Reach(PreCandidate), VoteOpenAtEnd], (0, 2))
        .with(Twists { recusal: true, ..NONE }),
    Story::new("Graz", "graz", "AT", [("Katharina Huber", "katharina"), ("Lukas Gruber", "lukas")],
        &[Reach(PreCandidate), Work(Progress::reviewed(2))], (20, 60)),
    Story::new("Bristol", "bristol", "GB", [("Hannah Clarke", "hannah"), ("Tom Ellis", "tom")],
        &[Reach(PreCandidate), Work(Progress { revision: Some(Deadline::Passed), ..Progress::submitted(1) })], (10, 40)),
    Story::new("Montevideo", "montevideo", "UY", [("Sofía Rodríguez", "sofia"), ("Martín Fernández", "martin")],
        &[Reach(PreCandidate), VoteFails], (30, 90)),
    Story::new("Thessaloniki", "thessaloniki", "GR", [("Eleni Papadopoulou", "eleni"), ("Nikos Georgiou", "nikos")],
        &[Reach(PreCandidate)], (10, 200)),
    Story::new("Chiang Mai", "chiangmai", "TH", [("Ploy Srisuk", "ploy"), ("Anan Chaiyaporn", "anan")],
        &[Reach(PreCandidate), Work(Progress::reviewed(1))], (5, 60))
        .with(Twists { revision_answered: true, ..NONE }),
    Story::new("Halifax", "halifax", "CA", [("Claire Thibodeau", "claire"), ("Owen MacLeod", "owen")],
        &[Reach(PreCandidate)], (550, 650)),

    // Eligible.
    Story::new("Kraków", "krakow", "PL", [("Zofia Nowak", "zofia"), ("Mateusz Wiśniewski", "mateusz")],
        &[Reach(Eligible), Work(Progress::submitted(1))], (5, 25)),
    Story::new("Brno", "brno", "CZ", [("Tereza Dvořáková", "tereza"), ("Jakub Novák", "jakub")],
        &[Reach(Eligible), Work(Progress { revision: Some(Deadline::Ahead), ..Progress::submitted(1) })], (5, 20)),
    Story::new("Tampere", "tampere", "FI", [("Aino Virtanen", "aino"), ("Eero Mäkinen", "eero")],
        &[Reach(Eligible)], (380, 450)),
    Story::new("Yogyakarta", "yogyakarta", "ID", [("Sari Wulandari", "sari"), ("Budi Santoso", "budi")],
        &[Reach(Eligible), Work(Progress::reviewed(1))], (3, 30)),
    Story::new("Cluj-Napoca", "cluj", "RO", [("Ioana Popescu", "ioana"), ("Andrei Ionescu", "andrei")],
        &[Reach(Eligible)], (20, 120)),
    Story::new("Da Nang", "danang", "VN", [("Linh Nguyen", "linh"), ("Minh Tran", "minh")],
        &[Reach(Eligible), Work(Progress::submitted(1))], (10, 50))
        .with(Twists { conflict: true, ..NONE }),

    // Applied: waiting for the secretariat.
    Story::new("Wellington", "wellington", "NZ", [("Aroha Ngata", "aroha"), ("James Walker", "james")],
        &[], (2, 10)),
    Story::new("Tbilisi", "tbilisi", "GE", [("Nino Beridze", "nino"), ("Giorgi Kapanadze", "giorgi")],
        &[], (15, 40)),
    Story::new("Oaxaca", "oaxaca", "MX", [("Ximena Hernández", "ximena"), ("Diego López", "diego")],
        &[], (70, 100)),
    Story::new("Ljubljana", "ljubljana", "SI", [("Maja Kovač", "maja"), ("Luka Horvat", "luka")],
        &[], (1, 5)),

    // Rejected. Under the demo's policy the network hears appeals, in an open ballot.
    Story::new("Marseille", "marseille", "FR", [("Léa Fontaine", "lea"), ("Karim Haddad", "karim")],
        &[RejectAtEligibility], (100, 700)),
    Story::new("Seville", "seville", "ES", [("Carmen Ortega", "carmen"), ("Pablo Ruiz", "pablo")],
        &[RejectAtEligibility, Appeal(Verdict::Dismissed)], (200, 500)),
    Story::new("Hamburg", "hamburg", "DE", [("Miriam Schulz", "miriam"), ("Jonas Hoffmann", "jonas")],
        &[Reach(Eligible), Work(Progress::submitted(1)), RejectByVote], (100, 400)),
    Story::new("Valparaíso", "valparaiso", "CL", [("Catalina Muñoz", "catalina"), ("Matías Soto", "matias")],
        &[Reach(Candidate), Work(Progress::reviewed(1)), RejectByVote], (30, 200)),
    Story::new("Dakar", "dakar", "SN", [("Aminata Diop", "aminata"), ("Moussa Ndiaye", "moussa")],
        &[Reach(PreCandidate), RejectByVote, Appeal(Verdict::Pending)], (0, 2)),

    // Withdrawn by their founders.
    Story::new("Gothenburg", "gothenburg", "SE", [("Elsa Lindqvist", "elsa"), ("Oskar Berg", "oskar")],
        &[Reach(Eligible), Withdraw], (100, 600)),
    Story::new("Bergen", "bergen", "NO", [("Ingrid Haugen", "ingrid"), ("Sindre Larsen", "sindre")],
        &[Reach(PreCandidate), Work(Progress::submitted(1)), Withdraw], (50, 300)),
    Story::new("Naples", "naples", "IT", [("Chiara Esposito", "chiara"), ("Davide Russo", "davide")],
        &[Reach(Candidate), Withdraw], (20, 200))
        .with(Twists { cancelled_interview: true, ..NONE }),
];

/// Every story told `scale` times: the first telling is [`STORIES`] itself, each further
/// one the same stories in hubs of their own (" 2", " 3", ... after the city, a digit after
/// the address's slug), so that a network `scale` times the demo's size keeps its mix of
/// stages and twists. Only the showcase of the first telling is printed.
pub fn told(scale: usize) -> &'static [Story] {
    if scale <= 1 {
        return STORIES;
    }
    let mut stories = STORIES.to_vec();
    for copy in 2..=scale.max(1) {
        stories.extend(STORIES.iter().map(|story| Story {
            // Leaked, as the list below: stories are `'static` like the demo's own, and the
            // demo's process tells them once (a few hundred short names at most).
            city: leak(format!("{} {copy}", story.city)),
            slug: leak(format!("{}{copy}", story.slug)),
            showcase: false,
            ..*story
        }));
    }
    stories.leak()
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}
