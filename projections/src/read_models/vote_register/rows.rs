//! The register as it is read: the rows and views the API serves.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::types::Json;
use sqlx::FromRow;
use utoipa::ToSchema;
use uuid::Uuid;

/// A vote as listed.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct VoteSummary {
    pub vote_id: Uuid,
    pub application_id: Uuid,
    /// The application's hub, as the read models know it.
    pub hub_name: Option<String>,
    /// The application's stage when the vote opened.
    pub stage: String,
    #[schema(value_type = Object)]
    pub motion: Json<serde_json::Value>,
    /// Quorum, threshold and ballot kind, fixed at opening.
    #[schema(value_type = Object)]
    pub rule: Json<serde_json::Value>,
    /// `open` or `secret`.
    pub ballot: String,
    /// Who votes: `committee` (one member one vote) or `network` (one member hub one
    /// vote, cast by any of its delegates).
    pub voters: String,
    pub policy_version: String,
    pub opened_at: DateTime<Utc>,
    pub opened_by: Option<Uuid>,
    pub closes_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    #[schema(value_type = Option<Object>)]
    pub tally: Option<Json<serde_json::Value>>,
    /// `passed`, `failed` or `no_quorum` once closed.
    pub outcome: Option<String>,
    /// How many members have taken part so far: the one thing said of participation
    /// while a secret vote is open.
    #[sqlx(flatten)]
    pub participation: Participation,
}

/// How many members of the electorate (people, or hubs in a network vote) have voted,
/// recused, or done neither: never who.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, FromRow, ToSchema)]
pub struct Participation {
    /// Members who cast a ballot and have not recused since.
    pub voted: i64,
    /// Members who declared a conflict of interest.
    pub recused: i64,
    /// Members who have done neither yet.
    pub awaiting: i64,
}

/// A member of a vote's electorate and what they did; never their choice if secret.
///
/// While a secret vote is open what another member did is withheld (`ballots_cast` absent,
/// the times and the recusal empty): only the reader's own row shows it.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct MemberRecord {
    pub person_id: Uuid,
    pub name: String,
    /// Absent where what the member did is withheld.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ballots_cast: Option<i32>,
    pub last_cast_at: Option<DateTime<Utc>>,
    pub recused_at: Option<DateTime<Utc>>,
    pub recusal_reason: Option<String>,
}

/// One ballot or change. `choice` and `reason` are absent for a secret vote.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct BallotRecord {
    pub person_id: Uuid,
    pub revision: i32,
    pub cast_at: DateTime<Utc>,
    pub choice: Option<String>,
    pub reason: Option<String>,
}

/// A member hub of a network vote's electorate and what it did; never its choice if secret.
/// While a secret vote is open what another hub did is withheld: only the reader's own
/// hub's row shows it.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct HubMemberRecord {
    pub hub_id: Uuid,
    /// The hub's name when the vote opened.
    pub name: String,
    /// Absent where what the hub did is withheld.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ballots_cast: Option<i32>,
    pub last_cast_at: Option<DateTime<Utc>>,
    /// The delegate who cast or changed the hub's ballot last.
    pub last_cast_by: Option<Uuid>,
    pub recused_at: Option<DateTime<Utc>>,
    /// The delegate who declared the hub's conflict.
    pub recused_by: Option<Uuid>,
    pub recusal_reason: Option<String>,
}

/// One ballot or change of a hub, naming the delegate who cast it. `choice` and `reason`
/// are absent for a secret vote.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct HubBallotRecord {
    pub hub_id: Uuid,
    pub revision: i32,
    pub delegate_id: Uuid,
    /// The delegate's name, as the roster has it now.
    pub delegate_name: Option<String>,
    pub cast_at: DateTime<Utc>,
    pub choice: Option<String>,
    pub reason: Option<String>,
}

/// What was done on the application once the vote closed.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct CarriedOut {
    pub action: String,
    /// `carried_out`, `refused` (with the reason in `detail`) or `nothing_to_do`.
    pub result: String,
    pub detail: Option<String>,
    pub at: DateTime<Utc>,
    /// The global position of the application event that carried the vote out (absent
    /// unless `carried_out`): a read given it as `Consistency-Token` shows the effect.
    pub position: Option<i64>,
    /// `position` as a consistency token.
    #[sqlx(skip)]
    #[schema(pattern = "^[0-9]{1,19}$")]
    pub consistency_token: Option<String>,
}

/// A vote with its electorate and ballots.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VoteDetail {
    #[serde(flatten)]
    pub vote: VoteSummary,
    /// True while a secret vote is open: who has voted or recused is withheld until it
    /// closes (the reader's own row and ballots aside), and `participation` says how many.
    pub participation_withheld: bool,
    /// The committee members of a committee vote (empty in a network vote).
    pub electorate: Vec<MemberRecord>,
    /// Every ballot and change; while participation is withheld, the reader's own only.
    pub ballots: Vec<BallotRecord>,
    /// The member hubs of a network vote (empty in a committee vote), by name.
    pub hubs: Vec<HubMemberRecord>,
    /// Every ballot and change of a hub; while participation is withheld, those of the
    /// reader's own hub only.
    pub hub_ballots: Vec<HubBallotRecord>,
    /// Once closed: what the process manager did with the outcome.
    pub carried_out: Option<CarriedOut>,
}

/// One member's part in one vote.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct VotingRecordEntry {
    pub vote_id: Uuid,
    pub application_id: Uuid,
    /// The application's hub, as the read models know it.
    pub hub_name: Option<String>,
    #[schema(value_type = Object)]
    pub motion: Json<serde_json::Value>,
    pub ballot: String,
    /// Who voted: `committee` or `network`.
    #[sqlx(default)]
    pub voters: String,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
    /// True for a secret vote still open, read by anyone but the member: what they did
    /// is withheld until it closes (`ballots_cast` absent, `recused_at` empty).
    #[sqlx(default)]
    pub participation_withheld: bool,
    /// Absent where what the member did is withheld.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ballots_cast: Option<i32>,
    pub recused_at: Option<DateTime<Utc>>,
    /// Their latest choice, for an open vote only.
    pub choice: Option<String>,
}
