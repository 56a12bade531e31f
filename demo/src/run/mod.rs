//! Follows the plan in time order: sets the simulated clock to each step's time and takes
//! the step over HTTP as the person who would take it.

mod ballots;
mod hubs;
mod steps;
mod votes;

use super::client::{Caller, Client};
use super::network::{COMMITTEE, NEW_MEMBER, PANELISTS, SECRETARIAT};
use super::plan::Plan;
use super::steps::{AppStep, NetworkStep, Step};
use super::DemoError;
use crate::clock::SimulatedClock;
use crate::host::{Enrolment, Host};
use charter_domain::application::DocumentKind;
use charter_domain::{PersonId, Role};
use serde_json::{json, Value};
use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;
use votes::OpenVote;

pub use hubs::HubRun;

/// What the runner remembers of one application.
#[derive(Debug, Default)]
struct AppRun {
    founders: Option<Caller>,
    id: Option<Uuid>,
    vote: Option<OpenVote>,
    votes_opened: u64,
    interview: Option<u64>,
    reviews: HashMap<(usize, DocumentKind, u32), u64>,
    /// Each review's latest revision, by review number.
    revisions: HashMap<u64, u64>,
}

/// Drives the in-process server through the plan.
#[derive(Debug)]
pub struct Runner<'h> {
    pub client: Client,
    pub clock: Arc<SimulatedClock>,
    pub host: &'h dyn Host,
    /// The database the server writes to, for what no answer reports.
    pub pool: PgPool,
    pub seed: u64,
    pub secretariat: Option<Caller>,
    /// The committee in the order of [`COMMITTEE`], the new member last.
    pub committee: Vec<Caller>,
    pub panelists: Vec<Caller>,
    /// The member hubs: the association's in the order of `FOUNDING_HUBS`, then each
    /// initiative's as it joins.
    pub hubs: Vec<HubRun>,
    apps: Vec<AppRun>,
    /// The highest global position a command reported.
    pub position: i64,
}

impl<'h> Runner<'h> {
    pub fn new(
        client: Client,
        clock: Arc<SimulatedClock>,
        host: &'h dyn Host,
        pool: PgPool,
        seed: u64,
    ) -> Self {
        Self {
            client,
            clock,
            host,
            pool,
            seed,
            secretariat: None,
            committee: Vec::new(),
            panelists: Vec::new(),
            hubs: Vec::new(),
            apps: Vec::new(),
            position: 0,
        }
    }

    /// Takes every step of `plan` at its time.
    pub async fn follow(&mut self, plan: &Plan) -> Result<(), DemoError> {
        self.apps = plan.stories.iter().map(|_| AppRun::default()).collect();
        for planned in &plan.steps {
            self.clock.set(planned.at);
            match &planned.step {
                Step::Network(step) => self.network(step).await?,
                Step::App(index, step) => {
                    let story = plan.stories.get(*index).ok_or_else(|| {
                        DemoError::unexpected("the plan", format!("no story {index}"))
                    })?;
                    self.application(*index, story, step).await?;
                }
            }
        }
        Ok(())
    }

    /// The secretariat's caller; enrolled by the plan's first step.
    pub fn secretariat(&self) -> Result<&Caller, DemoError> {
        self.secretariat
            .as_ref()
            .ok_or_else(|| DemoError::unexpected("the plan", "the staff were not enrolled first"))
    }

    /// The id of story `index`'s application, once it is open.
    pub fn application_id(&self, index: usize) -> Option<Uuid> {
        self.apps.get(index).and_then(|app| app.id)
    }

    /// The founders of story `index`, once their application is open.
    pub fn founders(&self, index: usize) -> Option<&Caller> {
        self.apps.get(index).and_then(|app| app.founders.as_ref())
    }

    async fn enroll(
        &self,
        role: Role,
        name: &str,
        email: Option<String>,
        expertise: &[&str],
    ) -> Result<Caller, DemoError> {
        let issued = self
            .host
            .enrol(Enrolment {
                role,
                name: name.to_owned(),
                person: None,
                email,
                expertise: expertise.iter().map(|&area| area.to_owned()).collect(),
                at: self.clock.now(),
            })
            .await
            .map_err(|source| DemoError::Enrol {
                name: name.to_owned(),
                source,
            })?;
        Ok(Caller {
            token: issued.token,
            person: issued.person,
            name: name.to_owned(),
            role,
            application: issued.application,
        })
    }

