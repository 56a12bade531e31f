//! Rules for the free text people type into Charter: names, reasons, comments, notes.
//!
//! One-line texts (names, e-mail addresses, file names, places) are kept in Unicode
//! normalisation form C, so that one name has one spelling whichever way a keyboard
//! composed its accents, and refuse invisible format characters (general category Cf:
//! zero-width spaces and joiners, bidirectional controls, the byte order mark, the soft
//! hyphen), with which a look-alike of someone's name or a file name that reads backwards
//! could be made.

use std::fmt;
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// Why a piece of input was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputProblem {
    /// Empty, or only white space.
    Blank,
    /// Longer than the limit, counted in characters.
    TooLong { max: usize },
    /// Holds control characters (other than line breaks and tabs in long text).
    ControlCharacters,
    /// Holds invisible format characters (Unicode category Cf: zero-width, bidirectional
    /// controls, the byte order mark, the soft hyphen).
    InvisibleCharacters,
    /// Not of the expected form.
    Malformed { expected: &'static str },
    /// A number outside its range.
    OutOfRange { min: i64, max: i64 },
    /// A list with fewer entries than needed.
    TooFew { min: usize },
    /// A list with more entries than allowed.
    TooMany { max: usize },
    /// A time that must lie after the moment of the command.
    NotInFuture,
    /// An entry that appears twice.
    Duplicate,
    /// A required entry that is absent.
    Required,
    /// A name that is not among those allowed here.
    UnknownName,
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputProblem::Blank => f.write_str("must not be blank"),
            InputProblem::TooLong { max } => write!(f, "must be at most {max} characters"),
            InputProblem::ControlCharacters => f.write_str("must not contain control characters"),
            InputProblem::InvisibleCharacters => f.write_str(
                "must not contain invisible format characters (zero-width or direction marks)",
            ),
            InputProblem::Malformed { expected } => write!(f, "must be {expected}"),
            InputProblem::OutOfRange { min, max } => write!(f, "must be from {min} to {max}"),
            InputProblem::TooFew { min } => write!(f, "must have at least {min} entries"),
            InputProblem::TooMany { max } => write!(f, "must have at most {max} entries"),
            InputProblem::NotInFuture => f.write_str("must lie in the future"),
            InputProblem::Duplicate => f.write_str("must not repeat an entry"),
            InputProblem::Required => f.write_str("is required"),
            InputProblem::UnknownName => f.write_str("is not a name allowed here"),
        }
    }
}

crate::refusal_rules!(InputProblem {
    Blank => "blank",
    TooLong { max } => "too-long" (max),
    ControlCharacters => "control-characters",
    InvisibleCharacters => "invisible-characters",
    Malformed { .. } => "malformed",
    OutOfRange { min, max } => "out-of-range" (min, max),
    TooFew { min } => "too-few" (min),
    TooMany { max } => "too-many" (max),
    NotInFuture => "not-in-future",
    Duplicate => "duplicate",
    Required => "required",
    UnknownName => "unknown-name",
});

impl InputProblem {
    /// The most the input may be or hold, when the rule sets it.
    pub fn max(&self) -> Option<i64> {
        match self {
            InputProblem::TooLong { max } | InputProblem::TooMany { max } => {
                i64::try_from(*max).ok()
            }
            InputProblem::OutOfRange { max, .. } => Some(*max),
            _ => None,
        }
    }

    /// The least the input may be or hold, when the rule sets it.
    pub fn min(&self) -> Option<i64> {
        match self {
            InputProblem::TooFew { min } => i64::try_from(*min).ok(),
            InputProblem::OutOfRange { min, .. } => Some(*min),
            _ => None,
        }
    }
}

/// A field of a command that breaks an input rule. `field` is the JSON path a client sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} {problem}")]
pub struct InputError {
    pub field: String,
    pub problem: InputProblem,
}

/// An input rule broken at the edge, before any aggregate was asked: reported as the
/// aggregates report theirs.
impl crate::refusal::Refusable for InputError {
    fn refusal(&self) -> crate::refusal::Refusal {
        crate::refusal::Refusal::Unprocessable
    }
    fn code(&self) -> &'static str {
        "invalid-input"
    }
    fn field(&self) -> Option<String> {
        Some(self.field.clone())
    }
    fn values(&self) -> crate::refusal::Values {
        let mut values = crate::refusal::Values::new();
        crate::refusal::put(&mut values, "problem", &self.problem.code());
        crate::refusal::put(&mut values, "max", &self.problem.max());
        crate::refusal::put(&mut values, "min", &self.problem.min());
        values
    }
}

impl InputError {
    /// The rule `problem` broken by `field`.
    pub fn new(field: impl Into<String>, problem: InputProblem) -> Self {
        Self {
            field: field.into(),
            problem,
        }
    }
}

