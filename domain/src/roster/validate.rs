//! The roster's own input rules; names and addresses use the shared ones.

use crate::text::{self, InputError, InputProblem};

const EXPERTISE_MAX: usize = 20;

/// Up to [`EXPERTISE_MAX`] distinct areas, each a short line.
pub(super) fn areas(expertise: &[String]) -> Result<Vec<String>, InputError> {
    if expertise.len() > EXPERTISE_MAX {
        return Err(InputError::new(
            "expertise",
            InputProblem::TooMany { max: EXPERTISE_MAX },
        ));
    }
    let mut valid: Vec<String> = Vec::with_capacity(expertise.len());
    for (i, area) in expertise.iter().enumerate() {
        let area = text::line(&format!("expertise[{i}]"), area, 100)?;
        if valid.contains(&area) {
            return Err(InputError::new(
                format!("expertise[{i}]"),
                InputProblem::Duplicate,
            ));
        }
        valid.push(area);
    }
    Ok(valid)
}