    /// A token for `role` to `person` (named `name`), who is on the roster already: a
    /// delegate the secretariat has appointed, say.
    async fn token(&self, role: Role, person: PersonId, name: &str) -> Result<Caller, DemoError> {
        let issued = self
            .host
            .enrol(Enrolment {
                role,
                name: name.to_owned(),
                person: Some(person),
                email: None,
                expertise: Vec::new(),
                at: self.clock.now(),
            })
            .await
            .map_err(|source| DemoError::Enrol {
                name: name.to_owned(),
                source,
            })?;
        Ok(Caller {
            token: issued.token,
            person: issued.person,
            name: name.to_owned(),
            role,
            application: issued.application,
        })
    }

    async fn network(&mut self, step: &NetworkStep) -> Result<(), DemoError> {
        match step {
            NetworkStep::EnrolStaff => {
                self.secretariat = Some(
                    self.enroll(
                        Role::Secretariat,
                        SECRETARIAT,
                        staff_email(SECRETARIAT),
                        &[],
                    )
                    .await?,
                );
                for name in COMMITTEE {
                    let member = self
                        .enroll(Role::Committee, name, staff_email(name), &[])
                        .await?;
                    self.committee.push(member);
                }
                for (name, expertise) in PANELISTS {
                    let panelist = self
                        .enroll(Role::Panelist, name, staff_email(name), expertise)
                        .await?;
                    self.panelists.push(panelist);
                }
            }
            NetworkStep::RegisterHubs => self.register_hubs().await?,
            NetworkStep::SeatNewMember => {
                let member = self
                    .enroll(Role::Committee, NEW_MEMBER, staff_email(NEW_MEMBER), &[])
                    .await?;
                self.committee.push(member);
            }
            NetworkStep::EndSeat(member) => {
                let person = self
                    .committee
                    .get(*member)
                    .map(|m| m.person)
                    .ok_or_else(|| {
                        DemoError::unexpected(
                            "a seat ends",
                            format!("no committee member {member}"),
                        )
                    })?;
                let on = self.clock.now().date_naive();
                let response = self
                    .client
                    .post(
                        "a committee seat ends",
                        self.secretariat()?,
                        &format!("/api/v1/people/{person}/committee-seat/end"),
                        &json!({ "on": on }),
                        200,
                    )
                    .await?;
                self.saw(&response);
            }
        }
        Ok(())
    }

    /// Remembers the position a command reported.
    fn saw(&mut self, response: &Value) {
        if let Some(position) = response["position"].as_i64() {
            self.position = self.position.max(position);
        }
    }
}

/// A step in a few words, for error messages.
fn describe(step: &AppStep) -> String {
    match step {
        AppStep::Submit { kind, version } => format!("submit {kind} version {version}"),
        AppStep::Review { kind, version, .. } => format!("review {kind} version {version}"),
        AppStep::Advance { to } => format!("advance to {to}"),
        other => {
            let debug = format!("{other:?}");
            debug
                .split([' ', '{', '('])
                .next()
                .unwrap_or_default()
                .to_owned()
        }
    }
}

/// The network's address for a member of its staff (`Henrik Sørensen` is
/// `henrik.sorensen@network.example`), so that the demo's mail reaches the panelists, the
/// committee and the secretariat too.
fn staff_email(name: &str) -> Option<String> {
    address(name, "network.example")
}

/// The address of `name` at `domain`, in ASCII: `Henrik Sørensen` at `network.example` is
/// `henrik.sorensen@network.example`.
fn address(name: &str, domain: &str) -> Option<String> {
    let local: Vec<String> = name
        .split_whitespace()
        .map(|part| {
            part.chars()
                .flat_map(char::to_lowercase)
                .map(|c| match c {
                    'ø' | 'ó' | 'ò' | 'ö' | 'ô' => 'o',
                    'é' | 'è' | 'ë' | 'ê' | 'ě' => 'e',
                    'á' | 'à' | 'ä' | 'å' | 'â' | 'ã' => 'a',
                    'í' | 'ì' | 'ï' => 'i',
                    'ú' | 'ù' | 'ü' => 'u',
                    'ç' | 'č' => 'c',
                    'š' => 's',
                    'ž' => 'z',
                    'ř' => 'r',
                    'ý' => 'y',
                    'ñ' => 'n',
                    c => c,
                })
                .filter(char::is_ascii_alphanumeric)
                .collect()
        })
        .filter(|part: &String| !part.is_empty())
        .collect();
    Some(format!("{}@{domain}", local.join(".")))
}
