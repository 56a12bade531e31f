//! Input rules for the fields of application commands.

use super::attendee::Attendee;
use super::model::{Assessment, Founder};
use crate::policy::Policy;
use crate::text::{self, InputError, InputProblem};

pub(crate) const NAME_MAX: usize = 200;
pub(crate) const PLACE_MAX: usize = 150;
pub(crate) const REASON_MAX: usize = 4_000;
pub(crate) const COMMENTS_MAX: usize = 20_000;
pub(crate) const NOTES_MAX: usize = 50_000;
pub(crate) const FOUNDERS_MAX: usize = 12;
pub(crate) const ATTENDEES_MAX: usize = 40;
const EMAIL_MAX: usize = 254;
const FILE_NAME_MAX: usize = 255;
const MEDIA_TYPE_MAX: usize = 127;

/// ISO 3166-1 alpha-2, upper-cased.
pub fn country(value: &str) -> Result<String, InputError> {
    let code = value.trim().to_ascii_uppercase();
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err(InputError::new(
            "country",
            InputProblem::Malformed {
                expected: "an ISO 3166-1 alpha-2 country code such as \"PT\"",
            },
        ))
    }
}

/// One to [`FOUNDERS_MAX`] founders with valid names and distinct e-mail addresses.
pub(crate) fn founders(founders: &[Founder]) -> Result<Vec<Founder>, InputError> {
    if founders.is_empty() {
        return Err(InputError::new("founders", InputProblem::TooFew { min: 1 }));
    }
    if founders.len() > FOUNDERS_MAX {
        return Err(InputError::new(
            "founders",
            InputProblem::TooMany { max: FOUNDERS_MAX },
        ));
    }
    let mut valid: Vec<Founder> = Vec::with_capacity(founders.len());
    for (i, founder) in founders.iter().enumerate() {
        let name = text::line(&format!("founders[{i}].name"), &founder.name, NAME_MAX)?;
        let email = email(&format!("founders[{i}].email"), &founder.email)?;
        if valid.iter().any(|f| f.email == email) {
            return Err(InputError::new(
                format!("founders[{i}].email"),
                InputProblem::Duplicate,
            ));
        }
        if valid.iter().any(|f| f.person_id == founder.person_id) {
            return Err(InputError::new(
                format!("founders[{i}].person_id"),
                InputProblem::Duplicate,
            ));
        }
        valid.push(Founder {
            person_id: founder.person_id,
            name,
            email,
        });
    }
    Ok(valid)
}

/// An address with one `@`, a local part and a dotted domain; lower-cased, since the same
/// person must not appear twice under two spellings.
pub fn email(field: &str, value: &str) -> Result<String, InputError> {
    let value = text::line(field, value, EMAIL_MAX)?.to_lowercase();
    let well_formed = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if well_formed {
        Ok(value)
    } else {
        Err(InputError::new(
            field,
            InputProblem::Malformed {
                expected: "an e-mail address",
            },
        ))
    }
}

/// 64 hexadecimal digits, lower-cased.
pub(crate) fn sha256(value: &str) -> Result<String, InputError> {
    let digest = value.trim().to_ascii_lowercase();
    if digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(digest)
    } else {
        Err(InputError::new(
            "sha256",
            InputProblem::Malformed {
                expected: "64 hexadecimal digits",
            },
        ))
    }
}

/// A `type/subtype` media type, parameters allowed, lower-cased.
pub(crate) fn media_type(value: &str) -> Result<String, InputError> {
    let value = text::line("media_type", value, MEDIA_TYPE_MAX)?.to_ascii_lowercase();
    let essence = value.split(';').next().unwrap_or_default().trim();
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    match essence.split_once('/') {
        Some((kind, sub)) if token(kind) && token(sub) => Ok(value),
        _ => Err(InputError::new(
            "media_type",
            InputProblem::Malformed {
                expected: "a media type such as \"application/pdf\"",
            },
        )),
    }
}

/// A file's own name, without any folder.
pub(crate) fn file_name(value: &str) -> Result<String, InputError> {
    let name = text::line("file_name", value, FILE_NAME_MAX)?;
    if name.contains(['/', '\\']) || name == "." || name == ".." {
        return Err(InputError::new(
            "file_name",
            InputProblem::Malformed {
                expected: "a file name without folders",
            },
        ));
    }
    Ok(name)
}

/// Scores for exactly the policy's rubric, each from 1 to 5, and comments.
pub(crate) fn assessment(
    assessment: &Assessment,
    policy: &Policy,
) -> Result<Assessment, InputError> {
    for criterion in &policy.rubric {
        match assessment.scores.get(criterion) {
            None => {
                return Err(InputError::new(
                    format!("scores.{criterion}"),
                    InputProblem::Required,
                ))
            }
            Some(score) if !(1..=5).contains(score) => {
                return Err(InputError::new(
                    format!("scores.{criterion}"),
                    InputProblem::OutOfRange { min: 1, max: 5 },
                ))
            }
            Some(_) => {}
        }
    }
    if let Some(unknown) = assessment
        .scores
        .keys()
        .find(|name| !policy.rubric.contains(name))
    {
        return Err(InputError::new(
            format!("scores.{unknown}"),
            InputProblem::UnknownName,
        ));
    }
    Ok(Assessment {
        scores: assessment.scores.clone(),
        recommendation: assessment.recommendation,
        comments: text::paragraph("comments", &assessment.comments, COMMENTS_MAX)?,
    })
}

/// One to [`ATTENDEES_MAX`] attendees, each with a subject of their own and a valid name,
/// no subject and no name twice.
pub(crate) fn attendees(attendees: &[Attendee]) -> Result<Vec<Attendee>, InputError> {
    if attendees.is_empty() {
        return Err(InputError::new(
            "attendees",
            InputProblem::TooFew { min: 1 },
        ));
    }
    if attendees.len() > ATTENDEES_MAX {
        return Err(InputError::new(
            "attendees",
            InputProblem::TooMany { max: ATTENDEES_MAX },
        ));
    }
    let mut valid: Vec<Attendee> = Vec::with_capacity(attendees.len());
    for (i, attendee) in attendees.iter().enumerate() {
        let name = text::line(&format!("attendees[{i}]"), &attendee.name, NAME_MAX)?;
        // Without a subject of its own, the name could not be erased alone.
        let Some(subject) = attendee.subject() else {
            return Err(InputError::new(
                format!("attendees[{i}].subject_id"),
                InputProblem::Required,
            ));
        };
        if valid
            .iter()
            .any(|a| a.name == name || a.subject_id == subject)
        {
            return Err(InputError::new(
                format!("attendees[{i}]"),
                InputProblem::Duplicate,
            ));
        }
        valid.push(Attendee::new(subject, name));
    }
    Ok(valid)
}
