//! The people the benchmark acts as: founders with an application each, the committee, and
//! the secretariat. Their tokens are issued with `charter token issue` before the server
//! starts, so that the server finds them all on the roster from its first request.

use crate::client::{document, Answer, Charter, DOCUMENT_KINDS};
use crate::server::{issue_token, issue_tokens, Enrolment, Issued, Role};
use anyhow::Context;
use futures::stream::{self, StreamExt, TryStreamExt};
use std::path::Path;

/// How many `charter token issue` processes run at once; they all write the one roster
/// stream, so more would mostly wait.
pub const ISSUING_AT_ONCE: usize = 4;

/// A founding team's token and the application it acts for.
#[derive(Debug, Clone)]
pub struct Applicant {
    pub token: String,
    pub application: String,
    /// A short name, for document contents and the application's city.
    pub label: String,
}

impl Applicant {
    /// Submits a new version of the applicant's first document kind, with content of its own.
    pub async fn submit(&self, charter: &Charter) -> anyhow::Result<Answer> {
        let content = document(&self.label);
        charter
            .submit_document(&self.token, &self.application, DOCUMENT_KINDS[0], content)
            .await
    }
}

/// Everyone the benchmark acts as.
#[derive(Debug)]
pub struct Participants {
    pub secretariat: String,
    /// One application each, opened by [`Participants::open_applications`].
    pub applicants: Vec<Applicant>,
    /// The application driven to a long stream (metric 4).
    pub long_stream: Applicant,
    /// The new application the long one is compared with (metric 4).
    pub new_stream: Applicant,
    /// Committee members, all seated today.
    pub committee: Vec<String>,
    /// Founders whose applications each get a panelist of their own (metric 8), each
    /// submission telling that panelist by e-mail; opened by metric 8 itself.
    pub mail_applicants: Vec<Applicant>,
    /// The person ids of those panelists, one for each of `mail_applicants`: a reader's
    /// messages are sent one after another, in order, so one reader for all would measure
    /// one reader's queue, not the server.
    pub panelists: Vec<String>,
}

impl Participants {
    /// Issues every token against `database_url`; with `mail_applicants`, also a panelist
    /// with an e-mail address and that many more founders.
    pub async fn enrol(
        exe: &Path,
        database_url: &str,
        applicants: usize,
        committee: usize,
        mail_applicants: usize,
    ) -> anyhow::Result<Self> {
        // The first run applies the migrations; the rest find them applied.
        let secretariat = issue_token(
            exe,
            database_url,
            Role::Secretariat,
            "Bench Secretariat",
            Enrolment::default(),
        )
        .await?
        .token;
        let names = (0..applicants + 2)
            .map(|n| format!("Bench Founder {n}"))
            .collect();
        let mut founders = issue_tokens(exe, database_url, Role::Applicant, names, ISSUING_AT_ONCE)
            .await?
            .into_iter()
            .enumerate()
            .map(|(n, issued)| applicant(issued, format!("a{n}")))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let names = (0..committee)
            .map(|n| format!("Bench Member {n}"))
            .collect();
        let committee = issue_tokens(exe, database_url, Role::Committee, names, ISSUING_AT_ONCE)
            .await?
            .into_iter()
            .map(|issued| issued.token)
            .collect();
        let new_stream = founders.pop().context("no applicant tokens")?;
        let long_stream = founders.pop().context("no applicant tokens")?;
        let (mail_applicants, panelists) = if mail_applicants > 0 {
            let mut panelists = Vec::with_capacity(mail_applicants);
            for n in 0..mail_applicants {
                let email = format!("panelist-{n}@bench.example");
                let panelist = issue_token(
                    exe,
                    database_url,
                    Role::Panelist,
                    &format!("Bench Panelist {n}"),
                    Enrolment {
                        email: Some(&email),
                        ..Enrolment::default()
                    },
                )
                .await?
                .person
                .context("a panelist token was printed without its person")?;
                panelists.push(panelist);
            }
            let names = (0..mail_applicants)
                .map(|n| format!("Bench Mail Founder {n}"))
                .collect();
            let issued =
                issue_tokens(exe, database_url, Role::Applicant, names, ISSUING_AT_ONCE).await?;
            let founders = issued
                .into_iter()
                .enumerate()
                .map(|(n, issued)| applicant(issued, format!("m{n}")))
                .collect::<anyhow::Result<Vec<_>>>()?;
            (founders, panelists)
        } else {
            (Vec::new(), Vec::new())
        };
        Ok(Self {
            secretariat,
            applicants: founders,
            long_stream,
            new_stream,
            committee,
            mail_applicants,
            panelists,
        })
    }

    /// Opens the application of every applicant but the new stream's, which is opened
    /// when it is measured.
    pub async fn open_applications(&self, charter: &Charter) -> anyhow::Result<()> {
        let everyone = self.applicants.iter().chain([&self.long_stream]);
        stream::iter(everyone)
            .map(|applicant| async move {
                charter
                    .open_application(&applicant.token, &applicant.label)
                    .await?
                    .expect_ok("opening an application")
                    .map(|_| ())
            })
            .buffer_unordered(8)
            .try_collect()
            .await
    }
}

/// The founder an applicant token was issued for.
fn applicant(issued: Issued, label: String) -> anyhow::Result<Applicant> {
    Ok(Applicant {
        application: issued
            .application
            .context("an applicant token was printed without its application")?,
        token: issued.token,
        label,
    })
}
