//! Finding the personal values of an event, and the subjects each is about.

use super::PersonalField;
use serde_json::Value;
use uuid::Uuid;

/// One personal value found in an event.
#[derive(Debug)]
pub struct Slot<'a> {
    /// The value itself: a string, or `null` for an absent optional value.
    pub value: &'a mut Value,
    /// The people it is about, sorted, without repeats; empty when the event names none.
    pub subjects: Vec<Uuid>,
}

/// Calls `f` on every personal value of `root` (an event's own fields, or its metadata)
/// that `fields` describe. Stops at the first error.
pub fn transform<E>(
    root: &mut Value,
    fields: &[PersonalField],
    mut f: impl FnMut(Slot<'_>) -> Result<(), E>,
) -> Result<(), E> {
    // Where every value stands and whom it is about is worked out first, on a shared
    // borrow: a value's subjects stand elsewhere in the same event.
    let mut found = Vec::new();
    for field in fields {
        for (pointer, indexes) in expand(root, &segments(field.path), String::new(), Vec::new()) {
            found.push((pointer, subjects(root, field, &indexes)));
        }
    }
    for (pointer, subjects) in found {
        if let Some(value) = root.pointer_mut(&pointer).filter(|v| is_personal(v)) {
            f(Slot { value, subjects })?;
        }
    }
    Ok(())
}

/// Whether `value` can be a personal value: a string, or `null` for an absent one (see
/// [`PersonalField`]).
fn is_personal(value: &Value) -> bool {
    matches!(value, Value::String(_) | Value::Null)
}

/// Calls `f` on every personal value of `root` that `fields` describe, read-only.
pub fn visit(root: &Value, fields: &[PersonalField], mut f: impl FnMut(&Value, &[Uuid])) {
    for field in fields {
        for (pointer, indexes) in expand(root, &segments(field.path), String::new(), Vec::new()) {
            if let Some(value) = root.pointer(&pointer).filter(|v| is_personal(v)) {
                f(value, &subjects(root, field, &indexes));
            }
        }
    }
}

/// Every subject that `fields` name in `root`.
pub fn subjects_of(root: &Value, fields: &[PersonalField]) -> Vec<Uuid> {
    let mut all: Vec<Uuid> = fields
        .iter()
        .flat_map(|field| {
            let pattern = segments(field.subjects);
            expand(root, &pattern, String::new(), Vec::new())
        })
        .filter_map(|(pointer, _)| root.pointer(&pointer).and_then(as_subject))
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// The JSON pointers that `pattern` reaches from `value`, each with the array indexes its
/// `*`s took.
fn expand(
    value: &Value,
    pattern: &[&str],
    pointer: String,
    indexes: Vec<usize>,
) -> Vec<(String, Vec<usize>)> {
    let Some((first, rest)) = pattern.split_first() else {
        return vec![(pointer, indexes)];
    };
    match (*first, value) {
        ("*", Value::Array(items)) => items
            .iter()
            .enumerate()
            .flat_map(|(i, item)| {
                let mut taken = indexes.clone();
                taken.push(i);
                expand(item, rest, format!("{pointer}/{i}"), taken)
            })
            .collect(),
        (key, Value::Object(map)) => match map.get(key) {
            Some(next) => expand(next, rest, format!("{pointer}/{key}"), indexes),
            None => Vec::new(),
        },
        (index, Value::Array(items)) => {
            match index.parse::<usize>().ok().and_then(|i| items.get(i)) {
                Some(next) => expand(next, rest, format!("{pointer}/{index}"), indexes),
                None => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

/// The subjects of the value of `field` that the `*`s of its path found at `indexes`: where
/// the subjects' path runs through the same array as the value's, it takes the same
/// element; past the point where the two paths part, a `*` takes every element.
fn subjects(root: &Value, field: &PersonalField, indexes: &[usize]) -> Vec<Uuid> {
    let path = segments(field.path);
    let mut fixed = indexes.iter();
    let mut shared = true;
    let resolved: Vec<String> = segments(field.subjects)
        .into_iter()
        .enumerate()
        .map(|(i, segment)| {
            shared = shared && path.get(i) == Some(&segment);
            match (segment, shared) {
                ("*", true) => fixed
                    .next()
                    .map_or_else(|| "*".to_owned(), usize::to_string),
                (other, _) => other.to_owned(),
            }
        })
        .collect();
    let resolved: Vec<&str> = resolved.iter().map(String::as_str).collect();
    let mut found: Vec<Uuid> = expand(root, &resolved, String::new(), Vec::new())
        .into_iter()
        .filter_map(|(pointer, _)| root.pointer(&pointer).and_then(as_subject))
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

fn as_subject(value: &Value) -> Option<Uuid> {
    value
        .as_str()
        .and_then(|s| Uuid::parse_str(s).ok())
        .filter(|id| !id.is_nil())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const A: &str = "00000000-0000-7000-8000-00000000000a";
    const B: &str = "00000000-0000-7000-8000-00000000000b";

    fn id(s: &str) -> Uuid {
        Uuid::parse_str(s).unwrap_or_default()
    }

    fn found(mut root: Value, fields: &[PersonalField]) -> Vec<(Value, Vec<Uuid>)> {
        let mut out = Vec::new();
        transform::<()>(&mut root, fields, |slot| {
            out.push((slot.value.clone(), slot.subjects));
            Ok(())
        })
        .ok();
        out
    }

    #[test]
    fn each_element_of_a_list_is_about_the_subject_beside_it() {
        let event = json!({"founders": [
            {"name": "Ana", "email": "ana@x.org", "person_id": A},
            {"name": "Bo", "email": "bo@x.org", "person_id": B},
        ]});
        let fields = [PersonalField {
            path: "founders/*/name",
            subjects: "founders/*/person_id",
        }];
        assert_eq!(
            found(event, &fields),
            vec![(json!("Ana"), vec![id(A)]), (json!("Bo"), vec![id(B)])]
        );
    }

    #[test]
    fn a_tuple_element_is_reached_by_its_index() {
        let event = json!({"electorate": [[A, "Ana"], [B, "Bo"]]});
        let fields = [PersonalField {
            path: "electorate/*/1",
            subjects: "electorate/*/0",
        }];
        assert_eq!(
            found(event, &fields),
            vec![(json!("Ana"), vec![id(A)]), (json!("Bo"), vec![id(B)])]
        );
    }

    #[test]
    fn a_further_star_makes_a_value_about_every_element() {
        let event =
            json!({"notes": "both were convincing", "attendees": ["Ana", "Bo"], "about": [B, A]});
        let fields = [
            PersonalField {
                path: "notes",
                subjects: "about/*",
            },
            PersonalField {
                path: "attendees/*",
                subjects: "about/*",
            },
        ];
        let both = vec![id(A), id(B)];
        assert_eq!(
            found(event, &fields),
            vec![
                (json!("both were convincing"), both.clone()),
                (json!("Ana"), both.clone()),
                (json!("Bo"), both),
            ]
        );
    }

    #[test]
    fn a_list_whose_elements_became_objects_is_read_by_the_entry_for_its_new_shape() {
        let fields = [
            PersonalField {
                path: "attendees/*/name",
                subjects: "attendees/*/subject_id",
            },
            PersonalField {
                path: "attendees/*",
                subjects: "about/*",
            },
        ];
        let now = json!({"attendees": [{"subject_id": A, "name": "Ana"}], "about": [B]});
        assert_eq!(found(now, &fields), vec![(json!("Ana"), vec![id(A)])]);
        let before = json!({"attendees": ["Ana"], "about": [B]});
        assert_eq!(found(before, &fields), vec![(json!("Ana"), vec![id(B)])]);
    }

    #[test]
    fn absent_values_and_missing_or_nil_subjects_are_passed_over() {
        let event = json!({"name": "Ana", "email": null, "person_id": Uuid::nil()});
        let fields = [
            PersonalField {
                path: "name",
                subjects: "person_id",
            },
            PersonalField {
                path: "email",
                subjects: "person_id",
            },
            PersonalField {
                path: "phone",
                subjects: "person_id",
            },
        ];
        assert_eq!(
            found(event, &fields),
            vec![(json!("Ana"), vec![]), (Value::Null, vec![])]
        );
    }

    #[test]
    fn subjects_of_lists_every_subject_once() {
        let event = json!({"founders": [{"person_id": B}, {"person_id": A}, {"person_id": B}]});
        let fields = [PersonalField {
            path: "founders/*/name",
            subjects: "founders/*/person_id",
        }];
        assert_eq!(subjects_of(&event, &fields), vec![id(A), id(B)]);
    }
}
