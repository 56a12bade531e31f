//! `/dashboard`: the pipeline dashboard (time in stage, pass rates, stale applications) as
//! charts drawn by the server with the same figures in tables, the open votes (the
//! committee's and the network's) and each member hub's participation, and the CSV exports
//! served through the page, since a browser holds no API token.

use super::super::render::{page, Chrome};
use super::super::visitor::Member;
use super::charts::{days, Chart, Figure};
use super::participation::{HubParticipation, OpenVote};
use super::{refused, PageState};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

/// The dashboard as the API computes it, with what the page shows of it.
#[derive(Debug, Deserialize)]
struct Dashboard {
    as_of: DateTime<Utc>,
    since: DateTime<Utc>,
    stages: Vec<Stage>,
    overdue: Vec<Overdue>,
    #[serde(default)]
    open_votes: Vec<OpenVote>,
    #[serde(default)]
    hubs: Vec<HubParticipation>,
}

/// What happened in one stage.
#[derive(Debug, Deserialize)]
struct Stage {
    stage: String,
    current: i64,
    #[serde(default)]
    current_median_days: Option<f64>,
    #[serde(default)]
    current_p90_days: Option<f64>,
    completed: i64,
    #[serde(default)]
    completed_median_days: Option<f64>,
    #[serde(default)]
    completed_p90_days: Option<f64>,
    passed: i64,
    rejected: i64,
    withdrawn: i64,
    reopened: i64,
}

impl Stage {
    /// The share of ended stays that passed the gate out of the stage, in whole percent.
    fn pass_rate(&self) -> Option<i64> {
        (self.completed > 0).then(|| (self.passed * 100 + self.completed / 2) / self.completed)
    }

    /// The figures of days, as the table writes them.
    fn current_median(&self) -> String {
        days(self.current_median_days).1
    }

    fn current_p90(&self) -> String {
        days(self.current_p90_days).1
    }

    fn completed_median(&self) -> String {
        days(self.completed_median_days).1
    }

    fn completed_p90(&self) -> String {
        days(self.completed_p90_days).1
    }
}

/// An application past the policy's longest time in its stage.
#[derive(Debug, Deserialize)]
struct Overdue {
    application_id: Uuid,
    hub_name: String,
    city: String,
    stage: String,
    since: DateTime<Utc>,
    days_in_stage: f64,
    max_days: i32,
}

impl Overdue {
    fn days_written(&self) -> String {
        days(Some(self.days_in_stage)).1
    }
}

#[derive(Debug, Template)]
#[template(path = "committee/dashboard.html")]
struct DashboardPage {
    page: Chrome,
    as_of: DateTime<Utc>,
    since: DateTime<Utc>,
    stages: Vec<Stage>,
    overdue: Vec<Overdue>,
    open_votes: Vec<OpenVote>,
    hubs: Vec<HubParticipation>,
    charts: Vec<Chart>,
}

crate::framed!(DashboardPage);

impl DashboardPage {
    /// A stage's pass rate, as written.
    fn rate_words(&self, stage: &Stage) -> String {
        stage.pass_rate().map_or_else(
            || "–".to_owned(),
            |rate| self.page.t1("dashboard-percent", "rate", rate),
        )
    }

    /// A hub's turnout in the network's closed votes, as written.
    fn turnout_words(&self, hub: &HubParticipation) -> String {
        hub.turnout().map_or_else(
            || "–".to_owned(),
            |rate| self.page.t1("dashboard-percent", "rate", rate),
        )
    }
}

/// The charts of the dashboard, each with the figures its table repeats.
fn charts(chrome: &Chrome, dashboard: &Dashboard) -> Vec<Chart> {
    // The last stages are where an application ends: no time is spent waiting in them.
    let open: Vec<&Stage> = dashboard
        .stages
        .iter()
        .filter(|stage| !["initiative", "rejected", "withdrawn"].contains(&stage.stage.as_str()))
        .collect();
    let stage_name = |stage: &Stage| chrome.word("stage", &stage.stage);
    let ended = open
        .iter()
        .map(|stage| {
            let (value, written) = days(stage.completed_median_days);
            Figure {
                label: stage_name(stage),
                value,
                written,
            }
        })
        .collect();
    let now = open
        .iter()
        .map(|stage| {
            let (value, written) = days(stage.current_median_days);
            Figure {
                label: stage_name(stage),
                value,
                written,
            }
        })
        .collect();
    let rates = open
        .iter()
        .map(|stage| {
            let rate = stage.pass_rate();
            Figure {
                label: stage_name(stage),
                value: rate.unwrap_or(0) as f64,
                written: rate.map_or_else(
                    || "–".to_owned(),
                    |rate| chrome.t1("dashboard-percent", "rate", rate),
                ),
            }
        })
        .collect();
    let stale = dashboard
        .overdue
        .iter()
        .map(|late| {
            let (value, written) = days(Some(late.days_in_stage));
            Figure {
                label: late.hub_name.clone(),
                value,
                written,
            }
        })
        .collect();
    let days_measure = chrome.t("dashboard-days");
    vec![
        Chart::new(
            "chart-ended",
            chrome.t("dashboard-chart-ended"),
            days_measure.clone(),
            ended,
        ),
        Chart::new(
            "chart-now",
            chrome.t("dashboard-chart-now"),
            days_measure.clone(),
            now,
        ),
        Chart::new(
            "chart-rates",
            chrome.t("dashboard-chart-rates"),
            chrome.t("dashboard-pass-rate"),
            rates,
        ),
        Chart::new(
            "chart-stale",
            chrome.t("dashboard-chart-stale"),
            days_measure,
            stale,
        ),
    ]
}

/// Shows the dashboard.
pub(super) async fn show(State(state): State<PageState>, mut member: Member) -> Response {
    let answer = member
        .api(&state)
        .read::<Dashboard>("/api/v1/dashboard")
        .await;
    let dashboard = match answer {
        Ok(dashboard) => dashboard,
        Err(problem) => return refused(&mut member, &problem).await,
    };
    let chrome = member.chrome("dashboard-title").await;
    let charts = charts(&chrome, &dashboard);
    page(&DashboardPage {
        page: chrome,
        as_of: dashboard.as_of,
        since: dashboard.since,
        stages: dashboard.stages,
        overdue: dashboard.overdue,
        open_votes: dashboard.open_votes,
        hubs: dashboard.hubs,
        charts,
    })
}

/// `/dashboard/pipeline.csv` and `/dashboard/votes.csv`: the API's export, as an
/// attachment, for a browser that has the session but no token.
pub(super) async fn export(
    State(state): State<PageState>,
    mut member: Member,
    Path(name): Path<String>,
) -> Response {
    if !["pipeline.csv", "votes.csv"].contains(&name.as_str()) {
        return super::super::not_found(member.visitor).await;
    }
    let answer = member
        .api(&state)
        .download(&format!("/api/v1/exports/{name}"))
        .await;
    match answer {
        Ok(super::super::api_client::Download {
            content_type: kind,
            bytes,
            ..
        }) => {
            let kind = HeaderValue::from_str(&kind)
                .unwrap_or_else(|_| HeaderValue::from_static("text/csv; charset=utf-8"));
            let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
                .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
            (
                StatusCode::OK,
                [
                    (header::CONTENT_TYPE, kind),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response()
        }
        Err(problem) => refused(&mut member, &problem).await,
    }
}
