//! The member hubs as the runner follows them: the association's hubs registered with their
//! delegates, each initiative's hub joining with its first founder as delegate, and a
//! delegate handing over to a successor. The secretariat registers people and appoints
//! delegates over HTTP; only their tokens come from the host, as `charter token issue`
//! gives them to people on the roster.

use super::{address, Runner};
use crate::client::{text, Caller};
use crate::hubs::FOUNDING_HUBS;
use crate::network::Story;
use crate::DemoError;
use charter_domain::{PersonId, Role};
use chrono::NaiveDate;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long Charter may take to admit an initiative's hub before the demo gives up.
const ADMISSION_WAIT: Duration = Duration::from_secs(30);

/// A member hub as the runner knows it.
#[derive(Debug)]
pub struct HubRun {
    pub id: Uuid,
    pub name: String,
    /// Whether it is one of the association's hubs older than Charter.
    pub founding: bool,
    /// Its delegates now, each with the first day they represent it.
    pub delegates: Vec<(Caller, NaiveDate)>,
    /// Delegates whose term ended, who may be appointed again.
    former: Vec<Caller>,
    /// Who takes over at the first handover: a name and an address.
    successor: Option<(String, Option<String>)>,
}

impl Runner<'_> {
    /// The secretariat registers every hub older than Charter and appoints its delegates.
    pub(super) async fn register_hubs(&mut self) -> Result<(), DemoError> {
        for hub in FOUNDING_HUBS {
            let what = format!("{}: registering the hub", hub.name);
            let joined = hub
                .joined()
                .ok_or_else(|| DemoError::unexpected(&what, "no such day"))?;
            let body = json!({
                "name": hub.name, "city": hub.city, "country": hub.country, "joined": joined,
            });
            let response = self
                .client
                .post(&what, self.secretariat()?, "/api/v1/hubs", &body, 201)
                .await?;
            self.saw(&response);
            let id = uuid(&response, "hub_id", &what)?;
            let domain = format!("{}.hub.example", hub.slug);
            let mut run = HubRun {
                id,
                name: hub.name.to_owned(),
                founding: true,
                delegates: Vec::new(),
                former: Vec::new(),
                successor: Some((hub.successor.to_owned(), address(hub.successor, &domain))),
            };
            for name in hub.delegates {
                self.new_delegate(&mut run, name, address(name, &domain), &what)
                    .await?;
            }
            self.hubs.push(run);
        }
        Ok(())
    }

    /// Waits until Charter has admitted the hub of story `index`'s application, which has
    /// just become an initiative, and appoints its first founder its delegate.
    pub(super) async fn join_network(
        &mut self,
        index: usize,
        story: &Story,
        what: &str,
    ) -> Result<(), DemoError> {
        let (Some(application), Some(founder)) =
            (self.application_id(index), self.founders(index).cloned())
        else {
            return Err(DemoError::unexpected(what, "the application is not open"));
        };
        let id = self.admitted(application, what).await?;
        let (name, local) = story.founders[1];
        let mut run = HubRun {
            id,
            name: story.hub_name(),
            founding: false,
            delegates: Vec::new(),
            former: Vec::new(),
            successor: Some((
                name.to_owned(),
                Some(format!("{local}@{}.hub.example", story.slug)),
            )),
        };
        self.appoint(&run, founder.person, what).await?;
        let delegate = self
            .token(Role::Delegate, founder.person, &founder.name)
            .await?;
        run.delegates
            .push((delegate, self.clock.now().date_naive()));
        self.hubs.push(run);
        Ok(())
    }

    /// The secretariat puts a new person on the roster and appoints them a delegate of
    /// `hub` from today; they get a delegate's token.
    async fn new_delegate(
        &mut self,
        hub: &mut HubRun,
        name: &str,
        email: Option<String>,
        what: &str,
    ) -> Result<Caller, DemoError> {
        let body = json!({ "name": name, "email": email });
        let response = self
            .client
            .post(what, self.secretariat()?, "/api/v1/people", &body, 201)
            .await?;
        self.saw(&response);
        let person = PersonId(uuid(&response, "person_id", what)?);
        self.appoint(hub, person, what).await?;
        let delegate = self.token(Role::Delegate, person, name).await?;
        hub.delegates
            .push((delegate.clone(), self.clock.now().date_naive()));
        Ok(delegate)
    }

    /// The hub Charter admitted for `application`, once the hubs list shows it.
    async fn admitted(&mut self, application: Uuid, what: &str) -> Result<Uuid, DemoError> {
        let secretariat = self.secretariat()?.clone();
        let deadline = Instant::now() + ADMISSION_WAIT;
        loop {
            self.written_meanwhile().await?;
            let path = format!("/api/v1/hubs?limit=500&min_position={}", self.position);
            let listed = self.client.get(what, &secretariat, &path).await?;
            let found = listed["items"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|hub| {
                    hub["application_id"].as_str() == Some(application.to_string().as_str())
                });
            if let Some(hub) = found {
                return uuid(hub, "hub_id", what);
            }
            if Instant::now() > deadline {
                return Err(DemoError::unexpected(
                    what,
                    "Charter did not admit the initiative's hub as a member within 30 s",
                ));
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// The secretariat appoints `person` a delegate of `hub` from today.
    async fn appoint(
        &mut self,
        hub: &HubRun,
        person: PersonId,
        what: &str,
    ) -> Result<(), DemoError> {
        let path = format!("/api/v1/hubs/{}/delegates", hub.id);
        let body = json!({ "person_id": person });
        let response = self
            .client
            .post(what, self.secretariat()?, &path, &body, 201)
            .await?;
        self.saw(&response);
        Ok(())
    }

    /// The delegate of hub `hub` (an index into the runner's hubs) who acts for it in
    /// `slot`: hubs with two delegates share the work.
    pub(super) fn delegate(&self, hub: usize, slot: usize) -> Option<&Caller> {
        let delegates = &self.hubs.get(hub)?.delegates;
        delegates
            .get(slot % delegates.len().max(1))
            .map(|(caller, _)| caller)
    }

    /// The runner's index of hub `id`.
    pub(super) fn hub_index(&self, id: Uuid) -> Option<usize> {
        self.hubs.iter().position(|hub| hub.id == id)
    }

    /// Whether hub `hub` has a delegate whose term began before today, whose term can end
    /// today.
    pub(super) fn can_hand_over(&self, hub: usize) -> bool {
        let today = self.clock.now().date_naive();
        self.hubs
            .get(hub)
            .is_some_and(|hub| hub.delegates.iter().any(|(_, since)| *since < today))
    }

    /// The term of the delegate of hub `hub` who acts in `slot` (or of another whose term
    /// began before today) ends today, and a successor (or a former delegate) is appointed
    /// in their place; the new delegate.
    pub(super) async fn hand_over(
        &mut self,
        hub: usize,
        slot: usize,
        what: &str,
    ) -> Result<Caller, DemoError> {
        let today = self.clock.now().date_naive();
        if hub >= self.hubs.len() {
            return Err(DemoError::unexpected(what, format!("no hub {hub}")));
        }
        // Out of the list while the runner makes requests, then back in its place.
        let mut run = self.hubs.remove(hub);
        let result = self.replace_delegate(&mut run, slot, today, what).await;
        self.hubs.insert(hub, run);
        result
    }

    async fn replace_delegate(
        &mut self,
        run: &mut HubRun,
        slot: usize,
        today: NaiveDate,
        what: &str,
    ) -> Result<Caller, DemoError> {
        let count = run.delegates.len().max(1);
        let leaving = (0..count)
            .map(|i| (slot + i) % count)
            .find(|&i| {
                run.delegates
                    .get(i)
                    .is_some_and(|(_, since)| *since < today)
            })
            .ok_or_else(|| DemoError::unexpected(what, "no delegate can hand over today"))?;
        let (leaver, _) = run.delegates.remove(leaving);
        let path = format!("/api/v1/hubs/{}/delegates/{}/end", run.id, leaver.person);
        let response = self
            .client
            .post(
                what,
                self.secretariat()?,
                &path,
                &json!({ "on": today }),
                200,
            )
            .await?;
        self.saw(&response);
        let successor = match run.successor.take() {
            Some((name, email)) => self.new_delegate(run, &name, email, what).await?,
            // A former delegate, who still holds their token, takes over again.
            None if !run.former.is_empty() => {
                let former = run.former.remove(0);
                self.appoint(run, former.person, what).await?;
                run.delegates.push((former.clone(), today));
                former
            }
            None => return Err(DemoError::unexpected(what, "nobody to take over")),
        };
        run.former.push(leaver);
        Ok(successor)
    }
}

/// The id in field `key` of `value`.
fn uuid(value: &Value, key: &str, what: &str) -> Result<Uuid, DemoError> {
    Uuid::parse_str(text(value, key, what)?).map_err(|e| DemoError::unexpected(what, e.to_string()))
}