/// A one-line text (a name, an e-mail address, a file name, a city): trimmed, in
/// normalisation form C, not blank, at most `max` characters (counted after normalising),
/// no control characters and no invisible format characters.
pub fn line(field: &str, value: &str, max: usize) -> Result<String, InputError> {
    let value = value.trim();
    if value.chars().any(char::is_control) {
        return Err(InputError::new(field, InputProblem::ControlCharacters));
    }
    if value.chars().any(is_invisible) {
        return Err(InputError::new(field, InputProblem::InvisibleCharacters));
    }
    let value: String = value.nfc().collect();
    bounded(field, &value, max)
}

/// `value` in normalisation form C: how one-line texts are kept, and so how a text typed
/// to find one (an address to sign in with) must be put before it is compared.
pub fn normalised(value: &str) -> String {
    value.nfc().collect()
}

/// Whether `c` is a format character (general category Cf): it takes no room of its own
/// but changes how the text around it shows (or shows nothing at all).
pub fn is_invisible(c: char) -> bool {
    c.general_category() == GeneralCategory::Format
}

/// A multi-line text (a reason, comments, notes): trimmed, not blank, at most `max`
/// characters; line breaks and tabs are allowed, other control characters are not.
pub fn paragraph(field: &str, value: &str, max: usize) -> Result<String, InputError> {
    let value = value.trim();
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(InputError::new(field, InputProblem::ControlCharacters));
    }
    bounded(field, value, max)
}

/// An optional multi-line text: absent or blank becomes `None`.
pub fn optional_paragraph(
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, InputError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => paragraph(field, text, max).map(Some),
    }
}

fn bounded(field: &str, value: &str, max: usize) -> Result<String, InputError> {
    if value.is_empty() {
        return Err(InputError::new(field, InputProblem::Blank));
    }
    if value.chars().count() > max {
        return Err(InputError::new(field, InputProblem::TooLong { max }));
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_trimmed_and_bounded() {
        assert_eq!(line("city", "  Lisbon ", 10), Ok("Lisbon".to_owned()));
        assert_eq!(
            line("city", "   ", 10),
            Err(InputError::new("city", InputProblem::Blank))
        );
        assert_eq!(
            line("city", "Ångström-by-the-sea", 5),
            Err(InputError::new("city", InputProblem::TooLong { max: 5 }))
        );
        assert_eq!(
            line("city", "Li\nsbon", 10),
            Err(InputError::new("city", InputProblem::ControlCharacters))
        );
    }

    #[test]
    fn a_line_refuses_every_invisible_format_character() {
        let invisible = [
            '\u{00AD}',  // soft hyphen
            '\u{061C}',  // Arabic letter mark
            '\u{200B}',  // zero-width space
            '\u{200C}',  // zero-width non-joiner
            '\u{200D}',  // zero-width joiner
            '\u{200E}',  // left-to-right mark
            '\u{202A}',  // left-to-right embedding
            '\u{202E}',  // right-to-left override
            '\u{2060}',  // word joiner
            '\u{2066}',  // left-to-right isolate
            '\u{2069}',  // pop directional isolate
            '\u{FEFF}',  // byte order mark
            '\u{E0001}', // language tag
        ];
        for c in invisible {
            for text in [
                format!("Elena Marchetti{c}"),
                format!("Ele{c}na"),
                format!("{c}x"),
            ] {
                assert_eq!(
                    line("name", &text, 200),
                    Err(InputError::new("name", InputProblem::InvisibleCharacters)),
                    "U+{:04X} in {text:?}",
                    u32::from(c)
                );
            }
        }
        // A file name that would read "report.pdf" backwards after its override.
        assert!(line("file_name", "invoice\u{202E}fdp.exe", 255).is_err());
    }

    #[test]
    fn visible_letters_marks_and_spaces_of_any_script_are_kept() {
        for text in [
            "Elena Marchetti",
            "Şükrü Öztürk",
            "محمد الأحمد",
            "Nguyễn Thị Hương",
            "李小龍",
            "O'Brien-Smith",
            "Zoë",
        ] {
            assert!(line("name", text, 200).is_ok(), "{text}");
        }
    }

    #[test]
    fn a_line_is_kept_in_normalisation_form_c() {
        // "é" as e and a combining acute accent, and as one character.
        let decomposed = "Ele\u{0301}na";
        let composed = "El\u{00E9}na";
        assert_eq!(line("name", decomposed, 200), Ok(composed.to_owned()));
        assert_eq!(line("name", composed, 200), Ok(composed.to_owned()));
        // The limit counts the characters as kept: five here, though six were sent.
        assert_eq!(line("name", decomposed, 5), Ok(composed.to_owned()));
        assert!(line("name", "ma\u{0301}s", 3).is_ok());
        // Hangul jamo compose into syllables.
        assert_eq!(
            line("name", "\u{1100}\u{1161}", 1),
            Ok("\u{AC00}".to_owned())
        );
    }

    #[test]
    fn a_paragraph_keeps_line_breaks_but_not_other_control_characters() {
        assert_eq!(paragraph("notes", "a\nb", 10), Ok("a\nb".to_owned()));
        assert_eq!(
            paragraph("notes", "a\u{7}b", 10),
            Err(InputError::new("notes", InputProblem::ControlCharacters))
        );
        assert_eq!(optional_paragraph("notes", Some("  "), 10), Ok(None));
    }
}
